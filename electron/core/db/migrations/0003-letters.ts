// Decision letters and sending batches (lähetyserä). A letter is made once per decision and never changes:
// its signed PDF bytes and their SHA-256 are what was sent and what goes to the archive (asiakastietolaki
// 703/2023). A batch lists its decisions in mailing order; each item records its own progress, so a batch
// that was interrupted resumes where it stopped and a decision is never in two open batches.
export const up = /* sql */ `
CREATE TABLE letters (
  id                 TEXT PRIMARY KEY,
  decision_id        TEXT NOT NULL UNIQUE REFERENCES decisions(id),
  language           TEXT NOT NULL CHECK (language IN ('fi','sv')),
  delivery           TEXT NOT NULL CHECK (delivery IN ('print','manual')),
  address_source     TEXT CHECK (address_source IN ('register','contact')),
  address_protected  INTEGER NOT NULL CHECK (address_protected IN (0,1)),   -- turvakielto, carried into every list
  recipient          TEXT NOT NULL,          -- JSON array of the address lines printed (empty for manual delivery)
  pages              INTEGER NOT NULL CHECK (pages > 0),
  bytes              BLOB NOT NULL,
  sha256             TEXT NOT NULL CHECK (length(sha256) = 64),
  texts_valid_from   TEXT NOT NULL,          -- the letter text version used
  signer             TEXT NOT NULL,          -- certificate subject
  created_at         TEXT NOT NULL,
  created_by         TEXT REFERENCES users(id),
  CHECK ((delivery = 'manual') = (address_protected = 1 AND address_source IS NULL))
) STRICT;

CREATE TRIGGER letters_immutable BEFORE UPDATE ON letters
BEGIN SELECT RAISE(ABORT, 'a letter is immutable'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
BEGIN SELECT RAISE(ABORT, 'a letter is immutable'); END;

CREATE TABLE send_batches (
  id            TEXT PRIMARY KEY,
  channel       TEXT NOT NULL CHECK (channel IN ('ekirje')),
  status        TEXT NOT NULL CHECK (status IN ('running','failed','cancelled','completed')),
  created_by    TEXT NOT NULL REFERENCES users(id),
  created_at    TEXT NOT NULL,
  out_dir       TEXT NOT NULL,
  total         INTEGER NOT NULL,
  sent_on       TEXT,                  -- the sending date recorded on the decisions
  zip_path      TEXT,
  zip_sha256    TEXT,
  letters       INTEGER NOT NULL DEFAULT 0,
  pages         INTEGER NOT NULL DEFAULT 0,
  error         TEXT,
  finished_at   TEXT,
  CHECK ((status = 'completed') = (sent_on IS NOT NULL AND zip_path IS NOT NULL))
) STRICT;
CREATE INDEX send_batches_created ON send_batches(created_at);

CREATE TABLE send_batch_items (
  batch_id     TEXT NOT NULL REFERENCES send_batches(id),
  seq          INTEGER NOT NULL,      -- mailing order
  decision_id  TEXT NOT NULL REFERENCES decisions(id),
  status       TEXT NOT NULL CHECK (status IN ('pending','done','manual','failed','cancelled')),
  error        TEXT,
  PRIMARY KEY (batch_id, seq)
) STRICT;
CREATE UNIQUE INDEX send_batch_items_open ON send_batch_items(decision_id) WHERE status IN ('pending','done');
CREATE INDEX send_batch_items_decision ON send_batch_items(decision_id);
CREATE INDEX send_batch_items_status ON send_batch_items(batch_id, status, seq);
`;
