// Handlers of the Suomi.fi Messages settings (the administrator's): the settings without their secrets, saving
// them (a new password is used at once), a connection test with the values given, the password rotation run
// by hand, and a look at the delivery events now.
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors';
import { formatMessage, issue, msg } from '../../../shared/messages';
import type { suomifiSettingsInput, SuomifiSettings } from '../../../shared/contract/delivery-schemas';
import type { SignedInContext } from '../context';
import { SuomifiClient, SuomifiError } from './client';
import { scheduleEventPoll } from './jobs';
import { rotatePassword, rotationDueOn } from './rotation';
import { defaultSuomifiSettings, passwords, readSuomifiSettings, secret, setSecret, suomifiClient, writeSuomifiSettings } from './settings';

export function settingsView(ctx: SignedInContext) {
  const s = readSuomifiSettings(ctx.db);
  const p = passwords(ctx.db);
  const current = p.current();
  const cursor = ctx.db.prepare('SELECT polled_at, last_error FROM suomifi_event_cursor WHERE id = 1').get() as { polled_at: string | null; last_error: string | null };
  return {
    settings: s,
    hasPassword: current !== null,
    passwordSetAt: current ? (current.activatedAt ?? current.createdAt) : null,
    rotationDueOn: s ? rotationDueOn(ctx.db, s) : null,
    rotationPending: p.pending() !== null,
    hasPrintingPassword: secret(ctx.db, 'printing.password') !== null,
    eventsPolledAt: cursor.polled_at,
    eventsError: cursor.last_error,
    defaults: defaultSuomifiSettings(ctx.db),
  };
}

export function getSettings(ctx: SignedInContext) {
  return settingsView(ctx);
}

function checkSecrets(ctx: SignedInContext, s: SuomifiSettings, password: string, printingPassword: string): void {
  if (s.enabled && !password && !passwords(ctx.db).current()) throw new AppError('VALIDATION', msg('suomifi.passwordNeeded'), [issue('password', 'suomifi.passwordMissing')]);
  if (s.paperService.enabled && !printingPassword && !secret(ctx.db, 'printing.password'))
    throw new AppError('VALIDATION', msg('suomifi.printingPasswordNeeded'), [issue('printingPassword', 'suomifi.passwordMissing')]);
}

/** Saves the settings; a password given replaces the stored one (and any rotation under way). */
export function saveSettings(ctx: SignedInContext, input: z.infer<typeof suomifiSettingsInput>) {
  checkSecrets(ctx, input.settings, input.password, input.printingPassword);
  const now = ctx.clock.now();
  const before = readSuomifiSettings(ctx.db);
  ctx.db.transaction(() => {
    writeSuomifiSettings(ctx.db, input.settings);
    if (input.password) passwords(ctx.db).setCurrent(input.password, now);
    if (input.printingPassword) setSecret(ctx.db, 'printing.password', input.printingPassword, now);
    ctx.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('suomifi.pollUser', ?)").run(ctx.user.id);
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'suomifi.settings',
      details: {
        enabled: input.settings.enabled,
        apiUrl: input.settings.apiUrl,
        serviceId: input.settings.serviceId,
        username: input.settings.username,
        paperService: input.settings.paperService.enabled,
        passwordChanged: input.password !== '',
        printingPasswordChanged: input.printingPassword !== '',
        wasEnabled: before?.enabled ?? false,
      },
    });
    if (input.settings.enabled) scheduleEventPoll(ctx, ctx.user.id, 0);
  })();
  return settingsView(ctx);
}

/** Tries the values given (not saved): an access token, and a mailbox check the service answers. */
export async function testConnection(ctx: SignedInContext, input: z.infer<typeof suomifiSettingsInput>): Promise<{ message: string }> {
  const password = input.password || passwords(ctx.db).current()?.password;
  if (!password) throw new AppError('VALIDATION', msg('suomifi.passwordNeededForTest'), [issue('password', 'suomifi.passwordMissing')]);
  const client = new SuomifiClient({ apiUrl: input.settings.apiUrl, username: input.settings.username, timeoutMs: 15_000 }, { password: () => password });
  try {
    const started = Date.now();
    await client.accessToken();
    await client.activeMailboxes([]);
    const ok = msg('suomifi.testOk', { url: input.settings.apiUrl, user: input.settings.username, ms: Date.now() - started });
    return { message: formatMessage(ctx.user.language, ok.key, ok.params) };
  } catch (e) {
    if (e instanceof SuomifiError) throw new AppError('VALIDATION', e.text);
    throw e;
  }
}

/** Changes the REST API password now (the administrator's button; the events job does it before expiry). */
export async function rotateNow(ctx: SignedInContext) {
  const s = readSuomifiSettings(ctx.db);
  if (!s) throw new AppError('INVALID_STATE', msg('suomifi.notConfigured'));
  try {
    const outcome = await rotatePassword(ctx.db, suomifiClient(ctx.db, { settings: s }), () => ctx.clock.now());
    ctx.audit.write({ userId: ctx.user.id, action: 'suomifi.password', details: { outcome, automatic: false } });
  } catch (e) {
    if (e instanceof SuomifiError) throw new AppError(e.retryable ? 'INVALID_STATE' : 'VALIDATION', msg('suomifi.rotateFailed', { error: e.text }));
    throw e;
  }
  return settingsView(ctx);
}

/** Looks at the delivery events now (the job does it every pollMinutes). */
export function pollNow(ctx: SignedInContext): { jobId: string } {
  if (!readSuomifiSettings(ctx.db)?.enabled) throw new AppError('INVALID_STATE', msg('delivery.suomifiOff'));
  return { jobId: ctx.db.transaction(() => scheduleEventPoll(ctx, ctx.user.id, 0))() };
}
