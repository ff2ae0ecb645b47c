// The approved waiting-time publications replicate through the central database (central 013). Two changes to
// the table of 0017 so that the sync can carry them:
// - Two workstations may approve an edition of the same half-year before either has synced: both approvals are
//   kept (neither may be lost or renumbered: the PDFs print their edition), so (half_year, edition) is no longer
//   unique; an approval here still takes the next number after every edition this workstation knows.
// - The rows stay immutable, except that the sync may write a row again exactly as it is (a pull or a refused
//   push brings the central copy of a row the workstation already has).
const COLUMNS = 'id, half_year, edition, period_from, period_to, content_json, content_sha256, pdf_fi, pdf_fi_sha256, pdf_sv, pdf_sv_sha256, note, approved_by, approved_by_name, approved_by_title, approved_at, version, updated_at';
const SAME = COLUMNS.split(', ')
  .map((c) => `NEW.${c} IS OLD.${c}`)
  .join(' AND ');

export const up = /* sql */ `
DROP TRIGGER IF EXISTS waiting_time_publications_immutable;
DROP TRIGGER IF EXISTS waiting_time_publications_no_delete;
CREATE TABLE waiting_time_publications_new (
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
  CHECK (period_to >= period_from)
) STRICT;
INSERT INTO waiting_time_publications_new (${COLUMNS}) SELECT ${COLUMNS} FROM waiting_time_publications;
DROP TABLE waiting_time_publications;
ALTER TABLE waiting_time_publications_new RENAME TO waiting_time_publications;
CREATE INDEX waiting_time_publications_half_year ON waiting_time_publications(half_year, edition);

CREATE TRIGGER waiting_time_publications_immutable BEFORE UPDATE ON waiting_time_publications
WHEN NOT (${SAME})
BEGIN SELECT RAISE(ABORT, 'an approved waiting-time publication is immutable'); END;
CREATE TRIGGER waiting_time_publications_no_delete BEFORE DELETE ON waiting_time_publications
BEGIN SELECT RAISE(ABORT, 'an approved waiting-time publication is immutable'); END;
-- The capture triggers of the rebuilt table are generated at the next start.
DELETE FROM settings WHERE key = 'sync.capture';
`;
