// Raportit of a year in well under a second (issue 21): the figures read only the rows of their period, never a
// table's whole history.
// - Services given up ("not started") by day, for the figure and for "still waiting at the period end".
// - Home-care decision lines by start date with their hours (the 61 h/month review figure).
export const up = /* sql */ `
CREATE INDEX service_periods_not_started_cover ON service_periods(not_started_on, service_code, client_id, decision_id, decision_service_id, applied_on, decided_on, arrange_by)
  WHERE status = 'not_started';
CREATE INDEX decision_services_home_care ON decision_services(service_code, start_date, decision_id, amount) WHERE service_code = 'home_care';
`;
