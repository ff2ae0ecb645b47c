// Linking an intake item to an existing client, or creating the client from it (duplicates refused by henkilötunnus).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntakeDetail } from '../../../shared/contract/guidance-schemas';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { errorText, Field, fi } from './common';

export function ClientLinkPanel({ item, onChanged }: { item: IntakeDetail; onChanged: (i: IntakeDetail) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<OutputOf<'clients.search'>>([]);
  const [error, setError] = useState<string | null>(null);
  const [parts] = useState(() => (item.subjectName ?? '').split(' '));
  const [f, setF] = useState({
    hetu: '',
    lastName: parts[0] ?? '',
    firstNames: parts.slice(1).join(' '),
    language: 'fi' as 'fi' | 'sv',
    streetAddress: '',
    postalCode: '',
    postOffice: '',
    phone: '',
    addressProtected: false,
  });

  const search = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      setHits(await client.invoke('clients.search', { query, limit: 20 }));
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    }
  };
  const link = async (clientId: string) => {
    setError(null);
    try {
      onChanged(await client.invoke('intake.linkClient', { itemId: item.id, clientId }));
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    }
  };
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    try {
      onChanged(
        await client.invoke('intake.createClient', {
          itemId: item.id,
          hetu: f.hetu,
          lastName: f.lastName,
          firstNames: f.firstNames,
          language: f.language,
          streetAddress: orNull(f.streetAddress),
          postalCode: orNull(f.postalCode),
          postOffice: orNull(f.postOffice),
          phone: orNull(f.phone),
          addressProtected: f.addressProtected,
        }),
      );
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    }
  };

  return (
    <div className="card-grid">
      <div className="card-box">
        <h3>{t('g.linkClient')}</h3>
        <form onSubmit={search} className="form-row">
          <input type="search" aria-label={t('g.searchClient')} placeholder={t('g.searchClient')} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button>{t('clients.title')}</button>
        </form>
        <ul className="hits">
          {hits.map((h) => (
            <li key={h.id}>
              {h.name} <span className="mono">{h.hetuMasked}</span> <span className="muted">{fi(h.birthDate)}</span>{' '}
              <button className="link" onClick={() => void link(h.id)}>
                {t('g.link')}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <form className="card-box form" onSubmit={create} aria-label={t('g.createClient')}>
        <h3>{t('g.createClient')}</h3>
        <div className="form-row">
          <Field label={t('g.hetu')}>
            <input value={f.hetu} onChange={(e) => setF({ ...f, hetu: e.target.value })} className="mono" size={12} />
          </Field>
          <Field label={t('g.lastName')}>
            <input value={f.lastName} onChange={(e) => setF({ ...f, lastName: e.target.value })} />
          </Field>
          <Field label={t('g.firstNames')}>
            <input value={f.firstNames} onChange={(e) => setF({ ...f, firstNames: e.target.value })} />
          </Field>
          <Field label={t('g.language')}>
            <select value={f.language} onChange={(e) => setF({ ...f, language: e.target.value as 'fi' | 'sv' })}>
              <option value="fi">suomi</option>
              <option value="sv">svenska</option>
            </select>
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('g.street')}>
            <input value={f.streetAddress} onChange={(e) => setF({ ...f, streetAddress: e.target.value })} />
          </Field>
          <Field label={t('g.postalCode')}>
            <input value={f.postalCode} onChange={(e) => setF({ ...f, postalCode: e.target.value })} size={6} />
          </Field>
          <Field label={t('g.postOffice')}>
            <input value={f.postOffice} onChange={(e) => setF({ ...f, postOffice: e.target.value })} />
          </Field>
          <Field label={t('g.phone')}>
            <input value={f.phone} onChange={(e) => setF({ ...f, phone: e.target.value })} />
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={f.addressProtected} onChange={(e) => setF({ ...f, addressProtected: e.target.checked })} /> {t('g.addressProtected')}
        </label>
        <button className="primary">{t('g.create')}</button>
      </form>
      {error && (
        <div className="error wide" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
