// The "today"s of the date sweep (issue 16): the first and last day of every month of a year, the leap day,
// both daylight-saving change days, Christmas to New Year, Midsummer Eve, the demo county's earliest day, the
// real today, and a random sample drawn anew on every run from a seed that is printed and can be replayed
// (LUOTSI_SWEEP_SEED=…). LUOTSI_SWEEP_DATES=2027-03-28,2027-10-31 runs only the dates given.
import { addDays, helsinkiDate, isIsoDate } from '../../shared/domain/dates';
import { Rng } from '../../electron/core/seed/random';

export const SWEEP_YEAR = 2027;

export interface SweepDay {
  today: string;
  why: string;
  /** The demo county's random seed for that day. */
  seed: number;
}

function fixedDays(): [string, string][] {
  const out: [string, string][] = [];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    const first = `${SWEEP_YEAR}-${mm}-01`;
    out.push([first, 'kuun ensimmäinen']);
    out.push([addDays(m === 12 ? `${SWEEP_YEAR + 1}-01-01` : `${SWEEP_YEAR}-${String(m + 1).padStart(2, '0')}-01`, -1), 'kuun viimeinen']);
  }
  out.push(['2028-02-29', 'karkauspäivä']);
  out.push(['2024-02-29', 'karkauspäivä']);
  // Europe/Helsinki: summer time from 03:00 on the last Sunday of March, back at 04:00 on the last Sunday of October.
  out.push(['2027-03-28', 'kesäaika alkaa']);
  out.push(['2027-10-31', 'kesäaika päättyy']);
  for (let d = `${SWEEP_YEAR}-12-24`; d <= `${SWEEP_YEAR + 1}-01-01`; d = addDays(d, 1)) out.push([d, 'joulusta uuteenvuoteen']);
  out.push(['2027-06-25', 'juhannusaatto']);
  out.push(['2024-01-01', 'esittelyaineiston ensimmäinen päivä']);
  out.push([helsinkiDate(new Date()), 'tämä päivä']);
  return out;
}

/** A seed for the random sample: from LUOTSI_SWEEP_SEED, else drawn now. */
export function sweepSeed(): number {
  const s = process.env.LUOTSI_SWEEP_SEED;
  if (s !== undefined && /^\d+$/.test(s)) return Number(s);
  return Math.floor(Math.random() * 2 ** 31);
}

/** Every day of the sweep, fixed days first, each once (the first reason wins). */
export function sweepDays(seed: number, sampleSize = 6): SweepDay[] {
  const only = process.env.LUOTSI_SWEEP_DATES;
  const rng = new Rng(seed);
  const dayNo = (iso: string) => Number(iso.replaceAll('-', ''));
  if (only) return only.split(',').map((d) => d.trim()).filter(isIsoDate).map((today) => ({ today, why: 'LUOTSI_SWEEP_DATES', seed: dayNo(today) }));
  const days = new Map<string, SweepDay>();
  for (const [today, why] of fixedDays()) if (!days.has(today)) days.set(today, { today, why, seed: dayNo(today) });
  // The random sample: any day from the demo county's first day to the end of 2035.
  const span = 12 * 365 + 3;
  const fixed = days.size;
  while (days.size < fixed + sampleSize) {
    const today = addDays('2024-01-01', rng.int(0, span - 1));
    if (!days.has(today)) days.set(today, { today, why: `satunnainen (siemen ${seed})`, seed: rng.int(1, 2 ** 30) });
  }
  return [...days.values()];
}
