import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFi } from '../../../shared/domain/dates';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';

type Row = Awaited<ReturnType<typeof client.invoke<'clients.search'>>>[number];

export function ClientsView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { boot, openClient, notify } = useApp();
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);

  useEffect(() => {
    if (query.trim().length < 2) {
      setRows(null);
      return;
    }
    const h = setTimeout(() => {
      client.invoke('clients.search', { query, limit: 200 }).then(setRows, (e: unknown) => notify(errorText(e, t('errors.generic')), 'error'));
    }, 200);
    return () => clearTimeout(h);
  }, [query, notify, t]);

  const mun = (code: string) => {
    const m = boot.municipalities.find((x) => x.code === code);
    return m ? (lang === 'sv' ? m.nameSv : m.nameFi) : code;
  };

  return (
    <section className="panel">
      <h1>{t('clients.title')}</h1>
      <input className="search" type="search" autoFocus placeholder={t('clients.search')} aria-label={t('clients.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {query.trim().length < 2 && <p className="muted empty">{t('clients.searchHint')}</p>}
      {rows && rows.length === 0 && (
        <p className="muted empty" role="status">
          {t('clients.noResults')}
        </p>
      )}
      {rows && rows.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>{t('col.client')}</th>
              <th>{t('clients.hetu')}</th>
              <th>{t('clients.birthDate')}</th>
              <th>{t('col.municipality')}</th>
              <th>{t('clients.responsibleWorker')}</th>
              <th>{t('clients.openItems')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <button className="link" onClick={() => openClient(r.id)}>
                    {r.name}
                  </button>
                  {r.addressProtected && <span className="tag-protected"> {t('card.protected')}</span>}
                </td>
                <td className="mono">{r.hetuMasked}</td>
                <td>{formatFi(r.birthDate)}</td>
                <td>{mun(r.municipalityCode)}</td>
                <td>{r.responsibleWorkerName ?? '–'}</td>
                <td>{r.openItems}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
