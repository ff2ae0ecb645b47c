// XLSX and CSV buttons for a table of Raportit that is not a figure card (the queue's situation, the workload).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../guidance/common';
import { useApp } from '../shell/bootstrap';
import { exportTable, type Cell } from './files';

export function TableExport({ title, header, rows }: { title: string; header: string[]; rows: Cell[][] }) {
  const { t } = useTranslation();
  const { notify } = useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      await exportTable(format, title, header, rows);
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="figure-actions no-print" role="group" aria-label={title}>
      <button type="button" disabled={busy} onClick={() => void run('xlsx')}>
        {t('rep.exportXlsx')}
      </button>
      <button type="button" disabled={busy} onClick={() => void run('csv')}>
        {t('rep.exportCsv')}
      </button>
    </div>
  );
}
