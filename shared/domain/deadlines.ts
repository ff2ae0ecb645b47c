// Statutory deadlines of the guidance unit. Periods are data with validity dates and their source; the
// functions below apply them on the working-day calendar.
import { WorkingDayCalendar } from './calendar';

export interface PeriodRule {
  key: 'assessmentStart' | 'assessmentStartTarget';
  workingDays: number;
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
];

export function periodRule(key: PeriodRule['key'], onDate: string): PeriodRule {
  const rule = PERIOD_RULES.find((r) => r.key === key && r.validFrom <= onDate && (r.validTo === null || onDate <= r.validTo));
  if (!rule) throw new Error(`No ${key} rule in force on ${onDate}`);
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
    startBy: calendar.addWorkingDays(contactDate, rule.workingDays),
    basis: opts.over75OrHighestCareAllowance ? 'statutory' : 'target',
  };
}
