// The one handler table: channel → service function. Bound to ipcMain in Electron and to the WebSocket in the
// browser host; the dispatcher validates input, checks the role and maps errors before a handler runs.
// Handlers of public channels get the session as it is; all others get a signed-in context.
import type { ChannelName, Channels, OutputOf, ParsedInputOf } from '../../shared/contract/channels';
import type { HandlerContext, SignedInContext } from './context';
import * as auth from './auth/service';
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

export type ContextFor<K extends ChannelName> = Channels[K]['access'] extends 'public' ? HandlerContext : SignedInContext;
export type Handler<K extends ChannelName> = (ctx: ContextFor<K>, input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
export type HandlerTable = { [K in ChannelName]: Handler<K> };

export const handlers: HandlerTable = {
  'session.signIn': auth.signIn,
  'session.current': (ctx) => ctx.session.user,
  'session.signOut': auth.signOut,
  'session.demoUsers': auth.demoUsers,
  'session.setLanguage': auth.setLanguage,
  'meta.bootstrap': meta.bootstrap,
  'queue.page': intake.queuePage,
  'queue.rows': intake.queueRows,
  'queue.assign': intake.assignItems,
  'queue.exported': intake.recordExport,
  'views.list': views.listViews,
  'views.save': views.saveView,
  'views.delete': views.deleteView,
  'clients.search': clients.searchClients,
  'clients.get': clients.getClientCard,
  'clients.revealHetu': clients.revealHetu,
  'clients.accessLog': clients.clientAccessLog,
  'intake.get': workflow.getItem,
  'intake.transition': workflow.transitionItem,
  'intake.linkClient': workflow.linkClient,
  'intake.createClient': workflow.createClientFromItem,
  'intake.workload': workflow.workload,
  'clients.setResponsibleWorker': workflow.setResponsibleWorker,
  'clients.chain': clientChain,
  'assessments.create': assessments.createAssessment,
  'assessments.evaluate': criteria.evaluateAssessment,
  'criteria.list': criteria.listCriteria,
  'criteria.save': criteria.saveCriteria,
  'catalogue.services': catalogue.listServices,
  'catalogue.providers': catalogue.listProviders,
  'catalogue.saveProvider': catalogue.saveProvider,
  'catalogue.reasoning': catalogue.reasoningLibrary,
  'catalogue.delegation': catalogue.delegationRules,
  'plans.save': plans.savePlan,
  'decisions.list': decisions.listDecisions,
  'decisions.get': decisions.getDecision,
  'decisions.createDraft': (ctx, input) => decisions.createDraft(ctx, input),
  'decisions.updateDraft': decisions.updateDraft,
  'decisions.discard': decisions.discardDraft,
  'decisions.eligibleMakers': decisions.eligibleDecisionMakers,
  'decisions.propose': decisions.proposeDecision,
  'decisions.returnToDraft': decisions.returnToDraft,
  'decisions.sign': decisions.signDecision,
  'decisions.markSent': decisions.markSent,
  'decisions.correct': decisions.correctDecision,
  'letters.ready': letters.readyDecisions,
  'letters.preview': letters.previewLetter,
  'letters.createBatch': (ctx, input) => batches.startBatch(ctx, { batchId: batches.createBatch(ctx, input).id }),
  'letters.batches': batches.listBatches,
  'letters.batchItems': letters.batchItems,
  'letters.resumeBatch': batches.startBatch,
  'letters.cancelBatch': (ctx, input) => batches.cancelBatch(ctx, input),
  'letters.printCopy': letters.printCopy,
  'app.printPdf': () => ({ printed: false }),
  'letters.settings': letters.getLetterSettings,
  'letters.saveSettings': letters.saveLetterSettings,
  'fees.client': billing.clientFees,
  'fees.saveIncome': billing.saveIncome,
  'fees.deleteIncome': billing.deleteIncome,
  'fees.saveDeduction': billing.saveDeduction,
  'fees.addAbsence': billing.addAbsence,
  'fees.deleteAbsence': billing.deleteAbsence,
  'fees.massDecide': mass.massDecide,
  'fees.massDecisions': mass.listMassDecisions,
  'fees.massResume': mass.resumeMassDecision,
  'fees.addCeilingNotice': billing.addCeilingNotice,
  'fees.deleteCeilingNotice': billing.deleteCeilingNotice,
  'fees.setInvoiceChannel': billing.setInvoiceChannel,
  'fees.setHousehold': billing.setHousehold,
  'fees.decisions': billing.feeDecisions,
  'fees.sign': billing.signFees,
  'fees.recalculate': billing.recalculate,
  'fees.parameters': billing.feeParameters,
  'fees.saveParameters': billing.saveFeeParameters,
  'billing.settings': billing.billingSettingsView,
  'billing.saveSettings': billing.saveBillingSettings,
  'invoices.runs': billing.invoiceRuns,
  'invoices.start': billing.startInvoiceRun,
  'invoices.list': billing.invoiceList,
  'invoices.detail': billing.invoiceDetail,
  'invoices.approve': billing.approveInvoiceRun,
  'invoices.cancel': billing.cancelInvoiceRun,
  'invoices.credit': billing.creditInvoiceHandler,
  'invoices.material': billing.invoiceMaterial,
  'invoices.pdf': billing.invoicePdf,
  'invoices.xlsx': billing.invoiceXlsx,
  'caregiver.agreements': billing.careAgreements,
  'caregiver.dayOff': billing.dayOff,
  'caregiver.runs': billing.caregiverRuns,
  'caregiver.createRun': billing.createCaregiverRun,
  'caregiver.payments': billing.caregiverPayments,
  'caregiver.approve': billing.approveCaregiverRun,
  'caregiver.csv': billing.caregiverCsv,
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
  'jobs.cancel': jobs.cancelJob,
  'jobs.retry': jobs.retryJob,
  'reports.queueSummary': reports.queueSummary,
};
