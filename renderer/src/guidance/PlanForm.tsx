// Asiakassuunnitelma: goals, planned services, the client's and relatives' views, review date.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDto } from '../../../shared/contract/guidance-schemas';
import { addMonthsClamped } from '../../../shared/domain/dates';
import type { Lang } from '../i18n';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field, type Catalogue } from './common';

export function PlanForm({ clientId, assessmentId, catalogue, onSaved }: { clientId: string; assessmentId: string | null; catalogue: Catalogue | null; onSaved: (p: PlanDto) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { boot, notify } = useApp();
  const [goals, setGoals] = useState('');
  const [services, setServices] = useState<string[]>([]);
  const [clientView, setClientView] = useState('');
  const [relativesView, setRelativesView] = useState('');
  const [drawnUpOn, setDrawnUpOn] = useState(boot.today);
  const [reviewOn, setReviewOn] = useState(addMonthsClamped(boot.today, 6));
  const [error, setError] = useState<string | null>(null);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const p = await client.invoke('plans.save', {
        clientId,
        assessmentId,
        drawnUpOn,
        goals,
        plannedServices: services.map((s) => ({ serviceCode: s, amount: null, note: '' })),
        clientView,
        relativesView,
        reviewOn,
      });
      notify(t('g.planSaved'));
      onSaved(p);
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    }
  };

  return (
    <form className="form" onSubmit={save} aria-label={t('g.planTitle')}>
      <Field label={t('g.goals')} wide>
        <textarea rows={2} value={goals} onChange={(e) => setGoals(e.target.value)} />
      </Field>
      <fieldset className="checks">
        <legend>{t('g.plannedServices')}</legend>
        {catalogue?.services.map((s) => (
          <label key={s.code} className="checkbox">
            <input
              type="checkbox"
              checked={services.includes(s.code)}
              onChange={(e) => setServices(e.target.checked ? [...services, s.code] : services.filter((x) => x !== s.code))}
            />{' '}
            {lang === 'sv' ? s.nameSv : s.nameFi}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <Field label={t('g.clientView')}>
          <textarea rows={2} value={clientView} onChange={(e) => setClientView(e.target.value)} />
        </Field>
        <Field label={t('g.relativesView')}>
          <textarea rows={2} value={relativesView} onChange={(e) => setRelativesView(e.target.value)} />
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('g.drawnUpOn')}>
          <input type="date" value={drawnUpOn} onChange={(e) => setDrawnUpOn(e.target.value)} />
        </Field>
        <Field label={t('g.reviewOn')}>
          <input type="date" value={reviewOn} onChange={(e) => setReviewOn(e.target.value)} />
        </Field>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button className="primary">{t('g.savePlan')}</button>
    </form>
  );
}
