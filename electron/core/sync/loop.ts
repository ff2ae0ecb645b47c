// The background sync of a running workstation: a session as the signed-in user, a LISTEN connection that
// pulls as soon as the central database reports a commit, a quick look at the outbox twice a second to push
// local changes, a full round every half minute, and on failure a retry with growing pauses (1 s … 60 s)
// while the app keeps working on its local database. Its status feeds the indicator in the status bar.
import pg from 'pg';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { pgConfig, SyncSession, describeConnectionError, type CentralConnection, type Progress, type SyncResult } from './session';

export interface SyncStatus {
  state: 'off' | 'connecting' | 'online' | 'offline';
  lastSyncAt: string | null;
  pending: number;
  conflicts: number;
  rejected: number;
  error: string | null;
}

/** What waits on this workstation: changes to push, conflicts to resolve, refusals to read. */
export function syncCounts(db: Db): Pick<SyncStatus, 'pending' | 'conflicts' | 'rejected'> {
  return {
    pending: db.prepare('SELECT count(*) FROM outbox').pluck().get() as number,
    conflicts: db.prepare('SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL').pluck().get() as number,
    rejected: db.prepare('SELECT count(*) FROM sync_rejects WHERE acknowledged_at IS NULL').pluck().get() as number,
  };
}

export class SyncLoop {
  private session: SyncSession | null = null;
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private busy: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private lastSeq = -1;
  private lastFull = 0;
  private status: SyncStatus;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly conn: CentralConnection,
    private readonly hooks: {
      onStatus?: (s: SyncStatus) => void;
      onSynced?: (r: SyncResult) => void;
      onProgress?: (p: Progress) => void;
      deviceName?: string;
      /** Runs the user's first copy (as a durable job) when it is not done; without, the round does it itself. */
      firstCopy?: (role: string) => Promise<unknown>;
    } = {},
  ) {
    const last = db.prepare('SELECT last_sync_at FROM sync_state WHERE id = 1').pluck().get() as string | null;
    this.status = { state: 'off', lastSyncAt: last, pending: 0, conflicts: 0, rejected: 0, error: null };
  }

  current(): SyncStatus {
    return { ...this.status, ...this.counts() };
  }

  private counts() {
    return syncCounts(this.db);
  }

  private publish(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch, ...this.counts() };
    this.hooks.onStatus?.(this.current());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.publish({ state: 'connecting', error: null });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.busy;
    await this.disconnect();
    this.publish({ state: 'off' });
  }

  /** Stops without waiting or publishing (the database is about to close). */
  halt(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.disconnect();
  }

  /** Sync now (a local change was made, or the user asked). */
  nudge(): void {
    if (!this.running) return;
    if (this.busy) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number) {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async disconnect() {
    const s = this.session;
    const l = this.listener;
    this.session = null;
    this.listener = null;
    await s?.close();
    await l?.end().catch(() => undefined);
  }

  private async connect() {
    this.session = await SyncSession.open(this.db, this.clock, this.conn, { deviceName: this.hooks.deviceName });
    const l = new pg.Client(pgConfig(this.conn));
    l.on('error', () => void this.fail(new Error('yhteys katkesi')));
    l.on('notification', () => this.nudge());
    await l.connect();
    await l.query('LISTEN luotsi_changes');
    this.listener = l;
  }

  private async fail(e: unknown) {
    if (!this.running) return;
    await this.disconnect();
    this.failures++;
    this.publish({ state: 'offline', error: describeConnectionError(e) });
    this.db.prepare('UPDATE sync_state SET last_error = ? WHERE id = 1').run(this.status.error);
    this.schedule(Math.min(60_000, 1000 * 2 ** Math.min(this.failures - 1, 6)));
  }

  private async tick(): Promise<void> {
    if (!this.running || this.busy) return;
    let done!: () => void;
    this.busy = new Promise((r) => (done = r));
    try {
      if (!this.session) await this.connect();
      const seq = (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get() as number | undefined) ?? 0;
      if (this.hooks.firstCopy && !this.session!.initialDone()) await this.hooks.firstCopy(this.conn.user);
      const r = await this.session!.syncOnce(this.hooks.onProgress);
      this.lastSeq = seq;
      this.lastFull = Date.now();
      this.failures = 0;
      this.publish({ state: 'online', error: null, lastSyncAt: this.clock.now().toISOString() });
      this.hooks.onSynced?.(r);
    } catch (e) {
      done();
      this.busy = null;
      await this.fail(e);
      return;
    }
    done();
    this.busy = null;
    if (this.again) {
      this.again = false;
      this.schedule(0);
    } else this.watch();
  }

  /** Between rounds: push as soon as the outbox grows, and a full round every 30 s. */
  private watch() {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      if (!this.running) return;
      const seq = (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get() as number | undefined) ?? 0;
      if (seq !== this.lastSeq || Date.now() - this.lastFull > 30_000) void this.tick();
      else this.watch();
    }, 500);
  }
}
