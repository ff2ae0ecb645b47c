// Zod schemas of durable jobs (letter batches, invoice runs, a first sync copy, …) as windows see them.
import { z } from 'zod';
import { ROLES } from '../roles';
import { id } from './schemas';

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const count = z.number().int().nonnegative();

/** A job's state, small enough for an event: no payload, no error text, no result (those come with jobs.get). */
export const jobProgress = z.object({
  id,
  kind: z.string(),
  /** What the job works on, e.g. 'send_batch:<id>' or 'invoice_run:<id>'. */
  subject: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  attempts: count,
  maxAttempts: count,
  /** A pending job's next try (a retry after a pause); null when it waits to be woken or is not pending. */
  nextRunAt: z.string().nullable(),
  done: count.nullable(),
  total: count.nullable(),
  /** The step of the job's own work, e.g. 'letters', 'package', 'invoices', 'material'. */
  phase: z.string().nullable(),
  secondsLeft: count.nullable(),
  cancelRequested: z.boolean(),
  hasError: z.boolean(),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const jobDto = jobProgress.extend({
  /** The last failure in words (kept while a retry waits; cleared when the job succeeds). */
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  /** What the job made (JSON), once completed. */
  result: z.unknown().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** May the caller cancel or retry it now. */
  canCancel: z.boolean(),
  canRetry: z.boolean(),
});
export type JobDto = z.infer<typeof jobDto>;

/** A kind of job as the background jobs view shows it: who may see and steer its jobs. */
export const jobKindDto = z.object({ kind: z.string(), roles: z.array(z.enum(ROLES)), cancellable: z.boolean() });
export type JobKindDto = z.infer<typeof jobKindDto>;

export const jobListInput = z
  .object({
    /** Only jobs still to finish (pending or running). */
    active: z.boolean().optional(),
    kinds: z.array(z.string().max(60)).max(20).optional(),
    subject: z.string().max(200).optional(),
  })
  .strict();
