// Old against new: what changed between the fee in force and a draft, so the billing staff see why a fee moves
// before they sign ("Indeksitarkistus 1.1.2026: +55,00 €", "Tulot 1 500,00 € → 1 700,00 €", "Palvelutunnit 9 →
// 12 h/kk", "Sääntö korjattu: 10 e § 6 mom"). The stored calculations of both decisions (FeeExplanation) are
// compared step by step; each difference is a message by key with its parameters, worded by the fi/sv catalogues
// (shared/messages "feeChange.*"). A figure that changed with the parameter set (income limit, percentage,
// personal allowance) is named as the index revision of the new set's start; one that changed with the client's
// own facts (income, deductions, household, hours) as such.
import type { Message } from '../../messages';
import type { FeeExplanation, StepKey } from './calc';

export interface FeeSide {
  explanation: FeeExplanation | null;
  feeCents: number | null;
  parameterSetId: string | null;
}

function step(e: FeeExplanation | null, key: StepKey) {
  return e?.steps.find((s) => s.key === key);
}

function signed(cents: number): string {
  const abs = (Math.abs(cents) / 100).toLocaleString('fi-FI', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\s/g, '\u00a0');
  return `${cents > 0 ? '+' : cents < 0 ? '−' : '±'}${abs}\u00a0€`;
}

/**
 * The headline and the differences, in order: the reason with the start date and the change of the monthly fee,
 * then each input or rule that changed. `previous` is null for a first fee; `ends` when the fee stops.
 */
export function feeChanges(
  a: {
    reason: string;
    validFrom: string;
    ends: boolean;
    ruleChange: { fi: string; sv: string } | null;
    /** The start of the parameter set the draft was computed under (the index revision's date). */
    parametersFrom: string | null;
  },
  previous: FeeSide | null,
  next: FeeSide,
): Message[] {
  const out: Message[] = [];
  const oldFee = previous?.feeCents ?? null;
  const newFee = a.ends ? 0 : (next.feeCents ?? 0);
  const diff = oldFee === null ? null : newFee - oldFee;
  out.push({ key: `feeChange.reason.${a.reason}`, params: { from: a.validFrom, diff: diff === null ? '' : signed(diff) } });
  if (a.ruleChange) out.push({ key: 'feeChange.rule', params: { title: a.ruleChange } });
  if (a.ends || oldFee === null || !previous?.explanation || !next.explanation) return out;
  const o = previous.explanation;
  const n = next.explanation;
  const indexed = previous.parameterSetId !== null && next.parameterSetId !== null && previous.parameterSetId !== next.parameterSetId;
  const money = (key: StepKey, what: string, viaIndex = false) => {
    const x = step(o, key)?.cents;
    const y = step(n, key)?.cents;
    if (x === undefined && y === undefined) return;
    if ((x ?? 0) === (y ?? 0)) return;
    out.push({
      key: viaIndex && indexed ? 'feeChange.indexed' : 'feeChange.amount',
      params: { what: { key: `feeChange.what.${what}` }, old: x ?? 0, new: y ?? 0, from: a.parametersFrom ?? a.validFrom },
    });
  };
  if (o.formula !== n.formula) out.push({ key: 'feeChange.formula', params: { old: { key: `feeChange.formulas.${o.formula}` }, new: { key: `feeChange.formulas.${n.formula}` } } });
  if (n.formula === 'home_care') {
    const hh = [step(o, 'household_size')?.number, step(n, 'household_size')?.number];
    if (hh[0] !== undefined && hh[1] !== undefined && hh[0] !== hh[1]) out.push({ key: 'feeChange.household', params: { old: hh[0], new: hh[1] } });
    money('gross_income', 'grossIncome');
    money('deductions_home_care', 'deductionsHomeCare');
    const hours = [step(o, 'hours')?.number, step(n, 'hours')?.number];
    const rows = [step(o, 'hours_row')?.number, step(n, 'hours_row')?.number];
    if (hours[0] !== undefined && hours[1] !== undefined && hours[0] !== hours[1])
      out.push({ key: 'feeChange.hours', params: { old: String(hours[0]).replace('.', ','), new: String(hours[1]).replace('.', ','), oldRow: rows[0] ?? 0, newRow: rows[1] ?? 0 } });
    else if (rows[0] !== undefined && rows[1] !== undefined && rows[0] !== rows[1])
      // The same hours on another row: the rounding rule was corrected (10 e § 6 mom).
      out.push({ key: 'feeChange.hoursRow', params: { old: rows[0], new: rows[1] } });
    money('income_limit', 'incomeLimit', true);
    const pct = [step(o, 'percent')?.percent, step(n, 'percent')?.percent];
    if (pct[0] !== undefined && pct[1] !== undefined && pct[0] !== pct[1])
      out.push({
        key: indexed && hh[0] === hh[1] && rows[0] === rows[1] ? 'feeChange.percentIndexed' : 'feeChange.percent',
        params: { old: String(pct[0]).replace('.', ','), new: String(pct[1]).replace('.', ','), from: a.parametersFrom ?? a.validFrom },
      });
    money('service_cost', 'serviceCost');
  } else {
    money('net_income', 'netIncome');
    money('spouse_net_income', 'spouseNetIncome');
    money('deductions', 'deductions');
    money('spouse_deductions', 'spouseDeductions');
    money('personal_allowance', 'personalAllowance', true);
  }
  if (out.length === (a.ruleChange ? 2 : 1) && diff !== 0) out.push({ key: 'feeChange.noInputChange' });
  return out;
}
