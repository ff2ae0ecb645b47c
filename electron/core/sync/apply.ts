// Applying central rows to the local database: one transaction per batch with capture off and foreign keys
// unchecked (rows of areas the user may not see can be referenced, e.g. a spouse in another area), rows with
// local changes still waiting in the outbox left alone (the push decides those), the central version of each
// applied row remembered in sync_shadow, and the pull cursor stored in the same transaction.
import type { Db } from '../db/connection';
import { columnsOf, type Column } from './capture';
import { ENTITY_BY_TABLE, type SyncEntity } from './entities';

export interface CentralRow {
  entity: string;
  row_key: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown> | null;
}

/**
 * Columns the central database withholds from some rows: other users' password hashes never leave the server,
 * so their users rows arrive without `password_hash`. A withheld column keeps its local value (a hash this
 * workstation got when that user signed in here) instead of being emptied.
 */
const WITHHELD: Readonly<Record<string, readonly string[]>> = { users: ['password_hash'] };

interface TableWriter {
  upsert: (data: Record<string, unknown>) => void;
  remove: (key: string) => void;
}

export class RowApplier {
  private readonly writers = new Map<string, TableWriter>();
  private readonly pendingAll;
  private pendingKeys = new Set<string>();
  private readonly shadowGet;
  private readonly shadowPut;

  constructor(private readonly db: Db) {
    this.pendingAll = db.prepare("SELECT entity || '/' || row_key FROM outbox").pluck();
    this.shadowGet = db.prepare('SELECT version FROM sync_shadow WHERE entity = ? AND row_key = ?').pluck();
    this.shadowPut = db.prepare(
      'INSERT INTO sync_shadow (entity, row_key, version) VALUES (?, ?, ?) ON CONFLICT(entity, row_key) DO UPDATE SET version = max(version, excluded.version)',
    );
  }

  private writer(e: SyncEntity): TableWriter {
    let w = this.writers.get(e.table);
    if (w) return w;
    const cols: Column[] = columnsOf(this.db, e.table);
    const names = cols.map((c) => c.name);
    const update = names.filter((n) => !e.key.includes(n));
    const upsertSql = (keep: readonly string[]) => {
      const set = update.filter((n) => !keep.includes(n));
      return `INSERT INTO ${e.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (${e.key.join(', ')}) DO ${set.length ? `UPDATE SET ${set.map((n) => `${n} = excluded.${n}`).join(', ')}` : 'NOTHING'}`;
    };
    const ins = this.db.prepare(upsertSql([]));
    const withheld = WITHHELD[e.table] ?? [];
    const insKeeping = withheld.length ? this.db.prepare(upsertSql(withheld)) : ins;
    const del = this.db.prepare(`DELETE FROM ${e.table} WHERE ${e.key.map((k) => `${k} = ?`).join(' AND ')}`);
    w = {
      upsert: (data) =>
        (withheld.some((c) => !(c in data)) ? insKeeping : ins).run(
          cols.map((c) => {
            const v = data[c.name];
            if (v === undefined || v === null) return null;
            if (c.blob) return Buffer.from(String(v), 'hex');
            return typeof v === 'boolean' ? (v ? 1 : 0) : v;
          }),
        ),
      remove: (key) => del.run(e.key.length === 1 ? [key] : key.split('|')),
    };
    this.writers.set(e.table, w);
    return w;
  }

  /**
   * Reads which rows have local changes waiting for the push; call at the start of each applying transaction.
   * (One read per batch instead of an outbox index that every local change would have to maintain.)
   */
  refreshPending(): void {
    this.pendingKeys = new Set(this.pendingAll.all() as string[]);
  }

  /** Whether a local change of this row waits for the push (as of the last refreshPending). */
  hasPending(entity: string, key: string): boolean {
    return this.pendingKeys.has(`${entity}/${key}`);
  }

  /**
   * Applies one central row unless the local copy is already as new or has unpushed changes; `force` applies
   * the central truth even then (a conflict or refusal just reported by the push). Returns whether it wrote.
   */
  apply(row: CentralRow, force = false): boolean {
    const e = ENTITY_BY_TABLE.get(row.entity);
    if (!e || row.data === null) return false;
    if (!force) {
      if (this.hasPending(row.entity, row.row_key)) return false;
      const have = this.shadowGet.get(row.entity, row.row_key) as number | undefined;
      if (have !== undefined && have >= row.version) return false;
    }
    this.write(row.entity, row.row_key, row.deleted ? null : row.data);
    this.shadowPut.run(row.entity, row.row_key, row.version);
    return true;
  }

  /** Writes a row (null: deletes it) as it is, nothing else; capture applies if it is on. */
  write(entity: string, key: string, data: Record<string, unknown> | null): void {
    const e = ENTITY_BY_TABLE.get(entity);
    if (!e) throw new Error(`not a synced table: ${entity}`);
    const w = this.writer(e);
    if (data === null) w.remove(key);
    else w.upsert(data);
  }

  /** Records the version the central database gave a pushed row. */
  remember(entity: string, key: string, version: number): void {
    this.shadowPut.run(entity, key, version);
  }
}
