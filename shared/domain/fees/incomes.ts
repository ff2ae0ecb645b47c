// What counts as income, and what is deducted from it, for each income-based fee. The law counts differently
// for the two fees, so "counted or not" is a property of the income kind AND the fee, never one flag:
//
// - Continuous home care (10 f §): taxable earned and capital income and tax-free income of the client and
//   the spouse (gross), and the computed forest income (10 i §). Tax-free social benefits of TVL 92 § are not
//   counted, except maintenance support (elatustuki) and the pensioner's care allowance (eläkettä saavan
//   hoitotuki); the veteran supplement paid with the care allowance is not counted (10 f § 3 mom).
// - Long-term round-the-clock care (10 b §): the client's income after tax withholding (net) and tax-free
//   income, and the forest income. Tax-free social benefits are not counted, except disability allowance
//   (vammaistuki) and the pensioner's care allowance; not its veteran supplement, nor child maintenance
//   received under the act on child maintenance 4 § (10 b § 2 mom).
//
// Deductions are a closed list (10 c §, 10 d §, for home care 10 g §): there is no "other" deduction.
import { addDays, addMonthsClamped } from '../dates';

export type IncomeFee = 'home_care' | 'long_term';

export const INCOME_KINDS = [
  'earnings_pension',
  'national_pension',
  'guarantee_pension',
  'salary',
  'capital',
  'forest_income',
  'other_taxable',
  'care_allowance',
  'care_allowance_veteran_supplement',
  'disability_allowance',
  'housing_allowance',
  'child_maintenance_received',
  'maintenance_support',
  'other_tax_free',
  'other_tax_free_benefit',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

interface IncomeKindRule {
  taxable: boolean;
  /** Counted for continuous home care (10 f §). */
  homeCare: boolean;
  /** Counted for long-term round-the-clock care (10 b §). */
  longTerm: boolean;
  fi: string;
  sv: string;
  /** Why, with the subsection (shown beside the income). */
  basis: { fi: string; sv: string };
}

const TAXABLE = { fi: 'veronalainen tulo (10 b § 1 mom, 10 f § 1 mom)', sv: 'skattepliktig inkomst (10 b § 1 mom., 10 f § 1 mom.)' };
const BENEFIT = {
  fi: 'verovapaa sosiaalietuus (TVL 92 §), ei tuloa (10 b § 2 mom, 10 f § 3 mom)',
  sv: 'skattefri social förmån (ISkL 92 §), inte inkomst (10 b § 2 mom., 10 f § 3 mom.)',
};

export const INCOME_KIND_RULES: Record<IncomeKind, IncomeKindRule> = {
  earnings_pension: { taxable: true, homeCare: true, longTerm: true, fi: 'Työeläke', sv: 'Arbetspension', basis: TAXABLE },
  national_pension: { taxable: true, homeCare: true, longTerm: true, fi: 'Kansaneläke', sv: 'Folkpension', basis: TAXABLE },
  guarantee_pension: { taxable: true, homeCare: true, longTerm: true, fi: 'Takuueläke', sv: 'Garantipension', basis: TAXABLE },
  salary: { taxable: true, homeCare: true, longTerm: true, fi: 'Palkka', sv: 'Lön', basis: TAXABLE },
  capital: { taxable: true, homeCare: true, longTerm: true, fi: 'Pääomatulo', sv: 'Kapitalinkomst', basis: TAXABLE },
  forest_income: {
    taxable: false,
    homeCare: true,
    longTerm: true,
    fi: 'Laskennallinen metsätulo',
    sv: 'Kalkylerad skogsinkomst',
    basis: { fi: 'laskennallinen metsätulo (10 i §; 10 b § 1 mom, 10 f § 1 mom)', sv: 'kalkylerad skogsinkomst (10 i §; 10 b § 1 mom., 10 f § 1 mom.)' },
  },
  other_taxable: { taxable: true, homeCare: true, longTerm: true, fi: 'Muu veronalainen tulo', sv: 'Annan skattepliktig inkomst', basis: TAXABLE },
  care_allowance: {
    taxable: false,
    homeCare: true,
    longTerm: true,
    fi: 'Eläkettä saavan hoitotuki (ilman veteraanilisää)',
    sv: 'Vårdbidrag för pensionstagare (utan veterantillägg)',
    basis: {
      fi: 'luetaan tuloksi molemmissa maksuissa (10 b § 2 mom, 10 f § 3 mom)',
      sv: 'räknas som inkomst för båda avgifterna (10 b § 2 mom., 10 f § 3 mom.)',
    },
  },
  care_allowance_veteran_supplement: {
    taxable: false,
    homeCare: false,
    longTerm: false,
    fi: 'Hoitotuen veteraanilisä',
    sv: 'Veterantillägg till vårdbidraget',
    basis: { fi: 'ei tuloa (10 b § 2 mom, 10 f § 3 mom)', sv: 'inte inkomst (10 b § 2 mom., 10 f § 3 mom.)' },
  },
  disability_allowance: {
    taxable: false,
    homeCare: false,
    longTerm: true,
    fi: 'Vammaistuki',
    sv: 'Handikappbidrag',
    basis: {
      fi: 'tuloa pitkäaikaisessa hoidossa (10 b § 2 mom), ei kotihoidossa (10 f § 3 mom)',
      sv: 'inkomst vid långvarig vård (10 b § 2 mom.), inte vid hemvård (10 f § 3 mom.)',
    },
  },
  housing_allowance: { taxable: false, homeCare: false, longTerm: false, fi: 'Asumistuki', sv: 'Bostadsbidrag', basis: BENEFIT },
  child_maintenance_received: {
    taxable: false,
    homeCare: true,
    longTerm: false,
    fi: 'Saatu lapsen elatusapu',
    sv: 'Erhållet underhållsbidrag för barn',
    basis: {
      fi: 'verovapaa tulo kotihoidossa (10 f § 1 mom); ei tuloa pitkäaikaisessa hoidossa (10 b § 2 mom)',
      sv: 'skattefri inkomst vid hemvård (10 f § 1 mom.); inte inkomst vid långvarig vård (10 b § 2 mom.)',
    },
  },
  maintenance_support: {
    taxable: false,
    homeCare: true,
    longTerm: false,
    fi: 'Elatustuki',
    sv: 'Underhållsstöd',
    basis: {
      fi: 'tuloa kotihoidossa (10 f § 3 mom); verovapaa sosiaalietuus, ei tuloa pitkäaikaisessa hoidossa (10 b § 2 mom)',
      sv: 'inkomst vid hemvård (10 f § 3 mom.); skattefri social förmån, inte inkomst vid långvarig vård (10 b § 2 mom.)',
    },
  },
  other_tax_free: {
    taxable: false,
    homeCare: true,
    longTerm: true,
    fi: 'Muu verovapaa tulo (ei sosiaalietuus)',
    sv: 'Annan skattefri inkomst (inte social förmån)',
    basis: { fi: 'verovapaa tulo (10 b § 1 mom, 10 f § 1 mom)', sv: 'skattefri inkomst (10 b § 1 mom., 10 f § 1 mom.)' },
  },
  other_tax_free_benefit: { taxable: false, homeCare: false, longTerm: false, fi: 'Muu verovapaa sosiaalietuus', sv: 'Annan skattefri social förmån', basis: BENEFIT },
};

/** Whether an income kind counts for a fee. */
export function incomeCounts(kind: IncomeKind, fee: IncomeFee): boolean {
  const r = INCOME_KIND_RULES[kind];
  return fee === 'home_care' ? r.homeCare : r.longTerm;
}

export const DEDUCTION_KINDS = [
  // 10 c § 1 mom (long-term care and, through 10 g § 1 mom, home care); made for the client and the spouse.
  'maintenance_paid',
  'cohabitation_compensation',
  'syytinki',
  'guardian_fee',
  // 10 c § 3 mom: the former home's actual costs before moving into long-term care, for a limited time.
  'former_home_owned',
  'former_home_rented',
  'former_home_occupancy_right',
  // 10 d §: long-term round-the-clock service housing.
  'housing_cost',
  'housing_allowance',
  'medicines',
] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

/** Rows recorded before the closed list (an "other" deduction): kept for the record, never deducted. */
export const LEGACY_DEDUCTION_KINDS = ['legacy_other'] as const;
export type StoredDeductionKind = DeductionKind | (typeof LEGACY_DEDUCTION_KINDS)[number];

interface DeductionKindRule {
  fi: string;
  sv: string;
  basis: string;
  /** Fees it is made for. */
  fees: readonly IncomeFee[];
  /** Whether it may be recorded for the spouse (10 c § 1 mom: "mainitun pykälän 1 ja 2 momentissa tarkoitetun henkilön"). */
  spouse: boolean;
  /** 10 c § 3 mom: months from the start of long-term care the former home's costs are deducted. */
  windowMonths?: number;
}

const TEN_C_1 = ['home_care', 'long_term'] as const;

export const DEDUCTION_KIND_RULES: Record<StoredDeductionKind, DeductionKindRule> = {
  maintenance_paid: { fi: 'Maksettu elatusapu', sv: 'Betalt underhållsbidrag', basis: '10 c § 1 mom 1 kohta', fees: TEN_C_1, spouse: true },
  cohabitation_compensation: {
    fi: 'Avoliiton purkamiseen liittyvä hyvitys',
    sv: 'Gottgörelse vid upplösning av samboförhållande',
    basis: '10 c § 1 mom 2 kohta',
    fees: TEN_C_1,
    spouse: true,
  },
  syytinki: { fi: 'Syytinki (rahana suoritettava etuus)', sv: 'Undantag (förmån som betalas i pengar)', basis: '10 c § 1 mom 3 kohta', fees: TEN_C_1, spouse: true },
  guardian_fee: {
    fi: 'Edunvalvojan palkkion perusmaksu',
    sv: 'Grundavgift för intressebevakarens arvode',
    basis: '10 c § 1 mom 4 kohta',
    fees: TEN_C_1,
    spouse: true,
  },
  former_home_owned: {
    fi: 'Entisen omistusasunnon menot',
    sv: 'Utgifter för den tidigare ägarbostaden',
    basis: '10 c § 3 mom 1 kohta',
    fees: ['long_term'],
    spouse: false,
    windowMonths: 6,
  },
  former_home_rented: {
    fi: 'Entisen vuokra-asunnon vuokra irtisanomisajalta',
    sv: 'Hyra för den tidigare hyresbostaden under uppsägningstiden',
    basis: '10 c § 3 mom 2 kohta',
    fees: ['long_term'],
    spouse: false,
    // The tenant's notice period (481/1995 52 §): one month from the end of the month notice is given.
    windowMonths: 2,
  },
  former_home_occupancy_right: {
    fi: 'Entisen asumisoikeusasunnon käyttövastike',
    sv: 'Bruksvederlag för den tidigare bostadsrättsbostaden',
    basis: '10 c § 3 mom 3 kohta',
    fees: ['long_term'],
    spouse: false,
    windowMonths: 3,
  },
  housing_cost: { fi: 'Palveluasumisen kohtuulliset asumismenot', sv: 'Skäliga boendeutgifter i serviceboendet', basis: '10 d § 1 mom', fees: ['long_term'], spouse: false },
  housing_allowance: { fi: 'Asumistuki (vähentää asumismenoja)', sv: 'Bostadsbidrag (minskar boendeutgifterna)', basis: '10 d § 1 mom', fees: ['long_term'], spouse: false },
  medicines: {
    fi: 'Korvattavat lääkekulut (enintään lääkekatto)',
    sv: 'Ersättningsgilla läkemedelskostnader (högst läkemedelstaket)',
    basis: '10 d § 2 mom',
    fees: ['long_term'],
    spouse: false,
  },
  legacy_other: { fi: 'Muu vähennys (ei laissa säädetty, ei vähennetä)', sv: 'Annat avdrag (inte i lag, dras inte av)', basis: '—', fees: [], spouse: true },
};

export interface IncomeRecord {
  person: 'client' | 'spouse';
  kind: IncomeKind;
  grossCents: number;
  netCents: number;
}

export interface DeductionRecord {
  person: 'client' | 'spouse';
  kind: StoredDeductionKind;
  monthlyCents: number;
}

/** Why a deduction was not made in full. */
export type DeductionLimit = 'guardian_basic_fee' | 'medicine_ceiling' | 'former_home_window' | 'not_for_this_fee' | 'not_in_law' | 'allowance_exceeds_costs';

export interface DeductionLine {
  person: 'client' | 'spouse';
  kind: StoredDeductionKind;
  claimedCents: number;
  allowedCents: number;
  limit: DeductionLimit | null;
}

export interface DeductionCaps {
  medicineCeilingYearCents: number;
  guardianBasicFeeYearCents: number;
}

export interface DeductionResult {
  lines: DeductionLine[];
  clientCents: number;
  spouseCents: number;
}

/** A yearly figure as a monthly cap, rounded half up to the cent. */
export function monthlyCap(yearCents: number): number {
  return Math.floor((yearCents * 2 + 12) / 24);
}

/** Whether the former home's costs of `kind` are still deducted on `date` for long-term care that began on `careStart`. */
export function formerHomeWindowOpen(kind: StoredDeductionKind, careStart: string | null, date: string): boolean {
  const months = DEDUCTION_KIND_RULES[kind].windowMonths;
  if (months === undefined) return true;
  if (careStart === null) return true;
  // Owned: six months; right-of-occupancy: three months, from the start of care. Rented: the notice period,
  // one month counted from the end of the month care began in (481/1995 52 §).
  const end = kind === 'former_home_rented' ? addDays(addMonthsClamped(`${careStart.slice(0, 7)}-01`, months), -1) : addDays(addMonthsClamped(careStart, months), -1);
  return date <= end;
}

/**
 * The deductions a fee makes (closed list, with its caps), per person. `careStart` is when long-term care
 * began (for the former home's costs); `withSpouse` whether the spouse's own deductions count (home care; the
 * spouse rule of long-term care).
 */
export function deductionsFor(
  fee: IncomeFee,
  records: readonly DeductionRecord[],
  caps: DeductionCaps,
  opts: { date: string; careStart: string | null; withSpouse: boolean },
): DeductionResult {
  const lines: DeductionLine[] = [];
  const medicineCap = monthlyCap(caps.medicineCeilingYearCents);
  const guardianCap = monthlyCap(caps.guardianBasicFeeYearCents);
  const used = { medicine: 0, guardian: { client: 0, spouse: 0 } };
  // The housing allowance is not a deduction of its own: it reduces the housing costs (10 d § 1 mom), never below zero.
  let housingLeft = records.filter((r) => r.person === 'client' && r.kind === 'housing_cost').reduce((s, r) => s + r.monthlyCents, 0);
  if (fee !== 'long_term') housingLeft = 0;
  for (const r of records) {
    if (r.person === 'spouse' && !opts.withSpouse) continue;
    const rule = DEDUCTION_KIND_RULES[r.kind];
    const line: DeductionLine = { person: r.person, kind: r.kind, claimedCents: r.monthlyCents, allowedCents: 0, limit: null };
    lines.push(line);
    if (r.kind === 'legacy_other') {
      line.limit = 'not_in_law';
      continue;
    }
    if (!rule.fees.includes(fee) || (r.person === 'spouse' && !rule.spouse)) {
      line.limit = 'not_for_this_fee';
      continue;
    }
    if (!formerHomeWindowOpen(r.kind, opts.careStart, opts.date)) {
      line.limit = 'former_home_window';
      continue;
    }
    let allowed = r.monthlyCents;
    if (r.kind === 'guardian_fee') {
      const room = Math.max(0, guardianCap - used.guardian[r.person]);
      if (allowed > room) {
        allowed = room;
        line.limit = 'guardian_basic_fee';
      }
      used.guardian[r.person] += allowed;
    } else if (r.kind === 'medicines') {
      const room = Math.max(0, medicineCap - used.medicine);
      if (allowed > room) {
        allowed = room;
        line.limit = 'medicine_ceiling';
      }
      used.medicine += allowed;
    } else if (r.kind === 'housing_allowance') {
      const part = Math.min(allowed, housingLeft);
      housingLeft -= part;
      if (part < allowed) line.limit = 'allowance_exceeds_costs';
      allowed = -part;
    }
    line.allowedCents = allowed;
  }
  const sum = (p: 'client' | 'spouse') => lines.filter((l) => l.person === p).reduce((s, l) => s + l.allowedCents, 0);
  return { lines, clientCents: sum('client'), spouseCents: sum('spouse') };
}

/** Counted income of a person (or both) for a fee: gross for home care (10 f §), net for long-term care (10 b §). */
export function countedIncome(records: readonly IncomeRecord[], fee: IncomeFee, person: 'client' | 'spouse' | 'both'): number {
  const field = fee === 'home_care' ? 'grossCents' : 'netCents';
  return records.filter((r) => incomeCounts(r.kind, fee) && (person === 'both' || r.person === person)).reduce((s, r) => s + r[field], 0);
}
