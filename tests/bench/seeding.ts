// Bench: generating the demo county (the first start's wait) against a baseline measured in the same run — the
// same generated rows replayed into an empty database of the same schema through plain prepared statements in
// one transaction. The generation may take at most twice the replay; the old absolute figure (15 s on the
// 30,000-client county) depends on the machine and is printed only. Both are measured in wall time and in this
// process's CPU time (everything here is synchronous): on a shared, busy machine the CPU time is the fair ratio.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/connection';
import { findResourcesDir } from '../../electron/core/core';
import { seedDemo } from '../../electron/core/seed/demo';

type Report = (name: string, value: string, target: string, ok: boolean | null) => void;

interface Took {
  seconds: number;
  cpuSeconds: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Copies every row of `from` into the empty, migrated database at `to`; returns the time the inserts took. */
export function replayRows(from: string, to: string): Took & { rows: number; tables: number } {
  const src = openDatabase(from, { readonly: true });
  const dst = openDatabase(to);
  try {
    const tables = src.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").pluck().all() as string[];
    // A new database holds only rows its migrations made (the sync state row): the replay writes its own.
    for (const t of tables) if ((dst.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number) > 0) dst.prepare(`DELETE FROM "${t}"`).run();
    let insertMs = 0;
    let cpu = 0;
    let rows = 0;
    dst.pragma('defer_foreign_keys = ON'); // references are checked at the commit, whatever the table order
    dst.exec('BEGIN');
    try {
      for (const t of tables) {
        const read = src.prepare(`SELECT * FROM "${t}"`).raw(true);
        const cols = read.columns().map((c) => `"${c.name}"`);
        const data = read.all() as unknown[][]; // read before the clock starts: the baseline is the writing
        if (!data.length) continue;
        const insert = dst.prepare(`INSERT INTO "${t}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        const t0 = performance.now();
        const c0 = cpuNow();
        for (const row of data) insert.run(row);
        insertMs += performance.now() - t0;
        cpu += cpuNow() - c0;
        rows += data.length;
      }
      const t0 = performance.now();
      const c0 = cpuNow();
      dst.exec('COMMIT');
      insertMs += performance.now() - t0;
      cpu += cpuNow() - c0;
    } catch (e) {
      dst.exec('ROLLBACK');
      throw e;
    }
    return { seconds: insertMs / 1000, cpuSeconds: cpu, rows, tables: tables.length };
  } finally {
    src.close();
    dst.close();
  }
}

/** Seeds the bench county into `dbPath` and compares the time with the replay of its rows. */
export function benchSeeding(report: Report, dir: string, dbPath: string, opts: { clients: number; intakeItems: number; today: string }): void {
  const t0 = performance.now();
  const c0 = cpuNow();
  const db = openDatabase(dbPath);
  const r = seedDemo(db, { clients: opts.clients, intakeItems: opts.intakeItems, today: opts.today, resourcesDir: findResourcesDir() });
  db.close();
  const seeding: Took = { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuNow() - c0 };
  const replayPath = path.join(dir, 'replay.sqlite');
  const replay = replayRows(dbPath, replayPath);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(replayPath + suffix, { force: true });
  const name = `Seeding ${r.clients} clients + ${r.intakeItems} intake items`;
  const both = (t: Took) => `${t.seconds.toFixed(2)} s (CPU ${t.cpuSeconds.toFixed(2)} s)`;
  report(name, both(seeding), 'printed (the old target < 15 s depends on the machine)', null);
  report(`Replay of the same ${replay.rows.toLocaleString('en')} rows (${replay.tables} tables) by prepared statements in one transaction`, both(replay), 'baseline', null);
  const ratio = seeding.cpuSeconds / replay.cpuSeconds;
  report(`${name} vs that replay, CPU time`, `ratio ${ratio.toFixed(2)} (wall ${(seeding.seconds / replay.seconds).toFixed(2)})`, 'target ≤ 2×', ratio <= 2);
}
