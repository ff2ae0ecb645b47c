// Laskutus: billing staff's section. Maksupäätökset: fee decision drafts to review and sign, one by one or as
// a mass decision with its letters (FeeDrafts.tsx). Laskutusajot: the monthly
// invoice run with progress, the review grid with totals and differences to the previous month, approval,
// credit notes, the Finvoice/PDF material and an XLSX export. Omaishoito: care agreements and the monthly
// care-fee payment run with its payroll CSV.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import { useGridDefaults } from '../ui/grid';
import type { ColDef } from 'ag-grid-community';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { fi, useFailNotice } from '../guidance/common';
import { base64Bytes } from '../letters/LetterPreview';
import { euros } from './format';
import { FeeDrafts } from './FeeDrafts';

type Run = OutputOf<'invoices.runs'>[number];
type InvoiceRow = OutputOf<'invoices.list'>[number];
type Detail = OutputOf<'invoices.detail'>;
type Agreement = OutputOf<'caregiver.agreements'>[number];
type CareRun = OutputOf<'caregiver.runs'>[number];
type Payment = OutputOf<'caregiver.payments'>[number];



function download(fileName: string, data: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function base64Blob(base64: string, type: string): Blob {
  return new Blob([base64Bytes(base64) as Uint8Array<ArrayBuffer>], { type });
}

function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function BillingView() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'fees' | 'runs' | 'carers'>('fees');
  return (
    <section className="queue">
      <div className="toolbar">
        <h1>{t('b.title')}</h1>
        <div className="toolbar views" role="tablist">
          {(['fees', 'runs', 'carers'] as const).map((k) => (
            <button key={k} role="tab" aria-selected={tab === k} className={tab === k ? 'chip active' : 'chip'} onClick={() => setTab(k)}>
              {t(`b.tabs.${k}`)}
            </button>
          ))}
        </div>
        <span className="spacer" />
      </div>
      {tab === 'fees' && <FeeDrafts />}
      {tab === 'runs' && <InvoiceRuns />}
      {tab === 'carers' && <Carers />}
    </section>
  );
}

function InvoiceRuns() {
  const { t } = useTranslation();
  const gridDefaults = useGridDefaults();
  const { notify, boot } = useApp();
  const today = boot.today;
  const [runs, setRuns] = useState<Run[]>([]);
  const [month, setMonth] = useState(previousMonth(today));
  const [current, setCurrent] = useState<string | null>(null);
  const [invoices, setInvoices] = useState<InvoiceRow[] | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [quick, setQuick] = useState('');
  const fail = useFailNotice();
  const reload = useCallback(() => void client.invoke('invoices.runs', {}).then(setRuns, fail), [fail]);
  useEffect(reload, [reload]);
  useEffect(() => client.on('invoices.progress', (p) => setProgress({ done: p.done, total: p.total })), []);
  useEffect(() => {
    setInvoices(null);
    setDetail(null);
    if (current) client.invoke('invoices.list', { runId: current }).then(setInvoices, fail);
  }, [current, fail]);
  const run = runs.find((r) => r.id === current) ?? null;

  const start = async () => {
    setProgress({ done: 0, total: 0 });
    try {
      const r = await client.invoke('invoices.start', { month });
      notify(t('b.runDone', { n: r.invoiceCount, total: euros(r.totalCents) }), 'info');
      reload();
      setCurrent(r.id);
    } catch (e) {
      fail(e);
    } finally {
      setProgress(null);
    }
  };

  const act = async (what: 'approve' | 'cancel') => {
    if (!run) return;
    if (!window.confirm(t(what === 'approve' ? 'b.confirmApprove' : 'b.confirmCancel', { month: run.month }))) return;
    try {
      await client.invoke(what === 'approve' ? 'invoices.approve' : 'invoices.cancel', { runId: run.id, version: run.version });
      reload();
      setCurrent(run.id);
      client.invoke('invoices.list', { runId: run.id }).then(setInvoices, fail);
    } catch (e) {
      fail(e);
    }
  };

  const material = async () => {
    if (!run) return;
    try {
      const m = await client.invoke('invoices.material', { runId: run.id });
      notify(
        [
          t('b.materialDone', { finvoice: m.finvoice, pdfs: m.pdfs, einvoices: m.einvoices, paper: m.paper, manual: m.manual.length }),
          m.suomifi || m.suomifiFailed ? t('dv.invoicesSuomifi', { sent: m.suomifi, failed: m.suomifiFailed }) : '',
          m.elsewhere ? t('dv.invoicesElsewhere', { count: m.elsewhere }) : '',
        ]
          .filter(Boolean)
          .join(' '),
        'info',
      );
    } catch (e) {
      fail(e);
    }
  };

  const xlsx = async () => {
    if (!run) return;
    try {
      const x = await client.invoke('invoices.xlsx', { runId: run.id });
      download(x.fileName, base64Blob(x.base64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
    } catch (e) {
      fail(e);
    }
  };

  const open = async (id: string) => {
    try {
      setDetail(await client.invoke('invoices.detail', { invoiceId: id }));
    } catch (e) {
      fail(e);
    }
  };

  const pdf = async () => {
    if (!detail) return;
    try {
      const p = await client.invoke('invoices.pdf', { invoiceId: detail.id });
      download(p.fileName, base64Blob(p.base64, 'application/pdf'));
    } catch (e) {
      fail(e);
    }
  };

  const credit = async () => {
    if (!detail || !window.confirm(t('b.confirmCredit', { number: detail.number }))) return;
    try {
      const c = await client.invoke('invoices.credit', { invoiceId: detail.id });
      notify(t('b.credited', { number: c.number }), 'info');
      await open(detail.id);
    } catch (e) {
      fail(e);
    }
  };

  const cols = useMemo<ColDef<InvoiceRow>[]>(
    () => [
      { field: 'number', headerName: t('b.number'), width: 110 },
      { field: 'clientName', headerName: t('b.client'), width: 210, pinned: 'left', filter: 'agTextColumnFilter' },
      { field: 'reference', headerName: t('b.reference'), width: 130 },
      { field: 'totalCents', headerName: t('b.total'), width: 120, type: 'rightAligned', valueFormatter: (p) => euros(p.value) },
      { field: 'previousCents', headerName: t('b.previous'), width: 130, type: 'rightAligned', valueFormatter: (p) => euros(p.value) },
      {
        field: 'differenceCents',
        headerName: t('b.difference'),
        width: 120,
        type: 'rightAligned',
        valueFormatter: (p) => (p.value === null || p.value === undefined ? t('b.new') : `${p.value > 0 ? '+' : ''}${euros(p.value)}`),
        cellClass: (p) => (p.value > 0 ? 'up' : p.value < 0 ? 'down' : ''),
      },
      { field: 'rows', headerName: t('b.rows'), width: 80, type: 'rightAligned' },
      { field: 'delivery', headerName: t('b.delivery'), width: 140, valueFormatter: (p) => t(`b.deliveries.${p.value}`) },
      { field: 'credited', headerName: t('b.creditedCol'), width: 110, valueFormatter: (p) => (p.value ? t('b.yes') : '') },
    ],
    [t],
  );

  const sum = (invoices ?? []).reduce((s, r) => s + r.totalCents, 0);
  return (
    <>
      <div className="toolbar views" role="toolbar">
        <label className="inline">
          {t('b.month')} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-label={t('b.month')} />
        </label>
        <button className="primary" disabled={!!progress} onClick={() => void start()}>
          {t('b.startRun')}
        </button>
        {progress && (
          <span className="progress-panel" role="status" data-testid="run-progress">
            <progress max={progress.total || 1} value={progress.done} /> {t('b.progress', { done: progress.done, total: progress.total })}
          </span>
        )}
      </div>
      <div className="table-wrap">
        <table className="data-table" data-testid="invoice-runs">
          <thead>
            <tr>
              <th>{t('b.month')}</th>
              <th>{t('b.status')}</th>
              <th>{t('b.invoices')}</th>
              <th>{t('b.total')}</th>
              <th>{t('b.previousRun')}</th>
              <th>{t('b.invoiceDate')}</th>
              <th>{t('b.dueDate')}</th>
              <th>{t('b.createdBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === current ? 'selected' : ''}>
                <td>{r.month}</td>
                <td>{t(`b.runStatuses.${r.status}`)}</td>
                <td>{r.invoiceCount.toLocaleString('fi-FI')}</td>
                <td className="num">{euros(r.totalCents)}</td>
                <td className="num">{euros(r.previousTotalCents)}</td>
                <td>{fi(r.invoiceDate)}</td>
                <td>{fi(r.dueDate)}</td>
                <td>{r.createdBy}</td>
                <td className="actions">
                  <button onClick={() => setCurrent(r.id)}>{t('b.open')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {run && (
        <>
          <div className="toolbar views" role="toolbar">
            <strong>
              {t('b.runTitle', { month: run.month })} · {t(`b.runStatuses.${run.status}`)}
            </strong>
            <span className="muted">
              {t('b.sum', { n: invoices?.length ?? 0, total: euros(sum) })}
              {run.previousTotalCents !== null ? ` · ${t('b.vsPrevious')} ${sum - run.previousTotalCents > 0 ? '+' : ''}${euros(sum - run.previousTotalCents)}` : ''}
            </span>
            <input className="quick-filter" placeholder="…" aria-label="Pikasuodatus" value={quick} onChange={(e) => setQuick(e.target.value)} />
            <span className="spacer" />
            <button onClick={() => void xlsx()}>{t('b.xlsx')}</button>
            {run.status === 'draft' && <button onClick={() => void act('cancel')}>{t('b.cancelRun')}</button>}
            {run.status === 'draft' && (
              <button className="primary" onClick={() => void act('approve')}>
                {t('b.approve')}
              </button>
            )}
            {run.status === 'approved' && <button onClick={() => void material()}>{t('b.material')}</button>}
          </div>
          <div className="split">
            <div className="grid" data-rows={invoices?.length ?? 0} data-testid="invoices">
              <AgGridReact<InvoiceRow>
                {...gridDefaults}
                rowData={invoices ?? []}
                columnDefs={cols}
                quickFilterText={quick}
                defaultColDef={{ sortable: true, resizable: true }}
                getRowId={(p) => p.data.id}
                onRowClicked={(e) => e.data && void open(e.data.id)}
              />
            </div>
            {detail && (
              <aside className="detail-panel" data-testid="invoice-detail">
                <h2>
                  {t(detail.kind === 'invoice' ? 'b.invoice' : 'b.creditNote')} {detail.number}
                </h2>
                <p>
                  {detail.clientName} · {t('b.reference')} {detail.reference} · {detail.rf}
                  <br />
                  {t('b.dueDate')} {fi(detail.dueDate)} · {euros(detail.totalCents)}
                </p>
                <table className="data-table">
                  <tbody>
                    {detail.lines.map((l, i) => (
                      <tr key={i}>
                        <td>{l.description}</td>
                        <td className="num">{euros(l.amountCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="small mono" data-testid="barcode">
                  {detail.barcode}
                </p>
                <div className="actions">
                  <button onClick={() => void pdf()}>{t('b.pdf')}</button>
                  {detail.status === 'approved' && detail.kind === 'invoice' && !detail.credited && <button onClick={() => void credit()}>{t('b.credit')}</button>}
                </div>
              </aside>
            )}
          </div>
        </>
      )}
    </>
  );
}

function Carers() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const gridDefaults = useGridDefaults();
  const { boot } = useApp();
  const today = boot.today;
  const [agreements, setAgreements] = useState<Agreement[]>([]);
  const [runs, setRuns] = useState<CareRun[]>([]);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [current, setCurrent] = useState<string | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
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
  const approve = async (id: string) => {
    try {
      await client.invoke('caregiver.approve', { runId: id });
      reload();
    } catch (e) {
      fail(e);
    }
  };
  const csv = async (id: string) => {
    try {
      const c = await client.invoke('caregiver.csv', { runId: id });
      download(c.fileName, new Blob([c.csv], { type: 'text/csv;charset=utf-8' }));
    } catch (e) {
      fail(e);
    }
  };
  const dayOff = async (a: Agreement) => {
    const day = window.prompt(t('b.dayOffPrompt', { name: a.carerName }), today);
    if (!day) return;
    try {
      await client.invoke('caregiver.dayOff', { agreementId: a.id, day });
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const cols = useMemo<ColDef<Agreement>[]>(
    () => [
      { field: 'carerName', headerName: t('b.carer'), flex: 1, minWidth: 160 },
      { field: 'carerHetuMasked', headerName: t('b.hetu'), width: 120 },
      { field: 'clientName', headerName: t('b.caredFor'), flex: 1, minWidth: 160 },
      { field: 'tierCode', headerName: t('b.tier'), width: 80 },
      { field: 'tierFeeCents', headerName: t('b.careFee'), width: 120, type: 'rightAligned', valueFormatter: (p) => euros(p.value) },
      { field: 'startDate', headerName: t('b.validFrom'), width: 110, valueFormatter: (p) => fi(p.value) },
      { field: 'daysOffPerMonth', headerName: t('b.daysOffPerMonth'), width: 110, type: 'rightAligned' },
      {
        colId: 'balance',
        headerName: t('b.daysOffBalance'),
        width: 150,
        valueGetter: (p) => (p.data ? `${p.data.daysOffUsedThisYear} / ${p.data.daysOffEarnedThisYear}` : ''),
      },
      { colId: 'act', headerName: '', width: 150, cellRenderer: (p: { data?: Agreement }) => <button onClick={() => p.data && void dayOff(p.data)}>{t('b.addDayOff')}</button> },
    ],
    [t, dayOff],
  );

  const agreement = agreements.find((a) => a.id === chosen) ?? null;
  const year = Number(today.slice(0, 4));
  const first = agreements[0];

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
      <div className="toolbar views" role="toolbar">
        <label className="inline">
          {t('b.month')} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <button className="primary" onClick={() => void create()}>
          {t('b.createPayments')}
        </button>
      </div>
      <div className="table-wrap">
        <table className="data-table" data-testid="care-runs">
          <thead>
            <tr>
              <th>{t('b.month')}</th>
              <th>{t('b.status')}</th>
              <th>{t('b.count')}</th>
              <th>{t('b.total')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === current ? 'selected' : ''}>
                <td>{r.month}</td>
                <td>{t(`b.runStatuses.${r.status}`)}</td>
                <td>{r.count}</td>
                <td className="num">{euros(r.totalCents)}</td>
                <td className="actions">
                  <button onClick={() => setCurrent(r.id)}>{t('b.open')}</button>
                  <button onClick={() => void csv(r.id)}>{t('b.csv')}</button>
                  {r.status === 'draft' && <button onClick={() => void approve(r.id)}>{t('b.approve')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {current && (
          <table className="data-table" data-testid="care-payments">
            <thead>
              <tr>
                <th>{t('b.carer')}</th>
                <th>{t('b.caredFor')}</th>
                <th>{t('b.tier')}</th>
                <th>{t('b.careFee')}</th>
                <th>{t('b.paidDays')}</th>
                <th>{t('b.amount')}</th>
                <th>{t('b.change')}</th>
                <th>{t('b.correction')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.agreementId}>
                  <td>{p.carerName}</td>
                  <td>{p.clientName}</td>
                  <td>{p.tierCode}</td>
                  <td className="num">{euros(p.monthlyCents)}</td>
                  <td>
                    {p.paidDays} / {p.monthDays}
                  </td>
                  <td className="num" title={((JSON.parse(p.basis) as { fi?: string[]; sv?: string[] })[lang === 'sv' ? 'sv' : 'fi'] ?? []).join('\n')}>
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
    </>
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
            <th />
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
        <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} aria-label={t('fee.from')} />
        <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} aria-label={t('fee.to')} />
        <input value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} aria-label={t('fee.note')} placeholder={t('fee.note')} />
        <button onClick={() => void call(client.invoke('caregiver.addInterruption', { agreementId: agreement.id, ...form }))}>{t('b.careAddInterruption')}</button>
      </div>
    </div>
  );
}
