// Mass fee decisions (joukkopäätös), e.g. after the index revision of the statutory amounts: billing staff
// pick the drafts of a target set (filtered and previewed old vs new in the fee drafts grid), and one action
// signs them all and creates the sending batch of their letters. Signing, the batch (with its 'letters.batch'
// job) and the mass decision's own 'fees.mass' job are one transaction, so a failure (a wrong certificate
// passphrase, a decision changed meanwhile) leaves every draft a draft and no job behind, and a kill after it
// commits can never sign a decision twice. The 'fees.mass' job carries the mass decision's letters to their
// end: it starts (or resumes) the batch's job, reports its letters by the mass decision's job id (phase
// 'letters'), cancels the batch when it is cancelled, and is resumed at start-up like every job; resuming a
// mass decision in the window runs it again.
import type { z } from 'zod';
import type * as b from '../../../shared/contract/billing-schemas';
import { AppError, notFound } from '../../../shared/contract/errors';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { cancelBatch, createBatch, getBatch, startBatch } from '../letters/batch';
import { defineJobKind, JOB_STOPPED } from '../jobs/kind';
import type { Role } from '../../../shared/roles';
import { signFeeDecisions } from './decisions';

type Ctx = SignedInContext;
type MassDecisionDto = z.infer<typeof b.massDecision>;

const DECIDERS: readonly Role[] = ['billing', 'service_manager'];
const subjectOf = (massId: string) => `mass_decision:${massId}`;

export async function massDecide(ctx: Ctx, input: z.infer<typeof b.massDecideInput>): Promise<MassDecisionDto> {
  if (!DECIDERS.includes(ctx.user.role)) throw new AppError('FORBIDDEN', 'Sinulla ei ole oikeutta tehdä maksupäätöksiä.');
  const ids = [...new Set(input.decisionIds)];
  const one = ctx.db.prepare('SELECT valid_from, fee_cents, previous_fee_cents, ends FROM fee_decisions WHERE decision_id = ?');
  const drafts = ids.map((id) => {
    const r = one.get(id) as { valid_from: string; fee_cents: number; previous_fee_cents: number | null; ends: number } | undefined;
    if (!r) throw notFound('feeDecision');
    return r;
  });
  const year = Number(ctx.clock.today().slice(0, 4));
  // A workstation that syncs takes decision numbers from centrally reserved blocks: reserve them all first.
  await ctx.sync.ensureNumbers('decision', year, ids.length);
  const id = uuidv7(ctx.clock.now().getTime());
  const starts = drafts.map((d) => d.valid_from).sort();
  const change = drafts.reduce((s, d) => s + (d.ends ? 0 : d.fee_cents) - (d.previous_fee_cents ?? 0), 0);
  let batchId = '';
  ctx.db.transaction(() => {
    signFeeDecisions({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id, userRoleMayDecide: true }, ids);
    batchId = createBatch(ctx, { decisionIds: ids }).id;
    ctx.db
      .prepare(
        `INSERT INTO mass_decisions (id, kind, title, decision_count, monthly_change_cents, first_valid_from, last_valid_from, batch_id, created_by, created_at)
         VALUES (?, 'fee_revision', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.title, ids.length, change, starts[0]!, starts[starts.length - 1]!, batchId, ctx.user.id, ctx.clock.now().toISOString());
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.massDecision', entityType: 'mass_decision', entityId: id, details: { decisions: ids.length, batchId, title: input.title } });
    ctx.jobs.enqueue(feesMass, { massId: id }, { subject: subjectOf(id), createdBy: ctx.user.id });
  })();
  return massDecision(ctx, id);
}

interface MassRow {
  id: string;
  title: string;
  decision_count: number;
  monthly_change_cents: number;
  first_valid_from: string;
  last_valid_from: string;
  batch_id: string;
  created_at: string;
  created_by_name: string;
}

const MASS_SQL = `SELECT m.*, u.display_name AS created_by_name FROM mass_decisions m JOIN users u ON u.id = m.created_by`;

function toDto(ctx: Ctx, r: MassRow): MassDecisionDto {
  return {
    id: r.id,
    title: r.title,
    decisions: r.decision_count,
    monthlyChangeCents: r.monthly_change_cents,
    firstValidFrom: r.first_valid_from,
    lastValidFrom: r.last_valid_from,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    batch: getBatch(ctx, { batchId: r.batch_id }),
    jobId: ctx.jobs.latestFor('fees.mass', subjectOf(r.id))?.id ?? null,
  };
}

function massDecision(ctx: Ctx, id: string): MassDecisionDto {
  const r = ctx.db.prepare(`${MASS_SQL} WHERE m.id = ?`).get(id) as MassRow | undefined;
  if (!r) throw notFound('massDecision');
  return toDto(ctx, r);
}

export function listMassDecisions(ctx: Ctx): MassDecisionDto[] {
  return (ctx.db.prepare(`${MASS_SQL} ORDER BY m.created_at DESC LIMIT 50`).all() as MassRow[]).map((r) => toDto(ctx, r));
}

/**
 * Carries on the letters of a mass decision whose batch stopped (a crash, a full disk, a cancelled run): its
 * 'fees.mass' job is run again (a failed one retried, an ended one planned anew), which resumes the batch's job.
 */
export function resumeMassDecision(ctx: Ctx, input: { massId: string }): MassDecisionDto {
  if (!DECIDERS.includes(ctx.user.role)) throw new AppError('FORBIDDEN', 'Sinulla ei ole oikeutta tehdä maksupäätöksiä.');
  const m = massDecision(ctx, input.massId);
  if (m.batch.status === 'completed') return m;
  ctx.db.transaction(() => {
    const job = ctx.jobs.latestFor('fees.mass', subjectOf(input.massId));
    if (job?.status === 'pending' || job?.status === 'running') return;
    if (job?.status === 'failed') ctx.jobs.retry(job.id);
    else ctx.jobs.enqueue(feesMass, { massId: input.massId }, { subject: subjectOf(input.massId), createdBy: ctx.user.id });
  })();
  return massDecision(ctx, input.massId);
}

/** A mass decision's letters as a durable job (see the head of this file). */
export const feesMass = defineJobKind<{ massId: string }>({
  kind: 'fees.mass',
  roles: DECIDERS,
  maxAttempts: 5,
  backoff: { baseMs: 5_000, maxMs: 5 * 60_000 },
  async run(job) {
    const ctx = job.context();
    const batchId = ctx.db.prepare('SELECT batch_id FROM mass_decisions WHERE id = ?').pluck().get(job.payload.massId) as string | undefined;
    if (!batchId) throw notFound('massDecision');
    const summary = () => {
      const b = getBatch(ctx, { batchId });
      return { massId: job.payload.massId, batchId, status: b.status, letters: b.letters, done: b.done, total: b.total, manual: b.manual, failed: b.failed };
    };
    let b = getBatch(ctx, { batchId });
    if (b.status !== 'completed' && b.status !== 'cancelled') b = startBatch(ctx, { batchId });
    job.progress(b.done, b.total, 'letters');
    if (b.status === 'completed' || b.status === 'cancelled' || !b.jobId) return summary();
    const letters = b.jobId;
    // The batch's letters, told by the mass decision's id too (read from the batch now and then).
    const tick = setInterval(() => {
      try {
        const now = getBatch(ctx, { batchId });
        job.progress(now.done, now.total, 'letters');
      } catch {
        /* closing: the job stops at once */
      }
    }, 500);
    try {
      const stopped = new Promise<'stopped'>((r) => job.signal.addEventListener('abort', () => r('stopped'), { once: true }));
      const ended = job.signal.aborted ? 'stopped' : await Promise.race([job.core.jobs.waitFor(letters), stopped]);
      if (ended === 'stopped') return JOB_STOPPED;
      if (ended.status === 'failed') throw new AppError('INVALID_STATE', ended.error ?? 'Kirjeiden lähetyserä epäonnistui.');
      return summary();
    } finally {
      clearInterval(tick);
    }
  },
  onCancelled(job) {
    const ctx = job.context();
    const batchId = ctx.db.prepare('SELECT batch_id FROM mass_decisions WHERE id = ?').pluck().get(job.payload.massId) as string | undefined;
    if (!batchId) return;
    const b = getBatch(ctx, { batchId });
    if (b.status !== 'completed' && b.status !== 'cancelled') cancelBatch(ctx, { batchId });
  },
});
