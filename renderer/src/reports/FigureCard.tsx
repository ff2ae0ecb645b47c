// One figure of the dashboard: its heading and definition, the chart, the same numbers as a table (every number
// that has cases behind it is a button opening them: the keyboard's way into the case list), and the table's
// export to XLSX and CSV.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../shell/bootstrap';
import { errorText } from '../guidance/common';
import { exportTable, type Cell } from './files';
import { KeyChart } from './KeyBars';

export interface FigureTable {
  header: string[];
  rows: Cell[][];
  /** The action of a cell (opens its cases), or null. */
  action?: (row: number, col: number) => (() => void) | null;
  /** Columns shown as numbers (right-aligned). */
  numeric?: (col: number) => boolean;
}

export function FigureCard({
  id,
  title,
  definition,
  chart,
  chartLabel,
  table,
  children,
}: {
  id: string;
  title: string;
  definition: string;
  chart?: ReactNode;
  chartLabel?: string;
  table: FigureTable;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { notify } = useApp();
  const [busy, setBusy] = useState(false);
  const locale = i18n.language === 'sv' ? 'sv-FI' : 'fi-FI';
  const fmt = (c: Cell) => (typeof c === 'number' ? c.toLocaleString(locale, { maximumFractionDigits: 1 }) : (c ?? '–'));
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      await exportTable(format, title, table.header, table.rows);
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="figure" aria-labelledby={`${id}-title`} data-figure={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted small definition">{definition}</p>
      {chart && (
        <KeyChart label={chartLabel ?? title} hint={t('rep.chartKeys')}>
          {chart}
        </KeyChart>
      )}
      {children}
      <details className="figure-table">
        <summary>{t('rep.asTable')}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`${title}: ${t('rep.asTable')}`}>
          <table className="list numeric">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.header.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.length === 0 && (
                <tr>
                  <td colSpan={table.header.length} className="muted">
                    {t('rep.noData')}
                  </td>
                </tr>
              )}
              {table.rows.map((r, ri) => (
                <tr key={ri}>
                  {r.map((c, ci) => {
                    const act = table.action?.(ri, ci) ?? null;
                    const Cell = ci === 0 ? 'th' : 'td';
                    return (
                      <Cell key={ci} scope={ci === 0 ? 'row' : undefined} className={table.numeric?.(ci) ? 'num' : undefined}>
                        {act && typeof c === 'number' && c > 0 ? (
                          <button className="link" onClick={act} title={t('rep.openCases')}>
                            {fmt(c)}
                          </button>
                        ) : (
                          fmt(c)
                        )}
                      </Cell>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <div className="figure-actions no-print">
        <button disabled={busy} onClick={() => void run('xlsx')}>
          {t('rep.exportXlsx')}
        </button>
        <button disabled={busy} onClick={() => void run('csv')}>
          {t('rep.exportCsv')}
        </button>
      </div>
    </section>
  );
}
