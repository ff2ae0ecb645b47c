// Calendar dates are ISO local dates (YYYY-MM-DD, Europe/Helsinki). Arithmetic goes through UTC midnight,
// which has no daylight-saving gaps, so adding days never drifts.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Dates the application accepts from a user or a command line ("today", a contact, a decision): 2000–2100. */
export const APP_DATE_MIN = '2000-01-01';
export const APP_DATE_MAX = '2100-12-31';

/** A real calendar date within 2000–2100. */
export function isAppDate(value: string): boolean {
  return isIsoDate(value) && value >= APP_DATE_MIN && value <= APP_DATE_MAX;
}

/** A date outside what a rule or the application covers; its message is for the user (Finnish). */
export class DateRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DateRangeError';
  }
}

function toUtc(iso: string): Date {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`Not an ISO date: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// Day numbers (days since 1970-01-01) of the dates in use, both ways. A county's data spans a few thousand
// distinct dates, so these small caches make date arithmetic over hundreds of thousands of rows cheap.
const CACHE_LIMIT = 100_000;
const dayOf = new Map<string, number>();
const isoOf = new Map<number, string>();

function dayNumber(iso: string): number {
  let n = dayOf.get(iso);
  if (n === undefined) {
    n = Math.round(toUtc(iso).getTime() / 86_400_000);
    if (dayOf.size > CACHE_LIMIT) dayOf.clear();
    dayOf.set(iso, n);
  }
  return n;
}

function isoOfDay(n: number): string {
  let iso = isoOf.get(n);
  if (iso === undefined) {
    iso = fromUtc(new Date(n * 86_400_000));
    if (isoOf.size > CACHE_LIMIT) isoOf.clear();
    isoOf.set(n, iso);
  }
  return iso;
}

export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

/** Month arithmetic that clamps to the month's last day (2026-11-30 + 3 months = 2027-02-28). */
export function addMonthsClamped(iso: string, months: number): string {
  const d = toUtc(iso);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

/** The later of two ISO dates. */
export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The earlier of two ISO dates. */
export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(iso: string): number {
  return (((dayNumber(iso) + 4) % 7) + 7) % 7;
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

const helsinkiParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

// Offsets by UTC hour: Europe/Helsinki changes its offset only on a whole UTC hour (01:00 UTC), so the offset of
// an hour is that of its first instant. Formatting is slow (the demo county stamps hundreds of thousands of
// instants), the answer per hour never changes.
const offsetByHour = new Map<number, number>();

/** Minutes Europe/Helsinki is ahead of UTC at an instant (120 in winter, 180 in summer). */
export function helsinkiOffsetMinutes(instant: Date): number {
  const hour = Math.floor(instant.getTime() / 3_600_000);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  const start = new Date(hour * 3_600_000);
  const p: Record<string, number> = {};
  for (const x of helsinkiParts.formatToParts(start)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const offset = Math.round((asUtc - start.getTime()) / 60_000);
  if (offsetByHour.size >= 200_000) offsetByHour.clear();
  offsetByHour.set(hour, offset);
  return offset;
}

/**
 * The instant of a local time on a Helsinki calendar date. On the spring change day the hour 03:00–03:59 does
 * not exist and is read as summer time (an hour on); on the autumn change day 03:00–03:59 comes twice and the
 * first (still summer time) is taken.
 */
export function helsinkiInstant(iso: string, hour = 0, minute = 0): Date {
  const local = toUtc(iso).getTime() + (hour * 60 + minute) * 60_000;
  // The offsets in force half a day either side; the larger first, so an hour that comes twice is the first.
  const offsets = [...new Set([helsinkiOffsetMinutes(new Date(local - 43_200_000)), helsinkiOffsetMinutes(new Date(local + 43_200_000))])].sort((a, b) => b - a);
  for (const off of offsets) {
    const t = local - off * 60_000;
    if (helsinkiOffsetMinutes(new Date(t)) === off) return new Date(t);
  }
  // In the spring gap: the winter offset, which lands an hour on in summer time.
  return new Date(local - offsets[offsets.length - 1]! * 60_000);
}

/** The local calendar date of an instant in Europe/Helsinki. */
// en-CA formats as YYYY-MM-DD.
const helsinkiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

export function helsinkiDate(instant: Date): string {
  return helsinkiDay.format(instant);
}

/** Finnish display form d.m.yyyy. */
export function formatFi(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
}

/**
 * A date as users type it, to ISO: "30.11.2026", "30.11.26" (20xx), "1.12.2026", "30112026", "301126", or an ISO
 * date as it is. Null when it is not a real calendar date. Two-digit years read as 1900s when that date is more
 * than `futureYears` ahead of `today` (birth dates), otherwise 2000s.
 */
export function parseUserDate(text: string, today?: string, futureYears = 20): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  let d: string, m: string, y: string;
  const dotted = /^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{2}|\d{4})$/.exec(t);
  const compact = /^(\d{2})(\d{2})(\d{2}|\d{4})$/.exec(t);
  if (dotted) [, d, m, y] = dotted as unknown as [string, string, string, string];
  else if (compact) [, d, m, y] = compact as unknown as [string, string, string, string];
  else return null;
  let year = Number(y);
  if (y.length === 2) {
    year += 2000;
    const limit = today ? Number(today.slice(0, 4)) + futureYears : 2100;
    if (year > limit) year -= 100;
  }
  const iso = `${String(year).padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A month as users type it ("11.2026", "11/2026", "2026-11") to YYYY-MM, or null. */
export function parseUserMonth(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})$/.exec(t);
  const fi = /^(\d{1,2})[.\-/ ](\d{4})$/.exec(t);
  const [y, m] = iso ? [iso[1]!, iso[2]!] : fi ? [fi[2]!, fi[1]!] : [null, null];
  if (!y || !m || Number(m) < 1 || Number(m) > 12) return null;
  return `${y}-${m.padStart(2, '0')}`;
}

/** A month YYYY-MM as m.yyyy. */
export function formatMonthFi(month: string): string {
  const [y, m] = month.split('-');
  return m && y ? `${Number(m)}.${y}` : month;
}
