// Henkilötunnus (Finnish personal identity code), DDMMYYCNNNQ.
// Century signs per the 2023 reform (laki väestötietojärjestelmästä 661/2009 as amended, DVV):
//   '+' 1800s; '-', 'Y', 'X', 'W', 'V', 'U' 1900s; 'A'–'F' 2000s. The sign is part of the identity,
//   so 100190-999P and 100190Y999P are different people. Gender is never derived from the number.
import { formatMessage, msg, type Message } from '../messages';

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

export type HetuReasonCode = 'empty' | 'length' | 'format' | 'century' | 'date' | 'individual' | 'check';

export type HetuResult =
  | { valid: true; hetu: string; birthDate: string; individualNumber: number; temporary: boolean }
  | { valid: false; reasonCode: HetuReasonCode; reason: string; message: Message };

// The reasons by key (shared/messages, hetu.*). A wrong check character is only said to be wrong: naming the
// right one would invite turning a typo into a valid but different person's code.
function reasonMessage(code: HetuReasonCode, input: string, extra?: string): Message {
  switch (code) {
    case 'empty':
      return msg('hetu.empty');
    case 'length':
      return msg('hetu.length', { length: input.length });
    case 'format':
      return msg('hetu.format');
    case 'century':
      return msg('hetu.century', { sign: extra ?? '' });
    case 'date':
      return msg('hetu.date', { date: extra ?? '' });
    case 'individual':
      return msg('hetu.individual');
    case 'check':
      return msg('hetu.check');
  }
}

function fail(code: HetuReasonCode, input: string, extra?: string): HetuResult {
  const message = reasonMessage(code, input, extra);
  return { valid: false, reasonCode: code, reason: formatMessage('fi', message.key, message.params), message };
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= dim;
}

export function hetuCheckChar(ddmmyy: string, nnn: string): string {
  return CHECK_CHARS[Number(ddmmyy + nnn) % 31]!;
}

export function parseHetu(raw: string): HetuResult {
  const value = (raw ?? '').trim().toUpperCase();
  if (value.length === 0) return fail('empty', value);
  if (value.length !== 11) return fail('length', value);
  const m = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})([0-9A-Y])$/.exec(value);
  if (!m) return fail('format', value);
  const [, dd, mm, yy, sign, nnn, check] = m as unknown as [string, string, string, string, string, string, string];
  const base = CENTURY[sign];
  if (base === undefined) return fail('century', value, sign);
  const year = base + Number(yy);
  const birthDate = `${year}-${mm}-${dd}`;
  if (!isRealDate(year, Number(mm), Number(dd))) return fail('date', value, `${Number(dd)}.${Number(mm)}.${year}`);
  const individualNumber = Number(nnn);
  if (individualNumber < 2) return fail('individual', value);
  const expected = hetuCheckChar(dd + mm + yy, nnn);
  if (expected !== check) return fail('check', value);
  return { valid: true, hetu: value, birthDate, individualNumber, temporary: individualNumber >= 900 };
}

/** Builds a valid henkilötunnus for a birth date and individual number (demo data and tests). */
export function formatHetu(birthDate: string, individualNumber: number, sign?: string): string {
  const [y, m, d] = birthDate.split('-');
  const year = Number(y);
  const s = sign ?? (year >= 2000 ? 'A' : year >= 1900 ? '-' : '+');
  const yy = y!.slice(2);
  const nnn = String(individualNumber).padStart(3, '0');
  return `${d}${m}${yy}${s}${nnn}${hetuCheckChar(`${d}${m}${yy}`, nnn)}`;
}

/** Masked form for lists and logs: the birth-date part stays, the rest is hidden. */
export function maskHetu(hetu: string): string {
  return hetu.length === 11 ? `${hetu.slice(0, 7)}****` : '***********';
}

/**
 * A henkilötunnus as payment lists show it: the birth date and century sign, the individual number hidden and
 * the check character kept, so two carers born the same day can be told apart ("010150-***X").
 */
export function maskHetuKeepCheck(hetu: string): string {
  return hetu.length === 11 ? `${hetu.slice(0, 7)}***${hetu.slice(10)}` : '***********';
}

/** Age in whole years on a date (both ISO local dates). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** Ages outside these are refused at client creation (no one is this old) or need confirming (not this unit's usual client). */
export const MAX_PLAUSIBLE_AGE = 120;
export const UNUSUAL_AGE = { below: 18, above: 105 } as const;

/**
 * The warning to confirm before creating a client from a report, or null: the code's birth date is not the one the
 * report gave (a typo that makes another valid code, or another person), or the age is unusual for this unit.
 */
export function creationWarning(hetuBirthDate: string, reportBirthDate: string | null, age: number): Message | null {
  if (reportBirthDate && reportBirthDate !== hetuBirthDate) return msg('hetu.birthDateDiffers', { hetuDate: hetuBirthDate, reportDate: reportBirthDate });
  if (age < UNUSUAL_AGE.below || age > UNUSUAL_AGE.above) return msg('hetu.ageUnusual', { age });
  return null;
}
