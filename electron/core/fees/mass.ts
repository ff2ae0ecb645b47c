// Mass fee decisions (joukkopäätös), e.g. after the index revision of the statutory amounts: billing staff
// pick the drafts of a target set (filtered and previewed old vs new in the fee drafts grid), and one action
// signs them all and creates the sending batch of their letters. Signing and the batch are one transaction,
// so a failure (a wrong certificate passphrase, a decision changed meanwhile) leaves every draft a draft; the
// batch then runs in the background and is crash-safe and resumable like any sending batch.
import type { z } from 'zod';
import type * as b from '../../../shared/contract/billing-schemas';
import { AppError, notFound } from '../../../shared/contract/errors';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { createBatch, getBatch, startBatch } from '../letters/batch';
import { signFeeDecisions } from './decisions';

type Ctx = SignedInContext;
type MassDecisionDto = z.infer<typeof b.massDecision>;

const DECIDERS = ['billing', 'service_manager'];

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
  })();
  startBatch(ctx, { batchId });
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

/** Carries on the letters of a mass decision whose batch stopped (a crash, a full disk, a cancelled run). */
export function resumeMassDecision(ctx: Ctx, input: { massId: string }): MassDecisionDto {
  if (!DECIDERS.includes(ctx.user.role)) throw new AppError('FORBIDDEN', 'Sinulla ei ole oikeutta tehdä maksupäätöksiä.');
  const m = massDecision(ctx, input.massId);
  if (m.batch.running) return m;
  startBatch(ctx, { batchId: m.batch.id });
  return massDecision(ctx, input.massId);
}
