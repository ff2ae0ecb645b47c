// Every client at once: the latest assessment against the criteria in force, and the deadlines that follow
// (reassessment, open items' assessment start, review and arrange-by of sent decisions). Used for unit-wide
// overviews; the bench measures it for the whole demo county.
import { WorkingDayCalendar } from '../../../shared/domain/calendar';
import { calendarRules } from '../deadlines/settings';
import { criteriaInForce, evaluateCriteria, type Facts } from '../../../shared/domain/criteria';
import { ageOn } from '../../../shared/domain/hetu';
import { appealDeadlines, arrangeBy, assessmentStartBy, reassessmentDue } from '../../../shared/domain/deadlines';
import type { Db } from '../db/connection';
import { loadCriteriaSets, loadServices } from '../guidance/reference';

export interface CountyOverview {
  clients: number;
  evaluated: number;
  passing: Record<string, number>;
  reassessmentOverdue: number;
  deadlinesComputed: number;
  assessmentOverdue: number;
  appealRunning: number;
}

export function countyOverview(db: Db, today: string): CountyOverview {
  const sets = loadCriteriaSets(db);
  const services = [...loadServices(db).keys()];
  const calendar = new WorkingDayCalendar(calendarRules(db));
  const rows = db
    .prepare(
      `SELECT c.id, c.birth_date, c.care_allowance, a.assessed_on, a.maple5, a.cps, a.adlh, a.iadlch, a.drs, a.chess, a.night_care_need, a.informal_carer
       FROM clients c LEFT JOIN assessments a ON a.id = (
         SELECT id FROM assessments x WHERE x.client_id = c.id ORDER BY x.assessed_on DESC, x.created_at DESC LIMIT 1)
       WHERE c.deleted = 0`,
    )
    .raw()
    .all() as [string, string, string, string | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null][];
  const passing: Record<string, number> = Object.fromEntries(services.map((s) => [s, 0]));
  let evaluated = 0;
  let reassessmentOverdue = 0;
  let deadlines = 0;
  for (const r of rows) {
    const assessed = r[3];
    if (!assessed) continue;
    const facts: Facts = {
      maple5: r[4],
      cps: r[5],
      adlh: r[6],
      iadlch: r[7],
      drs: r[8],
      chess: r[9],
      age: ageOn(r[1], assessed),
      nightCareNeed: r[10],
      informalCarer: r[11],
    };
    for (const s of services) {
      const set = criteriaInForce(sets, s, assessed);
      if (set && evaluateCriteria(set, facts).pass) passing[s]! += 1;
    }
    evaluated += 1;
    if (reassessmentDue(assessed) < today) reassessmentOverdue += 1;
    deadlines += 1;
  }
  // Open items: the assessment start deadline recomputed from the contact date (urgent, age, care allowance).
  let assessmentOverdue = 0;
  const items = db
    .prepare(
      `SELECT i.contact_date, i.urgent, coalesce(c.birth_date, i.subject_birth_date), c.care_allowance FROM intake_items i
       LEFT JOIN clients c ON c.id = i.client_id WHERE i.status IN ('new','assigned')`,
    )
    .raw()
    .all() as [string, number, string | null, string | null][];
  for (const [contact, urgent, birth, allowance] of items) {
    const over75 = (birth !== null && ageOn(birth, contact) >= 75) || allowance === 'highest';
    if (assessmentStartBy(calendar, contact, { urgent: urgent === 1, over75OrHighestCareAllowance: over75 }).startBy < today) assessmentOverdue += 1;
    deadlines += 1;
  }
  // Sent decisions: review period and arrange-by from their dates.
  let appealRunning = 0;
  const sent = db.prepare("SELECT sent_on, send_channel, decided_on FROM decisions WHERE status = 'sent'").raw().all() as [string, 'letter' | 'electronic', string][];
  for (const [sentOn, channel, decided] of sent) {
    if (appealDeadlines(sentOn, channel).lastDay >= today) appealRunning += 1;
    arrangeBy(decided);
    deadlines += 2;
  }
  return { clients: rows.length, evaluated, passing, reassessmentOverdue, deadlinesComputed: deadlines, assessmentOverdue, appealRunning };
}
