// The workstation's connection to the central database: the server address, TLS mode and the CA certificate
// that verifies it. Kept in sync_state, which never replicates: every workstation has its own. The user and
// password are the signed-in user's and are never stored. A refused change stays listed until a user has read
// it (acknowledged_at), and is kept after that for the record.
export const up = /* sql */ `
ALTER TABLE sync_state ADD COLUMN central_url TEXT;
ALTER TABLE sync_state ADD COLUMN central_tls TEXT NOT NULL DEFAULT 'verify-full' CHECK (central_tls IN ('verify-full','disable'));
ALTER TABLE sync_state ADD COLUMN central_ca TEXT;
ALTER TABLE sync_rejects ADD COLUMN acknowledged_at TEXT;
ALTER TABLE sync_rejects ADD COLUMN acknowledged_by TEXT;
`;
