// Palvelun toteutuminen: whether and when each granted service actually started and ended, one row per line of a
// made decision that grants a service (the line itself never changes once signed), created when the decision is
// signed. Recorded by the guidance worker or billing staff, or from the provider's notice. The fees follow it (a
// service is charged from its actual start to its actual end), the queue and the manager's view show granted
// services whose arrange-by date (vanhuspalvelulaki 18 § 2 mom: three months from the decision) passed without a
// start, and the waiting times of vanhuspalvelulaki 26 § are counted up to it. The decision's dates are copied
// in (a made decision never changes), so the lists and reports read one table.
//
// status: awaiting (granted, not started) · started (ended when ended_on is set) · not_started (will not start:
// declined, died, moved) · continues (a change to a service already running: nothing new to arrange) ·
// superseded (a later decision about the same service was made before it started).
//
// Also: the multi-professional review of a client with more than 61 hours of home care a month is an
// assessment marked as such, and indexes the reports need.
//
// A database made before this version: lines of made grants whose planned start has passed are taken to have
// started on that day (that is how the fees treated them), marked as taken from the decision.
export const up = /* sql */ `
CREATE TABLE service_periods (
  decision_service_id TEXT PRIMARY KEY REFERENCES decision_services(id),
  decision_id         TEXT NOT NULL REFERENCES decisions(id),
  client_id           TEXT NOT NULL REFERENCES clients(id),
  service_code        TEXT NOT NULL REFERENCES services(code),
  applied_on          TEXT,
  decided_on          TEXT NOT NULL,
  arrange_by          TEXT,
  status              TEXT NOT NULL CHECK (status IN ('awaiting','started','not_started','continues','superseded')),
  started_on          TEXT,
  start_source        TEXT CHECK (start_source IN ('worker','billing','provider_notice','decision')),
  start_notice_on     TEXT,
  ended_on            TEXT,
  end_reason          TEXT CHECK (end_reason IN ('need_ended','client_wish','other_service','moved_away','deceased','other')),
  end_source          TEXT CHECK (end_source IN ('worker','billing','provider_notice','decision')),
  not_started_on      TEXT,
  not_started_reason  TEXT CHECK (not_started_reason IN ('declined','deceased','moved_away','need_ended','other')),
  note                TEXT NOT NULL DEFAULT '',
  recorded_by         TEXT REFERENCES users(id),
  version             INTEGER NOT NULL DEFAULT 1,
  updated_at          TEXT NOT NULL,
  CHECK ((status = 'started') = (started_on IS NOT NULL)),
  CHECK ((started_on IS NULL) = (start_source IS NULL)),
  CHECK (start_notice_on IS NULL OR start_source = 'provider_notice'),
  CHECK (ended_on IS NULL OR (started_on IS NOT NULL AND ended_on >= started_on)),
  CHECK ((ended_on IS NULL) = (end_reason IS NULL) AND (ended_on IS NULL) = (end_source IS NULL)),
  CHECK ((status = 'not_started') = (not_started_on IS NOT NULL)),
  CHECK ((not_started_on IS NULL) = (not_started_reason IS NULL))
) STRICT;
CREATE INDEX service_periods_client ON service_periods(client_id, service_code);
CREATE INDEX service_periods_awaiting ON service_periods(arrange_by) WHERE status = 'awaiting';
CREATE INDEX service_periods_started ON service_periods(started_on) WHERE status = 'started';
CREATE INDEX service_periods_decided ON service_periods(decided_on);
CREATE INDEX service_periods_decision ON service_periods(decision_id);

CREATE INDEX decisions_decided ON decisions(decided_on) WHERE decided_on IS NOT NULL;
CREATE INDEX decisions_sent ON decisions(sent_on) WHERE sent_on IS NOT NULL;
CREATE INDEX intake_contact ON intake_items(contact_date);
CREATE INDEX assessments_assessed ON assessments(assessed_on);
CREATE INDEX client_plans_review ON client_plans(review_on);

ALTER TABLE assessments ADD COLUMN multiprofessional INTEGER NOT NULL DEFAULT 0 CHECK (multiprofessional IN (0,1));

INSERT INTO service_periods (decision_service_id, decision_id, client_id, service_code, applied_on, decided_on, arrange_by, status, started_on, start_source, updated_at)
SELECT ds.id, d.id, d.client_id, ds.service_code, d.applied_on, d.decided_on, d.arrange_by,
  CASE WHEN ds.start_date <= date('now') THEN 'started' ELSE 'awaiting' END,
  CASE WHEN ds.start_date <= date('now') THEN ds.start_date END,
  CASE WHEN ds.start_date <= date('now') THEN 'decision' END,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
WHERE d.status IN ('signed','sent') AND d.kind IN ('service','voucher') AND d.outcome IN ('grant','partial_grant','change');
`;
