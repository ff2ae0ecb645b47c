// Every kind of durable job the core knows, listed once (like the migrations): a job row of a kind not listed
// here is left alone. Add a new kind to this list.
import type { JobKind } from './kind';
import { lettersBatch } from '../letters/batch';
import { suomifiEvents, suomifiSend } from '../suomifi/jobs';
import { syncFirstCopy } from '../sync/first-copy';
import { invoiceMaterialJob, invoiceRunJob } from '../invoicing/jobs';
import { feesMass } from '../fees/mass';

export const JOB_KINDS: readonly JobKind<never>[] = [lettersBatch, suomifiEvents, suomifiSend, syncFirstCopy, invoiceRunJob, invoiceMaterialJob, feesMass];
