// Asetukset › Tietoturva (the administrator's): after how many idle minutes a session ends, how long a locked
// user name stays locked, and the user names with failed sign-ins, whose locks the administrator lifts.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityView } from '../../../shared/contract/schemas';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field } from '../guidance/common';
import { formatDateTime } from '../../../shared/messages';

export function SecuritySettings() {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language === 'sv' ? 'sv' : 'fi') : '–');
  const { notify } = useApp();
  const [view, setView] = useState<SecurityView | null>(null);
  const [form, setForm] = useState({ idleMinutes: '', lockoutMinutes: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (v: SecurityView) => {
    setView(v);
    setForm({ idleMinutes: String(v.idleMinutes), lockoutMinutes: String(v.lockoutMinutes) });
  };
  useEffect(() => {
    client.invoke('security.settings', {}).then(show, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [t]);
  if (!view) return error ? <p className="error">{error}</p> : null;

  const act = async (fn: () => Promise<SecurityView>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      show(await fn());
      notify(done);
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(() => client.invoke('security.saveSettings', { idleMinutes: Number(form.idleMinutes), lockoutMinutes: Number(form.lockoutMinutes) }), t('security.saved'));
  const unlock = (username: string) => act(() => client.invoke('security.unlock', { username }), t('security.unlocked', { username }));

  return (
    <div className="settings security-settings" data-testid="security-settings">
      <h2>{t('security.title')}</h2>
      <p className="muted">{t('security.intro')}</p>
      <div className="form-row">
        <Field label={t('security.idleMinutes')}>
          <input type="number" min={1} max={480} value={form.idleMinutes} onChange={(e) => setForm({ ...form, idleMinutes: e.target.value })} />
        </Field>
        <Field label={t('security.lockoutMinutes')}>
          <input type="number" min={0} max={1440} value={form.lockoutMinutes} onChange={(e) => setForm({ ...form, lockoutMinutes: e.target.value })} />
        </Field>
      </div>
      <p className="muted small">{t('security.lockoutHelp')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button className="primary" disabled={busy} onClick={() => void save()}>
          {t('security.save')}
        </button>
      </div>
      <h3>{t('security.failures')}</h3>
      {view.locks.length === 0 ? (
        <p className="muted">{t('security.noFailures')}</p>
      ) : (
        <table className="list" aria-label={t('security.failures')}>
          <thead>
            <tr>
              <th>{t('security.username')}</th>
              <th>{t('security.user')}</th>
              <th>{t('security.count')}</th>
              <th>{t('security.last')}</th>
              <th>{t('security.state')}</th>
              <th>
                  <span className="visually-hidden">{t('g.actions')}</span>
                </th>
            </tr>
          </thead>
          <tbody>
            {view.locks.map((l) => (
              <tr key={l.username}>
                <td className="mono">{l.username}</td>
                <td>{l.displayName ?? t('security.unknownName')}</td>
                <td>{l.failures}</td>
                <td>{when(l.lastFailureAt)}</td>
                <td>{l.lockedAt ? (l.lockedUntil ? t('security.lockedUntil', { time: when(l.lockedUntil) }) : t('security.locked')) : t('security.slowed')}</td>
                <td>
                  <button disabled={busy} onClick={() => void unlock(l.username)} aria-label={t('security.unlockName', { username: l.username })}>
                    {l.lockedAt ? t('security.unlock') : t('security.clear')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
