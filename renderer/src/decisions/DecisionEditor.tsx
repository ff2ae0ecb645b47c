// Drafting a service decision: outcome, services with amount, dates and provider, reasoning from the library
// (filtered by outcome and service) and free text. Used for new drafts and for editing a draft. Each field is
// checked as the user types against the draft's own schema; what the decision still needs before it can be
// signed (a provider, a voucher value, reasoning) shows at its field as a note, and each service line wraps
// onto as many rows as the window needs instead of running off the screen.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionDto } from '../../../shared/contract/guidance-schemas';
import { DECISION_OUTCOMES, PROVIDER_KINDS, type DecisionOutcome, type ProviderKind } from '../../../shared/domain/decisions';
import { SERVICES_APPLIED, type ServiceApplied } from '../../../shared/domain/intake';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { errorText, Field, type Catalogue } from '../guidance/common';
import { decisionContentErrors } from '../../../shared/domain/decisions';
import { DateInput } from '../ui/DateInput';
import { useFormCheck } from '../ui/useFormCheck';
import { FormProblems } from '../ui/FormProblems';
import { word } from '../i18n/messages';

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

  const setLine = (i: number, patch: Partial<LineState>) => {
    for (const k of Object.keys(patch)) check.touch(`lines.${i}.${k === 'voucherEuros' ? 'voucherValueCents' : k}`);
    setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  };

  const num = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
  const input = useMemo(() => ({
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
    }),
    // num is a pure helper.
    [context, existing, outcome, applied, lines, reasoningIds, texts, free],
  );
  const check = useFormCheck(existing ? 'decisions.updateDraft' : 'decisions.createDraft', existing ? { ...input, decisionId: existing.id, version: existing.version } : input);
  // What signing will need, shown at the fields as notes while drafting (a draft may be saved without them).
  const needs = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of decisionContentErrors(
      outcome,
      input.lines.map((l) => ({ ...l, amount: l.amount !== null && Number.isFinite(l.amount) ? l.amount : null })),
      input.reasoningIds.length,
      free,
    ))
      if (!m.has(p.path)) m.set(p.path, word({ key: p.key, params: p.params ?? {} }));
    return m;
  }, [outcome, input, free]);
  const fieldError = (path: string) => check.error(path);
  const note = (path: string) => (fieldError(path) ? undefined : needs.get(path));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!check.submit()) return;
    try {
      const d = existing
        ? await client.invoke('decisions.updateDraft', { ...input, decisionId: existing.id, version: existing.version })
        : await client.invoke('decisions.createDraft', input);
      notify(t('g.draftSaved'));
      onSaved(d);
    } catch (err) {
      check.refused(err);
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
      {needs.get('lines') && <p className="field-hint">{needs.get('lines')}</p>}
      {lines.map((l, i) => (
        <fieldset key={i} className="decision-line">
          <legend>
            {t('g.lineN', { n: i + 1 })}: {svcName(l.serviceCode)}
          </legend>
          <Field label={t('g.serviceCol')} error={fieldError(`lines.${i}.serviceCode`)}>
            <select value={l.serviceCode} onChange={(e) => setLine(i, { serviceCode: e.target.value, providerId: '' })}>
              {catalogue.services.map((s) => (
                <option key={s.code} value={s.code}>
                  {lang === 'sv' ? s.nameSv : s.nameFi}
                </option>
              ))}
            </select>
          </Field>
          {unitOf(l.serviceCode) === 'continuous' ? (
            <Field label={t('g.amount')}>
              <span className="static">{t('g.units.continuous')}</span>
            </Field>
          ) : (
            <Field label={`${t('g.amount')} (${t(`g.units.${unitOf(l.serviceCode)}`)})`} error={fieldError(`lines.${i}.amount`)} hint={note(`lines.${i}.amount`)}>
              <input size={5} inputMode="decimal" value={l.amount} onChange={(e) => setLine(i, { amount: e.target.value })} />
            </Field>
          )}
          <Field label={t('g.start')} error={fieldError(`lines.${i}.startDate`)}>
            <DateInput value={l.startDate} onChange={(v) => setLine(i, { startDate: v })} />
          </Field>
          <Field label={t('g.end')} error={fieldError(`lines.${i}.endDate`) ?? (needs.get(`lines.${i}.endDate`) && l.endDate !== '' ? needs.get(`lines.${i}.endDate`) : undefined)} hint={l.endDate === '' ? note(`lines.${i}.endDate`) : undefined}>
            <DateInput value={l.endDate} min={l.startDate} onChange={(v) => setLine(i, { endDate: v })} />
          </Field>
          <Field label={t('g.providerKind')} error={fieldError(`lines.${i}.providerKind`)} hint={note(`lines.${i}.providerKind`)}>
            <select value={l.providerKind} onChange={(e) => setLine(i, { providerKind: e.target.value as ProviderKind | '', providerId: '' })}>
              <option value="">–</option>
              {PROVIDER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`g.providerKinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('g.provider')} error={fieldError(`lines.${i}.providerId`)}>
            <select value={l.providerId} onChange={(e) => setLine(i, { providerId: e.target.value })}>
              <option value="">–</option>
              {catalogue.providers
                .filter((p) => p.active && p.kind === l.providerKind && p.serviceCodes.includes(l.serviceCode))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </Field>
          {l.providerKind === 'voucher' && (
            <Field label={t('g.voucherValue')} error={fieldError(`lines.${i}.voucherValueCents`)} hint={note(`lines.${i}.voucherValueCents`)}>
              <input size={8} inputMode="decimal" value={l.voucherEuros} onChange={(e) => setLine(i, { voucherEuros: e.target.value })} />
            </Field>
          )}
          <button type="button" className="link danger remove-line" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
            {t('g.removeLine')}
          </button>
        </fieldset>
      ))}
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
      <Field label={t('g.reasoningFree')} wide error={fieldError('reasoningFree')} hint={note('reasoningFree')}>
        <textarea
          rows={3}
          value={free}
          onChange={(e) => {
            check.touch('reasoningFree');
            setFree(e.target.value);
          }}
        />
      </Field>
      <FormProblems check={check} error={error} />
      <button className="primary">{t('g.saveDraft')}</button>
    </form>
  );
}
