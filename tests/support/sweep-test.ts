// The body of the date sweep's test files: one test per day, the county in its own folder, removed after.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SweepDay } from './sweep-dates';
import { tempDir } from './core';
import { workingDay } from './working-day';

export function defineSweep(days: SweepDay[], seed: number): void {
  describe(`a working day on any day (random days from seed ${seed}; replay: LUOTSI_SWEEP_SEED=${seed})`, () => {
    it.each(days.map((d) => [d.today, d.why, d.seed] as const))('%s (%s)', async (today, _why, countySeed) => {
      const dir = tempDir('luotsi-sweep-');
      try {
        const r = await workingDay({ today, dir, clients: 200, seed: countySeed });
        expect(r.violations, `${today} (demo seed ${countySeed}, sweep seed ${seed})`).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 180_000);
  });
}
