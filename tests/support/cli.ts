// The Luotsi command line as a child process, for tests that kill it midway: its exit is awaited from the
// start, so a process that ends before anyone listens is never missed.
import { spawn } from 'node:child_process';
import path from 'node:path';

export function cliProcess(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('electron/cli/index.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on('exit', (code) => r({ code, stdout, stderr })));
  return { child, exited };
}
