// Handlers of the jobs channels: a window follows a job by id, lists the jobs it may see, cancels or retries
// one. Each kind's roles decide who may see and steer its jobs; a job of another kind is "not found".
import type { z } from 'zod';
import { AppError, notFound } from '../../../shared/contract/errors';
import type { jobListInput, JobDto, JobKindDto } from '../../../shared/contract/job-schemas';
import type { SignedInContext } from '../context';
import type { JobRow } from './runner';

function visible(ctx: SignedInContext, jobId: string): JobRow {
  const row = ctx.jobs.find(jobId);
  if (!row || !ctx.jobs.mayAccess(row, ctx.user.role)) throw notFound('Työtä');
  return row;
}

export function getJob(ctx: SignedInContext, input: { jobId: string }): JobDto {
  return ctx.jobs.dto(visible(ctx, input.jobId), ctx.user.role);
}

export function listJobs(ctx: SignedInContext, input: z.infer<typeof jobListInput>): JobDto[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.active) where.push("status IN ('pending','running')");
  if (input.kinds?.length) {
    where.push(`kind IN (${input.kinds.map(() => '?').join(',')})`);
    params.push(...input.kinds);
  }
  if (input.subject !== undefined) {
    where.push('subject = ?');
    params.push(input.subject);
  }
  const rows = ctx.db.prepare(`SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT 200`).all(...params) as JobRow[];
  return rows.filter((r) => ctx.jobs.mayAccess(r, ctx.user.role)).map((r) => ctx.jobs.dto(r, ctx.user.role));
}

/** The kinds of job the user may see, with the roles each allows (the administrator's background jobs view). */
export function listKinds(ctx: SignedInContext): JobKindDto[] {
  return ctx.jobs
    .kindList()
    .filter((k) => k.roles.includes(ctx.user.role))
    .map((k) => ({ kind: k.kind, roles: [...k.roles], cancellable: k.cancellable !== false }));
}

export function cancelJob(ctx: SignedInContext, input: { jobId: string }): JobDto {
  const row = visible(ctx, input.jobId);
  if (ctx.jobs.kindOf(row.kind).cancellable === false) throw new AppError('INVALID_STATE', 'Tätä työtä ei voi perua.');
  const after = ctx.db.transaction(() => {
    ctx.audit.write({ userId: ctx.user.id, action: 'jobs.cancel', entityType: 'job', entityId: row.id, details: { kind: row.kind, subject: row.subject } });
    return ctx.jobs.cancel(row.id);
  })();
  return ctx.jobs.dto(after, ctx.user.role);
}

export function retryJob(ctx: SignedInContext, input: { jobId: string }): JobDto {
  const row = visible(ctx, input.jobId);
  const after = ctx.db.transaction(() => {
    ctx.audit.write({ userId: ctx.user.id, action: 'jobs.retry', entityType: 'job', entityId: row.id, details: { kind: row.kind, subject: row.subject } });
    return ctx.jobs.retry(row.id);
  })();
  return ctx.jobs.dto(after, ctx.user.role);
}
