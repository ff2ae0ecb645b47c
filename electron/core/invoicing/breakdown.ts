// What a month's invoice run consists of, for the billing staff's review before approval: counts and sums by
// service, by area and by delivery channel, and the invoices that need a second look — a client billed for
// regular home care and for 24-hour service housing for the same days of the month (a service that should have
// ended when the other began), and an invoice that changed much from the client's previous month. Each finding
// names its invoices, so the review grid can show exactly them.
import { AppError } from '../../../shared/contract/errors';
import { BIG_CHANGE, type InvoiceChannel } from '../../../shared/domain/fees/invoice-review';
import type { Db } from '../db/connection';
import { clientRouter } from '../delivery/routing';

export interface BreakdownLine {
  key: string;
  invoices: number;
  cents: number;
}

export interface Anomaly {
  kind: 'overlap' | 'bigChange';
  invoiceId: string;
  number: number;
  clientName: string;
  /** overlap: the overlapping days; bigChange: the previous and this month's totals. */
  from: string | null;
  to: string | null;
  previousCents: number | null;
  totalCents: number;
}

export interface RunBreakdown {
  byService: BreakdownLine[];
  /** Names of the support services of the catalogue among byService (the fee kinds are worded by the window). */
  serviceNames: { code: string; fi: string; sv: string }[];
  bigChange: { cents: number; percent: number };
  byArea: BreakdownLine[];
  byChannel: (BreakdownLine & { key: InvoiceChannel })[];
  anomalies: Anomaly[];
}

function add(m: Map<string, { invoices: Set<string>; cents: number }>, key: string, invoiceId: string, cents: number): void {
  let x = m.get(key);
  if (!x) m.set(key, (x = { invoices: new Set(), cents: 0 }));
  x.invoices.add(invoiceId);
  x.cents += cents;
}

function lines(m: Map<string, { invoices: Set<string>; cents: number }>): BreakdownLine[] {
  return [...m].map(([key, x]) => ({ key, invoices: x.invoices.size, cents: x.cents })).sort((a, b) => b.cents - a.cents || a.key.localeCompare(b.key));
}

export function runBreakdown(db: Db, runId: string, today: string): RunBreakdown {
  const run = db.prepare('SELECT previous_run_id FROM invoice_runs WHERE id = ?').get(runId) as { previous_run_id: string | null } | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Laskutusajoa ei löytynyt.');
  const invoices = db
    .prepare(
      `SELECT i.id, i.number, i.kind, i.client_id, i.total_cents, i.delivery, json_extract(i.recipient_json, '$.einvoice.address') AS einvoice_address, c.area_id, c.last_name || ' ' || c.first_names AS client_name,
         (SELECT p.total_cents FROM invoices p WHERE p.run_id = @prev AND p.client_id = i.client_id AND p.kind = 'invoice' AND p.status <> 'cancelled') AS previous_cents,
         (SELECT d.route FROM deliveries d WHERE d.invoice_id = i.id ORDER BY d.attempt DESC LIMIT 1) AS route
       FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.run_id = @run AND i.status <> 'cancelled' ORDER BY i.number`,
    )
    .all({ run: runId, prev: run.previous_run_id }) as {
    id: string;
    number: number;
    kind: 'invoice' | 'credit_note';
    client_id: string;
    total_cents: number;
    delivery: 'paper' | 'einvoice' | 'manual';
    einvoice_address: string | null;
    area_id: string;
    client_name: string;
    previous_cents: number | null;
    route: 'suomifi' | 'suomifi_paper' | 'ekirje' | 'manual' | null;
  }[];
  const byService = new Map<string, { invoices: Set<string>; cents: number }>();
  for (const r of db
    .prepare(
      `SELECT r.invoice_id, CASE WHEN r.row_type = 'correction' THEN 'correction' ELSE r.service_code END AS service, SUM(r.amount_cents) AS cents
       FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id WHERE i.run_id = ? AND i.status <> 'cancelled' GROUP BY r.invoice_id, service`,
    )
    .all(runId) as { invoice_id: string; service: string; cents: number }[])
    add(byService, r.service, r.invoice_id, r.cents);

  const byArea = new Map<string, { invoices: Set<string>; cents: number }>();
  const byChannel = new Map<string, { invoices: Set<string>; cents: number }>();
  // The channel a paper invoice goes by: the delivery already made, or the route the material would take now.
  let router: ReturnType<typeof clientRouter> | null = null;
  const channelOf = (i: (typeof invoices)[number]): InvoiceChannel => {
    if (i.delivery === 'manual') return 'manual';
    if (i.delivery === 'einvoice' && i.einvoice_address) return 'einvoice';
    const route = i.route ?? (router ??= clientRouter(db, today)).route(i.client_id).route;
    if (route === 'suomifi') return 'suomifi';
    if (route === 'suomifi_paper') return 'suomifi_paper';
    if (route === 'manual') return 'manual';
    return 'print';
  };
  const anomalies: Anomaly[] = [];
  for (const i of invoices) {
    add(byArea, i.area_id, i.id, i.total_cents);
    add(byChannel, channelOf(i), i.id, i.total_cents);
    if (i.kind !== 'invoice' || i.previous_cents === null) continue;
    const diff = Math.abs(i.total_cents - i.previous_cents);
    if (diff > BIG_CHANGE.cents || (i.previous_cents > 0 && diff * 100 > i.previous_cents * BIG_CHANGE.percent))
      anomalies.push({ kind: 'bigChange', invoiceId: i.id, number: i.number, clientName: i.client_name, from: null, to: null, previousCents: i.previous_cents, totalCents: i.total_cents });
  }

  // Home care and 24-hour service housing charged for the same days of this month's service (not corrections).
  const byId = new Map(invoices.map((i) => [i.id, i]));
  for (const o of db
    .prepare(
      `SELECT h.invoice_id, MAX(h.period_from, l.period_from) AS from_day, MIN(h.period_to, l.period_to) AS to_day
       FROM invoice_rows h JOIN invoice_rows l ON l.invoice_id = h.invoice_id AND l.row_type = 'long_term' AND l.service_month = h.service_month
       JOIN invoices i ON i.id = h.invoice_id
       WHERE i.run_id = ? AND i.status <> 'cancelled' AND h.row_type = 'home_care' AND h.period_from <= l.period_to AND l.period_from <= h.period_to
       GROUP BY h.invoice_id`,
    )
    .all(runId) as { invoice_id: string; from_day: string; to_day: string }[]) {
    const i = byId.get(o.invoice_id)!;
    anomalies.push({ kind: 'overlap', invoiceId: i.id, number: i.number, clientName: i.client_name, from: o.from_day, to: o.to_day, previousCents: i.previous_cents, totalCents: i.total_cents });
  }
  anomalies.sort((a, b) => (a.kind === b.kind ? a.number - b.number : a.kind === 'overlap' ? -1 : 1));
  const serviceNames = (db.prepare('SELECT code, name_fi, name_sv FROM services').all() as { code: string; name_fi: string; name_sv: string }[])
    .filter((s) => byService.has(s.code))
    .map((s) => ({ code: s.code, fi: s.name_fi, sv: s.name_sv }));
  return {
    byService: lines(byService),
    serviceNames,
    bigChange: { cents: BIG_CHANGE.cents, percent: BIG_CHANGE.percent },
    byArea: lines(byArea),
    byChannel: lines(byChannel) as RunBreakdown['byChannel'],
    anomalies,
  };
}
