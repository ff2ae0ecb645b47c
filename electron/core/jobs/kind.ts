// What a kind of durable job is: its name, who may see and steer it, how often and how soon it is retried, and
// the work itself. Kinds are listed once in ./registry.ts; a job of a kind is planned with `jobs.enqueue(...)`
// inside the transaction of the change that asks for it.
import type { Role } from '../../../shared/roles';
import type { CoreServices, SignedInContext } from '../context';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue | undefined };

/** Returned by a job's work when it stopped early because its signal was aborted (cancel or shutdown). */
export const JOB_STOPPED: unique symbol = Symbol('job stopped');

/** The job as its work sees it while it runs. */
export interface RunningJob<P> {
  readonly id: string;
  readonly payload: P;
  /** 1 on the first try, 2 on the second… (a resume after a crash is a try too). */
  readonly attempt: number;
  readonly createdBy: string | null;
  readonly core: CoreServices;
  /**
   * Aborted when the job is cancelled or the core shuts down. Stop at the next point where everything done so
   * far is stored, and return JOB_STOPPED; the runner then cancels the job or leaves it to resume.
   */
  readonly signal: AbortSignal;
  /** Work done of all in the current phase; stored now and then and sent to windows as 'jobs.progress'. */
  progress(done: number, total: number, phase?: string): void;
  /** The user who asked for the job as a signed-in context (audit rows in their name); refused without one. */
  context(): SignedInContext;
}

/** The job as its hooks see it after it ended. */
export interface EndedJob<P> {
  readonly id: string;
  readonly payload: P;
  readonly createdBy: string | null;
  readonly core: CoreServices;
  context(): SignedInContext;
}

export interface JobKind<P = unknown> {
  /** Unique name, `<domain>.<what>`, e.g. 'letters.batch'. */
  readonly kind: string;
  /** Roles that may see the job and cancel or retry it (the handler of the domain may check more). */
  readonly roles: readonly Role[];
  /** Tries before a transient failure becomes permanent (default 5). A user's retry starts the count again. */
  readonly maxAttempts?: number;
  /** Pause before a retry: baseMs × 2^(attempt−1), at most maxMs, ±20 % jitter (default 2 s … 5 min). */
  readonly backoff?: { baseMs: number; maxMs: number };
  /** Jobs of this kind running at once in one process (default 1). */
  readonly concurrency?: number;
  /** May a user cancel it (default true). */
  readonly cancellable?: boolean;
  /**
   * The work. It must be resumable: after a crash, a shutdown or a retry it runs again from the start with the
   * same payload, and must then carry on from what it stored (never redo or double what is done). Throw
   * TransientJobError (or a network/busy error) to be retried later, JobDeferredError to wait until woken,
   * anything else to fail for good. The returned value (JSON) is stored as the job's result.
   */
  run(job: RunningJob<P>): Promise<JsonValue | void | typeof JOB_STOPPED>;
  /** Puts domain state right when the job is cancelled; runs in the transaction that cancels the job. */
  onCancelled?(job: EndedJob<P>): void;
  /** Records a permanent failure in domain state; runs in the transaction that fails the job. */
  onFailed?(job: EndedJob<P>, failure: { code: string; message: string }): void;
  /** A failure in words for the user when it is not an AppError (default: "Odottamaton virhe: …"). */
  describeError?(e: unknown): string | null;
}

export function defineJobKind<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}

/** A failure worth retrying after a pause: the service was busy or unreachable, a rate limit answered. */
export class TransientJobError extends Error {
  constructor(
    message: string,
    readonly opts: { retryAfterMs?: number; code?: string } = {},
  ) {
    super(message);
    this.name = 'TransientJobError';
  }
}

/**
 * The job cannot run yet and waits, without using a try, until something wakes it (`jobs.wake(id)` or
 * `jobs.enqueue` of the same kind and subject): e.g. a first sync copy waiting for its user to sign in.
 */
export class JobDeferredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobDeferredError';
  }
}

const TRANSIENT_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  // PostgreSQL: connection failures, server shutting down, too many connections, serialization and deadlock.
  '08000',
  '08001',
  '08003',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
]);

export function isTransient(e: unknown): boolean {
  if (e instanceof TransientJobError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  // node-postgres reports a dropped connection without a code.
  return e instanceof Error && /Connection terminated|timeout expired|socket hang up/i.test(e.message);
}
