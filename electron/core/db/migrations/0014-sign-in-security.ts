// Security of the workstation's own records and of signing in.
//
// The access log (audit_log; lokitiedot, asiakastietolaki 703/2023 §§ 17–18) is append-only: no change of a
// written row (an identical upsert, as the sync's applier does for a row it already has, is no change) and no
// deletion, except while the sync applies the central database's truth (sync_state.applying = 1): that is when a
// pull removes this user's copy of rows that left their areas (a client moved). The central copy stays.
//
// Failed sign-ins, counted per user name and for the whole workstation (local to this machine, not synced):
// growing delays, and a lockout of a user name that the administrator lifts (or that ends after the lockout time).
export const up = /* sql */ `
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.user_id IS OLD.user_id AND NEW.action IS OLD.action
  AND NEW.entity_type IS OLD.entity_type AND NEW.entity_id IS OLD.entity_id AND NEW.client_id IS OLD.client_id
  AND NEW.details IS OLD.details)
BEGIN
  SELECT RAISE(ABORT, 'Lokitietoja ei voi muuttaa: käyttöloki on vain lisättävä.');
END;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
WHEN (SELECT applying FROM sync_state WHERE id = 1) = 0
BEGIN
  SELECT RAISE(ABORT, 'Lokitietoja ei voi poistaa: käyttöloki on vain lisättävä.');
END;

CREATE TABLE sign_in_failures (
  scope     TEXT PRIMARY KEY,          -- 'user:<name as typed, lowercased>' or 'workstation'
  failures  INTEGER NOT NULL CHECK (failures >= 0),
  first_at  TEXT NOT NULL,             -- UTC instant the current count started
  last_at   TEXT NOT NULL,             -- UTC instant of the latest failure
  locked_at TEXT                       -- user names only: locked since (NULL = not locked)
) STRICT, WITHOUT ROWID;
`;
