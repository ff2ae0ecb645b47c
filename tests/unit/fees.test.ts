// Client fees and caregiver fees to the letter of the law. Every vector is computed by hand from the statute
// text (asiakasmaksulaki 734/1992 as amended by 1201/2020; omaishoitolaki 937/2005) and written beside the
// subsection it tests; the figures are the 2026 parameters unless a test says otherwise.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeCareFee, homeCarePercent, incomeLimitCents, longTermFee, percentOf, roundServiceHours, shortTermFee, supportServiceFee, respiteFee, FeeInputError } from '../../shared/domain/fees/calc';
import { carePaymentForMonth } from '../../shared/domain/fees/caregiver';
import { correctionReasons } from '../../shared/domain/fees/corrections';
import { explainFee, explainMonthCharge } from '../../shared/domain/fees/explain';
import { countedIncome, deductionsFor, formerHomeWindowOpen, monthlyCap, type DeductionRecord, type IncomeRecord } from '../../shared/domain/fees/incomes';
import { monthCharge, overlapping, type Interruption } from '../../shared/domain/fees/interruptions';
import { INDEX_RULES, reviseByIndex, reviseFigure } from '../../shared/domain/fees/indexation';
import { feeParametersSchema, parametersOn, type FeeParameters, type FigureKey } from '../../shared/domain/fees/parameters';
import { loadDefaultParameterSets } from '../../electron/core/fees/default-parameters';
import { COMMANDS } from '../../electron/cli/commands';
import { CliUsageError } from '../../electron/cli/args';

const sets = loadDefaultParameterSets(path.resolve(__dirname, '../../resources'));
const on = (d: string): FeeParameters => parametersOn(sets, d)!;
const p2026 = on('2026-06-01');
const p2025 = on('2025-06-01');
const p2024 = on('2024-06-01');

describe('parameter sets: dated figures with their sources', () => {
  it('has a set a year from 2024, meeting without gaps, the last open-ended', () => {
    expect(sets.map((s) => [s.validFrom, s.validTo])).toEqual([
      ['2024-01-01', '2024-12-31'],
      ['2025-01-01', '2025-12-31'],
      ['2026-01-01', null],
    ]);
    expect(parametersOn(sets, '2023-12-31')).toBeNull();
  });

  it('holds the indexed figures of 7 c § 3 mom, 10 e § 3–4 mom, 6 a §, 6 b § and omaishoitolaki 5 §', () => {
    const f = (p: FeeParameters) => [
      p.homeCare.incomeLimitsCents[0],
      p.homeCare.extraPersonCents,
      p.longTerm.personalAllowanceCents,
      p.longTerm.institutionalPersonalAllowanceCents,
      p.ceiling.annualCents,
      p.ceiling.maintenanceDailyCents,
      p.respite.statutoryMaxDailyCents,
      p.caregiver.statutoryMinimumCents,
      p.longTerm.medicineCeilingYearCents,
    ];
    // 2024: 653 €, +389 €, käyttövara 167 € × 1.0924 = 182 € (not the 2019 base 164 €), 112 × 1.0924 = 122 €,
    // ceiling 762 €, 22.80 € × 762/692 = 25.10 €, 11.60 € × 1.1012 = 12.80 €, 472.15 € / 1.0219 = 462.03 €, 626.94 €.
    expect(f(p2024)).toEqual([65300, 38900, 18200, 12200, 76200, 2510, 1280, 46203, 62694]);
    expect(f(p2025)).toEqual([65300, 38900, 18200, 12200, 76200, 2510, 1280, 47215, 63317]);
    // 2026: 699 €, 389 × 1.0706 = 416 €, 195 €, 122 × 1.0706 = 131 €, 815 €, 25.10 × 1.0693 = 26.80 €,
    // 12.80 × 1.0693 = 13.70 €, 530 € (the new statutory minimum), 636.12 €.
    expect(f(p2026)).toEqual([69900, 41600, 19500, 13100, 81500, 2680, 1370, 53000, 63612]);
  });

  // The index revision (indexation.ts): 10 e § 7 mom and 7 c § 4 mom by the työeläkeindeksi of the revision year
  // to full euros; 6 a § 8 mom, 6 b § 3 mom and 912/1992 33 a § by the kansaneläkeindeksi of January of the
  // revision year, the ceiling to full euros and the daily fees to 0.10 euros. Points: TyEL 2023 = 2874 (STM),
  // 2025 = 3077 (3037 in 2024, +1.31 % in 2025, ETK); KEI 2023 = 1805, 2025 = 1930 (Kela).
  it('revises by the index and the rounding each provision names, halves up, in whole cents', () => {
    expect(reviseByIndex(83300, 2, 1, 100)).toBe(41700); // 416.50 € → 417 €: a half goes up
    expect(reviseByIndex(83298, 2, 1, 100)).toBe(41600); // 416.49 € → 416 €
    expect(reviseByIndex(5370, 2, 1, 10)).toBe(2690); // 26.85 € → 26.90 €
    expect(reviseByIndex(5368, 2, 1, 10)).toBe(2680); // 26.84 € → 26.80 €
    expect(() => reviseByIndex(100, 0, 1, 100)).toThrow(RangeError);
    expect(() => reviseByIndex(100.5, 1, 1, 100)).toThrow(RangeError);
    expect(() => reviseByIndex(-1, 1, 1, 100)).toThrow(RangeError);
    expect(INDEX_RULES.extraPerson).toMatchObject({ index: 'tyel', stepCents: 100, law: expect.stringMatching(/10 e § 7 mom/) });
    expect(INDEX_RULES.institutionalPersonalAllowance).toMatchObject({ index: 'tyel', stepCents: 100, law: expect.stringMatching(/7 c § 4 mom/) });
    expect(INDEX_RULES.maintenanceAfterCeiling).toMatchObject({ index: 'kei', stepCents: 10, law: expect.stringMatching(/6 a § 8 mom/) });
    expect(INDEX_RULES.respiteMax).toMatchObject({ index: 'kei', stepCents: 10, law: expect.stringMatching(/6 b § 3 mom/) });
    expect(INDEX_RULES.shortTermInstitutionalMax).toMatchObject({ index: 'kei', stepCents: 10, law: expect.stringMatching(/33 a §/) });
    expect(INDEX_RULES.percentTable).toBeUndefined();
  });

  it('ships the 2026 figures the 2024 ones revised by the index; the method gives the confirmed ones exactly', () => {
    const tyel = (k: FigureKey, c: number) => reviseFigure(k, c, 2874, 3077);
    const kei = (k: FigureKey, c: number) => reviseFigure(k, c, 1805, 1930);
    // Confirmed 2026 figures: the method is the ministry's (chained from the 2024 figures).
    expect(p2024.homeCare.incomeLimitsCents.map((c) => tyel('incomeLimits', c))).toEqual(p2026.homeCare.incomeLimitsCents);
    expect(tyel('personalAllowance', p2024.longTerm.personalAllowanceCents)).toBe(p2026.longTerm.personalAllowanceCents);
    expect(kei('ceiling', p2024.ceiling.annualCents)).toBe(p2026.ceiling.annualCents);
    for (const k of ['incomeLimits', 'personalAllowance', 'ceiling'] as const) expect(p2026.figures[k].confirmed, k).toBe(true);
    // Unconfirmed 2026 figures: 389 × 3077/2874 = 416.48 → 416 €; 122 → 130.62 → 131 €; 25.10 × 1930/1805 =
    // 26.84 → 26.80 €; 12.80 → 13.69 → 13.70 €; the short-term maximum 54.60 → 58.38 → 58.40 € (a lower bound:
    // the 2025 raise is not in it).
    expect(tyel('extraPerson', p2024.homeCare.extraPersonCents)).toBe(41600);
    expect(tyel('institutionalPersonalAllowance', p2024.longTerm.institutionalPersonalAllowanceCents)).toBe(13100);
    expect(kei('maintenanceAfterCeiling', p2024.ceiling.maintenanceDailyCents)).toBe(2680);
    expect(kei('respiteMax', p2024.respite.statutoryMaxDailyCents)).toBe(1370);
    expect(kei('shortTermInstitutionalMax', p2024.shortTerm.institutional.statutoryMaxDailyCents)).toBe(5840);
    expect([p2026.homeCare.extraPersonCents, p2026.longTerm.institutionalPersonalAllowanceCents, p2026.ceiling.maintenanceDailyCents, p2026.respite.statutoryMaxDailyCents, p2026.shortTerm.institutional.statutoryMaxDailyCents]).toEqual([41600, 13100, 2680, 1370, 5840]);
    // Each says it is unconfirmed, names the provision of its revision and shows the index points it used.
    const shown: [FigureKey, RegExp, RegExp][] = [
      ['extraPerson', /10 e § 7 mom/, /3077\/2874/],
      ['institutionalPersonalAllowance', /7 c § 4 mom/, /3077\/2874/],
      ['maintenanceAfterCeiling', /6 a § 8 mom/, /1930\/1805/],
      ['respiteMax', /6 b § 3 mom/, /1930\/1805/],
      ['shortTermInstitutionalMax', /33 a §/, /1930\/1805/],
    ];
    for (const [k, law, points] of shown) {
      expect(p2026.figures[k].confirmed, k).toBe(false);
      expect(p2026.figures[k].source, k).toMatch(law);
      expect(p2026.figures[k].computation, k).toMatch(points);
    }
    // The 2024 respite fee checks the chaining: 11.60 € (2022) × 1805/1639 = 12.78 → 12.80 €, as STM 1044/2023 published.
    expect(reviseFigure('respiteMax', 1160, 1639, 1805)).toBe(p2024.respite.statutoryMaxDailyCents);
  });

  it('names a source for every statutory figure and says how each unconfirmed one was computed', () => {
    for (const s of sets)
      for (const [k, fig] of Object.entries(s.figures)) {
        expect(fig.source.length, `${s.validFrom} ${k}`).toBeGreaterThan(10);
        if (!fig.confirmed) expect(fig.computation, `${s.validFrom} ${k}`).toMatch(/\d/);
      }
    expect(Object.entries(p2026.figures).filter(([, f]) => !f.confirmed).map(([k]) => k)).toEqual(
      expect.arrayContaining(['extraPerson', 'institutionalPersonalAllowance', 'maintenanceAfterCeiling', 'shortTermInstitutionalMax', 'respiteMax']),
    );
  });

  it('keeps the 2026 caregiver minimum in 2027 until the 2027 figure is published (omaishoitolaki 6 §)', () => {
    expect(on('2027-03-01').caregiver).toMatchObject({ statutoryMinimumCents: 53000, minimumYear: 2026 });
  });

  it('refuses a county price above the decree maximum, a figure without a source and rules stricter than 10 k §', () => {
    const bad = structuredClone(p2026);
    bad.shortTerm.institutional.countyDailyCents = bad.shortTerm.institutional.statutoryMaxDailyCents + 1;
    bad.figures.ceiling.source = '';
    bad.figures.respiteMax.computation = null;
    bad.interruptions.rules.find((r) => r.feeType === 'home_care' && r.cause === 'institution')!.chargedDays = 5;
    bad.respite.dailyCents = bad.respite.statutoryMaxDailyCents + 10;
    const r = feeParametersSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/912\/1992 12 §:n enimmäismäärän 58,40 €/);
    expect(messages).toMatch(/Lähde puuttuu/);
    expect(messages).toMatch(/miten se on laskettu/);
    expect(messages).toMatch(/home_care \/ institution perii 5 päivää; asiakasmaksulain 10 k §:n mukaan enintään 0/);
    expect(messages).toMatch(/6 b §:n enimmäismäärän/);
    // The Swedish wording travels with each issue.
    expect(r.error!.issues.map((i) => (i as { params?: { sv?: string } }).params?.sv).join('\n')).toMatch(/högsta beloppet 58,40 € per dygn/);
  });
});

describe('continuous home care (10 e–10 g §)', () => {
  const fee = (hours: number, gross = 150000, household = 1) => homeCareFee(p2026, { householdSize: household, grossIncomeCents: gross, hoursPerMonth: hours, costCents: null }).feeCents;

  it('10 e § 6 mom: partial hours round to the nearest hour, halves up (never always up)', () => {
    // 1 person, 1500 € gross, limit 699 €: 801 € over the limit.
    expect(roundServiceHours(9.4)).toBe(9);
    expect(roundServiceHours(9.5)).toBe(10);
    expect(fee(9.4)).toBe(13617); // 9 h row: 17 % × 801 = 136.17 € (the old rounding up gave 144.18 €)
    expect(fee(9.5)).toBe(14418); // 10 h row: 18 % × 801 = 144.18 €
    expect(fee(0.5)).toBe(6408); // 1 h: "4 tuntia tai vähemmän", 8 % × 801 = 64.08 €
    expect(fee(0.4)).toBe(6408); // 0 h: the same first row
    expect(fee(4.49)).toBe(6408); // 4 h: 8 %
    expect(fee(4.5)).toBe(8010); // 5 h: 10 % × 801 = 80.10 €
    expect(fee(38.5)).toBe(28035); // 39 h: "38 tai enemmän", 35 % × 801 = 280.35 €
    // Two people, 2000 €, 9.5 h → 10 h row, column 2: 15.5 % × (2000 − 1290) = 110.05 €.
    expect(fee(9.5, 200000, 2)).toBe(11005);
    const e = homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 150000, hoursPerMonth: 9.4, costCents: null });
    expect(e.explanation.applied).toContain('hours_rounded');
    expect(explainFee(e.explanation, 'fi').notes.join(' ')).toMatch(/lähimpään kokonaiseen tuntiin, puolikkaat ylöspäin \(asiakasmaksulaki 10 e § 6 mom\)/);
    expect(explainFee(e.explanation, 'sv').notes.join(' ')).toMatch(/halva timmar uppåt \(klientavgiftslagen 10 e § 6 mom\.\)/);
  });

  it('10 e § 2–5 mom: the handbook example and the table', () => {
    expect(fee(10)).toBe(14418); // 18 % × (1500 − 699) = 144.18 €
    const pct = (h: number, n: number) => homeCarePercent(p2026, h, n).percent;
    expect([1, 2, 3, 4, 5, 6].map((n) => pct(16, n))).toEqual([24, 20, 16, 16, 14, 12]);
    expect([1, 2, 3, 4, 5, 6].map((n) => pct(38, n))).toEqual([35, 24, 19, 16, 14, 12]);
    expect(incomeLimitCents(p2026, 7)).toBe(348100 + 41600);
  });

  it('10 e § 2 mom: nothing below the limit; 2 §: never above the cost', () => {
    expect(fee(20, 69900)).toBe(0);
    expect(homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 900000, hoursPerMonth: 40, costCents: 250000 })).toMatchObject({ feeCents: 250000, explanation: { applied: ['cost_cap'] } });
  });

  it('10 g §: deductions reduce the gross income before the limit', () => {
    // (1500 − 136.67 − 699) = 664.33 € × 18 % = 119.58 €.
    const r = homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 150000, deductionsCents: 13667, hoursPerMonth: 10, costCents: null });
    expect(r.feeCents).toBe(11958);
    expect(explainFee(r.explanation, 'fi').rows).toContainEqual({ label: 'Vähennykset (10 g §)', value: '136,67\u00a0€' });
  });

  it('rounds a percentage half up to the cent', () => {
    expect(percentOf(1, 50)).toBe(1);
    expect(percentOf(80100, 8.75)).toBe(7009);
  });

  it('refuses negative and absurd incomes and impossible hours, in Finnish and Swedish', () => {
    const base = { householdSize: 1, grossIncomeCents: 100000, hoursPerMonth: 10, costCents: null };
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as FeeInputError;
      }
      throw new Error('not refused');
    };
    const neg = err(() => homeCareFee(p2026, { ...base, grossIncomeCents: -1 }));
    expect(neg).toBeInstanceOf(FeeInputError);
    expect([neg.message, neg.sv, neg.field]).toEqual(['Bruttotulo ei voi olla negatiivinen (-1 senttiä).', 'Bruttoinkomst kan inte vara negativ (-1 cent).', 'grossIncomeCents']);
    expect(err(() => homeCareFee(p2026, { ...base, grossIncomeCents: 10_000_001 })).sv).toMatch(/orimligt stor/);
    expect(err(() => homeCareFee(p2026, { ...base, hoursPerMonth: 0 })).message).toMatch(/yli 0 ja enintään 744/);
    expect(err(() => homeCareFee(p2026, { ...base, hoursPerMonth: 745 })).sv).toMatch(/högst 744/);
    expect(err(() => homeCareFee(p2026, { ...base, hoursPerMonth: Number.NaN })).message).toMatch(/Palvelutuntien/);
  });
});

describe('counted income per fee (10 b §, 10 f §)', () => {
  const records: IncomeRecord[] = [
    { person: 'client', kind: 'earnings_pension', grossCents: 120000, netCents: 100000 },
    { person: 'client', kind: 'care_allowance', grossCents: 7503, netCents: 7503 },
    { person: 'client', kind: 'care_allowance_veteran_supplement', grossCents: 2000, netCents: 2000 },
    { person: 'client', kind: 'disability_allowance', grossCents: 10000, netCents: 10000 },
    { person: 'client', kind: 'child_maintenance_received', grossCents: 15000, netCents: 15000 },
    { person: 'client', kind: 'housing_allowance', grossCents: 30000, netCents: 30000 },
    { person: 'spouse', kind: 'earnings_pension', grossCents: 90000, netCents: 80000 },
  ];

  it('home care (10 f § 1 and 3 mom): gross taxable and tax-free income, care allowance yes, veteran supplement and disability allowance no', () => {
    // 1200 + 75.03 + 150 (child maintenance is tax-free income, not a social benefit) = 1425.03 € of the client.
    expect(countedIncome(records, 'home_care', 'client')).toBe(142503);
    // With the spouse's 900 €: 2325.03 €.
    expect(countedIncome(records, 'home_care', 'both')).toBe(232503);
  });

  it('long-term care (10 b § 1–2 mom): net income, care allowance and disability allowance yes, veteran supplement and child maintenance no', () => {
    // 1000 + 75.03 + 100 = 1175.03 €.
    expect(countedIncome(records, 'long_term', 'client')).toBe(117503);
  });
});

describe('deductions: the closed list with its caps (10 c §, 10 d §, 10 g §)', () => {
  const caps = { medicineCeilingYearCents: p2026.longTerm.medicineCeilingYearCents, guardianBasicFeeYearCents: p2026.longTerm.guardianBasicFeeYearCents };
  const opts = { date: '2026-06-01', careStart: '2026-01-15', withSpouse: false };

  it('caps medicines at the yearly medicine ceiling and the guardian at the basic fee, nets housing with the allowance, drops "other"', () => {
    // Monthly caps: 636.12 / 12 = 53.01 €; the guardian's basic fee 520 € a year from 1.1.2024 (VNa 696/2012 3 § as
    // amended by VNa 1037/2023; it was 440 € before) / 12 = 43.33 €.
    expect(monthlyCap(63612)).toBe(5301);
    expect(caps.guardianBasicFeeYearCents).toBe(52000);
    expect(monthlyCap(52000)).toBe(4333);
    const d = deductionsFor(
      'long_term',
      [
        { person: 'client', kind: 'housing_cost', monthlyCents: 70000 },
        { person: 'client', kind: 'housing_allowance', monthlyCents: 25000 },
        { person: 'client', kind: 'medicines', monthlyCents: 8000 },
        { person: 'client', kind: 'guardian_fee', monthlyCents: 5000 },
        { person: 'client', kind: 'legacy_other', monthlyCents: 10000 },
      ],
      caps,
      opts,
    );
    // 700 − 250 + 53.01 + 43.33 = 546.34 €.
    expect(d.clientCents).toBe(54634);
    expect(d.lines.map((l) => [l.kind, l.allowedCents, l.limit])).toEqual([
      ['housing_cost', 70000, null],
      ['housing_allowance', -25000, null],
      ['medicines', 5301, 'medicine_ceiling'],
      ['guardian_fee', 4333, 'guardian_basic_fee'],
      ['legacy_other', 0, 'not_in_law'],
    ]);
  });

  it('never lets the housing allowance take the housing costs below zero', () => {
    const d = deductionsFor('long_term', [
      { person: 'client', kind: 'housing_cost', monthlyCents: 20000 },
      { person: 'client', kind: 'housing_allowance', monthlyCents: 30000 },
    ], caps, opts);
    expect(d.clientCents).toBe(0);
    expect(d.lines[1]).toMatchObject({ allowedCents: -20000, limit: 'allowance_exceeds_costs' });
  });

  it('deducts the former home only for 6 months (owned), the notice period (rented), 3 months (right of occupancy) — 10 c § 3 mom', () => {
    // Care began 15.1.2026. Owned: through 14.7.2026. Rented: the notice period ends 28.2.2026. Occupancy: through 14.4.2026.
    expect(formerHomeWindowOpen('former_home_owned', '2026-01-15', '2026-07-14')).toBe(true);
    expect(formerHomeWindowOpen('former_home_owned', '2026-01-15', '2026-07-15')).toBe(false);
    expect(formerHomeWindowOpen('former_home_rented', '2026-01-15', '2026-02-28')).toBe(true);
    expect(formerHomeWindowOpen('former_home_rented', '2026-01-15', '2026-03-01')).toBe(false);
    expect(formerHomeWindowOpen('former_home_occupancy_right', '2026-01-15', '2026-04-14')).toBe(true);
    expect(formerHomeWindowOpen('former_home_occupancy_right', '2026-01-15', '2026-04-15')).toBe(false);
    const late = deductionsFor('long_term', [{ person: 'client', kind: 'former_home_owned', monthlyCents: 30000 }], caps, { ...opts, date: '2026-08-01' });
    expect(late).toMatchObject({ clientCents: 0, lines: [{ limit: 'former_home_window' }] });
  });

  it('home care deducts only 10 c § 1 mom costs, of the client and the spouse (10 g §)', () => {
    const records: DeductionRecord[] = [
      { person: 'client', kind: 'maintenance_paid', monthlyCents: 10000 },
      { person: 'spouse', kind: 'guardian_fee', monthlyCents: 5000 },
      { person: 'client', kind: 'housing_cost', monthlyCents: 50000 },
    ];
    const d = deductionsFor('home_care', records, caps, { date: '2026-06-01', careStart: null, withSpouse: true });
    // 100 € + min(50, 43.33) €; housing costs are not a home-care deduction.
    expect([d.clientCents, d.spouseCents]).toEqual([10000, 4333]);
    expect(d.lines[2]).toMatchObject({ kind: 'housing_cost', allowedCents: 0, limit: 'not_for_this_fee' });
  });
});

describe('long-term round-the-clock care (7 c §)', () => {
  const lt = (net: number, ded: number, extra: Partial<Parameters<typeof longTermFee>[1]> = {}, p = p2026) =>
    longTermFee(p, { netIncomeCents: net, deductionsCents: ded, spouse: null, bothInLongTermCare: false, institutional: false, ...extra });

  it('7 c § 1 and 3 mom: the handbook example leaves the personal allowance', () => {
    // 85 % × (1800 − 650) = 977.50 € would leave 172.50 € < 195 €, so 1800 − 650 − 195 = 955.00 €.
    const r = lt(180000, 65000);
    expect(r.feeCents).toBe(95500);
    expect(r.explanation.applied).toEqual(['personal_allowance_floor']);
    expect(explainFee(r.explanation, 'fi').rows).toContainEqual({ label: 'Käyttövara (7 c § 3 mom)', value: '195,00\u00a0€' });
  });

  it('7 c § 3 mom: the institutional allowance is lower; 2024 uses 182 €, not the 2019 base 164 €', () => {
    // Institutional: leaving 1150 − 131 = 1019 € > 977.50 €, so 85 % applies.
    expect(lt(180000, 65000, { institutional: true }).feeCents).toBe(97750);
    // 2024, net 1000 €: 85 % = 850 € would leave 150 € < 182 €: 818.00 €.
    expect(lt(100000, 0, {}, p2024).feeCents).toBe(81800);
  });

  it('deductions over the income leave nothing to charge', () => {
    expect(lt(50000, 70000)).toMatchObject({ feeCents: 0, explanation: { applied: ['deductions_exceed_income'] } });
  });

  it('7 c § 2 mom: 42.5 % of the couple when they lived together and the client earns more', () => {
    // (3000 + 1000 − 600) × 42.5 % = 1445.00 €; leaves 3000 − 600 − 1445 ≥ 195 €.
    expect(lt(300000, 60000, { spouse: { netIncomeCents: 100000, deductionsCents: 0 } })).toMatchObject({ feeCents: 144500, explanation: { formula: 'long_term_spouse' } });
    // The spouse's own deduction of 100 €: (4000 − 700) × 42.5 % = 1402.50 €.
    expect(lt(300000, 60000, { spouse: { netIncomeCents: 100000, deductionsCents: 10000 } }).feeCents).toBe(140250);
    // Floor: (1200 + 1000 − 400) × 42.5 % = 765 € but 1200 − 400 − 195 = 605 €.
    expect(lt(120000, 40000, { spouse: { netIncomeCents: 100000, deductionsCents: 0 } }).feeCents).toBe(60500);
  });

  it('7 c § 5 mom: the fee by the couple is at most the fee by the client’s own income (large own deductions)', () => {
    // Client 3000 € with 1000 € deductions, spouse 2900 €: (3000 + 2900 − 1000) × 42.5 % = 2082.50 €; by 1 mom
    // 85 % × (3000 − 1000) = 1700.00 €, which also leaves 300 € ≥ 195 € (3 mom): 1700.00 €.
    const r = lt(300000, 100000, { spouse: { netIncomeCents: 290000, deductionsCents: 0 } });
    expect(r).toMatchObject({ feeCents: 170000, explanation: { formula: 'long_term_spouse', applied: ['spouse_rule', 'spouse_fee_capped'] } });
    expect(explainFee(r.explanation, 'fi').notes.join(' ')).toMatch(/7 c § 5 mom/);
    expect(explainFee(r.explanation, 'sv').notes.join(' ')).toMatch(/klientavgiftslagen 7 c § 5 mom\./);
    expect(explainFee(r.explanation, 'fi').rows).toContainEqual({ label: 'Maksu puolisoiden tuloista (7 c § 2 mom)', value: '2\u00a0082,50\u00a0€' });
    // A stored explanation naming a step or rule this version does not know shows the key instead of failing.
    const newer = { ...r.explanation, steps: [...r.explanation.steps, { key: 'future_step', cents: 100 }], applied: [...r.explanation.applied, 'future_rule'] } as unknown as typeof r.explanation;
    expect(explainFee(newer, 'sv').rows).toContainEqual({ label: 'future_step', value: '1,00\u00a0€' });
    expect(explainFee(newer, 'fi').notes).toContain('future_rule');
    // Not capped (1445.00 € by the couple < 2040.00 € by the client's own income).
    expect(lt(300000, 60000, { spouse: { netIncomeCents: 100000, deductionsCents: 0 } }).explanation.applied).toEqual(['spouse_rule']);
  });

  it('7 c § 2 mom: equal incomes are not "higher"; both spouses in care pay 85 % each', () => {
    const equal = lt(200000, 0, { spouse: { netIncomeCents: 200000, deductionsCents: 0 } });
    expect(equal).toMatchObject({ feeCents: 170000, explanation: { formula: 'long_term', applied: ['spouse_income_not_higher'] } });
    const both = lt(300000, 60000, { spouse: { netIncomeCents: 100000, deductionsCents: 0 }, bothInLongTermCare: true });
    // 85 % × (3000 − 600) = 2040.00 €.
    expect(both).toMatchObject({ feeCents: 204000, explanation: { formula: 'long_term', applied: ['both_spouses_in_care'] } });
    expect(explainFee(both.explanation, 'sv').notes[0]).toMatch(/Båda makarna får långvarig vård.*7 c § 2 mom\. sista meningen/);
  });

  it('cites the spouse rule as 7 c § 2 mom and the allowance as 3 mom', () => {
    const r = lt(300000, 60000, { spouse: { netIncomeCents: 100000, deductionsCents: 0 } });
    const fi = explainFee(r.explanation, 'fi');
    expect(fi.formula).toMatch(/asiakasmaksulaki 7 c § 2 mom\).*käyttövara \(7 c § 3 mom\)/);
  });
});

describe('interruptions (10 k §): charged first days, not "free when longer"', () => {
  // March 2026 has 31 days; a 310.00 € fee is 10.00 € a day.
  const march = (i: Interruption[], from = '2026-01-01', type: 'home_care' | 'long_term' = 'home_care') => monthCharge(p2026, type, 31000, '2026-03', from, null, i)!;

  it("the client's own reason: exactly 5 days are all charged; the 6th day is free", () => {
    expect(march([{ from: '2026-03-03', to: '2026-03-07', cause: 'client' }])).toMatchObject({ freeDays: 0, amountCents: 31000 });
    expect(march([{ from: '2026-03-03', to: '2026-03-08', cause: 'client' }])).toMatchObject({ freeDays: 1, amountCents: 30000 });
    // 8 days: 5 charged, 3 free = 280.00 € (the old rule freed all 8: 230.00 €).
    expect(march([{ from: '2026-03-01', to: '2026-03-08', cause: 'client' }])).toMatchObject({ freeDays: 3, amountCents: 28000 });
  });

  it('institutional care and the county’s reason are free from the first day', () => {
    expect(march([{ from: '2026-03-03', to: '2026-03-08', cause: 'institution' }])).toMatchObject({ freeDays: 6, amountCents: 25000 });
    expect(march([{ from: '2026-03-10', to: '2026-03-11', cause: 'provider' }])).toMatchObject({ freeDays: 2, amountCents: 29000 });
    expect(march([{ from: '2026-03-10', to: '2026-03-12', cause: 'institution' }], '2026-01-01', 'long_term')).toMatchObject({ freeDays: 3, amountCents: 28000 });
    // Short-term care of either kind: the monthly fee is not charged for those days.
    expect(march([{ from: '2026-03-10', to: '2026-03-11', cause: 'short_term_housing' }])).toMatchObject({ freeDays: 2 });
  });

  it('counts the length across a month end', () => {
    // Client 28.2.–5.3. (6 days): 28.2., 1.–4.3. charged, 5.3. free.
    const feb = monthCharge(p2026, 'home_care', 28000, '2026-02', '2026-01-01', null, [{ from: '2026-02-28', to: '2026-03-05', cause: 'client' }])!;
    expect(feb).toMatchObject({ freeDays: 0, amountCents: 28000 });
    expect(march([{ from: '2026-02-28', to: '2026-03-05', cause: 'client' }])).toMatchObject({ freeDays: 1, amountCents: 30000 });
    // Hospital 25.3.–3.4.: 7 free days in March (240.00 €), 3 in April (30 days, 300.00 € → 270.00 €).
    expect(march([{ from: '2026-03-25', to: '2026-04-03', cause: 'institution' }])).toMatchObject({ freeDays: 7, amountCents: 24000 });
    expect(monthCharge(p2026, 'home_care', 30000, '2026-04', '2026-01-01', null, [{ from: '2026-03-25', to: '2026-04-03', cause: 'institution' }])).toMatchObject({ freeDays: 3, amountCents: 27000 });
  });

  it('an interruption lasting the whole month leaves that month without a fee', () => {
    const whole = [{ from: '2026-02-25', to: '2026-04-02', cause: 'client' as const }];
    expect(march(whole)).toMatchObject({ amountCents: 0, wholeMonthInterrupted: true });
    // February: 25.–28.2. are 4 of the 5 charged days → 280.00 €. April: 1.–2.4. free → 280.00 € of 300.00 €.
    expect(monthCharge(p2026, 'home_care', 28000, '2026-02', '2026-01-01', null, whole)).toMatchObject({ amountCents: 28000, wholeMonthInterrupted: false });
    expect(monthCharge(p2026, 'home_care', 30000, '2026-04', '2026-01-01', null, whole)).toMatchObject({ freeDays: 2, amountCents: 28000 });
    // Two interruptions that together cover the month.
    expect(march([{ from: '2026-03-01', to: '2026-03-10', cause: 'client' }, { from: '2026-03-11', to: '2026-03-31', cause: 'institution' }])).toMatchObject({ amountCents: 0, wholeMonthInterrupted: true });
  });

  it('prorates a fee that starts mid-month, after its interruptions', () => {
    // From 16.3.: 16 days, hospital 20.–22.3. free → 13 days × 10 € = 130.00 €.
    expect(march([{ from: '2026-03-20', to: '2026-03-22', cause: 'institution' }], '2026-03-16')).toMatchObject({ activeDays: 16, chargeableDays: 13, amountCents: 13000 });
  });

  it('explains each interruption with its subsection in Finnish and Swedish', () => {
    const c = march([{ from: '2026-03-01', to: '2026-03-08', cause: 'client' }]);
    expect(explainMonthCharge(c, 'fi')).toEqual(['keskeytys 1.3.2026–8.3.2026 (asiakkaasta johtuva syy): 3 pv maksutta, 5 pv maksullisia (5 ensimmäistä päivää maksullisia, asiakasmaksulaki 10 k §)']);
    expect(explainMonthCharge(c, 'sv')).toEqual(['avbrott 1.3.2026–8.3.2026 (orsak som beror på klienten): 3 d avgiftsfritt, 5 d debiteras (de 5 första dagarna debiteras, klientavgiftslagen 10 k §)']);
    // Across a month end the whole length is named.
    const apr = monthCharge(p2026, 'home_care', 30000, '2026-04', '2026-01-01', null, [{ from: '2026-03-25', to: '2026-04-03', cause: 'institution' }])!;
    expect(explainMonthCharge(apr, 'fi')).toEqual(['keskeytys 25.3.2026–3.4.2026 (laitoshoito, kesto 10 pv): 3 pv maksutta (maksuton ensimmäisestä päivästä, asiakasmaksulaki 10 k §)']);
  });

  it('holds on every day of five years (leap Februaries, DST months, year ends): the first five days of a client interruption charged, others free from day one', () => {
    // Each month's fee is 10.00 € a day of that month, so a charged day is exactly 1000 cents whatever the month's length.
    const months: string[] = [];
    for (let y = 2024; y <= 2028; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
    const daysOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
    const plus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const cache = new Map<string, FeeParameters>();
    const byMonth = (m: string) => cache.get(m) ?? cache.set(m, on(`${m}-01`)).get(m)!;
    let checked = 0;
    for (const month of months) {
      for (let day = 1; day <= daysOf(month); day += 3) {
        const from = `${month}-${String(day).padStart(2, '0')}`;
        // Up to 27 days: never a whole month, so only the first-days rule applies.
        for (const length of [1, 5, 6, 12, 27]) {
          const to = plus(from, length - 1);
          const touched = [...new Set([from.slice(0, 7), to.slice(0, 7)])];
          for (const cause of ['client', 'institution', 'provider'] as const) {
            const i = [{ from, to, cause }];
            let free = 0;
            let charged = 0;
            for (const m of touched) {
              const r = monthCharge(byMonth(m), 'home_care', daysOf(m) * 1000, m, '2023-01-01', null, i)!;
              expect(r.amountCents).toBe(r.chargeableDays * 1000);
              expect(r.chargeableDays + r.freeDays).toBe(daysOf(m));
              free += r.freeDays;
              charged += r.interruptions[0]!.chargedInMonth;
            }
            expect(free, `${cause} ${from}..${to}`).toBe(cause === 'client' ? Math.max(0, length - 5) : length);
            expect(charged).toBe(cause === 'client' ? Math.min(5, length) : 0);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(9000);
    // Leap day: an institutional stay of 1.–28.2.2028 leaves 29.2. charged, 1/29 of the fee.
    expect(monthCharge(on('2028-02-01'), 'long_term', 29000, '2028-02', '2023-01-01', null, [{ from: '2028-02-01', to: '2028-02-28', cause: 'institution' }])).toMatchObject({ chargeableDays: 1, amountCents: 1000, wholeMonthInterrupted: false });
    // …and one to 29.2. covers the whole month: no fee (10 k § last sentence).
    expect(monthCharge(on('2028-02-01'), 'long_term', 29000, '2028-02', '2023-01-01', null, [{ from: '2028-01-30', to: '2028-02-29', cause: 'client' }])).toMatchObject({ amountCents: 0, wholeMonthInterrupted: true });
  });

  it('finds overlapping interruptions, also one inside a long one', () => {
    expect(overlapping([{ from: '2026-03-01', to: '2026-03-20' }, { from: '2026-03-21', to: '2026-03-22' }])).toBeNull();
    expect(overlapping([{ from: '2026-03-01', to: '2026-03-20' }, { from: '2026-03-05', to: '2026-03-06' }, { from: '2026-03-25', to: '2026-03-26' }])).not.toBeNull();
  });
});

describe('family carer fee during an interruption (omaishoitolaki 9 § 2–3 mom, 8 § 2 mom 5 kohta)', () => {
  const agreement = { startDate: '2025-01-01', endDate: null };
  const law = { healthPaidMonths: 1, otherPaidDays: null };
  const pay = (month: string, i: { from: string; to: string; cause: 'health' | 'other' }[], terms: { healthPaidMonths: number; otherPaidDays: number | null } = law) =>
    carePaymentForMonth(agreement, month, 53000, terms, 1, i)!;

  it('pays a month from the start of a health interruption and stops only after it', () => {
    const stay = [{ from: '2026-03-15', to: '2026-04-30', cause: 'health' as const }];
    expect(pay('2026-03', stay)).toMatchObject({ paidDays: 31, amountCents: 53000 });
    // Stops from 15.4.: 14 of 30 days paid → 530 × 14 / 30 = 247.33 € (the old rule stopped after 14 days: 29.3.).
    expect(pay('2026-04', stay)).toMatchObject({ paidDays: 14, amountCents: 24733, interruptions: [{ unpaidFrom: '2026-04-15', unpaidDays: 16 }] });
    // A stay shorter than the month is paid in full.
    expect(pay('2026-03', [{ from: '2026-03-01', to: '2026-03-20', cause: 'health' }])).toMatchObject({ amountCents: 53000 });
    // From 31.1.: the month reaches 28.2., so 28.2. is the first unpaid day → 530 × 27 / 28 = 511.07 €.
    expect(pay('2026-02', [{ from: '2026-01-31', to: '2026-03-31', cause: 'health' }])).toMatchObject({ paidDays: 27, amountCents: 51107 });
  });

  it('follows the agreement in other interruptions, and voids a health term worse than the law', () => {
    // Paid 7 days from 10.3.: unpaid 17.–25.3. (9 days) → 530 × 22 / 31 = 376.13 €.
    expect(pay('2026-03', [{ from: '2026-03-10', to: '2026-03-25', cause: 'other' }], { healthPaidMonths: 1, otherPaidDays: 7 })).toMatchObject({ paidDays: 22, amountCents: 37613 });
    expect(pay('2026-03', [{ from: '2026-03-10', to: '2026-03-25', cause: 'other' }])).toMatchObject({ amountCents: 53000 });
    const voided = pay('2026-04', [{ from: '2026-03-15', to: '2026-04-30', cause: 'health' }], { healthPaidMonths: 0, otherPaidDays: null });
    expect(voided).toMatchObject({ amountCents: 24733, interruptions: [{ voidTerm: true }] });
    // An agreement may pay longer: two months.
    expect(pay('2026-04', [{ from: '2026-03-15', to: '2026-04-30', cause: 'health' }], { healthPaidMonths: 2, otherPaidDays: null })).toMatchObject({ amountCents: 53000 });
  });
});

describe('short-term care, support services, respite (912/1992 12 §, SHL 21 c §, 10 h §, 6 b §)', () => {
  it('charges institutional days at the county fee under the decree maximum, housing at the county price', () => {
    expect(shortTermFee(p2026, { days: 10, kind: 'institutional' })).toMatchObject({ feeCents: 33000, explanation: { formula: 'short_term_institutional' } });
    expect(shortTermFee(p2026, { days: 10, kind: 'housing' })).toMatchObject({ feeCents: 33000, explanation: { formula: 'short_term_housing' } });
    expect(explainFee(shortTermFee(p2026, { days: 1, kind: 'housing' }).explanation, 'fi').formula).toMatch(/ei kerrytä maksukattoa/);
  });

  it('prices support services from the list and the respite fee at most the 6 b § amount', () => {
    expect(supportServiceFee(p2026, { serviceCode: 'meal_service', quantity: 20 }).feeCents).toBe(18400);
    expect(() => supportServiceFee(p2026, { serviceCode: 'sauna', quantity: 1 })).toThrow(/ei ole hintaa/);
    // 2026: 13.70 € a day (12.80 € was the 2024–2025 figure).
    expect(respiteFee(p2026, { days: 3 }).feeCents).toBe(4110);
    expect(respiteFee(p2025, { days: 3 }).feeCents).toBe(3840);
  });
});

describe('the reason of a correction in words', () => {
  it('names the hours rounding and the allowance with their subsections', () => {
    const old = homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 150000, hoursPerMonth: 10, costCents: null }).explanation;
    old.steps = old.steps.filter((s) => s.key !== 'hours_rounded');
    const now = homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 150000, hoursPerMonth: 9.4, costCents: null }).explanation;
    old.steps.find((s) => s.key === 'hours_row')!.number = 10;
    expect(correctionReasons(old, now, 'fi')[0]).toMatch(/10 e § 6 mom\): maksuprosenttitaulukon rivi 10 h → 9 h/);
    expect(correctionReasons(old, now, 'sv')[0]).toMatch(/raden i avgiftstabellen 10 h → 9 h/);
    const before = longTermFee(p2024, { netIncomeCents: 100000, deductionsCents: 0, spouse: null, bothInLongTermCare: false, institutional: false }).explanation;
    before.steps.find((s) => s.key === 'personal_allowance')!.cents = 16400;
    const after = longTermFee(p2024, { netIncomeCents: 100000, deductionsCents: 0, spouse: null, bothInLongTermCare: false, institutional: false }).explanation;
    expect(correctionReasons(before, after, 'fi').join(' ')).toMatch(/käyttövara on indeksillä tarkistettu määrä \(7 c § 3–4 mom\): 164,00\u00a0€ → 182,00\u00a0€/);
  });
});

describe('command line (fee, caregiver, params)', () => {
  const run = async (name: string, args: string[]) => (await COMMANDS[name]!.run(args)).json as Record<string, unknown>;
  const refused = async (name: string, args: string[]) => {
    try {
      await COMMANDS[name]!.run(args);
    } catch (e) {
      expect(e).toBeInstanceOf(CliUsageError);
      return (e as Error).message;
    }
    throw new Error('not refused');
  };

  it('computes fees as the issue names them', async () => {
    expect(await run('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '150000', '--hours', '9.4'])).toMatchObject({ feeCents: 13617 });
    expect(await run('fee', ['long-term', '--date', '2026-03-01', '--net-cents', '180000', '--deductions-cents', '65000'])).toMatchObject({ feeCents: 95500 });
    expect(await run('fee', ['long-term', '--date', '2026-03-01', '--net-cents', '300000', '--deductions-cents', '60000', '--spouse-net-cents', '100000', '--both-in-long-term-care'])).toMatchObject({ feeCents: 204000 });
    expect(await run('fee', ['long-term', '--date', '2026-03-01', '--net-cents', '180000', '--deductions-cents', '65000', '--institutional'])).toMatchObject({ feeCents: 97750 });
    expect(
      await run('fee', ['month', '--type', 'home-care', '--monthly-cents', '31000', '--month', '2026-03', '--interruption', '2026-03-01..2026-03-08:client', '--interruption', '2026-03-20..2026-03-21:provider']),
    ).toMatchObject({ chargedCents: 26000, freeDays: 5, explanation: { rule: 'asiakasmaksulaki 10 k §' } });
    expect(await run('caregiver', ['month', '--fee-cents', '53000', '--month', '2026-04', '--interruption', '2026-03-15..2026-04-30:health'])).toMatchObject({ paidCents: 24733 });
  });

  it('lists the figures in force with their sources, 2027 on the 2026 caregiver minimum', async () => {
    const p = await run('params', ['--date', '2027-01-15']);
    expect(p).toMatchObject({
      homeCareIncomeLimitsCents: [69900, 129000, 202500, 250300, 303000, 348100],
      extraPersonCents: 41600,
      ceilingCents: 81500,
      personalAllowanceCents: 19500,
      institutionalPersonalAllowanceCents: 13100,
      maintenanceAfterCeilingCents: 2680,
      respiteFeeCents: 1370,
      shortTermInstitutionalMaxCents: 5840,
      caregiverMinimumCents: 53000,
      caregiverMinimumYear: 2026,
    });
    expect((p.caregiverMinimumNote as { fi: string }).fi).toMatch(/Vuoden 2027 .* käytetään vuoden 2026 lukua/);
    expect(p.unconfirmed).toContain('shortTermInstitutionalMax');
    expect((p.sources as Record<string, { source: string }>).interruptions.source).toMatch(/10 k §/);
    // Each figure's source, whether it is confirmed and, for an indexed one, the index and rounding of its revision.
    const src = p.sources as Record<string, { confirmed: boolean; computation: string | null; indexation: { index: string; roundingCents: number; law: string } | null }>;
    expect(src.extraPerson).toMatchObject({ confirmed: false, indexation: { index: 'tyel', roundingCents: 100, law: expect.stringMatching(/10 e § 7 mom/) } });
    expect(src.respiteMax).toMatchObject({ confirmed: false, indexation: { index: 'kei', roundingCents: 10, law: expect.stringMatching(/6 b § 3 mom/) } });
    expect(src.ceiling).toMatchObject({ confirmed: true, indexation: { index: 'kei', roundingCents: 100 } });
    expect(src.interruptions.indexation).toBeNull();
    expect(p.unconfirmed).toEqual(expect.arrayContaining(['extraPerson', 'institutionalPersonalAllowance', 'maintenanceAfterCeiling', 'respiteMax', 'shortTermInstitutionalMax']));
    expect((await run('params', ['--date', '2026-06-01'])).caregiverMinimumNote).toBeNull();
  });

  it('refuses bad input in Finnish, and in Swedish with --lang sv', async () => {
    const month = ['month', '--type', 'home-care', '--monthly-cents', '31000', '--month', '2026-03'];
    expect(await refused('fee', [...month, '--interruption', '2026-03-10..2026-03-05:client'])).toBe('Keskeytyksen loppu 5.3.2026 on ennen sen alkua 10.3.2026.');
    expect(await refused('fee', [...month, '--interruption', '2026-03-10..2026-03-05:client', '--lang', 'sv'])).toBe('Avbrottet slutar 5.3.2026 före det börjar 10.3.2026.');
    expect(await refused('fee', [...month, '--interruption', '2026-03-01..2026-03-10:client', '--interruption', '2026-03-08..2026-03-12:institution'])).toMatch(/menee päällekkäin keskeytyksen 1\.3\.2026–10\.3\.2026/);
    expect(await refused('fee', [...month, '--interruption', '2026-03-01..2026-03-02:holiday'])).toBe('Tuntematon keskeytyksen syy "holiday". Sallitut: client, institution, provider.');
    expect(await refused('fee', [...month, '--interruption', '2026-03-01..2026-03-02:holiday', '--lang', 'sv'])).toMatch(/^Okänd orsak till avbrott "holiday"/);
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents=-5', '--hours', '10'])).toMatch(/negatiivinen/);
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '5', '--hours', '999', '--lang', 'sv'])).toMatch(/högst 744 per månad/);
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '5', '--hours', 'kymmenen'])).toMatch(/lukuna/);
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '5', '--hours', 'tio', '--lang', 'sv'])).toBe('--hours ska anges som ett tal, nu "tio".');
    expect(await refused('fee', ['home-care', '--date', '1.3.2026', '--household', '1', '--gross-cents', '5', '--hours', '1', '--lang', 'sv'])).toMatch(/^--date ska anges i formen ÅÅÅÅ-MM-DD/);
    expect(await refused('caregiver', ['month', '--fee-cents', '53000', '--month', '2026-04', '--interruption', '2026-04-01..2026-04-02:vacation'])).toMatch(/health \(hoidettavan terveydellinen syy\)/);
    expect(await refused('caregiver', ['month', '--fee-cents', '53000', '--month', '2026-04', '--health-paid-months', '0'])).toMatch(/mitätön/);
    expect(await refused('fee', ['month', '--type', 'home-care', '--monthly-cents', '31000', '--month', '2026-13'])).toMatch(/VVVV-KK/);
    // A negative number as its own argument reaches the option's check (node's parser said "argument is ambiguous").
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '150000', '--hours', '-3'])).toBe('Palvelutuntien on oltava yli 0 ja enintään 744 kuukaudessa, nyt -3.');
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '-5', '--hours', '10', '--lang', 'sv'])).toMatch(/negativ/);
    expect(await refused('fee', ['long-term', '--date', '2026-03-01', '--net-cents', '-180000', '--deductions-cents', '0'])).toMatch(/Nettotulo ei voi olla negatiivinen/);
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--houshold', '1'])).toBe('Tuntematon valitsin --houshold. Katso ohje: npm run luotsi -- help.');
    expect(await refused('fee', ['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '150000', '--hours'])).toBe('Valitsimelle --hours puuttuu arvo.');
  });

  it('edge vectors by hand from 10 k §, 10 e § 6 mom, 7 c § 1–2 mom and omaishoitolaki 5–6 §, 9 § 2 mom', async () => {
    const month = (iv: string) => run('fee', ['month', '--type', 'home-care', '--monthly-cents', '31000', '--month', '2026-03', '--interruption', iv]);
    // 10 k §: a client's own interruption of exactly 5 days is charged in full; the 6th day is free (31000 × 30/31).
    expect(await month('2026-03-10..2026-03-14:client')).toMatchObject({ chargedCents: 31000, freeDays: 0 });
    expect(await month('2026-03-10..2026-03-15:client')).toMatchObject({ chargedCents: 30000, freeDays: 1 });
    // Institutional care and the county's reason: free from the first day (31000 × 25/31).
    expect(await month('2026-03-10..2026-03-15:institution')).toMatchObject({ chargedCents: 25000, freeDays: 6 });
    expect(await month('2026-03-10..2026-03-15:provider')).toMatchObject({ chargedCents: 25000, freeDays: 6 });
    // Counted across the month end: 25.2.–1.3. are the five charged days, 2.–4.3. free (31000 × 28/31).
    expect(await month('2026-02-25..2026-03-04:client')).toMatchObject({ chargedCents: 28000, freeDays: 3 });
    // An interruption lasting the whole month: no fee for that month, whatever its cause.
    expect(await month('2026-02-20..2026-04-10:client')).toMatchObject({ chargedCents: 0, freeDays: 31 });
    // 10 e § 6 mom: 0.5 h rounds to 1 h, billed at the lowest row (≤ 4 h: 8 %): 8 % × (1500 − 699) = 64.08 €.
    expect(await run('fee', ['home-care', '--date', '2026-06-01', '--household', '1', '--gross-cents', '150000', '--hours', '0.5'])).toMatchObject({ feeCents: 6408 });
    // 7 c § 2 mom: equal incomes — the client's income is not the higher, so 85 % of the client's own: 1700 €.
    const lt = (spouse: string, extra: string[] = []) => run('fee', ['long-term', '--date', '2026-06-01', '--net-cents', '200000', '--deductions-cents', '0', '--spouse-net-cents', spouse, ...extra]);
    expect(await lt('200000')).toMatchObject({ feeCents: 170000 });
    // The client's the higher income: 42.5 % of the couple's 3000 € = 1275 €; both in long-term care: 85 % each.
    expect(await lt('100000')).toMatchObject({ feeCents: 127500 });
    expect(await lt('100000', ['--both-in-long-term-care'])).toMatchObject({ feeCents: 170000 });
    // Deductions over the income: no fee.
    expect(await run('fee', ['long-term', '--date', '2026-06-01', '--net-cents', '100000', '--deductions-cents', '150000'])).toMatchObject({ feeCents: 0 });
    // Omaishoitolaki 9 § 2 mom: a health interruption 5.3.–20.4. is paid to 4.4. (one month), then 21.–30.4.: 14/30 days.
    expect(await run('caregiver', ['month', '--fee-cents', '53000', '--month', '2026-04', '--interruption', '2026-03-05..2026-04-20:health'])).toMatchObject({ paidCents: 24733, paidDays: 14 });
    // 6 §: 2027 has no published minimum yet, so the 2026 figure (530 €) applies and the output says so; 5 §: a fee under it is flagged.
    const c = await run('caregiver', ['month', '--fee-cents', '40000', '--month', '2027-02']);
    expect(c.minimum).toMatchObject({ cents: 53000, year: 2026, belowMinimum: true });
    const notes = (c.minimum as { notes: { fi: string[]; sv: string[] } }).notes;
    expect(notes.fi[0]).toBe('Vuoden 2027 hoitopalkkion vähimmäismäärää ei ole vielä julkaistu: käytetään vuoden 2026 lukua 530,00 € (omaishoitolaki 6 §).');
    expect(notes.sv[0]).toMatch(/^Minimibeloppet för vårdarvodet för år 2027 har ännu inte publicerats/);
    expect((await run('caregiver', ['month', '--fee-cents', '53000', '--month', '2026-02'])).minimum).toMatchObject({ belowMinimum: false, notes: { fi: [], sv: [] } });
  });
});
