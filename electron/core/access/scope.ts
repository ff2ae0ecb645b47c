// Area scoping: a signed-in user reads and changes only the clients, intake items and client records of their
// own areas (palvelualue), county-wide roles excepted by one explicit rule (shared/roles.ts COUNTY_WIDE_ROLES).
// The rule is pushed into SQL, as eVaka does: a list query puts `scope.sql('c.area_id')` into its WHERE clause
// and binds `scope.params` with its other parameters (better-sqlite3 ignores named parameters a statement does
// not use, so passing them always is safe); a read or write of one row by id asserts first that the row is
// visible (assertVisible). A row's area is found the same way the central database's row-level security finds
// it: from the sync entity list (core/sync/entities.ts), so the workstation never shows a user what the central
// database would not give them — which matters on a workstation shared by users of different areas.
import { AppError, notFound, notFoundMessage, type NotFoundWhat } from '../../../shared/contract/errors';
import { msg } from '../../../shared/messages';
import type { User } from '../../../shared/contract/schemas';
import { isCountyWide } from '../../../shared/roles';
import type { Db } from '../db/connection';
import { ENTITY_BY_TABLE } from '../sync/entities';

export interface AreaScope {
  /** A county-wide role: every area. */
  readonly countyWide: boolean;
  /** The user's own areas (empty for a county-wide role, where they do not limit anything). */
  readonly areaIds: readonly string[];
  /** SQL predicate: the area in the column or expression `area` lies inside the scope. Bind `params` too. */
  sql(area: string): string;
  /** The named parameters `sql` uses; pass them to every statement containing it. */
  readonly params: { scopeAreas: string };
  includes(areaId: string | null | undefined): boolean;
}

class Scope implements AreaScope {
  readonly params: { scopeAreas: string };

  constructor(
    readonly countyWide: boolean,
    readonly areaIds: readonly string[],
  ) {
    this.params = { scopeAreas: JSON.stringify(areaIds) };
  }

  sql(area: string): string {
    return this.countyWide ? '1' : `${area} IN (SELECT value FROM json_each(@scopeAreas))`;
  }

  includes(areaId: string | null | undefined): boolean {
    return this.countyWide || (typeof areaId === 'string' && this.areaIds.includes(areaId));
  }
}

/** The scope of a user as signed in (the dispatcher refreshes role and areas from the database on every call). */
export function areaScope(user: Pick<User, 'role' | 'areaIds'>): AreaScope {
  return isCountyWide(user.role) ? new Scope(true, []) : new Scope(false, [...user.areaIds]);
}

/**
 * A read or write of rows outside the user's areas. It answers exactly as a row that does not exist (no hint
 * that it does), and the dispatcher records the attempt in the audit log.
 */
export class OutOfScope extends AppError {
  constructor(
    readonly table: string,
    readonly rowId: string,
    what: NotFoundWhat,
  ) {
    // The very message of a missing row (same key, same parameters).
    super('NOT_FOUND', notFoundMessage(what));
  }
}

/** What a row of a table is called in a "… ei löytynyt." message (keys notFound.* of shared/messages). */
export const ROW_NAMES: Record<string, NotFoundWhat> = {
  clients: 'client',
  intake_items: 'intakeItem',
  assessments: 'assessment',
  client_plans: 'clientPlan',
  decisions: 'decision',
  incomes: 'income',
  fee_deductions: 'deduction',
  absences: 'absence',
  fee_decisions: 'feeDecision',
  fee_ceiling_notices: 'ceilingNotice',
  invoices: 'invoice',
  care_agreements: 'careAgreement',
  caregiver_payments: 'caregiverPayment',
  letters: 'letter',
};

/** SQL giving the area of a row of a replicated table under `alias`; null for a table without areas. */
export function rowAreaSql(table: string, alias: string): string | null {
  const e = ENTITY_BY_TABLE.get(table);
  if (!e) throw new Error(`not a replicated table: ${table}`);
  if (e.mode === 'global') return null;
  if (e.mode === 'area') return `${alias}.area_id`;
  return `(SELECT area_id FROM clients WHERE id = ${rowClientSql(table, alias)})`;
}

/** SQL giving the client of a row of a replicated table under `alias` (NULL where rows have none). */
export function rowClientSql(table: string, alias: string): string {
  const e = ENTITY_BY_TABLE.get(table);
  if (!e) throw new Error(`not a replicated table: ${table}`);
  if (table === 'clients') return `${alias}.id`;
  if (table === 'intake_items') return `${alias}.client_id`;
  return e.client ? e.client.replaceAll('R.', `${alias}.`) : 'NULL';
}

/** SQL predicate: the row of `table` under `alias` is inside the scope. Bind `scope.params`. */
export function rowVisibleSql(scope: AreaScope, table: string, alias: string): string {
  const area = rowAreaSql(table, alias);
  return area === null ? '1' : scope.sql(area);
}

const lookups = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();

function lookup(db: Db, table: string) {
  let m = lookups.get(db);
  if (!m) lookups.set(db, (m = new Map()));
  let st = m.get(table);
  if (!st) {
    const e = ENTITY_BY_TABLE.get(table);
    if (!e || e.key.length !== 1) throw new Error(`no single-key replicated table: ${table}`);
    st = db.prepare(`SELECT ${rowAreaSql(table, 'R') ?? 'NULL'} AS area, ${rowClientSql(table, 'R')} AS client FROM ${table} R WHERE R.${e.key[0]} = ?`);
    m.set(table, st);
  }
  return st;
}

/**
 * Asserts that rows of a replicated table exist and lie inside the scope; returns each row's client (null for
 * rows without one). A missing row is NOT_FOUND; a row outside the scope answers the same (OutOfScope).
 */
export function assertVisible(db: Db, scope: AreaScope, table: string, ids: string | readonly string[]): Map<string, string | null> {
  const what = ROW_NAMES[table] ?? 'generic';
  const st = lookup(db, table);
  const clients = new Map<string, string | null>();
  for (const id of typeof ids === 'string' ? [ids] : ids) {
    const r = st.get(id) as { area: string | null; client: string | null } | undefined;
    if (!r) throw notFound(what);
    if (!scope.includes(r.area)) throw new OutOfScope(table, id, what);
    clients.set(id, r.client);
  }
  return clients;
}

/** Operations over the whole county (invoice runs, fee recalculation, payroll) need a county-wide role. */
export function requireCountyWide(scope: AreaScope): void {
  if (!scope.countyWide)
    throw new AppError('FORBIDDEN', msg('error.countyWideOnly'));
}
