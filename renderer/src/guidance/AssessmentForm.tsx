// Recording a service needs assessment with RAI scores. The form is checked against the channel's own schema as
// the user types (each score's range at its field); the core checks the same and its issues show at the fields.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assessment } from '../../../shared/contract/guidance-schemas';
import type { InputOf } from '../../../shared/contract/channels';
import { ASSESSMENT_METHODS, RAI_KEYS, RAI_SCALES, SERVICE_LEVELS, type RaiScale } from '../../../shared/domain/rai';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field } from './common';
import { DateInput } from '../ui/DateInput';
import { useFormCheck } from '../ui/useFormCheck';
import { FormProblems } from '../ui/FormProblems';

export function AssessmentForm({ clientId, itemId, onSaved }: { clientId: string; itemId: string | null; onSaved: (a: Assessment) => void }) {
  const { t } = useTranslation();
  const { boot, notify } = useApp();
  const [f, setF] = useState({
    assessedOn: boot.today,
    method: 'home_visit' as (typeof ASSESSMENT_METHODS)[number],
    scores: Object.fromEntries(RAI_KEYS.map((k) => [k, ''])) as Record<RaiScale, string>,
    nightCareNeed: false,
    informalCarer: false,
    functionalNotes: '',
    clientView: '',
    conclusion: '',
    serviceLevel: 'yellow' as (typeof SERVICE_LEVELS)[number],
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const input = useMemo((): InputOf<'assessments.create'> => {
    const score = (k: RaiScale) => (f.scores[k].trim() === '' ? null : Number(f.scores[k].trim().replace(',', '.')));
    return {
      clientId,
      intakeItemId: itemId,
      assessedOn: f.assessedOn,
      method: f.method,
      maple5: score('maple5'),
      cps: score('cps'),
      adlh: score('adlh'),
      iadlch: score('iadlch'),
      drs: score('drs'),
      chess: score('chess'),
      nightCareNeed: f.nightCareNeed,
      informalCarer: f.informalCarer,
      functionalNotes: f.functionalNotes,
      clientView: f.clientView,
      conclusion: f.conclusion,
      serviceLevel: f.serviceLevel,
    };
  }, [f, clientId, itemId]);
  const check = useFormCheck('assessments.create', input);
  const set = (path: string, patch: Partial<typeof f>) => {
    check.touch(path);
    setF({ ...f, ...patch });
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!check.submit()) return;
    setBusy(true);
    try {
      const a = await client.invoke('assessments.create', input);
      notify(t('g.assessmentSaved'));
      onSaved(a);
    } catch (err) {
      check.refused(err);
      setError(errorText(err, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={save} aria-label={t('g.assessmentTitle')}>
      <div className="form-row">
        <Field label={t('g.assessedOn')} error={check.error('assessedOn')}>
          <DateInput value={f.assessedOn} max={boot.today} onChange={(v) => set('assessedOn', { assessedOn: v })} required />
        </Field>
        <Field label={t('g.method')} error={check.error('method')}>
          <select value={f.method} onChange={(e) => set('method', { method: e.target.value as typeof f.method })}>
            {ASSESSMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`g.methods.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('g.serviceLevel')} error={check.error('serviceLevel')}>
          <select value={f.serviceLevel} onChange={(e) => set('serviceLevel', { serviceLevel: e.target.value as typeof f.serviceLevel })}>
            {SERVICE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`g.levels.${l}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-row rai">
        {RAI_KEYS.map((k) => (
          <Field key={k} label={`${RAI_SCALES[k].label} (${RAI_SCALES[k].min}–${RAI_SCALES[k].max})`} error={check.error(k)}>
            <input
              inputMode="numeric"
              aria-label={RAI_SCALES[k].label}
              value={f.scores[k]}
              onChange={(e) => set(k, { scores: { ...f.scores, [k]: e.target.value } })}
              size={4}
            />
          </Field>
        ))}
      </div>
      <div className="form-row">
        <label className="checkbox">
          <input type="checkbox" checked={f.nightCareNeed} onChange={(e) => setF({ ...f, nightCareNeed: e.target.checked })} /> {t('g.nightCareNeed')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={f.informalCarer} onChange={(e) => setF({ ...f, informalCarer: e.target.checked })} /> {t('g.informalCarer')}
        </label>
      </div>
      <Field label={t('g.functionalNotes')} wide error={check.error('functionalNotes')}>
        <textarea rows={3} value={f.functionalNotes} onChange={(e) => set('functionalNotes', { functionalNotes: e.target.value })} />
      </Field>
      <Field label={t('g.clientView')} wide error={check.error('clientView')}>
        <textarea rows={2} value={f.clientView} onChange={(e) => set('clientView', { clientView: e.target.value })} />
      </Field>
      <Field label={t('g.conclusion')} wide error={check.error('conclusion')}>
        <textarea rows={2} value={f.conclusion} onChange={(e) => set('conclusion', { conclusion: e.target.value })} />
      </Field>
      <FormProblems check={check} error={error} />
      <button className="primary" disabled={busy}>
        {t('g.saveAssessment')}
      </button>
    </form>
  );
}
