// `sync --db PATH --url URL --user U`: one synchronisation of a workstation database with the central
// database as user U (password from LUOTSI_SYNC_PASSWORD, LUOTSI_PASSWORD or the URL; the central database checks
// it): first copy if needed, push, pull. Bad options are refused before anything is opened; a new workstation's
// database is made only once the central database has accepted the user, so a wrong address or password leaves
// no file behind.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openCore } from '../core/core';
import { systemClock } from '../core/clock';
import { pgConfig, SyncSession, syncError, type CentralConnection } from '../core/sync/session';
import { CliUsageError, centralUrlOption, intOption, parse, type CliCommand } from './args';

/** Signs in to the central database once and leaves (for a workstation that has no database yet). */
async function checkSignIn(conn: CentralConnection): Promise<void> {
  const client = new pg.Client(pgConfig(conn));
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw syncError(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const sync: CliCommand = {
  usage: 'sync --db PATH --url URL --user U [--tls verify-full --ca FILE] [--batch N]   synkronoi keskustietokannan kanssa',
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, url: { type: 'string' }, user: { type: 'string' }, tls: { type: 'string' }, ca: { type: 'string' }, batch: { type: 'string' } });
    if (!values.db) throw new CliUsageError('Anna tietokanta: --db PATH.');
    const url = centralUrlOption(values.url);
    if (!values.user) throw new CliUsageError('Anna käyttäjä: --user U.');
    if (values.tls !== undefined && values.tls !== 'verify-full' && values.tls !== 'disable') throw new CliUsageError('--tls on verify-full tai disable.');
    const batch = values.batch === undefined ? undefined : intOption(values.batch, 'batch', 0);
    if (batch !== undefined && (batch < 1 || batch > 50_000)) throw new CliUsageError('--batch on 1–50000 riviä kerrallaan.');
    const password = process.env.LUOTSI_SYNC_PASSWORD ?? process.env.LUOTSI_PASSWORD ?? decodeURIComponent(url.password);
    if (!password) throw new CliUsageError('Anna salasana ympäristömuuttujassa LUOTSI_SYNC_PASSWORD (tai LUOTSI_PASSWORD).');
    let ca: string | undefined;
    if (values.ca) {
      try {
        ca = fs.readFileSync(values.ca, 'utf8');
      } catch (e) {
        throw new CliUsageError(`CA-varmennetta ${values.ca} ei voi lukea: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
      }
    }
    const tls = values.tls ? { mode: values.tls as 'verify-full' | 'disable', ca } : undefined;
    const conn: CentralConnection = { url: values.url!, user: values.user, password, tls };
    const dbPath = path.resolve(values.db);
    const exists = fs.existsSync(dbPath) && fs.statSync(dbPath).size > 0;
    if (!exists) await checkSignIn(conn);
    const core = openCore({ dbPath, clock: systemClock, runJobs: false });
    try {
      // The user's first copy here runs as its durable job (sync/first-copy.ts): a copy killed anywhere is
      // continued by the next run from the last page stored, as the same job.
      let copied = 0;
      if (core.sync.needsFirstCopy(values.user)) {
        copied = (
          await core.sync.firstCopy(values.user, { conn, ...(batch ? { batches: { initial: batch } } : {}) }).catch((e: unknown) => {
            throw syncError(e);
          })
        ).rows;
      }
      const session = await SyncSession.open(core.db, core.clock, conn, { batches: batch ? { push: batch, pull: batch, initial: batch } : {} }).catch((e: unknown) => {
        throw syncError(e);
      });
      try {
        const r = await session.syncOnce().catch((e: unknown) => {
          throw syncError(e);
        });
        return {
          json: { pulled: r.pulled + copied, pushed: r.pushed, conflicts: r.conflicts, rejected: r.rejected, seconds: r.seconds },
          text: `Synkronoitu: ${r.pulled + copied} riviä haettu, ${r.pushed} muutosta lähetetty, ${r.conflicts} ristiriitaa (${r.seconds} s).`,
        };
      } finally {
        await session.close();
      }
    } finally {
      core.close();
    }
  },
};
