-- Schema 10: a delegation rule's amount limit at the door too (decisions/service.ts delegationFor, shared/domain/decisions.ts
-- delegationError): a decision is signed only if every service line the central database has for it is within the decision
-- maker's delegated power (a rule in force on the decision day, for the outcome, covering the service, amount not above the
-- highest limit of the covering rules, or a rule without limit); a line that follows a decision made offline (schema 9's
-- grace) is accepted only within the same power. A line beyond it is refused (`not_signer` for the signing, `frozen` for
-- the line).

-- Whether a role's delegation covers one service line (its service_code and amount) on a day, for an outcome.
CREATE FUNCTION luotsi_delegation_allows(p_role text, p_on text, p_outcome text, p_line jsonb) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  WITH covering AS (
    SELECT g.data->>'max_amount' AS max_amount FROM sync_rows g
    WHERE g.entity = 'delegation_rules' AND NOT g.deleted AND g.data->>'role' = p_role
      AND g.data->>'valid_from' <= coalesce(p_on, '') AND (g.data->>'valid_to' IS NULL OR coalesce(p_on, '') <= g.data->>'valid_to')
      AND position('"' || coalesce(p_outcome, '?') || '"' IN coalesce(g.data->>'outcomes', '')) > 0
      AND (g.data->>'service_code' IS NULL OR g.data->>'service_code' = p_line->>'service_code')
  )
  SELECT p_role IS NOT NULL AND EXISTS (SELECT 1 FROM covering)
     AND CASE
       WHEN coalesce(p_line->>'amount', '') !~ '^-?[0-9]+(\.[0-9]+)?$' THEN true  -- a line without an amount
       WHEN EXISTS (SELECT 1 FROM covering WHERE max_amount IS NULL) THEN true   -- a rule without a limit
       ELSE (p_line->>'amount')::numeric <= coalesce((SELECT max(max_amount::numeric) FROM covering WHERE max_amount ~ '^[0-9]+(\.[0-9]+)?$'), -1)
     END
$$;

CREATE OR REPLACE FUNCTION luotsi_decision_refusal(p_device uuid, p_users text[], p_roles text[], p_old jsonb, p_new jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  kind text := coalesce(p_new->>'kind', p_old->>'kind', 'service');
  old_s text := p_old->>'status';
  new_s text := p_new->>'status';
  drafters text[];
  signers text[] := '{guidance_worker,social_worker,service_manager}';
  senders text[] := '{client_secretary,service_manager,admin}';
  maker text;
  maker_role text;
  n text;
  y text;
BEGIN
  IF kind = 'fee' THEN
    drafters := '{guidance_worker,social_worker,service_manager,billing,admin}';
    signers := '{billing,service_manager}';
    senders := '{client_secretary,service_manager,admin,billing}';
  ELSIF kind IN ('service', 'voucher') THEN
    drafters := '{guidance_worker,social_worker,service_manager}';
  ELSE
    RETURN 'invalid_decision';
  END IF;
  IF p_old IS NOT NULL AND p_new IS NOT NULL AND (p_old->>'kind') IS DISTINCT FROM (p_new->>'kind') THEN
    RETURN 'invalid_decision';
  END IF;
  IF old_s IN ('signed', 'sent') THEN
    -- Made already: sync_frozen lets only the sending of a signed decision through.
    IF new_s = 'sent' AND old_s = 'signed' AND NOT (p_roles && senders) THEN RETURN 'no_access'; END IF;
    RETURN NULL;
  END IF;
  IF p_new IS NULL OR new_s IN ('draft', 'proposed') THEN
    IF NOT (p_roles && drafters) THEN RETURN 'no_access'; END IF;
    IF p_new IS NOT NULL AND (p_new->>'number' IS NOT NULL OR p_new->>'number_year' IS NOT NULL OR p_new->>'signed_at' IS NOT NULL) THEN
      RETURN 'invalid_decision';  -- only a made decision has a number
    END IF;
    RETURN NULL;
  END IF;
  IF new_s IS NULL OR new_s NOT IN ('signed', 'sent') THEN RETURN 'invalid_decision'; END IF;

  -- Made now (signed, perhaps sent too before this workstation could sync).
  maker := p_new->>'decision_maker_id';
  IF maker IS NULL OR NOT (maker = ANY (p_users)) THEN RETURN 'not_signer'; END IF;
  IF old_s = 'proposed' AND (p_old->>'decision_maker_id') IS DISTINCT FROM maker THEN RETURN 'not_signer'; END IF;
  maker_role := luotsi_active_role(maker);
  IF maker_role IS NULL OR NOT (maker_role = ANY (signers)) THEN RETURN 'not_signer'; END IF;
  IF kind <> 'fee' AND NOT EXISTS (
      SELECT 1 FROM sync_rows g
      WHERE g.entity = 'delegation_rules' AND NOT g.deleted AND g.data->>'role' = maker_role
        AND g.data->>'valid_from' <= coalesce(p_new->>'decided_on', '')
        AND (g.data->>'valid_to' IS NULL OR coalesce(p_new->>'decided_on', '') <= g.data->>'valid_to')
        AND position('"' || coalesce(p_new->>'outcome', '?') || '"' IN coalesce(g.data->>'outcomes', '')) > 0) THEN
    RETURN 'not_signer';
  END IF;
  -- Every service line already here within the maker's delegated power (service and amount).
  IF kind <> 'fee' AND EXISTS (
      SELECT 1 FROM sync_rows l WHERE l.entity = 'decision_services' AND NOT l.deleted AND l.data->>'decision_id' = p_new->>'id'
        AND NOT luotsi_delegation_allows(maker_role, p_new->>'decided_on', p_new->>'outcome', l.data)) THEN
    RETURN 'not_signer';
  END IF;
  n := coalesce(p_new->>'number', '');
  y := coalesce(p_new->>'number_year', '');
  IF n !~ '^[1-9][0-9]{0,8}$' OR y !~ '^[0-9]{4}$'
     OR NOT EXISTS (SELECT 1 FROM number_blocks b WHERE b.series = 'decision' AND b.year = y::integer AND b.device_id = p_device
                    AND n::bigint BETWEEN b.first AND b.last)
     OR EXISTS (SELECT 1 FROM sync_rows o WHERE o.entity = 'decisions' AND (o.data->>'number_year') = y AND (o.data->>'number') = n
                AND o.row_key <> (p_new->>'id') AND NOT o.deleted) THEN
    RETURN 'number_not_reserved';
  END IF;
  IF new_s = 'sent' AND NOT (p_roles && senders) THEN RETURN 'no_access'; END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION luotsi_child_frozen(p_entity text, p_old jsonb, p_new jsonb, p_device uuid, p_mid bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  parent text;
  col text;
  k text;
BEGIN
  CASE p_entity
    WHEN 'decision_services' THEN parent := 'decisions'; col := 'decision_id';
    WHEN 'fee_decisions' THEN parent := 'decisions'; col := 'decision_id';
    WHEN 'invoice_rows' THEN parent := 'invoices'; col := 'invoice_id';
    WHEN 'caregiver_payments' THEN parent := 'caregiver_payment_runs'; col := 'run_id';
    ELSE RETURN false;
  END CASE;
  IF p_old IS NULL AND p_entity IN ('fee_decisions', 'caregiver_payments') THEN
    RETURN false;  -- the workstation's triggers let these be added
  END IF;
  FOR k IN SELECT DISTINCT x FROM unnest(ARRAY[p_old->>col, p_new->>col]) x WHERE x IS NOT NULL LOOP
    IF EXISTS (SELECT 1 FROM sync_rows p WHERE p.entity = parent AND p.row_key = k AND NOT p.deleted AND luotsi_is_final(parent, p.data))
       AND NOT EXISTS (SELECT 1 FROM sync_freeze_grace g WHERE g.entity = parent AND g.row_key = k AND g.device_id = p_device AND p_mid < g.until_mid) THEN
      RETURN true;
    END IF;
    -- A line that follows its decision made offline: within the decision maker's delegated power, as signing required.
    IF p_entity = 'decision_services' AND p_new IS NOT NULL AND EXISTS (
        SELECT 1 FROM sync_rows p WHERE p.entity = 'decisions' AND p.row_key = k AND NOT p.deleted AND luotsi_is_final('decisions', p.data)
          AND coalesce(p.data->>'kind', 'service') <> 'fee'
          AND NOT luotsi_delegation_allows(luotsi_active_role(p.data->>'decision_maker_id'), p.data->>'decided_on', p.data->>'outcome', p_new)) THEN
      RETURN true;
    END IF;
  END LOOP;
  RETURN false;
END $$;
