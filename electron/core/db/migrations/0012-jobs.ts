// Durable jobs (long work: letter batches, invoice runs, invoice material, a first sync copy, Suomi.fi sending):
// one row per job, written in the same transaction as the change that asks for it. The runner claims a due
// row, keeps a lease on it while it runs and records progress, retries, the result or the permanent failure.
// Local to the workstation: jobs are how this machine does its work, not data of the county (not synced).
//
// Times: created_at, started_at, finished_at come from the core's clock like every other record; run_at and
// lease_until are real wall-clock instants (a retry pause or a lease is real time even when "today" is fixed).
export const up = /* sql */ `
CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,
  subject          TEXT,                 -- what the job works on, e.g. 'send_batch:<id>': one active job per kind and subject
  payload          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
  status           TEXT NOT NULL CHECK (status IN ('pending','running','completed','failed','cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts     INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_at           TEXT,                 -- pending: earliest next start (NULL = waits until woken)
  lease_owner      TEXT,                 -- running: the runner instance holding it
  lease_pid        INTEGER,
  lease_until      TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
  progress_done    INTEGER,
  progress_total   INTEGER,
  progress_phase   TEXT,
  result           TEXT CHECK (result IS NULL OR json_valid(result)),
  error            TEXT,                 -- the last failure (a retry keeps it until the job succeeds)
  error_code       TEXT,
  created_by       TEXT REFERENCES users(id),
  created_at       TEXT NOT NULL,
  started_at       TEXT,
  finished_at      TEXT,
  updated_at       TEXT NOT NULL,
  CHECK ((status = 'running') = (lease_owner IS NOT NULL)),
  CHECK (status NOT IN ('completed','failed','cancelled') OR finished_at IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX jobs_active_subject ON jobs(kind, subject) WHERE subject IS NOT NULL AND status IN ('pending','running');
CREATE INDEX jobs_active ON jobs(status, run_at) WHERE status IN ('pending','running');
CREATE INDEX jobs_subject ON jobs(subject, created_at);
CREATE INDEX jobs_created ON jobs(created_at);
`;
