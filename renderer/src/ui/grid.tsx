// What every grid of Luotsi shares: ag-grid's own texts in Finnish or Swedish (its locale package: "Ei rivejä",
// "Paina VÄLILYÖNTI…" instead of English), date filters with Luotsi's own d.m.yyyy input (the browser's date
// input shows the operating system's format), one theme with a clearly visible keyboard focus, and rows that
// stand out only when they must.
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { themeQuartz, type IOverlayParams } from 'ag-grid-community';
import type { CustomDateProps } from 'ag-grid-react';
import { AG_GRID_LOCALE_FI, AG_GRID_LOCALE_SE } from '@ag-grid-community/locale';
import { isIsoDate } from '../../../shared/domain/dates';
import { DateInput } from './DateInput';

/** One look for every grid: 13 px text, a focus ring that shows (WCAG 2.4.7), calm selected rows. */
export const gridTheme = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 13,
  rowHeight: 32,
  headerHeight: 36,
  spacing: 6,
  focusShadow: { radius: 0, spread: 2, color: '#0b5f7a' },
  rangeSelectionBorderColor: '#0b5f7a',
  selectedRowBackgroundColor: '#dcebf2',
});

const OWN = {
  fi: { noRowsToShow: 'Ei rivejä tällä rajauksella. Väljennä rajausta.', noMatchingRows: 'Suodattimet rajaavat pois kaikki rivit. Tyhjennä pikasuodatus tai sarakkeiden suodattimet.', dateFormatOoo: 'p.k.vvvv' },
  sv: { noRowsToShow: 'Inga rader med den här avgränsningen. Vidga avgränsningen.', noMatchingRows: 'Filtren utesluter alla rader. Töm snabbfiltret eller kolumnernas filter.', dateFormatOoo: 'd.m.åååå' },
};

/** ag-grid's texts in the user's language, with Luotsi's own wording where it differs. */
export function useGridLocale(): Record<string, string> {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  return useMemo(() => ({ ...(lang === 'sv' ? AG_GRID_LOCALE_SE : AG_GRID_LOCALE_FI), ...OWN[lang] }), [lang]);
}

const isoOfLocal = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The date of a grid's date filter, typed d.m.yyyy (ag-grid's `dateComponent`). */
export function GridDate({ date, onDateChange }: CustomDateProps) {
  const { t } = useTranslation();
  const value = date ? isoOfLocal(date) : '';
  return (
    <span className="grid-date">
      <DateInput
        value={value}
        aria-label={t('ui.filterDate')}
        onChange={(v) => {
          if (v === '') onDateChange(null);
          else if (isIsoDate(v)) {
            const [y, m, d] = v.split('-').map(Number) as [number, number, number];
            onDateChange(new Date(y, m - 1, d));
          }
        }}
      />
    </span>
  );
}

/** The props every grid gets: theme, texts, date filter input. */
export function useGridDefaults() {
  const localeText = useGridLocale();
  return useMemo(() => ({ theme: gridTheme, localeText, dateComponent: GridDate }), [localeText]);
}


/** An empty grid's words: what is empty and what to do. Read when the overlay shows, so it may follow the view. */
function EmptyOverlay({ text }: { text: { current: () => string } }) {
  return (
    <div className="grid-empty" role="status" data-testid="grid-empty">
      {text.current()}
    </div>
  );
}

/** Props that give a grid its own empty state (`text` says why it is empty and what to do). */
export function useEmptyOverlay(text: () => string) {
  const ref = useRef(text);
  ref.current = text;
  // Both "no rows at all" and "no rows pass the filters" (ag-grid's noMatchingRows) get the words.
  return useMemo(
    () => ({
      overlayComponentSelector: (p: IOverlayParams) => (p.overlayType === 'noRows' || p.overlayType === 'noMatchingRows' ? { component: EmptyOverlay, params: { text: ref } } : undefined),
    }),
    [],
  );
}
