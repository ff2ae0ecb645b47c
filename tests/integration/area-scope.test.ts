// Area scoping and read audit in the core, tried as an attacker with a worker's own credentials would: the demo
// guidance worker (ohjaaja) works one area; every channel that reads or changes personal data must refuse the
// other areas' rows exactly as rows that do not exist, change nothing, and leave a trace of the attempt. A client
// secretary (county-wide) must still not see or write a protected register address through sync conflicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import type { Envelope } from '../../shared/contract/errors';
import { uuidv7 } from '../../electron/core/ids';
import { connect, count, seededCore } from '../support/core';

let core: Core;
let worker: ReturnType<typeof connect>;
let manager: ReturnType<typeof connect>;
let secretary: ReturnType<typeof connect>;
let myArea: string;

beforeAll(async () => {
  core = seededCore({ clients: 800, intakeItems: 4000 });
  worker = connect(core);
  manager = connect(core);
  secretary = connect(core);
  await worker.signIn('ohjaaja');
  await manager.signIn('paallikko');
  await secretary.signIn('sihteeri');
  myArea = core.db.prepare("SELECT area_id FROM user_areas WHERE user_id = (SELECT id FROM users WHERE username = 'ohjaaja')").pluck().get() as string;
});
afterAll(() => core.close());

const one = <T>(sql: string, ...params: unknown[]) => core.db.prepare(sql).get(...params) as T;

/** Every table a refused call could touch, by row count and content hash (the audit log apart). */
const DATA_TABLES = ['clients', 'intake_items', 'assessments', 'client_plans', 'decisions', 'decision_services', 'incomes', 'absences', 'fee_decisions', 'sync_conflicts', 'letters'];
function dataSnapshot(): string {
  return DATA_TABLES.map((t) => {
    const cols = (core.db.prepare(`PRAGMA table_info(${t})`).all() as { name: string; type: string }[]).filter((c) => c.type !== 'BLOB').map((c) => c.name);
    return `${t}:${core.db.prepare(`SELECT count(*) || ':' || coalesce(sum(length(json_array(${cols.join(',')}))), 0) FROM ${t}`).pluck().get()}`;
  }).join('|');
}

const otherClient = (protectedAddr = 0) =>
  one<{ id: string; hetu: string; last_name: string; street_address: string }>(
    'SELECT id, hetu, last_name, street_address FROM clients WHERE area_id <> ? AND address_protected = ? AND deleted = 0 LIMIT 1',
    myArea,
    protectedAddr,
  );
const ownClient = (protectedAddr = 0) =>
  one<{ id: string; hetu: string; street_address: string }>('SELECT id, hetu, street_address FROM clients WHERE area_id = ? AND address_protected = ? AND deleted = 0 LIMIT 1', myArea, protectedAddr);

/** Calls as `who`; must be refused as NOT_FOUND with the message of a row that does not exist, writing no data. */
async function refusedAsMissing(who: ReturnType<typeof connect>, channel: string, input: Record<string, unknown>, message: string) {
  const before = dataSnapshot();
  const denials = count(core, "SELECT count(*) FROM audit_log WHERE action = 'access.denied'");
  const e = (await who.call(channel, input)) as Envelope<unknown>;
  expect(e, channel).toEqual({ ok: false, error: { code: 'NOT_FOUND', message, key: expect.stringMatching(/^notFound\./) } });
  expect(dataSnapshot(), `${channel} changed data`).toBe(before);
  expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'access.denied'"), `${channel} attempt not recorded`).toBe(denials + 1);
}

describe('a one-area worker', () => {
  it('cannot open, reveal, chain or search another area’s client, exactly as if it did not exist', async () => {
    const c = otherClient();
    const ghost = '01890a5d-ac96-774b-bcce-b302099a8057';
    expect(await worker.call('clients.get', { clientId: ghost })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Asiakasta ei löytynyt.', key: 'notFound.client' } });
    await refusedAsMissing(worker, 'clients.get', { clientId: c.id }, 'Asiakasta ei löytynyt.');
    await refusedAsMissing(worker, 'clients.revealHetu', { clientId: c.id }, 'Asiakasta ei löytynyt.');
    await refusedAsMissing(worker, 'clients.chain', { clientId: c.id }, 'Asiakasta ei löytynyt.');
    await refusedAsMissing(worker, 'fees.client', { clientId: c.id }, 'Asiakasta ei löytynyt.');
    const denial = one<{ details: string; user_id: string; client_id: string | null }>("SELECT details, user_id, client_id FROM audit_log WHERE action = 'access.denied' ORDER BY at DESC, id DESC LIMIT 1");
    expect(JSON.parse(denial.details)).toEqual({ channel: 'fees.client', reason: 'area', entity: 'clients', id: c.id });
    expect(denial.client_id).toBeNull();

    // A search by the full henkilötunnus finds nothing; a name search only the own area's clients.
    expect(await worker.ok('clients.search', { query: c.hetu, limit: 10 })).toEqual([]);
    const byName = await worker.ok('clients.search', { query: c.last_name, limit: 500 });
    const areas = byName.map((r) => one<{ area_id: string }>('SELECT area_id FROM clients WHERE id = ?', r.id).area_id);
    expect(areas.every((a) => a === myArea)).toBe(true);
    // The county-wide manager finds the same client.
    expect((await manager.ok('clients.search', { query: c.hetu, limit: 10 })).map((r) => r.id)).toEqual([c.id]);
  });

  it('records every search in the core, a henkilötunnus search under the client found and masked', async () => {
    const c = ownClient();
    const before = count(core, "SELECT count(*) FROM audit_log WHERE action = 'client.search'");
    const found = await worker.ok('clients.search', { query: c.hetu, limit: 10 });
    expect(found.map((r) => r.id)).toEqual([c.id]);
    const row = one<{ client_id: string; details: string }>("SELECT client_id, details FROM audit_log WHERE action = 'client.search' ORDER BY at DESC, id DESC LIMIT 1");
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'client.search'")).toBe(before + 1);
    expect(row.client_id).toBe(c.id);
    expect(row.details).not.toContain(c.hetu);
    expect(JSON.parse(row.details)).toMatchObject({ kind: 'hetu', query: `${c.hetu.slice(0, 7)}****`, results: 1 });
  });

  it('sees only the own area in the queue, and records each page read', async () => {
    const reads = count(core, "SELECT count(*) FROM audit_log WHERE action = 'queue.read'");
    const all = await worker.ok('queue.page', { areaId: null, includeClosed: true, after: null, limit: 50_000 });
    expect(all.rows.length).toBe(count(core, 'SELECT count(*) FROM intake_items WHERE area_id = ?', myArea));
    expect(all.rows.every((r) => r[8] === myArea)).toBe(true);
    const other = core.db.prepare('SELECT id FROM areas WHERE id <> ? LIMIT 1').pluck().get(myArea) as string;
    expect((await worker.ok('queue.page', { areaId: other, includeClosed: false, after: null, limit: 100 })).rows).toEqual([]);
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'queue.read'")).toBe(reads + 2);
    const item = one<{ id: string; client_id: string | null }>('SELECT id, client_id FROM intake_items WHERE area_id <> ? AND client_id IS NOT NULL LIMIT 1', myArea);
    expect((await worker.ok('queue.rows', { itemIds: [item.id], clientIds: [item.client_id!], areaId: null, includeClosed: true })).rows).toEqual([]);
    // The manager's whole queue has every area.
    const county = await manager.ok('queue.page', { areaId: null, includeClosed: true, after: null, limit: 50_000 });
    expect(county.rows.length).toBe(count(core, 'SELECT count(*) FROM intake_items'));
  });

  it('cannot read or move another area’s intake item, nor assign it', async () => {
    const item = one<{ id: string; version: number }>("SELECT id, version FROM intake_items WHERE area_id <> ? AND status = 'new' LIMIT 1", myArea);
    await refusedAsMissing(worker, 'intake.get', { itemId: item.id }, 'Saapunutta asiaa ei löytynyt.');
    await refusedAsMissing(worker, 'intake.transition', { itemId: item.id, to: 'assigned', version: item.version }, 'Saapunutta asiaa ei löytynyt.');
    const me = one<{ id: string }>("SELECT id FROM users WHERE username = 'ohjaaja'").id;
    const own = one<{ id: string }>("SELECT id FROM intake_items WHERE area_id = ? AND status = 'new' LIMIT 1", myArea).id;
    await refusedAsMissing(worker, 'queue.assign', { itemIds: [own, item.id], workerId: me }, 'Saapunutta asiaa ei löytynyt.');
    expect(one<{ status: string }>('SELECT status FROM intake_items WHERE id = ?', own).status).toBe('new');
    // An own item opens, and the core records the read under its client.
    const opened = count(core, "SELECT count(*) FROM audit_log WHERE action = 'intake.open' AND entity_id = ?", own);
    await worker.ok('intake.get', { itemId: own });
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'intake.open' AND entity_id = ?", own)).toBe(opened + 1);
  });

  it('gets the queue export written by the core, recorded there, and refused whole if one row is another area’s', async () => {
    const own = core.db.prepare('SELECT id FROM intake_items WHERE area_id = ? ORDER BY id LIMIT 3').pluck().all(myArea) as string[];
    const foreign = one<{ id: string }>('SELECT id FROM intake_items WHERE area_id <> ? LIMIT 1', myArea).id;
    const header = ['Asiakas', 'Määräpäivä'];
    const rows = own.map((id, i) => ({ id, cells: [i === 0 ? '=HYPERLINK("http://x")' : `Asiakas ${i}`, i] }));
    const exports = count(core, "SELECT count(*) FROM audit_log WHERE action = 'queue.export'");
    const f = await worker.ok('queue.export', { view: 'Kiireelliset', format: 'csv', header, rows });
    const text = Buffer.from(f.base64, 'base64').toString('utf8');
    expect(f.fileName).toMatch(/^jono-kiireelliset-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(text.replace(/^\uFEFF/, '').split('\r\n')).toEqual(['Asiakas;Määräpäivä', '"\'=HYPERLINK(""http://x"")";0', 'Asiakas 1;1', 'Asiakas 2;2', '']);
    const row = one<{ user_id: string; details: string }>("SELECT user_id, details FROM audit_log WHERE action = 'queue.export' ORDER BY rowid DESC LIMIT 1");
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'queue.export'")).toBe(exports + 1);
    expect(JSON.parse(row.details)).toMatchObject({ view: 'Kiireelliset', format: 'csv', rows: 3 });
    const xlsx = await worker.ok('queue.export', { view: '', format: 'xlsx', header, rows });
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // One row of another area among the own ones: nothing is written, the attempt recorded, as for a missing item.
    await refusedAsMissing(worker, 'queue.export', { view: '', format: 'csv', header, rows: [...rows, { id: foreign, cells: ['x', 1] }] }, 'Saapunutta asiaa ei löytynyt.');
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'queue.export'")).toBe(exports + 2);
    // Rows whose cells do not match the header are bad input.
    expect(((await worker.call('queue.export', { view: '', format: 'csv', header, rows: [{ id: own[0], cells: ['x'] }] })) as Envelope<unknown>).ok).toBe(false);
  });

  it('cannot link an own item to another area’s client, nor learn its name through the duplicate check', async () => {
    const own = one<{ id: string }>("SELECT id FROM intake_items WHERE area_id = ? AND status = 'new' AND client_id IS NULL LIMIT 1", myArea).id;
    const c = otherClient();
    await refusedAsMissing(worker, 'intake.linkClient', { itemId: own, clientId: c.id }, 'Asiakasta ei löytynyt.');
    const before = dataSnapshot();
    const dup = (await worker.call('intake.createClient', {
      itemId: own,
      hetu: c.hetu,
      lastName: 'Testinen',
      firstNames: 'Tuuli',
      language: 'fi',
      streetAddress: 'Koetie 1',
      postalCode: '02100',
      postOffice: 'Espoo',
      phone: null,
    })) as Envelope<unknown>;
    expect(dup.ok).toBe(false);
    expect(JSON.stringify(dup)).not.toContain(c.last_name);
    expect(JSON.stringify(dup)).not.toContain(c.id);
    expect(!dup.ok && dup.error.message).toMatch(/toisella palvelualueella/);
    expect(dataSnapshot()).toBe(before);
  });

  it('cannot read, list or change another area’s decisions, assessments, plans or fee data', async () => {
    const d = one<{ id: string; client_id: string; version: number }>(
      "SELECT d.id, d.client_id, d.version FROM decisions d JOIN clients c ON c.id = d.client_id WHERE c.area_id <> ? AND d.status = 'draft' LIMIT 1",
      myArea,
    );
    await refusedAsMissing(worker, 'decisions.get', { decisionId: d.id }, 'Päätöstä ei löytynyt.');
    await refusedAsMissing(worker, 'letters.preview', { decisionId: d.id }, 'Päätöstä ei löytynyt.');
    await refusedAsMissing(worker, 'decisions.discard', { decisionId: d.id, version: d.version }, 'Päätöstä ei löytynyt.');
    const list = await worker.ok('decisions.list', { statuses: [], mine: false, waitingForMe: false, clientId: null });
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((r) => one<{ area_id: string }>('SELECT area_id FROM clients WHERE id = ?', r.clientId).area_id === myArea)).toBe(true);
    expect(await worker.ok('decisions.list', { statuses: [], mine: false, waitingForMe: false, clientId: d.client_id })).toEqual([]);

    const a = one<{ id: string; client_id: string } | undefined>('SELECT a.id, a.client_id FROM assessments a JOIN clients c ON c.id = a.client_id WHERE c.area_id <> ? LIMIT 1', myArea);
    if (a) await refusedAsMissing(worker, 'assessments.evaluate', { assessmentId: a.id }, 'Arviointia ei löytynyt.');
    const c = otherClient();
    await refusedAsMissing(
      worker,
      'fees.addAbsence',
      { clientId: c.id, cause: 'institution', from: '2026-11-01', to: '2026-11-10', note: 'hyökkäys' },
      'Asiakasta ei löytynyt.',
    );
    await refusedAsMissing(
      worker,
      'plans.save',
      { clientId: c.id, assessmentId: null, drawnUpOn: '2026-11-20', goals: 'x', plannedServices: [], clientView: '', relativesView: '', reviewOn: '2027-05-20' },
      'Asiakasta ei löytynyt.',
    );
    await refusedAsMissing(
      worker,
      'decisions.createDraft',
      { clientId: c.id, outcome: 'grant', lines: [], reasoningIds: [], reasoningFree: '', appliedService: null, appliedOn: null },
      'Asiakasta ei löytynyt.',
    );
  });

  it('is refused county-wide work even where its role list would let it in', async () => {
    // Guidance workers may read a client's fee basis, but lists over the whole county belong to county-wide roles.
    const before = dataSnapshot();
    for (const [channel, input] of [
      ['letters.ready', {}],
      ['fees.decisions', { status: 'draft' }],
      ['caregiver.agreements', {}],
    ] as const) {
      const e = (await worker.call(channel, input)) as Envelope<unknown>;
      expect(e.ok, channel).toBe(false);
      expect(!e.ok && e.error.code).toBe('FORBIDDEN');
    }
    expect(dataSnapshot()).toBe(before);
  });

  it('sees its areas again after a change by the administrator, without signing in again', async () => {
    const other = otherClient();
    const me = one<{ id: string }>("SELECT id FROM users WHERE username = 'ohjaaja'").id;
    const area = one<{ area_id: string }>('SELECT area_id FROM clients WHERE id = ?', other.id).area_id;
    core.db.prepare('INSERT INTO user_areas (user_id, area_id) VALUES (?, ?)').run(me, area);
    try {
      expect((await worker.ok('clients.get', { clientId: other.id })).id).toBe(other.id);
    } finally {
      core.db.prepare('DELETE FROM user_areas WHERE user_id = ? AND area_id = ?').run(me, area);
    }
    expect((await worker.call('clients.get', { clientId: other.id })).ok).toBe(false);
  });
});

describe('sync conflicts', () => {
  /** A conflict as the push records it: the local row holds the central version, mine waits in sync_conflicts. */
  function conflictOn(clientId: string, changes: Record<string, unknown>): string {
    const theirs = JSON.parse(core.db.prepare('SELECT json_object(' + cols('clients') + ') FROM clients R WHERE id = ?').pluck().get(clientId) as string) as Record<string, unknown>;
    const mine = { ...theirs, ...changes };
    const id = uuidv7();
    core.db
      .prepare('INSERT INTO sync_conflicts (id, entity, row_key, base_version, server_version, mine, theirs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, 'clients', clientId, Number(theirs.version) - 1, Number(theirs.version), JSON.stringify(mine), JSON.stringify(theirs), new Date().toISOString());
    return id;
  }
  const cols = (t: string) =>
    (core.db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => `'${c.name}', R.${c.name}`).join(', ');

  it('hides a protected register address from a client secretary and refuses to write it from her version', async () => {
    const c = ownClient(1);
    const id = conflictOn(c.id, { street_address: 'Salainen kuja 13', phone: '040 1234567', hetu: c.hetu });
    try {
      const seen = (await secretary.ok('sync.conflicts', {})).conflicts.find((x) => x.id === id)!;
      expect(seen).toBeTruthy();
      const street = seen.fields.find((f) => f.field === 'street_address')!;
      expect(street).toMatchObject({ hidden: true, mine: null, theirs: null });
      expect(JSON.stringify(seen)).not.toContain('Salainen kuja 13');
      expect(JSON.stringify(seen)).not.toContain(c.street_address);
      expect(seen.fields.find((f) => f.field === 'phone')).toMatchObject({ hidden: false, mine: '040 1234567' });

      const before = dataSnapshot();
      for (const input of [
        { id, choice: 'mine' as const, pick: {} },
        { id, choice: 'merge' as const, pick: { street_address: 'mine' as const } },
      ]) {
        const e = (await secretary.call('sync.resolve', input)) as Envelope<unknown>;
        expect(e).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('turvakiellon') } });
        expect(dataSnapshot()).toBe(before);
      }
      expect(one<{ street_address: string }>('SELECT street_address FROM clients WHERE id = ?', c.id).street_address).toBe(c.street_address);

      // The area's guidance worker sees the address; another area's worker sees no conflict at all.
      const shown = (await worker.ok('sync.conflicts', {})).conflicts.find((x) => x.id === id)!;
      expect(shown.fields.find((f) => f.field === 'street_address')).toMatchObject({ hidden: false, mine: 'Salainen kuja 13', theirs: c.street_address });
      const stranger = connect(core);
      await stranger.signIn('sosiaalityontekija');
      expect((await stranger.ok('sync.conflicts', {})).conflicts.find((x) => x.id === id)).toBeUndefined();
      await refusedAsMissing(stranger, 'sync.resolve', { id, choice: 'theirs', pick: {} }, 'Ristiriitaa ei löytynyt.');

      // The secretary may take the phone from her version while the address stays central.
      await secretary.ok('sync.resolve', { id, choice: 'merge', pick: { phone: 'mine', street_address: 'theirs' } });
      expect(one<{ street_address: string; phone: string }>('SELECT street_address, phone FROM clients WHERE id = ?', c.id)).toEqual({
        street_address: c.street_address,
        phone: '040 1234567',
      });
    } finally {
      core.db.prepare("UPDATE sync_conflicts SET resolved_at = 'x' WHERE id = ?").run(id);
    }
  });

  it('masks a henkilötunnus in a conflict as the card does', async () => {
    const c = ownClient();
    const wrong = `${c.hetu.slice(0, 7)}9999`;
    const id = conflictOn(c.id, { hetu: wrong });
    try {
      const seen = (await worker.ok('sync.conflicts', {})).conflicts.find((x) => x.id === id)!;
      expect(JSON.stringify(seen)).not.toContain(c.hetu);
      expect(JSON.stringify(seen)).not.toContain(wrong);
      expect(seen.fields.find((f) => f.field === 'hetu')).toMatchObject({ mineText: `${c.hetu.slice(0, 7)}****` });
    } finally {
      core.db.prepare("UPDATE sync_conflicts SET resolved_at = 'x' WHERE id = ?").run(id);
    }
  });
});
