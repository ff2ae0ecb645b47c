// Queue queries: keyset pages by (assessment_due, id), served from the partial indexes of open items.
import type { Db } from '../db/connection';
import type { QueueCursor, QueueRow } from '../../../shared/contract/schemas';
import { OPEN_INTAKE_STATUSES, QUEUE_COL } from '../../../shared/domain/intake';
import type { AreaScope } from '../access/scope';

// Must match the partial indexes' WHERE clause textually, so SQLite can use them.
export const OPEN_STATUS_SQL = "status IN ('new','assigned','assessment','decision')";

export interface QueuePageQuery {
  areaId: string | null;
  includeClosed: boolean;
  after: QueueCursor | null;
  limit: number;
}

const QUEUE_COLUMNS = `i.id, i.received_at, i.type, i.channel, i.client_id,
      CASE WHEN c.id IS NULL THEN i.subject_name ELSE c.last_name || ' ' || c.first_names END AS name,
      COALESCE(c.birth_date, i.subject_birth_date) AS birth_date,
      i.municipality_code, i.area_id, i.urgent, i.assessment_due, i.due_basis, i.status, i.assigned_worker_id,
      i.service_applied, COALESCE(c.address_protected, 0) AS protected`;

function queueSql(q: { area: boolean; open: boolean; cursor: boolean; scope: AreaScope }): string {
  const where: string[] = [];
  if (q.open) where.push(`i.${OPEN_STATUS_SQL}`);
  if (q.area) where.push('i.area_id = @areaId');
  else if (!q.scope.countyWide) where.push(q.scope.sql('i.area_id'));
  if (q.cursor) where.push('(i.assessment_due, i.id) > (@due, @id)');
  return `SELECT ${QUEUE_COLUMNS}
    FROM intake_items i INDEXED BY ${q.area ? (q.open ? 'intake_open_area_due' : 'intake_all_area_due') : q.open ? 'intake_open_due' : 'intake_all_due'}
    LEFT JOIN clients c ON c.id = i.client_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY i.assessment_due, i.id
    LIMIT @limit`;
}

/** The queue rows of given items and of given clients' items, under the view's area and open/closed choice. */
const ROWS_SQL = `SELECT ${QUEUE_COLUMNS}
    FROM intake_items i LEFT JOIN clients c ON c.id = i.client_id
    WHERE i.id IN (SELECT value FROM json_each(@items))
       OR i.client_id IN (SELECT value FROM json_each(@clients))`;

export class QueueQueries {
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {}

  /**
   * The user sees only their areas' items: a view of one area outside them is empty, and the whole queue of a
   * one-area user is that area's queue (served from the area index).
   */
  private scoped(q: QueuePageQuery, scope: AreaScope): QueuePageQuery | null {
    if (scope.countyWide) return q;
    if (q.areaId !== null) return scope.includes(q.areaId) ? q : null;
    return scope.areaIds.length === 1 ? { ...q, areaId: scope.areaIds[0]! } : q;
  }

  sqlFor(q: QueuePageQuery, scope: AreaScope): string {
    return queueSql({ area: q.areaId !== null, open: !q.includeClosed, cursor: q.after !== null, scope });
  }

  page(query: QueuePageQuery, scope: AreaScope): { rows: QueueRow[]; next: QueueCursor | null } {
    const q = this.scoped(query, scope);
    if (!q) return { rows: [], next: null };
    const sql = this.sqlFor(q, scope);
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).raw(true);
      this.statements.set(sql, stmt);
    }
    const params: Record<string, unknown> = { limit: q.limit, ...scope.params };
    if (q.areaId !== null) params.areaId = q.areaId;
    if (q.after) {
      params.due = q.after.due;
      params.id = q.after.id;
    }
    const rows = stmt.all(params) as QueueRow[];
    const last = rows[rows.length - 1];
    const next = rows.length === q.limit && last ? { due: last[QUEUE_COL.due], id: last[QUEUE_COL.id] } : null;
    return { rows, next };
  }

  /** The rows the view would show now of these items and of these clients' items (changed elsewhere). */
  rows(q: { itemIds: string[]; clientIds: string[]; areaId: string | null; includeClosed: boolean }, scope: AreaScope): QueueRow[] {
    let stmt = this.statements.get(ROWS_SQL);
    if (!stmt) {
      stmt = this.db.prepare(ROWS_SQL).raw(true);
      this.statements.set(ROWS_SQL, stmt);
    }
    const rows = stmt.all({ items: JSON.stringify(q.itemIds), clients: JSON.stringify(q.clientIds) }) as QueueRow[];
    const open = new Set<string>(OPEN_INTAKE_STATUSES);
    return rows.filter(
      (r) => scope.includes(r[QUEUE_COL.area]) && (q.areaId === null || r[QUEUE_COL.area] === q.areaId) && (q.includeClosed || open.has(r[QUEUE_COL.status])),
    );
  }
}
