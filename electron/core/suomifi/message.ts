// The Suomi.fi message of a decision letter: the title and text in the client's language (the text says what
// matters; the signed letter with its review instructions is the attachment), the attachment's name, and the
// paper part with the recipient's and the sender's postal addresses.
import fs from 'node:fs';
import path from 'node:path';
import type { SuomifiSettings } from '../../../shared/contract/delivery-schemas';
import { fillText, formatDateFi, formatEuros, type Language, type VersionedTexts } from '../../../shared/domain/letters';
import type { DecisionOutcome } from '../../../shared/domain/decisions';
import type { ElectronicMessage, ElectronicPart, MultichannelMessage, PostalAddress } from './api';

export interface MessageTexts {
  title: { service: string; fee: string; voucher: string; invoice: string };
  outcome: Record<DecisionOutcome, string>;
  body: string;
  invoiceBody: string;
  fileDecision: string;
  fileInvoice: string;
}

export function loadMessageTexts(resourcesDir: string): VersionedTexts<MessageTexts> {
  return JSON.parse(fs.readFileSync(path.join(resourcesDir, 'suomifi', 'messages.json'), 'utf8')) as VersionedTexts<MessageTexts>;
}

export function messageTextsOn(texts: VersionedTexts<MessageTexts>, date: string, language: Language): MessageTexts {
  const v = texts.versions.find((x) => x.validFrom <= date && (x.validTo === null || date <= x.validTo));
  if (!v) throw new Error(`No Suomi.fi message texts in force on ${date}`);
  return v[language];
}

/** Address lines of a letter ("Name", optional "c/o …", street, "00100 CITY") as Suomi.fi's address. */
export function postalAddressOf(lines: readonly string[]): PostalAddress | null {
  if (lines.length < 3) return null;
  const last = lines[lines.length - 1]!;
  const m = /^(\d{5})\s+(.+)$/.exec(last.trim());
  if (!m) return null;
  const middle = lines.slice(1, -2);
  return {
    name: lines[0]!,
    ...(middle.length ? { additionalName: middle.join(', ') } : {}),
    streetAddress: lines[lines.length - 2]!,
    zipCode: m[1]!,
    city: m[2]!,
    countryCode: 'FI',
  };
}

export interface DecisionMessageInput {
  externalId: string;
  recipientId: string;
  language: Language;
  kind: 'service' | 'fee' | 'voucher';
  outcome: DecisionOutcome;
  number: string;
  decidedOn: string;
  services: string;
  attachmentId: string;
  /** Null: an electronic-only message (no paper part). */
  paperLines: string[] | null;
  county: string;
  unit: string;
  phone: string;
  email: string;
}

export function decisionTitle(t: MessageTexts, m: Pick<DecisionMessageInput, 'kind' | 'number' | 'services' | 'outcome'>): string {
  const title = m.kind === 'service' ? fillText(t.title.service, { number: m.number, subject: m.services || t.outcome[m.outcome] }) : fillText(t.title[m.kind], { number: m.number });
  return title.length > 256 ? `${title.slice(0, 255)}…` : title;
}

export function decisionFileName(t: MessageTexts, number: string, today: string): string {
  return fillText(t.fileDecision, { number: number.replace('/', '-'), date: today });
}

export function invoiceFileName(t: MessageTexts, number: number, today: string): string {
  return fillText(t.fileInvoice, { number, date: today });
}

export interface InvoiceMessageInput {
  externalId: string;
  recipientId: string;
  number: number;
  month: string;
  totalCents: number;
  dueDate: string;
  attachmentId: string;
  paperLines: string[] | null;
  county: string;
  unit: string;
  phone: string;
  email: string;
}

function electronicPart(title: string, body: string, attachmentId: string, s: SuomifiSettings): ElectronicPart {
  return {
    attachments: [{ attachmentId }],
    body,
    bodyFormat: 'Text',
    messageServiceType: 'Normal',
    notifications: { senderDetailsInNotifications: 'Organisation and service name', unreadMessageNotification: { reminder: 'Default reminder' } },
    replyAllowedBy: 'No one',
    title: title.length > 256 ? `${title.slice(0, 255)}…` : title,
    visibility: s.visibility,
  };
}

/** The paper part, or null when the message goes electronic only (no address, or no printing service). */
function paperPart(lines: string[] | null, attachmentId: string, s: SuomifiSettings, printingPassword: string | null): MultichannelMessage['paperMail'] | null {
  const recipient = lines ? postalAddressOf(lines) : null;
  if (!recipient || !s.paperService.enabled || !printingPassword) return null;
  return {
    attachments: [{ attachmentId }],
    colorPrinting: false,
    createAddressPage: true,
    messageServiceType: 'Normal',
    printingAndEnvelopingService: { postiMessaging: { contactDetails: { email: s.paperService.contactEmail }, username: s.paperService.username, password: printingPassword } },
    recipient: { address: recipient },
    rotateLandscapePages: false,
    sender: { address: { name: s.paperSender.name, streetAddress: s.paperSender.street, zipCode: s.paperSender.postalCode, city: s.paperSender.city, countryCode: 'FI' } },
    twoSidedPrinting: true,
  };
}

/** A client-fee invoice as a Suomi.fi message: the amount and due date in the text, the invoice PDF attached. */
export function buildInvoiceMessage(t: MessageTexts, m: InvoiceMessageInput, s: SuomifiSettings, printingPassword: string | null): MultichannelMessage | ElectronicMessage {
  const [y, mo] = m.month.split('-');
  const body = fillText(t.invoiceBody, { county: m.county, unit: m.unit, number: m.number, month: `${Number(mo)}/${y}`, amount: formatEuros(m.totalCents), due: formatDateFi(m.dueDate), phone: m.phone, email: m.email });
  const base = { externalId: m.externalId, electronic: electronicPart(fillText(t.title.invoice, { number: m.number }), body, m.attachmentId, s), recipient: { id: m.recipientId }, sender: { serviceId: s.serviceId } };
  const paper = paperPart(m.paperLines, m.attachmentId, s, printingPassword);
  return paper ? { ...base, paperMail: paper } : base;
}

export function buildDecisionMessage(t: MessageTexts, m: DecisionMessageInput, s: SuomifiSettings, printingPassword: string | null): MultichannelMessage | ElectronicMessage {
  const body = fillText(t.body, {
    county: m.county,
    unit: m.unit,
    number: m.number,
    date: formatDateFi(m.decidedOn),
    summary: m.services ? `${m.services}, ${t.outcome[m.outcome]}` : t.outcome[m.outcome],
    phone: m.phone,
    email: m.email,
  });
  const base = { externalId: m.externalId, electronic: electronicPart(decisionTitle(t, m), body, m.attachmentId, s), recipient: { id: m.recipientId }, sender: { serviceId: s.serviceId } };
  const paper = paperPart(m.paperLines, m.attachmentId, s, printingPassword);
  return paper ? { ...base, paperMail: paper } : base;
}
