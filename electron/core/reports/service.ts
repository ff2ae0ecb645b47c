// Queue overview per area for the service manager and the workers: real counts from the intake items.
import { addDays } from '../../../shared/domain/dates';
import { DUE_SOON_DAYS } from '../../../shared/domain/deadline-state';
import type { SignedInContext } from '../context';
import { OPEN_STATUS_SQL } from '../intake/queries';

export function queueSummary(ctx: SignedInContext) {
  const today = ctx.clock.today();
  return ctx.db
    .prepare(
      `SELECT a.id AS areaId,
         count(i.id) AS open,
         coalesce(sum(i.status = 'new'), 0) AS unassigned,
         coalesce(sum(i.status IN ('new','assigned') AND i.assessment_due < @today), 0) AS overdue,
         coalesce(sum(i.status IN ('new','assigned') AND i.assessment_due >= @today AND i.assessment_due <= @soon), 0) AS dueSoon,
         coalesce(sum(i.urgent), 0) AS urgent
       FROM areas a LEFT JOIN intake_items i ON i.area_id = a.id AND i.${OPEN_STATUS_SQL}
       GROUP BY a.id ORDER BY a.sort`,
    )
    .all({ today, soon: addDays(today, DUE_SOON_DAYS) }) as {
    areaId: string;
    open: number;
    unassigned: number;
    overdue: number;
    dueSoon: number;
    urgent: number;
  }[];
}
