// Uniform allocation criteria (yhtenäiset myöntämisperusteet): per service, date-versioned rule sets that a
// county publishes and edits. A set passes when every rule passes; a rule passes when any of its conditions
// does. Evaluation explains each rule: the value compared, the threshold and by how much it passed or failed.
import { RAI_SCALES, type RaiScale } from './rai';

export const CRITERIA_FACTS = ['maple5', 'cps', 'adlh', 'iadlch', 'drs', 'chess', 'age', 'nightCareNeed', 'informalCarer'] as const;
export type CriteriaFact = (typeof CRITERIA_FACTS)[number];
export const CRITERIA_OPS = ['>=', '<=', '=', 'between'] as const;
export type CriteriaOp = (typeof CRITERIA_OPS)[number];

export const FACT_LABELS: Record<CriteriaFact, { fi: string; sv: string }> = {
  maple5: { fi: 'MAPLe_5', sv: 'MAPLe_5' },
  cps: { fi: 'CPS', sv: 'CPS' },
  adlh: { fi: 'ADLH', sv: 'ADLH' },
  iadlch: { fi: 'IADLCH', sv: 'IADLCH' },
  drs: { fi: 'DRS', sv: 'DRS' },
  chess: { fi: 'CHESS', sv: 'CHESS' },
  age: { fi: 'Ikä', sv: 'Ålder' },
  nightCareNeed: { fi: 'Yöllinen avuntarve (1 = kyllä)', sv: 'Hjälpbehov nattetid (1 = ja)' },
  informalCarer: { fi: 'Omainen tai läheinen hoitajana (1 = kyllä)', sv: 'Anhörig som vårdare (1 = ja)' },
};

export interface Condition {
  fact: CriteriaFact;
  op: CriteriaOp;
  value: number;
  /** Upper bound for 'between' (inclusive). */
  value2?: number;
}

export interface CriteriaRule {
  id: string;
  labelFi: string;
  labelSv: string;
  /** The rule passes when any of these passes. */
  any: Condition[];
}

export interface CriteriaSet {
  serviceCode: string;
  validFrom: string;
  validTo: string | null;
  source: string;
  /** Seeded example criteria, for the county to replace with its own. */
  example: boolean;
  rules: CriteriaRule[];
}

export type Facts = Record<CriteriaFact, number | null>;

export interface ConditionResult extends Condition {
  actual: number | null;
  pass: boolean;
  /** Distance to the threshold: positive = passed by, negative = failed by; null when the value is missing. */
  margin: number | null;
}

export interface RuleResult {
  id: string;
  labelFi: string;
  labelSv: string;
  pass: boolean;
  conditions: ConditionResult[];
}

export interface CriteriaResult {
  serviceCode: string;
  validFrom: string;
  source: string;
  example: boolean;
  pass: boolean;
  rules: RuleResult[];
}

function evaluateCondition(c: Condition, facts: Facts): ConditionResult {
  const actual = facts[c.fact];
  if (actual === null || actual === undefined) return { ...c, actual: null, pass: false, margin: null };
  let margin: number;
  switch (c.op) {
    case '>=':
      margin = actual - c.value;
      break;
    case '<=':
      margin = c.value - actual;
      break;
    case '=':
      margin = -Math.abs(actual - c.value);
      break;
    case 'between':
      margin = Math.min(actual - c.value, (c.value2 ?? c.value) - actual);
      break;
  }
  return { ...c, actual, pass: margin >= 0, margin };
}

export function evaluateCriteria(set: CriteriaSet, facts: Facts): CriteriaResult {
  const rules = set.rules.map((r) => {
    const conditions = r.any.map((c) => evaluateCondition(c, facts));
    return { id: r.id, labelFi: r.labelFi, labelSv: r.labelSv, pass: conditions.some((c) => c.pass), conditions };
  });
  return { serviceCode: set.serviceCode, validFrom: set.validFrom, source: set.source, example: set.example, pass: rules.every((r) => r.pass), rules };
}

/** The set in force on a date for a service, if any. */
export function criteriaInForce(sets: readonly CriteriaSet[], serviceCode: string, onDate: string): CriteriaSet | undefined {
  return sets.find((s) => s.serviceCode === serviceCode && s.validFrom <= onDate && (s.validTo === null || onDate <= s.validTo));
}

/** Finnish reasons why a rule set cannot be saved; empty when it is valid. */
export function criteriaSetErrors(set: Pick<CriteriaSet, 'rules' | 'validFrom' | 'validTo'>): string[] {
  const errors: string[] = [];
  if (set.validTo !== null && set.validTo < set.validFrom) errors.push(`Voimassaolon loppupäivä ${set.validTo} on ennen alkupäivää ${set.validFrom}.`);
  if (set.rules.length === 0) errors.push('Perusteissa pitää olla vähintään yksi sääntö.');
  set.rules.forEach((r, i) => {
    if (r.any.length === 0) errors.push(`Säännössä ${i + 1} ("${r.labelFi}") ei ole yhtään ehtoa.`);
    for (const c of r.any) {
      if (c.op === 'between' && (c.value2 === undefined || c.value2 < c.value))
        errors.push(`Säännön ${i + 1} ehdossa ${FACT_LABELS[c.fact].fi} välin yläraja puuttuu tai on pienempi kuin alaraja.`);
      const scale = (RAI_SCALES as Record<string, { min: number; max: number; label: string }>)[c.fact as RaiScale];
      if (scale) {
        for (const v of c.op === 'between' ? [c.value, c.value2 ?? c.value] : [c.value]) {
          if (v < scale.min || v > scale.max) errors.push(`Säännön ${i + 1} raja ${v} on ${scale.label}-asteikon (${scale.min}–${scale.max}) ulkopuolella.`);
        }
      }
    }
  });
  return errors;
}

export function describeCondition(c: Condition, lang: 'fi' | 'sv' = 'fi'): string {
  const name = FACT_LABELS[c.fact][lang];
  return c.op === 'between' ? `${name} ${c.value}–${c.value2}` : `${name} ${c.op === '=' ? '=' : c.op === '>=' ? '≥' : '≤'} ${c.value}`;
}
