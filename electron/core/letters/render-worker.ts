// The worker thread that lays out, renders and signs letters (letters/render.ts starts it): PDF making and
// signing take tens of milliseconds of CPU per letter, which on the request thread would hold up every window
// while a batch runs. It gets the letter resources and the signing certificate once, then one letter model per
// message, and answers with the letter or the error. It also renders invoice PDFs (invoicing/material.ts via
// render.ts's invoicePdfRenderer): one invoice with its settings and layout per message, no set-up needed.
import { parentPort } from 'node:worker_threads';
import type { AddressWindow, LetterModel } from '../../../shared/domain/letters';
import { AppError } from '../../../shared/contract/errors';
import type { SigningCertificate } from './certificate';
import { makeLetter } from './letter';
import type { LetterResources } from './model';
import { renderInvoicePdf, type InvoiceLayout } from '../invoicing/pdf';
import type { InvoiceFull } from '../invoicing/queries';
import type { BillingSettings } from '../../../shared/contract/billing-schemas';

export type ToWorker =
  | { type: 'init'; resources: LetterResources; window: AddressWindow; cert: SigningCertificate | null }
  | { type: 'make'; id: number; model: LetterModel; now: Date }
  | { type: 'hello' }
  | { type: 'invoice'; id: number; invoice: InvoiceFull; settings: BillingSettings; layout: InvoiceLayout; now: Date };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'made'; id: number; bytes: Uint8Array; sha256: string; pages: number; textsValidFrom: string }
  | { type: 'pdf'; id: number; bytes: Uint8Array }
  | { type: 'failed'; id: number; appError: { code: AppError['code']; message: string } | null; message: string; code: string | null };

/** Buffers arrive as plain Uint8Arrays after the structured clone. */
const buffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const failure = (id: number, e: unknown): FromWorker => ({
  type: 'failed',
  id,
  appError: e instanceof AppError ? { code: e.code, message: e.message } : null,
  message: e instanceof Error ? e.message : String(e),
  code: typeof (e as { code?: unknown } | null)?.code === 'string' ? (e as { code: string }).code : null,
});

let setup: { resources: LetterResources; window: AddressWindow; cert: SigningCertificate | null } | null = null;

const port = parentPort;
if (port) {
  port.on('message', (m: ToWorker) => {
    if (m.type === 'init') {
      const c = m.cert;
      setup = {
        resources: m.resources,
        window: m.window,
        cert: c ? { ...c, der: buffer(c.der), issuerDer: buffer(c.issuerDer), serialDer: buffer(c.serialDer) } : null,
      };
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      return;
    }
    if (m.type === 'hello') {
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      return;
    }
    if (m.type === 'invoice') {
      renderInvoicePdf(m.invoice, m.settings, m.layout, m.now).then(
        (bytes) => port.postMessage({ type: 'pdf', id: m.id, bytes } satisfies FromWorker),
        (e: unknown) => port.postMessage(failure(m.id, e)),
      );
      return;
    }
    const s = setup!;
    makeLetter(m.model, s.resources, s.window, m.now, s.cert).then(
      (made) => port.postMessage({ type: 'made', id: m.id, bytes: made.bytes, sha256: made.sha256, pages: made.pages, textsValidFrom: made.textsValidFrom } satisfies FromWorker),
      (e: unknown) => port.postMessage(failure(m.id, e)),
    );
  });
}
