// Asiakaskortti › Toimitus: the route the client's letters take today and why (Suomi.fi first, Suomi.fi's paper,
// the county's own e-kirje batch, by hand), the last known Suomi.fi mailbox state, the client's recorded choice
// (paper, by hand, a representative's address, for a time) and every delivery to the client with its events.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { DELIVERY_CHOICES, REPRESENTATIVE_ROLES, type DeliveryChoice, type RepresentativeRole } from '../../../shared/domain/delivery';
import { client } from '../api/client';
import { errorText, fi } from '../guidance/common';
import { useApp } from '../shell/bootstrap';
import { DeliveryList, eventTime, RouteBadge } from '../letters/Deliveries';
import { parseFiDate } from '../letters/HandOver';

type View = OutputOf<'clients.delivery'>;
const EDIT_ROLES = ['guidance_worker', 'social_worker', 'client_secretary', 'service_manager'];

export function ClientDeliveryTab({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation();
  const { user, notify } = useApp();
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<DeliveryChoice>('auto');
  const [repRole, setRepRole] = useState<RepresentativeRole | ''>('');
  const [rep, setRep] = useState({ name: '', street: '', postalCode: '', postOffice: '' });
  const [until, setUntil] = useState('');
  const [note, setNote] = useState('');
  const canEdit = EDIT_ROLES.includes(user.role);

  const show = (v: View) => {
    setView(v);
    setChoice(v.choice);
    setRepRole(v.representative?.role ?? '');
    setRep({ name: v.representative?.name ?? '', street: v.representative?.street ?? '', postalCode: v.representative?.postalCode ?? '', postOffice: v.representative?.postOffice ?? '' });
    setUntil(v.validUntil ? fi(v.validUntil) : '');
    setNote(v.note);
  };
  useEffect(() => {
    client.invoke('clients.delivery', { clientId }).then(show, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [clientId, t]);
  if (!view) return error ? <p className="error">{error}</p> : null;

  const save = async () => {
    setError(null);
    const validUntil = until.trim() ? parseFiDate(until) : null;
    if (until.trim() && !validUntil) return setError(t('dv.badDate'));
    try {
      show(
        await client.invoke('clients.setDelivery', {
          clientId,
          choice,
          representative: repRole ? { role: repRole, ...rep } : null,
          note,
          validUntil,
        }),
      );
      notify(t('dv.choiceSaved'));
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };
  const mailbox = view.mailboxActive === null ? 'unknown' : view.mailboxActive ? 'yes' : 'no';

  return (
    <div className="client-delivery" data-testid="client-delivery">
      <p>
        {t('dv.todayRoute')}: <RouteBadge route={view.route} reason={view.routeReason} /> <span className="muted">{t(`dv.reasons.${view.routeReason}`)}</span>
      </p>
      <p className="muted">
        {t('dv.mailbox')}: {t(`dv.mailboxStates.${mailbox}`)}
        {view.mailboxCheckedAt ? ` (${t('dv.checkedAt', { at: eventTime(view.mailboxCheckedAt, i18n.language) })})` : ''}
      </p>
      <fieldset className="form-row" disabled={!canEdit}>
        <legend>{t('dv.choice')}</legend>
        {DELIVERY_CHOICES.map((c) => (
          <label key={c} className="check">
            <input type="radio" name="delivery-choice" checked={choice === c} onChange={() => setChoice(c)} /> {t(`dv.choices.${c}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <label className="field">
          <span>{t('dv.repRole')}</span>
          <select disabled={!canEdit} value={repRole} onChange={(e) => setRepRole(e.target.value as RepresentativeRole | '')}>
            <option value="">{t('dv.repNone')}</option>
            {REPRESENTATIVE_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`dv.repRoles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {repRole && (
          <>
            <label className="field">
              <span>{t('dv.repName')}</span>
              <input disabled={!canEdit} value={rep.name} onChange={(e) => setRep({ ...rep, name: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('l.settings.street')}</span>
              <input disabled={!canEdit} value={rep.street} onChange={(e) => setRep({ ...rep, street: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('l.settings.postalCode')}</span>
              <input disabled={!canEdit} value={rep.postalCode} onChange={(e) => setRep({ ...rep, postalCode: e.target.value })} inputMode="numeric" />
            </label>
            <label className="field">
              <span>{t('l.settings.city')}</span>
              <input disabled={!canEdit} value={rep.postOffice} onChange={(e) => setRep({ ...rep, postOffice: e.target.value })} />
            </label>
          </>
        )}
      </div>
      <div className="form-row">
        <label className="field">
          <span>{t('dv.validUntil')}</span>
          <input disabled={!canEdit} value={until} onChange={(e) => setUntil(e.target.value)} placeholder="p.k.vvvv" />
        </label>
        <label className="field wide">
          <span>{t('dv.note')}</span>
          <input disabled={!canEdit} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {canEdit && (
        <button className="primary" onClick={() => void save()}>
          {t('dv.saveChoice')}
        </button>
      )}
      <h3>{t('dv.title')}</h3>
      <DeliveryList deliveries={view.deliveries} label />
    </div>
  );
}
