-- Schema 13: the approved waiting-time publications (vanhuspalvelulaki 980/2012 26 §) replicate county-wide, so
-- that every workstation shows the edition the service manager approved — its figures, definitions, both PDFs
-- (bytes, as hexadecimal text like every BLOB) with their SHA-256, who approved it and when. A publication is
-- county-wide (no client, no area): every user may read it, only a service manager writes one, and once
-- written it never changes and is never deleted (sync_frozen below: a change comes back rejected as frozen
-- with the central row). A correction is a new edition, i.e. a new row. Nothing is granted here: rows are
-- reached only through the SECURITY DEFINER sync functions of 006/009, which apply the writers and the areas.

INSERT INTO sync_entities (entity, rank, area_mode, key_columns, client_column, parent_entity, parent_column, writers)
VALUES ('waiting_time_publications', 21, 'global', '{id}', NULL, NULL, NULL, '{service_manager}');

-- As in 011, plus the approved publications (frozen from their first version: any change or deletion refused).
CREATE OR REPLACE FUNCTION sync_frozen(p_entity text, p_old jsonb, p_new jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE p_entity
    WHEN 'letters' THEN true
    WHEN 'audit_log' THEN true
    WHEN 'delivery_events' THEN true
    WHEN 'waiting_time_publications' THEN true
    -- A delete is checked with the row's own content as the new one (sync_push): an unchanged row is no
    -- allowed change, so a signed or sent decision cannot be deleted.
    WHEN 'decisions' THEN p_old->>'status' IN ('signed','sent')
      AND NOT coalesce(p_new IS DISTINCT FROM p_old AND p_new->>'status' = 'sent'
               AND (p_old - ARRAY['status','sent_on','send_channel','notified_on','appeal_last_day','notification_basis','notification_provisional','version','updated_at'])
                 = (p_new - ARRAY['status','sent_on','send_channel','notified_on','appeal_last_day','notification_basis','notification_provisional','version','updated_at']), false)
    WHEN 'invoices' THEN p_old->>'status' = 'approved'
    WHEN 'caregiver_payment_runs' THEN p_old->>'status' = 'approved'
    ELSE false
  END
$$;
REVOKE ALL ON FUNCTION sync_frozen(text, jsonb, jsonb) FROM PUBLIC;
