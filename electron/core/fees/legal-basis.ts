// The legal bases printed on a fee decision (checked against asiakasmaksulaki 734/1992 as amended by 1201/2020):
// the record keeps the Finnish text; a Swedish-speaking client's letter words it in Swedish.
import type { DecidedFeeType } from './basis';

/**
 * The law a fee decision applies, checked against the statute: continuous home care is 7 b § 2 mom 2 kohta,
 * 10 e § (fee, table, hours), 10 f § (income), 10 g § (deductions); long-term round-the-clock housing 7 b § 1 mom
 * 1 kohta, 7 c § (85 %, spouse rule 2 mom, personal allowance 3 mom), 10 b § (income), 10 c–10 d § (deductions);
 * both 2 b § (the decision), 10 j § (review of the fee), 10 k § (interruptions), 11 § (reduction and waiver).
 */
export const FEE_LEGAL_BASIS: Record<DecidedFeeType, string> = {
  home_care: 'Asiakasmaksulaki 734/1992 2 b §, 7 b § 2 mom 2 kohta, 10 e–10 g §, 10 j–10 k §, 11 §; hallintolaki 434/2003 44–45 §',
  long_term: 'Asiakasmaksulaki 734/1992 2 b §, 7 b § 1 mom 1 kohta, 7 c §, 10 b–10 d §, 10 j–10 k §, 11 §; hallintolaki 434/2003 44–45 §',
};

/** The same legal bases in Swedish, for the letter of a Swedish-speaking client (the record keeps the Finnish one). */
export const FEE_LEGAL_BASIS_SV: Record<DecidedFeeType, string> = {
  home_care:
    'Lagen om klientavgifter inom social- och hälsovården 734/1992 2 b §, 7 b § 2 mom. 2 punkten, 10 e–10 g §, 10 j–10 k §, 11 §; förvaltningslagen 434/2003 44–45 §',
  long_term:
    'Lagen om klientavgifter inom social- och hälsovården 734/1992 2 b §, 7 b § 1 mom. 1 punkten, 7 c §, 10 b–10 d §, 10 j–10 k §, 11 §; förvaltningslagen 434/2003 44–45 §',
};

/** A fee decision's legal basis in the letter's language: a basis this code wrote is worded in Swedish, any other as it is. */
export function feeLegalBasisText(stored: string, lang: 'fi' | 'sv'): string {
  if (lang === 'fi') return stored;
  const type = (Object.keys(FEE_LEGAL_BASIS) as DecidedFeeType[]).find((t) => FEE_LEGAL_BASIS[t] === stored);
  return type ? FEE_LEGAL_BASIS_SV[type] : stored;
}
