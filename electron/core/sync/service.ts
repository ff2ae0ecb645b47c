// Handlers of the sync channels: the indicator's status, the central connection settings (the admin's),
// conflicts a user resolves and refused changes a user reads.
import type { HandlerContext, SignedInContext } from '../context';
import type { SyncConflictDto, SyncRejectDto, SyncStatusDto } from '../../../shared/contract/sync-schemas';
import type { Db } from '../db/connection';
import { formatEuros } from '../../../shared/domain/letters';
import { openConflicts, resolveConflict } from './conflicts';
import { ENTITY_BY_TABLE } from './entities';
import { describeCa, type CentralSettings } from './manager';
import { AppError, notFound } from '../../../shared/contract/errors';
import { maskHetu } from '../../../shared/domain/hetu';
import { msg } from '../../../shared/messages';
import { PROTECTED_ADDRESS_ROLES } from '../../../shared/roles';
import { areaScope, OutOfScope, rowAreaSql, type AreaScope } from '../access/scope';
import { auditRead } from '../access/guard';
import { columnsOf } from './capture';

export function status(ctx: HandlerContext): SyncStatusDto {
  return ctx.sync.status();
}

export function syncNow(ctx: SignedInContext): SyncStatusDto {
  ctx.sync.nudge();
  return ctx.sync.status();
}

function settingsView(ctx: HandlerContext) {
  const s = ctx.sync.settings();
  const ca = describeCa(s.ca);
  return { ...s, caSubject: ca?.subject ?? null, caValidTo: ca?.validTo ?? null, deviceId: ctx.db.prepare('SELECT device_id FROM sync_state WHERE id = 1').pluck().get() as string };
}

export function settings(ctx: SignedInContext) {
  return settingsView(ctx);
}

export async function saveSettings(ctx: SignedInContext, input: CentralSettings) {
  const before = ctx.sync.settings();
  const saved = await ctx.sync.configure(input);
  ctx.audit.write({
    userId: ctx.user.id,
    action: 'sync.settings',
    details: { from: { url: before.url, tls: before.tls, ca: before.ca !== null }, to: { url: saved.url, tls: saved.tls, ca: saved.ca !== null } },
  });
  return settingsView(ctx);
}

export function testConnection(ctx: SignedInContext, input: CentralSettings) {
  return ctx.sync.test(input);
}

/** A row's owner in words: the client's name for client data, else the record's own name. */
function subjectOf(db: Db, entity: string, key: string, row: Record<string, unknown> | null): string | null {
  const e = ENTITY_BY_TABLE.get(entity);
  let clientId: string | null = null;
  if (entity === 'clients') clientId = key;
  else if (e?.client) {
    const local = db
      .prepare(`SELECT ${e.client} FROM ${e.table} R WHERE ${e.key.map((k) => `R.${k} = ?`).join(' AND ')}`)
      .pluck()
      .get(...(e.key.length === 1 ? [key] : key.split('|'))) as string | null | undefined;
    clientId = local ?? (typeof row?.client_id === 'string' ? row.client_id : null);
  }
  if (clientId) {
    const c = db.prepare('SELECT last_name, first_names FROM clients WHERE id = ?').get(clientId) as { last_name: string; first_names: string } | undefined;
    if (c) return `${c.last_name} ${c.first_names}`;
  }
  for (const f of ['display_name', 'name_fi', 'name', 'title_fi']) if (typeof row?.[f] === 'string') return row[f] as string;
  return null;
}

/** A field's value as a user reads it: euros for cents, a person's name for a user id, "—" for nothing. */
function valueText(db: Db, field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && field.endsWith('_cents')) return formatEuros(value);
  if (typeof value === 'string' && /_id$|_by$/.test(field)) {
    const name = db.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(value) as string | undefined;
    if (name) return name;
    const area = db.prepare('SELECT name_fi FROM areas WHERE id = ?').pluck().get(value) as string | undefined;
    if (area) return area;
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function scalar(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

// ---- Who may see a conflict or a refused change, and which of its fields ---------------------------------

/** The areas a version of a row belongs to (none for a table without areas: every user sees those). */
function areasOf(db: Db, entity: string, versions: (Record<string, unknown> | null)[]): (string | null)[] | null {
  const area = rowAreaSql(entity, 'R');
  if (area === null) return null;
  const cols = columnsOf(db, entity).map((c) => `json_extract(@row, '$.${c.name}') AS ${c.name}`);
  const st = db.prepare(`SELECT ${area} FROM (SELECT ${cols.join(', ')}) R`).pluck();
  return versions.filter((v): v is Record<string, unknown> => v !== null && v._deleted !== true).map((v) => st.get({ row: JSON.stringify(v) }) as string | null);
}

/** A conflict is the caller's to see when every version of the row lies in the caller's areas. */
function visibleTo(db: Db, scope: AreaScope, entity: string, versions: (Record<string, unknown> | null)[]): boolean {
  if (!ENTITY_BY_TABLE.has(entity)) return scope.countyWide;
  const areas = areasOf(db, entity, versions);
  return areas === null || (areas.length > 0 ? areas.every((a) => scope.includes(a)) : scope.countyWide);
}

/** Fields holding a henkilötunnus: shown masked, as on the client card. */
const HETU_FIELDS = new Set(['hetu', 'carer_hetu']);
/** The population-register address, which under turvakielto only PROTECTED_ADDRESS_ROLES may see (as on the card). */
const REGISTER_ADDRESS = new Set(['street_address', 'postal_code', 'post_office']);
const HIDDEN_TEXT = 'turvakielto: osoite ei näy tälle roolille';

function hiddenFields(ctx: SignedInContext, entity: string, versions: (Record<string, unknown> | null)[]): Set<string> {
  if (entity !== 'clients' || PROTECTED_ADDRESS_ROLES.includes(ctx.user.role)) return new Set();
  return versions.some((v) => v?.address_protected === 1 || v?.address_protected === true) ? REGISTER_ADDRESS : new Set();
}

export function conflicts(ctx: SignedInContext): { conflicts: SyncConflictDto[]; rejects: SyncRejectDto[] } {
  const scope = areaScope(ctx.user);
  const visible = openConflicts(ctx.db).filter((c) => visibleTo(ctx.db, scope, c.entity, [c.mine, c.theirs]));
  const list = visible.map((c) => {
    const { mine, theirs } = c;
    const hidden = hiddenFields(ctx, c.entity, [mine, theirs]);
    const shown = (field: string, v: unknown) => (hidden.has(field) ? null : HETU_FIELDS.has(field) && typeof v === 'string' ? maskHetu(v) : scalar(v));
    const text = (field: string, v: unknown) => (hidden.has(field) ? HIDDEN_TEXT : HETU_FIELDS.has(field) && typeof v === 'string' ? maskHetu(v) : valueText(ctx.db, field, v));
    return {
      id: c.id,
      entity: c.entity,
      rowKey: c.rowKey,
      subject: subjectOf(ctx.db, c.entity, c.rowKey, theirs ?? mine),
      createdAt: c.createdAt,
      frozen: c.frozen,
      mineDeleted: c.mineDeleted,
      theirsDeleted: theirs === null,
      fields: c.fields.map((f) => ({
        field: f.field,
        mine: shown(f.field, f.mine),
        theirs: shown(f.field, f.theirs),
        mineText: text(f.field, f.mine),
        theirsText: text(f.field, f.theirs),
        hidden: hidden.has(f.field),
      })),
    };
  });
  const rejects = (
    ctx.db.prepare('SELECT id, at, entity, row_key, reason, payload FROM sync_rejects WHERE acknowledged_at IS NULL ORDER BY id').all() as RejectRow[]
  )
    .filter((r) => rejectVisible(ctx.db, scope, r))
    .map((r) => ({
    id: r.id,
    at: r.at,
    entity: r.entity,
    rowKey: r.row_key,
    subject: subjectOf(ctx.db, r.entity, r.row_key, r.payload ? (JSON.parse(r.payload) as Record<string, unknown> | null) : null),
    reason: r.reason,
  }));
  if (list.length + rejects.length > 0)
    auditRead(ctx, 'sync.conflictsView', { entityType: 'sync_conflict', details: { conflicts: list.length, rejects: rejects.length } });
  return { conflicts: list, rejects };
}

interface RejectRow {
  id: number;
  at: string;
  entity: string;
  row_key: string;
  reason: string;
  payload: string | null;
}

function rejectVisible(db: Db, scope: AreaScope, r: Pick<RejectRow, 'entity' | 'payload'>): boolean {
  return visibleTo(db, scope, r.entity, [r.payload ? (JSON.parse(r.payload) as Record<string, unknown> | null) : null]);
}

/**
 * Resolves a conflict the caller may see. A field hidden from the caller (a protected register address) cannot
 * be written from their version: they keep the central one, or leave the conflict to a role that may see it.
 */
export function resolve(ctx: SignedInContext, input: { id: string; choice: 'mine' | 'theirs' | 'merge'; pick: Record<string, 'mine' | 'theirs'> }): SyncStatusDto {
  const c = ctx.db.prepare('SELECT entity, row_key FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL').get(input.id) as { entity: string; row_key: string } | undefined;
  if (!c) throw notFound('conflict');
  const v = openConflicts(ctx.db).find((x) => x.id === input.id)!;
  if (!visibleTo(ctx.db, areaScope(ctx.user), v.entity, [v.mine, v.theirs])) throw new OutOfScope('sync_conflicts', input.id, 'conflict');
  const hidden = hiddenFields(ctx, v.entity, [v.mine, v.theirs]);
  const writesHidden = v.fields.some(
    (f) => hidden.has(f.field) && (input.choice === 'mine' || (input.choice === 'merge' && input.pick[f.field] === 'mine')),
  );
  if (writesHidden || (input.choice === 'mine' && v.mineDeleted && hidden.size > 0))
    throw new AppError('FORBIDDEN', msg('sync.protectedAddressHidden'));
  ctx.db.transaction(() => {
    resolveConflict(ctx.db, ctx.clock, input.id, input.choice, input.pick);
    ctx.audit.write({ userId: ctx.user.id, action: 'sync.resolve', entityType: c.entity, entityId: c.row_key, details: { choice: input.choice, pick: input.pick } });
  })();
  ctx.sync.changed();
  return ctx.sync.status();
}

export function acknowledge(ctx: SignedInContext, input: { id: number }): SyncStatusDto {
  const r = ctx.db.prepare('SELECT entity, payload FROM sync_rejects WHERE id = ? AND acknowledged_at IS NULL').get(input.id) as Pick<RejectRow, 'entity' | 'payload'> | undefined;
  if (r && !rejectVisible(ctx.db, areaScope(ctx.user), r)) throw new OutOfScope('sync_rejects', String(input.id), 'rejectedChange');
  ctx.db.transaction(() => {
    const n = ctx.db
      .prepare('UPDATE sync_rejects SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL')
      .run(ctx.clock.now().toISOString(), ctx.user.id, input.id).changes;
    if (n === 0) throw notFound('rejectedChange');
    ctx.audit.write({ userId: ctx.user.id, action: 'sync.acknowledge', details: { rejectId: input.id } });
  })();
  ctx.sync.changed();
  return ctx.sync.status();
}
