// Raportit for one area or worker as fast as for the county (issue 21): with an area filter the planner read
// every intake item of the area from the table, and every decision or service period of the period looked up its
// client's row for the area. Covering indexes keep those reads inside an index:
// - open items by area and contact date (the "open at the period end" figure and its case list);
// - items closed after a day (the same figure for a period that ended in the past);
// - a client's area by id (every JOIN clients … WHERE c.area_id IN (…) of the reports).
export const up = /* sql */ `
DROP INDEX IF EXISTS intake_closed_at;
CREATE INDEX intake_open_area_contact ON intake_items(area_id, contact_date, urgent, assigned_worker_id, status, id)
  WHERE status IN ('new','assigned','assessment','decision');
CREATE INDEX intake_closed_cover ON intake_items(closed_at, area_id, contact_date, urgent, assigned_worker_id, status, id)
  WHERE closed_at IS NOT NULL;
CREATE INDEX clients_id_area ON clients(id, area_id, responsible_worker_id);
`;
