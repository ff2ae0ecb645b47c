// Decision and invoice numbers reserved from the central database for this workstation (core/numbers.ts): a
// workstation syncing with a central database numbers only from these blocks, so that no number is given
// twice in the county, also offline. A standalone workstation keeps using its own counters.
export const up = /* sql */ `
CREATE TABLE number_blocks (
  series  TEXT NOT NULL CHECK (series IN ('decision','invoice')),
  year    INTEGER NOT NULL,        -- 0 for invoice numbers
  first   INTEGER NOT NULL,
  last    INTEGER NOT NULL,
  next    INTEGER NOT NULL,        -- the next unused number of the block; last + 1 when used up
  PRIMARY KEY (series, year, first),
  CHECK (next BETWEEN first AND last + 1)
) STRICT;
`;
