// The chain shown on the client card: intake items → assessments → plans → decisions, with their deadlines.
import type { ClientChain } from '../../../shared/contract/guidance-schemas';
import { needsMultiProfessionalReview } from '../../../shared/domain/deadlines';
import { notFound } from '../../../shared/contract/errors';
import type { SignedInContext } from '../context';
import { listAssessments } from './service';
import { listPlans } from '../plans/service';
import { decisionRows } from '../decisions/queries';
import { evaluateCriteriaFor } from '../criteria/service';
import { areaScope } from '../access/scope';

export function clientChain(ctx: SignedInContext, input: { clientId: string }): ClientChain {
  if (!ctx.db.prepare('SELECT 1 FROM clients WHERE id = ?').get(input.clientId)) throw notFound('client');
  const today = ctx.clock.today();
  const assessments = listAssessments(ctx, input.clientId);
  const latest = assessments[0];
  // Home care in force: the latest made decision line of home care that has started and not ended.
  const hc = ctx.db
    .prepare(
      `SELECT ds.amount FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       WHERE d.client_id = ? AND d.status IN ('signed','sent') AND ds.service_code = 'home_care' AND d.outcome <> 'termination'
         AND ds.start_date <= ? AND (ds.end_date IS NULL OR ds.end_date >= ?)
       ORDER BY d.decided_on DESC, d.number DESC LIMIT 1`,
    )
    .get(input.clientId, today, today) as { amount: number | null } | undefined;
  const hours = hc?.amount ?? null;
  return {
    assessments,
    plans: listPlans(ctx, input.clientId),
    decisions: decisionRows(ctx.db, { clientId: input.clientId, scope: areaScope(ctx.user) }),
    criteria: latest ? evaluateCriteriaFor(ctx, latest) : [],
    reassessmentDue: latest?.reassessmentDue ?? null,
    multiProfessionalReview: hours !== null && needsMultiProfessionalReview(hours, today),
    grantedHomeCareHours: hours,
  };
}
