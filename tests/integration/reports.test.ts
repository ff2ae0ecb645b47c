// Raportit on real SQLite files through the real dispatcher: every figure against an independent computation
// (SQL written separately here, or small data built by hand with known answers) — counts, medians, 90th
// percentiles and means, cases without a start date, cancelled applications, services still waiting at the
// period end; the case list behind each figure has as many cases as the figure counts; bad periods, areas and
// workers are refused with a clear message and show nothing; the area rules hold for every figure and list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { DASHBOARD_PARTS, type CasesInput, type DashboardDto } from '../../shared/contract/report-schemas';
import type { Envelope } from '../../shared/contract/errors';
import { formatMessage } from '../../shared/messages';
import { connect, count, seededCore, tempDir, TODAY } from '../support/core';

let core: Core;
let manager: ReturnType<typeof connect>;
let worker: ReturnType<typeof connect>;
const FROM = '2025-11-24';
const TO = '2026-11-23';
const county = { level: 'county' as const, areaId: null, workerId: null };

const all = <T>(sql: string, ...p: unknown[]) => core.db.prepare(sql).all(...p) as T[];
const areaId = (nameStart: string) => (core.db.prepare("SELECT id FROM areas WHERE name_fi LIKE ? || '%'").get(nameStart) as { id: string }).id;

beforeAll(async () => {
  core = seededCore({ clients: 1500, intakeItems: 8000, dir: tempDir('luotsi-reports-') });
  manager = connect(core);
  await manager.signIn('paallikko');
  worker = connect(core);
  await worker.signIn('ohjaaja');
});
afterAll(() => core.close());

let dash: DashboardDto;
const cases = (figure: CasesInput['figure'], filter: Partial<CasesInput['filter']> = {}, scope = county, from = FROM, to = TO) =>
  manager.ok('reports.cases', { from, to, scope, figure, filter });

/** Median, mean and 90th percentile (nearest rank) of a set, in SQL over a CTE `t(days)`: an independent route. */
function sqlStats(cte: string, ...p: unknown[]) {
  const n = (core.db.prepare(`WITH t(days) AS (${cte}) SELECT count(*) FROM t`).pluck().get(...p) as number) ?? 0;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null };
  const mean = core.db.prepare(`WITH t(days) AS (${cte}) SELECT round(avg(days), 1) FROM t`).pluck().get(...p) as number;
  const median = core.db
    .prepare(`WITH t(days) AS (${cte}) SELECT avg(days) FROM (SELECT days FROM t ORDER BY days LIMIT 2 - ${n} % 2 OFFSET (${n} - 1) / 2)`)
    .pluck()
    .get(...p) as number;
  const p90 = core.db.prepare(`WITH t(days) AS (${cte}) SELECT days FROM t ORDER BY days LIMIT 1 OFFSET (${n} * 9 + 9) / 10 - 1`).pluck().get(...p) as number;
  return { count: n, mean, median, p90 };
}

describe('the dashboard of the seeded county for a year, against separately written SQL', () => {
  beforeAll(async () => {
    dash = await manager.ok('reports.dashboard', { from: FROM, to: TO, scope: county, granularity: 'month' });
  });

  it('intake by type per month and by type and channel', () => {
    expect(dash.period.buckets.map((b) => b.key)).toEqual(['2025-11', '2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    const expected = all<{ m: string; type: string; n: number }>(
      'SELECT substr(contact_date, 1, 7) AS m, type, count(*) AS n FROM intake_items WHERE contact_date >= ? AND contact_date <= ? GROUP BY 1, 2',
      FROM,
      TO,
    );
    for (const e of expected) expect(dash.intake.byBucket.find((b) => b.bucket === e.m)!.counts[e.type as 'application'], `${e.m} ${e.type}`).toBe(e.n);
    expect(dash.kpis.intake).toBe(expected.reduce((s, e) => s + e.n, 0));
    const tc = all<{ type: string; channel: string; n: number }>('SELECT type, channel, count(*) AS n FROM intake_items WHERE contact_date BETWEEN ? AND ? GROUP BY 1, 2', FROM, TO);
    expect(dash.intake.byTypeChannel.map((r) => `${r.type}/${r.channel}=${r.count}`).sort()).toEqual(tc.map((r) => `${r.type}/${r.channel}=${r.n}`).sort());
  });

  it('items open at the period end by age', () => {
    const open = all<{ age: number }>(
      `SELECT julianday(?) - julianday(contact_date) AS age FROM intake_items
       WHERE contact_date <= ? AND (status IN ('new','assigned','assessment','decision') OR closed_at >= date(?, '+1 day'))`,
      TO,
      TO,
      TO,
    );
    expect(dash.kpis.openAtEnd).toBe(open.length);
    expect(dash.open.byAge.find((b) => b.age === '91+')!.count).toBe(open.filter((o) => o.age > 90).length);
    expect(dash.open.byAge.find((b) => b.age === '0-7')!.count).toBe(open.filter((o) => o.age <= 7).length);
  });

  it('assessments started in time, late, still overdue; cancelled items without an assessment left out', () => {
    const rows = all<{ t: string; n: number }>(
      `SELECT CASE WHEN first IS NOT NULL AND first <= assessment_due THEN 'on_time' WHEN first IS NOT NULL THEN 'late'
                   WHEN status IN ('new','assigned') AND assessment_due < ? THEN 'overdue' WHEN status IN ('new','assigned') THEN 'pending' ELSE 'no_record' END AS t, count(*) AS n
       FROM (SELECT i.*, (SELECT min(assessed_on) FROM assessments a WHERE a.intake_item_id = i.id) AS first FROM intake_items i
             WHERE contact_date BETWEEN ? AND ? AND due_basis IN ('statutory','urgent'))
       WHERE NOT (first IS NULL AND status IN ('cancelled','forwarded')) GROUP BY 1`,
      TODAY,
      FROM,
      TO,
    );
    const sum = (k: string) => dash.assessments.byBucket.reduce((s, b) => s + b.counts[k as 'late'], 0);
    for (const r of rows) expect(sum(r.t), r.t).toBe(r.n);
    expect(sum('late')).toBeGreaterThan(0);
    expect(dash.kpis.assessmentsOnTime).toBe(rows.find((r) => r.t === 'on_time')?.n ?? 0);
    const cancelledWithout = count(
      core,
      `SELECT count(*) FROM intake_items i WHERE contact_date BETWEEN ? AND ? AND due_basis IN ('statutory','urgent') AND status IN ('cancelled','forwarded')
         AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.intake_item_id = i.id)`,
      FROM,
      TO,
    );
    expect(cancelledWithout).toBeGreaterThan(0); // cancelled applications exist and are not counted
  });

  it('decisions by kind and outcome', () => {
    const rows = all<{ kind: string; outcome: string; n: number }>(
      "SELECT kind, outcome, count(*) AS n FROM decisions WHERE decided_on BETWEEN ? AND ? AND status IN ('signed','sent') GROUP BY 1, 2 ORDER BY 1, 2",
      FROM,
      TO,
    );
    expect(dash.decisions.byKindOutcome.map((r) => [r.kind, r.outcome, r.count])).toEqual(rows.map((r) => [r.kind, r.outcome, r.n]));
  });

  it('waiting times per service: pending → decision, decision → start, pending → start (mean, median, p90), within three months, still waiting', () => {
    expect(dash.waiting.byService.length).toBeGreaterThan(3);
    for (const w of dash.waiting.byService) {
      const d2s = sqlStats(
        `SELECT julianday(started_on) - julianday(decided_on) FROM service_periods WHERE status = 'started' AND started_on BETWEEN ? AND ? AND service_code = ?`,
        FROM,
        TO,
        w.service,
      );
      expect({ count: w.decisionToStart.count, mean: w.decisionToStart.mean, median: w.decisionToStart.median, p90: w.decisionToStart.p90 }, w.service).toEqual(d2s);
      const p2s = sqlStats(
        `SELECT julianday(started_on) - julianday(applied_on) FROM service_periods WHERE status = 'started' AND started_on BETWEEN ? AND ? AND service_code = ? AND applied_on IS NOT NULL`,
        FROM,
        TO,
        w.service,
      );
      expect({ count: w.pendingToStart.count, mean: w.pendingToStart.mean, median: w.pendingToStart.median, p90: w.pendingToStart.p90 }, w.service).toEqual(p2s);
      const late = count(core, "SELECT count(*) FROM service_periods WHERE status = 'started' AND started_on BETWEEN ? AND ? AND service_code = ? AND started_on > arrange_by", FROM, TO, w.service);
      expect(w.startedLate, w.service).toBe(late);
      const waiting = count(
        core,
        `SELECT count(*) FROM service_periods WHERE service_code = ? AND decided_on <= ? AND status IN ('awaiting','started','not_started')
           AND coalesce(started_on, not_started_on, '9999-12-31') > ?`,
        w.service,
        TO,
        TO,
      );
      expect(w.waitingAtEnd, w.service).toBe(waiting);
    }
    const housing = dash.waiting.byService.find((w) => w.service === 'service_housing_24h')!;
    expect(housing.pendingToStart.mean!).toBeGreaterThan(dash.waiting.byService.find((w) => w.service === 'home_care')!.pendingToStart.mean!);
    expect(housing.startedLate).toBeGreaterThan(0);
    expect(dash.kpis.waitingAtEnd).toBe(dash.waiting.byService.reduce((s, w) => s + w.waitingAtEnd, 0));
  });

  it('service levels by month and the shift toward lighter levels', () => {
    const rows = all<{ level: string; n: number }>('SELECT service_level AS level, count(*) AS n FROM assessments WHERE assessed_on BETWEEN ? AND ? GROUP BY 1', FROM, TO);
    for (const r of rows) expect(dash.levels.byBucket.reduce((s, b) => s + b.counts[r.level as 'red'], 0)).toBe(r.n);
    const shifts = all<{ s: string; n: number }>(
      `WITH x AS (SELECT a.service_level AS cur, (SELECT b.service_level FROM assessments b WHERE b.client_id = a.client_id AND (b.assessed_on < a.assessed_on OR (b.assessed_on = a.assessed_on AND b.id < a.id)) ORDER BY b.assessed_on DESC, b.id DESC LIMIT 1) AS prev
                  FROM assessments a WHERE a.assessed_on BETWEEN ? AND ?)
       SELECT CASE WHEN instr('green yellow red', cur) < instr('green yellow red', prev) THEN 'lighter' WHEN cur = prev THEN 'same' ELSE 'heavier' END AS s, count(*) AS n
       FROM x WHERE prev IS NOT NULL GROUP BY 1`,
      FROM,
      TO,
    );
    for (const s of shifts) expect(dash.levels.shift[s.s as 'same'], s.s).toBe(s.n);
  });

  it('letters by channel, home care over 61 h with reviews, reassessments, overdue services by worker', () => {
    const letters = all<{ c: string; n: number }>('SELECT send_channel AS c, count(*) AS n FROM decisions WHERE sent_on BETWEEN ? AND ? GROUP BY 1', FROM, TO);
    for (const l of letters) expect(dash.letters.byBucket.reduce((s, b) => s + (b.counts[l.c] ?? 0), 0)).toBe(l.n);
    expect(dash.heavyHomeCare.threshold).toBe(61);
    expect(dash.heavyHomeCare.clients).toBeGreaterThan(0);
    expect(dash.heavyHomeCare.reviewed + dash.heavyHomeCare.notReviewed).toBe(dash.heavyHomeCare.clients);
    expect(dash.heavyHomeCare.reviewed).toBeGreaterThan(0);
    expect(dash.reassessments.done + dash.reassessments.overdue).toBeGreaterThan(0);
    const overdue = count(core, "SELECT count(*) FROM service_periods WHERE status = 'awaiting' AND arrange_by < ?", TODAY);
    expect(dash.kpis.overdueNow).toBe(overdue);
    expect(dash.overdueByWorker.reduce((s, w) => s + w.overdue, 0)).toBe(overdue);
  });

  it('each figure opens exactly the cases it counted', async () => {
    const month = dash.intake.byBucket.find((b) => b.bucket === '2026-10')!;
    const apps = await cases('intake', { bucket: '2026-10', type: 'application' });
    expect(apps.rows).toHaveLength(month.counts.application);
    expect(apps.rows.every((r) => r.code === 'application' && r.date! >= '2026-10-01' && r.date! <= '2026-10-31')).toBe(true);
    const housing = dash.waiting.byService.find((w) => w.service === 'service_housing_24h')!;
    expect((await cases('waiting', { service: 'service_housing_24h', segment: 'started' })).rows).toHaveLength(housing.decisionToStart.count);
    expect((await cases('waiting', { service: 'service_housing_24h', segment: 'startedLate' })).rows).toHaveLength(housing.startedLate);
    expect((await cases('waiting', { service: 'service_housing_24h', segment: 'waitingAtEnd' })).rows).toHaveLength(housing.waitingAtEnd);
    expect((await cases('waiting', { service: 'service_housing_24h', segment: 'decided' })).rows).toHaveLength(housing.pendingToDecision.count);
    const granted = dash.decisions.byKindOutcome.find((r) => r.kind === 'service' && r.outcome === 'grant')!;
    expect((await cases('decisions', { kind: 'service', outcome: 'grant' })).rows).toHaveLength(granted.count);
    expect((await cases('open', { age: '91+' })).rows).toHaveLength(dash.open.byAge.find((b) => b.age === '91+')!.count);
    expect((await cases('heavyHomeCare', { reviewed: false })).rows).toHaveLength(dash.heavyHomeCare.notReviewed);
    expect((await cases('reassessments', { reassessment: 'overdue' })).rows).toHaveLength(dash.reassessments.overdue);
    expect((await cases('overdue')).rows).toHaveLength(dash.kpis.overdueNow);
    const lateAssessments = dash.assessments.byBucket.reduce((s, b) => s + b.counts.late, 0);
    expect((await cases('assessments', { timeliness: 'late' })).rows).toHaveLength(lateAssessments);
    const red = dash.levels.byBucket.find((b) => b.bucket === '2026-06')!.counts.red;
    expect((await cases('levels', { bucket: '2026-06', level: 'red' })).rows).toHaveLength(red);
    // Listing cases is a read of personal data: audited with the figure and filter.
    const audit = core.db.prepare("SELECT details FROM audit_log WHERE action = 'reports.cases' ORDER BY at DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ figure: 'levels', filter: { bucket: '2026-06', level: 'red' }, rows: red });
  });

  it('loads the whole year for the county in well under a second of queries (printed; the bench measures it)', () => {
    expect(dash.seconds).toBeGreaterThanOrEqual(0);
  });

  it('the parts the page asks for one by one make up exactly the whole dashboard, for the county and for an area', async () => {
    for (const scope of [county, { level: 'area' as const, areaId: areaId('Espoo'), workerId: null }]) {
      const whole = await manager.ok('reports.dashboard', { from: FROM, to: TO, scope, granularity: 'month' });
      const merged: Record<string, unknown> = {};
      const kpis: Record<string, number> = {};
      for (const part of DASHBOARD_PARTS) {
        const p = await manager.ok('reports.dashboardPart', { from: FROM, to: TO, scope, granularity: 'month', part });
        expect(p.part).toBe(part);
        expect(p.period).toEqual(whole.period);
        expect(p.scope).toEqual(whole.scope);
        const { kpis: k, part: _p, period: _pe, scope: _s, seconds: _x, ...figures } = p;
        for (const key of Object.keys(figures)) expect(merged, `${key} twice`).not.toHaveProperty(key);
        Object.assign(merged, figures);
        Object.assign(kpis, k);
      }
      const { kpis: wk, period: _pe, scope: _s, seconds: _x, ...wholeFigures } = whole;
      expect(merged).toEqual(wholeFigures);
      expect(kpis).toEqual(wk);
    }
  });
});

describe('hand-built cases with known answers', () => {
  let small: Core;
  let m: ReturnType<typeof connect>;
  const H = { from: '2024-01-01', to: '2024-06-30' };
  beforeAll(async () => {
    small = seededCore({ clients: 20, intakeItems: 0, dir: tempDir('luotsi-reports-small-') });
    m = connect(small);
    await m.signIn('paallikko');
    const db = small.db;
    db.exec('BEGIN');
    db.pragma('defer_foreign_keys = ON');
    db.prepare("INSERT INTO services (code, name_fi, name_sv, unit, legal_basis, sort, updated_at) VALUES ('test_service', 'Testipalvelu', 'Testtjänst', 'continuous', 'SHL 19 §', 99, '2024-01-01')").run();
    const client = db.prepare('SELECT id FROM clients ORDER BY id LIMIT 1').pluck().get() as string;
    const maker = db.prepare("SELECT id FROM users WHERE username = 'paallikko'").pluck().get() as string;
    let n = 0;
    // [applied, decided, arrange-by, status, started, not started]
    const cases: [string, string, string, string, string | null, string | null][] = [
      ['2024-01-01', '2024-01-05', '2024-04-05', 'started', '2024-01-11', null], // 10 d pending → start
      ['2024-01-01', '2024-01-10', '2024-04-10', 'started', '2024-01-21', null], // 20
      ['2024-02-01', '2024-02-05', '2024-05-05', 'started', '2024-03-02', null], // 30
      ['2024-02-01', '2024-02-20', '2024-05-20', 'started', '2024-03-12', null], // 40
      ['2024-01-10', '2024-01-15', '2024-04-15', 'started', '2024-04-19', null], // 100, started after arrange-by (late)
      ['2024-05-01', '2024-05-10', '2024-08-10', 'started', '2024-07-15', null], // started after the period: still waiting at its end
      ['2024-03-01', '2024-03-10', '2024-06-10', 'awaiting', null, null], // no start date: waiting at the end, overdue by then
      ['2024-04-01', '2024-04-05', '2024-07-05', 'not_started', null, '2024-05-01'], // cancelled: never started
      ['2024-04-01', '2024-04-06', '2024-07-06', 'continues', null, null], // a change of a running service: not counted
    ];
    for (const [applied, decided, arrange, status, started, notStarted] of cases) {
      n++;
      const decision = `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
      const line = `00000000-0000-7000-9000-${String(n).padStart(12, '0')}`;
      db.prepare("INSERT INTO decision_services (id, decision_id, sort, service_code, amount, start_date, provider_kind) VALUES (?, ?, 0, 'test_service', NULL, ?, 'own')").run(line, decision, decided);
      db.prepare(
        `INSERT INTO decisions (id, client_id, kind, outcome, status, applied_service, applied_on, legal_basis, drafted_by, decision_maker_id, number, number_year, decided_on,
           signed_at, arrange_by, created_at, updated_at) VALUES (?, ?, 'service', 'grant', 'signed', NULL, ?, 'SHL', ?, ?, ?, 2024, ?, ?, ?, ?, ?)`,
      ).run(decision, client, applied, maker, maker, 900 + n, decided, `${decided}T10:00:00Z`, arrange, `${decided}T10:00:00Z`, `${decided}T10:00:00Z`);
      db.prepare(
        `INSERT INTO service_periods (decision_service_id, decision_id, client_id, service_code, applied_on, decided_on, arrange_by, status, started_on, start_source,
           not_started_on, not_started_reason, updated_at) VALUES (?, ?, ?, 'test_service', ?, ?, ?, ?, ?, ?, ?, ?, '2024-07-01')`,
      ).run(line, decision, client, applied, decided, arrange, status, started, started ? 'worker' : null, notStarted, notStarted ? 'declined' : null);
    }
    db.exec('COMMIT');
  });
  afterAll(() => small.close());

  it('counts, mean, median and 90th percentile by hand; cases without a start, cancelled and continuing ones handled', async () => {
    const d = await m.ok('reports.dashboard', { ...H, scope: county, granularity: null });
    const t = d.waiting.byService.find((w) => w.service === 'test_service')!;
    expect(t.nameFi).toBe('Testipalvelu');
    // Pending → start: 10, 20, 30, 40, 100 → mean 40, median 30, p90 100 (the 5th of 5: ceil(0.9 × 5) = 5).
    expect(t.pendingToStart).toEqual({ count: 5, mean: 40, median: 30, p90: 100, min: 10, max: 100 });
    // Decision → start: 6, 11, 26, 21, 95 → sorted 6, 11, 21, 26, 95: mean 31.8, median 21, p90 95.
    expect(t.decisionToStart).toEqual({ count: 5, mean: 31.8, median: 21, p90: 95, min: 6, max: 95 });
    // Pending → decision: all nine made in the period: 4, 9, 4, 19, 5, 9, 9, 4, 5 → mean 7.6, median 5, p90 19.
    expect(t.pendingToDecision).toEqual({ count: 9, mean: 7.6, median: 5, p90: 19, min: 4, max: 19 });
    expect(t.startedWithinLimit).toBe(4);
    expect(t.startedLate).toBe(1);
    // Still waiting at 30.6.: the one started in July and the one without a start (overdue by then); not the cancelled one.
    expect(t.waitingAtEnd).toBe(2);
    expect(t.waitingOverdueAtEnd).toBe(1);
    expect(t.notStarted).toBe(1);
    // An even count: the median is the mean of the two middle values.
    const q1 = await m.ok('reports.dashboard', { from: '2024-01-01', to: '2024-03-31', scope: county, granularity: null });
    expect(q1.waiting.byService.find((w) => w.service === 'test_service')!.pendingToStart).toEqual({ count: 4, mean: 25, median: 25, p90: 40, min: 10, max: 40 });
    const waitingCases = await m.ok('reports.cases', { ...H, scope: county, figure: 'waiting', filter: { service: 'test_service', segment: 'waitingAtEnd' } });
    expect(waitingCases.rows.map((r) => r.date3).sort()).toEqual(['2024-06-10', '2024-08-10']);
  });
});

describe('bad input and the area rules', () => {
  async function refused(w: ReturnType<typeof connect>, input: unknown, code: string, key: string) {
    const audits = count(core, "SELECT count(*) FROM audit_log WHERE action IN ('reports.cases','reports.export')");
    for (const channel of ['reports.dashboard', 'reports.dashboardPart', 'reports.cases']) {
      const body = channel === 'reports.cases' ? { ...(input as object), figure: 'intake' } : channel === 'reports.dashboardPart' ? { ...(input as object), part: 'levels' } : input;
      const e = (await w.call(channel, body)) as Envelope<unknown>;
      expect(e.ok, channel).toBe(false);
      if (!e.ok) {
        expect(e.error.code).toBe(code);
        expect(e.error.key).toBe(key);
        expect(formatMessage('sv', e.error.key!, e.error.params)).not.toBe(formatMessage('fi', e.error.key!, e.error.params));
      }
    }
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action IN ('reports.cases','reports.export')")).toBe(audits);
  }

  it('a period that ends before it starts, one in the future, one too long', async () => {
    await refused(manager, { from: '2026-06-01', to: '2026-05-31', scope: county }, 'VALIDATION', 'reports.periodEndsBeforeStart');
    await refused(manager, { from: '2026-11-24', to: '2026-12-31', scope: county }, 'VALIDATION', 'reports.periodInFuture');
    await refused(manager, { from: '2015-01-01', to: '2026-01-01', scope: county }, 'VALIDATION', 'reports.periodTooLong');
    const e = (await manager.call('reports.dashboard', { from: '2026-06-01', to: '2026-05-31', scope: county })) as Envelope<unknown>;
    expect(!e.ok && e.error.message).toBe('Kausi päättyy (31.5.2026) ennen kuin se alkaa (1.6.2026). Valitse loppupäivä alkupäivän jälkeen.');
    expect(!e.ok && formatMessage('sv', e.error.key!, e.error.params)).toBe('Perioden slutar (31.5.2026) innan den börjar (1.6.2026). Välj ett slutdatum efter startdatumet.');
    // A period reaching past today is counted up to today.
    const d = await manager.ok('reports.dashboard', { from: '2026-11-01', to: '2026-12-31', scope: county, granularity: null });
    expect(d.period).toMatchObject({ to: TODAY, requestedTo: '2026-12-31', granularity: 'week' });
  });

  it('an area, the county or a worker the user may not see: refused, nothing listed', async () => {
    await refused(worker, { from: FROM, to: TO, scope: { level: 'area', areaId: areaId('Lohja'), workerId: null } }, 'FORBIDDEN', 'reports.areaForbidden');
    await refused(worker, { from: FROM, to: TO, scope: county }, 'FORBIDDEN', 'reports.countyForbidden');
    const lohjaWorker = core.db
      .prepare("SELECT u.id FROM users u JOIN user_areas ua ON ua.user_id = u.id WHERE u.role = 'guidance_worker' AND ua.area_id = ? LIMIT 1")
      .pluck()
      .get(areaId('Lohja')) as string;
    await refused(worker, { from: FROM, to: TO, scope: { level: 'worker', areaId: null, workerId: lohjaWorker } }, 'FORBIDDEN', 'reports.workerForbidden');
  });

  it("a worker's own area gives exactly the manager's figures of that area, and its lists stay inside it", async () => {
    const espoo = { level: 'area' as const, areaId: areaId('Espoo'), workerId: null };
    const mine = await worker.ok('reports.dashboard', { from: FROM, to: TO, scope: espoo, granularity: 'month' });
    const theirs = await manager.ok('reports.dashboard', { from: FROM, to: TO, scope: espoo, granularity: 'month' });
    expect({ ...mine, seconds: 0 }).toEqual({ ...theirs, seconds: 0 });
    const countyDash = await manager.ok('reports.dashboard', { from: FROM, to: TO, scope: county, granularity: 'month' });
    expect(mine.kpis.intake).toBeLessThan(countyDash.kpis.intake);
    expect(mine.kpis.intake).toBe(count(core, 'SELECT count(*) FROM intake_items WHERE area_id = ? AND contact_date BETWEEN ? AND ?', espoo.areaId, FROM, TO));
    for (const figure of ['intake', 'decisions', 'waiting', 'overdue', 'levels'] as const) {
      const list = await worker.ok('reports.cases', { from: FROM, to: TO, scope: espoo, figure, filter: {} });
      expect(list.rows.every((r) => r.areaId === espoo.areaId), figure).toBe(true);
    }
    // One worker: only that worker's items.
    const w = core.db
      .prepare("SELECT u.id FROM users u JOIN user_areas ua ON ua.user_id = u.id WHERE u.role = 'guidance_worker' AND ua.area_id = ? AND u.username <> 'ohjaaja' LIMIT 1")
      .pluck()
      .get(espoo.areaId) as string;
    const one = await worker.ok('reports.dashboard', { from: FROM, to: TO, scope: { level: 'worker', areaId: null, workerId: w }, granularity: 'month' });
    expect(one.kpis.intake).toBe(count(core, 'SELECT count(*) FROM intake_items WHERE assigned_worker_id = ? AND area_id = ? AND contact_date BETWEEN ? AND ?', w, espoo.areaId, FROM, TO));
  });

  it('exports a table as XLSX and CSV; every export is audited by the core, a list of people marked so', async () => {
    const first = count(core, "SELECT count(*) FROM audit_log WHERE action = 'reports.export'");
    const x = await manager.ok('reports.tableFile', { format: 'xlsx', title: 'Saapuneet asiat', header: ['Kuukausi', 'Määrä'], rows: [['2026-10', 12], ['2026-11', 3.5]], personal: false });
    expect(x.fileName).toBe(`saapuneet-asiat-${TODAY}.xlsx`);
    expect(Buffer.from(x.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const before = count(core, "SELECT count(*) FROM audit_log WHERE action = 'reports.export'");
    expect(before).toBe(first + 1);
    const c = await manager.ok('reports.tableFile', { format: 'csv', title: 'Tapaukset: Ympärivuorokautinen', header: ['Asiakas', 'Päivät'], rows: [['Åkerlund; Åke', 3.5], ['=HYPERLINK("x")', null]], personal: true });
    const text = Buffer.from(c.base64, 'base64').toString('utf8');
    expect(text).toBe('\uFEFFAsiakas;Päivät\r\n"Åkerlund; Åke";3,5\r\n"\'=HYPERLINK(""x"")";\r\n');
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'reports.export'")).toBe(before + 1);
    const last = core.db.prepare("SELECT details FROM audit_log WHERE action = 'reports.export' ORDER BY rowid DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(last)).toMatchObject({ format: 'csv', rows: 2, personal: true });
  });
});
