// Zod schemas of the reports: the dashboard for a period and a scope, the case list behind each figure, files.
import { z } from 'zod';
import { AGE_BUCKETS, GRANULARITIES, TIMELINESS } from '../domain/reports';
import { DECISION_OUTCOMES } from '../domain/decisions';
import { INTAKE_CHANNELS, INTAKE_TYPES } from '../domain/intake';
import { SERVICE_LEVELS } from '../domain/rai';
import { id, isoDate } from './schemas';
import { zodMessage } from '../messages';

export const SCOPE_LEVELS = ['county', 'area', 'worker'] as const;

export const reportScope = z
  .object({
    level: z.enum(SCOPE_LEVELS),
    areaId: id.nullable().default(null),
    workerId: id.nullable().default(null),
  })
  .strict();
export type ReportScopeInput = z.infer<typeof reportScope>;

export const dashboardInput = z
  .object({
    from: isoDate,
    to: isoDate,
    scope: reportScope,
    granularity: z.enum(GRANULARITIES).nullable().default(null),
  })
  .strict();
export type DashboardInput = z.infer<typeof dashboardInput>;

const n = z.number().int();
const days = z.number().nullable();
export const waitStats = z.object({ count: n, mean: days, median: days, p90: days, min: days, max: days });

export const bucket = z.object({ key: z.string(), from: isoDate, to: isoDate });

export const SERVICE_LEVEL_SHIFTS = ['lighter', 'same', 'heavier'] as const;
export const REASSESSMENT_STATES = ['done', 'overdue', 'upcoming', 'overdue_before'] as const;

export const dashboard = z.object({
  period: z.object({ from: isoDate, to: isoDate, requestedTo: isoDate, today: isoDate, granularity: z.enum(GRANULARITIES), buckets: z.array(bucket) }),
  scope: z.object({ level: z.enum(SCOPE_LEVELS), areaIds: z.array(id), workerId: id.nullable(), wholeCounty: z.boolean() }),
  kpis: z.object({
    intake: n,
    openAtEnd: n,
    assessmentsOnTime: n,
    assessmentsTimed: n,
    decisions: n,
    servicesStarted: n,
    startedWithinLimit: n,
    waitingAtEnd: n,
    waitingOverdueAtEnd: n,
    overdueNow: n,
  }),
  intake: z.object({
    byBucket: z.array(z.object({ bucket: z.string(), counts: z.record(z.enum(INTAKE_TYPES), n) })),
    byTypeChannel: z.array(z.object({ type: z.enum(INTAKE_TYPES), channel: z.enum(INTAKE_CHANNELS), count: n })),
  }),
  open: z.object({ atEnd: isoDate, byAge: z.array(z.object({ age: z.enum(AGE_BUCKETS.map((b) => b.key) as [string, ...string[]]), count: n, urgent: n })) }),
  assessments: z.object({ byBucket: z.array(z.object({ bucket: z.string(), counts: z.record(z.enum(TIMELINESS), n) })) }),
  decisions: z.object({ byKindOutcome: z.array(z.object({ kind: z.enum(['service', 'fee', 'voucher']), outcome: z.enum(DECISION_OUTCOMES), count: n })) }),
  waiting: z.object({
    byService: z.array(
      z.object({
        service: z.string(),
        nameFi: z.string(),
        nameSv: z.string(),
        pendingToDecision: waitStats,
        decisionToStart: waitStats,
        pendingToStart: waitStats,
        startedWithinLimit: n,
        startedLate: n,
        waitingAtEnd: n,
        waitingOverdueAtEnd: n,
        notStarted: n,
      }),
    ),
  }),
  levels: z.object({
    byBucket: z.array(z.object({ bucket: z.string(), counts: z.record(z.enum(SERVICE_LEVELS), n) })),
    shift: z.record(z.enum(SERVICE_LEVEL_SHIFTS), n),
  }),
  heavyHomeCare: z.object({ threshold: z.number(), clients: n, reviewed: n, notReviewed: n }),
  reassessments: z.record(z.enum(REASSESSMENT_STATES), n),
  letters: z.object({ byBucket: z.array(z.object({ bucket: z.string(), counts: z.record(z.string(), n) })) }),
  revenue: z.object({ byMonth: z.array(z.object({ month: z.string(), invoices: n, invoicedCents: n, creditedCents: n, netCents: n })) }),
  overdueByWorker: z.array(z.object({ workerId: id.nullable(), name: z.string(), overdue: n, oldestDaysLate: n })),
  seconds: z.number(),
});
export type DashboardDto = z.infer<typeof dashboard>;

/** The dashboard's parts: the page asks for each on its own and draws each figure as soon as its part arrives. */
export const DASHBOARD_PARTS = ['intake', 'open', 'assessments', 'decisions', 'waiting', 'levels', 'heavyHomeCare', 'reassessments', 'letters', 'revenue', 'overdue'] as const;
export type DashboardPartName = (typeof DASHBOARD_PARTS)[number];
export const dashboardPartInput = dashboardInput.extend({ part: z.enum(DASHBOARD_PARTS) }).strict();
export type DashboardPartInput = z.infer<typeof dashboardPartInput>;
/** One part: the period and scope as resolved, the key figures that come from the part's rows, and its figure. */
export const dashboardPart = dashboard
  .omit({ kpis: true, period: true, scope: true, seconds: true })
  .partial()
  .extend({ part: z.enum(DASHBOARD_PARTS), period: dashboard.shape.period, scope: dashboard.shape.scope, kpis: dashboard.shape.kpis.partial(), seconds: z.number() })
  .strict();
export type DashboardPartDto = z.infer<typeof dashboardPart>;

/** The figures whose cases can be listed, and the filter each understands. */
export const FIGURES = ['intake', 'open', 'assessments', 'decisions', 'waiting', 'levels', 'heavyHomeCare', 'reassessments', 'letters', 'revenue', 'overdue'] as const;
export type Figure = (typeof FIGURES)[number];

export const WAIT_SEGMENTS = ['started', 'startedLate', 'waitingAtEnd', 'waitingOverdueAtEnd', 'notStarted', 'decided'] as const;

export const caseFilter = z
  .object({
    bucket: z.string().max(10).nullable().default(null),
    type: z.enum(INTAKE_TYPES).nullable().default(null),
    channel: z.enum(INTAKE_CHANNELS).nullable().default(null),
    age: z.string().max(6).nullable().default(null),
    timeliness: z.enum(TIMELINESS).nullable().default(null),
    kind: z.enum(['service', 'fee', 'voucher']).nullable().default(null),
    outcome: z.enum(DECISION_OUTCOMES).nullable().default(null),
    service: z.string().max(40).nullable().default(null),
    segment: z.enum(WAIT_SEGMENTS).nullable().default(null),
    level: z.enum(SERVICE_LEVELS).nullable().default(null),
    shift: z.enum(SERVICE_LEVEL_SHIFTS).nullable().default(null),
    reviewed: z.boolean().nullable().default(null),
    reassessment: z.enum(REASSESSMENT_STATES).nullable().default(null),
    sendChannel: z.string().max(20).nullable().default(null),
    month: z.string().max(7).nullable().default(null),
    workerId: id.nullable().default(null),
  })
  .strict();
export type CaseFilter = z.infer<typeof caseFilter>;

export const casesInput = dashboardInput.extend({ figure: z.enum(FIGURES), filter: caseFilter.default(caseFilter.parse({})) }).strict();
export type CasesInput = z.infer<typeof casesInput>;

/** One case behind a figure: who, where, the dates that matter and a value; the columns the figure uses are set. */
export const caseRow = z.object({
  id: z.string(),
  clientId: id.nullable(),
  clientName: z.string(),
  areaId: id.nullable(),
  workerName: z.string().nullable(),
  itemId: id.nullable(),
  decisionId: id.nullable(),
  date: isoDate.nullable(),
  date2: isoDate.nullable(),
  date3: isoDate.nullable(),
  code: z.string().nullable(),
  code2: z.string().nullable(),
  text: z.string().nullable(),
  value: z.number().nullable(),
  value2: z.number().nullable(),
});
export type CaseRow = z.infer<typeof caseRow>;

export const casesOutput = z.object({
  figure: z.enum(FIGURES),
  /** Which row fields this figure fills, in column order (the renderer names them). */
  columns: z.array(z.string()),
  rows: z.array(caseRow),
  truncated: z.boolean(),
});
export type CasesDto = z.infer<typeof casesOutput>;

export const tableFileInput = z
  .object({
    format: z.enum(['xlsx', 'csv']),
    title: z.string().trim().min(1).max(120),
    header: z.array(z.string().max(200)).min(1).max(60),
    rows: z.array(z.array(z.union([z.string().max(2000), z.number(), z.null()])).max(60)).max(200_000),
    /** A list of people (a case list) is recorded in the audit log when exported. */
    personal: z.boolean().default(false),
  })
  .strict();
export const fileDownload = z.object({ fileName: z.string(), base64: z.string(), mime: z.string() });

/** Vanhuspalvelulaki 26 §: the half-year ("2026-H1") and its figures. */
export const halfYear = z.string().regex(/^\d{4}-H[12]$/, zodMessage('field.format'));
export const publicationRow = z.object({
  service: z.string(),
  nameFi: z.string(),
  nameSv: z.string(),
  count: n,
  meanDays: z.number().nullable(),
  medianDays: z.number().nullable(),
  previousCount: n,
  previousMeanDays: z.number().nullable(),
  withinThreeMonths: n,
  waitingAtEnd: n,
  waitingOverThreeMonths: n,
  notStarted: n,
});
export const publicationContent = z.object({
  halfYear: z.string(),
  from: isoDate,
  to: isoDate,
  countyFi: z.string(),
  countySv: z.string(),
  computedOn: isoDate,
  minCases: n,
  rows: z.array(publicationRow),
  withoutPendingDate: n,
});
export const publicationMeta = z.object({
  id: z.string(),
  halfYear: z.string(),
  edition: n,
  from: isoDate,
  to: isoDate,
  approvedByName: z.string(),
  approvedByTitle: z.string(),
  approvedAt: z.string(),
  note: z.string(),
  contentSha256: z.string(),
  pdfFiSha256: z.string(),
  pdfSvSha256: z.string(),
});
export type PublicationMeta = z.infer<typeof publicationMeta>;
export const waitingPublication = z.object({ draft: publicationContent, approved: z.array(publicationMeta), latestApproved: publicationContent.nullable() });
export const approvePublicationInput = z.object({ halfYear, note: z.string().trim().max(1000).default('') }).strict();
export const publicationFileInput = z
  .object({ id: id.nullable().default(null), halfYear, format: z.enum(['pdf', 'html', 'csv', 'xlsx']), lang: z.enum(['fi', 'sv']) })
  .strict();
