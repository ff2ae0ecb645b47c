// The invoice run and its material as durable jobs, through the real dispatcher on a real SQLite file:
// invoices.start plans the run and its job in one transaction and answers at once with both ids; the job's
// progress comes by id phase by phase; a cancel stops it at the next chunk and leaves the run cancelled (its
// invoices cancelled, nothing left as a draft, the month free again); a job cut short by a shutdown resumes at
// the next start to exactly the invoices of an uninterrupted run; the material of an approved run is a job too,
// cancellable mid-PDFs and resumed to every file without rendering one twice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import type { JobProgress } from '../../shared/contract/job-schemas';
import { connect, count, seededCore, tempDir, TODAY } from '../support/core';
import { invoicePdfRenderer } from '../../electron/core/letters/render';
import { invoiceLayout } from '../../electron/core/invoicing/material';
import { renderInvoicePdf } from '../../electron/core/invoicing/pdf';
import { invoiceReader } from '../../electron/core/invoicing/queries';
import { requireBillingSettings } from '../../electron/core/invoicing/settings';

let core: Core;
let dir: string;
let dbPath: string;
let billing: ReturnType<typeof connect>;
const events: JobProgress[] = [];
let listen: (p: JobProgress) => void = () => undefined;

function attach(c: Core) {
  c.onEvent((name, payload) => {
    if (name !== 'jobs.progress') return;
    events.push(payload as JobProgress);
    listen(payload as JobProgress);
  });
}

beforeAll(async () => {
  dir = tempDir('luotsi-invoice-jobs-');
  dbPath = path.join(dir, 'luotsi.sqlite');
  core = seededCore({ clients: 600, intakeItems: 1200, dir });
  attach(core);
  billing = connect(core);
  await billing.signIn('laskutus');
}, 180_000);

afterAll(() => core.close());

const perClient = (runId: string) => core.db.prepare('SELECT client_id, total_cents, number, reference FROM invoices WHERE run_id = ? ORDER BY client_id').all(runId);
let reference: { runId: string; invoices: number; totalCents: number; totals: unknown[] };

describe('the invoice run as a job', () => {
  it('invoices.start answers at once with the run and its job; progress comes by id, computing then invoices', async () => {
    const before = events.length;
    const { runId, jobId } = await billing.ok('invoices.start', { month: '2026-10' });
    // Planned, not done: the run exists and its job waits for the runner; nothing is billed yet.
    expect(count(core, 'SELECT count(*) FROM invoices WHERE run_id = ?', runId)).toBe(0);
    expect(core.db.prepare('SELECT status, subject, created_by FROM jobs WHERE id = ?').get(jobId)).toMatchObject({ status: 'pending', subject: `invoice_run:${runId}` });
    // Asking again while it runs gives the same job, never a second one.
    expect(await billing.ok('invoices.start', { month: '2026-10' })).toEqual({ runId, jobId });
    const ended = await core.jobs.waitFor(jobId);
    expect(ended.status).toBe('completed');
    const job = await billing.ok('jobs.get', { jobId });
    const result = job.result as { runId: string; invoices: number; totalCents: number; status: string };
    expect(result).toMatchObject({ runId, status: 'draft' });
    expect(result.invoices).toBeGreaterThan(50);
    expect(count(core, 'SELECT count(*) FROM invoices WHERE run_id = ?', runId)).toBe(result.invoices);
    expect(count(core, 'SELECT sum(total_cents) FROM invoices WHERE run_id = ?', runId)).toBe(result.totalCents);
    const mine = events.slice(before).filter((e) => e.id === jobId);
    const phases = [...new Set(mine.map((e) => e.phase).filter(Boolean))];
    expect(phases).toEqual(['computing', 'invoices']);
    expect(mine.at(-1)).toMatchObject({ status: 'completed', phase: 'invoices', done: mine.at(-1)!.total });
    reference = { runId, invoices: result.invoices, totalCents: result.totalCents, totals: perClient(runId).map((r) => ({ ...(r as object), number: undefined, reference: undefined })) };
    // The draft refuses a second run of the month, as before.
    const again = (await billing.call('invoices.start', { month: '2026-10' })) as { ok: false; error: { message: string } };
    expect(again.error.message).toMatch(/jo laskutusajon luonnos/);
  });

  it('a cancel stops the job at its next chunk and leaves the run cancelled, nothing left as a draft', async () => {
    const runs = await billing.ok('invoices.runs', {});
    const draft = runs.find((r) => r.id === reference.runId)!;
    await billing.ok('invoices.cancel', { runId: draft.id, version: draft.version });
    const numbersBefore = count(core, "SELECT max(number) FROM invoices");
    let cancelled = false;
    listen = (p) => {
      // Billing begins: the cancel comes in the next turn of the loop, after the first chunk is stored.
      if (!cancelled && p.kind === 'invoices.run' && p.phase === 'invoices' && p.done === 0) {
        cancelled = true;
        setImmediate(() => core.jobs.cancel(p.id));
      }
    };
    const { runId, jobId } = await billing.ok('invoices.start', { month: '2026-10' });
    const ended = await core.jobs.waitFor(jobId);
    listen = () => undefined;
    expect(cancelled).toBe(true);
    expect(ended.status).toBe('cancelled');
    const run = core.db.prepare('SELECT status, invoice_count FROM invoice_runs WHERE id = ?').get(runId) as { status: string; invoice_count: number };
    expect(run.status).toBe('cancelled');
    const made = count(core, 'SELECT count(*) FROM invoices WHERE run_id = ?', runId);
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(reference.invoices);
    expect(count(core, "SELECT count(*) FROM invoices WHERE run_id = ? AND status <> 'cancelled'", runId)).toBe(0);
    // Their numbers stay used: the next run continues after them.
    expect(count(core, 'SELECT min(number) FROM invoices WHERE run_id = ?', runId)).toBeGreaterThan(numbersBefore);
  });

  it('a job cut short by a shutdown resumes at the next start to the invoices of an uninterrupted run', async () => {
    let stopped = false;
    listen = (p) => {
      if (!stopped && p.kind === 'invoices.run' && p.phase === 'invoices' && p.done === 0) {
        // The app quits after the first chunk is stored: the job is released for the next start.
        setImmediate(() => {
          core.jobs.close();
          stopped = true;
        });
      }
    };
    const { runId, jobId } = await billing.ok('invoices.start', { month: '2026-10' });
    while (!stopped) await new Promise((r) => setTimeout(r, 20));
    listen = () => undefined;
    await new Promise((r) => setTimeout(r, 200));
    core.close();
    // In between, the run is interrupted with part of its invoices and its job waits.
    core = openCore({ dbPath, clock: fixedDateClock(TODAY), runJobs: false });
    const mid = core.db.prepare('SELECT status, invoice_count FROM invoice_runs WHERE id = ?').get(runId) as { status: string; invoice_count: number };
    expect(mid.status).toBe('running');
    expect(mid.invoice_count).toBeGreaterThan(0);
    expect(mid.invoice_count).toBeLessThan(reference.invoices);
    expect(core.jobs.row(jobId).status).toBe('pending');
    core.close();
    // The next start takes it up by itself.
    core = openCore({ dbPath, clock: fixedDateClock(TODAY) });
    attach(core);
    billing = connect(core);
    await billing.signIn('laskutus');
    const ended = await core.jobs.waitFor(jobId);
    expect(ended.status).toBe('completed');
    expect(ended.attempts).toBe(1); // the released try did not count
    const run = core.db.prepare('SELECT status, invoice_count, total_cents FROM invoice_runs WHERE id = ?').get(runId) as { status: string; invoice_count: number; total_cents: number };
    expect(run).toMatchObject({ status: 'draft', invoice_count: reference.invoices, total_cents: reference.totalCents });
    expect(perClient(runId).map((r) => ({ ...(r as object), number: undefined, reference: undefined }))).toEqual(reference.totals);
    expect(count(core, "SELECT count(*) FROM (SELECT client_id FROM invoices WHERE run_id = ? GROUP BY client_id HAVING count(*) > 1)", runId)).toBe(0);
    expect(count(core, 'SELECT count(DISTINCT reference) FROM invoices WHERE run_id = ?', runId)).toBe(reference.invoices);
  });

  it('the material of an approved run is a job: cancelled mid-PDFs, then made again to every file, none rendered twice', { timeout: 600_000 }, async () => {
    const run = (await billing.ok('invoices.runs', {})).find((r) => r.month === '2026-10' && r.status === 'draft')!;
    const draftMaterial = (await billing.call('invoices.material', { runId: run.id })) as { ok: false; error: { message: string } };
    expect(draftMaterial.error.message).toMatch(/vasta hyväksytystä/);
    await billing.ok('invoices.approve', { runId: run.id, version: run.version });
    let cancelled = false;
    listen = (p) => {
      if (!cancelled && p.kind === 'invoices.material' && p.phase === 'pdfs' && p.done !== null && p.done >= 40) {
        cancelled = true;
        void billing.ok('jobs.cancel', { jobId: p.id });
      }
    };
    const first = await billing.ok('invoices.material', { runId: run.id });
    expect(first).toEqual({ jobId: expect.any(String) });
    expect((await core.jobs.waitFor(first.jobId)).status).toBe('cancelled');
    listen = () => undefined;
    const pdfDir = path.join(dir, 'laskutus', 'laskut-2026-10');
    const written = fs.readdirSync(pdfDir).filter((f) => f.endsWith('.pdf'));
    expect(written.length).toBeGreaterThanOrEqual(40);
    expect(written.length).toBeLessThan(run.invoiceCount);
    expect(fs.existsSync(path.join(dir, 'laskutus', 'finvoice-2026-10.xml'))).toBe(false);
    const mtimes = new Map(written.map((f) => [f, fs.statSync(path.join(pdfDir, f)).mtimeMs]));

    const before = events.length;
    const second = await billing.ok('invoices.material', { runId: run.id });
    expect(second.jobId).not.toBe(first.jobId);
    expect((await core.jobs.waitFor(second.jobId)).status).toBe('completed');
    const job = await billing.ok('jobs.get', { jobId: second.jobId });
    const m = job.result as { pdfs: number; finvoice: string; einvoices: number; paper: number; manual: number[]; renderedIn: string | null };
    expect(m.pdfs).toBe(run.invoiceCount);
    // The PDFs still missing were rendered in the worker thread (letters/render.ts), and they are whole invoices.
    expect(m.renderedIn).toBe('worker');
    const fresh = fs.readdirSync(pdfDir).filter((f) => f.endsWith('.pdf') && !mtimes.has(f)).sort()[0]!;
    const text = execFileSync('pdftotext', ['-layout', path.join(pdfDir, fresh), '-'], { encoding: 'utf8' });
    expect(text).toContain(fresh.replace('.pdf', ''));
    // The reference number's label in the client's language (the first invoice still missing may be a Swedish one).
    expect(text).toMatch(/Viitenumero|Referensnummer/);
    expect(fs.readdirSync(pdfDir).filter((f) => f.endsWith('.pdf'))).toHaveLength(run.invoiceCount);
    for (const [f, t] of mtimes) expect(fs.statSync(path.join(pdfDir, f)).mtimeMs, f).toBe(t);
    const messages = [...fs.readFileSync(m.finvoice, 'utf8').matchAll(/<Finvoice /g)].length;
    expect(messages).toBe(m.einvoices + m.paper);
    expect(m.einvoices + m.paper + m.manual.length).toBe(run.invoiceCount);
    const phases = [...new Set(events.slice(before).filter((e) => e.id === second.jobId).map((e) => e.phase).filter(Boolean))];
    expect(phases).toEqual(['pdfs', 'finvoice']);
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'invoices.export' AND entity_id = ?", run.id)).toBe(1);
  });

  it('an invoice rendered in the worker thread is the same invoice as one rendered in the thread; a dead worker falls back to the thread', { timeout: 120_000 }, async () => {
    const settings = requireBillingSettings(core.db);
    const layout = invoiceLayout(core.db, core.resourcesDir);
    const id = core.db.prepare("SELECT id FROM invoices WHERE status <> 'cancelled' ORDER BY number DESC LIMIT 1").pluck().get() as string;
    const inv = invoiceReader(core.db, settings)(id);
    const now = new Date('2026-11-23T10:00:00Z');
    const text = (b: Buffer) => {
      const f = path.join(dir, `render-${Math.random().toString(36).slice(2)}.pdf`);
      fs.writeFileSync(f, b);
      return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
    };
    const worker = await invoicePdfRenderer(settings, layout);
    expect(worker.mode).toBe('worker');
    const inWorker = await worker.render(inv, now);
    const thread = await renderInvoicePdf(inv, settings, layout, now);
    expect(inWorker.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text(inWorker)).toBe(text(thread));
    expect(text(inWorker)).toContain(String(inv.number));
    // The worker gone (ended, or died): the same invoice is made here instead, never lost.
    await worker.close();
    expect(worker.mode).toBe('thread');
    expect(text(await worker.render(inv, now))).toBe(text(thread));
    process.env.LUOTSI_RENDER = 'thread';
    try {
      const forced = await invoicePdfRenderer(settings, layout);
      expect(forced.mode).toBe('thread');
      expect(text(await forced.render(inv, now))).toBe(text(thread));
    } finally {
      delete process.env.LUOTSI_RENDER;
    }
  });
});
