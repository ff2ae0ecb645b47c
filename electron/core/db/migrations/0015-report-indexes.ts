// Indexes for the reports (Raportit), so that the dashboard of a year of the county reads its period from the
// indexes alone instead of visiting 50,000 wide rows: intake by contact date (with everything the figures group
// by), decisions by decision and sending date, the first assessment of an item, assessments and client plans by
// client in date order, items closed after a day (open at a period's end), home-care lines, invoices by month.
export const up = /* sql */ `
DROP INDEX IF EXISTS intake_contact;
CREATE INDEX intake_contact_cover ON intake_items(contact_date, area_id, type, channel, due_basis, assigned_worker_id, status, assessment_due, id);
CREATE INDEX intake_closed_at ON intake_items(closed_at) WHERE closed_at IS NOT NULL;
DROP INDEX IF EXISTS decisions_decided;
CREATE INDEX decisions_decided_cover ON decisions(decided_on, status, kind, outcome, drafted_by, client_id, applied_on, applied_service, corrects_id)
  WHERE decided_on IS NOT NULL;
DROP INDEX IF EXISTS decisions_sent;
CREATE INDEX decisions_sent_cover ON decisions(sent_on, send_channel, drafted_by, client_id) WHERE sent_on IS NOT NULL;
CREATE INDEX assessments_item_first ON assessments(intake_item_id, assessed_on) WHERE intake_item_id IS NOT NULL;
CREATE INDEX assessments_levels ON assessments(client_id, assessed_on, id, service_level, worker_id);
CREATE INDEX client_plans_latest ON client_plans(client_id, drawn_up_on, id, review_on, worker_id);
CREATE INDEX invoices_month ON invoices(month);
CREATE INDEX service_periods_service ON service_periods(service_code, status, started_on);
CREATE INDEX service_periods_started_cover ON service_periods(started_on, status, service_code, applied_on, decided_on, arrange_by, client_id, decision_id, decision_service_id)
  WHERE status = 'started';
`;
