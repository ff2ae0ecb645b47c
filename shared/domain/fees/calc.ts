// Client-fee formulas of asiakasmaksulaki 734/1992 (as amended by 1201/2020). Each result carries its
// explanation: the formula, the inputs and which limit or cap applied, so billing staff can show a client
// line by line how the fee was reached. Money is integer cents; a percentage of an amount is rounded to the
// nearest cent (half up).
import type { FeeParameters } from './parameters';

export type StepKey =
  | 'household_size'
  | 'hours'
  | 'hours_row'
  | 'gross_income'
  | 'income_limit'
  | 'income_over_limit'
  | 'percent'
  | 'computed_fee'
  | 'service_cost'
  | 'net_income'
  | 'spouse_net_income'
  | 'combined_income'
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
  | 'spouse_rule'
  | 'spouse_income_not_lower'
  | 'statutory_max_daily'
  | 'hours_rounded_up'
  | 'beyond_table';

export type Formula = 'home_care' | 'long_term' | 'long_term_spouse' | 'short_term' | 'support' | 'respite';

export interface FeeExplanation {
  formula: Formula;
  steps: Step[];
  applied: AppliedRule[];
  /** Where the figures come from (the parameter groups' sources). */
  sources: string[];
}

export interface FeeResult {
  feeCents: number;
  explanation: FeeExplanation;
}

/** Refused input: the message is Finnish and names the field. */
export class FeeInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Highest monthly income accepted (100 000 €); anything above is a typing error, not an income. */
export const MAX_MONTHLY_CENTS = 10_000_000;

function requireCents(value: number, field: string, label: string): void {
  if (!Number.isSafeInteger(value)) throw new FeeInputError(`${label} on annettava kokonaisina sentteinä, nyt ${value}.`, field);
  if (value < 0) throw new FeeInputError(`${label} ei voi olla negatiivinen (${value} senttiä).`, field);
  if (value > MAX_MONTHLY_CENTS) throw new FeeInputError(`${label} ${(value / 100).toFixed(2)} € kuukaudessa on epäuskottavan suuri; tarkista summa.`, field);
}

/** amount × percent / 100, rounded half up to the cent, in integer arithmetic (percent has ≤ 2 decimals). */
export function percentOf(amountCents: number, percent: number): number {
  const basisPoints = Math.round(percent * 100);
  return Math.floor((amountCents * basisPoints + 5000) / 10000);
}

/** Income limit (tuloraja) of a household of n people: the table to 6, then a step per further person. */
export function incomeLimitCents(p: FeeParameters, householdSize: number): number {
  const limits = p.homeCare.incomeLimitsCents;
  if (householdSize <= limits.length) return limits[householdSize - 1]!;
  return limits[limits.length - 1]! + (householdSize - limits.length) * p.homeCare.extraPersonCents;
}

/** The percentage row for hours per month: the first row whose hours are at least the (rounded-up) hours. */
export function homeCarePercent(p: FeeParameters, hoursPerMonth: number, householdSize: number): { percent: number; rowHours: number; beyondTable: boolean } {
  const rows = p.homeCare.percentRows;
  const hours = Math.ceil(hoursPerMonth - 1e-9);
  const row = rows.find((r) => r[0] >= hours) ?? rows[rows.length - 1]!;
  const column = Math.min(householdSize, 6);
  return { percent: row[column]!, rowHours: row[0], beyondTable: hours > rows[rows.length - 1]![0] };
}

export interface HomeCareInput {
  householdSize: number;
  /** Gross monthly income of the household counted per 10 b § (client and spouse). */
  grossIncomeCents: number;
  /** Service hours per month in the service decision. */
  hoursPerMonth: number;
  /** Cost of producing the service per month; the fee never exceeds it (2 §). Null when not known. */
  costCents: number | null;
}

/** Continuous and regular home care (jatkuva ja säännöllinen kotona annettava palvelu), 10 e–10 f §. */
export function homeCareFee(p: FeeParameters, input: HomeCareInput): FeeResult {
  if (!Number.isInteger(input.householdSize) || input.householdSize < 1 || input.householdSize > 20)
    throw new FeeInputError(`Talouden koon on oltava 1–20 henkilöä, nyt ${input.householdSize}.`, 'householdSize');
  requireCents(input.grossIncomeCents, 'grossIncomeCents', 'Bruttotulo');
  if (!Number.isFinite(input.hoursPerMonth) || input.hoursPerMonth <= 0 || input.hoursPerMonth > 744)
    throw new FeeInputError(`Palvelutuntien on oltava yli 0 ja enintään 744 kuukaudessa, nyt ${input.hoursPerMonth}.`, 'hoursPerMonth');
  if (input.costCents !== null) requireCents(input.costCents, 'costCents', 'Palvelun kustannus');

  const limit = incomeLimitCents(p, input.householdSize);
  const over = Math.max(0, input.grossIncomeCents - limit);
  const { percent, rowHours, beyondTable } = homeCarePercent(p, input.hoursPerMonth, input.householdSize);
  const computed = percentOf(over, percent);
  const applied: AppliedRule[] = [];
  if (!Number.isInteger(input.hoursPerMonth)) applied.push('hours_rounded_up');
  if (beyondTable) applied.push('beyond_table');
  if (over === 0) applied.push('below_income_limit');
  let fee = computed;
  if (input.costCents !== null && fee > input.costCents) {
    fee = input.costCents;
    applied.push('cost_cap');
  }
  const steps: Step[] = [
    { key: 'household_size', number: input.householdSize },
    { key: 'gross_income', cents: input.grossIncomeCents },
    { key: 'income_limit', cents: limit },
    { key: 'income_over_limit', cents: over },
    { key: 'hours', number: input.hoursPerMonth },
    { key: 'hours_row', number: rowHours },
    { key: 'percent', percent },
    { key: 'computed_fee', cents: computed },
  ];
  if (input.costCents !== null) steps.push({ key: 'service_cost', cents: input.costCents });
  steps.push({ key: 'fee', cents: fee });
  return { feeCents: fee, explanation: { formula: 'home_care', steps, applied, sources: [p.homeCare.source] } };
}

export interface LongTermInput {
  /** Client's net monthly income (10 b §). */
  netIncomeCents: number;
  /** Deductions of 10 d § (housing costs less housing allowance, medicines, guardianship, maintenance, syytinki). */
  deductionsCents: number;
  /**
   * Spouse's net monthly income when the client lived with the spouse immediately before the care began
   * (7 c § 3 mom.); null otherwise.
   */
  spouseNetIncomeCents: number | null;
}

/**
 * Long-term round-the-clock service housing (pitkäaikainen ympärivuorokautinen palveluasuminen), 7 c §,
 * 10 c–10 d §: at most 85 % of net income after deductions, and the client keeps at least the personal
 * allowance (käyttövara). When the client has the higher income of a couple who lived together, at most
 * 42.5 % of the couple's combined net income after deductions.
 */
export function longTermFee(p: FeeParameters, input: LongTermInput): FeeResult {
  requireCents(input.netIncomeCents, 'netIncomeCents', 'Nettotulo');
  requireCents(input.deductionsCents, 'deductionsCents', 'Vähennykset');
  if (input.spouseNetIncomeCents !== null) requireCents(input.spouseNetIncomeCents, 'spouseNetIncomeCents', 'Puolison nettotulo');
  const lp = p.longTerm;
  const applied: AppliedRule[] = [];
  const steps: Step[] = [{ key: 'net_income', cents: input.netIncomeCents }];
  const spouse = input.spouseNetIncomeCents;
  const spouseRule = spouse !== null && input.netIncomeCents > spouse;
  let computed: number;
  if (spouseRule) {
    applied.push('spouse_rule');
    const combined = input.netIncomeCents + spouse;
    const base = Math.max(0, combined - input.deductionsCents);
    computed = percentOf(base, lp.spousePercent);
    steps.push(
      { key: 'spouse_net_income', cents: spouse },
      { key: 'combined_income', cents: combined },
      { key: 'deductions', cents: input.deductionsCents },
      { key: 'income_after_deductions', cents: base },
      { key: 'percent', percent: lp.spousePercent },
    );
  } else {
    if (spouse !== null) {
      applied.push('spouse_income_not_lower');
      steps.push({ key: 'spouse_net_income', cents: spouse });
    }
    const base = Math.max(0, input.netIncomeCents - input.deductionsCents);
    computed = percentOf(base, lp.percent);
    steps.push({ key: 'deductions', cents: input.deductionsCents }, { key: 'income_after_deductions', cents: base }, { key: 'percent', percent: lp.percent });
  }
  steps.push({ key: 'computed_fee', cents: computed });
  // The client's own income after deductions must leave the personal allowance (käyttövara), 7 c § 2 mom.
  const leaving = Math.max(0, input.netIncomeCents - input.deductionsCents - lp.personalAllowanceCents);
  let fee = computed;
  if (fee > leaving) {
    fee = leaving;
    applied.push('personal_allowance_floor');
  }
  steps.push({ key: 'personal_allowance', cents: lp.personalAllowanceCents }, { key: 'fee_leaving_allowance', cents: leaving }, { key: 'fee', cents: fee });
  return {
    feeCents: fee,
    explanation: { formula: spouseRule ? 'long_term_spouse' : 'long_term', steps, applied, sources: [lp.source] },
  };
}

function requireCount(value: number, field: string, label: string, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new FeeInputError(`${label} on oltava kokonaisluku 0–${max}, nyt ${value}.`, field);
}

/** Short-term round-the-clock care: the county's daily price, never above the statutory maximum (7 d §). */
export function shortTermFee(p: FeeParameters, input: { days: number }): FeeResult {
  requireCount(input.days, 'days', 'Hoitopäivien määrä', 31);
  const applied: AppliedRule[] = [];
  let daily = p.shortTerm.dailyCents;
  const max = p.shortTerm.statutoryMaxDailyCents;
  if (max !== null && daily > max) {
    daily = max;
    applied.push('statutory_max_daily');
  }
  const fee = daily * input.days;
  const steps: Step[] = [{ key: 'days', number: input.days }, { key: 'daily_price', cents: daily }];
  if (max !== null) steps.push({ key: 'statutory_max_daily', cents: max });
  steps.push({ key: 'fee', cents: fee });
  return { feeCents: fee, explanation: { formula: 'short_term', steps, applied, sources: [p.shortTerm.source] } };
}

/** Support services from the county's price list, never above their cost (2 §, 11 §). */
export function supportServiceFee(p: FeeParameters, input: { serviceCode: string; quantity: number }): FeeResult {
  const price = p.supportPrices.find((s) => s.serviceCode === input.serviceCode);
  if (!price) throw new FeeInputError(`Palvelulle "${input.serviceCode}" ei ole hintaa voimassa olevassa hinnastossa.`, 'serviceCode');
  requireCount(input.quantity, 'quantity', 'Määrä', 1000);
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

/** The fee for services during a family carer's days off (omaishoitajan vapaan aikainen maksu, 6 b §). */
export function respiteFee(p: FeeParameters, input: { days: number }): FeeResult {
  requireCount(input.days, 'days', 'Vapaapäivien määrä', 31);
  const fee = p.respite.dailyCents * input.days;
  return {
    feeCents: fee,
    explanation: {
      formula: 'respite',
      steps: [
        { key: 'days', number: input.days },
        { key: 'daily_price', cents: p.respite.dailyCents },
        { key: 'fee', cents: fee },
      ],
      applied: [],
      sources: [p.respite.source],
    },
  };
}
