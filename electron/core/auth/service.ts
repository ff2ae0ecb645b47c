// Signing in and out. Every attempt does the same work whether the user name exists or not (a password hash is
// checked either way) and gives the same answer; failures are throttled and locked per user name and per
// workstation (auth/throttle.ts) and written to the audit log.
import { AppError } from '../../../shared/contract/errors';
import { msg, type Message } from '../../../shared/messages';
import type { User } from '../../../shared/contract/schemas';
import type { CoreServices, HandlerContext, SignedInContext } from '../context';
import { verifyPassword } from './password';
import { findUserById, findUserByUsername, toUser } from './queries';
import { SignInGuard, type Refusal } from './throttle';
import { securitySettings } from './settings';
import { wallTime } from '../clock';

function refusalMessage(r: Refusal): Message {
  if (r.kind === 'locked') return r.until ? msg('signIn.lockedUntil', { time: r.until }) : msg('signIn.locked');
  return msg('signIn.throttled', { seconds: r.retryAfterSeconds });
}

/**
 * Checks a user name and password, as signing in does (throttled, audited). With `central`, a user this
 * workstation has no password for (a new workstation, or any user who has not signed in here before: other
 * users' hashes never leave the central database) is checked by the central database first, which then stores the
 * user's own row with its hash here (a new workstation first copies what the user may see). Used by
 * session.signIn and the CLI.
 */
export async function authenticate(core: CoreServices, input: { username: string; password: string }, opts: { central: boolean }): Promise<User> {
  const typed = input.username.slice(0, 64);
  const username = input.username.toLowerCase();
  const guard = new SignInGuard(core.db, core.clock);
  const refusal = guard.check(input.username);
  if (refusal) {
    core.audit.write({ userId: null, action: 'session.signInFailed', details: { username: typed, refused: refusal.kind } });
    throw new AppError('UNAUTHENTICATED', refusalMessage(refusal));
  }
  let row = findUserByUsername(core.db, username);
  if (opts.central && !row?.password_hash) {
    try {
      if (await core.sync.authenticate(username, input.password)) row = findUserByUsername(core.db, username);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'UNAUTHENTICATED')) throw e;
    }
  }
  if (!verifyPassword(input.password, row?.active ? row.password_hash : null)) {
    const { lockedNow } = guard.fail(input.username);
    core.db.transaction(() => {
      core.audit.write({ userId: row?.id ?? null, action: 'session.signInFailed', details: { username: typed } });
      if (lockedNow) core.audit.write({ userId: row?.id ?? null, action: 'session.locked', details: { username: typed } });
    })();
    throw new AppError('UNAUTHENTICATED', msg('signIn.badCredentials'));
  }
  guard.succeed(input.username);
  return toUser(row!);
}

export async function signIn(ctx: HandlerContext, input: { username: string; password: string }): Promise<User> {
  const user = await authenticate(ctx, input, { central: true });
  ctx.audit.write({ userId: user.id, action: 'session.signIn' });
  ctx.session.user = user;
  ctx.session.lastActiveAt = wallTime(ctx.clock);
  // The central database is used as this user's own role, with the password just given (kept in memory only).
  void ctx.sync.signedIn(user.username, input.password);
  return user;
}

export function signOut(ctx: HandlerContext): { ok: true } {
  if (ctx.session.user) ctx.audit.write({ userId: ctx.session.user.id, action: 'session.signOut' });
  ctx.session.user = null;
  void ctx.sync.signedOut();
  return { ok: true };
}

/** A signed-in session unused for the administrator's idle time: signed out here, whatever the window does. */
export function idleTimedOut(core: CoreServices, session: HandlerContext['session']): boolean {
  if (!session.user || session.lastActiveAt === undefined) return false;
  return wallTime(core.clock) - session.lastActiveAt >= securitySettings(core.db).idleMinutes * 60_000;
}

export function endIdleSession(core: CoreServices, session: HandlerContext['session']): void {
  if (!session.user) return;
  const minutes = securitySettings(core.db).idleMinutes;
  core.audit.write({ userId: session.user.id, action: 'session.idleSignOut', details: { idleMinutes: minutes } });
  const username = session.user.username;
  session.user = null;
  if (core.sync.status().user === username) void core.sync.signedOut();
}

/** The window's input reached the user (keys, pointer) although no call was made: the session is in use. */
export function touch(ctx: SignedInContext): { ok: true } {
  ctx.session.lastActiveAt = wallTime(ctx.clock);
  return { ok: true };
}

export function policy(ctx: SignedInContext): { idleMinutes: number } {
  return { idleMinutes: securitySettings(ctx.db).idleMinutes };
}

export function setLanguage(ctx: SignedInContext, input: { language: 'fi' | 'sv' }): User {
  ctx.db.prepare('UPDATE users SET language = ?, version = version + 1, updated_at = ? WHERE id = ?').run(
    input.language,
    ctx.clock.now().toISOString(),
    ctx.user.id,
  );
  const user = toUser(findUserById(ctx.db, ctx.user.id)!);
  ctx.session.user = user;
  return user;
}

export function demoUsers(ctx: HandlerContext): { username: string; displayName: string; role: User['role'] }[] {
  const demo = ctx.db.prepare("SELECT value FROM settings WHERE key = 'demo'").pluck().get();
  if (demo !== '1') return [];
  return (
    ctx.db
      .prepare('SELECT username, display_name, role FROM users WHERE password_hash IS NOT NULL AND active = 1 ORDER BY rowid')
      .all() as { username: string; display_name: string; role: User['role'] }[]
  ).map((r) => ({ username: r.username, displayName: r.display_name, role: r.role }));
}
