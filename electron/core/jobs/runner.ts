// The one runner of long jobs (after eVaka's AsyncJobRunner): a job is a row planned in the transaction of the
// change that asks for it, so it exists exactly when that change does; its id is known at once. The runner
// claims due rows under a lease (owner, process id, expiry renewed while it runs), runs their work, stores
// progress and sends it by id as 'jobs.progress', and ends each try as completed, retried after a pause
// (transient failures, with backoff), waiting (deferred), cancelled or failed for good. A row left 'running'
// by a process that died (kill -9, power cut) is taken over at the next start, so every job resumes; the work
// itself stores its steps durably and carries on from them.
import { AppError } from '../../../shared/contract/errors';
import type { JobDto, JobProgress, JobStatus } from '../../../shared/contract/job-schemas';
import type { Role } from '../../../shared/roles';
import { findUserById, toUser } from '../auth/queries';
import type { CoreServices, SignedInContext } from '../context';
import type { Db } from '../db/connection';
import { uuidv7 } from '../ids';
import { isTransient, JOB_STOPPED, JobDeferredError, TransientJobError, type EndedJob, type JobKind, type JsonValue, type RunningJob } from './kind';

export interface JobRow {
  id: string;
  kind: string;
  subject: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string | null;
  lease_owner: string | null;
  lease_pid: number | null;
  lease_until: string | null;
  cancel_requested: number;
  progress_done: number | null;
  progress_total: number | null;
  progress_phase: string | null;
  result: string | null;
  error: string | null;
  error_code: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface RunnerOptions {
  /** Jobs running at once in this process, all kinds together (default 3). */
  maxConcurrent?: number;
  /** How long a claim holds without renewal (default 30 s); renewed every third of it while the job runs. */
  leaseMs?: number;
  /** How often a started runner looks for due jobs it was not told about (default 15 s). */
  pollMs?: number;
}

/** Runner instances alive in this process: a lease of this process whose owner is gone is free to take. */
const LIVE_RUNNERS = new Set<string>();

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF = { baseMs: 2000, maxMs: 5 * 60_000 };
const EMIT_EVERY_MS = 250;
const STORE_EVERY_MS = 1000;

interface Live {
  row: JobRow;
  controller: AbortController;
  promise: Promise<void>;
  done: number | null;
  total: number | null;
  phase: string | null;
  /** Progress at the start of the phase in this try, for the time left. */
  mark: { done: number; at: number } | null;
  lastEmit: number;
  lastStore: number;
}

type StopReason = 'cancel' | 'shutdown';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

export class JobRunner {
  /** This runner's lease owner id. */
  readonly owner = uuidv7();
  private readonly kinds = new Map<string, JobKind<unknown>>();
  private readonly live = new Map<string, Live>();
  private readonly waiters = new Map<string, Set<(row: JobRow) => void>>();
  private core: CoreServices | null = null;
  private started = false;
  private closed = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private wakeQueued = false;
  private readonly maxConcurrent: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly db: Db,
    kinds: readonly JobKind<never>[],
    opts: RunnerOptions = {},
  ) {
    for (const k of kinds) {
      if (this.kinds.has(k.kind)) throw new Error(`job kind ${k.kind} registered twice`);
      this.kinds.set(k.kind, k as unknown as JobKind<unknown>);
    }
    this.maxConcurrent = opts.maxConcurrent ?? 3;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 15_000;
    LIVE_RUNNERS.add(this.owner);
  }

  /** The services a job's work gets (set once by openCore, before anything runs). */
  attach(core: CoreServices): void {
    this.core = core;
  }

  kindOf(name: string): JobKind<unknown> {
    const k = this.kinds.get(name);
    if (!k) throw new AppError('INVALID_STATE', `Tuntematon työn laji ${name}.`);
    return k;
  }

  // ---- Planning ----------------------------------------------------------------------------------------

  /**
   * Plans a job. Call it inside the transaction of the change that asks for it: the job exists exactly when
   * the change does. With a subject, an active job of the same kind and subject is returned instead of a
   * second one (and woken if it waits). Returns the job's id at once; a started runner picks it up.
   */
  enqueue<P>(kind: JobKind<P>, payload: P, opts: { subject?: string | null; createdBy?: string | null; runAt?: Date; maxAttempts?: number } = {}): string {
    if (this.kinds.get(kind.kind) !== (kind as unknown)) throw new Error(`job kind ${kind.kind} is not registered`);
    const now = this.now();
    const subject = opts.subject ?? null;
    if (subject !== null) {
      const existing = this.db.prepare("SELECT id, run_at FROM jobs WHERE kind = ? AND subject = ? AND status IN ('pending','running')").get(kind.kind, subject) as
        | { id: string; run_at: string | null }
        | undefined;
      if (existing) {
        this.db.prepare("UPDATE jobs SET run_at = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND (run_at IS NULL OR run_at > ?)").run(new Date().toISOString(), now, existing.id, new Date().toISOString());
        this.wake();
        return existing.id;
      }
    }
    const id = uuidv7();
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, subject, payload, status, attempts, max_attempts, run_at, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)`,
      )
      .run(id, kind.kind, subject, JSON.stringify(payload ?? {}), opts.maxAttempts ?? kind.maxAttempts ?? DEFAULT_ATTEMPTS, (opts.runAt ?? new Date()).toISOString(), opts.createdBy ?? null, now, now);
    this.wake();
    return id;
  }

  /** Replaces a job's payload (e.g. a new output folder for a resumed batch); not while it runs elsewhere. */
  updatePayload<P>(id: string, payload: P): void {
    const row = this.row(id);
    if (row.status === 'running' && this.leaseHeld(row) && row.lease_owner !== this.owner) throw this.runningElsewhere();
    this.db.prepare('UPDATE jobs SET payload = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(payload), this.now(), id);
  }

  // ---- Reading -----------------------------------------------------------------------------------------

  find(id: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  row(id: string): JobRow {
    const r = this.find(id);
    if (!r) throw new AppError('NOT_FOUND', 'Työtä ei löytynyt.');
    return r;
  }

  /** The latest job of a kind for a subject (active or not). */
  latestFor(kind: string, subject: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE kind = ? AND subject = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(kind, subject) as JobRow | undefined;
  }

  /** Jobs of a kind that are still to finish: pending, running, or failed and waiting for a user. */
  unfinished(kind: string): JobRow[] {
    return this.db.prepare("SELECT * FROM jobs WHERE kind = ? AND status IN ('pending','running','failed') ORDER BY created_at, id").all(kind) as JobRow[];
  }

  /** The kinds this runner knows, in the order they were registered. */
  kindList(): JobKind<unknown>[] {
    return [...this.kinds.values()];
  }

  mayAccess(row: JobRow, role: Role): boolean {
    return this.kinds.get(row.kind)?.roles.includes(role) ?? false;
  }

  progressOf(row: JobRow): JobProgress {
    const l = this.live.get(row.id);
    const done = l?.done ?? row.progress_done;
    const total = l?.total ?? row.progress_total;
    let secondsLeft: number | null = null;
    if (l?.mark && l.done !== null && l.total !== null && l.done > l.mark.done) {
      const perUnit = (Date.now() - l.mark.at) / 1000 / (l.done - l.mark.done);
      secondsLeft = Math.max(0, Math.round(perUnit * (l.total - l.done)));
    }
    return {
      id: row.id,
      kind: row.kind,
      subject: row.subject,
      status: row.status,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      nextRunAt: row.status === 'pending' ? row.run_at : null,
      done,
      total,
      phase: l?.phase ?? row.progress_phase,
      secondsLeft,
      cancelRequested: row.cancel_requested === 1,
      hasError: row.error !== null,
    };
  }

  dto(row: JobRow, role: Role | null): JobDto {
    const kind = this.kinds.get(row.kind);
    const allowed = role !== null && (kind?.roles.includes(role) ?? false);
    const name = row.created_by ? (this.db.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(row.created_by) as string | undefined) : undefined;
    return {
      ...this.progressOf(row),
      error: row.error,
      errorCode: row.error_code,
      result: row.result === null ? null : (JSON.parse(row.result) as unknown),
      createdAt: row.created_at,
      createdByName: name ?? null,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      canCancel: allowed && kind?.cancellable !== false && (row.status === 'pending' || row.status === 'failed' || (row.status === 'running' && row.cancel_requested === 0)),
      canRetry: allowed && (row.status === 'failed' || (row.status === 'pending' && row.run_at !== null && Date.parse(row.run_at) > Date.now() + 1000)),
    };
  }

  // ---- Steering ----------------------------------------------------------------------------------------

  /**
   * Cancels a job: a waiting or failed one at once (its kind puts domain state right in the same transaction),
   * a running one at its next safe point (its work sees the signal).
   */
  cancel(id: string): JobRow {
    const kind = this.kindOf(this.row(id).kind);
    if (kind.cancellable === false) throw new AppError('INVALID_STATE', 'Tätä työtä ei voi perua.');
    let running = false;
    this.db.transaction(() => {
      const row = this.row(id);
      if (row.status === 'completed' || row.status === 'cancelled') throw new AppError('INVALID_STATE', row.status === 'completed' ? 'Valmista työtä ei voi perua.' : 'Työ on jo peruttu.');
      if (row.status === 'running' && this.leaseHeld(row)) {
        this.db.prepare('UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?').run(this.now(), id);
        running = true;
        return;
      }
      this.finishCancelled(row);
    })();
    if (running) this.live.get(id)?.controller.abort('cancel' satisfies StopReason);
    const row = this.row(id);
    this.publish(row);
    return row;
  }

  /**
   * Runs a job again: a failed one from its stored state with its tries counted afresh, a pending one that
   * waits for a retry pause or to be woken at once.
   */
  retry(id: string): JobRow {
    this.db.transaction(() => {
      const row = this.row(id);
      if (row.status === 'failed') {
        this.db
          .prepare("UPDATE jobs SET status = 'pending', attempts = 0, run_at = ?, cancel_requested = 0, error = NULL, error_code = NULL, finished_at = NULL, updated_at = ? WHERE id = ?")
          .run(new Date().toISOString(), this.now(), id);
      } else if (row.status === 'pending') {
        this.db.prepare('UPDATE jobs SET run_at = ?, updated_at = ? WHERE id = ?').run(new Date().toISOString(), this.now(), id);
      } else if (row.status === 'running') {
        throw new AppError('INVALID_STATE', 'Työ on jo käynnissä.');
      } else throw new AppError('INVALID_STATE', row.status === 'completed' ? 'Työ on jo valmis.' : 'Peruttua työtä ei voi jatkaa.');
    })();
    const row = this.row(id);
    this.publish(row);
    this.wake();
    return row;
  }

  /** Wakes a job that waits (deferred or pausing before a retry). */
  wakeJob(id: string): void {
    this.db.prepare("UPDATE jobs SET run_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'").run(new Date().toISOString(), this.now(), id);
    this.wake();
  }

  /** Resolves when the job has ended (completed, failed or cancelled). */
  waitFor(id: string): Promise<JobRow> {
    const row = this.row(id);
    if (row.status === 'completed' || row.status === 'failed' || row.status === 'cancelled') return Promise.resolve(row);
    return new Promise((resolve) => {
      let set = this.waiters.get(id);
      if (!set) this.waiters.set(id, (set = new Set()));
      set.add(resolve);
    });
  }

  /**
   * Runs one job here and now until it ends (the command line, which runs its jobs in its own process): a
   * failed job is retried with its tries counted afresh, a transient failure is retried after its pause.
   * Resolves with the completed job; a permanent failure or a cancel is thrown as an AppError.
   */
  async complete(id: string): Promise<JobRow> {
    for (;;) {
      if (this.closed) throw new AppError('INVALID_STATE', 'Luotsi suljetaan.');
      const row = this.row(id);
      if (row.status === 'completed') return row;
      if (row.status === 'cancelled') throw new AppError('INVALID_STATE', 'Työ on peruttu.');
      if (row.status === 'failed') {
        this.retry(id);
        continue;
      }
      const l = this.live.get(id);
      if (l) {
        await l.promise;
        continue;
      }
      if (row.status === 'pending' && row.run_at === null) throw new AppError('INVALID_STATE', row.error ?? 'Työ odottaa.');
      if (row.status === 'pending' && Date.parse(row.run_at!) > Date.now()) {
        await new Promise((r) => setTimeout(r, Math.min(Date.parse(row.run_at!) - Date.now(), 60_000)));
        continue;
      }
      const claimed = this.claim(id, true);
      if (!claimed) throw this.runningElsewhere();
      await this.execute(claimed);
      const after = this.row(id);
      if (after.status === 'failed') throw new AppError(isErrorCode(after.error_code) ? after.error_code : 'INTERNAL', after.error ?? 'Työ epäonnistui.');
    }
  }

  // ---- Running -----------------------------------------------------------------------------------------

  /** Starts picking up due jobs, first of all those a crash or a shutdown left unfinished. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.heartbeatTimer = setInterval(() => this.heartbeat(), Math.max(1000, Math.floor(this.leaseMs / 3)));
    this.heartbeatTimer.unref();
    this.wake();
  }

  /** Look for due jobs soon (after the current transaction has committed). */
  wake(): void {
    if (!this.started || this.closed || this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      this.poll();
    });
  }

  private poll(): void {
    if (!this.started || this.closed) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    const nowIso = new Date().toISOString();
    const rows = this.db
      .prepare("SELECT * FROM jobs WHERE (status = 'pending' AND run_at IS NOT NULL AND run_at <= ?) OR status = 'running' ORDER BY created_at, id")
      .all(nowIso) as JobRow[];
    for (const r of rows) {
      if (this.live.size >= this.maxConcurrent) break;
      if (this.live.has(r.id) || !this.kinds.has(r.kind)) continue;
      if (r.status === 'running' && this.leaseHeld(r)) continue;
      const kind = this.kinds.get(r.kind)!;
      const sameKind = [...this.live.values()].filter((l) => l.row.kind === r.kind).length;
      if (sameKind >= (kind.concurrency ?? 1)) continue;
      const claimed = this.claim(r.id, false);
      if (claimed) void this.execute(claimed);
    }
    // The next look: when the earliest waiting job is due, or after pollMs (other processes' jobs, dead leases).
    const next = this.db.prepare("SELECT min(run_at) FROM jobs WHERE status = 'pending' AND run_at IS NOT NULL").pluck().get() as string | null;
    const wait = next === null ? this.pollMs : Math.max(10, Math.min(this.pollMs, Date.parse(next) - Date.now()));
    this.pollTimer = setTimeout(() => this.poll(), wait);
    this.pollTimer.unref();
  }

  /** Is the row's lease held by a live runner (this process's or another one's)? */
  private leaseHeld(r: JobRow): boolean {
    if (r.status !== 'running' || r.lease_owner === null) return false;
    if (r.lease_owner === this.owner) return this.live.has(r.id);
    if (r.lease_pid === process.pid) return LIVE_RUNNERS.has(r.lease_owner);
    if (r.lease_until === null || Date.parse(r.lease_until) < Date.now()) return false;
    return r.lease_pid !== null && processAlive(r.lease_pid);
  }

  private runningElsewhere(): AppError {
    return new AppError('INVALID_STATE', 'Työ on jo käynnissä toisessa Luotsin ikkunassa tai komennossa. Odota, että se päättyy.');
  }

  /** Takes the job for this runner in one write transaction; null when it is not claimable any more. */
  private claim(id: string, explicit: boolean): JobRow | null {
    return this.db.transaction((): JobRow | null => {
      const r = this.find(id);
      if (!r) return null;
      if (r.status === 'running' && this.leaseHeld(r)) return null;
      if (r.status !== 'pending' && r.status !== 'running') return null;
      if (r.status === 'pending' && !explicit && (r.run_at === null || Date.parse(r.run_at) > Date.now())) return null;
      const now = this.now();
      // A row left running by a process that died was a try too: a job that keeps killing its process stops.
      if (r.status === 'running' && r.attempts >= r.max_attempts && !explicit) {
        this.finishFailed(r, { code: 'INTERNAL', message: `Työ keskeytyi ${r.attempts} kertaa kesken. Jatka sitä, kun syy on selvitetty.` });
        this.publish(this.row(id));
        return null;
      }
      this.db
        .prepare(
          `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_pid = ?, lease_until = ?, run_at = NULL,
             started_at = ?, updated_at = ? WHERE id = ?`,
        )
        .run(this.owner, process.pid, new Date(Date.now() + this.leaseMs).toISOString(), now, now, id);
      return this.row(id);
    }).immediate();
  }

  private execute(row: JobRow): Promise<void> {
    const kind = this.kindOf(row.kind);
    const controller = new AbortController();
    const live: Live = { row, controller, promise: Promise.resolve(), done: row.progress_done, total: row.progress_total, phase: row.progress_phase, mark: null, lastEmit: 0, lastStore: 0 };
    const payload = JSON.parse(row.payload) as unknown;
    const core = this.services();
    const job: RunningJob<unknown> = {
      id: row.id,
      payload,
      attempt: row.attempts,
      createdBy: row.created_by,
      core,
      signal: controller.signal,
      progress: (done, total, phase) => this.onProgress(live, done, total, phase),
      context: () => this.contextOf(row),
    };
    live.promise = (async () => {
      this.publish(row);
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await kind.run(job) };
      } catch (e) {
        outcome = { ok: false, error: e };
      }
      if (this.closed) return;
      try {
        this.settle(live, kind, outcome);
      } finally {
        this.live.delete(row.id);
        const ended = this.find(row.id);
        if (ended) this.publish(ended);
        this.wake();
      }
    })();
    this.live.set(row.id, live);
    return live.promise;
  }

  /** Ends a try: completed, stopped (cancelled or released), retried later, waiting, or failed for good. */
  private settle(live: Live, kind: JobKind<unknown>, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    const id = live.row.id;
    const reason = live.controller.signal.aborted ? (live.controller.signal.reason as StopReason) : null;
    this.db.transaction(() => {
      const row = this.row(id);
      if (row.status !== 'running' || row.lease_owner !== this.owner) return; // taken over meanwhile
      const now = this.now();
      const stopped = reason !== null && (!outcome.ok || outcome.value === JOB_STOPPED);
      if (outcome.ok && !stopped) {
        const value = outcome.value === JOB_STOPPED || outcome.value === undefined ? null : (outcome.value as JsonValue);
        this.db
          .prepare(
            `UPDATE jobs SET status = 'completed', lease_owner = NULL, lease_pid = NULL, lease_until = NULL, result = ?, error = NULL, error_code = NULL,
               progress_done = coalesce(?, progress_done), progress_total = coalesce(?, progress_total), progress_phase = coalesce(?, progress_phase),
               finished_at = ?, updated_at = ? WHERE id = ?`,
          )
          .run(value === null ? null : JSON.stringify(value), live.done, live.total, live.phase, now, now, id);
        return;
      }
      if (stopped && (reason === 'cancel' || row.cancel_requested === 1)) {
        this.finishCancelled(row);
        return;
      }
      if (stopped) {
        // Shut down: back to waiting, and this try does not count.
        this.db
          .prepare(
            "UPDATE jobs SET status = 'pending', attempts = max(attempts - 1, 0), lease_owner = NULL, lease_pid = NULL, lease_until = NULL, run_at = ?, updated_at = ? WHERE id = ?",
          )
          .run(new Date().toISOString(), now, id);
        return;
      }
      const e = (outcome as { error: unknown }).error;
      if (e instanceof JobDeferredError) {
        this.db
          .prepare(
            "UPDATE jobs SET status = 'pending', attempts = max(attempts - 1, 0), lease_owner = NULL, lease_pid = NULL, lease_until = NULL, run_at = NULL, error = ?, error_code = 'DEFERRED', updated_at = ? WHERE id = ?",
          )
          .run(e.message, now, id);
        return;
      }
      const failure = this.describe(kind, e);
      if (isTransient(e) && row.attempts < row.max_attempts) {
        const retryAfter = e instanceof TransientJobError && e.opts.retryAfterMs !== undefined ? e.opts.retryAfterMs : backoffMs(kind, row.attempts);
        this.db
          .prepare(
            "UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_pid = NULL, lease_until = NULL, run_at = ?, error = ?, error_code = ?, updated_at = ? WHERE id = ?",
          )
          .run(new Date(Date.now() + retryAfter).toISOString(), failure.message, failure.code, now, id);
        return;
      }
      this.finishFailed(row, failure);
    })();
  }

  private describe(kind: JobKind<unknown>, e: unknown): { code: string; message: string } {
    if (e instanceof AppError) return { code: e.code, message: e.message };
    const custom = kind.describeError?.(e);
    const code = (e as { code?: unknown } | null)?.code;
    if (custom) return { code: typeof code === 'string' ? code : 'INTERNAL', message: custom };
    if (e instanceof TransientJobError) return { code: e.opts.code ?? 'TRANSIENT', message: e.message };
    const text = e instanceof Error ? e.message : String(e);
    return { code: typeof code === 'string' ? code : 'INTERNAL', message: `Odottamaton virhe: ${text}`.slice(0, 500) };
  }

  private finishCancelled(row: JobRow): void {
    const now = this.now();
    this.db
      .prepare(
        "UPDATE jobs SET status = 'cancelled', cancel_requested = 1, lease_owner = NULL, lease_pid = NULL, lease_until = NULL, run_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?",
      )
      .run(now, now, row.id);
    this.kindOf(row.kind).onCancelled?.(this.ended(row));
  }

  private finishFailed(row: JobRow, failure: { code: string; message: string }): void {
    const now = this.now();
    this.db
      .prepare(
        "UPDATE jobs SET status = 'failed', lease_owner = NULL, lease_pid = NULL, lease_until = NULL, run_at = NULL, error = ?, error_code = ?, finished_at = ?, updated_at = ? WHERE id = ?",
      )
      .run(failure.message, failure.code, now, now, row.id);
    this.kindOf(row.kind).onFailed?.(this.ended(row), failure);
  }

  private ended(row: JobRow): EndedJob<unknown> {
    return { id: row.id, payload: JSON.parse(row.payload) as unknown, createdBy: row.created_by, core: this.services(), context: () => this.contextOf(row) };
  }

  private onProgress(live: Live, done: number, total: number, phase?: string): void {
    const now = Date.now();
    const phaseChanged = phase !== undefined && phase !== live.phase;
    if (phaseChanged || live.mark === null) live.mark = { done, at: now };
    live.done = done;
    live.total = total;
    if (phase !== undefined) live.phase = phase;
    if (now - live.lastStore >= STORE_EVERY_MS || phaseChanged) {
      live.lastStore = now;
      if (!this.closed)
        this.db
          .prepare("UPDATE jobs SET progress_done = ?, progress_total = ?, progress_phase = ?, lease_until = ?, updated_at = ? WHERE id = ? AND lease_owner = ?")
          .run(done, total, live.phase, new Date(now + this.leaseMs).toISOString(), this.now(), live.row.id, this.owner);
    }
    if (now - live.lastEmit >= EMIT_EVERY_MS || phaseChanged || done === total) {
      live.lastEmit = now;
      this.publish(live.row.status === 'running' ? live.row : { ...live.row, status: 'running' });
    }
  }

  /** Renews the leases of running jobs and notices a cancel asked by another process. */
  private heartbeat(): void {
    if (this.closed || this.live.size === 0) return;
    const until = new Date(Date.now() + this.leaseMs).toISOString();
    for (const [id, l] of this.live) {
      this.db.prepare('UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?').run(until, id, this.owner);
      const cancel = this.db.prepare('SELECT cancel_requested FROM jobs WHERE id = ?').pluck().get(id) as number | undefined;
      if (cancel === 1 && !l.controller.signal.aborted) l.controller.abort('cancel' satisfies StopReason);
    }
  }

  /** Tells windows (and anyone waiting for the job to end) how the job stands. */
  private publish(row: JobRow): void {
    if (this.closed || !this.core) return;
    this.core.emit('jobs.progress', this.progressOf(row));
    if (row.status === 'completed' || row.status === 'failed' || row.status === 'cancelled') {
      const waiting = this.waiters.get(row.id);
      this.waiters.delete(row.id);
      for (const w of waiting ?? []) w(row);
    }
  }

  private services(): CoreServices {
    if (!this.core) throw new Error('job runner used before openCore attached it');
    return this.core;
  }

  private contextOf(row: JobRow): SignedInContext {
    const core = this.services();
    const u = row.created_by ? findUserById(this.db, row.created_by) : undefined;
    if (!u) throw new AppError('INVALID_STATE', 'Työn pyytänyttä käyttäjää ei ole tällä työasemalla.');
    const user = toUser(u);
    return { ...core, session: { user }, user };
  }

  private now(): string {
    return this.core ? this.core.clock.now().toISOString() : new Date().toISOString();
  }

  // ---- Closing -----------------------------------------------------------------------------------------

  /** Stops at once: running jobs are told to stop and their rows released for the next start. */
  close(): void {
    if (this.closed) return;
    for (const l of this.live.values()) l.controller.abort('shutdown' satisfies StopReason);
    this.release();
    this.closed = true;
    this.stopTimers();
    LIVE_RUNNERS.delete(this.owner);
  }

  /** Lets running jobs reach a safe point (at most `waitMs`), then releases what is left and stops. */
  async shutdown(waitMs = 10_000): Promise<void> {
    if (this.closed) return;
    this.started = false;
    for (const l of this.live.values()) l.controller.abort('shutdown' satisfies StopReason);
    const all = Promise.all([...this.live.values()].map((l) => l.promise.catch(() => undefined)));
    await Promise.race([all, new Promise((r) => setTimeout(r, waitMs).unref())]);
    this.close();
  }

  private release(): void {
    if (this.live.size === 0) return;
    try {
      this.db
        .prepare(
          "UPDATE jobs SET status = 'pending', attempts = max(attempts - 1, 0), lease_owner = NULL, lease_pid = NULL, lease_until = NULL, run_at = ?, updated_at = ? WHERE lease_owner = ? AND status = 'running'",
        )
        .run(new Date().toISOString(), this.now(), this.owner);
    } catch {
      /* the database is already closed: the lease expires and the next start takes the job over */
    }
    this.live.clear();
  }

  private stopTimers(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.pollTimer = null;
    this.heartbeatTimer = null;
  }
}

function backoffMs(kind: JobKind<unknown>, attempt: number): number {
  const b = kind.backoff ?? DEFAULT_BACKOFF;
  const base = Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const ERROR_CODES = new Set(['VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE', 'UNKNOWN_CHANNEL', 'DATABASE', 'INTERNAL']);
function isErrorCode(code: string | null): code is AppError['code'] {
  return code !== null && ERROR_CODES.has(code);
}
