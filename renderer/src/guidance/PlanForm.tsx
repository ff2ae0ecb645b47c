// Asiakassuunnitelma: goals, planned services, the client's and relatives' views, review date.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDto } from '../../../shared/contract/guidance-schemas';
import { addMonthsClamped } from '../../../shared/domain/dates';
import type { Lang } from '../i18n';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field, fi, type Catalogue } from './common';
import type { InputOf } from '../../../shared/contract/channels';
import { DateInput } from '../ui/DateInput';
import { useFormCheck } from '../ui/useFormCheck';
import { FormProblems } from '../ui/FormProblems';

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

  const input = useMemo(
    (): InputOf<'plans.save'> => ({
      clientId,
      assessmentId,
      drawnUpOn,
      goals,
      plannedServices: services.map((s) => ({ serviceCode: s, amount: null, note: '' })),
      clientView,
      relativesView,
      reviewOn,
    }),
    [clientId, assessmentId, drawnUpOn, goals, services, clientView, relativesView, reviewOn],
  );
  const check = useFormCheck('plans.save', input);
  // The review date before the plan's own date: said at the field as soon as both are dates.
  const reviewError = check.error('reviewOn') ?? (/^\d{4}-/.test(reviewOn) && /^\d{4}-/.test(drawnUpOn) && reviewOn < drawnUpOn ? t('g.reviewBeforeDrawnUp') : undefined);
  const on = <T,>(path: string, set: (v: T) => void) => (v: T) => {
    check.touch(path);
    set(v);
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!check.submit()) return;
    try {
      const p = await client.invoke('plans.save', input);
      notify(t('g.planSaved'));
      onSaved(p);
    } catch (err) {
      check.refused(err);
      setError(errorText(err, t('errors.generic')));
    }
  };

  return (
    <form className="form" onSubmit={save} aria-label={t('g.planTitle')}>
      <Field label={t('g.goals')} wide error={check.error('goals')}>
        <textarea rows={2} value={goals} onChange={(e) => on('goals', setGoals)(e.target.value)} />
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
        <Field label={t('g.clientView')} error={check.error('clientView')}>
          <textarea rows={2} value={clientView} onChange={(e) => on('clientView', setClientView)(e.target.value)} />
        </Field>
        <Field label={t('g.relativesView')} error={check.error('relativesView')}>
          <textarea rows={2} value={relativesView} onChange={(e) => on('relativesView', setRelativesView)(e.target.value)} />
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('g.drawnUpOn')} error={check.error('drawnUpOn')}>
          <DateInput value={drawnUpOn} max={boot.today} onChange={on('drawnUpOn', setDrawnUpOn)} />
        </Field>
        <Field label={t('g.reviewOn')} error={reviewError}>
          <DateInput value={reviewOn} min={drawnUpOn} onChange={on('reviewOn', setReviewOn)} />
        </Field>
      </div>
      <FormProblems check={check} error={error} />
      <button className="primary">{t('g.savePlan')}</button>
    </form>
  );
}

/** A saved client plan, to read again (a plan is not edited in place: a new one is drawn up at the review). */
export function PlanView({ plan, catalogue }: { plan: PlanDto; catalogue: Catalogue | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const svc = (code: string) => {
    const s = catalogue?.services.find((x) => x.code === code);
    return s ? (lang === 'sv' ? s.nameSv : s.nameFi) : code;
  };
  // An amount with its unit ("39 h/kk"), as the decision shows it.
  const unit = (code: string) => {
    const u = catalogue?.services.find((x) => x.code === code)?.unit;
    return u && u !== 'continuous' ? ` ${t(`g.units.${u}`)}` : '';
  };
  return (
    <div className="card-box plan-view" data-testid="plan-view">
      <dl className="facts">
        <dt>{t('g.drawnUpOn')}</dt>
        <dd>
          {fi(plan.drawnUpOn)} · {plan.workerName}
        </dd>
        <dt>{t('g.reviewOn')}</dt>
        <dd>{fi(plan.reviewOn)}</dd>
        <dt>{t('g.goals')}</dt>
        <dd className="prewrap">{plan.goals}</dd>
        <dt>{t('g.plannedServices')}</dt>
        <dd>{plan.plannedServices.length ? plan.plannedServices.map((s) => svc(s.serviceCode) + (s.amount !== null ? ` ${s.amount}${unit(s.serviceCode)}` : '')).join(', ') : '–'}</dd>
        <dt>{t('g.clientView')}</dt>
        <dd className="prewrap">{plan.clientView || '–'}</dd>
        <dt>{t('g.relativesView')}</dt>
        <dd className="prewrap">{plan.relativesView || '–'}</dd>
      </dl>
    </div>
  );
}
