// The first sync copy of a user on a workstation as a durable job ('sync.firstCopy', one per central role):
// planned in a transaction with the user's pull cursor, its progress by job id, cancellable, and resumable.
// The copy stores every page of rows with the position reached (session.ts initialSync), so a copy killed or
// stopped anywhere continues from there, and rows are written by their keys: nothing is lost or doubled. The
// password lives in memory only (SyncManager): a job left by a crash waits (deferred) until its user signs in
// again, which wakes it. Both ways to a first copy run it: a new workstation's first sign-in and the sync
// loop of a user who has no copy here yet (a second user of the workstation), and the command line's `sync`.
import { ROLES } from '../../../shared/roles';
import { defineJobKind, JobDeferredError, JOB_STOPPED } from '../jobs/kind';
import { describeConnectionError } from './session';

export interface FirstCopyPayload {
  /** The central role (the user name) whose copy this is. */
  role: string;
}

export const FIRST_COPY_KIND = 'sync.firstCopy';

/** One job per user and workstation: planned twice, it is the same job. */
export const firstCopySubject = (role: string) => `${FIRST_COPY_KIND}:${role}`;

export const syncFirstCopy = defineJobKind<FirstCopyPayload>({
  kind: FIRST_COPY_KIND,
  roles: ROLES,
  maxAttempts: 5,
  backoff: { baseMs: 2_000, maxMs: 30_000 },
  async run(job) {
    const r = await job.core.sync.runFirstCopy(job.payload.role, {
      signal: job.signal,
      onProgress: (p) => job.progress(p.done, p.total, 'initial'),
    });
    if (r === 'stopped') return JOB_STOPPED;
    if (r === 'signedOut') throw new JobDeferredError('Ensimmäinen kopio odottaa, että käyttäjä kirjautuu sisään.');
    return { rows: r.rows, resumed: r.resumed };
  },
  describeError(e) {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === 'string' || (e instanceof Error && /connect|terminated|timeout/i.test(e.message)) ? describeConnectionError(e) : null;
  },
});
