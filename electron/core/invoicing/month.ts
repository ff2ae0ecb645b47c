// What one month bills, client by client: income-based fees from the fee decisions in force (prorated by days
// and interruptions), short-term care days, support services from the price list, the respite fee for a
// family carer's days off, and corrections of earlier months whose fee was changed retroactively, whose
// invoice was credited, whose interruptions were recorded late, or whose short-term care days fell past a fee
// ceiling recorded later. Short-term care
// accrues toward the annual fee ceiling (asiakasmaksulaki 6 a §, shared/domain/fees/ceiling.ts). Everything
// is loaded in bulk once per run; computing a client is then pure.
import { addDays, formatFi } from '../../../shared/domain/dates';
import { monthBounds, monthCharge, type Interruption } from '../../../shared/domain/fees/interruptions';
import { chargeDaysUnderCeiling } from '../../../shared/domain/fees/ceiling';
import { explainMonthCharge } from '../../../shared/domain/fees/explain';
import { monthlyWords, monthNumber, type MonthlyFeeRow } from '../../../shared/domain/fees/invoice-rows';
import { SHORT_TERM_CAUSES, type FeeParameters, type InterruptionCause } from '../../../shared/domain/fees/parameters';
import { formatEuros } from '../../../shared/domain/letters';
import type { Db } from '../db/connection';
import { servicesInForce, type DecidedFeeType } from '../fees/basis';
import { earliestValidFrom } from '../fees/decisions';
import { listParameterSets, parameterSetOn, type StoredParameterSet } from '../fees/parameters';

export interface InvoiceRowDraft {
  rowType: 'home_care' | 'long_term' | 'short_term' | 'support' | 'respite' | 'correction' | 'credit';
  serviceCode: string;
  feeDecisionId: string | null;
  serviceMonth: string;
  periodFrom: string;
  periodTo: string;
  quantity: number;
  unit: string;
  unitPriceCents: number;
  amountCents: number;
  descriptionFi: string;
  descriptionSv: string;
  basis: Record<string, unknown>;
  countsToCeiling: boolean;
}

interface FeeDecisionRef {
  decisionId: string;
  number: string;
  validFrom: string;
  feeCents: number;
  ends: boolean;
}

const FEE_NAMES: Record<DecidedFeeType, { fi: string; sv: string }> = {
  home_care: { fi: 'Säännöllinen kotihoito', sv: 'Regelbunden hemvård' },
  long_term: { fi: 'Ympärivuorokautinen palveluasuminen', sv: 'Serviceboende med heldygnsomsorg' },
};

const SUPPORT_UNITS: Record<string, { fi: string; sv: string }> = {
  meal: { fi: 'ateria', sv: 'måltid' },
  month: { fi: 'kk', sv: 'mån' },
  visit: { fi: 'käynti', sv: 'besök' },
  hour: { fi: 'h', sv: 'h' },
};

function period(a: string, b: string): string {
  return a === b ? formatFi(a) : `${formatFi(a)}–${formatFi(b)}`;
}

export interface MonthData {
  month: string;
  first: string;
  last: string;
  params: FeeParameters;
  /** The parameters in force in a month (earlier months are corrected under their own). */
  paramsFor: (month: string) => FeeParameters;
  serviceNames: Map<string, { fi: string; sv: string }>;
  feeDecisions: Map<string, FeeDecisionRef[]>; // key client:feeType, sorted by validFrom then signing
  support: Map<string, { serviceCode: string; amount: number | null; from: string; to: string }[]>;
  absences: Map<string, Interruption[]>;
  daysOff: Map<string, string[]>;
  /**
   * Earlier months to re-check per client, with why: retroactive fee decisions, credited invoices, interruptions
   * recorded late, fee ceilings recorded later, rule corrections (these credit only: a corrected rule never
   * raises what was billed).
   */
  corrections: Map<string, Map<string, CorrectionWhy>>;
  /** Billed so far per "client:service:month:counts" (rows of invoices that are not cancelled). */
  billed: Map<string, number>;
  /** Per client: amounts that accrued toward the fee ceiling per service month, from the earliest month corrected. */
  ceilingAccrued: Map<string, Map<string, number>>;
  /** Per client: the earliest recorded date the ceiling was reached elsewhere, per year. */
  ceilingReached: Map<string, Map<number, string>>;
}

/** Why an earlier month is corrected: the reasons in words, and whether only a credit is due. */
export interface CorrectionWhy {
  reasons: Set<CorrectionReason>;
  /** Only rule corrections asked for it: a difference in the client's favour is credited, nothing is billed more. */
  creditOnly: boolean;
}

export type CorrectionReason = 'fee_decision' | 'credit_note' | 'interruption' | 'ceiling' | 'rule_change';

const CORRECTION_REASONS: Record<CorrectionReason, { fi: string; sv: string }> = {
  fee_decision: { fi: 'maksupäätös muuttunut takautuvasti', sv: 'avgiftsbeslutet har ändrats retroaktivt' },
  credit_note: { fi: 'lasku hyvitetty', sv: 'fakturan har krediterats' },
  interruption: { fi: 'keskeytys kirjattu jälkikäteen (asiakasmaksulaki 10 k §)', sv: 'avbrott registrerat i efterhand (klientavgiftslagen 10 k §)' },
  ceiling: { fi: 'maksukatto täyttynyt muualla (asiakasmaksulaki 6 a §)', sv: 'avgiftstaket har nåtts på annat håll (klientavgiftslagen 6 a §)' },
  rule_change: {
    fi: 'laskentasääntö korjattu lain mukaiseksi (asiakasmaksulaki 10 k §, 6 a §), liikaa laskutettu hyvitetään',
    sv: 'beräkningsregeln rättad enligt lagen (klientavgiftslagen 10 k §, 6 a §), det som fakturerats för mycket gottgörs',
  },
};

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function nextMonth(m: string): string {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
}

function monthsBetween(fromMonth: string, toMonthExclusive: string): string[] {
  const out: string[] = [];
  let [y, m] = fromMonth.split('-').map(Number) as [number, number];
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s >= toMonthExclusive) return out;
    out.push(s);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** Loads everything a month's run needs. `since` is when the previous run was made (for corrections). */
export function loadMonthData(db: Db, month: string, since: string | null, today: string): MonthData {
  const { first, last } = monthBounds(month);
  const sets = listParameterSets(db);
  const params = parameterSetOn(sets, first).parameters;
  const paramsFor = paramsByMonth(sets);
  const serviceNames = new Map(
    (db.prepare('SELECT code, name_fi, name_sv FROM services').all() as { code: string; name_fi: string; name_sv: string }[]).map((s) => [s.code, { fi: s.name_fi, sv: s.name_sv }]),
  );

  const feeDecisions = new Map<string, FeeDecisionRef[]>();
  const feeRows = db
    .prepare(
      `SELECT f.decision_id, f.client_id, f.fee_type, f.valid_from, f.fee_cents, f.ends, d.number, d.number_year FROM fee_decisions f
       JOIN decisions d ON d.id = f.decision_id WHERE d.status IN ('signed','sent') AND f.valid_from <= ?
       ORDER BY f.client_id, f.fee_type, f.valid_from, d.signed_at`,
    )
    .all(last) as { decision_id: string; client_id: string; fee_type: DecidedFeeType; valid_from: string; fee_cents: number; ends: number; number: number; number_year: number }[];
  for (const r of feeRows)
    push(feeDecisions, `${r.client_id}:${r.fee_type}`, {
      decisionId: r.decision_id,
      number: `${r.number}/${r.number_year}`,
      validFrom: r.valid_from,
      feeCents: r.fee_cents,
      ends: r.ends === 1,
    });

  // Support services priced per unit: the lines in force at the start or the end of the month.
  const priced = new Set(params.supportPrices.map((s) => s.serviceCode));
  const support = new Map<string, { serviceCode: string; amount: number | null; from: string; to: string }[]>();
  const seen = new Set<string>();
  for (const date of [last, first])
    for (const [clientId, services] of servicesInForce(db, date, null))
      for (const s of services.values()) {
        if (!priced.has(s.serviceCode)) continue;
        const key = `${clientId}:${s.serviceCode}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const from = s.startDate > first ? s.startDate : first;
        const to = s.endDate !== null && s.endDate < last ? s.endDate : last;
        if (to >= from) push(support, clientId, { serviceCode: s.serviceCode, amount: s.amount, from, to });
      }

  // Interruptions from before the earliest month a correction reaches: 10 k § counts an interruption's days from its
  // own first day, so one that began months earlier still decides which days are charged.
  const absences = new Map<string, Interruption[]>();
  for (const a of db
    .prepare('SELECT client_id, cause, from_date, to_date FROM absences WHERE deleted = 0 AND to_date >= ? AND from_date <= ?')
    .all(addDays(earliestValidFrom(today) < first ? earliestValidFrom(today) : first, -31), last) as { client_id: string; cause: InterruptionCause; from_date: string; to_date: string }[])
    push(absences, a.client_id, { from: a.from_date, to: a.to_date, cause: a.cause });

  const daysOff = new Map<string, string[]>();
  for (const d of db
    .prepare(
      `SELECT a.client_id, o.day FROM carer_days_off o JOIN care_agreements a ON a.id = o.agreement_id
       WHERE a.deleted = 0 AND o.day BETWEEN ? AND ? ORDER BY o.day`,
    )
    .all(first, last) as { client_id: string; day: string }[])
    push(daysOff, d.client_id, d.day);

  // Corrections: fee decisions signed since the previous run that reach back before this month, invoices
  // credited since then, and fee ceilings recorded since then as reached in an earlier month; only months
  // still within the one-year correction period.
  const corrections = new Map<string, Map<string, CorrectionWhy>>();
  const billed = new Map<string, number>();
  const earliestMonth = earliestValidFrom(today).slice(0, 7);
  if (since !== null) {
    const add = (clientId: string, fromMonth: string, reason: CorrectionReason, untilMonth = month) => {
      const start = fromMonth > earliestMonth ? fromMonth : earliestMonth;
      for (const m of monthsBetween(start, untilMonth < month ? untilMonth : month)) {
        let byMonth = corrections.get(clientId);
        if (!byMonth) corrections.set(clientId, (byMonth = new Map()));
        let why = byMonth.get(m);
        if (!why) byMonth.set(m, (why = { reasons: new Set(), creditOnly: reason === 'rule_change' }));
        why.reasons.add(reason);
        if (reason !== 'rule_change') why.creditOnly = false;
      }
    };
    for (const r of db
      .prepare(
        `SELECT f.client_id, f.valid_from FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id
         WHERE d.status IN ('signed','sent') AND d.signed_at > ? AND f.valid_from < ?`,
      )
      .all(since, first) as { client_id: string; valid_from: string }[])
      add(r.client_id, r.valid_from.slice(0, 7), 'fee_decision');
    for (const r of db
      .prepare(`SELECT client_id, month FROM invoices WHERE kind = 'credit_note' AND created_at > ? AND month < ?`)
      .all(since, month) as { client_id: string; month: string }[])
      add(r.client_id, r.month, 'credit_note');
    // Interruptions recorded (or removed) late, for days of a month already billed: a hospital stay frees
    // days of the fee, a short-term care stay is billed.
    for (const r of db
      .prepare(`SELECT client_id, from_date, to_date FROM absences WHERE updated_at > ? AND from_date < ?`)
      .all(since, first) as { client_id: string; from_date: string; to_date: string }[])
      add(r.client_id, r.from_date.slice(0, 7), 'interruption', addDays(r.to_date, 31).slice(0, 7));
    for (const r of db
      .prepare(`SELECT client_id, year, reached_on FROM fee_ceiling_notices WHERE updated_at > ? AND reached_on < ?`)
      .all(since, first) as { client_id: string; year: number; reached_on: string }[])
      add(r.client_id, r.reached_on.slice(0, 7), 'ceiling', `${r.year + 1}-01`);
    // A rule corrected to the letter of the law since the previous run: every month billed in the window is
    // re-checked, and what was billed too much is credited.
    for (const c of db.prepare('SELECT applies_from FROM fee_rule_changes WHERE recorded_at > ?').all(since) as { applies_from: string }[])
      for (const r of db
        .prepare(
          `SELECT DISTINCT i.client_id, r.service_month FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id
           WHERE i.status <> 'cancelled' AND r.service_code IN ('home_care','long_term','short_term_care','short_term_housing') AND r.service_month >= ? AND r.service_month < ?`,
        )
        .all(c.applies_from.slice(0, 7) > earliestMonth ? c.applies_from.slice(0, 7) : earliestMonth, month) as { client_id: string; service_month: string }[])
        add(r.client_id, r.service_month, 'rule_change', nextMonth(r.service_month));
    if (corrections.size > 0) {
      const rows = db
        .prepare(
          `SELECT i.client_id, r.service_code, r.service_month, r.counts_to_ceiling, SUM(r.amount_cents) AS cents FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id
           WHERE i.status <> 'cancelled' AND r.service_code IN ('home_care','long_term','short_term_care','short_term_housing') AND r.service_month < ?
           GROUP BY i.client_id, r.service_code, r.service_month, r.counts_to_ceiling`,
        )
        .all(month) as { client_id: string; service_code: string; service_month: string; counts_to_ceiling: number; cents: number }[];
      for (const r of rows)
        if (corrections.has(r.client_id)) billed.set(`${r.client_id}:${r.service_code}:${r.service_month}:${r.counts_to_ceiling}`, r.cents);
    }
  }

  // The fee ceiling: what accrued per client and service month since the start of the earliest year a
  // correction can reach, and the dates recorded as reached elsewhere.
  const ceilingAccrued = new Map<string, Map<string, number>>();
  for (const r of db
    .prepare(
      `SELECT i.client_id, r.service_month, SUM(r.amount_cents) AS cents FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id
       WHERE r.counts_to_ceiling = 1 AND i.status <> 'cancelled' AND r.service_month >= ? AND r.service_month < ?
       GROUP BY i.client_id, r.service_month`,
    )
    .all(`${earliestMonth.slice(0, 4)}-01`, month) as { client_id: string; service_month: string; cents: number }[]) {
    let m = ceilingAccrued.get(r.client_id);
    if (!m) ceilingAccrued.set(r.client_id, (m = new Map()));
    m.set(r.service_month, r.cents);
  }
  const ceilingReached = new Map<string, Map<number, string>>();
  for (const r of db
    .prepare('SELECT client_id, year, MIN(reached_on) AS reached_on FROM fee_ceiling_notices WHERE deleted = 0 AND reached_on <= ? GROUP BY client_id, year')
    .all(last) as { client_id: string; year: number; reached_on: string }[]) {
    let m = ceilingReached.get(r.client_id);
    if (!m) ceilingReached.set(r.client_id, (m = new Map()));
    m.set(r.year, r.reached_on);
  }
  return { month, first, last, params, paramsFor, serviceNames, feeDecisions, support, absences, daysOff, corrections, billed, ceilingAccrued, ceilingReached };
}

function paramsByMonth(sets: readonly StoredParameterSet[]): (month: string) => FeeParameters {
  const cache = new Map<string, FeeParameters>();
  return (month) => {
    let p = cache.get(month);
    if (!p) cache.set(month, (p = parameterSetOn(sets, `${month}-01`).parameters));
    return p;
  };
}

/** Every client the month bills, in id order (the run's resume order). */
export function clientsToBill(d: MonthData): string[] {
  const ids = new Set<string>();
  for (const key of d.feeDecisions.keys()) ids.add(key.slice(0, key.indexOf(':')));
  for (const k of d.support.keys()) ids.add(k);
  for (const [k, list] of d.absences) if (list.some((a) => SHORT_TERM_CAUSES.includes(a.cause) && a.to >= d.first && a.from <= d.last)) ids.add(k);
  for (const k of d.daysOff.keys()) ids.add(k);
  for (const k of d.corrections.keys()) ids.add(k);
  return [...ids].sort();
}

/** The fee segments of one month: [from, to] with the decision in force, from decisions sorted by start. */
function feeSegments(decisions: readonly FeeDecisionRef[], first: string, last: string): { from: string; to: string; d: FeeDecisionRef }[] {
  const byStart = new Map<string, FeeDecisionRef>();
  for (const d of decisions) byStart.set(d.validFrom, d); // the later signed of the same start wins
  const starts = [...byStart.keys()].sort();
  const out: { from: string; to: string; d: FeeDecisionRef }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]! < first ? first : starts[i]!;
    const nextStart = starts[i + 1];
    const to = nextStart !== undefined && addDays(nextStart, -1) < last ? addDays(nextStart, -1) : last;
    if (to < from || (nextStart !== undefined && nextStart <= first)) continue;
    out.push({ from, to, d: byStart.get(starts[i]!)! });
  }
  return out;
}

function feeRows(d: MonthData, clientId: string, feeType: DecidedFeeType, month: string, params: FeeParameters): InvoiceRowDraft[] {
  const decisions = d.feeDecisions.get(`${clientId}:${feeType}`);
  if (!decisions) return [];
  const { first, last } = monthBounds(month);
  const rows: InvoiceRowDraft[] = [];
  for (const seg of feeSegments(decisions, first, last)) {
    if (seg.d.ends || seg.d.feeCents === 0) continue;
    const c = monthCharge(params, feeType, seg.d.feeCents, month, seg.from, seg.to, d.absences.get(clientId) ?? []);
    if (!c || c.amountCents === 0) continue;
    const name = FEE_NAMES[feeType];
    // Each interruption in words, with the days it left charged and free (asiakasmaksulaki 10 k §).
    const why = { fi: explainMonthCharge(c, 'fi'), sv: explainMonthCharge(c, 'sv') };
    const m: MonthlyFeeRow = {
      month,
      monthlyCents: seg.d.feeCents,
      chargedDays: c.chargeableDays,
      daysInMonth: c.daysInMonth,
      amountCents: c.amountCents,
      whole: c.chargeableDays === c.daysInMonth && c.amountCents === seg.d.feeCents,
    };
    const partOfMonth = c.from !== first || c.to !== last;
    rows.push({
      rowType: feeType,
      serviceCode: feeType,
      feeDecisionId: seg.d.decisionId,
      serviceMonth: month,
      periodFrom: c.from,
      periodTo: c.to,
      quantity: c.chargeableDays,
      unit: 'pv',
      unitPriceCents: seg.d.feeCents,
      amountCents: c.amountCents,
      // A month reads as a month: "Säännöllinen kotihoito 11/2026, kuukausimaksu 1 272,25 € (maksupäätös 12/2026)";
      // a part of one says the days charged and the prorated amount (shared/domain/fees/invoice-rows.ts).
      descriptionFi: `${name.fi} ${monthNumber(month)}, ${monthlyWords(m, 'fi')} (maksupäätös ${seg.d.number})${partOfMonth ? `, maksu voimassa ${period(c.from, c.to)}` : ''}${
        why.fi.length ? `; ${why.fi.join('; ')}` : ''
      }`,
      descriptionSv: `${name.sv} ${monthNumber(month)}, ${monthlyWords(m, 'sv')} (avgiftsbeslut ${seg.d.number})${partOfMonth ? `, avgiften gäller ${period(c.from, c.to)}` : ''}${
        why.sv.length ? `; ${why.sv.join('; ')}` : ''
      }`,
      basis: {
        decision: seg.d.number,
        monthlyFeeCents: seg.d.feeCents,
        daysInMonth: c.daysInMonth,
        chargeableDays: c.chargeableDays,
        wholeMonthInterrupted: c.wholeMonthInterrupted,
        interruptions: c.interruptions,
        rule: 'asiakasmaksulaki 10 k §',
      },
      countsToCeiling: false,
    });
  }
  return rows;
}

/** Short-term care days of a client in a month by kind, in date order (overlapping records count a day once). */
function shortTermDays(d: MonthData, clientId: string, month: string, cause: InterruptionCause): string[] {
  const { first, last } = monthBounds(month);
  const days = new Set<string>();
  for (const a of d.absences.get(clientId) ?? []) {
    if (a.cause !== cause || a.to < first || a.from > last) continue;
    for (let day = a.from > first ? a.from : first, to = a.to < last ? a.to : last; day <= to; day = addDays(day, 1)) days.add(day);
  }
  return [...days].sort();
}

/**
 * Short-term institutional care rows of a month (lyhytaikainen laitoshoito, SHL 22 §; recorded as interruptions
 * of cause short_term_institutional): the county's daily fee, at most the decree's maximum (912/1992 12 §),
 * until the year's fee ceiling is reached; past it the maintenance fee (asiakasmaksulaki 6 a § 1 mom).
 * `accruedBefore` is what counted toward the ceiling in the year before this month.
 */
function shortTermRows(d: MonthData, clientId: string, month: string, accruedBefore: number): InvoiceRowDraft[] {
  const days = shortTermDays(d, clientId, month, 'short_term_institutional');
  if (days.length === 0) return [];
  const p = d.paramsFor(month);
  const inst = p.shortTerm.institutional;
  const daily = Math.min(inst.countyDailyCents, inst.statutoryMaxDailyCents);
  const year = Number(month.slice(0, 4));
  const noticed = d.ceilingReached.get(clientId)?.get(year) ?? null;
  const charge = chargeDaysUnderCeiling(days, daily, p.ceiling, accruedBefore, noticed);
  const reachedOn = noticed ?? charge.reachedOn;
  const name = { fi: 'Lyhytaikainen laitoshoito', sv: 'Kortvarig anstaltsvård' };
  const ceiling = formatEuros(p.ceiling.annualCents);
  return charge.segments.map((g) => {
    const head = { fi: `${name.fi} ${period(g.from, g.to)}`, sv: `${name.sv} ${period(g.from, g.to)}` };
    const text =
      g.kind === 'full'
        ? { fi: `${head.fi}, ${g.days} vrk × ${formatEuros(daily)} (asiakasmaksuasetus 912/1992 12 §)`, sv: `${head.sv}, ${g.days} dygn × ${formatEuros(daily)} (förordningen 912/1992 12 §)` }
        : g.kind === 'crossing'
          ? {
              fi: `${head.fi}, 1 vrk: vuoden maksukatto ${ceiling} täyttyy, peritään ${formatEuros(g.amountCents)} (asiakasmaksulaki 6 a §)`,
              sv: `${head.sv}, 1 dygn: årets avgiftstak ${ceiling} nås, ${formatEuros(g.amountCents)} debiteras (klientavgiftslagen 6 a §)`,
            }
          : {
              fi: `${head.fi}, ${g.days} vrk × ${formatEuros(g.unitPriceCents)} ylläpitomaksu, maksukatto täyttynyt${reachedOn ? ` ${formatFi(reachedOn)}` : ''} (asiakasmaksulaki 6 a § 1 mom)`,
              sv: `${head.sv}, ${g.days} dygn × ${formatEuros(g.unitPriceCents)} underhållsavgift, avgiftstaket nått${reachedOn ? ` ${formatFi(reachedOn)}` : ''} (klientavgiftslagen 6 a § 1 mom.)`,
            };
    return {
      rowType: 'short_term' as const,
      serviceCode: 'short_term_care',
      feeDecisionId: null,
      serviceMonth: month,
      periodFrom: g.from,
      periodTo: g.to,
      quantity: g.days,
      unit: 'vrk',
      unitPriceCents: g.unitPriceCents,
      amountCents: g.amountCents,
      descriptionFi: text.fi,
      descriptionSv: text.sv,
      basis: {
        kindOfCare: 'institutional',
        days: g.days,
        dailyCents: daily,
        statutoryMaxDailyCents: inst.statutoryMaxDailyCents,
        kind: g.kind,
        ceilingCents: p.ceiling.annualCents,
        maintenanceDailyCents: p.ceiling.maintenanceDailyCents,
        accruedBeforeCents: accruedBefore,
        ceilingReachedOn: reachedOn,
        ceilingNoticed: noticed !== null,
        source: `${p.figures.shortTermInstitutionalMax.source}; ${p.figures.ceiling.source}; ${p.shortTerm.source}`,
      },
      countsToCeiling: g.countsToCeiling,
    };
  });
}

/**
 * Short-term round-the-clock service housing rows (SHL 21 c §; interruptions of cause short_term_housing): the
 * county's daily price. It is not among the services of 6 a § 2 mom, so it does not accrue toward the fee
 * ceiling and has no maintenance fee past it.
 */
function shortTermHousingRows(d: MonthData, clientId: string, month: string): InvoiceRowDraft[] {
  const days = shortTermDays(d, clientId, month, 'short_term_housing');
  if (days.length === 0) return [];
  const p = d.paramsFor(month);
  const daily = p.shortTerm.housing.countyDailyCents;
  const runs: { from: string; to: string; days: number }[] = [];
  for (const day of days) {
    const lastRun = runs[runs.length - 1];
    if (lastRun && addDays(lastRun.to, 1) === day) {
      lastRun.to = day;
      lastRun.days++;
    } else runs.push({ from: day, to: day, days: 1 });
  }
  return runs.map((r) => ({
    rowType: 'short_term' as const,
    serviceCode: 'short_term_housing',
    feeDecisionId: null,
    serviceMonth: month,
    periodFrom: r.from,
    periodTo: r.to,
    quantity: r.days,
    unit: 'vrk',
    unitPriceCents: daily,
    amountCents: r.days * daily,
    descriptionFi: `Lyhytaikainen ympärivuorokautinen palveluasuminen ${period(r.from, r.to)}, ${r.days} vrk × ${formatEuros(daily)} (sosiaalihuoltolaki 21 c §; ei kerrytä maksukattoa)`,
    descriptionSv: `Kortvarigt serviceboende med heldygnsomsorg ${period(r.from, r.to)}, ${r.days} dygn × ${formatEuros(daily)} (socialvårdslagen 21 c §; räknas inte in i avgiftstaket)`,
    basis: { kindOfCare: 'housing', days: r.days, dailyCents: daily, source: p.shortTerm.source },
    countsToCeiling: false,
  }));
}

/** The rows of one client's invoice for the month. */
export function clientRows(d: MonthData, clientId: string): InvoiceRowDraft[] {
  const p = d.params;
  // Corrections first: a corrected earlier month changes what accrued toward this year's fee ceiling.
  const accrued = new Map(d.ceilingAccrued.get(clientId) ?? []);
  const accruedBefore = (month: string) => {
    let sum = 0;
    for (const [m, cents] of accrued) if (m.slice(0, 4) === month.slice(0, 4) && m < month) sum += cents;
    return sum;
  };
  const corrections = correctionRows(d, clientId, accrued, accruedBefore);
  const rows: InvoiceRowDraft[] = [
    ...feeRows(d, clientId, 'home_care', d.month, p),
    ...feeRows(d, clientId, 'long_term', d.month, p),
    ...shortTermRows(d, clientId, d.month, accruedBefore(d.month)),
    ...shortTermHousingRows(d, clientId, d.month),
  ];

  // Support services from the price list, prorated by days in force and interruptions.
  for (const s of d.support.get(clientId) ?? []) {
    const price = p.supportPrices.find((x) => x.serviceCode === s.serviceCode)!;
    const unitPrice = Math.min(price.priceCents, price.costCents);
    const c = monthCharge(p, 'support', 0, d.month, s.from, s.to, d.absences.get(clientId) ?? []);
    if (!c || c.chargeableDays === 0) continue;
    const perMonth = price.unit === 'month' ? 1 : Math.max(0, s.amount ?? 0);
    const quantity = Math.round(((perMonth * c.chargeableDays) / c.daysInMonth) * 100) / 100;
    const amount = Math.round(quantity * unitPrice);
    if (amount === 0) continue;
    const name = d.serviceNames.get(s.serviceCode) ?? { fi: s.serviceCode, sv: s.serviceCode };
    const unit = SUPPORT_UNITS[price.unit]!;
    const q = String(quantity).replace('.', ',');
    rows.push({
      rowType: 'support',
      serviceCode: s.serviceCode,
      feeDecisionId: null,
      serviceMonth: d.month,
      periodFrom: c.from,
      periodTo: c.to,
      quantity,
      unit: unit.fi,
      unitPriceCents: unitPrice,
      amountCents: amount,
      descriptionFi: `${name.fi} ${period(c.from, c.to)}, ${q} ${unit.fi} × ${formatEuros(unitPrice)}`,
      descriptionSv: `${name.sv} ${period(c.from, c.to)}, ${q} ${unit.sv} × ${formatEuros(unitPrice)}`,
      basis: { perMonth, chargeableDays: c.chargeableDays, daysInMonth: c.daysInMonth, unitPriceCents: unitPrice, source: price.source },
      countsToCeiling: false,
    });
  }

  // The respite fee for the family carer's days off (omaishoitajan vapaa), asiakasmaksulaki 6 b §.
  const off = d.daysOff.get(clientId);
  if (off && off.length > 0) {
    const respite = Math.min(p.respite.dailyCents, p.respite.statutoryMaxDailyCents);
    rows.push({
      rowType: 'respite',
      serviceCode: 'family_caregiver_support',
      feeDecisionId: null,
      serviceMonth: d.month,
      periodFrom: off[0]!,
      periodTo: off[off.length - 1]!,
      quantity: off.length,
      unit: 'pv',
      unitPriceCents: respite,
      amountCents: off.length * respite,
      descriptionFi: `Omaishoitajan vapaan ajan palvelut ${off.map((x) => formatFi(x).slice(0, -4)).join(', ')}, ${off.length} pv × ${formatEuros(respite)} (asiakasmaksulaki 6 b §)`,
      descriptionSv: `Tjänster under närståendevårdarens ledighet ${off.map((x) => formatFi(x).slice(0, -4)).join(', ')}, ${off.length} d × ${formatEuros(respite)} (klientavgiftslagen 6 b §)`,
      basis: { days: off, dailyCents: respite, statutoryMaxDailyCents: p.respite.statutoryMaxDailyCents, source: `${p.figures.respiteMax.source}; ${p.respite.source}` },
      countsToCeiling: false,
    });
  }

  rows.push(...corrections);
  return rows;
}

const SHORT_TERM_NAME = { fi: 'Lyhytaikainen laitoshoito', sv: 'Kortvarig anstaltsvård' };
const SHORT_HOUSING_NAME = { fi: 'Lyhytaikainen palveluasuminen', sv: 'Kortvarigt serviceboende' };

/**
 * Corrections of earlier months: what is due now under the fee decisions in force, the interruption rules and
 * the fee ceiling as now known, less what was billed, with the reason in words. Short-term institutional care is
 * corrected separately for the part that accrues toward the ceiling and the part that does not (the maintenance
 * fee); `accrued` is updated with the corrected amounts. A month re-checked only because a rule was corrected to
 * the letter of the law is credited what was billed too much, never billed more.
 */
function correctionRows(d: MonthData, clientId: string, accrued: Map<string, number>, accruedBefore: (month: string) => number): InvoiceRowDraft[] {
  const rows: InvoiceRowDraft[] = [];
  const months = d.corrections.get(clientId) ?? new Map<string, CorrectionWhy>();
  for (const m of [...months.keys()].sort()) {
    const why = months.get(m)!;
    const { first, last } = monthBounds(m);
    const [yy, mm] = m.split('-');
    const due: { code: string; name: { fi: string; sv: string }; counts: boolean; cents: number }[] = [];
    for (const feeType of ['home_care', 'long_term'] as const)
      due.push({ code: feeType, name: FEE_NAMES[feeType], counts: false, cents: feeRows(d, clientId, feeType, m, d.paramsFor(m)).reduce((s, r) => s + r.amountCents, 0) });
    const short = shortTermRows(d, clientId, m, accruedBefore(m));
    for (const counts of [true, false])
      due.push({ code: 'short_term_care', name: SHORT_TERM_NAME, counts, cents: short.filter((r) => r.countsToCeiling === counts).reduce((s, r) => s + r.amountCents, 0) });
    due.push({ code: 'short_term_housing', name: SHORT_HOUSING_NAME, counts: false, cents: shortTermHousingRows(d, clientId, m).reduce((s, r) => s + r.amountCents, 0) });
    const reasons = [...why.reasons].map((r) => CORRECTION_REASONS[r]);
    for (const x of due) {
      const billed = d.billed.get(`${clientId}:${x.code}:${m}:${x.counts ? 1 : 0}`) ?? 0;
      const diff = x.cents - billed;
      if (diff === 0) continue;
      if (why.creditOnly && diff > 0) continue;
      if (x.counts) accrued.set(m, (accrued.get(m) ?? 0) + diff);
      const what = x.code === 'short_term_care' ? { fi: x.counts ? '' : ' (ylläpitomaksut)', sv: x.counts ? '' : ' (underhållsavgifter)' } : { fi: '', sv: '' };
      rows.push({
        rowType: 'correction',
        serviceCode: x.code,
        feeDecisionId: null,
        serviceMonth: m,
        periodFrom: first,
        periodTo: last,
        quantity: 1,
        unit: 'kpl',
        unitPriceCents: diff,
        amountCents: diff,
        descriptionFi: `Oikaisu ${Number(mm)}/${yy}: ${x.name.fi.toLowerCase()}${what.fi}, kuuluu ${formatEuros(x.cents)}, laskutettu ${formatEuros(billed)}; syy: ${reasons.map((r) => r.fi).join(', ')}`,
        descriptionSv: `Rättelse ${Number(mm)}/${yy}: ${x.name.sv.toLowerCase()}${what.sv}, ska betalas ${formatEuros(x.cents)}, fakturerat ${formatEuros(billed)}; orsak: ${reasons.map((r) => r.sv).join(', ')}`,
        basis: { month: m, dueCents: x.cents, billedCents: billed, countsToCeiling: x.counts, reasons: [...why.reasons], creditOnly: why.creditOnly },
        countsToCeiling: x.counts,
      });
    }
  }
  return rows;
}
