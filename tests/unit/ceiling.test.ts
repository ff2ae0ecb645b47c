// The annual fee ceiling (asiakasmaksulaki 6 a §) applied to short-term care days: full days, the day that
// crosses the ceiling, the maintenance fee past it, and a ceiling recorded as reached elsewhere.
import { describe, expect, it } from 'vitest';
import { ceilingReachedOn, chargeDaysUnderCeiling } from '../../shared/domain/fees/ceiling';
import { addDays } from '../../shared/domain/dates';

const rule = { annualCents: 81_500, maintenanceDailyCents: 2_280 };
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

describe('fee ceiling', () => {
  it('charges the full daily fee while the ceiling is far', () => {
    const c = chargeDaysUnderCeiling(days('2026-03-01', 10), 3_300, rule, 0, null);
    expect(c.segments).toEqual([{ from: '2026-03-01', to: '2026-03-10', days: 10, kind: 'full', unitPriceCents: 3_300, amountCents: 33_000, countsToCeiling: true }]);
    expect(c).toMatchObject({ accruedCents: 33_000, reachedOn: null });
  });

  it('charges what is left on the crossing day, then the maintenance fee that does not accrue', () => {
    // 792 € accrued: four days would make 924 €. Day 1 leaves 23 € (more than the maintenance fee).
    const c = chargeDaysUnderCeiling(days('2026-08-07', 4), 3_300, rule, 79_200, null);
    expect(c.segments.map((s) => [s.kind, s.from, s.to, s.amountCents, s.countsToCeiling])).toEqual([
      ['crossing', '2026-08-07', '2026-08-07', 2_300, true],
      ['maintenance', '2026-08-08', '2026-08-10', 3 * 2_280, false],
    ]);
    expect(c).toMatchObject({ accruedCents: 81_500, reachedOn: '2026-08-07' });
  });

  it('never charges the crossing day less than the maintenance fee', () => {
    const c = chargeDaysUnderCeiling(days('2026-08-07', 2), 3_300, rule, 80_500, null);
    expect(c.segments[0]).toMatchObject({ kind: 'crossing', amountCents: 2_280, countsToCeiling: true });
    expect(c.segments[1]).toMatchObject({ kind: 'maintenance', amountCents: 2_280 });
  });

  it('lands exactly on the ceiling without a crossing day', () => {
    const c = chargeDaysUnderCeiling(days('2026-05-01', 3), 3_300, rule, 81_500 - 6_600, null);
    expect(c.segments.map((s) => [s.kind, s.days])).toEqual([
      ['full', 2],
      ['maintenance', 1],
    ]);
    expect(c.reachedOn).toBe('2026-05-02');
  });

  it('treats days from a recorded free-card date as past the ceiling, whatever accrued here', () => {
    const c = chargeDaysUnderCeiling(days('2026-09-01', 10), 3_300, rule, 0, '2026-09-05');
    expect(c.segments.map((s) => [s.kind, s.from, s.to, s.amountCents])).toEqual([
      ['full', '2026-09-01', '2026-09-04', 4 * 3_300],
      ['maintenance', '2026-09-05', '2026-09-10', 6 * 2_280],
    ]);
  });

  it('makes days past the ceiling free without a maintenance fee, and never charges more than the daily fee', () => {
    expect(chargeDaysUnderCeiling(days('2026-09-01', 2), 3_300, { ...rule, maintenanceDailyCents: null }, 81_500, null).segments[0]).toMatchObject({ amountCents: 0, days: 2 });
    expect(chargeDaysUnderCeiling(days('2026-09-01', 1), 2_000, rule, 81_500, null).segments[0]).toMatchObject({ kind: 'maintenance', amountCents: 2_000 });
  });

  it('keeps separate stays apart', () => {
    const c = chargeDaysUnderCeiling(['2026-04-01', '2026-04-02', '2026-04-10'], 3_300, rule, 0, null);
    expect(c.segments.map((s) => [s.from, s.to])).toEqual([
      ['2026-04-01', '2026-04-02'],
      ['2026-04-10', '2026-04-10'],
    ]);
  });

  it('finds the day billed amounts reached the ceiling', () => {
    expect(ceilingReachedOn([{ day: '2026-02-10', cents: 50_000 }, { day: '2026-03-01', cents: 31_500 }], 81_500)).toBe('2026-03-01');
    expect(ceilingReachedOn([{ day: '2026-02-10', cents: 50_000 }], 81_500)).toBeNull();
  });
});
