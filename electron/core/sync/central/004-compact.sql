-- The change log only needs, per row and area, its newest entry: the pull reads the row's current content,
-- so a workstation whose cursor lies before an older entry still meets the newest one. sync_compact() removes
-- the older entries (those of committed transactions; entries of transactions still running are not seen).
CREATE INDEX change_log_row ON change_log (entity, row_key);

CREATE FUNCTION sync_compact() RETURNS bigint LANGUAGE sql AS $$
  WITH removed AS (
    DELETE FROM change_log c USING change_log n
    WHERE n.entity = c.entity AND n.row_key = c.row_key AND n.area_id IS NOT DISTINCT FROM c.area_id
      AND (n.txid, n.seq) > (c.txid, c.seq)
    RETURNING 1
  )
  SELECT count(*) FROM removed
$$;
REVOKE EXECUTE ON FUNCTION sync_compact() FROM PUBLIC;
