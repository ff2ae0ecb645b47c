// The contract: every channel declared once, with its input and output schema and the roles allowed.
// The core's handler table, the IPC and WebSocket bindings and the renderer's client all derive from this.
import { z } from 'zod';
import type { Role } from '../roles';
import { ASSIGN_ROLES, AUDIT_READ_ROLES, QUEUE_ROLES, ROLES } from '../roles';
import * as s from './schemas';
import * as g from './guidance-schemas';
import * as l from './letter-schemas';
import * as b from './billing-schemas';
import * as y from './sync-schemas';
import * as j from './job-schemas';
import * as a from './arrangement-schemas';
import * as r from './report-schemas';
import * as dl from './delivery-schemas';
import { CRITERIA_ADMIN_ROLES, DECISION_ROLES, SEND_ROLES, CASEWORK_ROLES, BILLING_ROLES, FEE_ROLES } from '../roles';
import { ARRANGE_READ_ROLES, ARRANGE_ROLES, REPORT_ROLES } from '../roles';
import { DECISION_STATUSES } from '../domain/decisions';
import { zodMessage } from '../messages';

export type Access = 'public' | readonly Role[];

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

const channel = <I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>) => def;
const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const channels = {
  'session.signIn': channel({
    input: z.object({ username: z.string().trim().min(1), password: z.string().min(1) }).strict(),
    output: s.user,
    access: 'public',
  }),
  'session.current': channel({ input: none, output: s.user.nullable(), access: 'public' }),
  'session.signOut': channel({ input: none, output: ok, access: 'public' }),
  'session.demoUsers': channel({
    input: none,
    output: z.array(z.object({ username: z.string(), displayName: z.string(), role: s.role })),
    access: 'public',
  }),
  'session.setLanguage': channel({ input: z.object({ language: s.language }).strict(), output: s.user, access: ROLES }),
  /** The window saw its user's keys or pointer: the session is in use (idle sign-out counts from the last use). */
  'session.touch': channel({ input: none, output: ok, access: ROLES }),
  'session.policy': channel({ input: none, output: z.object({ idleMinutes: z.number().int() }), access: ROLES }),
  'security.settings': channel({ input: none, output: s.securityView, access: ['admin'] }),
  'security.saveSettings': channel({ input: s.securitySettingsInput, output: s.securityView, access: ['admin'] }),
  'security.unlock': channel({ input: z.object({ username: z.string().trim().min(1).max(64) }).strict(), output: s.securityView, access: ['admin'] }),

  'meta.bootstrap': channel({ input: none, output: s.bootstrap, access: ROLES }),
  'deadlines.settings': channel({ input: none, output: s.deadlineSettings, access: ROLES }),
  'deadlines.saveSettings': channel({ input: s.deadlineSettingsInput, output: s.deadlineSettings.extend({ moved: z.number().int() }), access: ['admin'] }),

  'queue.page': channel({
    input: z
      .object({
        areaId: s.id.nullable().default(null),
        includeClosed: z.boolean().default(false),
        after: s.queueCursor.nullable().default(null),
        limit: z.number().int().min(1).max(50_000).default(100),
      })
      .strict(),
    output: z.object({ rows: z.array(s.queueRow), next: s.queueCursor.nullable() }),
    access: QUEUE_ROLES,
  }),
  'queue.rows': channel({
    input: z
      .object({
        itemIds: z.array(s.id).max(5000).default([]),
        clientIds: z.array(s.id).max(5000).default([]),
        areaId: s.id.nullable().default(null),
        includeClosed: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ rows: z.array(s.queueRow) }),
    access: QUEUE_ROLES,
  }),
  'queue.assign': channel({
    input: z
      .object({
        itemIds: z.array(s.id).min(1).max(5000),
        workerId: s.id,
      })
      .strict(),
    /** undoId: queue.undoAssign puts the items back until undoUntil; workerOpenItems: the worker's open items now. */
    output: z.object({ assigned: z.number().int(), undoId: s.id, undoUntil: z.string(), workerOpenItems: z.number().int() }),
    access: ASSIGN_ROLES,
  }),
  'queue.undoAssign': channel({
    input: z.object({ undoId: s.id }).strict(),
    output: z.object({ restored: z.number().int(), skipped: z.number().int() }),
    access: ASSIGN_ROLES,
  }),
  'queue.export': channel({
    input: s.queueExportInput,
    output: z.object({ fileName: z.string(), base64: z.string(), mime: z.string() }),
    access: QUEUE_ROLES,
  }),

  'views.list': channel({ input: none, output: z.array(s.savedView), access: QUEUE_ROLES }),
  'views.save': channel({
    input: z.object({ name: z.string().trim().min(1).max(60), state: s.gridState }).strict(),
    output: s.savedView,
    access: QUEUE_ROLES,
  }),
  'views.delete': channel({ input: z.object({ id: s.id }).strict(), output: ok, access: QUEUE_ROLES }),

  'clients.search': channel({
    input: z.object({ query: z.string().trim().max(100), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(s.clientListRow),
    access: ROLES,
  }),
  'clients.get': channel({ input: z.object({ clientId: s.id }).strict(), output: s.clientCard, access: ROLES }),
  'clients.revealHetu': channel({ input: z.object({ clientId: s.id }).strict(), output: z.object({ hetu: z.string() }), access: ROLES }),
  'clients.accessLog': channel({
    input: z.object({ clientId: s.id }).strict(),
    output: z.array(s.auditRow),
    access: AUDIT_READ_ROLES,
  }),

  'intake.get': channel({ input: z.object({ itemId: s.id }).strict(), output: g.intakeDetail, access: QUEUE_ROLES }),
  'intake.transition': channel({
    input: z
      .object({ itemId: s.id, to: z.enum(s.INTAKE_STATUSES), version: z.number().int(), reason: z.string().max(2000).default('') })
      .strict(),
    output: g.intakeDetail,
    access: CASEWORK_ROLES,
  }),
  'intake.linkClient': channel({ input: z.object({ itemId: s.id, clientId: s.id }).strict(), output: g.intakeDetail, access: CASEWORK_ROLES }),
  'intake.createClient': channel({ input: g.newClientInput, output: g.intakeDetail, access: CASEWORK_ROLES }),
  'intake.workload': channel({ input: none, output: z.array(g.workload), access: QUEUE_ROLES }),
  'clients.setResponsibleWorker': channel({
    input: z.object({ clientId: s.id, workerId: s.id.nullable() }).strict(),
    output: ok,
    access: ASSIGN_ROLES,
  }),
  'clients.chain': channel({ input: z.object({ clientId: s.id }).strict(), output: g.clientChain, access: QUEUE_ROLES }),

  'assessments.create': channel({ input: g.assessmentInput, output: g.assessment, access: CASEWORK_ROLES }),
  'assessments.evaluate': channel({ input: z.object({ assessmentId: s.id }).strict(), output: z.array(g.criteriaResult), access: QUEUE_ROLES }),

  'criteria.list': channel({ input: none, output: z.array(g.criteriaSet), access: ROLES }),
  'criteria.save': channel({
    input: z
      .object({
        serviceCode: z.string(),
        validFrom: s.isoDate,
        source: z.string().trim().min(1, zodMessage('criteria.sourceRequired')).max(500),
        rules: z.array(g.criteriaRule).max(30),
      })
      .strict(),
    output: g.criteriaSet,
    access: CRITERIA_ADMIN_ROLES,
  }),

  'catalogue.services': channel({ input: none, output: z.array(g.service), access: ROLES }),
  'catalogue.providers': channel({ input: none, output: z.array(g.provider), access: ROLES }),
  'catalogue.saveProvider': channel({
    input: z
      .object({
        id: s.id.nullable(),
        name: z.string().trim().min(2).max(200),
        kind: g.provider.shape.kind,
        businessId: z.string().trim().nullable(),
        areaId: s.id.nullable(),
        serviceCodes: z.array(z.string()).min(1),
        active: z.boolean(),
      })
      .strict(),
    output: g.provider,
    access: CRITERIA_ADMIN_ROLES,
  }),
  'catalogue.reasoning': channel({ input: none, output: z.array(g.reasoningText), access: ROLES }),
  'catalogue.delegation': channel({ input: none, output: z.array(g.delegationRule), access: ROLES }),

  'plans.save': channel({ input: g.planInput, output: g.plan, access: CASEWORK_ROLES }),

  'decisions.list': channel({
    input: z
      .object({
        statuses: z.array(z.enum(DECISION_STATUSES)).default([]),
        mine: z.boolean().default(false),
        waitingForMe: z.boolean().default(false),
        clientId: s.id.nullable().default(null),
      })
      .strict(),
    output: z.array(g.decisionListRow),
    access: QUEUE_ROLES,
  }),
  'decisions.get': channel({ input: z.object({ decisionId: s.id }).strict(), output: g.decision, access: QUEUE_ROLES }),
  'decisions.createDraft': channel({ input: g.decisionDraftInput, output: g.decision, access: DECISION_ROLES }),
  'decisions.updateDraft': channel({
    input: g.decisionDraftInput.extend({ decisionId: s.id, version: z.number().int() }).strict(),
    output: g.decision,
    access: DECISION_ROLES,
  }),
  'decisions.discard': channel({ input: z.object({ decisionId: s.id, version: z.number().int() }).strict(), output: ok, access: DECISION_ROLES }),
  'decisions.eligibleMakers': channel({
    input: z.object({ decisionId: s.id }).strict(),
    output: z.array(z.object({ id: s.id, name: z.string(), title: z.string(), areaIds: z.array(s.id) })),
    access: DECISION_ROLES,
  }),
  'decisions.propose': channel({
    input: z.object({ decisionId: s.id, version: z.number().int(), decisionMakerId: s.id }).strict(),
    output: g.decision,
    access: DECISION_ROLES,
  }),
  'decisions.returnToDraft': channel({
    input: z.object({ decisionId: s.id, version: z.number().int(), note: z.string().max(2000).default('') }).strict(),
    output: g.decision,
    access: DECISION_ROLES,
  }),
  'decisions.sign': channel({ input: z.object({ decisionId: s.id, version: z.number().int() }).strict(), output: g.decision, access: DECISION_ROLES }),
  'decisions.markSent': channel({
    input: z.object({ decisionId: s.id, sentOn: s.isoDate, channel: z.enum(['letter', 'electronic']) }).strict(),
    output: g.decision,
    access: SEND_ROLES,
  }),
  'decisions.correct': channel({ input: z.object({ decisionId: s.id }).strict(), output: g.decision, access: DECISION_ROLES }),

  'letters.ready': channel({ input: none, output: z.array(l.readyDecisionRow), access: SEND_ROLES }),
  'letters.preview': channel({ input: z.object({ decisionId: s.id }).strict(), output: l.letterPreview, access: QUEUE_ROLES }),
  'letters.createBatch': channel({
    input: z
      .object({
        decisionIds: z.union([
          z.literal('ALL_READY'),
          z.array(s.id).min(1).max(20_000),
        ]),
        /** Send these by the county's own print batch or by hand instead of each client's own route. */
        route: z.enum(['ekirje', 'manual']).nullable().default(null),
      })
      .strict(),
    output: l.sendBatch,
    access: SEND_ROLES,
  }),
  'letters.batches': channel({ input: none, output: z.array(l.sendBatch), access: SEND_ROLES }),
  'letters.batchItems': channel({ input: z.object({ batchId: s.id }).strict(), output: z.array(l.sendBatchItem), access: SEND_ROLES }),
  'letters.resumeBatch': channel({ input: z.object({ batchId: s.id }).strict(), output: l.sendBatch, access: SEND_ROLES }),
  'letters.cancelBatch': channel({ input: z.object({ batchId: s.id }).strict(), output: l.sendBatch, access: SEND_ROLES }),
  'letters.printCopy': channel({
    input: z.object({ batchId: s.id }).strict(),
    output: z.object({ path: z.string(), fileName: z.string(), sizeBytes: z.number().int(), pdfBase64: z.string().nullable() }),
    access: SEND_ROLES,
  }),
  /** Opens the system print dialog for a batch's print PDF: done by Electron's main process; other hosts answer printed: false. */
  'app.printPdf': channel({ input: z.object({ path: z.string().min(1) }).strict(), output: z.object({ printed: z.boolean() }), access: SEND_ROLES }),
  'letters.settings': channel({ input: none, output: l.letterSettingsView, access: ['client_secretary', 'service_manager', 'admin'] }),
  'letters.saveSettings': channel({ input: l.letterSettingsInput, output: l.letterSettingsView, access: ['admin'] }),
  'letters.toHandOver': channel({
    input: none,
    output: z.array(
      z.object({
        deliveryId: s.id,
        decisionId: s.id,
        number: z.string(),
        decidedOn: s.isoDate,
        clientId: s.id,
        clientName: z.string(),
        language: s.language,
        addressProtected: z.boolean(),
        routeReason: z.string(),
        waitingSince: z.string(),
        hasLetter: z.boolean(),
      }),
    ),
    access: SEND_ROLES,
  }),
  'letters.recordHandOver': channel({
    input: dl.handOverInput,
    output: z.object({ decisionId: s.id, number: z.string(), notifiedOn: s.isoDate, appealLastDay: s.isoDate }),
    access: SEND_ROLES,
  }),
  'delivery.releaseClaim': channel({ input: dl.releaseClaimInput, output: dl.releasedClaim, access: ['admin'] }),
  'decisions.deliveries': channel({ input: z.object({ decisionId: s.id }).strict(), output: z.array(dl.deliveryDto), access: QUEUE_ROLES }),
  'clients.delivery': channel({ input: z.object({ clientId: s.id }).strict(), output: dl.clientDeliveryView, access: ROLES }),
  'clients.setDelivery': channel({ input: dl.clientDeliveryInput, output: dl.clientDeliveryView, access: ['guidance_worker', 'social_worker', 'client_secretary', 'service_manager'] }),
  'suomifi.settings': channel({ input: none, output: dl.suomifiSettingsView, access: ['client_secretary', 'service_manager', 'admin'] }),
  'suomifi.saveSettings': channel({ input: dl.suomifiSettingsInput, output: dl.suomifiSettingsView, access: ['admin'] }),
  'suomifi.test': channel({ input: dl.suomifiSettingsInput, output: z.object({ message: z.string() }), access: ['admin'] }),
  'suomifi.rotatePassword': channel({ input: none, output: dl.suomifiSettingsView, access: ['admin'] }),
  'suomifi.pollNow': channel({ input: none, output: z.object({ jobId: s.id }), access: SEND_ROLES }),

  'fees.client': channel({ input: z.object({ clientId: s.id }).strict(), output: b.clientFeesView, access: FEE_ROLES }),
  'fees.saveIncome': channel({ input: b.incomeInput, output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.deleteIncome': channel({ input: z.object({ incomeId: s.id }).strict(), output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.saveDeduction': channel({ input: b.deductionInput, output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.addAbsence': channel({ input: b.absenceInput, output: b.clientFeesView, access: FEE_ROLES }),
  'fees.deleteAbsence': channel({ input: z.object({ absenceId: s.id }).strict(), output: b.clientFeesView, access: FEE_ROLES }),
  'fees.addCeilingNotice': channel({ input: b.ceilingNoticeInput, output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.deleteCeilingNotice': channel({ input: z.object({ noticeId: s.id }).strict(), output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.setInvoiceChannel': channel({ input: b.invoiceChannelInput, output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.setHousehold': channel({
    input: z.object({ clientId: s.id, householdSize: z.number().int().min(1).max(20), from: s.isoDate }).strict(),
    output: b.clientFeesView,
    access: BILLING_ROLES,
  }),
  'fees.setSpouseFacts': channel({ input: b.spouseFactsInput, output: b.clientFeesView, access: BILLING_ROLES }),
  'fees.ruleChanges': channel({ input: none, output: z.array(b.ruleChangeDto), access: BILLING_ROLES }),
  'fees.applyRuleChange': channel({ input: z.object({ code: z.string().min(1).max(80) }).strict(), output: b.applyRuleChangeResult, access: ['billing', 'service_manager'] }),
  'fees.decisions': channel({ input: z.object({ status: z.enum(['draft', 'made']) }).strict(), output: z.array(b.feeDecisionRow), access: BILLING_ROLES }),
  'fees.sign': channel({
    input: z.object({ decisionIds: z.array(s.id).min(1).max(50_000) }).strict(),
    output: z.object({ signed: z.number(), numbers: z.array(z.string()) }),
    access: ['billing', 'service_manager'],
  }),
  'fees.massDecide': channel({ input: b.massDecideInput, output: b.massDecision, access: ['billing', 'service_manager'] }),
  'fees.massDecisions': channel({ input: none, output: z.array(b.massDecision), access: ['billing', 'service_manager', 'admin', 'client_secretary'] }),
  'fees.massResume': channel({ input: z.object({ massId: s.id }).strict(), output: b.massDecision, access: ['billing', 'service_manager'] }),
  'fees.recalculate': channel({ input: z.object({ validFrom: s.isoDate }).strict(), output: b.recalculationResult, access: BILLING_ROLES }),
  'fees.parameters': channel({ input: none, output: z.array(b.feeParameterSetView), access: BILLING_ROLES }),
  'fees.saveParameters': channel({ input: b.saveFeeParametersInput, output: b.feeParameterSetView, access: ['admin'] }),
  'billing.settings': channel({ input: none, output: b.billingSettings.nullable(), access: BILLING_ROLES }),
  'billing.saveSettings': channel({ input: b.billingSettings, output: b.billingSettings, access: ['admin'] }),
  'invoices.runs': channel({ input: none, output: z.array(b.invoiceRunDto), access: BILLING_ROLES }),
  /** Plans the month's run as a job ('invoices.run') and answers at once; follow it with jobs.get / 'jobs.progress'. */
  'invoices.start': channel({ input: z.object({ month: b.month }).strict(), output: z.object({ runId: s.id, jobId: s.id }), access: ['billing', 'service_manager'] }),
  'invoices.list': channel({ input: z.object({ runId: s.id }).strict(), output: z.array(b.invoiceListRow), access: BILLING_ROLES }),
  'invoices.breakdown': channel({ input: z.object({ runId: s.id }).strict(), output: b.runBreakdown, access: BILLING_ROLES }),
  'invoices.detail': channel({ input: z.object({ invoiceId: s.id }).strict(), output: b.invoiceDetail, access: BILLING_ROLES }),
  'invoices.approve': channel({ input: z.object({ runId: s.id, version: z.number().int() }).strict(), output: b.invoiceRunDto, access: ['billing', 'service_manager'] }),
  'invoices.cancel': channel({ input: z.object({ runId: s.id, version: z.number().int() }).strict(), output: b.invoiceRunDto, access: ['billing', 'service_manager'] }),
  'invoices.credit': channel({ input: z.object({ invoiceId: s.id }).strict(), output: z.object({ creditNoteId: z.string(), number: z.number() }), access: ['billing', 'service_manager'] }),
  /** Plans the material of an approved run as a job ('invoices.material'); its result (jobs.get) is b.invoiceMaterial. */
  'invoices.material': channel({ input: z.object({ runId: s.id }).strict(), output: z.object({ jobId: s.id }), access: ['billing', 'service_manager'] }),
  'invoices.pdf': channel({ input: z.object({ invoiceId: s.id }).strict(), output: b.fileDownload, access: BILLING_ROLES }),
  'invoices.xlsx': channel({ input: z.object({ runId: s.id }).strict(), output: b.fileDownload, access: BILLING_ROLES }),
  'caregiver.agreements': channel({ input: none, output: z.array(b.careAgreementDto), access: BILLING_ROLES }),
  'caregiver.dayOff': channel({ input: z.object({ agreementId: s.id, day: s.isoDate, to: s.isoDate.optional() }).strict(), output: b.careAgreementDto, access: BILLING_ROLES }),
  'caregiver.saveTerms': channel({ input: b.careTermsInput, output: b.careAgreementDto, access: ['billing', 'service_manager'] }),
  'caregiver.addInterruption': channel({ input: b.careInterruptionInput, output: b.careAgreementDto, access: BILLING_ROLES }),
  'caregiver.deleteInterruption': channel({ input: z.object({ interruptionId: s.id }).strict(), output: b.careAgreementDto, access: BILLING_ROLES }),
  'caregiver.runs': channel({ input: none, output: z.array(b.caregiverRunDto), access: BILLING_ROLES }),
  'caregiver.createRun': channel({ input: z.object({ month: b.month }).strict(), output: b.caregiverRunDto, access: ['billing', 'service_manager'] }),
  'caregiver.payments': channel({ input: z.object({ runId: s.id }).strict(), output: z.array(b.caregiverPaymentRow), access: BILLING_ROLES }),
  'caregiver.approve': channel({ input: z.object({ runId: s.id }).strict(), output: b.caregiverRunDto, access: ['billing', 'service_manager'] }),
  'caregiver.csv': channel({ input: z.object({ runId: s.id }).strict(), output: z.object({ fileName: z.string(), csv: z.string() }), access: BILLING_ROLES }),

  'sync.status': channel({ input: none, output: y.syncStatus, access: ROLES }),
  'sync.now': channel({ input: none, output: y.syncStatus, access: ROLES }),
  'sync.settings': channel({ input: none, output: y.centralSettingsView, access: ROLES }),
  'sync.saveSettings': channel({ input: y.centralSettings, output: y.centralSettingsView, access: ['admin'] }),
  'sync.test': channel({ input: y.centralSettings, output: z.object({ message: z.string() }), access: ['admin'] }),
  'sync.conflicts': channel({ input: none, output: z.object({ conflicts: z.array(y.syncConflict), rejects: z.array(y.syncReject) }), access: ROLES }),
  'sync.resolve': channel({ input: y.resolveInput, output: y.syncStatus, access: ROLES }),
  'sync.acknowledge': channel({ input: z.object({ id: z.number().int() }).strict(), output: y.syncStatus, access: ROLES }),

  // Durable long jobs by id: each kind's roles decide who sees and steers its jobs (checked in the core).
  'jobs.list': channel({ input: j.jobListInput, output: z.array(j.jobDto), access: ROLES }),
  'jobs.get': channel({ input: z.object({ jobId: s.id }).strict(), output: j.jobDto, access: ROLES }),
  'jobs.cancel': channel({ input: z.object({ jobId: s.id }).strict(), output: j.jobDto, access: ROLES }),
  'jobs.retry': channel({ input: z.object({ jobId: s.id }).strict(), output: j.jobDto, access: ROLES }),
  /** The kinds of job the caller may see, each with the roles it allows. */
  'jobs.kinds': channel({ input: none, output: z.array(j.jobKindDto), access: ROLES }),
  // Arranging granted services: actual start and end per decision line, the list of services waiting to start.
  'arrangement.client': channel({ input: z.object({ clientId: s.id }).strict(), output: z.array(a.arrangementLine), access: ROLES }),
  'arrangement.awaiting': channel({ input: a.awaitingInput, output: a.awaitingList, access: ARRANGE_READ_ROLES }),
  'arrangement.recordStart': channel({ input: a.recordStartInput, output: a.arrangementLine, access: ARRANGE_ROLES }),
  'arrangement.recordEnd': channel({ input: a.recordEndInput, output: a.arrangementLine, access: ARRANGE_ROLES }),
  'arrangement.recordNotStarted': channel({ input: a.recordNotStartedInput, output: a.arrangementLine, access: ARRANGE_ROLES }),
  'arrangement.undo': channel({ input: a.undoInput, output: a.arrangementLine, access: ARRANGE_ROLES }),

  // Raportit: the dashboard of a period and scope, the cases behind a figure, any table as XLSX or CSV.
  'reports.dashboard': channel({ input: r.dashboardInput, output: r.dashboard, access: REPORT_ROLES }),
  'reports.dashboardPart': channel({ input: r.dashboardPartInput, output: r.dashboardPart, access: REPORT_ROLES }),
  'reports.cases': channel({ input: r.casesInput, output: r.casesOutput, access: REPORT_ROLES }),
  'reports.tableFile': channel({ input: r.tableFileInput, output: r.fileDownload, access: REPORT_ROLES }),
  // The waiting-time publication of vanhuspalvelulaki 26 §: county-wide, approved by the service manager.
  'reports.waitingPublication': channel({ input: z.object({ halfYear: r.halfYear }).strict(), output: r.waitingPublication, access: REPORT_ROLES }),
  'reports.publications': channel({ input: none, output: z.array(r.publicationMeta), access: REPORT_ROLES }),
  'reports.approvePublication': channel({ input: r.approvePublicationInput, output: r.publicationMeta, access: ['service_manager'] }),
  'reports.publicationFile': channel({ input: r.publicationFileInput, output: r.fileDownload, access: REPORT_ROLES }),

  'reports.queueSummary': channel({
    input: none,
    output: z.array(
      z.object({ areaId: s.id, open: z.number().int(), unassigned: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int(), urgent: z.number().int() }),
    ),
    access: ['guidance_worker', 'social_worker', 'service_manager', 'admin'],
  }),
} as const satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type InputOf<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ParsedInputOf<K extends ChannelName> = z.output<Channels[K]['input']>;
export type OutputOf<K extends ChannelName> = z.output<Channels[K]['output']>;

/** Events pushed from the core to every connected window. */
export interface EventMap {
  'queue.changed': { itemIds: string[] };
  'letters.progress': l.BatchProgress;
  'invoices.progress': b.InvoiceProgress;
  /** The sync indicator; sent to every window, also before sign-in (a first sign-in shows the copy's progress). */
  'sync.status': y.SyncStatusDto;
  /** Rows a sync round changed (another workstation's work): open views refresh what they show of them. */
  'data.changed': y.DataChanges;
  /** This window's session ended in the core (unused for the idle time): the window shows the sign-in page. */
  'session.ended': { reason: 'idle' };
  /** A durable job started, progressed or ended (by id; no payload, error text or result: ask jobs.get). */
  'jobs.progress': j.JobProgress;
  /** The app starting: generating the demo county on a first start, then ready (Electron's window shows it). */
  'app.startup': StartupStatus;
}

/** Parts of generating the demo county, in order. */
export const SEED_PHASES = ['staff', 'clients', 'intake', 'guidance', 'billing', 'finish'] as const;
export type SeedPhase = (typeof SEED_PHASES)[number];

export interface StartupStatus {
  state: 'seeding' | 'ready' | 'failed';
  phase: SeedPhase | null;
  /** Share done, 0–1. */
  fraction: number;
  /** About how many seconds are left (null: not known yet). */
  secondsLeft: number | null;
  /** Why the start failed (Finnish, for the window and the log). */
  message: string | null;
}
export type EventName = keyof EventMap;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
