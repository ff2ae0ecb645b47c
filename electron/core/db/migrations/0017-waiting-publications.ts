// Odotusaikojen julkaiseminen (vanhuspalvelulaki 980/2012 26 §): the half-yearly publication of how long older
// people wait for the social services they applied for, approved by the service manager. An approved edition
// is kept as it was approved — its figures, definitions and the two PDFs (Finnish and Swedish) with their
// SHA-256 — and never changes (triggers); a correction is a new edition of the same half-year.
export const up = /* sql */ `
CREATE TABLE waiting_time_publications (
  id               TEXT PRIMARY KEY,
  half_year        TEXT NOT NULL CHECK (half_year GLOB '[0-9][0-9][0-9][0-9]-H[12]'),
  edition          INTEGER NOT NULL CHECK (edition >= 1),
  period_from      TEXT NOT NULL,
  period_to        TEXT NOT NULL,
  content_json     TEXT NOT NULL,
  content_sha256   TEXT NOT NULL,
  pdf_fi           BLOB NOT NULL,
  pdf_fi_sha256    TEXT NOT NULL,
  pdf_sv           BLOB NOT NULL,
  pdf_sv_sha256    TEXT NOT NULL,
  note             TEXT NOT NULL DEFAULT '',
  approved_by      TEXT NOT NULL REFERENCES users(id),
  approved_by_name TEXT NOT NULL,
  approved_by_title TEXT NOT NULL,
  approved_at      TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  updated_at       TEXT NOT NULL,
  UNIQUE (half_year, edition),
  CHECK (period_to >= period_from)
) STRICT;

CREATE TRIGGER waiting_time_publications_immutable BEFORE UPDATE ON waiting_time_publications
BEGIN SELECT RAISE(ABORT, 'an approved waiting-time publication is immutable'); END;
CREATE TRIGGER waiting_time_publications_no_delete BEFORE DELETE ON waiting_time_publications
BEGIN SELECT RAISE(ABORT, 'an approved waiting-time publication is immutable'); END;
`;
