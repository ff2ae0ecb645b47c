// A client's annual fee ceiling (maksukatto, asiakasmaksulaki 6 a §) as billing staff see it: what this
// county billed toward it for days of care in the year, the date it was reached (by those invoices or as
// recorded from the client's free card), and the recorded notices. The invoice run applies it
// (core/invoicing/month.ts); the client still follows the ceiling themselves (2 a § 1 mom 7 kohta).
import type { z } from 'zod';
import type * as b from '../../../shared/contract/billing-schemas';
import { AppError } from '../../../shared/contract/errors';
import { ceilingReachedOn } from '../../../shared/domain/fees/ceiling';
import type { Db } from '../db/connection';
import { listParameterSets, parameterSetOn } from './parameters';

export function ceilingStatus(db: Db, clientId: string, year: number): z.infer<typeof b.ceilingStatus> {
  const p = parameterSetOn(listParameterSets(db), `${year}-01-01`).parameters;
  const rows = db
    .prepare(
      `SELECT r.period_to AS day, r.amount_cents AS cents FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id
       WHERE i.client_id = ? AND i.status <> 'cancelled' AND r.counts_to_ceiling = 1 AND r.service_month BETWEEN ? AND ?
       ORDER BY r.period_from, r.period_to`,
    )
    .all(clientId, `${year}-01`, `${year}-12`) as { day: string; cents: number }[];
  const notices = (
    db
      .prepare(
        `SELECT n.id, n.year, n.reached_on, n.note, n.created_at, coalesce(u.display_name, '') AS created_by FROM fee_ceiling_notices n
         LEFT JOIN users u ON u.id = n.created_by WHERE n.client_id = ? AND n.year = ? AND n.deleted = 0 ORDER BY n.reached_on`,
      )
      .all(clientId, year) as { id: string; year: number; reached_on: string; note: string; created_at: string; created_by: string }[]
  ).map((n) => ({ id: n.id, year: n.year, reachedOn: n.reached_on, note: n.note, createdAt: n.created_at, createdBy: n.created_by }));
  const byInvoices = ceilingReachedOn(rows, p.ceiling.annualCents);
  const noticed = notices[0]?.reachedOn ?? null;
  const reachedBy = noticed !== null && (byInvoices === null || noticed <= byInvoices) ? 'notice' : byInvoices !== null ? 'invoices' : null;
  return {
    year,
    annualCents: p.ceiling.annualCents,
    maintenanceDailyCents: p.ceiling.maintenanceDailyCents,
    maintenanceConfirmed: p.figures.maintenanceAfterCeiling.confirmed,
    accruedCents: rows.reduce((s, r) => s + r.cents, 0),
    reachedOn: reachedBy === 'notice' ? noticed : byInvoices,
    reachedBy,
    notices,
  };
}

/** Checks a reached-on date: not in the future, and in this or last year (a fee is corrected one year back). */
export function checkReachedOn(reachedOn: string, today: string): void {
  if (reachedOn > today) throw new AppError('VALIDATION', `Maksukaton täyttymispäivä ${reachedOn} on tulevaisuudessa.`);
  if (Number(reachedOn.slice(0, 4)) < Number(today.slice(0, 4)) - 1)
    throw new AppError('VALIDATION', `Maksukaton täyttymispäivä ${reachedOn} on liian kaukana: maksuja oikaistaan enintään vuoden taakse.`);
}
