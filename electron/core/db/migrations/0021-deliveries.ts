// Digital-first delivery. Each letter handed to a channel is a delivery (Suomi.fi Messages, the county's own
// e-kirje print batch, or by hand), with the events the channel reports; the decision's deemed receipt and
// last day of review follow from the delivery that notified it (decisions.notification_basis). A client's
// recorded delivery choice (paper, by hand, a representative's address) is honoured by the routing.
// Deliveries, their events and the clients' choices replicate; the Suomi.fi credentials, the mailbox states
// checked and the event feed's continuation token stay on the workstation.
const LOCAL = '(SELECT applying FROM sync_state WHERE id = 1) = 0';

export const up = /* sql */ `
CREATE TABLE client_delivery (
  client_id        TEXT PRIMARY KEY REFERENCES clients(id),
  choice           TEXT NOT NULL DEFAULT 'auto' CHECK (choice IN ('auto','paper','manual')),
  rep_role         TEXT CHECK (rep_role IN ('guardian','representative','relative')),
  rep_name         TEXT,
  rep_street       TEXT,
  rep_postal_code  TEXT CHECK (rep_postal_code IS NULL OR rep_postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]'),
  rep_post_office  TEXT,
  note             TEXT NOT NULL DEFAULT '',
  valid_until      TEXT,                 -- e.g. paper for six months at a time; NULL = until changed
  recorded_by      TEXT REFERENCES users(id),
  version          INTEGER NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL,
  deleted          INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK ((rep_name IS NULL) = (rep_street IS NULL) AND (rep_name IS NULL) = (rep_postal_code IS NULL)
     AND (rep_name IS NULL) = (rep_post_office IS NULL) AND (rep_name IS NULL) = (rep_role IS NULL))
) STRICT;

CREATE TABLE deliveries (
  id               TEXT PRIMARY KEY,
  decision_id      TEXT REFERENCES decisions(id),
  invoice_id       TEXT REFERENCES invoices(id),
  client_id        TEXT NOT NULL REFERENCES clients(id),
  purpose          TEXT NOT NULL CHECK (purpose IN ('notification','copy')),
  attempt          INTEGER NOT NULL CHECK (attempt > 0),    -- 1, 2, … per document
  route            TEXT NOT NULL CHECK (route IN ('suomifi','suomifi_paper','ekirje','manual')),
  route_reason     TEXT NOT NULL,
  electronic_only  INTEGER NOT NULL DEFAULT 0 CHECK (electronic_only IN (0,1)),
  status           TEXT NOT NULL CHECK (status IN ('pending','sent','failed','returned','handed_over','cancelled')),
  external_id      TEXT UNIQUE,          -- Suomi.fi externalId: a repeated send of the same id is answered 409
  message_id       INTEGER,              -- Suomi.fi messageId
  mailbox_active   INTEGER CHECK (mailbox_active IN (0,1)),  -- at sending (the expected channel)
  delivered_as     TEXT CHECK (delivered_as IN ('electronic','paper')),
  first_try_at     TEXT,                 -- first time it was handed to the channel (then it can no longer be withdrawn)
  accepted_at      TEXT,                 -- instant the channel took it
  accepted_on      TEXT,                 -- its Helsinki date
  electronic_on    TEXT,
  paper_posted_on  TEXT,
  handed_over_on   TEXT,
  handed_over_to   TEXT,
  handed_over_by   TEXT REFERENCES users(id),
  batch_id         TEXT,                 -- the workstation's sending batch (batches stay local)
  resend_of        TEXT REFERENCES deliveries(id),
  error            TEXT,
  device_id        TEXT,                 -- the workstation that sends it (and applies its events)
  created_by       TEXT REFERENCES users(id),
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL,
  CHECK ((decision_id IS NULL) <> (invoice_id IS NULL)),
  CHECK ((status = 'handed_over') = (handed_over_on IS NOT NULL)),
  CHECK (status NOT IN ('sent','returned') OR accepted_on IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX deliveries_decision_attempt ON deliveries(decision_id, attempt) WHERE decision_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_invoice_attempt ON deliveries(invoice_id, attempt) WHERE invoice_id IS NOT NULL;
-- At most one delivery of a document in flight.
CREATE UNIQUE INDEX deliveries_decision_open ON deliveries(decision_id) WHERE status = 'pending' AND decision_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_invoice_open ON deliveries(invoice_id) WHERE status = 'pending' AND invoice_id IS NOT NULL;
CREATE INDEX deliveries_client ON deliveries(client_id, created_at);
CREATE INDEX deliveries_batch ON deliveries(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX deliveries_message ON deliveries(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX deliveries_pending ON deliveries(route, created_at) WHERE status = 'pending';

CREATE TABLE delivery_events (
  id           TEXT PRIMARY KEY,         -- derived from (delivery, type, at): the same event is one row everywhere
  delivery_id  TEXT NOT NULL REFERENCES deliveries(id),
  type         TEXT NOT NULL CHECK (type IN ('accepted','failed','handed_over','electronic_created','electronic_read',
                 'receipt_confirmed','paper_created','sent_for_printing','posti_receipt_confirmed','posti_returned','posti_unresolved')),
  at           TEXT NOT NULL,            -- instant of the event (UTC)
  source       TEXT NOT NULL CHECK (source IN ('suomifi','luotsi')),
  details      TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX delivery_events_delivery ON delivery_events(delivery_id, at);

-- Suomi.fi mailbox states as last checked (POST /v1/mailboxes/active), per client: decides the route shown.
CREATE TABLE suomifi_mailboxes (
  client_id   TEXT PRIMARY KEY REFERENCES clients(id),
  active      INTEGER NOT NULL CHECK (active IN (0,1)),
  checked_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The Suomi.fi REST API password: the current one and a pending one during a rotation (the pending one is
-- stored before /v1/change-password is called, so a crash in between never loses the password in use).
CREATE TABLE suomifi_passwords (
  version      INTEGER PRIMARY KEY,
  label        TEXT UNIQUE CHECK (label IN ('current','pending')),
  password     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  activated_at TEXT
) STRICT;

-- Other Suomi.fi secrets of this workstation (the printing service's password).
CREATE TABLE suomifi_secrets (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- The events feed's continuation token, stored with the events it brought (GET /v2/events).
CREATE TABLE suomifi_event_cursor (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  token          TEXT,
  polled_at      TEXT,
  events_applied INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT
) STRICT;
INSERT INTO suomifi_event_cursor (id) VALUES (1);

-- The decision records which rule its deemed receipt rests on; 'returned' = the letter came back and the
-- decision waits to be sent again (no deemed receipt), 'hand' = handed over (HL 60 § 2 mom).
ALTER TABLE decisions ADD COLUMN notification_basis TEXT CHECK (notification_basis IN ('electronic','letter','hand','returned'));
ALTER TABLE decisions ADD COLUMN notification_provisional INTEGER NOT NULL DEFAULT 0 CHECK (notification_provisional IN (0,1));
UPDATE decisions SET notification_basis = send_channel WHERE status = 'sent';

-- A made decision stays as it was made; its notification columns may still follow its deliveries (the
-- channel of a Suomi.fi message is known from the events, a returned letter rebuts the deemed receipt).
DROP TRIGGER IF EXISTS decisions_signed_immutable;
CREATE TRIGGER decisions_signed_immutable BEFORE UPDATE ON decisions
WHEN ${LOCAL} AND OLD.status IN ('signed','sent') AND NOT (
  NEW.status IN ('sent') AND (OLD.status = 'signed' OR OLD.status = 'sent')
  AND NEW.outcome IS OLD.outcome AND NEW.client_id IS OLD.client_id AND NEW.reasoning_fi IS OLD.reasoning_fi
  AND NEW.reasoning_sv IS OLD.reasoning_sv AND NEW.reasoning_free IS OLD.reasoning_free AND NEW.legal_basis IS OLD.legal_basis
  AND NEW.decision_maker_id IS OLD.decision_maker_id AND NEW.number IS OLD.number AND NEW.number_year IS OLD.number_year
  AND NEW.decided_on IS OLD.decided_on AND NEW.signed_at IS OLD.signed_at AND NEW.corrects_id IS OLD.corrects_id
  AND NEW.kind IS OLD.kind AND NEW.applied_service IS OLD.applied_service AND NEW.applied_on IS OLD.applied_on
  AND NEW.arrange_by IS OLD.arrange_by AND NEW.drafted_by IS OLD.drafted_by
)
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;

-- Letters: the address block may also be a representative's address (c/o), and an electronic-only letter has
-- none. Rebuilt (SQLite cannot change a CHECK); no other table refers to letters.
CREATE TABLE letters_new (
  id                 TEXT PRIMARY KEY,
  decision_id        TEXT NOT NULL UNIQUE REFERENCES decisions(id),
  language           TEXT NOT NULL CHECK (language IN ('fi','sv')),
  delivery           TEXT NOT NULL CHECK (delivery IN ('print','manual','electronic')),
  address_source     TEXT CHECK (address_source IN ('register','contact','representative')),
  address_protected  INTEGER NOT NULL CHECK (address_protected IN (0,1)),
  recipient          TEXT NOT NULL,
  pages              INTEGER NOT NULL CHECK (pages > 0),
  bytes              BLOB NOT NULL,
  sha256             TEXT NOT NULL CHECK (length(sha256) = 64),
  texts_valid_from   TEXT NOT NULL,
  signer             TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  created_by         TEXT REFERENCES users(id),
  CHECK ((delivery = 'print') = (address_source IS NOT NULL)),
  CHECK (address_protected = 0 OR address_source IS NOT 'register')
) STRICT;
INSERT INTO letters_new SELECT id, decision_id, language, delivery, address_source, address_protected, recipient, pages, bytes, sha256,
  texts_valid_from, signer, created_at, created_by FROM letters;
DROP TABLE letters;
ALTER TABLE letters_new RENAME TO letters;
CREATE TRIGGER letters_immutable BEFORE UPDATE ON letters WHEN ${LOCAL}
BEGIN SELECT RAISE(ABORT, 'a letter is immutable'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters WHEN ${LOCAL}
BEGIN SELECT RAISE(ABORT, 'a letter is immutable'); END;

-- Batch items: each has its route; a delivered item is 'sent', so that only items still open block a
-- decision from another batch (a returned letter is sent again in a new batch).
CREATE TABLE send_batch_items_new (
  batch_id     TEXT NOT NULL REFERENCES send_batches(id),
  seq          INTEGER NOT NULL,
  decision_id  TEXT NOT NULL REFERENCES decisions(id),
  status       TEXT NOT NULL CHECK (status IN ('pending','done','manual','failed','cancelled','sent')),
  error        TEXT,
  route        TEXT CHECK (route IN ('suomifi','suomifi_paper','ekirje','manual')),
  delivery_id  TEXT,
  PRIMARY KEY (batch_id, seq)
) STRICT;
INSERT INTO send_batch_items_new (batch_id, seq, decision_id, status, error, route)
  SELECT i.batch_id, i.seq, i.decision_id,
    CASE WHEN i.status = 'done' AND b.status = 'completed' THEN 'sent' ELSE i.status END, i.error,
    CASE i.status WHEN 'manual' THEN 'manual' WHEN 'done' THEN 'ekirje' END
  FROM send_batch_items i JOIN send_batches b ON b.id = i.batch_id;
DROP TABLE send_batch_items;
ALTER TABLE send_batch_items_new RENAME TO send_batch_items;
CREATE UNIQUE INDEX send_batch_items_open ON send_batch_items(decision_id) WHERE status IN ('pending','done');
CREATE INDEX send_batch_items_decision ON send_batch_items(decision_id);
CREATE INDEX send_batch_items_status ON send_batch_items(batch_id, status, seq);

-- The capture triggers of the rebuilt letters table are generated again at the next start.
DELETE FROM settings WHERE key = 'sync.capture';
`;
