// Zod schemas of the sync with the central database: the indicator's status, the central connection
// settings, conflicts waiting for a user and changes the central database refused.
import { z } from 'zod';
import { zodMessage } from '../messages';

export const syncProgress = z.object({ phase: z.enum(['initial', 'push', 'pull']), done: z.number().int(), total: z.number().int() });

export const syncStatus = z.object({
  state: z.enum(['off', 'connecting', 'online', 'offline']),
  configured: z.boolean(),
  user: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  pending: z.number().int(),
  conflicts: z.number().int(),
  rejected: z.number().int(),
  error: z.string().nullable(),
  progress: syncProgress.nullable(),
});
export type SyncStatusDto = z.infer<typeof syncStatus>;

export const centralSettings = z
  .object({
    url: z.string().trim().max(500).nullable(),
    tls: z.enum(['verify-full', 'disable']),
    ca: z.string().max(50_000, zodMessage('sync.caTooLong')).nullable(),
  })
  .strict();

export const centralSettingsView = centralSettings.extend({
  caSubject: z.string().nullable(),
  caValidTo: z.string().nullable(),
  deviceId: z.string(),
});

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const syncConflict = z.object({
  id: z.string(),
  entity: z.string(),
  rowKey: z.string(),
  /** Whose row it is, in words (the client's name, or the record's own name). */
  subject: z.string().nullable(),
  createdAt: z.string(),
  frozen: z.boolean(),
  mineDeleted: z.boolean(),
  theirsDeleted: z.boolean(),
  /** `hidden`: a field the caller's role may not see (a protected register address): shown as such, never writable from mine. */
  fields: z.array(z.object({ field: z.string(), mine: fieldValue, theirs: fieldValue, mineText: z.string(), theirsText: z.string(), hidden: z.boolean() })),
});
export type SyncConflictDto = z.infer<typeof syncConflict>;

export const syncReject = z.object({
  id: z.number().int(),
  at: z.string(),
  entity: z.string(),
  rowKey: z.string(),
  subject: z.string().nullable(),
  reason: z.string(),
});
export type SyncRejectDto = z.infer<typeof syncReject>;

export const resolveInput = z
  .object({
    id: z.string().min(1),
    choice: z.enum(['mine', 'theirs', 'merge']),
    pick: z.record(z.string(), z.enum(['mine', 'theirs'])).default({}),
  })
  .strict();

/**
 * What a sync round changed on this workstation, for open windows to refresh: the tables touched, the intake
 * items and the clients whose records changed (null: too many to list, reload the whole view).
 */
export interface DataChanges {
  entities: string[];
  itemIds: string[] | null;
  clientIds: string[] | null;
}
