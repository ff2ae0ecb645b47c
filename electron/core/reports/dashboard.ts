// Raportit: the unit's figures for a period and a scope (county, area or worker), each computed from the rows
// behind it with the indexes the period needs, so the whole dashboard of a year of the 30,000-client county takes
// well under a second. Counts only: the cases behind a figure are listed by core/reports/cases.ts.
//
// Definitions (also shown to the user):
// - Intake: items by their contact date (the day the matter became pending), by type and channel.
// - Open at the period end: received by the end and not closed by then; age = days from the contact.
// - Assessment started in time: items with the statutory or urgent deadline received in the period; the first
//   recorded assessment on or before the deadline (SHL 36 §, VPL 15 §: by the 7th working day, urgent at once).
//   Cancelled or forwarded items without an assessment are left out.
// - Decisions: made (signed) in the period, by kind and outcome.
// - Waiting times (days) per service: pending → decision for decisions made in the period (from the pending date
//   of the application or contact); decision → start and pending → start for services that started in the
//   period (new services only: a change to a running service does not wait); against the three months of
//   VPL 18 § 2 mom; services still waiting at the period end (granted by then, not started by then).
// - Service levels: assessments in the period by level; the shift compares each with the client's previous one.
// - Home care over 61 h/month at the period end (the review threshold) and whether a multi-professional review
//   was recorded since the service began.
// - Reassessments: the client plan in force at the period end; due in the period and done (an assessment after
//   the plan) or overdue; overdue from before the period; due within 30 days after it.
// - Letters: decisions sent in the period by channel. Revenue: invoices of the months of the period, credit
//   notes subtracted (cancelled runs left out).
import { performance } from 'node:perf_hooks';
import { DASHBOARD_PARTS, type DashboardDto, type DashboardInput, type DashboardPartDto, type DashboardPartInput, type DashboardPartName } from '../../../shared/contract/report-schemas';
export { DASHBOARD_PARTS };
import { addDays, daysBetween } from '../../../shared/domain/dates';
import { needsMultiProfessionalReview, REVIEW_THRESHOLD_RULES } from '../../../shared/domain/deadlines';
import { INTAKE_TYPES } from '../../../shared/domain/intake';
import { SERVICE_LEVELS } from '../../../shared/domain/rai';
import { AGE_BUCKETS, ageBucket, bucketOf, TIMELINESS, timeliness, waitStats, type Bucket } from '../../../shared/domain/reports';
import type { SignedInContext } from '../context';
import type { Db } from '../db/connection';
import { awaitingRows } from '../arrangement/service';
import { resolvePeriod, resolveReportScope, scopeSql, type ReportPeriod, type ResolvedScope } from './scope';
import { partCache } from './cache';
import { DEFAULT_PRESET, presetPeriod } from '../../../shared/domain/report-presets';
import { isCountyWide, sectionsFor } from '../../../shared/roles';

const LEVEL_RANK: Record<string, number> = { green: 0, yellow: 1, red: 2 };

function zero<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export interface Q {
  db: Db;
  period: ReportPeriod;
  scope: ResolvedScope;
}

/** Common named parameters: the period, the worker and the scope's areas. */
function params(q: Q, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { from: q.period.from, to: q.period.to, today: q.period.today, worker: q.scope.workerId, ...scopeSql(q.scope, 'x').params, ...extra };
}

/** `column IN (…areas)` or nothing for the whole county. */
function inScope(q: Q, column: string): string {
  return scopeSql(q.scope, column).sql;
}

function byBucket<K extends string>(buckets: readonly Bucket[], keys: readonly K[]) {
  const m = new Map(buckets.map((b) => [b.key, zero(keys)]));
  return {
    add(date: string, key: K, n = 1) {
      const b = bucketOf(buckets, date);
      if (b) m.get(b.key)![key] += n;
    },
    list: () => buckets.map((b) => ({ bucket: b.key, counts: m.get(b.key)! })),
  };
}

export function intakeFigures(q: Q) {
  const rows = q.db
    .prepare(
      `SELECT contact_date AS d, type, channel, count(*) AS n FROM intake_items i
       WHERE contact_date BETWEEN @from AND @to AND ${inScope(q, 'i.area_id')} AND (@worker IS NULL OR i.assigned_worker_id = @worker)
       GROUP BY contact_date, type, channel`,
    )
    .all(params(q)) as { d: string; type: (typeof INTAKE_TYPES)[number]; channel: string; n: number }[];
  const trend = byBucket(q.period.buckets, INTAKE_TYPES);
  const tc = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    trend.add(r.d, r.type, r.n);
    tc.set(`${r.type}|${r.channel}`, (tc.get(`${r.type}|${r.channel}`) ?? 0) + r.n);
    total += r.n;
  }
  const byTypeChannel = [...tc].map(([k, count]) => {
    const [type, channel] = k.split('|') as [DashboardDto['intake']['byTypeChannel'][number]['type'], DashboardDto['intake']['byTypeChannel'][number]['channel']];
    return { type, channel, count };
  });
  return { total, byBucket: trend.list(), byTypeChannel };
}

/** Items open at the period end: received by then, and still open or closed only after it. */
export function openAtEndRows(q: Q): { id: string; contact_date: string; urgent: number; status: string }[] {
  const end = q.period.to;
  return q.db
    .prepare(
      `SELECT id, contact_date, urgent, status FROM intake_items i INDEXED BY intake_open_area_contact
       WHERE status IN ('new','assigned','assessment','decision') AND contact_date <= @to AND ${inScope(q, 'i.area_id')} AND (@worker IS NULL OR i.assigned_worker_id = @worker)
       UNION ALL
       SELECT id, contact_date, urgent, status FROM intake_items i INDEXED BY intake_closed_cover
       WHERE closed_at > @endInstant AND contact_date <= @to AND ${inScope(q, 'i.area_id')} AND (@worker IS NULL OR i.assigned_worker_id = @worker)`,
    )
    .all(params(q, { endInstant: `${addDays(end, 1)}T00:00:00` })) as { id: string; contact_date: string; urgent: number; status: string }[];
}

function openFigures(q: Q) {
  const counts = new Map<string, { count: number; urgent: number }>(AGE_BUCKETS.map((b) => [b.key, { count: 0, urgent: 0 }]));
  const rows = openAtEndRows(q);
  for (const r of rows) {
    const c = counts.get(ageBucket(daysBetween(r.contact_date, q.period.to)))!;
    c.count++;
    if (r.urgent === 1) c.urgent++;
  }
  return { total: rows.length, atEnd: q.period.to, byAge: AGE_BUCKETS.map((b) => ({ age: b.key, ...counts.get(b.key)! })) };
}

/** Items with a statutory or urgent assessment deadline received in the period, with their first assessment. */
export function timedItemRows(q: Q) {
  // The first assessment of each item of the period, one seek in assessments_item_first per item (the cost
  // follows the period, not the county's whole history of assessments).
  return (
    q.db
      .prepare(
        `SELECT i.id, i.contact_date, i.assessment_due, i.status,
           (SELECT min(a.assessed_on) FROM assessments a WHERE a.intake_item_id = i.id) AS first
         FROM intake_items i INDEXED BY intake_contact_cover
         WHERE i.contact_date BETWEEN @from AND @to AND i.due_basis IN ('statutory','urgent') AND ${inScope(q, 'i.area_id')}
           AND (@worker IS NULL OR i.assigned_worker_id = @worker)`,
      )
      .all(params(q)) as { id: string; contact_date: string; assessment_due: string; status: string; first: string | null }[]
  ).filter((r) => r.first !== null || (r.status !== 'cancelled' && r.status !== 'forwarded'));
}

function assessmentFigures(q: Q) {
  const trend = byBucket(q.period.buckets, TIMELINESS);
  let onTime = 0;
  let timed = 0;
  for (const r of timedItemRows(q)) {
    const t = timeliness(r.first, r.assessment_due, r.status, q.period.today);
    trend.add(r.contact_date, t);
    if (t === 'on_time' || t === 'late' || t === 'overdue') timed++;
    if (t === 'on_time') onTime++;
  }
  return { onTime, timed, byBucket: trend.list() };
}

function decisionFigures(q: Q) {
  const rows = q.db
    .prepare(
      `SELECT d.kind, d.outcome, count(*) AS n FROM decisions d ${q.scope.wholeCounty ? '' : 'JOIN clients c ON c.id = d.client_id'}
       WHERE d.decided_on BETWEEN @from AND @to AND d.status IN ('signed','sent') AND ${inScope(q, 'c.area_id')} AND (@worker IS NULL OR d.drafted_by = @worker)
       GROUP BY d.kind, d.outcome ORDER BY d.kind, d.outcome`,
    )
    .all(params(q)) as { kind: 'service' | 'fee' | 'voucher'; outcome: DashboardDto['decisions']['byKindOutcome'][number]['outcome']; n: number }[];
  return { total: rows.reduce((s, r) => s + r.n, 0), byKindOutcome: rows.map((r) => ({ kind: r.kind, outcome: r.outcome, count: r.n })) };
}

export interface StartedRow {
  line_id: string;
  client_id: string;
  service_code: string;
  applied_on: string | null;
  decided_on: string;
  arrange_by: string | null;
  started_on: string;
}

/** New services that started in the period. */
export function startedRows(q: Q): StartedRow[] {
  return q.db
    .prepare(
      `SELECT p.decision_service_id AS line_id, p.client_id, p.service_code, p.applied_on, p.decided_on, p.arrange_by, p.started_on
       FROM service_periods p ${q.scope.wholeCounty ? '' : 'JOIN clients c ON c.id = p.client_id'} ${q.scope.workerId ? 'JOIN decisions d ON d.id = p.decision_id' : ''}
       WHERE p.status = 'started' AND p.started_on BETWEEN @from AND @to AND ${inScope(q, 'c.area_id')} ${q.scope.workerId ? 'AND d.drafted_by = @worker' : ''}`,
    )
    .all(params(q)) as StartedRow[];
}

export interface WaitingRow {
  line_id: string;
  client_id: string;
  service_code: string;
  applied_on: string | null;
  decided_on: string;
  arrange_by: string | null;
}

/** Granted services still waiting at the period end: granted by then, neither started nor given up by then. */
export function waitingAtEndRows(q: Q): WaitingRow[] {
  // The few periods of each state first (their partial indexes), then the client's area (CROSS JOIN keeps that order).
  const join = `${q.scope.wholeCounty ? '' : 'CROSS JOIN clients c ON c.id = p.client_id'} ${q.scope.workerId ? 'CROSS JOIN decisions d ON d.id = p.decision_id' : ''}`;
  const where = `p.decided_on <= @to AND ${inScope(q, 'c.area_id')} ${q.scope.workerId ? 'AND d.drafted_by = @worker' : ''}`;
  const cols = 'p.decision_service_id AS line_id, p.client_id, p.service_code, p.applied_on, p.decided_on, p.arrange_by';
  return q.db
    .prepare(
      `SELECT ${cols} FROM service_periods p ${join} WHERE p.status = 'awaiting' AND ${where}
       UNION ALL SELECT ${cols} FROM service_periods p ${join} WHERE p.status = 'started' AND p.started_on > @to AND ${where}
       UNION ALL SELECT ${cols} FROM service_periods p ${join} WHERE p.status = 'not_started' AND p.not_started_on > @to AND ${where}`,
    )
    .all(params(q)) as WaitingRow[];
}

function waitingFigures(q: Q) {
  const names = new Map(
    (q.db.prepare('SELECT code, name_fi, name_sv, sort FROM services ORDER BY sort, code').all() as { code: string; name_fi: string; name_sv: string }[]).map((s) => [s.code, s]),
  );
  const acc = new Map<string, { p2d: number[]; d2s: number[]; p2s: number[]; within: number; late: number; waiting: number; waitingOverdue: number; notStarted: number }>();
  const get = (service: string) => {
    let a = acc.get(service);
    if (!a) acc.set(service, (a = { p2d: [], d2s: [], p2s: [], within: 0, late: 0, waiting: 0, waitingOverdue: 0, notStarted: 0 }));
    return a;
  };
  // Pending → decision: every service decision (grants and refusals) made in the period, by the service applied for.
  for (const r of q.db
    .prepare(
      `SELECT coalesce(d.applied_service, (SELECT ds.service_code FROM decision_services ds WHERE ds.decision_id = d.id ORDER BY ds.sort LIMIT 1)) AS service,
         d.applied_on, d.decided_on
       FROM decisions d INDEXED BY decisions_decided_cover ${q.scope.wholeCounty ? '' : 'JOIN clients c ON c.id = d.client_id'}
       WHERE d.decided_on BETWEEN @from AND @to AND d.status IN ('signed','sent') AND d.kind IN ('service','voucher') AND d.applied_on IS NOT NULL
         AND d.corrects_id IS NULL AND ${inScope(q, 'c.area_id')} AND (@worker IS NULL OR d.drafted_by = @worker)`,
    )
    .all(params(q)) as { service: string | null; applied_on: string; decided_on: string }[])
    if (r.service) get(r.service).p2d.push(daysBetween(r.applied_on, r.decided_on));
  let started = 0;
  let within = 0;
  for (const r of startedRows(q)) {
    const a = get(r.service_code);
    a.d2s.push(daysBetween(r.decided_on, r.started_on));
    if (r.applied_on) a.p2s.push(daysBetween(r.applied_on, r.started_on));
    started++;
    if (r.arrange_by === null || r.started_on <= r.arrange_by) {
      a.within++;
      within++;
    } else a.late++;
  }
  let waiting = 0;
  let waitingOverdue = 0;
  for (const r of waitingAtEndRows(q)) {
    const a = get(r.service_code);
    a.waiting++;
    waiting++;
    if (r.arrange_by !== null && r.arrange_by < q.period.to) {
      a.waitingOverdue++;
      waitingOverdue++;
    }
  }
  for (const r of q.db
    .prepare(
      `SELECT p.service_code, count(*) AS n FROM service_periods p INDEXED BY service_periods_not_started_cover
         ${q.scope.wholeCounty ? '' : 'CROSS JOIN clients c ON c.id = p.client_id'} ${q.scope.workerId ? 'CROSS JOIN decisions d ON d.id = p.decision_id' : ''}
       WHERE p.status = 'not_started' AND p.not_started_on BETWEEN @from AND @to AND ${inScope(q, 'c.area_id')} ${q.scope.workerId ? 'AND d.drafted_by = @worker' : ''}
       GROUP BY p.service_code`,
    )
    .all(params(q)) as { service_code: string; n: number }[])
    get(r.service_code).notStarted += r.n;
  const order = [...names.keys()];
  const byService = [...acc.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([service, a]) => ({
      service,
      nameFi: names.get(service)?.name_fi ?? service,
      nameSv: names.get(service)?.name_sv ?? service,
      pendingToDecision: waitStats(a.p2d),
      decisionToStart: waitStats(a.d2s),
      pendingToStart: waitStats(a.p2s),
      startedWithinLimit: a.within,
      startedLate: a.late,
      waitingAtEnd: a.waiting,
      waitingOverdueAtEnd: a.waitingOverdue,
      notStarted: a.notStarted,
    }));
  return { started, within, waiting, waitingOverdue, byService };
}

export interface LevelRow {
  id: string;
  client_id: string;
  assessed_on: string;
  service_level: string;
  previous: string | null;
}

/** Assessments in the period with the level of the client's previous assessment. */
export function levelRows(q: Q): LevelRow[] {
  // One pass over the scope's assessments in client order (assessments_levels: no sort), lag() giving the
  // previous level; for an area the clients come first, so only the area's assessments are read. Measured on
  // the 30,000-client county, a backward seek per assessment of the period cost twice as much as this pass.
  return q.db
    .prepare(
      `SELECT x.id, x.client_id, x.assessed_on, x.service_level, x.previous FROM (
         SELECT a.id, a.client_id, a.assessed_on, a.service_level, a.worker_id,
           lag(a.service_level) OVER (PARTITION BY a.client_id ORDER BY a.assessed_on, a.id) AS previous
         FROM ${q.scope.wholeCounty ? 'assessments a INDEXED BY assessments_levels' : 'clients c CROSS JOIN assessments a INDEXED BY assessments_levels ON a.client_id = c.id'}
         WHERE a.assessed_on <= @to AND ${inScope(q, 'c.area_id')}) x
       WHERE x.assessed_on >= @from AND (@worker IS NULL OR x.worker_id = @worker)`,
    )
    .all(params(q)) as LevelRow[];
}

export function levelShift(r: LevelRow): 'lighter' | 'same' | 'heavier' | null {
  if (r.previous === null) return null;
  const d = LEVEL_RANK[r.service_level]! - LEVEL_RANK[r.previous]!;
  return d < 0 ? 'lighter' : d > 0 ? 'heavier' : 'same';
}

function levelFigures(q: Q) {
  const trend = byBucket(q.period.buckets, SERVICE_LEVELS);
  const shift = { lighter: 0, same: 0, heavier: 0 };
  for (const r of levelRows(q)) {
    trend.add(r.assessed_on, r.service_level as (typeof SERVICE_LEVELS)[number]);
    const s = levelShift(r);
    if (s) shift[s]++;
  }
  return { byBucket: trend.list(), shift };
}

export interface HeavyRow {
  client_id: string;
  started_on: string;
  hours: number | null;
  reviewed_on: string | null;
}

/** Clients whose home care in force at the period end exceeds the review threshold, with their latest review since it began. */
export function heavyHomeCareRows(q: Q): HeavyRow[] {
  // The hours of each client's latest home-care decision line that has started by the end (as the fees take
  // them), then only the clients over the threshold: is their home care running at the end, and reviewed since?
  const lines = q.db
    .prepare(
      `SELECT d.client_id, ds.amount, d.decided_on, d.number_year, d.number FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       WHERE ds.service_code = 'home_care' AND ds.start_date <= @to AND d.status IN ('signed','sent') AND d.kind IN ('service','voucher')`,
    )
    .all(params(q)) as { client_id: string; amount: number | null; decided_on: string; number_year: number; number: number }[];
  const latest = new Map<string, (typeof lines)[number]>();
  for (const l of lines) {
    const cur = latest.get(l.client_id);
    if (!cur || l.decided_on > cur.decided_on || (l.decided_on === cur.decided_on && l.number_year * 1e6 + l.number > cur.number_year * 1e6 + cur.number)) latest.set(l.client_id, l);
  }
  const over = [...latest.values()].filter((l) => l.amount !== null && needsMultiProfessionalReview(l.amount, q.period.to));
  if (over.length === 0) return [];
  const hours = new Map(over.map((l) => [l.client_id, l.amount]));
  const rows = q.db
    .prepare(
      `SELECT p.client_id, min(p.started_on) AS started_on,
         (SELECT max(a.assessed_on) FROM assessments a WHERE a.client_id = p.client_id AND a.multiprofessional = 1 AND a.assessed_on BETWEEN min(p.started_on) AND @to) AS reviewed_on
       FROM service_periods p JOIN clients c ON c.id = p.client_id
       WHERE p.client_id IN (SELECT value FROM json_each(@clients)) AND p.service_code = 'home_care' AND p.status = 'started' AND p.started_on <= @to
         AND (p.ended_on IS NULL OR p.ended_on >= @to) AND ${inScope(q, 'c.area_id')} AND (@worker IS NULL OR c.responsible_worker_id = @worker)
       GROUP BY p.client_id`,
    )
    .all(params(q, { clients: JSON.stringify([...hours.keys()]) })) as { client_id: string; started_on: string; reviewed_on: string | null }[];
  return rows.map((r) => ({ ...r, hours: hours.get(r.client_id)! }));
}

function heavyFigures(q: Q) {
  const rows = heavyHomeCareRows(q);
  const reviewed = rows.filter((r) => r.reviewed_on !== null).length;
  const rule = REVIEW_THRESHOLD_RULES.find((r) => r.validFrom <= q.period.to && (r.validTo === null || q.period.to <= r.validTo));
  return { threshold: rule?.homeCareHoursPerMonth ?? 61, clients: rows.length, reviewed, notReviewed: rows.length - reviewed };
}

export interface PlanRow {
  client_id: string;
  plan_id: string;
  drawn_up_on: string;
  review_on: string;
  reassessed_on: string | null;
}

/** The client plan in force at the period end per client, and the first assessment after it (by the end). */
export function reassessmentRows(q: Q): (PlanRow & { state: 'done' | 'overdue' | 'upcoming' | 'overdue_before' })[] {
  // The latest plan of each client by the end (max() picks the row of the latest plan), then its reassessment.
  const rows = q.db
    .prepare(
      `SELECT client_id, plan_id, drawn_up_on, review_on,
         (SELECT min(a.assessed_on) FROM assessments a WHERE a.client_id = x.client_id AND a.assessed_on > x.drawn_up_on AND a.assessed_on <= @to) AS reassessed_on
       FROM (SELECT p.client_id, p.id AS plan_id, max(p.drawn_up_on) AS drawn_up_on, p.review_on, p.worker_id
             FROM client_plans p WHERE p.drawn_up_on <= @to GROUP BY p.client_id) x
       ${q.scope.wholeCounty ? '' : 'JOIN clients c ON c.id = x.client_id'}
       WHERE x.review_on <= @soon AND ${inScope(q, 'c.area_id')} AND (@worker IS NULL OR x.worker_id = @worker)`,
    )
    .all(params(q, { soon: addDays(q.period.to, 30) })) as PlanRow[];
  return rows.map((r) => ({
    ...r,
    state: r.review_on > q.period.to ? 'upcoming' : r.reassessed_on !== null ? 'done' : r.review_on < q.period.from ? 'overdue_before' : 'overdue',
  }));
}

function reassessmentFigures(q: Q) {
  const out = { done: 0, overdue: 0, upcoming: 0, overdue_before: 0 };
  for (const r of reassessmentRows(q)) if (r.state !== 'done' || r.review_on >= q.period.from) out[r.state]++;
  return out;
}

function letterFigures(q: Q) {
  const rows = q.db
    .prepare(
      `SELECT d.sent_on, d.send_channel, count(*) AS n FROM decisions d ${q.scope.wholeCounty ? '' : 'JOIN clients c ON c.id = d.client_id'}
       WHERE d.sent_on BETWEEN @from AND @to AND ${inScope(q, 'c.area_id')} AND (@worker IS NULL OR d.drafted_by = @worker)
       GROUP BY d.sent_on, d.send_channel`,
    )
    .all(params(q)) as { sent_on: string; send_channel: string | null; n: number }[];
  const channels = [...new Set(rows.map((r) => r.send_channel ?? 'unknown'))].sort();
  const trend = byBucket(q.period.buckets, channels);
  for (const r of rows) trend.add(r.sent_on, r.send_channel ?? 'unknown', r.n);
  return { byBucket: trend.list() };
}

function revenueFigures(q: Q) {
  const rows = q.db
    .prepare(
      `SELECT i.month, i.kind, count(*) AS n, sum(i.total_cents) AS cents FROM invoices i JOIN clients c ON c.id = i.client_id
       WHERE i.month BETWEEN @fromMonth AND @toMonth AND i.status <> 'cancelled' AND ${inScope(q, 'c.area_id')} AND (@worker IS NULL OR c.responsible_worker_id = @worker)
       GROUP BY i.month, i.kind ORDER BY i.month`,
    )
    .all(params(q, { fromMonth: q.period.from.slice(0, 7), toMonth: q.period.to.slice(0, 7) })) as { month: string; kind: string; n: number; cents: number }[];
  const months = new Map<string, { month: string; invoices: number; invoicedCents: number; creditedCents: number; netCents: number }>();
  for (const r of rows) {
    let m = months.get(r.month);
    if (!m) months.set(r.month, (m = { month: r.month, invoices: 0, invoicedCents: 0, creditedCents: 0, netCents: 0 }));
    if (r.kind === 'invoice') {
      m.invoices += r.n;
      m.invoicedCents += r.cents;
    } else m.creditedCents += -r.cents;
    m.netCents += r.cents;
  }
  return { byMonth: [...months.values()] };
}

function overdueByWorker(q: Q) {
  const rows = awaitingRows(q.db, q.scope, q.period.today, { workerId: q.scope.workerId, overdueOnly: true });
  const by = new Map<string, { workerId: string | null; name: string; overdue: number; oldestDaysLate: number }>();
  for (const r of rows) {
    const id = r.responsible_worker_id ?? r.drafted_by;
    let w = by.get(id);
    if (!w) by.set(id, (w = { workerId: id, name: r.responsible_name ?? '', overdue: 0, oldestDaysLate: 0 }));
    w.overdue++;
    w.oldestDaysLate = Math.max(w.oldestDaysLate, daysBetween(r.arrange_by!, q.period.today));
  }
  return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.oldestDaysLate - a.oldestDaysLate || a.name.localeCompare(b.name, 'fi'));
}

export function reportQuery(ctx: SignedInContext, input: Pick<DashboardInput, 'from' | 'to' | 'scope' | 'granularity'>): Q {
  const period = resolvePeriod(ctx, input.from, input.to, input.granularity);
  const scope = resolveReportScope(ctx, input.scope);
  return { db: ctx.db, period, scope };
}

type Kpis = DashboardDto['kpis'];

/** One part of the dashboard: its figure(s) and the key figures that come from the same rows. */
export function computePart(q: Q, part: DashboardPartName): Partial<Omit<DashboardDto, 'kpis'>> & { kpis: Partial<Kpis> } {
  switch (part) {
    case 'intake': {
      const x = intakeFigures(q);
      return { kpis: { intake: x.total }, intake: { byBucket: x.byBucket, byTypeChannel: x.byTypeChannel } };
    }
    case 'open': {
      const x = openFigures(q);
      return { kpis: { openAtEnd: x.total }, open: { atEnd: x.atEnd, byAge: x.byAge } };
    }
    case 'assessments': {
      const x = assessmentFigures(q);
      return { kpis: { assessmentsOnTime: x.onTime, assessmentsTimed: x.timed }, assessments: { byBucket: x.byBucket } };
    }
    case 'decisions': {
      const x = decisionFigures(q);
      return { kpis: { decisions: x.total }, decisions: { byKindOutcome: x.byKindOutcome } };
    }
    case 'waiting': {
      const x = waitingFigures(q);
      return {
        kpis: { servicesStarted: x.started, startedWithinLimit: x.within, waitingAtEnd: x.waiting, waitingOverdueAtEnd: x.waitingOverdue },
        waiting: { byService: x.byService },
      };
    }
    case 'levels':
      return { kpis: {}, levels: levelFigures(q) };
    case 'heavyHomeCare':
      return { kpis: {}, heavyHomeCare: heavyFigures(q) };
    case 'reassessments':
      return { kpis: {}, reassessments: reassessmentFigures(q) };
    case 'letters':
      return { kpis: {}, letters: letterFigures(q) };
    case 'revenue':
      return { kpis: {}, revenue: revenueFigures(q) };
    case 'overdue': {
      const x = overdueByWorker(q);
      return { kpis: { overdueNow: x.reduce((s, w) => s + w.overdue, 0) }, overdueByWorker: x };
    }
  }
}

/**
 * A part as computePart gives it, from the cache of parts (reports/cache.ts) while no data has changed since it
 * was computed for exactly this period and these resolved areas (the area rules already applied to `q.scope`).
 */
export function cachedPart(q: Q, part: DashboardPartName): { value: ReturnType<typeof computePart>; hit: boolean } {
  const p = q.period;
  const s = q.scope;
  const key = JSON.stringify([part, p.from, p.to, p.today, p.granularity, s.level, s.wholeCounty, [...s.areaIds].sort(), s.workerId]);
  return partCache(q.db).get(key, () => computePart(q, part));
}

export function dashboardHead(q: Q): Pick<DashboardDto, 'period' | 'scope'> {
  return {
    period: { from: q.period.from, to: q.period.to, requestedTo: q.period.requestedTo, today: q.period.today, granularity: q.period.granularity, buckets: q.period.buckets },
    scope: { level: q.scope.level, areaIds: q.scope.areaIds, workerId: q.scope.workerId, wholeCounty: q.scope.wholeCounty },
  };
}

/** The whole dashboard; `timings` (optional) gets each part's milliseconds. */
export function computeDashboard(q: Q, timings?: Record<string, number>): DashboardDto {
  const t0 = performance.now();
  const out: Record<string, unknown> = { ...dashboardHead(q) };
  const kpis: Partial<Kpis> = {};
  for (const part of DASHBOARD_PARTS) {
    const t = performance.now();
    const { kpis: k, ...rest } = cachedPart(q, part).value;
    Object.assign(kpis, k);
    Object.assign(out, rest);
    if (timings) timings[part] = performance.now() - t;
  }
  return { ...out, kpis: kpis as Kpis, seconds: Math.round(performance.now() - t0) / 1000 } as DashboardDto;
}

/** reports.dashboard */
export function dashboard(ctx: SignedInContext, input: DashboardInput): DashboardDto {
  return computeDashboard(reportQuery(ctx, input));
}

/** reports.dashboardPart: one part of the dashboard (the same input checks and area rules as the whole). */
export function dashboardPart(ctx: SignedInContext, input: DashboardPartInput): DashboardPartDto {
  const q = reportQuery(ctx, input);
  const t0 = performance.now();
  const part = cachedPart(q, input.part).value;
  return { ...part, ...dashboardHead(q), part: input.part, seconds: Math.round(performance.now() - t0) / 1000 };
}

/** The view Raportit opens with for this user: the last 12 months, the county (or the first of the user's areas). */
export function defaultDashboardInput(ctx: SignedInContext): Omit<DashboardInput, 'part'> | null {
  if (!sectionsFor(ctx.user.role).includes('reports')) return null;
  const { from, to } = presetPeriod(DEFAULT_PRESET, ctx.clock.today());
  if (isCountyWide(ctx.user.role)) return { from, to, granularity: null, scope: { level: 'county', areaId: null, workerId: null } };
  const first = ctx.user.areaIds.length
    ? (ctx.db.prepare('SELECT id FROM areas WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort LIMIT 1').pluck().get(JSON.stringify(ctx.user.areaIds)) as string | undefined)
    : undefined;
  return first ? { from, to, granularity: null, scope: { level: 'area', areaId: first, workerId: null } } : null;
}

/**
 * After sign-in, the parts of the view Raportit opens with are computed in the background into the cache of parts,
 * one part per turn of the event loop so that the windows' requests are answered between them; stops when the user
 * signs out or another signs in. Opening Raportit then shows the figures without waiting for the queries (a write
 * in between empties the cache, and the page computes them as before).
 */
export function warmDashboard(ctx: SignedInContext, opts: { delayMs?: number } = {}): void {
  const userId = ctx.user.id;
  const stillHere = () => ctx.session.user?.id === userId;
  setTimeout(() => {
    let q: Q;
    try {
      const input = stillHere() ? defaultDashboardInput(ctx) : null;
      if (!input) return;
      q = reportQuery(ctx, input);
    } catch {
      return; // a view the user may not open now: nothing to warm
    }
    const parts = [...DASHBOARD_PARTS];
    const next = () => {
      const part = parts.shift();
      if (!part || !stillHere()) return;
      try {
        cachedPart(q, part);
      } catch {
        return; // the database closed under us (shutdown): the page computes what it needs
      }
      setImmediate(next);
    };
    next();
  }, opts.delayMs ?? 300).unref?.();
}
