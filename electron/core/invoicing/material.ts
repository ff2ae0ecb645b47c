// The material of an invoice run for the outside world: one Finvoice transmission file of the invoices sent
// through the county's operator (e-invoices routed to each client's bank, paper invoices to the operator's
// print service) and every invoice as a PDF (one file per invoice, named by its number); the invoices to
// deliver by hand (turvakielto without a contact address) are left out of the Finvoice and listed. Files are written to a temporary
// name and renamed, so a run interrupted while writing leaves only complete files and simply carries on.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';
import type { Db } from '../db/connection';
import { letterSettings } from '../letters/settings';
import { collectGarbage } from '../letters/memory';
import { finvoiceMessage, soapEnvelope, type Seller } from './finvoice';
import { renderInvoicePdf, type InvoiceLayout } from './pdf';
import { invoiceReader } from './queries';
import { requireBillingSettings } from './settings';
import { ensurePrivateDir, writePrivateFile } from '../files';

export interface Material {
  finvoice: string;
  pdfDir: string;
  pdfs: number;
  einvoices: number;
  paper: number;
  /** Numbers of the invoices to deliver by hand. */
  manual: number[];
}

/** Invoice material names every client with the amount owed: readable by the user only (core/files.ts). */
const writeAtomic = writePrivateFile;

export function invoiceLayout(db: Db, resourcesDir: string): InvoiceLayout {
  const ls = letterSettings(db);
  const seller: Seller = {
    nameFi: ls.sender.countyNameFi,
    street: ls.sender.street,
    postalCode: ls.sender.postalCode,
    city: ls.sender.city,
    phone: ls.sender.phone,
    email: ls.sender.email,
    web: ls.sender.web,
  };
  return {
    window: ls.window,
    logoSvg: fs.readFileSync(path.join(resourcesDir, 'letters', 'logo.svg'), 'utf8'),
    seller,
    unitName: ls.sender.unitFi,
    // A request for review of an invoice goes to the body that arranges the service (asiakasmaksulaki 15 § 1 mom).
    review: { nameFi: ls.review.nameFi, nameSv: ls.review.nameSv, address: `${ls.review.street}, ${ls.review.postalCode} ${ls.review.city}`, email: ls.review.email },
  };
}

export async function writeRunMaterial(
  db: Db,
  runId: string,
  outDir: string,
  resourcesDir: string,
  now: Date,
  opts: { pdf?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<Material> {
  const run = db.prepare('SELECT month, status FROM invoice_runs WHERE id = ?').get(runId) as { month: string; status: string } | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Laskutusajoa ei löytynyt.');
  if (run.status === 'running' || run.status === 'cancelled') throw new AppError('INVALID_STATE', 'Aineiston voi muodostaa vain valmiista laskutusajosta.');
  const settings = requireBillingSettings(db);
  const layout = invoiceLayout(db, resourcesDir);
  const read = invoiceReader(db, settings);
  const ids = db.prepare("SELECT id FROM invoices WHERE run_id = ? AND status <> 'cancelled' ORDER BY number").pluck().all(runId) as string[];
  try {
    ensurePrivateDir(outDir);
  } catch (e) {
    throw new AppError('VALIDATION', `Kansiota ${outDir} ei voi luoda: ${(e as Error).message}`);
  }
  const timestamp = now.toISOString().slice(0, 19);
  const finvoice = path.join(outDir, `finvoice-${run.month}.xml`);
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  let einvoices = 0;
  let paper = 0;
  const manual: number[] = [];
  for (const id of ids) {
    const inv = read(id);
    if (inv.delivery === 'manual' || (inv.delivery === 'einvoice' && !inv.einvoice)) {
      manual.push(inv.number);
      continue;
    }
    if (inv.delivery === 'einvoice') einvoices++;
    else paper++;
    parts.push(soapEnvelope(inv, settings, timestamp), '\n', finvoiceMessage(inv, settings, layout.seller, timestamp), '\n');
  }
  writeAtomic(finvoice, parts.join(''));
  const pdfDir = path.join(outDir, `laskut-${run.month}`);
  let pdfs = 0;
  if (opts.pdf !== false) {
    ensurePrivateDir(pdfDir);
    for (const [i, id] of ids.entries()) {
      const inv = read(id);
      const file = path.join(pdfDir, `${inv.number}.pdf`);
      if (!fs.existsSync(file)) writeAtomic(file, await renderInvoicePdf(inv, settings, layout, now));
      pdfs++;
      if (i % 200 === 199) {
        collectGarbage();
        opts.onProgress?.(i + 1, ids.length);
      }
    }
  }
  return { finvoice, pdfDir, pdfs, einvoices, paper, manual };
}
