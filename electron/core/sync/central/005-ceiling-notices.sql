-- Schema 5: the fee ceiling reached elsewhere (fee_ceiling_notices) replicates like the client's other fee
-- rows. (The new e-invoice columns of clients need nothing here: rows travel as JSON.)
INSERT INTO sync_entities (entity, rank, area_mode) VALUES ('fee_ceiling_notices', 51, 'client');
