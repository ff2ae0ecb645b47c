// Instants of demo events: a local time on a Helsinki calendar date, never after "now". A county generated at
// 04:00 in the morning (the real clock on a first start) must not hold an item received, a decision signed or
// a row changed later that day (issue 16).
import { helsinkiInstant } from '../../../shared/domain/dates';

export class SeedTime {
  readonly nowIso: string;
  private readonly nowMs: number;

  constructor(
    readonly today: string,
    now: Date,
  ) {
    this.nowMs = now.getTime();
    this.nowIso = now.toISOString();
  }

  /** Milliseconds of a local time on a date, at most now. */
  ms(date: string, hour: number, minute = 0): number {
    return Math.min(helsinkiInstant(date, hour, minute).getTime(), this.nowMs);
  }

  /** ISO instant of a local time on a date, at most now. */
  at(date: string, hour: number, minute = 0): string {
    return new Date(this.ms(date, hour, minute)).toISOString();
  }

  /**
   * An instant `minuteOfDay` minutes into a date; on today, one past now is folded back into the part of the
   * day that has passed (keeping the order of the day's events where it can).
   */
  during(date: string, minuteOfDay: number): string {
    const start = helsinkiInstant(date, 0).getTime();
    const t = start + minuteOfDay * 60_000;
    if (t <= this.nowMs) return new Date(t).toISOString();
    const passed = Math.max(1, this.nowMs - start);
    return new Date(start + Math.floor((minuteOfDay / 1440) * passed)).toISOString();
  }
}

/** The default "now" of a generated county when none is given: 10:00 on its day, as the fixed test clock. */
export function defaultSeedNow(today: string): Date {
  return helsinkiInstant(today, 10);
}
