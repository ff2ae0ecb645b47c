// A working day without friction or risk:
// - Undo of a bulk assignment (Jono › Siirrä): what each item was before, kept for a short while so the user who
//   moved 423 items to the wrong worker can put them back. Workstation-local (not synced): the undo itself is an
//   ordinary change of the items, which the sync carries like any other. An item changed since (by anyone) is
//   left as it is; rows older than the undo window are removed when the next assignment is made.
// - The language of an intake report (ilmoituksen kieli), so a client created from a Swedish report defaults to
//   Swedish. Reports already in the database stay unknown (no backfill: rewriting 150,000 rows would send them
//   all through the sync); the case page then takes the linked client's language or reads it from the text.
export const up = /* sql */ `
CREATE TABLE assignment_undo (
  undo_id        TEXT NOT NULL,
  item_id        TEXT NOT NULL REFERENCES intake_items(id),
  user_id        TEXT NOT NULL REFERENCES users(id),
  prev_worker_id TEXT,
  prev_status    TEXT NOT NULL,
  version_after  INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (undo_id, item_id)
);
CREATE INDEX assignment_undo_created ON assignment_undo (created_at);

ALTER TABLE intake_items ADD COLUMN report_language TEXT CHECK (report_language IN ('fi','sv'));
`;
