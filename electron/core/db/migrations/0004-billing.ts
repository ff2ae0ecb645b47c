// Client fees and billing: fee parameters as dated data, incomes and deductions, interruptions, fee decisions
// (decisions of kind 'fee' with their calculation), monthly invoice runs with invoices and rows, and family
// caregiver agreements with their monthly payment runs. Approved invoices and payments never change.
export const up = /* sql */ `
-- Maksuparametrit: one row per validity period; params_json follows shared/domain/fees/parameters.ts.
CREATE TABLE fee_parameter_sets (
  id          TEXT PRIMARY KEY,
  valid_from  TEXT NOT NULL UNIQUE,
  valid_to    TEXT,
  source      TEXT NOT NULL,
  params_json TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT REFERENCES users(id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;

-- Tulot (asiakasmaksulaki 10 b §): gross and net monthly amounts of the client and the spouse.
CREATE TABLE incomes (
  id          TEXT PRIMARY KEY,
  client_id   TEXT NOT NULL REFERENCES clients(id),
  person      TEXT NOT NULL CHECK (person IN ('client','spouse')),
  kind        TEXT NOT NULL,
  gross_cents INTEGER NOT NULL CHECK (gross_cents BETWEEN 0 AND 10000000),
  net_cents   INTEGER NOT NULL CHECK (net_cents BETWEEN 0 AND gross_cents),
  taxable     INTEGER NOT NULL CHECK (taxable IN (0,1)),
  counted     INTEGER NOT NULL CHECK (counted IN (0,1)),
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,
  note        TEXT NOT NULL DEFAULT '',
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX incomes_client ON incomes(client_id, valid_from);

-- Vähennykset (10 d §) for long-term round-the-clock care.
CREATE TABLE fee_deductions (
  id            TEXT PRIMARY KEY,
  client_id     TEXT NOT NULL REFERENCES clients(id),
  kind          TEXT NOT NULL CHECK (kind IN ('housing_cost','housing_allowance','medicines','guardianship','maintenance','syytinki','other')),
  monthly_cents INTEGER NOT NULL CHECK (monthly_cents BETWEEN 0 AND 10000000),
  valid_from    TEXT NOT NULL,
  valid_to      TEXT,
  note          TEXT NOT NULL DEFAULT '',
  version       INTEGER NOT NULL DEFAULT 1,
  updated_at    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX fee_deductions_client ON fee_deductions(client_id, valid_from);

-- Keskeytykset: hospital stays, short-term care periods, the client's own and the provider's interruptions.
CREATE TABLE absences (
  id         TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL REFERENCES clients(id),
  cause      TEXT NOT NULL CHECK (cause IN ('hospital','short_term_care','client','provider')),
  from_date  TEXT NOT NULL,
  to_date    TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_by TEXT REFERENCES users(id),
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX absences_client ON absences(client_id, from_date);
CREATE INDEX absences_period ON absences(to_date, from_date) WHERE deleted = 0;

-- Maksupäätös: the decision row (kind 'fee') carries number, status and signing; this row the fee itself.
-- A fee is in force from valid_from until the next signed fee decision of the same client and fee type.
CREATE TABLE fee_decisions (
  decision_id          TEXT PRIMARY KEY REFERENCES decisions(id),
  client_id            TEXT NOT NULL REFERENCES clients(id),
  fee_type             TEXT NOT NULL CHECK (fee_type IN ('home_care','long_term')),
  valid_from           TEXT NOT NULL,
  fee_cents            INTEGER NOT NULL CHECK (fee_cents BETWEEN 0 AND 10000000),
  ends                 INTEGER NOT NULL DEFAULT 0 CHECK (ends IN (0,1)),
  previous_fee_cents   INTEGER,
  previous_decision_id TEXT REFERENCES decisions(id),
  reason               TEXT NOT NULL CHECK (reason IN ('new_service','service_change','income','household','parameters','correction','service_end')),
  parameter_set_id     TEXT REFERENCES fee_parameter_sets(id),
  inputs_json          TEXT NOT NULL,
  explanation_json     TEXT NOT NULL
) STRICT;
CREATE INDEX fee_decisions_client ON fee_decisions(client_id, fee_type, valid_from);

CREATE TRIGGER fee_decisions_frozen_upd BEFORE UPDATE ON fee_decisions
WHEN (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed fee decision is immutable'); END;
CREATE TRIGGER fee_decisions_frozen_del BEFORE DELETE ON fee_decisions
WHEN (SELECT status FROM decisions WHERE id = OLD.decision_id) IN ('signed','sent')
BEGIN SELECT RAISE(ABORT, 'signed fee decision is immutable'); END;

-- Laskutusajo: one per month (a cancelled draft frees the month). cursor = last client billed, for resuming.
CREATE TABLE invoice_runs (
  id            TEXT PRIMARY KEY,
  month         TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running','draft','approved','cancelled')),
  invoice_date  TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  cursor        TEXT,
  previous_run_id TEXT REFERENCES invoice_runs(id),
  invoice_count INTEGER NOT NULL DEFAULT 0,
  total_cents   INTEGER NOT NULL DEFAULT 0,
  created_by    TEXT NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL,
  approved_by   TEXT REFERENCES users(id),
  approved_at   TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX invoice_runs_month ON invoice_runs(month) WHERE status <> 'cancelled';

CREATE TABLE invoice_numbers (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  last INTEGER NOT NULL
) STRICT;

CREATE TABLE invoices (
  id                 TEXT PRIMARY KEY,
  run_id             TEXT REFERENCES invoice_runs(id),
  client_id          TEXT NOT NULL REFERENCES clients(id),
  kind               TEXT NOT NULL CHECK (kind IN ('invoice','credit_note')),
  credits_invoice_id TEXT REFERENCES invoices(id),
  number             INTEGER NOT NULL UNIQUE,
  reference          TEXT NOT NULL UNIQUE,
  month              TEXT NOT NULL,
  invoice_date       TEXT NOT NULL,
  due_date           TEXT NOT NULL,
  total_cents        INTEGER NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('draft','approved','cancelled')),
  delivery           TEXT NOT NULL CHECK (delivery IN ('paper','einvoice','manual')),
  recipient_json     TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1,
  updated_at         TEXT NOT NULL,
  CHECK ((kind = 'credit_note') = (credits_invoice_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX invoices_run_client ON invoices(run_id, client_id) WHERE kind = 'invoice';
CREATE INDEX invoices_client ON invoices(client_id, month);
CREATE UNIQUE INDEX invoices_one_credit ON invoices(credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;

CREATE TABLE invoice_rows (
  id                TEXT PRIMARY KEY,
  invoice_id        TEXT NOT NULL REFERENCES invoices(id),
  sort              INTEGER NOT NULL,
  row_type          TEXT NOT NULL CHECK (row_type IN ('home_care','long_term','short_term','support','respite','correction','credit')),
  service_code      TEXT,
  fee_decision_id   TEXT REFERENCES decisions(id),
  service_month     TEXT NOT NULL,
  period_from       TEXT NOT NULL,
  period_to         TEXT NOT NULL,
  quantity          REAL NOT NULL,
  unit              TEXT NOT NULL,
  unit_price_cents  INTEGER NOT NULL,
  amount_cents      INTEGER NOT NULL,
  description_fi    TEXT NOT NULL,
  description_sv    TEXT NOT NULL,
  basis_json        TEXT NOT NULL,
  counts_to_ceiling INTEGER NOT NULL CHECK (counts_to_ceiling IN (0,1))
) STRICT;
CREATE INDEX invoice_rows_invoice ON invoice_rows(invoice_id, sort);

CREATE TRIGGER invoices_approved_immutable BEFORE UPDATE ON invoices
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
CREATE TRIGGER invoices_approved_no_delete BEFORE DELETE ON invoices
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
CREATE TRIGGER invoice_rows_frozen_ins BEFORE INSERT ON invoice_rows
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
CREATE TRIGGER invoice_rows_frozen_upd BEFORE UPDATE ON invoice_rows
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;
CREATE TRIGGER invoice_rows_frozen_del BEFORE DELETE ON invoice_rows
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved invoice is immutable'); END;

-- Omaishoitosopimus (omaishoitolaki 8 §): carer, cared-for client, care-fee tier, days off.
CREATE TABLE care_agreements (
  id              TEXT PRIMARY KEY,
  client_id       TEXT NOT NULL REFERENCES clients(id),
  carer_name      TEXT NOT NULL,
  carer_hetu      TEXT NOT NULL,
  carer_iban      TEXT NOT NULL,
  carer_street    TEXT NOT NULL DEFAULT '',
  carer_postal_code TEXT NOT NULL DEFAULT '',
  carer_post_office TEXT NOT NULL DEFAULT '',
  tier_code       TEXT NOT NULL,
  continuous_care INTEGER NOT NULL CHECK (continuous_care IN (0,1)),
  start_date      TEXT NOT NULL,
  end_date        TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  updated_at      TEXT NOT NULL,
  deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX care_agreements_client ON care_agreements(client_id);

-- Vapaapäivät used by the carer (omaishoitolaki 4 §); the cared-for client pays the respite fee for them.
CREATE TABLE carer_days_off (
  id           TEXT PRIMARY KEY,
  agreement_id TEXT NOT NULL REFERENCES care_agreements(id),
  day          TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (agreement_id, day)
) STRICT;

CREATE TABLE caregiver_payment_runs (
  id          TEXT PRIMARY KEY,
  month       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('draft','approved','cancelled')),
  total_cents INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  created_by  TEXT NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  approved_by TEXT REFERENCES users(id),
  approved_at TEXT,
  version     INTEGER NOT NULL DEFAULT 1,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX caregiver_payment_runs_month ON caregiver_payment_runs(month) WHERE status <> 'cancelled';

CREATE TABLE caregiver_payments (
  id            TEXT PRIMARY KEY,
  run_id        TEXT NOT NULL REFERENCES caregiver_payment_runs(id),
  agreement_id  TEXT NOT NULL REFERENCES care_agreements(id),
  tier_code     TEXT NOT NULL,
  monthly_cents INTEGER NOT NULL,
  paid_days     INTEGER NOT NULL,
  month_days    INTEGER NOT NULL,
  amount_cents  INTEGER NOT NULL,
  change_cents  INTEGER,
  basis_json    TEXT NOT NULL,
  UNIQUE (run_id, agreement_id)
) STRICT;
CREATE TRIGGER caregiver_payments_frozen BEFORE UPDATE ON caregiver_payments
WHEN (SELECT status FROM caregiver_payment_runs WHERE id = OLD.run_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved payment run is immutable'); END;
CREATE TRIGGER caregiver_payment_runs_frozen BEFORE UPDATE ON caregiver_payment_runs
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'approved payment run is immutable'); END;
`;
