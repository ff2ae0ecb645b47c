// Arranging granted services on a real SQLite file through the real dispatcher: a granted service awaits its
// start, overdue after its arrange-by date (vanhuspalvelulaki 18 § 2 mom), with who is responsible; the start,
// end and "did not start" are recorded by the guidance worker, billing or from the provider's notice; the fee
// and the invoice follow the actual days; refusals write nothing; the area rules hold; the demo data is
// realistic (some late, a few very late, some never started).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { clientRows, loadMonthData } from '../../electron/core/invoicing/month';
import { servicesInForce } from '../../electron/core/fees/basis';
import type { Envelope } from '../../shared/contract/errors';
import { addDays } from '../../shared/domain/dates';
import { connect, count, seededCore, tempDir, TODAY } from '../support/core';

let core: Core;
let dir: string;
let manager: ReturnType<typeof connect>;
let worker: ReturnType<typeof connect>;
let billing: ReturnType<typeof connect>;
let secretary: ReturnType<typeof connect>;

const one = <T>(sql: string, ...p: unknown[]) => core.db.prepare(sql).get(...p) as T;
const areaId = (nameStart: string) => one<{ id: string }>("SELECT id FROM areas WHERE name_fi LIKE ? || '%'", nameStart).id;

beforeAll(async () => {
  dir = tempDir('luotsi-arrangement-');
  core = seededCore({ clients: 1200, intakeItems: 6000, dir });
  manager = connect(core);
  await manager.signIn('paallikko');
  worker = connect(core);
  await worker.signIn('ohjaaja'); // Espoo only
  billing = connect(core);
  await billing.signIn('laskutus');
  secretary = connect(core);
  await secretary.signIn('sihteeri');
});
afterAll(() => core.close());

const snapshot = () => ['service_periods', 'fee_decisions', 'decisions', 'audit_log', 'outbox'].map((t) => count(core, `SELECT count(*) FROM ${t}`)).join(',') + count(core, 'SELECT sum(version) FROM service_periods');

async function refused(w: ReturnType<typeof connect>, channel: string, input: unknown, code: string, message: RegExp) {
  const before = snapshot();
  const e = (await w.call(channel, input)) as Envelope<unknown>;
  expect(e.ok, `${channel} should fail`).toBe(false);
  if (!e.ok) {
    expect(e.error.code).toBe(code);
    expect(e.error.message).toMatch(message);
  }
  expect(snapshot()).toBe(before);
}

/** A client of the area with no services, incomes for a home-care fee. */
function freshClient(area: string): string {
  const id = one<{ id: string }>(
    `SELECT c.id FROM clients c WHERE c.area_id = ? AND c.deleted = 0 AND c.spouse_id IS NULL AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.client_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM incomes i WHERE i.client_id = c.id) AND NOT EXISTS (SELECT 1 FROM care_agreements a WHERE a.client_id = c.id)
       ORDER BY c.id LIMIT 1`,
    area,
  ).id;
  core.db
    .prepare(
      `INSERT INTO incomes (id, client_id, person, kind, gross_cents, net_cents, taxable, counted, valid_from, updated_at)
       VALUES (lower(hex(randomblob(4))) || '-0000-7000-8000-' || lower(hex(randomblob(6))), ?, 'client', 'earnings_pension', 180000, 150000, 1, 1, '2024-01-01', ?)`,
    )
    .run(id, `${TODAY}T08:00:00.000Z`);
  return id;
}

async function grant(clientId: string, serviceCode: string, amount: number | null, startDate: string, outcome: 'grant' | 'change' | 'termination' = 'grant', endDate: string | null = null) {
  const d = await manager.ok('decisions.createDraft', {
    clientId,
    outcome,
    appliedService: serviceCode === 'meal_service' ? 'support_services' : (serviceCode as 'home_care'),
    appliedOn: '2026-11-02',
    lines: [{ serviceCode, amount, startDate, endDate, providerKind: 'own' }],
    reasoningIds: [],
    reasoningFree: 'Palveluntarve on arvioitu.',
  });
  const signed = await manager.ok('decisions.sign', { decisionId: d.id, version: d.version });
  return { decisionId: signed.id, lineId: signed.lines[0]!.id };
}

const lineOf = async (clientId: string, lineId: string) => (await manager.ok('arrangement.client', { clientId })).find((l) => l.lineId === lineId)!;

describe('a granted service awaits its start and the fee follows the actual days', () => {
  let clientId: string;
  let lineId: string;

  it('signing a grant opens its arrangement: awaiting, arrange-by three months on, no fee before the start', async () => {
    clientId = freshClient(areaId('Espoo'));
    ({ lineId } = await grant(clientId, 'home_care', 20, '2026-11-16'));
    const l = await lineOf(clientId, lineId);
    expect(l).toMatchObject({ state: 'awaiting', arrangeBy: '2027-02-23', decidedOn: TODAY, appliedOn: '2026-11-02', startedOn: null, waitingDays: 21 });
    expect(l.responsibleWorkerId).not.toBeNull();
    // The service has not started, so there is nothing to charge yet: no fee draft from the planned start.
    expect(count(core, 'SELECT count(*) FROM fee_decisions WHERE client_id = ?', clientId)).toBe(0);
    expect(servicesInForce(core.db, TODAY, clientId).size).toBe(0);
  });

  it('refuses a start in the future, before the matter was pending, a notice without its date, a stale version, another area', async () => {
    const l = await lineOf(clientId, lineId);
    const base = { lineId, startedOn: '2026-11-20', source: 'worker' as const, noticeOn: null, note: '', version: l.version };
    await refused(manager, 'arrangement.recordStart', { ...base, startedOn: addDays(TODAY, 1) }, 'VALIDATION', /tulevaisuudessa/);
    await refused(manager, 'arrangement.recordStart', { ...base, startedOn: '2026-11-01' }, 'VALIDATION', /ennen kuin asia tuli vireille \(2\.11\.2026\)/);
    await refused(manager, 'arrangement.recordStart', { ...base, source: 'provider_notice' }, 'VALIDATION', /ilmoituksen päivämäärä/);
    await refused(manager, 'arrangement.recordStart', { ...base, noticeOn: '2026-11-20' }, 'VALIDATION', /vain palveluntuottajan ilmoitukselle/);
    await refused(manager, 'arrangement.recordStart', { ...base, version: l.version + 5 }, 'CONFLICT', /samaan aikaan/);
    await refused(secretary, 'arrangement.recordStart', base, 'FORBIDDEN', /oikeutta/);
    await refused(manager, 'arrangement.recordStart', { ...base, startedOn: '2026-13-01' }, 'VALIDATION', /Alkamispäivä: anna päivämäärä muodossa p\.k\.vvvv/);
    // A worker of another area can neither see nor record this client's services.
    const other = freshClient(areaId('Lohja'));
    const { lineId: otherLine } = await grant(other, 'meal_service', 20, '2026-11-16');
    // (Answered like a missing row: no hint that it exists; the attempt is audited as access.denied.)
    const denied = count(core, "SELECT count(*) FROM audit_log WHERE action = 'access.denied'");
    const e = (await worker.call('arrangement.recordStart', { ...base, lineId: otherLine, version: 1 })) as Envelope<unknown>;
    expect(e.ok ? null : e.error.code).toBe('NOT_FOUND');
    expect((await worker.call('arrangement.client', { clientId: other })) as Envelope<unknown>).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'access.denied'")).toBe(denied + 2);
    expect(count(core, "SELECT count(*) FROM service_periods WHERE decision_service_id = ? AND status = 'awaiting' AND version = 1", otherLine)).toBe(1);
  });

  it('a start recorded from the provider notice makes the fee from the actual start day, and November is charged from it', async () => {
    const l = await lineOf(clientId, lineId);
    const started = await billing.ok('arrangement.recordStart', { lineId, startedOn: '2026-11-20', source: 'provider_notice', noticeOn: '2026-11-21', note: 'Kotihoito Espoo ilmoitti', version: l.version });
    expect(started).toMatchObject({ state: 'started', startedOn: '2026-11-20', startSource: 'provider_notice', startNoticeOn: '2026-11-21', waitingDays: 18 });
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'service.start' AND entity_id = ?", lineId).n).toBe(1);
    const fees = await billing.ok('fees.client', { clientId });
    const draft = fees.decisions.find((d) => d.status === 'draft')!;
    expect(draft).toMatchObject({ feeType: 'home_care', validFrom: '2026-11-20', reason: 'new_service' });
    expect(draft.feeCents).toBeGreaterThan(0);
    await billing.ok('fees.sign', { decisionIds: [draft.decisionId] });
    const rows = clientRows(loadMonthData(core.db, '2026-11', null, TODAY), clientId).filter((r) => r.rowType === 'home_care');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ periodFrom: '2026-11-20', periodTo: '2026-11-30' });
    // 11 days of November's 30, rounded half up to the cent.
    expect(rows[0]!.amountCents).toBe(Math.floor((draft.feeCents * 11 * 2 + 30) / 60));
  });

  it('ending the service ends the fee from the next day; the end can be taken back', async () => {
    let l = await lineOf(clientId, lineId);
    await refused(manager, 'arrangement.recordEnd', { lineId, endedOn: '2026-11-19', reason: 'other_service', source: 'worker', note: '', version: l.version }, 'VALIDATION', /ennen alkamispäivää/);
    l = await manager.ok('arrangement.recordEnd', { lineId, endedOn: '2026-11-22', reason: 'other_service', source: 'worker', note: 'Muutti palveluasumiseen', version: l.version });
    expect(l).toMatchObject({ state: 'ended', endedOn: '2026-11-22', endReason: 'other_service' });
    const fees = await billing.ok('fees.client', { clientId });
    const end = fees.decisions.find((d) => d.status === 'draft')!;
    expect(end).toMatchObject({ validFrom: '2026-11-23', ends: true, reason: 'service_end' });
    await billing.ok('fees.sign', { decisionIds: [end.decisionId] });
    const rows = clientRows(loadMonthData(core.db, '2026-11', null, TODAY), clientId).filter((r) => r.rowType === 'home_care');
    expect(rows[0]).toMatchObject({ periodFrom: '2026-11-20', periodTo: '2026-11-22' });
    expect(servicesInForce(core.db, '2026-11-23', clientId).size).toBe(0);
    expect(servicesInForce(core.db, '2026-11-21', clientId).get(clientId)?.get('home_care')).toMatchObject({ startDate: '2026-11-20', endDate: '2026-11-22' });
    // Taken back: the service runs again and billing gets a draft that restores the fee.
    l = await manager.ok('arrangement.undo', { lineId, what: 'end', version: l.version });
    expect(l.endedOn).toBeNull();
    const restore = (await billing.ok('fees.client', { clientId })).decisions.find((d) => d.status === 'draft')!;
    expect(restore).toMatchObject({ validFrom: '2026-11-23', ends: false });
  });

  it('a support service is billed from its actual start', async () => {
    const c = freshClient(areaId('Espoo'));
    const { lineId: meals } = await grant(c, 'meal_service', 20, '2026-11-10');
    expect(clientRows(loadMonthData(core.db, '2026-11', null, TODAY), c)).toHaveLength(0);
    const l = await lineOf(c, meals);
    await worker.ok('arrangement.recordStart', { lineId: meals, startedOn: '2026-11-16', source: 'worker', noticeOn: null, note: '', version: l.version });
    const rows = clientRows(loadMonthData(core.db, '2026-11', null, TODAY), c).filter((r) => r.rowType === 'support');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serviceCode: 'meal_service', periodFrom: '2026-11-16', periodTo: '2026-11-30' });
  });
});

describe('continuations, supersession, termination and services that never start', () => {
  it('a change of a running service continues it; a new grant of a waiting service supersedes the old one', async () => {
    const c = freshClient(areaId('Espoo'));
    const first = await grant(c, 'home_care', 10, '2026-11-05');
    let l = await lineOf(c, first.lineId);
    await manager.ok('arrangement.recordStart', { lineId: first.lineId, startedOn: '2026-11-06', source: 'worker', noticeOn: null, note: '', version: l.version });
    const change = await grant(c, 'home_care', 25, '2026-11-23', 'change');
    l = await lineOf(c, change.lineId);
    expect(l.state).toBe('continues');
    await refused(manager, 'arrangement.recordStart', { lineId: change.lineId, startedOn: TODAY, source: 'worker', noticeOn: null, note: '', version: l.version }, 'INVALID_STATE', /jatkuu/);
    // The fee follows the new hours from the change's start: the running period carries it.
    expect(servicesInForce(core.db, TODAY, c).get(c)?.get('home_care')).toMatchObject({ amount: 25, startDate: '2026-11-06' });

    const d = freshClient(areaId('Espoo'));
    const a = await grant(d, 'service_housing_24h', null, '2026-11-30');
    const b = await grant(d, 'service_housing_24h', null, '2026-12-15');
    expect((await lineOf(d, a.lineId)).state).toBe('superseded');
    expect((await lineOf(d, b.lineId)).state).toBe('awaiting');
  });

  it('a termination ends the running period on its last day and the fee after it', async () => {
    const c = freshClient(areaId('Espoo'));
    const g = await grant(c, 'home_care', 12, '2026-11-03');
    const l = await lineOf(c, g.lineId);
    await manager.ok('arrangement.recordStart', { lineId: g.lineId, startedOn: '2026-11-03', source: 'worker', noticeOn: null, note: '', version: l.version });
    await grant(c, 'home_care', null, '2026-11-01', 'termination', '2026-11-21');
    const after = await lineOf(c, g.lineId);
    expect(after).toMatchObject({ endedOn: '2026-11-21', endReason: 'need_ended', state: 'ended' });
    expect(servicesInForce(core.db, TODAY, c).size).toBe(0);
  });

  it('a service that will not start is marked so (and taken back); it leaves the waiting list', async () => {
    const c = freshClient(areaId('Espoo'));
    const g = await grant(c, 'meal_service', 30, '2026-11-30');
    let l = await lineOf(c, g.lineId);
    await refused(worker, 'arrangement.recordNotStarted', { lineId: g.lineId, on: '2026-11-01', reason: 'declined', note: '', version: l.version }, 'VALIDATION', /ennen päätöspäivää/);
    l = await worker.ok('arrangement.recordNotStarted', { lineId: g.lineId, on: TODAY, reason: 'declined', note: 'Asiakas kieltäytyi', version: l.version });
    expect(l.state).toBe('not_started');
    await refused(worker, 'arrangement.recordStart', { lineId: g.lineId, startedOn: TODAY, source: 'worker', noticeOn: null, note: '', version: l.version }, 'INVALID_STATE', /alkamatta/);
    const waiting = await worker.ok('arrangement.awaiting', { areaId: null, workerId: null, overdueOnly: false });
    expect(waiting.lines.some((x) => x.lineId === g.lineId)).toBe(false);
    l = await worker.ok('arrangement.undo', { lineId: g.lineId, what: 'notStarted', version: l.version });
    expect(l.state).toBe('awaiting');
  });
});

describe('overdue services in the queue and on the manager view', () => {
  it('lists overdue services with who is responsible, only in the areas the user may see', async () => {
    const all = await manager.ok('arrangement.awaiting', { areaId: null, workerId: null, overdueOnly: false });
    expect(all.overdue).toBeGreaterThan(0);
    expect(all.lines.filter((l) => l.state === 'overdue')).toHaveLength(all.overdue);
    // Independent count in SQL: granted lines of made decisions, no start, not superseded or continuing, arrange-by passed.
    const sqlOverdue = count(
      core,
      `SELECT count(*) FROM service_periods p JOIN decisions d ON d.id = p.decision_id
       WHERE d.status IN ('signed','sent') AND p.started_on IS NULL AND p.not_started_on IS NULL AND p.status = 'awaiting' AND d.arrange_by < ?`,
      TODAY,
    );
    expect(all.overdue).toBe(sqlOverdue);
    for (const l of all.lines.filter((x) => x.state === 'overdue')) {
      expect(l.arrangeBy! < TODAY).toBe(true);
      expect(l.daysLate).toBeGreaterThan(0);
      expect(l.responsibleWorkerId).not.toBeNull();
    }
    expect(all.lines[0]!.daysLate).toBe(Math.max(...all.lines.map((l) => l.daysLate ?? 0)));
    const espoo = areaId('Espoo');
    const mine = await worker.ok('arrangement.awaiting', { areaId: null, workerId: null, overdueOnly: true });
    expect(mine.lines.every((l) => l.areaId === espoo)).toBe(true);
    expect(mine.overdue).toBe(all.lines.filter((l) => l.state === 'overdue' && l.areaId === espoo).length);
    await refused(worker, 'arrangement.awaiting', { areaId: areaId('Lohja'), workerId: null, overdueOnly: false }, 'FORBIDDEN', /alueen/);
    const oneWorker = all.lines.find((l) => l.state === 'overdue')!.responsibleWorkerId!;
    const forWorker = await manager.ok('arrangement.awaiting', { areaId: null, workerId: oneWorker, overdueOnly: false });
    expect(forWorker.lines.length).toBeGreaterThan(0);
    expect(forWorker.lines.every((l) => l.responsibleWorkerId === oneWorker)).toBe(true);
  });

  it('a service granted today becomes overdue the day after its arrange-by date, on a later today', async () => {
    const c = freshClient(areaId('Espoo'));
    const g = await grant(c, 'home_care', 8, '2026-12-01');
    const later = (day: string) => openCore({ dbPath: path.join(dir, 'luotsi.sqlite'), clock: fixedDateClock(day) });
    for (const [day, state] of [
      ['2027-02-23', 'awaiting'],
      ['2027-02-24', 'overdue'],
    ] as const) {
      const other = later(day);
      try {
        const m = connect(other);
        await m.signIn('paallikko');
        const list = await m.ok('arrangement.awaiting', { areaId: null, workerId: null, overdueOnly: false });
        expect(list.lines.find((l) => l.lineId === g.lineId)?.state).toBe(state);
      } finally {
        other.close();
      }
    }
  });
});

describe('demo data', () => {
  it('every granted line has its arrangement; starts are realistic, some late, a few very late, some never started', () => {
    const lines = count(
      core,
      `SELECT count(*) FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       WHERE d.status IN ('signed','sent') AND d.kind IN ('service','voucher') AND d.outcome IN ('grant','partial_grant','change')`,
    );
    expect(count(core, 'SELECT count(*) FROM service_periods')).toBe(lines);
    expect(count(core, "SELECT count(*) FROM service_periods WHERE started_on > ? OR ended_on < started_on OR started_on < coalesce(applied_on, '2000-01-01')", TODAY)).toBe(0);
    const late = count(core, "SELECT count(*) FROM service_periods WHERE status = 'started' AND started_on > arrange_by");
    const veryLate = count(core, "SELECT count(*) FROM service_periods WHERE status = 'started' AND julianday(started_on) - julianday(arrange_by) > 30");
    const started = count(core, "SELECT count(*) FROM service_periods WHERE status = 'started' AND applied_on IS NOT NULL");
    expect(late).toBeGreaterThan(0);
    expect(veryLate).toBeGreaterThan(0);
    expect(veryLate).toBeLessThan(late);
    expect(late / started).toBeLessThan(0.1);
    expect(count(core, "SELECT count(*) FROM service_periods WHERE status = 'not_started'")).toBeGreaterThan(0);
    expect(count(core, "SELECT count(*) FROM service_periods WHERE status = 'started' AND start_source = 'provider_notice' AND start_notice_on IS NULL")).toBe(0);
    // Round-the-clock housing waits longest.
    const mean = (service: string) =>
      one<{ m: number }>("SELECT avg(julianday(started_on) - julianday(applied_on)) AS m FROM service_periods WHERE status = 'started' AND service_code = ? AND applied_on IS NOT NULL", service).m;
    expect(mean('service_housing_24h')).toBeGreaterThan(mean('home_care'));
    expect(count(core, 'SELECT count(*) FROM assessments WHERE multiprofessional = 1')).toBeGreaterThan(0);
  });
});
