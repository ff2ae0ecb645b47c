// Client register: search, the client card (audited), revealing a henkilötunnus (audited), the access log.
import { notFound } from '../../../shared/contract/errors';
import type { ClientCard } from '../../../shared/contract/schemas';
import { ageOn, maskHetu, parseHetu } from '../../../shared/domain/hetu';
import { PROTECTED_ADDRESS_ROLES } from '../../../shared/roles';
import type { SignedInContext } from '../context';
import { searchKey } from './search-key';
import { areaScope } from '../access/scope';
import { auditRead } from '../access/guard';

interface ClientRow {
  id: string;
  hetu: string;
  last_name: string;
  first_names: string;
  birth_date: string;
  language: 'fi' | 'sv';
  street_address: string | null;
  postal_code: string | null;
  post_office: string | null;
  contact_care_of: string | null;
  contact_street: string | null;
  contact_postal_code: string | null;
  contact_post_office: string | null;
  address_protected: number;
  municipality_code: string;
  area_id: string;
  phone: string | null;
  care_allowance: ClientCard['careAllowance'];
  spouse_id: string | null;
  spouse_name: string | null;
  household_size: number;
  responsible_worker_id: string | null;
  responsible_worker_name: string | null;
}

/**
 * Clients of the caller's areas by name, birth date or full henkilötunnus. Every search is recorded: a search by
 * henkilötunnus (which names one person) under the client found, with the number masked in the details.
 */
export function searchClients(ctx: SignedInContext, input: { query: string; limit: number }) {
  const q = input.query.trim();
  const hetu = q.length === 11 ? parseHetu(q) : null;
  const scope = areaScope(ctx.user);
  let where: string;
  let param: string;
  let kind: 'hetu' | 'birthDate' | 'name';
  if (hetu?.valid) {
    where = 'c.hetu = @p';
    param = hetu.hetu;
    kind = 'hetu';
  } else if (/^\d{6}[-+A-FU-Y]?$/i.test(q)) {
    where = 'c.hetu LIKE @p';
    param = `${q.toUpperCase()}%`;
    kind = 'birthDate';
  } else {
    where = 'c.name_key LIKE @p';
    param = `%${searchKey(q).replace(/[%_]/g, '')}%`;
    kind = 'name';
  }
  const rows = ctx.db
    .prepare(
      `SELECT c.id, c.hetu, c.last_name || ' ' || c.first_names AS name, c.birth_date, c.municipality_code, c.address_protected,
         w.display_name AS worker,
         (SELECT count(*) FROM intake_items i WHERE i.client_id = c.id AND i.status IN ('new','assigned','assessment','decision')) AS open_items
       FROM clients c LEFT JOIN users w ON w.id = c.responsible_worker_id
       WHERE c.deleted = 0 AND ${where} AND ${scope.sql('c.area_id')}
       ORDER BY c.name_key, c.birth_date LIMIT @limit`,
    )
    .all({ p: param, limit: input.limit, ...scope.params }) as {
    id: string;
    hetu: string;
    name: string;
    birth_date: string;
    municipality_code: string;
    address_protected: number;
    worker: string | null;
    open_items: number;
  }[];
  auditRead(ctx, 'client.search', {
    entityType: 'client',
    clientId: kind === 'hetu' && rows.length === 1 ? rows[0]!.id : null,
    details: { kind, query: kind === 'hetu' ? maskHetu(q.toUpperCase()) : q.slice(0, 100), results: rows.length },
  });
  return rows.map((r) => ({
    id: r.id,
    hetuMasked: maskHetu(r.hetu),
    name: r.name,
    birthDate: r.birth_date,
    municipalityCode: r.municipality_code,
    addressProtected: r.address_protected === 1,
    responsibleWorkerName: r.worker,
    openItems: r.open_items,
  }));
}

function loadClient(ctx: SignedInContext, clientId: string): ClientRow {
  const row = ctx.db
    .prepare(
      `SELECT c.*, s.last_name || ' ' || s.first_names AS spouse_name, w.display_name AS responsible_worker_name
       FROM clients c
       LEFT JOIN clients s ON s.id = c.spouse_id
       LEFT JOIN users w ON w.id = c.responsible_worker_id
       WHERE c.id = ? AND c.deleted = 0`,
    )
    .get(clientId) as ClientRow | undefined;
  if (!row) throw notFound('client');
  return row;
}

export function getClientCard(ctx: SignedInContext, input: { clientId: string }): ClientCard {
  const row = loadClient(ctx, input.clientId);
  const protectedAddr = row.address_protected === 1;
  const mayShow = !protectedAddr || PROTECTED_ADDRESS_ROLES.includes(ctx.user.role);
  const contacts = ctx.db
    .prepare('SELECT id, name, relation, phone, is_representative FROM client_contacts WHERE client_id = ? AND deleted = 0 ORDER BY sort')
    .all(row.id) as { id: string; name: string; relation: string; phone: string | null; is_representative: number }[];
  const timeline = ctx.db
    .prepare(
      `SELECT i.id, i.received_at, i.type, i.channel, i.service_applied, i.urgent, i.status, i.assessment_due, i.due_basis,
         i.reporter_name, i.text, w.display_name AS worker
       FROM intake_items i LEFT JOIN users w ON w.id = i.assigned_worker_id
       WHERE i.client_id = ? AND ${areaScope(ctx.user).sql('i.area_id')} ORDER BY i.received_at DESC`,
    )
    .all(row.id, areaScope(ctx.user).params) as {
    id: string;
    received_at: string;
    type: ClientCard['timeline'][number]['type'];
    channel: ClientCard['timeline'][number]['channel'];
    service_applied: ClientCard['timeline'][number]['serviceApplied'];
    urgent: number;
    status: ClientCard['timeline'][number]['status'];
    assessment_due: string;
    due_basis: ClientCard['timeline'][number]['dueBasis'];
    reporter_name: string;
    text: string;
    worker: string | null;
  }[];

  ctx.db.transaction(() => {
    ctx.audit.write({
      userId: ctx.user.id,
      action: 'client.open',
      entityType: 'client',
      entityId: row.id,
      clientId: row.id,
      details: protectedAddr ? { protectedAddressShown: mayShow } : undefined,
    });
  })();

  return {
    id: row.id,
    hetuMasked: maskHetu(row.hetu),
    lastName: row.last_name,
    firstNames: row.first_names,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, ctx.clock.today()),
    language: row.language,
    addressProtected: protectedAddr,
    address:
      mayShow && row.street_address
        ? { street: row.street_address, postalCode: row.postal_code ?? '', postOffice: row.post_office ?? '' }
        : null,
    contactAddress: row.contact_street
      ? {
          careOf: row.contact_care_of,
          street: row.contact_street,
          postalCode: row.contact_postal_code ?? '',
          postOffice: row.contact_post_office ?? '',
        }
      : null,
    municipalityCode: row.municipality_code,
    areaId: row.area_id,
    phone: row.phone,
    careAllowance: row.care_allowance,
    spouse: row.spouse_id && row.spouse_name ? { id: row.spouse_id, name: row.spouse_name } : null,
    householdSize: row.household_size,
    responsibleWorker: row.responsible_worker_id ? { id: row.responsible_worker_id, name: row.responsible_worker_name ?? '' } : null,
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, relation: c.relation, phone: c.phone, isRepresentative: c.is_representative === 1 })),
    timeline: timeline.map((t) => ({
      id: t.id,
      receivedAt: t.received_at,
      type: t.type,
      channel: t.channel,
      serviceApplied: t.service_applied,
      urgent: t.urgent === 1,
      status: t.status,
      assessmentDue: t.assessment_due,
      dueBasis: t.due_basis,
      reporter: t.reporter_name,
      text: t.text,
      assignedWorkerName: t.worker,
    })),
  };
}

export function revealHetu(ctx: SignedInContext, input: { clientId: string }): { hetu: string } {
  const row = ctx.db.prepare('SELECT hetu FROM clients WHERE id = ? AND deleted = 0').get(input.clientId) as { hetu: string } | undefined;
  if (!row) throw notFound('client');
  ctx.audit.write({ userId: ctx.user.id, action: 'client.hetuReveal', entityType: 'client', entityId: input.clientId, clientId: input.clientId });
  return { hetu: row.hetu };
}

export function clientAccessLog(ctx: SignedInContext, input: { clientId: string }) {
  const exists = ctx.db.prepare('SELECT 1 FROM clients WHERE id = ?').get(input.clientId);
  if (!exists) throw notFound('client');
  const rows = ctx.db
    .prepare(
      `SELECT a.at, COALESCE(u.display_name, '–') AS user_name, a.action, a.details
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.client_id = ? ORDER BY a.at DESC LIMIT 500`,
    )
    .all(input.clientId) as { at: string; user_name: string; action: string; details: string | null }[];
  return rows.map((r) => ({ at: r.at, userName: r.user_name, action: r.action, details: r.details }));
}
