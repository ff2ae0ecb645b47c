// The job runner on the real clock: no "today" is injected here, so the backoff of a transient failure and a
// restart's resume run on the day and time the test runs (the rest of the suite pins its day or sweeps many):
// a retry waits in real time, a job's dates are today's, a job stopped by a shutdown resumes after a restart.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { defineJobKind, JOB_STOPPED, TransientJobError } from '../../electron/core/jobs/kind';
import { helsinkiDate } from '../../shared/domain/dates';
import { count, tempDir } from '../support/core';

const tries = new Map<string, number>();

/** Counts to `steps` in a table of its own (a resumed job carries on); the first try fails as a service would. */
const flaky = defineJobKind<{ steps: number; failFirst: boolean }>({
  kind: 'test.realClock',
  roles: ['admin'],
  maxAttempts: 3,
  backoff: { baseMs: 400, maxMs: 400 },
  async run(job) {
    const n = (tries.get(job.id) ?? 0) + 1;
    tries.set(job.id, n);
    if (job.payload.failFirst && n === 1) throw new TransientJobError('Palvelu ei vastannut.');
    const db = job.core.db;
    db.exec('CREATE TABLE IF NOT EXISTS test_real_steps (job TEXT, step INTEGER, PRIMARY KEY (job, step))');
    for (;;) {
      const done = db.prepare('SELECT count(*) FROM test_real_steps WHERE job = ?').pluck().get(job.id) as number;
      job.progress(done, job.payload.steps, 'count');
      if (done >= job.payload.steps) return { counted: done };
      if (job.signal.aborted) return JOB_STOPPED;
      db.prepare('INSERT INTO test_real_steps (job, step) VALUES (?, ?)').run(job.id, done + 1);
      await new Promise((r) => setTimeout(r, 2));
    }
  },
});

let dir: string;
let core: Core;
const today = () => systemClock.today();
const open = () => openCore({ dbPath: path.join(dir, 'luotsi.sqlite'), clock: systemClock, jobKinds: [flaky as never] });

beforeAll(() => {
  dir = tempDir('luotsi-jobs-real-');
  core = open();
});
afterAll(() => core.close());

describe('the job runner on the real clock', () => {
  it('a transient failure waits in real time before its retry; a job stopped by a shutdown resumes after a restart', { timeout: 120_000 }, async () => {
    const before = Date.now();
    const id = core.db.transaction(() => core.jobs.enqueue(flaky, { steps: 5, failFirst: true }, { subject: 'real:retry' }))();
    const done = await core.jobs.waitFor(id);
    expect(done.status).toBe('completed');
    expect(done.attempts).toBe(2);
    // The backoff is 400 ms ±20 %: the second try cannot have started sooner than that after the first failed.
    expect(Date.parse(done.finished_at!) - before).toBeGreaterThanOrEqual(300);
    expect(helsinkiDate(new Date(done.created_at))).toBe(today());

    const long = core.db.transaction(() => core.jobs.enqueue(flaky, { steps: 400, failFirst: false }, { subject: 'real:restart' }))();
    const steps = () => count(core, 'SELECT count(*) FROM test_real_steps WHERE job = ?', long);
    while (core.jobs.find(long)?.status !== 'running' || steps() < 5) await new Promise((r) => setTimeout(r, 10));
    await core.shutdown();
    const atShutdown = new Database(path.join(dir, 'luotsi.sqlite'), { readonly: true });
    const stopped = atShutdown.prepare('SELECT (SELECT count(*) FROM test_real_steps WHERE job = ?) AS n, (SELECT status FROM jobs WHERE id = ?) AS status').get(long, long);
    atShutdown.close();
    expect(stopped).toMatchObject({ n: expect.any(Number), status: 'pending' });
    expect((stopped as { n: number }).n).toBeLessThan(400);
    core = open();
    const resumed = await core.jobs.waitFor(long);
    expect(resumed.status).toBe('completed');
    expect(JSON.parse(resumed.result!)).toEqual({ counted: 400 });
    expect(count(core, 'SELECT count(*) FROM test_real_steps WHERE job = ?', long)).toBe(400);
  });
});
