// Client-fee formulas of asiakasmaksulaki 734/1992 (as amended by 1201/2020) and asiakasmaksuasetus 912/1992.
// Each result carries its explanation: the formula, the inputs and which limit or cap applied, so billing staff
// can show a client line by line how the fee was reached. Money is integer cents; a percentage of an amount is
// rounded to the nearest cent (half up).
import type { DeductionLine, IncomeKind } from './incomes';
import type { FeeParameters } from './parameters';
import { feeError, FeeInputError } from './messages';

export { FeeInputError };

export type StepKey =
  | 'household_size'
  | 'hours'
  | 'hours_rounded'
  | 'hours_row'
  | 'gross_income'
  | 'deductions_home_care'
  | 'counted_income'
  | 'income_limit'
  | 'income_over_limit'
  | 'percent'
  | 'computed_fee'
  | 'spouse_rule_fee'
  | 'own_income_fee'
  | 'service_cost'
  | 'net_income'
  | 'spouse_net_income'
  | 'spouse_deductions'
  | 'combined_income'
  | 'combined_deductions'
  | 'deductions'
  | 'income_after_deductions'
  | 'personal_allowance'
  | 'fee_leaving_allowance'
  | 'days'
  | 'daily_price'
  | 'statutory_max_daily'
  | 'quantity'
  | 'unit_price'
  | 'unit_cost'
  | 'fee';

export interface Step {
  key: StepKey;
  cents?: number;
  percent?: number;
  number?: number;
}

export type AppliedRule =
  | 'below_income_limit'
  | 'cost_cap'
  | 'personal_allowance_floor'
  | 'institutional_allowance'
  | 'spouse_rule'
  | 'spouse_income_not_higher'
  | 'spouse_fee_capped'
  | 'both_spouses_in_care'
  | 'statutory_max_daily'
  | 'hours_rounded'
  | 'deductions_exceed_income';

export type Formula = 'home_care' | 'long_term' | 'long_term_spouse' | 'short_term_institutional' | 'short_term_housing' | 'support' | 'respite';

/** The income and deduction records behind a fee, as they were counted (shown on the decision letter). */
export interface FeeBasisLines {
  incomes: { person: 'client' | 'spouse'; kind: IncomeKind; cents: number; counted: boolean }[];
  deductions: DeductionLine[];
}

export interface FeeExplanation {
  formula: Formula;
  steps: Step[];
  applied: AppliedRule[];
  /** Where the figures come from (the parameter groups' sources). */
  sources: string[];
  basis?: FeeBasisLines;
}

export interface FeeResult {
  feeCents: number;
  explanation: FeeExplanation;
}

/** Highest monthly income accepted (100 000 €); anything above is a typing error, not an income. */
export const MAX_MONTHLY_CENTS = 10_000_000;
/** Hours in a month of 31 days. */
export const MAX_HOURS_PER_MONTH = 744;

function requireCents(value: number, field: string, what: { fi: string; sv: string }): void {
  if (!Number.isSafeInteger(value)) throw new FeeInputError(feeError('notCents', { what, value: String(value) }), field);
  if (value < 0) throw new FeeInputError(feeError('negative', { what, value: String(value) }), field);
  if (value > MAX_MONTHLY_CENTS) throw new FeeInputError(feeError('absurdAmount', { what, cents: value }), field);
}

const W = {
  gross: { fi: 'Bruttotulo', sv: 'Bruttoinkomst' },
  net: { fi: 'Nettotulo', sv: 'Nettoinkomst' },
  deductions: { fi: 'Vähennykset', sv: 'Avdrag' },
  spouseNet: { fi: 'Puolison nettotulo', sv: 'Makens nettoinkomst' },
  spouseDeductions: { fi: 'Puolison vähennykset', sv: 'Makens avdrag' },
  cost: { fi: 'Palvelun kustannus', sv: 'Tjänstens kostnad' },
};

/** amount × percent / 100, rounded half up to the cent, in integer arithmetic (percent has ≤ 2 decimals). */
export function percentOf(amountCents: number, percent: number): number {
  const basisPoints = Math.round(percent * 100);
  return Math.floor((amountCents * basisPoints + 5000) / 10000);
}

/** Income limit (tuloraja) of a household of n people: the table to 6, then a step per further person (10 e § 3–4 mom). */
export function incomeLimitCents(p: FeeParameters, householdSize: number): number {
  const limits = p.homeCare.incomeLimitsCents;
  if (householdSize <= limits.length) return limits[householdSize - 1]!;
  return limits[limits.length - 1]! + (householdSize - limits.length) * p.homeCare.extraPersonCents;
}

/**
 * Service hours as the table counts them (10 e § 6 mom): "osittaiset palvelutunnit pyöristetään lähimpään
 * kokonaiseen tuntiin ja puolikkaat tunnit pyöristetään ylöspäin" — 9.4 h → 9 h, 9.5 h → 10 h.
 */
export function roundServiceHours(hours: number): number {
  return Math.floor(hours + 0.5 + 1e-9);
}

/** The percentage row for hours per month: hours rounded (10 e § 6 mom), then the first row of at least that many hours. */
export function homeCarePercent(p: FeeParameters, hoursPerMonth: number, householdSize: number): { percent: number; rowHours: number; roundedHours: number } {
  const rows = p.homeCare.percentRows;
  const roundedHours = roundServiceHours(hoursPerMonth);
  // "4 tuntia tai vähemmän" is the first row, "38 tai enemmän" the last.
  const row = rows.find((r) => r[0] >= roundedHours) ?? rows[rows.length - 1]!;
  const column = Math.min(householdSize, 6);
  return { percent: row[column]!, rowHours: row[0], roundedHours };
}

export interface HomeCareInput {
  householdSize: number;
  /** Gross monthly income of the household counted per 10 f § (client and spouse), before the deductions of 10 g §. */
  grossIncomeCents: number;
  /** Deductions of 10 g § (10 c § 1 mom costs of the client and the spouse). */
  deductionsCents?: number;
  /** Service hours per month in the service decision; may have decimals. */
  hoursPerMonth: number;
  /** Cost of producing the service per month; the fee never exceeds it (2 §). Null when not known. */
  costCents: number | null;
}

export function checkHours(hours: number): void {
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS_PER_MONTH)
    throw new FeeInputError(feeError('hours', { value: String(hours), max: MAX_HOURS_PER_MONTH }), 'hoursPerMonth');
}

/** Continuous and regular home care (jatkuva ja säännöllinen kotona annettava palvelu), 10 e–10 g §. */
export function homeCareFee(p: FeeParameters, input: HomeCareInput): FeeResult {
  if (!Number.isInteger(input.householdSize) || input.householdSize < 1 || input.householdSize > 20)
    throw new FeeInputError(feeError('household', { value: String(input.householdSize) }), 'householdSize');
  requireCents(input.grossIncomeCents, 'grossIncomeCents', W.gross);
  const deductions = input.deductionsCents ?? 0;
  requireCents(deductions, 'deductionsCents', W.deductions);
  checkHours(input.hoursPerMonth);
  if (input.costCents !== null) requireCents(input.costCents, 'costCents', W.cost);

  const counted = Math.max(0, input.grossIncomeCents - deductions);
  const limit = incomeLimitCents(p, input.householdSize);
  const over = Math.max(0, counted - limit);
  const { percent, rowHours, roundedHours } = homeCarePercent(p, input.hoursPerMonth, input.householdSize);
  const computed = percentOf(over, percent);
  const applied: AppliedRule[] = [];
  if (roundedHours !== input.hoursPerMonth) applied.push('hours_rounded');
  if (over === 0) applied.push('below_income_limit');
  let fee = computed;
  if (input.costCents !== null && fee > input.costCents) {
    fee = input.costCents;
    applied.push('cost_cap');
  }
  const steps: Step[] = [{ key: 'household_size', number: input.householdSize }, { key: 'gross_income', cents: input.grossIncomeCents }];
  if (deductions > 0) steps.push({ key: 'deductions_home_care', cents: deductions }, { key: 'counted_income', cents: counted });
  steps.push(
    { key: 'income_limit', cents: limit },
    { key: 'income_over_limit', cents: over },
    { key: 'hours', number: input.hoursPerMonth },
    { key: 'hours_rounded', number: roundedHours },
    { key: 'hours_row', number: rowHours },
    { key: 'percent', percent },
    { key: 'computed_fee', cents: computed },
  );
  if (input.costCents !== null) steps.push({ key: 'service_cost', cents: input.costCents });
  steps.push({ key: 'fee', cents: fee });
  return { feeCents: fee, explanation: { formula: 'home_care', steps, applied, sources: [p.figures.incomeLimits.source, p.figures.percentTable.source] } };
}

export interface LongTermInput {
  /** Client's net monthly income (10 b §). */
  netIncomeCents: number;
  /** The client's deductions of 10 c–10 d §. */
  deductionsCents: number;
  /**
   * The spouse, when the client lived with them (marriage or cohabitation) immediately before the care began
   * (7 c § 2 mom): their net income and their own deductions of 10 c § 1 mom. Null otherwise.
   */
  spouse: { netIncomeCents: number; deductionsCents: number } | null;
  /** Both spouses are in long-term care: each pays by 7 c § 1 mom (7 c § 2 mom, last sentence). */
  bothInLongTermCare: boolean;
  /** Long-term institutional care (pitkäaikainen laitoshoito): the lower personal allowance of 7 c § 3 mom. */
  institutional: boolean;
}

/**
 * Long-term round-the-clock care (7 c §, 10 b–10 d §): at most 85 % of the net income after deductions, and the
 * client keeps at least the personal allowance (käyttövara, 7 c § 3 mom). When the client lived with a spouse
 * immediately before the care began and has the higher income, at most 42.5 % of the couple's combined income
 * after deductions (7 c § 2 mom) — not when both spouses are in long-term care.
 */
export function longTermFee(p: FeeParameters, input: LongTermInput): FeeResult {
  requireCents(input.netIncomeCents, 'netIncomeCents', W.net);
  requireCents(input.deductionsCents, 'deductionsCents', W.deductions);
  if (input.spouse) {
    requireCents(input.spouse.netIncomeCents, 'spouseNetIncomeCents', W.spouseNet);
    requireCents(input.spouse.deductionsCents, 'spouseDeductionsCents', W.spouseDeductions);
  }
  const lp = p.longTerm;
  const applied: AppliedRule[] = [];
  const steps: Step[] = [{ key: 'net_income', cents: input.netIncomeCents }];
  const spouse = input.spouse;
  const spouseRule = spouse !== null && !input.bothInLongTermCare && input.netIncomeCents > spouse.netIncomeCents;
  let computed: number;
  if (spouseRule) {
    applied.push('spouse_rule');
    const combined = input.netIncomeCents + spouse.netIncomeCents;
    const combinedDeductions = input.deductionsCents + spouse.deductionsCents;
    const base = Math.max(0, combined - combinedDeductions);
    if (combinedDeductions > combined) applied.push('deductions_exceed_income');
    computed = percentOf(base, lp.spousePercent);
    steps.push(
      { key: 'deductions', cents: input.deductionsCents },
      { key: 'spouse_net_income', cents: spouse.netIncomeCents },
      { key: 'spouse_deductions', cents: spouse.deductionsCents },
      { key: 'combined_income', cents: combined },
      { key: 'combined_deductions', cents: combinedDeductions },
      { key: 'income_after_deductions', cents: base },
      { key: 'percent', percent: lp.spousePercent },
    );
    // 7 c § 5 mom (791/2022, from 1.10.2022): the fee by the couple's income is at most the fee by 1 mom, 85 % of
    // the client's own income after their deductions (it can be more when the client's deductions are large).
    const own = percentOf(Math.max(0, input.netIncomeCents - input.deductionsCents), lp.percent);
    if (computed > own) {
      steps.push({ key: 'spouse_rule_fee', cents: computed }, { key: 'own_income_fee', cents: own });
      computed = own;
      applied.push('spouse_fee_capped');
    }
  } else {
    if (spouse !== null) {
      applied.push(input.bothInLongTermCare ? 'both_spouses_in_care' : 'spouse_income_not_higher');
      steps.push({ key: 'spouse_net_income', cents: spouse.netIncomeCents });
    }
    const base = Math.max(0, input.netIncomeCents - input.deductionsCents);
    if (input.deductionsCents > input.netIncomeCents) applied.push('deductions_exceed_income');
    computed = percentOf(base, lp.percent);
    steps.push({ key: 'deductions', cents: input.deductionsCents }, { key: 'income_after_deductions', cents: base }, { key: 'percent', percent: lp.percent });
  }
  steps.push({ key: 'computed_fee', cents: computed });
  // The client's own income after their deductions must leave the personal allowance (7 c § 3 mom).
  const allowance = input.institutional ? lp.institutionalPersonalAllowanceCents : lp.personalAllowanceCents;
  if (input.institutional) applied.push('institutional_allowance');
  const leaving = Math.max(0, input.netIncomeCents - input.deductionsCents - allowance);
  let fee = computed;
  if (fee > leaving) {
    fee = leaving;
    applied.push('personal_allowance_floor');
  }
  steps.push({ key: 'personal_allowance', cents: allowance }, { key: 'fee_leaving_allowance', cents: leaving }, { key: 'fee', cents: fee });
  const allowanceSource = input.institutional ? p.figures.institutionalPersonalAllowance.source : p.figures.personalAllowance.source;
  return {
    feeCents: fee,
    explanation: { formula: spouseRule ? 'long_term_spouse' : 'long_term', steps, applied, sources: [allowanceSource] },
  };
}

function requireCount(value: number, field: string, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new FeeInputError(feeError('count', { value: String(value), max }), field);
}

/**
 * Short-term round-the-clock care, per day. Institutional (SHL 22 §): the county's daily fee, never above the
 * decree's maximum (912/1992 12 §; the parameters refuse a county price above it). Service housing (SHL 21 c §):
 * the county's daily price (no national maximum; never above cost, 2 §).
 */
export function shortTermFee(p: FeeParameters, input: { days: number; kind: 'institutional' | 'housing' }): FeeResult {
  requireCount(input.days, 'days', 31);
  const applied: AppliedRule[] = [];
  const steps: Step[] = [{ key: 'days', number: input.days }];
  let daily: number;
  if (input.kind === 'institutional') {
    daily = p.shortTerm.institutional.countyDailyCents;
    const max = p.shortTerm.institutional.statutoryMaxDailyCents;
    if (daily > max) {
      daily = max;
      applied.push('statutory_max_daily');
    }
    steps.push({ key: 'daily_price', cents: daily }, { key: 'statutory_max_daily', cents: max });
  } else {
    daily = p.shortTerm.housing.countyDailyCents;
    steps.push({ key: 'daily_price', cents: daily });
  }
  const fee = daily * input.days;
  steps.push({ key: 'fee', cents: fee });
  return {
    feeCents: fee,
    explanation: {
      formula: input.kind === 'institutional' ? 'short_term_institutional' : 'short_term_housing',
      steps,
      applied,
      sources: input.kind === 'institutional' ? [p.figures.shortTermInstitutionalMax.source, p.shortTerm.source] : [p.shortTerm.source],
    },
  };
}

/** Support services from the county's price list, never above their cost (2 §, 10 h §). */
export function supportServiceFee(p: FeeParameters, input: { serviceCode: string; quantity: number }): FeeResult {
  const price = p.supportPrices.find((s) => s.serviceCode === input.serviceCode);
  if (!price) throw new FeeInputError(feeError('noPrice', { service: input.serviceCode }), 'serviceCode');
  requireCount(input.quantity, 'quantity', 1000);
  const applied: AppliedRule[] = [];
  let unit = price.priceCents;
  if (unit > price.costCents) {
    unit = price.costCents;
    applied.push('cost_cap');
  }
  const fee = unit * input.quantity;
  return {
    feeCents: fee,
    explanation: {
      formula: 'support',
      steps: [
        { key: 'quantity', number: input.quantity },
        { key: 'unit_price', cents: unit },
        { key: 'unit_cost', cents: price.costCents },
        { key: 'fee', cents: fee },
      ],
      applied,
      sources: [price.source],
    },
  };
}

/** The fee for services during a family carer's statutory days off (6 b §): at most the statutory amount a day. */
export function respiteFee(p: FeeParameters, input: { days: number }): FeeResult {
  requireCount(input.days, 'days', 31);
  const daily = Math.min(p.respite.dailyCents, p.respite.statutoryMaxDailyCents);
  const fee = daily * input.days;
  return {
    feeCents: fee,
    explanation: {
      formula: 'respite',
      steps: [
        { key: 'days', number: input.days },
        { key: 'daily_price', cents: daily },
        { key: 'statutory_max_daily', cents: p.respite.statutoryMaxDailyCents },
        { key: 'fee', cents: fee },
      ],
      applied: [],
      sources: [p.figures.respiteMax.source],
    },
  };
}
