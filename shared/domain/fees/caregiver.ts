// The family carer's care fee (hoitopalkkio) for a month, omaishoitolaki 937/2005:
// - 4 § 3 mom: the carer's statutory days off never reduce the fee (they are not interruptions here);
// - 9 § 2 mom: "Jos omaishoito hoidettavan terveydentilasta johtuvasta syystä keskeytyy tilapäisesti,
//   hoitopalkkion maksaminen keskeytyy kuukauden kuluttua." — paid for one month from the interruption's
//   first day, stopped only after that (from the same date a month later; a start on the 31st reaches the
//   month's last day);
// - 8 § 2 mom 5 kohta: payment in other interruptions (the carer's reasons, the cared-for person's reasons
//   other than health) follows the agreement, which records what it says;
// - 9 § 3 mom: a term worse for the carer than 9 § is void: an agreement can pay longer, never shorter.
// The fee is prorated by calendar days (fee × paid days / days of the month, half up to the cent).
import { addDays, addMonthsClamped, daysBetween } from '../dates';
import { monthBounds, prorate } from './interruptions';

export const CARE_INTERRUPTION_CAUSES = ['health', 'other'] as const;
export type CareInterruptionCause = (typeof CARE_INTERRUPTION_CAUSES)[number];

export interface CareInterruption {
  from: string;
  to: string;
  cause: CareInterruptionCause;
}

/** What the agreement says about payment during interruptions (8 § 2 mom 5 kohta). */
export interface CareAgreementTerms {
  /** Months the fee is paid in an interruption for the cared-for person's health; the law's minimum applies if lower. */
  healthPaidMonths: number;
  /** Days of another interruption still paid; null = paid throughout. */
  otherPaidDays: number | null;
}

export interface CareInterruptionInMonth extends CareInterruption {
  /** The first day no longer paid (null when the interruption is paid throughout). */
  unpaidFrom: string | null;
  unpaidDays: number;
  /** 9 § 3 mom: the agreement paid a health interruption for less than the law's month; the law applied. */
  voidTerm: boolean;
}

export interface CarePayment {
  from: string;
  to: string;
  monthDays: number;
  paidDays: number;
  amountCents: number;
  interruptions: CareInterruptionInMonth[];
}

/**
 * One agreement's care fee for a month, or null when the agreement is not in force in it. `lawHealthMonths`
 * is the law's minimum (1, from the parameters).
 */
export function carePaymentForMonth(
  agreement: { startDate: string; endDate: string | null },
  month: string,
  monthlyCents: number,
  terms: CareAgreementTerms,
  lawHealthMonths: number,
  interruptions: readonly CareInterruption[],
): CarePayment | null {
  const { first, last, days } = monthBounds(month);
  const from = agreement.startDate > first ? agreement.startDate : first;
  const to = agreement.endDate !== null && agreement.endDate < last ? agreement.endDate : last;
  if (to < from) return null;
  const unpaid = new Set<string>();
  const touched: CareInterruptionInMonth[] = [];
  for (const i of [...interruptions].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    if (i.to < from || i.from > to) continue;
    let unpaidFrom: string | null;
    let voidTerm = false;
    if (i.cause === 'health') {
      const months = Math.max(lawHealthMonths, terms.healthPaidMonths);
      voidTerm = terms.healthPaidMonths < lawHealthMonths;
      unpaidFrom = addMonthsClamped(i.from, months);
    } else unpaidFrom = terms.otherPaidDays === null ? null : addDays(i.from, terms.otherPaidDays);
    let n = 0;
    if (unpaidFrom !== null)
      for (let d = unpaidFrom > from ? unpaidFrom : from, e = i.to < to ? i.to : to; d <= e; d = addDays(d, 1)) {
        if (unpaid.has(d)) continue;
        unpaid.add(d);
        n++;
      }
    touched.push({ ...i, unpaidFrom: unpaidFrom !== null && unpaidFrom <= i.to ? unpaidFrom : null, unpaidDays: n, voidTerm });
  }
  const paidDays = daysBetween(from, to) + 1 - unpaid.size;
  return { from, to, monthDays: days, paidDays, amountCents: prorate(monthlyCents, paidDays, days), interruptions: touched };
}

/**
 * The carer's statutory days off (omaishoitolaki 4 § 1 mom as amended by 511/2016, in force 1.7.2016):
 *
 *   "Omaishoitajalla on oikeus pitää vapaata vähintään kaksi vuorokautta kalenterikuukautta kohti. Omaishoitajalla
 *   on oikeus pitää vapaata vähintään kolme vuorokautta kalenterikuukautta kohti, jos hän on yhtäjaksoisesti tai
 *   vähäisin keskeytyksin sidottu hoitoon ympärivuorokautisesti tai jatkuvasti päivittäin."
 *
 * A day off is earned for each calendar month of the year in which the agreement is in force (2 or 3 by the
 * binding of the care, `perMonth` from the parameters). The county may grant more (4 § 2 mom), so days beyond
 * the statutory ones are not refused: they are flagged for the billing staff to check against the agreement.
 * The balance is counted within a calendar year, month by month: at the end of month m, the days recorded in
 * January..m against the days earned in January..m.
 */
export interface DaysOffMonth {
  month: string;
  /** Days off recorded in the month, and cumulatively in the year up to its end. */
  taken: number;
  usedToDate: number;
  /** Statutory days earned in the year up to the month's end. */
  earnedToDate: number;
}

export function daysOffBalance(agreement: { startDate: string; endDate: string | null }, perMonth: number, days: readonly string[], year: number): DaysOffMonth[] {
  const out: DaysOffMonth[] = [];
  let used = 0;
  let earned = 0;
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const { first, last } = monthBounds(month);
    if (agreement.startDate <= last && (agreement.endDate === null || agreement.endDate >= first)) earned += perMonth;
    const taken = days.filter((d) => d.startsWith(month)).length;
    used += taken;
    out.push({ month, taken, usedToDate: used, earnedToDate: earned });
  }
  return out;
}

/** The first month of the year at whose end more days off were recorded than the law had earned by then (4 § 1 mom), or null. */
export function daysOffOveruse(balance: readonly DaysOffMonth[]): DaysOffMonth | null {
  return balance.find((b) => b.taken > 0 && b.usedToDate > b.earnedToDate) ?? null;
}
