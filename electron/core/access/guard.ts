// Access checks declared beside each channel in the handler table (core/handlers.ts): which rows the input names
// must lie inside the caller's areas, and which read of personal data the core writes to the audit log. A
// handler that lists rows filters them in its own SQL with the same scope (core/access/scope.ts).
import type { AuditAction } from '../audit/audit';
import type { SignedInContext } from '../context';
import { areaScope, assertVisible, requireCountyWide } from './scope';

/** A replicated table and the input field holding the id (or ids) of its rows; null or absent is skipped. */
export type RowCheck = readonly [table: string, inputKey: string];

/** Records a read of personal data: who, which row, whose data; written after the read succeeded. */
export function auditRead(
  ctx: SignedInContext,
  action: AuditAction,
  what: { entityType?: string; entityId?: string; clientId?: string | null; details?: Record<string, unknown> } = {},
): void {
  ctx.audit.write({ userId: ctx.user.id, action, ...what });
}

/**
 * Wraps a handler: every row named by the input must be visible to the caller (else NOT_FOUND, recorded as an
 * access attempt by the dispatcher); with `read`, a successful call is recorded as a read of the first row
 * named (its table, id and client).
 */
export function scoped<C extends SignedInContext, I, O>(checks: readonly RowCheck[], handler: (ctx: C, input: I) => O, read?: AuditAction): (ctx: C, input: I) => O {
  return (ctx, input) => {
    const scope = areaScope(ctx.user);
    let first: { table: string; id: string; client: string | null } | null = null;
    for (const [table, key] of checks) {
      const value = (input as Record<string, unknown>)[key];
      if (value === null || value === undefined) continue;
      const ids = (Array.isArray(value) ? value : [value]) as string[];
      const clients = assertVisible(ctx.db, scope, table, ids);
      if (!first && typeof value === 'string') first = { table, id: value, client: clients.get(value) ?? null };
    }
    const out = handler(ctx, input);
    if (!read) return out;
    const record = () => auditRead(ctx, read, first ? { entityType: first.table, entityId: first.id, clientId: first.client } : {});
    if (out instanceof Promise) return out.then((v: unknown) => (record(), v)) as O;
    record();
    return out;
  };
}

/**
 * Wraps a handler of work over the whole county (the sending queue, invoice runs, payroll, fee recalculation):
 * only county-wide roles reach it, whatever the channel's role list says; with `read`, a successful call is
 * recorded with the id the input names (a run, a batch).
 */
export function countyWide<C extends SignedInContext, I, O>(
  handler: (ctx: C, input: I) => O,
  read?: { action: AuditAction; entityType: string; key?: string },
): (ctx: C, input: I) => O {
  return (ctx, input) => {
    requireCountyWide(areaScope(ctx.user));
    const out = handler(ctx, input);
    if (!read) return out;
    const id = read.key ? (input as Record<string, unknown>)[read.key] : undefined;
    const record = () => auditRead(ctx, read.action, { entityType: read.entityType, ...(typeof id === 'string' ? { entityId: id } : {}) });
    if (out instanceof Promise) return out.then((v: unknown) => (record(), v)) as O;
    record();
    return out;
  };
}
