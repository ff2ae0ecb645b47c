// Decision letters as data: what a letter says, to whom and where, independent of how it is drawn. The core
// fills a LetterModel from the database; the template turns it into a PDF.
import type { DecisionOutcome } from './decisions';
import type { IntakeType } from './intake';

export type Language = 'fi' | 'sv';
export type LetterKind = 'service' | 'fee' | 'voucher';
export type ServiceUnit = 'hours_month' | 'visits_month' | 'days_month' | 'meals_month' | 'continuous';

/** Where the address block sits on page 1, in millimetres from the top-left corner of the sheet. */
export interface AddressWindow {
  leftMm: number;
  topMm: number;
  widthMm: number;
  heightMm: number;
}

/** Posti iPost default, as used by an open-source municipal system; SFS 2487 C5 window is 18/40/95×35. */
export const DEFAULT_ADDRESS_WINDOW: AddressWindow = { leftMm: 21, topMm: 55, widthMm: 72, heightMm: 30 };

export function addressWindowError(w: AddressWindow): string | null {
  if (![w.leftMm, w.topMm, w.widthMm, w.heightMm].every((v) => Number.isFinite(v) && v >= 0)) return 'Osoiteikkunan mitat on annettava millimetreinä.';
  if (w.widthMm < 50 || w.heightMm < 20) return 'Osoiteikkuna on liian pieni (vähintään 50 × 20 mm).';
  if (w.leftMm + w.widthMm > 210 || w.topMm + w.heightMm > 148) return 'Osoiteikkunan on mahduttava sivun yläosaan (A4, 210 mm leveä, taitto 148 mm kohdalla).';
  return null;
}

export interface ClientAddressData {
  lastName: string;
  firstNames: string;
  streetAddress: string | null;
  postalCode: string | null;
  postOffice: string | null;
  contactCareOf: string | null;
  contactStreet: string | null;
  contactPostalCode: string | null;
  contactPostOffice: string | null;
  addressProtected: boolean;
}

/** The recipient as the client's address data give it. */
export type AddressRecipient =
  | { delivery: 'print'; lines: string[]; source: 'register' | 'contact' | 'representative'; protected: boolean }
  | { delivery: 'manual'; lines: []; protected: true; reason: string }
  | { delivery: 'missing'; lines: []; protected: false; reason: string };

/** The recipient as the letter shows it; an electronic-only Suomi.fi message carries no address. */
export type Recipient = AddressRecipient | { delivery: 'electronic'; lines: []; protected: boolean };

const complete = (street: string | null, code: string | null, office: string | null) => !!(street?.trim() && code?.trim() && office?.trim());

/**
 * The address printed in the envelope window. Turvakielto (laki väestötietojärjestelmästä 661/2009 36 §): the
 * population-register address is never printed for a protected client; the registered contact address is used,
 * and without one the letter goes to manual delivery. Name line "Surname Firstnames", then street, then
 * "postcode CITY" (Posti's addressing guidance).
 */
export function recipientOf(c: ClientAddressData): AddressRecipient {
  const name = `${c.lastName} ${c.firstNames}`;
  if (complete(c.contactStreet, c.contactPostalCode, c.contactPostOffice)) {
    const lines = [name, ...(c.contactCareOf?.trim() ? [`c/o ${c.contactCareOf.trim()}`] : []), c.contactStreet!.trim(), `${c.contactPostalCode!.trim()} ${c.contactPostOffice!.trim().toUpperCase()}`];
    return { delivery: 'print', lines, source: 'contact', protected: c.addressProtected };
  }
  if (c.addressProtected) {
    return { delivery: 'manual', lines: [], protected: true, reason: 'Turvakielto eikä yhteystietoosoitetta: kirje toimitetaan käsin tai sähköisesti.' };
  }
  if (!complete(c.streetAddress, c.postalCode, c.postOffice)) {
    return { delivery: 'missing', lines: [], protected: false, reason: 'Asiakkaalta puuttuu postiosoite.' };
  }
  return { delivery: 'print', lines: [name, c.streetAddress!.trim(), `${c.postalCode!.trim()} ${c.postOffice!.trim().toUpperCase()}`], source: 'register', protected: false };
}

export interface LetterServiceLine {
  serviceName: string;
  unit: ServiceUnit;
  amount: number | null;
  startDate: string;
  endDate: string | null;
  providerKind: 'own' | 'purchased' | 'voucher' | null;
  providerName: string | null;
  voucherValueCents: number | null;
}

export interface LetterFeeSection {
  /** Rows of the fee calculation shown to the client, e.g. income, limit, percentage, fee. */
  rows: { label: string; value: string }[];
  /** The income and deduction records as counted, each with its subsection (asiakasmaksulaki 2 b § 1 mom 4 kohta). */
  basisRows?: { label: string; value: string }[];
  monthlyFeeCents: number;
  validFrom: string;
}

export interface LetterSender {
  countyName: string;
  unitName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  web: string;
}

export interface LetterReviewBody {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  email: string;
  /** Registry office closing time, "15.00". */
  closes: string;
}

export interface LetterModel {
  decisionId: string;
  language: Language;
  kind: LetterKind;
  outcome: DecisionOutcome;
  number: string;
  decidedOn: string;
  correctsNumber: string | null;
  client: { name: string; hetu: string };
  recipient: Recipient;
  appliedService: string | null;
  appliedOn: string | null;
  /** How the matter came pending (the intake item's type): only an application is called "Hakemus"; null without an item. */
  intakeType?: IntakeType | null;
  /** An unsigned preview of a draft or proposed decision: marked as a draft, never "signed electronically". */
  draft?: boolean;
  lines: LetterServiceLine[];
  fee: LetterFeeSection | null;
  arrangeBy: string | null;
  reasoning: string;
  legalBasis: string;
  decisionMaker: { name: string; title: string } | null;
  contactPerson: { name: string; phone: string };
  sender: LetterSender;
  review: LetterReviewBody;
  appealDays: number;
}

/** Why a letter cannot be made, in Finnish, naming the letter; null when it can. */
export function letterModelError(m: LetterModel): string | null {
  const which = `Päätös ${m.number} (${m.client.name})`;
  if (m.recipient.delivery === 'missing') return `${which}: ${m.recipient.reason}`;
  if (!m.decisionMaker?.name.trim()) return `${which}: päätöksentekijä puuttuu.`;
  if (!m.decisionMaker.title.trim()) return `${which}: päätöksentekijän virkanimike puuttuu.`;
  if (m.kind === 'fee' && !m.fee) return `${which}: maksupäätöksen maksutiedot puuttuvat.`;
  return null;
}

/** Replaces {name} placeholders; an unknown placeholder is an error in the texts, not a blank in a letter. */
export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`Letter text placeholder {${key}} has no value`);
    return String(v);
  });
}

export function formatDateFi(iso: string): string {
  return `${Number(iso.slice(8, 10))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;
}

/** 1234567 → "12 345,67 €" (Finnish and Swedish both use a space and a decimal comma). */
/** Cents as a plain decimal-comma amount without grouping or currency ("-1234,50"), as files exchange it. */
export function formatDecimalComma(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}\u00a0€`;
}

/** Amounts such as hours per month with a decimal comma (both Finnish and Swedish). */
export function formatAmount(amount: number): string {
  return (Number.isInteger(amount) ? String(amount) : amount.toFixed(1)).replace('.', ',');
}

export interface VersionedTexts<T> {
  versions: ({ validFrom: string; validTo: string | null; source: string } & Record<Language, T>)[];
}

/** The text version in force on a date (the decision date, so a re-rendered letter reads as it was made). */
export function textsOn<T>(texts: VersionedTexts<T>, date: string, language: Language): T {
  const v = texts.versions.find((x) => x.validFrom <= date && (x.validTo === null || date <= x.validTo));
  if (!v) throw new Error(`No letter texts in force on ${date}`);
  return v[language];
}
