// Guidance workflow: service catalogue and providers, allocation criteria, assessments, client plans,
// reasoning texts, delegation of decision power, service decisions and the county-wide decision numbering.
// Signed decisions are protected by triggers as well as by the services: they never change.
export const up = /* sql */ `
CREATE TABLE services (
  code        TEXT PRIMARY KEY,
  name_fi     TEXT NOT NULL,
  name_sv     TEXT NOT NULL,
  unit        TEXT NOT NULL CHECK (unit IN ('hours_month','visits_month','days_month','meals_month','continuous')),
  legal_basis TEXT NOT NULL,
  sort        INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE providers (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('own','purchased','voucher')),  -- oma tuotanto / ostopalvelu / palvelusetelituottaja
  business_id TEXT,                     -- Y-tunnus
  area_id     TEXT REFERENCES areas(id),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE provider_services (
  provider_id  TEXT NOT NULL REFERENCES providers(id),
  service_code TEXT NOT NULL REFERENCES services(code),
  PRIMARY KEY (provider_id, service_code)
) STRICT, WITHOUT ROWID;

-- Myöntämisperusteet: one row per service and validity period; rules as JSON (shared/domain/criteria.ts).
CREATE TABLE criteria_sets (
  id           TEXT PRIMARY KEY,
  service_code TEXT NOT NULL REFERENCES services(code),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  source       TEXT NOT NULL,
  example      INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0,1)),
  rules_json   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   TEXT NOT NULL,
  updated_by   TEXT REFERENCES users(id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX criteria_service ON criteria_sets(service_code, valid_from);

CREATE TABLE reasoning_texts (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL,
  service_code TEXT REFERENCES services(code),
  outcomes     TEXT NOT NULL,           -- JSON array of outcomes the text fits
  title        TEXT NOT NULL,
  text_fi      TEXT NOT NULL,
  text_sv      TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  source       TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE delegation_rules (
  id           TEXT PRIMARY KEY,
  role         TEXT NOT NULL,
  service_code TEXT REFERENCES services(code),  -- NULL = every service
  outcomes     TEXT NOT NULL,                   -- JSON array
  max_amount   REAL,                            -- in the service's unit; NULL = no limit
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  source       TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   TEXT NOT NULL
) STRICT;

-- Palvelutarpeen arviointi.
CREATE TABLE assessments (
  id               TEXT PRIMARY KEY,
  client_id        TEXT NOT NULL REFERENCES clients(id),
  intake_item_id   TEXT REFERENCES intake_items(id),
  assessed_on      TEXT NOT NULL,
  method           TEXT NOT NULL CHECK (method IN ('home_visit','phone','hospital','reception')),
  maple5           INTEGER CHECK (maple5 BETWEEN 1 AND 5),
  cps              INTEGER CHECK (cps BETWEEN 0 AND 6),
  adlh             INTEGER CHECK (adlh BETWEEN 0 AND 6),
  iadlch           INTEGER CHECK (iadlch BETWEEN 0 AND 6),
  drs              INTEGER CHECK (drs BETWEEN 0 AND 14),
  chess            INTEGER CHECK (chess BETWEEN 0 AND 5),
  night_care_need  INTEGER NOT NULL DEFAULT 0 CHECK (night_care_need IN (0,1)),
  informal_carer   INTEGER NOT NULL DEFAULT 0 CHECK (informal_carer IN (0,1)),
  functional_notes TEXT NOT NULL DEFAULT '',
  client_view      TEXT NOT NULL DEFAULT '',
  conclusion       TEXT NOT NULL DEFAULT '',
  service_level    TEXT NOT NULL CHECK (service_level IN ('green','yellow','red')),
  worker_id        TEXT NOT NULL REFERENCES users(id),
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX assessments_client ON assessments(client_id, assessed_on);
CREATE INDEX assessments_item ON assessments(intake_item_id);

-- Asiakassuunnitelma.
CREATE TABLE client_plans (
  id              TEXT PRIMARY KEY,
  client_id       TEXT NOT NULL REFERENCES clients(id),
  assessment_id   TEXT REFERENCES assessments(id),
  drawn_up_on     TEXT NOT NULL,
  goals           TEXT NOT NULL,
  planned_services TEXT NOT NULL,       -- JSON [{serviceCode, amount, note}]
  client_view     TEXT NOT NULL DEFAULT '',
  relatives_view  TEXT NOT NULL DEFAULT '',
  review_on       TEXT NOT NULL,
  worker_id       TEXT NOT NULL REFERENCES users(id),
  version         INTEGER NOT NULL DEFAULT 1,
  updated_at      TEXT NOT NULL,
  CHECK (review_on >= drawn_up_on)
) STRICT;
CREATE INDEX client_plans_client ON client_plans(client_id, drawn_up_on);

-- County-wide decision numbering: number/year.
CREATE TABLE decision_numbers (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT;

CREATE TABLE decisions (
  id                 TEXT PRIMARY KEY,
  client_id          TEXT NOT NULL REFERENCES clients(id),
  intake_item_id     TEXT REFERENCES intake_items(id),
  assessment_id      TEXT REFERENCES assessments(id),
  kind               TEXT NOT NULL DEFAULT 'service' CHECK (kind IN ('service','fee','voucher')),
  outcome            TEXT NOT NULL CHECK (outcome IN ('grant','partial_grant','refusal','change','termination')),
  status             TEXT NOT NULL CHECK (status IN ('draft','proposed','signed','sent')),
  applied_service    TEXT REFERENCES services(code),
  applied_on         TEXT,
  reasoning_codes    TEXT NOT NULL DEFAULT '[]',     -- JSON array of reasoning text ids
  reasoning_free     TEXT NOT NULL DEFAULT '',
  reasoning_fi       TEXT,                           -- the texts as they stood when signed
  reasoning_sv       TEXT,
  legal_basis        TEXT NOT NULL,
  drafted_by         TEXT NOT NULL REFERENCES users(id),
  decision_maker_id  TEXT REFERENCES users(id),
  corrects_id        TEXT REFERENCES decisions(id),
  number             INTEGER,
  number_year        INTEGER,
  decided_on         TEXT,
  signed_at          TEXT,
  sent_on            TEXT,
  send_channel       TEXT CHECK (send_channel IN ('letter','electronic')),
  notified_on        TEXT,
  appeal_last_day    TEXT,
  arrange_by         TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  UNIQUE (number_year, number),
  CHECK ((status IN ('signed','sent')) = (number IS NOT NULL AND decided_on IS NOT NULL AND decision_maker_id IS NOT NULL)),
  CHECK ((status = 'sent') = (sent_on IS NOT NULL))
) STRICT;
CREATE INDEX decisions_client ON decisions(client_id, created_at);
CREATE INDEX decisions_status ON decisions(status, created_at);
CREATE INDEX decisions_item ON decisions(intake_item_id);
CREATE INDEX decisions_maker_proposed ON decisions(decision_maker_id) WHERE status = 'proposed';

CREATE TABLE decision_services (
  id                  TEXT PRIMARY KEY,
  decision_id         TEXT NOT NULL REFERENCES decisions(id),
  sort                INTEGER NOT NULL,
  service_code        TEXT NOT NULL REFERENCES services(code),
  amount              REAL,
  start_date          TEXT NOT NULL,
  end_date            TEXT,
  provider_kind       TEXT CHECK (provider_kind IN ('own','purchased','voucher')),
  provider_id         TEXT REFERENCES providers(id),
  voucher_value_cents INTEGER,
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX decision_services_decision ON decision_services(decision_id, sort);
CREATE INDEX decision_services_service ON decision_services(service_code);

-- A made decision never changes (only its sending is recorded once), and its services never change.
CREATE TRIGGER decisions_signed_immutable BEFORE UPDATE ON decisions
WHEN OLD.status IN ('signed','sent') AND NOT (
  OLD.status = 'signed' AND NEW.status = 'sent'
  AND NEW.outcome IS OLD.outcome AND NEW.client_id IS OLD.client_id AND NEW.reasoning_fi IS OLD.reasoning_fi
  AND NEW.reasoning_sv IS OLD.reasoning_sv AND NEW.reasoning_free IS OLD.reasoning_free AND NEW.legal_basis IS OLD.legal_basis
  AND NEW.decision_maker_id IS OLD.decision_maker_id AND NEW.number IS OLD.number AND NEW.number_year IS OLD.number_year
  AND NEW.decided_on IS OLD.decided_on AND NEW.signed_at IS OLD.signed_at AND NEW.corrects_id IS OLD.corrects_id
)
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
CREATE TRIGGER decisions_signed_no_delete BEFORE DELETE ON decisions
WHEN OLD.status IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
CREATE TRIGGER decision_services_frozen_ins BEFORE INSERT ON decision_services
WHEN (SELECT status FROM decisions WHERE id = NEW.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
CREATE TRIGGER decision_services_frozen_upd BEFORE UPDATE ON decision_services
WHEN (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
CREATE TRIGGER decision_services_frozen_del BEFORE DELETE ON decision_services
WHEN (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
`;
