// Monthly fees prorated by days and interruptions (keskeytykset), asiakasmaksulaki 10 k §:
//
//   "Kunta tai kuntayhtymä saa periä 7 c ja 10 e §:ssä säädetyn maksun, vaikka palvelu keskeytyisi tilapäisesti
//   asiakkaasta johtuvasta syystä. Jos palvelu kuitenkin keskeytyy yli viideksi päiväksi, maksua ei peritä
//   viittä päivää ylittävältä ajalta. Jos palvelu keskeytyy kunnasta tai kuntayhtymästä johtuvasta syystä tai
//   siksi, että asiakas on laitoshoidossa, maksua ei peritä myöskään mainitun viiden päivän ajalta. Jos palvelun
//   keskeytys jatkuu koko kuukauden, maksua ei peritä lainkaan."
//
// So the rule data says how many of an interruption's FIRST days are still charged (client's own reason: 5;
// the county's reason or institutional care: 0); the days after them are free. The days are counted from the
// interruption's first day, also across a month end, and an interruption covering a whole calendar month
// leaves that month without a fee. ("Free when longer than 5 days", the rule this replaces, is not the law: a
// client's 8-day absence is charged for 5 days, not free.)
import { addDays, daysBetween } from '../dates';
import { interruptionRule, type FeeParameters, type InterruptedFeeType, type InterruptionCause } from './parameters';

export interface Interruption {
  from: string;
  to: string;
  cause: InterruptionCause;
}

export type ProratedFeeType = InterruptedFeeType;

/** One interruption as it touched a month. */
export interface InterruptionInMonth extends Interruption {
  /** Its whole length in days (across months). */
  lengthDays: number;
  /** The rule: how many of its first days are charged. */
  chargedDaysRule: number;
  /** Days of this month inside the interruption (and inside the fee's period). */
  daysInMonth: number;
  /** Of those, days still charged (the first days of the rule) and days free. */
  chargedInMonth: number;
  freeInMonth: number;
}

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
  /** 10 k §: interruptions covered the whole calendar month, so nothing is charged. */
  wholeMonthInterrupted: boolean;
  /** Every interruption that touched the fee's days in the month, with what it freed. */
  interruptions: InterruptionInMonth[];
}

/** A monthly amount for `days` of a month of `ofDays` days, rounded half up to the cent (the whole month exactly). */
export function prorate(monthlyCents: number, days: number, ofDays: number): number {
  if (days <= 0) return 0;
  return days === ofDays ? monthlyCents : Math.floor((monthlyCents * days * 2 + ofDays) / (2 * ofDays));
}

export function monthBounds(month: string): { first: string; last: string; days: number } {
  const first = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first, last: `${month}-${String(days).padStart(2, '0')}`, days };
}

/** Whether the interruptions together cover every day from `first` to `last`. */
function covers(interruptions: readonly Interruption[], first: string, last: string): boolean {
  const sorted = interruptions.filter((i) => i.to >= first && i.from <= last).sort((a, b) => (a.from < b.from ? -1 : 1));
  let next = first;
  for (const i of sorted) {
    if (i.from > next) return false;
    if (i.to >= next) next = addDays(i.to, 1);
    if (next > last) return true;
  }
  return next > last;
}

/**
 * The charge for one month of a monthly fee in force from `activeFrom` to `activeTo` (null = open), after
 * interruptions (10 k §). A full month without free days is charged exactly the monthly fee; otherwise the fee
 * is prorated by calendar days (fee × chargeable days / days of the month, rounded half up to the cent).
 * Returns null when the fee is not in force in the month. Interruptions must not overlap (the input refuses
 * overlapping ones); if they do, a day is freed once.
 */
export function monthCharge(
  p: FeeParameters,
  feeType: ProratedFeeType,
  monthlyFeeCents: number,
  month: string,
  activeFrom: string,
  activeTo: string | null,
  interruptions: readonly Interruption[],
): MonthCharge | null {
  const { first, last, days } = monthBounds(month);
  const from = activeFrom > first ? activeFrom : first;
  const to = activeTo !== null && activeTo < last ? activeTo : last;
  if (to < from) return null;
  const activeDays = daysBetween(from, to) + 1;
  const wholeMonth = p.interruptions.wholeMonthFree && covers(interruptions, first, last);
  const free = new Set<string>();
  const touched: InterruptionInMonth[] = [];
  for (const i of [...interruptions].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    const s = i.from > from ? i.from : from;
    const e = i.to < to ? i.to : to;
    if (e < s) continue;
    const chargedDaysRule = interruptionRule(p, feeType, i.cause).chargedDays;
    // The first `chargedDaysRule` days of the interruption (from its own first day) are charged.
    const freeFrom = addDays(i.from, chargedDaysRule);
    let chargedInMonth = 0;
    let freeInMonth = 0;
    for (let d = s; d <= e; d = addDays(d, 1)) {
      if (free.has(d)) continue;
      if (wholeMonth || d >= freeFrom) {
        free.add(d);
        freeInMonth++;
      } else chargedInMonth++;
    }
    touched.push({ ...i, lengthDays: daysBetween(i.from, i.to) + 1, chargedDaysRule, daysInMonth: daysBetween(s, e) + 1, chargedInMonth, freeInMonth });
  }
  if (wholeMonth) for (let d = from; d <= to; d = addDays(d, 1)) free.add(d);
  const chargeableDays = activeDays - free.size;
  const amountCents = wholeMonth ? 0 : prorate(monthlyFeeCents, chargeableDays, days);
  return { from, to, daysInMonth: days, activeDays, freeDays: free.size, chargeableDays, amountCents, wholeMonthInterrupted: wholeMonth, interruptions: touched };
}

/** Interruptions of one client that overlap each other: [a, b] pairs (the input refuses them). */
export function overlapping<T extends { from: string; to: string }>(list: readonly T[]): [T, T] | null {
  const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : 1));
  let reach: T | undefined;
  for (const x of sorted) {
    if (reach && x.from <= reach.to) return [reach, x];
    if (!reach || x.to > reach.to) reach = x;
  }
  return null;
}
