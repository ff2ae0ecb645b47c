// Drafting a service decision: outcome, services with amount, dates and provider, reasoning from the library
// (filtered by outcome and service) and free text. Used for new drafts and for editing a draft.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionDto } from '../../../shared/contract/guidance-schemas';
import { DECISION_OUTCOMES, PROVIDER_KINDS, type DecisionOutcome, type ProviderKind } from '../../../shared/domain/decisions';
import { SERVICES_APPLIED, type ServiceApplied } from '../../../shared/domain/intake';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { errorText, Field, type Catalogue } from '../guidance/common';

interface LineState {
  serviceCode: string;
  amount: string;
  startDate: string;
  endDate: string;
  providerKind: ProviderKind | '';
  providerId: string;
  voucherEuros: string;
}

export interface DraftContext {
  clientId: string;
  intakeItemId: string | null;
  assessmentId: string | null;
  appliedService: ServiceApplied | null;
  appliedOn: string | null;
}

export function DecisionEditor({
  context,
  existing,
  catalogue,
  onSaved,
}: {
  context: DraftContext;
  existing: DecisionDto | null;
  catalogue: Catalogue;
  onSaved: (d: DecisionDto) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { boot, notify } = useApp();
  const [outcome, setOutcome] = useState<DecisionOutcome>(existing?.outcome ?? 'grant');
  const [applied, setApplied] = useState<ServiceApplied | ''>((existing?.appliedService as ServiceApplied) ?? context.appliedService ?? '');
  const [lines, setLines] = useState<LineState[]>(
    existing?.lines.map((l) => ({
      serviceCode: l.serviceCode,
      amount: l.amount === null ? '' : String(l.amount),
      startDate: l.startDate,
      endDate: l.endDate ?? '',
      providerKind: l.providerKind ?? '',
      providerId: l.providerId ?? '',
      voucherEuros: l.voucherValueCents === null ? '' : String(l.voucherValueCents / 100),
    })) ?? (context.appliedService ? [{ serviceCode: context.appliedService, amount: '', startDate: boot.today, endDate: '', providerKind: 'own', providerId: '', voucherEuros: '' }] : []),
  );
  const [reasoningIds, setReasoningIds] = useState<string[]>(existing?.reasoningIds ?? []);
  const [free, setFree] = useState(existing?.reasoningFree ?? '');
  const [error, setError] = useState<string | null>(null);
  const svcName = (code: string) => {
    const s = catalogue.services.find((x) => x.code === code);
    return s ? (lang === 'sv' ? s.nameSv : s.nameFi) : code;
  };
  const unitOf = (code: string) => catalogue.services.find((x) => x.code === code)?.unit ?? 'continuous';
  const texts = useMemo(() => {
    const codes = new Set([...lines.map((l) => l.serviceCode), applied]);
    return catalogue.reasoning.filter((r) => r.outcomes.includes(outcome) && (r.serviceCode === null || codes.has(r.serviceCode)));
  }, [catalogue.reasoning, outcome, lines, applied]);

  const setLine = (i: number, patch: Partial<LineState>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const num = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));
    const input = {
      clientId: context.clientId,
      intakeItemId: existing?.intakeItemId ?? context.intakeItemId,
      assessmentId: existing?.assessmentId ?? context.assessmentId,
      outcome,
      appliedService: applied === '' ? null : applied,
      appliedOn: existing?.appliedOn ?? context.appliedOn,
      lines: lines.map((l) => {
        const euros = num(l.voucherEuros);
        return {
          serviceCode: l.serviceCode,
          amount: num(l.amount),
          startDate: l.startDate,
          endDate: l.endDate === '' ? null : l.endDate,
          providerKind: l.providerKind === '' ? null : l.providerKind,
          providerId: l.providerId === '' ? null : l.providerId,
          voucherValueCents: euros === null ? null : Math.round(euros * 100),
        };
      }),
      reasoningIds: reasoningIds.filter((id) => texts.some((x) => x.id === id)),
      reasoningFree: free,
      decisionMakerId: null,
    };
    try {
      const d = existing
        ? await client.invoke('decisions.updateDraft', { ...input, decisionId: existing.id, version: existing.version })
        : await client.invoke('decisions.createDraft', input);
      notify(t('g.draftSaved'));
      onSaved(d);
    } catch (err) {
      setError(errorText(err, t('errors.generic')));
    }
  };

  return (
    <form className="form decision-editor" onSubmit={save} aria-label={t('g.decisionTitle')}>
      <div className="form-row">
        <Field label={t('g.outcome')}>
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as DecisionOutcome)}>
            {DECISION_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`g.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('g.appliedService')}>
          <select value={applied} onChange={(e) => setApplied(e.target.value as ServiceApplied | '')}>
            <option value="">–</option>
            {SERVICES_APPLIED.map((s) => (
              <option key={s} value={s}>
                {svcName(s)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <h3>{t('g.lines')}</h3>
      <table className="list lines">
        <thead>
          <tr>
            <th>{t('g.serviceCol')}</th>
            <th>{t('g.amount')}</th>
            <th>{t('g.start')}</th>
            <th>{t('g.end')}</th>
            <th>{t('g.providerKind')}</th>
            <th>{t('g.provider')}</th>
            <th>{t('g.voucherValue')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td>
                <select aria-label={t('g.serviceCol')} value={l.serviceCode} onChange={(e) => setLine(i, { serviceCode: e.target.value, providerId: '' })}>
                  {catalogue.services.map((s) => (
                    <option key={s.code} value={s.code}>
                      {lang === 'sv' ? s.nameSv : s.nameFi}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {unitOf(l.serviceCode) === 'continuous' ? (
                  <span className="muted">{t('g.units.continuous')}</span>
                ) : (
                  <>
                    <input aria-label={t('g.amount')} size={4} value={l.amount} onChange={(e) => setLine(i, { amount: e.target.value })} /> {t(`g.units.${unitOf(l.serviceCode)}`)}
                  </>
                )}
              </td>
              <td>
                <input aria-label={t('g.start')} type="date" value={l.startDate} onChange={(e) => setLine(i, { startDate: e.target.value })} />
              </td>
              <td>
                <input aria-label={t('g.end')} type="date" value={l.endDate} onChange={(e) => setLine(i, { endDate: e.target.value })} />
              </td>
              <td>
                <select aria-label={t('g.providerKind')} value={l.providerKind} onChange={(e) => setLine(i, { providerKind: e.target.value as ProviderKind | '', providerId: '' })}>
                  <option value="">–</option>
                  {PROVIDER_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`g.providerKinds.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={t('g.provider')} value={l.providerId} onChange={(e) => setLine(i, { providerId: e.target.value })}>
                  <option value="">–</option>
                  {catalogue.providers
                    .filter((p) => p.active && p.kind === l.providerKind && p.serviceCodes.includes(l.serviceCode))
                    .map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                </select>
              </td>
              <td>{l.providerKind === 'voucher' && <input aria-label={t('g.voucherValue')} size={6} value={l.voucherEuros} onChange={(e) => setLine(i, { voucherEuros: e.target.value })} />}</td>
              <td>
                <button type="button" className="link" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                  {t('g.removeLine')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          setLines([...lines, { serviceCode: applied || 'home_care', amount: '', startDate: boot.today, endDate: '', providerKind: 'own', providerId: '', voucherEuros: '' }])
        }
      >
        {t('g.addLine')}
      </button>
      <fieldset className="checks">
        <legend>{t('g.reasoning')}</legend>
        {texts.map((r) => (
          <label key={r.id} className="checkbox block" title={lang === 'sv' ? r.textSv : r.textFi}>
            <input
              type="checkbox"
              checked={reasoningIds.includes(r.id)}
              onChange={(e) => setReasoningIds(e.target.checked ? [...reasoningIds, r.id] : reasoningIds.filter((x) => x !== r.id))}
            />{' '}
            <strong>{r.title}</strong> <span className="muted">{lang === 'sv' ? r.textSv : r.textFi}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('g.reasoningFree')} wide>
        <textarea rows={3} value={free} onChange={(e) => setFree(e.target.value)} />
      </Field>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <button className="primary">{t('g.saveDraft')}</button>
    </form>
  );
}
