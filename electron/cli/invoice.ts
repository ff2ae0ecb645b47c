// `invoice run`: the monthly invoice run from the command line, as billing staff start it in the app. An
// interrupted run of the same month is resumed; a month already invoiced is refused. Writes the Finvoice
// transmission and the paper invoices (PDF) of the run into the output folder. A run killed after its invoices
// were written (a draft) but before all its files were is finished by the rerun: the missing PDFs and the
// Finvoice file are written from the stored invoices, nothing is billed again (issue 16). A draft whose files
// are all in the folder is refused as before. The work is the app's 'invoices.run' job (core/invoicing/jobs.ts)
// with this command's folder in its payload, driven to its end in this process.
import path from 'node:path';
import { openCore } from '../core/core';
import { signInCli } from './auth';
import { BILLING_ROLES } from '../../shared/roles';
import { openRun } from '../core/invoicing/run';
import { missingMaterial, type Material } from '../core/invoicing/material';
import { invoiceRunJob, invoiceRunSubject, type InvoiceRunPayload } from '../core/invoicing/jobs';
import { CliUsageError, clockOption, existingDbOption, monthOption, parse, type CliCommand } from './args';

export const invoice: CliCommand = {
  usage: 'invoice run --db PATH --month VVVV-KK --out DIR --user U [--today VVVV-KK-PP] [--no-pdf] [--chunk-size N]   laskutusajo',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'run') throw new CliUsageError('Käyttö: invoice run --db PATH --month VVVV-KK --out DIR');
    const { values } = parse(rest, {
      db: { type: 'string' },
      month: { type: 'string' },
      out: { type: 'string' },
      user: { type: 'string' },
      today: { type: 'string' },
      'no-pdf': { type: 'boolean' },
      'chunk-size': { type: 'string' },
    });
    const dbPath = existingDbOption(values.db);
    const month = monthOption(values.month);
    if (!values.out) throw new CliUsageError('Anna kansio: --out DIR.');
    const core = openCore({ dbPath, clock: clockOption(values.today), create: false, runJobs: false });
    try {
      const ctx = await signInCli(core, { user: values.user, roles: BILLING_ROLES, command: 'invoice run' });
      const started = performance.now();
      const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
      if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 100_000))
        throw new CliUsageError(`--chunk-size on kokonaisluku 1–100000 (asiakkaita yhdessä tallennuksessa), nyt "${values['chunk-size']}".`);
      const out = path.resolve(values.out);
      const pdf = !values['no-pdf'];
      const draft = core.db.prepare("SELECT id FROM invoice_runs WHERE month = ? AND status = 'draft'").pluck().get(month) as string | undefined;
      const missing = draft === undefined ? null : missingMaterial(core.db, draft, out, { pdf });
      const unfinished = missing !== null && (missing.finvoice || missing.pdfs.length > 0);
      // The run and its job are planned in one transaction, as the app's 'invoices.start' does; the job bills
      // the clients still to bill and writes this command's files, and is driven to its end here. A job left
      // by a killed command (or the app) for the same run is taken over with this command's folder.
      const payload: InvoiceRunPayload = { runId: '', material: { outDir: out, pdf }, ...(chunkSize === undefined ? { chunkSize: 2000 } : { chunkSize }) };
      const { runId, resumed, jobId } = core.db.transaction(() => {
        const { run, resumed } = openRun({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id }, month, { draft: unfinished ? 'resume' : 'refuse' });
        const jobId = ctx.jobs.enqueue(invoiceRunJob, { ...payload, runId: run.id }, { subject: invoiceRunSubject(run.id), createdBy: ctx.user.id });
        ctx.jobs.updatePayload(jobId, { ...payload, runId: run.id });
        return { runId: run.id, resumed, jobId };
      })();
      const job = await ctx.jobs.complete(jobId);
      const result = JSON.parse(job.result ?? '{}') as { status: string; invoices: number; totalCents: number; material?: Material };
      const status = core.db.prepare('SELECT status FROM invoice_runs WHERE id = ?').pluck().get(runId) as string;
      if (status === 'running' || !result.material) return { json: { interrupted: true, runId, jobId }, text: 'Laskutusajo keskeytettiin.', exitCode: 3 };
      const m = result.material;
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return {
        json: { invoices: result.invoices, totalCents: result.totalCents, finvoice: m.finvoice, einvoices: m.einvoices, paper: m.paper, manual: m.manual.length, pdfDir: m.pdfDir, pdfs: m.pdfs, renderedIn: m.renderedIn, seconds, runId, jobId, resumed, status },
        text: `Laskutusajo ${month}: ${result.invoices} laskua, yhteensä ${(result.totalCents / 100).toFixed(2)} € → ${m.finvoice} (${m.einvoices} e-laskua, ${m.paper} paperilaskua), ${m.pdfs} PDF-laskua, ${m.manual.length} toimitetaan käsin (${seconds} s).`,
      };
    } finally {
      core.close();
    }
  },
};
