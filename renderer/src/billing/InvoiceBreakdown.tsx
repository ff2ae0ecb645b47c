// Laskutusajot › the review of a month's run before approval: counts and sums by service, by area and by delivery
// channel, and the invoices to look at again (home care and 24-hour service housing billed for the same days, a
// big change to the client's previous month). Clicking a finding shows its invoices in the grid and opens one.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { fi, useFailNotice } from '../guidance/common';
import { euros } from './format';

type Breakdown = OutputOf<'invoices.breakdown'>;
type Line = Breakdown['byService'][number];

export function InvoiceBreakdown({
  runId,
  version,
  onShow,
  onOpen,
  shown,
}: {
  runId: string;
  /** Reloads when the run changes (a credit note, approval). */
  version: number;
  /** Shows only these invoices in the grid (null: all). */
  onShow: (ids: string[] | null, label: string | null) => void;
  onOpen: (invoiceId: string) => void;
  shown: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const { boot } = useApp();
  const fail = useFailNotice();
  const [data, setData] = useState<Breakdown | null>(null);
  // Collapsed to one line with the counts of flagged invoices, so the grid stays above the fold at 1280 px.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let stale = false;
    setData(null);
    client.invoke('invoices.breakdown', { runId }).then((d) => !stale && setData(d), fail);
    return () => {
      stale = true;
    };
  }, [runId, version, fail]);
  const areaName = useMemo(() => new Map(boot.areas.map((a) => [a.id, lang === 'sv' ? a.nameSv : a.nameFi])), [boot.areas, lang]);
  if (!data) return <p className="muted small">{t('b.breakdownLoading')}</p>;

  const overlaps = data.anomalies.filter((a) => a.kind === 'overlap');
  const changes = data.anomalies.filter((a) => a.kind === 'bigChange');
  const table = (caption: string, rows: Line[], name: (key: string) => string, testId: string) => (
    <table className="data-table small breakdown" aria-label={caption} data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>{t('b.breakdownName')}</th>
          <th className="num">{t('b.invoices')}</th>
          <th className="num">{t('b.total')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{name(r.key)}</td>
            <td className="num">{r.invoices.toLocaleString('fi-FI')}</td>
            <td className="num nowrap">{euros(r.cents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const serviceName = (key: string) => {
    if (i18n.exists(`b.serviceNames.${key}`)) return t(`b.serviceNames.${key}`);
    const s = data.serviceNames.find((x) => x.code === key);
    return s ? (lang === 'sv' ? s.sv : s.fi) : key;
  };
  const finding = (kind: 'overlap' | 'bigChange', list: typeof data.anomalies) => {
    const label = t(kind === 'overlap' ? 'b.anomalyOverlapTitle' : 'b.anomalyChangeTitle', { count: list.length });
    return (
      <div className={`finding ${list.length ? 'warn' : 'ok'}`} data-testid={`anomaly-${kind}`}>
        <div className="finding-head">
          <strong>{label}</strong>
          {list.length > 0 && (
            <button className="link" aria-pressed={shown === kind} onClick={() => onShow(shown === kind ? null : list.map((a) => a.invoiceId), shown === kind ? null : kind)}>
              {shown === kind ? t('b.anomalyShowAll') : t('b.anomalyShow')}
            </button>
          )}
        </div>
        {list.length === 0 ? (
          <span className="muted">{t(kind === 'overlap' ? 'b.anomalyOverlapNone' : 'b.anomalyChangeNone')}</span>
        ) : (
          <ul>
            {list.slice(0, 8).map((a) => (
              <li key={a.invoiceId}>
                <button className="link" onClick={() => onOpen(a.invoiceId)}>
                  {a.number} {a.clientName}
                </button>{' '}
                <span className="muted">
                  {a.kind === 'overlap'
                    ? t('b.anomalyOverlap', { from: fi(a.from!), to: fi(a.to!) })
                    : t('b.anomalyChange', { previous: euros(a.previousCents), total: euros(a.totalCents), diff: `${a.totalCents - a.previousCents! > 0 ? '+' : ''}${euros(a.totalCents - a.previousCents!)}` })}
                </span>
              </li>
            ))}
            {list.length > 8 && <li className="muted">{t('b.anomalyMore', { count: list.length - 8 })}</li>}
          </ul>
        )}
      </div>
    );
  };
  return (
    <details className="run-breakdown" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="run-breakdown">
      <summary>
        {t('b.breakdownTitle')}
        {' – '}
        <span className={overlaps.length + changes.length ? 'flag-count warn' : 'flag-count'} data-testid="run-breakdown-flags">
          {overlaps.length + changes.length
            ? t('b.breakdownFlagged', { overlap: overlaps.length, changes: changes.length })
            : t('b.breakdownNoneFlagged')}
        </span>
      </summary>
      <div className="breakdown-grid">
        {table(t('b.byService'), data.byService, serviceName, 'by-service')}
        {table(t('b.byArea'), data.byArea, (k) => areaName.get(k) ?? k, 'by-area')}
        {table(t('b.byChannel'), data.byChannel, (k) => t(`b.channels.${k}`), 'by-channel')}
        <div className="findings" aria-label={t('b.anomalies')}>
          {finding('overlap', overlaps)}
          {finding('bigChange', changes)}
          <p className="small muted">{t('b.anomalyRule', { cents: euros(data.bigChange.cents), percent: data.bigChange.percent })}</p>
        </div>
      </div>
    </details>
  );
}
