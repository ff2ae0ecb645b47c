// The annual fee ceiling (maksukatto), asiakasmaksulaki 6 a §. Fees of the services the law lists (here:
// short-term care days) accrue toward a ceiling per calendar year, counted by the day of care, not by the
// invoice or payment date. Once the ceiling is reached those services are free for the rest of the year,
// except that short-term institutional care may still be charged a maintenance fee (ylläpitomaksu) per day,
// which does not accrue. The ceiling is also reached by fees the client paid elsewhere (health care): the
// client shows the free card (vapaakortti) and billing staff record the date it was reached.
//
// The day the accrued fees cross the ceiling is charged only what is left up to the ceiling, but never less
// than the maintenance fee (which would be charged on any later day anyway).
import { addDays } from '../dates';

export interface CeilingRule {
  /** The ceiling of the calendar year (6 a § 1 mom). */
  annualCents: number;
  /** The maintenance fee per day of short-term institutional care after the ceiling (6 a § 3 mom); null = free. */
  maintenanceDailyCents: number | null;
}

export type CeilingDayKind = 'full' | 'crossing' | 'maintenance';

export interface CeilingSegment {
  from: string;
  to: string;
  days: number;
  kind: CeilingDayKind;
  unitPriceCents: number;
  amountCents: number;
  /** Whether the amount accrues toward the ceiling (the maintenance fee never does). */
  countsToCeiling: boolean;
}

export interface CeilingCharge {
  segments: CeilingSegment[];
  /** Accrued within the year after these days. */
  accruedCents: number;
  /** The day the ceiling was reached by these days, if it was. */
  reachedOn: string | null;
}

/**
 * Charges short-term care days of one calendar year in date order. `accruedCents` is what counted toward the
 * ceiling before the first of these days; `reachedOn` is the recorded date the ceiling was reached elsewhere
 * (days from it on are past the ceiling). `days` must be ISO dates in ascending order within one year.
 */
export function chargeDaysUnderCeiling(
  days: readonly string[],
  dailyCents: number,
  rule: CeilingRule,
  accruedCents: number,
  reachedOn: string | null,
): CeilingCharge {
  const maintenance = Math.min(rule.maintenanceDailyCents ?? 0, dailyCents);
  let accrued = accruedCents;
  let reached: string | null = null;
  const segments: CeilingSegment[] = [];
  for (const day of days) {
    let kind: CeilingDayKind;
    let amount: number;
    if ((reachedOn !== null && day >= reachedOn) || accrued >= rule.annualCents) {
      kind = 'maintenance';
      amount = maintenance;
    } else if (accrued + dailyCents <= rule.annualCents) {
      kind = 'full';
      amount = dailyCents;
    } else {
      kind = 'crossing';
      amount = Math.max(rule.annualCents - accrued, maintenance);
    }
    const counts = kind !== 'maintenance';
    if (counts) {
      accrued += amount;
      if (accrued >= rule.annualCents && reached === null) reached = day;
    }
    const last = segments[segments.length - 1];
    if (last && last.kind === kind && kind !== 'crossing' && addDays(last.to, 1) === day) {
      last.to = day;
      last.days++;
      last.amountCents += amount;
    } else segments.push({ from: day, to: day, days: 1, kind, unitPriceCents: amount, amountCents: amount, countsToCeiling: counts });
  }
  return { segments, accruedCents: accrued, reachedOn: reached };
}

/** The day the accrued amounts reached the ceiling, from amounts in date order, or null. */
export function ceilingReachedOn(entries: readonly { day: string; cents: number }[], annualCents: number): string | null {
  let sum = 0;
  for (const e of entries) {
    sum += e.cents;
    if (sum >= annualCents) return e.day;
  }
  return null;
}
