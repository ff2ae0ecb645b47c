// Asetukset › Keskustietokanta: the workstation's central database (address, TLS verify-full, CA
// certificate), tried with the signed-in user's own credentials before saving. Everyone sees it; only the
// administrator changes it. The user name and password are never part of it: the sync uses the signed-in user's.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../shared/messages';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field, fi } from '../guidance/common';
import { syncTime, useSyncStatus } from '../sync/useSyncStatus';

type View = OutputOf<'sync.settings'>;

export function CentralSettings() {
  const { t, i18n } = useTranslation();
  const { user, boot, notify } = useApp();
  const status = useSyncStatus();
  const [view, setView] = useState<View | null>(null);
  const [form, setForm] = useState<{ url: string; tls: 'verify-full' | 'disable'; ca: string }>({ url: '', tls: 'verify-full', ca: '' });
  const [error, setError] = useState<string | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = user.role === 'admin';

  const show = (v: View) => {
    setView(v);
    setForm({ url: v.url ?? '', tls: v.tls, ca: v.ca ?? '' });
  };
  useEffect(() => {
    client.invoke('sync.settings', {}).then(show, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [t]);
  if (!view) return error ? <p className="error">{error}</p> : null;

  const input = () => ({ url: form.url.trim() || null, tls: form.tls, ca: form.ca.trim() || null });
  const run = async (what: 'test' | 'save') => {
    setError(null);
    setTested(null);
    setBusy(true);
    try {
      if (what === 'test') setTested((await client.invoke('sync.test', input())).message);
      else {
        show(await client.invoke('sync.saveSettings', input()));
        notify(t('sync.settings.saved'));
      }
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };
  const readCa = (file: File | undefined) => {
    if (file) void file.text().then((ca) => setForm((f) => ({ ...f, ca })));
  };

  return (
    <div className="settings central-settings" data-testid="central-settings">
      <h2>{t('sync.settings.title')}</h2>
      <p className="muted">{t('sync.settings.intro')}</p>
      {!canEdit && <p className="muted">{t('sync.settings.readOnly')}</p>}
      {status && (
        <p data-testid="central-status">
          {t('sync.settings.status')}: <strong>{status.configured ? t(`sync.${status.state}`) : t('sync.local')}</strong>
          {status.lastSyncAt ? ` · ${t('sync.last', { time: syncTime(status.lastSyncAt, boot.today, i18n.language as Lang) })}` : ''}
          {status.error ? ` · ${status.error}` : ''}
        </p>
      )}
      <div className="form-row">
        <Field label={t('sync.settings.url')} wide>
          <input disabled={!canEdit} value={form.url} placeholder="postgresql://keskus.hyvinvointialue.fi:5432/luotsi" onChange={(e) => setForm({ ...form, url: e.target.value })} />
        </Field>
        <Field label={t('sync.settings.tls')}>
          <select disabled={!canEdit} value={form.tls} onChange={(e) => setForm({ ...form, tls: e.target.value as 'verify-full' | 'disable' })}>
            <option value="verify-full">{t('sync.settings.verifyFull')}</option>
            <option value="disable">{t('sync.settings.disable')}</option>
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('sync.settings.ca')} wide>
          <textarea disabled={!canEdit || form.tls === 'disable'} value={form.ca} spellCheck={false} onChange={(e) => setForm({ ...form, ca: e.target.value })} />
        </Field>
      </div>
      {canEdit && form.tls !== 'disable' && (
        <label className="field">
          <span>{t('sync.settings.caFile')}</span>
          <input type="file" accept=".pem,.crt,.cer" onChange={(e) => readCa(e.target.files?.[0])} />
        </label>
      )}
      {view.caSubject && <p className="ok">{t('sync.settings.caOk', { subject: view.caSubject, to: fi(view.caValidTo?.slice(0, 10)) })}</p>}
      <p className="muted small">
        {t('sync.settings.device')}: <span className="mono">{view.deviceId}</span>
      </p>
      {tested && (
        <p className="ok" role="status">
          {tested}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {canEdit && (
        <div className="actions">
          <button disabled={busy} onClick={() => void run('test')}>
            {t('sync.settings.test')}
          </button>
          <button className="primary" disabled={busy} onClick={() => void run('save')}>
            {t('sync.settings.save')}
          </button>
        </div>
      )}
    </div>
  );
}
