// The one handler table: channel → service function. Bound to ipcMain in Electron and to the WebSocket in the
// browser host; the dispatcher validates input, checks the role and maps errors before a handler runs.
// Handlers of public channels get the session as it is; all others get a signed-in context.
//
// Access to personal data is declared here, beside each channel (core/access/): `scoped([[table, inputKey]], …)`
// makes every row the input names prove to lie in the caller's areas first, with an audit action when the call
// is a read of personal data; `countyWide(…)` marks work over the whole county, which only county-wide roles
// reach. Channels that list rows filter them in their own SQL with the same scope (intake, clients, decisions,
// sync conflicts).
import { deadlineSettings, saveDeadlineSettings } from './deadlines/settings';
import type { ChannelName, Channels, OutputOf, ParsedInputOf } from '../../shared/contract/channels';
import type { HandlerContext, SignedInContext } from './context';
import * as auth from './auth/service';
import * as security from './auth/admin';
import * as intake from './intake/service';
import * as clients from './clients/service';
import * as views from './views/service';
import * as reports from './reports/service';
import * as meta from './meta/service';
import * as workflow from './intake/workflow';
import * as assessments from './assessments/service';
import { clientChain } from './assessments/chain';
import * as criteria from './criteria/service';
import * as catalogue from './catalogue/service';
import * as plans from './plans/service';
import * as decisions from './decisions/service';
import * as letters from './letters/service';
import * as batches from './letters/batch';
import * as billing from './billing/service';
import * as mass from './fees/mass';
import * as sync from './sync/service';
import * as jobs from './jobs/service';
import { countyWide, scoped } from './access/guard';
import * as delivery from './delivery/service';
import * as suomifi from './suomifi/service';
import * as arrangement from './arrangement/service';
import * as reportDashboard from './reports/dashboard';
import * as reportCases from './reports/cases';
import * as reportFiles from './reports/files';
import * as publication from './reports/publication';

export type ContextFor<K extends ChannelName> = Channels[K]['access'] extends 'public' ? HandlerContext : SignedInContext;
export type Handler<K extends ChannelName> = (ctx: ContextFor<K>, input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
export type HandlerTable = { [K in ChannelName]: Handler<K> };

/** Rows named by a decision draft's input. */
const DRAFT_ROWS = [
  ['clients', 'clientId'],
  ['intake_items', 'intakeItemId'],
  ['assessments', 'assessmentId'],
] as const;
const DECISION = [['decisions', 'decisionId']] as const;
const CLIENT = [['clients', 'clientId']] as const;

export const handlers: HandlerTable = {
  // Raportit's default view is computed in the background after sign-in (reports/dashboard.ts warmDashboard).
  'session.signIn': async (ctx, input) => {
    const user = await auth.signIn(ctx, input);
    reportDashboard.warmDashboard({ ...ctx, user });
    return user;
  },
  'session.current': (ctx) => ctx.session.user,
  'session.signOut': auth.signOut,
  'session.demoUsers': auth.demoUsers,
  'session.setLanguage': auth.setLanguage,
  'session.touch': auth.touch,
  'session.policy': auth.policy,
  'security.settings': security.securityView,
  'security.saveSettings': security.saveSecurity,
  'security.unlock': security.unlock,
  'meta.bootstrap': meta.bootstrap,
  'deadlines.settings': (ctx) => deadlineSettings(ctx.db),
  'deadlines.saveSettings': (ctx, input) => saveDeadlineSettings({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id }, input),
  'queue.page': intake.queuePage,
  'queue.rows': intake.queueRows,
  'queue.assign': scoped([['intake_items', 'itemIds']], intake.assignItems),
  'queue.export': intake.exportQueue,
  'queue.undoAssign': intake.undoAssignment,
  'views.list': views.listViews,
  'views.save': views.saveView,
  'views.delete': views.deleteView,
  'clients.search': clients.searchClients,
  'clients.get': scoped([['clients', 'clientId']], clients.getClientCard),
  'clients.revealHetu': scoped([['clients', 'clientId']], clients.revealHetu),
  'clients.accessLog': scoped([['clients', 'clientId']], clients.clientAccessLog, 'client.accessLog'),
  'intake.get': scoped([['intake_items', 'itemId']], workflow.getItem, 'intake.open'),
  'intake.transition': scoped([['intake_items', 'itemId']], workflow.transitionItem),
  'intake.linkClient': scoped([['intake_items', 'itemId'], ['clients', 'clientId']], workflow.linkClient),
  'intake.createClient': scoped([['intake_items', 'itemId']], workflow.createClientFromItem),
  'intake.workload': workflow.workload,
  'clients.setResponsibleWorker': scoped([['clients', 'clientId']], workflow.setResponsibleWorker),
  'clients.chain': scoped([['clients', 'clientId']], clientChain, 'client.chain'),
  'assessments.create': scoped([['clients', 'clientId'], ['intake_items', 'intakeItemId']], assessments.createAssessment),
  'assessments.evaluate': scoped([['assessments', 'assessmentId']], criteria.evaluateAssessment),
  'criteria.list': criteria.listCriteria,
  'criteria.save': criteria.saveCriteria,
  'catalogue.services': catalogue.listServices,
  'catalogue.providers': catalogue.listProviders,
  'catalogue.saveProvider': catalogue.saveProvider,
  'catalogue.reasoning': catalogue.reasoningLibrary,
  'catalogue.delegation': catalogue.delegationRules,
  'plans.save': scoped([['clients', 'clientId'], ['assessments', 'assessmentId']], plans.savePlan),
  'decisions.list': decisions.listDecisions,
  'decisions.get': scoped([['decisions', 'decisionId']], decisions.getDecision, 'decision.view'),
  'decisions.createDraft': scoped(DRAFT_ROWS, (ctx, input) => decisions.createDraft(ctx, input)),
  'decisions.updateDraft': scoped([['decisions', 'decisionId'], ...DRAFT_ROWS], decisions.updateDraft),
  'decisions.discard': scoped(DECISION, decisions.discardDraft),
  'decisions.eligibleMakers': scoped(DECISION, decisions.eligibleDecisionMakers),
  'decisions.propose': scoped(DECISION, decisions.proposeDecision),
  'decisions.returnToDraft': scoped(DECISION, decisions.returnToDraft),
  'decisions.sign': scoped(DECISION, decisions.signDecision),
  'decisions.markSent': scoped(DECISION, decisions.markSent),
  'decisions.correct': scoped(DECISION, decisions.correctDecision),
  'letters.ready': countyWide(letters.readyDecisions, { action: 'letters.list', entityType: 'decision' }),
  'letters.preview': scoped(DECISION, letters.previewLetter),
  'letters.createBatch': countyWide(batches.createBatch),
  'letters.batches': countyWide(batches.listBatches),
  'letters.batchItems': countyWide(letters.batchItems, { action: 'letters.list', entityType: 'send_batch', key: 'batchId' }),
  'letters.resumeBatch': countyWide(batches.startBatch),
  'letters.cancelBatch': countyWide((ctx, input) => batches.cancelBatch(ctx, input)),
  'letters.printCopy': countyWide(letters.printCopy, { action: 'letters.printCopy', entityType: 'send_batch', key: 'batchId' }),
  'app.printPdf': countyWide(letters.authorizePrint),
  'letters.settings': letters.getLetterSettings,
  'letters.saveSettings': letters.saveLetterSettings,
  'letters.toHandOver': countyWide(delivery.lettersToHandOver, { action: 'letters.list', entityType: 'delivery' }),
  'letters.recordHandOver': scoped(DECISION, delivery.recordHandOver),
  'delivery.releaseClaim': countyWide(delivery.releaseClaim),
  'decisions.deliveries': scoped(DECISION, delivery.decisionDeliveries, 'delivery.view'),
  'clients.delivery': scoped(CLIENT, delivery.clientDelivery, 'delivery.view'),
  'clients.setDelivery': scoped(CLIENT, delivery.setClientDelivery),
  'suomifi.settings': suomifi.getSettings,
  'suomifi.saveSettings': suomifi.saveSettings,
  'suomifi.test': suomifi.testConnection,
  'suomifi.rotatePassword': suomifi.rotateNow,
  'suomifi.pollNow': countyWide(suomifi.pollNow),
  'fees.client': scoped(CLIENT, billing.clientFees, 'fees.view'),
  'fees.saveIncome': scoped([...CLIENT, ['incomes', 'id']], billing.saveIncome),
  'fees.deleteIncome': scoped([['incomes', 'incomeId']], billing.deleteIncome),
  'fees.saveDeduction': scoped([...CLIENT, ['fee_deductions', 'id']], billing.saveDeduction),
  'fees.addAbsence': scoped(CLIENT, billing.addAbsence),
  'fees.deleteAbsence': scoped([['absences', 'absenceId']], billing.deleteAbsence),
  'fees.massDecide': countyWide(mass.massDecide),
  'fees.massDecisions': countyWide(mass.listMassDecisions),
  'fees.massResume': countyWide(mass.resumeMassDecision),
  'fees.addCeilingNotice': scoped(CLIENT, billing.addCeilingNotice),
  'fees.deleteCeilingNotice': scoped([['fee_ceiling_notices', 'noticeId']], billing.deleteCeilingNotice),
  'fees.setInvoiceChannel': scoped(CLIENT, billing.setInvoiceChannel),
  'fees.setHousehold': scoped(CLIENT, billing.setHousehold),
  'fees.setSpouseFacts': scoped(CLIENT, billing.setSpouseFacts),
  'fees.ruleChanges': countyWide(billing.ruleChanges),
  'fees.applyRuleChange': countyWide(billing.applyRuleChangeHandler),
  'fees.decisions': countyWide(billing.feeDecisions, { action: 'fees.list', entityType: 'fee_decision' }),
  'fees.sign': countyWide(billing.signFees),
  'fees.recalculate': countyWide(billing.recalculate),
  'fees.parameters': billing.feeParameters,
  'fees.saveParameters': billing.saveFeeParameters,
  'billing.settings': billing.billingSettingsView,
  'billing.saveSettings': billing.saveBillingSettings,
  'invoices.runs': countyWide(billing.invoiceRuns),
  'invoices.start': countyWide(billing.startInvoiceRun),
  'invoices.list': countyWide(billing.invoiceList, { action: 'invoices.view', entityType: 'invoice_run', key: 'runId' }),
  'invoices.breakdown': countyWide(billing.invoiceBreakdown, { action: 'invoices.view', entityType: 'invoice_run', key: 'runId' }),
  'invoices.detail': scoped([['invoices', 'invoiceId']], billing.invoiceDetail, 'invoices.view'),
  'invoices.approve': countyWide(billing.approveInvoiceRun),
  'invoices.cancel': countyWide(billing.cancelInvoiceRun),
  'invoices.credit': scoped([['invoices', 'invoiceId']], billing.creditInvoiceHandler),
  'invoices.material': countyWide(billing.invoiceMaterial),
  'invoices.pdf': scoped([['invoices', 'invoiceId']], billing.invoicePdf, 'invoices.view'),
  'invoices.xlsx': countyWide(billing.invoiceXlsx),
  'caregiver.agreements': countyWide(billing.careAgreements, { action: 'caregiver.view', entityType: 'care_agreement' }),
  'caregiver.dayOff': scoped([['care_agreements', 'agreementId']], billing.dayOff),
  'caregiver.saveTerms': scoped([['care_agreements', 'agreementId']], billing.saveCareTermsHandler),
  'caregiver.addInterruption': scoped([['care_agreements', 'agreementId']], billing.addCareInterruptionHandler),
  'caregiver.deleteInterruption': countyWide(billing.deleteCareInterruptionHandler),
  'caregiver.runs': countyWide(billing.caregiverRuns),
  'caregiver.createRun': countyWide(billing.createCaregiverRun),
  'caregiver.payments': countyWide(billing.caregiverPayments, { action: 'caregiver.view', entityType: 'caregiver_payment_run', key: 'runId' }),
  'caregiver.approve': countyWide(billing.approveCaregiverRun),
  'caregiver.csv': countyWide(billing.caregiverCsv, { action: 'caregiver.view', entityType: 'caregiver_payment_run', key: 'runId' }),
  'sync.status': sync.status,
  'sync.now': sync.syncNow,
  'sync.settings': sync.settings,
  'sync.saveSettings': sync.saveSettings,
  'sync.test': sync.testConnection,
  'sync.conflicts': sync.conflicts,
  'sync.resolve': sync.resolve,
  'sync.acknowledge': sync.acknowledge,
  'jobs.list': jobs.listJobs,
  'jobs.get': jobs.getJob,
  'jobs.kinds': jobs.listKinds,
  'jobs.cancel': jobs.cancelJob,
  'jobs.retry': jobs.retryJob,
  'arrangement.client': scoped([['clients', 'clientId']], arrangement.clientArrangements, 'arrangement.view'),
  'arrangement.awaiting': arrangement.awaitingStart,
  'arrangement.recordStart': scoped([['decision_services', 'lineId']], arrangement.recordStart),
  'arrangement.recordEnd': scoped([['decision_services', 'lineId']], arrangement.recordEnd),
  'arrangement.recordNotStarted': scoped([['decision_services', 'lineId']], arrangement.recordNotStarted),
  'arrangement.undo': scoped([['decision_services', 'lineId']], arrangement.undoRecording),
  'reports.dashboard': reportDashboard.dashboard,
  'reports.dashboardPart': reportDashboard.dashboardPart,
  'reports.cases': reportCases.cases,
  'reports.tableFile': reportFiles.tableFile,
  'reports.waitingPublication': countyWide(publication.waitingPublication),
  'reports.publications': countyWide(publication.listPublications),
  'reports.approvePublication': countyWide(publication.approvePublication),
  'reports.publicationFile': countyWide(publication.publicationFile),
  'reports.queueSummary': reports.queueSummary,
};
