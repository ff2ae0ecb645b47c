// Payment identifiers of Finnish invoices: the national reference number (viitenumero), its international
// RF form (ISO 11649), Finnish IBANs and the bank barcode (virtuaaliviivakoodi, versions 4 and 5).
// Rules: Finanssiala, "Kotimainen viitenumero", "RF-viite" and "Pankkiviivakoodi-opas" (5.3).
// Errors are Finnish because they reach billing staff as they are.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

function stripSpaces(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Check digit of a national reference base: weights 7, 3, 1 from the right; (10 − sum mod 10) mod 10. */
export function viitenumeroCheckDigit(base: string): number {
  let sum = 0;
  const weights = [7, 3, 1];
  for (let i = base.length - 1, w = 0; i >= 0; i--, w++) sum += Number(base[i]) * weights[w % 3]!;
  return (10 - (sum % 10)) % 10;
}

/** The full reference for a base of 3–19 digits (leading zeros are not significant and are dropped). */
export function makeViitenumero(base: string): Result<string> {
  const b = stripSpaces(base).replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(b)) return fail(`Viitenumeron perusosa saa sisältää vain numeroita, nyt "${base}".`);
  if (b.length < 3 || b.length > 19) return fail(`Viitenumeron perusosassa on oltava 3–19 numeroa, nyt ${b.length}.`);
  return ok(b + String(viitenumeroCheckDigit(b)));
}

/** Validates a national reference (4–20 digits, spaces allowed) and returns it without spaces. */
export function parseViitenumero(input: string): Result<string> {
  const v = stripSpaces(input).replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(v)) return fail(`Viitenumero saa sisältää vain numeroita, nyt "${input}".`);
  if (v.length < 4 || v.length > 20) return fail(`Viitenumerossa on oltava 4–20 numeroa, nyt ${v.length}.`);
  const expected = viitenumeroCheckDigit(v.slice(0, -1));
  if (Number(v.at(-1)) !== expected) return fail(`Viitenumeron ${input} tarkiste on väärä (pitäisi olla ${expected}).`);
  return ok(v);
}

/** Letters to numbers (A=10 … Z=35) and the ISO 7064 mod 97-10 remainder, computed piecewise. */
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const code = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem;
}

/** RF reference (ISO 11649) for a creditor reference of 1–21 digits or letters: "RF" + two check digits + it. */
export function rfFromReference(reference: string): Result<string> {
  const body = stripSpaces(reference).toUpperCase();
  if (!/^[0-9A-Z]{1,21}$/.test(body)) return fail(`RF-viitteen perusosassa saa olla 1–21 numeroa tai kirjainta, nyt "${reference}".`);
  const check = 98 - mod97(`${body}RF00`);
  return ok(`RF${String(check).padStart(2, '0')}${body}`);
}

/** Validates an RF reference (body of digits, as Finnish banks use it) and returns it without spaces. */
export function parseRf(input: string): Result<{ rf: string; check: string; body: string }> {
  const r = stripSpaces(input).toUpperCase();
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(r)) return fail(`RF-viite on muotoa RF + 2 tarkistenumeroa + enintään 21 merkkiä, nyt "${input}".`);
  if (mod97(r.slice(4) + r.slice(0, 4)) !== 1) return fail(`RF-viitteen ${input} tarkistenumerot ovat väärät.`);
  return ok({ rf: r, check: r.slice(2, 4), body: r.slice(4) });
}

/** Groups of five from the right, as a national reference is printed (86851 62596 19897). */
export function formatViitenumero(v: string): string {
  const s = stripSpaces(v);
  const groups: string[] = [];
  for (let end = s.length; end > 0; end -= 5) groups.unshift(s.slice(Math.max(0, end - 5), end));
  return groups.join(' ');
}

/** Groups of four from the left, as an RF reference is printed (RF09 8685 1625 9619 897). */
export function formatRf(rf: string): string {
  return stripSpaces(rf).replace(/(.{4})(?=.)/g, '$1 ');
}

/** Validates a Finnish IBAN (FI + 2 check digits + 14 digits, mod 97 = 1) and returns it without spaces. */
export function parseFinnishIban(input: string): Result<string> {
  const i = stripSpaces(input).toUpperCase();
  if (!i.startsWith('FI')) return fail(`Tilinumeron on oltava suomalainen IBAN (alkaa FI), nyt "${input}".`);
  if (!/^FI\d{16}$/.test(i)) return fail(`Suomalaisessa IBAN-tilinumerossa on FI ja 16 numeroa, nyt "${input}".`);
  if (mod97(i.slice(4) + i.slice(0, 4)) !== 1) return fail(`Tilinumeron ${input} tarkistenumerot ovat väärät.`);
  return ok(i);
}

export function formatIban(iban: string): string {
  return stripSpaces(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

export interface BankBarcodeInput {
  iban: string;
  amountCents: number;
  /** A national reference (version 4) or an RF reference (version 5). */
  reference: string;
  /** Due date YYYY-MM-DD, or null for none (printed as 000000). */
  due: string | null;
}

/**
 * The 54-digit bank barcode (pankkiviivakoodi). Version 4 carries a national reference, version 5 an RF
 * reference. An amount over 999 999,99 € cannot be carried and is written as zeros, as the guide prescribes
 * (the payer then types it).
 */
export function bankBarcode(input: BankBarcodeInput): Result<string> {
  const iban = parseFinnishIban(input.iban);
  if (!iban.ok) return iban;
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0)
    return fail(`Summan on oltava ei-negatiivinen määrä senttejä, nyt ${input.amountCents}.`);
  let due = '000000';
  if (input.due !== null) {
    const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(input.due);
    if (!m) return fail(`Eräpäivä on annettava muodossa VVVV-KK-PP, nyt "${input.due}".`);
    due = `${m[2]}${m[3]}${m[4]}`;
  }
  const amount = input.amountCents > 99_999_999 ? '0'.repeat(8) : String(input.amountCents).padStart(8, '0');
  const account = iban.value.slice(2);
  const ref = stripSpaces(input.reference).toUpperCase();
  if (ref.startsWith('RF')) {
    const rf = parseRf(ref);
    if (!rf.ok) return rf;
    if (!/^\d+$/.test(rf.value.body)) return fail(`Pankkiviivakoodiin kelpaa vain numeroista koostuva RF-viite, nyt "${input.reference}".`);
    return ok(`5${account}${amount}${rf.value.check}${rf.value.body.padStart(21, '0')}${due}`);
  }
  const v = parseViitenumero(ref);
  if (!v.ok) return v;
  return ok(`4${account}${amount}000${v.value.padStart(20, '0')}${due}`);
}
