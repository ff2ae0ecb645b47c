-- Schema 11: digital-first delivery. Deliveries of decisions and invoices (Suomi.fi Messages, e-kirje print
-- batches, by hand), their events and the clients' recorded delivery choices replicate like the client's other
-- rows, so that another workstation sees a decision's delivery state. A claim taken here before a letter leaves
-- makes sure that no two workstations send the same letter.

INSERT INTO sync_entities (entity, rank, area_mode, key_columns, client_column, parent_entity, parent_column, writers) VALUES
  -- clients.setDelivery; sending (SEND_ROLES), mass fee decisions and invoices (billing)
  ('client_delivery', 39, 'client', '{client_id}', 'client_id', NULL, NULL, '{guidance_worker,social_worker,client_secretary,service_manager}'),
  ('deliveries', 53, 'client', '{id}', 'client_id', NULL, NULL, '{client_secretary,service_manager,admin,billing}'),
  ('delivery_events', 54, 'client', '{id}', NULL, 'deliveries', 'delivery_id', '{client_secretary,service_manager,admin,billing}');

-- A sent decision may still change its notification columns (the channel of a Suomi.fi message is reported by
-- its events; a letter returned by Posti rebuts the deemed receipt), never its content. Delivery events are
-- facts and never change.
CREATE OR REPLACE FUNCTION sync_frozen(p_entity text, p_old jsonb, p_new jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE p_entity
    WHEN 'letters' THEN true
    WHEN 'audit_log' THEN true
    WHEN 'delivery_events' THEN true
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

-- One row per (document, attempt): the workstation that claims an attempt first sends it. A second
-- workstation that made the same attempt before it saw the first one's delivery is refused.
CREATE TABLE delivery_claims (
  document    text NOT NULL,          -- 'decision:<id>' or 'invoice:<id>'
  attempt     integer NOT NULL CHECK (attempt > 0),
  delivery_id text NOT NULL,
  device_id   uuid NOT NULL REFERENCES sync_devices(device_id),
  role_name   text NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document, attempt)
);

-- Claims attempts for the caller's own device: p_claims is an array of {document, attempt, delivery}. The
-- document's client (and so its area) is read from the central rows, never taken from the workstation: a
-- decision the caller may not see is refused as not visible. Returns the refused claims as
-- {document, attempt, delivery (the holder's), reason}; a claim repeated by its holder's workstation is granted
-- again (a resumed batch).
CREATE FUNCTION sync_claim_deliveries(p_device uuid, p_secret text, p_claims jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  c jsonb;
  kind text;
  doc_id text;
  cid text;
  area text;
  holder delivery_claims%ROWTYPE;
  refused jsonb := '[]'::jsonb;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  IF jsonb_typeof(p_claims) IS DISTINCT FROM 'array' OR jsonb_array_length(p_claims) > 10000 THEN
    RAISE EXCEPTION 'malformed claims' USING ERRCODE = '22023';
  END IF;
  -- In document order, so that two workstations claiming overlapping sets never wait on each other in a cycle.
  FOR c IN SELECT value FROM jsonb_array_elements(p_claims) ORDER BY value->>'document', value->>'attempt' LOOP
    IF jsonb_typeof(c->'document') IS DISTINCT FROM 'string' OR (c->>'document') !~ '^(decision|invoice):[0-9a-f-]{36}$'
       OR jsonb_typeof(c->'attempt') IS DISTINCT FROM 'number' OR (c->>'attempt')::numeric <> floor((c->>'attempt')::numeric)
       OR (c->>'attempt')::numeric NOT BETWEEN 1 AND 1000
       OR jsonb_typeof(c->'delivery') IS DISTINCT FROM 'string' OR length(c->>'delivery') > 64 THEN
      RAISE EXCEPTION 'malformed claim: %', left(c::text, 200) USING ERRCODE = '22023';
    END IF;
    kind := split_part(c->>'document', ':', 1);
    doc_id := split_part(c->>'document', ':', 2);
    SELECT r.client_id INTO cid FROM sync_rows r WHERE r.entity = CASE kind WHEN 'decision' THEN 'decisions' ELSE 'invoices' END AND r.row_key = doc_id AND NOT r.deleted;
    SELECT r.area_id INTO area FROM sync_rows r WHERE r.entity = 'clients' AND r.row_key = cid;
    IF cid IS NULL OR NOT luotsi_sees(area, me.all_areas, me.areas) THEN
      refused := refused || jsonb_build_object('document', c->>'document', 'attempt', (c->>'attempt')::integer, 'delivery', NULL, 'reason', 'not_visible');
      CONTINUE;
    END IF;
    INSERT INTO delivery_claims (document, attempt, delivery_id, device_id, role_name)
    VALUES (c->>'document', (c->>'attempt')::integer, c->>'delivery', p_device, session_user)
    ON CONFLICT (document, attempt) DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO holder FROM delivery_claims WHERE document = c->>'document' AND attempt = (c->>'attempt')::integer;
      IF holder.delivery_id IS DISTINCT FROM c->>'delivery' THEN
        IF holder.device_id = p_device THEN
          -- The same workstation asks again for an attempt it claimed: it never wrote that claim's delivery
          -- (its next attempt would be higher), e.g. it was stopped between the claim and the write. The
          -- attempt is still its own, now under the new delivery id.
          UPDATE delivery_claims SET delivery_id = c->>'delivery', role_name = session_user, claimed_at = now()
           WHERE document = holder.document AND attempt = holder.attempt;
        ELSE
          refused := refused || jsonb_build_object('document', holder.document, 'attempt', holder.attempt, 'delivery', holder.delivery_id, 'reason', 'claimed');
        END IF;
      END IF;
    END IF;
  END LOOP;
  RETURN refused;
END $$;
REVOKE EXECUTE ON FUNCTION sync_claim_deliveries(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync_claim_deliveries(uuid, text, jsonb) TO luotsi_user;
