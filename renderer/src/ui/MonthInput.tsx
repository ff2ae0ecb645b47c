// A month chosen from a list Luotsi words itself ("marraskuu 2026" / "november 2026"), whatever the operating
// system's locale; the value is YYYY-MM. Offers `back` months before today's month and `ahead` after it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../shell/bootstrap';
import { monthName } from './DateInput';

export function monthLabel(month: string, lang: 'fi' | 'sv'): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${monthName(m, lang)} ${y}`;
}

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function MonthInput({
  value,
  onChange,
  back = 36,
  ahead = 12,
  ...aria
}: {
  id?: string;
  value: string;
  onChange: (month: string) => void;
  back?: number;
  ahead?: number;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const { boot } = useApp();
  const months = useMemo(() => {
    const now = boot.today.slice(0, 7);
    const list: string[] = [];
    for (let n = ahead; n >= -back; n--) list.push(shiftMonth(now, n));
    if (value && !list.includes(value)) list.push(value);
    return list.sort().reverse();
  }, [boot.today, back, ahead, value]);
  return (
    <select className="month-input" value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
      {months.map((m) => (
        <option key={m} value={m}>
          {monthLabel(m, lang)}
        </option>
      ))}
    </select>
  );
}
