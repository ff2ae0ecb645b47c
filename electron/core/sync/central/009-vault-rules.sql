-- Schema 9: the core's own rules, kept by the door too (the red team's review of schema 7, C1 C2 C4 C5 C6 C8).
--
-- * The caller's role and areas come from the live central users and user_areas rows (the same rule as
--   shared/roles.ts isCountyWide), not from sync_users (which now only names the login role's user): removing
--   an area or changing a role takes effect at the next call, and a deleted or inactive user has no access.
-- * Who may write what, per table, as the core's channels allow it (shared/contract/channels.ts), and for
--   decisions per state change as the decisions service does: a draft by the roles that draft decisions of
--   its kind, without a number; signing only by a user of this workstation (the caller, or a user who
--   registered it with its secret and whose change waits in its outbox) who is the decision maker, holds a
--   signing role and (service decisions) a delegation rule in force for the outcome, with a number from a
--   block reserved for this workstation and not given to another decision; sending by the sending roles.
-- * The children of a made decision (service lines, fee decision), of an approved invoice (its rows) and of an
--   approved payment run (its payments) are frozen as the workstation's triggers freeze them
--   (db/migrations/0005-sync.ts). Those triggers step aside while pulled rows are applied, so this is where it
--   is decided. A workstation that made and signed a decision offline pushes the decision (with its content
--   at push time, already signed) before the lines it wrote earlier; it says how far its outbox holds earlier
--   changes of that decision (`last`), and only those mutations of that device may still write its children.
-- * A service period's client is its decision line's client, a fee decision's client its decision's client.
-- * Audit rows: a failed sign-in or lockout names no client and carries little detail; an ordinary audit row
--   on a client only if its author may see that client.
-- * A year's first decision number follows only numbers of made decisions below 10^9.

-- ---- Who is calling --------------------------------------------------------------------------------------

-- The app role of an active, not deleted central users row (NULL otherwise).
CREATE FUNCTION luotsi_active_role(p_user text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT r.data->>'role' FROM sync_rows r
  WHERE r.entity = 'users' AND r.row_key = p_user AND NOT r.deleted AND coalesce(r.data->>'active', '1') IN ('1', 'true')
    AND r.data->>'role' IN ('guidance_worker', 'social_worker', 'client_secretary', 'billing', 'service_manager', 'admin')
$$;

-- The areas of a user from the live user_areas rows.
CREATE FUNCTION luotsi_user_areas(p_user text) RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(array_agg(a.data->>'area_id' ORDER BY a.data->>'area_id'), '{}') FROM sync_rows a
  WHERE a.entity = 'user_areas' AND NOT a.deleted AND a.data->>'user_id' = p_user AND a.data->>'area_id' IS NOT NULL
$$;

-- County-wide roles (shared/roles.ts COUNTY_WIDE_ROLES) see every area.
CREATE FUNCTION luotsi_county_wide(p_role text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(p_role IN ('client_secretary', 'billing', 'service_manager', 'admin'), false)
$$;

-- Whether a user (active) may see a row of this area.
CREATE FUNCTION luotsi_user_sees(p_user text, p_area text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT luotsi_active_role(p_user) IS NOT NULL
     AND luotsi_sees(p_area, luotsi_county_wide(luotsi_active_role(p_user)), luotsi_user_areas(p_user))
$$;

CREATE OR REPLACE FUNCTION luotsi_caller(OUT role_name text, OUT user_id text, OUT all_areas boolean, OUT areas text[], OUT app_role text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  SELECT u.role_name, u.user_id INTO role_name, user_id FROM sync_users u WHERE u.role_name = session_user;
  IF FOUND THEN
    app_role := luotsi_active_role(user_id);
  END IF;
  IF app_role IS NULL THEN
    RAISE EXCEPTION 'role % is not an active Luotsi user', session_user USING ERRCODE = '42501';
  END IF;
  all_areas := luotsi_county_wide(app_role);
  areas := luotsi_user_areas(user_id);
END $$;

-- ---- Decisions: who may make which change ------------------------------------------------------------------

-- Mirrors decisions/service.ts (draft, propose, sign, send), fees/decisions.ts (fee drafts made when a service
-- is granted, started or ended, and by billing; signed by billing and service managers) and letters/batch.ts
-- (sending, also of a mass fee decision by billing). p_roles: the app roles of the users of the pushing
-- workstation (the caller first); p_users: their user ids. Returns the reason of a refusal, NULL if allowed.
-- A made decision's own changes (only signed -> sent) are left to sync_frozen.
CREATE FUNCTION luotsi_decision_refusal(p_device uuid, p_users text[], p_roles text[], p_old jsonb, p_new jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  kind text := coalesce(p_new->>'kind', p_old->>'kind', 'service');
  old_s text := p_old->>'status';
  new_s text := p_new->>'status';
  drafters text[];
  signers text[] := '{guidance_worker,social_worker,service_manager}';
  senders text[] := '{client_secretary,service_manager,admin}';
  maker text;
  maker_role text;
  n text;
  y text;
BEGIN
  IF kind = 'fee' THEN
    drafters := '{guidance_worker,social_worker,service_manager,billing,admin}';
    signers := '{billing,service_manager}';
    senders := '{client_secretary,service_manager,admin,billing}';
  ELSIF kind IN ('service', 'voucher') THEN
    drafters := '{guidance_worker,social_worker,service_manager}';
  ELSE
    RETURN 'invalid_decision';
  END IF;
  IF p_old IS NOT NULL AND p_new IS NOT NULL AND (p_old->>'kind') IS DISTINCT FROM (p_new->>'kind') THEN
    RETURN 'invalid_decision';
  END IF;
  IF old_s IN ('signed', 'sent') THEN
    -- Made already: sync_frozen lets only the sending of a signed decision through.
    IF new_s = 'sent' AND old_s = 'signed' AND NOT (p_roles && senders) THEN RETURN 'no_access'; END IF;
    RETURN NULL;
  END IF;
  IF p_new IS NULL OR new_s IN ('draft', 'proposed') THEN
    IF NOT (p_roles && drafters) THEN RETURN 'no_access'; END IF;
    IF p_new IS NOT NULL AND (p_new->>'number' IS NOT NULL OR p_new->>'number_year' IS NOT NULL OR p_new->>'signed_at' IS NOT NULL) THEN
      RETURN 'invalid_decision';  -- only a made decision has a number
    END IF;
    RETURN NULL;
  END IF;
  IF new_s IS NULL OR new_s NOT IN ('signed', 'sent') THEN RETURN 'invalid_decision'; END IF;

  -- Made now (signed, perhaps sent too before this workstation could sync).
  maker := p_new->>'decision_maker_id';
  IF maker IS NULL OR NOT (maker = ANY (p_users)) THEN RETURN 'not_signer'; END IF;
  IF old_s = 'proposed' AND (p_old->>'decision_maker_id') IS DISTINCT FROM maker THEN RETURN 'not_signer'; END IF;
  maker_role := luotsi_active_role(maker);
  IF maker_role IS NULL OR NOT (maker_role = ANY (signers)) THEN RETURN 'not_signer'; END IF;
  IF kind <> 'fee' AND NOT EXISTS (
      SELECT 1 FROM sync_rows g
      WHERE g.entity = 'delegation_rules' AND NOT g.deleted AND g.data->>'role' = maker_role
        AND g.data->>'valid_from' <= coalesce(p_new->>'decided_on', '')
        AND (g.data->>'valid_to' IS NULL OR coalesce(p_new->>'decided_on', '') <= g.data->>'valid_to')
        AND position('"' || coalesce(p_new->>'outcome', '?') || '"' IN coalesce(g.data->>'outcomes', '')) > 0) THEN
    RETURN 'not_signer';
  END IF;
  n := coalesce(p_new->>'number', '');
  y := coalesce(p_new->>'number_year', '');
  IF n !~ '^[1-9][0-9]{0,8}$' OR y !~ '^[0-9]{4}$'
     OR NOT EXISTS (SELECT 1 FROM number_blocks b WHERE b.series = 'decision' AND b.year = y::integer AND b.device_id = p_device
                    AND n::bigint BETWEEN b.first AND b.last)
     OR EXISTS (SELECT 1 FROM sync_rows o WHERE o.entity = 'decisions' AND (o.data->>'number_year') = y AND (o.data->>'number') = n
                AND o.row_key <> (p_new->>'id') AND NOT o.deleted) THEN
    RETURN 'number_not_reserved';
  END IF;
  IF new_s = 'sent' AND NOT (p_roles && senders) THEN RETURN 'no_access'; END IF;
  RETURN NULL;
END $$;

CREATE INDEX sync_rows_decision_number ON sync_rows ((data->>'number_year'), (data->>'number')) WHERE entity = 'decisions';
CREATE INDEX sync_rows_user_areas ON sync_rows ((data->>'user_id')) WHERE entity = 'user_areas';

-- ---- Who may write each client table (the core's channels) -----------------------------------------------

UPDATE sync_entities SET writers = '{guidance_worker,social_worker,service_manager,billing,admin}' WHERE entity = 'clients';  -- intake, assignment, billing facts
UPDATE sync_entities SET writers = '{guidance_worker,social_worker,service_manager,admin}' WHERE entity = 'client_contacts';
UPDATE sync_entities SET writers = '{guidance_worker,social_worker,client_secretary,service_manager,admin}' WHERE entity = 'intake_items';  -- QUEUE_ROLES
UPDATE sync_entities SET writers = '{guidance_worker,social_worker,service_manager}' WHERE entity IN ('assessments', 'client_plans', 'decision_services');  -- CASEWORK/DECISION_ROLES
UPDATE sync_entities SET writers = '{guidance_worker,social_worker,client_secretary,billing,service_manager,admin}' WHERE entity = 'decisions';  -- then luotsi_decision_refusal
UPDATE sync_entities SET writers = '{client_secretary,service_manager,admin,billing}' WHERE entity = 'letters';  -- SEND_ROLES, billing for mass fee decisions
UPDATE sync_entities SET writers = '{billing,service_manager,admin}' WHERE entity IN ('incomes', 'fee_deductions', 'fee_ceiling_notices', 'care_agreements', 'carer_days_off');  -- BILLING_ROLES
UPDATE sync_entities SET writers = '{billing,guidance_worker,social_worker,service_manager,admin}' WHERE entity IN ('absences', 'fee_decisions');  -- FEE_ROLES; fee drafts follow service decisions
UPDATE sync_entities SET writers = '{guidance_worker,social_worker,service_manager,billing}' WHERE entity = 'service_periods';  -- ARRANGE_ROLES

-- ---- Children of made decisions, approved invoices and payment runs ---------------------------------------

-- A frozen parent made by a device's push whose outbox still holds earlier changes of it: that device's
-- mutations below until_mid may still write the parent's children (written before the parent was made).
CREATE TABLE sync_freeze_grace (
  entity    text NOT NULL,
  row_key   text NOT NULL,
  device_id uuid NOT NULL,
  until_mid bigint NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entity, row_key, device_id)
);

-- Whether a row is a made decision / approved invoice or payment run.
CREATE FUNCTION luotsi_is_final(p_entity text, p_data jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(CASE p_entity
    WHEN 'decisions' THEN p_data->>'status' IN ('signed', 'sent')
    WHEN 'invoices' THEN p_data->>'status' = 'approved'
    WHEN 'caregiver_payment_runs' THEN p_data->>'status' = 'approved'
  END, false)
$$;

-- The child rule of the workstation's triggers: a service line is never inserted into, changed in or removed
-- from a made decision, nor an invoice row of an approved invoice; a fee decision of a made decision and a
-- payment of an approved run are never changed or removed. p_old: the central row (NULL when new), p_new:
-- the pushed row (NULL for a deletion). True when the change is refused.
CREATE FUNCTION luotsi_child_frozen(p_entity text, p_old jsonb, p_new jsonb, p_device uuid, p_mid bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  parent text;
  col text;
  k text;
BEGIN
  CASE p_entity
    WHEN 'decision_services' THEN parent := 'decisions'; col := 'decision_id';
    WHEN 'fee_decisions' THEN parent := 'decisions'; col := 'decision_id';
    WHEN 'invoice_rows' THEN parent := 'invoices'; col := 'invoice_id';
    WHEN 'caregiver_payments' THEN parent := 'caregiver_payment_runs'; col := 'run_id';
    ELSE RETURN false;
  END CASE;
  IF p_old IS NULL AND p_entity IN ('fee_decisions', 'caregiver_payments') THEN
    RETURN false;  -- the workstation's triggers let these be added
  END IF;
  FOR k IN SELECT DISTINCT x FROM unnest(ARRAY[p_old->>col, p_new->>col]) x WHERE x IS NOT NULL LOOP
    IF EXISTS (SELECT 1 FROM sync_rows p WHERE p.entity = parent AND p.row_key = k AND NOT p.deleted AND luotsi_is_final(parent, p.data))
       AND NOT EXISTS (SELECT 1 FROM sync_freeze_grace g WHERE g.entity = parent AND g.row_key = k AND g.device_id = p_device AND p_mid < g.until_mid) THEN
      RETURN true;
    END IF;
  END LOOP;
  RETURN false;
END $$;

-- ---- What a row may carry out of the server and back ------------------------------------------------------

-- Roles that may see a population-register address under turvakielto (shared/roles.ts PROTECTED_ADDRESS_ROLES).
CREATE FUNCTION luotsi_sees_protected(p_role text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(p_role IN ('guidance_worker', 'social_worker', 'service_manager'), false)
$$;

CREATE FUNCTION luotsi_address_protected(p_data jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT coalesce(p_data->>'address_protected' IN ('1', 'true'), false)
$$;

-- A row as it may leave the server for this user: another user's password hash stays here; a client's
-- register address under turvakielto reaches only the roles that may see it (as on the client card,
-- clients/service.ts; the workstation gets the fields empty).
CREATE FUNCTION luotsi_masked(p_entity text, p_key text, p_data jsonb, p_user text, p_role text) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE
    WHEN p_data IS NULL THEN NULL
    WHEN p_entity = 'users' AND p_key IS DISTINCT FROM p_user THEN p_data - 'password_hash'
    WHEN p_entity = 'clients' AND luotsi_address_protected(p_data) AND NOT luotsi_sees_protected(p_role)
      THEN p_data || '{"street_address": null, "postal_code": null, "post_office": null}'::jsonb
    ELSE p_data
  END
$$;

-- The same for the push answers and conflicts (the user's role looked up).
CREATE OR REPLACE FUNCTION luotsi_outgoing(p_entity text, p_key text, p_data jsonb, p_user text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT luotsi_masked(p_entity, p_key, p_data, p_user, luotsi_active_role(p_user))
$$;

-- Whether a row reaches this user at all: the fee basis (incomes, deductions, interruptions, ceiling notices)
-- only the roles that see a client's fees (FEE_ROLES: not client secretaries); audit rows only the roles that
-- read a client's access log (AUDIT_READ_ROLES) and the user whose row it is.
CREATE FUNCTION luotsi_withheld(p_entity text, p_role text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE
    WHEN p_entity IN ('incomes', 'fee_deductions', 'absences', 'fee_ceiling_notices') THEN coalesce(p_role NOT IN ('billing', 'guidance_worker', 'social_worker', 'service_manager', 'admin'), true)
    WHEN p_entity = 'audit_log' THEN coalesce(p_role NOT IN ('service_manager', 'admin'), true)
    ELSE false
  END
$$;
CREATE FUNCTION luotsi_readable(p_entity text, p_data jsonb, p_user text, p_role text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT NOT luotsi_withheld(p_entity, p_role) OR (p_entity = 'audit_log' AND (p_data->>'user_id') IS NOT DISTINCT FROM p_user AND p_user IS NOT NULL)
$$;

-- A pushed version of an existing row, as it is stored: a users row keeps its password hash (never taken from
-- a workstation); a client under turvakielto keeps its register address and its protection when the pusher's
-- role may not see them (its workstation has the fields empty and must not write that back over them).
CREATE FUNCTION luotsi_incoming(p_entity text, p_old jsonb, p_new jsonb, p_role text) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE
    WHEN p_entity = 'users' THEN (p_new - 'password_hash')
      || CASE WHEN p_old ? 'password_hash' THEN jsonb_build_object('password_hash', p_old->'password_hash') ELSE '{}'::jsonb END
    WHEN p_entity = 'clients' AND luotsi_address_protected(p_old) AND NOT luotsi_sees_protected(p_role)
      THEN p_new || jsonb_build_object('street_address', p_old->'street_address', 'postal_code', p_old->'postal_code',
                                       'post_office', p_old->'post_office', 'address_protected', p_old->'address_protected')
    ELSE p_new
  END
$$;

-- ---- The push ---------------------------------------------------------------------------------------------

-- As in schema 6, and: per-table writers for client tables too (the caller's role or that of another user of
-- the same workstation), the decision rules, frozen children, a service period's and a fee decision's client
-- from their parent, audit rows on clients only as their author may see them, a row of at most 8 MB and a
-- batch of at most 64 MB (a workstation splits its batches by size). A mutation may say `last`: the outbox
-- position of the same row's last change (see sync_freeze_grace).
CREATE OR REPLACE FUNCTION sync_push(p_device uuid, p_secret text, p_mutations jsonb) RETURNS jsonb
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
  parent_client text;
  v bigint;
  is_delete boolean;
  newdata jsonb;
  reason text;
  author text;
  device_users text[];
  device_roles text[];
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
  IF octet_length(p_mutations::text) > 64000000 THEN
    RAISE EXCEPTION 'change batch too large (at most 64 MB)' USING ERRCODE = '54000';
  END IF;
  SELECT last_mutation_id INTO last FROM sync_devices WHERE device_id = p_device FOR UPDATE;
  -- The active users of this workstation (the caller first): their changes wait in its outbox until someone
  -- syncs, so their audit rows and the changes their roles may make are taken from whoever pushes.
  SELECT array_prepend(me.user_id, coalesce(array_agg(u.user_id) FILTER (WHERE u.user_id <> me.user_id), '{}')),
         array_prepend(me.app_role, coalesce(array_agg(luotsi_active_role(u.user_id)) FILTER (WHERE u.user_id <> me.user_id), '{}'))
    INTO device_users, device_roles
  FROM sync_device_roles r JOIN sync_users u ON u.role_name = r.role_name
  WHERE r.device_id = p_device AND luotsi_active_role(u.user_id) IS NOT NULL;
  device_users := coalesce(device_users, ARRAY[me.user_id]);
  device_roles := coalesce(device_roles, ARRAY[me.app_role]);

  FOR m IN SELECT value FROM jsonb_array_elements(p_mutations) LOOP
    IF jsonb_typeof(m) IS DISTINCT FROM 'object'
       OR jsonb_typeof(m->'mid') IS DISTINCT FROM 'number' OR (m->>'mid') !~ '^[1-9][0-9]{0,17}$'
       OR jsonb_typeof(m->'entity') IS DISTINCT FROM 'string' OR length(m->>'entity') > 100
       OR jsonb_typeof(m->'key') IS DISTINCT FROM 'string' OR length(m->>'key') NOT BETWEEN 1 AND 500
       OR jsonb_typeof(m->'data') IS DISTINCT FROM 'object'
       OR (m->>'op') IS NULL OR (m->>'op') NOT IN ('upsert', 'delete')
       OR (m ? 'base' AND jsonb_typeof(m->'base') NOT IN ('number', 'null'))
       OR (jsonb_typeof(m->'base') = 'number' AND (m->>'base') !~ '^[0-9]{1,18}$')
       OR (m ? 'last' AND jsonb_typeof(m->'last') NOT IN ('number', 'null'))
       OR (jsonb_typeof(m->'last') = 'number' AND (m->>'last') !~ '^[1-9][0-9]{0,17}$') THEN
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
    -- A row of at most 8 MB (a letter's PDF travels as hexadecimal text): refused, the batch goes on.
    IF octet_length((m->'data')::text) > 8000000 THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'too_large');
      CONTINUE;
    END IF;

    SELECT * INTO cur FROM sync_rows WHERE entity = ent.entity AND row_key = m->>'key' FOR UPDATE;
    has_row := FOUND;
    IF is_delete AND (NOT has_row OR cur.deleted) THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'applied');
      CONTINUE;
    END IF;
    d := CASE WHEN is_delete THEN cur.data ELSE m->'data' END;
    reason := NULL;

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
      -- Rows keyed by their parent's id belong to that parent's client.
      IF reason IS NULL AND ent.entity = 'service_periods' THEN
        SELECT dec.client_id INTO parent_client FROM sync_rows ds JOIN sync_rows dec ON dec.entity = 'decisions' AND dec.row_key = ds.data->>'decision_id'
        WHERE ds.entity = 'decision_services' AND ds.row_key = d->>'decision_service_id' AND (ds.data->>'decision_id') = (d->>'decision_id');
        IF NOT FOUND THEN reason := 'parent_missing'; ELSIF parent_client IS DISTINCT FROM cid THEN reason := 'client_not_visible'; END IF;
      ELSIF reason IS NULL AND ent.entity = 'fee_decisions' THEN
        SELECT dec.client_id INTO parent_client FROM sync_rows dec WHERE dec.entity = 'decisions' AND dec.row_key = d->>'decision_id';
        IF NOT FOUND THEN reason := 'parent_missing'; ELSIF parent_client IS DISTINCT FROM cid THEN reason := 'client_not_visible'; END IF;
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
        area := '*';
      ELSE
        SELECT c.area_id INTO area FROM sync_rows c WHERE c.entity = 'clients' AND c.row_key = cid;
        IF NOT FOUND THEN
          IF ent.area_mode = 'audit' THEN area := '*'; ELSE reason := 'client_not_visible'; END IF;
        ELSIF ent.area_mode <> 'audit' AND NOT luotsi_sees(area, me.all_areas, me.areas) THEN
          reason := 'client_not_visible';
        END IF;
      END IF;
    END IF;

    newdata := CASE WHEN has_row AND NOT is_delete THEN luotsi_incoming(ent.entity, cur.data, d, me.app_role) ELSE d END;

    -- May the caller write it?
    IF reason IS NOT NULL THEN
      NULL;
    ELSIF has_row AND NOT luotsi_sees(cur.area_id, me.all_areas, me.areas) THEN
      reason := 'no_access';
    ELSIF ent.area_mode = 'audit' THEN
      -- An audit row names its author: the caller, or a user who registered this same workstation, and is
      -- about a client that author may see. A failed sign-in or lockout names the account tried (or none) and
      -- no client, with a short detail.
      author := d->>'user_id';
      IF has_row THEN
        NULL;  -- sync_frozen answers
      ELSIF coalesce(d->>'action', '') LIKE 'session.signInFailed%' OR coalesce(d->>'action', '') LIKE 'session.locked%' THEN
        IF d->>'client_id' IS NOT NULL OR octet_length(coalesce(d->>'details', '')) > 1000 OR length(coalesce(d->>'action', '')) > 60
           OR octet_length(coalesce(d->>'entity_id', '')) > 200 THEN
          reason := 'not_author';
        END IF;
      ELSIF author IS NULL OR NOT (author = ANY (device_users)) THEN
        reason := 'not_author';
      ELSIF cid IS NOT NULL AND area <> '*' AND NOT luotsi_user_sees(author, area) THEN
        reason := 'client_not_visible';
      END IF;
    ELSIF ent.area_mode = 'global' THEN
      IF NOT coalesce(me.app_role = ANY (ent.writers), false)
         AND NOT (ent.entity = 'users' AND has_row AND NOT is_delete AND cur.row_key = me.user_id
                  AND (newdata - ARRAY['language', 'version', 'updated_at']) = (cur.data - ARRAY['language', 'version', 'updated_at'])) THEN
        reason := 'no_access';
      END IF;
    ELSIF NOT luotsi_sees(area, me.all_areas, me.areas) OR NOT coalesce(ent.writers IS NULL OR device_roles && ent.writers, false) THEN
      reason := 'no_access';
    ELSIF ent.entity = 'decisions' THEN
      reason := luotsi_decision_refusal(p_device, device_users, device_roles,
                                        CASE WHEN has_row AND NOT cur.deleted THEN cur.data END, CASE WHEN NOT is_delete THEN newdata END);
    END IF;
    IF reason IS NOT NULL THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', reason);
      CONTINUE;
    END IF;

    IF has_row AND cur.deleted = is_delete AND cur.data = newdata THEN
      results := results || jsonb_build_object('mid', mid, 'status', 'applied', 'version', cur.version);
      CONTINUE;
    END IF;
    IF (has_row AND NOT cur.deleted AND sync_frozen(ent.entity, cur.data, newdata))
       OR luotsi_child_frozen(ent.entity, CASE WHEN has_row AND NOT cur.deleted THEN cur.data END, CASE WHEN NOT is_delete THEN newdata END, p_device, mid) THEN
      results := results || CASE WHEN has_row THEN jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'frozen',
        'version', cur.version, 'data', luotsi_outgoing(cur.entity, cur.row_key, cur.data, me.user_id), 'deleted', cur.deleted)
        ELSE jsonb_build_object('mid', mid, 'status', 'rejected', 'reason', 'frozen') END;
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
    -- Made now by this push while the device's outbox still holds earlier changes of it: those may still
    -- write its children (they were written before it was made).
    IF NOT is_delete AND luotsi_is_final(ent.entity, newdata) AND NOT (has_row AND NOT cur.deleted AND luotsi_is_final(ent.entity, cur.data))
       AND jsonb_typeof(m->'last') = 'number' AND (m->>'last')::bigint > mid THEN
      INSERT INTO sync_freeze_grace (entity, row_key, device_id, until_mid)
      VALUES (ent.entity, m->>'key', p_device, least((m->>'last')::bigint, mid + 1000000))
      ON CONFLICT (entity, row_key, device_id) DO UPDATE SET until_mid = excluded.until_mid, opened_at = now();
    END IF;
    IF ent.entity = 'clients' AND has_row AND cur.area_id IS DISTINCT FROM area THEN
      PERFORM sync_move_client(m->>'key', area);
    END IF;
    results := results || jsonb_build_object('mid', mid, 'status', 'applied', 'version', v);
  END LOOP;
  UPDATE sync_devices SET last_mutation_id = last, last_seen_at = now() WHERE device_id = p_device;
  DELETE FROM sync_freeze_grace g WHERE g.device_id = p_device AND g.until_mid <= last;
  RETURN results;
END $$;

-- ---- Number reservation -----------------------------------------------------------------------------------

-- As in schema 6, but a year's first decision number follows only made decisions' numbers below 10^9 (a number
-- in a pushed row cannot make the county's series jump: schema 9 refuses numbers outside the device's blocks).
CREATE OR REPLACE FUNCTION sync_reserve_numbers(p_device uuid, p_secret text, p_series text, p_year integer, p_count integer, p_floor bigint)
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
                            WHERE r.entity = 'decisions' AND NOT r.deleted AND r.data->>'status' IN ('signed', 'sent')
                              AND r.data->>'number' ~ '^[0-9]{1,9}$'
                              AND r.data->>'number_year' ~ '^[0-9]{4}$' AND (r.data->>'number_year')::integer = p_year)
      ELSE (SELECT max((r.data->>'number')::bigint) FROM sync_rows r WHERE r.entity = 'invoices' AND r.data->>'number' ~ '^[0-9]{1,9}$') END, 0))
  ON CONFLICT (series, year) DO NOTHING;
  UPDATE number_series s SET next = s.next + p_count WHERE s.series = p_series AND s.year = p_year RETURNING s.next - p_count INTO n;
  INSERT INTO number_blocks (series, year, first, last, device_id, role_name) VALUES (p_series, p_year, n, n + p_count - 1, p_device, session_user);
  RETURN QUERY SELECT n, n + p_count - 1;
END $$;

-- ---- Reads: what each role may receive -----------------------------------------------------------------------

-- As in schema 6, with the caller's role applied (luotsi_readable, luotsi_masked). A change of a row the caller
-- may not read comes without content, as one that left their areas, and a change of a table withheld from the
-- role altogether (fee basis for client secretaries, colleagues' audit rows) not at all.
CREATE OR REPLACE FUNCTION sync_pull(p_txid xid8, p_seq bigint, p_limit integer)
RETURNS TABLE (txid xid8, seq bigint, entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  IF p_txid IS NULL OR p_seq IS NULL OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 50000 THEN
    RAISE EXCEPTION 'malformed pull' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  SELECT c.txid, c.seq, c.entity, c.row_key, r.version, r.deleted, luotsi_masked(r.entity, r.row_key, r.data, me.user_id, me.app_role)
  FROM change_log c
  LEFT JOIN sync_rows r ON r.entity = c.entity AND r.row_key = c.row_key
    AND (r.area_id IS NULL OR me.all_areas OR (r.area_id <> '*' AND r.area_id = ANY (me.areas)))
    AND luotsi_readable(r.entity, r.data, me.user_id, me.app_role)
  WHERE (c.txid, c.seq) > (p_txid, p_seq)
    AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
    AND (c.area_id IS NULL OR me.all_areas OR (c.area_id <> '*' AND c.area_id = ANY (me.areas)))
    AND (NOT luotsi_withheld(c.entity, me.app_role) OR r.row_key IS NOT NULL)
  ORDER BY c.txid, c.seq
  LIMIT p_limit;
END $$;

CREATE OR REPLACE FUNCTION sync_initial_rows(p_entity text, p_after text, p_limit integer)
RETURNS TABLE (entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  IF p_entity IS NULL OR p_after IS NULL OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 50000 THEN
    RAISE EXCEPTION 'malformed copy request' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  SELECT r.entity, r.row_key, r.version, r.deleted, luotsi_masked(r.entity, r.row_key, r.data, me.user_id, me.app_role)
  FROM sync_rows r
  WHERE r.entity = p_entity AND r.row_key > p_after AND NOT r.deleted
    AND (r.area_id IS NULL OR me.all_areas OR (r.area_id <> '*' AND r.area_id = ANY (me.areas)))
    AND luotsi_readable(r.entity, r.data, me.user_id, me.app_role)
  ORDER BY r.row_key
  LIMIT p_limit;
END $$;

CREATE OR REPLACE FUNCTION sync_initial_count() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  RETURN (SELECT count(*) FROM sync_rows r WHERE NOT r.deleted
          AND (r.area_id IS NULL OR me.all_areas OR (r.area_id <> '*' AND r.area_id = ANY (me.areas)))
          AND luotsi_readable(r.entity, r.data, me.user_id, me.app_role));
END $$;

-- ---- Large objects ------------------------------------------------------------------------------------------

-- PostgreSQL lets every role create large objects (storage outside the vault, red team C7). Only a superuser
-- may revoke that (the functions belong to the bootstrap superuser); a migration run by the database's owner
-- says so and goes on (README: the server's hardening).
DO $$ BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    REVOKE EXECUTE ON FUNCTION pg_catalog.lo_creat(integer), pg_catalog.lo_create(oid), pg_catalog.lo_from_bytea(oid, bytea),
      pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid), pg_catalog.lo_put(oid, bigint, bytea) FROM PUBLIC;
  ELSE
    RAISE NOTICE 'not a superuser: large objects stay creatable by every role; revoke EXECUTE on lo_creat, lo_create and lo_from_bytea from PUBLIC as a superuser';
  END IF;
END $$;
