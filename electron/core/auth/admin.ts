// The administrator's sign-in security page: idle time, lockout time, and the user names with failed sign-ins,
// whose locks the administrator lifts. Every change is audited.
import { notFound } from '../../../shared/contract/errors';
import type { SecurityView } from '../../../shared/contract/schemas';
import type { SignedInContext } from '../context';
import { securitySettings, writeSecuritySettings, type SecuritySettings } from './settings';
import { SignInGuard } from './throttle';

export function securityView(ctx: SignedInContext): SecurityView {
  const names = ctx.db.prepare('SELECT display_name FROM users WHERE username = ?').pluck();
  const locks = new SignInGuard(ctx.db, ctx.clock).list().map((l) => ({ ...l, displayName: (names.get(l.username) as string | undefined) ?? null }));
  return { ...securitySettings(ctx.db), locks };
}

export function saveSecurity(ctx: SignedInContext, input: SecuritySettings): SecurityView {
  ctx.db.transaction(() => {
    const before = securitySettings(ctx.db);
    writeSecuritySettings(ctx.db, input);
    ctx.audit.write({ userId: ctx.user.id, action: 'security.settings', details: { from: before, to: input } });
  })();
  return securityView(ctx);
}

export function unlock(ctx: SignedInContext, input: { username: string }): SecurityView {
  ctx.db.transaction(() => {
    if (!new SignInGuard(ctx.db, ctx.clock).unlock(input.username)) throw notFound('signInLock');
    const target = ctx.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(input.username.toLowerCase()) as string | undefined;
    ctx.audit.write({ userId: ctx.user.id, action: 'session.unlock', entityType: 'user', entityId: target, details: { username: input.username } });
  })();
  return securityView(ctx);
}
