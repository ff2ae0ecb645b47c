-- Schema 22: a change based on a version the row never had is a conflict, not an overwrite.
--
-- Found by the red team with a guidance worker's own credentials: a push whose `base` was above the row's central
-- version (999999999999) was never taken for a conflict (the check was cur.version > base), so a colleague's newer
-- change to a client plan, assessment or decision draft was overwritten without a conflict for anyone to see. The
-- version a workstation bases its change on is one the central database gave it (versions only grow, from one
-- sequence), so it is never above the row's current version: now any base other than the row's current version,
-- from another device than the row's last writer, is a conflict as a stale one is.

-- As in 017, with that condition.
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
      ELSIF ent.entity = 'waiting_time_publications' AND NOT is_delete AND NOT (has_row AND NOT cur.deleted) THEN
        reason := luotsi_publication_refusal(me.user_id, newdata);
      END IF;
    ELSIF NOT luotsi_sees(area, me.all_areas, me.areas) OR NOT coalesce(ent.writers IS NULL OR device_roles && ent.writers, false) THEN
      reason := 'no_access';
    ELSIF ent.entity = 'decisions' THEN
      reason := luotsi_decision_refusal(p_device, device_users, device_roles,
                                        CASE WHEN has_row AND NOT cur.deleted THEN cur.data END, CASE WHEN NOT is_delete THEN newdata END);
    ELSIF ent.entity = 'service_periods' THEN
      reason := luotsi_service_period_refusal(CASE WHEN NOT is_delete THEN newdata END);
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
    -- A base above the row's version was never seen by any workstation (versions only grow): it is a conflict too.
    IF has_row AND cur.version <> coalesce((m->>'base')::bigint, 0) AND cur.writer_device IS DISTINCT FROM p_device THEN
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
