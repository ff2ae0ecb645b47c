// Raportit's parts kept between loads (electron/core/reports/cache.ts): a second load of the same view is answered
// from memory, and any write that could change a figure — through the core's own connection, from another
// connection, a rolled-back one — shows in the very next load; the area rules are applied before the cache.
// The default view is computed in the background after sign-in.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { IGNORED, partCache } from '../../electron/core/reports/cache';
import { DASHBOARD_PARTS } from '../../shared/contract/report-schemas';
import { presetPeriod } from '../../shared/domain/report-presets';
import { connect, seededCore, tempDir, TODAY } from '../support/core';

let core: Core;
let dbFile: string;
let manager: ReturnType<typeof connect>;
const county = { level: 'county' as const, areaId: null, workerId: null };
const FROM = '2025-11-24';
const view = { from: FROM, to: TODAY, scope: county, granularity: 'month' as const };
const stats = () => ({ ...partCache(core.db).stats });
const intakeTotal = async () => (await manager.ok('reports.dashboardPart', { ...view, part: 'intake' })).kpis.intake!;
/** An intake item of the period (contact date inside it), moved out of the period by the test's writes. */
const itemInPeriod = (skip: number) =>
  core.db.prepare('SELECT id FROM intake_items WHERE contact_date BETWEEN ? AND ? ORDER BY id LIMIT 1 OFFSET ?').pluck().get(FROM, TODAY, skip) as string;

beforeAll(async () => {
  const dir = tempDir('luotsi-reports-cache-');
  core = seededCore({ clients: 300, intakeItems: 1500, dir });
  dbFile = path.join(dir, 'luotsi.sqlite');
  manager = connect(core);
  await manager.signIn('paallikko');
});
afterAll(() => core.close());

describe('the cache of dashboard parts', () => {
  it('answers the same view again from memory, with the same figures', async () => {
    const first = await manager.ok('reports.dashboardPart', { ...view, part: 'waiting' });
    const before = stats();
    const again = await manager.ok('reports.dashboardPart', { ...view, part: 'waiting' });
    expect(stats().hits).toBe(before.hits + 1);
    expect(stats().misses).toBe(before.misses);
    expect(again.waiting).toEqual(first.waiting);
    expect(again.kpis).toEqual(first.kpis);
    // Another period is another entry: computed.
    await manager.ok('reports.dashboardPart', { ...view, from: '2026-01-01', part: 'waiting' });
    expect(stats().misses).toBe(before.misses + 1);
  });

  it("a write through the core's own connection shows in the next load", async () => {
    const n = await intakeTotal();
    expect(await intakeTotal()).toBe(n); // cached
    const hits = stats().hits;
    core.db.prepare("UPDATE intake_items SET contact_date = '2020-01-01' WHERE id = ?").run(itemInPeriod(0));
    expect(await intakeTotal()).toBe(n - 1);
    expect(stats().hits).toBe(hits); // computed again, not answered from memory
  });

  it('a write committed by another connection (another process, the command line) shows in the next load', async () => {
    const n = await intakeTotal();
    expect(await intakeTotal()).toBe(n);
    const other = new Database(dbFile);
    try {
      other.pragma('foreign_keys = ON');
      other.prepare("UPDATE intake_items SET contact_date = '2020-01-01' WHERE id = ?").run(itemInPeriod(0));
    } finally {
      other.close();
    }
    expect(await intakeTotal()).toBe(n - 1);
  });

  it('the whole dashboard and its parts come from the same cache and agree after a write', async () => {
    await manager.ok('reports.dashboard', view);
    core.db.prepare("UPDATE intake_items SET contact_date = '2020-01-01' WHERE id = ?").run(itemInPeriod(0));
    const whole = await manager.ok('reports.dashboard', view);
    const counted = core.db.prepare('SELECT count(*) FROM intake_items WHERE contact_date BETWEEN ? AND ?').pluck().get(FROM, TODAY) as number;
    expect(whole.kpis.intake).toBe(counted);
    expect(await intakeTotal()).toBe(counted);
  });

  it('a rolled-back write and a write to the audit log keep the cached parts', async () => {
    const n = await intakeTotal();
    const id = itemInPeriod(0);
    expect(() =>
      core.db.transaction(() => {
        core.db.prepare("UPDATE intake_items SET contact_date = '2020-01-01' WHERE id = ?").run(id);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    core.audit.write({ userId: null, action: 'session.signInFailed', details: { username: 'nobody' } });
    const hits = stats().hits;
    expect(await intakeTotal()).toBe(n);
    expect(stats().hits).toBe(hits + 1);
  });

  it('the area rules are applied before the cache: a figure cached for one area is never given to a user who may not see it', async () => {
    const worker = connect(core);
    const me = await worker.signIn('ohjaaja');
    const other = core.db.prepare('SELECT id FROM areas WHERE id NOT IN (SELECT value FROM json_each(?)) ORDER BY sort LIMIT 1').pluck().get(JSON.stringify(me.areaIds)) as string;
    const areaView = { ...view, scope: { level: 'area' as const, areaId: other, workerId: null } };
    await manager.ok('reports.dashboardPart', { ...areaView, part: 'intake' }); // cached for the manager
    const refused = await worker.call('reports.dashboardPart', { ...areaView, part: 'intake' });
    expect(refused.ok).toBe(false);
    // The worker's own area: the same figures the manager gets for it.
    const own = { ...view, scope: { level: 'area' as const, areaId: me.areaIds[0]!, workerId: null } };
    expect((await worker.ok('reports.dashboardPart', { ...own, part: 'intake' })).kpis).toEqual((await manager.ok('reports.dashboardPart', { ...own, part: 'intake' })).kpis);
  });

  it('the reports read none of the tables whose writes the cache ignores', () => {
    const root = path.resolve(__dirname, '../..');
    const files = ['electron/core/reports/dashboard.ts', 'electron/core/reports/scope.ts', 'electron/core/area-scope.ts', 'electron/core/arrangement/service.ts', 'electron/core/arrangement/queries.ts'];
    for (const f of files) {
      const src = fs.readFileSync(path.join(root, f), 'utf8');
      for (const t of IGNORED) expect(new RegExp(`\\b${t}\\b`).test(src), `${f} reads ${t}`).toBe(false);
    }
  });
});

describe('the default view computed after sign-in', () => {
  it('the parts of the last 12 months of the county are in the cache shortly after a manager signs in, and a load then computes nothing', async () => {
    const m = connect(core);
    core.db.prepare("UPDATE intake_items SET contact_date = '2020-01-01' WHERE id = ?").run(itemInPeriod(0)); // nothing cached now
    const before = stats();
    await m.signIn('paallikko');
    const deadline = Date.now() + 20_000;
    while (stats().misses < before.misses + DASHBOARD_PARTS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stats().misses).toBe(before.misses + DASHBOARD_PARTS.length);
    const p = presetPeriod('last12', TODAY);
    for (const part of DASHBOARD_PARTS) await m.ok('reports.dashboardPart', { ...p, scope: county, granularity: null, part });
    expect(stats().misses).toBe(before.misses + DASHBOARD_PARTS.length);
    expect(stats().hits).toBe(before.hits + DASHBOARD_PARTS.length);
  });
});

