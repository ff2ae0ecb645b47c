// Family caregiver support (omaishoidon tuki, omaishoitolaki 937/2005): care agreements, days off, care
// interruptions and the monthly care-fee payment run with its payroll export. The care fee (hoitopalkkio) follows
// the agreement's tier in the fee parameters, prorated by the days the agreement is in force. In an interruption
// for the cared-for person's health (a hospital stay recorded as institutional care, or a health interruption
// recorded on the agreement) it is paid for a month from the start (9 § 2 mom); other interruptions follow the
// agreement (8 § 2 mom 5 kohta); days off never reduce it (4 § 3 mom). See shared/domain/fees/caregiver.ts.
import { notFound } from '../../../shared/contract/errors';
import { msg } from '../../../shared/messages';
import { AppError } from '../../../shared/contract/errors';
import { addDays, addMonthsClamped, daysBetween, maxDate, minDate } from '../../../shared/domain/dates';
import { carePaymentForMonth, daysOffBalance, daysOffOveruse, type CareInterruption, type CareAgreementTerms } from '../../../shared/domain/fees/caregiver';
import { explainCareInterruption } from '../../../shared/domain/fees/explain';
import { monthBounds } from '../../../shared/domain/fees/interruptions';
import { overlapping } from '../../../shared/domain/fees/interruptions';
import { feeError } from '../../../shared/domain/fees/messages';
import { feeAppError } from '../fees/errors';
import { maskHetuKeepCheck } from '../../../shared/domain/hetu';
import { formatDecimalComma } from '../../../shared/domain/letters';
import type { Db } from '../db/connection';
import { uuidv7 } from '../ids';
import { listParameterSets, parameterSetOn } from '../fees/parameters';
import type { RunCtx } from '../invoicing/run';

interface AgreementRow {
  id: string;
  client_id: string;
  client_name: string;
  carer_name: string;
  carer_hetu: string;
  carer_iban: string;
  tier_code: string;
  continuous_care: number;
  start_date: string;
  end_date: string | null;
  version: number;
  health_paid_months: number;
  other_paid_days: number | null;
}

export interface CareInterruptionRow extends CareInterruption {
  id: string;
  note: string;
  /** Derived from the cared-for client's institutional care (a hospital stay is a health reason), not recorded on the agreement. */
  derived: boolean;
}

/**
 * The interruptions of an agreement's care between two dates: those recorded on the agreement, and the
 * cared-for client's institutional care (hospital) as health interruptions (9 § 2 mom).
 */
export function careInterruptions(db: Db, agreementId: string, clientId: string, from: string, to: string): CareInterruptionRow[] {
  const recorded = (
    db
      .prepare('SELECT id, cause, from_date, to_date, note FROM care_interruptions WHERE agreement_id = ? AND deleted = 0 AND to_date >= ? AND from_date <= ? ORDER BY from_date')
      .all(agreementId, from, to) as { id: string; cause: CareInterruption['cause']; from_date: string; to_date: string; note: string }[]
  ).map((r) => ({ id: r.id, cause: r.cause, from: r.from_date, to: r.to_date, note: r.note, derived: false }));
  const derived = (
    db
      .prepare("SELECT id, from_date, to_date, note FROM absences WHERE client_id = ? AND deleted = 0 AND cause = 'institution' AND to_date >= ? AND from_date <= ? ORDER BY from_date")
      .all(clientId, from, to) as { id: string; from_date: string; to_date: string; note: string }[]
  )
    // A health interruption recorded on the agreement for the same days takes precedence.
    .filter((a) => !recorded.some((r) => r.from <= a.to_date && r.to >= a.from_date))
    .map((a) => ({ id: a.id, cause: 'health' as const, from: a.from_date, to: a.to_date, note: a.note, derived: true }));
  return [...recorded, ...derived].sort((a, b) => (a.from < b.from ? -1 : 1));
}

function termsOf(a: AgreementRow): CareAgreementTerms {
  return { healthPaidMonths: a.health_paid_months, otherPaidDays: a.other_paid_days };
}

export function listAgreements(db: Db, today: string, agreementId: string | null = null) {
  const rows = db
    .prepare(
      `SELECT a.*, c.last_name || ' ' || c.first_names AS client_name FROM care_agreements a JOIN clients c ON c.id = a.client_id
       WHERE a.deleted = 0 AND (@id IS NULL OR a.id = @id) ORDER BY a.carer_name`,
    )
    .all({ id: agreementId }) as AgreementRow[];
  const p = parameterSetOn(listParameterSets(db), today).parameters;
  const year = today.slice(0, 4);
  const used = new Map(
    (db.prepare('SELECT agreement_id, COUNT(*) AS n FROM carer_days_off WHERE day BETWEEN ? AND ? GROUP BY agreement_id').all(`${year}-01-01`, today) as { agreement_id: string; n: number }[]).map(
      (r) => [r.agreement_id, r.n],
    ),
  );
  const since = addMonthsClamped(today, -12);
  const yearDays = new Map<string, string[]>();
  for (const r of db.prepare('SELECT agreement_id, day FROM carer_days_off WHERE day BETWEEN ? AND ? ORDER BY day').all(`${year}-01-01`, `${year}-12-31`) as { agreement_id: string; day: string }[]) {
    const list = yearDays.get(r.agreement_id);
    if (list) list.push(r.day);
    else yearDays.set(r.agreement_id, [r.day]);
  }
  return rows.map((a) => {
    const perMonth = a.continuous_care ? p.caregiver.daysOffPerMonth.continuous : p.caregiver.daysOffPerMonth.base;
    const days = yearDays.get(a.id) ?? [];
    const over = daysOffOveruse(daysOffBalance({ startDate: a.start_date, endDate: a.end_date }, perMonth, days, Number(year)));
    return {
      id: a.id,
      version: a.version,
      clientId: a.client_id,
      clientName: a.client_name,
      carerName: a.carer_name,
      carerHetuMasked: maskHetuKeepCheck(a.carer_hetu),
      carerIban: a.carer_iban,
      tierCode: a.tier_code,
      tierFeeCents: p.caregiver.tiers.find((t) => t.code === a.tier_code)?.feeCents ?? null,
      continuousCare: a.continuous_care === 1,
      startDate: a.start_date,
      endDate: a.end_date,
      daysOffPerMonth: perMonth,
      daysOffEarnedThisYear: agreementMonthsThisYear(a, today) * perMonth,
      daysOffUsedThisYear: used.get(a.id) ?? 0,
      /** Every day off recorded for this calendar year (also days planned ahead). */
      daysOffThisYear: days,
      /** The first month whose days off went past the statutory ones earned by then (4 § 1 mom), or null. */
      daysOffOveruse: over ? { month: over.month, used: over.usedToDate, earned: over.earnedToDate } : null,
      terms: termsOf(a),
      interruptions: careInterruptions(db, a.id, a.client_id, since, addMonthsClamped(today, 12)).map((i) => ({ id: i.id, from: i.from, to: i.to, cause: i.cause, note: i.note, derived: i.derived })),
      minimumCents: p.caregiver.statutoryMinimumCents,
      minimumYear: p.caregiver.minimumYear,
    };
  });
}

function requireAgreement(db: Db, agreementId: string): AgreementRow {
  const a = db.prepare('SELECT * FROM care_agreements WHERE id = ? AND deleted = 0').get(agreementId) as AgreementRow | undefined;
  if (!a) throw notFound('careAgreement');
  return a;
}

/**
 * The calendar months of this year, up to today's, in which the agreement was in force (a day off is earned
 * for each, omaishoitolaki 4 §). An agreement starting later (also next year) has earned none yet.
 */
export function agreementMonthsThisYear(a: { start_date: string; end_date: string | null }, today: string): number {
  const from = maxDate(a.start_date, `${today.slice(0, 4)}-01-01`);
  const to = a.end_date === null ? today : minDate(a.end_date, today);
  if (to < from) return 0;
  return Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** Most days off recorded in one go (a month's leave at most). */
export const MAX_DAYS_OFF_AT_ONCE = 31;

/**
 * Records the carer's days off from `from` to `to` (one day when they are the same), in one transaction; refuses
 * days outside the agreement and days already recorded, and writes nothing then. Days beyond the statutory
 * ones are recorded (the county may grant more, omaishoitolaki 4 § 2 mom) and flagged by the agreement list.
 */
export function addDaysOff(ctx: RunCtx, agreementId: string, from: string, to: string = from): string[] {
  if (to < from) throw feeAppError(feeError('dayOffOrder', { from, to }), 'to');
  const count = daysBetween(from, to) + 1;
  if (count > MAX_DAYS_OFF_AT_ONCE) throw feeAppError(feeError('dayOffTooMany', { max: MAX_DAYS_OFF_AT_ONCE, days: count }), 'to');
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  ctx.db.transaction(() => {
    const a = requireAgreement(ctx.db, agreementId);
    const insert = ctx.db.prepare('INSERT OR IGNORE INTO carer_days_off (id, agreement_id, day, created_at) VALUES (?, ?, ?, ?)');
    for (const day of days) {
      if (day < a.start_date || (a.end_date !== null && day > a.end_date)) throw feeAppError(feeError('dayOffOutside', { day }), day === from ? 'day' : 'to');
      const r = insert.run(uuidv7(ctx.clock.now().getTime()), agreementId, day, ctx.clock.now().toISOString());
      if (r.changes === 0) throw feeAppError(feeError('dayOffRecorded', { day }), day === from ? 'day' : 'to');
    }
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.daysOff', entityType: 'care_agreement', entityId: agreementId, clientId: a.client_id, details: { from, to, days: days.length } });
  })();
  return days;
}

/** Records one day off taken by the carer (see addDaysOff). */
export function addDayOff(ctx: RunCtx, agreementId: string, day: string): void {
  addDaysOff(ctx, agreementId, day, day);
}

/**
 * Saves what the agreement says about the fee during interruptions (8 § 2 mom 5 kohta). A health term shorter
 * than the law's month is void (9 § 3 mom) and refused.
 */
export function saveCareTerms(ctx: RunCtx, input: { agreementId: string; version: number; healthPaidMonths: number; otherPaidDays: number | null }, lawMonths: number): void {
  if (input.healthPaidMonths < lawMonths) throw feeAppError(feeError('careTermHealth'), 'healthPaidMonths');
  ctx.db.transaction(() => {
    const a = requireAgreement(ctx.db, input.agreementId);
    const r = ctx.db
      .prepare('UPDATE care_agreements SET health_paid_months = ?, other_paid_days = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND deleted = 0')
      .run(input.healthPaidMonths, input.otherPaidDays, ctx.clock.now().toISOString(), input.agreementId, input.version);
    if (r.changes !== 1) throw new AppError('CONFLICT', msg('error.kind.CONFLICT'));
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.terms', entityType: 'care_agreement', entityId: a.id, clientId: a.client_id, details: { healthPaidMonths: input.healthPaidMonths, otherPaidDays: input.otherPaidDays } });
  })();
}

/** Records an interruption of the care on the agreement; refuses one that overlaps another. */
export function addCareInterruption(ctx: RunCtx, input: { agreementId: string; cause: CareInterruption['cause']; from: string; to: string; note: string }): void {
  if (input.to < input.from) throw feeAppError(feeError('interruptionOrder', { from: input.from, to: input.to }), 'to');
  ctx.db.transaction(() => {
    const a = requireAgreement(ctx.db, input.agreementId);
    const existing = careInterruptions(ctx.db, a.id, a.client_id, input.from, input.to).filter((i) => !i.derived);
    const clash = overlapping([...existing, { ...input, id: '', derived: false }]);
    if (clash) {
      const [x, y] = clash[0].id === '' ? [clash[0], clash[1]] : [clash[1], clash[0]];
      throw feeAppError(feeError('interruptionOverlap', { from: x.from, to: x.to, otherFrom: y.from, otherTo: y.to }));
    }
    const id = uuidv7(ctx.clock.now().getTime());
    ctx.db
      .prepare('INSERT INTO care_interruptions (id, agreement_id, cause, from_date, to_date, note, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, a.id, input.cause, input.from, input.to, input.note, ctx.userId, ctx.clock.now().toISOString());
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.interruption', entityType: 'care_interruption', entityId: id, clientId: a.client_id, details: { cause: input.cause, from: input.from, to: input.to } });
  })();
}

export function deleteCareInterruption(ctx: RunCtx, interruptionId: string): string {
  const r = ctx.db.prepare('SELECT agreement_id FROM care_interruptions WHERE id = ? AND deleted = 0').get(interruptionId) as { agreement_id: string } | undefined;
  if (!r) throw notFound('careInterruption');
  ctx.db.transaction(() => {
    const a = requireAgreement(ctx.db, r.agreement_id);
    ctx.db.prepare('UPDATE care_interruptions SET deleted = 1, version = version + 1, updated_at = ? WHERE id = ?').run(ctx.clock.now().toISOString(), interruptionId);
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.interruption', entityType: 'care_interruption', entityId: interruptionId, clientId: a.client_id, details: { deleted: true } });
  })();
  return r.agreement_id;
}

export interface PaymentDraft {
  agreementId: string;
  tierCode: string;
  monthlyCents: number;
  paidDays: number;
  monthDays: number;
  amountCents: number;
  basis: Record<string, unknown>;
}

/** One agreement's care fee for a month (see shared/domain/fees/caregiver.ts), or null when not in force. */
export function carePayment(
  a: { id: string; tier_code: string; start_date: string; end_date: string | null; health_paid_months?: number; other_paid_days?: number | null },
  month: string,
  tiers: readonly { code: string; feeCents: number }[],
  lawHealthMonths: number,
  interruptions: readonly CareInterruption[],
): PaymentDraft | null {
  const tier = tiers.find((t) => t.code === a.tier_code);
  if (!tier) throw new AppError('VALIDATION', `Palkkioluokkaa ${a.tier_code} ei ole voimassa olevissa parametreissa.`);
  const terms: CareAgreementTerms = { healthPaidMonths: a.health_paid_months ?? lawHealthMonths, otherPaidDays: a.other_paid_days ?? null };
  const c = carePaymentForMonth({ startDate: a.start_date, endDate: a.end_date }, month, tier.feeCents, terms, lawHealthMonths, interruptions);
  if (!c) return null;
  return {
    agreementId: a.id,
    tierCode: tier.code,
    monthlyCents: tier.feeCents,
    paidDays: c.paidDays,
    monthDays: c.monthDays,
    amountCents: c.amountCents,
    basis: {
      from: c.from,
      to: c.to,
      terms,
      interruptions: c.interruptions,
      fi: c.interruptions.map((i) => explainCareInterruption(i, 'fi')),
      sv: c.interruptions.map((i) => explainCareInterruption(i, 'sv')),
    },
  };
}

/** Creates the month's payment run as a draft; a month with a run (not cancelled) is refused. */
export function createPaymentRun(ctx: RunCtx, month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('VALIDATION', `Kuukausi on annettava muodossa VVVV-KK, nyt "${month}".`);
  const { first, last } = monthBounds(month);
  const sets = listParameterSets(ctx.db);
  const p = parameterSetOn(sets, first).parameters;
  let runId = '';
  ctx.db.transaction(() => {
    if (ctx.db.prepare("SELECT 1 FROM caregiver_payment_runs WHERE month = ? AND status <> 'cancelled'").get(month))
      throw new AppError('INVALID_STATE', `Kuukauden ${month} hoitopalkkiot on jo ajettu.`);
    const agreements = ctx.db
      .prepare('SELECT * FROM care_agreements WHERE deleted = 0 AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY id')
      .all(last, first) as AgreementRow[];
    const previous = ctx.db.prepare(
      `SELECT p.amount_cents FROM caregiver_payments p JOIN caregiver_payment_runs r ON r.id = p.run_id
       WHERE p.agreement_id = ? AND r.month < ? AND r.status = 'approved' ORDER BY r.month DESC LIMIT 1`,
    );
    // Corrections of earlier months after the fee rule was corrected to the letter of the law (9 § 2 mom): months
    // paid since the correction's window start (at most a year back) are recomputed and what was paid too little
    // is paid now. Nothing is reclaimed from a carer.
    const lastRun = ctx.db.prepare("SELECT max(created_at) FROM caregiver_payment_runs WHERE status = 'approved'").pluck().get() as string | null;
    const ruleChanges = lastRun
      ? (ctx.db.prepare('SELECT code, applies_from FROM fee_rule_changes WHERE recorded_at > ?').all(lastRun) as { code: string; applies_from: string }[])
      : [];
    const earliestMonth = addMonthsClamped(ctx.clock.today(), -12).slice(0, 7);
    const paidBefore = ctx.db.prepare(
      `SELECT r.month, p.amount_cents + p.correction_cents AS cents, p.tier_code FROM caregiver_payments p JOIN caregiver_payment_runs r ON r.id = p.run_id
       WHERE p.agreement_id = ? AND r.status = 'approved' AND r.month >= ? AND r.month < ?`,
    );
    const now = ctx.clock.now();
    runId = uuidv7(now.getTime());
    const payments: (PaymentDraft & { correctionCents: number; corrections: unknown[] })[] = [];
    for (const a of agreements) {
      const x = carePayment(a, month, p.caregiver.tiers, p.caregiver.healthInterruptionPaidMonths, careInterruptions(ctx.db, a.id, a.client_id, addDays(first, -400), last));
      if (!x) continue;
      let correctionCents = 0;
      const corrections: unknown[] = [];
      for (const rc of ruleChanges) {
        const from = rc.applies_from.slice(0, 7) > earliestMonth ? rc.applies_from.slice(0, 7) : earliestMonth;
        for (const paid of paidBefore.all(a.id, from, month) as { month: string; cents: number; tier_code: string }[]) {
          const pm = parameterSetOn(sets, `${paid.month}-01`).parameters;
          const due = carePayment(
            { ...a, tier_code: paid.tier_code },
            paid.month,
            pm.caregiver.tiers,
            pm.caregiver.healthInterruptionPaidMonths,
            careInterruptions(ctx.db, a.id, a.client_id, addDays(`${paid.month}-01`, -400), monthBounds(paid.month).last),
          );
          const diff = (due?.amountCents ?? 0) - paid.cents;
          if (diff <= 0) continue;
          correctionCents += diff;
          corrections.push({ month: paid.month, dueCents: due?.amountCents ?? 0, paidCents: paid.cents, diffCents: diff, ruleChange: rc.code });
        }
      }
      payments.push({ ...x, correctionCents, corrections });
    }
    const total = payments.reduce((s, x) => s + x.amountCents + x.correctionCents, 0);
    ctx.db
      .prepare(`INSERT INTO caregiver_payment_runs (id, month, status, total_cents, count, created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?)`)
      .run(runId, month, total, payments.length, ctx.userId, now.toISOString(), now.toISOString());
    const ins = ctx.db.prepare(
      `INSERT INTO caregiver_payments (id, run_id, agreement_id, tier_code, monthly_cents, paid_days, month_days, amount_cents, change_cents, basis_json, correction_cents, correction_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const x of payments) {
      const prev = previous.get(x.agreementId, month) as { amount_cents: number } | undefined;
      ins.run(
        uuidv7(now.getTime()),
        runId,
        x.agreementId,
        x.tierCode,
        x.monthlyCents,
        x.paidDays,
        x.monthDays,
        x.amountCents,
        prev ? x.amountCents - prev.amount_cents : null,
        JSON.stringify(x.basis),
        x.correctionCents,
        JSON.stringify(x.corrections),
      );
    }
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.run', entityType: 'caregiver_payment_run', entityId: runId, details: { month, count: payments.length, totalCents: total } });
  })();
  return runId;
}

export function approvePaymentRun(ctx: RunCtx, runId: string): void {
  ctx.db.transaction(() => {
    const r = ctx.db.prepare("UPDATE caregiver_payment_runs SET status = 'approved', approved_by = ?, approved_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = 'draft'").run(
      ctx.userId,
      ctx.clock.now().toISOString(),
      ctx.clock.now().toISOString(),
      runId,
    );
    if (r.changes !== 1) throw new AppError('INVALID_STATE', 'Vain luonnosvaiheen maksuajon voi hyväksyä.');
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.approve', entityType: 'caregiver_payment_run', entityId: runId });
  })();
}

export function paymentRows(db: Db, runId: string) {
  return (
    db
      .prepare(
        `SELECT p.*, a.carer_name, a.carer_hetu, a.carer_iban, c.last_name || ' ' || c.first_names AS client_name FROM caregiver_payments p
         JOIN care_agreements a ON a.id = p.agreement_id JOIN clients c ON c.id = a.client_id WHERE p.run_id = ? ORDER BY a.carer_name`,
      )
      .all(runId) as {
      agreement_id: string;
      carer_name: string;
      carer_hetu: string;
      carer_iban: string;
      client_name: string;
      tier_code: string;
      monthly_cents: number;
      paid_days: number;
      month_days: number;
      amount_cents: number;
      change_cents: number | null;
      basis_json: string;
      correction_cents: number;
      correction_json: string;
    }[]
  ).map((r) => ({
    agreementId: r.agreement_id,
    carerName: r.carer_name,
    carerHetu: r.carer_hetu,
    carerIban: r.carer_iban,
    clientName: r.client_name,
    tierCode: r.tier_code,
    monthlyCents: r.monthly_cents,
    paidDays: r.paid_days,
    monthDays: r.month_days,
    amountCents: r.amount_cents,
    changeCents: r.change_cents,
    basis: r.basis_json,
    /** Paid too little in earlier months under the rule since corrected (omaishoitolaki 9 § 2 mom). */
    correctionCents: r.correction_cents,
    corrections: r.correction_json,
  }));
}

/**
 * The carers' days off as a payment run's month sees them: the days taken in the month, and the year's days used
 * and statutory days earned by the month's end (omaishoitolaki 4 § 1 mom); `over` when more were used.
 */
export function daysOffForRun(db: Db, runId: string): Map<string, { inMonth: number; usedToDate: number; earnedToDate: number; over: boolean }> {
  const run = db.prepare('SELECT month FROM caregiver_payment_runs WHERE id = ?').get(runId) as { month: string } | undefined;
  const out = new Map<string, { inMonth: number; usedToDate: number; earnedToDate: number; over: boolean }>();
  if (!run) return out;
  const year = Number(run.month.slice(0, 4));
  const p = parameterSetOn(listParameterSets(db), `${run.month}-01`).parameters;
  const agreements = db
    .prepare('SELECT a.id, a.start_date, a.end_date, a.continuous_care FROM caregiver_payments x JOIN care_agreements a ON a.id = x.agreement_id WHERE x.run_id = ?')
    .all(runId) as { id: string; start_date: string; end_date: string | null; continuous_care: number }[];
  const daysOf = db.prepare('SELECT day FROM carer_days_off WHERE agreement_id = ? AND day BETWEEN ? AND ? ORDER BY day').pluck();
  for (const a of agreements) {
    const perMonth = a.continuous_care ? p.caregiver.daysOffPerMonth.continuous : p.caregiver.daysOffPerMonth.base;
    const days = daysOf.all(a.id, `${year}-01-01`, monthBounds(run.month).last) as string[];
    const m = daysOffBalance({ startDate: a.start_date, endDate: a.end_date }, perMonth, days, year).find((b) => b.month === run.month)!;
    out.set(a.id, { inMonth: m.taken, usedToDate: m.usedToDate, earnedToDate: m.earnedToDate, over: m.usedToDate > m.earnedToDate });
  }
  return out;
}

function csvField(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Payroll export of a run: semicolon-separated, UTF-8 with BOM, CRLF (as payroll systems and Excel read it). */
export function payrollCsv(db: Db, runId: string): { fileName: string; csv: string } {
  const run = db.prepare('SELECT month FROM caregiver_payment_runs WHERE id = ?').get(runId) as { month: string } | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Maksuajoa ei löytynyt.');
  const header = [
    'Kuukausi',
    'Henkilötunnus',
    'Nimi',
    'Tilinumero',
    'Palkkiolaji',
    'Palkkioluokka',
    'Kuukausipalkkio',
    'Maksupäivät',
    'Kuukauden päivät',
    'Brutto',
    'Muutos edelliseen',
    'Hoidettava',
    'Oikaisu aiemmista kuukausista',
    'Maksetaan yhteensä',
  ];
  const lines = [header.join(';')];
  for (const r of paymentRows(db, runId))
    lines.push(
      [run.month, r.carerHetu, r.carerName, r.carerIban, 'Omaishoidon hoitopalkkio', r.tierCode, formatDecimalComma(r.monthlyCents), String(r.paidDays), String(r.monthDays), formatDecimalComma(r.amountCents), r.changeCents === null ? '' : formatDecimalComma(r.changeCents), r.clientName, formatDecimalComma(r.correctionCents), formatDecimalComma(r.amountCents + r.correctionCents)]
        .map(csvField)
        .join(';'),
    );
  return { fileName: `hoitopalkkiot-${run.month}.csv`, csv: `\ufeff${lines.join('\r\n')}\r\n` };
}
