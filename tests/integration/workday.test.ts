// A working day without friction or risk, in the core: messages by key in both languages through the real
// dispatcher, undo of a bulk assignment, the checks before creating a client from a report, the client's other
// work on the case page, and decision makers limited to those who may decide and can see the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import type { Envelope } from '../../shared/contract/errors';
import { formatHetu } from '../../shared/domain/hetu';
import { formatMessage } from '../../shared/messages';
import { addDays } from '../../shared/domain/dates';
import { connect, count, seededCore, TODAY } from '../support/core';

let core: Core;
beforeAll(() => {
  core = seededCore({ clients: 1200, intakeItems: 6000 });
});
afterAll(() => core.close());

const userId = (username: string) => core.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as string;
const areaOf = (username: string) => core.db.prepare('SELECT area_id FROM user_areas ua JOIN users u ON u.id = ua.user_id WHERE u.username = ?').pluck().get(username) as string;

/** The error of a refused call, worded in Swedish as the renderer words it. */
function refusal(e: Envelope<unknown>) {
  if (e.ok) throw new Error('expected a refusal');
  const sv = e.error.key ? formatMessage('sv', e.error.key, e.error.params) : e.error.message;
  return { ...e.error, sv };
}

describe('messages by key through the dispatcher', () => {
  it('words a refusal in Swedish from its key, field issues included, without internal names', async () => {
    const c = connect(core);
    await c.signIn('ohjaaja');
    const item = core.db.prepare("SELECT id, client_id FROM intake_items WHERE client_id IS NOT NULL AND area_id = ? LIMIT 1").get(areaOf('ohjaaja')) as { id: string; client_id: string };
    const r = refusal(
      (await c.call('assessments.create', {
        clientId: item.client_id,
        intakeItemId: item.id,
        assessedOn: '30.11.2026',
        method: 'home_visit',
        maple5: 6,
        cps: null,
        adlh: null,
        iadlch: null,
        drs: null,
        chess: null,
        nightCareNeed: false,
        informalCarer: false,
        functionalNotes: '',
        clientView: '',
        conclusion: '',
        serviceLevel: 'yellow',
      })) as Envelope<unknown>,
    );
    expect(r.code).toBe('VALIDATION');
    expect(r.issues?.map((i) => [i.path, i.key])).toEqual([
      ['assessedOn', 'field.date'],
      ['maple5', 'field.integerRange'],
    ]);
    expect(r.message).toBe('Tarkista tiedot: Arviointipäivä: anna päivämäärä muodossa p.k.vvvv; MAPLe_5: anna kokonaisluku 1–5.');
    expect(r.sv).toBe('Kontrollera uppgifterna: Bedömningsdatum: ange datumet i formen d.m.åååå; MAPLe_5: ange ett heltal 1–5.');
    expect(r.message + r.sv).not.toMatch(/maple5|assessedOn/);
  });

  it('words a future date in the core as d.m.yyyy in both languages', async () => {
    const c = connect(core);
    await c.signIn('ohjaaja');
    const clientId = core.db.prepare('SELECT id FROM clients WHERE area_id = ? LIMIT 1').pluck().get(areaOf('ohjaaja')) as string;
    const r = refusal(
      (await c.call('plans.save', {
        clientId,
        assessmentId: null,
        drawnUpOn: addDays(TODAY, 3),
        goals: 'Kotona asuminen',
        plannedServices: [],
        clientView: '',
        relativesView: '',
        reviewOn: addDays(TODAY, 200),
      })) as Envelope<unknown>,
    );
    expect(r.message).toBe('Laatimispäivä 26.11.2026 on tulevaisuudessa.');
    expect(r.sv).toBe('Datumet för uppgörandet 26.11.2026 ligger i framtiden.');
    expect(r.issues).toEqual([{ path: 'drawnUpOn', key: 'field.notInFuture', message: 'Päivä ei voi olla tulevaisuudessa.' }]);
  });
});

describe('undo of a bulk assignment', () => {
  it('puts the items back as they were, leaving items changed since, only for the user who moved them', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const ids = core.db.prepare("SELECT id FROM intake_items WHERE status = 'new' AND assigned_worker_id IS NULL LIMIT 6").pluck().all() as string[];
    const before = core.db.prepare(`SELECT id, status, assigned_worker_id, version FROM intake_items WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids);
    const worker = userId('ohjaaja');
    const res = await c.ok('queue.assign', { itemIds: ids, workerId: worker });
    expect(res).toMatchObject({ assigned: 6, workerOpenItems: count(core, "SELECT count(*) FROM intake_items WHERE assigned_worker_id = ? AND status IN ('new','assigned','assessment','decision')", worker) });

    // Someone starts work on one of them meanwhile: that one stays.
    const other = connect(core);
    await other.signIn('paallikko');
    const moved = await other.ok('intake.get', { itemId: ids[0]! });
    await other.ok('intake.transition', { itemId: ids[0]!, to: 'cancelled', version: moved.version, reason: 'Kaksoiskirjaus' });

    // Another user cannot undo it.
    const stranger = connect(core);
    await stranger.signIn('sosiaalityontekija');
    expect(refusal((await stranger.call('queue.undoAssign', { undoId: res.undoId })) as Envelope<unknown>)).toMatchObject({ code: 'NOT_FOUND', key: 'intake.undoGone' });

    const undo = await c.ok('queue.undoAssign', { undoId: res.undoId });
    expect(undo).toEqual({ restored: 5, skipped: 1 });
    const after = core.db.prepare(`SELECT id, status, assigned_worker_id FROM intake_items WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids) as {
      id: string;
      status: string;
      assigned_worker_id: string | null;
    }[];
    for (const row of after) {
      if (row.id === ids[0]) expect(row.status).toBe('cancelled');
      else expect(row).toMatchObject({ status: 'new', assigned_worker_id: null });
    }
    expect(before).toHaveLength(6);
    // Undone once: a second undo is refused and changes nothing.
    const versions = count(core, `SELECT sum(version) FROM intake_items WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids);
    expect(refusal((await c.call('queue.undoAssign', { undoId: res.undoId })) as Envelope<unknown>)).toMatchObject({ key: 'intake.undoGone' });
    expect(count(core, `SELECT sum(version) FROM intake_items WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(versions);
  });

  it('refuses an undo after its window, writing nothing', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const ids = core.db.prepare("SELECT id FROM intake_items WHERE status = 'new' AND assigned_worker_id IS NULL LIMIT 2").pluck().all() as string[];
    const res = await c.ok('queue.assign', { itemIds: ids, workerId: userId('ohjaaja') });
    core.db.prepare('UPDATE assignment_undo SET created_at = ? WHERE undo_id = ?').run(new Date(Date.parse(core.clock.now().toISOString()) - 11 * 60_000).toISOString(), res.undoId);
    const r = refusal((await c.call('queue.undoAssign', { undoId: res.undoId })) as Envelope<unknown>);
    expect(r).toMatchObject({ code: 'INVALID_STATE', key: 'intake.undoExpired' });
    expect(r.sv).toBe('En överföring kan ångras i 10 minuter; tiden har gått ut.');
    expect(count(core, `SELECT count(*) FROM intake_items WHERE assigned_worker_id IS NOT NULL AND id IN (?, ?)`, ...ids)).toBe(2);
  });
});

describe('creating a client from a report', () => {
  const newItem = () =>
    core.db
      .prepare("SELECT id, subject_birth_date FROM intake_items WHERE client_id IS NULL AND status IN ('new','assigned') AND subject_birth_date IS NOT NULL LIMIT 1")
      .get() as { id: string; subject_birth_date: string };
  const base = (itemId: string, hetu: string) => ({ itemId, hetu, lastName: 'Testinen', firstNames: 'Tyyne', language: 'fi' as const, streetAddress: null, postalCode: null, postOffice: null, phone: null });

  it('refuses an impossible age and a birth in the future, writing nothing', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const item = newItem();
    const clients = count(core, 'SELECT count(*) FROM clients');
    // 300149+123S: a valid code of someone born in 1849.
    const old = refusal((await c.call('intake.createClient', base(item.id, '300149+123S'))) as Envelope<unknown>);
    expect(old).toMatchObject({ code: 'VALIDATION', key: 'hetu.implausibleAge', params: { age: 177, birthDate: '1849-01-30' } });
    expect(old.message).toBe('Henkilötunnuksen mukaan asiakas olisi 177-vuotias (syntynyt 30.1.1849). Tarkista henkilötunnus, erityisesti välimerkki.');
    const future = refusal((await c.call('intake.createClient', base(item.id, formatHetu('2027-03-01', 950)))) as Envelope<unknown>);
    expect(future).toMatchObject({ key: 'hetu.futureBirth' });
    const check = refusal((await c.call('intake.createClient', base(item.id, '131052-308U'))) as Envelope<unknown>);
    expect(check.message).toBe('Henkilötunnus ei kelpaa: Tarkistemerkki ei täsmää: tarkista henkilötunnus asiakirjasta.');
    expect(check.message).not.toMatch(/\bT\b/);
    expect(count(core, 'SELECT count(*) FROM clients')).toBe(clients);
  });

  it('asks before creating when the birth date is not the report’s, and creates once confirmed', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const item = newItem();
    let n = 900;
    const other = addDays(item.subject_birth_date, -400);
    while (core.db.prepare('SELECT 1 FROM clients WHERE hetu = ?').get(formatHetu(other, n))) n++;
    const hetu = formatHetu(other, n);
    const r = refusal((await c.call('intake.createClient', base(item.id, hetu))) as Envelope<unknown>);
    expect(r).toMatchObject({ code: 'VALIDATION', key: 'hetu.birthDateDiffers', issues: [{ path: 'hetu', key: 'hetu.birthDateDiffers' }] });
    expect(r.sv).toContain('är inte detsamma som i anmälan');
    expect(core.db.prepare('SELECT 1 FROM clients WHERE hetu = ?').get(hetu)).toBeUndefined();
    const ok = await c.ok('intake.createClient', { ...base(item.id, hetu), confirmWarnings: true });
    expect(ok.client?.hetuMasked).toBe(`${hetu.slice(0, 7)}****`);
  });

  it('reads the report’s language for a new client (a Swedish report → svenska)', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const sv = core.db.prepare("SELECT id FROM intake_items WHERE client_id IS NULL AND report_language = 'sv' LIMIT 1").pluck().get() as string | undefined;
    const fi = core.db.prepare("SELECT id FROM intake_items WHERE client_id IS NULL AND report_language = 'fi' LIMIT 1").pluck().get() as string;
    if (sv) expect((await c.ok('intake.get', { itemId: sv })).reportLanguage).toBe('sv');
    expect((await c.ok('intake.get', { itemId: fi })).reportLanguage).toBe('fi');
    // A report from before languages were recorded is read from its text.
    core.db.prepare('UPDATE intake_items SET report_language = NULL, text = ? WHERE id = ?').run('Anhörig berättar att maken inte längre orkar vårda klienten ensam.', fi);
    expect((await c.ok('intake.get', { itemId: fi })).reportLanguage).toBe('sv');
  });
});

describe('the case page shows the client’s other work', () => {
  it('lists other open items with their workers, recent assessments and decisions', async () => {
    const c = connect(core);
    await c.signIn('ohjaaja');
    const area = areaOf('ohjaaja');
    const client = core.db
      .prepare(
        `SELECT client_id FROM intake_items WHERE client_id IS NOT NULL AND area_id = ? AND status IN ('new','assigned','assessment','decision')
         GROUP BY client_id HAVING count(*) >= 2 LIMIT 1`,
      )
      .pluck()
      .get(area) as string;
    const items = core.db.prepare("SELECT id FROM intake_items WHERE client_id = ? AND status IN ('new','assigned','assessment','decision') ORDER BY received_at").pluck().all(client) as string[];
    const detail = await c.ok('intake.get', { itemId: items[0]! });
    expect(detail.related).not.toBeNull();
    expect(detail.related!.openItems.map((i) => i.id)).toEqual(expect.arrayContaining(items.slice(1)));
    expect(detail.related!.openItems.some((i) => i.id === items[0])).toBe(false);
    for (const a of detail.related!.recentAssessments) expect(a.assessedOn >= addDays(TODAY, -180)).toBe(true);
  });
});

describe('decision makers', () => {
  it('offers only those who may decide and work in the client’s area, and refuses a proposal to someone else', async () => {
    const c = connect(core);
    await c.signIn('ohjaaja');
    const area = areaOf('ohjaaja');
    const d = core.db
      .prepare("SELECT d.id, d.version FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.status = 'draft' AND d.kind = 'service' AND c.area_id = ? LIMIT 1")
      .get(area) as { id: string; version: number } | undefined;
    expect(d).toBeTruthy();
    const makers = await c.ok('decisions.eligibleMakers', { decisionId: d!.id });
    expect(makers.length).toBeGreaterThan(0);
    const countyWide = new Set(['client_secretary', 'billing', 'service_manager', 'admin']);
    for (const m of makers) {
      const role = core.db.prepare('SELECT role FROM users WHERE id = ?').pluck().get(m.id) as string;
      expect(countyWide.has(role) || m.areaIds.includes(area)).toBe(true);
    }
    // A guidance worker of another area is never offered, and a proposal naming one is refused.
    const outsider = core.db
      .prepare("SELECT u.id FROM users u WHERE u.role = 'guidance_worker' AND u.active = 1 AND NOT EXISTS (SELECT 1 FROM user_areas ua WHERE ua.user_id = u.id AND ua.area_id = ?) LIMIT 1")
      .pluck()
      .get(area) as string;
    expect(makers.some((m) => m.id === outsider)).toBe(false);
    const r = refusal((await c.call('decisions.propose', { decisionId: d!.id, version: d!.version, decisionMakerId: outsider })) as Envelope<unknown>);
    expect(r.code === 'FORBIDDEN' || r.code === 'VALIDATION').toBe(true);
    expect(core.db.prepare('SELECT status FROM decisions WHERE id = ?').pluck().get(d!.id)).toBe('draft');
  });
});

describe('the sending queue', () => {
  it('gives each waiting decision its signing day and the arrange-by day its letter prints', async () => {
    const c = connect(core);
    await c.signIn('sihteeri');
    const rows = await c.ok('letters.ready', {});
    expect(rows.length).toBeGreaterThan(0);
    const stored = new Map(
      (core.db.prepare("SELECT id, decided_on, arrange_by FROM decisions WHERE status = 'signed'").all() as { id: string; decided_on: string; arrange_by: string | null }[]).map((r) => [r.id, r]),
    );
    for (const r of rows) expect({ decidedOn: r.decidedOn, arrangeBy: r.arrangeBy }).toEqual({ decidedOn: stored.get(r.decisionId)!.decided_on, arrangeBy: stored.get(r.decisionId)!.arrange_by });
    // The demo has grants among them, each with an arrange-by day after its signing.
    const grants = rows.filter((r) => r.arrangeBy !== null);
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) expect(g.arrangeBy! > g.decidedOn).toBe(true);
  });
});
