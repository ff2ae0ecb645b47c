import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { code128cBars, code128cSymbols } from '../../shared/domain/code128';
import {
  bankBarcode,
  formatRf,
  formatViitenumero,
  makeViitenumero,
  parseFinnishIban,
  parseRf,
  parseViitenumero,
  rfFromReference,
} from '../../shared/domain/payment-references';
import { COMMANDS } from '../../electron/cli/commands';

const vectors = JSON.parse(fs.readFileSync(new URL('../../../shared/reference/vectors.json', import.meta.url), 'utf8')) as {
  viitenumero: [string, string][];
  rf: [string, string][];
  iban_valid: string[];
  bank_barcode: { iban: string; amount_cents: number; reference: string; due_date: string | null; expected: string }[];
};

const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

async function cli(args: string[]): Promise<unknown> {
  const [name, ...rest] = args;
  return (await COMMANDS[name!]!.run(rest)).json;
}

describe('viitenumero and RF', () => {
  it.each(vectors.viitenumero)('base %s gives %s (library and CLI)', async (base, expected) => {
    expect(value(makeViitenumero(base))).toBe(expected);
    expect(value(parseViitenumero(expected))).toBe(expected);
    expect(await cli(['reference', base])).toMatchObject({ viitenumero: expected });
  });

  it.each(vectors.rf)('national %s is %s in RF form (library and CLI)', async (national, rf) => {
    expect(value(rfFromReference(national))).toBe(rf);
    expect(value(parseRf(formatRf(rf))).rf).toBe(rf);
    if (parseViitenumero(national).ok) expect(await cli(['reference', national.slice(0, -1)])).toEqual({ viitenumero: national, rf });
  });

  it('refuses wrong check digits, letters and bad lengths with a Finnish reason', () => {
    expect(parseViitenumero('1234562')).toEqual({ ok: false, error: expect.stringContaining('tarkiste on väärä (pitäisi olla 1)') });
    expect(makeViitenumero('12')).toEqual({ ok: false, error: expect.stringContaining('3–19 numeroa') });
    expect(makeViitenumero('12a45')).toEqual({ ok: false, error: expect.stringContaining('vain numeroita') });
    expect(makeViitenumero('12345678901234567890')).toMatchObject({ ok: false });
    expect(parseRf('RF35 1234 561')).toEqual({ ok: false, error: expect.stringContaining('tarkistenumerot ovat väärät') });
    expect(formatViitenumero('868516259619897')).toBe('86851 62596 19897');
  });

  it('refuses a bad reference on the CLI with a usage error', async () => {
    await expect(cli(['reference', '1x'])).rejects.toThrow('vain numeroita');
  });
});

describe('IBAN', () => {
  it.each(vectors.iban_valid)('accepts %s', (iban) => {
    expect(value(parseFinnishIban(iban))).toBe(iban);
  });
  it('refuses a changed digit, a foreign IBAN and a short one', () => {
    expect(parseFinnishIban('FI2112345600000786')).toMatchObject({ ok: false, error: expect.stringContaining('tarkistenumerot') });
    expect(parseFinnishIban('SE4550000000058398257466')).toMatchObject({ ok: false, error: expect.stringContaining('suomalainen') });
    expect(parseFinnishIban('FI21123456')).toMatchObject({ ok: false, error: expect.stringContaining('16 numeroa') });
  });
});

describe('bank barcode', () => {
  it.each(vectors.bank_barcode)('$reference → $expected (library and CLI)', async (v) => {
    expect(value(bankBarcode({ iban: v.iban, amountCents: v.amount_cents, reference: v.reference, due: v.due_date }))).toBe(v.expected);
    const args = ['barcode', '--iban', v.iban, '--amount-cents', String(v.amount_cents), '--reference', v.reference];
    if (v.due_date) args.push('--due', v.due_date);
    expect(await cli(args)).toEqual({ barcode: v.expected });
  });

  it('writes an amount over 999 999,99 € as zeros and refuses a bad IBAN or reference', () => {
    const r = value(bankBarcode({ iban: 'FI7944052020036082', amountCents: 100_000_000, reference: '1234561', due: null }));
    expect(r.slice(17, 25)).toBe('00000000');
    expect(bankBarcode({ iban: 'FI7944052020036083', amountCents: 1, reference: '1234561', due: null })).toMatchObject({ ok: false });
    expect(bankBarcode({ iban: 'FI7944052020036082', amountCents: 1, reference: '1234562', due: null })).toMatchObject({ ok: false });
    expect(bankBarcode({ iban: 'FI7944052020036082', amountCents: -1, reference: '1234561', due: null })).toMatchObject({ ok: false });
  });

  it('encodes the 54 digits as Code 128 C with the mod-103 check symbol', () => {
    const digits = vectors.bank_barcode[0]!.expected;
    const symbols = code128cSymbols(digits);
    expect(symbols[0]).toBe(105);
    expect(symbols).toHaveLength(1 + 27 + 2);
    const weighted = symbols.slice(1, -2).reduce((s, v, i) => s + v * (i + 1), 105);
    expect(symbols.at(-2)).toBe(weighted % 103);
    const { bars, modules } = code128cBars(digits);
    // 29 symbols of 11 modules, the 13-module stop and two 10-module quiet zones.
    expect(modules).toBe(29 * 11 + 13 + 20);
    expect(bars).toHaveLength(29 * 3 + 4);
  });
});
