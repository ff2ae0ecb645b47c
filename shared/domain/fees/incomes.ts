// Kinds of income and deduction that fee decisions use (asiakasmaksulaki 10 b–10 d §), with whether each
// is taxable and counted by default. Billing staff may override "counted" per record with a reason.
import type { FeeType } from './parameters';

export const INCOME_KINDS = [
  'earnings_pension',
  'national_pension',
  'guarantee_pension',
  'salary',
  'capital',
  'maintenance_received',
  'other_taxable',
  'care_allowance',
  'housing_allowance',
  'disability_allowance',
  'other_tax_free',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** Taxable by default, and counted as income per 10 b § (hoitotuki, asumistuki and vammaisetuudet are not). */
export const INCOME_KIND_DEFAULTS: Record<IncomeKind, { taxable: boolean; counted: boolean; fi: string; sv: string }> = {
  earnings_pension: { taxable: true, counted: true, fi: 'Työeläke', sv: 'Arbetspension' },
  national_pension: { taxable: true, counted: true, fi: 'Kansaneläke', sv: 'Folkpension' },
  guarantee_pension: { taxable: true, counted: true, fi: 'Takuueläke', sv: 'Garantipension' },
  salary: { taxable: true, counted: true, fi: 'Palkka', sv: 'Lön' },
  capital: { taxable: true, counted: true, fi: 'Pääomatulo', sv: 'Kapitalinkomst' },
  maintenance_received: { taxable: false, counted: true, fi: 'Saatu elatusapu', sv: 'Erhållet underhållsbidrag' },
  other_taxable: { taxable: true, counted: true, fi: 'Muu veronalainen tulo', sv: 'Annan skattepliktig inkomst' },
  care_allowance: { taxable: false, counted: false, fi: 'Eläkkeensaajan hoitotuki', sv: 'Vårdbidrag för pensionstagare' },
  housing_allowance: { taxable: false, counted: false, fi: 'Asumistuki', sv: 'Bostadsbidrag' },
  disability_allowance: { taxable: false, counted: false, fi: 'Vammaisetuus', sv: 'Handikappförmån' },
  other_tax_free: { taxable: false, counted: true, fi: 'Muu verovapaa tulo', sv: 'Annan skattefri inkomst' },
};

export const DEDUCTION_KINDS = ['housing_cost', 'housing_allowance', 'medicines', 'guardianship', 'maintenance', 'syytinki', 'other'] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

export const DEDUCTION_KIND_NAMES: Record<DeductionKind, { fi: string; sv: string }> = {
  housing_cost: { fi: 'Kohtuulliset asumismenot', sv: 'Skäliga boendeutgifter' },
  housing_allowance: { fi: 'Asumistuki (vähentää asumismenoja)', sv: 'Bostadsbidrag (minskar boendeutgifterna)' },
  medicines: { fi: 'Korvattavat lääkekulut', sv: 'Ersättningsgilla läkemedelskostnader' },
  guardianship: { fi: 'Edunvalvonnan palkkio', sv: 'Intressebevakningens arvode' },
  maintenance: { fi: 'Maksettu elatusapu', sv: 'Betalt underhållsbidrag' },
  syytinki: { fi: 'Syytinki', sv: 'Undantag' },
  other: { fi: 'Muu vähennys', sv: 'Annat avdrag' },
};

export interface IncomeRecord {
  person: 'client' | 'spouse';
  grossCents: number;
  netCents: number;
  counted: boolean;
}

export interface DeductionRecord {
  kind: DeductionKind;
  monthlyCents: number;
}

/**
 * Deductions as each fee counts them. Long-term care (10 d §): housing costs less housing allowance (not
 * below zero), medicines, guardianship, maintenance paid, syytinki. Home care (10 b § 4 mom.): only
 * maintenance paid, syytinki and guardianship fees reduce the gross income.
 */
export function deductionsFor(feeType: FeeType, records: readonly DeductionRecord[]): number {
  const sum = (kinds: DeductionKind[]) => records.filter((r) => kinds.includes(r.kind)).reduce((s, r) => s + r.monthlyCents, 0);
  if (feeType === 'home_care') return sum(['maintenance', 'syytinki', 'guardianship']);
  const housing = Math.max(0, sum(['housing_cost']) - sum(['housing_allowance']));
  return housing + sum(['medicines', 'guardianship', 'maintenance', 'syytinki', 'other']);
}

export function countedIncome(records: readonly IncomeRecord[], person: 'client' | 'spouse' | 'both', field: 'grossCents' | 'netCents'): number {
  return records.filter((r) => r.counted && (person === 'both' || r.person === person)).reduce((s, r) => s + r[field], 0);
}
