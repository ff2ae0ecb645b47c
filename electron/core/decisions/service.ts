// Service decisions: drafts, proposal to a decision maker, signing under the delegation rules with a county-wide
// number, recording the sending (which fixes notification and review deadlines), corrections as new decisions.
import { takeNumber } from '../numbers';
import { AppError, forbidden, notFound } from '../../../shared/contract/errors';
import { issue, msg, type LocalText, type Message } from '../../../shared/messages';
import type { DecisionDraftInput, DecisionDto } from '../../../shared/contract/guidance-schemas';
import { appealDeadlines, arrangeBy, needsMultiProfessionalReview, type SendChannel } from '../../../shared/domain/deadlines';
import {
  canTransitionDecision,
  decisionContentErrors,
  decisionTransitionError,
  delegationError,
  editError,
  type DecisionLine,
  type DecisionOutcome,
  type DecisionStatus,
} from '../../../shared/domain/decisions';
import { isCountyWide, type Role } from '../../../shared/roles';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { cachedStatement } from '../db/connection';
import { loadDelegationRules, loadReasoningTexts, loadServices } from '../guidance/reference';
import { loadItem, moveItem } from '../intake/workflow';
import { decisionRows, formatDecisionNumber, type DecisionFilter } from './queries';
import { areaScope } from '../access/scope';
import { auditRead } from '../access/guard';
import { refreshClientFees } from '../fees/decisions';
import { addDays } from '../../../shared/domain/dates';
import { endByTermination } from '../arrangement/service';
import { openArrangements } from '../arrangement/queries';

interface DecisionRow {
  id: string;
  client_id: string;
  client_name: string;
  intake_item_id: string | null;
  assessment_id: string | null;
  kind: DecisionDto['kind'];
  outcome: DecisionOutcome;
  status: DecisionStatus;
  applied_service: string | null;
  applied_on: string | null;
  reasoning_codes: string;
  reasoning_free: string;
  reasoning_fi: string | null;
  reasoning_sv: string | null;
  legal_basis: string;
  drafted_by: string;
  drafted_by_name: string;
  decision_maker_id: string | null;
  maker_name: string | null;
  maker_title: string | null;
  corrects_id: string | null;
  corrects_number: number | null;
  corrects_year: number | null;
  number: number | null;
  number_year: number | null;
  decided_on: string | null;
  sent_on: string | null;
  send_channel: SendChannel | null;
  notified_on: string | null;
  appeal_last_day: string | null;
  notification_basis: 'electronic' | 'letter' | 'hand' | 'returned' | null;
  notification_provisional: number;
  arrange_by: string | null;
  version: number;
  created_at: string;
}

interface LineRow {
  id: string;
  service_code: string;
  amount: number | null;
  start_date: string;
  end_date: string | null;
  provider_kind: DecisionLine['providerKind'];
  provider_id: string | null;
  voucher_value_cents: number | null;
  name_fi: string;
  unit: DecisionDto['lines'][number]['unit'];
  provider_name: string | null;
}

function loadRow(ctx: SignedInContext, id: string): DecisionRow {
  const row = cachedStatement(
    ctx.db,
    `SELECT d.*, c.last_name || ' ' || c.first_names AS client_name, u.display_name AS drafted_by_name,
         m.display_name AS maker_name, m.title AS maker_title, o.number AS corrects_number, o.number_year AS corrects_year
       FROM decisions d JOIN clients c ON c.id = d.client_id JOIN users u ON u.id = d.drafted_by
       LEFT JOIN users m ON m.id = d.decision_maker_id LEFT JOIN decisions o ON o.id = d.corrects_id
       WHERE d.id = ?`,
  ).get(id) as DecisionRow | undefined;
  if (!row) throw notFound('decision');
  return row;
}

function loadLines(ctx: SignedInContext, id: string): LineRow[] {
  return ctx.db
    .prepare(
      `SELECT ds.*, s.name_fi, s.unit, p.name AS provider_name FROM decision_services ds
       JOIN services s ON s.code = ds.service_code LEFT JOIN providers p ON p.id = ds.provider_id
       WHERE ds.decision_id = ? ORDER BY ds.sort`,
    )
    .all(id) as LineRow[];
}

export function getDecision(ctx: SignedInContext, input: { decisionId: string }): DecisionDto {
  const r = loadRow(ctx, input.decisionId);
  const lines = loadLines(ctx, r.id);
  const onDate = r.decided_on ?? ctx.clock.today();
  return {
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    intakeItemId: r.intake_item_id,
    assessmentId: r.assessment_id,
    kind: r.kind,
    outcome: r.outcome,
    status: r.status,
    appliedService: r.applied_service,
    appliedOn: r.applied_on,
    lines: lines.map((l) => ({
      id: l.id,
      serviceCode: l.service_code,
      serviceNameFi: l.name_fi,
      unit: l.unit,
      amount: l.amount,
      startDate: l.start_date,
      endDate: l.end_date,
      providerKind: l.provider_kind,
      providerId: l.provider_id,
      providerName: l.provider_name,
      voucherValueCents: l.voucher_value_cents,
    })),
    reasoningIds: JSON.parse(r.reasoning_codes) as string[],
    reasoningFree: r.reasoning_free,
    reasoningFi: r.reasoning_fi,
    reasoningSv: r.reasoning_sv,
    legalBasis: r.legal_basis,
    draftedByName: r.drafted_by_name,
    decisionMaker: r.decision_maker_id ? { id: r.decision_maker_id, name: r.maker_name ?? '', title: r.maker_title ?? '' } : null,
    correctsId: r.corrects_id,
    correctsNumber: formatDecisionNumber(r.corrects_number, r.corrects_year),
    number: formatDecisionNumber(r.number, r.number_year),
    decidedOn: r.decided_on,
    sentOn: r.sent_on,
    sendChannel: r.send_channel,
    notifiedOn: r.notified_on,
    appealLastDay: r.appeal_last_day,
    notificationBasis: r.notification_basis,
    notificationProvisional: r.notification_provisional === 1,
    arrangeBy: r.arrange_by,
    multiProfessionalReview: lines.some((l) => l.service_code === 'home_care' && l.amount !== null && needsMultiProfessionalReview(l.amount, onDate)),
    version: r.version,
    createdAt: r.created_at,
  };
}

export function listDecisions(ctx: SignedInContext, input: { statuses: DecisionStatus[]; mine: boolean; waitingForMe: boolean; clientId: string | null }) {
  const f: DecisionFilter = { statuses: input.statuses, scope: areaScope(ctx.user) };
  if (input.clientId) f.clientId = input.clientId;
  if (input.mine) f.involving = ctx.user.id;
  if (input.waitingForMe) f.proposedTo = ctx.user.id;
  const rows = decisionRows(ctx.db, f);
  auditRead(ctx, 'decision.list', { entityType: 'decision', clientId: input.clientId, details: { statuses: input.statuses, mine: input.mine, waitingForMe: input.waitingForMe, rows: rows.length } });
  return rows;
}

function legalBasisFor(ctx: SignedInContext, codes: string[]): string {
  const services = loadServices(ctx.db);
  const bases = [...new Set(codes.map((c) => services.get(c)?.legalBasis).filter((b): b is string => !!b))];
  return [...bases, 'Hallintolaki 434/2003 44–45 § (päätöksen sisältö ja perusteleminen)'].join('; ');
}

function checkContent(ctx: SignedInContext, input: DecisionDraftInput): void {
  const services = loadServices(ctx.db);
  input.lines.forEach((l, i) => {
    if (!services.has(l.serviceCode)) throw new AppError('VALIDATION', msg('catalogue.unknownService', { code: l.serviceCode }), [issue(`lines.${i}.serviceCode`, 'field.invalidChoice')]);
    if (l.providerId) {
      const p = ctx.db.prepare('SELECT kind FROM providers WHERE id = ? AND active = 1').get(l.providerId) as { kind: string } | undefined;
      if (!p) throw notFound('provider');
      if (p.kind !== l.providerKind) throw new AppError('VALIDATION', msg('decisions.providerKindMismatch'), [issue(`lines.${i}.providerId`, 'decisions.providerKindMismatch')]);
    }
  });
  const texts = loadReasoningTexts(ctx.db);
  for (const rid of input.reasoningIds) if (!texts.some((t) => t.id === rid)) throw notFound('reasoningText');
  if (input.appliedOn && input.appliedOn > ctx.clock.today())
    throw new AppError('VALIDATION', msg('decisions.appliedInFuture', { date: input.appliedOn }), [issue('appliedOn', 'field.notInFuture')]);
}

function writeLines(ctx: SignedInContext, decisionId: string, input: DecisionDraftInput): void {
  ctx.db.prepare('DELETE FROM decision_services WHERE decision_id = ?').run(decisionId);
  const ins = ctx.db.prepare(
    `INSERT INTO decision_services (id, decision_id, sort, service_code, amount, start_date, end_date, provider_kind, provider_id, voucher_value_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  input.lines.forEach((l, i) =>
    ins.run(uuidv7(ctx.clock.now().getTime()), decisionId, i, l.serviceCode, l.amount, l.startDate, l.endDate, l.providerKind, l.providerId, l.voucherValueCents),
  );
}

function assertDateOrder(input: DecisionDraftInput): void {
  input.lines.forEach((l, i) => {
    if (l.endDate !== null && l.endDate < l.startDate)
      throw new AppError('VALIDATION', msg('decisions.lineEndBeforeStart', { row: i + 1, end: l.endDate, start: l.startDate }), [
        issue(`lines.${i}.endDate`, 'field.endBeforeStart'),
      ]);
  });
}

export function createDraft(ctx: SignedInContext, input: DecisionDraftInput, correctsId: string | null = null): DecisionDto {
  assertDateOrder(input);
  checkContent(ctx, input);
  const id = uuidv7(ctx.clock.now().getTime());
  ctx.db.transaction(() => {
    const client = ctx.db.prepare('SELECT id FROM clients WHERE id = ? AND deleted = 0').get(input.clientId);
    if (!client) throw notFound('client');
    if (input.intakeItemId) {
      const item = loadItem(ctx, input.intakeItemId);
      if (item.client_id !== input.clientId) throw new AppError('VALIDATION', msg('decisions.itemOtherClient'));
      if (item.status === 'assessment') moveItem(ctx, item, 'decision');
      else if (item.status !== 'decision') throw new AppError('INVALID_STATE', msg('decisions.draftNeedsAssessment'));
    }
    if (input.assessmentId) {
      const a = ctx.db.prepare('SELECT client_id FROM assessments WHERE id = ?').get(input.assessmentId) as { client_id: string } | undefined;
      if (!a) throw notFound('assessment');
      if (a.client_id !== input.clientId) throw new AppError('VALIDATION', msg('assessments.otherClient'));
    }
    const now = ctx.clock.now().toISOString();
    const codes = [...input.lines.map((l) => l.serviceCode), ...(input.appliedService ? [input.appliedService] : [])];
    const row = {
      id,
      client_id: input.clientId,
      intake_item_id: input.intakeItemId,
      assessment_id: input.assessmentId,
      outcome: input.outcome,
      applied_service: input.appliedService,
      applied_on: input.appliedOn,
      reasoning_codes: JSON.stringify(input.reasoningIds),
      reasoning_free: input.reasoningFree,
      legal_basis: legalBasisFor(ctx, codes),
      drafted_by: ctx.user.id,
      corrects_id: correctsId,
      created_at: now,
      updated_at: now,
    };
    ctx.db
      .prepare(
        `INSERT INTO decisions (id, client_id, intake_item_id, assessment_id, outcome, status, applied_service, applied_on, reasoning_codes,
           reasoning_free, legal_basis, drafted_by, corrects_id, created_at, updated_at)
         VALUES (@id, @client_id, @intake_item_id, @assessment_id, @outcome, 'draft', @applied_service, @applied_on, @reasoning_codes,
           @reasoning_free, @legal_basis, @drafted_by, @corrects_id, @created_at, @updated_at)`,
      )
      .run(row);
    writeLines(ctx, id, input);
    ctx.audit.write({ userId: ctx.user.id, action: correctsId ? 'decision.correct' : 'decision.draft', entityType: 'decision', entityId: id, clientId: input.clientId, details: correctsId ? { corrects: correctsId } : undefined });
  })();
  if (input.intakeItemId) ctx.emit('queue.changed', { itemIds: [input.intakeItemId] });
  return getDecision(ctx, { decisionId: id });
}

export function updateDraft(ctx: SignedInContext, input: DecisionDraftInput & { decisionId: string; version: number }): DecisionDto {
  assertDateOrder(input);
  checkContent(ctx, input);
  ctx.db.transaction(() => {
    const r = loadRow(ctx, input.decisionId);
    const err = editError(r.status);
    if (err) throw new AppError('INVALID_STATE', err);
    if (r.version !== input.version) throw new AppError('CONFLICT', msg('decisions.changedElsewhere'));
    if (r.client_id !== input.clientId) throw new AppError('VALIDATION', msg('decisions.clientFixed'));
    const now = ctx.clock.now().toISOString();
    const codes = [...input.lines.map((l) => l.serviceCode), ...(input.appliedService ? [input.appliedService] : [])];
    ctx.db
      .prepare(
        `UPDATE decisions SET outcome = @outcome, applied_service = @applied, applied_on = @appliedOn, reasoning_codes = @codes, reasoning_free = @free,
           legal_basis = @basis, version = version + 1, updated_at = @now WHERE id = @id AND version = @version AND status = 'draft'`,
      )
      .run({
        outcome: input.outcome,
        applied: input.appliedService,
        appliedOn: input.appliedOn,
        codes: JSON.stringify(input.reasoningIds),
        free: input.reasoningFree,
        basis: legalBasisFor(ctx, codes),
        now,
        id: r.id,
        version: r.version,
      });
    writeLines(ctx, r.id, input);
    ctx.audit.write({ userId: ctx.user.id, action: 'decision.update', entityType: 'decision', entityId: r.id, clientId: r.client_id });
  })();
  return getDecision(ctx, { decisionId: input.decisionId });
}

function serviceNamer(ctx: SignedInContext) {
  const services = loadServices(ctx.db);
  return (code: string): LocalText | string => {
    const s = services.get(code);
    return s ? { fi: s.nameFi.toLowerCase(), sv: s.nameSv.toLowerCase() } : code;
  };
}

function delegationFor(ctx: SignedInContext, r: DecisionRow, lines: LineRow[], role: Role, onDate: string): Message | null {
  return delegationError(
    loadDelegationRules(ctx.db),
    role,
    onDate,
    r.outcome,
    lines.map((l) => ({ serviceCode: l.service_code, amount: l.amount })),
    r.applied_service,
    serviceNamer(ctx),
  );
}

/** The content problems as a refusal: every problem by field (the editor shows them at the fields). */
function contentRefusal(r: DecisionRow, lines: LineRow[]): AppError | null {
  const problems = contentErrors(r, lines);
  if (problems.length === 0) return null;
  return new AppError('VALIDATION', msg('decisions.contentInvalid', { problems: problems.map((p) => ({ key: p.key, params: p.params ?? {} })) }), problems);
}

function contentErrors(r: DecisionRow, lines: LineRow[]) {
  return decisionContentErrors(
    r.outcome,
    lines.map((l) => ({ serviceCode: l.service_code, amount: l.amount, startDate: l.start_date, endDate: l.end_date, providerKind: l.provider_kind, voucherValueCents: l.voucher_value_cents })),
    (JSON.parse(r.reasoning_codes) as string[]).length,
    r.reasoning_free,
  );
}

/** Whether a user may see (and so sign) a decision of a client in `clientArea`: their areas, or a county-wide role. */
function coversArea(role: Role, areas: string | null, clientArea: string): boolean {
  return isCountyWide(role) || (areas ?? '').split(',').includes(clientArea);
}

/**
 * Users who may make this decision today: the delegation rules give their role the power, and the client lies in
 * their areas (someone without access to the client could not open, let alone sign it). The client's own area's
 * people come first; namesakes are told apart by their areas.
 */
export function eligibleDecisionMakers(ctx: SignedInContext, input: { decisionId: string }) {
  const r = loadRow(ctx, input.decisionId);
  const lines = loadLines(ctx, r.id);
  const today = ctx.clock.today();
  const clientArea = ctx.db.prepare('SELECT area_id FROM clients WHERE id = ?').pluck().get(r.client_id) as string;
  const users = ctx.db
    .prepare(
      `SELECT u.id, u.display_name, u.title, u.role, (SELECT group_concat(area_id) FROM user_areas ua WHERE ua.user_id = u.id) AS areas
       FROM users u WHERE u.active = 1 ORDER BY u.display_name`,
    )
    .all() as { id: string; display_name: string; title: string; role: Role; areas: string | null }[];
  // The rules depend on the role only: decide once per role, not once per user.
  const allowed = new Map<Role, boolean>();
  for (const u of users) if (!allowed.has(u.role)) allowed.set(u.role, delegationFor(ctx, r, lines, u.role, today) === null);
  return users
    .filter((u) => allowed.get(u.role) && coversArea(u.role, u.areas, clientArea))
    .map((u) => ({ id: u.id, name: u.display_name, title: u.title, areaIds: u.areas ? u.areas.split(',') : [], sameArea: (u.areas ?? '').split(',').includes(clientArea) }))
    .sort((a, b) => Number(b.sameArea) - Number(a.sameArea) || a.name.localeCompare(b.name, 'fi'))
    .map(({ sameArea: _s, ...u }) => u);
}

export function proposeDecision(ctx: SignedInContext, input: { decisionId: string; version: number; decisionMakerId: string }): DecisionDto {
  ctx.db.transaction(() => {
    const r = loadRow(ctx, input.decisionId);
    if (!canTransitionDecision(r.status, 'proposed')) throw new AppError('INVALID_STATE', decisionTransitionError(r.status, 'proposed'));
    if (r.version !== input.version) throw new AppError('CONFLICT', msg('decisions.changedElsewhere'));
    const lines = loadLines(ctx, r.id);
    const invalid = contentRefusal(r, lines);
    if (invalid) throw invalid;
    const maker = ctx.db
      .prepare('SELECT id, role, display_name, active, (SELECT group_concat(area_id) FROM user_areas ua WHERE ua.user_id = users.id) AS areas FROM users WHERE id = ?')
      .get(input.decisionMakerId) as { id: string; role: Role; display_name: string; active: number; areas: string | null } | undefined;
    if (!maker || !maker.active) throw notFound('decisionMaker');
    const clientArea = ctx.db.prepare('SELECT area_id FROM clients WHERE id = ?').pluck().get(r.client_id) as string;
    if (!coversArea(maker.role, maker.areas, clientArea)) throw new AppError('FORBIDDEN', msg('decisions.makerOtherArea', { name: maker.display_name }));
    const why = delegationFor(ctx, r, lines, maker.role, ctx.clock.today());
    if (why) throw new AppError('FORBIDDEN', msg('decisions.makerNoPower', { name: maker.display_name, reason: why }));
    const now = ctx.clock.now().toISOString();
    ctx.db
      .prepare("UPDATE decisions SET status = 'proposed', decision_maker_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
      .run(maker.id, now, r.id, r.version);
    ctx.audit.write({ userId: ctx.user.id, action: 'decision.propose', entityType: 'decision', entityId: r.id, clientId: r.client_id, details: { to: maker.id } });
  })();
  return getDecision(ctx, { decisionId: input.decisionId });
}

export function returnToDraft(ctx: SignedInContext, input: { decisionId: string; version: number; note: string }): DecisionDto {
  ctx.db.transaction(() => {
    const r = loadRow(ctx, input.decisionId);
    if (!canTransitionDecision(r.status, 'draft')) throw new AppError('INVALID_STATE', decisionTransitionError(r.status, 'draft'));
    if (r.version !== input.version) throw new AppError('CONFLICT', msg('decisions.changedElsewhere'));
    const now = ctx.clock.now().toISOString();
    ctx.db.prepare("UPDATE decisions SET status = 'draft', decision_maker_id = NULL, version = version + 1, updated_at = ? WHERE id = ?").run(now, r.id);
    ctx.audit.write({ userId: ctx.user.id, action: 'decision.return', entityType: 'decision', entityId: r.id, clientId: r.client_id, details: { note: input.note } });
  })();
  return getDecision(ctx, { decisionId: input.decisionId });
}

/** Removes a draft that was never proposed or signed. */
export function discardDraft(ctx: SignedInContext, input: { decisionId: string; version: number }): { ok: true } {
  ctx.db.transaction(() => {
    const r = loadRow(ctx, input.decisionId);
    if (r.status !== 'draft') throw new AppError('INVALID_STATE', editError(r.status) ?? msg('decisions.onlyDraftDeleted'));
    if (r.version !== input.version) throw new AppError('CONFLICT', msg('decisions.changedElsewhere'));
    ctx.db.prepare('DELETE FROM decision_services WHERE decision_id = ?').run(r.id);
    ctx.db.prepare("DELETE FROM decisions WHERE id = ? AND status = 'draft'").run(r.id);
    ctx.audit.write({ userId: ctx.user.id, action: 'decision.update', entityType: 'decision', entityId: r.id, clientId: r.client_id, details: { discarded: true } });
  })();
  return { ok: true };
}

/**
 * Signs (makes) the decision: the signer must be the proposed decision maker (or sign their own draft) and hold
 * the delegated power; the decision gets the next county-wide number of the year, the reasoning texts are
 * frozen in both languages and the arrange-by date (vanhuspalvelulaki 18 §) is fixed for granted services.
 */
export function signDecision(ctx: SignedInContext, input: { decisionId: string; version: number }): DecisionDto {
  ctx.db.transaction(() => {
    const r = loadRow(ctx, input.decisionId);
    if (!canTransitionDecision(r.status, 'signed')) throw new AppError('INVALID_STATE', decisionTransitionError(r.status, 'signed'));
    if (r.version !== input.version) throw new AppError('CONFLICT', msg('decisions.changedElsewhere'));
    if (r.status === 'proposed' && r.decision_maker_id !== ctx.user.id)
      throw new AppError('FORBIDDEN', msg('decisions.proposedToOther', { name: r.maker_name ?? '' }));
    const lines = loadLines(ctx, r.id);
    const invalid = contentRefusal(r, lines);
    if (invalid) throw invalid;
    const today = ctx.clock.today();
    const why = delegationFor(ctx, r, lines, ctx.user.role, today);
    if (why) throw new AppError('FORBIDDEN', msg('decisions.cannotSign', { reason: why }));
    const year = Number(today.slice(0, 4));
    const last = takeNumber(ctx.db, 'decision', year);
    const texts = loadReasoningTexts(ctx.db);
    const chosen = (JSON.parse(r.reasoning_codes) as string[]).map((id) => texts.find((t) => t.id === id)!).filter(Boolean);
    const join = (parts: string[]) => parts.filter((p) => p.trim()).join('\n\n');
    const reasoningFi = join([...chosen.map((t) => t.textFi), r.reasoning_free]);
    const reasoningSv = join([...chosen.map((t) => t.textSv), r.reasoning_free]);
    const grants = ['grant', 'partial_grant', 'change'].includes(r.outcome) && lines.length > 0;
    const now = ctx.clock.now().toISOString();
    const res = ctx.db
      .prepare(
        `UPDATE decisions SET status = 'signed', decision_maker_id = @maker, number = @number, number_year = @year, decided_on = @today,
           signed_at = @now, reasoning_fi = @fi, reasoning_sv = @sv, arrange_by = @arrange, version = version + 1, updated_at = @now
         WHERE id = @id AND version = @version AND status IN ('draft','proposed')`,
      )
      .run({ maker: ctx.user.id, number: last, year, today, now, fi: reasoningFi, sv: reasoningSv, arrange: grants ? arrangeBy(today) : null, id: r.id, version: r.version });
    if (res.changes !== 1) throw new AppError('CONFLICT', msg('decisions.changedElsewhere'));
    ctx.audit.write({ userId: ctx.user.id, action: 'decision.sign', entityType: 'decision', entityId: r.id, clientId: r.client_id, details: { number: `${last}/${year}` } });
    // Each granted service now awaits its start (VPL 18 §), earlier grants of the same service still waiting are
    // superseded; a termination ends the running periods of its services (the fee then ends with them, below).
    openArrangements(
      ctx.db,
      { id: r.id, clientId: r.client_id, outcome: r.outcome, kind: r.kind, appliedOn: r.applied_on, decidedOn: today, arrangeBy: grants ? arrangeBy(today) : null },
      lines,
      now,
    );
    if (r.outcome === 'termination' && r.kind !== 'fee') endByTermination(ctx, { clientId: r.client_id }, lines);
    // A granted, changed or ended fee-bearing service makes the client's fee drafts for billing to review.
    const feeLine = lines.find((l) => l.service_code === 'home_care' || l.service_code === 'service_housing_24h');
    if (feeLine && r.kind === 'service') {
      const reason = r.outcome === 'termination' ? 'service_end' : r.outcome === 'change' ? 'service_change' : 'new_service';
      const from = r.outcome === 'termination' && feeLine.end_date ? addDays(feeLine.end_date, 1) : feeLine.start_date;
      refreshClientFees({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id }, r.client_id, from, reason);
    }
  })();
  return getDecision(ctx, { decisionId: input.decisionId });
}

/**
 * Records the sending of a signed decision, inside the caller's transaction: this fixes the deemed receipt and
 * the last day of review (hallintolaki 59 §, 49 c §). Used one by one and by the sending of a whole batch.
 */
export function recordSending(ctx: SignedInContext, decisionId: string, sentOn: string, channel: SendChannel, details: Record<string, unknown> = {}): void {
  const r = loadRow(ctx, decisionId);
  if (!canTransitionDecision(r.status, 'sent')) throw new AppError('INVALID_STATE', decisionTransitionError(r.status, 'sent'));
  if (sentOn < r.decided_on!) throw new AppError('VALIDATION', msg('decisions.sentBeforeDecided', { sentOn, decidedOn: r.decided_on! }), [issue('sentOn', 'decisions.sentBeforeDecidedShort')]);
  if (sentOn > ctx.clock.today()) throw new AppError('VALIDATION', msg('decisions.sentInFuture', { sentOn }), [issue('sentOn', 'field.notInFuture')]);
  const { deemedReceived, lastDay } = appealDeadlines(sentOn, channel);
  const now = ctx.clock.now().toISOString();
  cachedStatement(
    ctx.db,
    `UPDATE decisions SET status = 'sent', sent_on = ?, send_channel = ?, notified_on = ?, appeal_last_day = ?, notification_basis = ?, notification_provisional = 0,
       version = version + 1, updated_at = ?
     WHERE id = ? AND status = 'signed'`,
  ).run(sentOn, channel, deemedReceived, lastDay, channel, now, r.id);
  ctx.audit.write({ userId: ctx.user.id, action: 'decision.send', entityType: 'decision', entityId: r.id, clientId: r.client_id, details: { channel, ...details } });
}

/** Records that a signed decision was sent; this fixes the deemed receipt, the review deadline and is shown. */
export function markSent(ctx: SignedInContext, input: { decisionId: string; sentOn: string; channel: SendChannel }): DecisionDto {
  ctx.db.transaction(() => {
    const inBatch = ctx.db
      .prepare("SELECT 1 FROM send_batch_items i JOIN send_batches b ON b.id = i.batch_id WHERE i.decision_id = ? AND i.status IN ('pending','done') AND b.status <> 'completed'")
      .get(input.decisionId);
    if (inBatch) throw new AppError('INVALID_STATE', msg('decisions.inOpenBatch'));
    const pending = ctx.db.prepare("SELECT route FROM deliveries WHERE decision_id = ? AND status = 'pending'").pluck().get(input.decisionId) as string | undefined;
    if (pending === 'manual') throw new AppError('INVALID_STATE', msg('delivery.awaitsHandOver'));
    if (pending) throw new AppError('INVALID_STATE', msg('delivery.awaitsSuomifi'));
    recordSending(ctx, input.decisionId, input.sentOn, input.channel);
  })();
  return getDecision(ctx, { decisionId: input.decisionId });
}

/** A correction (oikaisu) of a made decision is a new draft that refers to it; the original stays as it is. */
export function correctDecision(ctx: SignedInContext, input: { decisionId: string }): DecisionDto {
  const d = getDecision(ctx, input);
  if (d.status !== 'signed' && d.status !== 'sent') throw new AppError('INVALID_STATE', msg('decisions.correctOnlyMade'));
  if (!['guidance_worker', 'social_worker', 'service_manager'].includes(ctx.user.role)) throw forbidden();
  return createDraft(
    ctx,
    {
      clientId: d.clientId,
      intakeItemId: null,
      assessmentId: d.assessmentId,
      outcome: d.outcome,
      appliedService: d.appliedService as DecisionDraftInput['appliedService'],
      appliedOn: d.appliedOn,
      lines: d.lines.map((l) => ({
        serviceCode: l.serviceCode,
        amount: l.amount,
        startDate: l.startDate,
        endDate: l.endDate,
        providerKind: l.providerKind,
        providerId: l.providerId,
        voucherValueCents: l.voucherValueCents,
      })),
      reasoningIds: d.reasoningIds,
      reasoningFree: d.reasoningFree,
      decisionMakerId: null,
    },
    d.id,
  );
}
