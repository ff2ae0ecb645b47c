// Reading invoices: a run's invoices for the review grid (with the difference to the client's previous
// month), and one invoice in full for its PDF, its Finvoice message and the detail view.
import { AppError } from '../../../shared/contract/errors';
import { bankBarcode, rfFromReference } from '../../../shared/domain/payment-references';
import type { Db } from '../db/connection';
import type { BillingSettings } from '../../../shared/contract/billing-schemas';

export interface InvoiceListRow {
  id: string;
  number: number;
  kind: 'invoice' | 'credit_note';
  clientId: string;
  clientName: string;
  reference: string;
  totalCents: number;
  previousCents: number | null;
  differenceCents: number | null;
  rows: number;
  delivery: 'paper' | 'einvoice' | 'manual';
  status: 'draft' | 'approved' | 'cancelled';
  credited: boolean;
}

export function runInvoices(db: Db, runId: string): InvoiceListRow[] {
  const run = db.prepare('SELECT previous_run_id FROM invoice_runs WHERE id = ?').get(runId) as { previous_run_id: string | null } | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Laskutusajoa ei löytynyt.');
  const rows = db
    .prepare(
      `SELECT i.id, i.number, i.kind, i.client_id, c.last_name || ' ' || c.first_names AS client_name, i.reference, i.total_cents, i.delivery, i.status,
         (SELECT COUNT(*) FROM invoice_rows r WHERE r.invoice_id = i.id) AS row_count,
         (SELECT p.total_cents FROM invoices p WHERE p.run_id = @prev AND p.client_id = i.client_id AND p.kind = 'invoice') AS previous_cents,
         EXISTS (SELECT 1 FROM invoices x WHERE x.credits_invoice_id = i.id) AS credited
       FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.run_id = @run ORDER BY i.number`,
    )
    .all({ run: runId, prev: run.previous_run_id }) as {
    id: string;
    number: number;
    kind: 'invoice' | 'credit_note';
    client_id: string;
    client_name: string;
    reference: string;
    total_cents: number;
    delivery: InvoiceListRow['delivery'];
    status: InvoiceListRow['status'];
    row_count: number;
    previous_cents: number | null;
    credited: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    clientId: r.client_id,
    clientName: r.client_name,
    reference: r.reference,
    totalCents: r.total_cents,
    previousCents: r.previous_cents,
    differenceCents: r.previous_cents === null ? null : r.total_cents - r.previous_cents,
    rows: r.row_count,
    delivery: r.delivery,
    status: r.status,
    credited: r.credited === 1,
  }));
}

export interface InvoiceFull {
  id: string;
  number: number;
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'approved' | 'cancelled';
  clientId: string;
  clientName: string;
  hetu: string;
  language: 'fi' | 'sv';
  recipient: string[];
  delivery: 'paper' | 'einvoice' | 'manual';
  /** The client's e-invoice address and their bank's intermediator code when the invoice was made. */
  einvoice: { address: string; intermediator: string } | null;
  month: string;
  invoiceDate: string;
  dueDate: string;
  reference: string;
  rf: string;
  totalCents: number;
  barcode: string;
  creditsNumber: number | null;
  creditsDate: string | null;
  lines: {
    rowType: string;
    description: string;
    descriptionFi: string;
    descriptionSv: string;
    serviceMonth: string;
    periodFrom: string;
    periodTo: string;
    quantity: number;
    unit: string;
    unitPriceCents: number;
    amountCents: number;
    countsToCeiling: boolean;
    basis: string;
  }[];
}

/** Prepared statements for reading many invoices in full (PDFs and Finvoice of a whole run). */
export function invoiceReader(db: Db, settings: BillingSettings) {
  const head = db.prepare(
    `SELECT i.*, c.last_name || ' ' || c.first_names AS client_name, c.hetu, c.language, o.number AS credits_number, o.invoice_date AS credits_date
     FROM invoices i JOIN clients c ON c.id = i.client_id LEFT JOIN invoices o ON o.id = i.credits_invoice_id WHERE i.id = ?`,
  );
  const lines = db.prepare('SELECT * FROM invoice_rows WHERE invoice_id = ? ORDER BY sort');
  return (invoiceId: string): InvoiceFull => {
    const i = head.get(invoiceId) as
      | {
          id: string;
          number: number;
          kind: InvoiceFull['kind'];
          status: InvoiceFull['status'];
          client_id: string;
          client_name: string;
          hetu: string;
          language: 'fi' | 'sv';
          recipient_json: string;
          delivery: InvoiceFull['delivery'];
          month: string;
          invoice_date: string;
          due_date: string;
          reference: string;
          total_cents: number;
          credits_number: number | null;
          credits_date: string | null;
        }
      | undefined;
    if (!i) throw new AppError('NOT_FOUND', 'Laskua ei löytynyt.');
    const rf = rfFromReference(i.reference);
    const code = bankBarcode({ iban: settings.iban, amountCents: Math.max(0, i.total_cents), reference: i.reference, due: i.due_date });
    const recipient = JSON.parse(i.recipient_json) as { lines: string[]; einvoice?: InvoiceFull['einvoice'] };
    return {
      id: i.id,
      number: i.number,
      kind: i.kind,
      status: i.status,
      clientId: i.client_id,
      clientName: i.client_name,
      hetu: i.hetu,
      language: i.language,
      recipient: recipient.lines,
      delivery: i.delivery,
      einvoice: i.delivery === 'einvoice' ? (recipient.einvoice ?? null) : null,
      month: i.month,
      invoiceDate: i.invoice_date,
      dueDate: i.due_date,
      reference: i.reference,
      rf: rf.ok ? rf.value : '',
      totalCents: i.total_cents,
      barcode: code.ok ? code.value : '',
      creditsNumber: i.credits_number,
      creditsDate: i.credits_date,
      lines: (
        lines.all(invoiceId) as {
          row_type: string;
          description_fi: string;
          description_sv: string;
          service_month: string;
          period_from: string;
          period_to: string;
          quantity: number;
          unit: string;
          unit_price_cents: number;
          amount_cents: number;
          counts_to_ceiling: number;
          basis_json: string;
        }[]
      ).map((r) => ({
        rowType: r.row_type,
        description: i.language === 'sv' ? r.description_sv : r.description_fi,
        descriptionFi: r.description_fi,
        descriptionSv: r.description_sv,
        serviceMonth: r.service_month,
        periodFrom: r.period_from,
        periodTo: r.period_to,
        quantity: r.quantity,
        unit: r.unit,
        unitPriceCents: r.unit_price_cents,
        amountCents: r.amount_cents,
        countsToCeiling: r.counts_to_ceiling === 1,
        basis: r.basis_json,
      })),
    };
  };
}
