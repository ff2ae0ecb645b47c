// The sync as the app runs it, against a real PostgreSQL: the central connection settings and their checks,
// the first sign-in of a new workstation (the central database checks the password, the first copy comes
// with progress), the background loop started at sign-in with the indicator's status as events, a local
// change pushed at once, a conflict listed and resolved through the contract, and a server that cannot be
// reached or refuses the password shown in the indicator while local work goes on.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import type { DataChanges } from '../../shared/contract/sync-schemas';
import { QUEUE_COL } from '../../shared/domain/intake';
import { seededCentral, until, workstations } from '../support/central';
import { connect, TODAY } from '../support/core';
import { numbersLeft, takeNumber } from '../../electron/core/numbers';
import { SyncSession } from '../../electron/core/sync/session';

let centralUrl: string; // this file's central database without credentials, as the settings take it
let admin: pg.Client;
const clock = fixedDateClock(TODAY);
const stations = workstations(clock);
const workstation = (opts: { demo?: boolean; central?: boolean } = {}) =>
  stations.open({ seed: opts.demo ? { clients: 300, intakeItems: 900 } : null, centralUrl: opts.central ? centralUrl : null });

const centralPhone = async (clientId: string) =>
  (await admin.query<{ p: string | null }>("SELECT data->>'phone' AS p FROM sync_rows WHERE entity = 'clients' AND row_key = $1", [clientId])).rows[0]?.p;

beforeAll(async () => {
  ({ centralUrl, admin } = await seededCentral(`luotsi_app_${process.pid}`, { clients: 300, intakeItems: 900 }, clock));
});

afterAll(async () => {
  await stations.shutdown();
  await admin?.end();
});

describe('central connection settings', () => {
  it('are the admin’s, checked with clear messages, and a refused setting changes nothing', async () => {
    const { core } = workstation({ demo: true });
    const w = connect(core);
    await w.signIn('ohjaaja');
    const denied = await w.call('sync.saveSettings', { url: centralUrl, tls: 'disable', ca: null });
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    await w.ok('session.signOut', {});
    await w.signIn('paakayttaja');
    const bad: [unknown, RegExp][] = [
      [{ url: 'http://central/luotsi', tls: 'verify-full', ca: null }, /alettava postgresql/],
      [{ url: 'postgresql://user:secret@central/luotsi', tls: 'verify-full', ca: null }, /Älä kirjoita käyttäjätunnusta tai salasanaa/],
      [{ url: 'postgresql://central.hyvinvointialue.fi/luotsi', tls: 'disable', ca: null }, /Salaamaton yhteys sallitaan vain/],
      [{ url: 'postgresql://central/', tls: 'verify-full', ca: null }, /tietokannan nimi/],
      [{ url: 'postgresql://central/luotsi?sslmode=disable', tls: 'verify-full', ca: null }, /TLS valitaan asetuksista/],
      [{ url: 'postgresql://central/luotsi', tls: 'verify-full', ca: '-----BEGIN CERTIFICATE-----\nroska\n-----END CERTIFICATE-----' }, /CA-varmenne ei ole kelvollinen/],
    ];
    for (const [input, message] of bad) {
      const r = await w.call('sync.saveSettings', input);
      expect(r.ok ? 'saved' : r.error.message).toMatch(message);
    }
    expect(await w.ok('sync.settings', {})).toMatchObject({ url: null, tls: 'verify-full', ca: null });

    const tested = await w.ok('sync.test', { url: centralUrl, tls: 'disable', ca: null });
    expect(tested.message).toMatch(/Yhteys toimii/);
    const wrongDb = await w.call('sync.test', { url: centralUrl.replace(/\/[^/]*$/, '/ei_ole'), tls: 'disable', ca: null });
    expect(wrongDb.ok ? '' : wrongDb.error.message).toMatch(/Keskustietokantaa ei löydy/);
    expect((await w.ok('sync.settings', {})).url).toBeNull();
  });
});

describe('a workstation syncing as the signed-in user', () => {
  it('a new workstation’s first sign-in is checked centrally and copies what the user may see, with progress', async () => {
    const { core, statuses } = workstation({ central: true });
    expect(core.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    const w = connect(core);
    const wrong = await w.call('session.signIn', { username: 'ohjaaja', password: 'väärä' });
    expect(wrong.ok ? '' : wrong.error.message).toBe('Käyttäjätunnus tai salasana on väärä.');
    expect(core.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);

    const user = await w.signIn('ohjaaja');
    expect(user.username).toBe('ohjaaja');
    const areas = core.db.prepare('SELECT DISTINCT area_id FROM clients').pluck().all();
    expect(areas).toHaveLength(1);
    expect(statuses.some((s) => s.progress?.phase === 'initial' && s.progress.total > 0)).toBe(true);
    const online = await until('online', () => statuses.find((s) => s.state === 'online' && s.user === 'ohjaaja'));
    expect(online).toMatchObject({ configured: true, error: null });
  });

  it('pushes a change at once, and a conflicting central change is listed and resolved field by field', async () => {
    const { core, statuses } = workstation({ central: true });
    const w = connect(core);
    await w.signIn('ohjaaja');
    await until('online', () => statuses.find((s) => s.state === 'online'));
    const clientId = core.db.prepare('SELECT id FROM clients ORDER BY id LIMIT 1').pluck().get() as string;
    const workers = core.db.prepare("SELECT id, display_name FROM users WHERE role IN ('guidance_worker','social_worker') AND active = 1 ORDER BY id").all() as {
      id: string;
      display_name: string;
    }[];

    await w.ok('clients.setResponsibleWorker', { clientId, workerId: workers[0]!.id });
    await until('the change on the central database', async () => {
      const r = await admin.query("SELECT data->>'responsible_worker_id' AS w FROM sync_rows WHERE entity = 'clients' AND row_key = $1", [clientId]);
      return r.rows[0]?.w === workers[0]!.id;
    });

    // The workstation goes offline (the server's address changes under it), both sides edit the client.
    const off = connect(core);
    await off.signIn('paakayttaja');
    await off.ok('sync.saveSettings', { url: centralUrl.replace(/:\d+\//, ':1/'), tls: 'disable', ca: null });
    const offline = await until('offline', () => core.sync.status().state === 'offline' && core.sync.status());
    expect(offline.error).toMatch(/ei saada yhteyttä/);
    await w.ok('clients.setResponsibleWorker', { clientId, workerId: workers[1]!.id });
    expect(core.sync.status().pending).toBeGreaterThan(0);
    await admin.query(
      `UPDATE sync_rows SET data = data || jsonb_build_object('phone', '040 111 2222', 'responsible_worker_id', $2::text), version = nextval('sync_version_seq'), writer_device = NULL
       WHERE entity = 'clients' AND row_key = $1`,
      [clientId, workers[2]!.id],
    );
    await off.ok('sync.saveSettings', { url: centralUrl, tls: 'disable', ca: null });
    await until('the conflict', () => core.sync.status().conflicts === 1);

    const { conflicts } = await off.ok('sync.conflicts', {});
    expect(conflicts).toHaveLength(1);
    const c = conflicts[0]!;
    const name = core.db.prepare("SELECT last_name || ' ' || first_names FROM clients WHERE id = ?").pluck().get(clientId);
    expect(c).toMatchObject({ entity: 'clients', rowKey: clientId, subject: name, frozen: false });
    const field = c.fields.find((f) => f.field === 'responsible_worker_id')!;
    expect(field).toMatchObject({ mineText: workers[1]!.display_name, theirsText: workers[2]!.display_name });
    // The row shows the central version meanwhile.
    expect(core.db.prepare('SELECT phone FROM clients WHERE id = ?').pluck().get(clientId)).toBe('040 111 2222');

    const bad = await off.call('sync.resolve', { id: 'ei-ole', choice: 'mine', pick: {} });
    expect(bad.ok ? '' : bad.error.code).toBe('NOT_FOUND');
    const after = await off.ok('sync.resolve', { id: c.id, choice: 'merge', pick: { responsible_worker_id: 'mine' } });
    expect(after.conflicts).toBe(0);
    await until('the merged row on the central database', async () => {
      const r = await admin.query("SELECT data->>'responsible_worker_id' AS w, data->>'phone' AS p FROM sync_rows WHERE entity = 'clients' AND row_key = $1", [clientId]);
      return r.rows[0]?.w === workers[1]!.id && r.rows[0]?.p === '040 111 2222';
    });
    expect(await centralPhone(clientId)).toBe('040 111 2222');
    const audit = core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.resolve'").pluck().get();
    expect(audit).toBe(1);
  });

  it('another workstation’s changes reach open views: the rows and clients changed, the queue rows as they are now', async () => {
    const a = workstation({ central: true });
    const b = workstation({ central: true });
    const wa = connect(a.core);
    const wb = connect(b.core);
    await wa.signIn('ohjaaja');
    await wb.signIn('ohjaaja');
    await until('both online', () => a.statuses.some((s) => s.state === 'online') && b.statuses.some((s) => s.state === 'online'));
    const changes: DataChanges[] = [];
    a.core.onEvent((event, payload) => event === 'data.changed' && changes.push(payload as DataChanges));

    const item = b.core.db.prepare("SELECT id, area_id FROM intake_items WHERE status = 'new' ORDER BY id LIMIT 1").get() as { id: string; area_id: string };
    const clientId = b.core.db.prepare('SELECT id FROM clients ORDER BY id DESC LIMIT 1').pluck().get() as string;
    const workers = b.core.db.prepare("SELECT id FROM users WHERE role = 'guidance_worker' AND active = 1 ORDER BY id").pluck().all() as string[];
    const before = await wa.ok('queue.rows', { itemIds: [item.id], areaId: item.area_id });
    expect(before.rows.map((r) => [r[QUEUE_COL.status], r[QUEUE_COL.worker]])).toEqual([['new', null]]);

    await wb.ok('queue.assign', { itemIds: [item.id], workerId: workers[0]! });
    await wb.ok('clients.setResponsibleWorker', { clientId, workerId: workers[0]! });
    b.core.sync.afterCall();
    const got = await until('the changes on workstation A', () => {
      a.core.sync.nudge();
      const all = changes.flatMap((c) => c.itemIds ?? []);
      const clients = changes.flatMap((c) => c.clientIds ?? []);
      return all.includes(item.id) && clients.includes(clientId) && changes;
    });
    expect(got.flatMap((c) => c.entities)).toEqual(expect.arrayContaining(['intake_items', 'clients']));
    // The audit trail is not something a view shows: reading clients anywhere must not make every window refresh.
    expect(got.flatMap((c) => c.entities)).not.toContain('audit_log');

    const after = await wa.ok('queue.rows', { itemIds: [item.id], areaId: item.area_id });
    expect(after.rows.map((r) => [r[QUEUE_COL.id], r[QUEUE_COL.status], r[QUEUE_COL.worker]])).toEqual([[item.id, 'assigned', workers[0]]]);
    // Another area's view, or a closed-only change, leaves the row out: the queue drops it.
    const other = a.core.db.prepare('SELECT id FROM areas WHERE id <> ? LIMIT 1').pluck().get(item.area_id) as string;
    expect((await wa.ok('queue.rows', { itemIds: [item.id], areaId: other })).rows).toEqual([]);
    expect((await wa.call('queue.rows', { itemIds: [item.id], areaId: 'ei-ole' })).ok).toBe(false);
  });

  it('a refused password shows in the indicator, local work goes on, and signing out stops the sync', async () => {
    const { core } = workstation({ demo: true });
    core.db.prepare("UPDATE sync_state SET central_url = ?, central_tls = 'disable'").run(centralUrl);
    // The local password and the central one differ (changed centrally, say): the app keeps working locally.
    await core.sync.signedIn('ohjaaja', 'vanha-salasana');
    const s = await until('offline', () => core.sync.status().state === 'offline' && core.sync.status());
    expect(s.error).toBe('Keskustietokanta ei hyväksynyt käyttäjätunnusta tai salasanaa.');
    const w = connect(core);
    await w.signIn('ohjaaja');
    await until('online', () => core.sync.status().state === 'online');
    await w.ok('session.signOut', {});
    await until('off', () => core.sync.status().state === 'off');
    expect(core.sync.status().user).toBeNull();
  });
});

describe('decision and invoice numbers', () => {
  it('workstations number from blocks reserved centrally: no number twice, also offline; a standalone series starts at its first number', async () => {
    const a = workstation({ central: true });
    const b = workstation({ central: true });
    const wa = connect(a.core);
    const wb = connect(b.core);
    await wa.signIn('laskutus');
    await wb.signIn('laskutus');
    await until('both online', () => a.core.sync.status().state === 'online' && b.core.sync.status().state === 'online');
    await until('decision numbers in reserve', () => numbersLeft(a.core.db, 'decision', 2026) >= 10 && numbersLeft(b.core.db, 'decision', 2026) >= 10);
    const highest = Number(
      (await admin.query("SELECT max((data->>'number')::bigint) AS n FROM sync_rows WHERE entity = 'decisions' AND (data->>'number_year')::int = 2026")).rows[0].n,
    );

    // Both sign fee decisions (offline would be the same: the numbers are already theirs).
    const drafts = a.core.db
      .prepare("SELECT f.decision_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE d.status = 'draft' ORDER BY f.decision_id LIMIT 3")
      .pluck()
      .all() as string[];
    expect(drafts.length).toBe(3);
    const signedA = await wa.ok('fees.sign', { decisionIds: drafts.slice(0, 2) });
    const signedB = await wb.ok('fees.sign', { decisionIds: drafts.slice(2) });
    const numbers = [...signedA.numbers, ...signedB.numbers].map((n) => Number(n.split('/')[0]));
    expect(new Set(numbers).size).toBe(3);
    expect(Math.min(...numbers)).toBeGreaterThan(highest);

    // A block used up offline: a clear refusal, nothing signed.
    const offline = workstation({ demo: true });
    offline.core.db.prepare("UPDATE sync_state SET central_url = ?, central_tls = 'disable'").run(centralUrl.replace(/:\d+\//, ':1/'));
    expect(() => offline.core.db.transaction(() => takeNumber(offline.core.db, 'decision', 2026))()).toThrow(/ei ole varattu päätösnumeroita vuodelle 2026/);

    // An invoice reservation covers what a run needs, once.
    await a.core.sync.ensureNumbers('invoice', 0, 250, 500_000);
    expect(numbersLeft(a.core.db, 'invoice', 0)).toBe(250);
    await b.core.sync.ensureNumbers('invoice', 0, 10, 500_000);
    const inv = [...Array(250)].map(() => takeNumber(a.core.db, 'invoice', 0, 500_000));
    const invB = [...Array(10)].map(() => takeNumber(b.core.db, 'invoice', 0, 500_000));
    expect(inv[0]).toBe(500_000);
    expect(new Set([...inv, ...invB]).size).toBe(260);
    const blocks = (await admin.query("SELECT count(*) AS n FROM number_blocks WHERE series = 'invoice'")).rows[0].n;
    expect(Number(blocks)).toBe(2);

    // Standalone, the biller's first invoice number is the first one given.
    const standalone = workstation({ demo: true });
    standalone.core.db.prepare('DELETE FROM invoice_numbers').run();
    expect(takeNumber(standalone.core.db, 'invoice', 0, 700_000)).toBe(700_000);
    expect(takeNumber(standalone.core.db, 'invoice', 0, 700_000)).toBe(700_001);
  });
});

describe('a decision made offline', () => {
  it('reaches the central database whole: the decision signed, its lines, its service periods, nothing refused (central 009)', async () => {
    const { core } = workstation({ central: true });
    const w = connect(core);
    await w.signIn('paallikko');
    await until('online with decision numbers', () => core.sync.status().state === 'online' && numbersLeft(core.db, 'decision', 2026) >= 10);
    const clientId = core.db
      .prepare('SELECT c.id FROM clients c WHERE c.deleted = 0 AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.client_id = c.id) ORDER BY c.id LIMIT 1')
      .pluck()
      .get() as string;
    // Offline: the draft with its line is written, then signed; the outbox holds the decision first (pushed with its
    // content at push time: already signed), then its line, then the signing.
    await core.sync.signedOut();
    const draft = await w.ok('decisions.createDraft', {
      clientId,
      outcome: 'grant',
      appliedService: 'home_care',
      appliedOn: '2026-11-02',
      lines: [{ serviceCode: 'home_care', amount: 20, startDate: '2026-11-30', endDate: null, providerKind: 'own' }],
      reasoningIds: [],
      reasoningFree: 'Palveluntarve on arvioitu.',
    });
    const signed = await w.ok('decisions.sign', { decisionId: draft.id, version: draft.version });
    expect(signed.status).toBe('signed');
    await core.sync.signedIn('paallikko', 'demo');
    await until('pushed', () => core.sync.status().state === 'online' && core.db.prepare('SELECT count(*) FROM outbox').pluck().get() === 0, 60_000);
    expect(core.db.prepare('SELECT entity, reason FROM sync_rejects').all()).toEqual([]);
    const central = async (entity: string, where: string) =>
      (await admin.query(`SELECT data FROM sync_rows WHERE entity = $1 AND NOT deleted AND ${where}`, [entity, signed.id])).rows.map((r) => r.data as Record<string, unknown>);
    expect((await central('decisions', 'row_key = $2'))[0]).toMatchObject({ status: 'signed', decision_maker_id: signed.decisionMaker!.id, number: Number(signed.number!.split('/')[0]) });
    expect(await central('decision_services', "data->>'decision_id' = $2")).toEqual([expect.objectContaining({ id: signed.lines[0]!.id, amount: 20 })]);
    expect(await central('service_periods', "data->>'decision_id' = $2")).toEqual([expect.objectContaining({ decision_service_id: signed.lines[0]!.id, status: 'awaiting' })]);
  });
});

describe('a workstation shared by users of different areas', () => {
  it('each user has their own first copy and pull cursor, so no one misses changes the other could not see', async () => {
    const { core } = workstation({});
    const role = `luotsi_test_other_${process.pid}`;
    const espoo = (await admin.query("SELECT areas[1] AS a FROM sync_users WHERE role_name = 'ohjaaja'")).rows[0].a as string;
    const other = (await admin.query("SELECT DISTINCT area_id AS a FROM sync_rows WHERE entity = 'clients' AND area_id <> $1 ORDER BY 1 LIMIT 1", [espoo])).rows[0].a as string;
    // A worker of that area only (the central database reads a user's areas from their user_areas rows).
    const otherUser = (
      await admin.query(
        `SELECT u.row_key AS user_id FROM sync_rows u
         WHERE u.entity = 'users' AND NOT u.deleted AND u.data->>'role' IN ('guidance_worker', 'social_worker') AND u.data->>'active' = '1'
           AND NOT EXISTS (SELECT 1 FROM sync_users s WHERE s.user_id = u.row_key)
           AND (SELECT array_agg(a.data->>'area_id') FROM sync_rows a WHERE a.entity = 'user_areas' AND NOT a.deleted AND a.data->>'user_id' = u.row_key) = ARRAY[$1]
         ORDER BY 1 LIMIT 1`,
        [other],
      )
    ).rows[0].user_id as string;
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'demo' IN ROLE luotsi_user`);
    await admin.query('INSERT INTO sync_users (role_name, user_id, all_areas, areas) VALUES ($1, $2, false, $3)', [role, otherUser, [other]]);
    const conn = (user: string) => ({ url: centralUrl, user, password: 'demo' });
    const round = async (user: string) => {
      const s = await SyncSession.open(core.db, clock, conn(user));
      try {
        return await s.syncOnce();
      } finally {
        await s.close();
      }
    };
    const areasHere = () => core.db.prepare('SELECT DISTINCT area_id FROM clients ORDER BY 1').pluck().all();

    await round('ohjaaja');
    expect(areasHere()).toEqual([espoo]);
    // While the Espoo worker works here, a client of the other area changes centrally.
    const moved = (await admin.query("SELECT row_key FROM sync_rows WHERE entity = 'clients' AND area_id = $1 ORDER BY row_key LIMIT 1", [other])).rows[0].row_key as string;
    await admin.query(
      "UPDATE sync_rows SET data = jsonb_set(data, '{phone}', '\"09 123 4567\"'), version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'clients' AND row_key = $1",
      [moved],
    );
    await round('ohjaaja');
    // The other area's worker then signs in here: their own first copy brings their area, with the change.
    const first = await round(role);
    expect(first.pulled).toBeGreaterThan(0);
    expect(areasHere()).toEqual([espoo, other].sort());
    expect(core.db.prepare('SELECT phone FROM clients WHERE id = ?').pluck().get(moved)).toBe('09 123 4567');
    expect(core.db.prepare('SELECT role, initial_state FROM sync_cursors ORDER BY role').all()).toEqual(
      [{ role, initial_state: 'done' }, { role: 'ohjaaja', initial_state: 'done' }].sort((x, y) => x.role.localeCompare(y.role)),
    );
    expect((await round('ohjaaja')).pulled).toBe(0);

    // An Espoo client moves to the other area, with all its rows: the Espoo worker's pull removes the copy
    // here; the other area's worker (whose copy it now is) gets it back with their next round.
    const mover = (
      await admin.query(
        "SELECT r.row_key FROM sync_rows r WHERE r.entity = 'clients' AND r.area_id = $1 AND EXISTS (SELECT 1 FROM sync_rows i WHERE i.entity = 'intake_items' AND i.client_id = r.row_key) ORDER BY 1 LIMIT 1",
        [espoo],
      )
    ).rows[0].row_key as string;
    const itemsOf = () => core.db.prepare('SELECT count(*) FROM intake_items WHERE client_id = ?').pluck().get(mover) as number;
    const items = itemsOf();
    expect(items).toBeGreaterThan(0);
    await admin.query('BEGIN');
    await admin.query(
      "UPDATE sync_rows SET area_id = $2, data = jsonb_set(data, '{area_id}', to_jsonb($2::text)), version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'clients' AND row_key = $1",
      [mover, other],
    );
    await admin.query(
      "UPDATE sync_rows SET area_id = $2, data = jsonb_set(data, '{area_id}', to_jsonb($2::text)), version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'intake_items' AND client_id = $1",
      [mover, other],
    );
    await admin.query('SELECT sync_move_client($1, $2)', [mover, other]);
    await admin.query('COMMIT');
    await round('ohjaaja');
    expect(core.db.prepare('SELECT count(*) FROM clients WHERE id = ?').pluck().get(mover)).toBe(0);
    expect(itemsOf()).toBe(0);
    await round(role);
    expect(core.db.prepare('SELECT area_id FROM clients WHERE id = ?').pluck().get(mover)).toBe(other);
    expect(itemsOf()).toBe(items);
  });
});

describe('change log compaction', () => {
  it('keeps only the newest entry of a row per area, and a workstation behind still pulls the latest content', async () => {
    const { core } = workstation({});
    const round = async () => {
      const s = await SyncSession.open(core.db, clock, { url: centralUrl, user: 'ohjaaja', password: 'demo' });
      try {
        return await s.syncOnce();
      } finally {
        await s.close();
      }
    };
    await round();
    const clientId = core.db.prepare('SELECT id FROM clients ORDER BY id DESC LIMIT 1').pluck().get() as string;
    for (const phone of ['1', '2', '3', '4', '040 000 0005'])
      await admin.query(
        "UPDATE sync_rows SET data = jsonb_set(data, '{phone}', to_jsonb($2::text)), version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'clients' AND row_key = $1",
        [clientId, phone],
      );
    const entries = async () => Number((await admin.query("SELECT count(*) AS n FROM change_log WHERE entity = 'clients' AND row_key = $1", [clientId])).rows[0].n);
    expect(await entries()).toBeGreaterThanOrEqual(6);
    const removed = Number((await admin.query('SELECT sync_compact() AS n')).rows[0].n);
    expect(removed).toBeGreaterThanOrEqual(5);
    expect(await entries()).toBe(1);
    await round();
    expect(core.db.prepare('SELECT phone FROM clients WHERE id = ?').pluck().get(clientId)).toBe('040 000 0005');
  });
});
