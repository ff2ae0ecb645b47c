// Vitest global setup of the date sweep: one random seed for the whole run, printed so that a failure on a
// random day can be replayed with LUOTSI_SWEEP_SEED.
import type { TestProject } from 'vitest/node';
import { sweepSeed } from './sweep-dates';

declare module 'vitest' {
  export interface ProvidedContext {
    sweepSeed: number;
  }
}

export default function setup(project: TestProject): void {
  const seed = sweepSeed();
  process.stdout.write(`Date sweep: random days from seed ${seed} (replay: LUOTSI_SWEEP_SEED=${seed} npm test)\n`);
  project.provide('sweepSeed', seed);
}
