// Handlers of delivery: a decision's deliveries and their events, a client's recorded delivery choice with the
// route it gives and the client's deliveries, the letters waiting to be handed over and recording a handing
// over (HL 60 § 2 mom: the day, to whom, by whom).
import type { z } from 'zod';
import { AppError, notFound } from '../../../shared/contract/errors';
import { issue, msg } from '../../../shared/messages';
import type { clientDeliveryInput, DeliveryDto, handOverInput, releaseClaimInput } from '../../../shared/contract/delivery-schemas';
import type { DeliveryEventType } from '../../../shared/domain/delivery';
import type { SignedInContext } from '../context';
import { formatDecisionNumber } from '../decisions/queries';
import { deliveryErrorText, markHandedOver, type DeliveryRow } from './deliveries';
import { choiceOfRow, ROUTING_COLUMNS, ROUTING_JOINS, routeOfRow } from './routing';
import { suomifiAvailability } from '../suomifi/settings';

type Row = DeliveryRow & { handed_over_by_name: string | null };

function toDto(ctx: SignedInContext, r: Row): DeliveryDto {
  const events = ctx.db.prepare('SELECT type, at, source, details FROM delivery_events WHERE delivery_id = ? ORDER BY at, type').all(r.id) as {
    type: DeliveryEventType;
    at: string;
    source: 'suomifi' | 'luotsi';
    details: string;
  }[];
  return {
    id: r.id,
    decisionId: r.decision_id,
    invoiceId: r.invoice_id,
    purpose: r.purpose,
    attempt: r.attempt,
    route: r.route,
    routeReason: r.route_reason,
    status: r.status,
    deliveredAs: r.delivered_as,
    messageId: r.message_id,
    acceptedOn: r.accepted_on,
    handedOverOn: r.handed_over_on,
    handedOverTo: r.handed_over_to,
    handedOverByName: r.handed_over_by_name,
    error: deliveryErrorText(r.error, ctx.user.language),
    createdAt: r.created_at,
    events: events.map((e) => ({ type: e.type, at: e.at, source: e.source, details: JSON.parse(e.details) as Record<string, unknown> })),
  };
}

const DELIVERY_SQL = `SELECT x.*, u.display_name AS handed_over_by_name FROM deliveries x LEFT JOIN users u ON u.id = x.handed_over_by`;

/** A decision's deliveries, oldest first, with their events. */
export function decisionDeliveries(ctx: SignedInContext, input: { decisionId: string }): DeliveryDto[] {
  return (ctx.db.prepare(`${DELIVERY_SQL} WHERE x.decision_id = ? ORDER BY x.attempt`).all(input.decisionId) as Row[]).map((r) => toDto(ctx, r));
}

interface ChoiceRow {
  choice: 'auto' | 'paper' | 'manual' | null;
  rep_role: 'guardian' | 'representative' | 'relative' | null;
  rep_name: string | null;
  rep_street: string | null;
  rep_postal_code: string | null;
  rep_post_office: string | null;
  note: string | null;
  valid_until: string | null;
  mailbox_active: number | null;
  mailbox_checked_at: string | null;
}

/** A client's delivery choice, the route a letter takes today, and the client's deliveries. */
export function clientDelivery(ctx: SignedInContext, input: { clientId: string }) {
  const today = ctx.clock.today();
  const r = ctx.db
    .prepare(`SELECT ${ROUTING_COLUMNS}, cd.note, mb.checked_at AS mailbox_checked_at FROM clients c ${ROUTING_JOINS} WHERE c.id = ? AND c.deleted = 0`)
    .get(input.clientId) as (ChoiceRow & Parameters<typeof routeOfRow>[0]) | undefined;
  if (!r) throw notFound('client');
  const routing = routeOfRow(r, suomifiAvailability(ctx.db), today);
  const chosen = choiceOfRow(r, '0000-01-01');
  const deliveries = ctx.db
    .prepare(
      `${DELIVERY_SQL.replace('FROM deliveries x', ', d.number, d.number_year, i.number AS invoice_number FROM deliveries x LEFT JOIN decisions d ON d.id = x.decision_id LEFT JOIN invoices i ON i.id = x.invoice_id')}
       WHERE x.client_id = ? ORDER BY x.created_at DESC LIMIT 100`,
    )
    .all(input.clientId) as (Row & { number: number | null; number_year: number | null; invoice_number: number | null })[];
  return {
    choice: chosen?.choice ?? 'auto',
    representative: chosen?.representative ?? null,
    note: r.note ?? '',
    validUntil: r.valid_until,
    mailboxActive: r.mailbox_active === null ? null : r.mailbox_active === 1,
    mailboxCheckedAt: r.mailbox_checked_at,
    route: routing.route,
    routeReason: routing.reason,
    deliveries: deliveries.map((d) => ({ ...toDto(ctx, d), documentLabel: d.decision_id ? (formatDecisionNumber(d.number, d.number_year) ?? '') : `${d.invoice_number ?? ''}` })),
  };
}

/** Records the client's choice (paper, by hand, a representative's address), or returns to digital first. */
export function setClientDelivery(ctx: SignedInContext, input: z.infer<typeof clientDeliveryInput>) {
  const now = ctx.clock.now().toISOString();
  if (input.validUntil !== null && input.validUntil < ctx.clock.today())
    throw new AppError('VALIDATION', msg('delivery.validUntilPast', { date: input.validUntil }), [issue('validUntil', 'delivery.validUntilPast', { date: input.validUntil })]);
  ctx.db.transaction(() => {
    const rep = input.representative;
    ctx.db
      .prepare(
        `INSERT INTO client_delivery (client_id, choice, rep_role, rep_name, rep_street, rep_postal_code, rep_post_office, note, valid_until, recorded_by, updated_at)
         VALUES (@client, @choice, @role, @name, @street, @postal, @office, @note, @until, @user, @now)
         ON CONFLICT (client_id) DO UPDATE SET choice = excluded.choice, rep_role = excluded.rep_role, rep_name = excluded.rep_name, rep_street = excluded.rep_street,
           rep_postal_code = excluded.rep_postal_code, rep_post_office = excluded.rep_post_office, note = excluded.note, valid_until = excluded.valid_until,
           recorded_by = excluded.recorded_by, deleted = 0, version = version + 1, updated_at = excluded.updated_at`,
      )
      .run({
        client: input.clientId,
        choice: input.choice,
        role: rep?.role ?? null,
        name: rep?.name ?? null,
        street: rep?.street ?? null,
        postal: rep?.postalCode ?? null,
        office: rep?.postOffice ?? null,
        note: input.note,
        until: input.validUntil,
        user: ctx.user.id,
        now,
      });
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'client.deliveryChoice',
      entityType: 'client',
      entityId: input.clientId,
      clientId: input.clientId,
      details: { choice: input.choice, representative: rep ? rep.role : null, validUntil: input.validUntil },
    });
  })();
  return clientDelivery(ctx, { clientId: input.clientId });
}

/** Letters printed for delivery by hand and waiting to be handed over, oldest first. */
export function lettersToHandOver(ctx: SignedInContext) {
  return (
    ctx.db
      .prepare(
        `SELECT x.id, x.decision_id, x.route_reason, x.created_at, d.number, d.number_year, d.decided_on, c.id AS client_id, c.last_name, c.first_names, c.address_protected, c.language,
           EXISTS (SELECT 1 FROM letters l WHERE l.decision_id = x.decision_id) AS has_letter
         FROM deliveries x JOIN decisions d ON d.id = x.decision_id JOIN clients c ON c.id = x.client_id
         WHERE x.route = 'manual' AND x.status = 'pending' ORDER BY x.created_at`,
      )
      .all() as {
      id: string;
      decision_id: string;
      route_reason: DeliveryDto['routeReason'];
      created_at: string;
      number: number;
      number_year: number;
      decided_on: string;
      client_id: string;
      last_name: string;
      first_names: string;
      address_protected: number;
      language: 'fi' | 'sv';
      has_letter: number;
    }[]
  ).map((r) => ({
    deliveryId: r.id,
    decisionId: r.decision_id,
    number: formatDecisionNumber(r.number, r.number_year)!,
    decidedOn: r.decided_on,
    clientId: r.client_id,
    clientName: `${r.last_name} ${r.first_names}`,
    language: r.language,
    addressProtected: r.address_protected === 1,
    routeReason: r.route_reason,
    waitingSince: r.created_at,
    hasLetter: r.has_letter === 1,
  }));
}

/** Records that the decision's letter was handed over: this notifies the decision from that day (HL 60 § 2 mom). */
export function recordHandOver(ctx: SignedInContext, input: z.infer<typeof handOverInput>) {
  const today = ctx.clock.today();
  if (input.handedOverOn > today) throw new AppError('VALIDATION', msg('delivery.handOverFuture', { date: input.handedOverOn }), [issue('handedOverOn', 'field.notInFuture')]);
  const delivery = ctx.db.prepare("SELECT id FROM deliveries WHERE decision_id = ? AND route = 'manual' AND status = 'pending'").pluck().get(input.decisionId) as string | undefined;
  if (!delivery) throw new AppError('INVALID_STATE', msg('delivery.notWaitingHandOver'));
  const d = ctx.db.prepare('SELECT decided_on, number, number_year FROM decisions WHERE id = ?').get(input.decisionId) as { decided_on: string; number: number; number_year: number };
  if (input.handedOverOn < d.decided_on)
    throw new AppError('VALIDATION', msg('delivery.handOverBeforeDecision', { date: input.handedOverOn, decided: d.decided_on }), [issue('handedOverOn', 'delivery.handOverBeforeDecision', { date: input.handedOverOn, decided: d.decided_on })]);
  ctx.db.transaction(() => markHandedOver({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id }, delivery, input.handedOverOn, input.handedOverTo))();
  const after = ctx.db.prepare('SELECT notified_on, appeal_last_day FROM decisions WHERE id = ?').get(input.decisionId) as { notified_on: string; appeal_last_day: string };
  return { decisionId: input.decisionId, number: formatDecisionNumber(d.number, d.number_year)!, notifiedOn: after.notified_on, appealLastDay: after.appeal_last_day };
}

/**
 * An administrator releases a delivery claim that a vanished workstation holds (central schema 12: only one
 * whose delivery never reached the central database), with the reason; the next send of the document continues
 * that workstation's delivery under its id. Recorded here and in the central claim history.
 */
export async function releaseClaim(ctx: SignedInContext, input: z.infer<typeof releaseClaimInput>) {
  const r = await ctx.sync.releaseDeliveryClaim(`${input.documentKind}:${input.documentId}`, input.attempt, input.reason);
  const clientId = ctx.db.prepare(`SELECT client_id FROM ${input.documentKind === 'decision' ? 'decisions' : 'invoices'} WHERE id = ?`).pluck().get(input.documentId) as string | undefined;
  ctx.audit.write({
    userId: ctx.user.id,
    action: 'delivery.releaseClaim',
    entityType: input.documentKind,
    entityId: input.documentId,
    clientId: clientId ?? null,
    details: { attempt: r.attempt, deliveryId: r.delivery, device: r.device, route: r.route, reason: input.reason },
  });
  return { document: r.document, attempt: r.attempt, deliveryId: r.delivery, device: r.device, claimedAt: String(r.claimedAt), route: r.route };
}
