// `sync --db PATH --url URL --user U`: one synchronisation of a workstation database with the central
// database as user U (password from LUOTSI_SYNC_PASSWORD, LUOTSI_PASSWORD or the URL; the central database checks it): first copy if needed, push, pull.
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../core/core';
import { systemClock } from '../core/clock';
import { SyncSession, syncError } from '../core/sync/session';
import { CliUsageError, intOption, parse, type CliCommand } from './args';

export const sync: CliCommand = {
  usage: 'sync --db PATH --url URL --user U [--tls verify-full --ca FILE] [--batch N]   synkronoi keskustietokannan kanssa',
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, url: { type: 'string' }, user: { type: 'string' }, tls: { type: 'string' }, ca: { type: 'string' }, batch: { type: 'string' } });
    if (!values.db) throw new CliUsageError('Anna tietokanta: --db PATH.');
    if (!values.url) throw new CliUsageError('Anna keskustietokannan osoite: --url postgres://…');
    if (!values.user) throw new CliUsageError('Anna käyttäjä: --user U.');
    if (values.tls !== undefined && values.tls !== 'verify-full' && values.tls !== 'disable') throw new CliUsageError('--tls on verify-full tai disable.');
    const batch = values.batch === undefined ? undefined : intOption(values.batch, 'batch', 0);
    if (batch !== undefined && (batch < 1 || batch > 50_000)) throw new CliUsageError('--batch on 1–50000 riviä kerrallaan.');
    const password = process.env.LUOTSI_SYNC_PASSWORD ?? process.env.LUOTSI_PASSWORD ?? new URL(values.url).password;
    const core = openCore({ dbPath: path.resolve(values.db), clock: systemClock, runJobs: false });
    try {
      const ca = values.ca ? fs.readFileSync(values.ca, 'utf8') : undefined;
      const tls = values.tls ? { mode: values.tls as 'verify-full' | 'disable', ca } : undefined;
      const session = await SyncSession.open(core.db, core.clock, { url: values.url, user: values.user, password: decodeURIComponent(password), tls }, { batches: batch ? { push: batch, pull: batch, initial: batch } : {} }).catch((e: unknown) => {
        throw syncError(e);
      });
      try {
        const r = await session.syncOnce().catch((e: unknown) => {
          throw syncError(e);
        });
        return {
          json: { pulled: r.pulled, pushed: r.pushed, conflicts: r.conflicts, rejected: r.rejected, seconds: r.seconds },
          text: `Synkronoitu: ${r.pulled} riviä haettu, ${r.pushed} muutosta lähetetty, ${r.conflicts} ristiriitaa (${r.seconds} s).`,
        };
      } finally {
        await session.close();
      }
    } finally {
      core.close();
    }
  },
};
