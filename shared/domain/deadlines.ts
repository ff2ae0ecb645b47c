// Statutory deadlines of the guidance unit. Periods are data with validity dates and their source; the
// functions below apply them on the working-day calendar.
import { WorkingDayCalendar } from './calendar';
import { addDays, addMonthsClamped, DateRangeError, formatFi } from './dates';

export type PeriodKey =
  | 'assessmentStart'
  | 'assessmentStartTarget'
  | 'deemedReceivedLetter'
  | 'deemedReceivedElectronic'
  | 'appealPeriod'
  | 'arrangeServices'
  | 'reassessment';

const PERIOD_NAMES_FI: Record<PeriodKey, string> = {
  assessmentStart: 'palvelutarpeen arvioinnin aloittaminen',
  assessmentStartTarget: 'arvioinnin aloittamisen tavoiteaika',
  deemedReceivedLetter: 'kirjeen tiedoksisaanti',
  deemedReceivedElectronic: 'sähköisen viestin tiedoksisaanti',
  appealPeriod: 'oikaisuvaatimusaika',
  arrangeServices: 'palvelujen järjestäminen',
  reassessment: 'palvelutarpeen uudelleenarviointi',
};

export interface PeriodRule {
  key: PeriodKey;
  /** Working days for the assessment start; calendar days or months for the others. */
  workingDays?: number;
  days?: number;
  months?: number;
  validFrom: string;
  validTo: string | null;
  source: string;
}

export const PERIOD_RULES: readonly PeriodRule[] = [
  {
    key: 'assessmentStart',
    workingDays: 7,
    validFrom: '2015-04-01',
    validTo: null,
    source: 'Sosiaalihuoltolaki 1301/2014 36 § 2 mom.; vanhuspalvelulaki 980/2012 15 §: yli 75-vuotias tai ylintä hoitotukea saava',
  },
  {
    key: 'assessmentStartTarget',
    workingDays: 7,
    validFrom: '2015-04-01',
    validTo: null,
    source: 'Sosiaalihuoltolaki 36 § 1 mom. (viipymättä); hyvinvointialueen oma tavoiteaika muille asiakkaille',
  },
  { key: 'deemedReceivedLetter', days: 7, validFrom: '2004-01-01', validTo: null, source: 'Hallintolaki 434/2003 59 § 2 mom.: kirje, 7. päivä lähettämisestä' },
  {
    // The presumption came into 19 § with its rewording by law 924/2010 (in force 1.12.2010); the original
    // 19 § of 2003 had none.
    key: 'deemedReceivedElectronic',
    days: 3,
    validFrom: '2010-12-01',
    validTo: null,
    source: 'Laki sähköisestä asioinnista viranomaistoiminnassa 13/2003 19 § 2 mom. (924/2010): tavallinen sähköinen tiedoksianto, 3. päivä viestin lähettämisestä',
  },
  {
    key: 'appealPeriod',
    days: 30,
    validFrom: '2015-04-01',
    validTo: null,
    source: 'Sosiaalihuoltolaki 48 §, hallintolaki 49 c §; asiakasmaksulaki 15 §; määräajan siirtyminen: laki 150/1930 5 §',
  },
  { key: 'arrangeServices', months: 3, validFrom: '2013-07-01', validTo: null, source: 'Vanhuspalvelulaki 980/2012 18 § 3 mom.' },
  {
    key: 'reassessment',
    months: 6,
    validFrom: '2013-07-01',
    validTo: null,
    source: 'Vanhuspalvelulaki 16 § (suunnitelman tarkistaminen); hyvinvointialueen käytäntö: vähintään 6 kuukauden välein',
  },
];

/** Home care hours a month above which a multi-professional review is flagged (hyvinvointialueen malli, [U]). */
export interface ReviewThresholdRule {
  homeCareHoursPerMonth: number;
  validFrom: string;
  validTo: string | null;
  source: string;
}
export const REVIEW_THRESHOLD_RULES: readonly ReviewThresholdRule[] = [
  { homeCareHoursPerMonth: 61, validFrom: '2020-01-01', validTo: null, source: 'Hyvinvointialueen malli (Oulu): yli 61 h/kk → moniammatillinen arvio' },
];

function inForce<T extends { validFrom: string; validTo: string | null }>(rules: readonly T[], onDate: string, pick: (r: T) => boolean): T | undefined {
  return rules.find((r) => pick(r) && r.validFrom <= onDate && (r.validTo === null || onDate <= r.validTo));
}

export function periodRule(key: PeriodKey, onDate: string): PeriodRule {
  const rule = inForce(PERIOD_RULES, onDate, (r) => r.key === key);
  if (!rule) {
    const known = PERIOD_RULES.filter((r) => r.key === key);
    const from = known.map((r) => r.validFrom).sort()[0];
    throw new DateRangeError(
      `Päivälle ${formatFi(onDate)} ei ole voimassa olevaa määräaikasääntöä (${PERIOD_NAMES_FI[key]}${from ? `: säännöt ${formatFi(from)} alkaen` : ''}).`,
    );
  }
  return rule;
}

export type AssessmentDeadlineBasis = 'urgent' | 'statutory' | 'target';

export interface AssessmentDeadline {
  startBy: string;
  basis: AssessmentDeadlineBasis;
}

/**
 * When the service needs assessment must start (palvelutarpeen arviointi).
 * Urgent: the same day (SHL 36 § 1 mom., "kiireellisissä tapauksissa viipymättä").
 * Over 75 or on the highest care allowance: the 7th working day after contact; the contact day is not counted.
 * Others: the county's target period, also counted in working days.
 */
export function assessmentStartBy(
  calendar: WorkingDayCalendar,
  contactDate: string,
  opts: { urgent: boolean; over75OrHighestCareAllowance: boolean },
): AssessmentDeadline {
  if (opts.urgent) return { startBy: contactDate, basis: 'urgent' };
  const key = opts.over75OrHighestCareAllowance ? 'assessmentStart' : 'assessmentStartTarget';
  const rule = periodRule(key, contactDate);
  return {
    startBy: calendar.addWorkingDays(contactDate, rule.workingDays!),
    basis: opts.over75OrHighestCareAllowance ? 'statutory' : 'target',
  };
}

export type SendChannel = 'letter' | 'electronic';

/**
 * Deemed receipt of a decision (tiedoksisaanti): ordinary letter on the 7th day after sending (HL 59 §),
 * ordinary electronic message on the 3rd day (laki sähköisestä asioinnista 19 §). Calendar days; the
 * presumption does not move off weekends.
 */
export function deemedReceived(sent: string, channel: SendChannel): string {
  const rule = periodRule(channel === 'letter' ? 'deemedReceivedLetter' : 'deemedReceivedElectronic', sent);
  return addDays(sent, rule.days!);
}

/** Time limits always treat both eves as closed (laki säädettyjen määräaikain laskemisesta 150/1930 5 §). */
const TIME_LIMIT_CALENDAR = new WorkingDayCalendar({ closedEves: ['christmasEve', 'midsummerEve'] });

/**
 * Last day of the request for review (oikaisuvaatimus): 30 days from deemed receipt, which is not counted
 * (SHL 48 §, HL 49 c §); a last day on a Saturday, Sunday, public holiday or eve moves to the next working day
 * (laki 150/1930 5 §).
 */
export function appealLastDay(deemedReceivedOn: string): string {
  const rule = periodRule('appealPeriod', deemedReceivedOn);
  return TIME_LIMIT_CALENDAR.onOrNextWorkingDay(addDays(deemedReceivedOn, rule.days!));
}

export function appealDeadlines(sent: string, channel: SendChannel): { deemedReceived: string; lastDay: string } {
  const received = deemedReceived(sent, channel);
  return { deemedReceived: received, lastDay: appealLastDay(received) };
}

/** Granted services are arranged within 3 months of the decision (vanhuspalvelulaki 18 §), clamped to month end. */
export function arrangeBy(decided: string): string {
  return addMonthsClamped(decided, periodRule('arrangeServices', decided).months!);
}

/** The service needs are reassessed at least every 6 months after an assessment. */
export function reassessmentDue(assessed: string): string {
  return addMonthsClamped(assessed, periodRule('reassessment', assessed).months!);
}

/** Whether home care of this many hours a month flags a multi-professional review. */
export function needsMultiProfessionalReview(homeCareHoursPerMonth: number, onDate: string): boolean {
  const rule = inForce(REVIEW_THRESHOLD_RULES, onDate, () => true);
  return rule !== undefined && homeCareHoursPerMonth > rule.homeCareHoursPerMonth;
}
