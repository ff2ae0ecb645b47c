// Monthly fees prorated by days and interruptions (keskeytykset). Which interruptions leave days free of
// charge is data (FeeParameters.absenceRules: asiakasmaksulaki 10 i § as the county applies it): an
// interruption of a given cause that lasts longer than the rule's number of consecutive days is not charged.
import { addDays, daysBetween } from '../dates';
import type { AbsenceCause, FeeParameters } from './parameters';

export interface Absence {
  from: string;
  to: string;
  cause: AbsenceCause;
}

export type ProratedFeeType = 'home_care' | 'long_term' | 'support';

export interface MonthCharge {
  /** The part of the month the fee is in force. */
  from: string;
  to: string;
  daysInMonth: number;
  /** Days of the month the fee is in force. */
  activeDays: number;
  /** Of those, days not charged because of interruptions. */
  freeDays: number;
  chargeableDays: number;
  amountCents: number;
  /** The interruptions that made days free, with the days they freed in this month. */
  freeAbsences: (Absence & { days: number; lengthDays: number })[];
}

/** A monthly amount for `days` of a month of `ofDays` days, rounded half up to the cent (the whole month exactly). */
export function prorate(monthlyCents: number, days: number, ofDays: number): number {
  return days === ofDays ? monthlyCents : Math.floor((monthlyCents * days * 2 + ofDays) / (2 * ofDays));
}

export function monthBounds(month: string): { first: string; last: string; days: number } {
  const first = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first, last: `${month}-${String(days).padStart(2, '0')}`, days };
}

/**
 * The charge for one month of a monthly fee in force from `activeFrom` to `activeTo` (null = open), after
 * interruptions. A full month without free days is charged exactly the monthly fee; otherwise the fee is
 * prorated by calendar days (fee × chargeable days / days of the month, rounded half up to the cent).
 * Returns null when the fee is not in force in the month.
 */
export function monthCharge(
  p: FeeParameters,
  feeType: ProratedFeeType,
  monthlyFeeCents: number,
  month: string,
  activeFrom: string,
  activeTo: string | null,
  absences: readonly Absence[],
): MonthCharge | null {
  const { first, last, days } = monthBounds(month);
  const from = activeFrom > first ? activeFrom : first;
  const to = activeTo !== null && activeTo < last ? activeTo : last;
  if (to < from) return null;
  const activeDays = daysBetween(from, to) + 1;
  const free = new Set<string>();
  const freeAbsences: MonthCharge['freeAbsences'] = [];
  for (const a of absences) {
    const rule = p.absenceRules.rules.find((r) => r.feeType === feeType && r.cause === a.cause);
    const lengthDays = daysBetween(a.from, a.to) + 1;
    if (!rule || lengthDays <= rule.freeWhenLongerThanDays) continue;
    const s = a.from > from ? a.from : from;
    const e = a.to < to ? a.to : to;
    let n = 0;
    for (let d = s; d <= e; d = addDays(d, 1)) {
      if (!free.has(d)) n++;
      free.add(d);
    }
    if (n > 0) freeAbsences.push({ ...a, days: n, lengthDays });
  }
  const chargeableDays = activeDays - free.size;
  const amountCents = prorate(monthlyFeeCents, chargeableDays, days);
  return { from, to, daysInMonth: days, activeDays, freeDays: free.size, chargeableDays, amountCents, freeAbsences };
}
