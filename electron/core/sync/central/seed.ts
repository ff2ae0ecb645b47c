// Filling an empty central database from a local Luotsi database (the generated demo county): every row of
// every synced table with its area, and a login role per user who has a password (the demo accounts), with
// the areas row-level security gives them. Rows go in batches of unnest() arrays inside one transaction.
import type pg from 'pg';
import { AppError } from '../../../../shared/contract/errors';
import type { Db } from '../../db/connection';
import { columnsOf, rowJsonSql } from '../capture';
import { keySql, SYNC_ENTITIES, type SyncEntity } from '../entities';
import { isCountyWide, type Role } from '../../../../shared/roles';

const BATCH = 5000;

function areaSql(e: SyncEntity): string {
  switch (e.mode) {
    case 'global':
      return 'NULL';
    case 'area':
      return 'R.area_id';
    case 'client':
      return `(SELECT area_id FROM clients WHERE id = ${e.client})`;
    case 'audit':
      return `coalesce((SELECT area_id FROM clients WHERE id = ${e.client}), '*')`;
  }
}

function clientSql(e: SyncEntity): string {
  return e.client ?? 'NULL';
}

/** Quotes an identifier for PostgreSQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `olderSchema` fills a central database migrated only part of the way (tests of an upgrade in place): the
 * tables it does not know yet are left out. Otherwise a table the central database does not know is refused,
 * since its rows would be lost: migrate first.
 */
export async function seedCentral(
  c: pg.ClientBase,
  db: Db,
  opts: { password: string; onProgress?: (done: number, total: number) => void; olderSchema?: boolean },
): Promise<{ rows: number; roles: string[] }> {
  const existing = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM sync_rows')).rows[0]!.n);
  if (existing > 0) throw new AppError('CONFLICT', `Keskustietokannassa on jo ${existing} riviä; täytä vain tyhjä keskustietokanta.`);
  const known = new Set((await c.query<{ entity: string }>('SELECT entity FROM sync_entities')).rows.map((r) => r.entity));
  const unknown = SYNC_ENTITIES.filter((e) => !known.has(e.table)).map((e) => e.table);
  if (unknown.length > 0 && !opts.olderSchema) {
    throw new AppError('CONFLICT', `Keskustietokanta ei tunne taulua ${unknown.join(', ')}; päivitä se ensin (luotsi central migrate).`);
  }
  const entities = SYNC_ENTITIES.filter((e) => known.has(e.table));
  const total = entities.reduce((n, e) => n + (db.prepare(`SELECT count(*) FROM ${e.table}`).pluck().get() as number), 0);
  let rows = 0;
  await c.query('BEGIN');
  try {
    for (const e of entities) {
      const cols = columnsOf(db, e.table);
      const select = db.prepare(`SELECT ${keySql(e, 'R')} AS k, ${clientSql(e)} AS c, ${areaSql(e)} AS a, ${rowJsonSql(cols, 'R')} AS d FROM ${e.table} R`);
      let keys: string[] = [];
      let clients: (string | null)[] = [];
      let areas: (string | null)[] = [];
      let data: string[] = [];
      const flush = async () => {
        if (keys.length === 0) return;
        await c.query(
          `INSERT INTO sync_rows (entity, row_key, version, client_id, area_id, data)
           SELECT $1, k, nextval('sync_version_seq'), c, a, d::jsonb FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, c, a, d)`,
          [e.table, keys, clients, areas, data],
        );
        rows += keys.length;
        opts.onProgress?.(rows, total);
        keys = [];
        clients = [];
        areas = [];
        data = [];
      };
      for (const r of select.iterate() as IterableIterator<{ k: string; c: string | null; a: string | null; d: string }>) {
        keys.push(r.k);
        clients.push(r.c);
        areas.push(r.a);
        data.push(r.d);
        if (keys.length >= BATCH) {
          // better-sqlite3 iterators cannot pause across awaits on other statements, but this one only reads.
          await flush();
        }
      }
      await flush();
    }
    const roles: string[] = [];
    const users = db
      .prepare(
        "SELECT u.id, u.username, u.role, (SELECT group_concat(area_id, ',') FROM user_areas a WHERE a.user_id = u.id) AS areas FROM users u WHERE u.password_hash IS NOT NULL AND u.active = 1",
      )
      .all() as { id: string; username: string; role: Role; areas: string | null }[];
    for (const u of users) {
      const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [u.username])).rowCount! > 0;
      const pw = (await c.query<{ q: string }>('SELECT quote_literal($1) AS q', [opts.password])).rows[0]!.q;
      // Roles belong to the whole server: a seed of another database may create the same one meanwhile.
      await c.query('SAVEPOINT role');
      try {
        await c.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(u.username)} LOGIN PASSWORD ${pw}`);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== '42710' && code !== '23505') throw e;
        await c.query('ROLLBACK TO SAVEPOINT role');
        await c.query(`ALTER ROLE ${ident(u.username)} LOGIN PASSWORD ${pw}`);
      }
      await c.query('RELEASE SAVEPOINT role');
      await c.query(`GRANT luotsi_user TO ${ident(u.username)}`);
      const areas = u.areas ? u.areas.split(',') : [];
      await c.query(
        `INSERT INTO sync_users (role_name, user_id, all_areas, areas) VALUES ($1, $2, $3, $4)
         ON CONFLICT (role_name) DO UPDATE SET user_id = excluded.user_id, all_areas = excluded.all_areas, areas = excluded.areas`,
        // The same rule as the workstation's area scope: county-wide roles see every area; the others their own
        // areas, and none when they have none.
        [u.username, u.id, isCountyWide(u.role), areas],
      );
      roles.push(u.username);
    }
    await c.query('COMMIT');
    return { rows, roles };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
