// The county's choice for the assessment deadline (settings row 'deadlines'): whether Christmas Eve and
// Midsummer Eve count as working days. By default they do (shared/domain/calendar.ts): the seven working days
// of SHL 36 § are then never later than the law allows. Changing the choice recomputes the deadline of every
// open item still waiting for its assessment, in one transaction with its audit row; the queue says which rule
// is in use.
import { DEFAULT_CALENDAR_RULES, WorkingDayCalendar, type CalendarRules, type ClosedEve } from '../../../shared/domain/calendar';
import { assessmentStartBy } from '../../../shared/domain/deadlines';
import type { AuditLog } from '../audit/audit';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';

const KEY = 'deadlines';

export interface DeadlineSettings {
  christmasEveWorkingDay: boolean;
  midsummerEveWorkingDay: boolean;
  /** The law's default (both eves are working days) rather than a county choice. */
  isDefault: boolean;
}

export function calendarRules(db: Db): CalendarRules {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!raw) return DEFAULT_CALENDAR_RULES;
  const parsed = JSON.parse(raw) as { closedEves?: unknown };
  const eves = Array.isArray(parsed.closedEves) ? parsed.closedEves.filter((e): e is ClosedEve => e === 'christmasEve' || e === 'midsummerEve') : [];
  return { closedEves: eves };
}

export function deadlineSettings(db: Db): DeadlineSettings {
  const r = calendarRules(db);
  return {
    christmasEveWorkingDay: !r.closedEves.includes('christmasEve'),
    midsummerEveWorkingDay: !r.closedEves.includes('midsummerEve'),
    isDefault: r.closedEves.length === 0,
  };
}

export function assessmentCalendar(db: Db): WorkingDayCalendar {
  return new WorkingDayCalendar(calendarRules(db));
}

/** Saves the county's choice and recomputes the open items' deadlines; returns the settings and how many moved. */
export function saveDeadlineSettings(
  ctx: { db: Db; clock: Clock; audit: AuditLog; userId: string },
  input: { christmasEveWorkingDay: boolean; midsummerEveWorkingDay: boolean },
): DeadlineSettings & { moved: number } {
  const closedEves: ClosedEve[] = [];
  if (!input.christmasEveWorkingDay) closedEves.push('christmasEve');
  if (!input.midsummerEveWorkingDay) closedEves.push('midsummerEve');
  let moved = 0;
  ctx.db.transaction(() => {
    ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify({ closedEves }));
    const calendar = new WorkingDayCalendar({ closedEves });
    const items = ctx.db
      .prepare(`SELECT id, contact_date, assessment_due, due_basis FROM intake_items WHERE status IN ('new','assigned') AND due_basis IN ('statutory','target')`)
      .all() as { id: string; contact_date: string; assessment_due: string; due_basis: 'statutory' | 'target' }[];
    const now = ctx.clock.now().toISOString();
    const update = ctx.db.prepare('UPDATE intake_items SET assessment_due = ?, version = version + 1, updated_at = ? WHERE id = ?');
    for (const i of items) {
      const due = assessmentStartBy(calendar, i.contact_date, { urgent: false, over75OrHighestCareAllowance: i.due_basis === 'statutory' }).startBy;
      if (due === i.assessment_due) continue;
      update.run(due, now, i.id);
      moved++;
    }
    ctx.audit.write({ userId: ctx.userId, action: 'deadlines.settings', details: { closedEves, moved } });
  })();
  return { ...deadlineSettings(ctx.db), moved };
}
