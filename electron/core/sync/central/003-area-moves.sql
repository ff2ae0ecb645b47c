-- A row that leaves an area (a client moved to another area takes all its rows along) is also logged under
-- the area it left: users of that area then pull an entry whose row they can no longer read, and their
-- workstations remove their copy instead of keeping a stale one.
CREATE OR REPLACE FUNCTION sync_log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.area_id IS DISTINCT FROM NEW.area_id AND OLD.area_id IS NOT NULL THEN
    INSERT INTO change_log (entity, row_key, area_id) VALUES (NEW.entity, NEW.row_key, OLD.area_id);
  END IF;
  INSERT INTO change_log (entity, row_key, area_id) VALUES (NEW.entity, NEW.row_key, NEW.area_id);
  RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION sync_log_change() FROM PUBLIC;
