// Asiakaskortti › Maksut: the client's fee basis (household, incomes of the client and spouse, deductions),
// interruptions of service and the fee decisions with their reasoning. Billing staff edit the basis; guidance
// staff record interruptions such as hospital stays. Every save refreshes the client's fee drafts in the core.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OutputOf } from '../../../shared/contract/channels';
import { helsinkiDate } from '../../../shared/domain/dates';
import type { FeeExplanation } from '../../../shared/domain/fees/calc';
import { explainFee } from '../../../shared/domain/fees/explain';
import { INTERRUPTION_CAUSES } from '../../../shared/domain/fees/parameters';
import { DEDUCTION_KIND_RULES, DEDUCTION_KINDS, INCOME_KIND_RULES, INCOME_KINDS, type IncomeKind } from '../../../shared/domain/fees/incomes';
import { basisText } from '../../../shared/domain/fees/messages';
import { BILLING_ROLES, FEE_ROLES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { DateInput } from '../ui/DateInput';
import { errorText, Field, fi } from '../guidance/common';
import { euros } from '../billing/format';
import type { Lang } from '../i18n';

type View = OutputOf<'fees.client'>;
type IncomeForm = InputOf<'fees.saveIncome'>;
type DeductionForm = InputOf<'fees.saveDeduction'>;
type AbsenceForm = InputOf<'fees.addAbsence'>;

function SaveCancel({ onSave, onCancel }: { onSave: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <button className="primary" onClick={onSave}>
        {t('fee.save')}
      </button>
      <button onClick={onCancel}>{t('fee.cancel')}</button>
    </>
  );
}

interface Validity {
  validFrom: string;
  validTo: string | null;
  note: string;
}

/** From, to (open-ended when empty) and a note: the part an income and a deduction form share. */
function ValidityFields({ value, onChange }: { value: Validity; onChange: (v: Partial<Validity>) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('fee.from')}>
        <DateInput value={value.validFrom} onChange={(v) => onChange({ validFrom: v })} />
      </Field>
      <Field label={t('fee.to')}>
        <DateInput value={value.validTo ?? ''} onChange={(v) => onChange({ validTo: v || null })} />
      </Field>
      <Field label={t('fee.note')} wide>
        <input value={value.note} onChange={(e) => onChange({ note: e.target.value })} />
      </Field>
    </>
  );
}

/** Euros typed with a decimal comma or point to integer cents; NaN when not a amount. */
function parseEuros(text: string): number {
  const t = text.replace(/\s|€/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
}
const centsText = (c: number) => (c / 100).toFixed(2).replace('.', ',');

export function ClientFeesTab({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot, notify, confirm } = useApp();
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [income, setIncome] = useState<(Omit<IncomeForm, 'grossCents' | 'netCents'> & { gross: string; net: string }) | null>(null);
  const [deduction, setDeduction] = useState<(Omit<DeductionForm, 'monthlyCents'> & { monthly: string }) | null>(null);
  const [absence, setAbsence] = useState<AbsenceForm | null>(null);
  const [household, setHousehold] = useState<{ size: number; from: string } | null>(null);
  const [spouse, setSpouse] = useState<{ lived: boolean; inCare: boolean; from: string } | null>(null);
  const [notice, setNotice] = useState<{ reachedOn: string; note: string } | null>(null);
  const [einvoice, setEinvoice] = useState<{ address: string; intermediator: string } | null>(null);
  const canEdit = BILLING_ROLES.includes(user.role);
  const canAbsence = FEE_ROLES.includes(user.role);

  const fail = useCallback((e: unknown) => setError(errorText(e, t('errors.generic'))), [t]);
  useEffect(() => {
    client.invoke('fees.client', { clientId }).then(setView, fail);
  }, [clientId, fail]);
  if (!view) return error ? <p className="error">{error}</p> : <div className="loading">…</div>;

  const run = async (p: Promise<View>, done: () => void, message: string) => {
    setError(null);
    try {
      setView(await p);
      done();
      notify(message);
    } catch (e) {
      fail(e);
    }
  };

  /** Removes a row after the user confirms. */
  const remove = async (call: () => Promise<View>) => {
    if ((await confirm({ title: t('fee.confirmDelete'), body: <p>{t('fee.confirmDeleteBody')}</p>, confirmLabel: t('fee.delete'), danger: true })) === null) return;
    void run(call(), () => undefined, t('fee.deleted'));
  };

  const saveIncome = () => {
    if (!income) return;
    const { gross, net, ...rest } = income;
    const grossCents = parseEuros(gross);
    const netCents = parseEuros(net);
    if (Number.isNaN(grossCents) || Number.isNaN(netCents)) return setError(t('fee.badAmount'));
    void run(client.invoke('fees.saveIncome', { ...rest, grossCents, netCents }), () => setIncome(null), t('fee.saved'));
  };
  const saveDeduction = () => {
    if (!deduction) return;
    const { monthly, ...rest } = deduction;
    const monthlyCents = parseEuros(monthly);
    if (Number.isNaN(monthlyCents)) return setError(t('fee.badAmount'));
    void run(client.invoke('fees.saveDeduction', { ...rest, monthlyCents }), () => setDeduction(null), t('fee.saved'));
  };
  const newIncome = (kind: IncomeKind = 'earnings_pension') => ({
    id: null,
    version: null,
    clientId,
    person: 'client' as const,
    kind,
    gross: '',
    net: '',
    validFrom: boot.today,
    validTo: null,
    note: '',
  });
  const period = (from: string, to: string | null) => `${fi(from)} – ${to ? fi(to) : ''}`;

  return (
    <div className="fee-tab" data-testid="client-fees">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h3>{t('fee.household')}</h3>
      <p>
        {t('fee.householdSize', { n: view.householdSize })}
        {view.spouseName && ` · ${t('fee.spouse')}: ${view.spouseName}`}
        {canEdit && !household && (
          <>
            {' '}
            <button className="link" onClick={() => setHousehold({ size: view.householdSize, from: boot.today })}>
              {t('fee.change')}
            </button>
          </>
        )}
      </p>
      {household && (
        <div className="form-row">
          <Field label={t('fee.householdPersons')}>
            <input type="number" min={1} max={20} value={household.size} onChange={(e) => setHousehold({ ...household, size: Number(e.target.value) })} />
          </Field>
          <Field label={t('fee.from')}>
            <DateInput value={household.from} onChange={(v) => setHousehold({ ...household, from: v })} />
          </Field>
          <SaveCancel
            onSave={() => void run(client.invoke('fees.setHousehold', { clientId, householdSize: household.size, from: household.from }), () => setHousehold(null), t('fee.saved'))}
            onCancel={() => setHousehold(null)}
          />
        </div>
      )}

      {view.spouseName && (
        <p data-testid="spouse-facts">
          {t('fee.spouseFacts')}: {t('fee.livedWithSpouse')} – {view.livedWithSpouseBeforeCare ? t('fee.yes') : t('fee.no')} · {t('fee.spouseInCare')} –{' '}
          {view.spouseInLongTermCare ? t('fee.yes') : t('fee.no')}
          {canEdit && !spouse && (
            <>
              {' '}
              <button className="link" onClick={() => setSpouse({ lived: view.livedWithSpouseBeforeCare, inCare: view.spouseInLongTermCare, from: boot.today })}>
                {t('fee.change')}
              </button>
            </>
          )}
        </p>
      )}
      {spouse && (
        <div className="form-row">
          <label className="inline">
            <input type="checkbox" checked={spouse.lived} onChange={(e) => setSpouse({ ...spouse, lived: e.target.checked })} /> {t('fee.livedWithSpouse')}
          </label>
          <label className="inline">
            <input type="checkbox" checked={spouse.inCare} onChange={(e) => setSpouse({ ...spouse, inCare: e.target.checked })} /> {t('fee.spouseInCare')}
          </label>
          <Field label={t('fee.from')}>
            <DateInput value={spouse.from} onChange={(v) => setSpouse({ ...spouse, from: v })} />
          </Field>
          <SaveCancel
            onSave={() =>
              void run(
                client.invoke('fees.setSpouseFacts', {
                  clientId,
                  version: view.clientVersion,
                  livedWithSpouseBeforeCare: spouse.lived,
                  spouseInLongTermCare: spouse.inCare,
                  from: spouse.from,
                }),
                () => setSpouse(null),
                t('fee.saved'),
              )
            }
            onCancel={() => setSpouse(null)}
          />
        </div>
      )}

      <h3>{t('fee.incomes')}</h3>
      <table className="list" aria-label={t('fee.incomes')}>
        <thead>
          <tr>
            <th>{t('fee.person')}</th>
            <th>{t('fee.kind')}</th>
            <th className="num">{t('fee.gross')}</th>
            <th className="num">{t('fee.net')}</th>
            <th title={t('fee.countedTitle')}>{t('fee.countedHomeCare')}</th>
            <th title={t('fee.countedTitle')}>{t('fee.countedLongTerm')}</th>
            <th>{t('fee.period')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.incomes.map((i) => (
            <tr key={i.id}>
              <td>{t(`fee.persons.${i.person}`)}</td>
              <td>
                <span title={INCOME_KIND_RULES[i.kind].basis[lang]}>{INCOME_KIND_RULES[i.kind][lang]}</span>
                {i.note && <span className="muted"> · {i.note}</span>}
              </td>
              <td className="num">{euros(i.grossCents)}</td>
              <td className="num">{euros(i.netCents)}</td>
              <td>{i.countedHomeCare ? t('fee.yes') : t('fee.no')}</td>
              <td>{i.countedLongTerm ? t('fee.yes') : t('fee.no')}</td>
              <td>{period(i.validFrom, i.validTo)}</td>
              <td>
                {canEdit && (
                  <>
                    <button
                      className="link"
                      onClick={() =>
                        setIncome({ id: i.id, version: i.version, clientId, person: i.person, kind: i.kind, gross: centsText(i.grossCents), net: centsText(i.netCents), validFrom: i.validFrom, validTo: i.validTo, note: i.note })
                      }
                    >
                      {t('fee.edit')}
                    </button>{' '}
                    <button className="link" onClick={() => remove(() => client.invoke('fees.deleteIncome', { incomeId: i.id }))}>
                      {t('fee.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && !income && (
        <button onClick={() => setIncome(newIncome())} data-testid="add-income">
          {t('fee.addIncome')}
        </button>
      )}
      {income && (
        <div className="form-row" data-testid="income-form">
          <Field label={t('fee.person')}>
            <select value={income.person} onChange={(e) => setIncome({ ...income, person: e.target.value as 'client' | 'spouse' })}>
              <option value="client">{t('fee.persons.client')}</option>
              <option value="spouse">{t('fee.persons.spouse')}</option>
            </select>
          </Field>
          <Field label={t('fee.kind')}>
            <select
              value={income.kind}
              onChange={(e) => setIncome({ ...income, kind: e.target.value as IncomeKind })}
            >
              {INCOME_KINDS.map((k) => (
                <option key={k} value={k}>
                  {INCOME_KIND_RULES[k][lang]}
                </option>
              ))}
            </select>
          </Field>
          <p className="hint" data-testid="income-basis">
            {INCOME_KIND_RULES[income.kind].basis[lang]}
          </p>
          <Field label={t('fee.grossEur')}>
            <input inputMode="decimal" value={income.gross} onChange={(e) => setIncome({ ...income, gross: e.target.value })} />
          </Field>
          <Field label={t('fee.netEur')}>
            <input inputMode="decimal" value={income.net} onChange={(e) => setIncome({ ...income, net: e.target.value })} />
          </Field>
          <ValidityFields value={income} onChange={(v) => setIncome({ ...income, ...v })} />
          <SaveCancel onSave={saveIncome} onCancel={() => setIncome(null)} />
        </div>
      )}

      <h3>{t('fee.deductions')}</h3>
      <table className="list" aria-label={t('fee.deductions')}>
        <thead>
          <tr>
            <th>{t('fee.person')}</th>
            <th>{t('fee.kind')}</th>
            <th className="num">{t('fee.monthly')}</th>
            <th>{t('fee.period')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.deductions.map((d) => (
            <tr key={d.id} className={d.kind === 'legacy_other' ? 'muted' : undefined}>
              <td>{t(`fee.persons.${d.person}`)}</td>
              <td>
                {DEDUCTION_KIND_RULES[d.kind][lang]}
                {d.kind === 'legacy_other' ? <span className="warn"> · {t('fee.legacyDeduction')}</span> : <span className="muted"> ({basisText(DEDUCTION_KIND_RULES[d.kind].basis)[lang]})</span>}
                {d.note && <span className="muted"> · {d.note}</span>}
              </td>
              <td className="num">{euros(d.monthlyCents)}</td>
              <td>{period(d.validFrom, d.validTo)}</td>
              <td>
                {canEdit && d.kind !== 'legacy_other' && (
                  <button
                    className="link"
                    onClick={() =>
                      setDeduction({
                        id: d.id,
                        version: d.version,
                        clientId,
                        person: d.person,
                        kind: d.kind as DeductionForm['kind'],
                        monthly: centsText(d.monthlyCents),
                        validFrom: d.validFrom,
                        validTo: d.validTo,
                        toSpouseLivedWith: false,
                        note: d.note,
                      })
                    }
                  >
                    {t('fee.edit')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && !deduction && (
        <button
          onClick={() =>
            setDeduction({ id: null, version: null, clientId, person: 'client', kind: 'housing_cost', monthly: '', validFrom: boot.today, validTo: null, toSpouseLivedWith: false, note: '' })
          }
        >
          {t('fee.addDeduction')}
        </button>
      )}
      {deduction && (
        <div className="form-row" data-testid="deduction-form">
          <Field label={t('fee.person')}>
            <select value={deduction.person} onChange={(e) => setDeduction({ ...deduction, person: e.target.value as 'client' | 'spouse' })}>
              <option value="client">{t('fee.persons.client')}</option>
              <option value="spouse">{t('fee.persons.spouse')}</option>
            </select>
          </Field>
          <Field label={t('fee.kind')}>
            <select value={deduction.kind} onChange={(e) => setDeduction({ ...deduction, kind: e.target.value as DeductionForm['kind'] })}>
              {DEDUCTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {DEDUCTION_KIND_RULES[k][lang]} ({basisText(DEDUCTION_KIND_RULES[k].basis)[lang]})
                </option>
              ))}
            </select>
          </Field>
          {deduction.kind === 'maintenance_paid' && (
            <label className="inline">
              <input type="checkbox" checked={deduction.toSpouseLivedWith ?? false} onChange={(e) => setDeduction({ ...deduction, toSpouseLivedWith: e.target.checked })} />{' '}
              {t('fee.toSpouseLivedWith')}
            </label>
          )}
          <Field label={t('fee.monthlyEur')}>
            <input inputMode="decimal" value={deduction.monthly} onChange={(e) => setDeduction({ ...deduction, monthly: e.target.value })} />
          </Field>
          <ValidityFields value={deduction} onChange={(v) => setDeduction({ ...deduction, ...v })} />
          <SaveCancel onSave={saveDeduction} onCancel={() => setDeduction(null)} />
        </div>
      )}

      <h3>{t('fee.absences')}</h3>
      <table className="list" aria-label={t('fee.absences')}>
        <thead>
          <tr>
            <th>{t('fee.cause')}</th>
            <th>{t('fee.period')}</th>
            <th>{t('fee.note')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.absences.map((a) => (
            <tr key={a.id}>
              <td>{t(`fee.causes.${a.cause}`)}</td>
              <td>{period(a.from, a.to)}</td>
              <td>{a.note}</td>
              <td>
                {canAbsence && (
                  <button className="link" onClick={() => remove(() => client.invoke('fees.deleteAbsence', { absenceId: a.id }))}>
                    {t('fee.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('fee.interruptionHint')}</p>
      {canAbsence && !absence && <button onClick={() => setAbsence({ clientId, cause: 'institution', from: boot.today, to: boot.today, note: '' })}>{t('fee.addAbsence')}</button>}
      {absence && (
        <div className="form-row" data-testid="absence-form">
          <Field label={t('fee.cause')}>
            <select value={absence.cause} onChange={(e) => setAbsence({ ...absence, cause: e.target.value as AbsenceForm['cause'] })}>
              {INTERRUPTION_CAUSES.map((c) => (
                <option key={c} value={c}>
                  {t(`fee.causes.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('fee.from')}>
            <DateInput value={absence.from} onChange={(v) => setAbsence({ ...absence, from: v })} />
          </Field>
          <Field label={t('fee.to')}>
            <DateInput value={absence.to} onChange={(v) => setAbsence({ ...absence, to: v })} />
          </Field>
          <Field label={t('fee.note')} wide>
            <input value={absence.note} onChange={(e) => setAbsence({ ...absence, note: e.target.value })} />
          </Field>
          <SaveCancel onSave={() => void run(client.invoke('fees.addAbsence', absence), () => setAbsence(null), t('fee.saved'))} onCancel={() => setAbsence(null)} />
        </div>
      )}

      <h3>{t('fee.ceilingTitle', { year: view.ceiling.year })}</h3>
      <div data-testid="fee-ceiling">
        <p>
          {t('fee.ceilingAccrued', { accrued: euros(view.ceiling.accruedCents), ceiling: euros(view.ceiling.annualCents) })}
          {' · '}
          {view.ceiling.reachedOn
            ? t(view.ceiling.reachedBy === 'notice' ? 'fee.ceilingReachedNotice' : 'fee.ceilingReachedInvoices', { date: fi(view.ceiling.reachedOn) })
            : t('fee.ceilingLeft', { left: euros(Math.max(0, view.ceiling.annualCents - view.ceiling.accruedCents)) })}
        </p>
        <p className="hint">
          {view.ceiling.maintenanceDailyCents !== null
            ? t('fee.ceilingHint', { maintenance: `${euros(view.ceiling.maintenanceDailyCents)}${view.ceiling.maintenanceConfirmed ? '' : ` (${t('fs.unconfirmed')})`}` })
            : t('fee.ceilingHintFree')}
        </p>
        {view.ceiling.notices.length > 0 && (
          <table className="list" aria-label={t('fee.ceilingNotices')}>
            <thead>
              <tr>
                <th>{t('fee.ceilingReachedOn')}</th>
                <th>{t('fee.note')}</th>
                <th>{t('fee.recordedBy')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {view.ceiling.notices.map((n) => (
                <tr key={n.id}>
                  <td>{fi(n.reachedOn)}</td>
                  <td>{n.note}</td>
                  <td>
                    {n.createdBy} {fi(helsinkiDate(new Date(n.createdAt)))}
                  </td>
                  <td>
                    {canEdit && (
                      <button className="link" onClick={() => remove(() => client.invoke('fees.deleteCeilingNotice', { noticeId: n.id }))}>
                        {t('fee.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canEdit && !notice && <button onClick={() => setNotice({ reachedOn: boot.today, note: '' })}>{t('fee.addCeiling')}</button>}
        {notice && (
          <div className="form-row" data-testid="ceiling-form">
            <Field label={t('fee.ceilingReachedOn')}>
              <DateInput value={notice.reachedOn} max={boot.today} onChange={(v) => setNotice({ ...notice, reachedOn: v })} />
            </Field>
            <Field label={t('fee.note')} wide>
              <input value={notice.note} placeholder={t('fee.ceilingNotePlaceholder')} onChange={(e) => setNotice({ ...notice, note: e.target.value })} />
            </Field>
            <SaveCancel
              onSave={() => void run(client.invoke('fees.addCeilingNotice', { clientId, ...notice }), () => setNotice(null), t('fee.ceilingSaved'))}
              onCancel={() => setNotice(null)}
            />
          </div>
        )}
      </div>

      <h3>{t('fee.invoicing')}</h3>
      <div data-testid="invoice-channel">
        <p>
          {view.einvoice ? t('fee.einvoiceTo', { address: view.einvoice.address, intermediator: view.einvoice.intermediator }) : t('fee.paperInvoice')}
          {canEdit && !einvoice && (
            <>
              {' '}
              <button className="link" onClick={() => setEinvoice(view.einvoice ?? { address: '', intermediator: '' })}>
                {t(view.einvoice ? 'fee.change' : 'fee.addEinvoice')}
              </button>
              {view.einvoice && (
                <>
                  {' '}
                  <button
                    className="link"
                    onClick={() =>
                      void confirm({ title: t('fee.confirmPaper'), body: <p>{t('fee.confirmPaperBody')}</p>, confirmLabel: t('fee.toPaper') }).then(
                        (ok) => ok !== null && void run(client.invoke('fees.setInvoiceChannel', { clientId, version: view.clientVersion, einvoice: null }), () => undefined, t('fee.saved')),
                      )
                    }
                  >
                    {t('fee.toPaper')}
                  </button>
                </>
              )}
            </>
          )}
        </p>
        {einvoice && (
          <div className="form-row" data-testid="einvoice-form">
            <Field label={t('fee.einvoiceAddress')}>
              <input value={einvoice.address} onChange={(e) => setEinvoice({ ...einvoice, address: e.target.value })} />
            </Field>
            <Field label={t('fee.einvoiceIntermediator')}>
              <input value={einvoice.intermediator} onChange={(e) => setEinvoice({ ...einvoice, intermediator: e.target.value.toUpperCase() })} />
            </Field>
            <SaveCancel
              onSave={() => void run(client.invoke('fees.setInvoiceChannel', { clientId, version: view.clientVersion, einvoice }), () => setEinvoice(null), t('fee.einvoiceSaved'))}
              onCancel={() => setEinvoice(null)}
            />
          </div>
        )}
      </div>

      <h3>{t('fee.decisions')}</h3>
      <table className="list" aria-label={t('fee.decisions')} data-testid="client-fee-decisions">
        <thead>
          <tr>
            <th>{t('b.feeType')}</th>
            <th>{t('b.validFrom')}</th>
            <th className="num">{t('b.newFee')}</th>
            <th>{t('b.reason')}</th>
            <th>{t('b.status')}</th>
            <th>{t('b.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {view.decisions.map((d) => (
            <tr key={d.decisionId}>
              <td>{t(`b.feeTypes.${d.feeType}`)}</td>
              <td>{fi(d.validFrom)}</td>
              <td className="num">{d.ends ? t('b.ends') : euros(d.feeCents)}</td>
              <td>{t(`b.reasons.${d.reason}`)}</td>
              <td>
                {t(`fee.statuses.${d.status}`)}
                {d.number && ` · ${d.number}`}
              </td>
              <td className="small">{d.explanation && <Explanation e={d.explanation as FeeExplanation} lang={lang} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The fee's reasoning in the user's language: the formula with its section, each step, and the limits applied. */
function Explanation({ e, lang }: { e: FeeExplanation; lang: Lang }) {
  const x = explainFee(e, lang);
  return (
    <details>
      <summary>{x.formula}</summary>
      <dl className="explanation">
        {x.rows.map((r) => (
          <div key={r.label}>
            <dt>{r.label}</dt>
            <dd className="num">{r.value}</dd>
          </div>
        ))}
      </dl>
      {x.notes.map((n) => (
        <div key={n} className="muted">
          {n}
        </div>
      ))}
    </details>
  );
}
