// The central database's schema: plain SQL files beside this one, numbered, applied in order in one
// transaction each under an advisory lock, each followed (from schema 6 on) by luotsi_seal(), which hands
// every object to the non-login owner, pins every function's search_path and takes every privilege on tables
// away from everyone else (006-vault.sql). A workstation refuses a central database whose schema is newer
// than the one it knows.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { AppError } from '../../../../shared/contract/errors';

const DIR = path.dirname(fileURLToPath(import.meta.url));

export const CENTRAL_MIGRATIONS: readonly { version: number; file: string }[] = [
  { version: 1, file: '001-sync.sql' },
  { version: 2, file: '002-numbers.sql' },
  { version: 3, file: '003-area-moves.sql' },
  { version: 4, file: '004-compact.sql' },
  { version: 5, file: '005-ceiling-notices.sql' },
  { version: 6, file: '006-vault.sql' },
  { version: 7, file: '007-service-periods.sql' },
  { version: 8, file: '008-care-interruptions.sql' },
  { version: 9, file: '009-vault-rules.sql' },
  { version: 10, file: '010-delegation-limits.sql' },
  { version: 11, file: '011-deliveries.sql' },
  { version: 12, file: '012-claim-takeover.sql' },
  { version: 13, file: '013-waiting-publications.sql' },
  { version: 14, file: '014-publication-approver.sql' },
  { version: 15, file: '015-claim-senders.sql' },
  { version: 16, file: '016-publication-figures.sql' },
  { version: 17, file: '017-service-period-facts.sql' },
  { version: 18, file: '018-conflict-reads.sql' },
  { version: 19, file: '019-read-log.sql' },
  { version: 20, file: '020-claim-next-attempt.sql' },
  { version: 21, file: '021-publication-edition.sql' },
  { version: 22, file: '022-forged-base.sql' },
];
export const CENTRAL_SCHEMA_VERSION = CENTRAL_MIGRATIONS[CENTRAL_MIGRATIONS.length - 1]!.version;

const LOCK = 7_201_105; // advisory lock id of Luotsi's schema changes

/** The schema version, read through luotsi_schema_version() (users have no table privileges from schema 6). */
export async function centralSchemaVersion(c: pg.ClientBase): Promise<number> {
  const found = (
    await c.query<{ f: boolean; t: boolean }>(
      "SELECT to_regprocedure('public.luotsi_schema_version()') IS NOT NULL AS f, to_regclass('public.luotsi_schema') IS NOT NULL AS t",
    )
  ).rows[0]!;
  if (found.f) return (await c.query<{ v: number }>('SELECT public.luotsi_schema_version() AS v')).rows[0]!.v;
  if (!found.t) return 0;
  return (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM public.luotsi_schema')).rows[0]!.v ?? 0;
}

export function newerSchemaError(found: number): AppError {
  return new AppError(
    'CONFLICT',
    `Keskustietokannan rakenne (versio ${found}) on uudempi kuin tämän Luotsin tuntema (${CENTRAL_SCHEMA_VERSION}). Päivitä Luotsi; paikallinen työ säilyy.`,
  );
}

/**
 * Takes Luotsi's schema lock, waiting at most `waitMs`. Any role that may connect can take an advisory lock (the red
 * team: a guidance worker holding this one in a psql session kept every migration waiting for ever), so a lock
 * held too long is named — the role, its process and since when — and the migration stops changing nothing.
 */
async function takeSchemaLock(c: pg.ClientBase, waitMs: number): Promise<void> {
  const end = Date.now() + waitMs;
  for (;;) {
    if ((await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LOCK])).rows[0]!.ok) return;
    if (Date.now() >= end) break;
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(10, end - Date.now()))));
  }
  const holder = (
    await c.query<{ role: string | null; pid: number; since: Date | null }>(
      `SELECT a.usename AS role, l.pid, a.xact_start AS since FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND ((l.classid::bigint << 32) | l.objid::bigint) = $1 LIMIT 1`,
      [LOCK],
    )
  ).rows[0];
  const who = holder ? `${holder.role ?? '?'} (pid ${holder.pid})` : '?';
  throw new AppError(
    'CONFLICT',
    `Keskustietokannan rakennetta ei voitu päivittää: istunto ${who} pitää Luotsin rakennelukkoa. Lopeta istunto (pg_terminate_backend(${holder?.pid ?? 'pid'})) ja yritä uudelleen. / ` +
      `Den centrala databasens struktur kunde inte uppdateras: sessionen ${who} håller Luotsis strukturlås. Avsluta sessionen och försök på nytt.`,
  );
}

/** Applies the missing migrations; returns the versions applied. `lockWaitMs`: how long to wait for another migration. */
export async function migrateCentral(c: pg.ClientBase, opts: { lockWaitMs?: number } = {}): Promise<number[]> {
  await takeSchemaLock(c, opts.lockWaitMs ?? 10 * 60_000);
  try {
    const current = await centralSchemaVersion(c);
    if (current > CENTRAL_SCHEMA_VERSION) throw newerSchemaError(current);
    const applied: number[] = [];
    for (const m of CENTRAL_MIGRATIONS) {
      if (m.version <= current) continue;
      const sql = fs.readFileSync(path.join(DIR, m.file), 'utf8');
      await c.query('BEGIN');
      try {
        await c.query(sql);
        await c.query('INSERT INTO luotsi_schema (version) VALUES ($1)', [m.version]);
        if (m.version >= 6) await c.query('SELECT luotsi_seal()');
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [LOCK]);
  }
}
