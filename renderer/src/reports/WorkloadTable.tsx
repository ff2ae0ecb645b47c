// Overdue and due-soon items and clients per caseworker: the service manager's deadline overview by worker.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { ROLE_NAMES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { useFailNotice } from '../guidance/common';
import { TableExport } from './TableExport';

export function WorkloadTable() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { boot } = useApp();
  const fail = useFailNotice();
  const [rows, setRows] = useState<OutputOf<'intake.workload'> | null>(null);
  useEffect(() => {
    client.invoke('intake.workload', {}).then(
      (r) => setRows([...r].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || b.openItems - a.openItems)),
      fail,
    );
  }, [fail]);
  if (!rows) return null;
  const area = (id: string) => {
    const a = boot.areas.find((x) => x.id === id);
    return a ? (lang === 'sv' ? a.nameSv : a.nameFi) : '';
  };
  return (
    <>
      <h3 className="section-title">{t('w.title')}</h3>
      <table className="list numeric" aria-label={t('w.title')}>
        <thead>
          <tr>
            <th>{t('w.worker')}</th>
            <th>{t('reports.area')}</th>
            <th>{t('w.open')}</th>
            <th>{t('w.overdue')}</th>
            <th>{t('w.dueSoon')}</th>
            <th>{t('w.clients')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.workerId}>
              <td>
                {r.name} <span className="muted">{ROLE_NAMES[r.role as keyof typeof ROLE_NAMES]?.[lang]}</span>
              </td>
              <td>{r.areaIds.map(area).join(', ')}</td>
              <td>{r.openItems}</td>
              <td className={r.overdue > 0 ? 'bad' : ''}>{r.overdue}</td>
              <td className={r.dueSoon > 0 ? 'warn' : ''}>{r.dueSoon}</td>
              <td>{r.clients}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TableExport
        title={t('w.title')}
        header={[t('w.worker'), t('reports.area'), t('w.open'), t('w.overdue'), t('w.dueSoon'), t('w.clients')]}
        rows={rows.map((r) => [r.name, r.areaIds.map(area).join(', '), r.openItems, r.overdue, r.dueSoon, r.clients])}
      />
    </>
  );
}
