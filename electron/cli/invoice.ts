// `invoice run`: the monthly invoice run from the command line, as billing staff start it in the app. An
// interrupted run of the same month is resumed; a month already invoiced is refused. Writes the Finvoice
// transmission and the paper invoices (PDF) of the run into the output folder. A run killed after its invoices
// were written (a draft) but before all its files were is finished by the rerun: the missing PDFs and the
// Finvoice file are written from the stored invoices, nothing is billed again (issue 16). A draft whose files
// are all in the folder is refused as before.
import path from 'node:path';
import { openCore } from '../core/core';
import { signInCli } from './auth';
import { BILLING_ROLES } from '../../shared/roles';
import { runMonth } from '../core/invoicing/run';
import { missingMaterial, writeRunMaterial } from '../core/invoicing/material';
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
      'stop-after-chunks': { type: 'string' },
      'chunk-size': { type: 'string' },
    });
    const dbPath = existingDbOption(values.db);
    const month = monthOption(values.month);
    if (!values.out) throw new CliUsageError('Anna kansio: --out DIR.');
    const core = openCore({ dbPath, clock: clockOption(values.today), create: false, runJobs: false });
    try {
      const { user } = await signInCli(core, { user: values.user, roles: BILLING_ROLES, command: 'invoice run' });
      const started = performance.now();
      const stop = values['stop-after-chunks'] ? Number(values['stop-after-chunks']) : undefined;
      const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
      if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 100_000))
        throw new CliUsageError(`--chunk-size on kokonaisluku 1–100000 (asiakkaita yhdessä tallennuksessa), nyt "${values['chunk-size']}".`);
      const out = path.resolve(values.out);
      const draft = core.db.prepare("SELECT id FROM invoice_runs WHERE month = ? AND status = 'draft'").pluck().get(month) as string | undefined;
      const missing = draft === undefined ? null : missingMaterial(core.db, draft, out, { pdf: !values['no-pdf'] });
      const unfinished = missing !== null && (missing.finvoice || missing.pdfs.length > 0);
      const r = await runMonth({ db: core.db, clock: core.clock, audit: core.audit, userId: user.id }, month, { stopAfterChunks: stop, chunkSize, draft: unfinished ? 'resume' : 'refuse' });
      const status = core.db.prepare('SELECT status FROM invoice_runs WHERE id = ?').pluck().get(r.runId) as string;
      if (status === 'running') return { json: { interrupted: true, runId: r.runId }, text: 'Laskutusajo keskeytettiin.', exitCode: 3 };
      const runSeconds = r.seconds;
      const m = await writeRunMaterial(core.db, r.runId, out, core.resourcesDir, core.clock.now(), { pdf: !values['no-pdf'] });
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return {
        json: { invoices: r.invoices, totalCents: r.totalCents, finvoice: m.finvoice, einvoices: m.einvoices, paper: m.paper, manual: m.manual.length, pdfDir: m.pdfDir, pdfs: m.pdfs, seconds, runSeconds, runId: r.runId, resumed: r.resumed, status },
        text: `Laskutusajo ${month}: ${r.invoices} laskua, yhteensä ${(r.totalCents / 100).toFixed(2)} € → ${m.finvoice} (${m.einvoices} e-laskua, ${m.paper} paperilaskua), ${m.pdfs} PDF-laskua, ${m.manual.length} toimitetaan käsin (${seconds} s).`,
      };
    } finally {
      core.close();
    }
  },
};
