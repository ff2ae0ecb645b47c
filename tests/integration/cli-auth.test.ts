// The command line acts only as a user it has authenticated, as the app signs in: the user named with --user,
// the password from LUOTSI_PASSWORD (or a prompt at a terminal). A missing or wrong password, a user without the
// right role, or too many tries are refused before anything is written; failures and sign-ins are audited.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededCore, tempDir, TODAY } from '../support/core';

let dir = '';
let dbPath = '';
let decisionId = '';

beforeAll(() => {
  dir = tempDir('luotsi-cli-auth-');
  const core = seededCore({ clients: 300, intakeItems: 1000, dir });
  dbPath = core.dbPath;
  decisionId = core.db.prepare("SELECT id FROM decisions WHERE status = 'signed' LIMIT 1").pluck().get() as string;
  core.close();
});
afterAll(() => undefined);

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('electron/cli/index.ts'), ...args, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LUOTSI_PASSWORD: undefined, LUOTSI_USER: undefined, ...env },
  });
  return { code: r.status, json: JSON.parse(r.stdout.trim().split('\n').pop() || 'null') as Record<string, unknown>, stderr: r.stderr };
}

function db<T>(fn: (d: Database.Database) => T): T {
  const d = new Database(dbPath, { readonly: true });
  try {
    return fn(d);
  } finally {
    d.close();
  }
}
const batches = () => db((d) => d.prepare('SELECT count(*) FROM send_batches').pluck().get() as number);
const audits = (action: string) => db((d) => d.prepare('SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(action) as number);

const batch = (extra: string[]) => ['letters', 'batch', '--db', dbPath, '--decisions', decisionId, '--out', path.join(dir, 'out'), '--today', TODAY, ...extra];

describe('the command line authenticates the user it acts as', () => {
  it('refuses without a user or a password, with a wrong password and for a role without the right, writing nothing', () => {
    const noUser = cli(batch([]), { LUOTSI_PASSWORD: 'demo' });
    expect(noUser.code).toBe(2);
    expect(noUser.json).toMatchObject({ error: { code: 'USAGE', message: expect.stringContaining('--user') } });

    const noPassword = cli(batch(['--user', 'sihteeri']));
    expect(noPassword.code).toBe(2);
    expect(noPassword.json).toMatchObject({ error: { code: 'USAGE', message: expect.stringContaining('LUOTSI_PASSWORD') } });

    const failed = audits('session.signInFailed');
    const wrong = cli(batch(['--user', 'sihteeri']), { LUOTSI_PASSWORD: 'väärä' });
    expect(wrong.code).toBe(1);
    expect(wrong.json).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Käyttäjätunnus tai salasana on väärä.', key: 'signIn.badCredentials' } });
    expect(audits('session.signInFailed')).toBe(failed + 1);

    const role = cli(batch(['--user', 'ohjaaja']), { LUOTSI_PASSWORD: 'demo' });
    expect(role.code).toBe(1);
    expect(role.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(batches()).toBe(0);
  }, 120_000);

  it('runs as the user once the password is right, and records the sign-in as the command line', () => {
    const ok = cli(batch(['--user', 'sihteeri']), { LUOTSI_PASSWORD: 'demo' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ letters: expect.any(Number) });
    expect(batches()).toBe(1);
    const row = db((d) =>
      d.prepare("SELECT u.username, a.details FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'session.signIn' ORDER BY a.rowid DESC LIMIT 1").get(),
    ) as { username: string; details: string };
    expect(row.username).toBe('sihteeri');
    expect(JSON.parse(row.details)).toEqual({ via: 'cli', command: 'letters batch' });
    const created = db((d) => d.prepare('SELECT u.username FROM send_batches b JOIN users u ON u.id = b.created_by').pluck().get());
    expect(created).toBe('sihteeri');
  }, 120_000);

  it('is throttled like the app: guessing from a script gets no further than from the sign-in page', () => {
    // A decision that does not exist: an attempt that got through would stop there, writing nothing.
    const args = ['letters', 'batch', '--db', dbPath, '--decisions', '01890a5d-ac96-774b-bcce-b302099a8057', '--out', path.join(dir, 'x'), '--user', 'laskutus'];
    const keys: unknown[] = [];
    for (let i = 0; i < 8 && !keys.includes('signIn.throttled'); i++) keys.push((cli(args, { LUOTSI_PASSWORD: `arvaus${i}` }).json.error as { key?: string }).key);
    expect(keys.slice(0, 3)).toEqual(['signIn.badCredentials', 'signIn.badCredentials', 'signIn.badCredentials']);
    expect(keys).toContain('signIn.throttled');
    // Throttled tries were refused without a password check: fewer failures counted than tries made.
    const counted = db((d) => d.prepare("SELECT failures FROM sign_in_failures WHERE scope = 'user:laskutus'").pluck().get() as number);
    expect(counted).toBe(keys.filter((k) => k === 'signIn.badCredentials').length);
    expect(audits('session.signInFailed')).toBeGreaterThanOrEqual(keys.length);
  }, 120_000);
});
