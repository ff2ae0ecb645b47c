// The index revision of the statutory euro amounts of the client-fee law, every second year, as the statute
// words it (eliask/finlex-data: asd20201201.xml = laki 1201/2020, asd20220791.xml = laki 791/2022,
// asd20080387.xml = laki 387/2008):
//  - asiakasmaksulaki 7 c § 4 mom (791/2022) and 10 e § 7 mom (1201/2020): the personal allowances (7 c § 3 mom)
//    and the home-care income limits and extra person (10 e § 3–4 mom) follow the työeläkeindeksi (TyEL 98 §),
//    "sitä työeläkeindeksin pistelukua, joka on vahvistettu tarkistusvuodelle", rounded to the nearest full euro;
//  - 6 a § 8 mom (1201/2020): the fee ceiling (1 mom) and the maintenance fee after it follow the
//    kansaneläkeindeksi of January of the revision year, the ceiling rounded to the nearest euro and the
//    maintenance fee to the nearest 0.1 euro;
//  - 6 b § 3 mom (387/2008): the fee during a family carer's days off follows the kansaneläkeindeksi, nearest 0.1 euro;
//  - asiakasmaksuasetus 912/1992 33 a §: the decree's amounts (12 §, short-term institutional care) follow the
//    kansaneläkeindeksi of January of the revision year, nearest 0.10 euro.
// The revision year is the year before the one the revised amounts take effect (2025 for 2026). The ministry's
// published figures are chained from the previous published figure (checked against STM notice 1044/2023: its
// 2024 figures are the 2022 ones × KEI 1805/1639 or TyEL 2874/2631, e.g. 6 b § 11.60 € × 1805/1639 = 12.78 →
// 12.80 € as published, whereas the 2020 figure 11.40 € × 1805/1617 would give 12.70 €), so a revision is the
// figure in force × (index of the revision year / index of the previous revision year). The shipped figures are data (resources/fees/parameters.json); this module says
// which index and rounding apply to each, so a computed figure can be checked and its computation shown.
import type { FigureKey } from './parameters';

export type FeeIndex = 'tyel' | 'kei';

export interface IndexRule {
  index: FeeIndex;
  /** The rounding step of the revised amount in cents: 100 = nearest full euro, 10 = nearest 0.10 euro. */
  stepCents: 100 | 10;
  /** The provision that says so. */
  law: string;
}

/** The indexed statutory figures and how each is revised. */
export const INDEX_RULES: Partial<Record<FigureKey, IndexRule>> = {
  incomeLimits: { index: 'tyel', stepCents: 100, law: 'asiakasmaksulaki 10 e § 7 mom (1201/2020)' },
  extraPerson: { index: 'tyel', stepCents: 100, law: 'asiakasmaksulaki 10 e § 7 mom (1201/2020)' },
  personalAllowance: { index: 'tyel', stepCents: 100, law: 'asiakasmaksulaki 7 c § 4 mom (791/2022)' },
  institutionalPersonalAllowance: { index: 'tyel', stepCents: 100, law: 'asiakasmaksulaki 7 c § 4 mom (791/2022)' },
  ceiling: { index: 'kei', stepCents: 100, law: 'asiakasmaksulaki 6 a § 8 mom (1201/2020)' },
  maintenanceAfterCeiling: { index: 'kei', stepCents: 10, law: 'asiakasmaksulaki 6 a § 8 mom (1201/2020)' },
  respiteMax: { index: 'kei', stepCents: 10, law: 'asiakasmaksulaki 6 b § 3 mom (387/2008)' },
  shortTermInstitutionalMax: { index: 'kei', stepCents: 10, law: 'asiakasmaksuasetus 912/1992 33 a §' },
};

export const INDEX_NAMES: Record<FeeIndex, { fi: string; sv: string }> = {
  tyel: { fi: 'työeläkeindeksi', sv: 'arbetspensionsindex' },
  kei: { fi: 'kansaneläkeindeksi', sv: 'folkpensionsindex' },
};

/**
 * An amount revised by an index change: cents × to / from, rounded to the nearest step with halves up, in
 * integer arithmetic (no binary fractions: 416.5 € is exactly half). Throws on a point that is not a positive
 * integer or an amount that is not whole cents.
 */
export function reviseByIndex(amountCents: number, fromPoint: number, toPoint: number, stepCents: 100 | 10): number {
  for (const [name, v] of [
    ['amountCents', amountCents],
    ['fromPoint', fromPoint],
    ['toPoint', toPoint],
  ] as const)
    if (!Number.isSafeInteger(v) || v < (name === 'amountCents' ? 0 : 1)) throw new RangeError(`${name} must be a ${name === 'amountCents' ? 'non-negative' : 'positive'} integer: ${v}`);
  const num = BigInt(amountCents) * BigInt(toPoint);
  const den = BigInt(fromPoint) * BigInt(stepCents);
  // round(num / den) half up = floor((2·num + den) / (2·den)) for non-negative values.
  return Number(((2n * num + den) / (2n * den)) * BigInt(stepCents));
}

/** The revision of a figure by its rule (see INDEX_RULES); null for a figure that is not indexed. */
export function reviseFigure(key: FigureKey, amountCents: number, fromPoint: number, toPoint: number): number | null {
  const rule = INDEX_RULES[key];
  return rule ? reviseByIndex(amountCents, fromPoint, toPoint, rule.stepCents) : null;
}
