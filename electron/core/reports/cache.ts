// Raportit's parts kept between loads: a part computed for one view (period, scope and the areas it was resolved
// to for the user) is answered again from memory until the data changes. The key is taken after the core has
// checked the period and applied the user's area rules (reports/scope.ts), so a cached figure is only ever given
// to a request that resolved to exactly the same areas.
//
// When the data changes: a version made of
// - a counter in this connection's temp schema, raised by temp triggers after every insert, update and delete on
//   every table of the database except the few that no report reads and that change all the time without
//   changing any figure (the audit log, job bookkeeping, sign-in throttling, sync bookkeeping; see IGNORED —
//   tests/integration/reports-cache.test.ts checks that the reports' code reads none of them), and
// - SQLite's `PRAGMA data_version`, which changes when any other connection (the command line, a second
//   process) commits.
// A write rolled back rolls the counter back with it (the temp table is transactional), and so the data too.
// Any change empties the whole cache: simple, and a write cannot be missed by a figure that happens to depend on it.
import type { Db } from '../db/connection';

/** Tables the reports never read; writes to them leave every figure as it was. */
export const IGNORED = [
  'audit_log',
  'jobs',
  'sign_in_failures',
  'saved_views',
  'outbox',
  'sync_cursors',
  'sync_state',
  'sync_shadow',
  'sync_rejects',
  'sync_conflicts',
  'suomifi_event_cursor',
] as const;

const MAX_ENTRIES = 256;

export interface PartCache {
  /** The current data version (cheap: two tiny reads). */
  version(): string;
  /** The value for `key` at the current data version, computing and keeping it when missing. */
  get<T>(key: string, compute: () => T): { value: T; hit: boolean };
  /** Forgets every part (the bench times the computation itself with it). */
  clear(): void;
  /** How often a lookup was answered from memory and how often computed (tests, the bench). */
  stats: { hits: number; misses: number };
}

const caches = new WeakMap<Db, PartCache>();

function installCounter(db: Db): void {
  const tables = db
    .prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  db.transaction(() => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS report_data_version (n INTEGER NOT NULL); DELETE FROM temp.report_data_version; INSERT INTO temp.report_data_version VALUES (0);');
    for (const t of tables) {
      if ((IGNORED as readonly string[]).includes(t)) continue;
      for (const ev of ['INSERT', 'UPDATE', 'DELETE']) {
        const name = `report_version_${t}_${ev.toLowerCase()}`.replace(/[^A-Za-z0-9_]/g, '_');
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS "${name}" AFTER ${ev} ON main."${t.replace(/"/g, '""')}" BEGIN UPDATE temp.report_data_version SET n = n + 1; END;`);
      }
    }
  })();
}

/** The cache of this database connection (its change counter installed at the first use). */
export function partCache(db: Db): PartCache {
  const known = caches.get(db);
  if (known) return known;
  installCounter(db);
  const counter = db.prepare('SELECT n FROM temp.report_data_version').pluck();
  const version = () => `${db.pragma('data_version', { simple: true }) as number}.${counter.get() as number}`;
  const entries = new Map<string, unknown>();
  let at = version();
  const cache: PartCache = {
    version,
    clear: () => entries.clear(),
    stats: { hits: 0, misses: 0 },
    get<T>(key: string, compute: () => T) {
      const now = version();
      if (now !== at) {
        entries.clear();
        at = now;
      }
      if (entries.has(key)) {
        cache.stats.hits++;
        const value = entries.get(key) as T;
        // Most recently used last (the oldest goes first when the cache is full).
        entries.delete(key);
        entries.set(key, value);
        return { value, hit: true };
      }
      cache.stats.misses++;
      const value = compute();
      // Kept only if nothing was written meanwhile (a part is computed in one go, but be sure).
      if (version() === at) {
        entries.set(key, value);
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      }
      return { value, hit: false };
    },
  };
  caches.set(db, cache);
  return cache;
}
