import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ClientError } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { WorkloadTable } from './WorkloadTable';
import { TableExport } from './TableExport';

type Summary = Awaited<ReturnType<typeof client.invoke<'reports.queueSummary'>>>;

/** Raportit › Jonon tilanne: open items per area now, and the workload per worker. */
export function QueueOverview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { boot, notify } = useApp();
  const [rows, setRows] = useState<Summary | null>(null);

  useEffect(() => {
    client.invoke('reports.queueSummary', {}).then(setRows, (e: unknown) => notify(e instanceof ClientError ? e.message : t('errors.generic'), 'error'));
  }, [notify, t]);

  if (!rows) return <div className="loading">…</div>;
  const sum = (k: keyof Summary[number]) => rows.reduce((s, r) => s + (r[k] as number), 0);
  const keys = ['open', 'unassigned', 'overdue', 'dueSoon', 'urgent'] as const;
  return (
    <section className="panel" aria-labelledby="queue-overview-title">
      <h2 id="queue-overview-title">{t('reports.title')}</h2>
      <table className="list numeric">
        <thead>
          <tr>
            <th>{t('reports.area')}</th>
            {keys.map((k) => (
              <th key={k}>{t(`reports.${k}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const a = boot.areas.find((x) => x.id === r.areaId);
            return (
              <tr key={r.areaId}>
                <td>{a ? (lang === 'sv' ? a.nameSv : a.nameFi) : ''}</td>
                {keys.map((k) => (
                  <td key={k} className={k === 'overdue' && r[k] > 0 ? 'bad' : ''}>
                    {r[k].toLocaleString('fi-FI')}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th>{t('reports.total')}</th>
            {keys.map((k) => (
              <th key={k}>{sum(k).toLocaleString('fi-FI')}</th>
            ))}
          </tr>
        </tfoot>
      </table>
      <TableExport
        title={t('reports.title')}
        header={[t('reports.area'), ...keys.map((k) => t(`reports.${k}`))]}
        rows={[
          ...rows.map((r) => {
            const a = boot.areas.find((x) => x.id === r.areaId);
            return [a ? (lang === 'sv' ? a.nameSv : a.nameFi) : '', ...keys.map((k) => r[k])];
          }),
          [t('reports.total'), ...keys.map((k) => sum(k))],
        ]}
      />
      <WorkloadTable />
    </section>
  );
}
