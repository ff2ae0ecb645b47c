// The time frame of a generated demo county: it runs the services of the wellbeing services county, which
// took them over from the municipalities on 1.1.2023 (laki hyvinvointialueesta 611/2021, voimaanpanolaki
// 616/2021 2 §), and bills fees under the dated fee parameters it ships with.
import { maxDate } from '../../../shared/domain/dates';
import { loadDefaultParameterSets } from '../fees/default-parameters';

/** The county's first day: no decision, fee or payment of the demo county is older. */
export const COUNTY_START = '2023-01-01';

/**
 * The earliest "today" a demo county can be generated for: its first day, and the first day the fee
 * parameters it ships with are in force (its services are billed from their start).
 */
export function earliestDemoToday(resourcesDir: string): string {
  const sets = loadDefaultParameterSets(resourcesDir);
  const first = sets.map((s) => s.validFrom).sort()[0];
  return first ? maxDate(COUNTY_START, first) : COUNTY_START;
}
