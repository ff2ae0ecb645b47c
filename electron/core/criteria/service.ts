// Allocation criteria: list, save a new version (closing the one it replaces), evaluate an assessment.
import { AppError, notFound } from '../../../shared/contract/errors';
import type { Assessment, CriteriaResultDto, CriteriaSetDto } from '../../../shared/contract/guidance-schemas';
import { criteriaInForce, criteriaSetErrors, evaluateCriteria, type CriteriaRule, type Facts } from '../../../shared/domain/criteria';
import { addDays } from '../../../shared/domain/dates';
import { ageOn } from '../../../shared/domain/hetu';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { getAssessment } from '../assessments/service';
import { loadCriteriaSets, loadServices } from '../guidance/reference';

export function listCriteria(ctx: SignedInContext): CriteriaSetDto[] {
  return loadCriteriaSets(ctx.db);
}

export function factsOf(a: Pick<Assessment, 'maple5' | 'cps' | 'adlh' | 'iadlch' | 'drs' | 'chess' | 'nightCareNeed' | 'informalCarer'>, age: number | null): Facts {
  return {
    maple5: a.maple5,
    cps: a.cps,
    adlh: a.adlh,
    iadlch: a.iadlch,
    drs: a.drs,
    chess: a.chess,
    age,
    nightCareNeed: a.nightCareNeed ? 1 : 0,
    informalCarer: a.informalCarer ? 1 : 0,
  };
}

/** Every service's criteria in force on the assessment date, evaluated against it. */
export function evaluateAssessment(ctx: SignedInContext, input: { assessmentId: string }): CriteriaResultDto[] {
  return evaluateCriteriaFor(ctx, getAssessment(ctx, input.assessmentId));
}

/** Every service's criteria in force on the date of an assessment already loaded, evaluated against it. */
export function evaluateCriteriaFor(ctx: SignedInContext, a: Assessment): CriteriaResultDto[] {
  const birth = ctx.db.prepare('SELECT birth_date FROM clients WHERE id = ?').get(a.clientId) as { birth_date: string } | undefined;
  const facts = factsOf(a, birth ? ageOn(birth.birth_date, a.assessedOn) : null);
  const sets = loadCriteriaSets(ctx.db);
  const results: CriteriaResultDto[] = [];
  for (const code of loadServices(ctx.db).keys()) {
    const set = criteriaInForce(sets, code, a.assessedOn);
    if (set) results.push(evaluateCriteria(set, facts));
  }
  return results;
}

/**
 * Saves a new version of a service's criteria from `validFrom`. The version in force before it is closed the
 * day before; versions already decided on are never edited in place, so past evaluations stay explainable.
 */
export function saveCriteria(
  ctx: SignedInContext,
  input: { serviceCode: string; validFrom: string; source: string; rules: CriteriaRule[] },
): CriteriaSetDto {
  const errors = criteriaSetErrors({ rules: input.rules, validFrom: input.validFrom, validTo: null });
  if (errors.length) throw new AppError('VALIDATION', errors.join(' '), errors.map((m) => ({ path: 'rules', message: m })));
  if (!loadServices(ctx.db).has(input.serviceCode)) throw notFound('service');
  if (input.validFrom <= ctx.clock.today())
    throw new AppError('VALIDATION', 'Uudet myöntämisperusteet voivat tulla voimaan aikaisintaan huomenna; voimassa olevia ja menneitä versioita ei muuteta.');
  const id = uuidv7(ctx.clock.now().getTime());
  ctx.db.transaction(() => {
    const now = ctx.clock.now().toISOString();
    const later = ctx.db.prepare('SELECT id FROM criteria_sets WHERE service_code = ? AND valid_from >= ?').get(input.serviceCode, input.validFrom);
    if (later) throw new AppError('CONFLICT', 'Palvelulle on jo tallennettu samana tai myöhempänä päivänä alkava versio.');
    ctx.db
      .prepare(
        `UPDATE criteria_sets SET valid_to = ?, version = version + 1, updated_at = ?
         WHERE service_code = ? AND valid_from < ? AND (valid_to IS NULL OR valid_to >= ?)`,
      )
      .run(addDays(input.validFrom, -1), now, input.serviceCode, input.validFrom, input.validFrom);
    ctx.db
      .prepare(
        'INSERT INTO criteria_sets (id, service_code, valid_from, valid_to, source, example, rules_json, updated_at, updated_by) VALUES (?, ?, ?, NULL, ?, 0, ?, ?, ?)',
      )
      .run(id, input.serviceCode, input.validFrom, input.source, JSON.stringify(input.rules), now, ctx.user.id);
    ctx.audit.write({ userId: ctx.user.id, action: 'criteria.save', entityType: 'criteria_set', entityId: id, details: { service: input.serviceCode, validFrom: input.validFrom } });
  })();
  return loadCriteriaSets(ctx.db).find((s) => s.id === id)!;
}
