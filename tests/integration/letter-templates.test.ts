// Every decision kind and outcome through the letter template, in Finnish and Swedish, read back with pdftotext;
// the address window's position read back with pdftotext -bbox.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeLetter } from '../../electron/core/letters/letter';
import { loadLetterResources } from '../../electron/core/letters/model';
import { joinInlines, setPdfmakeSpeedups } from '../../electron/core/letters/pdfmake-speed';
import { DEFAULT_ADDRESS_WINDOW, letterModelError, type LetterModel } from '../../shared/domain/letters';
import { DECISION_OUTCOMES } from '../../shared/domain/decisions';
import { tempDir } from '../support/core';

const dir = tempDir('luotsi-templates-');
const res = loadLetterResources(path.resolve('resources'));
const now = new Date('2026-11-23T10:00:00Z');

function model(over: Partial<LetterModel> = {}): LetterModel {
  return {
    decisionId: 'd1',
    language: 'fi',
    kind: 'service',
    outcome: 'grant',
    number: '4321/2026',
    decidedOn: '2026-11-20',
    correctsNumber: null,
    client: { name: 'Äijälä Öljy Åke', hetu: '010150-9984' },
    recipient: { delivery: 'print', lines: ['Äijälä Öljy Åke', 'Kotikatu 1 A 2', '00100 HELSINKI'], source: 'register', protected: false },
    appliedService: 'Säännöllinen kotihoito',
    appliedOn: '2026-10-01',
    lines: [
      { serviceName: 'Säännöllinen kotihoito', unit: 'hours_month', amount: 24.5, startDate: '2026-12-01', endDate: null, providerKind: 'own', providerName: null, voucherValueCents: null },
    ],
    fee: null,
    arrangeBy: '2027-02-20',
    reasoning: 'RAI-arvioinnin mukaan MAPLe 4.',
    legalBasis: 'Sosiaalihuoltolaki 1301/2014 19 a §',
    decisionMaker: { name: 'Maija Meikäläinen', title: 'palveluesihenkilö' },
    contactPerson: { name: 'Liisa Ohjaaja', phone: '029 123 4567' },
    sender: { countyName: 'Testin hyvinvointialue', unitName: 'Asiakasohjaus', street: 'Katu 1', postalCode: '02070', city: 'Espoo', phone: '029 000', email: 'k@example.fi', web: 'example.fi' },
    review: { name: 'Yksilöasioiden jaosto', street: 'PL 1', postalCode: '02070', city: 'Espoo', email: 'k@example.fi', closes: '15.00' },
    appealDays: 30,
    ...over,
  };
}

async function text(m: LetterModel, bbox = false): Promise<string> {
  const made = await makeLetter(m, res, DEFAULT_ADDRESS_WINDOW, now, null);
  const file = path.join(dir, `${m.kind}-${m.outcome}-${m.language}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, made.bytes);
  return execFileSync('pdftotext', [...(bbox ? ['-bbox'] : ['-layout']), file, '-'], { encoding: 'utf8' });
}

describe('letter template', () => {
  it.each(DECISION_OUTCOMES)('service decision, outcome %s, in Finnish and Swedish', async (outcome) => {
    const fi = await text(model({ outcome }));
    const sv = await text(model({ outcome, language: 'sv' }));
    const titles = JSON.parse(fs.readFileSync('resources/letters/texts.json', 'utf8')).versions[0];
    expect(fi).toContain(titles.fi.outcomeTitle[outcome]);
    expect(sv).toContain(titles.sv.outcomeTitle[outcome]);
    expect(fi).toContain('Päätösnumero 4321/2026');
    expect(sv).toContain('Beslutsnummer 4321/2026');
    expect(fi).toContain('24,5 h/kk');
    expect(sv).toContain('24,5 h/mån');
    // The decision maker's title in the letter's language (stored in Finnish, the catalogue gives the Swedish one).
    expect(fi).toContain('palveluesihenkilö');
    expect(sv).toContain('serviceförman');
    expect(sv).not.toContain('palveluesihenkilö');
    // The arrange-by date is promised only when something is granted or changed.
    expect(fi.includes('järjestetään viimeistään 20.2.2027')).toBe(outcome !== 'refusal' && outcome !== 'termination');
  });

  it('a voucher decision shows the voucher value per unit; a correction names the decision it corrects', async () => {
    const voucher = await text(
      model({
        kind: 'voucher',
        lines: [{ serviceName: 'Ateriapalvelu', unit: 'meals_month', amount: 30, startDate: '2026-12-01', endDate: '2027-05-31', providerKind: 'voucher', providerName: 'Ruoka Oy', voucherValueCents: 850 }],
      }),
    );
    expect(voucher).toContain('Palvelusetelipäätös');
    expect(voucher).toMatch(/8,50\s€\/ateria/);
    const correction = await text(model({ correctsNumber: '1200/2026' }));
    expect(correction).toContain('OIKAISTU PÄÄTÖS');
    expect(correction).toContain('oikaistaan päätös 1200/2026');
  });

  it('a fee decision shows the calculation and the monthly fee; without one it is refused', async () => {
    const fee = await text(
      model({
        kind: 'fee',
        fee: { rows: [{ label: 'Bruttotulot', value: '1 500,00 €' }, { label: 'Tuloraja (1 henkilö)', value: '699,00 €' }, { label: 'Maksuprosentti', value: '18 %' }], monthlyFeeCents: 14418, validFrom: '2027-01-01' },
      }),
    );
    expect(fee).toContain('Asiakasmaksupäätös');
    // Bold periods come out of pdftotext as spaces (Roboto Medium's ToUnicode entry for '.'), hence [. ].
    expect(fee.replace(/\s+/g, ' ')).toMatch(/Maksu on 144,18 € kuukaudessa 1[. ]1[. ]2027 alkaen/);
    expect(fee).toContain('734/1992 15 §');
    // A fee decision grants no services: its decision section says that the fee is set (2 b §), not "granted below".
    expect(fee.replace(/\s+/g, ' ')).toContain('Palvelusta perittävä asiakasmaksu määrätään alla kuvatulla tavalla.');
    expect(fee).not.toContain('myönnetään alla luetellut palvelut');
    expect(letterModelError(model({ kind: 'fee', fee: null }))).toBe('Päätös 4321/2026 (Äijälä Öljy Åke): maksupäätöksen maksutiedot puuttuvat.');
    expect(letterModelError(model({ decisionMaker: null }))).toMatch(/päätöksentekijä puuttuu/);
  });

  it('puts the address inside the envelope window of page 1, and moves it when the window is configured', async () => {
    const mm = 72 / 25.4;
    const where = async (window = DEFAULT_ADDRESS_WINDOW) => {
      const made = await makeLetter(model(), res, window, now, null);
      const file = path.join(dir, `window-${window.leftMm}.pdf`);
      fs.writeFileSync(file, made.bytes);
      const xml = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
      const word = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Kotikatu<\/word>/.exec(xml)!;
      return word.slice(1).map(Number) as [number, number, number, number];
    };
    const [x0, y0, , y1] = await where();
    expect(x0).toBeGreaterThanOrEqual(21 * mm - 0.01);
    expect(x0).toBeLessThan((21 + 72) * mm);
    expect(y0).toBeGreaterThanOrEqual(55 * mm);
    expect(y1).toBeLessThanOrEqual((55 + 30) * mm);
    const [x2, y2] = await where({ leftMm: 18, topMm: 40, widthMm: 95, heightMm: 35 });
    expect(x2).toBeLessThan(x0);
    expect(y2).toBeLessThan(y0);
    expect(y2).toBeGreaterThanOrEqual(40 * mm);
  });
});

describe('pdfmake made faster', () => {
  // A logo with a gradient needs resources of its own, so it is never replayed: drawn by svg-to-pdfkit each time.
  const gradientLogo = {
    ...res,
    logoSvg:
      '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><defs><linearGradient id="g"><stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#7fb3e6"/></linearGradient></defs><rect width="48" height="48" rx="8" fill="url(#g)"/></svg>',
  };
  it.each([
    ['a Finnish service decision', res, model({ reasoning: 'RAI-arvioinnin mukaan MAPLe 4. Asiakas tarvitsee apua päivittäisissä toimissa aamuin ja illoin.\n\nOmainen asuu lähellä.' })],
    [
      'a Swedish fee decision',
      res,
      model({
        language: 'sv',
        kind: 'fee',
        fee: { rows: [{ label: 'Bruttoinkomster', value: '1 500,00 €' }, { label: 'Inkomstgräns', value: '699,00 €' }, { label: 'Avgiftsprocent', value: '18 %' }], monthlyFeeCents: 14418, validFrom: '2027-01-01' },
      }),
    ],
    ['a letter with a gradient logo', gradientLogo, model()],
  ])('lays out and draws %s exactly as pdfmake itself does, with far fewer text objects', async (name, resources, m) => {
    const draw = async (fast: boolean) => {
      setPdfmakeSpeedups(fast);
      try {
        const base = `speed-${name.replace(/\W/g, '')}-${fast}`;
        const file = path.join(dir, `${base}.pdf`);
        // Twice: the second letter is drawn from what the first one kept (the logo's replayed drawing).
        await makeLetter(m, resources, DEFAULT_ADDRESS_WINDOW, now, null);
        fs.writeFileSync(file, (await makeLetter(m, resources, DEFAULT_ADDRESS_WINDOW, now, null)).bytes);
        execFileSync('pdftoppm', ['-r', '150', '-png', file, path.join(dir, base)]);
        const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 1 << 26 }).toString('latin1');
        const pages = fs.readdirSync(dir).filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png')).sort();
        return { textObjects: qdf.match(/^BT$/gm)!.length, pages: pages.map((p) => fs.readFileSync(path.join(dir, p))) };
      } finally {
        setPdfmakeSpeedups(true);
      }
    };
    const pdfmakeItself = await draw(false);
    const fast = await draw(true);
    expect(fast.pages.length).toBeGreaterThanOrEqual(2);
    expect(fast.pages).toHaveLength(pdfmakeItself.pages.length);
    fast.pages.forEach((png, i) => expect(png.equals(pdfmakeItself.pages[i]!), `${name}, page ${i + 1}`).toBe(true));
    expect(fast.textObjects * 3).toBeLessThan(pdfmakeItself.textObjects);
  });

  it('joins only touching neighbours of the same look', () => {
    const font = {};
    const at = (text: string, x: number, over: Record<string, unknown> = {}) => ({ text, x, width: 10, font, fontSize: 10, color: 'black', opacity: 1, ...over });
    expect(joinInlines([at('Päätös ', 0), at('on ', 10), at('myönteinen', 20)]).map((i) => [i.text, i.x, i.width])).toEqual([['Päätös on myönteinen', 0, 30]]);
    // Justified text (a gap), another colour, size or font, a link or underline: each stays its own.
    expect(joinInlines([at('a ', 0), at('b', 12)])).toHaveLength(2);
    expect(joinInlines([at('a ', 0), at('b', 10, { color: '#555555' })])).toHaveLength(2);
    expect(joinInlines([at('a ', 0), at('b', 10, { fontSize: 9 })])).toHaveLength(2);
    expect(joinInlines([at('a ', 0), at('b', 10, { font: {} })])).toHaveLength(2);
    expect(joinInlines([at('a ', 0), at('b', 10, { link: 'https://example.fi' })])).toHaveLength(2);
    expect(joinInlines([at('a ', 0, { decoration: 'underline' }), at('b', 10, { decoration: 'underline' })])).toHaveLength(2);
  });
});
