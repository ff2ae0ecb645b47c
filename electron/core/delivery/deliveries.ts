// Deliveries of decisions (and invoices): written before a letter leaves, moved on by what the channel answers
// and reports, and the source of the decision's deemed receipt. Every function here runs inside the caller's
// transaction; together with the letter or the event that causes it, so a crash never leaves a delivery and
// its decision disagreeing.
import { AppError } from '../../../shared/contract/errors';
import { formatMessage, msg, type Lang, type Message } from '../../../shared/messages';
import { helsinkiDate } from '../../../shared/domain/dates';
import {
  eventReturnsLetter,
  notificationOf,
  notifyingDelivery,
  purposeOfNewDelivery,
  type DeliveredAs,
  type DeliveryEventType,
  type DeliveryPurpose,
  type DeliveryRoute,
  type DeliveryStatus,
  type RouteReason,
} from '../../../shared/domain/delivery';
import type { AuditLog } from '../audit/audit';
import type { Clock } from '../clock';
import { cachedStatement, type Db } from '../db/connection';
import { referenceId, uuidv7 } from '../ids';

/** What delivery changes need: the database, the clock, the audit log and who acts. */
export interface DeliveryCtx {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  userId: string | null;
}

export interface DeliveryRow {
  id: string;
  decision_id: string | null;
  invoice_id: string | null;
  client_id: string;
  purpose: DeliveryPurpose;
  attempt: number;
  route: DeliveryRoute;
  route_reason: RouteReason;
  electronic_only: number;
  status: DeliveryStatus;
  external_id: string | null;
  message_id: number | null;
  mailbox_active: number | null;
  delivered_as: DeliveredAs | null;
  accepted_at: string | null;
  accepted_on: string | null;
  electronic_on: string | null;
  paper_posted_on: string | null;
  handed_over_on: string | null;
  handed_over_to: string | null;
  handed_over_by: string | null;
  batch_id: string | null;
  resend_of: string | null;
  error: string | null;
  device_id: string | null;
  first_try_at: string | null;
  created_by: string | null;
  created_at: string;
  version: number;
  updated_at: string;
}

export function deviceIdOf(db: Db): string {
  return cachedStatement(db, 'SELECT device_id FROM sync_state WHERE id = 1').pluck().get() as string;
}

export function loadDelivery(db: Db, id: string): DeliveryRow {
  const r = cachedStatement(db, 'SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', msg('notFound.generic'));
  return r;
}

/** A delivery's stored error (a message by key, as JSON) in the user's language; older plain text as it is. */
export function deliveryErrorText(raw: string | null, lang: Lang): string | null {
  if (raw === null) return null;
  if (!raw.startsWith('{')) return raw;
  try {
    const m = JSON.parse(raw) as Message;
    return formatMessage(lang, m.key, m.params);
  } catch {
    return raw;
  }
}

/** The Suomi.fi external id of a delivery: the same document and attempt always give the same id, so a repeated send (after a crash, or from another workstation) is answered 409 instead of sent twice. */
export function externalIdOf(kind: 'decision' | 'invoice', documentId: string, attempt: number): string {
  return `luotsi:${kind}:${documentId}:${attempt}`;
}

export interface NewDelivery {
  decisionId?: string;
  invoiceId?: string;
  clientId: string;
  route: DeliveryRoute;
  reason: RouteReason;
  electronicOnly: boolean;
  mailboxActive: boolean | null;
  batchId: string | null;
  resendOf?: string | null;
  /** The id and attempt claimed centrally for it (delivery/claims.ts); without, the next attempt here. */
  claimed?: { deliveryId: string; attempt: number };
}

/**
 * Writes a pending delivery. The first delivery of a document, or one after failed and returned ones, is its
 * notification; a delivery after a successful one is a copy and never changes the deadlines.
 */
export function createDelivery(c: DeliveryCtx, d: NewDelivery): DeliveryRow {
  const kind = d.decisionId ? 'decision' : 'invoice';
  const docId = (d.decisionId ?? d.invoiceId)!;
  const column = kind === 'decision' ? 'decision_id' : 'invoice_id';
  const existing = cachedStatement(c.db, `SELECT status, purpose, attempt FROM deliveries WHERE ${column} = ?`).all(docId) as { status: DeliveryStatus; purpose: DeliveryPurpose; attempt: number }[];
  if (existing.some((e) => e.status === 'pending')) throw new AppError('INVALID_STATE', msg('delivery.inProgress'));
  const attempt = existing.reduce((m, e) => Math.max(m, e.attempt), 0) + 1;
  // A claim is for the attempt this workstation knew of when it asked; another delivery since then is a race.
  if (d.claimed && d.claimed.attempt !== attempt) throw new AppError('INVALID_STATE', msg('delivery.inProgress'));
  const now = c.clock.now().toISOString();
  const id = d.claimed?.deliveryId ?? uuidv7(c.clock.now().getTime());
  cachedStatement(
    c.db,
    `INSERT INTO deliveries (id, decision_id, invoice_id, client_id, purpose, attempt, route, route_reason, electronic_only, status, external_id,
       mailbox_active, batch_id, resend_of, device_id, created_by, created_at, updated_at)
     VALUES (@id, @decision, @invoice, @client, @purpose, @attempt, @route, @reason, @electronicOnly, 'pending', @externalId,
       @mailbox, @batch, @resendOf, @device, @user, @now, @now)`,
  ).run({
    id,
    decision: d.decisionId ?? null,
    invoice: d.invoiceId ?? null,
    client: d.clientId,
    purpose: purposeOfNewDelivery(existing),
    attempt,
    route: d.route,
    reason: d.reason,
    electronicOnly: d.electronicOnly ? 1 : 0,
    externalId: d.route === 'suomifi' || d.route === 'suomifi_paper' ? externalIdOf(kind, docId, attempt) : null,
    mailbox: d.mailboxActive === null ? null : d.mailboxActive ? 1 : 0,
    batch: d.batchId,
    resendOf: d.resendOf ?? null,
    device: deviceIdOf(c.db),
    user: c.userId,
    now,
  });
  return loadDelivery(c.db, id);
}

/** Stores an event once: the same (delivery, type, time) is the same row on every workstation. */
export function recordEvent(c: DeliveryCtx, deliveryId: string, type: DeliveryEventType, at: string, source: 'suomifi' | 'luotsi', details: Record<string, unknown> = {}): boolean {
  const r = cachedStatement(c.db, 'INSERT INTO delivery_events (id, delivery_id, type, at, source, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING').run(
    referenceId('delivery-event', deliveryId, type, at),
    deliveryId,
    type,
    at,
    source,
    JSON.stringify(details),
    c.clock.now().toISOString(),
  );
  return r.changes > 0;
}

function update(c: DeliveryCtx, id: string, set: Partial<Record<keyof DeliveryRow, string | number | null>>): void {
  const cols = Object.keys(set);
  cachedStatement(c.db, `UPDATE deliveries SET ${cols.map((k) => `${k} = @${k}`).join(', ')}, version = version + 1, updated_at = @__now WHERE id = @__id`).run({ ...set, __now: c.clock.now().toISOString(), __id: id });
}

/** The channel took the letter: Suomi.fi answered with a message id (or 409: sent before), or the e-kirje batch was delivered. */
export function markAccepted(c: DeliveryCtx, deliveryId: string, opts: { at: Date; messageId?: number | null; duplicate?: boolean }): void {
  const d = loadDelivery(c.db, deliveryId);
  if (d.status !== 'pending') return;
  const at = opts.at.toISOString();
  update(c, d.id, { status: 'sent', accepted_at: at, accepted_on: helsinkiDate(opts.at), message_id: opts.messageId ?? d.message_id, error: null });
  recordEvent(c, d.id, 'accepted', at, 'luotsi', { route: d.route, ...(opts.messageId ? { messageId: opts.messageId } : {}), ...(opts.duplicate ? { duplicate: true } : {}) });
  refreshNotification(c, d);
}

/** The channel refused the letter for good; the decision stays unsent and waits to be sent another way. */
export function markFailed(c: DeliveryCtx, deliveryId: string, error: Message): void {
  const d = loadDelivery(c.db, deliveryId);
  if (d.status !== 'pending') return;
  update(c, d.id, { status: 'failed', error: JSON.stringify(error) });
  recordEvent(c, d.id, 'failed', c.clock.now().toISOString(), 'luotsi', { error });
  c.audit.write({ userId: c.userId, action: 'delivery.failed', entityType: 'delivery', entityId: d.id, clientId: d.client_id, details: { route: d.route, error } });
  refreshNotification(c, d);
}

/**
 * Withdraws a delivery that has not left (a cancelled batch, a claim another workstation holds). A Suomi.fi
 * message once handed to the service may have reached it: it is never withdrawn, only finished (its external id
 * makes finishing safe). Returns whether it was withdrawn.
 */
export function cancelDelivery(c: DeliveryCtx, deliveryId: string, reason: Message): boolean {
  const d = loadDelivery(c.db, deliveryId);
  if (d.status !== 'pending' || d.first_try_at !== null) return false;
  update(c, d.id, { status: 'cancelled', error: JSON.stringify(reason) });
  refreshNotification(c, d);
  return true;
}

/** The letter was handed over (HL 60 § 2 mom): the day, to whom, and who handed it over. */
export function markHandedOver(c: DeliveryCtx, deliveryId: string, on: string, to: string): void {
  const d = loadDelivery(c.db, deliveryId);
  if (d.route !== 'manual') throw new AppError('INVALID_STATE', msg('delivery.notManual'));
  if (d.status !== 'pending') throw new AppError('INVALID_STATE', d.status === 'handed_over' ? msg('delivery.alreadyHandedOver') : msg('delivery.notWaiting'));
  update(c, d.id, { status: 'handed_over', handed_over_on: on, handed_over_to: to, handed_over_by: c.userId, accepted_at: c.clock.now().toISOString(), accepted_on: on });
  recordEvent(c, d.id, 'handed_over', c.clock.now().toISOString(), 'luotsi', { on, to });
  c.audit.write({ userId: c.userId, action: 'delivery.handOver', entityType: 'delivery', entityId: d.id, clientId: d.client_id, details: { on, to } });
  refreshNotification(c, d);
}

/**
 * Applies a delivery event the channel reported. Returns whether it changed anything (a repeated event does
 * not). A message whose acceptance was never recorded (the answer was lost) is accepted by its first event.
 */
export function applyChannelEvent(c: DeliveryCtx, deliveryId: string, type: DeliveryEventType, at: Date, details: Record<string, unknown>): boolean {
  if (!recordEvent(c, deliveryId, type, at.toISOString(), 'suomifi', details)) return false;
  let d = loadDelivery(c.db, deliveryId);
  const day = helsinkiDate(at);
  // A message whose acceptance was never recorded (the answer was lost, or the batch was cancelled while it was
  // in flight) did reach the service: its first event accepts it.
  if ((d.status === 'pending' || d.status === 'cancelled') && (type === 'electronic_created' || type === 'paper_created')) {
    update(c, d.id, { status: 'sent', accepted_at: at.toISOString(), accepted_on: day, message_id: (details.messageId as number | undefined) ?? d.message_id, error: null });
    d = loadDelivery(c.db, deliveryId);
  }
  switch (type) {
    case 'electronic_created':
      update(c, d.id, { delivered_as: 'electronic', electronic_on: d.electronic_on ?? day });
      break;
    case 'paper_created':
      update(c, d.id, { delivered_as: 'paper' });
      break;
    case 'sent_for_printing':
      update(c, d.id, { delivered_as: 'paper', paper_posted_on: d.paper_posted_on ?? day });
      break;
    case 'posti_returned':
    case 'posti_unresolved':
      if (d.status === 'sent') {
        update(c, d.id, { status: 'returned', error: JSON.stringify(type === 'posti_returned' ? msg('delivery.returned') : msg('delivery.unresolved')) });
        c.audit.write({ userId: c.userId, action: 'delivery.returned', entityType: 'delivery', entityId: d.id, clientId: d.client_id, details: { type } });
      }
      break;
    default:
      break;
  }
  if (eventReturnsLetter(type) || type === 'electronic_created' || type === 'paper_created' || type === 'sent_for_printing') refreshNotification(c, d);
  return true;
}

interface DecisionNotificationRow {
  id: string;
  client_id: string;
  status: string;
  decided_on: string | null;
  sent_on: string | null;
  send_channel: string | null;
  notified_on: string | null;
  appeal_last_day: string | null;
  notification_basis: string | null;
  notification_provisional: number;
}

/**
 * Sets the decision's sending, deemed receipt and last day of review from the delivery that notified it
 * (notifyingDelivery, notificationOf). A decision none has notified stays signed; one whose letter came back
 * keeps its first sending day but loses its deemed receipt ('returned') until it is sent again.
 */
export function refreshNotification(c: DeliveryCtx, d: Pick<DeliveryRow, 'decision_id' | 'id' | 'batch_id'>): void {
  if (!d.decision_id) return;
  const decision = cachedStatement(
    c.db,
    'SELECT id, client_id, status, decided_on, sent_on, send_channel, notified_on, appeal_last_day, notification_basis, notification_provisional FROM decisions WHERE id = ?',
  ).get(d.decision_id) as DecisionNotificationRow;
  if (decision.status !== 'signed' && decision.status !== 'sent') return;
  const rows = cachedStatement(c.db, 'SELECT * FROM deliveries WHERE decision_id = ?').all(d.decision_id) as DeliveryRow[];
  const notifying = notifyingDelivery(rows);
  const n = notifying
    ? notificationOf({
        route: notifying.route,
        status: notifying.status,
        acceptedOn: notifying.accepted_on,
        deliveredAs: notifying.delivered_as,
        electronicOn: notifying.electronic_on,
        paperPostedOn: notifying.paper_posted_on,
        mailboxActive: notifying.mailbox_active === null ? null : notifying.mailbox_active === 1,
        handedOverOn: notifying.handed_over_on,
      })
    : null;
  let next: Omit<DecisionNotificationRow, 'id' | 'client_id' | 'decided_on'>;
  if (n) {
    const sentOn = n.sentOn < (decision.decided_on ?? n.sentOn) ? decision.decided_on! : n.sentOn;
    next = {
      status: 'sent',
      sent_on: sentOn,
      send_channel: n.basis === 'hand' ? null : n.basis,
      notified_on: n.deemedReceived,
      appeal_last_day: n.lastDay,
      notification_basis: n.basis,
      notification_provisional: n.provisional ? 1 : 0,
    };
  } else if (decision.status === 'sent' && rows.some((r) => r.purpose === 'notification' && r.status === 'returned')) {
    next = { status: 'sent', sent_on: decision.sent_on, send_channel: decision.send_channel, notified_on: null, appeal_last_day: null, notification_basis: 'returned', notification_provisional: 0 };
  } else return;
  const same = (Object.keys(next) as (keyof typeof next)[]).every((k) => next[k] === decision[k]);
  if (same) return;
  cachedStatement(
    c.db,
    `UPDATE decisions SET status = @status, sent_on = @sent_on, send_channel = @send_channel, notified_on = @notified_on, appeal_last_day = @appeal_last_day,
       notification_basis = @notification_basis, notification_provisional = @notification_provisional, version = version + 1, updated_at = @now WHERE id = @id`,
  ).run({ ...next, now: c.clock.now().toISOString(), id: decision.id });
  c.audit.write({
    userId: c.userId,
    action: decision.status === 'signed' ? 'decision.send' : 'decision.notification',
    entityType: 'decision',
    entityId: decision.id,
    clientId: decision.client_id,
    details: {
      basis: next.notification_basis,
      sentOn: next.sent_on,
      notifiedOn: next.notified_on,
      appealLastDay: next.appeal_last_day,
      provisional: next.notification_provisional === 1,
      deliveryId: d.id,
      ...(d.batch_id ? { batchId: d.batch_id } : {}),
    },
  });
}
