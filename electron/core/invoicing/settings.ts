// Billing settings of the county (settings row 'billing'): business id, the account invoices are paid to,
// payment terms, the e-invoice address and where invoice numbers start. A demo workstation gets fictitious
// values that pass every check (the IBAN is one of Finanssiala's public examples).
import { AppError } from '../../../shared/contract/errors';
import { billingSettings, type BillingSettings } from '../../../shared/contract/billing-schemas';
import type { Db } from '../db/connection';

const KEY = 'billing';

export const DEMO_BILLING_SETTINGS: BillingSettings = {
  businessId: '3221337-7',
  iban: 'FI7944052020036082',
  bic: 'OKOYFIHH',
  dueDays: 14,
  contactPhone: '09 816 40000',
  contactEmail: 'asiakasmaksut@luotsi.example',
  finvoiceAddress: '003732213377',
  finvoiceIntermediator: 'OKOYFIHH',
  firstInvoiceNumber: 100000,
};

export function readBillingSettings(db: Db): BillingSettings | null {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  return raw ? billingSettings.parse(JSON.parse(raw)) : null;
}

export function requireBillingSettings(db: Db): BillingSettings {
  const s = readBillingSettings(db);
  if (!s) throw new AppError('INVALID_STATE', 'Laskutuksen asetuksia ei ole tehty. Pääkäyttäjä täyttää ne kohdassa Asetukset › Asiakasmaksut.');
  return s;
}

export function writeBillingSettings(db: Db, input: unknown): BillingSettings {
  const r = billingSettings.safeParse(input);
  if (!r.success) throw new AppError('VALIDATION', r.error.issues.map((i) => i.message).join(' '), r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(KEY, JSON.stringify(r.data));
  return r.data;
}

export function ensureDemoBillingSettings(db: Db): void {
  if (readBillingSettings(db)) return;
  const demo = db.prepare("SELECT value FROM settings WHERE key = 'demo'").pluck().get() === '1';
  if (demo) writeBillingSettings(db, DEMO_BILLING_SETTINGS);
}
