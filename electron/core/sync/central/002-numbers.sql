-- Decision and invoice numbers are unique across the county although workstations number offline: each
-- workstation reserves blocks of numbers here (while online) and numbers from its own blocks. A block that a
-- workstation reserved but never recorded (it crashed in between) only leaves a gap; no number is given twice.

CREATE TABLE number_series (
  series text NOT NULL CHECK (series IN ('decision', 'invoice')),
  year   integer NOT NULL,            -- the decision number's year; 0 for invoice numbers (one running series)
  next   bigint NOT NULL,
  PRIMARY KEY (series, year)
);

CREATE TABLE number_blocks (
  series      text NOT NULL,
  year        integer NOT NULL,
  first       bigint NOT NULL,
  last        bigint NOT NULL,
  device_id   uuid NOT NULL REFERENCES sync_devices(device_id),
  role_name   text NOT NULL DEFAULT current_user,
  reserved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (series, year, first)
);

-- Reserves p_count consecutive numbers for the device. The first reservation of a series starts after the
-- highest number already in the central rows (decisions of that year, or any invoice), and not below p_floor
-- (the biller's first invoice number).
CREATE FUNCTION sync_reserve_numbers(p_device uuid, p_series text, p_year integer, p_count integer, p_floor bigint)
RETURNS TABLE (first bigint, last bigint) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE n bigint;
BEGIN
  IF p_series NOT IN ('decision', 'invoice') OR p_count < 1 OR p_count > 100000
     OR (p_series = 'invoice' AND p_year <> 0) OR (p_series = 'decision' AND p_year NOT BETWEEN 2000 AND 2200) THEN
    RAISE EXCEPTION 'malformed number reservation % % %', p_series, p_year, p_count USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sync_devices d WHERE d.device_id = p_device) THEN
    RAISE EXCEPTION 'unknown device %', p_device USING ERRCODE = '42501';
  END IF;
  INSERT INTO number_series (series, year, next)
  SELECT p_series, p_year, greatest(coalesce(p_floor, 1), 1 + coalesce(CASE p_series
      WHEN 'decision' THEN (SELECT max((r.data->>'number')::bigint) FROM sync_rows r
                            WHERE r.entity = 'decisions' AND (r.data->>'number_year')::integer = p_year)
      ELSE (SELECT max((r.data->>'number')::bigint) FROM sync_rows r WHERE r.entity = 'invoices') END, 0))
  ON CONFLICT (series, year) DO NOTHING;
  UPDATE number_series s SET next = s.next + p_count WHERE s.series = p_series AND s.year = p_year RETURNING s.next - p_count INTO n;
  INSERT INTO number_blocks (series, year, first, last, device_id, role_name) VALUES (p_series, p_year, n, n + p_count - 1, p_device, session_user);
  RETURN QUERY SELECT n, n + p_count - 1;
END $$;

REVOKE EXECUTE ON FUNCTION sync_reserve_numbers(uuid, text, integer, integer, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync_reserve_numbers(uuid, text, integer, integer, bigint) TO luotsi_user;
