// Client-fee parameters (asiakasmaksulaki 734/1992 as amended by 1201/2020, asiakasmaksuasetus 912/1992,
// omaishoitolaki 937/2005) as date-versioned data. The figures live in resources/fees/parameters.json and, once
// installed, in the fee_parameter_sets table where an administrator maintains them; code never holds a euro
// figure. Every statutory figure names its source, and a figure that could not be confirmed from an official
// source says so and how it was computed (`figures`). A fee decision stores the result it was made with, so a
// later change of parameters never alters a fee already decided.
import { z } from 'zod';

export const FEE_TYPES = ['home_care', 'long_term', 'short_term', 'support'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

/**
 * Why a service is interrupted (keskeytyksen syy), as asiakasmaksulaki 10 k § distinguishes them:
 * - client: a reason of the client (asiakkaasta johtuva syy), e.g. a stay with relatives;
 * - provider: a reason of the county or its provider (hyvinvointialueesta johtuva syy);
 * - institution: the client is in institutional care (laitoshoito), e.g. a hospital or a health centre ward;
 * - short_term_institutional: short-term institutional care (lyhytaikainen laitospalvelu, SHL 22 §), billed at
 *   its own daily fee that accrues toward the fee ceiling (6 a §);
 * - short_term_housing: short-term round-the-clock service housing (SHL 21 c §), billed at the county's daily
 *   price, outside the fee ceiling.
 */
export const INTERRUPTION_CAUSES = ['client', 'provider', 'institution', 'short_term_institutional', 'short_term_housing'] as const;
export type InterruptionCause = (typeof INTERRUPTION_CAUSES)[number];
/** Interruptions that are stays in short-term care, billed by the day. */
export const SHORT_TERM_CAUSES: readonly InterruptionCause[] = ['short_term_institutional', 'short_term_housing'];

/** The fees whose interruptions are governed by rules (10 k § for the monthly fees; the county's for support services). */
export const INTERRUPTED_FEE_TYPES = ['home_care', 'long_term', 'support'] as const;
export type InterruptedFeeType = (typeof INTERRUPTED_FEE_TYPES)[number];

/** The statutory figures of a set; each must name its source. */
export const FIGURE_KEYS = [
  'incomeLimits',
  'extraPerson',
  'percentTable',
  'personalAllowance',
  'institutionalPersonalAllowance',
  'medicineCeiling',
  'guardianBasicFee',
  'ceiling',
  'maintenanceAfterCeiling',
  'shortTermInstitutionalMax',
  'respiteMax',
  'interruptions',
  'caregiverMinimum',
  'caregiverInterruption',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

const cents = z.number().int().min(0).max(100_000_000);
const percent = z.number().min(0).max(100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const source = z.string().trim().min(3, 'Lähde puuttuu.').max(600);

/** Where a figure comes from; an unconfirmed figure says how it was computed. */
export const figureSource = z
  .object({
    source,
    confirmed: z.boolean(),
    /** How an unconfirmed figure was arrived at (required when confirmed is false). */
    computation: z.string().trim().max(800).nullable(),
  })
  .strict();
export type FigureSource = z.infer<typeof figureSource>;

/** One row of the statutory percentage table: [hours per month, %, household 1, 2, 3, 4, 5, 6 or more]. */
const percentRow = z.tuple([z.number().int().min(1).max(744), percent, percent, percent, percent, percent, percent]);

const interruptionRuleSchema = z
  .object({
    feeType: z.enum(INTERRUPTED_FEE_TYPES),
    cause: z.enum(INTERRUPTION_CAUSES),
    /**
     * How many of an interruption's first days are still charged; the days after them are free. Counted from
     * the interruption's first day, across month ends. 0 = free from the first day.
     */
    chargedDays: z.number().int().min(0).max(31),
  })
  .strict();

export const feeParametersSchema = z
  .object({
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    source,
    figures: z.object(Object.fromEntries(FIGURE_KEYS.map((k) => [k, figureSource])) as Record<FigureKey, typeof figureSource>).strict(),
    homeCare: z
      .object({
        /** 10 e § 6 mom: partial hours round to the nearest whole hour, halves up. */
        hoursRounding: z.literal('nearest_half_up'),
        percentRows: z.array(percentRow).min(1),
        incomeLimitsCents: z.array(cents).length(6),
        extraPersonCents: cents,
        /** The county's cost of one hour of home care; the fee never exceeds hours × this (2 §). */
        hourlyCostCents: cents.nullable(),
        costSource: source,
      })
      .strict(),
    longTerm: z
      .object({
        percent,
        spousePercent: percent,
        /** 7 c § 3 mom: long-term round-the-clock service housing and family care. */
        personalAllowanceCents: cents,
        /** 7 c § 3 mom: long-term institutional care. */
        institutionalPersonalAllowanceCents: cents,
        /** 10 d § 2 mom: medicines are deducted at most up to the yearly ceiling of SVL 5:8 (lääkekatto). */
        medicineCeilingYearCents: cents,
        /** 10 c § 1 mom 4 kohta: the guardian's fee is deducted only up to its basic fee (VNa 696/2012 3 §). */
        guardianBasicFeeYearCents: cents,
      })
      .strict(),
    shortTerm: z
      .object({
        /** Short-term institutional care (SHL 22 §): the county's daily fee, at most the decree's maximum (912/1992 12 §). */
        institutional: z.object({ statutoryMaxDailyCents: cents, countyDailyCents: cents }).strict(),
        /** Short-term round-the-clock service housing (SHL 21 c §): the county's daily price; no national maximum. */
        housing: z.object({ countyDailyCents: cents }).strict(),
        source,
      })
      .strict(),
    /** 6 b §: services during a family carer's statutory days off, at most the statutory amount per day. */
    respite: z.object({ statutoryMaxDailyCents: cents, dailyCents: cents, source }).strict(),
    /** 6 a §: the annual ceiling and the maintenance fee per day of short-term institutional care past it. */
    ceiling: z.object({ annualCents: cents, maintenanceDailyCents: cents }).strict(),
    supportPrices: z.array(
      z
        .object({
          serviceCode: z.string().min(1),
          unit: z.enum(['meal', 'month', 'visit', 'hour']),
          priceCents: cents,
          costCents: cents,
          source,
        })
        .strict(),
    ),
    interruptions: z
      .object({
        rules: z.array(interruptionRuleSchema),
        /** 10 k §: an interruption lasting the whole month leaves that month without a fee. */
        wholeMonthFree: z.literal(true),
        /** Where the support services' rules come from (the county's own, 10 h §). */
        supportSource: source,
      })
      .strict(),
    caregiver: z
      .object({
        /** Omaishoitolaki 5 §: the minimum care fee; revised every calendar year (6 §). */
        statutoryMinimumCents: cents,
        /** The calendar year the minimum was published for; a later year uses it until its own is published. */
        minimumYear: z.number().int().min(2000).max(2100),
        /** Omaishoitolaki 9 § 2 mom: in an interruption for the cared-for person's health the fee is paid this many months. */
        healthInterruptionPaidMonths: z.number().int().min(1).max(12),
        tiers: z.array(z.object({ code: z.string().min(1).max(10), nameFi: z.string().min(1), nameSv: z.string().min(1), feeCents: cents }).strict()).min(1),
        daysOffPerMonth: z.object({ base: z.number().int().min(0).max(10), continuous: z.number().int().min(0).max(10) }).strict(),
        source,
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], fi: string, sv: string) => ctx.addIssue({ code: 'custom', path, message: fi, params: { sv } });
    if (p.validTo !== null && p.validTo < p.validFrom) issue(['validTo'], 'Voimassaolon loppu on ennen alkua.', 'Giltighetstiden slutar före början.');
    for (const k of FIGURE_KEYS) {
      const f = p.figures[k];
      if (!f.confirmed && !f.computation)
        issue(['figures', k, 'computation'], 'Vahvistamattomalle luvulle on kerrottava, miten se on laskettu.', 'För ett obekräftat belopp ska det anges hur det har räknats ut.');
    }
    const hours = p.homeCare.percentRows.map((r) => r[0]);
    if (hours.some((h, i) => i > 0 && h <= hours[i - 1]!))
      issue(['homeCare', 'percentRows'], 'Maksuprosenttitaulukon tuntirivien on oltava kasvavassa järjestyksessä.', 'Timraderna i avgiftstabellen ska stå i stigande ordning.');
    const limits = p.homeCare.incomeLimitsCents;
    if (limits.some((l, i) => i > 0 && l < limits[i - 1]!))
      issue(['homeCare', 'incomeLimitsCents'], 'Tulorajojen on kasvettava talouden koon mukaan.', 'Inkomstgränserna ska stiga med hushållets storlek.');
    for (const [i, s] of p.supportPrices.entries())
      if (s.priceCents > s.costCents)
        issue(['supportPrices', i, 'priceCents'], 'Tukipalvelun hinta ei saa ylittää sen kustannuksia (asiakasmaksulaki 2 §).', 'Priset för en stödtjänst får inte överstiga kostnaderna (klientavgiftslagen 2 §).');
    const st = p.shortTerm.institutional;
    if (st.countyDailyCents > st.statutoryMaxDailyCents)
      issue(
        ['shortTerm', 'institutional', 'countyDailyCents'],
        `Lyhytaikaisen laitoshoidon hinta ${euro(st.countyDailyCents)} ylittää asiakasmaksuasetuksen 912/1992 12 §:n enimmäismäärän ${euro(st.statutoryMaxDailyCents)} vuorokaudelta.`,
        `Priset för kortvarig anstaltsvård ${euro(st.countyDailyCents)} överstiger högsta beloppet ${euro(st.statutoryMaxDailyCents)} per dygn enligt 12 § i förordningen 912/1992.`,
      );
    if (p.respite.dailyCents > p.respite.statutoryMaxDailyCents)
      issue(
        ['respite', 'dailyCents'],
        `Omaishoitajan vapaan ajan maksu ${euro(p.respite.dailyCents)} ylittää asiakasmaksulain 6 b §:n enimmäismäärän ${euro(p.respite.statutoryMaxDailyCents)}.`,
        `Avgiften under närståendevårdarens ledighet ${euro(p.respite.dailyCents)} överstiger högsta beloppet ${euro(p.respite.statutoryMaxDailyCents)} enligt 6 b § i klientavgiftslagen.`,
      );
    if (p.ceiling.maintenanceDailyCents > st.statutoryMaxDailyCents)
      issue(['ceiling', 'maintenanceDailyCents'], 'Ylläpitomaksu ei voi olla suurempi kuin lyhytaikaisen laitoshoidon enimmäismaksu.', 'Underhållsavgiften kan inte vara större än högsta avgiften för kortvarig anstaltsvård.');
    // 10 k §: a rule for every fee and cause, and none stricter than the law for the monthly fees of 7 c and 10 e §.
    for (const feeType of INTERRUPTED_FEE_TYPES)
      for (const cause of INTERRUPTION_CAUSES) {
        const found = p.interruptions.rules.filter((r) => r.feeType === feeType && r.cause === cause);
        if (found.length !== 1) {
          issue(['interruptions', 'rules'], `Keskeytyssääntö puuttuu tai on kahdesti: ${feeType} / ${cause}.`, `Regel för avbrott saknas eller finns två gånger: ${feeType} / ${cause}.`);
          continue;
        }
        if (feeType === 'support') continue;
        const max = cause === 'client' ? 5 : 0;
        if (found[0]!.chargedDays > max)
          issue(
            ['interruptions', 'rules'],
            `Keskeytyssääntö ${feeType} / ${cause} perii ${found[0]!.chargedDays} päivää; asiakasmaksulain 10 k §:n mukaan enintään ${max}.`,
            `Regeln för avbrott ${feeType} / ${cause} debiterar ${found[0]!.chargedDays} dagar; enligt 10 k § i klientavgiftslagen högst ${max}.`,
          );
      }
    const min = p.caregiver.statutoryMinimumCents;
    for (const [i, t] of p.caregiver.tiers.entries())
      if (t.feeCents < min)
        issue(['caregiver', 'tiers', i, 'feeCents'], 'Hoitopalkkio ei saa alittaa lakisääteistä vähimmäismäärää (omaishoitolaki 5 §).', 'Vårdarvodet får inte understiga minimibeloppet i lag (lagen om stöd för närståendevård 5 §).');
  });

function euro(c: number): string {
  return `${(c / 100).toFixed(2).replace('.', ',')} €`;
}

export type FeeParameters = z.infer<typeof feeParametersSchema>;

/** The set in force on a date, or null. Sets must not overlap; the latest start wins if they do. */
export function parametersOn<T extends { validFrom: string; validTo: string | null }>(sets: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const s of sets) if (s.validFrom <= date && (s.validTo === null || s.validTo >= date) && (!best || s.validFrom > best.validFrom)) best = s;
  return best;
}

/** The interruption rule of a fee and cause (every pair has one in a valid set). */
export function interruptionRule(p: FeeParameters, feeType: InterruptedFeeType, cause: InterruptionCause): { chargedDays: number } {
  return p.interruptions.rules.find((r) => r.feeType === feeType && r.cause === cause) ?? { chargedDays: 0 };
}
