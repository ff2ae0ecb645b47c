// Decision rows for lists (client card, intake item, the Päätökset grid), converted to the contract shape here.
import type { Db } from '../db/connection';
import type { DecisionOutcome, DecisionStatus } from '../../../shared/domain/decisions';
import type { AreaScope } from '../access/scope';
import type { ServiceItem } from '../../../shared/contract/guidance-schemas';

export interface DecisionListRow {
  id: string;
  clientId: string;
  clientName: string;
  outcome: DecisionOutcome;
  status: DecisionStatus;
  services: string;
  serviceItems: ServiceItem[];
  number: string | null;
  draftedByName: string;
  decisionMakerName: string | null;
  decidedOn: string | null;
  sentOn: string | null;
  appealLastDay: string | null;
  arrangeBy: string | null;
  createdAt: string;
}

export interface DecisionFilter {
  /** The caller's areas: decisions of other areas' clients are left out. */
  scope: AreaScope;
  clientId?: string;
  intakeItemId?: string;
  statuses?: readonly DecisionStatus[];
  /** Proposed to this decision maker. */
  proposedTo?: string;
  /** Drafted by or proposed to / made by this user. */
  involving?: string;
  limit?: number;
}

export function formatDecisionNumber(number: number | null, year: number | null): string | null {
  return number !== null && year !== null ? `${number}/${year}` : null;
}

/**
 * A decision's services as structured items (code, both names, amount, unit) for the window to word in the reader's
 * language; the correlated subquery expects the decision as `d`.
 */
export const SERVICE_ITEMS_SQL = `(SELECT json_group_array(json_object('code', s.code, 'nameFi', s.name_fi, 'nameSv', s.name_sv, 'amount', ds.amount, 'unit', s.unit))
            FROM decision_services ds JOIN services s ON s.code = ds.service_code WHERE ds.decision_id = d.id)`;

export function parseServiceItems(json: string | null): ServiceItem[] {
  return json ? (JSON.parse(json) as ServiceItem[]) : [];
}

export function decisionRows(db: Db, f: DecisionFilter): DecisionListRow[] {
  const where: string[] = [f.scope.sql('c.area_id')];
  const params: Record<string, unknown> = { ...f.scope.params };
  if (f.clientId) {
    where.push('d.client_id = @clientId');
    params.clientId = f.clientId;
  }
  if (f.intakeItemId) {
    where.push('d.intake_item_id = @itemId');
    params.itemId = f.intakeItemId;
  }
  if (f.statuses?.length) {
    where.push(`d.status IN (${f.statuses.map((_, i) => `@st${i}`).join(',')})`);
    f.statuses.forEach((s, i) => (params[`st${i}`] = s));
  }
  if (f.proposedTo) {
    where.push("d.status = 'proposed' AND d.decision_maker_id = @maker");
    params.maker = f.proposedTo;
  }
  if (f.involving) {
    where.push('(d.drafted_by = @me OR d.decision_maker_id = @me)');
    params.me = f.involving;
  }
  params.limit = f.limit ?? 50_000;
  const rows = db
    .prepare(
      `SELECT d.id, d.client_id, c.last_name || ' ' || c.first_names AS client_name, d.outcome, d.status, d.number, d.number_year,
         u.display_name AS drafted_by, m.display_name AS maker, d.decided_on, d.sent_on, d.appeal_last_day, d.arrange_by, d.created_at,
         (SELECT group_concat(s.name_fi || CASE WHEN ds.amount IS NULL THEN ''
              ELSE ' ' || CASE WHEN ds.amount = CAST(ds.amount AS INTEGER) THEN CAST(ds.amount AS INTEGER) ELSE ds.amount END
                   || CASE s.unit WHEN 'hours_month' THEN ' h/kk' WHEN 'visits_month' THEN ' käyntiä/kk' WHEN 'days_month' THEN ' vrk/kk'
                                  WHEN 'meals_month' THEN ' ateriaa/kk' ELSE '' END END, ', ')
            FROM decision_services ds JOIN services s ON s.code = ds.service_code WHERE ds.decision_id = d.id) AS services,
         (SELECT s.name_fi FROM services s WHERE s.code = d.applied_service) AS applied,
         ${SERVICE_ITEMS_SQL} AS service_items,
         (SELECT json_array(json_object('code', s.code, 'nameFi', s.name_fi, 'nameSv', s.name_sv, 'amount', NULL, 'unit', s.unit))
            FROM services s WHERE s.code = d.applied_service) AS applied_item
       FROM decisions d
       JOIN clients c ON c.id = d.client_id
       JOIN users u ON u.id = d.drafted_by
       LEFT JOIN users m ON m.id = d.decision_maker_id
       WHERE ${where.join(' AND ')}
       ORDER BY d.created_at DESC LIMIT @limit`,
    )
    .all(params) as {
    id: string;
    client_id: string;
    client_name: string;
    outcome: DecisionOutcome;
    status: DecisionStatus;
    number: number | null;
    number_year: number | null;
    drafted_by: string;
    maker: string | null;
    decided_on: string | null;
    sent_on: string | null;
    appeal_last_day: string | null;
    arrange_by: string | null;
    created_at: string;
    services: string | null;
    applied: string | null;
    service_items: string;
    applied_item: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    outcome: r.outcome,
    status: r.status,
    services: r.services ?? r.applied ?? '',
    serviceItems: r.services ? parseServiceItems(r.service_items) : r.applied_item ? parseServiceItems(r.applied_item) : [],
    number: formatDecisionNumber(r.number, r.number_year),
    draftedByName: r.drafted_by,
    decisionMakerName: r.maker,
    decidedOn: r.decided_on,
    sentOn: r.sent_on,
    appealLastDay: r.appeal_last_day,
    arrangeBy: r.arrange_by,
    createdAt: r.created_at,
  }));
}
