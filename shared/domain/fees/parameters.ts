// Client-fee parameters (asiakasmaksulaki 734/1992 as amended by 1201/2020) as date-versioned data. The
// figures live in resources/fees/parameters.json and, once installed, in the fee_parameter_sets table where
// an administrator maintains them; code never holds a euro figure. A fee decision stores the result it was
// made with, so a later change of parameters never alters a fee already decided.
import { z } from 'zod';

export const FEE_TYPES = ['home_care', 'long_term', 'short_term', 'support'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

export const ABSENCE_CAUSES = ['hospital', 'short_term_care', 'client', 'provider'] as const;
export type AbsenceCause = (typeof ABSENCE_CAUSES)[number];

const cents = z.number().int().min(0).max(100_000_000);
const percent = z.number().min(0).max(100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const source = z.string().trim().min(3).max(500);

/** One row of the statutory percentage table: [hours per month, %, household 1, 2, 3, 4, 5, 6 or more]. */
const percentRow = z.tuple([z.number().int().min(1).max(744), percent, percent, percent, percent, percent, percent]);

export const feeParametersSchema = z
  .object({
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    source,
    homeCare: z.object({
      source,
      /** Hours between two rows (e.g. 9.5 h) take the next row up: the row is "at most N hours". */
      hoursRounding: z.literal('up'),
      percentRows: z.array(percentRow).min(1),
      incomeLimitsCents: z.array(cents).length(6),
      extraPersonCents: cents,
      /** The county's cost of one hour of home care; the fee never exceeds hours × this (2 §). */
      hourlyCostCents: cents.nullable(),
    }),
    longTerm: z.object({
      source,
      percent,
      spousePercent: percent,
      personalAllowanceCents: cents,
    }),
    shortTerm: z.object({ source, statutoryMaxDailyCents: cents.nullable(), dailyCents: cents }),
    respite: z.object({ source, dailyCents: cents }),
    /** Asiakasmaksulaki 6 a §: the annual ceiling and the daily maintenance fee of short-term care past it. */
    ceiling: z.object({ source, annualCents: cents, maintenanceDailyCents: cents.nullable() }),
    supportPrices: z.array(
      z.object({
        serviceCode: z.string().min(1),
        unit: z.enum(['meal', 'month', 'visit', 'hour']),
        priceCents: cents,
        costCents: cents,
        source,
      }),
    ),
    absenceRules: z.object({
      source,
      rules: z.array(
        z.object({
          feeType: z.enum(['home_care', 'long_term', 'support']),
          cause: z.enum(ABSENCE_CAUSES),
          /** An interruption longer than this many consecutive days is not charged (0 = never charged). */
          freeWhenLongerThanDays: z.number().int().min(0).max(31),
        }),
      ),
    }),
    caregiver: z.object({
      source,
      statutoryMinimumCents: cents.nullable(),
      tiers: z.array(z.object({ code: z.string().min(1).max(10), nameFi: z.string().min(1), nameSv: z.string().min(1), feeCents: cents })).min(1),
      daysOffPerMonth: z.object({ base: z.number().int().min(0).max(10), continuous: z.number().int().min(0).max(10) }),
      interruption: z.object({ paidDaysWhenCaredForInCare: z.number().int().min(0).max(62) }),
    }),
  })
  .superRefine((p, ctx) => {
    if (p.validTo !== null && p.validTo < p.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'Voimassaolon loppu on ennen alkua.' });
    const hours = p.homeCare.percentRows.map((r) => r[0]);
    if (hours.some((h, i) => i > 0 && h <= hours[i - 1]!))
      ctx.addIssue({ code: 'custom', path: ['homeCare', 'percentRows'], message: 'Maksuprosenttitaulukon tuntirivien on oltava kasvavassa järjestyksessä.' });
    const limits = p.homeCare.incomeLimitsCents;
    if (limits.some((l, i) => i > 0 && l < limits[i - 1]!))
      ctx.addIssue({ code: 'custom', path: ['homeCare', 'incomeLimitsCents'], message: 'Tulorajojen on kasvettava talouden koon mukaan.' });
    for (const [i, s] of p.supportPrices.entries())
      if (s.priceCents > s.costCents)
        ctx.addIssue({ code: 'custom', path: ['supportPrices', i, 'priceCents'], message: 'Tukipalvelun hinta ei saa ylittää sen kustannuksia (asiakasmaksulaki 2 §).' });
    const min = p.caregiver.statutoryMinimumCents;
    if (min !== null)
      for (const [i, t] of p.caregiver.tiers.entries())
        if (t.feeCents < min)
          ctx.addIssue({ code: 'custom', path: ['caregiver', 'tiers', i, 'feeCents'], message: 'Hoitopalkkio ei saa alittaa lakisääteistä vähimmäismäärää (omaishoitolaki 5 §).' });
  });

export type FeeParameters = z.infer<typeof feeParametersSchema>;

/** The set in force on a date, or null. Sets must not overlap; the latest start wins if they do. */
export function parametersOn<T extends { validFrom: string; validTo: string | null }>(sets: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const s of sets) if (s.validFrom <= date && (s.validTo === null || s.validTo >= date) && (!best || s.validFrom > best.validFrom)) best = s;
  return best;
}
