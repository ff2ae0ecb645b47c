// Throttling and lockout of signing in. Failures are counted per user name as typed (known or not, so the
// answers never tell which names exist) and for the whole workstation (many names tried from one machine):
//   - a user name may fail USER_FREE times freely; after that each attempt waits 1, 2, 4 … s (at most
//     USER_MAX_DELAY) after the previous failure, and at USER_LOCK_AFTER failures in a row the name is locked until
//     the administrator lifts the lock (Asetukset › Tietoturva) or the lockout time set there passes;
//   - the workstation may see WORKSTATION_FREE failures within WORKSTATION_WINDOW; after that every sign-in on it
//     waits 1, 2, 4 … s (at most WORKSTATION_MAX_DELAY). The workstation is never locked: that would lock out
//     every user of a shared machine.
// An attempt made while it must wait is refused without checking the password, so guessing gets no faster by
// trying harder. A successful sign-in clears its name's count (not the workstation's).
import type { Db } from '../db/connection';
import { wallTime, type Clock } from '../clock';
import { securitySettings } from './settings';

export const USER_FREE = 3;
export const USER_LOCK_AFTER = 10;
export const USER_MAX_DELAY = 300;
export const WORKSTATION_FREE = 10;
export const WORKSTATION_WINDOW_MS = 15 * 60_000;
export const WORKSTATION_MAX_DELAY = 60;

/** Seconds to wait after the latest failure, given the failures counted so far. */
export function delaySeconds(failures: number, free: number, max: number): number {
  return failures < free ? 0 : Math.min(max, 2 ** (failures - free));
}

/** What is left of a delay after the latest failure (never more than the delay, should the clock step back). */
function waitMs(lastAt: string, delay: number, now: number): number {
  if (delay === 0) return 0;
  return Math.min(delay * 1000, Date.parse(lastAt) + delay * 1000 - now);
}

export type Refusal = { kind: 'locked'; until: string | null } | { kind: 'throttled'; retryAfterSeconds: number };

interface FailureRow {
  scope: string;
  failures: number;
  first_at: string;
  last_at: string;
  locked_at: string | null;
}

export interface LockView {
  username: string;
  failures: number;
  lastFailureAt: string;
  lockedAt: string | null;
  lockedUntil: string | null;
}

const WORKSTATION = 'workstation';

/** The counting key of a user name: as typed, trimmed, Unicode-normalised, lowercased, bounded. */
export function nameKey(username: string): string {
  return `user:${username.normalize('NFC').trim().toLocaleLowerCase('fi').slice(0, 64)}`;
}

export class SignInGuard {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private row(scope: string): FailureRow | undefined {
    return this.db.prepare('SELECT * FROM sign_in_failures WHERE scope = ?').get(scope) as FailureRow | undefined;
  }

  private lockedUntil(lockedAt: string): string | null {
    const minutes = securitySettings(this.db).lockoutMinutes;
    return minutes > 0 ? new Date(Date.parse(lockedAt) + minutes * 60_000).toISOString() : null;
  }

  /** Whether a sign-in of this name may check a password now; a lock whose time has passed is lifted here. */
  check(username: string): Refusal | null {
    const now = wallTime(this.clock);
    const user = this.row(nameKey(username));
    if (user?.locked_at) {
      const until = this.lockedUntil(user.locked_at);
      if (until === null || Date.parse(until) > now) return { kind: 'locked', until };
      this.db.prepare('DELETE FROM sign_in_failures WHERE scope = ?').run(user.scope);
    } else if (user) {
      const wait = waitMs(user.last_at, delaySeconds(user.failures, USER_FREE, USER_MAX_DELAY), now);
      if (wait > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
    }
    const ws = this.row(WORKSTATION);
    if (ws && now - Date.parse(ws.last_at) < WORKSTATION_WINDOW_MS) {
      const wait = waitMs(ws.last_at, delaySeconds(ws.failures, WORKSTATION_FREE, WORKSTATION_MAX_DELAY), now);
      if (wait > 0) return { kind: 'throttled', retryAfterSeconds: Math.ceil(wait / 1000) };
    }
    return null;
  }

  /** Counts a failed password; returns whether this failure locked the name. */
  fail(username: string): { lockedNow: boolean } {
    const now = new Date(wallTime(this.clock)).toISOString();
    return this.db.transaction(() => {
      const key = nameKey(username);
      const before = this.row(key);
      const failures = (before?.failures ?? 0) + 1;
      const lockedNow = failures >= USER_LOCK_AFTER && !before?.locked_at;
      this.db
        .prepare(
          `INSERT INTO sign_in_failures (scope, failures, first_at, last_at, locked_at) VALUES (@key, @failures, @now, @now, @locked)
           ON CONFLICT (scope) DO UPDATE SET failures = @failures, last_at = @now, locked_at = coalesce(locked_at, @locked)`,
        )
        .run({ key, failures, now, locked: failures >= USER_LOCK_AFTER ? now : null });
      const ws = this.row(WORKSTATION);
      const fresh = !ws || Date.parse(now) - Date.parse(ws.last_at) >= WORKSTATION_WINDOW_MS;
      this.db
        .prepare(
          `INSERT INTO sign_in_failures (scope, failures, first_at, last_at) VALUES ('${WORKSTATION}', 1, @now, @now)
           ON CONFLICT (scope) DO UPDATE SET failures = CASE WHEN @fresh THEN 1 ELSE failures + 1 END,
             first_at = CASE WHEN @fresh THEN @now ELSE first_at END, last_at = @now`,
        )
        .run({ now, fresh: fresh ? 1 : 0 });
      return { lockedNow };
    })();
  }

  /** A correct password: the name's count starts over. */
  succeed(username: string): void {
    this.db.prepare('DELETE FROM sign_in_failures WHERE scope = ?').run(nameKey(username));
  }

  /** The administrator lifts a lock (or a running delay) of a name; returns whether there was one. */
  unlock(username: string): boolean {
    return this.db.prepare('DELETE FROM sign_in_failures WHERE scope = ?').run(nameKey(username)).changes > 0;
  }

  /** Names with failures counted, locked ones first, for the administrator. */
  list(): LockView[] {
    return (this.db.prepare("SELECT * FROM sign_in_failures WHERE scope LIKE 'user:%' ORDER BY locked_at IS NULL, last_at DESC LIMIT 500").all() as FailureRow[]).map((r) => ({
      username: r.scope.slice('user:'.length),
      failures: r.failures,
      lastFailureAt: r.last_at,
      lockedAt: r.locked_at,
      lockedUntil: r.locked_at ? this.lockedUntil(r.locked_at) : null,
    }));
  }
}
