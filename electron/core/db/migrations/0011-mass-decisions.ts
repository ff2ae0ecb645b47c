// Mass decisions (joukkopäätös): many fee decision drafts signed in one action together with the sending batch
// of their letters. The record stays on the workstation like the batch it points to; the decisions and
// letters themselves replicate as usual.
export const up = /* sql */ `
CREATE TABLE mass_decisions (
  id                   TEXT PRIMARY KEY,
  kind                 TEXT NOT NULL CHECK (kind IN ('fee_revision')),
  title                TEXT NOT NULL,
  decision_count       INTEGER NOT NULL CHECK (decision_count > 0),
  monthly_change_cents INTEGER NOT NULL,
  first_valid_from     TEXT NOT NULL,
  last_valid_from      TEXT NOT NULL,
  batch_id             TEXT NOT NULL UNIQUE REFERENCES send_batches(id),
  created_by           TEXT NOT NULL REFERENCES users(id),
  created_at           TEXT NOT NULL
) STRICT;
`;
