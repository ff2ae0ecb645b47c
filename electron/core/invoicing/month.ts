// What one month bills, client by client: income-based fees from the fee decisions in force (prorated by days
// and interruptions), short-term care days, support services from the price list, the respite fee for a
// family carer's days off, and corrections of earlier months whose fee was changed retroactively, whose
// invoice was credited, whose interruptions were recorded late, or whose short-term care days fell past a fee
// ceiling recorded later. Short-term care
// accrues toward the annual fee ceiling (asiakasmaksulaki 6 a §, shared/domain/fees/ceiling.ts). Everything
// is loaded in bulk once per run; computing a client is then pure.
import { addDays, formatFi } from '../../../shared/domain/dates';
import { monthBounds, monthCharge, type Absence } from '../../../shared/domain/fees/absences';
import { chargeDaysUnderCeiling } from '../../../shared/domain/fees/ceiling';
import type { FeeParameters } from '../../../shared/domain/fees/parameters';
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
  absences: Map<string, Absence[]>;
  daysOff: Map<string, string[]>;
  /** Earlier months to re-check per client (retroactive fee decisions, credited invoices). */
  corrections: Map<string, Set<string>>;
  /** Billed so far per "client:service:month:counts" (rows of invoices that are not cancelled). */
  billed: Map<string, number>;
  /** Per client: amounts that accrued toward the fee ceiling per service month, from the earliest month corrected. */
  ceilingAccrued: Map<string, Map<string, number>>;
  /** Per client: the earliest recorded date the ceiling was reached elsewhere, per year. */
  ceilingReached: Map<string, Map<number, string>>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
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

  const absences = new Map<string, Absence[]>();
  for (const a of db
    .prepare('SELECT client_id, cause, from_date, to_date FROM absences WHERE deleted = 0 AND to_date >= ? AND from_date <= ?')
    .all(addDays(earliestValidFrom(today) < first ? earliestValidFrom(today) : first, -31), last) as { client_id: string; cause: Absence['cause']; from_date: string; to_date: string }[])
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
  const corrections = new Map<string, Set<string>>();
  const billed = new Map<string, number>();
  const earliestMonth = earliestValidFrom(today).slice(0, 7);
  if (since !== null) {
    const add = (clientId: string, fromMonth: string, untilMonth = month) => {
      const start = fromMonth > earliestMonth ? fromMonth : earliestMonth;
      for (const m of monthsBetween(start, untilMonth < month ? untilMonth : month)) {
        let s = corrections.get(clientId);
        if (!s) corrections.set(clientId, (s = new Set()));
        s.add(m);
      }
    };
    for (const r of db
      .prepare(
        `SELECT f.client_id, f.valid_from FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id
         WHERE d.status IN ('signed','sent') AND d.signed_at > ? AND f.valid_from < ?`,
      )
      .all(since, first) as { client_id: string; valid_from: string }[])
      add(r.client_id, r.valid_from.slice(0, 7));
    for (const r of db
      .prepare(`SELECT client_id, month FROM invoices WHERE kind = 'credit_note' AND created_at > ? AND month < ?`)
      .all(since, month) as { client_id: string; month: string }[])
      add(r.client_id, r.month);
    // Interruptions recorded (or removed) late, for days of a month already billed: a hospital stay frees
    // days of the fee, a short-term care stay is billed.
    for (const r of db
      .prepare(`SELECT client_id, from_date, to_date FROM absences WHERE updated_at > ? AND from_date < ?`)
      .all(since, first) as { client_id: string; from_date: string; to_date: string }[])
      add(r.client_id, r.from_date.slice(0, 7), addDays(r.to_date, 31).slice(0, 7));
    for (const r of db
      .prepare(`SELECT client_id, year, reached_on FROM fee_ceiling_notices WHERE updated_at > ? AND reached_on < ?`)
      .all(since, first) as { client_id: string; year: number; reached_on: string }[])
      add(r.client_id, r.reached_on.slice(0, 7), `${r.year + 1}-01`);
    if (corrections.size > 0) {
      const rows = db
        .prepare(
          `SELECT i.client_id, r.service_code, r.service_month, r.counts_to_ceiling, SUM(r.amount_cents) AS cents FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id
           WHERE i.status <> 'cancelled' AND r.service_code IN ('home_care','long_term','short_term_care') AND r.service_month < ?
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
  for (const [k, list] of d.absences) if (list.some((a) => a.cause === 'short_term_care' && a.to >= d.first && a.from <= d.last)) ids.add(k);
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
    const free = c.freeAbsences.map((a) => `${period(a.from, a.to)}`).join(', ');
    const name = FEE_NAMES[feeType];
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
      descriptionFi: `${name.fi} ${period(c.from, c.to)}, kuukausimaksu ${formatEuros(seg.d.feeCents)} (maksupäätös ${seg.d.number})${
        c.chargeableDays < c.daysInMonth ? `, ${c.chargeableDays}/${c.daysInMonth} pv` : ''
      }${free ? `; keskeytys ${free} ei maksua` : ''}`,
      descriptionSv: `${name.sv} ${period(c.from, c.to)}, månadsavgift ${formatEuros(seg.d.feeCents)} (avgiftsbeslut ${seg.d.number})${
        c.chargeableDays < c.daysInMonth ? `, ${c.chargeableDays}/${c.daysInMonth} d` : ''
      }${free ? `; avbrott ${free} avgiftsfritt` : ''}`,
      basis: { decision: seg.d.number, monthlyFeeCents: seg.d.feeCents, daysInMonth: c.daysInMonth, chargeableDays: c.chargeableDays, freeAbsences: c.freeAbsences },
      countsToCeiling: false,
    });
  }
  return rows;
}

/** Short-term care days of a client in a month, in date order (overlapping records count a day once). */
function shortTermDays(d: MonthData, clientId: string, month: string): string[] {
  const { first, last } = monthBounds(month);
  const days = new Set<string>();
  for (const a of d.absences.get(clientId) ?? []) {
    if (a.cause !== 'short_term_care' || a.to < first || a.from > last) continue;
    for (let day = a.from > first ? a.from : first, to = a.to < last ? a.to : last; day <= to; day = addDays(day, 1)) days.add(day);
  }
  return [...days].sort();
}

/**
 * Short-term care rows of a month (lyhytaikainen hoito, recorded as interruptions of cause short_term_care):
 * the county's daily fee, capped by the statutory maximum, until the year's fee ceiling is reached; past it
 * the maintenance fee (asiakasmaksulaki 6 a §). `accruedBefore` is what counted toward the ceiling in the
 * year before this month.
 */
function shortTermRows(d: MonthData, clientId: string, month: string, accruedBefore: number): InvoiceRowDraft[] {
  const days = shortTermDays(d, clientId, month);
  if (days.length === 0) return [];
  const p = d.paramsFor(month);
  const daily = p.shortTerm.statutoryMaxDailyCents !== null ? Math.min(p.shortTerm.dailyCents, p.shortTerm.statutoryMaxDailyCents) : p.shortTerm.dailyCents;
  const year = Number(month.slice(0, 4));
  const noticed = d.ceilingReached.get(clientId)?.get(year) ?? null;
  const charge = chargeDaysUnderCeiling(days, daily, p.ceiling, accruedBefore, noticed);
  const reachedOn = noticed ?? charge.reachedOn;
  const name = d.serviceNames.get('short_term_care') ?? { fi: 'Lyhytaikainen hoito', sv: 'Kortvarig vård' };
  const ceiling = formatEuros(p.ceiling.annualCents);
  return charge.segments.map((g) => {
    const head = { fi: `${name.fi} ${period(g.from, g.to)}`, sv: `${name.sv} ${period(g.from, g.to)}` };
    const text =
      g.kind === 'full'
        ? { fi: `${head.fi}, ${g.days} vrk × ${formatEuros(daily)}`, sv: `${head.sv}, ${g.days} dygn × ${formatEuros(daily)}` }
        : g.kind === 'crossing'
          ? {
              fi: `${head.fi}, 1 vrk: vuoden maksukatto ${ceiling} täyttyy, peritään ${formatEuros(g.amountCents)}`,
              sv: `${head.sv}, 1 dygn: årets avgiftstak ${ceiling} nås, ${formatEuros(g.amountCents)} debiteras`,
            }
          : {
              fi: `${head.fi}, ${g.days} vrk × ${formatEuros(g.unitPriceCents)} ylläpitomaksu, maksukatto täyttynyt${reachedOn ? ` ${formatFi(reachedOn)}` : ''}`,
              sv: `${head.sv}, ${g.days} dygn × ${formatEuros(g.unitPriceCents)} underhållsavgift, avgiftstaket nått${reachedOn ? ` ${formatFi(reachedOn)}` : ''}`,
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
        days: g.days,
        dailyCents: daily,
        kind: g.kind,
        ceilingCents: p.ceiling.annualCents,
        maintenanceDailyCents: p.ceiling.maintenanceDailyCents,
        accruedBeforeCents: accruedBefore,
        ceilingReachedOn: reachedOn,
        ceilingNoticed: noticed !== null,
        source: `${p.shortTerm.source}; ${p.ceiling.source}`,
      },
      countsToCeiling: g.countsToCeiling,
    };
  });
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
    rows.push({
      rowType: 'respite',
      serviceCode: 'family_caregiver_support',
      feeDecisionId: null,
      serviceMonth: d.month,
      periodFrom: off[0]!,
      periodTo: off[off.length - 1]!,
      quantity: off.length,
      unit: 'pv',
      unitPriceCents: p.respite.dailyCents,
      amountCents: off.length * p.respite.dailyCents,
      descriptionFi: `Omaishoitajan vapaan ajan palvelut ${off.map((x) => formatFi(x).slice(0, -4)).join(', ')}, ${off.length} pv × ${formatEuros(p.respite.dailyCents)}`,
      descriptionSv: `Tjänster under närståendevårdarens ledighet ${off.map((x) => formatFi(x).slice(0, -4)).join(', ')}, ${off.length} d × ${formatEuros(p.respite.dailyCents)}`,
      basis: { days: off, dailyCents: p.respite.dailyCents, source: p.respite.source },
      countsToCeiling: false,
    });
  }

  rows.push(...corrections);
  return rows;
}

const SHORT_TERM_NAME = { fi: 'lyhytaikainen hoito', sv: 'kortvarig vård' };

/**
 * Corrections of earlier months: what is due now under the fee decisions in force and the fee ceiling as now
 * known, less what was billed. Short-term care is corrected separately for the part that accrues toward the
 * ceiling and the part that does not (the maintenance fee); `accrued` is updated with the corrected amounts.
 */
function correctionRows(d: MonthData, clientId: string, accrued: Map<string, number>, accruedBefore: (month: string) => number): InvoiceRowDraft[] {
  const rows: InvoiceRowDraft[] = [];
  for (const m of [...(d.corrections.get(clientId) ?? [])].sort()) {
    const { first, last } = monthBounds(m);
    const [yy, mm] = m.split('-');
    const due: { code: string; name: { fi: string; sv: string }; counts: boolean; cents: number }[] = [];
    for (const feeType of ['home_care', 'long_term'] as const)
      due.push({ code: feeType, name: FEE_NAMES[feeType], counts: false, cents: feeRows(d, clientId, feeType, m, d.paramsFor(m)).reduce((s, r) => s + r.amountCents, 0) });
    const short = shortTermRows(d, clientId, m, accruedBefore(m));
    for (const counts of [true, false])
      due.push({ code: 'short_term_care', name: SHORT_TERM_NAME, counts, cents: short.filter((r) => r.countsToCeiling === counts).reduce((s, r) => s + r.amountCents, 0) });
    for (const x of due) {
      const billed = d.billed.get(`${clientId}:${x.code}:${m}:${x.counts ? 1 : 0}`) ?? 0;
      const diff = x.cents - billed;
      if (diff === 0) continue;
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
        descriptionFi: `Oikaisu ${Number(mm)}/${yy}: ${x.name.fi.toLowerCase()}${what.fi}, kuuluu ${formatEuros(x.cents)}, laskutettu ${formatEuros(billed)}`,
        descriptionSv: `Rättelse ${Number(mm)}/${yy}: ${x.name.sv.toLowerCase()}${what.sv}, ska betalas ${formatEuros(x.cents)}, fakturerat ${formatEuros(billed)}`,
        basis: { month: m, dueCents: x.cents, billedCents: billed, countsToCeiling: x.counts },
        countsToCeiling: x.counts,
      });
    }
  }
  return rows;
}
