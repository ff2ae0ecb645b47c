// Demo data: when granted services actually started and ended. Most start on or near their planned day; round-
// the-clock housing takes weeks to months (a place must free up), some services start late and a few very late
// (past the three months of vanhuspalvelulaki 18 §); a few never start (the client declined, died or moved);
// some have ended since. Services whose start would fall after today are still waiting, overdue once their
// arrange-by date has passed. Long-standing services of earlier clients started on their planned day. Clients
// with more than 61 hours of home care a month get their multi-professional review, most of them. Its own random
// stream keeps the rest of the demo data as it was.
import type { Db } from '../db/connection';
import { addDays, daysBetween } from '../../../shared/domain/dates';
import { needsMultiProfessionalReview } from '../../../shared/domain/deadlines';
import { Rng } from './random';
import { defaultSeedNow, SeedTime } from './time';

interface LineForSeed {
  line_id: string;
  decision_id: string;
  applied_on: string | null;
  arrange_by: string | null;
  client_id: string;
  service_code: string;
  amount: number | null;
  start_date: string;
  end_date: string | null;
  decided_on: string;
  drafted_by: string;
  intake_item_id: string | null;
  assessment_id: string | null;
}

/** Days from the decision to the actual start of a recently granted service. */
function startDelay(rng: Rng, service: string, planned: number): number {
  const roll = rng.next();
  switch (service) {
    case 'service_housing_24h':
      // A place in round-the-clock housing: usually 3–10 weeks; late (past 3 months) and very late ones too.
      if (roll < 0.04) return rng.int(125, 200);
      if (roll < 0.16) return rng.int(93, 124);
      return rng.int(14, 80);
    case 'home_care':
      if (roll < 0.02) return rng.int(100, 160);
      if (roll < 0.1) return rng.int(25, 75);
      return Math.max(0, planned + rng.int(-2, 4));
    case 'short_term_care':
      return Math.max(0, planned + rng.int(0, 21));
    case 'family_caregiver_support':
      return planned;
    default:
      // Meals, safety phones, support services: days.
      return roll < 0.03 ? rng.int(40, 110) : Math.max(0, planned + rng.int(0, 5));
  }
}

export function seedServicePeriods(db: Db, opts: { today: string; seed: number; time?: SeedTime }): { started: number; waiting: number; notStarted: number; ended: number; reviews: number } {
  const rng = new Rng(opts.seed ^ 0x57a7);
  const { today } = opts;
  const time = opts.time ?? new SeedTime(today, defaultSeedNow(today));
  const nowIso = time.nowIso;
  const result = { started: 0, waiting: 0, notStarted: 0, ended: 0, reviews: 0 };
  const billingUser = db.prepare("SELECT id FROM users WHERE role = 'billing' ORDER BY username LIMIT 1").pluck().get() as string;
  const lines = db
    .prepare(
      `SELECT ds.id AS line_id, d.id AS decision_id, d.applied_on, d.arrange_by, d.client_id, ds.service_code, ds.amount, ds.start_date, ds.end_date,
         d.decided_on, d.drafted_by, d.intake_item_id, d.assessment_id
       FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       WHERE d.status IN ('signed','sent') AND d.kind IN ('service','voucher') AND d.outcome IN ('grant','partial_grant','change')
         AND NOT EXISTS (SELECT 1 FROM service_periods p WHERE p.decision_service_id = ds.id)
       ORDER BY d.decided_on, d.number_year, d.number, ds.sort`,
    )
    .all() as LineForSeed[];
  const ins = db.prepare(
    `INSERT INTO service_periods (decision_service_id, decision_id, client_id, service_code, applied_on, decided_on, arrange_by, status, started_on, start_source,
       start_notice_on, ended_on, end_reason, end_source, not_started_on, not_started_reason, note, recorded_by, updated_at)
     VALUES (@line, @decision, @client, @service, @applied, @decided, @arrange, @status, @started, @source, @notice, @ended, @endReason, @endSource,
       @notOn, @notReason, '', @by, @now)`,
  );
  const row = (l: LineForSeed, status: string, more: Partial<Record<'started' | 'source' | 'notice' | 'ended' | 'endReason' | 'endSource' | 'notOn' | 'notReason' | 'by', string | null>> = {}) =>
    ins.run({
      line: l.line_id,
      decision: l.decision_id,
      client: l.client_id,
      service: l.service_code,
      applied: l.applied_on,
      decided: l.decided_on,
      arrange: l.arrange_by,
      status,
      started: null,
      source: null,
      notice: null,
      ended: null,
      endReason: null,
      endSource: null,
      notOn: null,
      notReason: null,
      by: status === 'continues' || status === 'superseded' || status === 'awaiting' ? null : l.drafted_by,
      now: nowIso,
      ...more,
    });
  // One running period per client and service: a second grant of a running service is a continuation, and a
  // grant followed by another decision about the same service before it started is replaced by that one.
  const next = new Map<string, string>();
  const nextDecided: (string | null)[] = new Array<string | null>(lines.length).fill(null);
  for (let i = lines.length - 1; i >= 0; i--) {
    const key = `${lines[i]!.client_id}:${lines[i]!.service_code}`;
    const later = next.get(key);
    if (later !== undefined && later > lines[i]!.decided_on) nextDecided[i] = later;
    next.set(key, later !== undefined && later > lines[i]!.decided_on ? later : lines[i]!.decided_on);
  }
  const running = new Map<string, { from: string; until: string }>();
  const bigHomeCare: { client: string; started: string; worker: string; assessment: string | null }[] = [];
  for (const [i, l] of lines.entries()) {
    const key = `${l.client_id}:${l.service_code}`;
    const busy = running.get(key);
    if (busy !== undefined && busy.from <= l.decided_on && busy.until >= l.decided_on) {
      row(l, 'continues');
      continue;
    }
    if (l.intake_item_id === null) {
      // A long-standing service of an earlier client: started on its planned day, recorded by the worker.
      if (l.start_date > today) {
        row(l, 'awaiting');
        result.waiting++;
        continue;
      }
      row(l, 'started', { started: l.start_date, source: 'worker' });
      running.set(key, { from: l.start_date, until: '9999-12-31' });
      result.started++;
      continue;
    }
    if (rng.chance(0.03)) {
      const on = addDays(l.decided_on, rng.int(3, 40));
      if (on <= today && (nextDecided[i] === null || on < nextDecided[i]!)) {
        row(l, 'not_started', { notOn: on, notReason: rng.weighted([['declined', 50], ['deceased', 30], ['moved_away', 10], ['need_ended', 10]] as const) });
        result.notStarted++;
        continue;
      }
    }
    const started = addDays(l.decided_on, startDelay(rng, l.service_code, daysBetween(l.decided_on, l.start_date)));
    if (nextDecided[i] !== null && started >= nextDecided[i]!) {
      row(l, 'superseded');
      continue;
    }
    if (started > today) {
      row(l, 'awaiting');
      result.waiting++;
      continue;
    }
    const source = l.service_code === 'family_caregiver_support' ? 'worker' : rng.weighted([['worker', 60], ['provider_notice', 30], ['billing', 10]] as const);
    const notice = source === 'provider_notice' ? (addDays(started, rng.int(0, 5)) > today ? today : addDays(started, rng.int(0, 5))) : null;
    // Ends since: short-term care when its stay is over, some home care and support when the need changed.
    let ended: string | null = null;
    let endReason: string | null = null;
    if (l.service_code === 'short_term_care') {
      const last = addDays(started, rng.int(6, 30));
      const planned = l.end_date !== null && l.end_date < last ? l.end_date : last;
      if (planned < today && planned >= started) [ended, endReason] = [planned, 'need_ended'];
    } else if (l.service_code !== 'family_caregiver_support' && rng.chance(0.06)) {
      const last = addDays(started, rng.int(20, 200));
      if (last < today) [ended, endReason] = [last, rng.weighted([['other_service', 40], ['deceased', 30], ['need_ended', 20], ['client_wish', 10]] as const)];
    }
    row(l, 'started', {
      started,
      source,
      notice,
      ended,
      endReason,
      endSource: ended ? (rng.chance(0.5) ? 'provider_notice' : 'worker') : null,
      by: source === 'billing' ? billingUser : l.drafted_by,
    });
    running.set(key, { from: started, until: ended ?? '9999-12-31' });
    result.started++;
    if (ended) result.ended++;
    if (!ended && l.service_code === 'home_care' && l.amount !== null && needsMultiProfessionalReview(l.amount, started))
      bigHomeCare.push({ client: l.client_id, started, worker: l.drafted_by, assessment: l.assessment_id });
  }

  // Multi-professional reviews of clients with more than 61 h/month of home care: most within two months.
  const copy = db.prepare(
    `INSERT INTO assessments (id, client_id, intake_item_id, assessed_on, method, maple5, cps, adlh, iadlch, drs, chess, night_care_need, informal_carer,
       functional_notes, client_view, conclusion, service_level, worker_id, created_at, updated_at, multiprofessional)
     SELECT @id, client_id, NULL, @on, 'home_visit', maple5, cps, adlh, iadlch, drs, chess, night_care_need, informal_carer,
       'Moniammatillinen arvio: kotihoidon tuntimäärä ylittää 61 h/kk.', client_view,
       'Kotona asuminen jatkuu tehostetun kotihoidon turvin; tilanne arvioidaan uudelleen.', service_level, @worker, @at, @at, 1
     FROM assessments WHERE id = @source`,
  );
  for (const b of bigHomeCare) {
    if (!b.assessment || !rng.chance(0.65)) continue;
    const on = addDays(b.started, rng.int(7, 60));
    if (on > today) continue;
    copy.run({ id: rng.uuidv7(time.ms(on, 14)), on, worker: b.worker, at: time.at(on, 14), source: b.assessment });
    result.reviews++;
  }
  return result;
}
