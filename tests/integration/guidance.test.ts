// The guidance workflow through the real dispatcher on a real SQLite file: intake handling, assessment,
// criteria, plan, decisions with delegation, and every refusal the issue names (nothing written on refusal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import type { Envelope } from '../../shared/contract/errors';
import { formatHetu } from '../../shared/domain/hetu';
import { connect, count, seededCore, TODAY } from '../support/core';

let core: Core;
beforeAll(() => {
  core = seededCore({ clients: 800, intakeItems: 4000 });
});
afterAll(() => core.close());

const snapshot = () =>
  ['decisions', 'decision_services', 'assessments', 'client_plans', 'clients', 'intake_items', 'outbox', 'decision_numbers'].map((t) =>
    count(core, `SELECT count(*) FROM ${t}`),
  );
const userId = (username: string) => core.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as string;

async function fails(w: ReturnType<typeof connect>, channel: string, input: unknown, code: string, message: RegExp) {
  const before = snapshot();
  const e = (await w.call(channel, input)) as Envelope<unknown>;
  expect(e.ok, `${channel} should fail`).toBe(false);
  if (!e.ok) {
    expect(e.error.code).toBe(code);
    expect(e.error.message).toMatch(message);
  }
  expect(snapshot()).toEqual(before);
}

const baseAssessment = {
  assessedOn: TODAY,
  method: 'home_visit' as const,
  maple5: 4,
  cps: 3,
  adlh: 4,
  iadlch: 5,
  drs: 2,
  chess: 1,
  nightCareNeed: true,
  informalCarer: false,
  functionalNotes: 'Tarvitsee apua liikkumisessa.',
  clientView: 'Haluaa turvallisen asumisen.',
  conclusion: 'Ympärivuorokautinen tarve.',
  serviceLevel: 'red' as const,
};

describe('guidance workflow end to end', () => {
  let itemId: string;
  let clientId: string;
  let assessmentId: string;
  let decisionId: string;
  let worker: ReturnType<typeof connect>;
  let manager: ReturnType<typeof connect>;
  let secretary: ReturnType<typeof connect>;

  beforeAll(async () => {
    worker = connect(core);
    manager = connect(core);
    secretary = connect(core);
    await worker.signIn('ohjaaja');
    await manager.signIn('paallikko');
    await secretary.signIn('sihteeri');
    itemId = core.db
      .prepare(
        `SELECT id FROM intake_items WHERE client_id IS NULL AND status = 'new' AND type = 'concern_report'
           AND area_id IN (SELECT area_id FROM user_areas WHERE user_id = (SELECT id FROM users WHERE username = 'ohjaaja')) ORDER BY id LIMIT 1`,
      )
      .pluck()
      .get() as string;
    expect(itemId).toBeTruthy();
  });

  it('refuses an illegal transition and starting the assessment without a client', async () => {
    const item = await worker.ok('intake.get', { itemId });
    expect(item.status).toBe('new');
    await fails(worker, 'intake.transition', { itemId, to: 'decision', version: item.version }, 'INVALID_STATE', /tilasta "uusi" tilaan "päätösvaiheessa"/);
    const taken = await worker.ok('intake.transition', { itemId, to: 'assigned', version: item.version });
    expect(taken.assignedWorker?.id).toBe(userId('ohjaaja'));
    await fails(worker, 'intake.transition', { itemId, to: 'assessment', version: taken.version }, 'INVALID_STATE', /Liitä asia asiakkaaseen/);
  });

  it('detects a duplicate henkilötunnus and creates the client from the item', async () => {
    const existing = core.db.prepare('SELECT hetu FROM clients LIMIT 1').pluck().get() as string;
    const input = { itemId, hetu: existing, lastName: 'Testinen', firstNames: 'Tuuli', language: 'fi' as const, streetAddress: 'Koetie 1', postalCode: '02100', postOffice: 'Espoo', phone: null };
    await fails(worker, 'intake.createClient', input, 'CONFLICT', /Henkilötunnuksella on jo asiakas/);
    await fails(worker, 'intake.createClient', { ...input, hetu: '010136-901X' }, 'VALIDATION', /Tarkistemerkki ei täsmää/);
    let n = 900;
    while (count(core, 'SELECT count(*) FROM clients WHERE hetu = ?', formatHetu('1936-01-01', n))) n += 1;
    // The report may name another birth date: the worker confirms (the warning itself: workday.test.ts).
    const created = await worker.ok('intake.createClient', { ...input, hetu: formatHetu('1936-01-01', n), confirmWarnings: true });
    clientId = created.client!.id;
    expect(created.client!.name).toBe('Testinen Tuuli');
    expect(core.db.prepare('SELECT responsible_worker_id FROM clients WHERE id = ?').pluck().get(clientId)).toBe(userId('ohjaaja'));
  });

  it('refuses out-of-range RAI scores and dates in the wrong order, then records the assessment', async () => {
    await fails(worker, 'assessments.create', { ...baseAssessment, clientId, intakeItemId: itemId, maple5: 6 }, 'VALIDATION', /MAPLe_5: anna kokonaisluku 1–5/);
    await fails(worker, 'assessments.create', { ...baseAssessment, clientId, intakeItemId: itemId, drs: 15 }, 'VALIDATION', /DRS/);
    await fails(worker, 'assessments.create', { ...baseAssessment, clientId, intakeItemId: itemId, assessedOn: '2020-01-01' }, 'VALIDATION', /ennen yhteydenottoa/);
    const a = await worker.ok('assessments.create', { ...baseAssessment, clientId, intakeItemId: itemId });
    assessmentId = a.id;
    expect(a.reassessmentDue).toBe('2027-05-23');
    expect((await worker.ok('intake.get', { itemId })).status).toBe('assessment');
  });

  it('evaluates the criteria rule by rule', async () => {
    const results = await worker.ok('assessments.evaluate', { assessmentId });
    const housing = results.find((r) => r.serviceCode === 'service_housing_24h')!;
    expect(housing.pass).toBe(true);
    expect(housing.example).toBe(true);
    const home = results.find((r) => r.serviceCode === 'home_care')!;
    expect(home.pass).toBe(true);
    const maple = home.rules.find((r) => r.id === 'maple')!;
    expect(maple.conditions[0]).toMatchObject({ actual: 4, pass: true, margin: 0 });
  });

  it('saves a client plan and refuses a review date before it', async () => {
    const plan = { clientId, assessmentId, drawnUpOn: TODAY, goals: 'Turvallinen asuminen', plannedServices: [{ serviceCode: 'service_housing_24h', amount: null, note: '' }], clientView: '', relativesView: '' };
    await fails(worker, 'plans.save', { ...plan, reviewOn: '2026-01-01' }, 'VALIDATION', /Tarkistuspäivä/);
    const saved = await worker.ok('plans.save', { ...plan, reviewOn: '2027-05-23' });
    expect(saved.workerName).toBe('Laura Mäkelä');
  });

  it('drafts a decision; someone without the delegated power cannot sign; the manager signs once', async () => {
    const reasoning = await worker.ok('catalogue.reasoning', {});
    const line = { serviceCode: 'service_housing_24h', amount: null, startDate: '2026-12-01', endDate: null, providerKind: 'own' as const };
    const draft = { clientId, intakeItemId: itemId, assessmentId, outcome: 'grant' as const, appliedService: 'service_housing_24h' as const, lines: [line], reasoningIds: [reasoning.find((r) => r.code === 'round_the_clock_need')!.id], reasoningFree: 'Kotona asuminen ei ole turvallista.' };
    await fails(worker, 'decisions.createDraft', { ...draft, lines: [{ ...line, endDate: '2026-11-01' }] }, 'VALIDATION', /ennen alkamispäivää/);
    const d = await worker.ok('decisions.createDraft', draft);
    decisionId = d.id;
    expect(d.status).toBe('draft');
    expect(d.legalBasis).toMatch(/21 c §/);
    const inDecision = await worker.ok('intake.get', { itemId });
    expect(inDecision.status).toBe('decision');
    await fails(worker, 'intake.transition', { itemId, to: 'closed', version: inDecision.version }, 'INVALID_STATE', /keskeneräinen päätös\. Allekirjoita tai poista se/);

    await fails(worker, 'decisions.sign', { decisionId, version: d.version }, 'FORBIDDEN', /päätösvaltaa palvelusta ympärivuorokautinen/);
    await fails(secretary, 'decisions.sign', { decisionId, version: d.version }, 'FORBIDDEN', /oikeutta/);
    const makers = await worker.ok('decisions.eligibleMakers', { decisionId });
    expect(makers.map((m) => m.id)).toContain(userId('paallikko'));
    expect(makers.map((m) => m.id)).not.toContain(userId('ohjaaja'));
    await fails(worker, 'decisions.propose', { decisionId, version: d.version, decisionMakerId: userId('ohjaaja') }, 'FORBIDDEN', /Laura Mäkelä/);
    const proposed = await worker.ok('decisions.propose', { decisionId, version: d.version, decisionMakerId: userId('paallikko') });
    expect(proposed.status).toBe('proposed');
    await fails(worker, 'decisions.updateDraft', { ...draft, decisionId, version: proposed.version }, 'INVALID_STATE', /Palauta se luonnokseksi/);

    const lastBefore = (core.db.prepare('SELECT last FROM decision_numbers WHERE year = 2026').pluck().get() as number | undefined) ?? 0;
    const signed = await manager.ok('decisions.sign', { decisionId, version: proposed.version });
    expect(signed.status).toBe('signed');
    expect(signed.number).toBe(`${lastBefore + 1}/2026`);
    expect(signed.decidedOn).toBe(TODAY);
    expect(signed.arrangeBy).toBe('2027-02-23');
    expect(signed.reasoningFi).toMatch(/ympärivuorokautinen/);
    expect(signed.reasoningSv).toMatch(/dygnet runt/);

    await fails(manager, 'decisions.sign', { decisionId, version: signed.version }, 'INVALID_STATE', /kahdesti/);
    await fails(worker, 'decisions.updateDraft', { ...draft, decisionId, version: signed.version }, 'INVALID_STATE', /Allekirjoitettua päätöstä ei voi muuttaa/);
    await fails(worker, 'decisions.discard', { decisionId, version: signed.version }, 'INVALID_STATE', /Allekirjoitettua/);
  });

  it('the database itself refuses to change a signed decision', () => {
    expect(() => core.db.prepare("UPDATE decisions SET reasoning_free = 'muutettu' WHERE id = ?").run(decisionId)).toThrow(/immutable/);
    expect(() => core.db.prepare('UPDATE decision_services SET amount = 99 WHERE decision_id = ?').run(decisionId)).toThrow(/immutable/);
    expect(() => core.db.prepare('DELETE FROM decisions WHERE id = ?').run(decisionId)).toThrow(/immutable/);
  });

  it('records the sending, which fixes notification and review deadlines; a correction is a new decision', async () => {
    await fails(secretary, 'decisions.markSent', { decisionId, sentOn: '2026-11-01', channel: 'letter' }, 'VALIDATION', /ennen päätöspäivää/);
    await fails(worker, 'decisions.markSent', { decisionId, sentOn: TODAY, channel: 'letter' }, 'FORBIDDEN', /oikeutta/);
    const sent = await secretary.ok('decisions.markSent', { decisionId, sentOn: TODAY, channel: 'letter' });
    expect(sent).toMatchObject({ status: 'sent', sentOn: TODAY, notifiedOn: '2026-11-30', appealLastDay: '2026-12-30' });
    await fails(secretary, 'decisions.markSent', { decisionId, sentOn: TODAY, channel: 'letter' }, 'INVALID_STATE', /jo lähetetty/);

    const correction = await worker.ok('decisions.correct', { decisionId });
    expect(correction).toMatchObject({ status: 'draft', correctsId: decisionId, correctsNumber: sent.number });
    const original = await worker.ok('decisions.get', { decisionId });
    expect(original.version).toBe(sent.version);

    const chain = await worker.ok('clients.chain', { clientId });
    expect(chain.assessments).toHaveLength(1);
    expect(chain.plans).toHaveLength(1);
    // The correction draft and the sent decision; the fee is decided once the service has started (arrangement tests).
    expect(chain.decisions.map((d) => d.status).sort()).toEqual(['draft', 'sent']);
    expect(chain.reassessmentDue).toBe('2027-05-23');

    const closed = await worker.ok('intake.transition', { itemId, to: 'closed', version: (await worker.ok('intake.get', { itemId })).version });
    expect(closed.status).toBe('closed');
    await fails(worker, 'intake.transition', { itemId, to: 'assessment', version: closed.version }, 'INVALID_STATE', /jo suljettu/);
  });

  it('every step left audit and outbox rows', () => {
    const actions = core.db.prepare('SELECT DISTINCT action FROM audit_log WHERE client_id = ?').pluck().all(clientId);
    expect(actions).toEqual(expect.arrayContaining(['intake.createClient', 'assessment.create', 'plan.save', 'decision.draft', 'decision.propose', 'decision.sign', 'decision.send', 'decision.correct']));
    // Captured by the sync triggers: the draft's insert and its updates (proposal, signing, sending, correction).
    const changes = core.db.prepare("SELECT op FROM outbox WHERE entity = 'decisions' AND row_key = ? ORDER BY seq").pluck().all(decisionId);
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(changes)).toEqual(new Set(['upsert']));
  });
});

describe('criteria administration and workload', () => {
  it('saves a new criteria version from tomorrow and closes the previous; refuses a past start', async () => {
    const admin = connect(core);
    await admin.signIn('paakayttaja');
    const rules = [{ id: 'maple', labelFi: 'MAPLe ≥ 2', labelSv: 'MAPLe ≥ 2', any: [{ fact: 'maple5' as const, op: '>=' as const, value: 2 }] }];
    await fails(admin, 'criteria.save', { serviceCode: 'support_services', validFrom: TODAY, source: 'Päätös 1/2027', rules }, 'VALIDATION', /aikaisintaan huomenna/);
    await fails(admin, 'criteria.save', { serviceCode: 'support_services', validFrom: '2027-01-01', source: 'x', rules: [{ ...rules[0]!, any: [{ fact: 'cps', op: '>=', value: 7 }] }] }, 'VALIDATION', /CPS-asteikon/);
    const saved = await admin.ok('criteria.save', { serviceCode: 'support_services', validFrom: '2027-01-01', source: 'Päätös 1/2027', rules });
    expect(saved.example).toBe(false);
    const all = await admin.ok('criteria.list', {});
    const old = all.find((s) => s.serviceCode === 'support_services' && s.id !== saved.id)!;
    expect(old.validTo).toBe('2026-12-31');
    const worker = connect(core);
    await worker.signIn('ohjaaja');
    await fails(worker, 'criteria.save', { serviceCode: 'support_services', validFrom: '2027-02-01', source: 'x', rules }, 'FORBIDDEN', /oikeutta/);
  });

  it('shows each caseworker\'s open items, overdue and clients', async () => {
    const manager = connect(core);
    await manager.signIn('paallikko');
    const rows = await manager.ok('intake.workload', {});
    const total = count(core, "SELECT count(*) FROM intake_items WHERE assigned_worker_id IS NOT NULL AND status IN ('new','assigned','assessment','decision')");
    expect(rows.reduce((s, r) => s + r.openItems, 0)).toBe(total);
    expect(rows.some((r) => r.overdue > 0)).toBe(true);
  });

  it('the demo county has decisions in every state, numbered uniquely per year', () => {
    for (const s of ['draft', 'proposed', 'signed', 'sent']) expect(count(core, 'SELECT count(*) FROM decisions WHERE status = ?', s), s).toBeGreaterThan(0);
    expect(count(core, 'SELECT count(*) FROM decisions WHERE status IN (\'signed\',\'sent\') AND number IS NULL')).toBe(0);
    expect(count(core, 'SELECT count(*) FROM assessments')).toBeGreaterThan(100);
    expect(count(core, 'SELECT count(*) FROM providers')).toBeGreaterThan(5);
    // Every made demo decision is within its maker's delegated power.
    expect(core.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });
});
