import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { connect, count, seededCore } from '../support/core';

let core: Core;
beforeAll(() => {
  core = seededCore({ clients: 800, intakeItems: 3000 });
});
afterAll(() => core.close());

/** A client in the demo worker's (ohjaaja's) own area. */
const anyClient = (protectedAddr: 0 | 1) =>
  core.db
    .prepare(
      `SELECT id, hetu, street_address FROM clients WHERE address_protected = ?
         AND area_id IN (SELECT area_id FROM user_areas WHERE user_id = (SELECT id FROM users WHERE username = 'ohjaaja')) LIMIT 1`,
    )
    .get(protectedAddr) as {
    id: string;
    hetu: string;
    street_address: string;
  };

describe('contract dispatch', () => {
  it('refuses unknown channels, missing sign-in and malformed payloads with Finnish messages, writing nothing', async () => {
    const c = connect(core);
    const before = count(core, 'SELECT count(*) FROM audit_log');
    expect(await c.call('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: expect.stringContaining('Tuntematon') } });
    expect(await c.call('clients.get', { clientId: anyClient(0).id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await c.signIn('ohjaaja');
    const afterSignIn = count(core, 'SELECT count(*) FROM audit_log');
    expect(afterSignIn).toBe(before + 1);
    const bad = await c.call('clients.get', { clientId: 'not-a-uuid' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'clientId' }] } });
    expect(!bad.ok && bad.error.message).toBe('Tarkista tiedot: Asiakas: tunniste ei kelpaa.');
    expect(bad).toMatchObject({ ok: false, error: { key: 'error.validation', issues: [{ path: 'clientId', key: 'field.badId' }] } });
    expect(await c.call('clients.get', { clientId: anyClient(0).id, extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await c.call('queue.page', { limit: 'lots' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count(core, 'SELECT count(*) FROM audit_log')).toBe(afterSignIn);
    expect(await c.call('clients.get', { clientId: '01890a5d-ac96-774b-bcce-b302099a8057' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Asiakasta ei löytynyt.' },
    });
    expect(count(core, 'SELECT count(*) FROM audit_log')).toBe(afterSignIn);
    // A read that succeeds is recorded by the core.
    expect(await c.call('queue.page', null)).toMatchObject({ ok: true });
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'queue.read'")).toBe(1);
  });

  it('audits a failed sign-in without saying whether the user exists', async () => {
    const c = connect(core);
    const r1 = await c.call('session.signIn', { username: 'ohjaaja', password: 'wrong' });
    const r2 = await c.call('session.signIn', { username: 'nobody', password: 'wrong' });
    expect(r1).toEqual(r2);
    expect(r1).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Käyttäjätunnus tai salasana on väärä.' } });
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'session.signInFailed'")).toBeGreaterThanOrEqual(2);
    const hash = core.db.prepare("SELECT password_hash FROM users WHERE username = 'ohjaaja'").pluck().get() as string;
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('opens a client card with an audit row and reveals the henkilötunnus only on request, audited', async () => {
    const c = connect(core);
    const me = await c.signIn('ohjaaja');
    const client = anyClient(0);
    const card = await c.ok('clients.get', { clientId: client.id });
    expect(card.hetuMasked).toBe(`${client.hetu.slice(0, 7)}****`);
    expect(JSON.stringify(card)).not.toContain(client.hetu);
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'client.open' AND client_id = ? AND user_id = ?", client.id, me.id)).toBe(1);
    const { hetu } = await c.ok('clients.revealHetu', { clientId: client.id });
    expect(hetu).toBe(client.hetu);
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'client.hetuReveal' AND client_id = ? AND user_id = ?", client.id, me.id)).toBe(1);
    // Only managers and administrators read the access log.
    expect(await c.call('clients.accessLog', { clientId: client.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const m = connect(core);
    await m.signIn('paallikko');
    const log = await m.ok('clients.accessLog', { clientId: client.id });
    expect(log.map((r) => r.action)).toEqual(expect.arrayContaining(['client.open', 'client.hetuReveal']));
  });

  it('hides a protected address from roles that may not see it', async () => {
    const client = anyClient(1);
    const secretary = connect(core);
    await secretary.signIn('sihteeri');
    const hidden = await secretary.ok('clients.get', { clientId: client.id });
    expect(hidden.addressProtected).toBe(true);
    expect(hidden.address).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain(client.street_address);
    const worker = connect(core);
    await worker.signIn('ohjaaja');
    const shown = await worker.ok('clients.get', { clientId: client.id });
    expect(shown.address?.street).toBe(client.street_address);
  });

  it('searches names with Finnish letters and by henkilötunnus', async () => {
    const c = connect(core);
    await c.signIn('sihteeri');
    const row = core.db.prepare("SELECT id, last_name, hetu FROM clients WHERE last_name GLOB '*[ÄÖÅäöå]*' LIMIT 1").get() as { id: string; last_name: string; hetu: string };
    const byName = await c.ok('clients.search', { query: row.last_name.toLocaleUpperCase('fi'), limit: 500 });
    expect(byName.map((r) => r.id)).toContain(row.id);
    const byHetu = await c.ok('clients.search', { query: row.hetu, limit: 10 });
    expect(byHetu).toHaveLength(1);
    expect(byHetu[0]!.hetuMasked).not.toContain(row.hetu.slice(7));
  });

  it('saves, lists and deletes views per user', async () => {
    const a = connect(core);
    await a.signIn('ohjaaja');
    const state = { quickFilter: 'Espoo', filterModel: { type: { filterType: 'text', type: 'contains', filter: 'Kotiutus' } }, sortModel: [{ colId: 'due', sort: 'asc' as const }] };
    const saved = await a.ok('views.save', { name: 'Espoon kotiutukset', state });
    expect((await a.ok('views.list', {})).map((v) => v.name)).toEqual(['Espoon kotiutukset']);
    const again = await a.ok('views.save', { name: 'Espoon kotiutukset', state: { ...state, quickFilter: 'Lohja' } });
    expect(again.id).toBe(saved.id);
    expect(await a.call('views.save', { name: 'Omat', state })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await a.call('views.save', { name: '   ', state })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const b = connect(core);
    await b.signIn('paallikko');
    expect(await b.ok('views.list', {})).toEqual([]);
    expect(await b.call('views.delete', { id: saved.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await a.ok('views.delete', { id: saved.id });
    expect(await a.ok('views.list', {})).toEqual([]);
  });

  it('bootstraps with real counts and summarises the queue per area', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const boot = await c.ok('meta.bootstrap', {});
    expect(boot.areas).toHaveLength(4);
    expect(boot.municipalities).toHaveLength(10);
    expect(boot.today).toBe('2026-11-23');
    const summary = await c.ok('reports.queueSummary', {});
    expect(summary.reduce((s, r) => s + r.open, 0)).toBe(count(core, "SELECT count(*) FROM intake_items WHERE status IN ('new','assigned','assessment','decision')"));
  });
});
