-- Schema 18: the answers of the push and the open conflicts carry no row the caller may not read.
--
-- Found by the red team with a guidance worker's own credentials:
-- * An open conflict kept the central row readable after it left the caller's areas. sync_open_conflicts (006)
--   returned the central row of every open conflict the caller had made (c.role_name = session_user), wherever
--   that row now was: a worker who pushed a stale change to a client's assessment (a conflict) kept reading that
--   client's assessment, as others went on writing it, after the client moved to another area. Now the central row
--   (its content, version and deletion) comes only while the caller may see its area; the caller's own pushed
--   version ("mine") still comes, so that the workstation can show and close the conflict.
-- * A push answer showed rows withheld from the caller's role. A rejected change to an audit row is answered
--   'frozen' with the central row (so that the workstation puts it back); for a colleague's audit row, which
--   luotsi_withheld (009) keeps from guidance and social workers, secretaries and billing, that handed its content
--   (who opened which client's card, when) to whoever pushed its key. Now luotsi_outgoing, which every push answer
--   and conflict goes through, gives nothing for a row luotsi_readable refuses to the caller's role.

CREATE OR REPLACE FUNCTION luotsi_outgoing(p_entity text, p_key text, p_data jsonb, p_user text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE WHEN luotsi_readable(p_entity, p_data, p_user, luotsi_active_role(p_user))
              THEN luotsi_masked(p_entity, p_key, p_data, p_user, luotsi_active_role(p_user)) END
$$;

CREATE OR REPLACE FUNCTION sync_open_conflicts(p_device uuid, p_secret text)
RETURNS TABLE (entity text, row_key text, base_version bigint, server_version bigint, mine jsonb, version bigint, deleted boolean, data jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE me record;
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
END $$;
