// Keeping a long letter batch within its memory budget. Making a letter allocates a few megabytes that are
// garbage a moment later; V8 collects its old generation lazily when the machine has memory to spare, so a
// batch of 10,000 letters would otherwise grow the process to about a gigabyte before anything is returned.
// A full collection every few hundred letters costs a few milliseconds and keeps the process flat.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
