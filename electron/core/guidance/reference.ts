// Reading the guidance configuration: services, criteria sets, delegation rules, reasoning texts.
// Raw rows are converted to domain types here, in one place.
import type { CriteriaSet } from '../../../shared/domain/criteria';
import type { DecisionOutcome, DelegationRule, ServiceUnit } from '../../../shared/domain/decisions';
import type { Db } from '../db/connection';

export interface ServiceRow {
  code: string;
  nameFi: string;
  nameSv: string;
  unit: ServiceUnit;
  legalBasis: string;
  active: boolean;
}

export function loadServices(db: Db): Map<string, ServiceRow> {
  const rows = db.prepare('SELECT code, name_fi, name_sv, unit, legal_basis, active FROM services ORDER BY sort, code').all() as {
    code: string;
    name_fi: string;
    name_sv: string;
    unit: ServiceUnit;
    legal_basis: string;
    active: number;
  }[];
  return new Map(rows.map((r) => [r.code, { code: r.code, nameFi: r.name_fi, nameSv: r.name_sv, unit: r.unit, legalBasis: r.legal_basis, active: r.active === 1 }]));
}

export interface StoredCriteriaSet extends CriteriaSet {
  id: string;
  updatedAt: string;
}

export function loadCriteriaSets(db: Db): StoredCriteriaSet[] {
  const rows = db.prepare('SELECT * FROM criteria_sets ORDER BY service_code, valid_from DESC').all() as {
    id: string;
    service_code: string;
    valid_from: string;
    valid_to: string | null;
    source: string;
    example: number;
    rules_json: string;
    updated_at: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    serviceCode: r.service_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
    example: r.example === 1,
    rules: JSON.parse(r.rules_json) as CriteriaSet['rules'],
    updatedAt: r.updated_at,
  }));
}

export function loadDelegationRules(db: Db): (DelegationRule & { id: string })[] {
  const rows = db.prepare('SELECT * FROM delegation_rules ORDER BY role, service_code').all() as {
    id: string;
    role: string;
    service_code: string | null;
    outcomes: string;
    max_amount: number | null;
    valid_from: string;
    valid_to: string | null;
    source: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    serviceCode: r.service_code,
    outcomes: JSON.parse(r.outcomes) as DecisionOutcome[],
    maxAmount: r.max_amount,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
  }));
}

export interface ReasoningTextRow {
  id: string;
  code: string;
  serviceCode: string | null;
  outcomes: DecisionOutcome[];
  title: string;
  textFi: string;
  textSv: string;
  validFrom: string;
  validTo: string | null;
  source: string;
}

export function loadReasoningTexts(db: Db): ReasoningTextRow[] {
  const rows = db.prepare('SELECT * FROM reasoning_texts ORDER BY code, valid_from DESC').all() as {
    id: string;
    code: string;
    service_code: string | null;
    outcomes: string;
    title: string;
    text_fi: string;
    text_sv: string;
    valid_from: string;
    valid_to: string | null;
    source: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    serviceCode: r.service_code,
    outcomes: JSON.parse(r.outcomes) as DecisionOutcome[],
    title: r.title,
    textFi: r.text_fi,
    textSv: r.text_sv,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
  }));
}
