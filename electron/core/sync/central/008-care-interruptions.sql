-- Schema 8: interruptions of family care recorded on the care agreement (omaishoitolaki 9 § 2 mom, 8 § 2 mom
-- 5 kohta) replicate like the agreement's other rows; billing work, so only billing roles write them. (New columns
-- of absences, fee_deductions, clients, fee_decisions, care_agreements and caregiver_payments need nothing here:
-- rows travel as JSON.)
INSERT INTO sync_entities (entity, rank, area_mode, key_columns, client_column, parent_entity, parent_column, writers)
VALUES ('care_interruptions', 52, 'client', '{id}', NULL, 'care_agreements', 'agreement_id', '{billing,service_manager,admin}');
