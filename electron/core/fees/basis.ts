// What a client's fees rest on, on a given date: household size, counted incomes of the client and spouse,
// deductions and the services in force from signed service decisions. Loaded in bulk (a handful of queries
// for the whole county) so that recalculating every fee after a parameter change takes a moment.
import { homeCareFee, longTermFee, type FeeResult } from '../../../shared/domain/fees/calc';
import { countedIncome, deductionsFor, incomeCounts, type DeductionRecord, type IncomeKind, type IncomeRecord, type StoredDeductionKind } from '../../../shared/domain/fees/incomes';
import type { FeeParameters } from '../../../shared/domain/fees/parameters';
import type { Db } from '../db/connection';

export type DecidedFeeType = 'home_care' | 'long_term';
export const DECIDED_FEE_TYPES: readonly DecidedFeeType[] = ['home_care', 'long_term'];

/** The service whose decision makes each income-based fee due. */
export const FEE_SERVICE: Record<DecidedFeeType, string> = { home_care: 'home_care', long_term: 'service_housing_24h' };

export interface ServiceInForce {
  serviceCode: string;
  amount: number | null;
  startDate: string;
  endDate: string | null;
  decisionId: string;
}

export interface FeeBasis {
  clientId: string;
  householdSize: number;
  hasSpouse: boolean;
  /** 7 c § 2 mom: the client lived with the spouse immediately before the care began. */
  livedWithSpouseBeforeCare: boolean;
  /** The spouse is in long-term care too (recorded, or the spouse's own round-the-clock housing in force). */
  spouseInLongTermCare: boolean;
  incomes: IncomeRecord[];
  deductions: DeductionRecord[];
  services: Map<string, ServiceInForce>;
}

/**
 * Services in force on a date: per client and service the line of the latest made decision that has started,
 * and only while the service actually runs: a recorded period of the same service (service_periods) covers the
 * date. A granted service is charged from the day it actually started to the day it ended, not from the
 * decision's planned start (the fee is for the service received; vanhuspalvelulaki 18 § lets the arranging take
 * up to three months).
 */
export function servicesInForce(db: Db, date: string, clientId: string | null): Map<string, Map<string, ServiceInForce>> {
  const rows = db
    .prepare(
      `SELECT d.client_id, d.id AS decision_id, d.outcome, d.decided_on, d.number_year, d.number, ds.service_code, ds.amount, ds.start_date, ds.end_date
       FROM decision_services ds JOIN decisions d ON d.id = ds.decision_id
       LEFT JOIN service_periods own ON own.decision_service_id = ds.id
       WHERE d.status IN ('signed','sent') AND d.kind IN ('service','voucher') AND min(ds.start_date, coalesce(own.started_on, ds.start_date)) <= @date
         AND (@client IS NULL OR d.client_id = @client)`,
    )
    .all({ date, client: clientId }) as {
    client_id: string;
    decision_id: string;
    outcome: string;
    decided_on: string;
    number_year: number;
    number: number;
    service_code: string;
    amount: number | null;
    start_date: string;
    end_date: string | null;
  }[];
  // The periods running on the date: which services actually run, and since when.
  const running = new Map<string, { startedOn: string; endedOn: string | null }>();
  for (const p of db
    .prepare(
      `SELECT client_id, service_code, started_on, ended_on FROM service_periods
       WHERE status = 'started' AND started_on <= @date AND (ended_on IS NULL OR ended_on >= @date)
         AND (@client IS NULL OR client_id = @client)`,
    )
    .all({ date, client: clientId }) as { client_id: string; service_code: string; started_on: string; ended_on: string | null }[])
    running.set(`${p.client_id}\u0000${p.service_code}`, { startedOn: p.started_on, endedOn: p.ended_on });
  // The latest decision of each client and service (by decision date, then number) is the one in force; picked
  // in one pass rather than by sorting every row.
  const later = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    a.decided_on !== b.decided_on ? a.decided_on > b.decided_on : a.number_year !== b.number_year ? a.number_year > b.number_year : a.number > b.number;
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.client_id}\u0000${r.service_code}`;
    const cur = latest.get(key);
    if (!cur || later(r, cur)) latest.set(key, r);
  }
  const out = new Map<string, Map<string, ServiceInForce>>();
  for (const [key, r] of latest) {
    if (r.outcome === 'refusal' || r.outcome === 'termination' || (r.end_date !== null && r.end_date < date)) continue;
    const period = running.get(key);
    if (!period) continue;
    let m = out.get(r.client_id);
    if (!m) out.set(r.client_id, (m = new Map()));
    const endDate = period.endedOn !== null && (r.end_date === null || period.endedOn < r.end_date) ? period.endedOn : r.end_date;
    m.set(r.service_code, { serviceCode: r.service_code, amount: r.amount, startDate: period.startedOn, endDate, decisionId: r.decision_id });
  }
  return out;
}

/** Fee bases of every client with a service in force on the date (or of one client). */
export function loadFeeBases(db: Db, date: string, clientId: string | null = null): Map<string, FeeBasis> {
  const services = servicesInForce(db, date, clientId);
  const bases = new Map<string, FeeBasis>();
  const clients = db
    .prepare(
      `SELECT id, household_size, spouse_id, lived_with_spouse_before_care, spouse_in_long_term_care FROM clients
       WHERE deleted = 0 AND (@client IS NULL OR id = @client)`,
    )
    .all({ client: clientId }) as { id: string; household_size: number; spouse_id: string | null; lived_with_spouse_before_care: number; spouse_in_long_term_care: number }[];
  // A spouse who is a client of the county with round-the-clock housing in force is in long-term care too.
  const spouseIds = clients.filter((c) => c.spouse_id !== null && services.has(c.id)).map((c) => c.spouse_id!);
  const spouseServices = clientId === null ? services : spouseIds.length > 0 ? servicesInForce(db, date, spouseIds[0]!) : new Map<string, Map<string, ServiceInForce>>();
  for (const c of clients) {
    const s = services.get(c.id);
    if (!s) continue;
    const spouseHousing = c.spouse_id !== null && (spouseServices.get(c.spouse_id)?.has(FEE_SERVICE.long_term) ?? false);
    bases.set(c.id, {
      clientId: c.id,
      householdSize: c.household_size,
      hasSpouse: c.spouse_id !== null,
      livedWithSpouseBeforeCare: c.lived_with_spouse_before_care === 1,
      spouseInLongTermCare: c.spouse_in_long_term_care === 1 || spouseHousing,
      incomes: [],
      deductions: [],
      services: s,
    });
  }
  const incomes = db
    .prepare(
      `SELECT client_id, person, kind, gross_cents, net_cents FROM incomes
       WHERE deleted = 0 AND valid_from <= @date AND (valid_to IS NULL OR valid_to >= @date) AND (@client IS NULL OR client_id = @client)`,
    )
    .all({ date, client: clientId }) as { client_id: string; person: 'client' | 'spouse'; kind: IncomeKind; gross_cents: number; net_cents: number }[];
  for (const i of incomes) bases.get(i.client_id)?.incomes.push({ person: i.person, kind: i.kind, grossCents: i.gross_cents, netCents: i.net_cents });
  const deductions = db
    .prepare(
      `SELECT client_id, person, kind, monthly_cents FROM fee_deductions
       WHERE deleted = 0 AND valid_from <= @date AND (valid_to IS NULL OR valid_to >= @date) AND (@client IS NULL OR client_id = @client)`,
    )
    .all({ date, client: clientId }) as { client_id: string; person: 'client' | 'spouse'; kind: StoredDeductionKind; monthly_cents: number }[];
  for (const d of deductions) bases.get(d.client_id)?.deductions.push({ person: d.person, kind: d.kind, monthlyCents: d.monthly_cents });
  return bases;
}

export interface ComputedFee {
  feeType: DecidedFeeType;
  result: FeeResult;
  inputs: Record<string, unknown>;
}

/** The income-based fee a basis gives on `date`, or null when its service is not in force. */
export function computeFee(p: FeeParameters, feeType: DecidedFeeType, b: FeeBasis, date: string): ComputedFee | null {
  const service = b.services.get(FEE_SERVICE[feeType]);
  if (!service) return null;
  const caps = { medicineCeilingYearCents: p.longTerm.medicineCeilingYearCents, guardianBasicFeeYearCents: p.longTerm.guardianBasicFeeYearCents };
  const incomeLines = (fee: 'home_care' | 'long_term') =>
    b.incomes.map((i) => ({ person: i.person, kind: i.kind, cents: fee === 'home_care' ? i.grossCents : i.netCents, counted: incomeCounts(i.kind, fee) }));
  if (feeType === 'home_care') {
    const hours = service.amount ?? 0;
    if (hours <= 0) return null;
    // 10 f §: the client's and the spouse's income; 10 g §: the costs of 10 c § 1 mom of both.
    const d = deductionsFor('home_care', b.deductions, caps, { date, careStart: null, withSpouse: true });
    const inputs = {
      householdSize: b.householdSize,
      grossIncomeCents: countedIncome(b.incomes, 'home_care', 'both'),
      deductionsCents: d.clientCents + d.spouseCents,
      hoursPerMonth: hours,
      costCents: p.homeCare.hourlyCostCents === null ? null : Math.round(hours * p.homeCare.hourlyCostCents),
    };
    const result = homeCareFee(p, inputs);
    result.explanation.basis = { incomes: incomeLines('home_care'), deductions: d.lines };
    return { feeType, result, inputs };
  }
  // 7 c § 2 mom: the spouse's income counts only when they lived together immediately before the care began.
  const spouseCounts = b.hasSpouse && b.livedWithSpouseBeforeCare && b.incomes.some((i) => i.person === 'spouse');
  const d = deductionsFor('long_term', b.deductions, caps, { date, careStart: service.startDate, withSpouse: spouseCounts });
  const inputs = {
    netIncomeCents: countedIncome(b.incomes, 'long_term', 'client'),
    deductionsCents: d.clientCents,
    spouse: spouseCounts ? { netIncomeCents: countedIncome(b.incomes, 'long_term', 'spouse'), deductionsCents: d.spouseCents } : null,
    bothInLongTermCare: b.spouseInLongTermCare,
    institutional: false,
  };
  const result = longTermFee(p, inputs);
  result.explanation.basis = { incomes: incomeLines('long_term').filter((i) => spouseCounts || i.person === 'client'), deductions: d.lines };
  return { feeType, result, inputs };
}
