// A date field Luotsi formats itself: d.m.yyyy whatever the operating system's locale (a browser's own date
// picker showed 11/30/2026 in an English Chromium). Typing "30.11.2026", "30.11.26" or "301126" works; the value
// is the ISO date when the text is a real date, otherwise the text as typed, so the form's schema check says
// "Anna päivämäärä muodossa p.k.vvvv." at the field. A small calendar (Monday first) picks a day.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, dayOfWeek, formatFi, isIsoDate, parseUserDate } from '../../../shared/domain/dates';
import { useApp } from '../shell/bootstrap';

const MONTHS = {
  fi: ['tammikuu', 'helmikuu', 'maaliskuu', 'huhtikuu', 'toukokuu', 'kesäkuu', 'heinäkuu', 'elokuu', 'syyskuu', 'lokakuu', 'marraskuu', 'joulukuu'],
  sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
};
const WEEKDAYS = { fi: ['ma', 'ti', 'ke', 'to', 'pe', 'la', 'su'], sv: ['må', 'ti', 'on', 'to', 'fr', 'lö', 'sö'] };

export function monthName(month: number, lang: 'fi' | 'sv'): string {
  return MONTHS[lang][month - 1] ?? '';
}

type Props = {
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest day the calendar offers (ISO). */
  min?: string;
  max?: string;
  required?: boolean;
  disabled?: boolean;
  id?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'data-testid'?: string;
};

export function DateInput({ value, onChange, min, max, required, disabled, id, ...aria }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const { boot } = useApp();
  const [text, setText] = useState(() => (isIsoDate(value) ? formatFi(value) : value));
  const [open, setOpen] = useState(false);
  // The calendar opens upwards when there is no room below (a form at the bottom of a 720 px window).
  const [up, setUp] = useState(false);
  const lastEmitted = useRef(value);
  const box = useRef<HTMLSpanElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const popId = useId();

  // A value set from outside (a reset, another field) replaces the text; our own typing does not.
  useEffect(() => {
    if (value !== lastEmitted.current) {
      setText(isIsoDate(value) ? formatFi(value) : value);
      lastEmitted.current = value;
    }
  }, [value]);

  const emit = (v: string) => {
    lastEmitted.current = v;
    onChange(v);
  };
  const type = (raw: string) => {
    setText(raw);
    emit(raw.trim() === '' ? '' : (parseUserDate(raw, boot.today) ?? raw));
  };

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <span className="date-input" ref={box}>
      <input
        ref={input}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('ui.datePlaceholder')}
        value={text}
        required={required}
        disabled={disabled}
        size={10}
        onChange={(e) => type(e.target.value)}
        onBlur={() => {
          const iso = parseUserDate(text, boot.today);
          if (iso) setText(formatFi(iso));
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && e.altKey) {
            e.preventDefault();
            setOpen(true);
          }
        }}
        {...aria}
      />
      <button
        type="button"
        className="date-button"
        aria-label={t('ui.openCalendar')}
        aria-expanded={open}
        aria-controls={open ? popId : undefined}
        disabled={disabled}
        onClick={(e) => {
          e.preventDefault();
          const r = box.current?.getBoundingClientRect();
          setUp(!!r && r.bottom + 300 > window.innerHeight && r.top > 300);
          setOpen((o) => !o);
        }}
      >
        <span aria-hidden>▦</span>
      </button>
      {open && (
        <Calendar
          id={popId}
          up={up}
          lang={lang}
          today={boot.today}
          selected={isIsoDate(value) ? value : null}
          min={min}
          max={max}
          onPick={(iso) => {
            setText(formatFi(iso));
            emit(iso);
            setOpen(false);
            input.current?.focus();
          }}
          onClose={() => {
            setOpen(false);
            input.current?.focus();
          }}
        />
      )}
    </span>
  );
}

function Calendar({
  id,
  up,
  lang,
  today,
  selected,
  min,
  max,
  onPick,
  onClose,
}: {
  id: string;
  up: boolean;
  lang: 'fi' | 'sv';
  today: string;
  selected: string | null;
  min?: string | undefined;
  max?: string | undefined;
  onPick: (iso: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const start = selected ?? today;
  const [month, setMonth] = useState(start.slice(0, 7));
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  const lead = (dayOfWeek(first) + 6) % 7; // Monday first
  const days: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  const shift = (n: number) => {
    const mm = m - 1 + n;
    const yy = y + Math.floor(mm / 12);
    setMonth(`${yy}-${String(((mm % 12) + 12) % 12 + 1).padStart(2, '0')}`);
  };
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return (
    <div className={up ? 'calendar up' : 'calendar'} id={id} role="dialog" aria-label={t('ui.calendar')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="calendar-head">
        <button type="button" onClick={() => shift(-1)} aria-label={t('ui.prevMonth')}>
          ‹
        </button>
        <strong aria-live="polite">
          {monthName(m, lang)} {y}
        </strong>
        <button type="button" onClick={() => shift(1)} aria-label={t('ui.nextMonth')}>
          ›
        </button>
      </div>
      <table>
        <thead>
          <tr>
            {WEEKDAYS[lang].map((w) => (
              <th key={w} scope="col">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {Array.from({ length: 7 }, (_, j) => week[j] ?? null).map((d, j) => (
                <td key={j}>
                  {d && (
                    <button
                      type="button"
                      className={[d === selected ? 'selected' : '', d === today ? 'today' : ''].filter(Boolean).join(' ') || undefined}
                      disabled={(min !== undefined && d < min) || (max !== undefined && d > max)}
                      aria-label={formatFi(d)}
                      aria-current={d === today ? 'date' : undefined}
                      onClick={() => onPick(d)}
                    >
                      {Number(d.slice(8))}
                    </button>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
