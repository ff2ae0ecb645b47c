// Messages by key: both catalogues complete with the same parameters, every field of every input named in both
// languages, the formats (dates, euros, times, plurals, nested messages), the fallback for unknown keys, and
// zod issues worded by field without zod's English or internal names.
import { describe, expect, it } from 'vitest';
import { channels } from '../../shared/contract/channels';
import { issuesFromZod, namedIssue, validationSummary } from '../../shared/contract/issues';
import { AppError } from '../../shared/contract/errors';
import { fi, formatDateTime, formatEuros, formatMessage, msg, sv, zodMessage } from '../../shared/messages';
import { templateParams } from '../../shared/messages/format';
import { z } from 'zod';

/** Every object key of every channel's input schema (recursively). */
function inputKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  const walk = (s: unknown, ch: string, depth = 0): void => {
    const def = (s as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def || depth > 10) return;
    switch (def.type) {
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
          if (!keys.has(k)) keys.set(k, ch);
          walk(v, ch, depth + 1);
        }
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'nonoptional':
        walk(def.innerType, ch, depth + 1);
        break;
      case 'array':
        walk(def.element, ch, depth + 1);
        break;
      case 'union':
        for (const o of def.options as unknown[]) walk(o, ch, depth + 1);
        break;
      case 'pipe':
        walk(def.in, ch, depth + 1);
        break;
      case 'record':
        walk(def.valueType, ch, depth + 1);
        break;
    }
  };
  for (const [name, c] of Object.entries(channels)) walk(c.input, name);
  return keys;
}

describe('message catalogues', () => {
  it('Swedish has every Finnish key with the same parameters, and nothing else', () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(fi).sort());
    const mismatched = Object.keys(fi).filter(
      (k) => JSON.stringify(templateParams(fi[k as keyof typeof fi])) !== JSON.stringify(templateParams(sv[k as keyof typeof sv])),
    );
    expect(mismatched).toEqual([]);
    for (const [k, v] of Object.entries(sv)) expect(typeof v === 'string' ? v : v.other, k).not.toBe('');
  });

  it('every field of every channel input has a name in both languages (so no internal name reaches a user)', () => {
    const missing = [...inputKeys()].filter(([k]) => !(`fields.${k}` in fi)).map(([k, ch]) => `${k} (${ch})`);
    expect(missing, 'add fields.<key> to shared/messages/fi.ts and sv.ts').toEqual([]);
  });

  it('formats dates d.m.yyyy, euros with a comma, times with klo / kl. and without seconds', () => {
    expect(formatMessage('fi', 'field.integerRange', { min: 1, max: 5 })).toBe('Anna kokonaisluku 1–5.');
    expect(formatMessage('sv', 'field.integerRange', { min: 1, max: 5 })).toBe('Ange ett heltal 1–5.');
    expect(formatEuros(123450)).toBe('1\u00a0234,50\u00a0€');
    expect(formatEuros(-5)).toBe('−0,05\u00a0€');
    // 12:05:59 UTC is 14:05 in Helsinki in winter, 15:05 in summer.
    expect(formatDateTime('2026-11-23T12:05:59.123Z', 'fi')).toBe('23.11.2026 klo 14.05');
    expect(formatDateTime('2026-06-01T12:05:59Z', 'sv')).toBe('1.6.2026 kl. 15.05');
    expect(formatDateTime('2026-12-31T22:30:00Z', 'fi')).toBe('1.1.2027 klo 00.30');
  });

  it('chooses singular or plural by count, words nested messages and names in the user language', () => {
    expect(formatMessage('fi', 'field.chooseAtLeast', { count: 1 })).toBe('Valitse vähintään yksi.');
    expect(formatMessage('fi', 'field.chooseAtLeast', { count: 3 })).toBe('Valitse vähintään 3.');
    const named = msg('field.withName', { name: [{ key: 'fields.lines' }, msg('field.row', { row: 2 }), { key: 'fields.endDate' }], issue: msg('field.date') });
    expect(formatMessage('fi', named.key, named.params)).toBe('Palvelut › rivi 2 › Päättyy: anna päivämäärä muodossa p.k.vvvv.');
    expect(formatMessage('sv', named.key, named.params)).toBe('Tjänster › rad 2 › Upphör: ange datumet i formen d.m.åååå.');
    expect(formatMessage('sv', 'field.withName', { name: [{ fi: 'Kotihoito', sv: 'Hemvård' }], issue: 'MAPLe_5 saknas' })).toBe('Hemvård: MAPLe_5 saknas');
  });

  it('a key no catalogue knows falls back to the text the core gave, then names the key', () => {
    expect(formatMessage('sv', 'newer.core.message', {}, 'Uudempi viesti.')).toBe('Uudempi viesti.');
    expect(formatMessage('sv', 'newer.core.message')).toBe('Funktionen lyckades inte (newer.core.message).');
  });

  it('an AppError by key carries key, parameters and the Finnish wording', () => {
    const e = new AppError('VALIDATION', msg('field.integerRange', { min: 0, max: 6 }), [{ path: 'cps', key: 'field.integerRange', params: { min: 0, max: 6 } }]);
    expect(e.message).toBe('Anna kokonaisluku 0–6.');
    expect(e.toPayload()).toEqual({
      code: 'VALIDATION',
      message: 'Anna kokonaisluku 0–6.',
      key: 'field.integerRange',
      params: { min: 0, max: 6 },
      issues: [{ path: 'cps', key: 'field.integerRange', params: { min: 0, max: 6 }, message: 'Anna kokonaisluku 0–6.' }],
    });
  });
});

describe('zod issues by field', () => {
  const assessment = channels['assessments.create'].input;
  const base = {
    clientId: '01890a5d-ac96-774b-bcce-b302099a8057',
    assessedOn: '2026-11-20',
    method: 'home_visit',
    maple5: 3,
    cps: 2,
    adlh: 1,
    iadlch: 1,
    drs: 0,
    chess: 0,
    nightCareNeed: false,
    informalCarer: false,
    functionalNotes: '',
    clientView: '',
    conclusion: '',
    serviceLevel: 'yellow',
  };

  it('names each field in words with its range, every issue, never the internal name', () => {
    const r = assessment.safeParse({ ...base, maple5: 7, cps: 2.5, drs: -1, assessedOn: '30.11.2026', method: 'telepathy' }, { reportInput: true });
    expect(r.success).toBe(false);
    const issues = issuesFromZod(r.error!, assessment);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath).toMatchObject({
      maple5: 'Anna kokonaisluku 1–5.',
      cps: 'Anna kokonaisluku 0–6.',
      drs: 'Anna kokonaisluku 0–14.',
      assessedOn: 'Anna päivämäärä muodossa p.k.vvvv.',
      method: 'Valitse jokin annetuista vaihtoehdoista.',
    });
    const summary = validationSummary(issues);
    const fiText = formatMessage('fi', summary.key, summary.params);
    const svText = formatMessage('sv', summary.key, summary.params);
    expect(fiText).toMatch(/^Tarkista tiedot: Arviointipäivä: anna päivämäärä muodossa p\.k\.vvvv; Arviointitapa: valitse .*; MAPLe_5: anna kokonaisluku 1–5 ja 2 muuta kohtaa\.$/);
    expect(svText).toContain('MAPLe_5: ange ett heltal 1–5 och 2 punkter till.');
    expect(fiText + svText).not.toMatch(/maple5|assessedOn|Invalid|expected/);
  });

  it('a missing required text, too long a text, too few choices and unknown keys', () => {
    const s = channels['views.save'].input;
    const r = s.safeParse({ name: '   ', state: {}, extra: 1 }, { reportInput: true });
    const issues = issuesFromZod(r.error!, s);
    expect(issues.map((i) => [i.path, i.key])).toEqual(
      expect.arrayContaining([
        ['name', 'field.required'],
        ['', 'field.unknownFields'],
      ]),
    );
    const long = issuesFromZod(s.safeParse({ name: 'x'.repeat(61), state: {} }).error!, s);
    expect(formatMessage('sv', namedIssue(long[0]!).key, namedIssue(long[0]!).params)).toBe('Namn: för lång: högst 60 tecken.');
    const a = channels['queue.assign'].input;
    const none = issuesFromZod(a.safeParse({ itemIds: [], workerId: '01890a5d-ac96-774b-bcce-b302099a8057' }).error!, a);
    expect(none[0]).toMatchObject({ path: 'itemIds' });
  });

  it("a schema's own message by key survives zod", () => {
    const s = z.object({ to: z.string() }).refine(() => false, { message: zodMessage('field.integerRange', { min: 2, max: 3 }), path: ['to'] });
    const issues = issuesFromZod(s.safeParse({ to: 'x' }).error!, s);
    expect(issues).toEqual([{ path: 'to', key: 'field.integerRange', params: { min: 2, max: 3 }, message: 'Anna kokonaisluku 2–3.' }]);
  });
});
