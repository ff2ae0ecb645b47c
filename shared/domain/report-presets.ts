// Period presets of the reports, counted from the workstation's "today" (the page offers them; the core warms the default one).
import { addDays, addMonthsClamped } from './dates';

export const PRESETS = ['last12', 'thisYear', 'lastYear', 'thisHalf', 'lastHalf', 'last3', 'lastMonth'] as const;
export type Preset = (typeof PRESETS)[number] | 'custom';
/** The period Raportit opens with (the window and the core's background computation after sign-in agree on it). */
export const DEFAULT_PRESET = 'last12' satisfies Preset;

export function presetPeriod(p: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (p) {
    case 'last12':
      return { from: addDays(addMonthsClamped(today, -12), 1), to: today };
    case 'thisYear':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'lastYear':
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
    case 'thisHalf':
      return m <= 6 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
    case 'lastHalf':
      return m <= 6 ? { from: `${y - 1}-07-01`, to: `${y - 1}-12-31` } : { from: `${y}-01-01`, to: `${y}-06-30` };
    case 'last3':
      return { from: addDays(addMonthsClamped(today, -3), 1), to: today };
    case 'lastMonth': {
      const first = addMonthsClamped(`${today.slice(0, 7)}-01`, -1);
      return { from: first, to: addDays(`${today.slice(0, 7)}-01`, -1) };
    }
  }
}
