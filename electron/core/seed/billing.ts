// Demo billing data: long-standing services of earlier clients (home care, round-the-clock housing, meals,
// safety phones) made by sent decisions, incomes and deductions of clients and spouses, the fee decisions in
// force (a 2025 decision and the 1.1.2026 index revision, or a decision from a recent service's start),
// drafts awaiting billing review, interruptions, short-term care periods and family carer agreements with
// days off. Fees come from the real formulas, so a freshly seeded database bills a realistic month.
import { addDays, addMonthsClamped, maxDate, minDate } from '../../../shared/domain/dates';
import { INCOME_KIND_RULES, type IncomeKind } from '../../../shared/domain/fees/incomes';
import type { Db } from '../db/connection';
import { computeFee, loadFeeBases, type DecidedFeeType } from '../fees/basis';
import { listParameterSets, parameterSetOn } from '../fees/parameters';
import { ensureFeeParameters } from '../fees/parameters';
import { FEE_LEGAL_BASIS, feeReasoning } from '../fees/decisions';
import { ensureDemoBillingSettings } from '../invoicing/settings';
import { Rng } from './random';
import { seedServicePeriods } from './arrangement';
import { COUNTY_START } from './dates';
import type { SeedTime } from './time';
import type { SeedProgressMeter } from './progress';

export interface BillingSeedResult {
  incomes: number;
  feeDecisions: number;
  feeDrafts: number;
  agreements: number;
}

const CARER_FIRST = ['Matti', 'Liisa', 'Pekka', 'Anna', 'Juhani', 'Ritva', 'Kari', 'Eila', 'Mikael', 'Birgitta'];

export function seedBilling(
  db: Db,
  opts: { today: string; seed: number; epoch: number; resourcesDir: string; time: SeedTime; meter?: SeedProgressMeter },
): BillingSeedResult {
  const rng = new Rng(opts.seed ^ 0xb111);
  opts.meter?.begin('billing', 7);
  const { today, time } = opts;
  const nowIso = time.nowIso;
  ensureFeeParameters(db, opts.resourcesDir, new Date(nowIso));
  ensureDemoBillingSettings(db);
  const result: BillingSeedResult = { incomes: 0, feeDecisions: 0, feeDrafts: 0, agreements: 0 };
  // Every date below is relative to today and falls within the county's time (issue 16: they were 2023–2026
  // literals, so a county generated before 2026 had decisions made after its today).
  const sets = listParameterSets(db);
  const feesFrom = maxDate(COUNTY_START, sets.map((x) => x.parameters.validFrom).sort()[0] ?? COUNTY_START);
  const billingUser = db.prepare("SELECT id FROM users WHERE role = 'billing' ORDER BY username LIMIT 1").pluck().get() as string;
  const socialWorker = db.prepare("SELECT id FROM users WHERE role = 'social_worker' ORDER BY username LIMIT 1").pluck().get() as string;
  const manager = db.prepare("SELECT id FROM users WHERE role = 'service_manager' ORDER BY username LIMIT 1").pluck().get() as string;
  const legal = new Map((db.prepare('SELECT code, legal_basis FROM services').all() as { code: string; legal_basis: string }[]).map((r) => [r.code, r.legal_basis]));
  const numbers = new Map<number, number>(
    (db.prepare('SELECT year, last FROM decision_numbers').all() as { year: number; last: number }[]).map((r) => [r.year, r.last]),
  );
  const nextNumber = (year: number) => {
    const n = (numbers.get(year) ?? 0) + 1;
    numbers.set(year, n);
    return n;
  };

  // Long-standing services of earlier clients (no decisions of their own yet): about a quarter of them.
  const earlier = db
    .prepare(
      `SELECT id, birth_date FROM clients c WHERE deleted = 0 AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.client_id = c.id) ORDER BY id`,
    )
    .all() as { id: string; birth_date: string }[];
  const insD = db.prepare(`INSERT INTO decisions (id, client_id, kind, outcome, status, applied_service, reasoning_fi, reasoning_sv, legal_basis, drafted_by,
      decision_maker_id, number, number_year, decided_on, signed_at, sent_on, send_channel, notified_on, appeal_last_day, created_at, updated_at)
      VALUES (@id, @client, @kind, @outcome, @status, @service, @fi, @sv, @legal, @drafter, @maker, @number, @year, @decided, @signedAt, @sent, @channel,
        @notified, @appeal, @created, @created)`);
  const insLine = db.prepare(`INSERT INTO decision_services (id, decision_id, sort, service_code, amount, start_date, end_date, provider_kind)
      VALUES (?, ?, ?, ?, ?, ?, NULL, 'own')`);
  const madeDecision = (
    client: string,
    kind: 'service' | 'fee',
    service: string,
    decided: string,
    maker: string,
    sent: boolean,
    outcome = 'grant',
    lines?: (id: string) => void,
    reasoning?: { fi: string; sv: string },
  ) => {
    const id = rng.uuidv7(time.ms(decided, 11));
    // A made decision's services can never be added later (trigger): they go in first; foreign keys are deferred.
    lines?.(id);
    const year = Number(decided.slice(0, 4));
    const sentOn = sent && decided < today ? addDays(decided, 1) : null;
    insD.run({
      id,
      client,
      kind,
      outcome,
      status: sentOn ? 'sent' : 'signed',
      service,
      fi: reasoning?.fi ?? (kind === 'service' ? 'Asiakkaan palveluntarve on arvioitu ja myöntämisperusteet täyttyvät.' : 'Maksu on laskettu asiakasmaksulain mukaan.'),
      sv: reasoning?.sv ?? (kind === 'service' ? 'Klientens servicebehov har bedömts och kriterierna uppfylls.' : 'Avgiften har beräknats enligt klientavgiftslagen.'),
      legal: kind === 'service' ? (legal.get(service) ?? '') : FEE_LEGAL_BASIS[service === 'home_care' ? 'home_care' : 'long_term'],
      drafter: maker,
      maker,
      number: nextNumber(year),
      year,
      decided,
      signedAt: time.at(decided, 14),
      sent: sentOn,
      channel: sentOn ? 'letter' : null,
      notified: sentOn ? addDays(sentOn, 7) : null,
      appeal: sentOn ? addDays(sentOn, 37) : null,
      created: time.at(decided, 11),
    });
    return id;
  };

  for (const c of earlier) {
    if (!rng.chance(0.25)) continue;
    const kind = rng.weighted([['home_care', 62], ['service_housing_24h', 18], ['meal_service', 12], ['safety_service', 8]] as const);
    // Started 5 months to 4 years ago, but not before the county billed fees (its first fee parameters);
    // decided 3–14 days before the start, and so never before the county took over on 1.1.2023.
    const start = maxDate(addDays(today, -rng.int(150, 1400)), feesFrom);
    const amount = kind === 'home_care' ? (rng.chance(0.1) ? rng.int(50, 80) : rng.int(4, 45)) : kind === 'meal_service' ? rng.int(8, 30) : null;
    // Home-care clients often also have a safety phone or meals.
    const extra = kind === 'home_care' && rng.chance(0.35) ? (rng.chance(0.6) ? 'safety_service' : 'meal_service') : null;
    const extraAmount = extra === 'meal_service' ? rng.int(8, 30) : null;
    const decided = minDate(maxDate(addDays(start, -rng.int(3, 14)), COUNTY_START), today);
    madeDecision(c.id, 'service', kind, decided, kind === 'service_housing_24h' ? manager : socialWorker, true, 'grant', (dId) => {
      insLine.run(rng.uuidv7(time.ms(decided, 11)), dId, 0, kind, amount, start);
      if (extra) insLine.run(rng.uuidv7(time.ms(decided, 11) + 1000), dId, 1, extra, extraAmount, start);
    });
  }

  // When the granted services actually started (fees run from the actual start).
  opts.meter?.tick(1);
  seedServicePeriods(db, { today, seed: opts.seed, time });

  opts.meter?.tick(2);
  // Incomes and deductions for everyone with a fee-bearing service in force today.
  const bases = loadFeeBases(db, today);
  const insIncome = db.prepare(`INSERT INTO incomes (id, client_id, person, kind, gross_cents, net_cents, taxable, counted, valid_from, valid_to, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`);
  const insDeduction = db.prepare(`INSERT INTO fee_deductions (id, client_id, person, kind, monthly_cents, valid_from, valid_to, updated_at) VALUES (?, ?, 'client', ?, ?, ?, NULL, ?)`);
  const income = (client: string, person: 'client' | 'spouse', kind: IncomeKind, gross: number, from: string) => {
    const d = INCOME_KIND_RULES[kind];
    const net = d.taxable ? Math.round(gross * (gross > 200000 ? 0.72 : gross > 120000 ? 0.8 : 0.9)) : gross;
    insIncome.run(rng.uuidv7(time.ms(from, 12)), client, person, kind, gross, net, d.taxable ? 1 : 0, 1, from, nowIso);
    result.incomes++;
  };
  // Incomes as known from before the oldest fee decision below (which starts at most 25 months back).
  const incomesFrom = maxDate(feesFrom, `${addMonthsClamped(today, -25).slice(0, 7)}-01`);
  for (const b of bases.values()) {
    if (!b.services.has('home_care') && !b.services.has('service_housing_24h')) continue;
    const from = incomesFrom;
    const pension = rng.weighted([
      [rng.int(90000, 140000), 45],
      [rng.int(140000, 220000), 35],
      [rng.int(220000, 420000), 15],
      [rng.int(60000, 90000), 5],
    ] as const);
    income(b.clientId, 'client', 'earnings_pension', pension, from);
    if (pension < 130000) income(b.clientId, 'client', 'national_pension', rng.int(5000, 40000), from);
    if (rng.chance(0.15)) income(b.clientId, 'client', 'capital', rng.int(1000, 30000), from);
    if (rng.chance(0.3)) income(b.clientId, 'client', 'care_allowance', rng.pick([7603, 17894, 37835]), from);
    if (b.hasSpouse) income(b.clientId, 'spouse', 'earnings_pension', rng.int(80000, 260000), from);
    if (b.services.has('service_housing_24h')) {
      insDeduction.run(rng.uuidv7(time.ms(from, 12)), b.clientId, 'housing_cost', rng.int(55000, 80000), from, nowIso);
      if (rng.chance(0.4)) insDeduction.run(rng.uuidv7(time.ms(from, 12) + 1000), b.clientId, 'housing_allowance', rng.int(15000, 35000), from, nowIso);
      if (rng.chance(0.5)) insDeduction.run(rng.uuidv7(time.ms(from, 12) + 2000), b.clientId, 'medicines', rng.int(2000, 5000), from, nowIso);
      if (rng.chance(0.1)) insDeduction.run(rng.uuidv7(time.ms(from, 12) + 3000), b.clientId, 'guardian_fee', rng.int(2000, 6000), from, nowIso);
    }
  }

  opts.meter?.tick(3);
  // Fee decisions: for each fee-bearing service, a decision from its start (with the parameters then in force;
  // for a service older than two years, from the 1st of January of last year) and an index revision from the
  // start of every later parameter set that has begun, or begins within a month and was decided by today.
  // Services that began within the last three weeks get a draft for billing to review instead.
  const revisions = sets.map((x) => x.parameters.validFrom).sort();
  const insFee = db.prepare(`INSERT INTO fee_decisions (decision_id, client_id, fee_type, valid_from, fee_cents, ends, previous_fee_cents, previous_decision_id,
      reason, parameter_set_id, inputs_json, explanation_json) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`);
  const insDraft = db.prepare(`INSERT INTO decisions (id, client_id, kind, outcome, status, applied_service, reasoning_free, legal_basis, drafted_by, created_at, updated_at)
      VALUES (?, ?, 'fee', ?, 'draft', ?, '', ?, ?, ?, ?)`);
  const withIncomes = loadFeeBases(db, today);
  const recentFrom = addDays(today, -21);
  for (const b of withIncomes.values()) {
    for (const feeType of ['home_care', 'long_term'] as DecidedFeeType[]) {
      const service = b.services.get(feeType === 'home_care' ? 'home_care' : 'service_housing_24h');
      if (!service) continue;
      const first = maxDate(service.startDate < addMonthsClamped(today, -24) ? `${Number(today.slice(0, 4)) - 1}-01-01` : service.startDate, feesFrom);
      const starts = [first, ...revisions.filter((r) => r > first && revisionDecided(r) <= today)];
      let previous: { id: string; fee: number } | null = null;
      let previousDecided = COUNTY_START;
      for (const [i, from] of starts.entries()) {
        const set = parameterSetOn(sets, from);
        const computed = computeFee(set.parameters, feeType, b, from);
        if (!computed) continue;
        const reason = i === 0 ? 'new_service' : 'parameters';
        const draft = from >= recentFrom && i === starts.length - 1 && rng.chance(0.7);
        let id: string;
        if (draft) {
          id = rng.uuidv7(time.ms(today, 9));
          insDraft.run(id, b.clientId, previous ? 'change' : 'grant', service.serviceCode, FEE_LEGAL_BASIS[feeType], billingUser, nowIso, nowIso);
          result.feeDrafts++;
        } else {
          // A revision is decided three weeks ahead; a new fee two days before it starts, by today at the latest
          // and not before the fees' first parameters.
          const decided = i > 0 ? maxDate(revisionDecided(from), previousDecided) : minDate(maxDate(addDays(from, -2), feesFrom), today);
          previousDecided = decided;
          // Worded as signing a draft words it (fees/decisions.ts): the computation and the 11 § notice.
          const explanation = computed.result.explanation;
          const reasoning = { fi: feeReasoning(reason, explanation, 'fi'), sv: feeReasoning(reason, explanation, 'sv') };
          const kind = feeType === 'home_care' ? 'home_care' : 'service_housing_24h';
          id = madeDecision(b.clientId, 'fee', kind, decided, billingUser, decided < addDays(today, -5) || rng.chance(0.5), previous ? 'change' : 'grant', undefined, reasoning);
          result.feeDecisions++;
        }
        insFee.run(
          id,
          b.clientId,
          feeType,
          from,
          computed.result.feeCents,
          previous?.fee ?? null,
          previous?.id ?? null,
          reason,
          set.id,
          JSON.stringify(computed.inputs),
          JSON.stringify(computed.result.explanation),
        );
        previous = { id, fee: computed.result.feeCents };
      }
    }
  }

  opts.meter?.tick(4);
  // Interruptions (asiakasmaksulaki 10 k §): hospital stays, the client's own and the provider's, this month and last, and
  // short-term care periods, institutional (SHL 22 §) and in service housing (SHL 21 c §).
  const insAbsence = db.prepare('INSERT INTO absences (id, client_id, cause, from_date, to_date, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const monthStart = `${today.slice(0, 7)}-01`;
  const prevStart = addMonthsClamped(monthStart, -1);
  for (const b of withIncomes.values()) {
    if (!rng.chance(0.08)) continue;
    const cause = rng.weighted([['institution', 55], ['client', 25], ['short_term_institutional', 8], ['short_term_housing', 7], ['provider', 5]] as const);
    let from = addDays(rng.chance(0.5) ? prevStart : monthStart, rng.int(0, 20));
    // An interruption has begun by today: one drawn after today moves a month back (clamped to end today, it
    // used to end before it began, and the first start crashed on the 1st–20th of a month; issue 16).
    if (from > today) from = addMonthsClamped(from, -1);
    const to = addDays(from, cause === 'provider' ? rng.int(0, 2) : rng.int(2, 14));
    // One still going on is recorded up to today.
    insAbsence.run(rng.uuidv7(time.ms(from, 12)), b.clientId, cause, from, to > today ? today : to, '', nowIso);
  }

  opts.meter?.tick(5);
  // Clients with an e-invoice receiving agreement (fictitious addresses at real Finnish banks' intermediator
  // codes), and a few free cards: the fee ceiling reached elsewhere during a short-term care period. A
  // separate random stream keeps the rest of the demo data as it was.
  const rng2 = new Rng(opts.seed ^ 0xe1a5);
  const banks = ['NDEAFIHH', 'OKOYFIHH', 'DABAFIHH', 'HELSFIHH', 'AABAFI22', 'POPFFI22', 'SBANFIHH'];
  const setEinvoice = db.prepare('UPDATE clients SET einvoice_address = ?, einvoice_intermediator = ? WHERE id = ?');
  for (const b of withIncomes.values())
    if (rng2.chance(0.15)) setEinvoice.run(`FI${String(rng2.int(10, 99))}${String(rng2.int(1e7, 1e8 - 1))}${String(rng2.int(1e5, 1e6 - 1))}`, rng2.pick(banks), b.clientId);
  // Three free cards in three different areas (the first short stay of each), so every area's users meet one.
  const byArea = new Map<string, { client_id: string; from_date: string; to_date: string }>();
  for (const st of db
    .prepare(
      `SELECT a.client_id, a.from_date, a.to_date, c.area_id FROM absences a JOIN clients c ON c.id = a.client_id
       WHERE a.cause = 'short_term_institutional' AND a.to_date > a.from_date ORDER BY a.id`,
    )
    .iterate() as Iterable<{ client_id: string; from_date: string; to_date: string; area_id: string }>) {
    if (!byArea.has(st.area_id)) byArea.set(st.area_id, st);
    if (byArea.size === 3) break;
  }
  const shortStays = [...byArea.values()];
  const insNotice = db.prepare('INSERT INTO fee_ceiling_notices (id, client_id, year, reached_on, note, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const st of shortStays) {
    const reached = addDays(st.from_date, 1);
    insNotice.run(rng2.uuidv7(time.ms(reached, 12)), st.client_id, Number(reached.slice(0, 4)), reached, 'Vapaakortti, terveysasema', billingUser, nowIso, nowIso);
  }

  opts.meter?.tick(6);
  // Family carer agreements for clients granted family care support, with days off taken.
  const supported = db
    .prepare(
      `SELECT DISTINCT d.client_id, ds.start_date FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       WHERE ds.service_code = 'family_caregiver_support' AND d.status IN ('signed','sent') AND d.outcome <> 'refusal'`,
    )
    .all() as { client_id: string; start_date: string }[];
  const extra = earlier
    .filter(() => rng.chance(0.012))
    .map((c) => ({ client_id: c.id, start_date: maxDate(addDays(today, -rng.int(60, 1050)), feesFrom) }));
  const insAgreement = db.prepare(`INSERT INTO care_agreements (id, client_id, carer_name, carer_hetu, carer_iban, carer_street, carer_postal_code, carer_post_office,
      tier_code, continuous_care, start_date, end_date, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`);
  const insOff = db.prepare('INSERT OR IGNORE INTO carer_days_off (id, agreement_id, day, created_at) VALUES (?, ?, ?, ?)');
  const lastName = db.prepare('SELECT last_name, street_address, postal_code, post_office FROM clients WHERE id = ?');
  const ibans = ['FI2112345600000785', 'FI5810171000000122', 'FI0250004640001302'];
  for (const [i, s] of [...supported, ...extra].entries()) {
    const c = lastName.get(s.client_id) as { last_name: string; street_address: string | null; postal_code: string | null; post_office: string | null };
    const id = rng.uuidv7(time.ms(s.start_date, 12));
    // Fictitious carers get temporary-range identity codes (NNN 900–999) computed like real ones.
    const hetu = fakeHetu(rng, i);
    insAgreement.run(
      id,
      s.client_id,
      `${c.last_name} ${rng.pick(CARER_FIRST)}`,
      hetu,
      rng.pick(ibans),
      c.street_address ?? '',
      c.postal_code ?? '',
      c.post_office ?? '',
      rng.weighted([['I', 50], ['II', 35], ['III', 15]] as const),
      rng.chance(0.6) ? 1 : 0,
      s.start_date,
      nowIso,
    );
    result.agreements++;
    for (const m of [prevStart, monthStart]) {
      const n = rng.int(0, 3);
      for (let k = 0; k < n; k++) {
        const day = addDays(m, rng.int(0, 25));
        if (day >= s.start_date && day <= today) insOff.run(rng.uuidv7(time.ms(day, 12)), id, day, nowIso);
      }
    }
  }

  const setNum = db.prepare('INSERT INTO decision_numbers (year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET last = excluded.last');
  for (const [y, n] of numbers) setNum.run(y, n);
  return result;
}

/** An index revision (new parameters from a date) is decided three weeks before it takes effect. */
function revisionDecided(validFrom: string): string {
  return addDays(validFrom, -20);
}

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

function fakeHetu(rng: Rng, i: number): string {
  const y = rng.int(45, 75);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  const n = 900 + (i % 100);
  const digits = `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}`;
  return `${digits}-${n}${CHECK[Number(`${digits}${n}`) % 31]}`;
}
