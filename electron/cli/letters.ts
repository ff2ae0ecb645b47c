// `letters batch`: makes, signs and packages the letters of decisions ready to send, as the client secretary's
// sending batch does in the app. An unfinished batch (killed or failed earlier) is resumed first, so running the
// command again after an interruption finishes the same batch without duplicates.
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { SEND_ROLES } from '../../shared/roles';
import { openCore } from '../core/core';
import { signInCli } from './auth';
import { createBatch, moveBatchOutput, runBatch, unfinishedBatchIds } from '../core/letters/batch';
import { CliUsageError, clockOption, existingDbOption, parse, type CliCommand } from './args';

export const letters: CliCommand = {
  usage: 'batch --db PATH --decisions ALL_READY|id,id --out DIR --user U [--today YYYY-MM-DD]   tekee lähetyserän (salasana: LUOTSI_PASSWORD)',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'batch') throw new CliUsageError('Käyttö: letters batch --db PATH --decisions ALL_READY|id,id --out DIR');
    const { values } = parse(rest, {
      db: { type: 'string' },
      decisions: { type: 'string' },
      out: { type: 'string' },
      user: { type: 'string' },
      today: { type: 'string' },
    });
    const dbPath = existingDbOption(values.db);
    if (!values.decisions) throw new CliUsageError('Anna päätökset: --decisions ALL_READY tai pilkuin erotetut tunnisteet.');
    if (!values.out) throw new CliUsageError('Anna kansio: --out DIR.');
    const core = openCore({ dbPath, clock: clockOption(values.today), create: false, runJobs: false });
    try {
      const ctx = await signInCli(core, { user: values.user, roles: SEND_ROLES, command: 'letters batch' });
      const started = performance.now();
      const outDir = path.resolve(values.out);
      const resumed = unfinishedBatchIds(ctx);
      // A rerun may give another folder (the first one filled up or is gone): the packaging still to come goes there.
      const moved = resumed.map((id) => moveBatchOutput(ctx, { batchId: id, outDir })).filter((m) => m !== null);
      let batchId = resumed[resumed.length - 1];
      for (const id of resumed.slice(0, -1)) await runBatch(ctx, id);
      if (!batchId) {
        const ids = values.decisions === 'ALL_READY' ? 'ALL_READY' : values.decisions.split(',').map((s) => s.trim()).filter(Boolean);
        try {
          batchId = createBatch(ctx, { decisionIds: ids, outDir }).id;
        } catch (e) {
          // A rerun after everything was sent: nothing new, nothing written, and no failure.
          if (!(e instanceof AppError) || e.key !== 'delivery.nothingNew') throw e;
          return { json: { letters: 0, pages: 0, zip: null, batchId: null, jobId: null, resumed: false, nothingNew: true, message: e.message, manual: 0, failed: 0 }, text: e.message };
        }
      }
      const b = await runBatch(ctx, batchId);
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return {
        json: { letters: b.letters, pages: b.pages, zip: b.zipPath, seconds, batchId: b.id, jobId: b.jobId, resumed: resumed.length > 0, movedFrom: moved[0]?.from ?? null, manual: b.manual, failed: b.failed, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) },
        text: `${moved.length ? `Erän kansio vaihdettu: ${moved[0]!.from} → ${outDir}.\n` : ''}Lähetyserä ${b.id}: ${b.letters} kirjettä, ${b.pages} sivua → ${b.zipPath} (${seconds} s)${b.manual ? `, ${b.manual} toimitetaan käsin` : ''}${b.failed ? `, ${b.failed} epäonnistui` : ''}.`,
      };
    } finally {
      core.close();
    }
  },
};
