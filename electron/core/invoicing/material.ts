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
import type { InvoiceLayout } from './pdf';
import { invoiceReader } from './queries';
import { requireBillingSettings } from './settings';
import { ensurePrivateDir, writePrivateFile } from '../files';
import { helsinkiDate } from '../../../shared/domain/dates';
import { createDelivery, deviceIdOf, type DeliveryCtx } from '../delivery/deliveries';
import { clientRouter } from '../delivery/routing';
import { checkMailboxes, SenderStopped, SuomifiSender } from '../suomifi/sender';
import { claimAttempts, type Claim, type ClaimOutcome } from '../delivery/claims';
import { msg } from '../../../shared/messages';
import { suomifiAvailability, suomifiClient } from '../suomifi/settings';
import { SuomifiError } from '../suomifi/client';
import { invoicePdfRenderer, type RenderMode } from '../letters/render';

export interface Material {
  finvoice: string;
  pdfDir: string;
  pdfs: number;
  einvoices: number;
  paper: number;
  /** Numbers of the invoices to deliver by hand. */
  manual: number[];
  /** Invoices delivered through Suomi.fi Messages (electronic, or Suomi.fi's paper), and those it refused. */
  suomifi: number;
  suomifiFailed: number;
  /** Invoices another workstation is sending: left out of this material altogether. */
  elsewhere: number;
  /** Where the PDFs written this time were rendered: a worker thread, this thread, or none were needed. */
  renderedIn: RenderMode | null;
}

/** Thrown by writeRunMaterial when its signal stopped it: the files written so far are complete and stay. */
export class MaterialStopped extends Error {
  constructor() {
    super('invoice material stopped');
    this.name = 'MaterialStopped';
  }
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

/** The files of a run's material that are not in `outDir` yet (the Finvoice file, PDFs by invoice number). */
export function missingMaterial(db: Db, runId: string, outDir: string, opts: { pdf?: boolean } = {}): { finvoice: boolean; pdfs: number[] } {
  const month = db.prepare('SELECT month FROM invoice_runs WHERE id = ?').pluck().get(runId) as string | undefined;
  if (month === undefined) throw new AppError('NOT_FOUND', 'Laskutusajoa ei löytynyt.');
  const pdfDir = path.join(outDir, `laskut-${month}`);
  const numbers = opts.pdf === false ? [] : (db.prepare("SELECT number FROM invoices WHERE run_id = ? AND status <> 'cancelled' ORDER BY number").pluck().all(runId) as number[]);
  return { finvoice: !fs.existsSync(path.join(outDir, `finvoice-${month}.xml`)), pdfs: numbers.filter((n) => !fs.existsSync(path.join(pdfDir, `${n}.pdf`))) };
}

export async function writeRunMaterial(
  db: Db,
  runId: string,
  outDir: string,
  resourcesDir: string,
  now: Date,
  opts: {
    pdf?: boolean;
    /** Work done in the current phase: 'pdfs' (invoices rendered or found written), 'suomifi' (sending), 'finvoice'. */
    onProgress?: (done: number, total: number, phase?: 'pdfs' | 'suomifi' | 'finvoice') => void;
    suomifi?: DeliveryCtx;
    claim?: Claim;
    /** Stops at the next file when aborted (a cancelled or shut-down job), throwing MaterialStopped: what is written stays. */
    signal?: AbortSignal;
    /** Renders one invoice's PDF (default: in this thread). */
    render?: (invoiceId: string) => Promise<Buffer>;
  } = {},
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
  const pdfDir = path.join(outDir, `laskut-${run.month}`);
  // Digital first (approved runs, PDFs written, Suomi.fi in use): an invoice not going to the client's bank as
  // an e-invoice goes to Suomi.fi Messages when the client's route says so; the rest as before.
  const sf = opts.suomifi && opts.pdf !== false && run.status === 'approved' && suomifiAvailability(db).enabled ? opts.suomifi : null;
  let router = sf ? clientRouter(db, helsinkiDate(now)) : null;
  const viaSuomifi = new Map<string, string>();
  const elsewhere = new Set<string>();
  if (sf && router) {
    const last = db.prepare('SELECT id, status, device_id FROM deliveries WHERE invoice_id = ? ORDER BY attempt DESC LIMIT 1');
    const here = deviceIdOf(db);
    const plan: { id: string; clientId: string; routing: ReturnType<typeof router.route> }[] = [];
    // The mailboxes of the clients still to be routed are checked first (a trouble leaves them unknown).
    const fresh = ids.filter((id) => {
      const inv = read(id);
      return !(inv.delivery === 'einvoice' && inv.einvoice) && last.get(id) === undefined;
    });
    try {
      if (fresh.length) await checkMailboxes(sf, suomifiClient(db), [...new Set(fresh.map((id) => read(id).clientId))]);
    } catch (e) {
      if (!(e instanceof SuomifiError) || !e.retryable) throw new AppError('INVALID_STATE', msg('suomifi.materialNotMade', { error: e instanceof SuomifiError ? e.text : (e as Error).message }));
    }
    router = clientRouter(db, helsinkiDate(now));
    for (const id of ids) {
      const inv = read(id);
      if (inv.delivery === 'einvoice' && inv.einvoice) continue;
      const prev = last.get(id) as { id: string; status: string; device_id: string | null } | undefined;
      if (prev && prev.status === 'pending' && prev.device_id !== here) {
        elsewhere.add(id);
        continue;
      }
      if (prev && (prev.status === 'sent' || prev.status === 'pending')) {
        viaSuomifi.set(id, prev.id);
        continue;
      }
      // Refused by Suomi.fi before: on paper this time.
      if (prev && prev.status === 'failed') continue;
      const routing = router.route(inv.clientId);
      if (routing.route === 'suomifi' || routing.route === 'suomifi_paper') plan.push({ id, clientId: inv.clientId, routing });
    }
    // Each invoice's attempt is claimed for this workstation first: one that another workstation is sending
    // is left out of this material altogether (neither Suomi.fi nor paper), so no invoice goes out twice.
    let claims: Map<string, ClaimOutcome>;
    try {
      claims = await claimAttempts(db, opts.claim, plan.map((p) => ({ kind: 'invoice' as const, documentId: p.id, route: p.routing.route as 'suomifi' | 'suomifi_paper' })), now.getTime());
    } catch (e) {
      throw new AppError('INVALID_STATE', msg('suomifi.materialNotMade', { error: e instanceof AppError && e.key ? { key: e.key, ...(e.params ? { params: e.params } : {}) } : (e as Error).message }));
    }
    db.transaction(() => {
      for (const p of plan) {
        const claimed = claims.get(p.id)!;
        if (!claimed.granted) {
          elsewhere.add(p.id);
          continue;
        }
        const d = createDelivery(sf, { invoiceId: p.id, clientId: p.clientId, route: p.routing.route as 'suomifi' | 'suomifi_paper', reason: p.routing.reason, electronicOnly: p.routing.electronicOnly, mailboxActive: null, batchId: null, claimed });
        viaSuomifi.set(p.id, d.id);
      }
    })();
  }
  let pdfs = 0;
  let renderedIn: RenderMode | null = null;
  if (opts.pdf !== false) {
    ensurePrivateDir(pdfDir);
    opts.onProgress?.(0, ids.length, 'pdfs');
    const numberOfPdf = db.prepare('SELECT number FROM invoices WHERE id = ?').pluck();
    const fileOf = (id: string) => path.join(pdfDir, `${numberOfPdf.get(id) as number}.pdf`);
    // PDFs are rendered in a worker thread (letters/render.ts) while this one answers the windows; the thread
    // itself renders them when no worker starts (or one dies).
    const renderer = !opts.render && ids.some((id) => !fs.existsSync(fileOf(id))) ? await invoicePdfRenderer(settings, layout) : null;
    if (renderer) renderedIn = renderer.mode;
    try {
      for (const [i, id] of ids.entries()) {
        if (opts.signal?.aborted) throw new MaterialStopped();
        const file = fileOf(id);
        if (!fs.existsSync(file)) writeAtomic(file, opts.render ? await opts.render(id) : await renderer!.render(read(id), now));
        pdfs++;
        if (i % 200 === 199) collectGarbage();
        // Rendering in the thread resolves through microtasks only: give the event loop a turn so windows (a cancel) are heard.
        await new Promise((r) => setImmediate(r));
        if (i % 20 === 19 || i === ids.length - 1) opts.onProgress?.(i + 1, ids.length, 'pdfs');
      }
      if (renderer && renderer.mode === 'thread') renderedIn = 'thread';
    } finally {
      await renderer?.close();
    }
  }
  if (opts.signal?.aborted) throw new MaterialStopped();
  let suomifi = 0;
  let suomifiFailed = 0;
  if (sf && viaSuomifi.size > 0) {
    const numberOf = db.prepare('SELECT number FROM invoices WHERE id = ?').pluck();
    const sender = new SuomifiSender(sf, {
      resourcesDir,
      signal: opts.signal,
      invoicePdf: (invoiceId) => {
        const file = path.join(pdfDir, `${numberOf.get(invoiceId) as number}.pdf`);
        return fs.existsSync(file) ? fs.readFileSync(file) : null;
      },
    });
    for (const d of viaSuomifi.values()) sender.enqueue(d);
    opts.onProgress?.(0, viaSuomifi.size, 'suomifi');
    try {
      await sender.drain();
    } catch (e) {
      if (opts.signal?.aborted) throw new MaterialStopped();
      throw new AppError('INVALID_STATE', msg('suomifi.materialIncomplete', { error: e instanceof SenderStopped ? e.text : (e as Error).message }));
    }
    const status = db.prepare('SELECT status FROM deliveries WHERE id = ?').pluck();
    for (const [invoiceId, d] of viaSuomifi) {
      if (status.get(d) === 'failed') {
        viaSuomifi.delete(invoiceId);
        suomifiFailed++;
      } else suomifi++;
    }
  }
  if (opts.signal?.aborted) throw new MaterialStopped();
  opts.onProgress?.(0, ids.length, 'finvoice');
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  let einvoices = 0;
  let paper = 0;
  const manual: number[] = [];
  for (const id of ids) {
    if (viaSuomifi.has(id) || elsewhere.has(id)) continue;
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
  opts.onProgress?.(ids.length, ids.length, 'finvoice');
  return { finvoice, pdfDir, pdfs, einvoices, paper, manual, suomifi, suomifiFailed, elsewhere: elsewhere.size, renderedIn };
}
