// The cases behind a figure of the dashboard: the same rows the figure counted, narrowed by what was clicked (a
// bar's bucket, a type, a service, a segment), with the client, the dates that matter and the responsible
// worker. Lists of people: inside the user's areas like the figure, and each listing is written to the audit log.
import type { CaseFilter, CaseRow, CasesDto, CasesInput, Figure } from '../../../shared/contract/report-schemas';
import { daysBetween } from '../../../shared/domain/dates';
import { ageBucket, bucketOf, timeliness } from '../../../shared/domain/reports';
import type { SignedInContext } from '../context';
import { auditRead } from '../access/guard';
import { awaitingRows } from '../arrangement/service';
import {
  heavyHomeCareRows,
  levelRows,
  levelShift,
  openAtEndRows,
  reassessmentRows,
  reportQuery,
  startedRows,
  timedItemRows,
  waitingAtEndRows,
  type Q,
} from './dashboard';
import { scopeSql } from './scope';

/** At most this many cases are listed (and exported) at once; the figure says how many there are. */
export const MAX_CASES = 20_000;

const blank: Omit<CaseRow, 'id'> = {
  clientId: null,
  clientName: '',
  areaId: null,
  workerName: null,
  itemId: null,
  decisionId: null,
  date: null,
  date2: null,
  date3: null,
  code: null,
  code2: null,
  text: null,
  value: null,
  value2: null,
};

/** The date range of the clicked bucket, or the whole period. */
function range(q: Q, f: CaseFilter): { from: string; to: string } {
  if (f.bucket) {
    const b = q.period.buckets.find((x) => x.key === f.bucket);
    if (b) return { from: b.from, to: b.to };
  }
  return { from: q.period.from, to: q.period.to };
}

const inBucket = (q: Q, f: CaseFilter, date: string) => !f.bucket || bucketOf(q.period.buckets, date)?.key === f.bucket;

function scopeParams(q: Q) {
  return { ...scopeSql(q.scope, 'x').params, worker: q.scope.workerId };
}

/** Intake items by id with their client (or the person concerned when not yet linked) and worker. */
function itemDetails(q: Q, ids: string[]) {
  const rows = q.db
    .prepare(
      `SELECT i.id, i.client_id, coalesce(c.last_name || ' ' || c.first_names, i.subject_name) AS name, i.area_id, w.display_name AS worker,
         i.contact_date, i.type, i.channel, i.status, i.assessment_due, i.urgent
       FROM intake_items i LEFT JOIN clients c ON c.id = i.client_id LEFT JOIN users w ON w.id = i.assigned_worker_id
       WHERE i.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as {
    id: string;
    client_id: string | null;
    name: string;
    area_id: string;
    worker: string | null;
    contact_date: string;
    type: string;
    channel: string;
    status: string;
    assessment_due: string;
    urgent: number;
  }[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Service lines by id with their client, decision and responsible worker. */
function lineDetails(q: Q, ids: string[]) {
  const rows = q.db
    .prepare(
      `SELECT p.decision_service_id AS id, p.client_id, c.last_name || ' ' || c.first_names AS name, c.area_id, p.decision_id, p.service_code,
         p.applied_on, p.decided_on, p.arrange_by, p.started_on, p.not_started_on, d.number || '/' || d.number_year AS number,
         (SELECT display_name FROM users u WHERE u.id = coalesce(c.responsible_worker_id, d.drafted_by)) AS worker
       FROM service_periods p JOIN clients c ON c.id = p.client_id JOIN decisions d ON d.id = p.decision_id
       WHERE p.decision_service_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as {
    id: string;
    client_id: string;
    name: string;
    area_id: string;
    decision_id: string;
    service_code: string;
    applied_on: string | null;
    decided_on: string;
    arrange_by: string | null;
    started_on: string | null;
    not_started_on: string | null;
    number: string;
    worker: string | null;
  }[];
  return new Map(rows.map((r) => [r.id, r]));
}

function clientDetails(q: Q, ids: string[]) {
  const rows = q.db
    .prepare(
      `SELECT c.id, c.last_name || ' ' || c.first_names AS name, c.area_id, w.display_name AS worker FROM clients c LEFT JOIN users w ON w.id = c.responsible_worker_id
       WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: string; name: string; area_id: string; worker: string | null }[];
  return new Map(rows.map((r) => [r.id, r]));
}

function intakeCases(q: Q, f: CaseFilter): CaseRow[] {
  const r = range(q, f);
  const ids = q.db
    .prepare(
      `SELECT id FROM intake_items i WHERE contact_date BETWEEN @from AND @to AND ${scopeSql(q.scope, 'i.area_id').sql}
         AND (@worker IS NULL OR i.assigned_worker_id = @worker) AND (@type IS NULL OR type = @type) AND (@channel IS NULL OR channel = @channel)
       ORDER BY contact_date, id LIMIT @limit`,
    )
    .pluck()
    .all({ ...scopeParams(q), ...r, type: f.type, channel: f.channel, limit: MAX_CASES + 1 }) as string[];
  const d = itemDetails(q, ids);
  return ids.map((id) => {
    const i = d.get(id)!;
    return { ...blank, id, itemId: id, clientId: i.client_id, clientName: i.name, areaId: i.area_id, workerName: i.worker, date: i.contact_date, code: i.type, code2: i.channel, text: i.status };
  });
}

function openCases(q: Q, f: CaseFilter): CaseRow[] {
  const rows = openAtEndRows(q).filter((r) => !f.age || ageBucket(daysBetween(r.contact_date, q.period.to)) === f.age);
  const d = itemDetails(q, rows.map((r) => r.id));
  return rows.map((r) => {
    const i = d.get(r.id)!;
    return {
      ...blank,
      id: r.id,
      itemId: r.id,
      clientId: i.client_id,
      clientName: i.name,
      areaId: i.area_id,
      workerName: i.worker,
      date: i.contact_date,
      date2: i.assessment_due,
      code: i.type,
      text: i.status,
      value: daysBetween(i.contact_date, q.period.to),
      value2: i.urgent,
    };
  });
}

function assessmentCases(q: Q, f: CaseFilter): CaseRow[] {
  const rows = timedItemRows(q).filter((r) => inBucket(q, f, r.contact_date) && (!f.timeliness || timeliness(r.first, r.assessment_due, r.status, q.period.today) === f.timeliness));
  const d = itemDetails(q, rows.map((r) => r.id));
  return rows.map((r) => {
    const i = d.get(r.id)!;
    return {
      ...blank,
      id: r.id,
      itemId: r.id,
      clientId: i.client_id,
      clientName: i.name,
      areaId: i.area_id,
      workerName: i.worker,
      date: r.contact_date,
      date2: r.assessment_due,
      date3: r.first,
      code: timeliness(r.first, r.assessment_due, r.status, q.period.today),
      text: r.status,
      value: r.first ? daysBetween(r.assessment_due, r.first) : null,
    };
  });
}

function decisionCases(q: Q, f: CaseFilter, sentInstead = false): CaseRow[] {
  const r = range(q, f);
  const dateCol = sentInstead ? 'd.sent_on' : 'd.decided_on';
  const rows = q.db
    .prepare(
      `SELECT d.id, d.client_id, c.last_name || ' ' || c.first_names AS name, c.area_id, w.display_name AS worker, d.kind, d.outcome, d.decided_on, d.sent_on,
         d.send_channel, d.number || '/' || d.number_year AS number, d.applied_service
       FROM decisions d JOIN clients c ON c.id = d.client_id LEFT JOIN users w ON w.id = d.drafted_by
       WHERE ${dateCol} BETWEEN @from AND @to AND d.status IN ('signed','sent') AND ${scopeSql(q.scope, 'c.area_id').sql} AND (@worker IS NULL OR d.drafted_by = @worker)
         AND (@kind IS NULL OR d.kind = @kind) AND (@outcome IS NULL OR d.outcome = @outcome) AND (@channel IS NULL OR coalesce(d.send_channel, 'unknown') = @channel)
       ORDER BY ${dateCol}, d.number_year, d.number LIMIT @limit`,
    )
    .all({ ...scopeParams(q), ...r, kind: f.kind, outcome: f.outcome, channel: sentInstead ? f.sendChannel : null, limit: MAX_CASES + 1 }) as {
    id: string;
    client_id: string;
    name: string;
    area_id: string;
    worker: string | null;
    kind: string;
    outcome: string;
    decided_on: string;
    sent_on: string | null;
    send_channel: string | null;
    number: string;
    applied_service: string | null;
  }[];
  return rows.map((x) => ({
    ...blank,
    id: x.id,
    decisionId: x.id,
    clientId: x.client_id,
    clientName: x.name,
    areaId: x.area_id,
    workerName: x.worker,
    date: x.decided_on,
    date2: x.sent_on,
    code: sentInstead ? (x.send_channel ?? 'unknown') : x.kind,
    code2: x.outcome,
    text: x.number,
  }));
}

function waitingCases(q: Q, f: CaseFilter): CaseRow[] {
  const service = f.service;
  const segment = f.segment ?? 'started';
  if (segment === 'decided') {
    const rows = q.db
      .prepare(
        `SELECT d.id, d.client_id, c.last_name || ' ' || c.first_names AS name, c.area_id, w.display_name AS worker, d.applied_on, d.decided_on, d.outcome,
           d.number || '/' || d.number_year AS number,
           coalesce(d.applied_service, (SELECT ds.service_code FROM decision_services ds WHERE ds.decision_id = d.id ORDER BY ds.sort LIMIT 1)) AS service
         FROM decisions d JOIN clients c ON c.id = d.client_id LEFT JOIN users w ON w.id = d.drafted_by
         WHERE d.decided_on BETWEEN @from AND @to AND d.status IN ('signed','sent') AND d.kind IN ('service','voucher') AND d.applied_on IS NOT NULL
           AND d.corrects_id IS NULL AND ${scopeSql(q.scope, 'c.area_id').sql} AND (@worker IS NULL OR d.drafted_by = @worker)
         ORDER BY d.decided_on LIMIT @limit`,
      )
      .all({ ...scopeParams(q), from: q.period.from, to: q.period.to, limit: MAX_CASES * 4 }) as {
      id: string;
      client_id: string;
      name: string;
      area_id: string;
      worker: string | null;
      applied_on: string;
      decided_on: string;
      outcome: string;
      number: string;
      service: string | null;
    }[];
    return rows
      .filter((x) => !service || x.service === service)
      .map((x) => ({
        ...blank,
        id: x.id,
        decisionId: x.id,
        clientId: x.client_id,
        clientName: x.name,
        areaId: x.area_id,
        workerName: x.worker,
        date: x.applied_on,
        date2: x.decided_on,
        code: x.service,
        code2: x.outcome,
        text: x.number,
        value: daysBetween(x.applied_on, x.decided_on),
      }));
  }
  let lines: { id: string; value: number | null; value2: number | null }[];
  if (segment === 'started' || segment === 'startedLate')
    lines = startedRows(q)
      .filter((r) => (!service || r.service_code === service) && (segment === 'started' || (r.arrange_by !== null && r.started_on > r.arrange_by)))
      .map((r) => ({ id: r.line_id, value: daysBetween(r.decided_on, r.started_on), value2: r.applied_on ? daysBetween(r.applied_on, r.started_on) : null }));
  else if (segment === 'notStarted')
    lines = q.db
      .prepare(
        `SELECT p.decision_service_id FROM service_periods p JOIN clients c ON c.id = p.client_id JOIN decisions d ON d.id = p.decision_id
         WHERE p.status = 'not_started' AND p.not_started_on BETWEEN @from AND @to AND ${scopeSql(q.scope, 'c.area_id').sql}
           AND (@worker IS NULL OR d.drafted_by = @worker) AND (@service IS NULL OR p.service_code = @service)`,
      )
      .pluck()
      .all({ ...scopeParams(q), from: q.period.from, to: q.period.to, service })
      .map((id) => ({ id: id as string, value: null, value2: null }));
  else
    lines = waitingAtEndRows(q)
      .filter((r) => (!service || r.service_code === service) && (segment === 'waitingAtEnd' || (r.arrange_by !== null && r.arrange_by < q.period.to)))
      .map((r) => ({ id: r.line_id, value: daysBetween(r.decided_on, q.period.to), value2: r.applied_on ? daysBetween(r.applied_on, q.period.to) : null }));
  const d = lineDetails(q, lines.slice(0, MAX_CASES + 1).map((l) => l.id));
  return lines.slice(0, MAX_CASES + 1).map((l) => {
    const x = d.get(l.id)!;
    return {
      ...blank,
      id: l.id,
      decisionId: x.decision_id,
      clientId: x.client_id,
      clientName: x.name,
      areaId: x.area_id,
      workerName: x.worker,
      date: x.applied_on,
      date2: x.decided_on,
      date3: segment === 'notStarted' ? x.not_started_on : segment === 'started' || segment === 'startedLate' ? x.started_on : x.arrange_by,
      code: x.service_code,
      text: x.number,
      value: l.value,
      value2: l.value2,
    };
  });
}

function levelCases(q: Q, f: CaseFilter): CaseRow[] {
  const rows = levelRows(q).filter((r) => inBucket(q, f, r.assessed_on) && (!f.level || r.service_level === f.level) && (!f.shift || levelShift(r) === f.shift));
  const d = clientDetails(q, [...new Set(rows.map((r) => r.client_id))]);
  return rows.map((r) => {
    const c = d.get(r.client_id)!;
    return { ...blank, id: r.id, clientId: r.client_id, clientName: c.name, areaId: c.area_id, workerName: c.worker, date: r.assessed_on, code: r.service_level, code2: r.previous };
  });
}

function heavyCases(q: Q, f: CaseFilter): CaseRow[] {
  const rows = heavyHomeCareRows(q).filter((r) => f.reviewed === null || (r.reviewed_on !== null) === f.reviewed);
  const d = clientDetails(q, rows.map((r) => r.client_id));
  return rows.map((r) => {
    const c = d.get(r.client_id)!;
    return { ...blank, id: r.client_id, clientId: r.client_id, clientName: c.name, areaId: c.area_id, workerName: c.worker, date: r.started_on, date2: r.reviewed_on, value: r.hours };
  });
}

function reassessmentCases(q: Q, f: CaseFilter): CaseRow[] {
  const rows = reassessmentRows(q).filter((r) => (r.state !== 'done' || r.review_on >= q.period.from) && (!f.reassessment || r.state === f.reassessment));
  const d = clientDetails(q, rows.map((r) => r.client_id));
  return rows.map((r) => {
    const c = d.get(r.client_id)!;
    return {
      ...blank,
      id: r.plan_id,
      clientId: r.client_id,
      clientName: c.name,
      areaId: c.area_id,
      workerName: c.worker,
      date: r.drawn_up_on,
      date2: r.review_on,
      date3: r.reassessed_on,
      code: r.state,
    };
  });
}

function revenueCases(q: Q, f: CaseFilter): CaseRow[] {
  const from = q.period.from.slice(0, 7);
  const to = q.period.to.slice(0, 7);
  const rows = q.db
    .prepare(
      `SELECT i.id, i.client_id, c.last_name || ' ' || c.first_names AS name, c.area_id, w.display_name AS worker, i.month, i.kind, i.number, i.total_cents, i.invoice_date, i.status
       FROM invoices i JOIN clients c ON c.id = i.client_id LEFT JOIN users w ON w.id = c.responsible_worker_id
       WHERE i.month BETWEEN @from AND @to AND (@month IS NULL OR i.month = @month) AND i.status <> 'cancelled' AND ${scopeSql(q.scope, 'c.area_id').sql}
         AND (@worker IS NULL OR c.responsible_worker_id = @worker)
       ORDER BY i.month, i.number LIMIT @limit`,
    )
    .all({ ...scopeParams(q), from, to, month: f.month, limit: MAX_CASES + 1 }) as {
    id: string;
    client_id: string;
    name: string;
    area_id: string;
    worker: string | null;
    month: string;
    kind: string;
    number: number;
    total_cents: number;
    invoice_date: string;
    status: string;
  }[];
  return rows.map((x) => ({
    ...blank,
    id: x.id,
    clientId: x.client_id,
    clientName: x.name,
    areaId: x.area_id,
    workerName: x.worker,
    date: x.invoice_date,
    code: x.kind,
    code2: x.status,
    text: `${x.number} (${x.month})`,
    value: x.total_cents,
  }));
}

function overdueCases(q: Q, f: CaseFilter): CaseRow[] {
  return awaitingRows(q.db, q.scope, q.period.today, { workerId: f.workerId ?? q.scope.workerId, overdueOnly: true }).map((r) => ({
    ...blank,
    id: r.line_id,
    decisionId: r.decision_id,
    clientId: r.client_id,
    clientName: r.client_name,
    areaId: r.area_id,
    workerName: r.responsible_name,
    date: r.applied_on,
    date2: r.decided_on,
    date3: r.arrange_by,
    code: r.service_code,
    text: `${r.number}/${r.number_year}`,
    value: daysBetween(r.arrange_by!, q.period.today),
  }));
}

/** Which row fields each figure fills, in column order. */
export const CASE_COLUMNS: Record<Figure, string[]> = {
  intake: ['clientName', 'date', 'code', 'code2', 'text', 'workerName', 'areaId'],
  open: ['clientName', 'date', 'value', 'code', 'text', 'date2', 'value2', 'workerName', 'areaId'],
  assessments: ['clientName', 'date', 'date2', 'date3', 'value', 'code', 'text', 'workerName', 'areaId'],
  decisions: ['clientName', 'text', 'date', 'code', 'code2', 'date2', 'workerName', 'areaId'],
  waiting: ['clientName', 'code', 'text', 'date', 'date2', 'date3', 'value', 'value2', 'workerName', 'areaId'],
  levels: ['clientName', 'date', 'code', 'code2', 'workerName', 'areaId'],
  heavyHomeCare: ['clientName', 'value', 'date', 'date2', 'workerName', 'areaId'],
  reassessments: ['clientName', 'date', 'date2', 'date3', 'code', 'workerName', 'areaId'],
  letters: ['clientName', 'text', 'date2', 'code', 'code2', 'date', 'workerName', 'areaId'],
  revenue: ['clientName', 'text', 'date', 'code', 'code2', 'value', 'workerName', 'areaId'],
  overdue: ['clientName', 'code', 'text', 'date', 'date2', 'date3', 'value', 'workerName', 'areaId'],
};

export function listCases(q: Q, figure: Figure, f: CaseFilter): CasesDto {
  let rows: CaseRow[];
  switch (figure) {
    case 'intake':
      rows = intakeCases(q, f);
      break;
    case 'open':
      rows = openCases(q, f);
      break;
    case 'assessments':
      rows = assessmentCases(q, f);
      break;
    case 'decisions':
      rows = decisionCases(q, f);
      break;
    case 'waiting':
      rows = waitingCases(q, f);
      break;
    case 'levels':
      rows = levelCases(q, f);
      break;
    case 'heavyHomeCare':
      rows = heavyCases(q, f);
      break;
    case 'reassessments':
      rows = reassessmentCases(q, f);
      break;
    case 'letters':
      rows = decisionCases(q, f, true);
      break;
    case 'revenue':
      rows = revenueCases(q, f);
      break;
    case 'overdue':
      rows = overdueCases(q, f);
      break;
  }
  const truncated = rows.length > MAX_CASES;
  return { figure, columns: CASE_COLUMNS[figure], rows: truncated ? rows.slice(0, MAX_CASES) : rows, truncated };
}

/** reports.cases: audited (a list of people). */
export function cases(ctx: SignedInContext, input: CasesInput): CasesDto {
  const q = reportQuery(ctx, input);
  const out = listCases(q, input.figure, input.filter);
  auditRead(ctx, 'reports.cases', {
    details: { figure: input.figure, from: q.period.from, to: q.period.to, areaIds: q.scope.areaIds, workerId: q.scope.workerId, filter: input.filter, rows: out.rows.length },
  });
  return out;
}

