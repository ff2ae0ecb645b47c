// Handlers of client fees, invoicing and caregiver payments: the channels of the Laskutus section, the fee
// tab of a client and Asetukset › Asiakasmaksut. Every change is one transaction with its audit
// rows; a change of income, deductions or household refreshes the client's fee drafts in the same one.
import { msg } from '../../../shared/messages';
import path from 'node:path';
import { AppError, notFound } from '../../../shared/contract/errors';
import type { z } from 'zod';
import type * as b from '../../../shared/contract/billing-schemas';
import { addDays, addMonthsClamped, daysBetween } from '../../../shared/domain/dates';
import { DEDUCTION_KIND_RULES, INCOME_KIND_RULES, incomeCounts } from '../../../shared/domain/fees/incomes';
import { basisText, feeError } from '../../../shared/domain/fees/messages';
import { feeAppError } from '../fees/errors';
import { applyRuleChange, listRuleChanges } from '../fees/corrections';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { listFeeDecisions, recalculateAllFees, refreshClientFees, signFeeDecisions, type FeeCtx, type FeeReason } from '../fees/decisions';
import { listParameterSets, parameterSetOn, saveParameterSet } from '../fees/parameters';
import { ceilingStatus, checkReachedOn } from '../fees/ceiling';
import { approveRun, cancelRun, creditInvoice, getRun, openRun, type RunCtx, type RunRow } from '../invoicing/run';
import { invoiceReader, runInvoices } from '../invoicing/queries';
import { runBreakdown } from '../invoicing/breakdown';
import { invoiceLayout } from '../invoicing/material';
import { invoiceMaterialJob, invoiceMaterialSubject, invoiceRunJob, invoiceRunSubject } from '../invoicing/jobs';
import { renderInvoicePdf } from '../invoicing/pdf';
import { readBillingSettings, requireBillingSettings, writeBillingSettings } from '../invoicing/settings';
import { xlsxWorkbook } from '../invoicing/xlsx';
import { addCareInterruption, addDaysOff, approvePaymentRun, createPaymentRun, daysOffForRun, deleteCareInterruption, listAgreements, paymentRows, payrollCsv, saveCareTerms } from '../caregiver/payments';
import { maskHetuKeepCheck } from '../../../shared/domain/hetu';

type Ctx = SignedInContext;

const feeCtx = (ctx: Ctx): FeeCtx => ({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id });
const runCtx = (ctx: Ctx): RunCtx => feeCtx(ctx);

// ---- Client fees --------------------------------------------------------------------------------------

export function clientFees(ctx: Ctx, input: { clientId: string }): z.infer<typeof b.clientFeesView> {
  const c = ctx.db
    .prepare(
      `SELECT c.household_size, c.version, c.einvoice_address, c.einvoice_intermediator, s.last_name || ' ' || s.first_names AS spouse_name,
         c.lived_with_spouse_before_care, c.spouse_in_long_term_care
       FROM clients c LEFT JOIN clients s ON s.id = c.spouse_id WHERE c.id = ? AND c.deleted = 0`,
    )
    .get(input.clientId) as
    | {
        household_size: number;
        version: number;
        einvoice_address: string | null;
        einvoice_intermediator: string | null;
        spouse_name: string | null;
        lived_with_spouse_before_care: number;
        spouse_in_long_term_care: number;
      }
    | undefined;
  if (!c) throw notFound('client');
  const incomes = ctx.db.prepare('SELECT * FROM incomes WHERE client_id = ? AND deleted = 0 ORDER BY person, valid_from DESC').all(input.clientId) as {
    id: string;
    version: number;
    client_id: string;
    person: 'client' | 'spouse';
    kind: z.infer<typeof b.incomeDto>['kind'];
    gross_cents: number;
    net_cents: number;
    valid_from: string;
    valid_to: string | null;
    note: string;
  }[];
  const deductions = ctx.db.prepare('SELECT * FROM fee_deductions WHERE client_id = ? AND deleted = 0 ORDER BY person, valid_from DESC').all(input.clientId) as {
    id: string;
    version: number;
    client_id: string;
    person: 'client' | 'spouse';
    kind: z.infer<typeof b.deductionDto>['kind'];
    monthly_cents: number;
    valid_from: string;
    valid_to: string | null;
    note: string;
  }[];
  const absences = ctx.db.prepare('SELECT * FROM absences WHERE client_id = ? AND deleted = 0 ORDER BY from_date DESC').all(input.clientId) as {
    id: string;
    client_id: string;
    cause: z.infer<typeof b.absenceDto>['cause'];
    from_date: string;
    to_date: string;
    note: string;
  }[];
  ctx.audit.write({ userId: ctx.user.id, action: 'client.open', entityType: 'client_fees', entityId: input.clientId, clientId: input.clientId });
  return {
    clientId: input.clientId,
    householdSize: c.household_size,
    spouseName: c.spouse_name,
    livedWithSpouseBeforeCare: c.lived_with_spouse_before_care === 1,
    spouseInLongTermCare: c.spouse_in_long_term_care === 1,
    incomes: incomes.map((i) => ({
      id: i.id,
      version: i.version,
      clientId: i.client_id,
      person: i.person,
      kind: i.kind,
      grossCents: i.gross_cents,
      netCents: i.net_cents,
      taxable: INCOME_KIND_RULES[i.kind].taxable,
      countedHomeCare: incomeCounts(i.kind, 'home_care'),
      countedLongTerm: incomeCounts(i.kind, 'long_term'),
      validFrom: i.valid_from,
      validTo: i.valid_to,
      note: i.note,
    })),
    deductions: deductions.map((d) => ({ id: d.id, version: d.version, clientId: d.client_id, person: d.person, kind: d.kind, monthlyCents: d.monthly_cents, validFrom: d.valid_from, validTo: d.valid_to, note: d.note })),
    absences: absences.map((a) => ({ id: a.id, clientId: a.client_id, cause: a.cause, from: a.from_date, to: a.to_date, note: a.note })),
    decisions: [...listFeeDecisions(ctx.db, { status: 'draft', clientId: input.clientId }), ...listFeeDecisions(ctx.db, { status: 'made', clientId: input.clientId })],
    ceiling: ceilingStatus(ctx.db, input.clientId, Number(ctx.clock.today().slice(0, 4))),
    clientVersion: c.version,
    einvoice: c.einvoice_address && c.einvoice_intermediator ? { address: c.einvoice_address, intermediator: c.einvoice_intermediator } : null,
  };
}

function requireClient(ctx: Ctx, clientId: string): void {
  if (!ctx.db.prepare('SELECT 1 FROM clients WHERE id = ? AND deleted = 0').get(clientId)) throw notFound('client');
}

/** Refreshes the drafts from a change's start, and from the day after its end (the fee changes back then). */
function refresh(ctx: Ctx, clientId: string, from: string, reason: FeeReason, to: string | null = null): void {
  refreshClientFees(feeCtx(ctx), clientId, from, reason);
  if (to !== null && to < addMonthsClamped(ctx.clock.today(), 24)) refreshClientFees(feeCtx(ctx), clientId, addDays(to, 1), reason);
}

export function saveIncome(ctx: Ctx, input: z.infer<typeof b.incomeInput>) {
  if (input.validFrom < addMonthsClamped(ctx.clock.today(), -60)) throw new AppError('VALIDATION', `Tulon alkupäivä ${input.validFrom} on yli viiden vuoden takana; tarkista päivämäärä.`);
  ctx.db.transaction(() => {
    requireClient(ctx, input.clientId);
    const now = ctx.clock.now().toISOString();
    const row = {
      id: input.id ?? uuidv7(ctx.clock.now().getTime()),
      client_id: input.clientId,
      person: input.person,
      kind: input.kind,
      gross_cents: input.grossCents,
      net_cents: input.netCents,
      // Kept for the record; whether an income counts depends on its kind and the fee (10 b §, 10 f §).
      taxable: INCOME_KIND_RULES[input.kind].taxable ? 1 : 0,
      counted: 1,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      note: input.note,
      updated_at: now,
    };
    if (input.id) {
      const r = ctx.db
        .prepare(
          `UPDATE incomes SET person = @person, kind = @kind, gross_cents = @gross_cents, net_cents = @net_cents, taxable = @taxable, counted = @counted,
             valid_from = @valid_from, valid_to = @valid_to, note = @note, version = version + 1, updated_at = @updated_at
           WHERE id = @id AND client_id = @client_id AND version = @version AND deleted = 0`,
        )
        .run({ ...row, version: input.version });
      if (r.changes !== 1) throw new AppError('CONFLICT', 'Tuloa muutettiin samaan aikaan toisaalla. Päivitä näkymä.');
    } else
      ctx.db
        .prepare(
          `INSERT INTO incomes (id, client_id, person, kind, gross_cents, net_cents, taxable, counted, valid_from, valid_to, note, updated_at)
           VALUES (@id, @client_id, @person, @kind, @gross_cents, @net_cents, @taxable, @counted, @valid_from, @valid_to, @note, @updated_at)`,
        )
        .run(row);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.income', entityType: 'income', entityId: row.id, clientId: input.clientId });
    refresh(ctx, input.clientId, input.validFrom, 'income', input.validTo);
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

export function deleteIncome(ctx: Ctx, input: { incomeId: string }) {
  const r = ctx.db.prepare('SELECT client_id, valid_from, version FROM incomes WHERE id = ? AND deleted = 0').get(input.incomeId) as
    | { client_id: string; valid_from: string; version: number }
    | undefined;
  if (!r) throw notFound('income');
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE incomes SET deleted = 1, version = version + 1, updated_at = ? WHERE id = ?').run(ctx.clock.now().toISOString(), input.incomeId);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.income', entityType: 'income', entityId: input.incomeId, clientId: r.client_id, details: { deleted: true } });
    refresh(ctx, r.client_id, r.valid_from, 'income');
  })();
  return clientFees(ctx, { clientId: r.client_id });
}

/**
 * Refuses a deduction the closed list does not allow (10 c §, 10 d §, 10 g §): maintenance paid to the spouse the
 * client lived with just before the care began, a spouse's deduction of a kind made for the client only, and the
 * former home's costs beyond their statutory period.
 */
function checkDeduction(input: z.infer<typeof b.deductionInput>): void {
  const rule = DEDUCTION_KIND_RULES[input.kind];
  const name = { fi: rule.fi, sv: rule.sv };
  if (input.kind === 'maintenance_paid' && input.toSpouseLivedWith) throw feeAppError(feeError('deductionSpouseMaintenance'), 'toSpouseLivedWith');
  if (input.person === 'spouse' && !rule.spouse) {
    throw feeAppError(feeError('deductionNotForSpouse', { kind: name, basis: basisText(rule.basis) }), 'person');
  }
  if (rule.windowMonths !== undefined) {
    const last = addDays(addMonthsClamped(input.validFrom, rule.windowMonths), -1);
    if (input.validTo === null || input.validTo > last || daysBetween(input.validFrom, input.validTo) < 0) {
      throw feeAppError(feeError('deductionWindow', { kind: name, months: rule.windowMonths, basis: basisText(rule.basis), last }), 'validTo');
    }
  }
}

export function saveDeduction(ctx: Ctx, input: z.infer<typeof b.deductionInput>) {
  checkDeduction(input);
  ctx.db.transaction(() => {
    requireClient(ctx, input.clientId);
    const now = ctx.clock.now().toISOString();
    const id = input.id ?? uuidv7(ctx.clock.now().getTime());
    const row = {
      id,
      client_id: input.clientId,
      person: input.person,
      kind: input.kind,
      monthly_cents: input.monthlyCents,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      note: input.note,
      updated_at: now,
    };
    if (input.id) {
      const r = ctx.db
        .prepare(
          `UPDATE fee_deductions SET person = @person, kind = @kind, monthly_cents = @monthly_cents, valid_from = @valid_from, valid_to = @valid_to, note = @note, version = version + 1,
             updated_at = @updated_at WHERE id = @id AND client_id = @client_id AND version = @version AND deleted = 0`,
        )
        .run({ ...row, version: input.version });
      if (r.changes !== 1) throw new AppError('CONFLICT', 'Vähennystä muutettiin samaan aikaan toisaalla. Päivitä näkymä.');
    } else
      ctx.db
        .prepare(
          'INSERT INTO fee_deductions (id, client_id, person, kind, monthly_cents, valid_from, valid_to, note, updated_at) VALUES (@id, @client_id, @person, @kind, @monthly_cents, @valid_from, @valid_to, @note, @updated_at)',
        )
        .run(row);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.income', entityType: 'fee_deduction', entityId: id, clientId: input.clientId });
    refresh(ctx, input.clientId, input.validFrom, 'income', input.validTo);
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

/** Longest interruption accepted (two years); anything longer is a typing error or not an interruption. */
const MAX_INTERRUPTION_DAYS = 731;

export function addAbsence(ctx: Ctx, input: z.infer<typeof b.absenceInput>) {
  if (input.to < input.from) throw feeAppError(feeError('interruptionOrder', { from: input.from, to: input.to }), 'to');
  if (daysBetween(input.from, input.to) + 1 > MAX_INTERRUPTION_DAYS) throw feeAppError(feeError('interruptionTooLong', { from: input.from, to: input.to, max: MAX_INTERRUPTION_DAYS }));
  ctx.db.transaction(() => {
    requireClient(ctx, input.clientId);
    const overlap = ctx.db
      .prepare('SELECT from_date, to_date FROM absences WHERE client_id = ? AND deleted = 0 AND from_date <= ? AND to_date >= ?')
      .get(input.clientId, input.to, input.from) as { from_date: string; to_date: string } | undefined;
    if (overlap) throw feeAppError(feeError('interruptionOverlap', { from: input.from, to: input.to, otherFrom: overlap.from_date, otherTo: overlap.to_date }));
    const id = uuidv7(ctx.clock.now().getTime());
    const row = { id, client_id: input.clientId, cause: input.cause, from_date: input.from, to_date: input.to, note: input.note, created_by: ctx.user.id, updated_at: ctx.clock.now().toISOString() };
    ctx.db.prepare('INSERT INTO absences (id, client_id, cause, from_date, to_date, note, created_by, updated_at) VALUES (@id, @client_id, @cause, @from_date, @to_date, @note, @created_by, @updated_at)').run(row);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.absence', entityType: 'absence', entityId: id, clientId: input.clientId });
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

export function deleteAbsence(ctx: Ctx, input: { absenceId: string }) {
  const r = ctx.db.prepare('SELECT client_id, version FROM absences WHERE id = ? AND deleted = 0').get(input.absenceId) as { client_id: string; version: number } | undefined;
  if (!r) throw notFound('absence');
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE absences SET deleted = 1, version = version + 1, updated_at = ? WHERE id = ?').run(ctx.clock.now().toISOString(), input.absenceId);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.absence', entityType: 'absence', entityId: input.absenceId, clientId: r.client_id, details: { deleted: true } });
  })();
  return clientFees(ctx, { clientId: r.client_id });
}

/** Records the date the client's fee ceiling was reached elsewhere; the next invoice run corrects days past it. */
export function addCeilingNotice(ctx: Ctx, input: z.infer<typeof b.ceilingNoticeInput>) {
  checkReachedOn(input.reachedOn, ctx.clock.today());
  ctx.db.transaction(() => {
    requireClient(ctx, input.clientId);
    const now = ctx.clock.now().toISOString();
    const id = uuidv7(ctx.clock.now().getTime());
    ctx.db
      .prepare('INSERT INTO fee_ceiling_notices (id, client_id, year, reached_on, note, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.clientId, Number(input.reachedOn.slice(0, 4)), input.reachedOn, input.note, ctx.user.id, now, now);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.ceiling', entityType: 'fee_ceiling_notice', entityId: id, clientId: input.clientId, details: { reachedOn: input.reachedOn } });
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

export function deleteCeilingNotice(ctx: Ctx, input: { noticeId: string }) {
  const r = ctx.db.prepare('SELECT client_id FROM fee_ceiling_notices WHERE id = ? AND deleted = 0').get(input.noticeId) as { client_id: string } | undefined;
  if (!r) throw notFound('ceilingNotice');
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE fee_ceiling_notices SET deleted = 1, version = version + 1, updated_at = ? WHERE id = ?').run(ctx.clock.now().toISOString(), input.noticeId);
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.ceiling', entityType: 'fee_ceiling_notice', entityId: input.noticeId, clientId: r.client_id, details: { deleted: true } });
  })();
  return clientFees(ctx, { clientId: r.client_id });
}

/** Sets or removes the client's e-invoice routing; invoices made from then on follow it. */
export function setInvoiceChannel(ctx: Ctx, input: z.infer<typeof b.invoiceChannelInput>) {
  ctx.db.transaction(() => {
    const r = ctx.db
      .prepare('UPDATE clients SET einvoice_address = ?, einvoice_intermediator = ?, version = version + 1, updated_at = ? WHERE id = ? AND deleted = 0 AND version = ?')
      .run(input.einvoice?.address ?? null, input.einvoice?.intermediator ?? null, ctx.clock.now().toISOString(), input.clientId, input.version);
    if (r.changes !== 1) {
      requireClient(ctx, input.clientId);
      throw new AppError('CONFLICT', msg('error.kind.CONFLICT'));
    }
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'fees.invoiceChannel',
      entityType: 'client',
      entityId: input.clientId,
      clientId: input.clientId,
      details: { einvoice: input.einvoice !== null },
    });
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

export function setHousehold(ctx: Ctx, input: { clientId: string; householdSize: number; from: string }) {
  ctx.db.transaction(() => {
    const r = ctx.db.prepare('UPDATE clients SET household_size = ?, version = version + 1, updated_at = ? WHERE id = ? AND deleted = 0').run(input.householdSize, ctx.clock.now().toISOString(), input.clientId);
    if (r.changes !== 1) throw notFound('client');
    ctx.audit.write({ userId: ctx.user.id, action: 'fees.household', entityType: 'client', entityId: input.clientId, clientId: input.clientId, details: { householdSize: input.householdSize, from: input.from } });
    refresh(ctx, input.clientId, input.from, 'household');
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

/** The spouse rule's facts (7 c § 2 mom); refreshes the fee drafts from the given date. */
export function setSpouseFacts(ctx: Ctx, input: z.infer<typeof b.spouseFactsInput>) {
  ctx.db.transaction(() => {
    const r = ctx.db
      .prepare('UPDATE clients SET lived_with_spouse_before_care = ?, spouse_in_long_term_care = ?, version = version + 1, updated_at = ? WHERE id = ? AND deleted = 0 AND version = ?')
      .run(input.livedWithSpouseBeforeCare ? 1 : 0, input.spouseInLongTermCare ? 1 : 0, ctx.clock.now().toISOString(), input.clientId, input.version);
    if (r.changes !== 1) {
      requireClient(ctx, input.clientId);
      throw new AppError('CONFLICT', msg('error.kind.CONFLICT'));
    }
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'fees.spouse',
      entityType: 'client',
      entityId: input.clientId,
      clientId: input.clientId,
      details: { livedWithSpouseBeforeCare: input.livedWithSpouseBeforeCare, spouseInLongTermCare: input.spouseInLongTermCare, from: input.from },
    });
    refresh(ctx, input.clientId, input.from, 'household');
  })();
  return clientFees(ctx, { clientId: input.clientId });
}

export function ruleChanges(ctx: Ctx) {
  return listRuleChanges(ctx.db);
}

export function applyRuleChangeHandler(ctx: Ctx, input: { code: string }) {
  return applyRuleChange(feeCtx(ctx), input.code);
}

export function feeDecisions(ctx: Ctx, input: { status: 'draft' | 'made' }) {
  return listFeeDecisions(ctx.db, { status: input.status, clientId: null });
}

export async function signFees(ctx: Ctx, input: { decisionIds: string[] }) {
  // A workstation that syncs takes decision numbers from centrally reserved blocks: reserve them all first.
  await ctx.sync.ensureNumbers('decision', Number(ctx.clock.today().slice(0, 4)), input.decisionIds.length);
  return signFeeDecisions({ ...feeCtx(ctx), userRoleMayDecide: ['billing', 'service_manager'].includes(ctx.user.role) }, input.decisionIds);
}

export function recalculate(ctx: Ctx, input: { validFrom: string }) {
  return recalculateAllFees(feeCtx(ctx), input.validFrom, 'parameters');
}

export function feeParameters(ctx: Ctx) {
  return listParameterSets(ctx.db);
}

export function saveFeeParameters(ctx: Ctx, input: z.infer<typeof b.saveFeeParametersInput>) {
  const saved = saveParameterSet(ctx.db, input, ctx.user.id, ctx.clock.now());
  ctx.audit.write({ userId: ctx.user.id, action: 'fees.parameters', entityType: 'fee_parameter_set', entityId: saved.id, details: { validFrom: saved.parameters.validFrom } });
  return saved;
}

export function billingSettingsView(ctx: Ctx) {
  return readBillingSettings(ctx.db);
}

export function saveBillingSettings(ctx: Ctx, input: unknown) {
  return writeBillingSettings(ctx.db, input);
}

// ---- Invoicing ----------------------------------------------------------------------------------------

function runDto(ctx: Ctx, r: RunRow): z.infer<typeof b.invoiceRunDto> & { version: number } {
  const prev = r.previous_run_id ? (ctx.db.prepare('SELECT total_cents FROM invoice_runs WHERE id = ?').pluck().get(r.previous_run_id) as number) : null;
  const name = (id: string | null) => (id ? ((ctx.db.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(id) as string | undefined) ?? '') : null);
  return {
    id: r.id,
    month: r.month,
    status: r.status,
    invoiceDate: r.invoice_date,
    dueDate: r.due_date,
    invoiceCount: r.invoice_count,
    totalCents: r.total_cents,
    previousTotalCents: prev,
    createdAt: r.created_at,
    createdBy: name(r.created_by) ?? '',
    approvedAt: r.approved_at,
    approvedBy: name(r.approved_by),
    version: r.version,
  };
}

export function invoiceRuns(ctx: Ctx) {
  return (ctx.db.prepare('SELECT * FROM invoice_runs ORDER BY month DESC, created_at DESC').all() as RunRow[]).map((r) => runDto(ctx, r));
}

/**
 * Starts (or resumes) a month's run as a job ('invoices.run'): the run row and its job are planned in one
 * transaction and the answer comes at once; the window follows the job by id. An interrupted run with a job
 * still active gets that job back, never a second one.
 */
export function startInvoiceRun(ctx: Ctx, input: { month: string }): { runId: string; jobId: string } {
  return ctx.db.transaction(() => {
    const { run } = openRun(runCtx(ctx), input.month);
    const jobId = ctx.jobs.enqueue(invoiceRunJob, { runId: run.id }, { subject: invoiceRunSubject(run.id), createdBy: ctx.user.id });
    return { runId: run.id, jobId };
  })();
}

export function invoiceList(ctx: Ctx, input: { runId: string }) {
  return runInvoices(ctx.db, input.runId);
}

/** The run by service, area and channel, and the invoices to look at again (electron/core/invoicing/breakdown.ts). */
export function invoiceBreakdown(ctx: Ctx, input: { runId: string }) {
  return runBreakdown(ctx.db, input.runId, ctx.clock.today());
}

export function invoiceDetail(ctx: Ctx, input: { invoiceId: string }) {
  const inv = invoiceReader(ctx.db, requireBillingSettings(ctx.db))(input.invoiceId);
  ctx.audit.write({ userId: ctx.user.id, action: 'client.open', entityType: 'invoice', entityId: inv.id, clientId: inv.clientId });
  const list = ctx.db.prepare('SELECT run_id FROM invoices WHERE id = ?').pluck().get(input.invoiceId) as string | null;
  const row = list ? runInvoices(ctx.db, list).find((x) => x.id === input.invoiceId) : null;
  return {
    id: inv.id,
    number: inv.number,
    kind: inv.kind,
    clientId: inv.clientId,
    clientName: inv.clientName,
    reference: inv.reference,
    totalCents: inv.totalCents,
    previousCents: row?.previousCents ?? null,
    differenceCents: row?.differenceCents ?? null,
    rows: inv.lines.length,
    delivery: inv.delivery,
    status: inv.status,
    credited: row?.credited ?? false,
    month: inv.month,
    invoiceDate: inv.invoiceDate,
    dueDate: inv.dueDate,
    rf: inv.rf,
    barcode: inv.barcode,
    recipient: inv.recipient,
    creditsNumber: inv.creditsNumber,
    lines: inv.lines.map((l) => ({
      rowType: l.rowType,
      description: l.descriptionFi,
      descriptionSv: l.descriptionSv,
      serviceMonth: l.serviceMonth,
      periodFrom: l.periodFrom,
      periodTo: l.periodTo,
      quantity: l.quantity,
      unit: l.unit,
      unitPriceCents: l.unitPriceCents,
      amountCents: l.amountCents,
      countsToCeiling: l.countsToCeiling,
      basis: l.basis,
    })),
  };
}

export function approveInvoiceRun(ctx: Ctx, input: { runId: string; version: number }) {
  return runDto(ctx, approveRun(runCtx(ctx), input.runId, input.version));
}

/** Cancels a draft or interrupted run; a job still billing it is cancelled with it (it stops at its next chunk). */
export function cancelInvoiceRun(ctx: Ctx, input: { runId: string; version: number }) {
  const done = ctx.db.transaction(() => {
    const run = getRun(ctx.db, input.runId);
    if (run.version !== input.version) throw new AppError('CONFLICT', 'Laskutusajoa muutettiin samaan aikaan toisaalla. Päivitä näkymä.');
    const active = ctx.db.prepare("SELECT id FROM jobs WHERE kind = 'invoices.run' AND subject = ? AND status IN ('pending','running','failed')").pluck().all(invoiceRunSubject(input.runId)) as string[];
    for (const id of active) ctx.jobs.cancel(id);
    const after = getRun(ctx.db, input.runId);
    return after.status === 'cancelled' ? after : cancelRun(runCtx(ctx), input.runId, after.version);
  })();
  return runDto(ctx, done);
}

export async function creditInvoiceHandler(ctx: Ctx, input: { invoiceId: string }) {
  await ctx.sync.ensureNumbers('invoice', 0, 1, requireBillingSettings(ctx.db).firstInvoiceNumber);
  return creditInvoice(runCtx(ctx), input.invoiceId);
}

function billingOutDir(ctx: Ctx): string {
  return path.join(path.dirname(ctx.dbPath), 'laskutus');
}

/** Plans the material of an approved run as a job ('invoices.material'); the answer comes at once with its id. */
export function invoiceMaterial(ctx: Ctx, input: { runId: string }): { jobId: string } {
  return ctx.db.transaction(() => {
    const run = getRun(ctx.db, input.runId);
    if (run.status !== 'approved') throw new AppError('INVALID_STATE', 'Laskuaineiston voi muodostaa vasta hyväksytystä laskutusajosta.');
    const jobId = ctx.jobs.enqueue(invoiceMaterialJob, { runId: run.id, outDir: billingOutDir(ctx) }, { subject: invoiceMaterialSubject(run.id), createdBy: ctx.user.id });
    return { jobId };
  })();
}

export async function invoicePdf(ctx: Ctx, input: { invoiceId: string }) {
  const settings = requireBillingSettings(ctx.db);
  const inv = invoiceReader(ctx.db, settings)(input.invoiceId);
  ctx.audit.write({ userId: ctx.user.id, action: 'client.open', entityType: 'invoice_pdf', entityId: inv.id, clientId: inv.clientId });
  const pdf = await renderInvoicePdf(inv, settings, invoiceLayout(ctx.db, ctx.resourcesDir), ctx.clock.now());
  return { fileName: `lasku-${inv.number}.pdf`, base64: pdf.toString('base64') };
}

export async function invoiceXlsx(ctx: Ctx, input: { runId: string }) {
  const run = getRun(ctx.db, input.runId);
  const rows = runInvoices(ctx.db, input.runId);
  const e = (c: number | null) => (c === null ? null : c / 100);
  const buf = await xlsxWorkbook(
    `Laskut ${run.month}`,
    ['Numero', 'Laji', 'Asiakas', 'Viitenumero', 'Summa €', 'Edellinen kk €', 'Muutos €', 'Rivejä', 'Toimitus', 'Tila'],
    rows.map((r) => [r.number, r.kind === 'invoice' ? 'Lasku' : 'Hyvityslasku', r.clientName, r.reference, e(r.totalCents), e(r.previousCents), e(r.differenceCents), r.rows, r.delivery, r.status]),
  );
  ctx.audit.write({ userId: ctx.user.id, action: 'invoices.export', entityType: 'invoice_run', entityId: input.runId, details: { xlsx: rows.length } });
  return { fileName: `laskut-${run.month}.xlsx`, base64: buf.toString('base64') };
}

// ---- Family caregiver payments ------------------------------------------------------------------------

export function careAgreements(ctx: Ctx) {
  return listAgreements(ctx.db, ctx.clock.today());
}

function agreement(ctx: Ctx, id: string) {
  const a = listAgreements(ctx.db, ctx.clock.today(), id)[0];
  if (!a) throw notFound('careAgreement');
  return a;
}

export function dayOff(ctx: Ctx, input: { agreementId: string; day: string; to?: string | undefined }) {
  addDaysOff(runCtx(ctx), input.agreementId, input.day, input.to ?? input.day);
  return agreement(ctx, input.agreementId);
}

export function saveCareTermsHandler(ctx: Ctx, input: z.infer<typeof b.careTermsInput>) {
  const p = parameterSetOn(listParameterSets(ctx.db), ctx.clock.today()).parameters;
  saveCareTerms(runCtx(ctx), input, p.caregiver.healthInterruptionPaidMonths);
  return agreement(ctx, input.agreementId);
}

export function addCareInterruptionHandler(ctx: Ctx, input: z.infer<typeof b.careInterruptionInput>) {
  addCareInterruption(runCtx(ctx), input);
  return agreement(ctx, input.agreementId);
}

export function deleteCareInterruptionHandler(ctx: Ctx, input: { interruptionId: string }) {
  return agreement(ctx, deleteCareInterruption(runCtx(ctx), input.interruptionId));
}

export function caregiverRuns(ctx: Ctx) {
  return (
    ctx.db.prepare('SELECT id, month, status, total_cents, count, created_at, approved_at FROM caregiver_payment_runs ORDER BY month DESC').all() as {
      id: string;
      month: string;
      status: 'draft' | 'approved' | 'cancelled';
      total_cents: number;
      count: number;
      created_at: string;
      approved_at: string | null;
    }[]
  ).map((r) => ({ id: r.id, month: r.month, status: r.status, totalCents: r.total_cents, count: r.count, createdAt: r.created_at, approvedAt: r.approved_at }));
}

export function createCaregiverRun(ctx: Ctx, input: { month: string }) {
  const id = createPaymentRun(runCtx(ctx), input.month);
  return caregiverRuns(ctx).find((r) => r.id === id)!;
}

export function caregiverPayments(ctx: Ctx, input: { runId: string }) {
  const off = daysOffForRun(ctx.db, input.runId);
  return paymentRows(ctx.db, input.runId).map(({ carerHetu, carerIban: _i, ...r }) => {
    const d = off.get(r.agreementId);
    return {
      ...r,
      carerHetuMasked: maskHetuKeepCheck(carerHetu),
      daysOff: d ? { inMonth: d.inMonth, usedToDate: d.usedToDate, earnedToDate: d.earnedToDate, over: d.over } : null,
    };
  });
}

export function approveCaregiverRun(ctx: Ctx, input: { runId: string }) {
  approvePaymentRun(runCtx(ctx), input.runId);
  return caregiverRuns(ctx).find((r) => r.id === input.runId)!;
}

export function caregiverCsv(ctx: Ctx, input: { runId: string }) {
  const r = payrollCsv(ctx.db, input.runId);
  ctx.audit.write({ userId: ctx.user.id, action: 'invoices.export', entityType: 'caregiver_payment_run', entityId: input.runId, details: { csv: r.fileName } });
  return r;
}
