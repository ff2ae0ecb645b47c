// Sync with the central database: the outbox (one row per local change, its sequence number is the client
// mutation id; the row's content is read when it is pushed, which keeps the user's own transactions light), the device's sync state and pull cursor, the server version each local row is based on, and
// conflicts and refused changes waiting for a user. Capture triggers that fill the outbox are generated from
// the table list in core/sync/entities.ts when the database is opened (core/sync/capture.ts).
//
// The immutability triggers of decisions, letters, invoices and payments are recreated so that they do not
// fire while the sync applies the central database's truth (sync_state.applying = 1, set and cleared inside
// the applying transaction); local edits are refused as before.
const LOCAL = '(SELECT applying FROM sync_state WHERE id = 1) = 0';

export const up = /* sql */ `
DROP TABLE outbox;
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,  -- client mutation id: consecutive, never reused
  entity       TEXT NOT NULL,
  row_key      TEXT NOT NULL,
  client_id    TEXT,                               -- for deletions: the client the row belonged to
  op           TEXT NOT NULL CHECK (op IN ('upsert','delete')),
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_row ON outbox(entity, row_key);

CREATE TABLE sync_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  applying      INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0,1)),
  device_id     TEXT NOT NULL,
  cursor_txid   TEXT NOT NULL DEFAULT '0',
  cursor_seq    INTEGER NOT NULL DEFAULT 0,
  initial_state TEXT NOT NULL DEFAULT 'none' CHECK (initial_state IN ('none','running','done')),
  initial_xmin  TEXT,
  initial_rank  INTEGER,
  initial_key   TEXT,
  central_role  TEXT,
  last_sync_at  TEXT,
  last_error    TEXT
) STRICT;
INSERT INTO sync_state (id, device_id) VALUES (1, (
  SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)
  FROM (SELECT lower(hex(randomblob(16))) AS h)
));

-- The central version of each replicated row as last seen here.
CREATE TABLE sync_shadow (
  entity  TEXT NOT NULL,
  row_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (entity, row_key)
) STRICT, WITHOUT ROWID;

-- A local change the central database refused to apply over a newer version; the row itself now holds the
-- central version ("theirs"), mine is kept here until a user resolves it.
CREATE TABLE sync_conflicts (
  id             TEXT PRIMARY KEY,
  entity         TEXT NOT NULL,
  row_key        TEXT NOT NULL,
  base_version   INTEGER,
  server_version INTEGER NOT NULL,
  mine           TEXT NOT NULL,
  theirs         TEXT,
  created_at     TEXT NOT NULL,
  resolved_at    TEXT,
  resolution     TEXT
) STRICT;
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts(entity, row_key) WHERE resolved_at IS NULL;

-- Changes the central database refused outright (no right to the row, a frozen row) or could not read.
CREATE TABLE sync_rejects (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  at       TEXT NOT NULL,
  entity   TEXT NOT NULL,
  row_key  TEXT NOT NULL,
  reason   TEXT NOT NULL,
  payload  TEXT
) STRICT;

DROP TRIGGER decisions_signed_immutable;
CREATE TRIGGER decisions_signed_immutable BEFORE UPDATE ON decisions
WHEN ${LOCAL} AND OLD.status IN ('signed','sent') AND NOT (
  OLD.status = 'signed' AND NEW.status = 'sent'
  AND NEW.outcome IS OLD.outcome AND NEW.client_id IS OLD.client_id AND NEW.reasoning_fi IS OLD.reasoning_fi
  AND NEW.reasoning_sv IS OLD.reasoning_sv AND NEW.reasoning_free IS OLD.reasoning_free AND NEW.legal_basis IS OLD.legal_basis
  AND NEW.decision_maker_id IS OLD.decision_maker_id AND NEW.number IS OLD.number AND NEW.number_year IS OLD.number_year
  AND NEW.decided_on IS OLD.decided_on AND NEW.signed_at IS OLD.signed_at AND NEW.corrects_id IS OLD.corrects_id
)
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
DROP TRIGGER decisions_signed_no_delete;
CREATE TRIGGER decisions_signed_no_delete BEFORE DELETE ON decisions
WHEN ${LOCAL} AND OLD.status IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
DROP TRIGGER decision_services_frozen_ins;
CREATE TRIGGER decision_services_frozen_ins BEFORE INSERT ON decision_services
WHEN ${LOCAL} AND (SELECT status FROM decisions WHERE id = NEW.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
DROP TRIGGER decision_services_frozen_upd;
CREATE TRIGGER decision_services_frozen_upd BEFORE UPDATE ON decision_services
WHEN ${LOCAL} AND (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
DROP TRIGGER decision_services_frozen_del;
CREATE TRIGGER decision_services_frozen_del BEFORE DELETE ON decision_services
WHEN ${LOCAL} AND (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed decision is immutable'); END;
DROP TRIGGER letters_immutable;
CREATE TRIGGER letters_immutable BEFORE UPDATE ON letters WHEN ${LOCAL}
BEGIN SELECT RAISE(ABORT, 'a letter is immutable'); END;
DROP TRIGGER letters_no_delete;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters WHEN ${LOCAL}
BEGIN SELECT RAISE(ABORT, 'a letter is immutable'); END;
DROP TRIGGER fee_decisions_frozen_upd;
CREATE TRIGGER fee_decisions_frozen_upd BEFORE UPDATE ON fee_decisions
WHEN ${LOCAL} AND (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed fee decision is immutable'); END;
DROP TRIGGER fee_decisions_frozen_del;
CREATE TRIGGER fee_decisions_frozen_del BEFORE DELETE ON fee_decisions
WHEN ${LOCAL} AND (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed fee decision is immutable'); END;
DROP TRIGGER invoices_approved_immutable;
CREATE TRIGGER invoices_approved_immutable BEFORE UPDATE ON invoices
WHEN ${LOCAL} AND OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
DROP TRIGGER invoices_approved_no_delete;
CREATE TRIGGER invoices_approved_no_delete BEFORE DELETE ON invoices
WHEN ${LOCAL} AND OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
DROP TRIGGER invoice_rows_frozen_ins;
CREATE TRIGGER invoice_rows_frozen_ins BEFORE INSERT ON invoice_rows
WHEN ${LOCAL} AND (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
DROP TRIGGER invoice_rows_frozen_upd;
CREATE TRIGGER invoice_rows_frozen_upd BEFORE UPDATE ON invoice_rows
WHEN ${LOCAL} AND (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
DROP TRIGGER invoice_rows_frozen_del;
CREATE TRIGGER invoice_rows_frozen_del BEFORE DELETE ON invoice_rows
WHEN ${LOCAL} AND (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
DROP TRIGGER caregiver_payments_frozen;
CREATE TRIGGER caregiver_payments_frozen BEFORE UPDATE ON caregiver_payments
WHEN ${LOCAL} AND (SELECT status FROM caregiver_payment_runs WHERE id = OLD.run_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved payment run is immutable'); END;
DROP TRIGGER caregiver_payment_runs_frozen;
CREATE TRIGGER caregiver_payment_runs_frozen BEFORE UPDATE ON caregiver_payment_runs
WHEN ${LOCAL} AND OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved payment run is immutable'); END;
`;
