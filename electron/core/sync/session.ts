// One workstation's connection to the central database, as the signed-in user's own database role: the
// first full copy (resumable), pushing the outbox through sync_push, pulling the change log through
// sync_pull, and mirroring the user's open conflicts. Every local step is one SQLite transaction that also
// stores how far it got, so a crash or kill at any point repeats work at most, never loses or doubles it.
import pg from 'pg';
import { AppError } from '../../../shared/contract/errors';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { uuidv7 } from '../ids';
import { AuditLog } from '../audit/audit';
import type { DataChanges } from '../../../shared/contract/sync-schemas';
import { ChangeLog } from './changes';
import { RowApplier, type CentralRow } from './apply';
import { columnsOf, rowJsonSql, withoutCapture } from './capture';
import { ENTITY_BY_TABLE, SYNC_ENTITIES } from './entities';
import { CENTRAL_SCHEMA_VERSION, centralSchemaVersion, newerSchemaError } from './central/migrate';
import { NUMBER_RESERVE, numbersLeft, type NumberSeries } from '../numbers';
import { centralTarget } from './address';
import { hashPassword, verifyPassword } from '../auth/password';
import type { DeliveryRoute } from '../../../shared/domain/delivery';

/** A delivery attempt claimed before its letter leaves: 'decision:<id>' or 'invoice:<id>', attempt, delivery id. */
export interface DeliveryClaim {
  document: string;
  attempt: number;
  delivery: string;
  /** The route the letter is to take (a Suomi.fi claim may take over a stale Suomi.fi claim: 012-claim-takeover.sql). */
  route?: DeliveryRoute;
}
/**
 * A claim not simply granted as asked: 'claimed' (another workstation holds it; delivery is the holder's),
 * 'not_visible', or 'granted' under the claim's existing delivery id, which must be used (the workstation's own
 * earlier claim, or a takeover of a stale or released claim, takenOverFrom naming the old holder).
 */
export interface RefusedClaim {
  document: string;
  attempt: number;
  delivery: string | null;
  reason: 'claimed' | 'not_visible' | 'granted' | 'not_sender' | 'not_made' | 'not_next';
  takenOverFrom?: string;
}

/** A claim as it was when an administrator released it. */
export interface ReleasedClaim {
  document: string;
  attempt: number;
  delivery: string;
  device: string;
  claimedAt: string;
  route: DeliveryRoute | null;
}

export interface CentralConnection {
  url: string;
  user: string;
  password: string;
  /** TLS: 'verify-full' checks the server certificate and name against `ca` (or the system roots). */
  tls?: { mode: 'disable' | 'verify-full'; ca?: string };
}

export interface SyncResult {
  pulled: number;
  /** What the round changed locally (pulled rows, central versions taken over at push), or null. */
  changes: DataChanges | null;
  pushed: number;
  conflicts: number;
  rejected: number;
  seconds: number;
}

export interface Progress {
  phase: 'initial' | 'push' | 'pull';
  done: number;
  total: number;
}

/** The signed-in user's first copy and pull cursor on this workstation (sync_cursors). */
interface SyncState {
  cursor_txid: string;
  cursor_seq: number;
  initial_state: 'none' | 'running' | 'done';
  initial_xmin: string | null;
  initial_rank: number | null;
  initial_key: string | null;
}

interface OutboxRow {
  seq: number;
  entity: string;
  row_key: string;
  client_id: string | null;
  op: 'upsert' | 'delete';
}

interface PushResult {
  mid: number;
  status: 'applied' | 'replay' | 'conflict' | 'rejected';
  version?: number;
  data?: Record<string, unknown>;
  deleted?: boolean;
  reason?: string;
}

/** Rows per round trip; smaller batches suit slow links (and let tests interrupt a sync midway). */
export interface BatchSizes {
  push: number;
  pull: number;
  initial: number;
}
/** Tables whose rows freeze their children once made (central/009-vault-rules.sql, sync_freeze_grace). */
const FREEZING_PARENTS = ['decisions', 'invoices', 'caregiver_payment_runs'];
/** The content pushed in one call at most (the central database refuses batches over 64 MB). */
const PUSH_BATCH_BYTES = 24_000_000;

export const DEFAULT_BATCHES: BatchSizes = { push: 1000, pull: 5000, initial: 5000 };

/** Any failure of a sync as the error the user sees. */
export function syncError(e: unknown): AppError {
  return e instanceof AppError ? e : new AppError('DATABASE', describeConnectionError(e));
}

/**
 * A connection error in words a user understands (Finnish, shown in the sync indicator). For the central
 * database's administrator (`central migrate|seed|compact`) there is no local work that goes on.
 */
export function describeConnectionError(e: unknown, context: 'workstation' | 'admin' = 'workstation'): string {
  if (e instanceof AppError) return e.message;
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case '28P01':
    case '28000':
      return 'Keskustietokanta ei hyväksynyt käyttäjätunnusta tai salasanaa.';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return context === 'admin'
        ? `Keskustietokantaan ei saada yhteyttä (${err.code}): tarkista palvelimen nimi ja portti.`
        : 'Keskustietokantaan ei saada yhteyttä. Työskentely jatkuu paikallisesti.';
    case '3D000':
      return 'Keskustietokantaa ei löydy palvelimelta.';
    case '42501':
      return 'Käyttäjällä ei ole oikeutta keskustietokantaan tai tähän työasemaan.';
    case '22023':
      return `Keskustietokanta hylkäsi virheellisen muutoksen: ${err.message ?? ''}`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'Keskustietokannan varmenne ei kelpaa (TLS verify-full).';
    default:
      if (/does not support SSL/i.test(err.message ?? ''))
        return 'Keskustietokanta ei tue salattua yhteyttä (TLS). Tarkista osoite tai pyydä ylläpitoa ottamaan TLS käyttöön.';
      return `${context === 'admin' ? 'Keskustietokannan käsittely' : 'Synkronointi'} epäonnistui: ${err.message ?? String(e)}`;
  }
}

/**
 * The driver's configuration for a central connection: the address parsed and checked the way the driver
 * would read it (address.ts), then given to the driver as separate, checked fields; never as a string it
 * could read differently. Without TLS only this machine is accepted.
 */
export function pgConfig(c: CentralConnection): pg.ClientConfig {
  const mode = c.tls?.mode ?? 'disable';
  const t = centralTarget(c.url, mode, { allowCredentials: true });
  return {
    host: t.host,
    ...(t.port !== undefined ? { port: t.port } : {}),
    database: t.database,
    user: c.user,
    password: c.password,
    ssl: mode === 'verify-full' ? { rejectUnauthorized: true, ...(c.tls?.ca ? { ca: c.tls.ca } : {}) } : false,
    connectionTimeoutMillis: 10_000,
    application_name: 'luotsi',
  };
}

export class SyncSession {
  private readonly applier: RowApplier;
  private readonly changes = new ChangeLog();
  private closed = false;

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly pg: pg.Client,
    readonly deviceId: string,
    /** The device secret that proves to the central database that this workstation is this device. */
    private readonly secret: string,
    private readonly role: string,
    private serverLastMid: number,
    private readonly batches: BatchSizes,
  ) {
    this.applier = new RowApplier(db);
  }

  /** Connects as the user, checks the central schema, registers this workstation. */
  static async open(db: Db, clock: Clock, conn: CentralConnection, opts: { deviceName?: string; batches?: Partial<BatchSizes> } = {}): Promise<SyncSession> {
    const deviceName = opts.deviceName ?? 'luotsi';
    const client = new pg.Client(pgConfig(conn));
    client.on('error', () => undefined); // a dropped connection surfaces as the next query's error
    await client.connect();
    try {
      const version = await centralSchemaVersion(client);
      if (version > CENTRAL_SCHEMA_VERSION) throw newerSchemaError(version);
      if (version < CENTRAL_SCHEMA_VERSION)
        throw new AppError('INVALID_STATE', `Keskustietokannan rakenne (versio ${version}) on vanhempi kuin tämän Luotsin (${CENTRAL_SCHEMA_VERSION}). Pyydä ylläpitoa päivittämään se.`);
      const state = db.prepare('SELECT device_id, device_secret FROM sync_state WHERE id = 1').get() as { device_id: string; device_secret: string };
      const last = Number(
        (await client.query<{ last: string }>('SELECT sync_register($1, $2, $3) AS last', [state.device_id, state.device_secret, deviceName.slice(0, 200)])).rows[0]!.last,
      );
      db.prepare('UPDATE sync_state SET central_role = ? WHERE id = 1').run(conn.user);
      db.prepare('INSERT OR IGNORE INTO sync_cursors (role) VALUES (?)').run(conn.user);
      return new SyncSession(db, clock, client, state.device_id, state.device_secret, conn.user, last, { ...DEFAULT_BATCHES, ...opts.batches });
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pg.end().catch(() => undefined);
  }

  private state(): SyncState {
    return this.db.prepare('SELECT * FROM sync_cursors WHERE role = ?').get(this.role) as SyncState;
  }

  pendingCount(): number {
    return this.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  }

  /** Whether this user's first copy on this workstation is done. */
  initialDone(): boolean {
    return this.state().initial_state === 'done';
  }

  /** Initial sync (if not done), then push, conflicts, pull. */
  async syncOnce(onProgress?: (p: Progress) => void): Promise<SyncResult> {
    const started = performance.now();
    let pulled = 0;
    if (this.state().initial_state !== 'done') pulled += await this.initialSync(onProgress);
    const push = await this.push(onProgress);
    await this.mirrorConflicts();
    pulled += await this.pull(onProgress);
    await this.topUpDecisionNumbers();
    const now = this.clock.now().toISOString();
    this.db.prepare('UPDATE sync_state SET last_sync_at = ?, last_error = NULL WHERE id = 1').run(now);
    return {
      pulled,
      changes: this.changes.take(),
      pushed: push.pushed,
      conflicts: push.conflicts,
      rejected: push.rejected,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  }

  // ---- Initial sync --------------------------------------------------------------------------------------

  /**
   * Streams every row the user may see, entity by entity in rank order, committing each batch locally with the
   * position reached. A resumed copy continues from that position; the pull cursor then starts from the
   * oldest transaction in flight when the first copy began, so whatever changed meanwhile is pulled again.
   */
  async initialSync(onProgress?: (p: Progress) => void): Promise<number>;
  /** With a signal: stops after the page being stored when it is aborted and returns null (resumable). */
  async initialSync(onProgress: ((p: Progress) => void) | undefined, signal: AbortSignal): Promise<number | null>;
  async initialSync(onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<number | null> {
    let st = this.state();
    let applied = 0;
    let stopped = false;
    const c = this.pg;
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      if (st.initial_state === 'none') {
        const xmin = (await c.query<{ x: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0]!.x;
        this.db.prepare("UPDATE sync_cursors SET initial_state = 'running', initial_xmin = ?, initial_rank = 0, initial_key = '' WHERE role = ?").run(xmin, this.role);
        st = this.state();
      }
      const ranks = [...SYNC_ENTITIES].sort((a, b) => a.rank - b.rank);
      const total = onProgress ? Number((await c.query<{ n: string }>('SELECT sync_initial_count() AS n')).rows[0]!.n) : 0;
      let done = 0;
      const save = this.db.prepare('UPDATE sync_cursors SET initial_rank = ?, initial_key = ? WHERE role = ?');
      pages: for (const e of ranks) {
        if (e.rank < (st.initial_rank ?? 0)) continue;
        let after = e.rank === st.initial_rank ? (st.initial_key ?? '') : '';
        // Pages of the rows the user may see, by key, all read in this transaction's one snapshot.
        for (;;) {
          const rows = (await c.query<CentralRow>('SELECT entity, row_key, version, deleted, data FROM sync_initial_rows($1, $2, $3)', [e.table, after, this.batches.initial])).rows;
          if (rows.length === 0) break;
          after = rows[rows.length - 1]!.row_key;
          applied += this.applyBatch(rows, () => save.run(e.rank, after, this.role));
          done += rows.length;
          onProgress?.({ phase: 'initial', done, total });
          if (signal?.aborted) {
            stopped = true;
            break pages;
          }
          if (rows.length < this.batches.initial) break;
        }
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    // Stopped (a cancel or a shutdown): every page so far is stored with its position; the next copy continues.
    if (stopped) return null;
    const xmin = this.state().initial_xmin ?? '0';
    this.db.transaction(() => {
      this.db.prepare("UPDATE sync_cursors SET initial_state = 'done', cursor_txid = ?, cursor_seq = 0, initial_rank = NULL, initial_key = NULL WHERE role = ?").run(xmin, this.role);
      // The first copy brings every record the user may see onto this machine: a read of personal data, recorded.
      const userId = this.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(this.role) as string | undefined;
      new AuditLog(this.db, this.clock).write({ userId: userId ?? null, action: 'sync.firstCopy', details: { role: this.role, device: this.deviceId, rows: applied } });
    })();
    return applied;
  }

  private readonly readers = new Map<string, Statement>();

  /** A local row as the JSON object that travels to the central database and its client, or null when gone. */
  private readRow(entity: string, key: string): { data: Record<string, unknown>; clientId: string | null } | null {
    const e = ENTITY_BY_TABLE.get(entity);
    if (!e) return null;
    let st = this.readers.get(entity);
    if (!st) {
      st = this.db.prepare(
        `SELECT ${rowJsonSql(columnsOf(this.db, e.table), 'R')} AS d, ${e.client ?? 'NULL'} AS c FROM ${e.table} R WHERE ${e.key.map((k) => `R.${k} = ?`).join(' AND ')}`,
      );
      this.readers.set(entity, st);
    }
    const r = st.get(...(e.key.length === 1 ? [key] : key.split('|'))) as { d: string; c: string | null } | undefined;
    return r ? { data: JSON.parse(r.d) as Record<string, unknown>, clientId: r.c } : null;
  }

  // ---- The user's own row ----------------------------------------------------------------------------------

  /**
   * Stores the signed-in user's own users row with its password hash and their area rows (sync_my_user: the
   * one place another workstation's user gets a hash from). Only the hash is written into a row that exists
   * already, so that nothing waiting in the outbox is overwritten. The central database has just accepted
   * `password`; if its hash of the Luotsi password does not match it (or there is none), a hash of the password
   * the central database accepted is stored instead.
   */
  async storeOwnUser(password: string): Promise<void> {
    const rows = (await this.pg.query<CentralRow>('SELECT entity, row_key, version, deleted, data FROM sync_my_user()')).rows;
    const own = rows.find((r) => r.entity === 'users');
    if (!own?.data) return;
    const central = typeof own.data.password_hash === 'string' ? own.data.password_hash : null;
    const hash = central && verifyPassword(password, central) ? central : hashPassword(password);
    withoutCapture(
      this.db,
      () => {
        this.applier.refreshPending();
        for (const r of rows) {
          if (r.entity === 'users' && this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(r.row_key) !== undefined) continue;
          this.applier.apply({ ...r, version: Number(r.version) });
        }
        this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, own.row_key);
      },
      { foreignKeys: false },
    );
  }

  // ---- Numbers -------------------------------------------------------------------------------------------

  /**
   * Claims delivery attempts for this workstation (sync_claim_deliveries): the refused ones come back, claimed
   * by another workstation, or naming a document the central database does not have yet ('not_visible').
   */
  async claimDeliveries(claims: readonly DeliveryClaim[]): Promise<RefusedClaim[]> {
    const r = await this.pg.query<{ r: RefusedClaim[] }>('SELECT sync_claim_deliveries($1, $2, $3::jsonb) AS r', [this.deviceId, this.secret, JSON.stringify(claims)]);
    return r.rows[0]!.r;
  }

  /** Releases another workstation's stuck claim (administrator, with the reason): 012-claim-takeover.sql. */
  async releaseDeliveryClaim(document: string, attempt: number, reason: string): Promise<ReleasedClaim> {
    const r = await this.pg.query<{ r: ReleasedClaim }>('SELECT sync_release_delivery_claim($1, $2, $3, $4, $5) AS r', [this.deviceId, this.secret, document, attempt, reason]);
    return r.rows[0]!.r;
  }

  /** Reserves `count` numbers of the series for this workstation (core/numbers.ts numbers from them). */
  async reserveNumbers(series: NumberSeries, year: number, count: number, floor = 1): Promise<{ first: number; last: number }> {
    const r = (
      await this.pg.query<{ first: string; last: string }>('SELECT first, last FROM sync_reserve_numbers($1, $2, $3, $4, $5, $6)', [
        this.deviceId,
        this.secret,
        series,
        year,
        count,
        floor,
      ])
    ).rows[0]!;
    const block = { first: Number(r.first), last: Number(r.last) };
    // Had the workstation stopped before this insert, the block would only be a gap in the series.
    this.db.prepare('INSERT INTO number_blocks (series, year, first, last, next) VALUES (?, ?, ?, ?, ?)').run(series, year, block.first, block.last, block.first);
    return block;
  }

  /** Keeps decision numbers in reserve for this year (and the next one in December), for working offline. */
  private async topUpDecisionNumbers(): Promise<void> {
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const { low, block } = NUMBER_RESERVE.decision;
    for (const y of today.slice(5, 7) === '12' ? [year, year + 1] : [year]) {
      if (numbersLeft(this.db, 'decision', y) >= low) continue;
      try {
        await this.reserveNumbers('decision', y, block);
      } catch (e) {
        // Refused (the user's reservations for the day are used up): the round's data still counts; signing
        // says clearly when the numbers run out (numbers.ts), and ensureNumbers reports the reason.
        if ((e as { code?: string }).code !== '42501') throw e;
      }
    }
  }

  // ---- Push ----------------------------------------------------------------------------------------------

  async push(onProgress?: (p: Progress) => void): Promise<{ pushed: number; conflicts: number; rejected: number }> {
    let pushed = 0;
    let conflicts = 0;
    let rejected = 0;
    // Mutations the server already has (a crash came between its commit and ours) are simply done.
    this.db.prepare('DELETE FROM outbox WHERE seq <= ?').run(this.serverLastMid);
    const total = this.pendingCount();
    const next = this.db.prepare('SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    // The last outbox position of each decision, invoice and payment run waiting: such a row goes out with its
    // content now (perhaps made already) at its first position, before the children written before it was
    // made; the central database lets this device write those children up to that position (central 009).
    const lastOf = this.db.prepare(
      `SELECT entity || '/' || row_key AS k, max(seq) AS last FROM outbox WHERE entity IN (${FREEZING_PARENTS.map((e) => `'${e}'`).join(', ')}) GROUP BY entity, row_key`,
    );
    for (;;) {
      const fetched = next.all(this.serverLastMid, this.batches.push) as OutboxRow[];
      if (fetched.length === 0) break;
      // The rows' content now (a row deleted since is pushed as a deletion) and the central version it is based on.
      const base = this.db.prepare('SELECT version FROM sync_shadow WHERE entity = ? AND row_key = ?').pluck();
      const lasts = new Map((lastOf.all() as { k: string; last: number }[]).map((r) => [r.k, r.last]));
      // A batch stays well below the central database's limit of 64 MB (letters carry their PDF).
      const batch: OutboxRow[] = [];
      const contents = new Map<number, { data: Record<string, unknown>; clientId: string | null } | null>();
      let bytes = 0;
      for (const o of fetched) {
        const row = o.op === 'delete' ? null : this.readRow(o.entity, o.row_key);
        const size = row ? JSON.stringify(row.data).length : 0;
        if (batch.length > 0 && bytes + size > PUSH_BATCH_BYTES) break;
        batch.push(o);
        contents.set(o.seq, row);
        bytes += size;
      }
      const mutations = batch.map((o) => {
        const row = contents.get(o.seq) ?? null;
        const last = lasts.get(`${o.entity}/${o.row_key}`);
        return {
          mid: o.seq,
          entity: o.entity,
          key: o.row_key,
          op: row === null ? 'delete' : 'upsert',
          base: (base.get(o.entity, o.row_key) as number | undefined) ?? null,
          clientId: row ? row.clientId : o.client_id,
          ...(last !== undefined && last > o.seq ? { last } : {}),
          data: row?.data ?? {},
        };
      });
      const baseOf = new Map(mutations.map((m) => [m.mid, m.base]));
      const results = (await this.pg.query<{ r: PushResult[] }>('SELECT sync_push($1, $2, $3::jsonb) AS r', [this.deviceId, this.secret, JSON.stringify(mutations)])).rows[0]!.r;
      const bySeq = new Map(batch.map((o) => [o.seq, o]));
      const now = this.clock.now().toISOString();
      const reject = this.db.prepare('INSERT INTO sync_rejects (at, entity, row_key, reason, payload) VALUES (?, ?, ?, ?, ?)');
      withoutCapture(
        this.db,
        () => {
          for (const r of results) {
            const o = bySeq.get(Number(r.mid));
            if (!o) continue;
            if (r.status === 'applied' && r.version !== undefined) this.applier.remember(o.entity, o.row_key, Number(r.version));
            if (r.status === 'conflict' || (r.status === 'rejected' && r.data)) {
              // The central row is the truth meanwhile; mine is kept for the user to resolve.
              this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(o.seq);
              this.applier.apply({ entity: o.entity, row_key: o.row_key, version: Number(r.version), deleted: r.deleted ?? false, data: r.data ?? null }, true);
              this.changes.note(o.entity, o.row_key, r.data ?? null);
            }
            if (r.status === 'conflict') {
              const mine = contents.get(o.seq)?.data ?? null;
              this.recordConflict(o.entity, o.row_key, baseOf.get(o.seq) ?? null, Number(r.version), mine ?? { _deleted: true }, r.data ?? null);
              conflicts++;
            } else if (r.status === 'rejected') {
              reject.run(now, o.entity, o.row_key, r.reason ?? 'rejected', JSON.stringify(contents.get(o.seq)?.data ?? null));
              rejected++;
            } else pushed++;
            this.serverLastMid = Math.max(this.serverLastMid, Number(r.mid));
          }
          this.db.prepare('DELETE FROM outbox WHERE seq <= ?').run(this.serverLastMid);
        },
        { foreignKeys: false },
      );
      onProgress?.({ phase: 'push', done: pushed + conflicts + rejected, total });
    }
    return { pushed, conflicts, rejected };
  }

  /** A conflict as the user will see it; a newer one of the same row replaces the open one. */
  private recordConflict(entity: string, key: string, base: number | null, serverVersion: number, mine: unknown, theirs: unknown): void {
    this.db
      .prepare(
        `INSERT INTO sync_conflicts (id, entity, row_key, base_version, server_version, mine, theirs, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (entity, row_key) WHERE resolved_at IS NULL DO UPDATE SET mine = excluded.mine, theirs = excluded.theirs, server_version = excluded.server_version`,
      )
      .run(uuidv7(), entity, key, base, serverVersion, JSON.stringify(mine), JSON.stringify(theirs), this.clock.now().toISOString());
  }

  // ---- Conflicts -------------------------------------------------------------------------------------------

  /**
   * The server's record of this device's open conflicts is the truth: any the workstation does not know yet
   * (its push result was lost in a crash) are fetched with the central row; resolutions made here are closed
   * on the server.
   */
  async mirrorConflicts(): Promise<void> {
    const closing = this.db.prepare("SELECT entity, row_key, resolution FROM sync_conflicts WHERE resolved_at IS NOT NULL AND resolution NOT LIKE '%:closed'").all() as {
      entity: string;
      row_key: string;
      resolution: string;
    }[];
    for (const r of closing) {
      await this.pg.query('SELECT sync_resolve($1, $2, $3, $4, $5)', [this.deviceId, this.secret, r.entity, r.row_key, r.resolution]);
      this.db.prepare("UPDATE sync_conflicts SET resolution = resolution || ':closed' WHERE entity = ? AND row_key = ? AND resolution = ?").run(r.entity, r.row_key, r.resolution);
    }
    const open = (
      await this.pg.query<{ entity: string; row_key: string; base_version: string | null; server_version: string; mine: unknown; version: string | null; deleted: boolean | null; data: Record<string, unknown> | null }>(
        'SELECT entity, row_key, base_version, server_version, mine, version, deleted, data FROM sync_open_conflicts($1, $2)',
        [this.deviceId, this.secret],
      )
    ).rows;
    const known = this.db.prepare('SELECT 1 FROM sync_conflicts WHERE entity = ? AND row_key = ? AND resolved_at IS NULL').pluck();
    // A conflict the user resolved here while this round was waiting for the server is still open there until
    // the next round closes it: it is not missing (taking it again would put the central version back over the
    // user's resolution, and the resolution would be lost).
    const beingClosed = this.db.prepare("SELECT 1 FROM sync_conflicts WHERE entity = ? AND row_key = ? AND resolved_at IS NOT NULL AND resolution NOT LIKE '%:closed'").pluck();
    const missing = open.filter((c) => known.get(c.entity, c.row_key) === undefined && beingClosed.get(c.entity, c.row_key) === undefined);
    if (missing.length === 0) return;
    withoutCapture(
      this.db,
      () => {
        for (const c of missing) {
          if (c.data && c.version !== null) {
            this.applier.apply({ entity: c.entity, row_key: c.row_key, version: Number(c.version), deleted: c.deleted ?? false, data: c.data }, true);
            this.changes.note(c.entity, c.row_key, c.data);
          }
          this.recordConflict(c.entity, c.row_key, c.base_version === null ? null : Number(c.base_version), Number(c.server_version), c.mine, c.data);
        }
      },
      { foreignKeys: false },
    );
  }

  /**
   * Applies central rows and records progress in one local transaction. A row that cannot be stored (a
   * malformed change) does not stop the sync: the batch is redone row by row and such rows are set aside in
   * sync_rejects with the reason, for the indicator to show.
   */
  private applyBatch(rows: CentralRow[], progress: () => void): number {
    const run = (guarded: boolean) =>
      withoutCapture(
        this.db,
        () => {
          let n = 0;
          this.applier.refreshPending();
          for (const r of rows) {
            if (r.version === null) {
              if (this.revoke(r.entity, r.row_key)) {
                n++;
                this.changes.note(r.entity, r.row_key, null);
              }
              continue;
            }
            const row = { ...r, version: Number(r.version) };
            if (!guarded) {
              if (this.applier.apply(row)) {
                n++;
                this.changes.note(r.entity, r.row_key, r.data);
              }
              continue;
            }
            try {
              if (this.db.transaction(() => this.applier.apply(row))()) {
                n++;
                this.changes.note(r.entity, r.row_key, r.data);
              }
            } catch (e) {
              this.db
                .prepare('INSERT INTO sync_rejects (at, entity, row_key, reason, payload) VALUES (?, ?, ?, ?, ?)')
                .run(this.clock.now().toISOString(), r.entity, r.row_key, `pull: ${e instanceof Error ? e.message : String(e)}`, JSON.stringify(r.data));
            }
          }
          progress();
          return n;
        },
        { foreignKeys: false },
      );
    try {
      return run(false);
    } catch {
      return run(true);
    }
  }

  /**
   * A logged change of a row the user can no longer read: it left the user's areas (a client moved). The local
   * copy goes, unless a change of it still waits for the push (the push then reports the refusal). Other users
   * of this workstation who may see the row redo their first copy, which brings it back for them.
   */
  private revoke(entity: string, key: string): boolean {
    if (!ENTITY_BY_TABLE.has(entity) || this.applier.hasPending(entity, key)) return false;
    if (this.db.prepare('SELECT 1 FROM sync_shadow WHERE entity = ? AND row_key = ?').get(entity, key) === undefined) return false;
    this.applier.write(entity, key, null);
    this.db.prepare('DELETE FROM sync_shadow WHERE entity = ? AND row_key = ?').run(entity, key);
    this.db.prepare("UPDATE sync_cursors SET initial_state = 'none', initial_xmin = NULL, initial_rank = NULL, initial_key = NULL WHERE role <> ? AND initial_state = 'done'").run(this.role);
    return true;
  }

  // ---- Pull ----------------------------------------------------------------------------------------------

  async pull(onProgress?: (p: Progress) => void): Promise<number> {
    let applied = 0;
    let seen = 0;
    const save = this.db.prepare('UPDATE sync_cursors SET cursor_txid = ?, cursor_seq = ? WHERE role = ?');
    for (;;) {
      const st = this.state();
      const rows = (
        await this.pg.query<CentralRow & { txid: string; seq: string }>('SELECT txid::text AS txid, seq, entity, row_key, version, deleted, data FROM sync_pull($1::xid8, $2, $3)', [
          st.cursor_txid,
          st.cursor_seq,
          this.batches.pull,
        ])
      ).rows;
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!;
      applied += this.applyBatch(rows, () => save.run(last.txid, Number(last.seq), this.role));
      seen += rows.length;
      onProgress?.({ phase: 'pull', done: seen, total: seen });
      if (rows.length < this.batches.pull) break;
    }
    return applied;
  }
}
