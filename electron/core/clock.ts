// Time is injected: everything that asks "now" or "today" asks a Clock, so tests and demos fix the date.
import { helsinkiDate, helsinkiInstant } from '../../shared/domain/dates';

export interface Clock {
  now(): Date;
  /** Today's date in Europe/Helsinki. */
  today(): string;
  /**
   * Real elapsed time (epoch ms), for what must pass in real time whatever "today" is: sign-in delays, lockouts,
   * idle sign-out. A demo or test standing on a fixed date still counts these in real time; tests may move it.
   */
  wallNow?(): number;
}

/** The clock's real time: its own wallNow, else the system's. */
export function wallTime(clock: Clock): number {
  return clock.wallNow?.() ?? Date.now();
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => helsinkiDate(new Date()),
};

/** A clock standing on a fixed Helsinki date from 10:00 local time; the time of day still advances so instants stay ordered. */
export function fixedDateClock(today: string): Clock {
  const startedAt = Date.now();
  const base = helsinkiInstant(today, 10).getTime();
  return {
    now: () => new Date(base + (Date.now() - startedAt)),
    today: () => today,
  };
}
