// Arranging granted services: recording the day a service actually started (by the guidance worker, billing
// staff or from the provider's notice), the day it ended, or that it never started; the list of granted
// services still waiting to start, overdue once their arrange-by date has passed (vanhuspalvelulaki 980/2012
// 18 § 2 mom: at the latest three months from the decision). Starting and ending a fee-bearing service makes
// the client's fee drafts from the right day (asiakasmaksulaki 734/1992: a fee is charged for the service
// received), in the same transaction.
import { AppError } from '../../../shared/contract/errors';
import { issue, msg } from '../../../shared/messages';
import type { ArrangementLineDto } from '../../../shared/contract/arrangement-schemas';
import type { EndReason, NotStartedReason, RecordedSource } from '../../../shared/domain/arrangement';
import { addDays, daysBetween } from '../../../shared/domain/dates';
import type { SignedInContext } from '../context';
import { areaInSql, resolveAreaScope } from '../area-scope';
import { auditRead } from '../access/guard';
import { refreshClientFees, type FeeReason } from '../fees/decisions';
import { FEE_SERVICE } from '../fees/basis';
import { clientLines, GRANTED_LINE_COLUMNS, GRANTED_LINE_FROM, grantedLine, lineState, type GrantedLineRow } from './queries';
import { formatDecisionNumber } from '../decisions/queries';
import type { Db } from '../db/connection';

/** Services whose start and end move an income-based fee (the others are billed from the period itself). */
const FEE_BEARING = new Set(Object.values(FEE_SERVICE));

export function toLineDto(r: GrantedLineRow, today: string): ArrangementLineDto {
  const state = lineState(r, today);
  const until = r.started_on ?? (state === 'awaiting' || state === 'overdue' ? today : null);
  return {
    lineId: r.line_id,
    decisionId: r.decision_id,
    decisionNumber: formatDecisionNumber(r.number, r.number_year) ?? '',
    clientId: r.client_id,
    clientName: r.client_name,
    areaId: r.area_id,
    addressProtected: r.address_protected === 1,
    outcome: r.outcome as ArrangementLineDto['outcome'],
    serviceCode: r.service_code,
    serviceNameFi: r.service_name_fi,
    serviceNameSv: r.service_name_sv,
    amount: r.amount,
    plannedStart: r.start_date,
    plannedEnd: r.end_date,
    appliedOn: r.applied_on,
    decidedOn: r.decided_on,
    arrangeBy: r.arrange_by,
    state,
    startedOn: r.started_on,
    startSource: r.start_source as ArrangementLineDto['startSource'],
    startNoticeOn: r.start_notice_on,
    endedOn: r.ended_on,
    endReason: r.end_reason as ArrangementLineDto['endReason'],
    notStartedOn: r.not_started_on,
    notStartedReason: r.not_started_reason as ArrangementLineDto['notStartedReason'],
    note: r.note,
    version: r.version,
    responsibleWorkerId: r.responsible_worker_id ?? r.drafted_by,
    responsibleWorkerName: r.responsible_name,
    responsibleIsDrafter: r.responsible_worker_id === null,
    intakeItemId: r.intake_item_id,
    daysLate: state === 'overdue' && r.arrange_by ? daysBetween(r.arrange_by, today) : null,
    waitingDays: r.applied_on && until ? daysBetween(r.applied_on, until) : null,
  };
}

/** The granted services of one client with their state. */
export function clientArrangements(ctx: SignedInContext, input: { clientId: string }): ArrangementLineDto[] {
  const today = ctx.clock.today();
  return clientLines(ctx.db, input.clientId).map((r) => toLineDto(r, today));
}

/**
 * Granted services not yet started (nor marked as never starting), in the user's areas or one of them, for one
 * responsible worker or everyone; overdue first, the latest first.
 */
export function awaitingStart(ctx: SignedInContext, input: { areaId: string | null; workerId: string | null; overdueOnly: boolean }) {
  const scope = resolveAreaScope(ctx, input.areaId);
  const today = ctx.clock.today();
  const lines = awaitingRows(ctx.db, scope, today, { workerId: input.workerId, overdueOnly: input.overdueOnly }).map((r) => toLineDto(r, today));
  lines.sort((a, b) => (b.daysLate ?? -1) - (a.daysLate ?? -1) || (a.arrangeBy ?? '').localeCompare(b.arrangeBy ?? '') || a.clientName.localeCompare(b.clientName, 'fi'));
  auditRead(ctx, 'arrangement.list', { details: { areaIds: scope.areaIds, workerId: input.workerId, overdueOnly: input.overdueOnly, rows: lines.length } });
  return { lines, overdue: lines.filter((l) => l.state === 'overdue').length, awaiting: lines.filter((l) => l.state === 'awaiting').length };
}

export function awaitingRows(
  db: Db,
  scope: { areaIds: string[] },
  today: string,
  opts: { workerId?: string | null; overdueOnly?: boolean } = {},
): GrantedLineRow[] {
  const area = areaInSql('c.area_id', scope);
  return db
    .prepare(
      `SELECT ${GRANTED_LINE_COLUMNS} FROM ${GRANTED_LINE_FROM}
       WHERE p.status = 'awaiting' AND ${area.sql} AND (@overdueOnly = 0 OR p.arrange_by < @today)
         AND (@worker IS NULL OR coalesce(c.responsible_worker_id, d.drafted_by) = @worker)`,
    )
    .all({ ...area.params, today, overdueOnly: opts.overdueOnly ? 1 : 0, worker: opts.workerId ?? null }) as GrantedLineRow[];
}

function loadForWrite(ctx: SignedInContext, lineId: string, version: number): GrantedLineRow {
  const r = grantedLine(ctx.db, lineId);
  if (!r) {
    const exists = ctx.db.prepare('SELECT d.client_id FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id WHERE ds.id = ?').get(lineId) as
      | { client_id: string }
      | undefined;
    if (!exists) throw new AppError('NOT_FOUND', msg('notFound.decision'));
    throw new AppError('INVALID_STATE', msg('arrangement.notGranted'));
  }
  if (r.version !== version) throw new AppError('CONFLICT', msg('arrangement.changedElsewhere'));
  if (r.status === 'continues')
    throw new AppError('INVALID_STATE', msg('arrangement.continues'));
  if (r.status === 'superseded')
    throw new AppError('INVALID_STATE', msg('arrangement.superseded'));
  return r;
}

function refreshFees(ctx: SignedInContext, r: GrantedLineRow, from: string, reason: FeeReason) {
  if (!FEE_BEARING.has(r.service_code)) return;
  refreshClientFees({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, userId: ctx.user.id }, r.client_id, from, reason);
}

/** The same service of the client running over the given days on another line (a service runs once at a time). */
function overlapping(ctx: SignedInContext, r: GrantedLineRow, from: string, to: string | null) {
  return ctx.db
    .prepare(
      `SELECT p.started_on, p.ended_on, d.number, d.number_year FROM service_periods p JOIN decisions d ON d.id = p.decision_id
       WHERE p.client_id = @client AND p.service_code = @service AND p.status = 'started' AND p.decision_service_id <> @line
         AND p.started_on <= coalesce(@to, '9999-12-31') AND coalesce(p.ended_on, '9999-12-31') >= @from LIMIT 1`,
    )
    .get({ client: r.client_id, service: r.service_code, line: r.line_id, from, to }) as
    | { started_on: string; ended_on: string | null; number: number; number_year: number }
    | undefined;
}


export function recordStart(
  ctx: SignedInContext,
  input: { lineId: string; startedOn: string; source: RecordedSource; noticeOn: string | null; note: string; version: number },
): ArrangementLineDto {
  const today = ctx.clock.today();
  ctx.db.transaction(() => {
    const r = loadForWrite(ctx, input.lineId, input.version);
    if (r.status === 'not_started')
      throw new AppError('INVALID_STATE', msg('arrangement.markedNotStarted'));
    if (input.startedOn > today)
      throw new AppError('VALIDATION', msg('arrangement.startInFuture', { date: input.startedOn }), [issue('startedOn', 'arrangement.futureShort')]);
    const pending = r.applied_on ?? r.decided_on;
    if (input.startedOn < pending)
      throw new AppError('VALIDATION', msg('arrangement.startBeforePending', { date: input.startedOn, pending }), [issue('startedOn', 'arrangement.tooEarlyShort')]);
    if (r.ended_on && input.startedOn > r.ended_on)
      throw new AppError('VALIDATION', msg('arrangement.startAfterEnd', { date: input.startedOn, end: r.ended_on }), [issue('startedOn', 'arrangement.afterEndShort')]);
    if (input.source === 'provider_notice') {
      if (input.noticeOn === null) throw new AppError('VALIDATION', msg('arrangement.noticeDateRequired'), [issue('noticeOn', 'field.required')]);
      if (input.noticeOn > today) throw new AppError('VALIDATION', msg('arrangement.noticeInFuture', { date: input.noticeOn }), [issue('noticeOn', 'arrangement.futureShort')]);
    } else if (input.noticeOn !== null) {
      throw new AppError('VALIDATION', msg('arrangement.noticeOnlyForNotice'), [issue('noticeOn', 'arrangement.noticeOnlyForNotice')]);
    }
    const clash = overlapping(ctx, r, input.startedOn, r.ended_on);
    if (clash) throw new AppError('CONFLICT', msg('arrangement.overlap', { number: `${clash.number}/${clash.number_year}`, started: clash.started_on }));
    const now = ctx.clock.now().toISOString();
    const previousStart = r.started_on;
    ctx.db
      .prepare(
        `UPDATE service_periods SET status = 'started', started_on = @on, start_source = @source, start_notice_on = @notice, note = @note,
           recorded_by = @user, version = version + 1, updated_at = @now WHERE decision_service_id = @line`,
      )
      .run({ line: r.line_id, on: input.startedOn, source: input.source, notice: input.noticeOn, note: input.note, user: ctx.user.id, now });
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'service.start',
      entityType: 'decision_service',
      entityId: r.line_id,
      clientId: r.client_id,
      details: { startedOn: input.startedOn, source: input.source, noticeOn: input.noticeOn, previous: previousStart },
    });
    // A corrected start moves the fee from both days; a first start makes the fee from the day it began.
    if (previousStart !== null && previousStart !== input.startedOn) {
      const [first, second] = previousStart < input.startedOn ? [previousStart, input.startedOn] : [input.startedOn, previousStart];
      refreshFees(ctx, r, first, 'correction');
      refreshFees(ctx, r, second, 'correction');
    } else if (previousStart === null) {
      refreshFees(ctx, r, input.startedOn, r.outcome === 'change' ? 'service_change' : 'new_service');
    }
  })();
  return toLineDto(grantedLine(ctx.db, input.lineId)!, today);
}

export function recordEnd(
  ctx: SignedInContext,
  input: { lineId: string; endedOn: string; reason: EndReason; source: RecordedSource; note: string; version: number },
): ArrangementLineDto {
  const today = ctx.clock.today();
  ctx.db.transaction(() => {
    const r = loadForWrite(ctx, input.lineId, input.version);
    if (r.status !== 'started' || r.started_on === null) throw new AppError('INVALID_STATE', msg('arrangement.notStartedYet'));
    if (input.endedOn < r.started_on)
      throw new AppError('VALIDATION', msg('arrangement.endBeforeStart', { date: input.endedOn, start: r.started_on }), [issue('endedOn', 'arrangement.tooEarlyShort')]);
    if (input.endedOn > addDays(today, 366))
      throw new AppError('VALIDATION', msg('arrangement.endTooFar', { date: input.endedOn }), [issue('endedOn', 'arrangement.tooFarShort')]);
    const previousEnd = r.ended_on;
    const now = ctx.clock.now().toISOString();
    ctx.db
      .prepare(
        `UPDATE service_periods SET ended_on = @on, end_reason = @reason, end_source = @source, note = @note, recorded_by = @user, version = version + 1, updated_at = @now
         WHERE decision_service_id = @line`,
      )
      .run({ line: r.line_id, on: input.endedOn, reason: input.reason, source: input.source, note: input.note, user: ctx.user.id, now });
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'service.end',
      entityType: 'decision_service',
      entityId: r.line_id,
      clientId: r.client_id,
      details: { endedOn: input.endedOn, reason: input.reason, source: input.source, previous: previousEnd },
    });
    // The fee is charged up to and including the last day of the service; from the next day it ends. A corrected
    // end moves the fee from both days.
    if (previousEnd === null) refreshFees(ctx, r, addDays(input.endedOn, 1), 'service_end');
    else if (previousEnd !== input.endedOn) {
      const [first, second] = previousEnd < input.endedOn ? [previousEnd, input.endedOn] : [input.endedOn, previousEnd];
      refreshFees(ctx, r, addDays(first, 1), 'correction');
      refreshFees(ctx, r, addDays(second, 1), 'correction');
    }
  })();
  return toLineDto(grantedLine(ctx.db, input.lineId)!, today);
}

export function recordNotStarted(
  ctx: SignedInContext,
  input: { lineId: string; on: string; reason: NotStartedReason; note: string; version: number },
): ArrangementLineDto {
  const today = ctx.clock.today();
  ctx.db.transaction(() => {
    const r = loadForWrite(ctx, input.lineId, input.version);
    if (r.status === 'started')
      throw new AppError('INVALID_STATE', msg('arrangement.alreadyStarted'));
    if (input.on > today) throw new AppError('VALIDATION', msg('arrangement.dateInFuture', { date: input.on }), [issue('on', 'arrangement.futureShort')]);
    if (input.on < r.decided_on)
      throw new AppError('VALIDATION', msg('arrangement.beforeDecision', { date: input.on, decided: r.decided_on }), [issue('on', 'arrangement.tooEarlyShort')]);
    const now = ctx.clock.now().toISOString();
    ctx.db
      .prepare(
        `UPDATE service_periods SET status = 'not_started', not_started_on = @on, not_started_reason = @reason, note = @note,
           recorded_by = @user, version = version + 1, updated_at = @now WHERE decision_service_id = @line`,
      )
      .run({ line: r.line_id, on: input.on, reason: input.reason, note: input.note, user: ctx.user.id, now });
    ctx.audit.write({ userId: ctx.user.id, action: 'service.notStarted', entityType: 'decision_service', entityId: r.line_id, clientId: r.client_id, details: { on: input.on, reason: input.reason } });
  })();
  return toLineDto(grantedLine(ctx.db, input.lineId)!, today);
}

/** Takes back a recording made in error: the end, the start (only without an end) or the "did not start" mark. */
export function undoRecording(ctx: SignedInContext, input: { lineId: string; what: 'start' | 'end' | 'notStarted'; version: number }): ArrangementLineDto {
  const today = ctx.clock.today();
  ctx.db.transaction(() => {
    const r = loadForWrite(ctx, input.lineId, input.version);
    const now = ctx.clock.now().toISOString();
    if (input.what === 'end') {
      if (r.ended_on === null) throw new AppError('INVALID_STATE', msg('arrangement.endNotRecorded'));
      ctx.db
        .prepare('UPDATE service_periods SET ended_on = NULL, end_reason = NULL, end_source = NULL, recorded_by = ?, version = version + 1, updated_at = ? WHERE decision_service_id = ?')
        .run(ctx.user.id, now, r.line_id);
      refreshFees(ctx, r, addDays(r.ended_on, 1), 'correction');
    } else if (input.what === 'start') {
      if (r.status !== 'started') throw new AppError('INVALID_STATE', msg('arrangement.startNotRecorded'));
      if (r.ended_on !== null) throw new AppError('INVALID_STATE', msg('arrangement.removeEndFirst'));
      ctx.db
        .prepare(
          `UPDATE service_periods SET status = 'awaiting', started_on = NULL, start_source = NULL, start_notice_on = NULL, recorded_by = ?, version = version + 1,
             updated_at = ? WHERE decision_service_id = ?`,
        )
        .run(ctx.user.id, now, r.line_id);
      refreshFees(ctx, r, r.started_on!, 'correction');
    } else {
      if (r.status !== 'not_started') throw new AppError('INVALID_STATE', msg('arrangement.notMarkedNotStarted'));
      ctx.db
        .prepare(
          `UPDATE service_periods SET status = 'awaiting', not_started_on = NULL, not_started_reason = NULL, recorded_by = ?, version = version + 1, updated_at = ?
           WHERE decision_service_id = ?`,
        )
        .run(ctx.user.id, now, r.line_id);
    }
    ctx.audit.write({ userId: ctx.user.id, action: 'service.undo', entityType: 'decision_service', entityId: r.line_id, clientId: r.client_id, details: { what: input.what } });
  })();
  return toLineDto(grantedLine(ctx.db, input.lineId)!, today);
}

/**
 * A signed termination decision ends the running period of each service it names, on the line's end date (the
 * last day of the service) or, without one, the day before its start. Inside the caller's transaction.
 */
export function endByTermination(ctx: SignedInContext, decision: { clientId: string }, lines: readonly { service_code: string; start_date: string; end_date: string | null }[]): void {
  const now = ctx.clock.now().toISOString();
  for (const l of lines) {
    const last = l.end_date ?? addDays(l.start_date, -1);
    const running = ctx.db
      .prepare(
        `SELECT decision_service_id FROM service_periods WHERE client_id = ? AND service_code = ? AND status = 'started'
           AND started_on <= ? AND (ended_on IS NULL OR ended_on > ?)`,
      )
      .pluck()
      .all(decision.clientId, l.service_code, last, last) as string[];
    for (const lineId of running) {
      ctx.db
        .prepare(
          `UPDATE service_periods SET ended_on = ?, end_reason = 'need_ended', end_source = 'decision', recorded_by = ?, version = version + 1, updated_at = ?
           WHERE decision_service_id = ?`,
        )
        .run(last, ctx.user.id, now, lineId);
      ctx.audit.write({ userId: ctx.user.id, action: 'service.end', entityType: 'decision_service', entityId: lineId, clientId: decision.clientId, details: { endedOn: last, source: 'decision' } });
    }
  }
}
