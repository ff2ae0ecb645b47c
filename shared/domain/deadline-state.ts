// How an intake item's assessment deadline looks in lists. The deadline runs until the assessment starts:
// for items in "new" or "assigned" it is overdue, due soon or in time; once the assessment has started
// (or the item is closed) the deadline is met. Days are calendar days from today.
import { daysBetween } from './dates';

/** Items due within this many calendar days (today included) are highlighted as due soon. */
export const DUE_SOON_DAYS = 2;

/** Statuses in which the assessment has not started, so its deadline still runs. */
export const DEADLINE_RUNNING_STATUSES = ['new', 'assigned'] as const;

export type DeadlineState = 'overdue' | 'dueSoon' | 'ok' | 'met';

export function deadlineRunning(status: string): boolean {
  return (DEADLINE_RUNNING_STATUSES as readonly string[]).includes(status);
}

export function deadlineState(today: string, due: string, status: string): DeadlineState {
  if (!deadlineRunning(status)) return 'met';
  const left = daysBetween(today, due);
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_DAYS) return 'dueSoon';
  return 'ok';
}

/** Calendar days from today to the due date (negative when overdue). */
export function daysLeft(today: string, due: string): number {
  return daysBetween(today, due);
}
