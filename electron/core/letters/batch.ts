// Sending batches (lähetyserä): decisions ready to send → signed letters → delivery by each letter's route →
// decisions marked sent by what the channel answered.
//
// Each item has its route (shared/domain/delivery.ts): Suomi.fi Messages (electronic, with Suomi.fi's paper
// part), the county's own e-kirje print batch, or by hand. Durable state makes it crash-safe: the batch and its
// items are written first; each letter is stored together with its item's new status and its delivery in one
// transaction; a letter is made once per decision (UNIQUE). A Suomi.fi message is sent as soon as its letter is
// made, with an external id fixed in that transaction, so a killed batch sends it again without a duplicate
// (409). A killed batch starts again from its first pending item. The e-kirje packaging is repeatable, and only
// after it succeeds are its decisions marked sent, in one transaction. Letters to deliver by hand wait,
// printed, until someone records that they were handed over.
//
// A batch runs as a durable job ('letters.batch', electron/core/jobs): the batch, its items and its job row are
// written in one transaction, so the caller has both ids at once; the runner runs the work, stores and sends
// its progress, cancels it and takes it over after a crash or a restart (the work carries on from the first
// pending item). The command line drives the same job to its end in its own process.
import { AppError, notFound } from '../../../shared/contract/errors';
import { msg } from '../../../shared/messages';
import { SEND_ROLES } from '../../../shared/roles';
import { defineJobKind, JOB_STOPPED } from '../jobs/kind';
import type { JobRow } from '../jobs/runner';
import type { BatchProgress, SendBatchDto } from '../../../shared/contract/letter-schemas';
import type { DeliveryRoute, Routing } from '../../../shared/domain/delivery';
import type { Recipient } from '../../../shared/domain/letters';
import type { SignedInContext } from '../context';
import { formatDecisionNumber } from '../decisions/queries';
import { referenceId, uuidv7 } from '../ids';
import { cancelDelivery, createDelivery, markAccepted, type DeliveryCtx } from '../delivery/deliveries';
import { clientRouter } from '../delivery/routing';
import { SuomifiError } from '../suomifi/client';
import { checkMailboxes, SenderStopped, SuomifiSender } from '../suomifi/sender';
import { claimAttempts, claimOf, type ClaimOutcome } from '../delivery/claims';
import { suomifiClient } from '../suomifi/settings';
import type { SigningCertificate } from './certificate';
import { ekirjeZip, type DeliveryChannel, type DeliveryLetter } from './delivery';
import { collectGarbage } from './memory';
import { letterRenderer, type RenderMode } from './render';
import { ADDRESS_COLUMNS, letterModelLoader, loadLetterResources, type AddressColumns } from './model';
import { letterSettings, signingCertificate } from './settings';

const GC_EVERY_LETTERS = 200;


interface AddressRow extends AddressColumns {
  id: string;
  client_id: string;
  status: string;
  notification_basis: string | null;
  number: number | null;
  number_year: number | null;
  open_batch: string | null;
  open_delivery: string | null;
}

const ADDRESS_SQL = `
  SELECT d.id, d.client_id, d.status, d.notification_basis, d.number, d.number_year, ${ADDRESS_COLUMNS},
    (SELECT i.batch_id FROM send_batch_items i WHERE i.decision_id = d.id AND i.status IN ('pending','done')) AS open_batch,
    (SELECT x.id FROM deliveries x WHERE x.decision_id = d.id AND x.status = 'pending') AS open_delivery
  FROM decisions d JOIN clients c ON c.id = d.client_id`;

/** A decision waits to be sent: signed and never sent, or sent but its letter came back. */
const SENDABLE = "(d.status = 'signed' OR (d.status = 'sent' AND d.notification_basis = 'returned'))";

/** A letter as messages name it: its decision's number and the client, e.g. "1234/2026 (Virtanen Aino)". */
function letterLabel(r: { number: number | null; number_year: number | null; last_name: string; first_names: string }): string {
  return `${formatDecisionNumber(r.number, r.number_year) ?? 'luonnos'} (${r.last_name} ${r.first_names})`;
}

/** Routes the secretary may choose for a whole batch instead of each client's own route. */
export type RouteOverride = 'ekirje' | 'manual';

function deliveryCtx(ctx: SignedInContext): DeliveryCtx {
  return { db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id };
}

/** The route of an item: the client's own, or the one the secretary chose for the batch (paper, by hand). */
function itemRoute(routing: Routing, override: RouteOverride | null): DeliveryRoute | null {
  if (override === 'manual') return 'manual';
  if (override === 'ekirje') return routing.paperLines.length > 0 ? 'ekirje' : routing.route === 'manual' ? 'manual' : null;
  return routing.route === 'missing' ? null : routing.route;
}

/**
 * Creates a batch of signed, unsent decisions in mailing order (postcode, then name; letters for manual delivery
 * last), each with its route. The signing certificate is checked first, so a wrong passphrase or an expired
 * certificate stops the batch before anything is written.
 */
export function createBatch(ctx: SignedInContext, input: { decisionIds: string[] | 'ALL_READY'; outDir?: string | null; route?: RouteOverride | null }): SendBatchDto {
  const settings = letterSettings(ctx.db);
  signingCertificate(ctx.db, ctx.clock.now());
  const outDir = input.outDir || settings.outDir;
  if (!outDir) throw new AppError('VALIDATION', 'Lähetyserien kansiota ei ole määritetty asetuksissa.');
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const router = clientRouter(ctx.db, ctx.clock.today());
  const override = input.route ?? null;
  ctx.db.transaction(() => {
    let rows: AddressRow[];
    const label = (r: AddressRow) => letterLabel(r);
    if (input.decisionIds === 'ALL_READY') {
      rows = (ctx.db.prepare(`${ADDRESS_SQL} WHERE ${SENDABLE}`).all() as AddressRow[]).filter((r) => !r.open_batch && !r.open_delivery);
    } else {
      const one = ctx.db.prepare(`${ADDRESS_SQL} WHERE d.id = ?`);
      rows = [...new Set(input.decisionIds)].map((decisionId) => {
        const r = one.get(decisionId) as AddressRow | undefined;
        if (!r) throw notFound(`Päätöstä ${decisionId}`);
        const sendable = r.status === 'signed' || (r.status === 'sent' && r.notification_basis === 'returned');
        if (!sendable) throw new AppError('INVALID_STATE', msg('delivery.notSendable', { label: label(r) }));
        if (r.open_batch) throw new AppError('INVALID_STATE', msg('delivery.inOpenBatch', { label: label(r) }));
        if (r.open_delivery) throw new AppError('INVALID_STATE', msg('delivery.openDelivery', { label: label(r) }));
        return r;
      });
    }
    if (rows.length === 0 && input.decisionIds !== 'ALL_READY') throw new AppError('VALIDATION', 'Lähetettäviä päätöksiä ei ole.');
    let keyed = rows.map((r) => {
      const routing = router.route(r.client_id);
      const route = itemRoute(routing, override);
      if (override === 'ekirje' && route !== 'ekirje' && input.decisionIds !== 'ALL_READY')
        throw new AppError('VALIDATION', msg('delivery.notPrintable', { label: label(r) }));
      const postal = route === 'ekirje' ? (routing.paperLines[routing.paperLines.length - 1] ?? '') : '~';
      return { id: r.id, route, key: `${route === 'ekirje' ? 0 : route === 'manual' || route === null ? 2 : 1}|${postal}|${r.last_name} ${r.first_names}|${r.id}` };
    });
    if (input.decisionIds === 'ALL_READY') {
      // "All ready" are the decisions a batch can send now: one without any route would only fail again, so a
      // rerun with nothing new says so and writes nothing (no empty batch).
      const withoutRoute = keyed.filter((k) => k.route === null).length;
      keyed = keyed.filter((k) => k.route !== null);
      if (keyed.length === 0) {
        const handOver = ctx.db.prepare("SELECT count(*) FROM deliveries WHERE status = 'pending' AND route = 'manual'").pluck().get() as number;
        throw new AppError('VALIDATION', msg('delivery.nothingNew', { handOver, withoutRoute }));
      }
    }
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    ctx.db
      .prepare("INSERT INTO send_batches (id, channel, status, created_by, created_at, out_dir, total) VALUES (?, 'ekirje', 'running', ?, ?, ?, ?)")
      .run(id, ctx.user.id, now, outDir, keyed.length);
    const item = ctx.db.prepare("INSERT INTO send_batch_items (batch_id, seq, decision_id, status, route) VALUES (?, ?, ?, 'pending', ?)");
    keyed.forEach((k, i) => item.run(id, i + 1, k.id, k.route));
    const routes: Record<string, number> = {};
    for (const k of keyed) routes[k.route ?? 'missing'] = (routes[k.route ?? 'missing'] ?? 0) + 1;
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchCreate', entityType: 'send_batch', entityId: id, details: { decisions: keyed.length, routes, ...(override ? { override } : {}) } });
    ctx.jobs.enqueue(lettersBatch, { batchId: id }, { subject: subjectOf(id), createdBy: ctx.user.id });
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
  r_suomifi: number;
  r_suomifi_paper: number;
  r_ekirje: number;
  r_manual: number;
  d_sent: number;
  d_pending: number;
  d_failed: number;
  d_handed: number;
  job_id: string | null;
  job_status: JobRow['status'] | null;
}

const BATCH_SQL = `
  SELECT b.*, u.display_name AS created_by_name,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status IN ('done','sent')) AS done,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'manual') AS manual,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'failed') AS failed,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.status = 'pending') AS pending,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.route = 'suomifi') AS r_suomifi,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.route = 'suomifi_paper') AS r_suomifi_paper,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.route = 'ekirje') AS r_ekirje,
    (SELECT count(*) FROM send_batch_items i WHERE i.batch_id = b.id AND i.route = 'manual') AS r_manual,
    (SELECT count(*) FROM deliveries x WHERE x.batch_id = b.id AND x.status = 'sent') AS d_sent,
    (SELECT count(*) FROM deliveries x WHERE x.batch_id = b.id AND x.status = 'pending') AS d_pending,
    (SELECT count(*) FROM deliveries x WHERE x.batch_id = b.id AND x.status IN ('failed','returned')) AS d_failed,
    (SELECT count(*) FROM deliveries x WHERE x.batch_id = b.id AND x.status = 'handed_over') AS d_handed,
    j.id AS job_id, j.status AS job_status
  FROM send_batches b JOIN users u ON u.id = b.created_by
  LEFT JOIN jobs j ON j.id = (SELECT j2.id FROM jobs j2 WHERE j2.kind = 'letters.batch' AND j2.subject = 'send_batch:' || b.id ORDER BY j2.created_at DESC, j2.id DESC LIMIT 1)`;

function toDto(r: BatchRow): SendBatchDto {
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
    running: r.job_status === 'pending' || r.job_status === 'running',
    jobId: r.job_id,
    routes: { suomifi: r.r_suomifi, suomifi_paper: r.r_suomifi_paper, ekirje: r.r_ekirje, manual: r.r_manual },
    deliveries: { sent: r.d_sent, pending: r.d_pending, failed: r.d_failed, handedOver: r.d_handed },
  };
}

export function getBatch(ctx: SignedInContext, input: { batchId: string }): SendBatchDto {
  const r = ctx.db.prepare(`${BATCH_SQL} WHERE b.id = ?`).get(input.batchId) as BatchRow | undefined;
  if (!r) throw notFound('batch');
  return toDto(r);
}

export function listBatches(ctx: SignedInContext): SendBatchDto[] {
  return (ctx.db.prepare(`${BATCH_SQL} ORDER BY b.created_at DESC LIMIT 200`).all() as BatchRow[]).map(toDto);
}

/** Batches a crash or a failure left unfinished, oldest first. */
export function unfinishedBatchIds(ctx: SignedInContext): string[] {
  return ctx.db.prepare("SELECT id FROM send_batches WHERE status IN ('running','failed') ORDER BY created_at").pluck().all() as string[];
}

export interface RunOptions {
  onProgress?: (p: BatchProgress) => void;
  delivery?: DeliveryChannel;
  /** Suomi.fi sending: messages in flight, tries and pauses (tests shorten them). */
  suomifi?: { concurrency?: number; maxTries?: number; baseDelayMs?: number; timeoutMs?: number };
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
  if (e instanceof AppError || e instanceof SenderStopped || e instanceof SuomifiError) return e.message;
  return `${which}: ${(e as Error).message}`;
}

/** A failure that stops a batch, as the error its caller gets: by key when it has one. */
function batchError(e: unknown, which: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof SenderStopped || e instanceof SuomifiError) return new AppError('INVALID_STATE', e.text);
  return new AppError('INVALID_STATE', describeFailure(e, which));
}

/** The letter's address block from the item's route: the paper address, or none (electronic only, by hand). */
function recipientFor(routing: Routing, route: DeliveryRoute, base: Recipient): Recipient {
  if (base.delivery === 'missing' && routing.paperLines.length === 0 && route !== 'suomifi') return base;
  if (routing.paperLines.length > 0 && (route !== 'suomifi' || !routing.electronicOnly || routing.reason !== 'protectedElectronic')) {
    const source = routing.reason === 'representative' ? 'representative' : base.delivery === 'print' ? base.source : 'contact';
    return { delivery: 'print', lines: routing.paperLines, source, protected: base.protected };
  }
  if (route === 'suomifi') return { delivery: 'electronic', lines: [], protected: base.protected };
  return base.delivery === 'manual' ? base : { delivery: 'manual', lines: [], protected: true, reason: 'Toimitetaan käsin.' };
}

interface ItemRow {
  seq: number;
  decision_id: string;
  route: DeliveryRoute | null;
  client_id: string;
  number: number | null;
  number_year: number | null;
  last_name: string;
  first_names: string;
}

interface WorkOptions extends RunOptions {
  /** Aborted when the job is cancelled or the process shuts down: stop after the letter being made. */
  signal: AbortSignal;
  /** The runner's progress of the job. */
  progress?: (done: number, total: number, phase: string) => void;
  /** Where this run makes its letters: a worker thread, or this thread when no worker could start. */
  onRenderer?: (mode: RenderMode) => void;
}

/**
 * The job's work: makes the batch's missing letters, sends each by its route and marks its decisions sent as
 * the channels take them. Carries on from the first pending item of a batch that was interrupted; a completed
 * batch is returned as it is. Returns JOB_STOPPED when its signal stopped it (the runner then cancels the job,
 * or leaves it to resume after a shutdown).
 */
async function batchWork(ctx: SignedInContext, batchId: string, opts: WorkOptions): Promise<SendBatchDto | typeof JOB_STOPPED> {
  const batch = getBatch(ctx, { batchId });
  if (batch.status === 'completed') return batch;
  if (batch.status === 'cancelled') throw new AppError('INVALID_STATE', 'Lähetyserä on peruttu.');
  const dc = deliveryCtx(ctx);
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
  const today = ctx.clock.today();
  let router = clientRouter(ctx.db, today);
  // Letters are laid out, rendered and signed in a worker thread while this one answers the windows.
  const renderer = batch.pending > 0 ? await letterRenderer(resources, settings.window, cert) : null;
  if (renderer) opts.onRenderer?.(renderer.mode);
  try {
    // Suomi.fi: the mailboxes of the clients still to be routed are checked first (the channel shown and
    // expected); messages left pending by an interrupted run are sent again with their own external ids.
    const sfItems = ctx.db
      .prepare("SELECT DISTINCT d.client_id FROM send_batch_items i JOIN decisions d ON d.id = i.decision_id WHERE i.batch_id = ? AND i.status = 'pending' AND i.route IN ('suomifi','suomifi_paper')")
      .pluck()
      .all(batchId) as string[];
    const resumeIds = ctx.db.prepare("SELECT id FROM deliveries WHERE batch_id = ? AND status = 'pending' AND route IN ('suomifi','suomifi_paper')").pluck().all(batchId) as string[];
    let sender: SuomifiSender | null = null;
    if ((sfItems.length > 0 || resumeIds.length > 0) && router.availability.enabled) {
      try {
        sender = new SuomifiSender(dc, { resourcesDir: ctx.resourcesDir, signal: opts.signal, ...opts.suomifi });
        if (sfItems.length > 0) {
          await checkMailboxes(dc, suomifiClient(ctx.db, { signal: opts.signal, timeoutMs: opts.suomifi?.timeoutMs }), sfItems);
          router = clientRouter(ctx.db, today);
        }
      } catch (e) {
        // Credentials refused: nothing has been sent; a transient trouble only leaves the mailboxes unknown.
        if (e instanceof SuomifiError && !e.retryable) {
          failBatch(ctx, batchId, describeFailure(e, 'Suomi.fi-viestit'));
          throw batchError(e, 'Suomi.fi-viestit');
        }
        if (!(e instanceof SuomifiError)) {
          failBatch(ctx, batchId, describeFailure(e, 'Suomi.fi-viestit'));
          throw e;
        }
      }
      for (const id of resumeIds) sender?.enqueue(id);
    }

    const pending = ctx.db.prepare(
      "SELECT i.seq, i.decision_id, i.route, d.client_id, d.number, d.number_year, c.last_name, c.first_names FROM send_batch_items i JOIN decisions d ON d.id = i.decision_id JOIN clients c ON c.id = d.client_id WHERE i.batch_id = ? AND i.status = 'pending' ORDER BY i.seq LIMIT 100",
    );
    const existing = ctx.db.prepare('SELECT 1 FROM letters WHERE decision_id = ?').pluck();
    const insertLetter = ctx.db.prepare(
      `INSERT INTO letters (id, decision_id, language, delivery, address_source, address_protected, recipient, pages, bytes, sha256, texts_valid_from, signer, created_at, created_by)
       VALUES (@id, @decisionId, @language, @delivery, @addressSource, @addressProtected, @recipient, @pages, @bytes, @sha256, @textsValidFrom, @signer, @createdAt, @createdBy)`,
    );
    const setItem = ctx.db.prepare('UPDATE send_batch_items SET status = ?, error = ?, route = ?, delivery_id = ? WHERE batch_id = ? AND seq = ?');
    const total = batch.total;
    let done = total - batch.pending;
    const startedAt = Date.now();
    let madeHere = 0;
    let lastEmit = 0;
    const progress = (phase: BatchProgress['phase']) => {
      const perLetter = madeHere > 0 ? (Date.now() - startedAt) / 1000 / madeHere : null;
      const p: BatchProgress = { batchId, done, total, secondsLeft: perLetter === null ? null : Math.round(perLetter * (total - done)), phase, sent: sender ? sender.sent : 0 };
      opts.onProgress?.(p);
      opts.progress?.(done, total, phase);
      ctx.emit('letters.progress', p);
    };

    /** The item's route now (Suomi.fi routes follow the fresh mailbox state), its delivery and status. */
    const place = (item: ItemRow): { routing: Routing; route: DeliveryRoute | null } => {
      const routing = router.route(item.client_id);
      if (item.route === 'suomifi' || item.route === 'suomifi_paper') {
        const route = routing.route === 'missing' ? null : routing.route;
        return { routing, route };
      }
      return { routing, route: item.route };
    };
    const mailbox = ctx.db.prepare('SELECT active FROM suomifi_mailboxes WHERE client_id = ?').pluck();
    const mailboxOf = (clientId: string): boolean | null => {
      const v = mailbox.get(clientId) as number | undefined;
      return v === undefined ? null : v === 1;
    };
    const deliver = (item: ItemRow, routing: Routing, route: DeliveryRoute, claimed: { deliveryId: string; attempt: number }): { status: 'done' | 'manual'; deliveryId: string } => {
      const d = createDelivery(dc, {
        decisionId: item.decision_id,
        clientId: item.client_id,
        route,
        reason: routing.reason,
        electronicOnly: route === 'suomifi' && routing.electronicOnly,
        mailboxActive: mailboxOf(item.client_id),
        batchId,
        claimed,
      });
      return { status: route === 'manual' ? 'manual' : 'done', deliveryId: d.id };
    };
    const claim = claimOf(ctx);

    for (let rows = pending.all(batchId) as ItemRow[]; rows.length > 0; rows = pending.all(batchId) as ItemRow[]) {
      // Each letter's route, and (with a central database) its attempt claimed for this workstation before
      // anything of it is written: a letter another workstation is already sending is left to that one.
      const plan = rows.map((item) => ({ item, ...place(item) }));
      let claims: Map<string, ClaimOutcome>;
      try {
        claims = await claimAttempts(
          ctx.db,
          claim,
          plan.filter((p) => p.route !== null && (sender || (p.route !== 'suomifi' && p.route !== 'suomifi_paper'))).map((p) => ({ kind: 'decision' as const, documentId: p.item.decision_id, route: p.route! })),
          ctx.clock.now().getTime(),
        );
      } catch (e) {
        failBatch(ctx, batchId, describeFailure(e, 'keskustietokanta'));
        throw batchError(e, 'keskustietokanta');
      }
      for (const { item, routing, route } of plan) {
        if (opts.signal.aborted) return JOB_STOPPED;
        const suomifiRoute = route === 'suomifi' || route === 'suomifi_paper';
        if (suomifiRoute && !sender) {
          const message = router.availability.enabled ? msg('delivery.suomifiUnavailable') : msg('delivery.suomifiOff');
          setItem.run('failed', JSON.stringify(message), route, null, batchId, item.seq);
          done++;
          continue;
        }
        if (route === null) {
          setItem.run('failed', JSON.stringify(msg('delivery.noRoute', { label: letterLabel(item) })), null, null, batchId, item.seq);
          done++;
          continue;
        }
        const claimed = claims.get(item.decision_id)!;
        if (!claimed.granted) {
          ctx.db.transaction(() => {
            setItem.run('cancelled', JSON.stringify(claimed.reason), route, null, batchId, item.seq);
            ctx.audit.write({ userId: ctx.user.id, action: 'delivery.claimRefused', entityType: 'decision', entityId: item.decision_id, clientId: item.client_id, details: { holder: claimed.holder, reason: claimed.reason.key } });
          })();
          done++;
          continue;
        }
        if (existing.get(item.decision_id)) {
          const placed = ctx.db.transaction(() => {
            const r = deliver(item, routing, route, claimed);
            setItem.run(r.status, null, route, r.deliveryId, batchId, item.seq);
            return r;
          })();
          if (suomifiRoute) sender!.enqueue(placed.deliveryId);
        } else {
          const model = loadModel(item.decision_id, today);
          model.recipient = recipientFor(routing, route, model.recipient);
          let made;
          try {
            made = await renderer!.make(model, ctx.clock.now());
          } catch (e) {
            if (!(e instanceof AppError)) {
              failBatch(ctx, batchId, describeFailure(e, `päätös ${model.number}, ${model.client.name}`));
              throw e;
            }
            setItem.run('failed', e.message, route, null, batchId, item.seq);
            done++;
            continue;
          }
          const rec = model.recipient;
          let placed: { status: 'done' | 'manual'; deliveryId: string };
          try {
            placed = ctx.db.transaction(() => {
              insertLetter.run({
                // One decision has one letter (letters.decision_id is unique): named by the decision, so that a
                // workstation whose stale claim another took over (delivery/claims.ts) brings back the same row.
                id: referenceId('letter', item.decision_id),
                decisionId: item.decision_id,
                language: model.language,
                delivery: rec.delivery === 'print' ? 'print' : rec.delivery === 'electronic' ? 'electronic' : 'manual',
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
              const r = deliver(item, routing, route, claimed);
              setItem.run(r.status, null, route, r.deliveryId, batchId, item.seq);
              return r;
            })();
          } catch (e) {
            failBatch(ctx, batchId, describeFailure(e, `päätös ${model.number}, ${model.client.name}`));
            throw e;
          }
          if (suomifiRoute) sender!.enqueue(placed.deliveryId);
          madeHere++;
          if (madeHere % GC_EVERY_LETTERS === 0) collectGarbage();
        }
        done++;
        if (Date.now() - lastEmit > 250) {
          lastEmit = Date.now();
          progress('letters');
        }
        // Rendering waits while the sender is far behind, so a slow service never piles up letters in memory.
        while (sender && sender.backlog > 64 && !sender.error && !opts.signal.aborted) await new Promise((r) => setTimeout(r, 20));
      }
    }
    if (opts.signal.aborted) return JOB_STOPPED;
    if (sender) {
      progress('sending');
      try {
        await sender.drain();
      } catch (e) {
        if (opts.signal.aborted) return JOB_STOPPED;
        failBatch(ctx, batchId, describeFailure(e, 'Suomi.fi-viestit'));
        throw batchError(e, 'Suomi.fi-viestit');
      }
    }
    progress('package');
    // What making the letters left behind is returned before the packaging reads them all once more.
    collectGarbage();
    return await deliverAndMarkSent(ctx, batchId, settings.sender.countyNameFi, opts.delivery ?? ekirjeZip).finally(() => progress('finished'));
  } finally {
    await renderer?.close();
  }
}

/**
 * Packages the e-kirje items, marks their deliveries accepted (which marks the decisions sent) and closes the
 * batch: Suomi.fi items are done when the service has answered for each; a failed one is marked failed with
 * its reason and waits to be sent another way; letters to deliver by hand wait for the handing over.
 */
async function deliverAndMarkSent(ctx: SignedInContext, batchId: string, sender: string, channel: DeliveryChannel): Promise<SendBatchDto> {
  const b = ctx.db.prepare('SELECT out_dir, created_at FROM send_batches WHERE id = ?').get(batchId) as { out_dir: string; created_at: string };
  const rows = ctx.db
    .prepare(
      `SELECT l.id, l.decision_id, l.language, l.pages, l.sha256, l.recipient, d.number, d.number_year, i.delivery_id
       FROM send_batch_items i JOIN letters l ON l.decision_id = i.decision_id JOIN decisions d ON d.id = i.decision_id
       WHERE i.batch_id = ? AND i.status = 'done' AND i.route = 'ekirje' ORDER BY i.seq`,
    )
    .all(batchId) as { id: string; decision_id: string; language: 'fi' | 'sv'; pages: number; sha256: string; recipient: string; number: number; number_year: number; delivery_id: string | null }[];
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
  const dc = deliveryCtx(ctx);
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    for (const r of rows) if (r.delivery_id) markAccepted(dc, r.delivery_id, { at: now });
    ctx.db.prepare("UPDATE send_batch_items SET status = 'sent' WHERE batch_id = ? AND status = 'done' AND route = 'ekirje'").run(batchId);
    // Suomi.fi items: sent, or failed with the service's reason (the decision waits to be sent another way).
    ctx.db
      .prepare(
        `UPDATE send_batch_items SET status = CASE (SELECT x.status FROM deliveries x WHERE x.id = send_batch_items.delivery_id) WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'cancelled' ELSE 'sent' END,
           error = (SELECT x.error FROM deliveries x WHERE x.id = send_batch_items.delivery_id AND x.status IN ('failed','cancelled'))
         WHERE batch_id = ? AND status = 'done' AND route IN ('suomifi','suomifi_paper')`,
      )
      .run(batchId);
    const sentCount = rows.length + (ctx.db.prepare("SELECT count(*) FROM deliveries WHERE batch_id = ? AND status = 'sent' AND route IN ('suomifi','suomifi_paper')").pluck().get(batchId) as number);
    ctx.db
      .prepare(
        "UPDATE send_batches SET status = 'completed', sent_on = ?, zip_path = ?, zip_sha256 = ?, letters = ?, pages = ?, error = NULL, finished_at = ? WHERE id = ?",
      )
      .run(ctx.clock.today(), result?.location ?? '', result?.sha256 ?? null, sentCount, result?.pages ?? 0, now.toISOString(), batchId);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchComplete', entityType: 'send_batch', entityId: batchId, details: { letters: sentCount, ekirje: rows.length, zip: result?.location ?? null } });
  })();
  return getBatch(ctx, { batchId });
}

/** Puts a batch into its cancelled state (letters made stay; nothing is marked sent that was not sent). */
function closeCancelled(ctx: SignedInContext, batchId: string): void {
  ctx.db.transaction(() => {
    const b = ctx.db.prepare('SELECT status FROM send_batches WHERE id = ?').pluck().get(batchId) as SendBatchDto['status'] | undefined;
    if (!b || b === 'completed' || b === 'cancelled') return;
    const dc = deliveryCtx(ctx);
    const open = ctx.db.prepare("SELECT seq, delivery_id FROM send_batch_items WHERE batch_id = ? AND status IN ('pending','done','manual')").all(batchId) as { seq: number; delivery_id: string | null }[];
    const cancelItem = ctx.db.prepare("UPDATE send_batch_items SET status = 'cancelled' WHERE batch_id = ? AND seq = ?");
    const sentItem = ctx.db.prepare("UPDATE send_batch_items SET status = 'sent' WHERE batch_id = ? AND seq = ?");
    for (const i of open) {
      if (!i.delivery_id || cancelDelivery(dc, i.delivery_id, msg('delivery.batchCancelled'))) cancelItem.run(batchId, i.seq);
      else sentItem.run(batchId, i.seq);
    }
    ctx.db.prepare("UPDATE send_batches SET status = 'cancelled', finished_at = ? WHERE id = ?").run(ctx.clock.now().toISOString(), batchId);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchCancel', entityType: 'send_batch', entityId: batchId });
  })();
}

/**
 * Cancels a batch through its job: a waiting or failed one at once, a running one after the letter it is
 * making. Letters already made stay (they are immutable and are reused when the decision is sent later);
 * nothing is marked sent. A Suomi.fi message that was already handed to the service is finished, never
 * withdrawn (it may have arrived).
 */
export function cancelBatch(ctx: SignedInContext, input: { batchId: string }): SendBatchDto {
  const b = getBatch(ctx, input);
  if (b.status === 'completed' || b.status === 'cancelled') throw new AppError('INVALID_STATE', b.status === 'completed' ? 'Valmista lähetyserää ei voi perua.' : 'Lähetyserä on jo peruttu.');
  const job = b.jobId ? ctx.jobs.find(b.jobId) : undefined;
  if (job && job.status !== 'completed' && job.status !== 'cancelled') ctx.jobs.cancel(job.id);
  else closeCancelled(ctx, input.batchId);
  return getBatch(ctx, input);
}

const subjectOf = (batchId: string) => `send_batch:${batchId}`;

/**
 * The batch's job, ready to run: its active job, its failed job set to run again, or a new job for a batch a
 * job no longer carries (one left unfinished before batches ran as jobs). Call it in a transaction.
 */
function batchJob(ctx: SignedInContext, batchId: string): string {
  const b = getBatch(ctx, { batchId });
  if (b.status === 'completed' || b.status === 'cancelled') throw new AppError('INVALID_STATE', 'Lähetyserä on jo päättynyt.');
  const job = b.jobId ? ctx.jobs.find(b.jobId) : undefined;
  if (job && (job.status === 'pending' || job.status === 'running')) return job.id;
  if (job && job.status === 'failed') return ctx.jobs.retry(job.id).id;
  return ctx.jobs.enqueue(lettersBatch, { batchId }, { subject: subjectOf(batchId), createdBy: ctx.user.id });
}

/** Starts (or resumes) a batch on the job runner; progress arrives as 'jobs.progress' and 'letters.progress'. */
export function startBatch(ctx: SignedInContext, input: { batchId: string }): SendBatchDto {
  ctx.db.transaction(() => batchJob(ctx, input.batchId))();
  ctx.jobs.wake();
  return getBatch(ctx, input);
}

/**
 * Moves where an unfinished batch writes its print batch (a full disk, a folder gone): the letters themselves
 * are in the database, so only the packaging, still to come, goes to the new folder. Refused while the batch
 * runs in another window or command.
 */
export function moveBatchOutput(ctx: SignedInContext, input: { batchId: string; outDir: string }): { from: string; to: string } | null {
  return ctx.db.transaction(() => {
    const from = ctx.db.prepare('SELECT out_dir FROM send_batches WHERE id = ?').pluck().get(input.batchId) as string | undefined;
    if (from === undefined) throw notFound('batch');
    if (from === input.outDir) return null;
    const jobId = batchJob(ctx, input.batchId);
    ctx.jobs.updatePayload(jobId, { batchId: input.batchId });
    ctx.db.prepare('UPDATE send_batches SET out_dir = ? WHERE id = ?').run(input.outDir, input.batchId);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.batchOutDir', entityType: 'send_batch', entityId: input.batchId, details: { from, to: input.outDir } });
    return { from, to: input.outDir };
  })();
}

/** What a run given from here may change (tests: a failing channel, shorter Suomi.fi pauses), by job id. */
const RUN_OPTIONS = new Map<string, RunOptions>();

/**
 * Runs a batch's job here until it ends (the command line, tests) and returns the batch: resumes an
 * interrupted or failed batch, returns a completed one as it is. A failure is thrown as the batch's error.
 */
export async function runBatch(ctx: SignedInContext, batchId: string, opts: RunOptions = {}): Promise<SendBatchDto> {
  const b = getBatch(ctx, { batchId });
  if (b.status === 'completed') return b;
  if (b.status === 'cancelled') throw new AppError('INVALID_STATE', 'Lähetyserä on peruttu.');
  const jobId = ctx.db.transaction(() => batchJob(ctx, batchId))();
  RUN_OPTIONS.set(jobId, opts);
  try {
    await ctx.jobs.complete(jobId);
  } finally {
    RUN_OPTIONS.delete(jobId);
  }
  return getBatch(ctx, { batchId });
}

/** A sending batch as a durable job: the batch's own id in the payload, its state in send_batches. */
export const lettersBatch = defineJobKind<{ batchId: string }>({
  kind: 'letters.batch',
  roles: SEND_ROLES,
  maxAttempts: 5,
  backoff: { baseMs: 5_000, maxMs: 5 * 60_000 },
  async run(job) {
    const ctx = job.context();
    let renderedIn: RenderMode | null = null;
    const r = await batchWork(ctx, job.payload.batchId, { ...RUN_OPTIONS.get(job.id), signal: job.signal, progress: job.progress, onRenderer: (m) => (renderedIn = m) });
    if (r === JOB_STOPPED) return JOB_STOPPED;
    return { batchId: r.id, letters: r.letters, pages: r.pages, zip: r.zipPath, manual: r.manual, failed: r.failed, renderedIn };
  },
  onCancelled(job) {
    closeCancelled(job.context(), job.payload.batchId);
  },
  onFailed(job, failure) {
    const ctx = job.context();
    if (ctx.db.prepare("SELECT 1 FROM send_batches WHERE id = ? AND status = 'running'").get(job.payload.batchId)) failBatch(ctx, job.payload.batchId, failure.message);
  },
});
