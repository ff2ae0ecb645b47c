// Which local tables replicate with the central database, and how each row finds its area (the unit that
// row-level security limits a user to). The central database keeps the same list in `sync_entities`
// (central/001-sync.sql); a test keeps the two equal. Tables left out stay on the workstation: the outbox
// itself, local settings, print batches, saved grid views and the number counters.
//
// Area of a row:
//   global  no area; every user reads it, only county-wide roles write it (catalogues, users, billing runs)
//   area    the row's own area_id column (clients, intake items)
//   client  the area of the client the row belongs to; `client` is the SQL giving the client id from NEW/OLD
//   audit   like client, but rows without a client are visible to county-wide roles only
//
// `rank` orders a first sync so that parents arrive before their children.

export type AreaMode = 'global' | 'area' | 'client' | 'audit';

export interface SyncEntity {
  table: string;
  rank: number;
  mode: AreaMode;
  /** Primary key columns; the row key is their values joined with '|'. */
  key: readonly string[];
  /** SQL expression over the row alias R giving its client id (client and audit modes). */
  client?: string;
}

export const SYNC_ENTITIES: readonly SyncEntity[] = [
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
  { table: 'clients', rank: 30, mode: 'area', key: ['id'] },
  { table: 'client_contacts', rank: 31, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'intake_items', rank: 32, mode: 'area', key: ['id'] },
  { table: 'assessments', rank: 33, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'client_plans', rank: 34, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'decisions', rank: 35, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'decision_services', rank: 36, mode: 'client', key: ['id'], client: '(SELECT client_id FROM decisions WHERE id = R.decision_id)' },
  { table: 'letters', rank: 37, mode: 'client', key: ['id'], client: '(SELECT client_id FROM decisions WHERE id = R.decision_id)' },
  { table: 'incomes', rank: 40, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'fee_deductions', rank: 41, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'absences', rank: 42, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'fee_decisions', rank: 43, mode: 'client', key: ['decision_id'], client: 'R.client_id' },
  { table: 'invoice_runs', rank: 44, mode: 'global', key: ['id'] },
  { table: 'invoices', rank: 45, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'invoice_rows', rank: 46, mode: 'client', key: ['id'], client: '(SELECT client_id FROM invoices WHERE id = R.invoice_id)' },
  { table: 'care_agreements', rank: 47, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'carer_days_off', rank: 48, mode: 'client', key: ['id'], client: '(SELECT client_id FROM care_agreements WHERE id = R.agreement_id)' },
  { table: 'caregiver_payment_runs', rank: 49, mode: 'global', key: ['id'] },
  { table: 'caregiver_payments', rank: 50, mode: 'client', key: ['id'], client: '(SELECT client_id FROM care_agreements WHERE id = R.agreement_id)' },
  { table: 'fee_ceiling_notices', rank: 51, mode: 'client', key: ['id'], client: 'R.client_id' },
  { table: 'audit_log', rank: 60, mode: 'audit', key: ['id'], client: 'R.client_id' },
];

export const ENTITY_BY_TABLE: ReadonlyMap<string, SyncEntity> = new Map(SYNC_ENTITIES.map((e) => [e.table, e]));

/** SQL giving a row's key from the row alias, e.g. `R.user_id || '|' || R.area_id`. */
export function keySql(e: SyncEntity, alias: string): string {
  return e.key.map((k) => `${alias}.${k}`).join(` || '|' || `);
}
