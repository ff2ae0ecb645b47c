// Runs one contract call: channel known? caller allowed? input valid? Then the handler; every failure becomes a
// typed error with a Finnish message. Nothing is written before validation and the role check pass.
import { z } from 'zod';
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import { AppError, type Envelope } from '../../shared/contract/errors';
import type { CoreServices, Session } from './context';
import { handlers, type Handler } from './handlers';

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
    return { ok: false, error: toErrorPayload(e, opts) };
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
