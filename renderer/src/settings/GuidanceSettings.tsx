// Asetukset for the guidance unit: service catalogue, allocation criteria (versions, and a new version editor for
// service managers and administrators), providers and the delegation of decision power.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { CRITERIA_FACTS, CRITERIA_OPS, describeCondition, FACT_LABELS, type CriteriaFact, type CriteriaOp, type CriteriaRule } from '../../../shared/domain/criteria';
import { addDays } from '../../../shared/domain/dates';
import { CRITERIA_ADMIN_ROLES, ROLE_NAMES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { errorText, fi, Field, invalidateCatalogue, useCatalogue } from '../guidance/common';
import { DeadlineSettings } from './DeadlineSettings';
import { DateInput } from '../ui/DateInput';

type CriteriaSets = OutputOf<'criteria.list'>;

export function GuidanceSettings() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot, notify } = useApp();
  const [catalogueVersion, setCatalogueVersion] = useState(0);
  const catalogue = useCatalogue(catalogueVersion);
  const [sets, setSets] = useState<CriteriaSets>([]);
  const [delegation, setDelegation] = useState<OutputOf<'catalogue.delegation'>>([]);
  const [editing, setEditing] = useState<{ serviceCode: string; validFrom: string; source: string; rules: CriteriaRule[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canEdit = CRITERIA_ADMIN_ROLES.includes(user.role);

  const load = useCallback(() => {
    client.invoke('criteria.list', {}).then(setSets, () => setSets([]));
    client.invoke('catalogue.delegation', {}).then(setDelegation, () => setDelegation([]));
  }, []);
  useEffect(load, [load]);
  const svc = (code: string | null) => {
    if (code === null) return t('crit.anyService');
    const s = catalogue?.services.find((x) => x.code === code);
    return s ? (lang === 'sv' ? s.nameSv : s.nameFi) : code;
  };

  const save = async () => {
    if (!editing) return;
    setError(null);
    try {
      await client.invoke('criteria.save', editing);
      notify(t('crit.saved'));
      setEditing(null);
      load();
    } catch (e) {
      setError(errorText(e, t('errors.generic')));
    }
  };
  const setRule = (i: number, r: CriteriaRule) => editing && setEditing({ ...editing, rules: editing.rules.map((x, j) => (j === i ? r : x)) });

  return (
    <>
      <DeadlineSettings />
      <h2>{t('crit.catalogue')}</h2>
      <table className="list">
        <thead>
          <tr>
            <th>{t('crit.service')}</th>
            <th>{t('crit.unit')}</th>
            <th>{t('d.legalBasis')}</th>
          </tr>
        </thead>
        <tbody>
          {catalogue?.services.map((s) => (
            <tr key={s.code}>
              <td>{lang === 'sv' ? s.nameSv : s.nameFi}</td>
              <td>{t(`g.units.${s.unit}`)}</td>
              <td>{s.legalBasis}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('crit.title')}</h2>
      {sets.map((s) => (
        <div key={s.id} className="card-box small criteria-set">
          <strong>{svc(s.serviceCode)}</strong> · {t('g.validFrom')} {fi(s.validFrom)}
          {s.validTo && ` · ${t('crit.validTo')} ${fi(s.validTo)}`}
          {s.example && <span className="badge example">{t('g.example')}</span>}
          <ul>
            {s.rules.map((r) => (
              <li key={r.id}>
                {lang === 'sv' && r.labelSv ? r.labelSv : r.labelFi}: <span className="muted">{r.any.map((c) => describeCondition(c, lang)).join(` ${t('crit.addCondition').replace('…', '')} `)}</span>
              </li>
            ))}
          </ul>
          <div className="muted">
            {t('g.source')}: {s.source}
          </div>
          {canEdit && !s.validTo && (
            <button onClick={() => setEditing({ serviceCode: s.serviceCode, validFrom: addDays(boot.today, 1), source: '', rules: structuredClone(s.rules) })}>
              {t('crit.newVersion')}
            </button>
          )}
          {editing && editing.serviceCode === s.serviceCode && !s.validTo && (
            <div className="form">
              <div className="form-row">
                <Field label={t('g.validFrom')}>
                  <DateInput value={editing.validFrom} onChange={(v) => setEditing({ ...editing, validFrom: v })} />
                </Field>
                <Field label={t('g.source')} wide>
                  <input value={editing.source} onChange={(e) => setEditing({ ...editing, source: e.target.value })} />
                </Field>
              </div>
              {editing.rules.map((r, i) => (
                <div key={i} className="rule-edit">
                  <input aria-label={t('crit.rules')} value={r.labelFi} onChange={(e) => setRule(i, { ...r, labelFi: e.target.value })} size={40} />
                  {r.any.map((c, k) => (
                    <span key={k} className="cond">
                      <select value={c.fact} onChange={(e) => setRule(i, { ...r, any: r.any.map((x, m) => (m === k ? { ...x, fact: e.target.value as CriteriaFact } : x)) })}>
                        {CRITERIA_FACTS.map((f) => (
                          <option key={f} value={f}>
                            {FACT_LABELS[f][lang]}
                          </option>
                        ))}
                      </select>
                      <select value={c.op} onChange={(e) => setRule(i, { ...r, any: r.any.map((x, m) => (m === k ? { ...x, op: e.target.value as CriteriaOp } : x)) })}>
                        {CRITERIA_OPS.map((o) => (
                          <option key={o} value={o}>
                            {o === 'between' ? '–' : o}
                          </option>
                        ))}
                      </select>
                      <input size={3} aria-label={t('crit.value')} value={c.value} onChange={(e) => setRule(i, { ...r, any: r.any.map((x, m) => (m === k ? { ...x, value: Number(e.target.value) } : x)) })} />
                      {c.op === 'between' && (
                        <input size={3} aria-label={t('crit.value2')} value={c.value2 ?? ''} onChange={(e) => setRule(i, { ...r, any: r.any.map((x, m) => (m === k ? { ...x, value2: Number(e.target.value) } : x)) })} />
                      )}
                    </span>
                  ))}
                  <button type="button" className="link" onClick={() => setRule(i, { ...r, any: [...r.any, { fact: 'maple5', op: '>=', value: 1 }] })}>
                    {t('crit.addCondition')}
                  </button>
                  <button type="button" className="link" onClick={() => setEditing({ ...editing, rules: editing.rules.filter((_, j) => j !== i) })}>
                    {t('g.removeLine')}
                  </button>
                </div>
              ))}
              <button
                type="button"
                onClick={() => setEditing({ ...editing, rules: [...editing.rules, { id: `r${editing.rules.length + 1}`, labelFi: '', labelSv: '', any: [{ fact: 'maple5', op: '>=', value: 1 }] }] })}
              >
                {t('crit.addRule')}
              </button>
              {error && (
                <div className="error" role="alert">
                  {error}
                </div>
              )}
              <button className="primary" onClick={() => void save()}>
                {t('crit.save')}
              </button>
            </div>
          )}
        </div>
      ))}

      <h2>{t('crit.providers')}</h2>
      {canEdit && catalogue && <ProviderForm services={catalogue.services} onSaved={() => {
            invalidateCatalogue();
            setCatalogueVersion((v) => v + 1);
          }} />}
      <table className="list">
        <thead>
          <tr>
            <th>{t('g.provider')}</th>
            <th>{t('g.providerKind')}</th>
            <th>{t('crit.businessId')}</th>
            <th>{t('d.services')}</th>
          </tr>
        </thead>
        <tbody>
          {catalogue?.providers.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{t(`g.providerKinds.${p.kind}`)}</td>
              <td className="mono">{p.businessId ?? '–'}</td>
              <td>{p.serviceCodes.map(svc).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('crit.delegation')}</h2>
      <table className="list">
        <thead>
          <tr>
            <th>{t('crit.role')}</th>
            <th>{t('crit.service')}</th>
            <th>{t('g.outcome')}</th>
            <th>{t('crit.maxAmount')}</th>
            <th>{t('g.source')}</th>
          </tr>
        </thead>
        <tbody>
          {delegation.map((d) => (
            <tr key={d.id}>
              <td>{ROLE_NAMES[d.role as keyof typeof ROLE_NAMES]?.[lang] ?? d.role}</td>
              <td>{svc(d.serviceCode)}</td>
              <td>{d.outcomes.map((o) => t(`g.outcomes.${o}`)).join(', ')}</td>
              <td>{d.maxAmount ?? t('crit.noLimit')}</td>
              <td className="muted">{d.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ProviderForm({ services, onSaved }: { services: OutputOf<'catalogue.services'>; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { notify } = useApp();
  const [f, setF] = useState({ name: '', kind: 'purchased' as 'own' | 'purchased' | 'voucher', businessId: '', serviceCodes: [] as string[] });
  const [error, setError] = useState<string | null>(null);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await client.invoke('catalogue.saveProvider', { id: null, name: f.name, kind: f.kind, businessId: f.businessId.trim() || null, areaId: null, serviceCodes: f.serviceCodes, active: true });
      notify(t('crit.providerSaved'));
      onSaved();
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    }
  };
  return (
    <form className="form card-box small" onSubmit={save} aria-label={t('crit.addProvider')}>
      <div className="form-row">
        <Field label={t('g.provider')}>
          <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} size={36} />
        </Field>
        <Field label={t('g.providerKind')}>
          <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as typeof f.kind })}>
            {(['own', 'purchased', 'voucher'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`g.providerKinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('crit.businessId')}>
          <input value={f.businessId} onChange={(e) => setF({ ...f, businessId: e.target.value })} size={10} />
        </Field>
      </div>
      <fieldset className="checks">
        <legend>{t('d.services')}</legend>
        {services.map((s) => (
          <label key={s.code} className="checkbox">
            <input
              type="checkbox"
              checked={f.serviceCodes.includes(s.code)}
              onChange={(e) => setF({ ...f, serviceCodes: e.target.checked ? [...f.serviceCodes, s.code] : f.serviceCodes.filter((c) => c !== s.code) })}
            />{' '}
            {lang === 'sv' ? s.nameSv : s.nameFi}
          </label>
        ))}
      </fieldset>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button className="primary">{t('crit.addProvider')}</button>
    </form>
  );
}
