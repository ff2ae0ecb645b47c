// Client plans (asiakassuunnitelma, SHL 39 §, vanhuspalvelulaki 16 §): goals, planned services, the client's
// and relatives' views and a review date. A new plan version is a new row; earlier plans stay as they were.
import { AppError, notFound } from '../../../shared/contract/errors';
import { issue, msg } from '../../../shared/messages';
import type { PlanDto } from '../../../shared/contract/guidance-schemas';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { loadServices } from '../guidance/reference';

type PlanInput = Omit<PlanDto, 'id' | 'workerName' | 'updatedAt'>;

export function listPlans(ctx: { db: SignedInContext['db'] }, clientId: string): PlanDto[] {
  const rows = ctx.db
    .prepare(
      `SELECT p.*, u.display_name AS worker_name FROM client_plans p JOIN users u ON u.id = p.worker_id
       WHERE p.client_id = ? ORDER BY p.drawn_up_on DESC, p.updated_at DESC`,
    )
    .all(clientId) as {
    id: string;
    client_id: string;
    assessment_id: string | null;
    drawn_up_on: string;
    goals: string;
    planned_services: string;
    client_view: string;
    relatives_view: string;
    review_on: string;
    worker_name: string;
    updated_at: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    assessmentId: r.assessment_id,
    drawnUpOn: r.drawn_up_on,
    goals: r.goals,
    plannedServices: JSON.parse(r.planned_services) as PlanDto['plannedServices'],
    clientView: r.client_view,
    relativesView: r.relatives_view,
    reviewOn: r.review_on,
    workerName: r.worker_name,
    updatedAt: r.updated_at,
  }));
}

export function savePlan(ctx: SignedInContext, input: PlanInput): PlanDto {
  if (input.reviewOn < input.drawnUpOn)
    throw new AppError('VALIDATION', msg('plans.reviewBeforeDrawnUp', { reviewOn: input.reviewOn, drawnUpOn: input.drawnUpOn }), [issue('reviewOn', 'plans.reviewBeforeDrawnUpShort')]);
  if (input.drawnUpOn > ctx.clock.today())
    throw new AppError('VALIDATION', msg('plans.drawnUpInFuture', { drawnUpOn: input.drawnUpOn }), [issue('drawnUpOn', 'field.notInFuture')]);
  const services = loadServices(ctx.db);
  for (const s of input.plannedServices) if (!services.has(s.serviceCode)) throw new AppError('VALIDATION', msg('catalogue.unknownService', { code: s.serviceCode }));
  const id = uuidv7(ctx.clock.now().getTime());
  ctx.db.transaction(() => {
    if (!ctx.db.prepare('SELECT 1 FROM clients WHERE id = ? AND deleted = 0').get(input.clientId)) throw notFound('client');
    if (input.assessmentId) {
      const a = ctx.db.prepare('SELECT client_id FROM assessments WHERE id = ?').get(input.assessmentId) as { client_id: string } | undefined;
      if (!a || a.client_id !== input.clientId) throw new AppError('VALIDATION', msg('assessments.otherClient'));
    }
    const now = ctx.clock.now().toISOString();
    const row = {
      id,
      client_id: input.clientId,
      assessment_id: input.assessmentId,
      drawn_up_on: input.drawnUpOn,
      goals: input.goals,
      planned_services: JSON.stringify(input.plannedServices),
      client_view: input.clientView,
      relatives_view: input.relativesView,
      review_on: input.reviewOn,
      worker_id: ctx.user.id,
      updated_at: now,
    };
    ctx.db
      .prepare(
        `INSERT INTO client_plans (id, client_id, assessment_id, drawn_up_on, goals, planned_services, client_view, relatives_view, review_on, worker_id, updated_at)
         VALUES (@id, @client_id, @assessment_id, @drawn_up_on, @goals, @planned_services, @client_view, @relatives_view, @review_on, @worker_id, @updated_at)`,
      )
      .run(row);
    ctx.audit.write({ userId: ctx.user.id, action: 'plan.save', entityType: 'client_plan', entityId: id, clientId: input.clientId });
  })();
  return listPlans(ctx, input.clientId).find((p) => p.id === id)!;
}
