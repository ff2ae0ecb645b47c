import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { QueueQueries } from '../../electron/core/intake/queries';
import { areaScope } from '../../electron/core/access/scope';
import type { QueueCursor, QueueRow } from '../../shared/contract/schemas';
import { connect, count, seededCore } from '../support/core';

const COUNTY = areaScope({ role: 'service_manager', areaIds: [] });

let core: Core;
beforeAll(() => {
  core = seededCore({ clients: 1500, intakeItems: 8000 });
});
afterAll(() => core.close());

function allPages(areaId: string | null, includeClosed: boolean, limit: number): QueueRow[] {
  const q = new QueueQueries(core.db);
  const rows: QueueRow[] = [];
  let after: QueueCursor | null = null;
  for (;;) {
    const page = q.page({ areaId, includeClosed, after, limit }, COUNTY);
    rows.push(...page.rows);
    if (!page.next) break;
    after = page.next;
  }
  return rows;
}

describe('intake queue queries', () => {
  it('pages through every open item once, in deadline order', () => {
    const rows = allPages(null, false, 97);
    expect(rows.length).toBe(count(core, "SELECT count(*) FROM intake_items WHERE status IN ('new','assigned','assessment','decision')"));
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      expect(a[10] < b[10] || (a[10] === b[10] && a[0] < b[0])).toBe(true);
    }
    expect(rows.every((r) => ['new', 'assigned', 'assessment', 'decision'].includes(r[12]))).toBe(true);
  });

  it('limits to an area and can include closed items', () => {
    const area = core.db.prepare('SELECT id FROM areas ORDER BY sort LIMIT 1').pluck().get() as string;
    const rows = allPages(area, false, 500);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[8] === area)).toBe(true);
    expect(allPages(null, true, 5000).length).toBe(8000);
  });

  it('serves the busiest query from the partial index without sorting', () => {
    const q = new QueueQueries(core.db);
    const area = core.db.prepare('SELECT id FROM areas LIMIT 1').pluck().get() as string;
    for (const query of [
      { areaId: area, includeClosed: false, after: null, limit: 100 },
      { areaId: area, includeClosed: false, after: { due: '2026-11-01', id: '00000000-0000-7000-8000-000000000000' }, limit: 100 },
      { areaId: null, includeClosed: false, after: null, limit: 100 },
      { areaId: null, includeClosed: true, after: { due: '2026-11-01', id: '00000000-0000-7000-8000-000000000000' }, limit: 100 },
    ]) {
      const plan = (core.db.prepare(`EXPLAIN QUERY PLAN ${q.sqlFor(query, COUNTY)}`).all({ areaId: area, due: '2026-11-01', id: 'x', limit: 100 }) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/USING (COVERING )?INDEX intake_(open|all)_(area_)?due/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });
});

describe('bulk assignment', () => {
  it('assigns open items in one transaction with audit and outbox rows', async () => {
    const c = connect(core);
    const manager = await c.signIn('paallikko');
    const ids = core.db.prepare("SELECT id FROM intake_items WHERE status = 'new' LIMIT 5").pluck().all() as string[];
    const worker = core.db.prepare("SELECT id FROM users WHERE role = 'guidance_worker' AND username = 'ohjaaja'").pluck().get() as string;
    const events: unknown[] = [];
    const off = core.onEvent((e, p) => events.push([e, p]));
    const res = await c.ok('queue.assign', { itemIds: ids, workerId: worker });
    off();
    expect(res.assigned).toBe(5);
    const rows = core.db.prepare(`SELECT status, assigned_worker_id, version FROM intake_items WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as {
      status: string;
      assigned_worker_id: string;
      version: number;
    }[];
    expect(rows.every((r) => r.status === 'assigned' && r.assigned_worker_id === worker && r.version === 2)).toBe(true);
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'intake.assign' AND user_id = ?", manager.id)).toBe(5);
    expect(count(core, `SELECT count(*) FROM outbox WHERE entity = 'intake_items' AND row_key IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(5);
    expect(events).toEqual([['queue.changed', { itemIds: ids }]]);
  });

  it('writes nothing when one item is closed or unknown', async () => {
    const c = connect(core);
    await c.signIn('paallikko');
    const open = core.db.prepare("SELECT id FROM intake_items WHERE status = 'new' LIMIT 3").pluck().all() as string[];
    const closed = core.db.prepare("SELECT id FROM intake_items WHERE status = 'closed' LIMIT 1").pluck().get() as string;
    const worker = core.db.prepare("SELECT id FROM users WHERE username = 'ohjaaja'").pluck().get() as string;
    const before = count(core, 'SELECT count(*) FROM audit_log') + count(core, "SELECT count(*) FROM intake_items WHERE status = 'new'");

    const r1 = await c.call('queue.assign', { itemIds: [...open, closed], workerId: worker });
    expect(r1).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const r2 = await c.call('queue.assign', { itemIds: [...open, '01890a5d-ac96-774b-bcce-b302099a8057'], workerId: worker });
    expect(r2).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const secretary = core.db.prepare("SELECT id FROM users WHERE role = 'client_secretary' LIMIT 1").pluck().get() as string;
    const r3 = await c.call('queue.assign', { itemIds: open, workerId: secretary });
    expect(r3).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(count(core, 'SELECT count(*) FROM audit_log') + count(core, "SELECT count(*) FROM intake_items WHERE status = 'new'")).toBe(before);
  });

  it('refuses roles without assignment power', async () => {
    const c = connect(core);
    await c.signIn('laskutus');
    const r = await c.call('queue.assign', { itemIds: ['01890a5d-ac96-774b-bcce-b302099a8057'], workerId: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
