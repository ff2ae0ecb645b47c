// Zod schemas of the values that cross the contract.
import { z } from 'zod';
import { ROLES } from '../roles';
import { isIsoDate } from '../domain/dates';
import { zodMessage } from '../messages';

export const id = z.string().uuid({ message: zodMessage('field.badId') });
/** A calendar date as YYYY-MM-DD on the wire; users type and read it as d.m.yyyy (renderer/src/ui/DateInput.tsx). */
export const isoDate = z.string().refine(isIsoDate, { message: zodMessage('field.date') });
export const role = z.enum(ROLES);
export const language = z.enum(['fi', 'sv']);

import {
  CARE_ALLOWANCE,
  DEADLINE_BASES,
  INTAKE_CHANNELS,
  INTAKE_STATUSES,
  INTAKE_TYPES,
  SERVICES_APPLIED,
} from '../domain/intake';

export * from '../domain/intake';

export const user = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  title: z.string(),
  role,
  language,
  areaIds: z.array(id),
});
export type User = z.infer<typeof user>;

export const area = z.object({ id, nameFi: z.string(), nameSv: z.string() });
export const municipality = z.object({ code: z.string(), nameFi: z.string(), nameSv: z.string(), areaId: id });
export const worker = z.object({ id, displayName: z.string(), role, areaIds: z.array(id), openItems: z.number().int(), clients: z.number().int() });

/** Whether Christmas Eve and Midsummer Eve count as working days for the assessment deadline (SHL 36 §). */
export const deadlineSettingsInput = z.object({ christmasEveWorkingDay: z.boolean(), midsummerEveWorkingDay: z.boolean() }).strict();
export const deadlineSettings = deadlineSettingsInput.extend({ isDefault: z.boolean() });

export const bootstrap = z.object({
  countyNameFi: z.string(),
  countyNameSv: z.string(),
  today: isoDate,
  /** The rule the queue's assessment deadlines are counted by. */
  deadlineRule: deadlineSettings,
  areas: z.array(area),
  municipalities: z.array(municipality),
  workers: z.array(worker),
  database: z.object({ path: z.string(), schemaVersion: z.number().int(), sizeBytes: z.number().int() }),
});
export type Bootstrap = z.infer<typeof bootstrap>;

/**
 * One queue row as a tuple, to keep 150,000 rows small on the wire:
 * [id, receivedAt, type, channel, clientId, clientName, birthDate, municipalityCode, areaId, urgent,
 *  assessmentDue, dueBasis, status, assignedWorkerId, serviceApplied, addressProtected]
 */
export const queueRow = z.tuple([
  id,
  z.string(),
  z.enum(INTAKE_TYPES),
  z.enum(INTAKE_CHANNELS),
  id.nullable(),
  z.string(),
  z.string().nullable(),
  z.string(),
  id,
  z.union([z.literal(0), z.literal(1)]),
  z.string(),
  z.enum(DEADLINE_BASES),
  z.enum(INTAKE_STATUSES),
  id.nullable(),
  z.enum(SERVICES_APPLIED).nullable(),
  z.union([z.literal(0), z.literal(1)]),
]);
export type QueueRow = z.infer<typeof queueRow>;

export const queueCursor = z.object({ due: isoDate, id });
export type QueueCursor = z.infer<typeof queueCursor>;

export const gridState = z.object({
  quickFilter: z.string().max(200).default(''),
  filterModel: z.record(z.string(), z.unknown()).default({}),
  sortModel: z.array(z.object({ colId: z.string(), sort: z.enum(['asc', 'desc']) })).default([]),
  columnState: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type GridState = z.infer<typeof gridState>;

/** The queue view as the window shows it, for the core to write as a file (each row names its item). */
const exportCell = z.union([z.string().max(2000), z.number(), z.null()]);
export const queueExportInput = z
  .object({
    view: z.string().max(200),
    format: z.enum(['csv', 'xlsx']),
    header: z.array(z.string().max(200)).min(1).max(40),
    rows: z.array(z.object({ id, cells: z.array(exportCell).max(40) }).strict()).max(50_000),
  })
  .strict()
  .refine((v) => v.rows.every((r) => r.cells.length === v.header.length), { message: zodMessage('field.invalid'), path: ['rows'] });
export type QueueExportInput = z.output<typeof queueExportInput>;

export const savedView = z.object({ id, name: z.string(), state: gridState, updatedAt: z.string() });
export type SavedView = z.infer<typeof savedView>;

export const address = z.object({ street: z.string(), postalCode: z.string(), postOffice: z.string() });
export type Address = z.infer<typeof address>;

export const contact = z.object({
  id,
  name: z.string(),
  relation: z.string(),
  phone: z.string().nullable(),
  isRepresentative: z.boolean(),
});

export const timelineItem = z.object({
  id,
  receivedAt: z.string(),
  type: z.enum(INTAKE_TYPES),
  channel: z.enum(INTAKE_CHANNELS),
  serviceApplied: z.enum(SERVICES_APPLIED).nullable(),
  urgent: z.boolean(),
  status: z.enum(INTAKE_STATUSES),
  assessmentDue: isoDate,
  dueBasis: z.enum(DEADLINE_BASES),
  reporter: z.string(),
  text: z.string(),
  assignedWorkerName: z.string().nullable(),
});

export const clientCard = z.object({
  id,
  hetuMasked: z.string(),
  lastName: z.string(),
  firstNames: z.string(),
  birthDate: isoDate,
  age: z.number().int(),
  language,
  addressProtected: z.boolean(),
  /** Null when the address is protected and the caller's role may not see it. */
  address: address.nullable(),
  contactAddress: address.extend({ careOf: z.string().nullable() }).nullable(),
  municipalityCode: z.string(),
  areaId: id,
  phone: z.string().nullable(),
  careAllowance: z.enum(CARE_ALLOWANCE),
  spouse: z.object({ id, name: z.string() }).nullable(),
  householdSize: z.number().int(),
  responsibleWorker: z.object({ id, name: z.string() }).nullable(),
  contacts: z.array(contact),
  timeline: z.array(timelineItem),
});
export type ClientCard = z.infer<typeof clientCard>;

export const clientListRow = z.object({
  id,
  hetuMasked: z.string(),
  name: z.string(),
  birthDate: isoDate,
  municipalityCode: z.string(),
  addressProtected: z.boolean(),
  responsibleWorkerName: z.string().nullable(),
  openItems: z.number().int(),
});

export const auditRow = z.object({
  at: z.string(),
  userName: z.string(),
  action: z.string(),
  details: z.string().nullable(),
});

/** Sign-in security of the workstation (Asetukset › Tietoturva, the administrator's). */
export const securitySettingsInput = z
  .object({
    idleMinutes: z.number().int(zodMessage('security.idleRange')).min(1, zodMessage('security.idleRange')).max(480, zodMessage('security.idleRange')),
    lockoutMinutes: z.number().int(zodMessage('security.lockoutRange')).min(0, zodMessage('security.lockoutRange')).max(1440, zodMessage('security.lockoutRange')),
  })
  .strict();
export const signInLock = z.object({
  username: z.string(),
  /** The user's name when the user name belongs to a user of this workstation. */
  displayName: z.string().nullable(),
  failures: z.number().int(),
  lastFailureAt: z.string(),
  lockedAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
});
export const securityView = securitySettingsInput.extend({ locks: z.array(signInLock) });
export type SecurityView = z.infer<typeof securityView>;
