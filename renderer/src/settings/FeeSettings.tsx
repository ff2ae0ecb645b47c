// Asetukset › Asiakasmaksut: the biller's details used on invoices and in Finvoice, and the dated fee
// parameter sets (income limits, percentage table, long-term percentages, prices). Billing staff see them;
// only the administrator changes them. The core validates every set (zod schema, no overlaps) and closes the
// previous set when a new one starts; fees are then recalculated from the Laskutus view.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { FIGURE_KEYS, type FeeParameters, type FigureKey } from '../../../shared/domain/fees/parameters';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { DateInput } from '../ui/DateInput';
import { errorText, Field, fi } from '../guidance/common';

type Settings = NonNullable<OutputOf<'billing.settings'>>;
type ParameterSet = OutputOf<'fees.parameters'>[number];

/**
 * A euro amount input that keeps integer cents in the model. The id and aria attributes a Field gives its control
 * (aria-describedby names a warning such as an unconfirmed figure) are passed on to the input.
 */
function Euros({
  cents,
  onChange,
  disabled,
  label,
  ...aria
}: {
  cents: number | null;
  onChange: (c: number | null) => void;
  disabled: boolean;
  label: string;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  return (
    <input
      {...aria}
      type="number"
      step="0.01"
      min={0}
      aria-label={label}
      disabled={disabled}
      value={cents === null ? '' : cents / 100}
      onChange={(e) => onChange(e.target.value === '' ? null : Math.round(Number(e.target.value) * 100))}
    />
  );
}

export function FeeSettings() {
  const { t } = useTranslation();
  const { user, notify, confirm } = useApp();
  const canEdit = user.role === 'admin';
  const [settings, setSettings] = useState<Settings | null>(null);
  const [sets, setSets] = useState<ParameterSet[] | null>(null);
  const [draft, setDraft] = useState<{ id: string | null; version: number | null; p: FeeParameters } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => setError(errorText(e, t('errors.generic'))), [t]);

  const reload = useCallback(() => {
    client.invoke('billing.settings', {}).then(setSettings, fail);
    client.invoke('fees.parameters', {}).then(setSets, fail);
  }, [fail]);
  useEffect(reload, [reload]);
  if (!sets) return error ? <p className="error">{error}</p> : null;

  const saveSettings = async () => {
    if (!settings) return;
    setError(null);
    try {
      setSettings(await client.invoke('billing.saveSettings', settings));
      notify(t('fs.saved'));
    } catch (e) {
      fail(e);
    }
  };
  const saveSet = async () => {
    if (!draft) return;
    if ((await confirm({ title: t('fs.confirmSaveTitle'), body: <p>{t('fs.confirmSave')}</p>, confirmLabel: t('fs.saveSet') })) === null) return;
    setError(null);
    try {
      await client.invoke('fees.saveParameters', { id: draft.id, version: draft.version, parameters: draft.p });
      setDraft(null);
      reload();
      notify(t('fs.setSaved'));
    } catch (e) {
      fail(e);
    }
  };
  const latest = [...sets].sort((a, b) => b.parameters.validFrom.localeCompare(a.parameters.validFrom))[0];
  const set = (f: (p: FeeParameters) => FeeParameters) => draft && setDraft({ ...draft, p: f(draft.p) });
  const s = (k: keyof Settings, v: string | number) => settings && setSettings({ ...settings, [k]: v });
  const ro = !canEdit;
  /** Beside a statutory figure's field: says when the figure in the set is not confirmed from its official source. */
  const unconfirmed = (k: FigureKey): string | null => (draft && !draft.p.figures[k].confirmed ? t('fs.unconfirmedField') : null);

  return (
    <div className="settings fee-settings" data-testid="fee-settings">
      <h2>{t('fs.title')}</h2>
      {ro && <p className="muted">{t('fs.readOnly')}</p>}
      {settings && (
        <>
          <h3>{t('fs.billing')}</h3>
          <div className="form-row">
            <Field label={t('fs.businessId')}>
              <input disabled={ro} value={settings.businessId} onChange={(e) => s('businessId', e.target.value)} />
            </Field>
            <Field label={t('fs.iban')}>
              <input disabled={ro} value={settings.iban} onChange={(e) => s('iban', e.target.value)} />
            </Field>
            <Field label={t('fs.bic')}>
              <input disabled={ro} value={settings.bic} onChange={(e) => s('bic', e.target.value)} />
            </Field>
            <Field label={t('fs.dueDays')}>
              <input type="number" disabled={ro} value={settings.dueDays} onChange={(e) => s('dueDays', Number(e.target.value))} />
            </Field>
            <Field label={t('fs.phone')}>
              <input disabled={ro} value={settings.contactPhone} onChange={(e) => s('contactPhone', e.target.value)} />
            </Field>
            <Field label={t('fs.email')}>
              <input disabled={ro} value={settings.contactEmail} onChange={(e) => s('contactEmail', e.target.value)} />
            </Field>
            <Field label={t('fs.finvoiceAddress')}>
              <input disabled={ro} value={settings.finvoiceAddress} onChange={(e) => s('finvoiceAddress', e.target.value)} />
            </Field>
            <Field label={t('fs.intermediator')}>
              <input disabled={ro} value={settings.finvoiceIntermediator} onChange={(e) => s('finvoiceIntermediator', e.target.value)} />
            </Field>
            <Field label={t('fs.firstNumber')}>
              <input type="number" disabled={ro} value={settings.firstInvoiceNumber} onChange={(e) => s('firstInvoiceNumber', Number(e.target.value))} />
            </Field>
          </div>
          {canEdit && <button onClick={() => void saveSettings()}>{t('fs.saveSettings')}</button>}
        </>
      )}

      <h3>{t('fs.sets')}</h3>
      <table className="list" aria-label={t('fs.sets')}>
        <thead>
          <tr>
            <th>{t('fs.validity')}</th>
            <th>{t('fs.source')}</th>
            <th>
                  <span className="visually-hidden">{t('g.actions')}</span>
                </th>
          </tr>
        </thead>
        <tbody>
          {sets.map((x) => (
            <tr key={x.id}>
              <td>
                {fi(x.parameters.validFrom)} – {x.parameters.validTo ? fi(x.parameters.validTo) : ''}
              </td>
              <td className="small">
                {x.parameters.source}
                {FIGURE_KEYS.some((k) => !x.parameters.figures[k].confirmed) && (
                  <span className="warn"> · {t('fs.unconfirmedCount', { n: FIGURE_KEYS.filter((k) => !x.parameters.figures[k].confirmed).length })}</span>
                )}
              </td>
              <td>
                <button className="link" onClick={() => setDraft({ id: x.id, version: x.version, p: x.parameters })}>
                  {t('fs.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && latest && !draft && (
        <button onClick={() => setDraft({ id: null, version: null, p: { ...structuredClone(latest.parameters), validFrom: '', validTo: null } })}>{t('fs.newSet')}</button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <div className="parameter-editor" data-testid="parameter-editor">
          <h3>{t('fs.setTitle')}</h3>
          <div className="form-row">
            <Field label={t('fee.from')}>
              <DateInput disabled={ro} value={draft.p.validFrom} onChange={(v) => set((p) => ({ ...p, validFrom: v }))} />
            </Field>
            <Field label={t('fee.to')}>
              <DateInput disabled={ro} value={draft.p.validTo ?? ''} onChange={(v) => set((p) => ({ ...p, validTo: v || null }))} />
            </Field>
            <Field label={t('fs.source')} wide>
              <input disabled={ro} value={draft.p.source} onChange={(e) => set((p) => ({ ...p, source: e.target.value }))} />
            </Field>
          </div>
          <h4>{t('fs.homeCare')}</h4>
          <div className="form-row">
            {draft.p.homeCare.incomeLimitsCents.map((c, i) => (
              <Field key={i} label={`${t('fs.incomeLimits')} ${i + 1}`} warning={unconfirmed('incomeLimits')}>
                <Euros
                  label={`${t('fs.incomeLimits')} ${i + 1}`}
                  disabled={ro}
                  cents={c}
                  onChange={(v) => set((p) => ({ ...p, homeCare: { ...p.homeCare, incomeLimitsCents: p.homeCare.incomeLimitsCents.map((x, j) => (j === i ? (v ?? 0) : x)) } }))}
                />
              </Field>
            ))}
            <Field label={t('fs.extraPerson')} warning={unconfirmed('extraPerson')}>
              <Euros label={t('fs.extraPerson')} disabled={ro} cents={draft.p.homeCare.extraPersonCents} onChange={(v) => set((p) => ({ ...p, homeCare: { ...p.homeCare, extraPersonCents: v ?? 0 } }))} />
            </Field>
            <Field label={t('fs.hourlyCost')}>
              <Euros label={t('fs.hourlyCost')} disabled={ro} cents={draft.p.homeCare.hourlyCostCents} onChange={(v) => set((p) => ({ ...p, homeCare: { ...p.homeCare, hourlyCostCents: v } }))} />
            </Field>
          </div>
          <table className="list percent-table" aria-label={t('fs.percentTable')}>
            <caption>{t('fs.percentTable')}</caption>
            <thead>
              <tr>
                <th>{t('fs.hours')}</th>
                {[1, 2, 3, 4, 5, 6].map((n) => (
                  <th key={n}>{n === 6 ? '6+' : n}</th>
                ))}
                <th>
                  <span className="visually-hidden">{t('g.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.p.homeCare.percentRows.map((row, r) => (
                <tr key={r}>
                  {row.map((v, c) => (
                    <td key={c}>
                      <input
                        type="number"
                        step={c === 0 ? 1 : 0.1}
                        disabled={ro}
                        value={v}
                        aria-label={`${t('fs.percentTable')} ${r + 1}.${c}`}
                        onChange={(e) =>
                          set((p) => ({
                            ...p,
                            homeCare: {
                              ...p.homeCare,
                              percentRows: p.homeCare.percentRows.map((x, i) => (i === r ? (x.map((y, j) => (j === c ? Number(e.target.value) : y)) as typeof x) : x)),
                            },
                          }))
                        }
                      />
                    </td>
                  ))}
                  <td>
                    {!ro && (
                      <button className="link" onClick={() => set((p) => ({ ...p, homeCare: { ...p.homeCare, percentRows: p.homeCare.percentRows.filter((_, i) => i !== r) } }))}>
                        {t('fs.removeRow')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!ro && (
            <button
              onClick={() =>
                set((p) => {
                  const last = p.homeCare.percentRows[p.homeCare.percentRows.length - 1];
                  return { ...p, homeCare: { ...p.homeCare, percentRows: last ? [...p.homeCare.percentRows, [last[0] + 1, ...last.slice(1)] as typeof last] : p.homeCare.percentRows } };
                })
              }
            >
              {t('fs.addRow')}
            </button>
          )}
          <h4>{t('fs.longTerm')}</h4>
          <div className="form-row">
            <Field label={t('fs.ltPercent')}>
              <input type="number" step={0.1} disabled={ro} value={draft.p.longTerm.percent} onChange={(e) => set((p) => ({ ...p, longTerm: { ...p.longTerm, percent: Number(e.target.value) } }))} />
            </Field>
            <Field label={t('fs.ltSpousePercent')}>
              <input
                type="number"
                step={0.1}
                disabled={ro}
                value={draft.p.longTerm.spousePercent}
                onChange={(e) => set((p) => ({ ...p, longTerm: { ...p.longTerm, spousePercent: Number(e.target.value) } }))}
              />
            </Field>
            <Field label={t('fs.allowance')} warning={unconfirmed('personalAllowance')}>
              <Euros label={t('fs.allowance')} disabled={ro} cents={draft.p.longTerm.personalAllowanceCents} onChange={(v) => set((p) => ({ ...p, longTerm: { ...p.longTerm, personalAllowanceCents: v ?? 0 } }))} />
            </Field>
            <Field label={t('fs.institutionalAllowance')} warning={unconfirmed('institutionalPersonalAllowance')}>
              <Euros
                label={t('fs.institutionalAllowance')}
                disabled={ro}
                cents={draft.p.longTerm.institutionalPersonalAllowanceCents}
                onChange={(v) => set((p) => ({ ...p, longTerm: { ...p.longTerm, institutionalPersonalAllowanceCents: v ?? 0 } }))}
              />
            </Field>
            <Field label={t('fs.medicineCeiling')} warning={unconfirmed('medicineCeiling')}>
              <Euros label={t('fs.medicineCeiling')} disabled={ro} cents={draft.p.longTerm.medicineCeilingYearCents} onChange={(v) => set((p) => ({ ...p, longTerm: { ...p.longTerm, medicineCeilingYearCents: v ?? 0 } }))} />
            </Field>
            <Field label={t('fs.guardianBasicFee')} warning={unconfirmed('guardianBasicFee')}>
              <Euros label={t('fs.guardianBasicFee')} disabled={ro} cents={draft.p.longTerm.guardianBasicFeeYearCents} onChange={(v) => set((p) => ({ ...p, longTerm: { ...p.longTerm, guardianBasicFeeYearCents: v ?? 0 } }))} />
            </Field>
          </div>
          <h4>{t('fs.shortTermTitle')}</h4>
          <div className="form-row">
            <Field label={t('fs.shortTerm')}>
              <Euros
                label={t('fs.shortTerm')}
                disabled={ro}
                cents={draft.p.shortTerm.institutional.countyDailyCents}
                onChange={(v) => set((p) => ({ ...p, shortTerm: { ...p.shortTerm, institutional: { ...p.shortTerm.institutional, countyDailyCents: v ?? 0 } } }))}
              />
            </Field>
            <Field label={t('fs.shortTermMax')} warning={unconfirmed('shortTermInstitutionalMax')}>
              <Euros
                label={t('fs.shortTermMax')}
                disabled={ro}
                cents={draft.p.shortTerm.institutional.statutoryMaxDailyCents}
                onChange={(v) => set((p) => ({ ...p, shortTerm: { ...p.shortTerm, institutional: { ...p.shortTerm.institutional, statutoryMaxDailyCents: v ?? 0 } } }))}
              />
            </Field>
            <Field label={t('fs.shortTermHousing')}>
              <Euros
                label={t('fs.shortTermHousing')}
                disabled={ro}
                cents={draft.p.shortTerm.housing.countyDailyCents}
                onChange={(v) => set((p) => ({ ...p, shortTerm: { ...p.shortTerm, housing: { countyDailyCents: v ?? 0 } } }))}
              />
            </Field>
            <Field label={t('fs.respite')}>
              <Euros label={t('fs.respite')} disabled={ro} cents={draft.p.respite.dailyCents} onChange={(v) => set((p) => ({ ...p, respite: { ...p.respite, dailyCents: v ?? 0 } }))} />
            </Field>
            <Field label={t('fs.respiteMax')} warning={unconfirmed('respiteMax')}>
              <Euros label={t('fs.respiteMax')} disabled={ro} cents={draft.p.respite.statutoryMaxDailyCents} onChange={(v) => set((p) => ({ ...p, respite: { ...p.respite, statutoryMaxDailyCents: v ?? 0 } }))} />
            </Field>
            <Field label={t('fs.ceiling')} warning={unconfirmed('ceiling')}>
              <Euros label={t('fs.ceiling')} disabled={ro} cents={draft.p.ceiling.annualCents} onChange={(v) => set((p) => ({ ...p, ceiling: { ...p.ceiling, annualCents: v ?? 0 } }))} />
            </Field>
            <Field label={t('fs.maintenance')} warning={unconfirmed('maintenanceAfterCeiling')}>
              <Euros
                label={t('fs.maintenance')}
                disabled={ro}
                cents={draft.p.ceiling.maintenanceDailyCents}
                onChange={(v) => set((p) => ({ ...p, ceiling: { ...p.ceiling, maintenanceDailyCents: v ?? 0 } }))}
              />
            </Field>
          </div>
          <h4>{t('fs.support')}</h4>
          <table className="list" aria-label={t('fs.support')}>
            <thead>
              <tr>
                <th>{t('fs.service')}</th>
                <th>{t('fs.unit')}</th>
                <th>{t('fs.price')}</th>
                <th>{t('fs.cost')}</th>
              </tr>
            </thead>
            <tbody>
              {draft.p.supportPrices.map((x, i) => {
                const put = (patch: Partial<typeof x>) => set((p) => ({ ...p, supportPrices: p.supportPrices.map((y, j) => (j === i ? { ...y, ...patch } : y)) }));
                return (
                  <tr key={x.serviceCode}>
                    <td>{t(`service.${x.serviceCode}`, { defaultValue: x.serviceCode })}</td>
                    <td>{x.unit}</td>
                    <td>
                      <Euros label={`${t('fs.price')} ${x.serviceCode}`} disabled={ro} cents={x.priceCents} onChange={(v) => put({ priceCents: v ?? 0 })} />
                    </td>
                    <td>
                      <Euros label={`${t('fs.cost')} ${x.serviceCode}`} disabled={ro} cents={x.costCents} onChange={(v) => put({ costCents: v ?? 0 })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h4>{t('fs.tiers')}</h4>
          <div className="form-row">
            <Field label={t('fs.caregiverMinimum', { year: draft.p.caregiver.minimumYear })} warning={unconfirmed('caregiverMinimum')}>
              <Euros
                label={t('fs.caregiverMinimum', { year: draft.p.caregiver.minimumYear })}
                disabled={ro}
                cents={draft.p.caregiver.statutoryMinimumCents}
                onChange={(v) => set((p) => ({ ...p, caregiver: { ...p.caregiver, statutoryMinimumCents: v ?? 0 } }))}
              />
            </Field>
            {draft.p.caregiver.tiers.map((tier, i) => (
              <Field key={tier.code} label={`${tier.code} ${tier.nameFi}`}>
                <Euros
                  label={tier.code}
                  disabled={ro}
                  cents={tier.feeCents}
                  onChange={(v) => set((p) => ({ ...p, caregiver: { ...p.caregiver, tiers: p.caregiver.tiers.map((y, j) => (j === i ? { ...y, feeCents: v ?? 0 } : y)) } }))}
                />
              </Field>
            ))}
          </div>
          <h4>{t('fs.figures')}</h4>
          <p className="hint">{t('fs.figuresHint')}</p>
          <table className="list figure-sources" aria-label={t('fs.figures')} data-testid="figure-sources">
            <thead>
              <tr>
                <th>{t('fs.figure')}</th>
                <th>{t('fs.source')}</th>
                <th>{t('fs.confirmed')}</th>
              </tr>
            </thead>
            <tbody>
              {FIGURE_KEYS.map((k) => {
                const f = draft.p.figures[k];
                return (
                  <tr key={k} className={f.confirmed ? undefined : 'unconfirmed'}>
                    <td>{t(`fs.fig.${k}`)}</td>
                    <td className="small">
                      <textarea
                        rows={3}
                        disabled={ro}
                        aria-label={`${t('fs.source')} ${t(`fs.fig.${k}`)}`}
                        value={f.source}
                        onChange={(e) => set((p) => ({ ...p, figures: { ...p.figures, [k]: { ...p.figures[k], source: e.target.value } } }))}
                      />
                      {f.computation && <div className="muted">{f.computation}</div>}
                    </td>
                    <td>{f.confirmed ? t('fee.yes') : <strong className="warn">{t('fs.unconfirmed')}</strong>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="form-row">
            {canEdit && (
              <button className="primary" onClick={() => void saveSet()}>
                {t('fs.saveSet')}
              </button>
            )}
            <button onClick={() => setDraft(null)}>{t('fee.cancel')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
