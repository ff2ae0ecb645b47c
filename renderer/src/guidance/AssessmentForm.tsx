// Recording a service needs assessment with RAI scores; the core checks ranges and dates and answers in Finnish.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assessment } from '../../../shared/contract/guidance-schemas';
import { ASSESSMENT_METHODS, RAI_KEYS, RAI_SCALES, SERVICE_LEVELS, type RaiScale } from '../../../shared/domain/rai';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText, Field } from './common';

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

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const score = (k: RaiScale) => (f.scores[k].trim() === '' ? null : Number(f.scores[k].replace(',', '.')));
      const a = await client.invoke('assessments.create', {
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
      });
      notify(t('g.assessmentSaved'));
      onSaved(a);
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={save} aria-label={t('g.assessmentTitle')}>
      <div className="form-row">
        <Field label={t('g.assessedOn')}>
          <input type="date" value={f.assessedOn} onChange={(e) => setF({ ...f, assessedOn: e.target.value })} required />
        </Field>
        <Field label={t('g.method')}>
          <select value={f.method} onChange={(e) => setF({ ...f, method: e.target.value as typeof f.method })}>
            {ASSESSMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`g.methods.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('g.serviceLevel')}>
          <select value={f.serviceLevel} onChange={(e) => setF({ ...f, serviceLevel: e.target.value as typeof f.serviceLevel })}>
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
          <Field key={k} label={`${RAI_SCALES[k].label} (${RAI_SCALES[k].min}–${RAI_SCALES[k].max})`}>
            <input
              inputMode="numeric"
              aria-label={RAI_SCALES[k].label}
              value={f.scores[k]}
              onChange={(e) => setF({ ...f, scores: { ...f.scores, [k]: e.target.value } })}
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
      <Field label={t('g.functionalNotes')} wide>
        <textarea rows={3} value={f.functionalNotes} onChange={(e) => setF({ ...f, functionalNotes: e.target.value })} />
      </Field>
      <Field label={t('g.clientView')} wide>
        <textarea rows={2} value={f.clientView} onChange={(e) => setF({ ...f, clientView: e.target.value })} />
      </Field>
      <Field label={t('g.conclusion')} wide>
        <textarea rows={2} value={f.conclusion} onChange={(e) => setF({ ...f, conclusion: e.target.value })} />
      </Field>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button className="primary" disabled={busy}>
        {t('g.saveAssessment')}
      </button>
    </form>
  );
}
