// What a window shows while the app starts: on a first start the demo county is generated (about 40 s for
// 30,000 clients), with the part being made, how far along it is and about how long is left; never a blank
// wait. Electron's backend sends 'app.startup' while it works; the browser host starts only once it is done.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StartupStatus } from '../../../shared/contract/channels';
import { client } from '../api/client';

function duration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function Startup() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StartupStatus | null>(null);
  const [patient, setPatient] = useState(false);
  useEffect(() => client.on('app.startup', setStatus), []);
  useEffect(() => {
    // A start that takes a moment only: nothing flashes on the screen.
    const timer = setTimeout(() => setPatient(true), 400);
    return () => clearTimeout(timer);
  }, []);
  if (!status && !patient) return null;
  const pct = Math.floor((status?.fraction ?? 0) * 100);
  return (
    <div className="login">
      <section className="login-card" aria-live="polite" aria-busy={status?.state !== 'failed'}>
        <h1>{status?.state === 'failed' ? t('startup.failed') : t('startup.title')}</h1>
        {status?.state === 'failed' ? (
          <p role="alert">{status.message}</p>
        ) : status?.state === 'seeding' ? (
          <>
            <p>{t('startup.seeding')}</p>
            <progress max={100} value={pct} aria-label={t('startup.seeding')} />
            <p>
              {pct} % {status.phase ? `· ${t(`startup.phase.${status.phase}`)}` : ''} ·{' '}
              {status.secondsLeft === null ? t('startup.estimating') : t('startup.left', { time: duration(status.secondsLeft) })}
            </p>
          </>
        ) : (
          <p>{t('startup.waiting')}</p>
        )}
      </section>
    </div>
  );
}
