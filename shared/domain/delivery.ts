// How a letter (a decision or an invoice) reaches its recipient, and when the recipient is deemed to have
// received it. Pure rules: the core feeds them the client's address data, the recorded delivery choice, the
// last known Suomi.fi mailbox state and the county's settings, and stores what they decide.
//
// Digital first (HE 124/2025 vp, HaVM 1/2026 vp; laki sähköisestä asioinnista viranomaistoiminnassa 13/2003 and
// tukipalvelulaki 571/2016 as amended): a notification goes to the recipient's Suomi.fi Messages mailbox; a
// multichannel message carries its own paper part, which Suomi.fi prints, envelopes and posts through Posti for a
// recipient without an active mailbox. Whether a mailbox is active is Suomi.fi's business (an account opens when
// an adult signs in to a public e-service; a person may return to paper for six months at a time), so Luotsi
// sends the multichannel message and learns the channel from the delivery events.
import { appealLastDay, deemedReceived, type SendChannel } from './deadlines';
import { recipientOf, type ClientAddressData } from './letters';

/** Where a letter goes. */
export const DELIVERY_ROUTES = ['suomifi', 'suomifi_paper', 'ekirje', 'manual'] as const;
export type DeliveryRoute = (typeof DELIVERY_ROUTES)[number];
/** A route, or no way to deliver the letter at all (no address and no mailbox). */
export type RouteOrMissing = DeliveryRoute | 'missing';

/** Why the route was chosen: a code the fi/sv catalogues word. */
export const ROUTE_REASONS = [
  'mailbox', // Suomi.fi: active mailbox, electronic delivery
  'mailboxUnknown', // Suomi.fi: mailbox state not checked yet; Suomi.fi prints the paper part if there is none
  'noMailbox', // Suomi.fi prints and posts it (no active mailbox)
  'noMailboxNoPaperService', // no mailbox and the county has no Suomi.fi printing service: own e-kirje batch
  'clientChosePaper', // the client (or representative) asked for paper: own e-kirje batch
  'representative', // a representative's (edunvalvoja's) address is recorded: paper to that address
  'clientChoseManual', // the client collects the letters in person
  'protectedNoAddress', // turvakielto, no contact address and no active mailbox: by hand
  'protectedElectronic', // turvakielto without a contact address: electronic only, never a paper part
  'noHetu', // no valid henkilötunnus: Suomi.fi cannot identify the recipient
  'suomifiOff', // Suomi.fi Messages not in use on this workstation
  'noAddress', // neither a postal address nor a mailbox
] as const;
export type RouteReason = (typeof ROUTE_REASONS)[number];

export const DELIVERY_CHOICES = ['auto', 'paper', 'manual'] as const;
/** The client's recorded choice: digital first (auto), paper by the county's own print batch, or by hand. */
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

export const REPRESENTATIVE_ROLES = ['guardian', 'representative', 'relative'] as const;
/** edunvalvoja (guardian), valtuutettu / edunvalvontavaltuutettu (representative), omainen (relative). */
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

export interface RepresentativeAddress {
  role: RepresentativeRole;
  name: string;
  street: string;
  postalCode: string;
  postOffice: string;
}

export interface ClientDeliveryChoice {
  choice: DeliveryChoice;
  /** Letters go on paper to this address instead (c/o the representative). */
  representative: RepresentativeAddress | null;
}

export interface SuomifiAvailability {
  /** Suomi.fi Messages configured and switched on for this workstation. */
  enabled: boolean;
  /** The county has Suomi.fi's printing, enveloping and distribution service (paper part of a message). */
  paperService: boolean;
}

export interface RoutingInput {
  address: ClientAddressData;
  hetuValid: boolean;
  choice: ClientDeliveryChoice | null;
  /** Last known state of the recipient's Suomi.fi mailbox; null when never checked. */
  mailboxActive: boolean | null;
  suomifi: SuomifiAvailability;
}

export interface Routing {
  route: RouteOrMissing;
  reason: RouteReason;
  /** The postal address lines of the paper (e-kirje print, or Suomi.fi's paper part); empty when none. */
  paperLines: string[];
  /** A Suomi.fi message without a paper part: turvakielto without a contact address, or no address at all. */
  electronicOnly: boolean;
}

const complete = (...parts: (string | null | undefined)[]) => parts.every((p) => !!p?.trim());

export function representativeLines(clientName: string, r: RepresentativeAddress): string[] {
  return [clientName, `c/o ${r.name.trim()}`, r.street.trim(), `${r.postalCode.trim()} ${r.postOffice.trim().toUpperCase()}`];
}

/**
 * The route of one letter. Order of precedence: the client's recorded choice (by hand, a representative's
 * address, paper), then Suomi.fi first, then the county's own e-kirje print batch. Turvakielto (laki
 * väestötietojärjestelmästä 661/2009 36 §): the register address never goes on paper nor to Suomi.fi's printing
 * service; with a contact address the paper part uses it, without one the message is electronic only, and a
 * recipient without an active mailbox gets the letter by hand.
 */
export function routeLetter(input: RoutingInput): Routing {
  const rec = recipientOf(input.address);
  const name = `${input.address.lastName} ${input.address.firstNames}`;
  const choice = input.choice;
  if (choice?.choice === 'manual') return { route: 'manual', reason: 'clientChoseManual', paperLines: [], electronicOnly: false };
  if (choice?.representative && complete(choice.representative.name, choice.representative.street, choice.representative.postalCode, choice.representative.postOffice))
    return { route: 'ekirje', reason: 'representative', paperLines: representativeLines(name, choice.representative), electronicOnly: false };
  const paperOnly = (reason: RouteReason): Routing =>
    rec.delivery === 'print'
      ? { route: 'ekirje', reason, paperLines: rec.lines, electronicOnly: false }
      : rec.delivery === 'manual'
        ? { route: 'manual', reason: 'protectedNoAddress', paperLines: [], electronicOnly: false }
        : { route: 'missing', reason: 'noAddress', paperLines: [], electronicOnly: false };
  if (choice?.choice === 'paper') return paperOnly('clientChosePaper');
  if (!input.suomifi.enabled) return paperOnly('suomifiOff');
  if (!input.hetuValid) return paperOnly('noHetu');

  const mailbox = input.mailboxActive;
  if (rec.delivery === 'print') {
    if (mailbox === false) return input.suomifi.paperService ? { route: 'suomifi_paper', reason: 'noMailbox', paperLines: rec.lines, electronicOnly: false } : paperOnly('noMailboxNoPaperService');
    // Without the printing service the message has no paper part; an unknown mailbox is checked before sending.
    return { route: 'suomifi', reason: mailbox ? 'mailbox' : 'mailboxUnknown', paperLines: rec.lines, electronicOnly: !input.suomifi.paperService };
  }
  // No printable address (turvakielto without a contact address, or none at all): only an active mailbox helps.
  if (mailbox === false) return rec.delivery === 'manual' ? { route: 'manual', reason: 'protectedNoAddress', paperLines: [], electronicOnly: false } : { route: 'missing', reason: 'noAddress', paperLines: [], electronicOnly: false };
  return { route: 'suomifi', reason: rec.delivery === 'manual' ? 'protectedElectronic' : mailbox ? 'mailbox' : 'mailboxUnknown', paperLines: [], electronicOnly: true };
}

// ---- Deliveries and deemed receipt ----------------------------------------------------------------------

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'returned', 'handed_over', 'cancelled'] as const;
/**
 * pending: written, not yet handed over (or in flight; a restart sends it again with the same external id);
 * sent: the channel took it (Suomi.fi accepted the message, the e-kirje batch was delivered);
 * failed: never sent (a permanent refusal); returned: Posti could not deliver the paper (the presumption of
 * receipt is rebutted); handed_over: given to the recipient by hand; cancelled: withdrawn before sending.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type DeliveryPurpose = 'notification' | 'copy';
export type DeliveredAs = 'electronic' | 'paper';

/** What is known of one delivery, for the deemed receipt. Dates are Helsinki dates. */
export interface DeliveryFacts {
  route: DeliveryRoute;
  status: DeliveryStatus;
  /** The day the channel took the letter (Suomi.fi accepted it, the e-kirje batch was delivered). */
  acceptedOn: string | null;
  /** Suomi.fi's channel from the events ("Electronic message created" / "Paper mail created"). */
  deliveredAs: DeliveredAs | null;
  /** Day of the "Electronic message created" event. */
  electronicOn: string | null;
  /** Day Suomi.fi sent the paper part for printing and enveloping (else the day the paper mail was created). */
  paperPostedOn: string | null;
  /** Whether the recipient had an active mailbox when the message was sent (the expected channel). */
  mailboxActive: boolean | null;
  handedOverOn: string | null;
}

export type NotificationBasis = 'electronic' | 'letter' | 'hand';

export interface Notification {
  basis: NotificationBasis;
  /** The sending day the presumption counts from (for 'hand', the day handed over). */
  sentOn: string;
  deemedReceived: string;
  lastDay: string;
  /** Until Suomi.fi's events tell the channel, the channel expected from the mailbox state is used. */
  provisional: boolean;
  /** The statute the deemed receipt rests on, for display. */
  source: string;
}

export const NOTIFICATION_SOURCES: Record<NotificationBasis, string> = {
  electronic: 'Laki sähköisestä asioinnista viranomaistoiminnassa 13/2003 19 § 2 mom. (924/2010): kolmantena päivänä viestin lähettämisestä',
  letter: 'Hallintolaki 434/2003 59 § 2 mom.: seitsemäntenä päivänä kirjeen lähettämisestä',
  hand: 'Hallintolaki 434/2003 60 § 2 mom.: luovutettu vastaanottajalle tai tämän edustajalle, tiedoksiantotodistukseen merkittynä päivänä',
};

function presumed(basis: SendChannel, sentOn: string, provisional: boolean): Notification {
  const received = deemedReceived(sentOn, basis);
  return { basis, sentOn, deemedReceived: received, lastDay: appealLastDay(received), provisional, source: NOTIFICATION_SOURCES[basis] };
}

/**
 * The notification a delivery gives, or null when it gives none (pending, failed, returned or cancelled).
 * Electronic (Suomi.fi mailbox): deemed received on the 3rd day after the message was sent (13/2003 19 § 2 mom).
 * Paper, by the county's print batch or by Suomi.fi's printing service: the 7th day after the letter was sent
 * (HL 59 § 2 mom), counted from the day Suomi.fi sent it for printing and enveloping, the later and so the
 * safer day for the recipient. By hand: the day handed over, as the written certificate says (HL 60 § 2 mom).
 * The review period of 30 days runs from the deemed receipt (HL 49 c §, SHL 48 §, laki 150/1930).
 */
export function notificationOf(f: DeliveryFacts): Notification | null {
  if (f.status === 'handed_over') {
    if (!f.handedOverOn) return null;
    return { basis: 'hand', sentOn: f.handedOverOn, deemedReceived: f.handedOverOn, lastDay: appealLastDay(f.handedOverOn), provisional: false, source: NOTIFICATION_SOURCES.hand };
  }
  if (f.status !== 'sent' || !f.acceptedOn) return null;
  if (f.route === 'ekirje') return presumed('letter', f.acceptedOn, false);
  if (f.route === 'manual') return null;
  if (f.deliveredAs === 'electronic') return presumed('electronic', f.electronicOn ?? f.acceptedOn, false);
  if (f.deliveredAs === 'paper') return presumed('letter', f.paperPostedOn ?? f.acceptedOn, f.paperPostedOn === null);
  // Channel not yet reported: what the mailbox state at sending leads to expect.
  const expectElectronic = f.route === 'suomifi' && f.mailboxActive !== false;
  return presumed(expectElectronic ? 'electronic' : 'letter', f.acceptedOn, true);
}

/**
 * Which delivery of a document gives its notification: the first one that was sent or handed over and not
 * returned. Later deliveries after a successful one are copies and never start a second review period; a
 * delivery after a failed or returned one is the notification in its place.
 */
export function notifyingDelivery<T extends { status: DeliveryStatus; purpose: DeliveryPurpose; attempt: number }>(deliveries: readonly T[]): T | null {
  const ordered = [...deliveries].filter((d) => d.purpose === 'notification').sort((a, b) => a.attempt - b.attempt);
  return ordered.find((d) => d.status === 'sent' || d.status === 'handed_over') ?? null;
}

/** Whether a new delivery of a document is its notification or a copy that leaves the deadlines alone. */
export function purposeOfNewDelivery(deliveries: readonly { status: DeliveryStatus; purpose: DeliveryPurpose }[]): DeliveryPurpose {
  return deliveries.some((d) => d.purpose === 'notification' && (d.status === 'sent' || d.status === 'handed_over' || d.status === 'pending')) ? 'copy' : 'notification';
}

// ---- Suomi.fi delivery events ---------------------------------------------------------------------------

/** Suomi.fi Messages REST v2 event types (GET /v2/events), as the service names them. */
export const SUOMIFI_EVENT_TYPES = {
  'Electronic message created': 'electronic_created',
  'Electronic message read': 'electronic_read',
  'Receipt confirmed': 'receipt_confirmed',
  'Paper mail created': 'paper_created',
  'Sent for printing and enveloping': 'sent_for_printing',
  'Posti: receipt confirmed': 'posti_receipt_confirmed',
  'Posti: returned to sender': 'posti_returned',
  'Posti: unresolved': 'posti_unresolved',
} as const;
export type SuomifiEventName = keyof typeof SUOMIFI_EVENT_TYPES;

/** Event kinds stored on a delivery: Suomi.fi's and Luotsi's own. */
export const DELIVERY_EVENT_TYPES = [
  'accepted', // Luotsi: Suomi.fi took the message (messageId), or the e-kirje batch was delivered
  'failed', // Luotsi: refused for good
  'handed_over', // Luotsi: given by hand
  'electronic_created',
  'electronic_read',
  'receipt_confirmed',
  'paper_created',
  'sent_for_printing',
  'posti_receipt_confirmed',
  'posti_returned',
  'posti_unresolved',
] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

export function eventTypeOf(name: string): DeliveryEventType | null {
  return (SUOMIFI_EVENT_TYPES as Record<string, DeliveryEventType>)[name] ?? null;
}

/** Returned and unresolved paper rebut the presumption of receipt: the letter has to be sent again. */
export function eventReturnsLetter(type: DeliveryEventType): boolean {
  return type === 'posti_returned' || type === 'posti_unresolved';
}
