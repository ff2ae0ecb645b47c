-- Schema 6: the central database as a vault with one door.
--
-- Login roles (one per user, members of luotsi_user) hold no privilege on any table, sequence or view: every
-- read and write goes through the SECURITY DEFINER functions below, owned by the non-login role luotsi_owner,
-- each with a pinned search_path (pg_catalog, public, pg_temp: a caller's temporary table can never stand in
-- for one of ours). The functions identify the caller by session_user (which a login role cannot change) and
-- check everything themselves: the caller is an active Luotsi user, the row's area (derived from the server's
-- own rows, never from the workstation's word), the role allowed to write a table (county-wide tables name
-- their writers), frozen rows (signed decisions, sent letters, approved invoices and payment runs, audit rows),
-- that an audit row names its author, that a row carries its own key, and that a device is the caller's: a
-- device row belongs to the roles that registered it with its secret, and only they push, resolve and reserve
-- numbers for it. Other users' password hashes never leave the server. TEMP is revoked from PUBLIC, CREATE on
-- every schema too, EXECUTE is revoked from PUBLIC and granted to luotsi_user for the door functions only.
-- luotsi_seal() (run by migrate.ts after every migration) keeps it so for whatever later migrations add.

-- ---- The owner ------------------------------------------------------------------------------------------

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'luotsi_owner') THEN
    CREATE ROLE luotsi_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- another database's migration made it meanwhile
END $$;
-- A migrator that is not a superuser (the database's owner) must be able to hand objects to the owner role.
DO $$ BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, 'luotsi_owner', 'MEMBER') THEN
    EXECUTE format('GRANT luotsi_owner TO %I', current_user);
  END IF;
END $$;

-- ---- What the functions need to know about each synced table --------------------------------------------

-- key_columns: the local primary key, in order (the row key is their values joined with '|').
-- client_column / parent_entity + parent_column: where the row's client is found (its own column, or the
--   client of a parent row keyed by id); the row's area is that client's area (area mode: its own area_id).
-- writers: the app roles (users.role) that may write the table; NULL = anyone who may see the row's area.
ALTER TABLE sync_entities
  ADD COLUMN key_columns text[],
  ADD COLUMN client_column text,
  ADD COLUMN parent_entity text,
  ADD COLUMN parent_column text,
  ADD COLUMN writers text[];

UPDATE sync_entities SET key_columns = '{id}';
UPDATE sync_entities SET key_columns = '{code}' WHERE entity IN ('services', 'municipalities');
UPDATE sync_entities SET key_columns = '{user_id,area_id}' WHERE entity = 'user_areas';
UPDATE sync_entities SET key_columns = '{provider_id,service_code}' WHERE entity = 'provider_services';
UPDATE sync_entities SET key_columns = '{decision_id}' WHERE entity = 'fee_decisions';

UPDATE sync_entities SET client_column = 'id' WHERE entity = 'clients';
UPDATE sync_entities SET client_column = 'client_id' WHERE area_mode IN ('client', 'audit') OR entity = 'intake_items';
UPDATE sync_entities SET client_column = NULL, parent_entity = 'decisions', parent_column = 'decision_id' WHERE entity IN ('decision_services', 'letters');
UPDATE sync_entities SET client_column = NULL, parent_entity = 'invoices', parent_column = 'invoice_id' WHERE entity = 'invoice_rows';
UPDATE sync_entities SET client_column = NULL, parent_entity = 'care_agreements', parent_column = 'agreement_id' WHERE entity IN ('carer_days_off', 'caregiver_payments');

-- County-wide tables: reference data and users by the administrator, the catalogues guidance relies on by
-- service managers too, billing runs by billing staff (the roles of shared/roles.ts that the app lets do so).
UPDATE sync_entities SET writers = '{admin}' WHERE entity IN ('areas', 'services', 'municipalities', 'users', 'user_areas', 'fee_parameter_sets');
UPDATE sync_entities SET writers = '{service_manager,admin}' WHERE entity IN ('providers', 'provider_services', 'criteria_sets', 'delegation_rules', 'reasoning_texts');
UPDATE sync_entities SET writers = '{billing,service_manager,admin}' WHERE entity IN ('invoice_runs', 'caregiver_payment_runs', 'invoices', 'invoice_rows', 'caregiver_payments');

ALTER TABLE sync_entities
  ALTER COLUMN key_columns SET NOT NULL,
  ADD CONSTRAINT sync_entities_key CHECK (cardinality(key_columns) BETWEEN 1 AND 4),
  ADD CONSTRAINT sync_entities_global_writers CHECK (area_mode <> 'global' OR (writers IS NOT NULL AND client_column IS NULL AND parent_entity IS NULL)),
  ADD CONSTRAINT sync_entities_client_path CHECK (
    area_mode IN ('global', 'area')
    OR (client_column IS NOT NULL AND parent_entity IS NULL)
    OR (client_column IS NULL AND parent_entity IS NOT NULL AND parent_column IS NOT NULL)),
  ADD CONSTRAINT sync_entities_area_client CHECK (area_mode <> 'area' OR client_column IS NOT NULL);

-- ---- Devices belong to the roles that registered them with their secret -----------------------------------

ALTER TABLE sync_devices ADD COLUMN secret_hash bytea;  -- sha256 of the workstation's device secret
ALTER TABLE sync_devices ALTER COLUMN role_name DROP DEFAULT;  -- inside the functions current_user is the owner
ALTER TABLE sync_conflicts ALTER COLUMN role_name DROP DEFAULT;
ALTER TABLE number_blocks ALTER COLUMN role_name DROP DEFAULT;

CREATE TABLE sync_device_roles (
  device_id     uuid NOT NULL REFERENCES sync_devices(device_id),
  role_name     text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, role_name)
);
-- The roles that used a device before: its last user, whoever reserved numbers or met conflicts on it. Such a
-- device has no secret yet; the first of these roles to register it again sets it.
INSERT INTO sync_device_roles (device_id, role_name)
SELECT device_id, role_name FROM sync_devices
UNION SELECT device_id, role_name FROM number_blocks
UNION SELECT device_id, role_name FROM sync_conflicts
ON CONFLICT DO NOTHING;

-- Who wrote each row last (the login role), beside the device.
ALTER TABLE sync_rows ADD COLUMN writer_role text;

-- ---- The central audit trail is append-only --------------------------------------------------------------

-- Even for the owner: an audit row is never deleted, and only its area may change (a client moving to another
-- area takes its audit rows along). Only a superuser, who can switch triggers off, could do otherwise.
CREATE FUNCTION sync_rows_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit rows are never deleted (%)', OLD.row_key USING ERRCODE = '42501';
  END IF;
  IF (NEW.entity, NEW.row_key, NEW.data, NEW.deleted) IS DISTINCT FROM (OLD.entity, OLD.row_key, OLD.data, OLD.deleted) THEN
    RAISE EXCEPTION 'audit rows never change (%)', OLD.row_key USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER sync_rows_audit_append_only BEFORE UPDATE OR DELETE ON sync_rows
  FOR EACH ROW WHEN (OLD.entity = 'audit_log') EXECUTE FUNCTION sync_rows_audit_guard();

CREATE FUNCTION sync_rows_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the replicated rows and their audit trail are never truncated' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER sync_rows_no_truncate BEFORE TRUNCATE ON sync_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_rows_no_truncate();

-- ---- Row-level security gives way to the functions' own checks --------------------------------------------

-- No login role can touch a table any more, and the owner's functions are not subject to policies anyway.
-- RLS stays enabled without policies on every table (luotsi_seal), so that a privilege granted by mistake
-- still shows no row.
DROP POLICY sync_rows_read ON sync_rows;
DROP POLICY sync_rows_insert ON sync_rows;
DROP POLICY sync_rows_update ON sync_rows;
DROP POLICY change_log_read ON change_log;
DROP POLICY sync_devices_shared ON sync_devices;
DROP POLICY sync_conflicts_visible ON sync_conflicts;

DROP FUNCTION sync_register(uuid, text);
DROP FUNCTION sync_push(uuid, jsonb);
DROP FUNCTION sync_pull(xid8, bigint, integer);
DROP FUNCTION sync_resolve(uuid, text, text, text);
DROP FUNCTION sync_reserve_numbers(uuid, text, integer, integer, bigint);
DROP FUNCTION luotsi_all_areas(text);
DROP FUNCTION luotsi_my_areas(text);

-- ---- Internal helpers (not executable by users) -----------------------------------------------------------

-- The calling user: session_user (the authenticated login role; inside these functions current_user is the
-- owner), their user id, areas, and app role from their central users row. Refused unless an active user.
CREATE FUNCTION luotsi_caller(OUT role_name text, OUT user_id text, OUT all_areas boolean, OUT areas text[], OUT app_role text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE active text;
BEGIN
  SELECT u.role_name, u.user_id, u.all_areas, u.areas, r.data->>'role', coalesce(r.data->>'active', '1')
    INTO role_name, user_id, all_areas, areas, app_role, active
  FROM sync_users u LEFT JOIN sync_rows r ON r.entity = 'users' AND r.row_key = u.user_id AND NOT r.deleted
  WHERE u.role_name = session_user;
  IF NOT FOUND OR active IN ('0', 'false') THEN
    RAISE EXCEPTION 'role % is not an active Luotsi user', session_user USING ERRCODE = '42501';
  END IF;
  areas := coalesce(areas, '{}');
END $$;

-- Whether the caller may see a row of this area: county-wide rows (NULL) everyone, '*' county-wide roles only.
CREATE FUNCTION luotsi_sees(p_area text, p_all boolean, p_areas text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT p_area IS NULL OR p_all OR (p_area <> '*' AND p_area = ANY (p_areas))
$$;

-- The device is the caller's: its secret matches and the caller registered it. Returns its last mutation id.
CREATE FUNCTION luotsi_check_device(p_device uuid, p_secret text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE d sync_devices%ROWTYPE;
BEGIN
  SELECT * INTO d FROM sync_devices WHERE device_id = p_device;
  IF NOT FOUND OR d.secret_hash IS NULL OR p_secret IS NULL OR d.secret_hash <> sha256(convert_to(p_secret, 'UTF8'))
     OR NOT EXISTS (SELECT 1 FROM sync_device_roles r WHERE r.device_id = p_device AND r.role_name = session_user) THEN
    RAISE EXCEPTION 'device % is not registered to role %', p_device, session_user USING ERRCODE = '42501';
  END IF;
  RETURN d.last_mutation_id;
END $$;

-- The key a row's own content gives (NULL when a key column is missing).
CREATE FUNCTION luotsi_row_key(p_columns text[], p_data jsonb) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE WHEN bool_and(p_data->>c IS NOT NULL) THEN string_agg(p_data->>c, '|' ORDER BY o) END
  FROM unnest(p_columns) WITH ORDINALITY AS u(c, o)
$$;

-- A row as it may leave the server: another user's password hash stays here.
CREATE FUNCTION luotsi_outgoing(p_entity text, p_key text, p_data jsonb, p_user text) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE WHEN p_entity = 'users' AND p_key IS DISTINCT FROM p_user THEN p_data - 'password_hash' ELSE p_data END
$$;

-- ---- The door --------------------------------------------------------------------------------------------

CREATE FUNCTION luotsi_schema_version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(max(version), 0) FROM luotsi_schema
$$;

-- Registers the workstation as the caller's and tells it the last mutation id the server has applied. A new
-- device is created with the secret's hash; an existing one only with the same secret, and a device from
-- before schema 6 (no secret yet) only by a role that used it. The caller joins the device's roles.
CREATE FUNCTION sync_register(p_device uuid, p_secret text, p_name text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  d sync_devices%ROWTYPE;
  h bytea;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  IF p_device IS NULL OR p_secret IS NULL OR length(p_secret) NOT BETWEEN 32 AND 200 OR length(coalesce(p_name, '')) > 200 THEN
    RAISE EXCEPTION 'malformed device registration' USING ERRCODE = '22023';
  END IF;
  h := sha256(convert_to(p_secret, 'UTF8'));
  SELECT * INTO d FROM sync_devices WHERE device_id = p_device FOR UPDATE;
  IF NOT FOUND THEN
    -- A role registers a handful of workstations in its working life, not thousands.
    IF (SELECT count(*) FROM sync_device_roles r WHERE r.role_name = session_user AND r.first_seen_at > now() - interval '1 day') >= 50 THEN
      RAISE EXCEPTION 'too many new devices for role %', session_user USING ERRCODE = '42501';
    END IF;
    INSERT INTO sync_devices (device_id, role_name, name, secret_hash) VALUES (p_device, session_user, coalesce(p_name, ''), h)
    RETURNING * INTO d;
  ELSIF d.secret_hash IS NULL THEN
    IF NOT EXISTS (SELECT 1 FROM sync_device_roles r WHERE r.device_id = p_device AND r.role_name = session_user) THEN
      RAISE EXCEPTION 'device % is not registered to role %', p_device, session_user USING ERRCODE = '42501';
    END IF;
    UPDATE sync_devices SET secret_hash = h WHERE device_id = p_device;
  ELSIF d.secret_hash <> h THEN
    RAISE EXCEPTION 'device % is not registered to role %', p_device, session_user USING ERRCODE = '42501';
  END IF;
  UPDATE sync_devices SET role_name = session_user, name = coalesce(p_name, ''), last_seen_at = now() WHERE device_id = p_device;
  INSERT INTO sync_device_roles (device_id, role_name) VALUES (p_device, session_user)
  ON CONFLICT (device_id, role_name) DO UPDATE SET last_seen_at = now();
  RETURN d.last_mutation_id;
END $$;

-- Applies a workstation's changes in order. Each mutation: {mid, entity, key, op, base, data}, data being the
-- row's content when it was pushed (several mutations of one row may carry the same content); a `clientId`
-- the workstation sends is not trusted: the server finds the row's client and area from its own rows.
-- mid must follow the device's last applied mutation; mids already applied are replays and change nothing.
-- A change made on an older version than the server's, when another device wrote in between, becomes a
-- conflict and is not applied; a change to a frozen row or to a row the user may not write is rejected.
-- Returns one result per mutation: {mid, status: applied|replay|conflict|rejected, version, data, deleted, reason}.
CREATE FUNCTION sync_push(p_device uuid, p_secret text, p_mutations jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  m jsonb;
  d jsonb;
  mid bigint;
  last bigint;
  ent sync_entities%ROWTYPE;
  cur sync_rows%ROWTYPE;
  has_row boolean;
  area text;
  cid text;
  client_area text;
  v bigint;
  is_delete boolean;
  newdata jsonb;
  reason text;
  author text;
  device_users text[];
  results jsonb := '[]'::jsonb;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  IF jsonb_typeof(p_mutations) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'malformed change batch' USING ERRCODE = '22023';
  END IF;
  IF jsonb_array_length(p_mutations) > 5000 THEN
    RAISE EXCEPTION 'too many changes in one batch (at most 5000)' USING ERRCODE = '22023';
  END IF;
  SELECT last_mutation_id INTO last FROM sync_devices WHERE device_id = p_device FOR UPDATE;
  -- The users of this workstation: their audit rows may be pushed by whoever syncs it next.
  SELECT coalesce(array_agg(u.user_id), '{}') INTO device_users
  FROM sync_device_roles r JOIN sync_users u ON u.role_name = r.role_name WHERE r.device_id = p_device;

  FOR m IN SELECT value FROM jsonb_array_elements(p_mutations) LOOP
    IF jsonb_typeof(m) IS DISTINCT FROM 'object'
       OR jsonb_typeof(m->'mid') IS DISTINCT FROM 'number' OR (m->>'mid') !~ '^[1-9][0-9]{0,17}$'
       OR jsonb_typeof(m->'entity') IS DISTINCT FROM 'string' OR length(m->>'entity') > 100
       OR jsonb_typeof(m->'key') IS DISTINCT FROM 'string' OR length(m->>'key') NOT BETWEEN 1 AND 500
       OR jsonb_typeof(m->'data') IS DISTINCT FROM 'object'
       OR (m->>'op') IS NULL OR (m->>'op') NOT IN ('upsert', 'delete')
       OR (m ? 'base' AND jsonb_typeof(m->'base') NOT IN ('number', 'null'))
       OR (jsonb_typeof(m->'base') = 'number' AND (m->>'base') !~ '^[0-9]{1,18}$') THEN
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
      RAISE EXCEPTION 'unknown entity %', left(m->>'entity', 60) USING ERRCODE = '22023';
    END IF;
    is_delete := m->>'op' = 'delete';

    SELECT * INTO cur FROM sync_rows WHERE entity = ent.entity AND row_key = m->>'key' FOR UPDATE;
    has_row := FOUND;
    IF is_delete AND (NOT has_row OR cur.deleted) THEN
      -- Nothing to delete (a row made and removed before it was ever pushed, or removed already).
      results := results || jsonb_build_object('mid', mid, 'status', 'applied');
      CONTINUE;
    END IF;
    -- A deletion keeps the last content beside the tombstone.
    d := CASE WHEN is_delete THEN cur.data ELSE m->'data' END;
    reason := NULL;

    -- The row carries its own key: a row filed under one key cannot overwrite another on the workstations.
    IF luotsi_row_key(ent.key_columns, d) IS DISTINCT FROM m->>'key' THEN
      reason := 'key_mismatch';
    END IF;

    -- Where the row belongs, from the server's own rows.
    cid := NULL;
    area := NULL;
    IF reason IS NULL AND ent.area_mode <> 'global' THEN
      IF ent.client_column IS NOT NULL THEN
        cid := d->>ent.client_column;
      ELSE
        SELECT p.client_id INTO cid FROM sync_rows p WHERE p.entity = ent.parent_entity AND p.row_key = d->>ent.parent_column;
        IF NOT FOUND THEN reason := 'parent_missing'; END IF;
      END IF;
      IF reason IS NOT NULL THEN
        NULL;
      ELSIF ent.area_mode = 'area' THEN
        area := d->>'area_id';
        IF area IS NULL OR NOT EXISTS (SELECT 1 FROM sync_rows a WHERE a.entity = 'areas' AND a.row_key = area AND NOT a.deleted) THEN
          reason := 'unknown_area';
        ELSIF cid IS NOT NULL AND ent.entity <> 'clients' THEN
          SELECT c.area_id INTO client_area FROM sync_rows c WHERE c.entity = 'clients' AND c.row_key = cid;
          IF NOT FOUND OR NOT luotsi_sees(client_area, me.all_areas, me.areas) THEN reason := 'client_not_visible'; END IF;
        END IF;
      ELSIF cid IS NULL THEN
        area := '*';  -- client data without a client: county-wide roles only
      ELSE
        SELECT c.area_id INTO area FROM sync_rows c WHERE c.entity = 'clients' AND c.row_key = cid;
        IF NOT FOUND THEN
          IF ent.area_mode = 'audit' THEN area := '*'; ELSE reason := 'client_not_visible'; END IF;
        ELSIF ent.area_mode <> 'audit' AND NOT luotsi_sees(area, me.all_areas, me.areas) THEN
          reason := 'client_not_visible';  -- the same answer as for a client that does not exist
        END IF;
      END IF;
    END IF;

    -- A users row keeps its password hash: it is set when the user is created and never taken from a
    -- workstation afterwards (other users' rows reach workstations without it).
    newdata := d;
    IF ent.entity = 'users' AND has_row AND NOT is_delete THEN
      newdata := (d - 'password_hash') || CASE WHEN cur.data ? 'password_hash' THEN jsonb_build_object('password_hash', cur.data->'password_hash') ELSE '{}'::jsonb END;
    END IF;

    -- May the caller write it?
    IF reason IS NOT NULL THEN
      NULL;
    ELSIF has_row AND NOT luotsi_sees(cur.area_id, me.all_areas, me.areas) THEN
      reason := 'no_access';
    ELSIF ent.area_mode = 'audit' THEN
      -- An audit row names its author: the caller, or a user who registered this same workstation (their rows
      -- wait in its outbox until someone syncs). Failed sign-ins name the account tried, or none.
      author := d->>'user_id';
      IF NOT has_row AND (author IS NULL OR (author <> me.user_id AND NOT author = ANY (device_users)))
         AND NOT (coalesce(d->>'action', '') LIKE 'session.signInFailed%' OR coalesce(d->>'action', '') LIKE 'session.locked%') THEN
        reason := 'not_author';
      END IF;
    ELSIF ent.area_mode = 'global' THEN
      IF NOT coalesce(me.app_role = ANY (ent.writers), false)
         AND NOT (ent.entity = 'users' AND has_row AND NOT is_delete AND cur.row_key = me.user_id
                  AND (newdata - ARRAY['language', 'version', 'updated_at']) = (cur.data - ARRAY['language', 'version', 'updated_at'])) THEN
        reason := 'no_access';  -- a user may change only their own language
      END IF;
    ELSIF NOT luotsi_sees(area, me.all_areas, me.areas) OR NOT coalesce(ent.writers IS NULL OR me.app_role = ANY (ent.writers), false) THEN
      reason := 'no_access';
    END IF;
    IF reason IS NOT NULL THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', reason);
      CONTINUE;
    END IF;

    IF has_row AND cur.deleted = is_delete AND cur.data = newdata THEN
      -- Nothing to change (another device wrote the same): counts as applied at the current version.
      results := results || jsonb_build_object('mid', mid, 'status', 'applied', 'version', cur.version);
      CONTINUE;
    END IF;
    IF has_row AND NOT cur.deleted AND sync_frozen(ent.entity, cur.data, newdata) THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'frozen',
        'version', cur.version, 'data', luotsi_outgoing(cur.entity, cur.row_key, cur.data, me.user_id), 'deleted', cur.deleted);
      CONTINUE;
    END IF;
    IF has_row AND cur.version > coalesce((m->>'base')::bigint, 0) AND cur.writer_device IS DISTINCT FROM p_device THEN
      INSERT INTO sync_conflicts (device_id, role_name, entity, row_key, base_version, server_version, mine)
      VALUES (p_device, session_user, ent.entity, m->>'key', (m->>'base')::bigint, cur.version,
              CASE WHEN is_delete THEN jsonb_build_object('_deleted', true) ELSE luotsi_outgoing(ent.entity, m->>'key', newdata, me.user_id) END)
      ON CONFLICT (device_id, entity, row_key) WHERE resolved_at IS NULL
      DO UPDATE SET mine = excluded.mine, role_name = excluded.role_name, server_version = excluded.server_version, created_at = now();
      results := results || jsonb_build_object('mid', mid, 'status', 'conflict', 'version', cur.version,
        'data', luotsi_outgoing(cur.entity, cur.row_key, cur.data, me.user_id), 'deleted', cur.deleted);
      CONTINUE;
    END IF;

    v := nextval('sync_version_seq');
    IF has_row THEN
      UPDATE sync_rows SET version = v, writer_device = p_device, writer_role = session_user, area_id = area, client_id = cid,
        deleted = is_delete, data = newdata, updated_at = now()
      WHERE entity = ent.entity AND row_key = m->>'key';
    ELSE
      INSERT INTO sync_rows (entity, row_key, version, writer_device, writer_role, area_id, client_id, deleted, data, updated_at)
      VALUES (ent.entity, m->>'key', v, p_device, session_user, area, cid, is_delete, newdata, now());
    END IF;
    IF ent.entity = 'clients' AND has_row AND cur.area_id IS DISTINCT FROM area THEN
      PERFORM sync_move_client(m->>'key', area);
    END IF;
    results := results || jsonb_build_object('mid', mid, 'status', 'applied', 'version', v);
  END LOOP;
  UPDATE sync_devices SET last_mutation_id = last, last_seen_at = now() WHERE device_id = p_device;
  RETURN results;
END $$;

-- The next changes after the cursor that the caller may see, only from transactions that have ended (below
-- the snapshot's xmin), so that none can appear later behind the cursor. An entry whose row the caller can no
-- longer see (it left their areas) comes without content, and the workstation removes its copy.
CREATE FUNCTION sync_pull(p_txid xid8, p_seq bigint, p_limit integer)
RETURNS TABLE (txid xid8, seq bigint, entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  IF p_txid IS NULL OR p_seq IS NULL OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 50000 THEN
    RAISE EXCEPTION 'malformed pull' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  SELECT c.txid, c.seq, c.entity, c.row_key, r.version, r.deleted,
         CASE WHEN r.entity = 'users' AND r.row_key IS DISTINCT FROM me.user_id THEN r.data - 'password_hash' ELSE r.data END
  FROM change_log c
  LEFT JOIN sync_rows r ON r.entity = c.entity AND r.row_key = c.row_key
    AND (r.area_id IS NULL OR me.all_areas OR (r.area_id <> '*' AND r.area_id = ANY (me.areas)))
  WHERE (c.txid, c.seq) > (p_txid, p_seq)
    AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
    AND (c.area_id IS NULL OR me.all_areas OR (c.area_id <> '*' AND c.area_id = ANY (me.areas)))
  ORDER BY c.txid, c.seq
  LIMIT p_limit;
END $$;

-- The first copy: the live rows of one table the caller may see, after a key, in key order. Called repeatedly
-- inside one REPEATABLE READ transaction, so the pages are one consistent snapshot.
CREATE FUNCTION sync_initial_rows(p_entity text, p_after text, p_limit integer)
RETURNS TABLE (entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  IF p_entity IS NULL OR p_after IS NULL OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 50000 THEN
    RAISE EXCEPTION 'malformed copy request' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  SELECT r.entity, r.row_key, r.version, r.deleted,
         CASE WHEN r.entity = 'users' AND r.row_key IS DISTINCT FROM me.user_id THEN r.data - 'password_hash' ELSE r.data END
  FROM sync_rows r
  WHERE r.entity = p_entity AND r.row_key > p_after AND NOT r.deleted
    AND (r.area_id IS NULL OR me.all_areas OR (r.area_id <> '*' AND r.area_id = ANY (me.areas)))
  ORDER BY r.row_key
  LIMIT p_limit;
END $$;

-- How many rows the first copy brings (for its progress bar).
CREATE FUNCTION sync_initial_count() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  RETURN (SELECT count(*) FROM sync_rows r WHERE NOT r.deleted
          AND (r.area_id IS NULL OR me.all_areas OR (r.area_id <> '*' AND r.area_id = ANY (me.areas))));
END $$;

-- The caller's own users row with its password hash, and their area rows: what a workstation needs to let
-- them sign in offline after they were checked centrally once.
CREATE FUNCTION sync_my_user() RETURNS TABLE (entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  RETURN QUERY
  SELECT r.entity, r.row_key, r.version, r.deleted, r.data FROM sync_rows r WHERE r.entity = 'users' AND r.row_key = me.user_id
  UNION ALL
  SELECT r.entity, r.row_key, r.version, r.deleted, r.data FROM sync_rows r WHERE r.entity = 'user_areas' AND r.data->>'user_id' = me.user_id;
END $$;

-- The open conflicts of the caller's device whose rows the caller may see (or that the caller made), with the
-- current central row.
CREATE FUNCTION sync_open_conflicts(p_device uuid, p_secret text)
RETURNS TABLE (entity text, row_key text, base_version bigint, server_version bigint, mine jsonb, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  RETURN QUERY
  SELECT c.entity, c.row_key, c.base_version, c.server_version, luotsi_outgoing(c.entity, c.row_key, c.mine, me.user_id),
         r.version, r.deleted, luotsi_outgoing(r.entity, r.row_key, r.data, me.user_id)
  FROM sync_conflicts c
  LEFT JOIN sync_rows r ON r.entity = c.entity AND r.row_key = c.row_key
  WHERE c.device_id = p_device AND c.resolved_at IS NULL
    AND (c.role_name = session_user OR (r.entity IS NOT NULL AND luotsi_sees(r.area_id, me.all_areas, me.areas)))
  ORDER BY c.id;
END $$;

-- A conflict resolved on the workstation: the chosen row is pushed as an ordinary change based on the server
-- version; this only closes the record.
CREATE FUNCTION sync_resolve(p_device uuid, p_secret text, p_entity text, p_key text, p_resolution text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  IF p_resolution IS NULL OR p_resolution NOT IN ('mine', 'theirs', 'merge') THEN
    RAISE EXCEPTION 'malformed resolution' USING ERRCODE = '22023';
  END IF;
  UPDATE sync_conflicts c SET resolved_at = now(), resolution = p_resolution
  WHERE c.device_id = p_device AND c.entity = p_entity AND c.row_key = p_key AND c.resolved_at IS NULL
    AND (c.role_name = session_user OR EXISTS (SELECT 1 FROM sync_rows r WHERE r.entity = c.entity AND r.row_key = c.row_key
                                               AND luotsi_sees(r.area_id, me.all_areas, me.areas)));
END $$;

-- Reserves p_count consecutive numbers for the caller's device. The first reservation of a series starts after
-- the highest well-formed number already in the central rows (decisions of that year, or any invoice), and not
-- below p_floor (the biller's first invoice number). Limits: a county makes some 40,000 decisions a year and
-- invoices its ~30,000 clients monthly (handbook 1), so one call reserves at most 50,000 decision or 100,000
-- invoice numbers, and one role at most twice that in a day; invoice numbers only for billing roles.
CREATE FUNCTION sync_reserve_numbers(p_device uuid, p_secret text, p_series text, p_year integer, p_count integer, p_floor bigint)
RETURNS TABLE (first bigint, last bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  n bigint;
  per_call integer;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  per_call := CASE p_series WHEN 'decision' THEN 50000 WHEN 'invoice' THEN 100000 END;
  IF per_call IS NULL OR p_count IS NULL OR p_year IS NULL OR p_count < 1 OR p_count > per_call
     OR (p_series = 'invoice' AND p_year <> 0) OR (p_series = 'decision' AND p_year NOT BETWEEN 2000 AND 2200)
     OR (p_floor IS NOT NULL AND p_floor NOT BETWEEN 1 AND 999999999) THEN
    RAISE EXCEPTION 'malformed number reservation % % %', left(p_series, 20), p_year, p_count USING ERRCODE = '22023';
  END IF;
  IF p_series = 'invoice' AND NOT coalesce(me.app_role IN ('billing', 'service_manager', 'admin'), false) THEN
    RAISE EXCEPTION 'invoice numbers are reserved by billing roles only' USING ERRCODE = '42501';
  END IF;
  IF (SELECT coalesce(sum(b.last - b.first + 1), 0) FROM number_blocks b
      WHERE b.role_name = session_user AND b.series = p_series AND b.reserved_at > now() - interval '1 day') + p_count > 2 * per_call THEN
    RAISE EXCEPTION 'too many % numbers reserved by role % today', p_series, session_user USING ERRCODE = '42501';
  END IF;
  INSERT INTO number_series (series, year, next)
  SELECT p_series, p_year, greatest(coalesce(p_floor, 1), 1 + coalesce(CASE p_series
      WHEN 'decision' THEN (SELECT max((r.data->>'number')::bigint) FROM sync_rows r
                            WHERE r.entity = 'decisions' AND r.data->>'number' ~ '^[0-9]{1,15}$'
                              AND r.data->>'number_year' ~ '^[0-9]{4}$' AND (r.data->>'number_year')::integer = p_year)
      ELSE (SELECT max((r.data->>'number')::bigint) FROM sync_rows r WHERE r.entity = 'invoices' AND r.data->>'number' ~ '^[0-9]{1,15}$') END, 0))
  ON CONFLICT (series, year) DO NOTHING;
  UPDATE number_series s SET next = s.next + p_count WHERE s.series = p_series AND s.year = p_year RETURNING s.next - p_count INTO n;
  INSERT INTO number_blocks (series, year, first, last, device_id, role_name) VALUES (p_series, p_year, n, n + p_count - 1, p_device, session_user);
  RETURN QUERY SELECT n, n + p_count - 1;
END $$;

-- ---- Sealing: owner, privileges, pinned search paths -------------------------------------------------------

-- Run by migrate.ts after every migration (as the migrating owner or superuser), so that whatever a later
-- migration adds is sealed the same way: every table, sequence, view and function of the schema is owned by
-- luotsi_owner; no one else holds any privilege on a table, sequence or view; every function has its
-- search_path pinned and no EXECUTE for PUBLIC (luotsi_user keeps the EXECUTE grants the migrations give it
-- explicitly); row-level security is on for every table; PUBLIC may not connect, create temporary tables or
-- create in any schema.
CREATE FUNCTION luotsi_seal() RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  r record;
  owner_oid oid := (SELECT oid FROM pg_roles WHERE rolname = 'luotsi_owner');
BEGIN
  IF (SELECT rolcanlogin OR rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE oid = owner_oid) THEN
    ALTER ROLE luotsi_owner NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_auth_members a JOIN pg_auth_members u ON u.member = a.member
             WHERE a.roleid = owner_oid AND u.roleid = 'luotsi_user'::regrole) THEN
    RAISE EXCEPTION 'a Luotsi user role is a member of luotsi_owner; revoke that membership first' USING ERRCODE = '42501';
  END IF;

  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO luotsi_user', current_database());
  FOR r IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', r.nspname);
  END LOOP;
  REVOKE ALL ON SCHEMA public FROM PUBLIC;
  GRANT USAGE ON SCHEMA public TO luotsi_owner, luotsi_user;
  ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

  -- Tables, views and free-standing sequences (identity sequences follow their table).
  FOR r IN
    SELECT c.oid, c.relkind, format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype IN ('e', 'a', 'i'))
  LOOP
    IF r.relkind = 'S' THEN
      EXECUTE format('ALTER SEQUENCE %s OWNER TO luotsi_owner', r.name);
    ELSIF r.relkind IN ('v', 'm') THEN
      EXECUTE format('ALTER %s %s OWNER TO luotsi_owner', CASE r.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END, r.name);
    ELSE
      EXECUTE format('ALTER TABLE %s OWNER TO luotsi_owner', r.name);
      IF r.relkind IN ('r', 'p') THEN EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', r.name); END IF;
    END IF;
  END LOOP;
  -- No privilege on any relation of the schema (identity sequences included) for anyone but the owner.
  FOR r IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind, a.grantee
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON %s %s FROM %s', CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name,
                   CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END);
  END LOOP;
  -- Functions: owned by luotsi_owner, search_path pinned, never executable by PUBLIC or a login role directly.
  FOR r IN
    SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO luotsi_owner', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.sig);
    IF r.prokind IN ('f', 'p') THEN
      EXECUTE format('ALTER %s %s SET search_path = pg_catalog, public, pg_temp', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.sig);
    END IF;
    EXECUTE format('REVOKE EXECUTE ON %s %s FROM PUBLIC', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.sig);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS sig, p.prokind, a.grantee
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
    JOIN pg_roles g ON g.oid = a.grantee
    WHERE n.nspname = 'public' AND a.grantee <> p.proowner AND g.rolcanlogin
  LOOP
    EXECUTE format('REVOKE ALL ON %s %s FROM %s', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.sig, r.grantee::regrole::text);
  END LOOP;
END $$;

-- The door: what a workstation (a member of luotsi_user) may call. Nothing else.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, luotsi_user;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, luotsi_user;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, luotsi_user;
GRANT EXECUTE ON FUNCTION
  luotsi_schema_version(),
  sync_register(uuid, text, text),
  sync_push(uuid, text, jsonb),
  sync_pull(xid8, bigint, integer),
  sync_initial_rows(text, text, integer),
  sync_initial_count(),
  sync_my_user(),
  sync_open_conflicts(uuid, text),
  sync_resolve(uuid, text, text, text, text),
  sync_reserve_numbers(uuid, text, text, integer, integer, bigint)
TO luotsi_user;
