// A monthly fee on an invoice reads as a month, not as a daily price. The row stores the charged days, the days
// of the month and the monthly fee of the fee decision (asiakasmaksulaki 7 c §, 10 e §; prorated by calendar days
// after interruptions, 10 k §); "31 pv × À-hinta 1 272,25 €" read as 31 days at 1 272,25 € a day. Printed, in
// Finvoice and in the window the row says "Säännöllinen kotihoito 11/2026, kuukausimaksu 1 272,25 €", and for a
// part of a month the days charged and the prorated amount in words.
import { formatEuros } from '../letters';

export type Lang = 'fi' | 'sv';

export interface MonthlyFeeRow {
  /** YYYY-MM of the service. */
  month: string;
  monthlyCents: number;
  chargedDays: number;
  daysInMonth: number;
  amountCents: number;
  /** The whole month charged at the monthly fee. */
  whole: boolean;
}

interface RowLike {
  rowType: string;
  serviceMonth?: string;
  periodFrom: string;
  amountCents: number;
  basis: string | Record<string, unknown>;
}

/** The monthly fee behind a home-care or long-term care row (from its stored basis), or null for other rows. */
export function monthlyFeeRow(row: RowLike): MonthlyFeeRow | null {
  if (row.rowType !== 'home_care' && row.rowType !== 'long_term') return null;
  let b: Record<string, unknown>;
  try {
    b = typeof row.basis === 'string' ? (JSON.parse(row.basis) as Record<string, unknown>) : row.basis;
  } catch {
    return null;
  }
  const monthly = b.monthlyFeeCents;
  const days = b.chargeableDays;
  const of = b.daysInMonth;
  if (typeof monthly !== 'number' || typeof days !== 'number' || typeof of !== 'number') return null;
  return {
    month: (row.serviceMonth ?? row.periodFrom).slice(0, 7),
    monthlyCents: monthly,
    chargedDays: days,
    daysInMonth: of,
    amountCents: row.amountCents,
    whole: days === of && row.amountCents === monthly,
  };
}

/** "11/2026". */
export function monthNumber(month: string): string {
  return `${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;
}

const W = {
  fi: { monthly: 'kuukausimaksu', month: 'kk', day: 'pv', perMonth: '€/kk', days: (n: number, of: number) => `${n} päivää ${of}:stä`, charged: 'veloitetaan' },
  sv: { monthly: 'månadsavgift', month: 'mån', day: 'd', perMonth: '€/mån', days: (n: number, of: number) => `${n} dagar av ${of}`, charged: 'debiteras' },
};

/** The quantity column: "1 kk" for a whole month, "19/30 pv" for a part of one. */
export function monthlyQuantityText(m: MonthlyFeeRow, lang: Lang): string {
  return m.whole ? `1 ${W[lang].month}` : `${m.chargedDays}/${m.daysInMonth} ${W[lang].day}`;
}

/** The unit price column: the monthly fee per month, "1 272,25 €/kk". */
export function monthlyPriceText(m: MonthlyFeeRow, lang: Lang): string {
  return `${formatEuros(m.monthlyCents).replace(/\s€$/, '')} ${W[lang].perMonth}`;
}

/**
 * The charge in words: "kuukausimaksu 1 272,25 €" for a whole month; for a part of one,
 * "kuukausimaksu 1 272,25 €, veloitetaan 19 päivää 30:stä: 805,76 €".
 */
export function monthlyWords(m: MonthlyFeeRow, lang: Lang): string {
  const w = W[lang];
  const head = `${w.monthly} ${formatEuros(m.monthlyCents)}`;
  return m.whole ? head : `${head}, ${w.charged} ${w.days(m.chargedDays, m.daysInMonth)}: ${formatEuros(m.amountCents)}`;
}

/**
 * Finvoice's quantity and unit for a monthly fee: the share of the month charged (1 for a whole month, six
 * decimals for a part: 19/30 → 0,633333), in months, at the monthly fee; RowAmount carries the exact amount.
 */
export function monthlyFinvoiceQuantity(m: MonthlyFeeRow): string {
  if (m.whole) return '1';
  return (Math.round((m.chargedDays / m.daysInMonth) * 1_000_000) / 1_000_000).toFixed(6).replace('.', ',');
}
