// Runs one contract call: channel known? caller allowed? input valid? Then the handler; every failure becomes a
// typed error with a Finnish message. Nothing is written before validation and the role check pass.
import { z } from 'zod';
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import { AppError, type Envelope } from '../../shared/contract/errors';
import type { CoreServices, Session } from './context';
import { handlers, type Handler } from './handlers';
import { OutOfScope } from './access/scope';
import { findUserById, toUser } from './auth/queries';

z.config(z.locales.fi());

export interface DispatchOptions {
  /** Validate handler output against the contract too (tests and development). */
  validateOutput?: boolean;
  log?: (message: string, error: unknown) => void;
}

function toIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export async function dispatch(
  core: CoreServices,
  session: Session,
  channel: unknown,
  rawInput: unknown,
  opts: DispatchOptions = {},
): Promise<Envelope<unknown>> {
  try {
    if (!isChannelName(channel)) throw new AppError('UNKNOWN_CHANNEL', `Tuntematon toiminto: ${String(channel).slice(0, 80)}.`);
    const def = channels[channel];
    if (def.access !== 'public') {
      if (!session.user) throw new AppError('UNAUTHENTICATED', 'Kirjaudu ensin sisään.');
      refreshUser(core, session);
      if (!(def.access as readonly string[]).includes(session.user.role)) throw new AppError('FORBIDDEN', 'Sinulla ei ole oikeutta tähän toimintoon.');
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      const first = issues[0];
      throw new AppError('VALIDATION', `Virheellinen syöte${first?.path ? ` (${first.path})` : ''}: ${first?.message ?? ''}`.trim(), issues);
    }
    const handler = handlers[channel] as Handler<ChannelName>;
    const ctx = { ...core, session, user: session.user! };
    const value = await handler(ctx as never, parsed.data as never);
    if (opts.validateOutput) {
      const out = def.output.safeParse(value);
      if (!out.success) {
        opts.log?.(`Output of ${channel} does not match the contract`, out.error);
        throw new AppError('INTERNAL', 'Sovelluksen sisäinen virhe: vastaus ei vastaa sopimusta.');
      }
    }
    return { ok: true, value };
  } catch (e) {
    if (e instanceof OutOfScope) denied(core, session, String(channel), { reason: 'area', entity: e.table, id: e.rowId });
    return { ok: false, error: toErrorPayload(e, opts) };
  }
}

/**
 * The signed-in user as the database has them now: a role or areas changed meanwhile (by the administrator, or
 * through the sync) apply from the next call, and a user deactivated meanwhile is signed out.
 */
function refreshUser(core: CoreServices, session: Session): void {
  if (!session.user) return;
  const row = findUserById(core.db, session.user.id);
  if (!row || !row.active) {
    const username = session.user.username;
    session.user = null;
    if (core.sync.status().user === username) void core.sync.signedOut();
    throw new AppError('UNAUTHENTICATED', 'Käyttäjätunnus ei ole enää käytössä. Kirjaudu uudelleen.');
  }
  session.user = toUser(row);
}

/** A call refused because it named rows outside the caller's areas, in the audit log: probing for others' data shows. */
function denied(core: CoreServices, session: Session, channel: string, details: Record<string, unknown>): void {
  try {
    core.audit.write({ userId: session.user?.id ?? null, action: 'access.denied', details: { channel, ...details } });
  } catch {
    // A read-only or full database must not turn a refusal into another error.
  }
}

export function toErrorPayload(e: unknown, opts: DispatchOptions = {}) {
  if (e instanceof AppError) return e.toPayload();
  if (e instanceof Error && e.name === 'SqliteError') {
    opts.log?.('Database error', e);
    const code = (e as Error & { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CONSTRAINT')) return { code: 'CONFLICT' as const, message: 'Tallennus ei onnistunut: tieto on ristiriidassa olemassa olevan kanssa.' };
    if (code === 'SQLITE_BUSY') return { code: 'DATABASE' as const, message: 'Tietokanta on varattu. Yritä hetken päästä uudelleen.' };
    if (code === 'SQLITE_FULL') return { code: 'DATABASE' as const, message: 'Levy on täynnä: tallennus ei onnistunut.' };
    return { code: 'DATABASE' as const, message: 'Tietokantavirhe: toiminto ei onnistunut, mitään ei tallennettu.' };
  }
  opts.log?.('Unexpected error', e);
  return { code: 'INTERNAL' as const, message: 'Odottamaton virhe: toiminto ei onnistunut.' };
}
