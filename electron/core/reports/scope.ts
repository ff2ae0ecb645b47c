// What a report covers: a period (checked: it may not end before it starts, start in the future or run longer
// than the history) and a scope — the county, one area or one worker — always inside the areas the user may see
// (core/access/scope.ts), so no figure or list counts anything the user could not open.
import { AppError } from '../../../shared/contract/errors';
import type { ReportScopeInput } from '../../../shared/contract/report-schemas';
import { defaultGranularity, periodBuckets, periodProblem, MAX_PERIOD_DAYS, type Bucket, type Granularity } from '../../../shared/domain/reports';
import { issue, msg } from '../../../shared/messages';
import type { SignedInContext } from '../context';
import { areaInSql, resolveAreaScope, visibleAreaIds } from '../area-scope';

export interface ReportPeriod {
  from: string;
  /** The period's end, or today when it reaches past today. */
  to: string;
  requestedTo: string;
  today: string;
  granularity: Granularity;
  buckets: Bucket[];
}

export interface ResolvedScope {
  level: ReportScopeInput['level'];
  areaIds: string[];
  workerId: string | null;
  wholeCounty: boolean;
}

export function resolvePeriod(ctx: SignedInContext, from: string, to: string, granularity: Granularity | null): ReportPeriod {
  const today = ctx.clock.today();
  const problem = periodProblem(from, to, today);
  if (problem === 'endBeforeStart') throw new AppError('VALIDATION', msg('reports.periodEndsBeforeStart', { from, to }), [issue('to', 'reports.periodEndsBeforeStartShort')]);
  if (problem === 'future') throw new AppError('VALIDATION', msg('reports.periodInFuture', { from, today }), [issue('from', 'reports.periodInFutureShort')]);
  if (problem === 'tooLong') throw new AppError('VALIDATION', msg('reports.periodTooLong', { years: Math.floor(MAX_PERIOD_DAYS / 366) }), [issue('from', 'reports.periodTooLongShort')]);
  if (problem === 'tooEarly') throw new AppError('VALIDATION', msg('reports.periodTooEarly'), [issue('from', 'reports.periodTooEarly')]);
  const end = to > today ? today : to;
  const g = granularity ?? defaultGranularity(from, end);
  return { from, to: end, requestedTo: to, today, granularity: g, buckets: periodBuckets(from, end, g) };
}

export function resolveReportScope(ctx: SignedInContext, s: ReportScopeInput): ResolvedScope {
  if (s.level === 'county') {
    const all = resolveAreaScope(ctx, null);
    if (!all.wholeCounty) throw new AppError('FORBIDDEN', msg('reports.countyForbidden'), [issue('scope.level', 'reports.countyForbiddenShort')]);
    return { level: 'county', areaIds: all.areaIds, workerId: null, wholeCounty: true };
  }
  if (s.level === 'area') {
    if (s.areaId === null) throw new AppError('VALIDATION', msg('reports.areaRequired'), [issue('scope.areaId', 'field.chooseOne')]);
    const a = resolveAreaScope(ctx, s.areaId);
    return { level: 'area', areaIds: a.areaIds, workerId: null, wholeCounty: a.wholeCounty };
  }
  if (s.workerId === null) throw new AppError('VALIDATION', msg('reports.workerRequired'), [issue('scope.workerId', 'field.chooseOne')]);
  const worker = ctx.db.prepare('SELECT id FROM users WHERE id = ?').get(s.workerId);
  if (!worker) throw new AppError('NOT_FOUND', msg('notFound.worker'));
  const workerAreas = ctx.db.prepare('SELECT area_id FROM user_areas WHERE user_id = ?').pluck().all(s.workerId) as string[];
  const visible = s.areaId !== null ? resolveAreaScope(ctx, s.areaId).areaIds : visibleAreaIds(ctx);
  // A worker of the county-wide roles works everywhere; others only count where the user may see.
  if (workerAreas.length > 0 && !workerAreas.some((a) => visible.includes(a)))
    throw new AppError('FORBIDDEN', msg('reports.workerForbidden'), [issue('scope.workerId', 'reports.workerForbiddenShort')]);
  const all = ctx.db.prepare('SELECT count(*) FROM areas').pluck().get() as number;
  return { level: 'worker', areaIds: visible, workerId: s.workerId, wholeCounty: visible.length === all };
}

/**
 * The SQL that limits rows to the scope's areas: nothing to add for the whole county, else `column IN (…)`.
 * `needsJoin` tells whether the column comes from a joined table the query could otherwise skip.
 */
export function scopeSql(scope: ResolvedScope, column: string): { sql: string; params: Record<string, string>; filters: boolean } {
  if (scope.wholeCounty) return { sql: '1', params: {}, filters: false };
  const a = areaInSql(column, scope, 'scopeArea');
  return { sql: a.sql, params: a.params, filters: true };
}
