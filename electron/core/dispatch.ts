// Runs one contract call: channel known? caller allowed? input valid? Then the handler; every failure becomes a
// typed error with a message by key (worded in Finnish and Swedish by shared/messages) and, for invalid input,
// an issue per field. Nothing is written before validation and the role check pass.
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import { AppError, type Envelope, type ErrorPayload } from '../../shared/contract/errors';
import { issuesFromZod, validationSummary } from '../../shared/contract/issues';
import { msg } from '../../shared/messages';
import type { CoreServices, Session } from './context';
import { handlers, type Handler } from './handlers';
import { OutOfScope } from './access/scope';
import { findUserById, toUser } from './auth/queries';
import { endIdleSession, idleTimedOut } from './auth/service';
import { wallTime } from './clock';

/**
 * Calls a window makes by itself (answering an event, refreshing a status) rather than for its user: they do not
 * keep an idle session alive. The window reports its user's keys and pointer with session.touch.
 */
const PASSIVE_CHANNELS: ReadonlySet<string> = new Set(['session.current', 'session.policy', 'sync.status', 'queue.rows', 'jobs.list', 'jobs.get']);

export interface DispatchOptions {
  /** Validate handler output against the contract too (tests and development). */
  validateOutput?: boolean;
  log?: (message: string, error: unknown) => void;
}

export async function dispatch(
  core: CoreServices,
  session: Session,
  channel: unknown,
  rawInput: unknown,
  opts: DispatchOptions = {},
): Promise<Envelope<unknown>> {
  try {
    if (!isChannelName(channel)) throw new AppError('UNKNOWN_CHANNEL', msg('error.unknownChannel', { channel: String(channel).slice(0, 80) }));
    const def = channels[channel];
    const endedIdle = !!session.user && idleTimedOut(core, session);
    if (endedIdle) endIdleSession(core, session);
    if (def.access !== 'public') {
      if (endedIdle) throw new AppError('UNAUTHENTICATED', msg('error.idleEnded'));
      if (!session.user) throw new AppError('UNAUTHENTICATED', msg('error.unauthenticated'));
      refreshUser(core, session);
      if (!PASSIVE_CHANNELS.has(channel)) session.lastActiveAt = wallTime(core.clock);
      if (!(def.access as readonly string[]).includes(session.user.role)) throw new AppError('FORBIDDEN', msg('error.forbidden'));
    }
    const parsed = def.input.safeParse(rawInput ?? {}, { reportInput: true });
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error, def.input);
      throw new AppError('VALIDATION', validationSummary(issues), issues);
    }
    const handler = handlers[channel] as Handler<ChannelName>;
    const ctx = { ...core, session, user: session.user! };
    const value = await handler(ctx as never, parsed.data as never);
    if (opts.validateOutput) {
      const out = def.output.safeParse(value);
      if (!out.success) {
        opts.log?.(`Output of ${channel} does not match the contract`, out.error);
        throw new AppError('INTERNAL', msg('error.outputMismatch'));
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
    throw new AppError('UNAUTHENTICATED', msg('error.userInactive'));
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

export function toErrorPayload(e: unknown, opts: DispatchOptions = {}): ErrorPayload {
  if (e instanceof AppError) return e.toPayload();
  // A date outside what a dated rule covers (shared/domain): the user's input, worded for them.
  if (e instanceof Error && e.name === 'DateRangeError') return { code: 'VALIDATION' as const, message: e.message };
  if (e instanceof Error && e.name === 'SqliteError') {
    opts.log?.('Database error', e);
    const code = (e as Error & { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CONSTRAINT')) return new AppError('CONFLICT', msg('error.dbConstraint')).toPayload();
    if (code === 'SQLITE_BUSY') return new AppError('DATABASE', msg('error.dbBusy')).toPayload();
    if (code === 'SQLITE_FULL') return new AppError('DATABASE', msg('error.dbFull')).toPayload();
    return new AppError('DATABASE', msg('error.database')).toPayload();
  }
  opts.log?.('Unexpected error', e);
  return new AppError('INTERNAL', msg('error.internal')).toPayload();
}
