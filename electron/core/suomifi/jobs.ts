// Suomi.fi Messages on the durable job runner.
//   suomifi.events  the regular look at the delivery events (the service keeps them about 60 days), the password
//                   rotation when it is due, and messages left pending outside a running batch (a batch cancelled
//                   while a message was in flight) finished with their own external ids; then the next look is
//                   planned after pollMinutes. Waits (deferred) while Suomi.fi Messages is not in use.
//   suomifi.send    sends the pending Suomi.fi deliveries it is given (a letter sent again on its own).
// Sending within a letter batch happens in the batch's own run (letters/batch.ts).
import { AppError } from '../../../shared/contract/errors';
import { formatMessage } from '../../../shared/messages';
import { SEND_ROLES } from '../../../shared/roles';
import type { CoreServices } from '../context';
import { defineJobKind, JobDeferredError, JOB_STOPPED, TransientJobError } from '../jobs/kind';
import type { DeliveryCtx } from '../delivery/deliveries';
import { SuomifiError } from './client';
import { pollEvents } from './events';
import { rotatePassword, rotationDueOn } from './rotation';
import { SenderStopped, SuomifiSender } from './sender';
import { passwords, readSuomifiSettings, suomifiClient } from './settings';

const SLOT_SUBJECT = 'suomifi:events';

function transient(e: unknown): never {
  if (e instanceof SenderStopped) {
    if (e.cause.kind === 'auth' || e.cause.kind === 'expiredPassword') throw new AppError('INVALID_STATE', e.text);
    throw new TransientJobError(e.message, { retryAfterMs: e.cause.details.retryAfterMs });
  }
  if (e instanceof SuomifiError) {
    if (e.retryable) throw new TransientJobError(e.message, { retryAfterMs: e.details.retryAfterMs });
    throw new AppError('INVALID_STATE', e.text);
  }
  throw e;
}

/** Pending Suomi.fi deliveries that no running batch will finish. */
function strandedDeliveries(core: CoreServices): string[] {
  return core.db
    .prepare(
      `SELECT x.id FROM deliveries x LEFT JOIN send_batches b ON b.id = x.batch_id
       WHERE x.status = 'pending' AND x.route IN ('suomifi','suomifi_paper') AND (x.batch_id IS NULL OR b.status IN ('cancelled','completed'))
         AND x.device_id = (SELECT device_id FROM sync_state WHERE id = 1)
       ORDER BY x.created_at`,
    )
    .pluck()
    .all() as string[];
}

async function sendAll(c: DeliveryCtx, core: CoreServices, ids: readonly string[], signal: AbortSignal): Promise<{ sent: number; failed: number }> {
  if (ids.length === 0) return { sent: 0, failed: 0 };
  const sender = new SuomifiSender(c, { resourcesDir: core.resourcesDir, signal });
  for (const id of ids) sender.enqueue(id);
  try {
    await sender.drain();
  } catch (e) {
    transient(e);
  }
  return { sent: sender.sent, failed: sender.failed };
}

export const suomifiEvents = defineJobKind<Record<string, never>>({
  kind: 'suomifi.events',
  roles: SEND_ROLES,
  maxAttempts: 8,
  backoff: { baseMs: 30_000, maxMs: 30 * 60_000 },
  async run(job) {
    const s = readSuomifiSettings(job.core.db);
    if (!s?.enabled || !passwords(job.core.db).current()) throw new JobDeferredError(formatMessage('fi', 'delivery.suomifiOff'));
    const ctx = job.context();
    const c: DeliveryCtx = { db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id };
    const client = suomifiClient(ctx.db, { signal: job.signal, settings: s });
    let rotated: string | null = null;
    try {
      const due = rotationDueOn(ctx.db, s);
      if (due !== null && due <= ctx.clock.today()) {
        rotated = await rotatePassword(ctx.db, client, () => ctx.clock.now());
        ctx.audit.write({ userId: ctx.user.id, action: 'suomifi.password', details: { outcome: rotated, automatic: true } });
      }
    } catch (e) {
      transient(e);
    }
    if (job.signal.aborted) return JOB_STOPPED;
    const resent = await sendAll(c, job.core, strandedDeliveries(job.core), job.signal);
    if (job.signal.aborted) return JOB_STOPPED;
    let polled;
    try {
      polled = await pollEvents(c, client);
    } catch (e) {
      transient(e);
    }
    scheduleEventPoll(job.core, ctx.user.id, s.pollMinutes * 60_000);
    return { ...polled, resent: resent.sent, resendFailed: resent.failed, rotated };
  },
});

export const suomifiSend = defineJobKind<{ deliveryIds: string[] }>({
  kind: 'suomifi.send',
  roles: SEND_ROLES,
  maxAttempts: 8,
  backoff: { baseMs: 5_000, maxMs: 10 * 60_000 },
  async run(job) {
    const ctx = job.context();
    const c: DeliveryCtx = { db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id };
    const pending = job.payload.deliveryIds.filter((id) => ctx.db.prepare("SELECT 1 FROM deliveries WHERE id = ? AND status = 'pending'").get(id));
    job.progress(job.payload.deliveryIds.length - pending.length, job.payload.deliveryIds.length, 'send');
    const r = await sendAll(c, job.core, pending, job.signal);
    if (job.signal.aborted) return JOB_STOPPED;
    scheduleEventPoll(job.core, ctx.user.id, 60_000);
    return r;
  },
});

/**
 * Plans the next look at the events after `inMs` (one job per time slot, so a look planned twice is one job), or
 * wakes a waiting one at once when inMs is 0 (settings just saved).
 */
export function scheduleEventPoll(core: CoreServices, userId: string, inMs: number): string {
  const at = new Date(Date.now() + inMs);
  const slot = inMs === 0 ? 'now' : String(Math.floor(at.getTime() / 60_000));
  const waiting = core.db.prepare("SELECT id FROM jobs WHERE kind = 'suomifi.events' AND status = 'pending' AND run_at IS NULL").pluck().get() as string | undefined;
  if (waiting) {
    core.jobs.wakeJob(waiting);
    return waiting;
  }
  return core.jobs.enqueue(suomifiEvents, {}, { subject: `${SLOT_SUBJECT}:${slot}`, createdBy: userId, runAt: at });
}

/** At start-up: a workstation using Suomi.fi Messages always has its next look at the events planned. */
export function ensureEventPolling(core: CoreServices): void {
  const s = readSuomifiSettings(core.db);
  if (!s?.enabled) return;
  const active = core.db.prepare("SELECT 1 FROM jobs WHERE kind = 'suomifi.events' AND status IN ('pending','running')").get();
  if (active) return;
  const userId = core.db.prepare("SELECT value FROM settings WHERE key = 'suomifi.pollUser'").pluck().get() as string | undefined;
  if (!userId) return;
  scheduleEventPoll(core, userId, 5_000);
}
