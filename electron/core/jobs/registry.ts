// Every kind of durable job the core knows, listed once (like the migrations): a job row of a kind not listed
// here is left alone. Add a new kind to this list.
import type { JobKind } from './kind';
import { suomifiEvents, suomifiSend } from '../suomifi/jobs';

export const JOB_KINDS: readonly JobKind<never>[] = [suomifiEvents, suomifiSend];
