// The county-wide intake queue: paging, bulk assignment, export (written and audited here).
import { AppError, notFound } from '../../../shared/contract/errors';
import { uuidv7 } from '../ids';
import { msg } from '../../../shared/messages';
import { CASEWORKER_ROLES } from '../../../shared/roles';
import type { SignedInContext } from '../context';
import { OPEN_STATUS_SQL, QueueQueries, type QueuePageQuery } from './queries';
import { areaScope, assertVisible } from '../access/scope';
import { fileName, toCsv } from '../reports/files';
import { xlsxWorkbook } from '../invoicing/xlsx';
import type { QueueExportInput } from '../../../shared/contract/schemas';
import { auditRead } from '../access/guard';

const queries = new WeakMap<object, QueueQueries>();

function queueQueries(ctx: SignedInContext, areaId: string | null): QueueQueries {
  let q = queries.get(ctx.db);
  if (!q) {
    q = new QueueQueries(ctx.db);
    queries.set(ctx.db, q);
  }
  if (areaId !== null) {
    const exists = ctx.db.prepare('SELECT 1 FROM areas WHERE id = ?').get(areaId);
    if (!exists) throw notFound('area');
  }
  return q;
}

/** A page of the queue, of the caller's areas only; every page read is recorded (names and birth dates). */
export function queuePage(ctx: SignedInContext, input: QueuePageQuery) {
  const page = queueQueries(ctx, input.areaId).page(input, areaScope(ctx.user));
  auditRead(ctx, 'queue.read', {
    entityType: 'queue',
    details: { areaId: input.areaId, includeClosed: input.includeClosed, continued: input.after !== null, rows: page.rows.length },
  });
  return page;
}

/** The current rows of items changed elsewhere, for an open queue to update in place. */
export function queueRows(ctx: SignedInContext, input: { itemIds: string[]; clientIds: string[]; areaId: string | null; includeClosed: boolean }) {
  const rows = queueQueries(ctx, input.areaId).rows(input, areaScope(ctx.user));
  if (rows.length > 0) auditRead(ctx, 'queue.read', { entityType: 'queue', details: { areaId: input.areaId, changedRows: rows.length } });
  return { rows };
}

interface ItemState {
  id: string;
  status: string;
  version: number;
  client_id: string | null;
  assigned_worker_id: string | null;
}

/** How long a bulk assignment can be undone by the user who made it. */
export const ASSIGN_UNDO_MINUTES = 10;

/**
 * Assigns intake items to a worker in one transaction: every item must exist and be open, the worker must be an
 * active caseworker; otherwise nothing is written. A new item moves to "assigned"; items further along keep
 * their state and only change hands. What each item was before is kept for ASSIGN_UNDO_MINUTES (undoAssignment).
 */
export function assignItems(
  ctx: SignedInContext,
  input: { itemIds: string[]; workerId: string },
): { assigned: number; undoId: string; undoUntil: string; workerOpenItems: number } {
  const ids = [...new Set(input.itemIds)];
  const worker = ctx.db.prepare('SELECT id, role, active, display_name FROM users WHERE id = ?').get(input.workerId) as
    | { id: string; role: string; active: number; display_name: string }
    | undefined;
  if (!worker || !worker.active) throw notFound('worker');
  if (!CASEWORKER_ROLES.includes(worker.role as never))
    throw new AppError('VALIDATION', msg('intake.notCaseworkerAssign', { name: worker.display_name }));

  const select = ctx.db.prepare('SELECT id, status, version, client_id, assigned_worker_id FROM intake_items WHERE id = ?');
  const update = ctx.db.prepare(`UPDATE intake_items
     SET assigned_worker_id = @worker, status = CASE WHEN status = 'new' THEN 'assigned' ELSE status END,
         version = version + 1, updated_at = @now
   WHERE id = @id AND version = @version AND ${OPEN_STATUS_SQL}`);
  const nowDate = ctx.clock.now();
  const now = nowDate.toISOString();
  const undoId = uuidv7(nowDate.getTime());
  const keep = ctx.db.prepare(
    'INSERT INTO assignment_undo (undo_id, item_id, user_id, prev_worker_id, prev_status, version_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  const run = ctx.db.transaction(() => {
    ctx.db.prepare('DELETE FROM assignment_undo WHERE created_at < ?').run(new Date(nowDate.getTime() - ASSIGN_UNDO_MINUTES * 60_000).toISOString());
    const items: ItemState[] = [];
    const missing: string[] = [];
    const closed: string[] = [];
    for (const id of ids) {
      const row = select.get(id) as ItemState | undefined;
      if (!row) missing.push(id);
      else if (!['new', 'assigned', 'assessment', 'decision'].includes(row.status)) closed.push(id);
      else items.push(row);
    }
    if (missing.length) throw new AppError('NOT_FOUND', msg('intake.assignMissing', { count: missing.length }));
    if (closed.length)
      throw new AppError('INVALID_STATE', msg('intake.assignClosed', { count: closed.length }));
    for (const item of items) {
      const res = update.run({ worker: worker.id, now, id: item.id, version: item.version });
      if (res.changes !== 1) throw new AppError('CONFLICT', msg('intake.changedElsewhere'));
      keep.run(undoId, item.id, ctx.user.id, item.assigned_worker_id, item.status, item.version + 1, now);
      ctx.audit.write({
        userId: ctx.user.id,
        action: 'intake.assign',
        entityType: 'intake_item',
        entityId: item.id,
        clientId: item.client_id,
        details: { from: item.assigned_worker_id, to: worker.id },
      });
    }
    return items.length;
  });
  const assigned = run();
  ctx.emit('queue.changed', { itemIds: ids });
  const workerOpenItems = ctx.db
    .prepare(`SELECT count(*) FROM intake_items WHERE assigned_worker_id = ? AND ${OPEN_STATUS_SQL}`)
    .pluck()
    .get(worker.id) as number;
  return { assigned, undoId, undoUntil: new Date(nowDate.getTime() + ASSIGN_UNDO_MINUTES * 60_000).toISOString(), workerOpenItems };
}

/**
 * Puts the items of a bulk assignment back as they were (worker and state), for the user who made it and within
 * ASSIGN_UNDO_MINUTES. An item changed since then (assessment started, reassigned, synced from elsewhere) is left
 * as it is and counted as skipped; the rest are restored in one transaction.
 */
export function undoAssignment(ctx: SignedInContext, input: { undoId: string }): { restored: number; skipped: number } {
  const nowDate = ctx.clock.now();
  const rows = ctx.db
    .prepare('SELECT item_id, prev_worker_id, prev_status, version_after, created_at FROM assignment_undo WHERE undo_id = ? AND user_id = ?')
    .all(input.undoId, ctx.user.id) as { item_id: string; prev_worker_id: string | null; prev_status: string; version_after: number; created_at: string }[];
  if (rows.length === 0) throw new AppError('NOT_FOUND', msg('intake.undoGone'));
  if (nowDate.getTime() - Date.parse(rows[0]!.created_at) > ASSIGN_UNDO_MINUTES * 60_000)
    throw new AppError('INVALID_STATE', msg('intake.undoExpired', { minutes: ASSIGN_UNDO_MINUTES }));
  const now = nowDate.toISOString();
  // Only items still in the user's areas (an area taken away since is not reached through an undo).
  const scope = areaScope(ctx.user);
  const restore = ctx.db.prepare(
    `UPDATE intake_items SET assigned_worker_id = @worker, status = @status, version = version + 1, updated_at = @now
     WHERE id = @id AND version = @version AND ${OPEN_STATUS_SQL} AND ${scope.sql('area_id')}`,
  );
  const itemIds: string[] = [];
  const result = ctx.db.transaction(() => {
    let restored = 0;
    for (const r of rows) {
      const res = restore.run({ worker: r.prev_worker_id, status: r.prev_status, now, id: r.item_id, version: r.version_after, ...scope.params });
      if (res.changes !== 1) continue;
      restored += 1;
      itemIds.push(r.item_id);
      const client = ctx.db.prepare('SELECT client_id FROM intake_items WHERE id = ?').pluck().get(r.item_id) as string | null;
      ctx.audit.write({
        userId: ctx.user.id,
        action: 'intake.assign',
        entityType: 'intake_item',
        entityId: r.item_id,
        clientId: client,
        details: { to: r.prev_worker_id, undo: input.undoId },
      });
    }
    ctx.db.prepare('DELETE FROM assignment_undo WHERE undo_id = ?').run(input.undoId);
    return { restored, skipped: rows.length - restored };
  })();
  if (itemIds.length) ctx.emit('queue.changed', { itemIds });
  return result;
}

/**
 * The queue view as a file, written by the core: the window names the rows it shows (in its order, with the
 * columns as shown), every row must be an item of the caller's areas (else the whole export is refused as a
 * missing row and the attempt recorded), and the export is recorded in the audit log here, not by the window.
 */
export async function exportQueue(ctx: SignedInContext, input: QueueExportInput): Promise<{ fileName: string; base64: string; mime: string }> {
  const ids = input.rows.map((r) => r.id);
  assertVisible(ctx.db, areaScope(ctx.user), 'intake_items', [...new Set(ids)]);
  const cells = input.rows.map((r) => r.cells);
  const title = `jono ${input.view}`.trim();
  const file =
    input.format === 'csv'
      ? { fileName: fileName(title, ctx.clock.today(), 'csv'), base64: Buffer.from(toCsv(input.header, cells), 'utf8').toString('base64'), mime: 'text/csv;charset=utf-8' }
      : {
          fileName: fileName(title, ctx.clock.today(), 'xlsx'),
          base64: (await xlsxWorkbook('Jono', input.header, cells)).toString('base64'),
          mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        };
  auditRead(ctx, 'queue.export', { entityType: 'queue', details: { view: input.view, format: input.format, rows: ids.length, columns: input.header } });
  return file;
}
