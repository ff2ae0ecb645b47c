import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/contract/schemas';
import { ROLE_NAMES } from '../../../shared/roles';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { setLanguage, type Lang } from '../i18n';
import type { SyncStatusDto } from '../../../shared/contract/sync-schemas';

export function Login({ onSignedIn, idleEnded = null }: { onSignedIn: (u: User) => void; idleEnded?: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<{ username: string; displayName: string; role: User['role'] }[]>([]);

  // The first sign-in on a new workstation copies from the central database; its progress arrives as events.
  const [progress, setProgress] = useState<SyncStatusDto['progress']>(null);

  useEffect(() => {
    client.invoke('session.demoUsers', {}).then(setDemo, () => setDemo([]));
    return client.on('sync.status', (s) => setProgress(s.progress));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await client.invoke('session.signIn', { username, password }));
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-label={t('login.title')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ⚓
          </span>
          <div>
            <h1>{t('app.name')}</h1>
            <div className="muted">{t('app.tagline')}</div>
          </div>
        </div>
        <h2>{t('login.title')}</h2>
        {idleEnded !== null && !error && (
          <p className="warning" role="status">
            {t('login.idleEnded', { minutes: idleEnded })}
          </p>
        )}
        <label>
          {t('login.username')}
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoFocus autoComplete="username" name="username" />
        </label>
        <label>
          {t('login.password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" name="password" />
        </label>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {busy && progress?.phase === 'initial' && (
          <div className="sync-progress" role="status">
            {t('sync.phase.initial')}
            <progress max={Math.max(1, progress.total)} value={progress.done} />
            {t('sync.rows', { done: progress.done.toLocaleString('fi-FI'), total: progress.total.toLocaleString('fi-FI') })}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <div className="lang-switch">
          <button type="button" className={lang === 'fi' ? 'link active' : 'link'} onClick={() => setLanguage('fi')}>
            Suomeksi
          </button>
          <button type="button" className={lang === 'sv' ? 'link active' : 'link'} onClick={() => setLanguage('sv')}>
            På svenska
          </button>
        </div>
        {demo.length > 0 && (
          <div className="demo-users">
            <div className="muted">{t('login.demoTitle')}</div>
            <ul>
              {demo.map((d) => (
                <li key={d.username}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setUsername(d.username);
                      setPassword('');
                    }}
                  >
                    {d.username}
                  </button>{' '}
                  <span className="muted">
                    {d.displayName}, {ROLE_NAMES[d.role][lang]}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
    </main>
  );
}
