// A central database in use before schema 6 (the vault) is migrated in place: its rows, devices and numbers
// stay; a workstation that synced before carries on with its device (which it now claims with its secret, keeping
// its mutation ids), while a user who never used that device cannot claim it; the old open privileges are gone.
import path from 'node:path';
import pg from 'pg';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { seedCentral } from '../../electron/core/sync/central/seed';
import { CENTRAL_MIGRATIONS, CENTRAL_SCHEMA_VERSION, migrateCentral } from '../../electron/core/sync/central/migrate';
import { SyncSession } from '../../electron/core/sync/session';
import { tempDir, TODAY } from '../support/core';

let url: string;
let admin: pg.Client;
let ws: Core;
const clock = fixedDateClock(TODAY);
const DIR = path.join(__dirname, '../../electron/core/sync/central');

const userUrl = (role: string) => {
  const u = new URL(url);
  u.username = role;
  u.password = 'demo';
  return u.toString();
};

beforeAll(async () => {
  const server = new URL(inject('postgresUrl'));
  const name = `luotsi_upgrade_${process.pid}`;
  const root = new pg.Client({ connectionString: server.toString() });
  await root.connect();
  await root.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await root.query(`CREATE DATABASE ${name}`);
  await root.end();
  server.pathname = `/${name}`;
  url = server.toString();
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // Schema 1–5 as they were applied before the vault.
  for (const m of CENTRAL_MIGRATIONS.filter((x) => x.version <= 5)) {
    await admin.query('BEGIN');
    await admin.query(fs.readFileSync(path.join(DIR, m.file), 'utf8'));
    await admin.query('INSERT INTO luotsi_schema (version) VALUES ($1)', [m.version]);
    await admin.query('COMMIT');
  }
  const source = openCore({ dbPath: path.join(tempDir('luotsi-upgrade-src-'), 'src.sqlite'), clock, seedIfEmpty: { clients: 120, intakeItems: 300 } });
  await seedCentral(admin, source.db, { password: 'demo', olderSchema: true });
  source.close();
  ws = openCore({ dbPath: path.join(tempDir('luotsi-upgrade-ws-'), 'ws.sqlite'), clock });
}, 180_000);

afterAll(async () => {
  ws?.close();
  await admin?.end();
});

describe('migrating a central database in use', () => {
  it('keeps a workstation’s device and mutation ids for the users who used it, and closes the tables', async () => {
    const device = ws.db.prepare('SELECT device_id FROM sync_state').pluck().get() as string;
    // Before: the worker's workstation registered and pushed through the old functions, and reserved numbers;
    // and she could still read the tables directly.
    const old = new pg.Client({ connectionString: userUrl('ohjaaja') });
    await old.connect();
    await old.query("SELECT sync_register($1, 'vanha')", [device]);
    await old.query('SELECT sync_push($1, $2::jsonb)', [device, JSON.stringify([1, 2, 3].map((mid) => ({ mid, entity: 'clients', key: `ei-ole-${mid}`, op: 'delete', data: {} })))]);
    await old.query("SELECT * FROM sync_reserve_numbers($1, 'decision', 2026, 50, NULL)", [device]);
    expect(Number((await old.query('SELECT count(*) AS n FROM sync_rows')).rows[0].n)).toBeGreaterThan(100);
    await old.end();
    const rows = Number((await admin.query('SELECT count(*) AS n FROM sync_rows')).rows[0].n);

    expect(await migrateCentral(admin)).toEqual(CENTRAL_MIGRATIONS.filter((m) => m.version > 5).map((m) => m.version));
    expect(Number((await admin.query('SELECT max(version) AS v FROM luotsi_schema')).rows[0].v)).toBe(CENTRAL_SCHEMA_VERSION);
    expect(Number((await admin.query('SELECT count(*) AS n FROM sync_rows')).rows[0].n)).toBe(rows);
    expect((await admin.query('SELECT role_name FROM sync_device_roles WHERE device_id = $1', [device])).rows).toEqual([{ role_name: 'ohjaaja' }]);

    // The tables are closed to the same user now.
    const after = new pg.Client({ connectionString: userUrl('ohjaaja') });
    await after.connect();
    await expect(after.query('SELECT count(*) FROM sync_rows')).rejects.toThrow(/permission denied/);
    await after.end();

    // Another user cannot claim the old device (it has no secret yet), nor push to it.
    const other = new pg.Client({ connectionString: userUrl('paallikko') });
    await other.connect();
    await expect(other.query("SELECT sync_register($1, $2, 'x')", [device, 'f'.repeat(64)])).rejects.toThrow(/not registered to role paallikko/);
    await other.end();
    expect((await admin.query('SELECT secret_hash FROM sync_devices WHERE device_id = $1', [device])).rows[0].secret_hash).toBeNull();

    // The worker's workstation, now with its secret, claims its device and carries on from mutation id 3.
    const u = new URL(url);
    const s = await SyncSession.open(ws.db, clock, { url: `postgres://${u.host}${u.pathname}`, user: 'ohjaaja', password: 'demo' });
    try {
      const r = await s.syncOnce();
      expect(r.pulled).toBeGreaterThan(50);
    } finally {
      await s.close();
    }
    const d = (await admin.query('SELECT last_mutation_id, secret_hash IS NOT NULL AS claimed FROM sync_devices WHERE device_id = $1', [device])).rows[0];
    expect(d).toEqual({ last_mutation_id: '3', claimed: true });
    // A colleague at the same workstation registers it with the same secret and syncs there too.
    const s2 = await SyncSession.open(ws.db, clock, { url: `postgres://${u.host}${u.pathname}`, user: 'paallikko', password: 'demo' });
    await s2.close();
    expect((await admin.query('SELECT role_name FROM sync_device_roles WHERE device_id = $1 ORDER BY 1', [device])).rows).toEqual([{ role_name: 'ohjaaja' }, { role_name: 'paallikko' }]);
    // The old function signatures are gone.
    expect((await admin.query("SELECT count(*) AS n FROM pg_proc WHERE proname IN ('luotsi_all_areas', 'luotsi_my_areas') OR oid = to_regprocedure('sync_push(uuid, jsonb)')")).rows[0].n).toBe('0');
  });
});
