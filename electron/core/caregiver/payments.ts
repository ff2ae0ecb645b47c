// Family caregiver support (omaishoidon tuki, omaishoitolaki 937/2005): care agreements, days off and the
// monthly care-fee payment run with its payroll export. The care fee (hoitopalkkio) follows the agreement's
// tier in the fee parameters; it is prorated by the days the agreement is in force, and while the cared-for
// client is in hospital or short-term care it is paid only for the parameterised number of days of each
// interruption (omaishoitolaki 5 §; the county's rule). Days off do not reduce it (4 §).
import { AppError } from '../../../shared/contract/errors';
import { addDays, daysBetween } from '../../../shared/domain/dates';
import { monthBounds, prorate } from '../../../shared/domain/fees/absences';
import { maskHetu } from '../../../shared/domain/hetu';
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
}

export function listAgreements(db: Db, today: string) {
  const rows = db
    .prepare(
      `SELECT a.*, c.last_name || ' ' || c.first_names AS client_name FROM care_agreements a JOIN clients c ON c.id = a.client_id
       WHERE a.deleted = 0 ORDER BY a.carer_name`,
    )
    .all() as AgreementRow[];
  const p = parameterSetOn(listParameterSets(db), today).parameters;
  const year = today.slice(0, 4);
  const used = new Map(
    (db.prepare('SELECT agreement_id, COUNT(*) AS n FROM carer_days_off WHERE day BETWEEN ? AND ? GROUP BY agreement_id').all(`${year}-01-01`, today) as { agreement_id: string; n: number }[]).map(
      (r) => [r.agreement_id, r.n],
    ),
  );
  const monthNo = Number(today.slice(5, 7));
  return rows.map((a) => {
    const perMonth = a.continuous_care ? p.caregiver.daysOffPerMonth.continuous : p.caregiver.daysOffPerMonth.base;
    const startMonth = a.start_date.slice(0, 4) === year ? Number(a.start_date.slice(5, 7)) : 1;
    return {
      id: a.id,
      version: a.version,
      clientId: a.client_id,
      clientName: a.client_name,
      carerName: a.carer_name,
      carerHetuMasked: maskHetu(a.carer_hetu),
      carerIban: a.carer_iban,
      tierCode: a.tier_code,
      tierFeeCents: p.caregiver.tiers.find((t) => t.code === a.tier_code)?.feeCents ?? null,
      continuousCare: a.continuous_care === 1,
      startDate: a.start_date,
      endDate: a.end_date,
      daysOffPerMonth: perMonth,
      daysOffEarnedThisYear: Math.max(0, monthNo - startMonth + 1) * perMonth,
      daysOffUsedThisYear: used.get(a.id) ?? 0,
    };
  });
}

/** Records a day off taken by the carer; refuses days outside the agreement and days already recorded. */
export function addDayOff(ctx: RunCtx, agreementId: string, day: string): void {
  ctx.db.transaction(() => {
    const a = ctx.db.prepare('SELECT * FROM care_agreements WHERE id = ? AND deleted = 0').get(agreementId) as AgreementRow | undefined;
    if (!a) throw new AppError('NOT_FOUND', 'Omaishoitosopimusta ei löytynyt.');
    if (day < a.start_date || (a.end_date !== null && day > a.end_date)) throw new AppError('VALIDATION', `Päivä ${day} ei ole sopimuksen voimassaoloaikana.`);
    const r = ctx.db.prepare('INSERT OR IGNORE INTO carer_days_off (id, agreement_id, day, created_at) VALUES (?, ?, ?, ?)').run(uuidv7(ctx.clock.now().getTime()), agreementId, day, ctx.clock.now().toISOString());
    if (r.changes === 0) throw new AppError('VALIDATION', `Vapaapäivä ${day} on jo kirjattu.`);
    ctx.audit.write({ userId: ctx.userId, action: 'caregiver.daysOff', entityType: 'care_agreement', entityId: agreementId, clientId: a.client_id, details: { day } });
  })();
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

/** One agreement's care fee for a month, or null when the agreement is not in force in it. */
export function carePayment(
  a: { id: string; tier_code: string; start_date: string; end_date: string | null },
  month: string,
  tiers: readonly { code: string; feeCents: number }[],
  paidDaysInCare: number,
  interruptions: readonly { from: string; to: string; cause: string }[],
): PaymentDraft | null {
  const { first, last, days } = monthBounds(month);
  const from = a.start_date > first ? a.start_date : first;
  const to = a.end_date !== null && a.end_date < last ? a.end_date : last;
  if (to < from) return null;
  const tier = tiers.find((t) => t.code === a.tier_code);
  if (!tier) throw new AppError('VALIDATION', `Palkkioluokkaa ${a.tier_code} ei ole voimassa olevissa parametreissa.`);
  const unpaid = new Set<string>();
  const stopped: { from: string; to: string; unpaidDays: number }[] = [];
  for (const i of interruptions) {
    if (i.cause !== 'hospital' && i.cause !== 'short_term_care') continue;
    // Paid for the first N days of each interruption, not after.
    const unpaidFrom = addDays(i.from, paidDaysInCare);
    const s = unpaidFrom > from ? unpaidFrom : from;
    const e = i.to < to ? i.to : to;
    let n = 0;
    for (let d = s; d <= e; d = addDays(d, 1)) {
      if (unpaid.has(d)) continue;
      unpaid.add(d);
      n++;
    }
    if (n > 0) stopped.push({ from: i.from, to: i.to, unpaidDays: n });
  }
  const active = daysBetween(from, to) + 1;
  const paidDays = active - unpaid.size;
  const amount = prorate(tier.feeCents, paidDays, days);
  return { agreementId: a.id, tierCode: tier.code, monthlyCents: tier.feeCents, paidDays, monthDays: days, amountCents: amount, basis: { from, to, stopped } };
}

/** Creates the month's payment run as a draft; a month with a run (not cancelled) is refused. */
export function createPaymentRun(ctx: RunCtx, month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('VALIDATION', `Kuukausi on annettava muodossa VVVV-KK, nyt "${month}".`);
  const { first, last } = monthBounds(month);
  const p = parameterSetOn(listParameterSets(ctx.db), first).parameters;
  let runId = '';
  ctx.db.transaction(() => {
    if (ctx.db.prepare("SELECT 1 FROM caregiver_payment_runs WHERE month = ? AND status <> 'cancelled'").get(month))
      throw new AppError('INVALID_STATE', `Kuukauden ${month} hoitopalkkiot on jo ajettu.`);
    const agreements = ctx.db
      .prepare('SELECT * FROM care_agreements WHERE deleted = 0 AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY id')
      .all(last, first) as AgreementRow[];
    const absences = ctx.db.prepare('SELECT from_date AS "from", to_date AS "to", cause FROM absences WHERE client_id = ? AND deleted = 0 AND to_date >= ? AND from_date <= ?');
    const previous = ctx.db.prepare(
      `SELECT p.amount_cents FROM caregiver_payments p JOIN caregiver_payment_runs r ON r.id = p.run_id
       WHERE p.agreement_id = ? AND r.month < ? AND r.status = 'approved' ORDER BY r.month DESC LIMIT 1`,
    );
    const now = ctx.clock.now();
    runId = uuidv7(now.getTime());
    const payments = agreements
      .map((a) => carePayment(a, month, p.caregiver.tiers, p.caregiver.interruption.paidDaysWhenCaredForInCare, absences.all(a.client_id, addDays(first, -62), last) as { from: string; to: string; cause: string }[]))
      .filter((x): x is PaymentDraft => x !== null);
    const total = payments.reduce((s, x) => s + x.amountCents, 0);
    ctx.db
      .prepare(`INSERT INTO caregiver_payment_runs (id, month, status, total_cents, count, created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?)`)
      .run(runId, month, total, payments.length, ctx.userId, now.toISOString(), now.toISOString());
    const ins = ctx.db.prepare(
      `INSERT INTO caregiver_payments (id, run_id, agreement_id, tier_code, monthly_cents, paid_days, month_days, amount_cents, change_cents, basis_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const x of payments) {
      const prev = previous.get(x.agreementId, month) as { amount_cents: number } | undefined;
      ins.run(uuidv7(now.getTime()), runId, x.agreementId, x.tierCode, x.monthlyCents, x.paidDays, x.monthDays, x.amountCents, prev ? x.amountCents - prev.amount_cents : null, JSON.stringify(x.basis));
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
  }));
}

function csvField(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Payroll export of a run: semicolon-separated, UTF-8 with BOM, CRLF (as payroll systems and Excel read it). */
export function payrollCsv(db: Db, runId: string): { fileName: string; csv: string } {
  const run = db.prepare('SELECT month FROM caregiver_payment_runs WHERE id = ?').get(runId) as { month: string } | undefined;
  if (!run) throw new AppError('NOT_FOUND', 'Maksuajoa ei löytynyt.');
  const header = ['Kuukausi', 'Henkilötunnus', 'Nimi', 'Tilinumero', 'Palkkiolaji', 'Palkkioluokka', 'Kuukausipalkkio', 'Maksupäivät', 'Kuukauden päivät', 'Brutto', 'Muutos edelliseen', 'Hoidettava'];
  const lines = [header.join(';')];
  for (const r of paymentRows(db, runId))
    lines.push(
      [run.month, r.carerHetu, r.carerName, r.carerIban, 'Omaishoidon hoitopalkkio', r.tierCode, formatDecimalComma(r.monthlyCents), String(r.paidDays), String(r.monthDays), formatDecimalComma(r.amountCents), r.changeCents === null ? '' : formatDecimalComma(r.changeCents), r.clientName]
        .map(csvField)
        .join(';'),
    );
  return { fileName: `hoitopalkkiot-${run.month}.csv`, csv: `\ufeff${lines.join('\r\n')}\r\n` };
}
