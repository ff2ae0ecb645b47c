import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeCareFee, homeCarePercent, incomeLimitCents, longTermFee, percentOf, shortTermFee, supportServiceFee, FeeInputError } from '../../shared/domain/fees/calc';
import { monthCharge } from '../../shared/domain/fees/absences';
import { explainFee } from '../../shared/domain/fees/explain';
import { feeParametersSchema, parametersOn, type FeeParameters } from '../../shared/domain/fees/parameters';
import { loadDefaultParameterSets } from '../../electron/core/fees/default-parameters';
import { COMMANDS } from '../../electron/cli/commands';

const sets = loadDefaultParameterSets(path.resolve(__dirname, '../../resources'));
const on = (d: string): FeeParameters => parametersOn(sets, d)!;
const p2026 = on('2026-06-01');
const p2025 = on('2025-06-01');

describe('fee parameters', () => {
  it('has 2024–2025 and 2026 sets that validate and meet on 1.1.2026', () => {
    expect(sets.map((s) => [s.validFrom, s.validTo])).toEqual([
      ['2024-01-01', '2025-12-31'],
      ['2026-01-01', null],
    ]);
    expect(on('2025-12-31').homeCare.incomeLimitsCents[0]).toBe(65300);
    expect(on('2026-01-01').homeCare.incomeLimitsCents[0]).toBe(69900);
    expect(parametersOn(sets, '2023-12-31')).toBeNull();
  });

  it('holds the statutory percentage table (10 e §)', () => {
    const pct = (h: number, n: number) => homeCarePercent(p2026, h, n).percent;
    expect([1, 2, 3, 4, 5, 6].map((n) => pct(4, n))).toEqual([8, 7, 6, 6, 6, 6]);
    expect([1, 2, 3, 4, 5, 6].map((n) => pct(16, n))).toEqual([24, 20, 16, 16, 14, 12]);
    expect([1, 2, 3, 4, 5, 6].map((n) => pct(38, n))).toEqual([35, 24, 19, 16, 14, 12]);
    expect(pct(2, 1)).toBe(8);
    expect(pct(9.5, 1)).toBe(18); // rounded up to the 10 h row
    expect(pct(60, 1)).toBe(35); // beyond the table: its last row
    expect(pct(5, 2)).toBe(8.75);
  });

  it('refuses a support price above cost and tiers below the statutory minimum', () => {
    const bad = structuredClone(p2026);
    bad.supportPrices[0]!.priceCents = bad.supportPrices[0]!.costCents + 1;
    bad.caregiver.tiers[0]!.feeCents = 52999;
    const r = feeParametersSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join(' ')).toMatch(/kustannuksia.*vähimmäismäärää/s);
  });
});

describe('continuous home care (10 e–10 f §)', () => {
  it('gives the handbook example: 2026, one person, 1500 €, 10 h → 144.18 €', () => {
    const r = homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 150000, hoursPerMonth: 10, costCents: null });
    expect(r.feeCents).toBe(14418);
    const text = explainFee(r.explanation, 'fi');
    expect(text.rows).toContainEqual({ label: 'Tuloraja', value: '699,00\u00a0€' });
    expect(text.rows).toContainEqual({ label: 'Maksuprosentti', value: '18 %' });
    expect(explainFee(r.explanation, 'sv').formula).toMatch(/^Månadsavgift/);
  });

  it('charges nothing at zero income or income at the limit, and one cent just over it', () => {
    expect(homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 0, hoursPerMonth: 20, costCents: null })).toMatchObject({
      feeCents: 0,
      explanation: { applied: ['below_income_limit'] },
    });
    expect(homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 69900, hoursPerMonth: 20, costCents: null }).feeCents).toBe(0);
    // 1 € over the limit at 18 %: 0.18 € → 18 cents; 1 cent over: 0.18 cents → 0.
    expect(homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 70000, hoursPerMonth: 10, costCents: null }).feeCents).toBe(18);
    expect(homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 69903, hoursPerMonth: 10, costCents: null }).feeCents).toBe(1);
  });

  it('uses the step per further person for a 7-person household', () => {
    expect(incomeLimitCents(p2026, 7)).toBe(348100 + 41600);
    expect(incomeLimitCents(p2025, 7)).toBe(325100 + 38900);
    const r = homeCareFee(p2026, { householdSize: 7, grossIncomeCents: 500000, hoursPerMonth: 30, costCents: null });
    // 12 % (column 6+) of (5000 − 3897) €.
    expect(r.feeCents).toBe(percentOf(500000 - 389700, 12));
    expect(r.feeCents).toBe(13236);
  });

  it('never charges more than the cost of the service (2 §)', () => {
    const r = homeCareFee(p2026, { householdSize: 1, grossIncomeCents: 900000, hoursPerMonth: 40, costCents: 250000 });
    expect(r.feeCents).toBe(250000);
    expect(r.explanation.applied).toContain('cost_cap');
  });

  it('rounds a percentage half up to the cent', () => {
    expect(percentOf(1, 50)).toBe(1); // 0.5 cents → 1
    expect(percentOf(3, 8.75)).toBe(0);
    expect(percentOf(80100, 8.75)).toBe(7009); // 7008.75
  });

  it('refuses negative and absurd incomes and impossible hours', () => {
    const base = { householdSize: 1, grossIncomeCents: 100000, hoursPerMonth: 10, costCents: null };
    expect(() => homeCareFee(p2026, { ...base, grossIncomeCents: -1 })).toThrow(/ei voi olla negatiivinen/);
    expect(() => homeCareFee(p2026, { ...base, grossIncomeCents: 10_000_001 })).toThrow(/epäuskottavan suuri/);
    expect(() => homeCareFee(p2026, { ...base, hoursPerMonth: 0 })).toThrow(FeeInputError);
    expect(() => homeCareFee(p2026, { ...base, householdSize: 0 })).toThrow(/Talouden koon/);
  });

  it('changes across the parameter change on 1.1.2026', () => {
    const input = { householdSize: 2, grossIncomeCents: 250000, hoursPerMonth: 20, costCents: null };
    // 20 h, two people: 22 %. 2025: 22 % of (2500 − 1205) = 284.90 €; 2026: 22 % of (2500 − 1290) = 266.20 €.
    expect(homeCareFee(on('2025-12-31'), input).feeCents).toBe(28490);
    expect(homeCareFee(on('2026-01-01'), input).feeCents).toBe(26620);
  });
});

describe('long-term round-the-clock housing (7 c §, 10 c–10 d §)', () => {
  it('gives the handbook example: net 1800 €, deductions 650 € → 955.00 € (personal allowance floor)', () => {
    const r = longTermFee(p2026, { netIncomeCents: 180000, deductionsCents: 65000, spouseNetIncomeCents: null });
    expect(r.feeCents).toBe(95500);
    expect(r.explanation.applied).toEqual(['personal_allowance_floor']);
  });

  it('takes 85 % when that leaves more than the personal allowance', () => {
    const r = longTermFee(p2026, { netIncomeCents: 250000, deductionsCents: 50000, spouseNetIncomeCents: null });
    expect(r.feeCents).toBe(170000);
    expect(r.explanation.applied).toEqual([]);
  });

  it('charges nothing when income after deductions is below the personal allowance', () => {
    expect(longTermFee(p2026, { netIncomeCents: 80000, deductionsCents: 70000, spouseNetIncomeCents: null }).feeCents).toBe(0);
    expect(longTermFee(p2026, { netIncomeCents: 0, deductionsCents: 0, spouseNetIncomeCents: null }).feeCents).toBe(0);
  });

  it('applies the spouse rule when the client has the higher income, not otherwise', () => {
    const higher = longTermFee(p2026, { netIncomeCents: 300000, deductionsCents: 60000, spouseNetIncomeCents: 100000 });
    // 42.5 % of (3000 + 1000 − 600) € = 1445.00 €; leaves 3000 − 600 − 1445 = 955 € ≥ 195 €.
    expect(higher.feeCents).toBe(144500);
    expect(higher.explanation.formula).toBe('long_term_spouse');
    const lower = longTermFee(p2026, { netIncomeCents: 100000, deductionsCents: 20000, spouseNetIncomeCents: 300000 });
    // 85 % of (1000 − 200) € = 680 €, leaves 120 € < 195 € → 605 €.
    expect(lower.feeCents).toBe(60500);
    expect(lower.explanation.applied).toEqual(['spouse_income_not_lower', 'personal_allowance_floor']);
  });

  it('uses the personal allowance in force: 2025 and 2026 differ', () => {
    const input = { netIncomeCents: 100000, deductionsCents: 0, spouseNetIncomeCents: null };
    expect(longTermFee(on('2025-12-31'), input).feeCents).toBe(100000 - p2025.longTerm.personalAllowanceCents);
    expect(longTermFee(on('2026-01-01'), input).feeCents).toBe(80500);
  });
});

describe('short-term care, support services', () => {
  it('charges days × daily fee, capped at the statutory maximum', () => {
    expect(shortTermFee(p2026, { days: 10 }).feeCents).toBe(33000);
    const high = structuredClone(p2025);
    high.shortTerm.dailyCents = 6000;
    expect(shortTermFee(high, { days: 2 })).toMatchObject({ feeCents: 10920, explanation: { applied: ['statutory_max_daily'] } });
  });

  it('prices support services from the list and refuses an unknown service', () => {
    expect(supportServiceFee(p2026, { serviceCode: 'meal_service', quantity: 20 }).feeCents).toBe(18400);
    expect(() => supportServiceFee(p2026, { serviceCode: 'sauna', quantity: 1 })).toThrow(/ei ole hintaa/);
  });
});

describe('interruptions and proration', () => {
  it('charges a full month exactly and prorates a start mid-month by days', () => {
    expect(monthCharge(p2026, 'home_care', 14418, '2026-11', '2026-01-01', null, [])!.amountCents).toBe(14418);
    const half = monthCharge(p2026, 'home_care', 30000, '2026-11', '2026-11-16', null, [])!;
    expect(half).toMatchObject({ activeDays: 15, chargeableDays: 15, amountCents: 15000 });
    expect(monthCharge(p2026, 'home_care', 30000, '2026-11', '2026-12-01', null, [])).toBeNull();
  });

  it('frees the days of a client interruption longer than five days, not of a shorter one', () => {
    const short = monthCharge(p2026, 'home_care', 31000, '2026-12', '2026-01-01', null, [{ from: '2026-12-01', to: '2026-12-05', cause: 'client' }])!;
    expect(short.chargeableDays).toBe(31);
    const long = monthCharge(p2026, 'home_care', 31000, '2026-12', '2026-01-01', null, [{ from: '2026-12-01', to: '2026-12-06', cause: 'client' }])!;
    expect(long).toMatchObject({ freeDays: 6, chargeableDays: 25, amountCents: 25000 });
  });

  it('frees a provider interruption from the first day and counts overlapping absences once', () => {
    const r = monthCharge(p2026, 'home_care', 30000, '2026-11', '2026-01-01', null, [
      { from: '2026-11-10', to: '2026-11-11', cause: 'provider' },
      { from: '2026-11-11', to: '2026-11-20', cause: 'hospital' },
    ])!;
    expect(r).toMatchObject({ freeDays: 11, chargeableDays: 19, amountCents: 19000 });
  });

  it('counts the whole length of an interruption that began the month before', () => {
    const r = monthCharge(p2026, 'long_term', 90000, '2026-11', '2026-01-01', null, [{ from: '2026-10-28', to: '2026-11-02', cause: 'hospital' }])!;
    expect(r).toMatchObject({ freeDays: 2, chargeableDays: 28, amountCents: 84000 });
  });
});

describe('fee CLI', () => {
  const run = async (args: string[]) => (await COMMANDS.fee!.run(args)).json as { feeCents: number };
  it('computes the handbook examples', async () => {
    expect(await run(['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '150000', '--hours', '10'])).toMatchObject({ feeCents: 14418 });
    expect(await run(['long-term', '--date', '2026-03-01', '--net-cents', '180000', '--deductions-cents', '65000'])).toMatchObject({ feeCents: 95500 });
    expect(await run(['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '900000', '--hours', '40', '--cost-cents', '250000'])).toMatchObject({ feeCents: 250000 });
    expect(await run(['long-term', '--date', '2026-03-01', '--net-cents', '300000', '--deductions-cents', '60000', '--spouse-net-cents', '100000'])).toMatchObject({ feeCents: 144500 });
  });
  it('refuses a negative income and a date without parameters', async () => {
    await expect(run(['home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents=-5', '--hours', '10'])).rejects.toThrow(/negatiivinen/);
    await expect(run(['home-care', '--date', '2020-03-01', '--household', '1', '--gross-cents', '5', '--hours', '10'])).rejects.toThrow(/maksuparametreja/);
  });
});
