// The route of a client's letters from what the workstation knows: the client's address data and
// henkilötunnus, the recorded delivery choice, the last Suomi.fi mailbox state checked and whether Suomi.fi
// Messages (and its printing service) is in use here.
import { parseHetu } from '../../../shared/domain/hetu';
import { routeLetter, type ClientDeliveryChoice, type RepresentativeRole, type Routing, type SuomifiAvailability } from '../../../shared/domain/delivery';
import type { Db } from '../db/connection';
import { ADDRESS_COLUMNS, type AddressColumns } from '../letters/model';
import { suomifiAvailability } from '../suomifi/settings';

interface Row extends AddressColumns {
  hetu: string;
  choice: ClientDeliveryChoice['choice'] | null;
  valid_until: string | null;
  rep_role: RepresentativeRole | null;
  rep_name: string | null;
  rep_street: string | null;
  rep_postal_code: string | null;
  rep_post_office: string | null;
  mailbox_active: number | null;
}

export const ROUTING_COLUMNS = `${ADDRESS_COLUMNS}, c.hetu, cd.choice, cd.valid_until, cd.rep_role, cd.rep_name, cd.rep_street, cd.rep_postal_code, cd.rep_post_office,
  mb.active AS mailbox_active`;
export const ROUTING_JOINS = `LEFT JOIN client_delivery cd ON cd.client_id = c.id AND cd.deleted = 0 LEFT JOIN suomifi_mailboxes mb ON mb.client_id = c.id`;

/** The recorded choice, if still valid today (a choice for six months lapses by itself). */
export function choiceOfRow(r: Pick<Row, 'choice' | 'valid_until' | 'rep_role' | 'rep_name' | 'rep_street' | 'rep_postal_code' | 'rep_post_office'>, today: string): ClientDeliveryChoice | null {
  if (!r.choice || (r.valid_until !== null && r.valid_until < today)) return null;
  return {
    choice: r.choice,
    representative: r.rep_name && r.rep_role ? { role: r.rep_role, name: r.rep_name, street: r.rep_street ?? '', postalCode: r.rep_postal_code ?? '', postOffice: r.rep_post_office ?? '' } : null,
  };
}

export function routeOfRow(r: Row, suomifi: SuomifiAvailability, today: string): Routing {
  return routeLetter({
    address: {
      lastName: r.last_name,
      firstNames: r.first_names,
      streetAddress: r.street_address,
      postalCode: r.postal_code,
      postOffice: r.post_office,
      contactCareOf: r.contact_care_of,
      contactStreet: r.contact_street,
      contactPostalCode: r.contact_postal_code,
      contactPostOffice: r.contact_post_office,
      addressProtected: r.address_protected === 1,
    },
    hetuValid: parseHetu(r.hetu).valid,
    choice: choiceOfRow(r, today),
    mailboxActive: r.mailbox_active === null ? null : r.mailbox_active === 1,
    suomifi,
  });
}

/** Routes clients one by one with prepared statements (a batch routes thousands). */
export function clientRouter(db: Db, today: string) {
  const availability = suomifiAvailability(db);
  const one = db.prepare(`SELECT ${ROUTING_COLUMNS} FROM clients c ${ROUTING_JOINS} WHERE c.id = ?`);
  return {
    availability,
    route(clientId: string): Routing & { hetu: string } {
      const r = one.get(clientId) as Row | undefined;
      if (!r) throw new Error(`client ${clientId} not found`);
      return { ...routeOfRow(r, availability, today), hetu: r.hetu };
    },
  };
}
