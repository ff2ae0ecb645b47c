-- Luotsi central database, schema 1: the replicated rows, their change log, devices and their mutation
-- bookkeeping, conflicts, and row-level security by area. Applied by `luotsi central migrate --url URL` as
-- the database owner; workstations connect as one login role per user, members of luotsi_user.
--
-- Every replicated row of every synced table lives in sync_rows as JSON, keyed by (entity, row_key), with a
-- version from one county-wide sequence, the device that wrote it last, and the area that row-level security
-- filters on. A trigger writes each change into change_log in the same transaction, stamped with the writing
-- transaction's id; workstations pull the log by (txid, seq) only below the oldest transaction still in
-- flight, so a transaction that commits late is never skipped.

CREATE TABLE luotsi_schema (
  version    integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Roles belong to the whole server: another database's migration may create it at the same moment.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luotsi_user') THEN CREATE ROLE luotsi_user NOLOGIN; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- The synced tables, as electron/core/sync/entities.ts lists them.
CREATE TABLE sync_entities (
  entity    text PRIMARY KEY,
  rank      integer NOT NULL,
  area_mode text NOT NULL CHECK (area_mode IN ('global','area','client','audit'))
);
INSERT INTO sync_entities (entity, rank, area_mode) VALUES
  ('areas', 10, 'global'), ('services', 11, 'global'), ('municipalities', 12, 'global'), ('users', 13, 'global'),
  ('user_areas', 14, 'global'), ('providers', 15, 'global'), ('provider_services', 16, 'global'),
  ('criteria_sets', 17, 'global'), ('delegation_rules', 18, 'global'), ('reasoning_texts', 19, 'global'),
  ('fee_parameter_sets', 20, 'global'), ('clients', 30, 'area'), ('client_contacts', 31, 'client'),
  ('intake_items', 32, 'area'), ('assessments', 33, 'client'), ('client_plans', 34, 'client'),
  ('decisions', 35, 'client'), ('decision_services', 36, 'client'), ('letters', 37, 'client'),
  ('incomes', 40, 'client'), ('fee_deductions', 41, 'client'), ('absences', 42, 'client'),
  ('fee_decisions', 43, 'client'), ('invoice_runs', 44, 'global'), ('invoices', 45, 'client'),
  ('invoice_rows', 46, 'client'), ('care_agreements', 47, 'client'), ('carer_days_off', 48, 'client'),
  ('caregiver_payment_runs', 49, 'global'), ('caregiver_payments', 50, 'client'), ('audit_log', 60, 'audit');

-- Who may see what: one row per login role. County-wide roles (billing, managers, administrators) see every
-- area and write the county-wide tables; the others see their own areas.
CREATE TABLE sync_users (
  role_name text PRIMARY KEY,
  user_id   text NOT NULL,
  all_areas boolean NOT NULL DEFAULT false,
  areas     text[] NOT NULL DEFAULT '{}'
);

CREATE SEQUENCE sync_version_seq;

CREATE TABLE sync_rows (
  entity        text NOT NULL REFERENCES sync_entities(entity),
  row_key       text NOT NULL,
  version       bigint NOT NULL,
  writer_device uuid,
  area_id       text,           -- NULL: county-wide row; '*': visible to county-wide roles only
  client_id     text,
  deleted       boolean NOT NULL DEFAULT false,
  data          jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity, row_key)
);
CREATE INDEX sync_rows_client ON sync_rows (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX sync_rows_area ON sync_rows (area_id);

CREATE TABLE change_log (
  txid    xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq     bigint GENERATED ALWAYS AS IDENTITY,
  entity  text NOT NULL,
  row_key text NOT NULL,
  area_id text,
  PRIMARY KEY (txid, seq)
);

CREATE TABLE sync_devices (
  device_id        uuid PRIMARY KEY,
  role_name        text NOT NULL DEFAULT current_user,
  name             text NOT NULL DEFAULT '',
  last_mutation_id bigint NOT NULL DEFAULT 0,
  registered_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_conflicts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id      uuid NOT NULL REFERENCES sync_devices(device_id),
  role_name      text NOT NULL DEFAULT current_user,
  entity         text NOT NULL,
  row_key        text NOT NULL,
  base_version   bigint,
  server_version bigint NOT NULL,
  mine           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  resolved_at    timestamptz,
  resolution     text CHECK (resolution IN ('mine','theirs','merge'))
);
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts (device_id, entity, row_key) WHERE resolved_at IS NULL;

-- ---- Row-level security ------------------------------------------------------------------------------

-- Inside a SECURITY DEFINER function current_user is the owner, so the caller passes its own name.
CREATE FUNCTION luotsi_all_areas(p_role text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT all_areas FROM sync_users WHERE role_name = p_role), false)
$$;
CREATE FUNCTION luotsi_my_areas(p_role text) RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT areas FROM sync_users WHERE role_name = p_role), '{}')
$$;

ALTER TABLE sync_rows ENABLE ROW LEVEL SECURITY;
-- County-wide rows (area NULL) are read by all; '*' and area rows by those who may see them. The scalar
-- subqueries make the functions run once per statement, not once per row.
CREATE POLICY sync_rows_read ON sync_rows FOR SELECT TO luotsi_user
  USING (area_id IS NULL OR (SELECT luotsi_all_areas(current_user)) OR area_id = ANY ((SELECT luotsi_my_areas(current_user))::text[]));
CREATE POLICY sync_rows_insert ON sync_rows FOR INSERT TO luotsi_user
  WITH CHECK ((SELECT luotsi_all_areas(current_user)) OR area_id = ANY ((SELECT luotsi_my_areas(current_user))::text[]) OR (area_id = '*' AND entity = 'audit_log'));
CREATE POLICY sync_rows_update ON sync_rows FOR UPDATE TO luotsi_user
  USING ((SELECT luotsi_all_areas(current_user)) OR area_id = ANY ((SELECT luotsi_my_areas(current_user))::text[]))
  WITH CHECK ((SELECT luotsi_all_areas(current_user)) OR area_id = ANY ((SELECT luotsi_my_areas(current_user))::text[]));

ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY change_log_read ON change_log FOR SELECT TO luotsi_user
  USING (area_id IS NULL OR (SELECT luotsi_all_areas(current_user)) OR area_id = ANY ((SELECT luotsi_my_areas(current_user))::text[]));

ALTER TABLE sync_devices ENABLE ROW LEVEL SECURITY;
-- A workstation is shared by the unit's staff: whoever signs in on it carries on its mutation sequence
-- (role_name is the last user). A device's conflicts are seen by their author and by users who may see the
-- row itself (the subquery is limited by sync_rows' own policies).
CREATE POLICY sync_devices_shared ON sync_devices TO luotsi_user USING (true) WITH CHECK (true);
ALTER TABLE sync_conflicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_conflicts_visible ON sync_conflicts TO luotsi_user
  USING (role_name = current_user OR EXISTS (SELECT 1 FROM sync_rows r WHERE r.entity = sync_conflicts.entity AND r.row_key = sync_conflicts.row_key))
  WITH CHECK (role_name = current_user OR EXISTS (SELECT 1 FROM sync_rows r WHERE r.entity = sync_conflicts.entity AND r.row_key = sync_conflicts.row_key));

-- ---- Change log ----------------------------------------------------------------------------------------

-- Runs as the owner: users cannot write the log themselves, only through changes of rows they may change.
CREATE FUNCTION sync_log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO change_log (entity, row_key, area_id) VALUES (NEW.entity, NEW.row_key, NEW.area_id);
  RETURN NULL;
END $$;
CREATE TRIGGER sync_rows_log AFTER INSERT OR UPDATE ON sync_rows FOR EACH ROW EXECUTE FUNCTION sync_log_change();

-- Workstations LISTEN on luotsi_changes and pull at once; notifications are sent at commit.
CREATE FUNCTION sync_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('luotsi_changes', '');
  RETURN NULL;
END $$;
CREATE TRIGGER sync_rows_notify AFTER INSERT OR UPDATE ON sync_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_notify();

-- A client moved to another area takes all its rows along (and devices of the new area receive them).
CREATE FUNCTION sync_move_client(p_client text, p_area text) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE sync_rows SET area_id = p_area WHERE client_id = p_client AND entity <> 'clients' AND area_id IS DISTINCT FROM p_area AND area_id IS DISTINCT FROM '*';
$$;

-- ---- Devices, push and pull -----------------------------------------------------------------------------

-- Registers the workstation (idempotent) and tells it the last mutation id the server has applied.
CREATE FUNCTION sync_register(p_device uuid, p_name text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE last bigint;
BEGIN
  INSERT INTO sync_devices AS d (device_id, name) VALUES (p_device, p_name)
  ON CONFLICT (device_id) DO UPDATE SET role_name = current_user, name = excluded.name, last_seen_at = now()
  RETURNING d.last_mutation_id INTO last;
  RETURN last;
END $$;

-- Whether a row's current content may no longer change: signed decisions, sent letters, approved invoices and
-- payment runs, audit rows. A signed decision may still become sent.
CREATE FUNCTION sync_frozen(p_entity text, p_old jsonb, p_new jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_entity
    WHEN 'letters' THEN true
    WHEN 'audit_log' THEN true
    WHEN 'decisions' THEN p_old->>'status' IN ('signed','sent')
      AND NOT (p_old->>'status' = 'signed' AND p_new->>'status' = 'sent'
               AND (p_old - ARRAY['status','sent_on','send_channel','notified_on','appeal_last_day','version','updated_at'])
                 = (p_new - ARRAY['status','sent_on','send_channel','notified_on','appeal_last_day','version','updated_at']))
    WHEN 'invoices' THEN p_old->>'status' = 'approved'
    WHEN 'caregiver_payment_runs' THEN p_old->>'status' = 'approved'
    ELSE false
  END
$$;

-- Applies a workstation's changes in order. Each mutation: {mid, entity, key, op, base, clientId, data}, data
-- being the row's content when it was pushed (several mutations of one row may carry the same content).
-- mid must follow the device's last applied mutation; mids already applied are replays and change nothing.
-- A change made on an older version than the server's, when another device wrote in between, becomes a
-- conflict and is not applied; a change to a frozen row or to a row the user may not write is rejected.
-- Returns one result per mutation: {mid, status: applied|replay|conflict|rejected, version, data, deleted, reason}.
CREATE FUNCTION sync_push(p_device uuid, p_mutations jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  m jsonb;
  mid bigint;
  last bigint;
  ent sync_entities%ROWTYPE;
  cur sync_rows%ROWTYPE;
  has_row boolean;
  area text;
  cid text;
  v bigint;
  is_delete boolean;
  allowed boolean;
  newdata jsonb;
  results jsonb := '[]'::jsonb;
  all_areas boolean := luotsi_all_areas(current_user);
  my_areas text[] := luotsi_my_areas(current_user);
BEGIN
  SELECT last_mutation_id INTO last FROM sync_devices WHERE device_id = p_device FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown device %', p_device USING ERRCODE = '42501';
  END IF;
  IF jsonb_typeof(p_mutations) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'malformed change batch' USING ERRCODE = '22023';
  END IF;
  FOR m IN SELECT value FROM jsonb_array_elements(p_mutations) LOOP
    IF jsonb_typeof(m->'mid') IS DISTINCT FROM 'number' OR jsonb_typeof(m->'entity') IS DISTINCT FROM 'string'
       OR jsonb_typeof(m->'key') IS DISTINCT FROM 'string' OR jsonb_typeof(m->'data') IS DISTINCT FROM 'object'
       OR (m->>'op') NOT IN ('upsert','delete') THEN
      RAISE EXCEPTION 'malformed change: %', left(m::text, 200) USING ERRCODE = '22023';
    END IF;
    mid := (m->>'mid')::bigint;
    IF mid <= last THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'replay');
      CONTINUE;
    END IF;
    IF mid <> last + 1 THEN
      RAISE EXCEPTION 'mutation gap: expected %, got %', last + 1, mid USING ERRCODE = '22023';
    END IF;
    last := mid;
    SELECT * INTO ent FROM sync_entities WHERE entity = m->>'entity';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'unknown entity %', m->>'entity' USING ERRCODE = '22023';
    END IF;
    is_delete := m->>'op' = 'delete';

    -- The row's area, decided here from the server's own rows, never taken from the workstation.
    cid := NULL;
    IF ent.area_mode = 'global' THEN
      area := NULL;
    ELSIF ent.area_mode = 'area' THEN
      area := m->'data'->>'area_id';
      IF ent.entity = 'clients' THEN cid := m->>'key'; ELSE cid := m->'data'->>'client_id'; END IF;
    ELSE
      cid := m->>'clientId';
      IF cid IS NULL THEN
        area := CASE WHEN ent.area_mode = 'audit' THEN '*' END;
      ELSE
        SELECT r.area_id INTO area FROM sync_rows r WHERE r.entity = 'clients' AND r.row_key = cid;
        IF NOT FOUND THEN
          results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'client_not_visible');
          CONTINUE;
        END IF;
      END IF;
    END IF;
    IF ent.area_mode = 'audit' AND area IS NULL THEN area := '*'; END IF;
    -- County-wide rows are written by county-wide roles only.
    allowed := CASE
      WHEN area IS NULL THEN all_areas
      WHEN area = '*' THEN all_areas OR ent.area_mode = 'audit'
      ELSE all_areas OR area = ANY (my_areas)
    END;
    IF NOT allowed THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'no_access');
      CONTINUE;
    END IF;

    SELECT * INTO cur FROM sync_rows WHERE entity = ent.entity AND row_key = m->>'key' FOR UPDATE;
    has_row := FOUND;
    -- A deletion keeps the last content beside the tombstone.
    newdata := CASE WHEN is_delete AND has_row THEN cur.data ELSE m->'data' END;
    IF has_row AND cur.deleted = is_delete AND cur.data = newdata THEN
      -- Nothing to change (another device wrote the same): counts as applied at the current version.
      results := results || jsonb_build_object('mid', mid, 'status', 'applied', 'version', cur.version);
      CONTINUE;
    END IF;
    IF has_row AND NOT cur.deleted AND sync_frozen(ent.entity, cur.data, newdata) THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'frozen',
        'version', cur.version, 'data', cur.data, 'deleted', cur.deleted);
      CONTINUE;
    END IF;
    IF has_row AND cur.version > coalesce((m->>'base')::bigint, 0) AND cur.writer_device IS DISTINCT FROM p_device THEN
      INSERT INTO sync_conflicts (device_id, entity, row_key, base_version, server_version, mine)
      VALUES (p_device, ent.entity, m->>'key', (m->>'base')::bigint, cur.version,
              CASE WHEN is_delete THEN jsonb_build_object('_deleted', true) ELSE m->'data' END)
      ON CONFLICT (device_id, entity, row_key) WHERE resolved_at IS NULL
      DO UPDATE SET mine = excluded.mine, server_version = excluded.server_version, created_at = now();
      results := results || jsonb_build_object('mid', mid, 'status', 'conflict', 'version', cur.version,
        'data', cur.data, 'deleted', cur.deleted);
      CONTINUE;
    END IF;

    v := nextval('sync_version_seq');
    -- A plain INSERT for a new row (the row lock above covers an existing one): with ON CONFLICT the new row
    -- would also have to pass the read policy, and a user's own audit rows without a client ('*') are
    -- written by every user but read by county-wide roles only.
    IF has_row THEN
      UPDATE sync_rows SET version = v, writer_device = p_device, area_id = area, client_id = cid, deleted = is_delete,
        data = newdata, updated_at = now()
      WHERE entity = ent.entity AND row_key = m->>'key';
    ELSE
      INSERT INTO sync_rows (entity, row_key, version, writer_device, area_id, client_id, deleted, data, updated_at)
      VALUES (ent.entity, m->>'key', v, p_device, area, cid, is_delete, newdata, now());
    END IF;
    IF ent.entity = 'clients' AND has_row AND cur.area_id IS DISTINCT FROM area THEN
      PERFORM sync_move_client(m->>'key', area);
    END IF;
    results := results || jsonb_build_object('mid', mid, 'status', 'applied', 'version', v);
  END LOOP;
  UPDATE sync_devices SET last_mutation_id = last, last_seen_at = now() WHERE device_id = p_device;
  RETURN results;
END $$;

-- The next changes after the cursor, only from transactions that have ended (below the snapshot's xmin),
-- so that none can appear later behind the cursor. Row-level security applies to both tables.
CREATE FUNCTION sync_pull(p_txid xid8, p_seq bigint, p_limit integer)
RETURNS TABLE (txid xid8, seq bigint, entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE sql STABLE AS $$
  SELECT c.txid, c.seq, c.entity, c.row_key, r.version, r.deleted, r.data
  FROM change_log c
  LEFT JOIN sync_rows r ON r.entity = c.entity AND r.row_key = c.row_key
  WHERE (c.txid, c.seq) > (p_txid, p_seq)
    AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY c.txid, c.seq
  LIMIT p_limit
$$;

-- A conflict resolved on the workstation: the chosen row is pushed as an ordinary change based on the server
-- version; this only closes the record.
CREATE FUNCTION sync_resolve(p_device uuid, p_entity text, p_key text, p_resolution text) RETURNS void LANGUAGE sql AS $$
  UPDATE sync_conflicts SET resolved_at = now(), resolution = p_resolution
  WHERE device_id = p_device AND entity = p_entity AND row_key = p_key AND resolved_at IS NULL
$$;

GRANT USAGE ON SCHEMA public TO luotsi_user;
GRANT SELECT ON luotsi_schema, sync_entities TO luotsi_user;
GRANT SELECT, INSERT, UPDATE ON sync_rows TO luotsi_user;
GRANT SELECT ON change_log TO luotsi_user;
GRANT SELECT, INSERT, UPDATE ON sync_devices, sync_conflicts TO luotsi_user;
GRANT USAGE ON SEQUENCE sync_version_seq TO luotsi_user;
GRANT EXECUTE ON FUNCTION sync_register(uuid, text), sync_push(uuid, jsonb), sync_pull(xid8, bigint, integer),
  sync_resolve(uuid, text, text, text), luotsi_all_areas(text), luotsi_my_areas(text) TO luotsi_user;
REVOKE EXECUTE ON FUNCTION sync_move_client(text, text), sync_log_change() FROM PUBLIC;
