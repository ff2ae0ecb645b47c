// Letters of a batch made off the request thread: a worker thread (./render-worker.ts) lays out, renders and
// signs each letter while the request thread keeps answering the windows. The worker is found next to this
// module: the built file (render-worker.js, electron-vite's own entry) or the TypeScript source under tsx (the
// browser host, the command line and the tests). Where no worker can start, or one dies, the letters are made
// here in the thread as before — slower for the windows, never wrong.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/errors';
import type { AddressWindow, LetterModel } from '../../../shared/domain/letters';
import type { SigningCertificate } from './certificate';
import { makeLetter, type MadeLetter } from './letter';
import type { LetterResources } from './model';
import { renderInvoicePdf, type InvoiceLayout } from '../invoicing/pdf';
import type { InvoiceFull } from '../invoicing/queries';
import type { BillingSettings } from '../../../shared/contract/billing-schemas';
import type { FromWorker, ToWorker } from './render-worker';

/** The worker's script and how to start it, or null when there is none beside this module. */
function workerScript(): { file: string; execArgv?: string[] } | null {
  let here: string;
  try {
    here = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
  const built = path.join(here, 'render-worker.js');
  if (fs.existsSync(built)) return { file: built };
  const source = path.join(here, 'render-worker.ts');
  if (!fs.existsSync(source)) return null;
  // TypeScript through tsx's loader (already among the process's options under `tsx`, not under vitest).
  const inherited = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  const hasTsx = inherited.some((a, i) => /tsx/.test(a) && (a.startsWith('--import') || inherited[i - 1] === '--import' || inherited[i - 1] === '--require'));
  return { file: source, execArgv: hasTsx ? inherited : [...inherited, '--import', 'tsx'] };
}

export type RenderMode = 'worker' | 'thread';

export interface LetterRenderer {
  readonly mode: RenderMode;
  make(model: LetterModel, now: Date): Promise<MadeLetter>;
  close(): Promise<void>;
}

function inThread(resources: LetterResources, window: AddressWindow, cert: SigningCertificate | null): LetterRenderer {
  return { mode: 'thread', make: (model, now) => makeLetter(model, resources, window, now, cert), close: async () => undefined };
}

/**
 * A renderer for one batch run: a worker thread when one starts (within `startMs`), otherwise the thread's own.
 * `LUOTSI_RENDER=thread` makes letters in the thread (a fallback to compare with, or for a machine without spare
 * cores).
 */
export async function letterRenderer(
  resources: LetterResources,
  window: AddressWindow,
  cert: SigningCertificate | null,
  opts: { startMs?: number } = {},
): Promise<LetterRenderer> {
  const fallback = inThread(resources, window, cert);
  const script = process.env.LUOTSI_RENDER === 'thread' ? null : workerScript();
  if (!script) return fallback;
  let worker: Worker;
  try {
    worker = new Worker(script.file, { execArgv: script.execArgv, stdout: false, stderr: false });
  } catch {
    return fallback;
  }
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), opts.startMs ?? 60_000);
    worker.once('message', (m: FromWorker) => {
      clearTimeout(timer);
      resolve(m.type === 'ready');
    });
    worker.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
    worker.postMessage({ type: 'init', resources, window, cert } satisfies ToWorker);
  });
  if (!started) {
    void worker.terminate();
    return fallback;
  }
  worker.unref();
  let next = 1;
  let broken = false;
  const waiting = new Map<number, { resolve: (m: MadeLetter) => void; reject: (e: unknown) => void }>();
  const breakDown = (e: unknown) => {
    broken = true;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('error', breakDown);
  worker.on('exit', (code) => breakDown(new Error(`letter worker exited (${code})`)));
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'ready') return;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'made') w.resolve({ bytes: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), sha256: m.sha256, pages: m.pages, textsValidFrom: m.textsValidFrom });
    else if (m.type !== 'failed') w.reject(new Error(`letter worker answered ${m.type}`));
    else if (m.appError) w.reject(new AppError(m.appError.code, m.appError.message));
    else w.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
  });
  return {
    get mode(): RenderMode {
      return broken ? 'thread' : 'worker';
    },
    async make(model, now) {
      if (broken) return fallback.make(model, now);
      const id = next++;
      try {
        return await new Promise<MadeLetter>((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          worker.ref();
          worker.postMessage({ type: 'make', id, model, now } satisfies ToWorker);
        }).finally(() => {
          if (waiting.size === 0) worker.unref();
        });
      } catch (e) {
        // The worker died under this letter: it is made here instead (a letter's own error is thrown as it is).
        if (broken) return fallback.make(model, now);
        throw e;
      }
    },
    async close() {
      broken = true;
      await worker.terminate();
    },
  };
}

export interface InvoicePdfRenderer {
  readonly mode: RenderMode;
  render(invoice: InvoiceFull, now: Date): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Invoice PDFs of one material run off the request thread: the same worker script as the letters' (it renders
 * an invoice per message), the same fallback to this thread when no worker starts or one dies (and with
 * `LUOTSI_RENDER=thread`). An invoice's own rendering error is thrown as it is.
 */
export async function invoicePdfRenderer(settings: BillingSettings, layout: InvoiceLayout, opts: { startMs?: number } = {}): Promise<InvoicePdfRenderer> {
  const fallback: InvoicePdfRenderer = { mode: 'thread', render: (invoice, now) => renderInvoicePdf(invoice, settings, layout, now), close: async () => undefined };
  const script = process.env.LUOTSI_RENDER === 'thread' ? null : workerScript();
  if (!script) return fallback;
  let worker: Worker;
  try {
    worker = new Worker(script.file, { execArgv: script.execArgv, stdout: false, stderr: false });
  } catch {
    return fallback;
  }
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), opts.startMs ?? 60_000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    worker.once('message', (m: FromWorker) => done(m.type === 'ready'));
    worker.once('error', () => done(false));
    worker.once('exit', () => done(false));
    worker.postMessage({ type: 'hello' } satisfies ToWorker);
  });
  if (!started) {
    void worker.terminate();
    return fallback;
  }
  worker.unref();
  let next = 1;
  let broken = false;
  const waiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: unknown) => void }>();
  const breakDown = (e: unknown) => {
    broken = true;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('error', breakDown);
  worker.on('exit', (code) => breakDown(new Error(`render worker exited (${code})`)));
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'ready') return;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'pdf') w.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
    else if (m.type !== 'failed') w.reject(new Error(`render worker answered ${m.type}`));
    else if (m.appError) w.reject(new AppError(m.appError.code, m.appError.message));
    else w.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
  });
  return {
    get mode(): RenderMode {
      return broken ? 'thread' : 'worker';
    },
    async render(invoice, now) {
      if (broken) return fallback.render(invoice, now);
      const id = next++;
      try {
        return await new Promise<Buffer>((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          worker.ref();
          worker.postMessage({ type: 'invoice', id, invoice, settings, layout, now } satisfies ToWorker);
        }).finally(() => {
          if (waiting.size === 0) worker.unref();
        });
      } catch (e) {
        if (broken) return fallback.render(invoice, now);
        throw e;
      }
    },
    async close() {
      broken = true;
      await worker.terminate();
    },
  };
}
