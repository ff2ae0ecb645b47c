// The annual fee ceiling reached elsewhere (asiakasmaksulaki 6 a §): the date a client's free card
// (vapaakortti) shows, recorded by billing staff per calendar year. And per-client e-invoice routing: a client
// who has made an e-invoice receiving agreement with their bank has its e-invoice address and the bank's
// intermediator code (both given in the bank's receiving notice); without them invoices go on paper.
export const up = /* sql */ `
CREATE TABLE fee_ceiling_notices (
  id         TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL REFERENCES clients(id),
  year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  reached_on TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  created_by TEXT REFERENCES users(id),
  created_at TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),
  CHECK (substr(reached_on, 1, 4) = CAST(year AS TEXT))
) STRICT;
CREATE INDEX fee_ceiling_notices_client ON fee_ceiling_notices(client_id, year);

ALTER TABLE clients ADD COLUMN einvoice_address TEXT;
ALTER TABLE clients ADD COLUMN einvoice_intermediator TEXT;
`;
