// The durable job runner on a real SQLite file: a job planned in the caller's transaction (and gone with it when
// that rolls back), its id at once, progress events by id, transient failures retried after a growing pause, a
// permanent failure shown and retried by a user, cancel of a waiting and of a running job, a job waiting until
// woken, a shutdown that releases a running job and a restart that resumes it, a row left running by a dead
// process taken over at start-up (and not one whose process lives), and the channels' role filter.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { defineJobKind, JOB_STOPPED, JobDeferredError, TransientJobError } from '../../electron/core/jobs/kind';
import type { JobProgress } from '../../shared/contract/job-schemas';
import { AppError } from '../../shared/contract/errors';
import { connect, seededCore, tempDir, TODAY } from '../support/core';

/** What the test kinds did, per job id. */
const log = new Map<string, string[]>();
const note = (id: string, what: string) => log.set(id, [...(log.get(id) ?? []), what]);
const gates = new Map<string, () => void>();
const gate = (id: string) => new Promise<void>((r) => gates.set(id, r));
const open = (id: string) => {
  gates.get(id)?.();
  gates.delete(id);
};
const waitUntil = async (cond: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

type Payload = { steps: number; failTimes?: number; permanent?: boolean; waitAt?: number; defer?: boolean };

/** Counts to `steps`, storing each step in a table of its own (so a resumed job carries on), with faults on request. */
const counter = defineJobKind<Payload>({
  kind: 'test.counter',
  roles: ['billing', 'admin'],
  maxAttempts: 3,
  backoff: { baseMs: 50, maxMs: 200 },
  async run(job) {
    const db = job.core.db;
    note(job.id, `try ${job.attempt}`);
    if (job.payload.defer && !db.prepare("SELECT 1 FROM settings WHERE key = 'test.ready'").get()) throw new JobDeferredError('Odottaa valmista.');
    if (job.payload.permanent) throw new AppError('VALIDATION', 'Päätöksellä 12/2026 ei ole osoitetta.');
    // The service is down for the first `failTimes` tries of the job, whoever counts them.
    if (log.get(job.id)!.filter((l) => l.startsWith('try')).length <= (job.payload.failTimes ?? 0)) throw new TransientJobError('Palvelu ei vastannut.');
    db.exec('CREATE TABLE IF NOT EXISTS test_steps (job TEXT, step INTEGER, PRIMARY KEY (job, step))');
    for (;;) {
      const done = db.prepare('SELECT count(*) FROM test_steps WHERE job = ?').pluck().get(job.id) as number;
      job.progress(done, job.payload.steps, 'count');
      if (done >= job.payload.steps) break;
      if (job.signal.aborted) return JOB_STOPPED;
      if (job.payload.waitAt === done) await gate(job.id);
      db.prepare('INSERT INTO test_steps (job, step) VALUES (?, ?)').run(job.id, done + 1);
      await new Promise((r) => setImmediate(r));
    }
    return { counted: job.payload.steps };
  },
  onCancelled(job) {
    note(job.id, 'cancelled hook');
  },
  onFailed(job, failure) {
    note(job.id, `failed hook: ${failure.code}`);
  },
});

let core: Core;
let dbPath: string;
const events: JobProgress[] = [];

beforeAll(() => {
  const dir = tempDir('luotsi-jobs-');
  seededCore({ clients: 60, intakeItems: 120, dir }).close();
  dbPath = path.join(dir, 'luotsi.sqlite');
  core = openCore({ dbPath, clock: fixedDateClock(TODAY), jobKinds: [counter as never] });
  core.onEvent((e, p) => e === 'jobs.progress' && events.push(p as JobProgress));
});
afterAll(() => core.close());

const row = (id: string) => core.jobs.row(id);
const billingUser = () => core.db.prepare("SELECT id FROM users WHERE role = 'billing' ORDER BY username LIMIT 1").pluck().get() as string;

describe('planning', () => {
  it('a job exists only when the transaction that asks for it commits, and its id is known at once', async () => {
    let lost = '';
    expect(() =>
      core.db.transaction(() => {
        lost = core.jobs.enqueue(counter, { steps: 2 }, { createdBy: billingUser() });
        throw new Error('the change fails');
      })(),
    ).toThrow('the change fails');
    expect(core.jobs.find(lost)).toBeUndefined();

    const id = core.db.transaction(() => core.jobs.enqueue(counter, { steps: 5 }, { createdBy: billingUser(), subject: 'thing:1' }))();
    expect(row(id).status).toBe('pending');
    // The same kind and subject while active is the same job, not a second one.
    expect(core.jobs.enqueue(counter, { steps: 5 }, { subject: 'thing:1' })).toBe(id);
    const done = await core.jobs.waitFor(id);
    expect(done.status).toBe('completed');
    expect(JSON.parse(done.result!)).toEqual({ counted: 5 });
    const mine = events.filter((e) => e.id === id);
    expect(mine.map((e) => e.status)).toContain('running');
    expect(mine.at(-1)).toMatchObject({ status: 'completed', done: 5, total: 5, phase: 'count', subject: 'thing:1' });
    // Another job of the same subject may start once the first has ended.
    expect(core.jobs.enqueue(counter, { steps: 1 }, { subject: 'thing:1' })).not.toBe(id);
  });
});

describe('failures', () => {
  it('a transient failure is retried after a growing pause and then completes', async () => {
    const id = core.jobs.enqueue(counter, { steps: 2, failTimes: 2 });
    await waitUntil(() => row(id).status === 'pending' && row(id).attempts === 1);
    const first = row(id);
    expect(first.error).toBe('Palvelu ei vastannut.');
    expect(Date.parse(first.run_at!)).toBeGreaterThan(Date.now() - 20);
    const done = await core.jobs.waitFor(id);
    expect(done).toMatchObject({ status: 'completed', attempts: 3, error: null });
    expect(log.get(id)).toEqual(['try 1', 'try 2', 'try 3']);
  });

  it('too many transient failures fail the job for good; a user’s retry starts the count again', async () => {
    const id = core.jobs.enqueue(counter, { steps: 1, failTimes: 3 });
    const failed = await core.jobs.waitFor(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: 'Palvelu ei vastannut.' });
    expect(log.get(id)).toContain('failed hook: TRANSIENT');
    core.jobs.retry(id);
    await waitUntil(() => row(id).status === 'completed');
    expect(log.get(id)!.filter((l) => l.startsWith('try'))).toEqual(['try 1', 'try 2', 'try 3', 'try 1']);
  });

  it('a permanent failure is not retried and says what went wrong', async () => {
    const id = core.jobs.enqueue(counter, { steps: 1, permanent: true });
    const failed = await core.jobs.waitFor(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error_code: 'VALIDATION', error: 'Päätöksellä 12/2026 ei ole osoitetta.' });
  });

  it('a job that cannot run yet waits without using its tries until it is woken', async () => {
    const id = core.jobs.enqueue(counter, { steps: 1, defer: true });
    await waitUntil(() => row(id).error_code === 'DEFERRED');
    expect(row(id)).toMatchObject({ status: 'pending', run_at: null, attempts: 0 });
    core.db.prepare("INSERT INTO settings (key, value) VALUES ('test.ready', '1')").run();
    core.jobs.wakeJob(id);
    expect((await core.jobs.waitFor(id)).status).toBe('completed');
  });
});

describe('cancel', () => {
  it('a waiting job is cancelled at once, a running one at its next safe point', async () => {
    const waiting = core.jobs.enqueue(counter, { steps: 1 }, { runAt: new Date(Date.now() + 60_000) });
    expect(core.jobs.cancel(waiting).status).toBe('cancelled');
    expect(log.get(waiting)).toEqual(['cancelled hook']);

    const running = core.jobs.enqueue(counter, { steps: 10, waitAt: 3 });
    await waitUntil(() => gates.has(running));
    expect(core.jobs.cancel(running).status).toBe('running'); // asked; the work stops at its next check
    open(running);
    const ended = await core.jobs.waitFor(running);
    expect(ended.status).toBe('cancelled');
    expect(core.db.prepare('SELECT count(*) FROM test_steps WHERE job = ?').pluck().get(running)).toBe(4);
    expect(() => core.jobs.cancel(running)).toThrow(/jo peruttu/);
  });
});

describe('shutdown, crash and restart', () => {
  it('a shutdown releases a running job without using a try; the next start resumes it where it stopped', async () => {
    const dir = tempDir('luotsi-jobs-restart-');
    const file = path.join(dir, 'db.sqlite');
    const fs = await import('node:fs');
    fs.copyFileSync(dbPath, file);
    const a = openCore({ dbPath: file, clock: fixedDateClock(TODAY), jobKinds: [counter as never] });
    const id = a.jobs.enqueue(counter, { steps: 6, waitAt: 2 });
    await waitUntil(() => gates.has(id));
    const closing = a.shutdown();
    open(id);
    await closing;
    const b = openCore({ dbPath: file, clock: fixedDateClock(TODAY), jobKinds: [counter as never] });
    try {
      expect(['pending', 'running']).toContain(b.jobs.row(id).status);
      const done = await b.jobs.waitFor(id);
      expect(done).toMatchObject({ status: 'completed', attempts: 1 });
      expect(b.db.prepare('SELECT count(*) FROM test_steps WHERE job = ?').pluck().get(id)).toBe(6);
    } finally {
      b.close();
    }
  });

  it('a job left running by a process that died is taken over at start-up; one whose process lives is left alone', async () => {
    const dir = tempDir('luotsi-jobs-crash-');
    const file = path.join(dir, 'db.sqlite');
    const fs = await import('node:fs');
    fs.copyFileSync(dbPath, file);
    const a = openCore({ dbPath: file, clock: fixedDateClock(TODAY), jobKinds: [counter as never], runJobs: false });
    const dead = a.jobs.enqueue(counter, { steps: 3 });
    const alive = a.jobs.enqueue(counter, { steps: 3 });
    // A process that has exited (its pid is free) held the first; this test's parent process holds the second.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    const lease = a.db.prepare("UPDATE jobs SET status = 'running', attempts = 1, lease_owner = 'other', lease_pid = ?, lease_until = ? WHERE id = ?");
    lease.run(deadPid, new Date(Date.now() + 60_000).toISOString(), dead);
    lease.run(process.ppid, new Date(Date.now() + 60_000).toISOString(), alive);
    a.close();
    const b = openCore({ dbPath: file, clock: fixedDateClock(TODAY), jobKinds: [counter as never] });
    try {
      expect((await b.jobs.waitFor(dead)).status).toBe('completed');
      expect(b.jobs.row(dead).attempts).toBe(2);
      expect(b.jobs.row(alive)).toMatchObject({ status: 'running', lease_owner: 'other' });
      await expect(b.jobs.complete(alive)).rejects.toThrow(/käynnissä/);
      // Once its lease runs out without renewal, the job is free to take.
      b.db.prepare('UPDATE jobs SET lease_until = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), alive);
      expect((await b.jobs.complete(alive)).status).toBe('completed');
    } finally {
      b.close();
    }
  });

  it('a job that keeps dying with its process stops after its tries and waits for a user', async () => {
    const a = openCore({ dbPath, clock: fixedDateClock(TODAY), jobKinds: [counter as never], runJobs: false });
    const deadPid = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    const id = a.jobs.enqueue(counter, { steps: 1 });
    a.db.prepare("UPDATE jobs SET status = 'running', attempts = 3, lease_owner = 'other', lease_pid = ?, lease_until = ? WHERE id = ?").run(deadPid, new Date().toISOString(), id);
    a.close();
    core.jobs.wake();
    const failed = await core.jobs.waitFor(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/keskeytyi 3 kertaa/);
  });
});

describe('channels', () => {
  it('a job is seen and steered only by the roles of its kind, and steering is audited', async () => {
    const billing = connect(core);
    await billing.signIn('laskutus');
    const secretary = connect(core);
    await secretary.signIn('sihteeri');
    const id = core.jobs.enqueue(counter, { steps: 1 }, { runAt: new Date(Date.now() + 60_000), createdBy: billingUser() });
    const seen = await billing.ok('jobs.get', { jobId: id });
    expect(seen).toMatchObject({ id, status: 'pending', canCancel: true, canRetry: true });
    expect((await billing.ok('jobs.list', { active: true })).map((j) => j.id)).toContain(id);
    expect(await secretary.call('jobs.get', { jobId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await secretary.ok('jobs.list', {})).map((j) => j.id)).not.toContain(id);
    expect(await secretary.call('jobs.cancel', { jobId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(row(id).status).toBe('pending');
    const retried = await billing.ok('jobs.retry', { jobId: id });
    expect(retried.status === 'pending' || retried.status === 'running' || retried.status === 'completed').toBe(true);
    await core.jobs.waitFor(id);
    expect(await billing.call('jobs.cancel', { jobId: id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const audit = core.db.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY at").pluck().all(id);
    expect(audit).toEqual(['jobs.retry']);
  });
});
