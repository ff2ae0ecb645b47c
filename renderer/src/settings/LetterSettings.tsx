// Asetukset › Kirjeet: sender, review body, envelope window, signing certificate and the batch folder. Secretaries
// see them; only the administrator changes them. The passphrase is never shown, only whether one is set.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field, fi } from '../guidance/common';

type View = OutputOf<'letters.settings'>;

export function LetterSettings() {
  const { t } = useTranslation();
  const { user, notify } = useApp();
  const [view, setView] = useState<View | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const canEdit = user.role === 'admin';

  useEffect(() => {
    client.invoke('letters.settings', {}).then(setView, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [t]);
  if (!view) return error ? <p className="error">{error}</p> : null;

  const set = <K extends keyof View>(k: K, v: View[K]) => setView({ ...view, [k]: v });
  const text = (group: 'sender' | 'review', key: string, label: string) => (
    <Field label={label}>
      <input
        disabled={!canEdit}
        value={(view[group] as Record<string, string>)[key]}
        onChange={(e) => set(group, { ...view[group], [key]: e.target.value } as View[typeof group])}
      />
    </Field>
  );
  const mm = (key: keyof View['window'], label: string) => (
    <Field label={label}>
      <input type="number" step="0.5" disabled={!canEdit} value={view.window[key]} onChange={(e) => set('window', { ...view.window, [key]: Number(e.target.value) })} />
    </Field>
  );
  const save = async () => {
    setError(null);
    try {
      const { hasPassphrase: _h, certificate: _c, certificateError: _e, ...input } = view;
      setView(await client.invoke('letters.saveSettings', { ...input, certificatePassphrase: passphrase }));
      setPassphrase('');
      notify(t('l.settings.saved'));
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };

  return (
    <div className="settings letter-settings" data-testid="letter-settings">
      <h2>{t('l.settings.title')}</h2>
      {!canEdit && <p className="muted">{t('l.settings.readOnly')}</p>}
      <h3>{t('l.settings.sender')}</h3>
      <div className="form-row">
        {text('sender', 'countyNameFi', t('l.settings.countyFi'))}
        {text('sender', 'countyNameSv', t('l.settings.countySv'))}
        {text('sender', 'unitFi', t('l.settings.unitFi'))}
        {text('sender', 'unitSv', t('l.settings.unitSv'))}
      </div>
      <div className="form-row">
        {text('sender', 'street', t('l.settings.street'))}
        {text('sender', 'postalCode', t('l.settings.postalCode'))}
        {text('sender', 'city', t('l.settings.city'))}
        {text('sender', 'phone', t('l.settings.phone'))}
        {text('sender', 'email', t('l.settings.email'))}
        {text('sender', 'web', t('l.settings.web'))}
      </div>
      <h3>{t('l.settings.review')}</h3>
      <div className="form-row">
        {text('review', 'nameFi', t('l.settings.reviewFi'))}
        {text('review', 'nameSv', t('l.settings.reviewSv'))}
        {text('review', 'street', t('l.settings.street'))}
        {text('review', 'postalCode', t('l.settings.postalCode'))}
        {text('review', 'city', t('l.settings.city'))}
        {text('review', 'email', t('l.settings.email'))}
        {text('review', 'closes', t('l.settings.closes'))}
      </div>
      <h3>{t('l.settings.window')}</h3>
      <div className="form-row">
        {mm('leftMm', t('l.settings.left'))}
        {mm('topMm', t('l.settings.top'))}
        {mm('widthMm', t('l.settings.width'))}
        {mm('heightMm', t('l.settings.height'))}
      </div>
      <h3>{t('l.settings.certificate')}</h3>
      <p className={view.certificateError ? 'error' : 'ok'} data-testid="certificate-status">
        {view.certificateError ?? (view.certificate ? t('l.settings.certOk', { subject: view.certificate.subject, from: fi(view.certificate.validFrom.slice(0, 10)), to: fi(view.certificate.validTo.slice(0, 10)) }) : '')}
      </p>
      <div className="form-row">
        <Field label={t('l.settings.certificatePath')} wide>
          <input disabled={!canEdit} value={view.certificatePath} onChange={(e) => set('certificatePath', e.target.value)} />
        </Field>
        <Field label={t('l.settings.passphrase')}>
          <input type="password" disabled={!canEdit} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('l.settings.outDir')} wide>
          <input disabled={!canEdit} value={view.outDir} onChange={(e) => set('outDir', e.target.value)} />
        </Field>
      </div>
      {error && <p className="error">{error}</p>}
      {canEdit && (
        <button className="primary" onClick={() => void save()}>
          {t('l.settings.save')}
        </button>
      )}
    </div>
  );
}
