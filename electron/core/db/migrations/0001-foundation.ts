// Foundation schema: staff, areas, clients, intake items, saved views, audit log, sync outbox.
// Synced entities carry a client-generated UUIDv7 id, a row version and an update instant; clients and
// contacts use tombstones (deleted = 1) instead of deletes.
export const up = /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE areas (
  id         TEXT PRIMARY KEY,
  name_fi    TEXT NOT NULL,
  name_sv    TEXT NOT NULL,
  sort       INTEGER NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE municipalities (
  code     TEXT PRIMARY KEY,            -- kuntanumero, 3 digits
  name_fi  TEXT NOT NULL,
  name_sv  TEXT NOT NULL,
  area_id  TEXT NOT NULL REFERENCES areas(id)
) STRICT;

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  title         TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('guidance_worker','social_worker','client_secretary','billing','service_manager','admin')),
  language      TEXT NOT NULL DEFAULT 'fi' CHECK (language IN ('fi','sv')),
  password_hash TEXT,                   -- scrypt; NULL = cannot sign in on this workstation
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  version       INTEGER NOT NULL DEFAULT 1,
  updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE user_areas (
  user_id TEXT NOT NULL REFERENCES users(id),
  area_id TEXT NOT NULL REFERENCES areas(id),
  PRIMARY KEY (user_id, area_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE clients (
  id                   TEXT PRIMARY KEY,
  hetu                 TEXT NOT NULL UNIQUE,
  last_name            TEXT NOT NULL,
  first_names          TEXT NOT NULL,
  name_key             TEXT NOT NULL,   -- Unicode-lowercased "last first" for search
  birth_date           TEXT NOT NULL,
  language             TEXT NOT NULL CHECK (language IN ('fi','sv')),
  street_address       TEXT,
  postal_code          TEXT,
  post_office          TEXT,
  contact_care_of      TEXT,
  contact_street       TEXT,
  contact_postal_code  TEXT,
  contact_post_office  TEXT,
  address_protected    INTEGER NOT NULL DEFAULT 0 CHECK (address_protected IN (0,1)),  -- turvakielto
  municipality_code    TEXT NOT NULL REFERENCES municipalities(code),
  area_id              TEXT NOT NULL REFERENCES areas(id),
  phone                TEXT,
  care_allowance       TEXT NOT NULL DEFAULT 'none' CHECK (care_allowance IN ('none','basic','increased','highest')),
  spouse_id            TEXT REFERENCES clients(id),
  household_size       INTEGER NOT NULL DEFAULT 1 CHECK (household_size BETWEEN 1 AND 20),
  responsible_worker_id TEXT REFERENCES users(id),  -- omatyöntekijä
  version              INTEGER NOT NULL DEFAULT 1,
  updated_at           TEXT NOT NULL,
  deleted              INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
) STRICT;
CREATE INDEX clients_area ON clients(area_id);
CREATE INDEX clients_worker ON clients(responsible_worker_id);
CREATE INDEX clients_spouse ON clients(spouse_id);

CREATE TABLE client_contacts (
  id                TEXT PRIMARY KEY,
  client_id         TEXT NOT NULL REFERENCES clients(id),
  name              TEXT NOT NULL,
  relation          TEXT NOT NULL,
  phone             TEXT,
  is_representative INTEGER NOT NULL DEFAULT 0 CHECK (is_representative IN (0,1)),  -- edunvalvoja or valtuutettu
  sort              INTEGER NOT NULL DEFAULT 0,
  version           INTEGER NOT NULL DEFAULT 1,
  updated_at        TEXT NOT NULL,
  deleted           INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
) STRICT;
CREATE INDEX client_contacts_client ON client_contacts(client_id);

CREATE TABLE intake_items (
  id                 TEXT PRIMARY KEY,
  type               TEXT NOT NULL CHECK (type IN ('concern_report','application','service_request','hospital_discharge')),
  service_applied    TEXT CHECK (service_applied IN ('home_care','support_services','service_housing_24h','short_term_care','family_caregiver_support')),
  channel            TEXT NOT NULL CHECK (channel IN ('phone','electronic','letter','walk_in','hospital')),
  received_at        TEXT NOT NULL,     -- UTC instant
  contact_date       TEXT NOT NULL,     -- Europe/Helsinki date of the contact; deadlines count from it
  urgent             INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0,1)),
  reporter_name      TEXT NOT NULL,
  reporter_role      TEXT NOT NULL CHECK (reporter_role IN ('self','relative','professional','hospital','other','anonymous')),
  text               TEXT NOT NULL,
  client_id          TEXT REFERENCES clients(id),
  subject_name       TEXT,              -- the person concerned when not yet linked to a client
  subject_birth_date TEXT,
  municipality_code  TEXT NOT NULL REFERENCES municipalities(code),
  area_id            TEXT NOT NULL REFERENCES areas(id),
  status             TEXT NOT NULL CHECK (status IN ('new','assigned','assessment','decision','closed','forwarded','cancelled')),
  assigned_worker_id TEXT REFERENCES users(id),
  assessment_due     TEXT NOT NULL,
  due_basis          TEXT NOT NULL CHECK (due_basis IN ('urgent','statutory','target')),
  closed_at          TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  updated_at         TEXT NOT NULL,
  CHECK (client_id IS NOT NULL OR subject_name IS NOT NULL)
) STRICT;
-- The queue: open items by area (or county-wide) in deadline order, keyset-paged by (assessment_due, id).
CREATE INDEX intake_open_area_due ON intake_items(area_id, assessment_due, id)
  WHERE status IN ('new','assigned','assessment','decision');
CREATE INDEX intake_open_due ON intake_items(assessment_due, id)
  WHERE status IN ('new','assigned','assessment','decision');
CREATE INDEX intake_all_area_due ON intake_items(area_id, assessment_due, id);
CREATE INDEX intake_all_due ON intake_items(assessment_due, id);
CREATE INDEX intake_client ON intake_items(client_id, received_at);
CREATE INDEX intake_worker_open ON intake_items(assigned_worker_id)
  WHERE status IN ('new','assigned','assessment','decision');

CREATE TABLE saved_views (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  state_json TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  UNIQUE (user_id, name)
) STRICT;

-- Access and change audit (lokitiedot, asiakastietolaki 703/2023 §§ 17–18): who, when, what.
CREATE TABLE audit_log (
  id          TEXT PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     TEXT REFERENCES users(id),
  action      TEXT NOT NULL,
  entity_type TEXT,
  entity_id   TEXT,
  client_id   TEXT REFERENCES clients(id),
  details     TEXT
) STRICT;
CREATE INDEX audit_client_at ON audit_log(client_id, at);
CREATE INDEX audit_at ON audit_log(at);

-- Local changes waiting for the central database, written in the same transaction as the change.
CREATE TABLE outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  base_version INTEGER,
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
`;
