-- Schema 15: a delivery claim (011, 012) only by a user who may send that kind of document, and a holder's
-- repeated claim cannot turn a paper claim into one the lease may take over.
--
-- Found by trying 012 as attackers with the demo users' own credentials:
-- * Any role that may write deliveries could claim any visible document's attempts: billing could claim a
--   service decision's letter (which only client secretaries, service managers and administrators send; billing
--   sends fee decisions and invoices), and a client secretary could claim invoices (sent by billing). Claiming
--   attempts 1..1000 of a document would hold its letter back until an administrator released each one. Now the
--   caller's role must send that kind of document (luotsi_decision_refusal's senders in 009 for decisions; the
--   'invoices.material' roles and the administrator for invoices); otherwise the claim is answered 'not_sender'
--   (after the visibility check, so that it reveals nothing about documents the caller may not see).
-- * The holder's workstation asking again replaced the claim's route with the one it named: an e-kirje
--   (paper) claim re-claimed as 'suomifi' became one another workstation takes over after the lease — a second
--   letter to the client after the paper one. Now a claim whose route is paper or unknown keeps it (moving
--   from Suomi.fi to paper is still recorded: that only makes the claim safer).

-- As in 012, with the two changes above.
CREATE OR REPLACE FUNCTION sync_claim_deliveries(p_device uuid, p_secret text, p_claims jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  c jsonb;
  kind text;
  doc_id text;
  doc_kind text;
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
    SELECT r.client_id, r.data->>'kind' INTO cid, doc_kind FROM sync_rows r
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
