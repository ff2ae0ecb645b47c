-- Schema 12: a delivery claim whose workstation died is not held forever.
--
-- A workstation claims a document's attempt before it writes the delivery (011-deliveries.sql). If it then dies
-- (disk gone, machine replaced) before its delivery reaches the central database, no other workstation could
-- ever send that attempt. Two ways out, both keeping "never two sends":
--
-- * Lease (automatic): a claim older than luotsi_claim_lease() whose delivery never reached the central
--   database may be taken over by another workstation when both the holder's route and the taker's are
--   Suomi.fi Messages. The taker continues the holder's delivery: the same delivery id and attempt, so the
--   same Suomi.fi external id (luotsi:<kind>:<id>:<attempt>). Had the holder sent the message after all, the
--   service answers the taker's send with 409 (already sent) and nothing goes out twice; should the holder come
--   back, its row is the same row (a sync conflict at worst, never a second delivery of the attempt).
-- * Release (explicit): a claim on another route (an e-kirje print batch or a letter by hand, which nothing at
--   the other end would refuse as a duplicate) is only taken over after an administrator has released it,
--   stating why (e.g. "työasema hävitetty 3.12., kirjettä ei tulostettu"). The release is recorded with who and
--   why, and the next claim of the attempt by any workstation continues the holder's delivery id.
--
-- A claim whose delivery has reached the central database is never taken over: the other workstations learn
-- of it by sync. Claiming now also needs a role that may write deliveries (a guidance worker could otherwise
-- block a letter by claiming it). A repeated claim by the holder's own workstation is granted under the
-- delivery id the claim already has, so that one (document, attempt) has one delivery id on every workstation.

ALTER TABLE delivery_claims
  ADD COLUMN route text CHECK (route IS NULL OR route IN ('suomifi', 'suomifi_paper', 'ekirje', 'manual')),
  ADD COLUMN released_at timestamptz,
  ADD COLUMN released_by text,
  ADD COLUMN release_reason text;

-- Every takeover and release, for the record.
CREATE TABLE delivery_claim_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document    text NOT NULL,
  attempt     integer NOT NULL,
  delivery_id text NOT NULL,
  what        text NOT NULL CHECK (what IN ('released', 'taken_over')),
  from_device uuid NOT NULL,
  to_device   uuid,
  role_name   text NOT NULL,
  reason      text,
  at          timestamptz NOT NULL DEFAULT now()
);

-- How long a claim holds without its delivery reaching the central database before a Suomi.fi send may take
-- it over. A live workstation writes and pushes the deliveries it claimed within minutes.
CREATE FUNCTION luotsi_claim_lease() RETURNS interval
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT interval '1 hour'
$$;

-- Claims attempts for the caller's own device: p_claims is an array of {document, attempt, delivery, route?}.
-- The document's client (and so its area) is read from the central rows, never taken from the workstation: a
-- decision the caller may not see is refused as not visible. Returns the claims not simply granted as asked:
-- {document, attempt, delivery, reason} with reason 'claimed' (another workstation holds it; delivery is the
-- holder's), 'not_visible', or 'granted' (granted under the claim's existing delivery id, which the caller
-- must use: its own earlier claim, or a takeover after the lease or a release).
CREATE OR REPLACE FUNCTION sync_claim_deliveries(p_device uuid, p_secret text, p_claims jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  c jsonb;
  kind text;
  doc_id text;
  cid text;
  area text;
  rt text;
  holder delivery_claims%ROWTYPE;
  refused jsonb := '[]'::jsonb;
  writers text[];
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
    SELECT r.client_id INTO cid FROM sync_rows r WHERE r.entity = CASE kind WHEN 'decision' THEN 'decisions' ELSE 'invoices' END AND r.row_key = doc_id AND NOT r.deleted;
    SELECT r.area_id INTO area FROM sync_rows r WHERE r.entity = 'clients' AND r.row_key = cid;
    IF cid IS NULL OR NOT luotsi_sees(area, me.all_areas, me.areas) THEN
      refused := refused || jsonb_build_object('document', c->>'document', 'attempt', (c->>'attempt')::integer, 'delivery', NULL, 'reason', 'not_visible');
      CONTINUE;
    END IF;
    INSERT INTO delivery_claims (document, attempt, delivery_id, device_id, role_name, route)
    VALUES (c->>'document', (c->>'attempt')::integer, c->>'delivery', p_device, session_user, rt)
    ON CONFLICT (document, attempt) DO NOTHING;
    IF FOUND THEN CONTINUE; END IF;
    SELECT * INTO holder FROM delivery_claims WHERE document = c->>'document' AND attempt = (c->>'attempt')::integer FOR UPDATE;
    IF holder.device_id = p_device THEN
      -- The same workstation asks again (a resumed batch, or one stopped between the claim and the write):
      -- the attempt is still its own, under the delivery id the claim has.
      UPDATE delivery_claims SET role_name = session_user, claimed_at = now(), route = coalesce(rt, route)
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

-- An administrator releases a claim another workstation holds and will never finish (the workstation is gone),
-- stating why. Only a claim whose delivery never reached the central database can be released. Returns the
-- claim as it was ({document, attempt, delivery, device, claimedAt, route}).
CREATE FUNCTION sync_release_delivery_claim(p_device uuid, p_secret text, p_document text, p_attempt integer, p_reason text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  me record;
  holder delivery_claims%ROWTYPE;
  cid text;
  area text;
BEGIN
  SELECT * INTO me FROM luotsi_caller();
  PERFORM luotsi_check_device(p_device, p_secret);
  IF me.app_role IS DISTINCT FROM 'admin' THEN
    RAISE EXCEPTION 'only an administrator may release a delivery claim' USING ERRCODE = '42501';
  END IF;
  IF p_document IS NULL OR p_document !~ '^(decision|invoice):[0-9a-f-]{36}$' OR p_attempt IS NULL OR p_attempt NOT BETWEEN 1 AND 1000 THEN
    RAISE EXCEPTION 'malformed claim' USING ERRCODE = '22023';
  END IF;
  IF p_reason IS NULL OR length(btrim(p_reason)) < 5 OR length(p_reason) > 500 THEN
    RAISE EXCEPTION 'a release needs its reason (5-500 characters)' USING ERRCODE = '22023';
  END IF;
  SELECT r.client_id INTO cid FROM sync_rows r
   WHERE r.entity = CASE split_part(p_document, ':', 1) WHEN 'decision' THEN 'decisions' ELSE 'invoices' END AND r.row_key = split_part(p_document, ':', 2);
  SELECT r.area_id INTO area FROM sync_rows r WHERE r.entity = 'clients' AND r.row_key = cid;
  SELECT * INTO holder FROM delivery_claims WHERE document = p_document AND attempt = p_attempt FOR UPDATE;
  IF NOT FOUND OR cid IS NULL OR NOT luotsi_sees(area, me.all_areas, me.areas) THEN
    RAISE EXCEPTION 'no such claim' USING ERRCODE = 'P0002';
  END IF;
  IF EXISTS (SELECT 1 FROM sync_rows r WHERE r.entity = 'deliveries' AND r.row_key = holder.delivery_id) THEN
    RAISE EXCEPTION 'the claim''s delivery is in the central database: it is not stuck' USING ERRCODE = '55000';
  END IF;
  UPDATE delivery_claims SET released_at = now(), released_by = session_user, release_reason = btrim(p_reason)
   WHERE document = holder.document AND attempt = holder.attempt;
  INSERT INTO delivery_claim_history (document, attempt, delivery_id, what, from_device, role_name, reason)
  VALUES (holder.document, holder.attempt, holder.delivery_id, 'released', holder.device_id, session_user, btrim(p_reason));
  RETURN jsonb_build_object('document', holder.document, 'attempt', holder.attempt, 'delivery', holder.delivery_id, 'device', holder.device_id,
                            'claimedAt', holder.claimed_at, 'route', holder.route);
END $$;

REVOKE EXECUTE ON FUNCTION sync_release_delivery_claim(uuid, text, text, integer, text), luotsi_claim_lease() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync_claim_deliveries(uuid, text, jsonb), sync_release_delivery_claim(uuid, text, text, integer, text) TO luotsi_user;
