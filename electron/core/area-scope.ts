// The areas a report or a list covers: the caller's own scope (core/access/scope.ts: county-wide roles see
// every area, the others their own) narrowed to one area on request. An area outside the scope is refused with a
// clear message rather than silently narrowed.
import { AppError } from '../../shared/contract/errors';
import type { SignedInContext } from './context';
import { areaScope } from './access/scope';
import { issue, msg } from '../../shared/messages';

export interface ReportScope {
  /** The areas the figures and lists cover. */
  areaIds: string[];
  /** True when they are every area of the county. */
  wholeCounty: boolean;
}

function allAreaIds(ctx: SignedInContext): string[] {
  return ctx.db.prepare('SELECT id FROM areas ORDER BY sort').pluck().all() as string[];
}

/** The areas the user may see, in the county's order. */
export function visibleAreaIds(ctx: SignedInContext): string[] {
  const scope = areaScope(ctx.user);
  return allAreaIds(ctx).filter((a) => scope.includes(a));
}

/** One area (which must be visible to the user) or, with null, every area the user may see. */
export function resolveAreaScope(ctx: SignedInContext, areaId: string | null): ReportScope {
  const all = allAreaIds(ctx);
  const mine = visibleAreaIds(ctx);
  if (areaId !== null) {
    if (!all.includes(areaId)) throw new AppError('NOT_FOUND', msg('notFound.area'));
    if (!mine.includes(areaId))
      throw new AppError('FORBIDDEN', msg('reports.areaForbidden'), [issue('areaId', 'reports.areaForbiddenShort')]);
    return { areaIds: [areaId], wholeCounty: all.length === 1 };
  }
  if (mine.length === 0)
    throw new AppError('FORBIDDEN', msg('reports.noAreas'));
  return { areaIds: mine, wholeCounty: mine.length === all.length };
}

/** SQL placeholders and parameters for `column IN (…)` over the scope's areas. */
export function areaInSql(column: string, scope: { areaIds: readonly string[] }, prefix = 'area'): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const names = scope.areaIds.map((a, i) => {
    params[`${prefix}${i}`] = a;
    return `@${prefix}${i}`;
  });
  return { sql: names.length ? `${column} IN (${names.join(',')})` : '0', params };
}
