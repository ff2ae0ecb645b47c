// Signing in under attack, through the real dispatcher on a real SQLite file: growing delays per user name and
// per workstation, a lockout the administrator lifts (audited), the same work and answer for unknown and known
// names, failures in the audit log, idle sign-out in the core, and a deactivated user losing the session.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Counts the password key derivations (scrypt) the core runs, to prove equal work without timing anything.
const kdf = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const m = await importOriginal<typeof import('node:crypto')>();
  return {
    ...m,
    scryptSync: (...args: Parameters<typeof m.scryptSync>) => {
      kdf.calls++;
      return m.scryptSync(...args);
    },
  };
});

import type { Clock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { Connection, type WireMessage } from '../../electron/core/transport/connection';
import { USER_LOCK_AFTER, WORKSTATION_FREE } from '../../electron/core/auth/throttle';
import type { Envelope } from '../../shared/contract/errors';
import { connect, count, tempDir } from '../support/core';

/** A clock on a fixed day whose time the test moves forward (delays, lockout and idle time pass at once). */
const clock = (() => {
  let offset = 0;
  const base = Date.parse('2026-11-23T10:00:00+02:00');
  const started = Date.now();
  return {
    now: () => new Date(base + (Date.now() - started) + offset),
    today: () => '2026-11-23',
    wallNow: () => Date.now() + offset,
    advance: (ms: number) => (offset += ms),
  } satisfies Clock & { advance(ms: number): number };
})();

let core: Core;
beforeAll(() => {
  core = openCore({ dbPath: path.join(tempDir(), 'signin.sqlite'), clock, seedIfEmpty: { clients: 300, intakeItems: 1000 } });
});
afterAll(() => core.close());

const attempt = (username: string, password: string) => connect(core).call('session.signIn', { username, password }) as Promise<Envelope<{ username: string }>>;
const message = (e: Envelope<unknown>) => (e.ok ? 'ok' : e.error.message);
const failures = (action = 'session.signInFailed') => count(core, 'SELECT count(*) FROM audit_log WHERE action = ?', action);

/** Clears every count between tests (as if the administrator had lifted everything and time had passed). */
function reset() {
  core.db.prepare('DELETE FROM sign_in_failures').run();
}

describe('throttling and lockout', () => {
  it('lets three wrong passwords through, then makes each attempt wait 1, 2, 4 … s — the right password too', async () => {
    reset();
    for (let i = 0; i < 3; i++) expect(message(await attempt('ohjaaja', 'väärä'))).toBe('Käyttäjätunnus tai salasana on väärä.');
    // The delay after the third failure is 1 s: at once, even the right password is refused unchecked.
    const checks = kdf.calls;
    const fast = await attempt('ohjaaja', 'demo');
    expect(fast).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(message(fast)).toMatch(/^Liian monta epäonnistunutta kirjautumista\. Yritä uudelleen 1 sekunnin kuluttua\.$/);
    expect(kdf.calls).toBe(checks);
    expect(JSON.parse(core.db.prepare("SELECT details FROM audit_log WHERE action = 'session.signInFailed' ORDER BY at DESC, id DESC LIMIT 1").pluck().get() as string)).toEqual({
      username: 'ohjaaja',
      refused: 'throttled',
    });
    clock.advance(1000);
    expect(message(await attempt('ohjaaja', 'väärä'))).toBe('Käyttäjätunnus tai salasana on väärä.');
    expect(message(await attempt('ohjaaja', 'demo'))).toMatch(/Yritä uudelleen 2 sekunnin kuluttua/);
    clock.advance(2000);
    expect(message(await attempt('ohjaaja', 'väärä'))).toBe('Käyttäjätunnus tai salasana on väärä.');
    expect(message(await attempt('ohjaaja', 'demo'))).toMatch(/Yritä uudelleen 4 sekunnin kuluttua/);
    clock.advance(4000);
    // Once the wait is over, the right password works and the count starts over.
    expect(await attempt('ohjaaja', 'demo')).toMatchObject({ ok: true, value: { username: 'ohjaaja' } });
    expect(count(core, "SELECT count(*) FROM sign_in_failures WHERE scope = 'user:ohjaaja'")).toBe(0);
  });

  it('stops 200 fast guesses after the first three checks, and locks the name at ten failures until the administrator lifts it', async () => {
    reset();
    const checks = kdf.calls;
    const answers = new Set<string>();
    for (let i = 0; i < 200; i++) answers.add(message(await attempt('sihteeri', `arvaus${i}`)));
    expect(kdf.calls - checks).toBe(3);
    expect(message(await attempt('sihteeri', 'demo'))).toMatch(/Yritä uudelleen/);
    // Patient guessing: each wait honoured, ten failures in a row lock the name.
    let tries = 3;
    while (tries < USER_LOCK_AFTER) {
      clock.advance(301_000);
      expect(message(await attempt('sihteeri', `hidas${tries}`))).toBe('Käyttäjätunnus tai salasana on väärä.');
      tries++;
    }
    expect(failures('session.locked')).toBe(1);
    clock.advance(301_000);
    const locked = await attempt('sihteeri', 'demo');
    expect(message(locked)).toMatch(/^Käyttäjätunnus on lukittu liian monen epäonnistuneen kirjautumisen jälkeen\. Pääkäyttäjä voi avata lukituksen; muuten se aukeaa \d\d?\.\d\d?\.2026 klo \d\d?\.\d\d\.$/);

    // The administrator sees the lock, lifts it (audited), and the right password works again.
    const admin = connect(core);
    await admin.signIn('paakayttaja');
    const view = await admin.ok('security.settings', {});
    expect(view.locks.find((l) => l.username === 'sihteeri')).toMatchObject({ displayName: 'Minna Koskinen', failures: USER_LOCK_AFTER, lockedAt: expect.any(String) });
    const secretary = connect(core);
    expect(await secretary.call('security.unlock', { username: 'sihteeri' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await secretary.signIn('laskutus');
    expect(await secretary.call('security.unlock', { username: 'sihteeri' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(message(await attempt('sihteeri', 'demo'))).toMatch(/lukittu/);
    const after = await admin.ok('security.unlock', { username: 'sihteeri' });
    expect(after.locks.find((l) => l.username === 'sihteeri')).toBeUndefined();
    const row = core.db.prepare("SELECT user_id, entity_id, details FROM audit_log WHERE action = 'session.unlock' ORDER BY at DESC LIMIT 1").get() as {
      user_id: string;
      entity_id: string;
      details: string;
    };
    expect(row.user_id).toBe(core.db.prepare("SELECT id FROM users WHERE username = 'paakayttaja'").pluck().get());
    expect(row.entity_id).toBe(core.db.prepare("SELECT id FROM users WHERE username = 'sihteeri'").pluck().get());
    expect(await attempt('sihteeri', 'demo')).toMatchObject({ ok: true });
    expect(await admin.call('security.unlock', { username: 'sihteeri' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('opens a lock by itself after the lockout time; with 0 only the administrator opens it', async () => {
    reset();
    // The administrator signs in afresh for each step (the test moves the clock past the idle time).
    const admin = async () => {
      const a = connect(core);
      await a.signIn('paakayttaja');
      return a;
    };
    await (await admin()).ok('security.saveSettings', { idleMinutes: 15, lockoutMinutes: 30 });
    const lock = async (name: string) => {
      for (let i = 0; i < USER_LOCK_AFTER; i++) {
        await attempt(name, 'väärä');
        clock.advance(301_000);
      }
    };
    await lock('laskutus');
    expect(message(await attempt('laskutus', 'demo'))).toMatch(/lukittu/);
    clock.advance(30 * 60_000);
    expect(await attempt('laskutus', 'demo')).toMatchObject({ ok: true });

    await (await admin()).ok('security.saveSettings', { idleMinutes: 15, lockoutMinutes: 0 });
    await lock('laskutus');
    clock.advance(24 * 3600_000);
    expect(message(await attempt('laskutus', 'demo'))).toBe('Käyttäjätunnus on lukittu liian monen epäonnistuneen kirjautumisen jälkeen. Pääkäyttäjä voi avata lukituksen.');
    await (await admin()).ok('security.unlock', { username: 'laskutus' });
    expect(await attempt('laskutus', 'demo')).toMatchObject({ ok: true });
    const a = await admin();
    await a.ok('security.saveSettings', { idleMinutes: 15, lockoutMinutes: 30 });
    expect(await a.call('security.saveSettings', { idleMinutes: 0, lockoutMinutes: 30 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(failures('security.settings')).toBe(3);
  });

  it('slows the whole workstation when many names fail, without locking anyone', async () => {
    reset();
    for (let i = 0; i < WORKSTATION_FREE; i++) await attempt(`ruiskutus${i}`, 'kevät2026');
    // Every name now waits, also one that never failed, also with the right password.
    expect(message(await attempt('paallikko', 'demo'))).toMatch(/Yritä uudelleen 1 sekunnin kuluttua/);
    clock.advance(1000);
    expect(await attempt('paallikko', 'demo')).toMatchObject({ ok: true });
    // A quiet quarter of an hour starts the count over.
    await attempt('ruiskutus-x', 'kevät2026');
    expect(message(await attempt('paallikko', 'demo'))).toMatch(/Yritä uudelleen 2 sekunnin kuluttua/);
    clock.advance(15 * 60_000);
    expect(await attempt('paallikko', 'demo')).toMatchObject({ ok: true });
  });

  it('does the same work and gives the same answers for unknown, inactive, hashless and known names', async () => {
    reset();
    const hashless = core.db.prepare("SELECT username FROM users WHERE password_hash IS NULL AND active = 1 LIMIT 1").pluck().get() as string;
    core.db.prepare("UPDATE users SET active = 0 WHERE username = 'laskutus'").run();
    try {
      const answers: string[] = [];
      for (const name of ['ohjaaja', 'ei-ketaan', hashless, 'laskutus']) {
        const before = kdf.calls;
        answers.push(JSON.stringify(await attempt(name, 'väärä')));
        expect(kdf.calls - before, name).toBe(1);
      }
      expect(new Set(answers).size).toBe(1);
      // And the lockout treats an unknown name exactly as a known one.
      reset();
      const lockedAnswer = async (name: string) => {
        for (let i = 0; i < USER_LOCK_AFTER; i++) {
          await attempt(name, 'väärä');
          clock.advance(301_000);
        }
        return message(await attempt(name, 'x')).replace(/aukeaa .*$/, 'aukeaa (aika).');
      };
      expect(await lockedAnswer('ei-ketaan')).toBe(await lockedAnswer('ohjaaja'));
      expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'session.locked' AND json_extract(details, '$.username') = 'ei-ketaan'")).toBe(1);
    } finally {
      core.db.prepare("UPDATE users SET active = 1 WHERE username = 'laskutus'").run();
      reset();
    }
  });

  it('records every failure with the name typed, under the user when the name is one', async () => {
    reset();
    const before = failures();
    await attempt('OHJAAJA', 'väärä');
    await attempt('tuntematon', 'väärä');
    expect(failures()).toBe(before + 2);
    const rows = core.db.prepare("SELECT user_id, details FROM audit_log WHERE action = 'session.signInFailed' ORDER BY at DESC, id DESC LIMIT 2").all() as { user_id: string | null; details: string }[];
    expect(rows.map((r) => JSON.parse(r.details).username)).toEqual(['tuntematon', 'OHJAAJA']);
    expect(rows[1]!.user_id).toBe(core.db.prepare("SELECT id FROM users WHERE username = 'ohjaaja'").pluck().get());
    expect(rows[0]!.user_id).toBeNull();
    reset();
  });
});

describe('idle sign-out', () => {
  it('ends a session unused for the idle time in the core; touches keep it, passive calls do not', async () => {
    reset();
    const idleEnds = count(core, "SELECT count(*) FROM audit_log WHERE action = 'session.idleSignOut'");
    const w = connect(core);
    await w.signIn('ohjaaja');
    clock.advance(14 * 60_000);
    await w.ok('session.touch', {});
    clock.advance(14 * 60_000);
    expect((await w.ok('session.current', {}))?.username).toBe('ohjaaja');
    await w.ok('sync.status', {});
    clock.advance(60_000 + 1);
    const ended = await w.call('queue.page', null);
    expect(ended).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Istunto päättyi') } });
    expect(await w.ok('session.current', {})).toBeNull();
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'session.idleSignOut'")).toBe(idleEnds + 1);
  });

  it('a window left open loses its session by the core’s own sweep, and is told so', async () => {
    const sent: WireMessage[] = [];
    const conn = new Connection(core, (m) => sent.push(m));
    try {
      await conn.handle({ id: 1, channel: 'session.signIn', input: { username: 'ohjaaja', password: 'demo' } });
      expect(conn.session.user?.username).toBe('ohjaaja');
      conn.endIfIdle();
      expect(conn.session.user).not.toBeNull();
      clock.advance(15 * 60_000);
      conn.endIfIdle();
      expect(conn.session.user).toBeNull();
      expect(sent).toContainEqual({ kind: 'event', event: 'session.ended', payload: { reason: 'idle' } });
    } finally {
      conn.close();
    }
  });

  it('a user deactivated meanwhile loses the session at the next call', async () => {
    const w = connect(core);
    await w.signIn('sosiaalityontekija');
    core.db.prepare("UPDATE users SET active = 0 WHERE username = 'sosiaalityontekija'").run();
    try {
      expect(await w.call('queue.page', null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await w.ok('session.current', {})).toBeNull();
    } finally {
      core.db.prepare("UPDATE users SET active = 1 WHERE username = 'sosiaalityontekija'").run();
    }
  });
});
