// The monthly invoice run (laskutusajo): draft invoices for every client with fees in the month, each with
// the next running invoice number and a viitenumero made from it. The run writes its invoices in chunks, one
// transaction per chunk together with its cursor, so a run that is killed resumes where it stopped without
// a duplicate (invoices are also unique per run and client). Billing staff review the draft, then approve it;
// approved invoices never change: a mistake is put right with a credit note and the next run's correction.
import { takeNumber } from '../numbers';
import { AppError } from '../../../shared/contract/errors';
import { addDays } from '../../../shared/domain/dates';
import { makeViitenumero } from '../../../shared/domain/payment-references';
import type { AuditLog } from '../audit/audit';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { uuidv7 } from '../ids';
import { ADDRESS_COLUMNS, recipientOfRow, type AddressColumns } from '../letters/model';
import { clientRows, clientsToBill, loadMonthData, type InvoiceRowDraft } from './month';
import { requireBillingSettings } from './settings';
import { listParameterSets, parameterSetOn } from '../fees/parameters';

export interface RunCtx {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  userId: string;
}

export interface RunRow {
  id: string;
  month: string;
  status: 'running' | 'draft' | 'approved' | 'cancelled';
  invoice_date: string;
  due_date: string;
  cursor: string | null;
  previous_run_id: string | null;
  invoice_count: number;
  total_cents: number;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  version: number;
}

export interface RunSummary {
  runId: string;
  month: string;
  invoices: number;
  totalCents: number;
  resumed: boolean;
  seconds: number;
}

const DEFAULT_CHUNK = 2000;

function monthName(month: string): string {
  const [y, m] = month.split('-');
  return `${Number(m)}/${y}`;
}

/**
 * Refuses a month that is already invoiced or in the future; returns a run to (re)start. With `draft: 'resume'`
 * a draft run of the month is returned as resumed instead of refused (the command line finishing the output
 * files of a run killed after its invoices were written; issue 16).
 */
export function openRun(ctx: RunCtx, month: string, opts: { draft?: 'refuse' | 'resume' } = {}): { run: RunRow; resumed: boolean } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('VALIDATION', `Kuukausi on annettava muodossa VVVV-KK, nyt "${month}".`);
  const today = ctx.clock.today();
  if (month > today.slice(0, 7)) throw new AppError('VALIDATION', `Kuukautta ${monthName(month)} ei voi laskuttaa etukäteen.`);
  const settings = requireBillingSettings(ctx.db);
  // A month without fee parameters in force cannot be billed: refused before anything is written (a run
  // started for it was left running, with its audit row; issue 16).
  parameterSetOn(listParameterSets(ctx.db), `${month}-01`);
  let result: { run: RunRow; resumed: boolean } | null = null;
  ctx.db.transaction(() => {
    const existing = ctx.db.prepare("SELECT * FROM invoice_runs WHERE month = ? AND status <> 'cancelled'").get(month) as RunRow | undefined;
    if (existing?.status === 'running' || (existing?.status === 'draft' && opts.draft === 'resume')) {
      result = { run: existing, resumed: true };
      return;
    }
    if (existing)
      throw new AppError(
        'INVALID_STATE',
        existing.status === 'approved'
          ? `Kuukausi ${monthName(month)} on jo laskutettu (ajo hyväksytty ${existing.approved_at?.slice(0, 10)}). Korjaa yksittäisiä laskuja hyvityslaskulla.`
          : `Kuukaudelle ${monthName(month)} on jo laskutusajon luonnos. Hyväksy se tai peru se ennen uutta ajoa.`,
      );
    const previous = ctx.db.prepare("SELECT id FROM invoice_runs WHERE month < ? AND status IN ('draft','approved') ORDER BY month DESC LIMIT 1").pluck().get(month) as string | undefined;
    const now = ctx.clock.now().toISOString();
    const id = uuidv7(ctx.clock.now().getTime());
    const row = {
      id,
      month,
      invoice_date: today,
      due_date: addDays(today, settings.dueDays),
      previous_run_id: previous ?? null,
      created_by: ctx.userId,
      created_at: now,
      updated_at: now,
    };
    ctx.db
      .prepare(
        `INSERT INTO invoice_runs (id, month, status, invoice_date, due_date, previous_run_id, created_by, created_at, updated_at)
         VALUES (@id, @month, 'running', @invoice_date, @due_date, @previous_run_id, @created_by, @created_at, @updated_at)`,
      )
      .run(row);
    ctx.audit.write({ userId: ctx.userId, action: 'invoices.run', entityType: 'invoice_run', entityId: id, details: { month } });
    result = { run: ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(id) as RunRow, resumed: false };
  })();
  return result!;
}

/**
 * Bills the clients of a run that are not billed yet, a chunk per transaction. `yieldBetween` lets the host
 * breathe between chunks; `onProgress` reports clients done of all.
 */
export async function continueRun(
  ctx: RunCtx,
  runId: string,
  opts: {
    yieldBetween?: () => Promise<void>;
    onProgress?: (done: number, total: number) => void;
    stopAfterChunks?: number;
    chunkSize?: number;
    /** Reserves invoice numbers for the invoices still to make (a workstation syncing with a central database). */
    reserveNumbers?: (needed: number, firstNumber: number) => Promise<void>;
    /** Stops before the next chunk when aborted (a cancelled or shut-down job): the run stays 'running' with its cursor. */
    signal?: AbortSignal;
  } = {},
): Promise<RunRow> {
  const run = ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Laskutusajoa ei löytynyt.');
  if (run.status !== 'running') return run;
  const since = run.previous_run_id
    ? (ctx.db.prepare('SELECT created_at FROM invoice_runs WHERE id = ?').pluck().get(run.previous_run_id) as string)
    : null;
  const data = loadMonthData(ctx.db, run.month, since, ctx.clock.today());
  const all = clientsToBill(data);
  let start = run.cursor === null ? 0 : all.findIndex((id) => id > run.cursor!);
  if (start < 0) start = all.length;
  const firstNumber = requireBillingSettings(ctx.db).firstInvoiceNumber;
  await opts.reserveNumbers?.(all.length - start, firstNumber);
  const client = ctx.db.prepare(`SELECT c.id, c.language, c.einvoice_address, c.einvoice_intermediator, ${ADDRESS_COLUMNS} FROM clients c WHERE c.id = ?`);
  const insInvoice = ctx.db.prepare(
    `INSERT INTO invoices (id, run_id, client_id, kind, number, reference, month, invoice_date, due_date, total_cents, status, delivery, recipient_json, created_at, updated_at)
     VALUES (@id, @run_id, @client_id, 'invoice', @number, @reference, @month, @invoice_date, @due_date, @total_cents, 'draft', @delivery, @recipient_json, @now, @now)`,
  );
  const insRow = ctx.db.prepare(
    `INSERT INTO invoice_rows (id, invoice_id, sort, row_type, service_code, fee_decision_id, service_month, period_from, period_to, quantity, unit,
       unit_price_cents, amount_cents, description_fi, description_sv, basis_json, counts_to_ceiling)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const advance = ctx.db.prepare(
    'UPDATE invoice_runs SET cursor = ?, invoice_count = invoice_count + ?, total_cents = total_cents + ?, updated_at = ? WHERE id = ? AND status = \'running\'',
  );
  let chunks = 0;
  const CHUNK = opts.chunkSize ?? DEFAULT_CHUNK;
  const current = ctx.db.prepare('SELECT status FROM invoice_runs WHERE id = ?').pluck();
  for (let i = start; i < all.length; i += CHUNK) {
    if (opts.signal?.aborted) return ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(run.id) as RunRow;
    const slice = all.slice(i, i + CHUNK);
    let gone = false;
    ctx.db.transaction(() => {
      // Cancelled meanwhile (invoices.cancel while the run was interrupted or running): nothing more is billed.
      if (current.get(run.id) !== 'running') {
        gone = true;
        return;
      }
      const nowMs = ctx.clock.now().getTime();
      const now = new Date(nowMs).toISOString();
      let count = 0;
      let total = 0;
      for (const clientId of slice) {
        const rows: InvoiceRowDraft[] = clientRows(data, clientId);
        const sum = rows.reduce((s, r) => s + r.amountCents, 0);
        if (rows.length === 0 || sum === 0) continue;
        const c = client.get(clientId) as (AddressColumns & { id: string; language: string; einvoice_address: string | null; einvoice_intermediator: string | null }) | undefined;
        if (!c) continue;
        const recipient = recipientOfRow(c);
        const einvoice = c.einvoice_address && c.einvoice_intermediator ? { address: c.einvoice_address, intermediator: c.einvoice_intermediator } : null;
        const number = takeNumber(ctx.db, 'invoice', 0, firstNumber);
        const reference = makeViitenumero(String(number));
        if (!reference.ok) throw new Error(reference.error);
        const invoiceId = uuidv7(nowMs);
        insInvoice.run({
          id: invoiceId,
          run_id: run.id,
          client_id: clientId,
          number,
          reference: reference.value,
          month: run.month,
          invoice_date: run.invoice_date,
          due_date: run.due_date,
          total_cents: sum,
          // A client with an e-invoice receiving agreement gets the invoice through their bank (no address
          // needed, so also under turvakielto); otherwise on paper, or by hand when no address may be printed.
          delivery: einvoice ? 'einvoice' : recipient.delivery === 'print' ? 'paper' : 'manual',
          recipient_json: JSON.stringify({ name: `${c.last_name} ${c.first_names}`, lines: recipient.lines, language: c.language, protected: recipient.protected, einvoice }),
          now,
        });
        rows.forEach((r, sort) =>
          insRow.run(
            uuidv7(nowMs),
            invoiceId,
            sort,
            r.rowType,
            r.serviceCode,
            r.feeDecisionId,
            r.serviceMonth,
            r.periodFrom,
            r.periodTo,
            r.quantity,
            r.unit,
            r.unitPriceCents,
            r.amountCents,
            r.descriptionFi,
            r.descriptionSv,
            JSON.stringify(r.basis),
            r.countsToCeiling ? 1 : 0,
          ),
        );
        count++;
        total += sum;
      }
      advance.run(slice[slice.length - 1]!, count, total, now, run.id);
    })();
    if (gone) return ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(run.id) as RunRow;
    chunks++;
    opts.onProgress?.(Math.min(i + CHUNK, all.length), all.length);
    if (opts.stopAfterChunks !== undefined && chunks >= opts.stopAfterChunks && i + CHUNK < all.length)
      return ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(run.id) as RunRow;
    if (opts.yieldBetween) await opts.yieldBetween();
  }
  if (opts.signal?.aborted) return ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(run.id) as RunRow;
  ctx.db.transaction(() => {
    ctx.db.prepare("UPDATE invoice_runs SET status = 'draft', version = version + 1, updated_at = ? WHERE id = ? AND status = 'running'").run(ctx.clock.now().toISOString(), run.id);
  })();
  opts.onProgress?.(all.length, all.length);
  return ctx.db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(run.id) as RunRow;
}

/** Creates (or resumes) and completes the run of a month. */
export async function runMonth(ctx: RunCtx, month: string, opts: Parameters<typeof continueRun>[2] & { draft?: 'refuse' | 'resume' } = {}): Promise<RunSummary> {
  const started = performance.now();
  const { run, resumed } = openRun(ctx, month, { draft: opts.draft });
  const done = await continueRun(ctx, run.id, opts);
  return {
    runId: done.id,
    month: done.month,
    invoices: done.invoice_count,
    totalCents: done.total_cents,
    resumed,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

export function getRun(db: Db, runId: string): RunRow {
  const run = db.prepare('SELECT * FROM invoice_runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Laskutusajoa ei löytynyt.');
  return run;
}

/** Approves a draft run: its invoices become final and are ready for Finvoice and printing. */
export function approveRun(ctx: RunCtx, runId: string, version: number): RunRow {
  ctx.db.transaction(() => {
    const run = getRun(ctx.db, runId);
    if (run.status !== 'draft') throw new AppError('INVALID_STATE', run.status === 'running' ? 'Laskutusajo on kesken; vie se loppuun ensin.' : 'Vain luonnosvaiheen laskutusajon voi hyväksyä.');
    if (run.version !== version) throw new AppError('CONFLICT', 'Laskutusajoa muutettiin samaan aikaan toisaalla. Päivitä näkymä.');
    const now = ctx.clock.now().toISOString();
    ctx.db.prepare("UPDATE invoices SET status = 'approved', version = version + 1, updated_at = ? WHERE run_id = ? AND status = 'draft'").run(now, runId);
    ctx.db.prepare("UPDATE invoice_runs SET status = 'approved', approved_by = ?, approved_at = ?, version = version + 1, updated_at = ? WHERE id = ?").run(ctx.userId, now, now, runId);
    ctx.audit.write({ userId: ctx.userId, action: 'invoices.approve', entityType: 'invoice_run', entityId: runId, details: { month: run.month, invoices: run.invoice_count, totalCents: run.total_cents } });
  })();
  return getRun(ctx.db, runId);
}

/** Cancels a draft (or interrupted) run; its invoice numbers stay used, the month may be run again. */
export function cancelRun(ctx: RunCtx, runId: string, version: number): RunRow {
  ctx.db.transaction(() => {
    const run = getRun(ctx.db, runId);
    if (run.status !== 'draft' && run.status !== 'running') throw new AppError('INVALID_STATE', 'Hyväksyttyä laskutusajoa ei voi perua; käytä hyvityslaskuja.');
    if (run.version !== version) throw new AppError('CONFLICT', 'Laskutusajoa muutettiin samaan aikaan toisaalla. Päivitä näkymä.');
    const now = ctx.clock.now().toISOString();
    ctx.db.prepare("UPDATE invoices SET status = 'cancelled', version = version + 1, updated_at = ? WHERE run_id = ? AND status = 'draft'").run(now, runId);
    ctx.db.prepare("UPDATE invoice_runs SET status = 'cancelled', version = version + 1, updated_at = ? WHERE id = ?").run(now, runId);
    ctx.audit.write({ userId: ctx.userId, action: 'invoices.cancel', entityType: 'invoice_run', entityId: runId, details: { month: run.month } });
  })();
  return getRun(ctx.db, runId);
}

/**
 * A credit note (hyvityslasku) for an approved invoice: the same rows with opposite amounts, a number and
 * reference of its own, approved at once. The next monthly run re-bills what is due for that month.
 */
export function creditInvoice(ctx: RunCtx, invoiceId: string): { creditNoteId: string; number: number } {
  let out: { creditNoteId: string; number: number } | null = null;
  ctx.db.transaction(() => {
    const inv = ctx.db.prepare('SELECT * FROM invoices WHERE id = ?').get(invoiceId) as
      | { id: string; client_id: string; kind: string; status: string; month: string; number: number; total_cents: number; delivery: string; recipient_json: string }
      | undefined;
    if (!inv) throw new AppError('NOT_FOUND', 'Laskua ei löytynyt.');
    if (inv.kind !== 'invoice') throw new AppError('INVALID_STATE', 'Hyvityslaskua ei voi hyvittää.');
    if (inv.status !== 'approved') throw new AppError('INVALID_STATE', 'Vain hyväksytyn laskun voi hyvittää; luonnoksen voi perua koko ajon mukana.');
    if (ctx.db.prepare('SELECT 1 FROM invoices WHERE credits_invoice_id = ?').get(invoiceId)) throw new AppError('INVALID_STATE', `Lasku ${inv.number} on jo hyvitetty.`);
    const settings = requireBillingSettings(ctx.db);
    const number = takeNumber(ctx.db, 'invoice', 0, settings.firstInvoiceNumber);
    const reference = makeViitenumero(String(number));
    if (!reference.ok) throw new Error(reference.error);
    const now = ctx.clock.now();
    const id = uuidv7(now.getTime());
    const today = ctx.clock.today();
    ctx.db
      .prepare(
        `INSERT INTO invoices (id, run_id, client_id, kind, credits_invoice_id, number, reference, month, invoice_date, due_date, total_cents, status, delivery, recipient_json, created_at, updated_at)
         VALUES (?, NULL, ?, 'credit_note', ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
      )
      .run(id, inv.client_id, inv.id, number, reference.value, inv.month, today, today, -inv.total_cents, inv.delivery, inv.recipient_json, now.toISOString(), now.toISOString());
    ctx.db
      .prepare(
        `INSERT INTO invoice_rows (id, invoice_id, sort, row_type, service_code, fee_decision_id, service_month, period_from, period_to, quantity, unit,
           unit_price_cents, amount_cents, description_fi, description_sv, basis_json, counts_to_ceiling)
         SELECT ? || '-' || sort, ?, sort, 'credit', service_code, fee_decision_id, service_month, period_from, period_to, -quantity, unit, unit_price_cents,
           -amount_cents, 'Hyvitys: ' || description_fi, 'Gottgörelse: ' || description_sv, basis_json, counts_to_ceiling
         FROM invoice_rows WHERE invoice_id = ? ORDER BY sort`,
      )
      .run(id, id, inv.id);
    // Rows first, then approved: an approved invoice's rows can never be added to (trigger).
    ctx.db.prepare("UPDATE invoices SET status = 'approved' WHERE id = ?").run(id);
    ctx.audit.write({ userId: ctx.userId, action: 'invoices.credit', entityType: 'invoice', entityId: id, clientId: inv.client_id, details: { credits: inv.number, number } });
    out = { creditNoteId: id, number };
  })();
  return out!;
}

