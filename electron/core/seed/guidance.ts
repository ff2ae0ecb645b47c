// Demo guidance history on top of the demo intake items: providers, assessments with RAI scores, client plans and
// service decisions in every state, so that a fresh workstation looks like a unit in mid-year. Decisions are
// numbered per year in the order they were made and signed by someone with the delegated power.
import type { Db } from '../db/connection';
import { addDays, daysBetween, maxDate } from '../../../shared/domain/dates';
import { appealDeadlines, arrangeBy, reassessmentDue } from '../../../shared/domain/deadlines';
import type { DecisionOutcome } from '../../../shared/domain/decisions';
import { Rng } from './random';
import type { SeedTime } from './time';
import type { SeedProgressMeter } from './progress';
import { COUNTY_START } from './dates';

interface ItemForSeed {
  id: string;
  client_id: string;
  contact_date: string;
  status: string;
  service_applied: string | null;
  type: string;
  assigned_worker_id: string | null;
  area_id: string;
  closed_at: string | null;
}

const PROVIDERS: { name: string; kind: 'own' | 'purchased' | 'voucher'; services: string[] }[] = [
  { name: 'Kotihoito, Espoon alue', kind: 'own', services: ['home_care', 'support_services', 'safety_service'] },
  { name: 'Kotihoito, Lohjan alue', kind: 'own', services: ['home_care', 'support_services', 'safety_service'] },
  { name: 'Kotihoito, Raaseporin alue / Hemvården, Raseborg', kind: 'own', services: ['home_care', 'support_services', 'safety_service'] },
  { name: 'Kotihoito, Kirkkonummen alue', kind: 'own', services: ['home_care', 'support_services', 'safety_service'] },
  { name: 'Ateriapalvelu, keskuskeittiö', kind: 'own', services: ['meal_service'] },
  { name: 'Palvelukeskus Kuusikko (ympärivuorokautinen)', kind: 'own', services: ['service_housing_24h', 'short_term_care'] },
  { name: 'Palvelutalo Meriharju (ympärivuorokautinen)', kind: 'own', services: ['service_housing_24h', 'short_term_care'] },
  { name: 'Hoivakoti Aamurusko Oy (esimerkki)', kind: 'purchased', services: ['service_housing_24h', 'short_term_care'] },
  { name: 'Seniorikoti Lehmus Oy (esimerkki)', kind: 'purchased', services: ['service_housing_24h'] },
  { name: 'Kotiapu Kanerva Oy (esimerkki)', kind: 'voucher', services: ['home_care', 'support_services'] },
  { name: 'Hemtjänst Solros Ab (exempel)', kind: 'voucher', services: ['home_care', 'support_services'] },
  { name: 'Turvapalvelut Majakka Oy (esimerkki)', kind: 'purchased', services: ['safety_service'] },
];

/** A fictitious but check-digit-valid business id (Y-tunnus). */
function businessId(rng: Rng): string {
  const w = [7, 9, 10, 5, 8, 4, 2];
  for (;;) {
    const digits = Array.from({ length: 7 }, (_, i) => (i === 0 ? rng.int(2, 3) : rng.int(0, 9)));
    const r = digits.reduce((s, d, i) => s + d * w[i]!, 0) % 11;
    if (r === 1) continue;
    return `${digits.join('')}-${r === 0 ? 0 : 11 - r}`;
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

/** How far back the guidance work (assessments, plans, decisions) is generated: over a year, so that the reports
 * and the half-yearly waiting times of vanhuspalvelulaki 26 § have a full year and the half-year before it. */
export const GUIDANCE_HISTORY_DAYS = 400;

export function seedGuidance(
  db: Db,
  opts: { today: string; seed: number; epoch: number; time: SeedTime; meter?: SeedProgressMeter },
): { assessments: number; decisions: number; plans: number } {
  const rng = new Rng(opts.seed ^ 0x5eed);
  const { today, time } = opts;
  const nowIso = time.nowIso;
  const result = { assessments: 0, decisions: 0, plans: 0 };
  db.pragma('defer_foreign_keys = ON');

  // Providers.
  const insProv = db.prepare('INSERT INTO providers (id, name, kind, business_id, area_id, active, updated_at) VALUES (?, ?, ?, ?, NULL, 1, ?)');
  const insProvSvc = db.prepare('INSERT INTO provider_services (provider_id, service_code) VALUES (?, ?)');
  const providersByService = new Map<string, { id: string; kind: string }[]>();
  PROVIDERS.forEach((p, i) => {
    const id = rng.uuidv7(opts.epoch - 8 * 365 * 86_400_000 + i);
    insProv.run(id, p.name, p.kind, p.kind === 'own' ? null : businessId(rng), nowIso);
    for (const s of p.services) {
      insProvSvc.run(id, s);
      providersByService.set(s, [...(providersByService.get(s) ?? []), { id, kind: p.kind }]);
    }
  });

  const reasoning = db.prepare('SELECT id, code, outcomes, text_fi, text_sv FROM reasoning_texts').all() as {
    id: string;
    code: string;
    outcomes: string;
    text_fi: string;
    text_sv: string;
  }[];
  const reasoningFor = (code: string) => reasoning.find((r) => r.code === code)!;
  const legal = new Map(
    (db.prepare('SELECT code, legal_basis FROM services').all() as { code: string; legal_basis: string }[]).map((r) => [r.code, r.legal_basis]),
  );
  const usersByRole = new Map<string, string[]>();
  for (const u of db.prepare("SELECT id, role FROM users WHERE role IN ('social_worker','service_manager')").all() as { id: string; role: string }[])
    usersByRole.set(u.role, [...(usersByRole.get(u.role) ?? []), u.id]);

  const items = db
    .prepare(
      `SELECT id, client_id, contact_date, status, service_applied, type, assigned_worker_id, area_id, closed_at FROM intake_items
       WHERE client_id IS NOT NULL AND assigned_worker_id IS NOT NULL AND status IN ('assessment','decision','closed') AND contact_date >= ?
       ORDER BY contact_date, id`,
    )
    // Decisions are the county's: none before it took over.
    .all(maxDate(addDays(today, -GUIDANCE_HISTORY_DAYS), COUNTY_START)) as ItemForSeed[];

  const insA = db.prepare(`INSERT INTO assessments (id, client_id, intake_item_id, assessed_on, method, maple5, cps, adlh, iadlch, drs, chess,
      night_care_need, informal_carer, functional_notes, client_view, conclusion, service_level, worker_id, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insPlan = db.prepare(`INSERT INTO client_plans (id, client_id, assessment_id, drawn_up_on, goals, planned_services, client_view,
      relatives_view, review_on, worker_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insD = db.prepare(`INSERT INTO decisions (id, client_id, intake_item_id, assessment_id, outcome, status, applied_service, applied_on,
      reasoning_codes, reasoning_free, reasoning_fi, reasoning_sv, legal_basis, drafted_by, decision_maker_id, number, number_year, decided_on,
      signed_at, sent_on, send_channel, notified_on, appeal_last_day, arrange_by, created_at, updated_at)
      VALUES (@id, @client, @item, @assessment, @outcome, @status, @applied, @appliedOn, @codes, '', @fi, @sv, @legal, @drafter, @maker, @number,
        @year, @decided, @signedAt, @sent, @channel, @notified, @appeal, @arrange, @created, @created)`);
  const insLine = db.prepare(`INSERT INTO decision_services (id, decision_id, sort, service_code, amount, start_date, end_date, provider_kind,
      provider_id, voucher_value_cents) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`);
  const numbers = new Map<number, number>();

  const METHOD = [['home_visit', 60], ['phone', 15], ['hospital', 20], ['reception', 5]] as const;
  opts.meter?.begin('guidance', items.length);
  for (const [n, it] of items.entries()) {
    if ((n & 63) === 0) opts.meter?.tick(n);
    const service =
      it.service_applied ??
      rng.weighted([['home_care', 50], ['support_services', 25], ['short_term_care', 10], ['service_housing_24h', 10], ['family_caregiver_support', 5]] as const);
    // Scores consistent with the service asked for: heavier needs for round-the-clock care.
    const heavy = service === 'service_housing_24h' ? 1.6 : service === 'short_term_care' || service === 'family_caregiver_support' ? 1.15 : 0.8;
    const maple5 = clamp(rng.next() * 3 * heavy + 1, 1, 5);
    const cps = clamp(rng.next() * 3.5 * heavy, 0, 6);
    const adlh = clamp(rng.next() * 3.5 * heavy, 0, 6);
    const iadlch = clamp(rng.next() * 4 * heavy + 1, 0, 6);
    const drs = clamp(rng.next() * 6, 0, 14);
    const chess = clamp(rng.next() * 3, 0, 5);
    const night = service === 'service_housing_24h' ? rng.chance(0.7) : rng.chance(0.08);
    const carer = service === 'family_caregiver_support' ? rng.chance(0.9) : rng.chance(0.25);
    const assessedOn = addDays(it.contact_date, Math.min(rng.int(1, 9), daysBetween(it.contact_date, today)));
    const level = maple5 >= 4 ? 'red' : maple5 >= 2 ? 'yellow' : 'green';
    const aId = rng.uuidv7(Date.parse(`${assessedOn}T10:00:00Z`));
    insA.run(
      aId, it.client_id, it.id, assessedOn, rng.weighted(METHOD), maple5, cps, adlh, iadlch, drs, chess, night ? 1 : 0, carer ? 1 : 0,
      'Liikkuu kotona rollaattorilla; peseytymisessä ja lääkehoidossa tarvitaan apua.', 'Haluaa asua kotona niin pitkään kuin mahdollista.',
      level === 'red' ? 'Avuntarve on runsas ja jatkuva.' : 'Avuntarve on säännöllinen, kotona asuminen onnistuu tuettuna.',
      level, it.assigned_worker_id, time.at(assessedOn, 12), time.at(assessedOn, 12),
    );
    result.assessments += 1;
    if (it.status === 'assessment') continue;

    // The decision: the state follows the item (closed items: sent; items in the decision phase: every state).
    const status = it.status === 'closed' ? 'sent' : rng.weighted([['draft', 30], ['proposed', 25], ['signed', 25], ['sent', 20]] as const);
    const outcome: DecisionOutcome = rng.weighted([['grant', 74], ['partial_grant', 10], ['refusal', 11], ['change', 5]] as const);
    const created = addDays(assessedOn, Math.min(rng.int(0, 6), daysBetween(assessedOn, today)));
    const decided = status === 'signed' || status === 'sent' ? addDays(created, Math.min(rng.int(0, 4), daysBetween(created, today))) : null;
    const amount =
      service === 'home_care'
        ? rng.chance(0.08) ? rng.int(62, 90) : rng.int(6, 58)
        : service === 'support_services'
          ? rng.int(2, 12)
          : service === 'short_term_care'
            ? rng.int(5, 14)
            : null;
    // Who may sign (the seeded delegation rules): 24h housing → service manager; family care support and home care
    // over 60 h → social worker; everything else → the guidance worker.
    let maker =
      service === 'service_housing_24h'
        ? rng.pick(usersByRole.get('service_manager')!)
        : service === 'family_caregiver_support' || (service === 'home_care' && amount !== null && amount > 60)
          ? rng.pick(usersByRole.get('social_worker')!)
          : it.assigned_worker_id;
    // A proposal goes to someone else: the worker's own-power decisions are proposed to a social worker.
    if (status === 'proposed' && maker === it.assigned_worker_id) maker = rng.pick(usersByRole.get('social_worker')!);
    const lines = outcome === 'refusal' ? [] : [service];
    const codes = [
      outcome === 'refusal' ? reasoningFor('criteria_not_met') : reasoningFor(outcome === 'change' ? 'need_changed' : 'criteria_met'),
      ...(service === 'home_care' && outcome !== 'refusal' ? [reasoningFor('home_first')] : []),
      ...(service === 'service_housing_24h' && outcome === 'grant' ? [reasoningFor('round_the_clock_need')] : []),
    ];
    let number: number | null = null;
    let year: number | null = null;
    if (decided) {
      year = Number(decided.slice(0, 4));
      number = (numbers.get(year) ?? 0) + 1;
      numbers.set(year, number);
    }
    const sent = status === 'sent' ? addDays(decided!, Math.min(rng.int(0, 3), daysBetween(decided!, today))) : null;
    const channel = sent ? (rng.chance(0.25) ? 'electronic' : 'letter') : null;
    const appeal = sent ? appealDeadlines(sent, channel as 'letter' | 'electronic') : null;
    const dId = rng.uuidv7(Date.parse(`${created}T11:00:00Z`));
    // Services first (foreign keys are deferred to the commit): a made decision's services can never be added later.
    for (const code of lines) {
      const provs = providersByService.get(code) ?? [];
      const prov = provs.length ? rng.pick(provs) : null;
      const start = addDays(decided ?? created, rng.int(1, 14));
      const short = code === 'short_term_care';
      insLine.run(
        rng.uuidv7(Date.parse(`${created}T11:00:01Z`)), dId, code, outcome === 'partial_grant' && amount ? Math.max(1, Math.round(amount * 0.6)) : amount,
        start, short ? addDays(start, 60) : null, prov?.kind ?? 'own', prov?.id ?? null,
        prov?.kind === 'voucher' ? rng.pick([2650, 2900, 3150]) : null, // value per hour or visit, in cents
      );
    }
    insD.run({
      id: dId,
      client: it.client_id,
      item: it.id,
      assessment: aId,
      outcome,
      status,
      applied: service,
      appliedOn: it.contact_date,
      codes: JSON.stringify(codes.map((c) => c.id)),
      fi: decided ? codes.map((c) => c.text_fi).join('\n\n') : null,
      sv: decided ? codes.map((c) => c.text_sv).join('\n\n') : null,
      legal: `${legal.get(service)}; Hallintolaki 434/2003 44–45 § (päätöksen sisältö ja perusteleminen)`,
      drafter: it.assigned_worker_id,
      maker: status === 'draft' ? null : maker,
      number,
      year,
      decided,
      signedAt: decided ? time.at(decided, 14) : null,
      sent,
      channel,
      notified: appeal?.deemedReceived ?? null,
      appeal: appeal?.lastDay ?? null,
      arrange: decided && lines.length > 0 ? arrangeBy(decided) : null,
      created: time.at(created, 13),
    });
    result.decisions += 1;

    // A client plan for granted services.
    if (lines.length > 0 && decided) {
      insPlan.run(
        rng.uuidv7(Date.parse(`${assessedOn}T13:00:00Z`)), it.client_id, aId, assessedOn,
        'Asiakas asuu turvallisesti kotona; toimintakyky säilyy; omaisen jaksaminen tuettu.',
        JSON.stringify(lines.map((code) => ({ serviceCode: code, amount, note: '' }))),
        'Toivoo apua aamuisin ja iltaisin.', 'Tytär toivoo säännöllistä yhteydenpitoa.', reassessmentDue(assessedOn), it.assigned_worker_id,
        time.at(assessedOn, 15),
      );
      result.plans += 1;
    }
  }
  // Earlier clients: one older assessment from their latest earlier item, so every active client has a history
  // (and the unit a realistic backlog of reassessments). Scores derive deterministically from the item id.
  const older = db
    .prepare(
      `INSERT INTO assessments (id, client_id, intake_item_id, assessed_on, method, maple5, cps, adlh, iadlch, drs, chess, night_care_need,
         informal_carer, functional_notes, client_view, conclusion, service_level, worker_id, created_at, updated_at)
       SELECT i.id, i.client_id, i.id, date(i.contact_date, '+5 days'), 'home_visit',
         1 + h % 4, h % 5, (h / 5) % 5, 1 + (h / 25) % 5, (h / 7) % 8, (h / 11) % 4, 0, (h / 13) % 2,
         '', '', '', CASE WHEN h % 4 >= 3 THEN 'red' WHEN h % 4 >= 1 THEN 'yellow' ELSE 'green' END,
         i.assigned_worker_id, date(i.contact_date, '+5 days') || 'T10:00:00.000Z', date(i.contact_date, '+5 days') || 'T10:00:00.000Z'
       FROM (SELECT it.*, (unicode(substr(it.id, 36, 1)) * 31 + unicode(substr(it.id, 35, 1)) * 7 + unicode(substr(it.id, 34, 1))) AS h,
               row_number() OVER (PARTITION BY it.client_id ORDER BY it.id DESC) AS nth
             FROM intake_items it
             WHERE it.status = 'closed' AND it.assigned_worker_id IS NOT NULL AND it.client_id IS NOT NULL
               AND it.contact_date < @from AND it.contact_date >= @oldest
               AND it.client_id NOT IN (SELECT client_id FROM assessments)) i
       WHERE i.nth = 1`,
    )
    .run({ from: addDays(today, -GUIDANCE_HISTORY_DAYS), oldest: addDays(today, -3 * 365) });
  result.assessments += older.changes;
  const setNum = db.prepare('INSERT INTO decision_numbers (year, last) VALUES (?, ?)');
  for (const [y, n] of numbers) setNum.run(y, n);
  return result;
}
