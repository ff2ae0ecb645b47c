// Capture of local changes: for every replicated table, triggers note which row changed in the outbox, in the
// same transaction as the change, and nothing more: the push reads the row's content, its client and the
// central version it is based on (sync_shadow, which a pull never moves for a row with changes waiting). Nothing is captured while the sync applies central rows (sync_state.applying = 1). The
// triggers are generated from the table list and regenerated whenever it changes.
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection';
import { keySql, SYNC_ENTITIES, type SyncEntity } from './entities';

const PREFIX = 'sync_capture_';

export interface Column {
  name: string;
  /** BLOB columns travel as hexadecimal text (JSON holds no bytes). */
  blob: boolean;
}

export function columnsOf(db: Db, table: string): Column[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[]).map((c) => ({ name: c.name, blob: c.type.toUpperCase() === 'BLOB' }));
}

/** SQL building a row as the JSON object that travels to the central database. */
export function rowJsonSql(columns: Column[], alias: string): string {
  return `json_object(${columns.map((c) => `'${c.name}', ${c.blob ? `hex(${alias}.${c.name})` : `${alias}.${c.name}`}`).join(', ')})`;
}

function triggersFor(e: SyncEntity): string {
  const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  const guard = 'WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0';
  // A deleted row cannot be read at push time, so its client (for the central area check) is noted now.
  const client = e.client ? e.client.replaceAll('R.', 'OLD.') : 'NULL';
  const trigger = (when: 'ins' | 'upd' | 'del') => {
    const alias = when === 'del' ? 'OLD' : 'NEW';
    const event = { ins: 'INSERT', upd: 'UPDATE', del: 'DELETE' }[when];
    return `
CREATE TRIGGER ${PREFIX}${e.table}_${when} AFTER ${event} ON ${e.table} ${guard}
BEGIN
  INSERT INTO outbox (entity, row_key, client_id, op, created_at)
  VALUES ('${e.table}', ${keySql(e, alias)}, ${when === 'del' ? client : 'NULL'}, '${when === 'del' ? 'delete' : 'upsert'}', ${now});
END;`;
  };
  return trigger('ins') + trigger('upd') + trigger('del');
}

/** Creates or refreshes the capture triggers; cheap when nothing changed. Clears a stale "applying" flag. */
export function installCapture(db: Db): void {
  const sql = SYNC_ENTITIES.map((e) => triggersFor(e)).join('\n');
  const signature = createHash('sha256').update(sql).digest('hex');
  const current = db.prepare("SELECT value FROM settings WHERE key = 'sync.capture'").pluck().get() as string | undefined;
  db.transaction(() => {
    // A crash can never leave capture off: the flag is only ever set inside one applying transaction.
    db.prepare('UPDATE sync_state SET applying = 0 WHERE id = 1 AND applying <> 0').run();
    if (current === signature) return;
    const old = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '${PREFIX}%'`).pluck().all() as string[];
    for (const name of old) db.exec(`DROP TRIGGER ${name}`);
    db.exec(sql);
    db.prepare("INSERT INTO settings (key, value) VALUES ('sync.capture', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(signature);
  })();
}

/**
 * Runs fn with capture off, as one transaction: installing reference or demo data, applying central rows.
 * `foreignKeys: false` leaves references unchecked (central rows may point at rows of areas the user does not
 * see). better-sqlite3 is synchronous, so nothing else of the app runs on this connection in between.
 */
export function withoutCapture<T>(db: Db, fn: () => T, opts: { foreignKeys?: boolean } = {}): T {
  const fk = opts.foreignKeys ?? true;
  if (!fk) db.pragma('foreign_keys = OFF');
  try {
    return db.transaction(() => {
      db.prepare('UPDATE sync_state SET applying = 1 WHERE id = 1').run();
      const r = fn();
      db.prepare('UPDATE sync_state SET applying = 0 WHERE id = 1').run();
      return r;
    })();
  } finally {
    if (!fk) db.pragma('foreign_keys = ON');
  }
}
