-- Schema 21: an approved waiting-time publication's edition number follows the half-year's editions centrally.
--
-- Found by the red team with a service manager's own credentials, after 016: the edition a workstation numbers
-- (reports/publication.ts approvePublication: one above its highest edition of the half-year) was taken as sent, so a
-- manager could publish 2026-H1 as "korjattu painos 500" (corrected edition 500), implying hundreds of corrections
-- of the county's statutory figures (vanhuspalvelulaki 980/2012 26 §) that never were, and every later honest edition
-- would be numbered after it. Now a new edition may be at most one above the highest edition of that half-year in
-- the central rows ('malformed_publication'); the same number twice stays possible (two offline approvals, 013).

-- As in 016, with the edition check.
CREATE OR REPLACE FUNCTION luotsi_publication_refusal(p_user text, p_data jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  u jsonb;
  at timestamptz;
  c jsonb;
  fig jsonb;
  pushed jsonb;
  today date := (now() AT TIME ZONE 'Europe/Helsinki')::date;
BEGIN
  IF p_user IS NULL OR (p_data->>'approved_by') IS DISTINCT FROM p_user THEN RETURN 'not_approver'; END IF;
  IF luotsi_active_role(p_user) IS DISTINCT FROM 'service_manager' THEN RETURN 'not_approver'; END IF;
  SELECT r.data INTO u FROM sync_rows r WHERE r.entity = 'users' AND r.row_key = p_user AND NOT r.deleted;
  IF u IS NULL OR (p_data->>'approved_by_name') IS DISTINCT FROM (u->>'display_name')
     OR (p_data->>'approved_by_title') IS DISTINCT FROM (u->>'title') THEN
    RETURN 'not_approver';
  END IF;
  IF jsonb_typeof(p_data->'approved_at') IS DISTINCT FROM 'string'
     OR (p_data->>'approved_at') !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$' THEN
    RETURN 'not_approver';
  END IF;
  BEGIN
    at := (p_data->>'approved_at')::timestamptz;
  EXCEPTION WHEN others THEN
    RETURN 'not_approver';
  END;
  IF at > now() + interval '5 minutes' THEN RETURN 'not_approver'; END IF;

  -- The edition's form.
  fig := luotsi_publication_figures(p_data->>'half_year');
  IF fig IS NULL OR (fig->>'to')::date >= today OR (fig->>'to')::date >= (at AT TIME ZONE 'Europe/Helsinki')::date
     OR (p_data->>'period_from') IS DISTINCT FROM (fig->>'from') OR (p_data->>'period_to') IS DISTINCT FROM (fig->>'to')
     OR jsonb_typeof(p_data->'edition') IS DISTINCT FROM 'number' OR (p_data->>'edition') !~ '^[1-9][0-9]{0,5}$'
     OR jsonb_typeof(p_data->'note') IS DISTINCT FROM 'string' OR length(p_data->>'note') > 1000
     OR jsonb_typeof(p_data->'content_json') IS DISTINCT FROM 'string' THEN
    RETURN 'malformed_publication';
  END IF;
  -- The edition follows the half-year's editions here: at most one above the highest (two workstations that approved
  -- offline may both bring the same number; neither is lost, 013).
  IF (p_data->>'edition')::integer > 1 + coalesce((SELECT max((r.data->>'edition')::integer) FROM sync_rows r
        WHERE r.entity = 'waiting_time_publications' AND r.data->>'half_year' = p_data->>'half_year' AND r.data->>'edition' ~ '^[0-9]{1,6}$'), 0) THEN
    RETURN 'malformed_publication';
  END IF;
  -- The hashes name what was sent.
  IF (p_data->>'content_sha256') IS DISTINCT FROM encode(sha256(convert_to(p_data->>'content_json', 'UTF8')), 'hex')
     OR (p_data->>'pdf_fi_sha256') IS DISTINCT FROM luotsi_blob_sha256(p_data->>'pdf_fi')
     OR (p_data->>'pdf_sv_sha256') IS DISTINCT FROM luotsi_blob_sha256(p_data->>'pdf_sv') THEN
    RETURN 'malformed_publication';
  END IF;
  BEGIN
    c := (p_data->>'content_json')::jsonb;
  EXCEPTION WHEN others THEN
    RETURN 'malformed_publication';
  END;
  IF jsonb_typeof(c) IS DISTINCT FROM 'object'
     OR EXISTS (SELECT 1 FROM jsonb_object_keys(c) k
                WHERE k NOT IN ('halfYear', 'from', 'to', 'countyFi', 'countySv', 'computedOn', 'minCases', 'rows', 'withoutPendingDate'))
     OR (c->>'halfYear') IS DISTINCT FROM (p_data->>'half_year') OR (c->>'from') IS DISTINCT FROM (fig->>'from')
     OR (c->>'to') IS DISTINCT FROM (fig->>'to') OR (c->'minCases') IS DISTINCT FROM '5'::jsonb
     OR jsonb_typeof(c->'countyFi') IS DISTINCT FROM 'string' OR length(c->>'countyFi') > 200
     OR jsonb_typeof(c->'countySv') IS DISTINCT FROM 'string' OR length(c->>'countySv') > 200
     OR luotsi_iso_day(c->>'computedOn') IS NULL OR luotsi_iso_day(c->>'computedOn') <= luotsi_iso_day(fig->>'to')
     OR (c->>'computedOn')::date > (at AT TIME ZONE 'Europe/Helsinki')::date + 1
     OR jsonb_typeof(c->'rows') IS DISTINCT FROM 'array' OR jsonb_array_length(c->'rows') > 1000 THEN
    RETURN 'malformed_publication';
  END IF;
  -- The figures: exactly the central database's, service by service.
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(c->'rows') e WHERE jsonb_typeof(e) IS DISTINCT FROM 'object' OR jsonb_typeof(e->'service') IS DISTINCT FROM 'string') THEN
    RETURN 'malformed_publication';
  END IF;
  SELECT jsonb_object_agg(e->>'service', e) INTO pushed FROM jsonb_array_elements(c->'rows') e;
  IF (SELECT count(DISTINCT e->>'service') FROM jsonb_array_elements(c->'rows') e) <> jsonb_array_length(c->'rows')
     OR coalesce(pushed, '{}'::jsonb) IS DISTINCT FROM (fig->'rows')
     OR (c->'withoutPendingDate') IS DISTINCT FROM (fig->'withoutPendingDate') THEN
    RETURN 'figures_mismatch';
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION luotsi_publication_refusal(text, jsonb) FROM PUBLIC;
