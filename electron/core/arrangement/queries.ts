// Granted decision lines with their arrangement row (service_periods: awaiting, started, ended, did not start,
// continues, superseded), as SQL that the arrangement lists and the reports share.
import type { Db } from '../db/connection';
import { cachedStatement } from '../db/connection';
import { arrangementState, type ArrangementState, type PeriodStatus } from '../../../shared/domain/arrangement';

export const GRANTED_LINE_COLUMNS = `p.decision_service_id AS line_id, p.decision_id, p.client_id, p.service_code, p.applied_on, p.decided_on, p.arrange_by,
  p.status, p.started_on, p.start_source, p.start_notice_on, p.ended_on, p.end_reason, p.end_source, p.not_started_on, p.not_started_reason,
  p.note, p.version, p.recorded_by,
  ds.amount, ds.start_date, ds.end_date, ds.provider_id, d.number, d.number_year, d.outcome, d.drafted_by, d.intake_item_id,
  c.area_id, c.last_name || ' ' || c.first_names AS client_name, c.address_protected, c.responsible_worker_id,
  (SELECT display_name FROM users u WHERE u.id = coalesce(c.responsible_worker_id, d.drafted_by)) AS responsible_name,
  sv.name_fi AS service_name_fi, sv.name_sv AS service_name_sv`;

export const GRANTED_LINE_FROM = `service_periods p JOIN decision_services ds ON ds.id = p.decision_service_id JOIN decisions d ON d.id = p.decision_id
  JOIN clients c ON c.id = p.client_id JOIN services sv ON sv.code = p.service_code`;

export interface GrantedLineRow {
  line_id: string;
  decision_id: string;
  client_id: string;
  service_code: string;
  applied_on: string | null;
  decided_on: string;
  arrange_by: string | null;
  status: PeriodStatus;
  started_on: string | null;
  start_source: string | null;
  start_notice_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  end_source: string | null;
  not_started_on: string | null;
  not_started_reason: string | null;
  note: string;
  version: number;
  recorded_by: string | null;
  amount: number | null;
  start_date: string;
  end_date: string | null;
  provider_id: string | null;
  number: number;
  number_year: number;
  outcome: string;
  drafted_by: string;
  intake_item_id: string | null;
  area_id: string;
  client_name: string;
  address_protected: number;
  responsible_worker_id: string | null;
  responsible_name: string | null;
  service_name_fi: string;
  service_name_sv: string;
}

export function lineState(r: GrantedLineRow, today: string): ArrangementState {
  return arrangementState({ status: r.status, arrangeBy: r.arrange_by, endedOn: r.ended_on }, today);
}

/** The granted lines of one client, newest decision first. */
export function clientLines(db: Db, clientId: string): GrantedLineRow[] {
  return cachedStatement(
    db,
    `SELECT ${GRANTED_LINE_COLUMNS} FROM ${GRANTED_LINE_FROM} WHERE p.client_id = ? ORDER BY p.decided_on DESC, d.number_year DESC, d.number DESC, ds.sort`,
  ).all(clientId) as GrantedLineRow[];
}

/** One granted line (any client), or undefined. */
export function grantedLine(db: Db, lineId: string): GrantedLineRow | undefined {
  return cachedStatement(db, `SELECT ${GRANTED_LINE_COLUMNS} FROM ${GRANTED_LINE_FROM} WHERE p.decision_service_id = ?`).get(lineId) as GrantedLineRow | undefined;
}

/**
 * Creates the arrangement rows of a decision just made (inside the caller's transaction): each granted line
 * awaits its start, unless the same service of the client already runs (a change: it continues); earlier grants
 * of the same service still waiting are superseded by this decision (also by a termination).
 */
export function openArrangements(
  db: Db,
  d: { id: string; clientId: string; outcome: string; kind: string; appliedOn: string | null; decidedOn: string; arrangeBy: string | null },
  lines: readonly { id: string; service_code: string }[],
  now: string,
): void {
  if (d.kind === 'fee') return;
  const supersede = cachedStatement(
    db,
    `UPDATE service_periods SET status = 'superseded', version = version + 1, updated_at = ?
     WHERE client_id = ? AND service_code = ? AND status = 'awaiting' AND decision_id <> ?`,
  );
  const running = cachedStatement(
    db,
    `SELECT 1 FROM service_periods WHERE client_id = ? AND service_code = ? AND status = 'started' AND started_on <= ? AND (ended_on IS NULL OR ended_on >= ?) LIMIT 1`,
  );
  const insert = cachedStatement(
    db,
    `INSERT INTO service_periods (decision_service_id, decision_id, client_id, service_code, applied_on, decided_on, arrange_by, status, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const grants = d.outcome === 'grant' || d.outcome === 'partial_grant' || d.outcome === 'change';
  for (const l of lines) {
    supersede.run(now, d.clientId, l.service_code, d.id);
    if (!grants) continue;
    const continues = running.get(d.clientId, l.service_code, d.decidedOn, d.decidedOn) !== undefined;
    insert.run(l.id, d.id, d.clientId, l.service_code, d.appliedOn, d.decidedOn, d.arrangeBy, continues ? 'continues' : 'awaiting', now);
  }
}
