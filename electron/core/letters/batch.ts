// Sending batches (lähetyserä): decisions ready to send → signed letters → delivery → decisions marked sent.
//
// Durable state makes it crash-safe: the batch and its items are written first; each letter is stored together
// with its item's new status in one transaction; a letter is made once per decision (UNIQUE). A killed batch
// starts again from its first pending item. Delivery is repeatable, and only after it succeeds are all the
// batch's decisions marked sent, in one transaction, so no decision is marked sent without its letter.
import { AppError, notFound } from '../../../shared/contract/errors';
import type { BatchProgress, SendBatchDto } from '../../../shared/contract/letter-schemas';
import type { SignedInContext } from '../context';
import { formatDecisionNumber } from '../decisions/queries';
import { recordSending } from '../decisions/service';
import { uuidv7 } from '../ids';
import type { SigningCertificate } from './certificate';
import { ekirjeZip, type DeliveryChannel, type DeliveryLetter } from './delivery';
import { makeLetter } from './letter';
import { collectGarbage } from './memory';
import { ADDRESS_COLUMNS, letterModelLoader, loadLetterResources, recipientOfRow, type AddressColumns } from './model';
import { letterSettings, signingCertificate } from './settings';

const GC_EVERY_LETTERS = 200;

const running = new WeakMap<object, Map<string, AbortController>>();

function jobsOf(ctx: SignedInContext): Map<string, AbortController> {
  let jobs = running.get(ctx.db);
  if (!jobs) running.set(ctx.db, (jobs = new Map()));
  return jobs;
}

interface AddressRow extends AddressColumns {
  id: string;
  status: string;
  number: number | null;
  number_year: number | null;
  open_batch: string | null;
}

const ADDRESS_SQL = `
  SELECT d.id, d.status, d.number, d.number_year, ${ADDRESS_COLUMNS},
    (SELECT i.batch_id FROM send_batch_items i WHERE i.decision_id = d.id AND i.status IN ('pending','done')) AS open_batch
  FROM decisions d JOIN clients c ON c.id = d.client_id`;

/**
 * Creates a batch of signed, unsent decisions in mailing order (postcode, then name; letters for manual delivery
 * last). The signing certificate is checked first, so a wrong passphrase or an expired certificate stops the
 * batch before anything is written.
 */
export function createBatch(ctx: SignedInContext, input: { decisionIds: string[] | 'ALL_READY'; outDir?: string | null }): SendBatchDto {
  const settings = letterSettings(ctx.db);
  signingCertificate(ctx.db, ctx.clock.now());
  const outDir = input.outDir || settings.outDir;
  if (!outDir) throw new AppError('VALIDATION', 'Lähetyserien kansiota ei ole määritetty asetuksissa.');
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  ctx.db.transaction(() => {
    let rows: AddressRow[];
    if (input.decisionIds === 'ALL_READY') {
      rows = (ctx.db.prepare(`${ADDRESS_SQL} WHERE d.status = 'signed'`).all() as AddressRow[]).filter((r) => !r.open_batch);
    } else {
      const one = ctx.db.prepare(`${ADDRESS_SQL} WHERE d.id = ?`);
      rows = [...new Set(input.decisionIds)].map((decisionId) => {
        const r = one.get(decisionId) as AddressRow | undefined;
        if (!r) throw notFound(`Päätöstä ${decisionId}`);
        const label = formatDecisionNumber(r.number, r.number_year) ?? 'luonnos';
        if (r.status !== 'signed') throw new AppError('INVALID_STATE', `Päätös ${label} (${r.last_name} ${r.first_names}) ei ole allekirjoitettu ja lähettämätön.`);
        if (r.open_batch) throw new AppError('INVALID_STATE', `Päätös ${label} (${r.last_name} ${r.first_names}) on jo keskeneräisessä lähetyserässä.`);
        return r;
      });
    }
    if (rows.length === 0) throw new AppError('VALIDATION', 'Lähetettäviä päätöksiä ei ole.');
    const keyed = rows.map((r) => {
      const rec = recipientOfRow(r);
      const postal = rec.delivery === 'print' ? (rec.lines[rec.lines.length - 1] ?? '') : '~';
      return { id: r.id, key: `${rec.delivery === 'print' ? 0 : 1}|${postal}|${r.last_name} ${r.first_names}|${r.id}` };
    });
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    ctx.db
      .prepare("INSERT INTO send_batches (id, channel, status, created_by, created_at, out_dir, total) VALUES (?, 'ekirje', 'running', ?, ?, ?, ?)")
      .run(id, ctx.user.id, now, outDir, keyed.length);
    const item = ctx.db.prepare("INSERT INTO send_batch_items (batch_id, seq, decision_id, status) VALUES (?, ?, ?, 'pending')");
    keyed.forEach((k, i) => item.run(id, i + 1, k.id));
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchCreate', entityType: 'send_batch', entityId: id, details: { decisions: keyed.length } });
  })();
  return getBatch(ctx, { batchId: id });
}

interface BatchRow {
  id: string;
  status: SendBatchDto['status'];
  created_at: string;
  created_by_name: string;
  out_dir: string;
  total: number;
  sent_on: string | null;
  zip_path: string | null;
  letters: number;
  pages: number;
  error: string | null;
  finished_at: string | null;
  done: number;
  manual: number;
  failed: number;
  pending: number;
}

const BATCH_SQL = `
  SELECT b.*, u.display_name AS created_by_name,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'done') AS done,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'manual') AS manual,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'failed') AS failed,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'pending') AS pending
  FROM send_batches b JOIN users u ON u.id = b.created_by`;

function toDto(ctx: SignedInContext, r: BatchRow): SendBatchDto {
  return {
    id: r.id,
    status: r.status,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    total: r.total,
    done: r.done,
    manual: r.manual,
    failed: r.failed,
    pending: r.pending,
    letters: r.letters,
    pages: r.pages,
    sentOn: r.sent_on,
    zipPath: r.zip_path,
    error: r.error,
    finishedAt: r.finished_at,
    running: jobsOf(ctx).has(r.id),
  };
}

export function getBatch(ctx: SignedInContext, input: { batchId: string }): SendBatchDto {
  const r = ctx.db.prepare(`${BATCH_SQL} WHERE b.id = ?`).get(input.batchId) as BatchRow | undefined;
  if (!r) throw notFound('batch');
  return toDto(ctx, r);
}

export function listBatches(ctx: SignedInContext): SendBatchDto[] {
  return (ctx.db.prepare(`${BATCH_SQL} ORDER BY b.created_at DESC LIMIT 200`).all() as BatchRow[]).map((r) => toDto(ctx, r));
}

/** Batches a crash or a failure left unfinished, oldest first. */
export function unfinishedBatchIds(ctx: SignedInContext): string[] {
  return ctx.db.prepare("SELECT id FROM send_batches WHERE status IN ('running','failed') ORDER BY created_at").pluck().all() as string[];
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
  delivery?: DeliveryChannel;
}

function failBatch(ctx: SignedInContext, batchId: string, message: string): void {
  ctx.db.transaction(() => {
    ctx.db.prepare("UPDATE send_batches SET status = 'failed', error = ? WHERE id = ? AND status = 'running'").run(message, batchId);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchFailed', entityType: 'send_batch', entityId: batchId, details: { error: message } });
  })();
}

function describeFailure(e: unknown, which: string): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return `Levy on täynnä (${which}). Vapauta tilaa ja jatka erää: valmiit kirjeet säilyvät eikä mitään ole merkitty lähetetyksi.`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `Kansioon ei voi kirjoittaa (${which}). Tarkista lähetyserien kansio asetuksista ja jatka erää.`;
  if (e instanceof AppError) return e.message;
  return `${which}: ${(e as Error).message}`;
}

/**
 * Makes the batch's missing letters, delivers the batch and marks its decisions sent. Resumes a batch that was
 * interrupted; a completed batch is returned as it is.
 */
export async function runBatch(ctx: SignedInContext, batchId: string, opts: RunOptions = {}): Promise<SendBatchDto> {
  const jobs = jobsOf(ctx);
  if (jobs.has(batchId)) throw new AppError('INVALID_STATE', 'Lähetyserä on jo käynnissä.');
  const batch = getBatch(ctx, { batchId });
  if (batch.status === 'completed') return batch;
  if (batch.status === 'cancelled') throw new AppError('INVALID_STATE', 'Lähetyserä on peruttu.');
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  jobs.set(batchId, controller);
  try {
    ctx.db.prepare("UPDATE send_batches SET status = 'running', error = NULL WHERE id = ?").run(batchId);
    let cert: SigningCertificate;
    try {
      cert = signingCertificate(ctx.db, ctx.clock.now());
    } catch (e) {
      failBatch(ctx, batchId, describeFailure(e, 'allekirjoitusvarmenne'));
      throw e;
    }
    const settings = letterSettings(ctx.db);
    const resources = loadLetterResources(ctx.resourcesDir);
    const loadModel = letterModelLoader(ctx.db, settings);
    const pending = ctx.db.prepare("SELECT seq, decision_id FROM send_batch_items WHERE batch_id = ? AND status = 'pending' ORDER BY seq LIMIT 100");
    const existing = ctx.db.prepare('SELECT delivery FROM letters WHERE decision_id = ?').pluck();
    const insertLetter = ctx.db.prepare(
      `INSERT INTO letters (id, decision_id, language, delivery, address_source, address_protected, recipient, pages, bytes, sha256, texts_valid_from, signer, created_at, created_by)
       VALUES (@id, @decisionId, @language, @delivery, @addressSource, @addressProtected, @recipient, @pages, @bytes, @sha256, @textsValidFrom, @signer, @createdAt, @createdBy)`,
    );
    const setItem = ctx.db.prepare('UPDATE send_batch_items SET status = ?, error = ? WHERE batch_id = ? AND seq = ?');
    const total = batch.total;
    let done = total - batch.pending;
    const startedAt = Date.now();
    let madeHere = 0;
    let lastEmit = 0;
    const progress = (phase: BatchProgress['phase']) => {
      const perLetter = madeHere > 0 ? (Date.now() - startedAt) / 1000 / madeHere : null;
      const p: BatchProgress = { batchId, done, total, secondsLeft: perLetter === null ? null : Math.round(perLetter * (total - done)), phase };
      opts.onProgress?.(p);
      ctx.emit('letters.progress', p);
    };

    for (let rows = pending.all(batchId) as { seq: number; decision_id: string }[]; rows.length > 0; rows = pending.all(batchId) as typeof rows) {
      for (const item of rows) {
        if (controller.signal.aborted) return cancelBatch(ctx, { batchId }, true);
        const already = existing.get(item.decision_id) as 'print' | 'manual' | undefined;
        if (already) {
          setItem.run(already === 'print' ? 'done' : 'manual', null, batchId, item.seq);
        } else {
          const model = loadModel(item.decision_id, ctx.clock.today());
          let made;
          try {
            made = await makeLetter(model, resources, settings.window, ctx.clock.now(), cert);
          } catch (e) {
            if (!(e instanceof AppError)) {
              failBatch(ctx, batchId, describeFailure(e, `päätös ${model.number}, ${model.client.name}`));
              throw e;
            }
            setItem.run('failed', e.message, batchId, item.seq);
            done++;
            continue;
          }
          const rec = model.recipient;
          try {
            ctx.db.transaction(() => {
              insertLetter.run({
                id: uuidv7(),
                decisionId: item.decision_id,
                language: model.language,
                delivery: rec.delivery === 'print' ? 'print' : 'manual',
                addressSource: rec.delivery === 'print' ? rec.source : null,
                addressProtected: rec.protected ? 1 : 0,
                recipient: JSON.stringify(rec.lines),
                pages: made.pages,
                bytes: made.bytes,
                sha256: made.sha256,
                textsValidFrom: made.textsValidFrom,
                signer: cert.subject.replace(/\n/g, ', '),
                createdAt: ctx.clock.now().toISOString(),
                createdBy: ctx.user.id,
              });
              setItem.run(rec.delivery === 'print' ? 'done' : 'manual', null, batchId, item.seq);
            })();
          } catch (e) {
            failBatch(ctx, batchId, describeFailure(e, `päätös ${model.number}, ${model.client.name}`));
            throw e;
          }
          madeHere++;
          if (madeHere % GC_EVERY_LETTERS === 0) collectGarbage();
        }
        done++;
        if (Date.now() - lastEmit > 250) {
          lastEmit = Date.now();
          progress('letters');
        }
      }
    }
    if (controller.signal.aborted) return cancelBatch(ctx, { batchId }, true);
    progress('package');
    // What making the letters left behind is returned before the packaging reads them all once more.
    collectGarbage();
    return await deliverAndMarkSent(ctx, batchId, settings.sender.countyNameFi, opts.delivery ?? ekirjeZip).finally(() => progress('finished'));
  } finally {
    jobs.delete(batchId);
  }
}

async function deliverAndMarkSent(ctx: SignedInContext, batchId: string, sender: string, channel: DeliveryChannel): Promise<SendBatchDto> {
  const b = ctx.db.prepare('SELECT out_dir, created_at FROM send_batches WHERE id = ?').get(batchId) as { out_dir: string; created_at: string };
  const rows = ctx.db
    .prepare(
      `SELECT l.id, l.decision_id, l.language, l.pages, l.sha256, l.recipient, d.number, d.number_year
       FROM send_batch_items i JOIN letters l ON l.decision_id = i.decision_id JOIN decisions d ON d.id = i.decision_id
       WHERE i.batch_id = ? AND i.status = 'done' ORDER BY i.seq`,
    )
    .all(batchId) as { id: string; decision_id: string; language: 'fi' | 'sv'; pages: number; sha256: string; recipient: string; number: number; number_year: number }[];
  const bytesOf = ctx.db.prepare('SELECT bytes FROM letters WHERE id = ?').pluck();
  const letters: DeliveryLetter[] = rows.map((r) => ({
    id: r.id,
    decisionNumber: formatDecisionNumber(r.number, r.number_year)!,
    language: r.language,
    pages: r.pages,
    sha256: r.sha256,
    recipient: JSON.parse(r.recipient) as string[],
    bytes: () => bytesOf.get(r.id) as Buffer,
  }));
  let result = null;
  if (letters.length > 0) {
    try {
      result = await channel.deliver({ id: batchId, created: b.created_at, sender, outDir: b.out_dir, letters });
    } catch (e) {
      const message = describeFailure(e, 'e-kirje-erän kirjoitus');
      failBatch(ctx, batchId, message);
      throw new AppError('INVALID_STATE', message);
    }
  }
  const sentOn = ctx.clock.today();
  ctx.db.transaction(() => {
    for (const r of rows) recordSending(ctx, r.decision_id, sentOn, 'letter', { batchId });
    ctx.db
      .prepare(
        "UPDATE send_batches SET status = 'completed', sent_on = ?, zip_path = ?, zip_sha256 = ?, letters = ?, pages = ?, error = NULL, finished_at = ? WHERE id = ?",
      )
      .run(sentOn, result?.location ?? '', result?.sha256 ?? null, rows.length, result?.pages ?? 0, ctx.clock.now().toISOString(), batchId);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchComplete', entityType: 'send_batch', entityId: batchId, details: { letters: rows.length, zip: result?.location ?? null } });
  })();
  return getBatch(ctx, { batchId });
}

/**
 * Cancels a batch: a running job stops after the letter it is making. Letters already made stay (they are
 * immutable and are reused when the decision is sent later); nothing is marked sent.
 */
export function cancelBatch(ctx: SignedInContext, input: { batchId: string }, fromJob = false): SendBatchDto {
  const job = jobsOf(ctx).get(input.batchId);
  if (job && !fromJob) {
    job.abort();
    return getBatch(ctx, input);
  }
  ctx.db.transaction(() => {
    const b = getBatch(ctx, input);
    if (b.status === 'completed' || b.status === 'cancelled') throw new AppError('INVALID_STATE', b.status === 'completed' ? 'Valmista lähetyserää ei voi perua.' : 'Lähetyserä on jo peruttu.');
    ctx.db.prepare("UPDATE send_batch_items SET status = 'cancelled' WHERE batch_id = ? AND status IN ('pending','done')").run(input.batchId);
    ctx.db.prepare("UPDATE send_batches SET status = 'cancelled', finished_at = ? WHERE id = ?").run(ctx.clock.now().toISOString(), input.batchId);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchCancel', entityType: 'send_batch', entityId: input.batchId });
  })();
  return getBatch(ctx, input);
}

/** Starts (or resumes) a batch in the background; progress arrives as 'letters.progress' events. */
export function startBatch(ctx: SignedInContext, input: { batchId: string }): SendBatchDto {
  const b = getBatch(ctx, input);
  if (b.status === 'completed' || b.status === 'cancelled') throw new AppError('INVALID_STATE', 'Lähetyserä on jo päättynyt.');
  void runBatch(ctx, input.batchId).catch(() => {
    /* the failure is stored on the batch and shown in the list */
  });
  return { ...getBatch(ctx, input), running: true };
}
