// Which local tables replicate with the central database, and how each row finds its area (the unit the
// central database limits a user to). The central database keeps the same list in `sync_entities`
// (central/001-sync.sql, 006-vault.sql: key columns, client path and writers); a test keeps the two equal. Tables left out stay on the workstation: the outbox
// itself, local settings, print batches, saved grid views and the number counters.
//
// Area of a row:
//   global  no area; every user reads it, only the roles named as its writers centrally write it (catalogues, users, billing runs)
//   area    the row's own area_id column (clients, intake items)
//   client  the area of the client the row belongs to (`clientPath`: its own column or a parent row's client)
//   audit   like client, but rows without a client are visible to county-wide roles only
//
// `rank` orders a first sync so that parents arrive before their children.

export type AreaMode = 'global' | 'area' | 'client' | 'audit';

/** How a row finds its client: a column of its own, or the client of a parent row it points to. */
export type ClientPath = { column: string } | { parent: string; column: string };

export interface SyncEntity {
  table: string;
  rank: number;
  mode: AreaMode;
  /** Primary key columns; the row key is their values joined with '|'. */
  key: readonly string[];
  /** Where the row's client is found (area, client and audit modes). The central database derives the row's
   *  area the same way from its own rows (sync_entities.client_column / parent_entity, parent_column). */
  clientPath?: ClientPath;
  /** SQL expression over the row alias R giving its client id, derived from clientPath. */
  client?: string;
}

/** The client id as SQL over the row alias R: the column itself, or the parent's client_id (parents are keyed by id). */
function clientSql(p: ClientPath | undefined): string | undefined {
  if (!p) return undefined;
  return 'parent' in p ? `(SELECT client_id FROM ${p.parent} WHERE id = R.${p.column})` : `R.${p.column}`;
}

const own = (column = 'client_id'): ClientPath => ({ column });
const via = (parent: string, column: string): ClientPath => ({ parent, column });

const DECLARED: readonly Omit<SyncEntity, 'client'>[] = [
  { table: 'areas', rank: 10, mode: 'global', key: ['id'] },
  { table: 'services', rank: 11, mode: 'global', key: ['code'] },
  { table: 'municipalities', rank: 12, mode: 'global', key: ['code'] },
  { table: 'users', rank: 13, mode: 'global', key: ['id'] },
  { table: 'user_areas', rank: 14, mode: 'global', key: ['user_id', 'area_id'] },
  { table: 'providers', rank: 15, mode: 'global', key: ['id'] },
  { table: 'provider_services', rank: 16, mode: 'global', key: ['provider_id', 'service_code'] },
  { table: 'criteria_sets', rank: 17, mode: 'global', key: ['id'] },
  { table: 'delegation_rules', rank: 18, mode: 'global', key: ['id'] },
  { table: 'reasoning_texts', rank: 19, mode: 'global', key: ['id'] },
  { table: 'fee_parameter_sets', rank: 20, mode: 'global', key: ['id'] },
  // The approved waiting-time publications (VPL 26 §): county-wide, written by service managers, never changed.
  { table: 'waiting_time_publications', rank: 21, mode: 'global', key: ['id'] },
  { table: 'clients', rank: 30, mode: 'area', key: ['id'], clientPath: own('id') },
  { table: 'client_contacts', rank: 31, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'intake_items', rank: 32, mode: 'area', key: ['id'], clientPath: own() },
  { table: 'assessments', rank: 33, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'client_plans', rank: 34, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'decisions', rank: 35, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'decision_services', rank: 36, mode: 'client', key: ['id'], clientPath: via('decisions', 'decision_id') },
  { table: 'letters', rank: 37, mode: 'client', key: ['id'], clientPath: via('decisions', 'decision_id') },
  { table: 'service_periods', rank: 38, mode: 'client', key: ['decision_service_id'], clientPath: own() },
  { table: 'client_delivery', rank: 39, mode: 'client', key: ['client_id'], clientPath: own() },
  { table: 'incomes', rank: 40, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'fee_deductions', rank: 41, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'absences', rank: 42, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'fee_decisions', rank: 43, mode: 'client', key: ['decision_id'], clientPath: own() },
  { table: 'invoice_runs', rank: 44, mode: 'global', key: ['id'] },
  { table: 'invoices', rank: 45, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'invoice_rows', rank: 46, mode: 'client', key: ['id'], clientPath: via('invoices', 'invoice_id') },
  { table: 'care_agreements', rank: 47, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'carer_days_off', rank: 48, mode: 'client', key: ['id'], clientPath: via('care_agreements', 'agreement_id') },
  { table: 'caregiver_payment_runs', rank: 49, mode: 'global', key: ['id'] },
  { table: 'caregiver_payments', rank: 50, mode: 'client', key: ['id'], clientPath: via('care_agreements', 'agreement_id') },
  { table: 'fee_ceiling_notices', rank: 51, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'care_interruptions', rank: 52, mode: 'client', key: ['id'], clientPath: via('care_agreements', 'agreement_id') },
  { table: 'deliveries', rank: 53, mode: 'client', key: ['id'], clientPath: own() },
  { table: 'delivery_events', rank: 54, mode: 'client', key: ['id'], clientPath: via('deliveries', 'delivery_id') },
  { table: 'audit_log', rank: 60, mode: 'audit', key: ['id'], clientPath: own() },
];

export const SYNC_ENTITIES: readonly SyncEntity[] = DECLARED.map((e) => ({ ...e, client: clientSql(e.clientPath) }));

export const ENTITY_BY_TABLE: ReadonlyMap<string, SyncEntity> = new Map(SYNC_ENTITIES.map((e) => [e.table, e]));

/** SQL giving a row's key from the row alias, e.g. `R.user_id || '|' || R.area_id`. */
export function keySql(e: SyncEntity, alias: string): string {
  return e.key.map((k) => `${alias}.${k}`).join(` || '|' || `);
}
