// Zod schemas of arranging granted services: the actual start and end of each granted decision line.
import { z } from 'zod';
import { ARRANGEMENT_STATES, END_REASONS, NOT_STARTED_REASONS, RECORDED_SOURCES, START_SOURCES } from '../domain/arrangement';
import { DECISION_OUTCOMES } from '../domain/decisions';
import { id, isoDate } from './schemas';

const note = z.string().trim().max(1000, 'Huomautus on liian pitkä (enintään 1 000 merkkiä).').default('');
const version = z.number().int();

export const arrangementLine = z.object({
  lineId: id,
  decisionId: id,
  decisionNumber: z.string(),
  clientId: id,
  clientName: z.string(),
  areaId: id,
  addressProtected: z.boolean(),
  outcome: z.enum(DECISION_OUTCOMES),
  serviceCode: z.string(),
  serviceNameFi: z.string(),
  serviceNameSv: z.string(),
  amount: z.number().nullable(),
  plannedStart: isoDate,
  plannedEnd: isoDate.nullable(),
  appliedOn: isoDate.nullable(),
  decidedOn: isoDate,
  arrangeBy: isoDate.nullable(),
  state: z.enum(ARRANGEMENT_STATES),
  startedOn: isoDate.nullable(),
  startSource: z.enum(START_SOURCES).nullable(),
  startNoticeOn: isoDate.nullable(),
  endedOn: isoDate.nullable(),
  endReason: z.enum(END_REASONS).nullable(),
  notStartedOn: isoDate.nullable(),
  notStartedReason: z.enum(NOT_STARTED_REASONS).nullable(),
  note: z.string(),
  version: z.number().int(),
  /** The client's responsible worker (omatyöntekijä), else whoever drafted the decision. */
  responsibleWorkerId: id.nullable(),
  responsibleWorkerName: z.string().nullable(),
  responsibleIsDrafter: z.boolean(),
  intakeItemId: id.nullable(),
  /** Days past the arrange-by date without a start (overdue lines), else null. */
  daysLate: z.number().int().nullable(),
  /** Days from pending (application) to the start, or to today while waiting; null without a pending date. */
  waitingDays: z.number().int().nullable(),
});
export type ArrangementLineDto = z.infer<typeof arrangementLine>;

export const recordStartInput = z
  .object({
    lineId: id,
    startedOn: isoDate,
    source: z.enum(RECORDED_SOURCES),
    noticeOn: isoDate.nullable().default(null),
    note,
    version,
  })
  .strict();

export const recordEndInput = z
  .object({
    lineId: id,
    endedOn: isoDate,
    reason: z.enum(END_REASONS),
    source: z.enum(RECORDED_SOURCES),
    note,
    version,
  })
  .strict();

export const recordNotStartedInput = z
  .object({
    lineId: id,
    on: isoDate,
    reason: z.enum(NOT_STARTED_REASONS),
    note,
    version,
  })
  .strict();

export const undoInput = z.object({ lineId: id, what: z.enum(['start', 'end', 'notStarted']), version: z.number().int() }).strict();

export const awaitingInput = z
  .object({
    areaId: id.nullable().default(null),
    workerId: id.nullable().default(null),
    overdueOnly: z.boolean().default(false),
  })
  .strict();

export const awaitingList = z.object({
  lines: z.array(arrangementLine),
  overdue: z.number().int(),
  awaiting: z.number().int(),
});
