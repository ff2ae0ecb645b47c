-- Schema 19: every read of client data through the door is recorded in the server's log.
--
-- Found by the red team: a guidance worker with her own credentials and psql could call sync_initial_rows page by
-- page and take her areas' whole client register (clients, assessments, decisions, incomes...) without any trace
-- anywhere: the workstation's audit trail (the core's audit_log) records what a user opens in Luotsi, but these
-- calls never pass through a workstation. The areas filter of 006/009 still applies; now each call that returns
-- rows (sync_initial_rows, sync_pull, sync_open_conflicts) also writes one line to the PostgreSQL server log:
--   luotsi read: role=<login role> user=<Luotsi user id> via=<function> entity=<table> rows=<n> after=<cursor>
-- RAISE LOG is not transactional and gives the reading transaction no transaction id: the first copy still runs in
-- one REPEATABLE READ READ ONLY snapshot and holds back no one's pull (a logging table written from inside it would
-- do both), and the caller cannot undo the line by rolling back. A login role cannot silence it either:
-- log_min_messages is a superuser setting, and LOG is written at its default (WARNING). The server's log is the
-- county's to keep and watch (README: the server's hardening); a worker reading far more than her work needs —
-- e.g. a full first copy on a machine that is not a registered workstation — shows there.

-- As in 009, and logged.
CREATE OR REPLACE FUNCTION sync_pull(p_txid xid8, p_seq bigint, p_limit integer)
RETURNS TABLE (txid xid8, seq bigint, entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  n bigint;
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
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    RAISE LOG 'luotsi read: role=% user=% via=sync_pull rows=% after=%/%', session_user, me.user_id, n, p_txid, p_seq;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION sync_initial_rows(p_entity text, p_after text, p_limit integer)
RETURNS TABLE (entity text, row_key text, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  n bigint;
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
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    RAISE LOG 'luotsi read: role=% user=% via=sync_initial_rows entity=% rows=% after=%', session_user, me.user_id, left(p_entity, 60), n, left(p_after, 100);
  END IF;
END $$;

-- As in 018, and logged.
CREATE OR REPLACE FUNCTION sync_open_conflicts(p_device uuid, p_secret text)
RETURNS TABLE (entity text, row_key text, base_version bigint, server_version bigint, mine jsonb, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  n bigint;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  RETURN QUERY
  SELECT c.entity, c.row_key, c.base_version, c.server_version, luotsi_outgoing(c.entity, c.row_key, c.mine, me.user_id),
         CASE WHEN v.sees THEN r.version END, CASE WHEN v.sees THEN r.deleted END,
         CASE WHEN v.sees THEN luotsi_outgoing(r.entity, r.row_key, r.data, me.user_id) END
  FROM sync_conflicts c
  LEFT JOIN sync_rows r ON r.entity = c.entity AND r.row_key = c.row_key
  CROSS JOIN LATERAL (SELECT r.entity IS NOT NULL AND luotsi_sees(r.area_id, me.all_areas, me.areas) AS sees) v
  WHERE c.device_id = p_device AND c.resolved_at IS NULL AND (c.role_name = session_user OR v.sees)
  ORDER BY c.id;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    RAISE LOG 'luotsi read: role=% user=% via=sync_open_conflicts device=% rows=%', session_user, me.user_id, p_device, n;
  END IF;
END $$;
