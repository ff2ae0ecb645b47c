// The date sweep, part 2 of 2 (the parts run in parallel): a small county generated on each "today" of
// tests/support/sweep-dates.ts runs one working day through the core and keeps its invariants of time.
import { inject } from 'vitest';
import { sweepDays } from '../support/sweep-dates';
import { defineSweep } from '../support/sweep-test';

defineSweep(sweepDays(inject('sweepSeed')).filter((_, i) => i % 2 === 1), inject('sweepSeed'));
