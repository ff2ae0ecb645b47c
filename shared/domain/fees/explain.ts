// The explanation of a fee in words, in the client's language: used in the review grid, on fee decision
// letters and on invoices. The formula's own wording names the section of asiakasmaksulaki it applies.
import type { AppliedRule, FeeExplanation, Formula, StepKey } from './calc';
import { formatEuros } from '../letters';

type Lang = 'fi' | 'sv';

const FORMULAS: Record<Formula, Record<Lang, string>> = {
  home_care: {
    fi: 'Kuukausimaksu = maksuprosentti × (bruttotulot − tuloraja), enintään palvelun kustannus (asiakasmaksulaki 10 e §, 2 §).',
    sv: 'Månadsavgift = avgiftsprocent × (bruttoinkomster − inkomstgräns), högst tjänstens kostnad (klientavgiftslagen 10 e §, 2 §).',
  },
  long_term: {
    fi: 'Kuukausimaksu = 85 % nettotuloista vähennysten jälkeen; asiakkaalle jää vähintään käyttövara (asiakasmaksulaki 7 c §, 10 c–10 d §).',
    sv: 'Månadsavgift = 85 % av nettoinkomsterna efter avdrag; klienten behåller minst ett personligt belopp (klientavgiftslagen 7 c §, 10 c–10 d §).',
  },
  long_term_spouse: {
    fi: 'Kuukausimaksu = 42,5 % puolisoiden yhteenlasketuista nettotuloista vähennysten jälkeen, koska asiakkaan tulot ovat suuremmat; asiakkaalle jää vähintään käyttövara (asiakasmaksulaki 7 c § 3 mom.).',
    sv: 'Månadsavgift = 42,5 % av makarnas sammanlagda nettoinkomster efter avdrag, eftersom klientens inkomster är större; klienten behåller minst ett personligt belopp (klientavgiftslagen 7 c § 3 mom.).',
  },
  short_term: {
    fi: 'Maksu = hoitopäivät × vuorokausimaksu, enintään lakisääteinen enimmäismäärä (asiakasmaksulaki 7 d §).',
    sv: 'Avgift = vårddagar × dygnsavgift, högst det lagstadgade maximibeloppet (klientavgiftslagen 7 d §).',
  },
  support: {
    fi: 'Maksu = määrä × hinnaston hinta, enintään palvelun kustannus (asiakasmaksulaki 2 §, 11 §).',
    sv: 'Avgift = mängd × pris enligt prislistan, högst tjänstens kostnad (klientavgiftslagen 2 §, 11 §).',
  },
  respite: {
    fi: 'Maksu = vapaapäivät × omaishoitajan vapaan ajan päivämaksu (asiakasmaksulaki 6 b §).',
    sv: 'Avgift = lediga dagar × dagsavgift under närståendevårdarens ledighet (klientavgiftslagen 6 b §).',
  },
};

const LABELS: Record<StepKey, Record<Lang, string>> = {
  household_size: { fi: 'Talouden koko', sv: 'Hushållets storlek' },
  hours: { fi: 'Palvelutunnit kuukaudessa', sv: 'Servicetimmar per månad' },
  hours_row: { fi: 'Taulukon rivi (enintään tuntia)', sv: 'Tabellrad (högst timmar)' },
  gross_income: { fi: 'Bruttotulot kuukaudessa', sv: 'Bruttoinkomster per månad' },
  income_limit: { fi: 'Tuloraja', sv: 'Inkomstgräns' },
  income_over_limit: { fi: 'Tulorajan ylittävä osa', sv: 'Del som överstiger inkomstgränsen' },
  percent: { fi: 'Maksuprosentti', sv: 'Avgiftsprocent' },
  computed_fee: { fi: 'Laskettu maksu', sv: 'Beräknad avgift' },
  service_cost: { fi: 'Palvelun kustannus', sv: 'Tjänstens kostnad' },
  net_income: { fi: 'Nettotulot kuukaudessa', sv: 'Nettoinkomster per månad' },
  spouse_net_income: { fi: 'Puolison nettotulot', sv: 'Makens nettoinkomster' },
  combined_income: { fi: 'Yhteenlasketut nettotulot', sv: 'Sammanlagda nettoinkomster' },
  deductions: { fi: 'Vähennykset', sv: 'Avdrag' },
  income_after_deductions: { fi: 'Tulot vähennysten jälkeen', sv: 'Inkomster efter avdrag' },
  personal_allowance: { fi: 'Käyttövara', sv: 'Personligt belopp' },
  fee_leaving_allowance: { fi: 'Enimmäismaksu käyttövaran jälkeen', sv: 'Högsta avgift efter personligt belopp' },
  days: { fi: 'Päivät', sv: 'Dagar' },
  daily_price: { fi: 'Päivämaksu', sv: 'Dagsavgift' },
  statutory_max_daily: { fi: 'Lakisääteinen enimmäismäärä / vrk', sv: 'Lagstadgat maximibelopp / dygn' },
  quantity: { fi: 'Määrä', sv: 'Mängd' },
  unit_price: { fi: 'Yksikköhinta', sv: 'Enhetspris' },
  unit_cost: { fi: 'Kustannus / yksikkö', sv: 'Kostnad / enhet' },
  fee: { fi: 'Maksu', sv: 'Avgift' },
};

const APPLIED: Record<AppliedRule, Record<Lang, string>> = {
  below_income_limit: { fi: 'Tulot eivät ylitä tulorajaa, joten maksua ei peritä.', sv: 'Inkomsterna överstiger inte inkomstgränsen, ingen avgift tas ut.' },
  cost_cap: { fi: 'Maksu rajattiin palvelun kustannukseen (2 §).', sv: 'Avgiften begränsades till tjänstens kostnad (2 §).' },
  personal_allowance_floor: { fi: 'Maksua alennettiin, jotta asiakkaalle jää käyttövara.', sv: 'Avgiften sänktes så att klienten behåller det personliga beloppet.' },
  spouse_rule: { fi: 'Puolisosääntö: maksu määrättiin puolisoiden yhteenlasketuista tuloista.', sv: 'Makeregeln: avgiften bestämdes enligt makarnas sammanlagda inkomster.' },
  spouse_income_not_lower: { fi: 'Puolisosääntöä ei sovellettu, koska asiakkaan tulot eivät ole puolison tuloja suuremmat.', sv: 'Makeregeln tillämpades inte eftersom klientens inkomster inte är större än makens.' },
  statutory_max_daily: { fi: 'Päivämaksu rajattiin lakisääteiseen enimmäismäärään.', sv: 'Dagsavgiften begränsades till det lagstadgade maximibeloppet.' },
  hours_rounded_up: { fi: 'Tunnit pyöristettiin ylöspäin seuraavalle taulukon riville.', sv: 'Timmarna avrundades uppåt till följande tabellrad.' },
  beyond_table: { fi: 'Tunnit ylittävät taulukon, joten käytettiin sen viimeistä riviä.', sv: 'Timmarna överstiger tabellen; dess sista rad användes.' },
};

function num(n: number): string {
  return String(n).replace('.', ',');
}

export interface ExplanationText {
  formula: string;
  rows: { label: string; value: string }[];
  notes: string[];
}

export function explainFee(e: FeeExplanation, lang: Lang): ExplanationText {
  return {
    formula: FORMULAS[e.formula][lang],
    rows: e.steps.map((s) => ({
      label: LABELS[s.key][lang],
      value: s.cents !== undefined ? formatEuros(s.cents) : s.percent !== undefined ? `${num(s.percent)} %` : num(s.number ?? 0),
    })),
    notes: e.applied.map((a) => APPLIED[a][lang]),
  };
}
