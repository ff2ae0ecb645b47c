// A workstation is shared by users whose areas differ, and each user pulls through row-level security what
// that user may see: so the first copy and the pull cursor belong to the user (the central role), not to the
// workstation. A user new on this workstation makes their own first copy (rows already here at the same
// version are skipped). The device-wide columns of sync_state that these replace are no longer used.
export const up = /* sql */ `
CREATE TABLE sync_cursors (
  role          TEXT PRIMARY KEY,
  cursor_txid   TEXT NOT NULL DEFAULT '0',
  cursor_seq    INTEGER NOT NULL DEFAULT 0,
  initial_state TEXT NOT NULL DEFAULT 'none' CHECK (initial_state IN ('none','running','done')),
  initial_xmin  TEXT,
  initial_rank  INTEGER,
  initial_key   TEXT
) STRICT;
INSERT INTO sync_cursors (role, cursor_txid, cursor_seq, initial_state, initial_xmin, initial_rank, initial_key)
SELECT central_role, cursor_txid, cursor_seq, initial_state, initial_xmin, initial_rank, initial_key FROM sync_state WHERE central_role IS NOT NULL;
`;
