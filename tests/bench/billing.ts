// Billing speed on the 30,000-client county: every client is given a home-care service and an income (so the
// run bills them all), then the fee recalculation after a parameter change and the monthly invoice run are
// timed, with the Finvoice transmission and invoice PDF throughput printed beside them.
import fs from 'node:fs';
import path from 'node:path';
import { fixedDateClock } from '../../electron/core/clock';
import { AuditLog } from '../../electron/core/audit/audit';
import { openDatabase } from '../../electron/core/db/connection';
import { recalculateAllFees, signFeeDecisions } from '../../electron/core/fees/decisions';
import { listParameterSets, saveParameterSet } from '../../electron/core/fees/parameters';
import { runMonth } from '../../electron/core/invoicing/run';
import { writeRunMaterial, invoiceLayout } from '../../electron/core/invoicing/material';
import { invoiceReader } from '../../electron/core/invoicing/queries';
import { renderInvoicePdf } from '../../electron/core/invoicing/pdf';
import { requireBillingSettings } from '../../electron/core/invoicing/settings';
import { findResourcesDir } from '../../electron/core/core';
import { uuidv7 } from '../../electron/core/ids';
import { ensureDemoLetterSettings } from '../../electron/core/letters/settings';
import { installCapture } from '../../electron/core/sync/capture';

type Report = (name: string, value: string, target: string, ok: boolean | null) => void;

export async function benchBilling(report: Report, dbPath: string, dir: string, today: string): Promise<void> {
  const db = openDatabase(dbPath);
  installCapture(db); // as the app runs: every change also goes to the sync outbox
  const clock = fixedDateClock(today);
  const userId = db.prepare("SELECT id FROM users WHERE role = 'billing' ORDER BY username LIMIT 1").pluck().get() as string;
  const ctx = { db, clock, audit: new AuditLog(db, clock), userId };
  ensureDemoLetterSettings(db, dbPath, clock.now()); // the invoice letterhead and window come from the letter settings

  // Setup (not timed): a home-care service and a pension for every client without a fee-bearing service.
  const maker = db.prepare("SELECT id FROM users WHERE role = 'social_worker' LIMIT 1").pluck().get() as string;
  const missing = db
    .prepare(
      `SELECT id FROM clients c WHERE deleted = 0 AND NOT EXISTS (SELECT 1 FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       WHERE d.client_id = c.id AND ds.service_code IN ('home_care','service_housing_24h') AND d.status IN ('signed','sent'))`,
    )
    .pluck()
    .all() as string[];
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON'); // services go in before their (made, thus frozen) decision
    const year = 2025;
    let n = (db.prepare('SELECT last FROM decision_numbers WHERE year = ?').pluck().get(year) as number | undefined) ?? 0;
    const insLine = db.prepare("INSERT INTO decision_services (id, decision_id, sort, service_code, amount, start_date, provider_kind) VALUES (?, ?, 0, 'home_care', ?, '2025-06-01', 'own')");
    const insD = db.prepare(`INSERT INTO decisions (id, client_id, kind, outcome, status, legal_basis, drafted_by, decision_maker_id, number, number_year, decided_on, signed_at,
        sent_on, send_channel, created_at, updated_at) VALUES (?, ?, 'service', 'grant', 'sent', 'SHL 19 a §', ?, ?, ?, ?, '2025-05-20', '2025-05-20T10:00:00Z', '2025-05-21', 'letter', ?, ?)`);
    // The service started on its planned day (fees run from the actual start: service_periods).
    const insPeriod = db.prepare(`INSERT INTO service_periods (decision_service_id, decision_id, client_id, service_code, decided_on, status, started_on, start_source, updated_at)
        VALUES (?, ?, ?, 'home_care', '2025-05-20', 'started', '2025-06-01', 'worker', ?)`);
    const insIncome = db.prepare(`INSERT INTO incomes (id, client_id, person, kind, gross_cents, net_cents, taxable, counted, valid_from, updated_at)
        VALUES (?, ?, 'client', 'earnings_pension', ?, ?, 1, 1, '2024-01-01', ?)`);
    const now = clock.now().getTime();
    missing.forEach((c, i) => {
      const id = uuidv7(now);
      const line = uuidv7(now);
      insLine.run(line, id, 5 + (i % 40));
      insD.run(id, c, maker, maker, ++n, year, clock.now().toISOString(), clock.now().toISOString());
      insPeriod.run(line, id, c, clock.now().toISOString());
      const gross = 90000 + ((i * 7919) % 250000);
      insIncome.run(uuidv7(now), c, gross, Math.round(gross * 0.8), clock.now().toISOString());
    });
    db.prepare('INSERT INTO decision_numbers (year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET last = excluded.last').run(year, n);
  })();
  // Their first fee decisions (the 2026 parameters), signed: also not the timed part.
  const first = recalculateAllFees(ctx, '2026-01-01', 'parameters');
  const drafts = db.prepare("SELECT f.decision_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE d.status = 'draft'").pluck().all() as string[];
  let t = performance.now();
  signFeeDecisions({ ...ctx, userRoleMayDecide: true }, drafts);
  report(`Signing ${drafts.length} fee decisions in one transaction`, `${((performance.now() - t) / 1000).toFixed(2)} s`, 'printed', null);
  void first;

  // The parameter change: income limits of 2027 (+3 %), then every fee recalculated from 1.1.2027.
  const p = structuredClone(listParameterSets(db).at(-1)!.parameters);
  p.validFrom = '2027-01-01';
  p.validTo = null;
  p.source = 'Bench: indeksitarkistus 2027';
  p.homeCare.incomeLimitsCents = p.homeCare.incomeLimitsCents.map((c) => Math.round(c * 1.03));
  saveParameterSet(db, { id: null, version: null, parameters: p }, userId, clock.now());
  const r = recalculateAllFees(ctx, '2027-01-01', 'parameters');
  report(`Fee recalculation for all clients after a parameter change (${r.checked} fees, ${r.drafts} drafts)`, `${r.seconds.toFixed(2)} s`, 'target < 2 s', r.seconds < 2);

  // The monthly invoice run for November 2026.
  t = performance.now();
  const run = await runMonth(ctx, '2026-11');
  const runS = (performance.now() - t) / 1000;
  report(`Invoice run for ${run.invoices.toLocaleString('fi-FI')} clients (${(run.totalCents / 100).toLocaleString('fi-FI')} €)`, `${runS.toFixed(2)} s`, 'target < 10 s', runS < 10);

  const out = path.join(dir, 'laskutus');
  t = performance.now();
  const m = await writeRunMaterial(db, run.runId, out, findResourcesDir(), clock.now(), { pdf: false });
  report(`Finvoice transmission of ${run.invoices} invoices (${(fs.statSync(m.finvoice).size / 1e6).toFixed(0)} MB)`, `${((performance.now() - t) / 1000).toFixed(2)} s`, 'printed', null);

  const settings = requireBillingSettings(db);
  const read = invoiceReader(db, settings);
  const layout = invoiceLayout(db, findResourcesDir());
  const ids = db.prepare('SELECT id FROM invoices WHERE run_id = ? ORDER BY number LIMIT 300').pluck().all(run.runId) as string[];
  t = performance.now();
  for (const id of ids) await renderInvoicePdf(read(id), settings, layout, clock.now());
  const rate = ids.length / ((performance.now() - t) / 1000);
  report('Invoice PDFs (PDF/A-2b with barcode)', `${rate.toFixed(0)} invoices/s`, 'printed', null);
  db.close();
}
