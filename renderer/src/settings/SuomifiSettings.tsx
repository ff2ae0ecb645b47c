// Asetukset › Suomi.fi-viestit: the REST API address, service id and user, the printing service (Suomi.fi's paper
// part) and the sender's paper-mail address, the password with its rotation, and the look at the delivery
// events. Secretaries see the state; only the administrator changes anything. Passwords are never shown.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import type { SuomifiSettings as Settings } from '../../../shared/contract/delivery-schemas';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field, fi } from '../guidance/common';
import { formatDateTime } from '../../../shared/messages';

type View = OutputOf<'suomifi.settings'>;

const time = (iso: string | null, lang: string) => (iso ? formatDateTime(iso, lang === 'sv' ? 'sv' : 'fi') : '–');

export function SuomifiSettings() {
  const { t, i18n } = useTranslation();
  const { user, notify, confirm } = useApp();
  const [view, setView] = useState<View | null>(null);
  const [s, setS] = useState<Settings | null>(null);
  const [password, setPassword] = useState('');
  const [printingPassword, setPrintingPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = user.role === 'admin';

  const show = (v: View) => {
    setView(v);
    setS(v.settings ?? v.defaults);
  };
  useEffect(() => {
    client.invoke('suomifi.settings', {}).then(show, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [t]);
  if (!view || !s) return error ? <p className="error">{error}</p> : null;

  const text = <K extends 'apiUrl' | 'serviceId' | 'username'>(k: K, label: string, wide = false) => (
    <Field label={label} wide={wide}>
      <input disabled={!canEdit} value={s[k]} onChange={(e) => setS({ ...s, [k]: e.target.value })} />
    </Field>
  );
  const num = <K extends 'maxAttachmentMb' | 'passwordValidDays' | 'rotateDaysBefore' | 'pollMinutes'>(k: K, label: string) => (
    <Field label={label}>
      <input type="number" disabled={!canEdit} value={s[k]} onChange={(e) => setS({ ...s, [k]: Number(e.target.value) })} />
    </Field>
  );
  const sender = (k: keyof Settings['paperSender'], label: string) => (
    <Field label={label}>
      <input disabled={!canEdit} value={s.paperSender[k]} onChange={(e) => setS({ ...s, paperSender: { ...s.paperSender, [k]: e.target.value } })} />
    </Field>
  );
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setTest(null);
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      show(await client.invoke('suomifi.saveSettings', { settings: s, password, printingPassword }));
      setPassword('');
      setPrintingPassword('');
      notify(t('sf.saved'));
    });
  const tryIt = () =>
    run(async () => {
      try {
        setTest({ ok: true, text: (await client.invoke('suomifi.test', { settings: s, password, printingPassword })).message });
      } catch (e) {
        setTest({ ok: false, text: errorText(e, t('errors.generic')) });
      }
    });
  const rotate = async () => {
    const ok = await confirm({ title: t('sf.rotate'), body: <p>{t('sf.rotateConfirm')}</p>, confirmLabel: t('sf.rotate') });
    if (ok === null) return;
    await run(async () => {
      show(await client.invoke('suomifi.rotatePassword', {}));
      notify(t('sf.rotated'));
    });
  };

  return (
    <div className="settings suomifi-settings" data-testid="suomifi-settings">
      <h2>{t('sf.title')}</h2>
      {!canEdit && <p className="muted">{t('sf.readOnly')}</p>}
      <p className="muted">{t('sf.intro')}</p>
      <div className="form-row">
        <label className="check">
          <input type="checkbox" disabled={!canEdit} checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> {t('sf.enabled')}
        </label>
      </div>
      <div className="form-row">
        {text('apiUrl', t('sf.apiUrl'), true)}
        {text('serviceId', t('sf.serviceId'))}
        {text('username', t('sf.username'))}
        <Field label={view.hasPassword ? t('sf.passwordKeep') : t('sf.password')}>
          <input type="password" autoComplete="off" disabled={!canEdit} value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
      </div>
      <p className="muted" data-testid="suomifi-password-state">
        {view.hasPassword
          ? t('sf.passwordState', { set: time(view.passwordSetAt, i18n.language), due: fi(view.rotationDueOn) })
          : t('sf.noPassword')}
        {view.rotationPending ? ` ${t('sf.rotationPending')}` : ''}
      </p>
      <div className="form-row">
        {num('passwordValidDays', t('sf.passwordValidDays'))}
        {num('rotateDaysBefore', t('sf.rotateDaysBefore'))}
        {num('pollMinutes', t('sf.pollMinutes'))}
        {num('maxAttachmentMb', t('sf.maxAttachmentMb'))}
        <Field label={t('sf.visibility')}>
          <select disabled={!canEdit} value={s.visibility} onChange={(e) => setS({ ...s, visibility: e.target.value as Settings['visibility'] })}>
            <option value="Normal">{t('sf.visibilityNormal')}</option>
            <option value="Recipient only">{t('sf.visibilityRecipient')}</option>
          </select>
        </Field>
      </div>
      <h3>{t('sf.paper')}</h3>
      <div className="form-row">
        <label className="check">
          <input type="checkbox" disabled={!canEdit} checked={s.paperService.enabled} onChange={(e) => setS({ ...s, paperService: { ...s.paperService, enabled: e.target.checked } })} />{' '}
          {t('sf.paperEnabled')}
        </label>
      </div>
      <div className="form-row">
        <Field label={t('sf.printingUser')}>
          <input disabled={!canEdit} value={s.paperService.username} onChange={(e) => setS({ ...s, paperService: { ...s.paperService, username: e.target.value } })} />
        </Field>
        <Field label={view.hasPrintingPassword ? t('sf.printingPasswordKeep') : t('sf.printingPassword')}>
          <input type="password" autoComplete="off" disabled={!canEdit} value={printingPassword} onChange={(e) => setPrintingPassword(e.target.value)} />
        </Field>
        <Field label={t('sf.contactEmail')}>
          <input disabled={!canEdit} value={s.paperService.contactEmail} onChange={(e) => setS({ ...s, paperService: { ...s.paperService, contactEmail: e.target.value } })} />
        </Field>
      </div>
      <h3>{t('sf.sender')}</h3>
      <div className="form-row">
        {sender('name', t('sf.senderName'))}
        {sender('street', t('l.settings.street'))}
        {sender('postalCode', t('l.settings.postalCode'))}
        {sender('city', t('l.settings.city'))}
      </div>
      <p className="muted" data-testid="suomifi-events-state">
        {t('sf.eventsState', { at: time(view.eventsPolledAt, i18n.language) })}
        {view.eventsError ? <span className="error"> {view.eventsError}</span> : null}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {test && (
        <p className={test.ok ? 'ok' : 'error'} role="status" data-testid="suomifi-test-result">
          {test.text}
        </p>
      )}
      {canEdit && (
        <div className="actions">
          <button className="primary" disabled={busy} onClick={() => void save()}>
            {t('sf.save')}
          </button>
          <button disabled={busy} onClick={() => void tryIt()}>
            {t('sf.test')}
          </button>
          <button disabled={busy || !view.hasPassword} onClick={() => void rotate()}>
            {t('sf.rotate')}
          </button>
        </div>
      )}
    </div>
  );
}
