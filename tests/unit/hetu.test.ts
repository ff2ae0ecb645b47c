import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageOn, formatHetu, maskHetu, parseHetu } from '../../shared/domain/hetu';
import { formatMessage } from '../../shared/messages';

const vectors = JSON.parse(fs.readFileSync(new URL('../../../shared/reference/vectors.json', import.meta.url), 'utf8')) as {
  hetu_valid: string[];
  hetu_invalid: string[];
};

describe('henkilötunnus', () => {
  it.each(vectors.hetu_valid)('accepts the public vector %s', (h) => {
    expect(parseHetu(h).valid).toBe(true);
  });

  it.each(vectors.hetu_invalid)('refuses the public vector %s', (h) => {
    expect(parseHetu(h).valid).toBe(false);
  });

  it('reads the century from the 2023 signs', () => {
    expect(parseHetu('010594Y9021')).toMatchObject({ valid: true, birthDate: '1994-05-01' });
    expect(parseHetu('010516B903X')).toMatchObject({ valid: true, birthDate: '2016-05-01' });
    expect(parseHetu('131052-308T')).toMatchObject({ valid: true, birthDate: '1952-10-13', temporary: false });
    expect(parseHetu('100190-999P')).toMatchObject({ valid: true, temporary: true });
  });

  it('gives a precise reason for each kind of error', () => {
    const reason = (h: string) => {
      const r = parseHetu(h);
      return r.valid ? null : r.reasonCode;
    };
    expect(reason('')).toBe('empty');
    expect(reason('131052-308')).toBe('length');
    expect(reason('13105Z-308T')).toBe('format');
    expect(reason('131052G308T')).toBe('century');
    expect(reason('290201A900X')).toBe('date');
    expect(reason('310452-908T')).toBe('date');
    expect(reason('131052-308U')).toBe('check');
    expect(reason('131052-001T')).toBe('individual');
    // A wrong check character is only said to be wrong: the right one would turn a typo into another person.
    const r = parseHetu('131052-308U');
    expect(!r.valid && r.reason).toBe('Tarkistemerkki ei täsmää: tarkista henkilötunnus asiakirjasta.');
    expect(!r.valid && formatMessage('sv', r.message.key, r.message.params)).toBe('Kontrolltecknet stämmer inte: kontrollera personbeteckningen i dokumentet.');
    expect(JSON.stringify(r)).not.toMatch(/"T"|\bT\b/);
    const date = parseHetu('310452-908T');
    expect(!date.valid && date.reason).toBe('Syntymäaikaa 31.4.1952 ei ole olemassa.');
  });

  it('treats the century sign as part of the identity', () => {
    expect(parseHetu('100190-999P').valid && parseHetu('100190Y999P').valid).toBe(true);
    expect(parseHetu('100190-999P')).not.toEqual(parseHetu('100190Y999P'));
  });

  it('formats valid codes and masks them for lists', () => {
    for (const d of ['1926-02-28', '1944-12-31', '1961-06-15', '2000-02-29']) {
      const h = formatHetu(d, 950);
      expect(parseHetu(h)).toMatchObject({ valid: true, birthDate: d });
    }
    expect(maskHetu('131052-308T')).toBe('131052-****');
  });

  it('computes age on a date', () => {
    expect(ageOn('1950-11-24', '2026-11-23')).toBe(75);
    expect(ageOn('1950-11-23', '2026-11-23')).toBe(76);
  });
});
