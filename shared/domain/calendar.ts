// Finnish working-day calendar. Public holidays come from the maintained `date-holidays` library; whether
// Christmas Eve and Midsummer Eve count is a rule (data). They are not public holidays. The law that moves a
// party's last day off them (laki säädettyjen määräaikain laskemisesta 150/1930, 5 §) does not apply to the
// authority's own duty to start the service needs assessment within seven working days (SHL 36 §, VPL 15 §),
// so by default they count as working days there: the deadline is never later than the law allows. A county
// may choose otherwise in its settings (the queue then says so). The appeal period always treats them as closed
// (deadlines.ts).
import Holidays from 'date-holidays';
import { addDays, dayOfWeek } from './dates';

export type ClosedEve = 'christmasEve' | 'midsummerEve';

export interface CalendarRules {
  /** Eves that count as non-working days in addition to weekends and public holidays. */
  closedEves: readonly ClosedEve[];
}

/** The assessment deadline's default: both eves are working days. */
export const DEFAULT_CALENDAR_RULES: CalendarRules = { closedEves: [] };

interface DayInfo {
  name: string;
  kind: 'public' | ClosedEve;
}

const yearCache = new Map<number, Map<string, DayInfo>>();
let holidays: Holidays | null = null;

function holidaysOfYear(year: number): Map<string, DayInfo> {
  let days = yearCache.get(year);
  if (days) return days;
  holidays ??= new Holidays('FI');
  days = new Map();
  for (const h of holidays.getHolidays(year)) {
    const date = h.date.slice(0, 10);
    if (h.type === 'public') days.set(date, { name: h.name, kind: 'public' });
    else if (h.type === 'bank' && date.endsWith('-12-24')) days.set(date, { name: h.name, kind: 'christmasEve' });
    else if (h.type === 'bank' && date.slice(5, 7) === '06') days.set(date, { name: h.name, kind: 'midsummerEve' });
  }
  yearCache.set(year, days);
  return days;
}

export class WorkingDayCalendar {
  constructor(private readonly rules: CalendarRules = DEFAULT_CALENDAR_RULES) {}

  /** The holiday or closed eve on this date, or null. */
  closedDay(iso: string): DayInfo | null {
    const info = holidaysOfYear(Number(iso.slice(0, 4))).get(iso);
    if (!info) return null;
    if (info.kind === 'public' || this.rules.closedEves.includes(info.kind)) return info;
    return null;
  }

  isWorkingDay(iso: string): boolean {
    const dow = dayOfWeek(iso);
    if (dow === 0 || dow === 6) return false;
    return this.closedDay(iso) === null;
  }

  /** The n-th working day after `iso` (the start day itself is not counted). */
  addWorkingDays(iso: string, n: number): string {
    let date = iso;
    let left = n;
    while (left > 0) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) left -= 1;
    }
    return date;
  }

  /** `iso` itself when it is a working day, otherwise the next working day. */
  onOrNextWorkingDay(iso: string): string {
    let date = iso;
    while (!this.isWorkingDay(date)) date = addDays(date, 1);
    return date;
  }
}
