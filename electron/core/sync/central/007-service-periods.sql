-- Schema 7: the actual start and end of granted services (service_periods, one row per decision line, keyed by
-- the line's id) replicate like the client's other rows: the client is the row's own client_id, any user of the
-- client's area (or a county-wide role) may write it.
INSERT INTO sync_entities (entity, rank, area_mode, key_columns, client_column, parent_entity, parent_column, writers)
VALUES ('service_periods', 38, 'client', '{decision_service_id}', 'client_id', NULL, NULL, NULL);
