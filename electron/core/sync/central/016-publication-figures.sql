-- Schema 16: the central database checks the figures of an approved waiting-time publication (vanhuspalvelulaki
-- 980/2012 26 §) against its own rows, and an approved publication never changes, even for the owner.
--
-- Found by the red team with a service manager's own credentials: 014 checked who approved a publication, not
-- what. A manager could push an edition whose content_json said the mean wait for home care was 12 days when the
-- county's service periods said 61 (or whose PDFs were not the bytes their SHA-256 named), and every workstation
-- would then show and hand out that edition as the county's approved, statutory figures.
--
-- Now a new publication is accepted only when
--   * its half-year is well formed and over (the approval is made after the period's last day, Europe/Helsinki),
--     and period_from/period_to are that half-year's bounds;
--   * content_json is the publication's content (only the known keys) for that half-year, and its figures —
--     every service row (names, counts, mean, median, previous period, within three months, waiting at the end,
--     not started) and the count without a pending date — are exactly what the central database computes from its
--     own service_periods and services rows, as electron/core/reports/publication.ts computePublication does
--     (luotsi_publication_figures below; the same rounding: Math.round is floor(x + 0.5));
--   * content_sha256, pdf_fi_sha256 and pdf_sv_sha256 are the SHA-256 of content_json and of the PDF bytes sent;
--   * edition is a positive integer, note at most 1000 characters, computedOn a date between the period's end and
--     the approval.
-- A refusal is answered 'figures_mismatch' (the figures differ from the central database's: a workstation that
-- approved on a stale copy, or a forgery; the manager syncs and approves again) or 'malformed_publication', as a
-- rejected mutation (the batch goes on), as 014 does. What central cannot check: the text inside the PDFs (it
-- cannot render them) and the county's name (a workstation setting, not replicated).
--
-- Immutable: a trigger refuses any UPDATE or DELETE of a publication row in sync_rows, whoever runs it (owner and
-- migrations included; only a superuser switching triggers off could). Who approved and when: data.approved_by
-- and approved_at (checked), and the row's writer_role, writer_device and updated_at (set by sync_push once).

-- The days from 1970-01-01 of an ISO date, NULL when it is not one.
CREATE FUNCTION luotsi_iso_day(p text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF p IS NULL OR p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN RETURN NULL; END IF;
  RETURN p::date - date '1970-01-01';
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- The figures of a half-year from the central rows: {halfYear, from, to, rows: {service code: row}, withoutPendingDate},
-- NULL for a malformed half-year. Mirrors computePublication: new services started in the half-year with a pending
-- date; the previous half-year beside them; services granted by the period's end and not started by then; services
-- recorded as never starting in the half-year. Text dates compare bytewise (COLLATE "C"), as SQLite compares them.
CREATE FUNCTION luotsi_publication_figures(p_half_year text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  y integer;
  f text;
  t text;
  pf text;
  pt text;
  result jsonb;
BEGIN
  IF p_half_year IS NULL OR p_half_year !~ '^[0-9]{4}-H[12]$' THEN RETURN NULL; END IF;
  y := left(p_half_year, 4)::integer;
  IF right(p_half_year, 1) = '1' THEN
    f := y || '-01-01'; t := y || '-06-30'; pf := (y - 1) || '-07-01'; pt := (y - 1) || '-12-31';
  ELSE
    f := y || '-07-01'; t := y || '-12-31'; pf := y || '-01-01'; pt := y || '-06-30';
  END IF;
  WITH sp AS (
    SELECT r.data->>'service_code' AS code, r.data->>'status' AS status, r.data->>'applied_on' AS applied_on,
           r.data->>'arrange_by' AS arrange_by, r.data->>'started_on' AS started_on, r.data->>'decided_on' AS decided_on,
           r.data->>'not_started_on' AS not_started_on
    FROM sync_rows r WHERE r.entity = 'service_periods' AND NOT r.deleted
  ),
  cur AS (
    SELECT code, luotsi_iso_day(started_on) - luotsi_iso_day(applied_on) AS days,
           (arrange_by IS NULL OR started_on COLLATE "C" <= arrange_by COLLATE "C") AS within
    FROM sp WHERE status = 'started' AND started_on COLLATE "C" BETWEEN f AND t AND applied_on IS NOT NULL
  ),
  old AS (
    SELECT code, luotsi_iso_day(started_on) - luotsi_iso_day(applied_on) AS days
    FROM sp WHERE status = 'started' AND started_on COLLATE "C" BETWEEN pf AND pt AND applied_on IS NOT NULL
  ),
  waiting AS (
    SELECT code, (arrange_by IS NOT NULL AND arrange_by COLLATE "C" < t) AS over
    FROM sp WHERE decided_on COLLATE "C" <= t AND (status = 'awaiting' OR (status = 'started' AND started_on COLLATE "C" > t)
                                                   OR (status = 'not_started' AND not_started_on COLLATE "C" > t))
  ),
  per AS (
    SELECT s.row_key AS code, s.data->>'name_fi' AS name_fi, s.data->>'name_sv' AS name_sv,
      (SELECT count(*) FROM cur WHERE cur.code = s.row_key) AS n,
      (SELECT floor(avg(days) + 0.5) FROM cur WHERE cur.code = s.row_key) AS mean,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM cur WHERE cur.code = s.row_key) AS median,
      (SELECT count(*) FILTER (WHERE within) FROM cur WHERE cur.code = s.row_key) AS within,
      (SELECT count(*) FROM old WHERE old.code = s.row_key) AS prev_n,
      (SELECT floor(avg(days) + 0.5) FROM old WHERE old.code = s.row_key) AS prev_mean,
      (SELECT count(*) FROM waiting w WHERE w.code = s.row_key) AS waiting,
      (SELECT count(*) FILTER (WHERE over) FROM waiting w WHERE w.code = s.row_key) AS waiting_over,
      (SELECT count(*) FROM sp WHERE sp.code = s.row_key AND sp.status = 'not_started' AND sp.not_started_on COLLATE "C" BETWEEN f AND t) AS not_started
    FROM sync_rows s WHERE s.entity = 'services' AND NOT s.deleted
  )
  SELECT jsonb_build_object(
    'halfYear', p_half_year, 'from', f, 'to', t,
    'rows', coalesce((SELECT jsonb_object_agg(code, jsonb_build_object(
        'service', code, 'nameFi', name_fi, 'nameSv', name_sv, 'count', n,
        'meanDays', CASE WHEN n >= 5 THEN mean END,
        'medianDays', CASE WHEN n >= 5 THEN to_jsonb(median) END,
        'previousCount', prev_n, 'previousMeanDays', CASE WHEN prev_n >= 5 THEN prev_mean END,
        'withinThreeMonths', within, 'waitingAtEnd', waiting, 'waitingOverThreeMonths', waiting_over, 'notStarted', not_started))
      FROM per WHERE n > 0 OR prev_n > 0 OR waiting > 0 OR not_started > 0), '{}'::jsonb),
    'withoutPendingDate', (SELECT count(*) FROM sp WHERE status = 'started' AND started_on COLLATE "C" BETWEEN f AND t AND applied_on IS NULL))
  INTO result;
  RETURN result;
END $$;

-- SHA-256 (lowercase hexadecimal) of a BLOB as it travels (hexadecimal text), NULL when it is not one.
CREATE FUNCTION luotsi_blob_sha256(p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF p IS NULL OR p !~ '^([0-9A-Fa-f]{2})+$' THEN RETURN NULL; END IF;
  RETURN encode(sha256(decode(p, 'hex')), 'hex');
END $$;

-- As in 014 (who approved it), and what: the reason a new publication is refused, or NULL.
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
REVOKE ALL ON FUNCTION luotsi_publication_refusal(text, jsonb), luotsi_publication_figures(text), luotsi_iso_day(text), luotsi_blob_sha256(text) FROM PUBLIC;

-- An approved publication never changes and is never deleted, whoever asks (as the audit rows, 006).
CREATE FUNCTION sync_rows_publication_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION 'an approved waiting-time publication never changes (%)', OLD.row_key USING ERRCODE = '42501';
END $$;
CREATE TRIGGER sync_rows_publication_immutable BEFORE UPDATE OR DELETE ON sync_rows
  FOR EACH ROW WHEN (OLD.entity = 'waiting_time_publications') EXECUTE FUNCTION sync_rows_publication_guard();
