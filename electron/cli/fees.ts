// `fee`, `caregiver`, `params`, `reference` and `barcode`: the fee formulas, the month rules (interruptions,
// asiakasmaksulaki 10 k §; the care fee, omaishoitolaki 9 §), the figures in force and the payment identifiers on
// the command line. Fee parameters come from the database given with --db, otherwise from
// resources/fees/parameters.json. Bad input exits 2 with a message in Finnish (--lang sv: Swedish).
import { isAppDate } from '../../shared/domain/dates';
import { homeCareFee, longTermFee, type FeeResult } from '../../shared/domain/fees/calc';
import { CARE_INTERRUPTION_CAUSES, carePaymentForMonth, type CareInterruption } from '../../shared/domain/fees/caregiver';
import { explainCareInterruption, explainFee, explainMonthCharge } from '../../shared/domain/fees/explain';
import { monthCharge, overlapping, type Interruption } from '../../shared/domain/fees/interruptions';
import { INDEX_NAMES, INDEX_RULES } from '../../shared/domain/fees/indexation';
import { feeError, FeeInputError, type FeeErrorKey, type FeeMessage } from '../../shared/domain/fees/messages';
import type { MessageParams } from '../../shared/messages';
import { FIGURE_KEYS, parametersOn, type FeeParameters, type FigureKey, type InterruptionCause } from '../../shared/domain/fees/parameters';
import { bankBarcode, makeViitenumero, rfFromReference, parseRf, parseViitenumero } from '../../shared/domain/payment-references';
import { findResourcesDir } from '../core/core';
import { openDatabase } from '../core/db/connection';
import { loadDefaultParameterSets } from '../core/fees/default-parameters';
import { ensureFeeParameters, listParameterSets } from '../core/fees/parameters';
import { CliUsageError, existingDbOption, parse, type CliCommand, type CliResult } from './args';

type Lang = 'fi' | 'sv';

function langOf(value: string | undefined): Lang {
  if (value === undefined || value === 'fi') return 'fi';
  if (value === 'sv') return 'sv';
  throw new CliUsageError(feeError('cliLang', { value }).fi);
}

function refuse(m: FeeMessage, lang: Lang): never {
  throw new CliUsageError(lang === 'sv' ? m.sv : m.fi);
}

function fail(key: FeeErrorKey, params: MessageParams | undefined, lang: Lang): never {
  refuse(feeError(key, params), lang);
}

function date(value: string | undefined, name: string, lang: Lang): string {
  if (value === undefined) fail('cliDateMissing', { name }, lang);
  // A real calendar date within 2000–2100 (a year-9999 date answered "+010000-03").
  if (!isAppDate(value)) fail('cliDate', { name, value }, lang);
  return value;
}

function integer(value: string | undefined, name: string, required: true, lang: Lang): number;
function integer(value: string | undefined, name: string, required: false, lang: Lang): number | null;
function integer(value: string | undefined, name: string, required: boolean, lang: Lang): number | null {
  if (value === undefined) {
    if (required) fail('cliMissing', { name }, lang);
    return null;
  }
  if (!/^-?\d+$/.test(value)) fail('cliInteger', { name, value }, lang);
  return Number(value);
}

function number(value: string | undefined, name: string, lang: Lang): number {
  if (value === undefined) fail('cliMissing', { name }, lang);
  const n = Number(value.replace(',', '.'));
  if (!/^-?\d+([.,]\d+)?$/.test(value) || !Number.isFinite(n)) fail('cliNumber', { name, value }, lang);
  return n;
}

function month(value: string | undefined, lang: Lang): string {
  if (value === undefined) fail('cliMonthMissing', undefined, lang);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value) || !isAppDate(`${value}-01`)) fail('month', { value }, lang);
  return value;
}

function parameterSets(dbPath: string | undefined): FeeParameters[] {
  if (!dbPath) return loadDefaultParameterSets(findResourcesDir());
  // An existing database only: a missing or empty file is refused, never created.
  const db = openDatabase(existingDbOption(dbPath), { create: false });
  try {
    ensureFeeParameters(db, findResourcesDir(), new Date());
    return listParameterSets(db).map((s) => s.parameters);
  } finally {
    db.close();
  }
}

function parametersFor(on: string, dbPath: string | undefined, lang: Lang): FeeParameters {
  const p = parametersOn(parameterSets(dbPath), on);
  if (!p) fail('cliNoParameters', { on }, lang);
  return p;
}

function feeResult(r: FeeResult, lang: Lang): CliResult {
  const text = explainFee(r.explanation, lang);
  return {
    json: { feeCents: r.feeCents, explanation: r.explanation },
    text: [text.formula, ...text.rows.map((x) => `  ${x.label}: ${x.value}`), ...text.notes.map((n) => `  * ${n}`)].join('\n'),
  };
}

function guarded<T>(f: () => T, lang: Lang): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FeeInputError) throw new CliUsageError(lang === 'sv' ? e.sv : e.message);
    throw e;
  }
}

/** FROM..TO:cause, checked: real dates, in order, a known cause. */
function interruptionArg<C extends string>(value: string, causes: readonly C[], lang: Lang, unknown: (cause: string) => FeeMessage): { from: string; to: string; cause: C } {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2}):([a-z_-]+)$/.exec(value);
  if (!m || !isAppDate(m[1]!) || !isAppDate(m[2]!)) fail('interruptionSyntax', { value }, lang);
  const [, from, to, cause] = m as unknown as [string, string, string, string];
  if (to < from) fail('interruptionOrder', { from, to }, lang);
  if (!(causes as readonly string[]).includes(cause)) refuse(unknown(cause), lang);
  return { from, to, cause: cause as C };
}

const MONTH_CAUSES = ['client', 'institution', 'provider'] as const satisfies readonly InterruptionCause[];

export const fee: CliCommand = {
  usage: [
    'fee home-care --date D --household N --gross-cents C --hours H [--cost-cents K] [--deductions-cents X]',
    '         fee long-term --date D --net-cents C --deductions-cents X [--spouse-net-cents S] [--spouse-deductions-cents Y] [--both-in-long-term-care] [--institutional]',
    '         fee month --type home-care|long-term --monthly-cents C --month VVVV-KK [--from D] [--to D] [--interruption FROM..TO:client|institution|provider]…',
    '         (kaikki: [--db PATH] [--lang fi|sv])',
  ].join('\n'),
  run(args) {
    const [kind, ...rest] = args;
    switch (kind) {
      case 'home-care': {
        const { values } = parse(rest, {
          date: { type: 'string' },
          household: { type: 'string' },
          'gross-cents': { type: 'string' },
          'deductions-cents': { type: 'string' },
          hours: { type: 'string' },
          'cost-cents': { type: 'string' },
          db: { type: 'string' },
          lang: { type: 'string' },
        });
        const lang = langOf(values.lang);
        const p = parametersFor(date(values.date, 'date', lang), values.db, lang);
        return feeResult(
          guarded(
            () =>
              homeCareFee(p, {
                householdSize: integer(values.household, 'household', true, lang),
                grossIncomeCents: integer(values['gross-cents'], 'gross-cents', true, lang),
                deductionsCents: integer(values['deductions-cents'], 'deductions-cents', false, lang) ?? 0,
                hoursPerMonth: number(values.hours, 'hours', lang),
                costCents: integer(values['cost-cents'], 'cost-cents', false, lang),
              }),
            lang,
          ),
          lang,
        );
      }
      case 'long-term': {
        const { values } = parse(rest, {
          date: { type: 'string' },
          'net-cents': { type: 'string' },
          'deductions-cents': { type: 'string' },
          'spouse-net-cents': { type: 'string' },
          'spouse-deductions-cents': { type: 'string' },
          'both-in-long-term-care': { type: 'boolean' },
          institutional: { type: 'boolean' },
          db: { type: 'string' },
          lang: { type: 'string' },
        });
        const lang = langOf(values.lang);
        const p = parametersFor(date(values.date, 'date', lang), values.db, lang);
        // A spouse's income given means the client lived with the spouse immediately before the care began (7 c § 2 mom).
        const spouseNet = integer(values['spouse-net-cents'], 'spouse-net-cents', false, lang);
        return feeResult(
          guarded(
            () =>
              longTermFee(p, {
                netIncomeCents: integer(values['net-cents'], 'net-cents', true, lang),
                deductionsCents: integer(values['deductions-cents'], 'deductions-cents', false, lang) ?? 0,
                spouse: spouseNet === null ? null : { netIncomeCents: spouseNet, deductionsCents: integer(values['spouse-deductions-cents'], 'spouse-deductions-cents', false, lang) ?? 0 },
                bothInLongTermCare: !!values['both-in-long-term-care'],
                institutional: !!values.institutional,
              }),
            lang,
          ),
          lang,
        );
      }
      case 'month': {
        const { values } = parse(rest, {
          type: { type: 'string' },
          'monthly-cents': { type: 'string' },
          month: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          interruption: { type: 'string', multiple: true },
          db: { type: 'string' },
          lang: { type: 'string' },
        });
        const lang = langOf(values.lang);
        if (values.type !== 'home-care' && values.type !== 'long-term') fail('cliType', { value: values.type ?? '' }, lang);
        const feeType = values.type === 'home-care' ? 'home_care' : 'long_term';
        const m = month(values.month, lang);
        const monthly = integer(values['monthly-cents'], 'monthly-cents', true, lang);
        guarded(() => {
          if (monthly < 0) throw new FeeInputError(feeError('negative', { what: { fi: 'Kuukausimaksu', sv: 'Månadsavgiften' }, value: String(monthly) }), 'monthly-cents');
          if (monthly > 10_000_000) throw new FeeInputError(feeError('absurdAmount', { what: { fi: 'Kuukausimaksu', sv: 'Månadsavgiften' }, cents: monthly }), 'monthly-cents');
        }, lang);
        const from = values.from === undefined ? `${m}-01` : date(values.from, 'from', lang);
        const to = values.to === undefined ? null : date(values.to, 'to', lang);
        if (to !== null && to < from) fail('periodOrder', { from, to }, lang);
        const interruptions: Interruption[] = (values.interruption ?? []).map((v) =>
          interruptionArg(v, MONTH_CAUSES, lang, (cause) => feeError('interruptionCause', { cause, allowed: MONTH_CAUSES.join(', ') })),
        );
        const clash = overlapping(interruptions);
        if (clash) fail('interruptionOverlap', { from: clash[1].from, to: clash[1].to, otherFrom: clash[0].from, otherTo: clash[0].to }, lang);
        const p = parametersFor(`${m}-01`, values.db, lang);
        const c = monthCharge(p, feeType, monthly, m, from, to, interruptions);
        const texts = c ? { fi: explainMonthCharge(c, 'fi'), sv: explainMonthCharge(c, 'sv') } : { fi: [], sv: [] };
        return {
          json: {
            chargedCents: c?.amountCents ?? 0,
            freeDays: c?.freeDays ?? 0,
            explanation: c
              ? {
                  rule: 'asiakasmaksulaki 10 k §',
                  daysInMonth: c.daysInMonth,
                  activeDays: c.activeDays,
                  chargeableDays: c.chargeableDays,
                  wholeMonthInterrupted: c.wholeMonthInterrupted,
                  interruptions: c.interruptions,
                  fi: texts.fi,
                  sv: texts.sv,
                }
              : { rule: 'asiakasmaksulaki 10 k §', notInForce: true, fi: [], sv: [] },
          },
          text: c
            ? [`Peritään ${(c.amountCents / 100).toFixed(2).replace('.', ',')} € (${c.chargeableDays}/${c.daysInMonth} pv, maksutta ${c.freeDays} pv).`, ...texts[lang].map((t) => `  ${t}`)].join('\n')
            : 'Maksu ei ole voimassa kuukauden aikana.',
        };
      }
      default:
        fail('cliFeeKind', undefined, 'fi');
    }
  },
};

export const caregiver: CliCommand = {
  usage:
    'caregiver month --fee-cents C --month VVVV-KK [--interruption FROM..TO:health|other]… [--other-paid-days N] [--health-paid-months N] [--start D] [--end D] [--db PATH] [--lang fi|sv]',
  run(args) {
    const [kind, ...rest] = args;
    if (kind !== 'month') fail('cliCaregiverKind', undefined, 'fi');
    const { values } = parse(rest, {
      'fee-cents': { type: 'string' },
      month: { type: 'string' },
      interruption: { type: 'string', multiple: true },
      'other-paid-days': { type: 'string' },
      'health-paid-months': { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      db: { type: 'string' },
      lang: { type: 'string' },
    });
    const lang = langOf(values.lang);
    const m = month(values.month, lang);
    const feeCents = integer(values['fee-cents'], 'fee-cents', true, lang);
    guarded(() => {
      if (feeCents < 0) throw new FeeInputError(feeError('negative', { what: { fi: 'Hoitopalkkio', sv: 'Vårdarvodet' }, value: String(feeCents) }), 'fee-cents');
      if (feeCents > 10_000_000) throw new FeeInputError(feeError('absurdAmount', { what: { fi: 'Hoitopalkkio', sv: 'Vårdarvodet' }, cents: feeCents }), 'fee-cents');
    }, lang);
    const interruptions: CareInterruption[] = (values.interruption ?? []).map((v) => interruptionArg(v, CARE_INTERRUPTION_CAUSES, lang, (cause) => feeError('caregiverCause', { cause })));
    const clash = overlapping(interruptions);
    if (clash) fail('interruptionOverlap', { from: clash[1].from, to: clash[1].to, otherFrom: clash[0].from, otherTo: clash[0].to }, lang);
    const p = parametersFor(`${m}-01`, values.db, lang);
    const law = p.caregiver.healthInterruptionPaidMonths;
    const healthMonths = values['health-paid-months'] === undefined ? law : integer(values['health-paid-months'], 'health-paid-months', true, lang);
    if (healthMonths < law) refuse(feeError('careTermHealth'), lang);
    const otherPaidDays = integer(values['other-paid-days'], 'other-paid-days', false, lang);
    if (otherPaidDays !== null && (otherPaidDays < 0 || otherPaidDays > 366)) fail('count', { value: String(otherPaidDays), max: 366 }, lang);
    const start = values.start === undefined ? '1900-01-01' : date(values.start, 'start', lang);
    const end = values.end === undefined ? null : date(values.end, 'end', lang);
    if (end !== null && end < start) fail('periodOrder', { from: start, to: end }, lang);
    const c = carePaymentForMonth({ startDate: start, endDate: end }, m, feeCents, { healthPaidMonths: healthMonths, otherPaidDays }, law, interruptions);
    const texts = c ? { fi: c.interruptions.map((i) => explainCareInterruption(i, 'fi')), sv: c.interruptions.map((i) => explainCareInterruption(i, 'sv')) } : { fi: [], sv: [] };
    // The statutory minimum of the month's year (5 §, revised every calendar year by 6 §); a year not yet published
    // uses the latest published figure, and says so.
    const eur = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
    const year = Number(m.slice(0, 4));
    const min = p.caregiver.statutoryMinimumCents;
    const notes = {
      fi: [
        ...(year > p.caregiver.minimumYear ? [`Vuoden ${year} hoitopalkkion vähimmäismäärää ei ole vielä julkaistu: käytetään vuoden ${p.caregiver.minimumYear} lukua ${eur(min)} (omaishoitolaki 6 §).`] : []),
        ...(feeCents < min ? [`Hoitopalkkio ${eur(feeCents)} alittaa vähimmäismäärän ${eur(min)} (omaishoitolaki 5 §); pienemmäksi palkkio voidaan sopia vain 5 §:ssä säädetyin perustein (hoidon vähäinen sitovuus ja tarve tai hoitajan esittämä erityinen syy).`] : []),
      ],
      sv: [
        ...(year > p.caregiver.minimumYear ? [`Minimibeloppet för vårdarvodet för år ${year} har ännu inte publicerats: beloppet för år ${p.caregiver.minimumYear}, ${eur(min)}, används (lagen om stöd för närståendevård 6 §).`] : []),
        ...(feeCents < min ? [`Vårdarvodet ${eur(feeCents)} understiger minimibeloppet ${eur(min)} (lagen om stöd för närståendevård 5 §); ett lägre arvode kan avtalas endast på de grunder som anges i 5 § (vården är mindre bindande och vårdbehovet ringa, eller vårdaren anger ett särskilt skäl).`] : []),
      ],
    };
    return {
      json: {
        paidCents: c?.amountCents ?? 0,
        paidDays: c?.paidDays ?? 0,
        monthDays: c?.monthDays ?? 0,
        minimum: { cents: min, year: p.caregiver.minimumYear, belowMinimum: feeCents < min, source: p.figures.caregiverMinimum, notes },
        explanation: { rule: 'omaishoitolaki 9 § 2–3 mom, 8 § 2 mom 5 kohta, 4 § 3 mom', interruptions: c?.interruptions ?? [], fi: texts.fi, sv: texts.sv },
      },
      text: [
        c ? `Maksetaan ${eur(c.amountCents)} (${c.paidDays}/${c.monthDays} pv).` : 'Sopimus ei ole voimassa kuukauden aikana.',
        ...(c ? texts[lang].map((t) => `  ${t}`) : []),
        ...notes[lang].map((n) => `  ! ${n}`),
      ].join('\n'),
    };
  },
};

export const params: CliCommand = {
  usage: 'params --date D [--db PATH] [--lang fi|sv]   voimassa olevat asiakasmaksujen luvut lähteineen',
  run(args) {
    const { values } = parse(args, { date: { type: 'string' }, db: { type: 'string' }, lang: { type: 'string' } });
    const lang = langOf(values.lang);
    const on = date(values.date, 'date', lang);
    const p = parametersFor(on, values.db, lang);
    const year = Number(on.slice(0, 4));
    const caregiverNote =
      year > p.caregiver.minimumYear
        ? {
            fi: `Vuoden ${year} hoitopalkkion vähimmäismäärää ei ole vielä julkaistu: käytetään vuoden ${p.caregiver.minimumYear} lukua (omaishoitolaki 6 §).`,
            sv: `Minimibeloppet för vårdarvodet för år ${year} har ännu inte publicerats: beloppet för år ${p.caregiver.minimumYear} används (lagen om stöd för närståendevård 6 §).`,
          }
        : null;
    const json = {
      date: on,
      validFrom: p.validFrom,
      validTo: p.validTo,
      homeCareIncomeLimitsCents: p.homeCare.incomeLimitsCents,
      extraPersonCents: p.homeCare.extraPersonCents,
      ceilingCents: p.ceiling.annualCents,
      personalAllowanceCents: p.longTerm.personalAllowanceCents,
      institutionalPersonalAllowanceCents: p.longTerm.institutionalPersonalAllowanceCents,
      maintenanceAfterCeilingCents: p.ceiling.maintenanceDailyCents,
      respiteFeeCents: p.respite.statutoryMaxDailyCents,
      shortTermInstitutionalMaxCents: p.shortTerm.institutional.statutoryMaxDailyCents,
      caregiverMinimumCents: p.caregiver.statutoryMinimumCents,
      caregiverMinimumYear: p.caregiver.minimumYear,
      caregiverMinimumNote: caregiverNote,
      medicineCeilingYearCents: p.longTerm.medicineCeilingYearCents,
      guardianBasicFeeYearCents: p.longTerm.guardianBasicFeeYearCents,
      // Each figure's source and whether it is confirmed; an indexed figure also says which index and rounding
      // the statute revises it by (indexation.ts: 6 a § 8 mom, 6 b § 3 mom, 7 c § 4 mom, 10 e § 7 mom, 912/1992 33 a §).
      sources: Object.fromEntries(
        FIGURE_KEYS.map((k) => {
          const rule = INDEX_RULES[k];
          return [k, { ...p.figures[k], indexation: rule ? { index: rule.index, indexName: INDEX_NAMES[rule.index], roundingCents: rule.stepCents, law: rule.law } : null }];
        }),
      ),
      unconfirmed: FIGURE_KEYS.filter((k) => !p.figures[k].confirmed),
    };
    const eur = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`;
    /** An unconfirmed figure says so beside its value (its computation and what was searched are listed below). */
    const u = (k: FigureKey) => (p.figures[k].confirmed ? '' : ' (VAHVISTAMATON)');
    const text = [
      `Asiakasmaksujen luvut ${on} (voimassa ${p.validFrom}–${p.validTo ?? ''})`,
      `  Tulorajat (10 e §): ${p.homeCare.incomeLimitsCents.map(eur).join(' / ')}${u('incomeLimits')}, lisähenkilö ${eur(p.homeCare.extraPersonCents)}${u('extraPerson')}`,
      `  Käyttövara (7 c § 3 mom): ${eur(p.longTerm.personalAllowanceCents)}${u('personalAllowance')}, laitoshoito ${eur(p.longTerm.institutionalPersonalAllowanceCents)}${u('institutionalPersonalAllowance')}`,
      `  Maksukatto (6 a §): ${eur(p.ceiling.annualCents)}${u('ceiling')}, ylläpitomaksu ${eur(p.ceiling.maintenanceDailyCents)}/vrk${u('maintenanceAfterCeiling')}`,
      `  Lyhytaikaisen laitoshoidon enimmäismaksu (912/1992 12 §): ${eur(p.shortTerm.institutional.statutoryMaxDailyCents)}/vrk${u('shortTermInstitutionalMax')}`,
      `  Omaishoitajan vapaan ajan maksu (6 b §): ${eur(p.respite.statutoryMaxDailyCents)}/vrk${u('respiteMax')}`,
      `  Lääkekatto (10 d § 2 mom): ${eur(p.longTerm.medicineCeilingYearCents)}/v${u('medicineCeiling')}; edunvalvojan perusmaksu (10 c § 1 mom 4 k): ${eur(p.longTerm.guardianBasicFeeYearCents)}/v${u('guardianBasicFee')}`,
      `  Hoitopalkkion vähimmäismäärä (omaishoitolaki 5 §): ${eur(p.caregiver.statutoryMinimumCents)}/kk (vuoden ${p.caregiver.minimumYear} luku)${u('caregiverMinimum')}`,
      ...(caregiverNote ? [`  ! ${caregiverNote.fi}`] : []),
      ...FIGURE_KEYS.map((k) => {
        const rule = INDEX_RULES[k];
        const how = rule ? ` {${INDEX_NAMES[rule.index].fi}, pyöristys ${rule.stepCents === 100 ? '1 €' : '0,10 €'}; ${rule.law}}` : '';
        return `  [${p.figures[k].confirmed ? 'vahvistettu' : 'VAHVISTAMATON'}] ${k}${how}: ${p.figures[k].source}${p.figures[k].computation ? ` — ${p.figures[k].computation}` : ''}`;
      }),
    ].join('\n');
    return { json, text };
  },
};

export const reference: CliCommand = {
  usage: 'reference <perusosa>                 viitenumero tarkisteineen ja RF-muodossa',
  run(args) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new CliUsageError('Anna viitenumeron perusosa: reference <perusosa>.');
    const v = makeViitenumero(positionals[0]!);
    if (!v.ok) throw new CliUsageError(v.error);
    const rf = rfFromReference(v.value);
    if (!rf.ok) throw new CliUsageError(rf.error);
    return { json: { viitenumero: v.value, rf: rf.value }, text: `Viitenumero ${v.value}, RF-viite ${rf.value}` };
  },
};

export const barcode: CliCommand = {
  usage: 'barcode --iban I --amount-cents C --reference R [--due VVVV-KK-PP]   pankkiviivakoodi (versio 4 tai 5)',
  run(args) {
    const { values } = parse(args, { iban: { type: 'string' }, 'amount-cents': { type: 'string' }, reference: { type: 'string' }, due: { type: 'string' } });
    if (!values.iban) throw new CliUsageError('Anna --iban.');
    if (!values.reference) throw new CliUsageError('Anna --reference.');
    const due = values.due === undefined ? null : date(values.due, 'due', 'fi');
    const ref = values.reference.replace(/\s+/g, '').toUpperCase();
    const valid = ref.startsWith('RF') ? parseRf(ref) : parseViitenumero(ref);
    if (!valid.ok) throw new CliUsageError(valid.error);
    const r = bankBarcode({ iban: values.iban, amountCents: integer(values['amount-cents'], 'amount-cents', true, 'fi'), reference: ref, due });
    if (!r.ok) throw new CliUsageError(r.error);
    return { json: { barcode: r.value }, text: r.value };
  },
};
