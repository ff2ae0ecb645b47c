// The unit's figures (Raportit): periods and their buckets, and the statistics of waiting times. Pure, so the
// dashboard, the 26 § publication, the exports and the tests compute them the same way.
import { addDays, addMonthsClamped, dayOfWeek, daysBetween, isIsoDate } from './dates';

export const GRANULARITIES = ['week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The longest period a dashboard covers (the demo has five years of intake). */
export const MAX_PERIOD_DAYS = 5 * 366;
/** The first day figures can start: the county took over on 1.1.2023; the earliest history is kept from 2000. */
export const EARLIEST_REPORT_DATE = '2000-01-01';

export type PeriodProblem = 'endBeforeStart' | 'future' | 'tooLong' | 'tooEarly' | null;

/** What is wrong with a chosen period, if anything (the core refuses it, the UI says it before asking). */
export function periodProblem(from: string, to: string, today: string): PeriodProblem {
  if (!isIsoDate(from) || !isIsoDate(to)) return null;
  if (to < from) return 'endBeforeStart';
  if (from > today) return 'future';
  if (from < EARLIEST_REPORT_DATE) return 'tooEarly';
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) return 'tooLong';
  return null;
}

/** Weeks for a period of up to three months, months beyond. */
export function defaultGranularity(from: string, to: string): Granularity {
  return daysBetween(from, to) <= 92 ? 'week' : 'month';
}

export interface Bucket {
  /** 2026-W48 or 2026-11. */
  key: string;
  from: string;
  to: string;
}

function isoWeek(d: string): string {
  // The ISO week's year is the year of its Thursday.
  const thursday = addDays(d, 3 - ((dayOfWeek(d) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week (Monday–Sunday) or month buckets covering [from, to], clipped to the period. */
export function periodBuckets(from: string, to: string, g: Granularity): Bucket[] {
  const out: Bucket[] = [];
  if (g === 'week') {
    let start = addDays(from, -((dayOfWeek(from) + 6) % 7));
    while (start <= to) {
      const end = addDays(start, 6);
      out.push({ key: isoWeek(start), from: start < from ? from : start, to: end > to ? to : end });
      start = addDays(start, 7);
    }
  } else {
    let start = `${from.slice(0, 7)}-01`;
    while (start <= to) {
      const next = addMonthsClamped(start, 1);
      const end = addDays(next, -1);
      out.push({ key: start.slice(0, 7), from: start < from ? from : start, to: end > to ? to : end });
      start = next;
    }
  }
  return out;
}

/** The bucket a date falls in (buckets sorted, covering the date), or null. */
export function bucketOf(buckets: readonly Bucket[], date: string): Bucket | null {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (date < b.from) hi = mid - 1;
    else if (date > b.to) lo = mid + 1;
    else return b;
  }
  return null;
}

export interface WaitStats {
  count: number;
  /** Arithmetic mean, one decimal; null without cases. */
  mean: number | null;
  /** The middle value (the mean of the two middle values for an even count). */
  median: number | null;
  /** 90th percentile by the nearest-rank method: the smallest value with at least 90 % of the values at or below it. */
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** Statistics of waiting times in days. */
export function waitStats(values: readonly number[]): WaitStats {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, min: null, max: null };
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  const median = n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { count: n, mean: Math.round((sum / n) * 10) / 10, median, p90: s[Math.ceil(0.9 * n) - 1]!, min: s[0]!, max: s[n - 1]! };
}

/** Age of open items at the period end, in days since the contact. */
export const AGE_BUCKETS = [
  { key: '0-7', min: 0, max: 7 },
  { key: '8-14', min: 8, max: 14 },
  { key: '15-30', min: 15, max: 30 },
  { key: '31-60', min: 31, max: 60 },
  { key: '61-90', min: 61, max: 90 },
  { key: '91+', min: 91, max: Number.POSITIVE_INFINITY },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

export function ageBucket(days: number): AgeBucket {
  return AGE_BUCKETS.find((b) => days >= b.min && days <= b.max)!.key;
}

/** Whether the service needs assessment started in time (SHL 36 §, VPL 15 §: by the 7th working day; urgent at once). */
export const TIMELINESS = ['on_time', 'late', 'overdue', 'pending', 'no_record'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

export function timeliness(firstAssessment: string | null, due: string, status: string, today: string): Timeliness {
  if (firstAssessment !== null) return firstAssessment <= due ? 'on_time' : 'late';
  if (status === 'new' || status === 'assigned') return due < today ? 'overdue' : 'pending';
  return 'no_record';
}

/** Half-years of vanhuspalvelulaki 26 § publications: "2026-H1" = 1.1.–30.6.2026. */
export function halfYearBounds(halfYear: string): { from: string; to: string } | null {
  const m = /^(\d{4})-H([12])$/.exec(halfYear);
  if (!m) return null;
  const y = m[1]!;
  return m[2] === '1' ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
}

export function previousHalfYear(halfYear: string): string {
  const [y, h] = halfYear.split('-H').map(Number) as [number, number];
  return h === 2 ? `${y}-H1` : `${y - 1}-H2`;
}
