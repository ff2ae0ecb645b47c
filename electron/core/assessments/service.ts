// Service needs assessments (palvelutarpeen arviointi): recorded with RAI scores in range; recording one for an
// intake item starts its assessment (the statutory start deadline is then met).
import { AppError, notFound } from '../../../shared/contract/errors';
import type { Assessment, AssessmentInput } from '../../../shared/contract/guidance-schemas';
import { reassessmentDue } from '../../../shared/domain/deadlines';
import { RAI_KEYS, raiRangeError } from '../../../shared/domain/rai';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { loadItem, moveItem } from '../intake/workflow';

interface AssessmentRow {
  id: string;
  client_id: string;
  intake_item_id: string | null;
  assessed_on: string;
  method: Assessment['method'];
  maple5: number | null;
  cps: number | null;
  adlh: number | null;
  iadlch: number | null;
  drs: number | null;
  chess: number | null;
  night_care_need: number;
  informal_carer: number;
  functional_notes: string;
  client_view: string;
  conclusion: string;
  service_level: Assessment['serviceLevel'];
  worker_name: string;
  created_at: string;
}

export function toAssessment(r: AssessmentRow): Assessment {
  return {
    id: r.id,
    clientId: r.client_id,
    intakeItemId: r.intake_item_id,
    assessedOn: r.assessed_on,
    method: r.method,
    maple5: r.maple5,
    cps: r.cps,
    adlh: r.adlh,
    iadlch: r.iadlch,
    drs: r.drs,
    chess: r.chess,
    nightCareNeed: r.night_care_need === 1,
    informalCarer: r.informal_carer === 1,
    functionalNotes: r.functional_notes,
    clientView: r.client_view,
    conclusion: r.conclusion,
    serviceLevel: r.service_level,
    workerName: r.worker_name,
    createdAt: r.created_at,
    reassessmentDue: reassessmentDue(r.assessed_on),
  };
}

const SELECT = `SELECT a.*, u.display_name AS worker_name FROM assessments a JOIN users u ON u.id = a.worker_id`;

export function listAssessments(ctx: { db: SignedInContext['db'] }, clientId: string): Assessment[] {
  return (ctx.db.prepare(`${SELECT} WHERE a.client_id = ? ORDER BY a.assessed_on DESC, a.created_at DESC`).all(clientId) as AssessmentRow[]).map(toAssessment);
}

export function getAssessment(ctx: SignedInContext, id: string): Assessment {
  const row = ctx.db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AssessmentRow | undefined;
  if (!row) throw notFound('assessment');
  return toAssessment(row);
}

export function createAssessment(ctx: SignedInContext, input: AssessmentInput): Assessment {
  // The contract checks ranges already; checked again here because the core is also called directly (CLI, seed).
  for (const k of RAI_KEYS) {
    const v = input[k];
    const err = v === null ? null : raiRangeError(k, v);
    if (err) throw new AppError('VALIDATION', err, [{ path: k, message: err }]);
  }
  const today = ctx.clock.today();
  if (input.assessedOn > today) throw new AppError('VALIDATION', `Arviointipäivä ${input.assessedOn} on tulevaisuudessa.`, [{ path: 'assessedOn', message: 'tulevaisuudessa' }]);
  const id = uuidv7(ctx.clock.now().getTime());
  ctx.db.transaction(() => {
    const client = ctx.db.prepare('SELECT id, birth_date FROM clients WHERE id = ? AND deleted = 0').get(input.clientId) as
      | { id: string; birth_date: string }
      | undefined;
    if (!client) throw notFound('client');
    if (input.assessedOn < client.birth_date) throw new AppError('VALIDATION', 'Arviointipäivä on ennen asiakkaan syntymää.');
    if (input.intakeItemId) {
      const item = loadItem(ctx, input.intakeItemId);
      if (item.client_id !== input.clientId) throw new AppError('VALIDATION', 'Saapunut asia ei koske tätä asiakasta.');
      if (input.assessedOn < item.contact_date)
        throw new AppError('VALIDATION', `Arviointipäivä ${input.assessedOn} on ennen yhteydenottoa (${item.contact_date}).`, [
          { path: 'assessedOn', message: 'ennen yhteydenottoa' },
        ]);
      if (item.status === 'new') moveItem(ctx, item, 'assigned');
      if (item.status === 'assigned') moveItem(ctx, item, 'assessment');
      else if (item.status !== 'assessment') throw new AppError('INVALID_STATE', 'Arvioinnin voi kirjata vain avoimelle asialle ennen päätösvaihetta.');
    }
    const now = ctx.clock.now().toISOString();
    const row = {
      id,
      client_id: input.clientId,
      intake_item_id: input.intakeItemId,
      assessed_on: input.assessedOn,
      method: input.method,
      maple5: input.maple5,
      cps: input.cps,
      adlh: input.adlh,
      iadlch: input.iadlch,
      drs: input.drs,
      chess: input.chess,
      night_care_need: input.nightCareNeed ? 1 : 0,
      informal_carer: input.informalCarer ? 1 : 0,
      functional_notes: input.functionalNotes,
      client_view: input.clientView,
      conclusion: input.conclusion,
      service_level: input.serviceLevel,
      worker_id: ctx.user.id,
      created_at: now,
      updated_at: now,
    };
    ctx.db
      .prepare(
        `INSERT INTO assessments (id, client_id, intake_item_id, assessed_on, method, maple5, cps, adlh, iadlch, drs, chess, night_care_need,
           informal_carer, functional_notes, client_view, conclusion, service_level, worker_id, created_at, updated_at)
         VALUES (@id, @client_id, @intake_item_id, @assessed_on, @method, @maple5, @cps, @adlh, @iadlch, @drs, @chess, @night_care_need,
           @informal_carer, @functional_notes, @client_view, @conclusion, @service_level, @worker_id, @created_at, @updated_at)`,
      )
      .run(row);
    ctx.audit.write({ userId: ctx.user.id, action: 'assessment.create', entityType: 'assessment', entityId: id, clientId: input.clientId });
  })();
  if (input.intakeItemId) ctx.emit('queue.changed', { itemIds: [input.intakeItemId] });
  return getAssessment(ctx, id);
}

