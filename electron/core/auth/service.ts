// Signing in and out. A failed attempt is audited without revealing whether the user exists.
import { AppError } from '../../../shared/contract/errors';
import type { User } from '../../../shared/contract/schemas';
import type { HandlerContext, SignedInContext } from '../context';
import { verifyPassword } from './password';
import { findUserById, findUserByUsername, toUser } from './queries';

const BAD_CREDENTIALS = 'Käyttäjätunnus tai salasana on väärä.';

export async function signIn(ctx: HandlerContext, input: { username: string; password: string }): Promise<User> {
  const username = input.username.toLowerCase();
  let row = findUserByUsername(ctx.db, username);
  // A new workstation knows no users yet: the central database checks the password and the first copy of
  // everything the user may see brings the user's own row with it.
  if (!row && (ctx.db.prepare('SELECT count(*) FROM users WHERE password_hash IS NOT NULL').pluck().get() as number) === 0) {
    try {
      if (await ctx.sync.bootstrap(username, input.password)) row = findUserByUsername(ctx.db, username);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'UNAUTHENTICATED')) throw e;
    }
  }
  if (!row || !row.active || !verifyPassword(input.password, row.password_hash)) {
    ctx.audit.write({ userId: row?.id ?? null, action: 'session.signInFailed', details: { username: input.username.slice(0, 64) } });
    throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }
  const user = toUser(row);
  ctx.audit.write({ userId: user.id, action: 'session.signIn' });
  ctx.session.user = user;
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
