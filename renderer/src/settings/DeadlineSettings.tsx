// Asetukset › Ohjaus: how the assessment deadline (SHL 36 §: the 7th working day after the contact) counts
// Christmas Eve and Midsummer Eve. By default they are working days, so the deadline is never later than the law
// allows; the administrator may choose otherwise for the county, and the open items' deadlines are recounted.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText } from '../guidance/common';

export function DeadlineSettings() {
  const { t } = useTranslation();
  const { user, notify } = useApp();
  const [s, setS] = useState<OutputOf<'deadlines.settings'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.invoke('deadlines.settings', {}).then(setS, (e) => setError(errorText(e, t('errors.generic'))));
  }, [t]);
  if (!s) return error ? <p className="error">{error}</p> : null;
  const canEdit = user.role === 'admin';
  const save = async () => {
    setError(null);
    try {
      const r = await client.invoke('deadlines.saveSettings', { christmasEveWorkingDay: s.christmasEveWorkingDay, midsummerEveWorkingDay: s.midsummerEveWorkingDay });
      setS(r);
      notify(t('dl.saved', { n: r.moved }));
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };
  return (
    <div className="card-box small" data-testid="deadline-settings">
      <h2>{t('dl.title')}</h2>
      <p className="hint">{t('dl.hint')}</p>
      <label className="checkbox">
        <input type="checkbox" disabled={!canEdit} checked={s.christmasEveWorkingDay} onChange={(e) => setS({ ...s, christmasEveWorkingDay: e.target.checked })} /> {t('dl.christmasEve')}
      </label>
      <label className="checkbox">
        <input type="checkbox" disabled={!canEdit} checked={s.midsummerEveWorkingDay} onChange={(e) => setS({ ...s, midsummerEveWorkingDay: e.target.checked })} /> {t('dl.midsummerEve')}
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {canEdit && <button onClick={() => void save()}>{t('dl.save')}</button>}
    </div>
  );
}
