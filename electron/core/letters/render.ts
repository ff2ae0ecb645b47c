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

/** Any answer of the worker to one request, but its own error (`failed`) and the set-up's `ready`. */
type Answer = Exclude<FromWorker, { type: 'ready' | 'failed' }>;

/** One request/answer channel to the render worker, falling back to the thread's own function. */
interface OffThread<Args extends unknown[], R> {
  readonly mode: RenderMode;
  run(...args: Args): Promise<R>;
  close(): Promise<void>;
}

/**
 * Starts the render worker with the set-up message `init` and, once it answers `ready` (within `startMs`), sends
 * each request to it (`request` builds the message for an id) and matches the answer by that id (`answer` reads
 * a good one; any other kind is an error). Where no worker starts (or with `LUOTSI_RENDER=thread`) or once it has
 * died or been closed, `inThread` does the work here instead; a request the dying worker held is done here too,
 * while a request's own error (an AppError as it was thrown, or an error with its code) is thrown as it is.
 */
async function offThread<Args extends unknown[], R>(spec: {
  /** The worker's name in the errors it causes. */
  name: string;
  init: ToWorker;
  request: (id: number, ...args: Args) => ToWorker;
  answer: (m: Answer) => R | undefined;
  inThread: (...args: Args) => Promise<R>;
  startMs?: number;
}): Promise<OffThread<Args, R>> {
  const fallback: OffThread<Args, R> = { mode: 'thread', run: spec.inThread, close: async () => undefined };
  const script = process.env.LUOTSI_RENDER === 'thread' ? null : workerScript();
  if (!script) return fallback;
  let worker: Worker;
  try {
    worker = new Worker(script.file, { execArgv: script.execArgv, stdout: false, stderr: false });
  } catch {
    return fallback;
  }
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), spec.startMs ?? 60_000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    worker.once('message', (m: FromWorker) => done(m.type === 'ready'));
    worker.once('error', () => done(false));
    worker.once('exit', () => done(false));
    worker.postMessage(spec.init);
  });
  if (!started) {
    void worker.terminate();
    return fallback;
  }
  worker.unref();
  let next = 1;
  let broken = false;
  const waiting = new Map<number, { resolve: (r: R) => void; reject: (e: unknown) => void }>();
  const breakDown = (e: unknown) => {
    broken = true;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('error', breakDown);
  worker.on('exit', (code) => breakDown(new Error(`${spec.name} exited (${code})`)));
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'ready') return;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'failed') {
      if (m.appError) w.reject(new AppError(m.appError.code, m.appError.message));
      else w.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      return;
    }
    const r = spec.answer(m);
    if (r === undefined) w.reject(new Error(`${spec.name} answered ${m.type}`));
    else w.resolve(r);
  });
  return {
    get mode(): RenderMode {
      return broken ? 'thread' : 'worker';
    },
    async run(...args) {
      if (broken) return spec.inThread(...args);
      const id = next++;
      try {
        return await new Promise<R>((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          worker.ref();
          worker.postMessage(spec.request(id, ...args));
        }).finally(() => {
          if (waiting.size === 0) worker.unref();
        });
      } catch (e) {
        // The worker died under this request: it is done here instead (a request's own error is thrown as it is).
        if (broken) return spec.inThread(...args);
        throw e;
      }
    },
    async close() {
      broken = true;
      await worker.terminate();
    },
  };
}

/** Buffers arrive as plain Uint8Arrays after the structured clone. */
const buffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export interface LetterRenderer {
  readonly mode: RenderMode;
  make(model: LetterModel, now: Date): Promise<MadeLetter>;
  close(): Promise<void>;
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
  const channel = await offThread({
    name: 'letter worker',
    init: { type: 'init', resources, window, cert },
    request: (id, model: LetterModel, now: Date): ToWorker => ({ type: 'make', id, model, now }),
    answer: (m): MadeLetter | undefined =>
      m.type === 'made' ? { bytes: buffer(m.bytes), sha256: m.sha256, pages: m.pages, textsValidFrom: m.textsValidFrom } : undefined,
    inThread: (model: LetterModel, now: Date) => makeLetter(model, resources, window, now, cert),
    startMs: opts.startMs,
  });
  return {
    get mode() {
      return channel.mode;
    },
    make: (model, now) => channel.run(model, now),
    close: () => channel.close(),
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
  const channel = await offThread({
    name: 'render worker',
    init: { type: 'hello' },
    request: (id, invoice: InvoiceFull, now: Date): ToWorker => ({ type: 'invoice', id, invoice, settings, layout, now }),
    answer: (m) => (m.type === 'pdf' ? buffer(m.bytes) : undefined),
    inThread: (invoice: InvoiceFull, now: Date) => renderInvoicePdf(invoice, settings, layout, now),
    startMs: opts.startMs,
  });
  return {
    get mode() {
      return channel.mode;
    },
    render: (invoice, now) => channel.run(invoice, now),
    close: () => channel.close(),
  };
}
