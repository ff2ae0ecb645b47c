// Henkilötunnus (Finnish personal identity code), DDMMYYCNNNQ.
// Century signs per the 2023 reform (laki väestötietojärjestelmästä 661/2009 as amended, DVV):
//   '+' 1800s; '-', 'Y', 'X', 'W', 'V', 'U' 1900s; 'A'–'F' 2000s. The sign is part of the identity,
//   so 100190-999P and 100190Y999P are different people. Gender is never derived from the number.

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

export type HetuReasonCode = 'empty' | 'length' | 'format' | 'century' | 'date' | 'individual' | 'check';

export type HetuResult =
  | { valid: true; hetu: string; birthDate: string; individualNumber: number; temporary: boolean }
  | { valid: false; reasonCode: HetuReasonCode; reason: string };

const REASONS: Record<HetuReasonCode, (input: string, extra?: string) => string> = {
  empty: () => 'Henkilötunnus puuttuu.',
  length: (v) => `Henkilötunnuksessa on 11 merkkiä, nyt ${v.length}.`,
  format: () => 'Henkilötunnuksen muoto on PPKKVVXNNNT: kuusi numeroa, välimerkki, kolme numeroa ja tarkiste.',
  century: (_v, sign) =>
    `Välimerkki "${sign}" ei ole sallittu. Sallitut: + (1800-luku), - Y X W V U (1900-luku), A–F (2000-luku).`,
  date: (_v, date) => `Syntymäaikaa ${date} ei ole olemassa.`,
  individual: () => 'Yksilönumero 000 ja 001 eivät ole käytössä (sallittu 002–999).',
  check: (_v, expected) => `Tarkistemerkki on väärä: pitäisi olla ${expected}.`,
};

function fail(code: HetuReasonCode, input: string, extra?: string): HetuResult {
  return { valid: false, reasonCode: code, reason: REASONS[code](input, extra) };
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
  if (!isRealDate(year, Number(mm), Number(dd))) return fail('date', value, `${dd}.${mm}.${year}`);
  const individualNumber = Number(nnn);
  if (individualNumber < 2) return fail('individual', value);
  const expected = hetuCheckChar(dd + mm + yy, nnn);
  if (expected !== check) return fail('check', value, expected);
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

/** Age in whole years on a date (both ISO local dates). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}
