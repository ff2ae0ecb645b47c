-- Schema 20: a delivery claim only for a made document, and only for its next attempt.
--
-- Found by the red team with a client secretary's own credentials (a role that sends decisions, so 015's sender
-- check lets it claim): sync_claim_deliveries granted any attempt 1..1000 of any document the caller may see, also
-- of a draft decision or an unapproved invoice. Claiming attempts 1..1000 of the county's decisions on a paper
-- route (which no lease ever takes over, 012) held every letter back until an administrator released each claim one
-- by one; claiming a draft's attempts in advance did the same for letters not even made yet. The workstation claims
-- only the next attempt of a document it is sending (delivery/claims.ts nextAttempt: one above the highest attempt
-- of its deliveries), and only a made one. Now:
--   * the document must be made centrally: a signed or sent decision; an approved invoice, or one (not cancelled) of
--     an approved run ('not_made'; the workstation pushes what it has just made and claims again, as for 'not_visible');
--   * attempt n > 1 only when attempt n - 1 of the document has been claimed, or (deliveries from before the claims)
--     a delivery of that document with attempt n - 1 or higher is in the central rows ('not_next').
-- A sender can still claim the next attempt of every made document it may send (that is its work); such claims
-- name its role and device (delivery_claims) for the administrator.

CREATE INDEX sync_rows_delivery_document ON sync_rows ((coalesce(data->>'decision_id', data->>'invoice_id'))) WHERE entity = 'deliveries';

-- As in 015, with the two checks above.
CREATE OR REPLACE FUNCTION sync_claim_deliveries(p_device uuid, p_secret text, p_claims jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  c jsonb;
  kind text;
  doc_id text;
  doc_kind text;
  doc_status text;
  n integer;
  cid text;
  area text;
  rt text;
  holder delivery_claims%ROWTYPE;
  refused jsonb := '[]'::jsonb;
  writers text[];
  senders text[];
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  SELECT e.writers INTO writers FROM sync_entities e WHERE e.entity = 'deliveries';
  IF NOT coalesce(me.app_role = ANY (writers), false) THEN
    RAISE EXCEPTION 'role % may not send letters', session_user USING ERRCODE = '42501';
  END IF;
  IF jsonb_typeof(p_claims) IS DISTINCT FROM 'array' OR jsonb_array_length(p_claims) > 10000 THEN
    RAISE EXCEPTION 'malformed claims' USING ERRCODE = '22023';
  END IF;
  -- In document order, so that two workstations claiming overlapping sets never wait on each other in a cycle.
  FOR c IN SELECT value FROM jsonb_array_elements(p_claims) ORDER BY value->>'document', value->>'attempt' LOOP
    IF jsonb_typeof(c->'document') IS DISTINCT FROM 'string' OR (c->>'document') !~ '^(decision|invoice):[0-9a-f-]{36}$'
       OR jsonb_typeof(c->'attempt') IS DISTINCT FROM 'number' OR (c->>'attempt')::numeric <> floor((c->>'attempt')::numeric)
       OR (c->>'attempt')::numeric NOT BETWEEN 1 AND 1000
       OR jsonb_typeof(c->'delivery') IS DISTINCT FROM 'string' OR length(c->>'delivery') > 64
       OR (c ? 'route' AND (jsonb_typeof(c->'route') IS DISTINCT FROM 'string' OR (c->>'route') NOT IN ('suomifi', 'suomifi_paper', 'ekirje', 'manual'))) THEN
      RAISE EXCEPTION 'malformed claim: %', left(c::text, 200) USING ERRCODE = '22023';
    END IF;
    kind := split_part(c->>'document', ':', 1);
    doc_id := split_part(c->>'document', ':', 2);
    rt := c->>'route';
    cid := NULL;
    area := NULL;
    doc_kind := NULL;
    doc_status := NULL;
    SELECT r.client_id, r.data->>'kind', r.data->>'status' INTO cid, doc_kind, doc_status FROM sync_rows r
     WHERE r.entity = CASE kind WHEN 'decision' THEN 'decisions' ELSE 'invoices' END AND r.row_key = doc_id AND NOT r.deleted;
    SELECT r.area_id INTO area FROM sync_rows r WHERE r.entity = 'clients' AND r.row_key = cid;
    IF cid IS NULL OR NOT luotsi_sees(area, me.all_areas, me.areas) THEN
      refused := refused || jsonb_build_object('document', c->>'document', 'attempt', (c->>'attempt')::integer, 'delivery', NULL, 'reason', 'not_visible');
      CONTINUE;
    END IF;
    -- Who sends this kind of document (009 luotsi_decision_refusal; invoices: 'invoices.material').
    senders := CASE
      WHEN kind = 'invoice' THEN '{billing,service_manager,admin}'::text[]
      WHEN coalesce(doc_kind, 'service') = 'fee' THEN '{client_secretary,service_manager,admin,billing}'::text[]
      ELSE '{client_secretary,service_manager,admin}'::text[] END;
    IF NOT (me.app_role = ANY (senders)) THEN
      refused := refused || jsonb_build_object('document', c->>'document', 'attempt', (c->>'attempt')::integer, 'delivery', NULL, 'reason', 'not_sender');
      CONTINUE;
    END IF;
    -- Only a made document leaves (a signed or sent decision, an approved invoice); the workstation pushes the one it
    -- has just made and asks again.
    IF (CASE kind
         WHEN 'decision' THEN coalesce(doc_status NOT IN ('signed', 'sent'), true)
         -- An invoice leaves from an approved run (invoicing/material.ts); approving the run approves its invoices.
         ELSE coalesce(doc_status = 'cancelled', true) OR (doc_status IS DISTINCT FROM 'approved' AND NOT EXISTS (
           SELECT 1 FROM sync_rows i JOIN sync_rows run ON run.entity = 'invoice_runs' AND run.row_key = i.data->>'run_id' AND NOT run.deleted
           WHERE i.entity = 'invoices' AND i.row_key = doc_id AND run.data->>'status' = 'approved'))
       END) THEN
      refused := refused || jsonb_build_object('document', c->>'document', 'attempt', (c->>'attempt')::integer, 'delivery', NULL, 'reason', 'not_made');
      CONTINUE;
    END IF;
    -- Attempts follow one another: attempt n only after attempt n - 1 was claimed (or, from before the claims, delivered).
    n := (c->>'attempt')::integer;
    IF n > 1 AND NOT EXISTS (SELECT 1 FROM delivery_claims h WHERE h.document = c->>'document' AND h.attempt = n - 1)
       AND NOT EXISTS (SELECT 1 FROM sync_rows dl WHERE dl.entity = 'deliveries' AND NOT dl.deleted
                         AND coalesce(dl.data->>'decision_id', dl.data->>'invoice_id') = doc_id
                         AND dl.data->>'attempt' ~ '^[0-9]{1,4}$' AND (dl.data->>'attempt')::integer >= n - 1) THEN
      refused := refused || jsonb_build_object('document', c->>'document', 'attempt', n, 'delivery', NULL, 'reason', 'not_next');
      CONTINUE;
    END IF;
    INSERT INTO delivery_claims (document, attempt, delivery_id, device_id, role_name, route)
    VALUES (c->>'document', (c->>'attempt')::integer, c->>'delivery', p_device, session_user, rt)
    ON CONFLICT (document, attempt) DO NOTHING;
    IF FOUND THEN CONTINUE; END IF;
    SELECT * INTO holder FROM delivery_claims WHERE document = c->>'document' AND attempt = (c->>'attempt')::integer FOR UPDATE;
    IF holder.device_id = p_device THEN
      -- The same workstation asks again (a resumed batch, or one stopped between the claim and the write):
      -- the attempt is still its own, under the delivery id the claim has. A paper (or unknown) route stays.
      UPDATE delivery_claims SET role_name = session_user, claimed_at = now(),
             route = CASE WHEN route IS NULL OR route IN ('ekirje', 'manual') THEN route ELSE coalesce(rt, route) END
       WHERE document = holder.document AND attempt = holder.attempt;
      IF holder.delivery_id IS DISTINCT FROM c->>'delivery' THEN
        refused := refused || jsonb_build_object('document', holder.document, 'attempt', holder.attempt, 'delivery', holder.delivery_id, 'reason', 'granted');
      END IF;
    ELSIF (holder.released_at IS NOT NULL
           OR (holder.claimed_at < now() - luotsi_claim_lease() AND holder.route IN ('suomifi', 'suomifi_paper') AND rt IN ('suomifi', 'suomifi_paper')))
          AND NOT EXISTS (SELECT 1 FROM sync_rows r WHERE r.entity = 'deliveries' AND r.row_key = holder.delivery_id) THEN
      -- Taken over: the holder's delivery is continued here under its id (and so its Suomi.fi external id).
      UPDATE delivery_claims SET device_id = p_device, role_name = session_user, claimed_at = now(), route = rt,
             released_at = NULL, released_by = NULL, release_reason = NULL
       WHERE document = holder.document AND attempt = holder.attempt;
      INSERT INTO delivery_claim_history (document, attempt, delivery_id, what, from_device, to_device, role_name, reason)
      VALUES (holder.document, holder.attempt, holder.delivery_id, 'taken_over', holder.device_id, p_device, session_user,
              CASE WHEN holder.released_at IS NOT NULL THEN 'released' ELSE 'lease' END);
      refused := refused || jsonb_build_object('document', holder.document, 'attempt', holder.attempt, 'delivery', holder.delivery_id, 'reason', 'granted', 'takenOverFrom', holder.device_id);
    ELSE
      refused := refused || jsonb_build_object('document', holder.document, 'attempt', holder.attempt, 'delivery', holder.delivery_id, 'reason', 'claimed');
    END IF;
  END LOOP;
  RETURN refused;
END $$;
