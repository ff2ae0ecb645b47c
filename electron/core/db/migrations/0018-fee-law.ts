// Client fees and caregiver fees to the letter of the law (issue 18). Made fee decisions, invoices, payments and
// letters are not touched: the corrected rules apply from a date, and billing staff make drafts (and the next
// runs correct, at most a year back) — see fee_rule_changes.
//
// - Interruption causes of asiakasmaksulaki 10 k §: hospital → institution (institutional care); short-term care
//   splits into short_term_institutional (SHL 22 §, accrues toward the ceiling) and short_term_housing (SHL 21 c §,
//   does not). Existing short-term stays were billed toward the ceiling, so they become institutional.
// - Deductions: the closed list of 10 c §, 10 d §, 10 g §, made per person (client or spouse). An "other"
//   deduction is kept for the record as legacy_other and never deducted.
// - Incomes: child maintenance received is its own kind (counted for home care, not for long-term care); the
//   per-record "counted" flag is no longer read (counting depends on the kind and the fee).
// - The spouse rule's facts on the client (7 c § 2 mom): lived together immediately before the care began
//   (existing spouses: yes, as the calculation assumed so far), the spouse in long-term care too.
// - Care agreements: what they say about the fee during interruptions (omaishoitolaki 8 § 2 mom 5 kohta, 9 §
//   2 mom), and care interruptions recorded on the agreement (replicated: central 008-care-interruptions.sql);
//   caregiver payments carry corrections of earlier months.
// - The rule corrections themselves, recorded once, with the reason in words.
export const up = /* sql */ `
CREATE TABLE absences_new (
  id         TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL REFERENCES clients(id),
  cause      TEXT NOT NULL CHECK (cause IN ('client','provider','institution','short_term_institutional','short_term_housing')),
  from_date  TEXT NOT NULL,
  to_date    TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_by TEXT REFERENCES users(id),
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (to_date >= from_date)
) STRICT;
INSERT INTO absences_new (id, client_id, cause, from_date, to_date, note, created_by, version, updated_at, deleted)
  SELECT id, client_id,
    CASE cause WHEN 'hospital' THEN 'institution' WHEN 'short_term_care' THEN 'short_term_institutional' ELSE cause END,
    from_date, to_date, note, created_by, version, updated_at, deleted
  FROM absences;
DROP TABLE absences;
ALTER TABLE absences_new RENAME TO absences;
CREATE INDEX absences_client ON absences(client_id, from_date);
CREATE INDEX absences_period ON absences(to_date, from_date) WHERE deleted = 0;

CREATE TABLE fee_deductions_new (
  id            TEXT PRIMARY KEY,
  client_id     TEXT NOT NULL REFERENCES clients(id),
  person        TEXT NOT NULL DEFAULT 'client' CHECK (person IN ('client','spouse')),
  kind          TEXT NOT NULL CHECK (kind IN ('maintenance_paid','cohabitation_compensation','syytinki','guardian_fee',
                  'former_home_owned','former_home_rented','former_home_occupancy_right','housing_cost','housing_allowance','medicines','legacy_other')),
  monthly_cents INTEGER NOT NULL CHECK (monthly_cents BETWEEN 0 AND 10000000),
  valid_from    TEXT NOT NULL,
  valid_to      TEXT,
  note          TEXT NOT NULL DEFAULT '',
  version       INTEGER NOT NULL DEFAULT 1,
  updated_at    TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
INSERT INTO fee_deductions_new (id, client_id, person, kind, monthly_cents, valid_from, valid_to, note, version, updated_at, deleted)
  SELECT id, client_id, 'client',
    CASE kind WHEN 'maintenance' THEN 'maintenance_paid' WHEN 'guardianship' THEN 'guardian_fee' WHEN 'other' THEN 'legacy_other' ELSE kind END,
    monthly_cents, valid_from, valid_to, note, version, updated_at, deleted
  FROM fee_deductions;
DROP TABLE fee_deductions;
ALTER TABLE fee_deductions_new RENAME TO fee_deductions;
CREATE INDEX fee_deductions_client ON fee_deductions(client_id, valid_from);

UPDATE incomes SET kind = 'child_maintenance_received' WHERE kind = 'maintenance_received';

ALTER TABLE clients ADD COLUMN lived_with_spouse_before_care INTEGER NOT NULL DEFAULT 1 CHECK (lived_with_spouse_before_care IN (0,1));
ALTER TABLE clients ADD COLUMN spouse_in_long_term_care INTEGER NOT NULL DEFAULT 0 CHECK (spouse_in_long_term_care IN (0,1));

-- Which rule correction a correction draft carries out (its reason in words is in fee_rule_changes).
ALTER TABLE fee_decisions ADD COLUMN rule_change_code TEXT;

ALTER TABLE care_agreements ADD COLUMN health_paid_months INTEGER NOT NULL DEFAULT 1 CHECK (health_paid_months BETWEEN 1 AND 12);
-- NULL: other interruptions are paid throughout (what agreements meant so far); N: the first N days are paid.
ALTER TABLE care_agreements ADD COLUMN other_paid_days INTEGER CHECK (other_paid_days IS NULL OR other_paid_days BETWEEN 0 AND 366);

CREATE TABLE care_interruptions (
  id           TEXT PRIMARY KEY,
  agreement_id TEXT NOT NULL REFERENCES care_agreements(id),
  cause        TEXT NOT NULL CHECK (cause IN ('health','other')),
  from_date    TEXT NOT NULL,
  to_date      TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  created_by   TEXT REFERENCES users(id),
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX care_interruptions_agreement ON care_interruptions(agreement_id, from_date);

ALTER TABLE caregiver_payments ADD COLUMN correction_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE caregiver_payments ADD COLUMN correction_json TEXT NOT NULL DEFAULT '[]';

-- Rule corrections: recorded once on each workstation; drafted_at when billing staff made the drafts. The
-- rows and texts of a correction are written by the migration that makes it (this one: 'law-2026-12').
CREATE TABLE fee_rule_changes (
  code         TEXT PRIMARY KEY,
  applies_from TEXT NOT NULL,
  title_fi     TEXT NOT NULL,
  title_sv     TEXT NOT NULL,
  reason_fi    TEXT NOT NULL,
  reason_sv    TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  drafted_at   TEXT,
  drafted_by   TEXT REFERENCES users(id),
  drafts       INTEGER
) STRICT;
-- Only a database with fees decided, billed or paid under the old rules has anything to correct.
INSERT INTO fee_rule_changes (code, applies_from, title_fi, title_sv, reason_fi, reason_sv, recorded_at) SELECT
  'law-2026-12',
  '2021-07-01',
  'Asiakasmaksujen laskenta korjattu lain mukaiseksi',
  'Beräkningen av klientavgifterna rättad enligt lagen',
  'Keskeytykset (asiakasmaksulaki 10 k §), kotihoidon tuntien pyöristys (10 e § 6 mom), tuloina huomioitavat tulot maksun mukaan (10 b §, 10 f §), puolisosääntö ja vähennykset (7 c § 2 mom, 10 c §, 10 d §, 10 g §), käyttövara (7 c § 3 mom), maksukatto ja ylläpitomaksu (6 a §), omaishoidon hoitopalkkio keskeytyksen aikana (omaishoitolaki 9 § 2 mom).',
  'Avbrott (klientavgiftslagen 10 k §), avrundning av hemvårdstimmar (10 e § 6 mom.), inkomster som beaktas enligt avgift (10 b §, 10 f §), makeregeln och avdrag (7 c § 2 mom., 10 c §, 10 d §, 10 g §), personligt belopp (7 c § 3 mom.), avgiftstak och underhållsavgift (6 a §), vårdarvode under avbrott i närståendevården (lagen om stöd för närståendevård 9 § 2 mom.).',
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE EXISTS (SELECT 1 FROM fee_decisions) OR EXISTS (SELECT 1 FROM invoices) OR EXISTS (SELECT 1 FROM caregiver_payments);

-- The tables were rebuilt: the sync capture triggers are made again at start-up.
DELETE FROM settings WHERE key = 'sync.capture';
`;
