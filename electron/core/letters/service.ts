// Letter handlers: the sending queue, previews, batches and the letter settings.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, notFound } from '../../../shared/contract/errors';
import type { LetterSettings, ReadyDecisionRow } from '../../../shared/contract/letter-schemas';
import type { DeliveryRoute, DeliveryStatus } from '../../../shared/domain/delivery';
import { letterSettingsView, type letterSettingsInput } from '../../../shared/contract/letter-schemas';
import type { z } from 'zod';
import type { SignedInContext } from '../context';
import { formatDecisionNumber, parseServiceItems, SERVICE_ITEMS_SQL } from '../decisions/queries';
import { loadSigningCertificate } from './certificate';
import { makeLetter } from './letter';
import { letterModelLoader, loadLetterResources, recipientOfRow, type AddressColumns } from './model';
import { ROUTING_COLUMNS, ROUTING_JOINS, routeOfRow } from '../delivery/routing';
import { suomifiAvailability } from '../suomifi/settings';
import { deliveryErrorText } from '../delivery/deliveries';
import { letterSettings, readLetterSettings, writeLetterSettings } from './settings';

interface ReadyRow extends AddressColumns {
  id: string;
  number: number;
  number_year: number;
  client_id: string;
  language: 'fi' | 'sv';
  outcome: ReadyDecisionRow['outcome'];
  kind: ReadyDecisionRow['kind'];
  services: string | null;
  service_items: string | null;
  decided_on: string;
  arrange_by: string | null;
  maker_name: string;
  area_id: string;
  has_letter: number;
  last_delivery: string | null;
}

/**
 * Signed decisions not yet sent (and sent ones whose letter came back), not in an unfinished batch and with no
 * delivery under way: the sending queue, each with the route its letter takes.
 */
export function readyDecisions(ctx: SignedInContext): ReadyDecisionRow[] {
  const availability = suomifiAvailability(ctx.db);
  const today = ctx.clock.today();
  const rows = ctx.db
    .prepare(
      `SELECT d.id, d.number, d.number_year, d.client_id, c.language, d.outcome, d.kind, d.decided_on, d.arrange_by,
         m.display_name AS maker_name, c.area_id, ${ROUTING_COLUMNS},
         (SELECT group_concat(s.name_fi, ', ') FROM decision_services ds JOIN services s ON s.code = ds.service_code WHERE ds.decision_id = d.id) AS services,
         ${SERVICE_ITEMS_SQL} AS service_items,
         EXISTS (SELECT 1 FROM letters l WHERE l.decision_id = d.id) AS has_letter,
         (SELECT json_object('route', x.route, 'status', x.status, 'error', x.error) FROM deliveries x WHERE x.decision_id = d.id ORDER BY x.attempt DESC LIMIT 1) AS last_delivery
       FROM decisions d JOIN clients c ON c.id = d.client_id JOIN users m ON m.id = d.decision_maker_id ${ROUTING_JOINS}
       WHERE (d.status = 'signed' OR (d.status = 'sent' AND d.notification_basis = 'returned'))
         AND NOT EXISTS (SELECT 1 FROM send_batch_items i WHERE i.decision_id = d.id AND i.status IN ('pending','done'))
         AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.decision_id = d.id AND x.status = 'pending')
       ORDER BY d.decided_on, d.number`,
    )
    .all() as (ReadyRow & Parameters<typeof routeOfRow>[0])[];
  return rows.map((r) => {
    const rec = recipientOfRow(r);
    const routing = routeOfRow(r, availability, today);
    const last = r.last_delivery ? (JSON.parse(r.last_delivery) as NonNullable<ReadyDecisionRow['lastFailure']>) : null;
    return {
      decisionId: r.id,
      number: formatDecisionNumber(r.number, r.number_year)!,
      clientId: r.client_id,
      clientName: `${r.last_name} ${r.first_names}`,
      language: r.language,
      outcome: r.outcome,
      kind: r.kind,
      services: r.services ?? '',
      serviceItems: parseServiceItems(r.service_items),
      decidedOn: r.decided_on,
      arrangeBy: r.arrange_by,
      makerName: r.maker_name,
      areaId: r.area_id,
      delivery: rec.delivery,
      route: routing.route,
      routeReason: routing.reason,
      addressProtected: r.address_protected === 1,
      // Never the protected register address's postcode: the contact address's, or none.
      postalCode: rec.delivery === 'print' ? (/^\d{5}/.exec(rec.lines[rec.lines.length - 1] ?? '')?.[0] ?? null) : null,
      hasLetter: r.has_letter === 1,
      lastFailure: last && (last.status === 'failed' || last.status === 'returned') ? { ...last, error: deliveryErrorText(last.error, ctx.user.language) } : null,
    };
  });
}

/** The stored signed letter of a decision, or an unsigned preview of how it would look today. */
export async function previewLetter(ctx: SignedInContext, input: { decisionId: string }) {
  const stored = ctx.db
    .prepare('SELECT l.bytes, l.sha256, l.pages, l.delivery, l.address_protected, d.client_id FROM letters l JOIN decisions d ON d.id = l.decision_id WHERE l.decision_id = ?')
    .get(input.decisionId) as { bytes: Buffer; sha256: string; pages: number; delivery: 'print' | 'manual' | 'electronic'; address_protected: number; client_id: string } | undefined;
  if (stored) {
    ctx.audit.write({ userId: ctx.user.id, action: 'letter.view', entityType: 'decision', entityId: input.decisionId, clientId: stored.client_id });
    return { decisionId: input.decisionId, pdfBase64: stored.bytes.toString('base64'), stored: true, draft: false, sha256: stored.sha256, pages: stored.pages, delivery: stored.delivery, addressProtected: stored.address_protected === 1 };
  }
  const status = ctx.db.prepare('SELECT status, client_id FROM decisions WHERE id = ?').get(input.decisionId) as { status: string; client_id: string } | undefined;
  if (!status) throw notFound('decision');
  const settings = letterSettings(ctx.db);
  const model = letterModelLoader(ctx.db, settings)(input.decisionId, ctx.clock.today());
  const draft = status.status === 'draft' || status.status === 'proposed';
  if (draft) {
    // A draft's preview carries the draft mark and no signature line (template.ts).
    model.draft = true;
    model.number = 'luonnos';
    model.decisionMaker ??= { name: '(päätöksentekijä)', title: '(virkanimike)' };
  }
  const made = await makeLetter(model, loadLetterResources(ctx.resourcesDir), settings.window, ctx.clock.now(), null);
  ctx.audit.write({ userId: ctx.user.id, action: 'letter.view', entityType: 'decision', entityId: input.decisionId, clientId: status.client_id, details: { preview: true } });
  return {
    decisionId: input.decisionId,
    pdfBase64: made.bytes.toString('base64'),
    stored: false,
    draft,
    sha256: null,
    pages: made.pages,
    delivery: model.recipient.delivery === 'print' ? ('print' as const) : ('manual' as const),
    addressProtected: model.recipient.protected,
  };
}

export function batchItems(ctx: SignedInContext, input: { batchId: string }) {
  const events = ctx.db.prepare('SELECT type, at FROM delivery_events WHERE delivery_id = ? ORDER BY at, type');
  return (
    ctx.db
      .prepare(
        `SELECT i.seq, i.decision_id, i.status, i.error, i.route, d.number, d.number_year, d.notified_on, d.appeal_last_day, d.notification_provisional,
           c.last_name, c.first_names, c.address_protected, x.id AS delivery_id, x.status AS delivery_status, x.delivered_as, x.error AS delivery_error
         FROM send_batch_items i JOIN decisions d ON d.id = i.decision_id JOIN clients c ON c.id = d.client_id
         LEFT JOIN deliveries x ON x.id = i.delivery_id
         WHERE i.batch_id = ? ORDER BY i.seq`,
      )
      .all(input.batchId) as {
      seq: number;
      decision_id: string;
      status: 'pending' | 'done' | 'manual' | 'failed' | 'cancelled' | 'sent';
      error: string | null;
      route: DeliveryRoute | null;
      number: number;
      number_year: number;
      notified_on: string | null;
      appeal_last_day: string | null;
      notification_provisional: number;
      last_name: string;
      first_names: string;
      address_protected: number;
      delivery_id: string | null;
      delivery_status: DeliveryStatus | null;
      delivered_as: 'electronic' | 'paper' | null;
      delivery_error: string | null;
    }[]
  ).map((r) => ({
    seq: r.seq,
    decisionId: r.decision_id,
    number: formatDecisionNumber(r.number, r.number_year)!,
    clientName: `${r.last_name} ${r.first_names}`,
    status: r.status,
    error: deliveryErrorText(r.error ?? r.delivery_error, ctx.user.language),
    addressProtected: r.address_protected === 1,
    route: r.route,
    delivery: r.delivery_id
      ? { id: r.delivery_id, status: r.delivery_status!, deliveredAs: r.delivered_as, error: deliveryErrorText(r.delivery_error, ctx.user.language), events: events.all(r.delivery_id) as { type: string; at: string }[] }
      : null,
    notifiedOn: r.notified_on,
    appealLastDay: r.appeal_last_day,
    notificationProvisional: r.notification_provisional === 1,
  }));
}

/** The batch's merged print PDF: its path, and its bytes when small enough to hand to the window. */
export function printCopy(ctx: SignedInContext, input: { batchId: string }) {
  const b = ctx.db.prepare("SELECT zip_path FROM send_batches WHERE id = ? AND status = 'completed'").get(input.batchId) as { zip_path: string } | undefined;
  if (!b?.zip_path) throw new AppError('INVALID_STATE', 'Tulostettava PDF syntyy, kun lähetyserä on valmis.');
  const file = b.zip_path.replace(/\.zip$/, '-tulostus.pdf');
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `Tulostustiedostoa ${path.basename(file)} ei enää ole kansiossa ${path.dirname(file)}.`);
  const size = fs.statSync(file).size;
  return { path: file, fileName: path.basename(file), sizeBytes: size, pdfBase64: size <= 64 * 1024 * 1024 ? fs.readFileSync(file).toString('base64') : null };
}

/**
 * A print request for a batch's print PDF, checked and recorded by the core: only the print PDF of a completed
 * batch, by its exact path. The host prints when this succeeds (Electron's main process opens the print
 * dialog); hosts without printing answer printed: false.
 */
export function authorizePrint(ctx: SignedInContext, input: { path: string }): { printed: false } {
  const batches = ctx.db.prepare("SELECT id, zip_path FROM send_batches WHERE status = 'completed' AND zip_path IS NOT NULL").all() as { id: string; zip_path: string }[];
  const batch = batches.find((b) => b.zip_path.replace(/\.zip$/, '-tulostus.pdf') === input.path);
  if (!batch || !fs.existsSync(input.path)) throw notFound('printFile');
  ctx.audit.write({ userId: ctx.user.id, action: 'letters.print', entityType: 'send_batch', entityId: batch.id });
  return { printed: false };
}

function viewOf(s: LetterSettings, now: Date) {
  let certificate = null;
  let certificateError: string | null = null;
  if (s.certificatePath) {
    try {
      const c = loadSigningCertificate(s.certificatePath, s.certificatePassphrase, now);
      certificate = { subject: c.subject.replace(/\n/g, ', '), validFrom: c.validFrom.toISOString(), validTo: c.validTo.toISOString() };
    } catch (e) {
      certificateError = e instanceof AppError ? e.message : String(e);
    }
  } else certificateError = 'Allekirjoitusvarmennetta ei ole määritetty.';
  const { certificatePassphrase, ...rest } = s;
  return letterSettingsView.parse({ ...rest, hasPassphrase: certificatePassphrase.length > 0, certificate, certificateError });
}

export function getLetterSettings(ctx: SignedInContext) {
  return viewOf(letterSettings(ctx.db), ctx.clock.now());
}

/** Saves the letter settings; a certificate that cannot be opened with the passphrase is refused. */
export function saveLetterSettings(ctx: SignedInContext, input: z.infer<typeof letterSettingsInput>) {
  const previous = readLetterSettings(ctx.db);
  const passphrase = input.certificatePassphrase || previous?.certificatePassphrase || '';
  const next: LetterSettings = { ...input, certificatePassphrase: passphrase };
  if (next.certificatePath) loadSigningCertificate(next.certificatePath, passphrase, ctx.clock.now());
  ctx.db.transaction(() => {
    writeLetterSettings(ctx.db, next);
    ctx.audit.write({ userId: ctx.user.id, action: 'letters.settings', details: { certificatePath: next.certificatePath, window: next.window } });
  })();
  return viewOf(next, ctx.clock.now());
}
