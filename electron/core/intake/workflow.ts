// Handling one intake item: its detail, state transitions (checked against shared/domain/intake-states.ts),
// linking it to a client or creating the client from it (duplicate check by henkilötunnus), the responsible
// worker (omatyöntekijä) and the workload of every caseworker.
import { z } from 'zod';
import { AppError, notFound } from '../../../shared/contract/errors';
import { issue, msg } from '../../../shared/messages';
import { RECENT_DAYS, type IntakeDetail, type newClientInput } from '../../../shared/contract/guidance-schemas';
import { deadlineRunning, daysLeft, deadlineState } from '../../../shared/domain/deadline-state';
import { ageOn, creationWarning, maskHetu, MAX_PLAUSIBLE_AGE, parseHetu } from '../../../shared/domain/hetu';
import type { IntakeStatus } from '../../../shared/domain/intake';
import { INTAKE_TRANSITIONS, canTransitionIntake, intakeTransitionError } from '../../../shared/domain/intake-states';
import { CASEWORKER_ROLES } from '../../../shared/roles';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { searchKey } from '../clients/search-key';
import { listAssessments } from '../assessments/service';
import { listPlans } from '../plans/service';
import { addDays } from '../../../shared/domain/dates';
import { guessLanguage } from '../../../shared/domain/language';
import { decisionRows } from '../decisions/queries';
import { areaScope } from '../access/scope';

interface ItemRow {
  id: string;
  type: IntakeDetail['type'];
  channel: IntakeDetail['channel'];
  service_applied: IntakeDetail['serviceApplied'];
  received_at: string;
  contact_date: string;
  urgent: number;
  reporter_name: string;
  reporter_role: string;
  text: string;
  client_id: string | null;
  subject_name: string | null;
  subject_birth_date: string | null;
  municipality_code: string;
  area_id: string;
  status: IntakeStatus;
  assigned_worker_id: string | null;
  assessment_due: string;
  due_basis: IntakeDetail['dueBasis'];
  report_language: 'fi' | 'sv' | null;
  version: number;
}

export function loadItem(ctx: SignedInContext, itemId: string): ItemRow {
  const row = ctx.db.prepare('SELECT * FROM intake_items WHERE id = ?').get(itemId) as ItemRow | undefined;
  if (!row) throw notFound('intakeItem');
  return row;
}

export function getItem(ctx: SignedInContext, input: { itemId: string }): IntakeDetail {
  const r = loadItem(ctx, input.itemId);
  const today = ctx.clock.today();
  const scope = areaScope(ctx.user);
  // The item is in the caller's areas; its client may have moved to another area since: then not shown.
  const linked = r.client_id
    ? (ctx.db.prepare("SELECT id, last_name || ' ' || first_names AS name, hetu, birth_date, area_id FROM clients WHERE id = ?").get(r.client_id) as
        | { id: string; name: string; hetu: string; birth_date: string; area_id: string }
        | undefined)
    : undefined;
  const client = linked && scope.includes(linked.area_id) ? linked : null;
  const assessments = client ? listAssessments(ctx, client.id).filter((a) => a.intakeItemId === r.id) : [];
  const hasPlan =
    assessments.length > 0 &&
    ctx.db.prepare('SELECT 1 FROM client_plans p JOIN assessments a ON a.id = p.assessment_id WHERE a.intake_item_id = ? LIMIT 1').get(r.id) !== undefined;
  const worker = r.assigned_worker_id
    ? (ctx.db.prepare('SELECT id, display_name AS name FROM users WHERE id = ?').get(r.assigned_worker_id) as { id: string; name: string })
    : null;
  const plan = hasPlan ? (listPlans(ctx, client!.id).find((p) => p.assessmentId !== null && assessments.some((a) => a.id === p.assessmentId)) ?? null) : null;
  return {
    id: r.id,
    type: r.type,
    channel: r.channel,
    serviceApplied: r.service_applied,
    receivedAt: r.received_at,
    contactDate: r.contact_date,
    urgent: r.urgent === 1,
    reporterName: r.reporter_name,
    reporterRole: r.reporter_role,
    text: r.text,
    client: client ? { id: client.id, name: client.name, hetuMasked: maskHetu(client.hetu), age: ageOn(client.birth_date, today) } : null,
    reportLanguage: r.report_language ?? (linked ? (ctx.db.prepare('SELECT language FROM clients WHERE id = ?').pluck().get(linked.id) as 'fi' | 'sv') : null) ?? guessLanguage(r.text),
    subjectName: r.subject_name,
    subjectBirthDate: r.subject_birth_date,
    municipalityCode: r.municipality_code,
    areaId: r.area_id,
    status: r.status,
    assignedWorker: worker,
    assessmentDue: r.assessment_due,
    dueBasis: r.due_basis,
    daysLeft: deadlineRunning(r.status) ? daysLeft(today, r.assessment_due) : null,
    allowedTransitions: [...INTAKE_TRANSITIONS[r.status]],
    assessments,
    hasPlan,
    plan,
    decisions: decisionRows(ctx.db, { intakeItemId: r.id, scope }),
    related: client ? relatedWork(ctx, client.id, r.id, today) : null,
    version: r.version,
  };
}

/** The client's other open items, recent assessments and decisions, each with its worker (read with the item). */
function relatedWork(ctx: SignedInContext, clientId: string, itemId: string, today: string): NonNullable<IntakeDetail['related']> {
  const since = addDays(today, -RECENT_DAYS);
  const responsible = ctx.db
    .prepare('SELECT u.id, u.display_name AS name FROM clients c JOIN users u ON u.id = c.responsible_worker_id WHERE c.id = ?')
    .get(clientId) as { id: string; name: string } | undefined;
  const openItems = (
    ctx.db
      .prepare(
        `SELECT i.id, i.type, i.received_at, i.status, u.display_name AS worker FROM intake_items i LEFT JOIN users u ON u.id = i.assigned_worker_id
         WHERE i.client_id = ? AND i.id <> ? AND i.status IN ('new','assigned','assessment','decision') ORDER BY i.received_at DESC LIMIT 20`,
      )
      .all(clientId, itemId) as { id: string; type: IntakeDetail['type']; received_at: string; status: IntakeStatus; worker: string | null }[]
  ).map((i) => ({ id: i.id, type: i.type, receivedAt: i.received_at, status: i.status, workerName: i.worker }));
  const recentAssessments = listAssessments(ctx, clientId)
    .filter((a) => a.assessedOn >= since && a.intakeItemId !== itemId)
    .slice(0, 10)
    .map((a) => ({ id: a.id, assessedOn: a.assessedOn, workerName: a.workerName, serviceLevel: a.serviceLevel, intakeItemId: a.intakeItemId }));
  const decisions = decisionRows(ctx.db, { clientId, scope: areaScope(ctx.user) })
    .filter((d) => d.status === 'draft' || d.status === 'proposed' || (d.decidedOn ?? '') >= since)
    .filter((d) => !decisionOfItem(ctx, d.id, itemId))
    .slice(0, 10);
  return { responsibleWorker: responsible ?? null, openItems, recentAssessments, decisions };
}

function decisionOfItem(ctx: SignedInContext, decisionId: string, itemId: string): boolean {
  return ctx.db.prepare('SELECT 1 FROM decisions WHERE id = ? AND intake_item_id = ?').get(decisionId, itemId) !== undefined;
}

/**
 * Moves an item to another state after checking the transition table and what the target state needs.
 * Runs inside the caller's transaction when there is one (better-sqlite3 nests transactions as savepoints).
 */
export function moveItem(ctx: SignedInContext, item: ItemRow, to: IntakeStatus, extra: Record<string, unknown> = {}): void {
  if (!canTransitionIntake(item.status, to)) throw new AppError('INVALID_STATE', intakeTransitionError(item.status, to));
  const now = ctx.clock.now().toISOString();
  const worker = to === 'assigned' && !item.assigned_worker_id ? ctx.user.id : item.assigned_worker_id;
  const closedAt = ['closed', 'forwarded', 'cancelled'].includes(to) ? now : null;
  const res = ctx.db
    .prepare(
      `UPDATE intake_items SET status = @to, assigned_worker_id = @worker, closed_at = @closedAt, version = version + 1, updated_at = @now
       WHERE id = @id AND version = @version AND status = @from`,
    )
    .run({ to, worker, closedAt, now, id: item.id, version: item.version, from: item.status });
  if (res.changes !== 1) throw new AppError('CONFLICT', msg('intake.changedElsewhere'));
  ctx.audit.write({
    userId: ctx.user.id,
    action: 'intake.transition',
    entityType: 'intake_item',
    entityId: item.id,
    clientId: item.client_id,
    details: { from: item.status, to, ...extra },
  });
  item.status = to;
  item.assigned_worker_id = worker;
  item.version += 1;
}

export function transitionItem(ctx: SignedInContext, input: { itemId: string; to: IntakeStatus; version: number; reason: string }): IntakeDetail {
  ctx.db.transaction(() => {
    const item = loadItem(ctx, input.itemId);
    if (item.version !== input.version) throw new AppError('CONFLICT', msg('intake.changedElsewhere'));
    if (!canTransitionIntake(item.status, input.to)) throw new AppError('INVALID_STATE', intakeTransitionError(item.status, input.to));
    if (input.to === 'assessment' && !item.client_id)
      throw new AppError('INVALID_STATE', msg('intake.clientBeforeAssessment'));
    if (input.to === 'decision') {
      const n = ctx.db.prepare('SELECT count(*) AS n FROM assessments WHERE intake_item_id = ?').get(item.id) as { n: number };
      if (n.n === 0) throw new AppError('INVALID_STATE', msg('intake.assessmentBeforeDecision'));
    }
    if (input.to === 'closed') {
      const open = ctx.db.prepare("SELECT count(*) AS n FROM decisions WHERE intake_item_id = ? AND status IN ('draft','proposed')").get(item.id) as {
        n: number;
      };
      if (open.n > 0) throw new AppError('INVALID_STATE', msg('intake.openDecisions', { count: open.n }));
    }
    if (['forwarded', 'cancelled'].includes(input.to) && input.reason.trim() === '')
      throw new AppError('VALIDATION', msg(input.to === 'forwarded' ? 'intake.forwardReason' : 'intake.cancelReason'), [{ path: 'reason', key: input.to === 'forwarded' ? 'intake.forwardReason' : 'intake.cancelReason' }]);
    moveItem(ctx, item, input.to, input.reason.trim() ? { reason: input.reason.trim() } : {});
  })();
  ctx.emit('queue.changed', { itemIds: [input.itemId] });
  return getItem(ctx, { itemId: input.itemId });
}

export function linkClient(ctx: SignedInContext, input: { itemId: string; clientId: string }): IntakeDetail {
  ctx.db.transaction(() => {
    const item = loadItem(ctx, input.itemId);
    if (!['new', 'assigned', 'assessment'].includes(item.status))
      throw new AppError('INVALID_STATE', msg('intake.linkOnlyOpen'));
    if (item.client_id === input.clientId) return;
    if (item.client_id) throw new AppError('INVALID_STATE', msg('intake.linkedToOther'));
    const client = ctx.db.prepare('SELECT id FROM clients WHERE id = ? AND deleted = 0').get(input.clientId);
    if (!client) throw notFound('client');
    const now = ctx.clock.now().toISOString();
    ctx.db
      .prepare('UPDATE intake_items SET client_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?')
      .run(input.clientId, now, item.id, item.version);
    ctx.audit.write({ userId: ctx.user.id, action: 'intake.linkClient', entityType: 'intake_item', entityId: item.id, clientId: input.clientId });
  })();
  ctx.emit('queue.changed', { itemIds: [input.itemId] });
  return getItem(ctx, { itemId: input.itemId });
}

export function createClientFromItem(ctx: SignedInContext, input: z.infer<typeof newClientInput>): IntakeDetail {
  const hetu = parseHetu(input.hetu);
  if (!hetu.valid) throw new AppError('VALIDATION', msg('hetu.invalid', { reason: hetu.message }), [{ path: 'hetu', ...hetu.message }]);
  const today = ctx.clock.today();
  // A wrong century sign makes a valid code of someone born a century earlier (300149+123S: 177 years old).
  if (hetu.birthDate > today) throw new AppError('VALIDATION', msg('hetu.futureBirth', { birthDate: hetu.birthDate }), [issue('hetu', 'hetu.futureBirth', { birthDate: hetu.birthDate })]);
  const age = ageOn(hetu.birthDate, today);
  if (age > MAX_PLAUSIBLE_AGE)
    throw new AppError('VALIDATION', msg('hetu.implausibleAge', { age, birthDate: hetu.birthDate }), [issue('hetu', 'hetu.implausibleAge', { age, birthDate: hetu.birthDate })]);
  ctx.db.transaction(() => {
    const item = loadItem(ctx, input.itemId);
    if (item.client_id) throw new AppError('INVALID_STATE', msg('intake.alreadyLinked'));
    if (!['new', 'assigned', 'assessment'].includes(item.status)) throw new AppError('INVALID_STATE', msg('intake.createOnlyOpen'));
    const dup = ctx.db.prepare("SELECT id, last_name || ' ' || first_names AS name, area_id FROM clients WHERE hetu = ?").get(hetu.hetu) as
      | { id: string; name: string; area_id: string }
      | undefined;
    if (dup && !areaScope(ctx.user).includes(dup.area_id))
      // A client of another area: that one exists is all the caller learns (no name, no id).
      throw new AppError('CONFLICT', msg('hetu.duplicateOtherArea'), [issue('hetu', 'hetu.duplicateOtherArea')]);
    if (dup) throw new AppError('CONFLICT', msg('hetu.duplicate', { name: dup.name }), [issue('hetu', 'hetu.duplicate', { name: dup.name })]);
    // Warnings the worker confirms: the code's birth date is not the one in the report, or the age is unusual
    // for this unit. Refused until confirmed, so a typo does not silently become another person.
    if (!input.confirmWarnings) {
      const warning = creationWarning(hetu.birthDate, item.subject_birth_date, age);
      if (warning) throw new AppError('VALIDATION', warning, [{ path: 'hetu', ...warning }]);
    }
    const now = ctx.clock.now().toISOString();
    const id = uuidv7(ctx.clock.now().getTime());
    const responsible = CASEWORKER_ROLES.includes(ctx.user.role) ? ctx.user.id : item.assigned_worker_id;
    const row = {
      id,
      hetu: hetu.hetu,
      last_name: input.lastName,
      first_names: input.firstNames,
      name_key: searchKey(`${input.lastName} ${input.firstNames}`),
      birth_date: hetu.birthDate,
      language: input.language,
      street_address: input.streetAddress,
      postal_code: input.postalCode,
      post_office: input.postOffice?.toUpperCase() ?? null,
      address_protected: input.addressProtected ? 1 : 0,
      municipality_code: item.municipality_code,
      area_id: item.area_id,
      phone: input.phone,
      care_allowance: input.careAllowance,
      responsible_worker_id: responsible,
      updated_at: now,
    };
    ctx.db
      .prepare(
        `INSERT INTO clients (id, hetu, last_name, first_names, name_key, birth_date, language, street_address, postal_code, post_office,
           address_protected, municipality_code, area_id, phone, care_allowance, responsible_worker_id, updated_at)
         VALUES (@id, @hetu, @last_name, @first_names, @name_key, @birth_date, @language, @street_address, @postal_code, @post_office,
           @address_protected, @municipality_code, @area_id, @phone, @care_allowance, @responsible_worker_id, @updated_at)`,
      )
      .run(row);
    ctx.db
      .prepare('UPDATE intake_items SET client_id = ?, subject_name = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?')
      .run(id, now, item.id, item.version);
    ctx.audit.write({ userId: ctx.user.id, action: 'intake.createClient', entityType: 'client', entityId: id, clientId: id, details: { itemId: item.id } });
  })();
  ctx.emit('queue.changed', { itemIds: [input.itemId] });
  return getItem(ctx, { itemId: input.itemId });
}

export function setResponsibleWorker(ctx: SignedInContext, input: { clientId: string; workerId: string | null }): { ok: true } {
  ctx.db.transaction(() => {
    const client = ctx.db.prepare('SELECT id, version, responsible_worker_id FROM clients WHERE id = ? AND deleted = 0').get(input.clientId) as
      | { id: string; version: number; responsible_worker_id: string | null }
      | undefined;
    if (!client) throw notFound('client');
    if (input.workerId) {
      const w = ctx.db.prepare('SELECT role, active, display_name FROM users WHERE id = ?').get(input.workerId) as
        | { role: string; active: number; display_name: string }
        | undefined;
      if (!w || !w.active) throw notFound('worker');
      if (!CASEWORKER_ROLES.includes(w.role as never)) throw new AppError('VALIDATION', msg('intake.notCaseworkerResponsible', { name: w.display_name }));
    }
    const now = ctx.clock.now().toISOString();
    ctx.db.prepare('UPDATE clients SET responsible_worker_id = ?, version = version + 1, updated_at = ? WHERE id = ?').run(input.workerId, now, client.id);
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'client.responsibleWorker',
      entityType: 'client',
      entityId: client.id,
      clientId: client.id,
      details: { from: client.responsible_worker_id, to: input.workerId },
    });
  })();
  return { ok: true };
}

/** Each caseworker's open items (with overdue and due-soon counts) and clients, for assignment by workload. */
export function workload(ctx: SignedInContext) {
  const today = ctx.clock.today();
  const workers = ctx.db
    .prepare(
      `SELECT u.id, u.display_name AS name, u.role, (SELECT group_concat(area_id) FROM user_areas ua WHERE ua.user_id = u.id) AS areas,
         (SELECT count(*) FROM clients c WHERE c.responsible_worker_id = u.id AND c.deleted = 0) AS clients
       FROM users u WHERE u.active = 1 AND u.role IN ('guidance_worker','social_worker') ORDER BY u.display_name`,
    )
    .all() as { id: string; name: string; role: string; areas: string | null; clients: number }[];
  const items = ctx.db
    .prepare(
      `SELECT assigned_worker_id AS w, status, assessment_due AS due FROM intake_items
       WHERE assigned_worker_id IS NOT NULL AND status IN ('new','assigned','assessment','decision')`,
    )
    .all() as { w: string; status: string; due: string }[];
  const counts = new Map<string, { open: number; overdue: number; dueSoon: number }>();
  for (const i of items) {
    const c = counts.get(i.w) ?? { open: 0, overdue: 0, dueSoon: 0 };
    c.open += 1;
    const st = deadlineState(today, i.due, i.status);
    if (st === 'overdue') c.overdue += 1;
    else if (st === 'dueSoon') c.dueSoon += 1;
    counts.set(i.w, c);
  }
  return workers.map((w) => {
    const c = counts.get(w.id) ?? { open: 0, overdue: 0, dueSoon: 0 };
    return { workerId: w.id, name: w.name, role: w.role, areaIds: w.areas ? w.areas.split(',') : [], openItems: c.open, overdue: c.overdue, dueSoon: c.dueSoon, clients: w.clients };
  });
}
