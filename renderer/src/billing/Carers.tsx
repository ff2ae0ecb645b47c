// Laskutus › Omaishoito: care agreements with the carers' days off, the agreement's terms on payment during
// interruptions, and the monthly care-fee payment run with its payroll CSV. Days off are entered in a dialog
// with Luotsi's own date fields (a day or a run of days); days past the statutory ones (omaishoitolaki 4 § 1 mom:
// 2 a month, 3 when the care binds round the clock or continuously daily) are flagged, not refused, as the
// county may grant more (4 § 2 mom). The payment list names the carer with a masked henkilötunnus.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type { OutputOf } from '../../../shared/contract/channels';
import { addDays, daysBetween, isIsoDate } from '../../../shared/domain/dates';
import { daysOffBalance, daysOffOveruse } from '../../../shared/domain/fees/caregiver';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { fi, useFailNotice } from '../guidance/common';
import { useGridDefaults } from '../ui/grid';
import { DateInput } from '../ui/DateInput';
import { Dialog } from '../ui/Dialog';
import { monthLabel } from '../ui/MonthInput';
import { describeError, fieldErrorsOf } from '../i18n/messages';
import { euros } from './format';
import { RunMonthBar, useConfirmedAction } from './RunMonth';

type Agreement = OutputOf<'caregiver.agreements'>[number];
type CareRun = OutputOf<'caregiver.runs'>[number];
type Payment = OutputOf<'caregiver.payments'>[number];

export function download(fileName: string, data: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function Carers() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const gridDefaults = useGridDefaults();
  const { boot, notify } = useApp();
  const confirmed = useConfirmedAction();
  const today = boot.today;
  const [agreements, setAgreements] = useState<Agreement[]>([]);
  const [runs, setRuns] = useState<CareRun[]>([]);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [current, setCurrent] = useState<string | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [daysOffFor, setDaysOffFor] = useState<Agreement | null>(null);
  const fail = useFailNotice();
  const reload = useCallback(() => {
    client.invoke('caregiver.agreements', {}).then(setAgreements, fail);
    client.invoke('caregiver.runs', {}).then(setRuns, fail);
  }, [fail]);
  useEffect(reload, [reload]);
  useEffect(() => {
    if (current) client.invoke('caregiver.payments', { runId: current }).then(setPayments, fail);
  }, [current, fail]);

  const create = async () => {
    try {
      const r = await client.invoke('caregiver.createRun', { month });
      reload();
      setCurrent(r.id);
    } catch (e) {
      fail(e);
    }
  };
  const approve = async (r: CareRun) => {
    await confirmed(
      {
        title: t('b.careApproveTitle', { month: monthLabel(r.month, lang) }),
        body: t('b.careApproveBody', { n: r.count, total: euros(r.totalCents) }),
        confirmLabel: t('b.approve'),
      },
      async () => {
        await client.invoke('caregiver.approve', { runId: r.id });
        notify(t('b.careApproved', { month: monthLabel(r.month, lang) }), 'info');
        reload();
      },
    );
  };
  const csv = async (id: string) => {
    try {
      const c = await client.invoke('caregiver.csv', { runId: id });
      download(c.fileName, new Blob([c.csv], { type: 'text/csv;charset=utf-8' }));
    } catch (e) {
      fail(e);
    }
  };

  const cols = useMemo<ColDef<Agreement>[]>(
    () => [
      { field: 'carerName', headerName: t('b.carer'), flex: 1, minWidth: 160, pinned: 'left' },
      { field: 'carerHetuMasked', headerName: t('b.hetu'), width: 120 },
      { field: 'clientName', headerName: t('b.caredFor'), flex: 1, minWidth: 160 },
      { field: 'tierCode', headerName: t('b.tier'), width: 80 },
      { field: 'tierFeeCents', headerName: t('b.careFee'), width: 120, type: 'rightAligned', valueFormatter: (p) => euros(p.value) },
      { field: 'startDate', headerName: t('b.validFrom'), width: 110, valueFormatter: (p) => fi(p.value) },
      { field: 'daysOffPerMonth', headerName: t('b.daysOffPerMonth'), width: 100, type: 'rightAligned' },
      {
        colId: 'balance',
        headerName: t('b.daysOffBalance'),
        width: 190,
        valueGetter: (p) => (p.data ? `${p.data.daysOffUsedThisYear} / ${p.data.daysOffEarnedThisYear}` : ''),
        cellRenderer: (p: { data?: Agreement; value: string }) =>
          p.data ? (
            <span data-testid="days-off-balance">
              {p.value}
              {p.data.daysOffOveruse && (
                <span className="badge bad" title={t('b.daysOffOverTitle', { month: monthLabel(p.data.daysOffOveruse.month, lang), used: p.data.daysOffOveruse.used, earned: p.data.daysOffOveruse.earned })}>
                  {t('b.daysOffOver')}
                </span>
              )}
            </span>
          ) : null,
      },
      {
        colId: 'act',
        headerName: t('b.actions'),
        width: 190,
        pinned: 'right',
        sortable: false,
        cellRenderer: (p: { data?: Agreement }) => (
          <button className="link" onClick={() => p.data && setDaysOffFor(p.data)}>
            {t('b.addDayOff')}
          </button>
        ),
      },
    ],
    [t, lang],
  );

  const agreement = agreements.find((a) => a.id === chosen) ?? null;
  const year = Number(today.slice(0, 4));
  const first = agreements[0];
  const run = runs.find((r) => r.id === current) ?? null;

  return (
    <>
      {first && year > first.minimumYear && (
        <p className="notice warn" data-testid="care-minimum-note">
          {t('b.careMinimumNote', { year, minimumYear: first.minimumYear, amount: euros(first.minimumCents) })}
        </p>
      )}
      <div className="grid short" data-rows={agreements.length} data-testid="agreements">
        <AgGridReact<Agreement>
          {...gridDefaults}
          rowData={agreements}
          columnDefs={cols}
          defaultColDef={{ sortable: true, resizable: true }}
          getRowId={(p) => p.data.id}
          onRowClicked={(e) => e.data && setChosen(e.data.id)}
        />
      </div>
      {agreement ? (
        <CareAgreementPanel
          key={`${agreement.id}:${agreement.version}:${agreement.interruptions.length}`}
          agreement={agreement}
          onChanged={(a) => setAgreements(agreements.map((x) => (x.id === a.id ? a : x)))}
        />
      ) : (
        <p className="hint">{t('b.careSelect')}</p>
      )}
      <RunMonthBar month={month} onMonth={setMonth} ahead={2} runLabel={t('b.createPayments')} onRun={() => void create()} label={t('b.carePayments')} />
      <div className="table-wrap natural">
        <table className="data-table" data-testid="care-runs">
          <thead>
            <tr>
              <th>{t('b.month')}</th>
              <th>{t('b.status')}</th>
              <th>{t('b.count')}</th>
              <th>{t('b.total')}</th>
              <th>
                <span className="visually-hidden">{t('b.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === current ? 'selected' : ''}>
                <td>{monthLabel(r.month, lang)}</td>
                <td>{t(`b.runStatuses.${r.status}`)}</td>
                <td>{r.count}</td>
                <td className="num">{euros(r.totalCents)}</td>
                <td className="actions">
                  <button onClick={() => setCurrent(r.id)}>{t('b.open')}</button>
                  <button onClick={() => void csv(r.id)}>{t('b.csv')}</button>
                  {r.status === 'draft' && <button onClick={() => void approve(r)}>{t('b.approve')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {current && (
          <table className="data-table" data-testid="care-payments" aria-label={run ? t('b.carePaymentsOf', { month: monthLabel(run.month, lang) }) : t('b.carePayments')}>
            <thead>
              <tr>
                <th>{t('b.carer')}</th>
                <th>{t('b.hetu')}</th>
                <th>{t('b.caredFor')}</th>
                <th>{t('b.tier')}</th>
                <th>{t('b.careFee')}</th>
                <th>{t('b.paidDays')}</th>
                <th>{t('b.daysOffMonth')}</th>
                <th>{t('b.amount')}</th>
                <th>{t('b.change')}</th>
                <th>{t('b.correction')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.agreementId}>
                  <td>{p.carerName}</td>
                  <td className="mono">{p.carerHetuMasked}</td>
                  <td>{p.clientName}</td>
                  <td>{p.tierCode}</td>
                  <td className="num">{euros(p.monthlyCents)}</td>
                  <td>
                    {p.paidDays} / {p.monthDays}
                  </td>
                  <td className="nowrap" data-testid="payment-days-off">
                    {p.daysOff ? (
                      <>
                        {p.daysOff.inMonth} <span className="muted">({t('b.daysOffYear', { used: p.daysOff.usedToDate, earned: p.daysOff.earnedToDate })})</span>
                        {p.daysOff.over && <span className="badge bad">{t('b.daysOffOver')}</span>}
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td className="num" title={((JSON.parse(p.basis) as { fi?: string[]; sv?: string[] })[lang] ?? []).join('\n')}>
                    {euros(p.amountCents)}
                  </td>
                  <td className="num">{p.changeCents === null ? '' : euros(p.changeCents)}</td>
                  <td className="num">{p.correctionCents ? euros(p.correctionCents) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {daysOffFor && (
        <DaysOffDialog
          agreement={daysOffFor}
          onClose={() => setDaysOffFor(null)}
          onSaved={(a, days) => {
            setAgreements((list) => list.map((x) => (x.id === a.id ? a : x)));
            setDaysOffFor(null);
            notify(t('b.daysOffSaved', { count: days, name: a.carerName }), 'info');
          }}
        />
      )}
    </>
  );
}

/**
 * The carer's days off: the first and last day (a single day when they are the same), the year's balance month
 * by month, and what the new days do to it. Days past the statutory ones are asked about, not refused.
 */
function DaysOffDialog({ agreement, onClose, onSaved }: { agreement: Agreement; onClose: () => void; onSaved: (a: Agreement, days: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const { boot } = useApp();
  const [from, setFrom] = useState(boot.today);
  const [to, setTo] = useState(boot.today);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);

  const valid = isIsoDate(from) && isIsoDate(to) && to >= from;
  const newDays = useMemo(() => {
    if (!valid || daysBetween(from, to) > 60) return [];
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
    return out;
  }, [from, to, valid]);
  // The balance of the year of the first new day, with the new days added.
  const year = Number((valid ? from : boot.today).slice(0, 4));
  const recorded = agreement.daysOffThisYear;
  const after = useMemo(() => {
    const all = [...new Set([...recorded, ...newDays.filter((d) => d.startsWith(String(year)))])].sort();
    return daysOffBalance({ startDate: agreement.startDate, endDate: agreement.endDate }, agreement.daysOffPerMonth, all, year);
  }, [recorded, newDays, year, agreement]);
  const over = daysOffOveruse(after.filter((b) => newDays.some((d) => d.slice(0, 7) <= b.month)));
  const fieldError = {
    day: errors.day ?? (from !== '' && !isIsoDate(from) ? t('b.dateFormat') : undefined),
    to: errors.to ?? (to !== '' && !isIsoDate(to) ? t('b.dateFormat') : isIsoDate(from) && isIsoDate(to) && to < from ? t('b.daysOffOrder') : undefined),
  };

  const save = async () => {
    if (!valid || busy) return;
    if (over && !acknowledged) {
      setAcknowledged(true);
      return;
    }
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      const a = await client.invoke('caregiver.dayOff', { agreementId: agreement.id, day: from, to });
      onSaved(a, newDays.length);
    } catch (e) {
      const f = fieldErrorsOf(e);
      setErrors(f);
      setProblem(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const months = after.filter((b) => b.taken > 0 || b.month.slice(5) === boot.today.slice(5, 7));
  return (
    <Dialog title={t('b.daysOffTitle', { name: agreement.carerName })} onClose={onClose} testId="days-off-dialog" className="days-off">
      <p className="small muted">
        {t('b.daysOffLaw', { count: agreement.daysOffPerMonth })} {agreement.continuousCare ? t('b.daysOffContinuous') : t('b.daysOffBase')}
      </p>
      <div className="form-row">
        <label className="field">
          <span>{t('b.daysOffFrom')}</span>
          <DateInput
            value={from}
            onChange={(v) => {
              setFrom(v);
              if (isIsoDate(v) && (!isIsoDate(to) || to < v || to === from)) setTo(v);
              setAcknowledged(false);
            }}
            min={agreement.startDate}
            max={agreement.endDate ?? undefined}
            aria-label={t('b.daysOffFrom')}
            aria-invalid={!!fieldError.day}
            data-testid="days-off-from"
          />
          {fieldError.day && <span className="field-error">{fieldError.day}</span>}
        </label>
        <label className="field">
          <span>{t('b.daysOffTo')}</span>
          <DateInput
            value={to}
            onChange={(v) => {
              setTo(v);
              setAcknowledged(false);
            }}
            min={isIsoDate(from) ? from : agreement.startDate}
            max={agreement.endDate ?? undefined}
            aria-label={t('b.daysOffTo')}
            aria-invalid={!!fieldError.to}
            data-testid="days-off-to"
          />
          {fieldError.to && <span className="field-error">{fieldError.to}</span>}
        </label>
      </div>
      {valid && (
        <p data-testid="days-off-summary">
          {t('b.daysOffNew', { count: newDays.length, from: fi(from), to: fi(to) })}
        </p>
      )}
      <table className="data-table small" aria-label={t('b.daysOffYearTable', { year })} data-testid="days-off-balance-table">
        <thead>
          <tr>
            <th>{t('b.month')}</th>
            <th className="num">{t('b.daysOffTaken')}</th>
            <th className="num">{t('b.daysOffUsedToDate')}</th>
            <th className="num">{t('b.daysOffEarnedToDate')}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((b) => (
            <tr key={b.month} className={b.usedToDate > b.earnedToDate ? 'over' : ''}>
              <td>{monthLabel(b.month, lang)}</td>
              <td className="num">{b.taken}</td>
              <td className="num">{b.usedToDate}</td>
              <td className="num">{b.earnedToDate}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {over && (
        <p className={acknowledged ? 'notice warn' : 'notice'} role="status" data-testid="days-off-over">
          {t('b.daysOffOverWarn', { month: monthLabel(over.month, lang), used: over.usedToDate, earned: over.earnedToDate })}
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions dialog-actions">
        <button type="button" className="cancel" onClick={onClose}>
          {t('ui.cancel')}
        </button>
        <button type="button" className="confirm primary" disabled={!valid || busy} onClick={() => void save()}>
          {over && acknowledged ? t('b.daysOffSaveAnyway') : t('b.daysOffSave', { count: newDays.length })}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * One care agreement's terms on payment during interruptions (omaishoitolaki 8 § 2 mom 5 kohta; a health term
 * shorter than the law's month is refused, 9 § 3 mom) and its interruptions: those recorded here and the
 * cared-for client's hospital stays, which count as health interruptions (9 § 2 mom).
 */
function CareAgreementPanel({ agreement, onChanged }: { agreement: Agreement; onChanged: (a: Agreement) => void }) {
  const { t } = useTranslation();
  const { boot } = useApp();
  const fail = useFailNotice();
  const [health, setHealth] = useState(String(agreement.terms.healthPaidMonths));
  const [other, setOther] = useState(agreement.terms.otherPaidDays === null ? '' : String(agreement.terms.otherPaidDays));
  const [form, setForm] = useState({ cause: 'health' as 'health' | 'other', from: boot.today, to: boot.today, note: '' });
  const call = async (p: Promise<Agreement>) => {
    try {
      onChanged(await p);
    } catch (e) {
      fail(e);
    }
  };
  return (
    <div className="card-box small care-agreement" data-testid="care-agreement">
      <h3>
        {agreement.carerName} · {agreement.clientName}
      </h3>
      <h4>{t('b.careTerms')}</h4>
      <div className="form-row">
        <label className="inline">
          {t('b.careHealthMonths')} <input type="number" min={1} max={12} value={health} onChange={(e) => setHealth(e.target.value)} style={{ width: '4em' }} />
        </label>
        <label className="inline">
          {t('b.careOtherDays')} <input type="number" min={0} max={366} value={other} onChange={(e) => setOther(e.target.value)} style={{ width: '5em' }} />
        </label>
        <button
          onClick={() =>
            void call(
              client.invoke('caregiver.saveTerms', {
                agreementId: agreement.id,
                version: agreement.version,
                healthPaidMonths: Number(health),
                otherPaidDays: other === '' ? null : Number(other),
              }),
            )
          }
        >
          {t('b.careSaveTerms')}
        </button>
      </div>
      <h4>{t('b.careInterruptions')}</h4>
      <table className="data-table" data-testid="care-interruptions">
        <thead>
          <tr>
            <th>{t('b.careCause')}</th>
            <th>{t('fee.period')}</th>
            <th>{t('fee.note')}</th>
            <th>
              <span className="visually-hidden">{t('b.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agreement.interruptions.map((i) => (
            <tr key={i.id}>
              <td>
                {t(`b.careCauses.${i.cause}`)}
                {i.derived && <span className="muted"> ({t('b.careDerived')})</span>}
              </td>
              <td>
                {fi(i.from)} – {fi(i.to)}
              </td>
              <td>{i.note}</td>
              <td>{!i.derived && <button onClick={() => void call(client.invoke('caregiver.deleteInterruption', { interruptionId: i.id }))}>{t('fee.delete')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        <select value={form.cause} onChange={(e) => setForm({ ...form, cause: e.target.value as 'health' | 'other' })} aria-label={t('b.careCause')}>
          <option value="health">{t('b.careCauses.health')}</option>
          <option value="other">{t('b.careCauses.other')}</option>
        </select>
        <DateInput value={form.from} onChange={(v) => setForm({ ...form, from: v })} aria-label={t('fee.from')} />
        <DateInput value={form.to} onChange={(v) => setForm({ ...form, to: v })} aria-label={t('fee.to')} />
        <input value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} aria-label={t('fee.note')} placeholder={t('fee.note')} />
        <button onClick={() => void call(client.invoke('caregiver.addInterruption', { agreementId: agreement.id, ...form }))}>{t('b.careAddInterruption')}</button>
      </div>
    </div>
  );
}
