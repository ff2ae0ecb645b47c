// The invoice run and its material on the durable job runner (../jobs). Both are planned in the transaction of
// the request that asks for them (billing/service.ts) and answer with the job's id at once; windows follow them
// by id ('jobs.progress', 'jobs.get'), may cancel them, and a job cut short by a crash or a restart resumes.
//   invoices.run       bills the clients of a run still to bill, a chunk per transaction with its cursor
//                      (run.ts), phases 'computing' and 'invoices'; with `material` in its payload it also writes
//                      the run's PDFs and Finvoice file ('pdfs', 'finvoice'). A cancel stops at the next chunk
//                      and cancels the run (its invoices so far are cancelled, their numbers stay used); a run
//                      that had become a draft stays a draft (cancel it in the grid).
//   invoices.material  the material of an approved run (Finvoice, PDFs, Suomi.fi sending): files are written
//                      to temporary names and renamed, deliveries are claimed and recorded, so a rerun carries on.
import type { Role } from '../../../shared/roles';
import { defineJobKind, JOB_STOPPED, type JsonValue } from '../jobs/kind';
import type { SignedInContext } from '../context';
import { claimOf } from '../delivery/claims';
import { cancelRun, continueRun, getRun, type RunCtx } from './run';
import { MaterialStopped, writeRunMaterial, type Material } from './material';

/** Who may see, cancel and retry these jobs: those who may start a run (channels 'invoices.start', 'invoices.material'). */
const BILLING_DECIDER_ROLES: readonly Role[] = ['billing', 'service_manager'];

const runCtx = (ctx: SignedInContext): RunCtx => ({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id });

export interface InvoiceRunPayload {
  runId: string;
  /** Also write the run's files (the command line): Finvoice and, unless pdf is false, the PDFs. */
  material?: { outDir: string; pdf: boolean };
  /** Clients per transaction (default 200: short transactions keep the window responsive). */
  chunkSize?: number;
}

export interface InvoiceMaterialPayload {
  runId: string;
  outDir: string;
}

export const invoiceRunSubject = (runId: string) => `invoice_run:${runId}`;
export const invoiceMaterialSubject = (runId: string) => `invoice_material:${runId}`;

function materialJson(m: Material): JsonValue {
  return { ...m, manual: [...m.manual] };
}

export const invoiceRunJob = defineJobKind<InvoiceRunPayload>({
  kind: 'invoices.run',
  roles: BILLING_DECIDER_ROLES,
  maxAttempts: 5,
  backoff: { baseMs: 5_000, maxMs: 5 * 60_000 },
  async run(job) {
    const ctx = job.context();
    const c = runCtx(ctx);
    // The runner lists the job as live once its work has started: report after a first turn of the loop.
    await new Promise((r) => setImmediate(r));
    job.progress(0, 0, 'computing');
    let phase: 'computing' | 'invoices' = 'computing';
    const run = await continueRun(c, job.payload.runId, {
      chunkSize: job.payload.chunkSize ?? 200,
      signal: job.signal,
      yieldBetween: () => new Promise((r) => setImmediate(r)),
      onProgress: (done, total) => {
        phase = 'invoices';
        job.progress(done, total, phase);
      },
      reserveNumbers: async (needed, firstNumber) => {
        await ctx.sync.ensureNumbers('invoice', 0, needed, firstNumber);
        if (phase === 'computing') job.progress(0, needed, 'invoices');
      },
    });
    if (run.status === 'running') return JOB_STOPPED;
    const result: { [k: string]: JsonValue } = { runId: run.id, month: run.month, status: run.status, invoices: run.invoice_count, totalCents: run.total_cents };
    if (run.status !== 'draft' && run.status !== 'approved') return result;
    const mat = job.payload.material;
    if (mat) {
      try {
        const m = await writeRunMaterial(ctx.db, run.id, mat.outDir, ctx.resourcesDir, ctx.clock.now(), {
          pdf: mat.pdf,
          signal: job.signal,
          onProgress: (done, total, p) => job.progress(done, total, p),
        });
        result.material = materialJson(m);
      } catch (e) {
        if (e instanceof MaterialStopped) return JOB_STOPPED;
        throw e;
      }
    }
    return result;
  },
  onCancelled(job) {
    const ctx = job.context();
    const run = ctx.db.prepare('SELECT status, version FROM invoice_runs WHERE id = ?').get(job.payload.runId) as { status: string; version: number } | undefined;
    if (run?.status === 'running') cancelRun(runCtx(ctx), job.payload.runId, run.version);
  },
});

export const invoiceMaterialJob = defineJobKind<InvoiceMaterialPayload>({
  kind: 'invoices.material',
  roles: BILLING_DECIDER_ROLES,
  maxAttempts: 5,
  backoff: { baseMs: 10_000, maxMs: 10 * 60_000 },
  async run(job) {
    const ctx = job.context();
    getRun(ctx.db, job.payload.runId);
    let m: Material;
    try {
      m = await writeRunMaterial(ctx.db, job.payload.runId, job.payload.outDir, ctx.resourcesDir, ctx.clock.now(), {
        suomifi: { db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id },
        claim: claimOf(ctx),
        signal: job.signal,
        onProgress: (done, total, p) => job.progress(done, total, p),
      });
    } catch (e) {
      if (e instanceof MaterialStopped) return JOB_STOPPED;
      throw e;
    }
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'invoices.export',
      entityType: 'invoice_run',
      entityId: job.payload.runId,
      details: { finvoice: m.finvoice, pdfs: m.pdfs, einvoices: m.einvoices, paper: m.paper, manual: m.manual.length, suomifi: m.suomifi, suomifiFailed: m.suomifiFailed, elsewhere: m.elsewhere },
    });
    return materialJson(m);
  },
});
