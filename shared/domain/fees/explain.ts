// The explanation of a fee in words, in the client's language: used in the review grid, on fee decision
// letters and on invoices. Every rule names the section and subsection of the statute it applies (checked
// against asiakasmaksulaki 734/1992 as amended by 1201/2020, asiakasmaksuasetus 912/1992 and omaishoitolaki
// 937/2005).
import type { AppliedRule, FeeExplanation, Formula, StepKey } from './calc';
import type { CareInterruptionCause, CareInterruptionInMonth } from './caregiver';
import { DEDUCTION_KIND_RULES, INCOME_KIND_RULES, type DeductionLimit } from './incomes';
import type { InterruptionInMonth, MonthCharge } from './interruptions';
import type { InterruptionCause } from './parameters';
import { formatEuros } from '../letters';
import { formatFi } from '../dates';

export type Lang = 'fi' | 'sv';
type Text = Record<Lang, string>;

const FORMULAS: Record<Formula, Text> = {
  home_care: {
    fi: 'Kuukausimaksu = maksuprosentti × (bruttotulot − vähennykset − tuloraja), enintään palvelun kustannus (asiakasmaksulaki 10 e § 2–5 mom, 10 f §, 10 g §, 2 §).',
    sv: 'Månadsavgift = avgiftsprocent × (bruttoinkomster − avdrag − inkomstgräns), högst tjänstens kostnad (klientavgiftslagen 10 e § 2–5 mom., 10 f §, 10 g §, 2 §).',
  },
  long_term: {
    fi: 'Kuukausimaksu on enintään 85 % nettotuloista, joista on tehty 10 c ja 10 d §:n vähennykset; asiakkaalle jää vähintään käyttövara (asiakasmaksulaki 7 c § 1 ja 3 mom, 10 b–10 d §).',
    sv: 'Månadsavgiften är högst 85 % av nettoinkomsterna efter avdragen enligt 10 c och 10 d §; klienten behåller minst ett personligt belopp (klientavgiftslagen 7 c § 1 och 3 mom., 10 b–10 d §).',
  },
  long_term_spouse: {
    fi: 'Kuukausimaksu on enintään 42,5 % puolisoiden yhteenlasketuista nettotuloista, joista on tehty vähennykset, koska asiakas asui puolisonsa kanssa välittömästi ennen hoidon alkua ja hänen tulonsa ovat suuremmat (asiakasmaksulaki 7 c § 2 mom); asiakkaalle jää vähintään käyttövara (7 c § 3 mom).',
    sv: 'Månadsavgiften är högst 42,5 % av makarnas sammanlagda nettoinkomster efter avdrag, eftersom klienten bodde med sin make omedelbart före vården och har de större inkomsterna (klientavgiftslagen 7 c § 2 mom.); klienten behåller minst ett personligt belopp (7 c § 3 mom.).',
  },
  short_term_institutional: {
    fi: 'Maksu = hoitopäivät × päivämaksu, enintään asiakasmaksuasetuksen 912/1992 12 §:n enimmäismäärä; maksu kerryttää maksukattoa (asiakasmaksulaki 6 a §).',
    sv: 'Avgift = vårddagar × dagsavgift, högst det högsta beloppet enligt 12 § i förordningen om klientavgifter 912/1992; avgiften räknas in i avgiftstaket (klientavgiftslagen 6 a §).',
  },
  short_term_housing: {
    fi: 'Maksu = hoitopäivät × hyvinvointialueen päivähinta, enintään palvelun kustannus (sosiaalihuoltolaki 21 c §, asiakasmaksulaki 2 §); ei kerrytä maksukattoa.',
    sv: 'Avgift = vårddagar × välfärdsområdets dagspris, högst tjänstens kostnad (socialvårdslagen 21 c §, klientavgiftslagen 2 §); räknas inte in i avgiftstaket.',
  },
  support: {
    fi: 'Maksu = määrä × hinnaston hinta, enintään palvelun kustannus (asiakasmaksulaki 2 §, 10 h §).',
    sv: 'Avgift = mängd × pris enligt prislistan, högst tjänstens kostnad (klientavgiftslagen 2 §, 10 h §).',
  },
  respite: {
    fi: 'Maksu = vapaapäivät × omaishoitajan vapaan ajan päivämaksu, enintään lain enimmäismäärä (asiakasmaksulaki 6 b §).',
    sv: 'Avgift = lediga dagar × dagsavgift under närståendevårdarens ledighet, högst lagens högsta belopp (klientavgiftslagen 6 b §).',
  },
};

const LABELS: Record<StepKey, Text> = {
  household_size: { fi: 'Perheen koko', sv: 'Familjens storlek' },
  hours: { fi: 'Palvelutunnit kuukaudessa (palvelupäätös)', sv: 'Servicetimmar per månad (servicebeslut)' },
  hours_rounded: { fi: 'Tunnit pyöristettynä (10 e § 6 mom)', sv: 'Timmarna avrundade (10 e § 6 mom.)' },
  hours_row: { fi: 'Maksuprosenttitaulukon rivi, tuntia', sv: 'Rad i avgiftstabellen, timmar' },
  gross_income: { fi: 'Bruttotulot kuukaudessa (10 f §)', sv: 'Bruttoinkomster per månad (10 f §)' },
  deductions_home_care: { fi: 'Vähennykset (10 g §)', sv: 'Avdrag (10 g §)' },
  counted_income: { fi: 'Maksun perusteena olevat tulot', sv: 'Inkomster som avgiften grundar sig på' },
  income_limit: { fi: 'Tuloraja (10 e § 3–4 mom)', sv: 'Inkomstgräns (10 e § 3–4 mom.)' },
  income_over_limit: { fi: 'Tulorajan ylittävä osa', sv: 'Del som överstiger inkomstgränsen' },
  percent: { fi: 'Maksuprosentti', sv: 'Avgiftsprocent' },
  computed_fee: { fi: 'Laskettu maksu', sv: 'Beräknad avgift' },
  spouse_rule_fee: { fi: 'Maksu puolisoiden tuloista (7 c § 2 mom)', sv: 'Avgift enligt makarnas inkomster (7 c § 2 mom.)' },
  own_income_fee: { fi: 'Maksu asiakkaan omista tuloista, 85 % (7 c § 1 mom)', sv: 'Avgift enligt klientens egna inkomster, 85 % (7 c § 1 mom.)' },
  service_cost: { fi: 'Palvelun kustannus (2 §)', sv: 'Tjänstens kostnad (2 §)' },
  net_income: { fi: 'Nettotulot kuukaudessa (10 b §)', sv: 'Nettoinkomster per månad (10 b §)' },
  spouse_net_income: { fi: 'Puolison nettotulot', sv: 'Makens nettoinkomster' },
  spouse_deductions: { fi: 'Puolison vähennykset (10 c § 1 mom)', sv: 'Makens avdrag (10 c § 1 mom.)' },
  combined_income: { fi: 'Yhteenlasketut nettotulot', sv: 'Sammanlagda nettoinkomster' },
  combined_deductions: { fi: 'Vähennykset yhteensä', sv: 'Avdrag sammanlagt' },
  deductions: { fi: 'Vähennykset (10 c–10 d §)', sv: 'Avdrag (10 c–10 d §)' },
  income_after_deductions: { fi: 'Tulot vähennysten jälkeen', sv: 'Inkomster efter avdrag' },
  personal_allowance: { fi: 'Käyttövara (7 c § 3 mom)', sv: 'Personligt belopp (7 c § 3 mom.)' },
  fee_leaving_allowance: { fi: 'Enimmäismaksu käyttövaran jälkeen', sv: 'Högsta avgift efter personligt belopp' },
  days: { fi: 'Päivät', sv: 'Dagar' },
  daily_price: { fi: 'Päivämaksu', sv: 'Dagsavgift' },
  statutory_max_daily: { fi: 'Säädetty enimmäismäärä / vrk', sv: 'Lagstadgat högsta belopp / dygn' },
  quantity: { fi: 'Määrä', sv: 'Mängd' },
  unit_price: { fi: 'Yksikköhinta', sv: 'Enhetspris' },
  unit_cost: { fi: 'Kustannus / yksikkö', sv: 'Kostnad / enhet' },
  fee: { fi: 'Maksu', sv: 'Avgift' },
};

const APPLIED: Record<AppliedRule, Text> = {
  below_income_limit: { fi: 'Tulot eivät ylitä tulorajaa, joten maksua ei peritä (10 e § 2 mom).', sv: 'Inkomsterna överstiger inte inkomstgränsen, ingen avgift tas ut (10 e § 2 mom.).' },
  cost_cap: { fi: 'Maksu rajattiin palvelun tuottamisen kustannukseen (asiakasmaksulaki 2 §).', sv: 'Avgiften begränsades till kostnaden för att producera tjänsten (klientavgiftslagen 2 §).' },
  personal_allowance_floor: {
    fi: 'Maksua alennettiin, jotta asiakkaalle jää käyttövara (asiakasmaksulaki 7 c § 3 mom).',
    sv: 'Avgiften sänktes så att klienten behåller det personliga beloppet (klientavgiftslagen 7 c § 3 mom.).',
  },
  institutional_allowance: {
    fi: 'Pitkäaikaisessa laitoshoidossa käyttövara on laitoshoidon käyttövara (7 c § 3 mom).',
    sv: 'Vid långvarig anstaltsvård är det personliga beloppet det för anstaltsvård (7 c § 3 mom.).',
  },
  spouse_rule: {
    fi: 'Puolisosääntö (7 c § 2 mom): asiakas asui puolisonsa kanssa välittömästi ennen hoidon alkua ja hänen tulonsa ovat puolison tuloja suuremmat.',
    sv: 'Makeregeln (7 c § 2 mom.): klienten bodde med sin make omedelbart före vården och har större inkomster än maken.',
  },
  spouse_income_not_higher: {
    fi: 'Puolisosääntöä ei sovellettu, koska asiakkaan tulot eivät ole puolison tuloja suuremmat; maksu määräytyy asiakkaan omista tuloista (7 c § 1–2 mom).',
    sv: 'Makeregeln tillämpades inte eftersom klientens inkomster inte är större än makens; avgiften bestäms av klientens egna inkomster (7 c § 1–2 mom.).',
  },
  spouse_fee_capped: {
    fi: 'Puolisoiden tuloista laskettu maksu olisi suurempi kuin asiakkaan omista tuloista laskettu, joten maksu on enintään 85 % asiakkaan omista tuloista vähennysten jälkeen (asiakasmaksulaki 7 c § 5 mom).',
    sv: 'Avgiften enligt makarnas inkomster skulle vara större än avgiften enligt klientens egna inkomster, så avgiften är högst 85 % av klientens egna inkomster efter avdrag (klientavgiftslagen 7 c § 5 mom.).',
  },
  both_spouses_in_care: {
    fi: 'Molemmat puolisot ovat pitkäaikaisessa hoidossa, joten kumpikin maksaa omista tuloistaan enintään 85 % (7 c § 2 mom viimeinen virke).',
    sv: 'Båda makarna får långvarig vård, så vardera betalar högst 85 % av sina egna inkomster (7 c § 2 mom. sista meningen).',
  },
  statutory_max_daily: { fi: 'Päivämaksu rajattiin asetuksen 912/1992 12 §:n enimmäismäärään.', sv: 'Dagsavgiften begränsades till högsta beloppet enligt 12 § i förordningen 912/1992.' },
  hours_rounded: {
    fi: 'Osittaiset palvelutunnit pyöristettiin lähimpään kokonaiseen tuntiin, puolikkaat ylöspäin (asiakasmaksulaki 10 e § 6 mom).',
    sv: 'Delar av servicetimmar avrundades till närmaste hela timme, halva timmar uppåt (klientavgiftslagen 10 e § 6 mom.).',
  },
  deductions_exceed_income: { fi: 'Vähennykset ovat tuloja suuremmat, joten maksun perusteena oleva tulo on 0 €.', sv: 'Avdragen är större än inkomsterna, så inkomsten som avgiften grundar sig på är 0 €.' },
};

const LIMITS: Record<DeductionLimit, Text> = {
  guardian_basic_fee: { fi: 'enintään edunvalvojan palkkion perusmaksu (10 c § 1 mom 4 kohta)', sv: 'högst grundavgiften för intressebevakarens arvode (10 c § 1 mom. 4 punkten)' },
  medicine_ceiling: { fi: 'enintään lääkekatto (10 d § 2 mom; SVL 5:8)', sv: 'högst läkemedelstaket (10 d § 2 mom.; SjfL 5:8)' },
  former_home_window: { fi: 'vähennysaika on päättynyt (10 c § 3 mom)', sv: 'tiden för avdraget har gått ut (10 c § 3 mom.)' },
  not_for_this_fee: { fi: 'ei vähennetä tästä maksusta', sv: 'dras inte av från denna avgift' },
  not_in_law: { fi: 'ei laissa säädetty vähennys (10 c–10 d §, 10 g §)', sv: 'inte ett avdrag enligt lag (10 c–10 d §, 10 g §)' },
  allowance_exceeds_costs: { fi: 'asumistuki vähennetään enintään asumismenojen määrään (10 d § 1 mom)', sv: 'bostadsbidraget dras av högst till boendeutgifternas belopp (10 d § 1 mom.)' },
};

const PERSON: Record<'client' | 'spouse', Text> = { client: { fi: '', sv: '' }, spouse: { fi: 'Puoliso: ', sv: 'Make: ' } };

function num(n: number): string {
  return String(n).replace('.', ',');
}

export interface ExplanationText {
  formula: string;
  rows: { label: string; value: string }[];
  notes: string[];
  /** The income and deduction records, as counted (shown on decision letters). */
  basisRows: { label: string; value: string }[];
}

export function explainFee(e: FeeExplanation, lang: Lang): ExplanationText {
  const basisRows: ExplanationText['basisRows'] = [];
  for (const i of e.basis?.incomes ?? [])
    basisRows.push({
      label: `${PERSON[i.person][lang]}${INCOME_KIND_RULES[i.kind][lang]}${i.counted ? '' : ` — ${lang === 'fi' ? 'ei lueta tuloksi' : 'räknas inte som inkomst'}: ${INCOME_KIND_RULES[i.kind].basis[lang]}`}`,
      value: formatEuros(i.cents),
    });
  for (const d of e.basis?.deductions ?? []) {
    const rule = DEDUCTION_KIND_RULES[d.kind];
    const limit = d.limit ? ` — ${LIMITS[d.limit][lang]}` : '';
    basisRows.push({
      label: `${PERSON[d.person][lang]}${lang === 'fi' ? 'Vähennys' : 'Avdrag'}: ${rule[lang]} (${rule.basis.replace('mom', lang === 'fi' ? 'mom' : 'mom.').replace('kohta', lang === 'fi' ? 'kohta' : 'punkten')})${limit}`,
      // Words, not an arrow: the letter's font has no arrow glyph.
      value: `${formatEuros(d.claimedCents)} · ${lang === 'fi' ? 'vähennetään' : 'dras av'} ${formatEuros(d.allowedCents)}`,
    });
  }
  // An explanation stored by a newer version (a fee decision synced from another workstation) may name a step or
  // a rule this version does not know: it shows the key rather than failing the whole fee tab or letter.
  const label = (k: string) => (LABELS as Partial<Record<string, Text>>)[k]?.[lang] ?? k;
  const note = (k: string) => (APPLIED as Partial<Record<string, Text>>)[k]?.[lang] ?? k;
  return {
    formula: (FORMULAS as Partial<Record<string, Text>>)[e.formula]?.[lang] ?? e.formula,
    rows: e.steps.map((s) => ({
      label: label(s.key),
      value: s.cents !== undefined ? formatEuros(s.cents) : s.percent !== undefined ? `${num(s.percent)} %` : num(s.number ?? 0),
    })),
    notes: e.applied.map((a) => note(a)),
    basisRows,
  };
}

export const INTERRUPTION_CAUSE_NAMES: Record<InterruptionCause, Text> = {
  client: { fi: 'asiakkaasta johtuva syy', sv: 'orsak som beror på klienten' },
  provider: { fi: 'hyvinvointialueesta johtuva syy', sv: 'orsak som beror på välfärdsområdet' },
  institution: { fi: 'laitoshoito', sv: 'anstaltsvård' },
  short_term_institutional: { fi: 'lyhytaikainen laitoshoito', sv: 'kortvarig anstaltsvård' },
  short_term_housing: { fi: 'lyhytaikainen palveluasuminen', sv: 'kortvarigt serviceboende' },
};

function period(a: string, b: string): string {
  return a === b ? formatFi(a) : `${formatFi(a)}–${formatFi(b)}`;
}

/**
 * One interruption's effect on a month's fee, in words (10 k §): the days of this month it left free and
 * charged, and the rule (its whole length when it reaches over a month end).
 */
export function explainInterruption(i: InterruptionInMonth, lang: Lang, wholeMonth: boolean): string {
  const fi = lang === 'fi';
  const cause = INTERRUPTION_CAUSE_NAMES[i.cause][lang];
  const law = fi ? 'asiakasmaksulaki 10 k §' : 'klientavgiftslagen 10 k §';
  const head = `${fi ? 'keskeytys' : 'avbrott'} ${period(i.from, i.to)} (${cause}${i.lengthDays > i.daysInMonth ? `, ${fi ? 'kesto' : 'längd'} ${i.lengthDays} ${fi ? 'pv' : 'd'}` : ''})`;
  if (wholeMonth) return fi ? `${head}: keskeytys koko kuukauden, ei maksua (${law})` : `${head}: avbrott hela månaden, ingen avgift (${law})`;
  const days = fi
    ? `${i.freeInMonth} pv maksutta${i.chargedInMonth > 0 ? `, ${i.chargedInMonth} pv maksullisia` : ''}`
    : `${i.freeInMonth} d avgiftsfritt${i.chargedInMonth > 0 ? `, ${i.chargedInMonth} d debiteras` : ''}`;
  const rule =
    i.chargedDaysRule === 0
      ? fi
        ? 'maksuton ensimmäisestä päivästä'
        : 'avgiftsfritt från första dagen'
      : fi
        ? `${i.chargedDaysRule} ensimmäistä päivää maksullisia`
        : `de ${i.chargedDaysRule} första dagarna debiteras`;
  return `${head}: ${days} (${rule}, ${law})`;
}

/** A month's interruptions in words; empty when none touched it. */
export function explainMonthCharge(c: MonthCharge, lang: Lang): string[] {
  return c.interruptions.map((i) => explainInterruption(i, lang, c.wholeMonthInterrupted));
}

export const CARE_CAUSE_NAMES: Record<CareInterruptionCause, Text> = {
  health: { fi: 'hoidettavan terveydentilasta johtuva syy', sv: 'orsak som beror på den vårdbehövandes hälsotillstånd' },
  other: { fi: 'muu syy', sv: 'annan orsak' },
};

/** A care interruption's effect on the care fee, in words (omaishoitolaki 9 § 2–3 mom, 8 § 2 mom 5 kohta). */
export function explainCareInterruption(i: CareInterruptionInMonth, lang: Lang): string {
  const head = lang === 'fi' ? `hoidon keskeytys ${period(i.from, i.to)} (${CARE_CAUSE_NAMES[i.cause].fi})` : `avbrott i vården ${period(i.from, i.to)} (${CARE_CAUSE_NAMES[i.cause].sv})`;
  const law = lang === 'fi' ? 'omaishoitolaki' : 'lagen om stöd för närståendevård';
  let rule: string;
  if (i.cause === 'health')
    rule =
      lang === 'fi'
        ? `palkkio maksetaan kuukauden keskeytyksen alusta${i.unpaidFrom ? `, maksaminen keskeytyy ${formatFi(i.unpaidFrom)}` : ''} (${law} 9 § 2 mom)${i.voidTerm ? '; sopimuksen lyhyempi aika on mitätön (9 § 3 mom)' : ''}`
        : `arvodet betalas en månad från avbrottets början${i.unpaidFrom ? `, betalningen avbryts ${formatFi(i.unpaidFrom)}` : ''} (${law} 9 § 2 mom.)${i.voidTerm ? '; avtalets kortare tid är ogiltig (9 § 3 mom.)' : ''}`;
  else
    rule =
      lang === 'fi'
        ? `sopimuksen mukaan ${i.unpaidFrom ? `palkkio maksetaan ${formatFi(i.unpaidFrom)} asti (ei sitä päivää)` : 'palkkio maksetaan koko keskeytyksen ajalta'} (${law} 8 § 2 mom 5 kohta)`
        : `enligt avtalet ${i.unpaidFrom ? `betalas arvodet till ${formatFi(i.unpaidFrom)} (inte den dagen)` : 'betalas arvodet under hela avbrottet'} (${law} 8 § 2 mom. 5 punkten)`;
  return `${head}: ${rule}${i.unpaidDays > 0 ? (lang === 'fi' ? `; tässä kuussa ${i.unpaidDays} pv palkkiotta` : `; denna månad ${i.unpaidDays} d utan arvode`) : ''}`;
}
