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
import { Carers, download } from './Carers';
import { InvoiceLines } from './InvoiceLines';
import { InvoiceBreakdown } from './InvoiceBreakdown';
import { monthLabel } from '../ui/MonthInput';
import { RunMonthBar, useConfirmedAction } from './RunMonth';
import type { InvoiceMaterial } from '../../../shared/contract/billing-schemas';

type Run = OutputOf<'invoices.runs'>[number];
type Job = OutputOf<'jobs.get'>;
type JobState = { id: string; phase: string | null; done: number | null; total: number | null; cancelRequested: boolean };
type InvoiceRow = OutputOf<'invoices.list'>[number];
type Detail = OutputOf<'invoices.detail'>;



function base64Blob(base64: string, type: string): Blob {
  return new Blob([base64Bytes(base64) as Uint8Array<ArrayBuffer>], { type });
}

/**
 * Follows a durable job by id ('jobs.progress') until it ends (completed, failed or cancelled) and resolves
 * with its final state from jobs.get; an end that came before the listener is caught by the first jobs.get.
 */
function followJob(jobId: string, onProgress: (p: JobState) => void): Promise<Job> {
  return new Promise((resolve, reject) => {
    let ended = false;
    const isEnd = (status: string) => status === 'completed' || status === 'failed' || status === 'cancelled';
    const end = () => {
      if (ended) return;
      ended = true;
      off();
      client.invoke('jobs.get', { jobId }).then(resolve, reject);
    };
    const off = client.on('jobs.progress', (p) => {
      if (p.id !== jobId) return;
      onProgress(p);
      if (isEnd(p.status)) end();
    });
    client.invoke('jobs.get', { jobId }).then((j) => (isEnd(j.status) ? end() : onProgress(j)), (e: unknown) => (off(), reject(e)));
  });
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
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const gridDefaults = useGridDefaults();
  const { notify, boot } = useApp();
  const confirmed = useConfirmedAction();
  const today = boot.today;
  const [runs, setRuns] = useState<Run[]>([]);
  const [month, setMonth] = useState(previousMonth(today));
  const [current, setCurrent] = useState<string | null>(null);
  const [invoices, setInvoices] = useState<InvoiceRow[] | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [job, setJob] = useState<JobState | null>(null);
  const [quick, setQuick] = useState('');
  // A finding of the run's review shows only its invoices in the grid.
  const [only, setOnly] = useState<{ ids: Set<string>; kind: string } | null>(null);
  const fail = useFailNotice();
  const reload = useCallback(() => void client.invoke('invoices.runs', {}).then(setRuns, fail), [fail]);
  useEffect(reload, [reload]);
  /** Shows a run or material job's progress until it ends; answers its final state. */
  const follow = useCallback(async (jobId: string) => {
    setJob({ id: jobId, phase: null, done: null, total: null, cancelRequested: false });
    try {
      const j = await followJob(jobId, (p) => setJob({ id: p.id, phase: p.phase, done: p.done, total: p.total, cancelRequested: p.cancelRequested }));
      if (j.status === 'failed') notify(j.error ?? t('b.jobFailed'), 'error');
      if (j.status === 'cancelled') notify(t('b.jobCancelled'), 'info');
      return j;
    } finally {
      setJob(null);
      reload();
    }
  }, [notify, reload, t]);
  const run = runs.find((r) => r.id === current) ?? null;
  // A run or its material still going (started before this view opened, or before a restart) is followed again.
  useEffect(() => {
    let live = true;
    client.invoke('jobs.list', { active: true, kinds: ['invoices.run', 'invoices.material'] }).then((jobs) => {
      if (live && jobs[0]) follow(jobs[0].id).catch(fail);
    }, fail);
    return () => {
      live = false;
    };
  }, [follow, fail]);
  useEffect(() => {
    setInvoices(null);
    setDetail(null);
    setOnly(null);
  }, [current]);
  // The run's invoices, again whenever the run's count, total or state changes (a run opened while its job is
  // still writing showed the invoices of that moment, e.g. 199 of 1 986, after the job had ended); a stale answer
  // never replaces a newer one.
  const runKey = run ? `${run.status}:${run.invoiceCount}:${run.totalCents}` : '';
  useEffect(() => {
    if (!current) return;
    let stale = false;
    client.invoke('invoices.list', { runId: current }).then((list) => !stale && setInvoices(list), fail);
    return () => {
      stale = true;
    };
  }, [current, runKey, fail]);

  const start = async () => {
    try {
      const { runId, jobId } = await client.invoke('invoices.start', { month });
      reload();
      setCurrent(runId);
      const j = await follow(jobId);
      const r = j.result as { invoices: number; totalCents: number } | null;
      if (j.status === 'completed' && r) notify(t('b.runDone', { n: r.invoices, total: euros(r.totalCents) }), 'info');
      client.invoke('invoices.list', { runId }).then(setInvoices, fail);
    } catch (e) {
      fail(e);
    }
  };

  const act = async (what: 'approve' | 'cancel') => {
    if (!run) return;
    await confirmed(
      {
        title: t(what === 'approve' ? 'b.approveTitle' : 'b.cancelTitle', { month: monthLabel(run.month, lang) }),
        body: t(what === 'approve' ? 'b.confirmApprove' : 'b.confirmCancel', { month: monthLabel(run.month, lang), n: run.invoiceCount, total: euros(run.totalCents) }),
        confirmLabel: t(what === 'approve' ? 'b.approve' : 'b.cancelRun'),
        danger: what === 'cancel',
      },
      async () => {
        await client.invoke(what === 'approve' ? 'invoices.approve' : 'invoices.cancel', { runId: run.id, version: run.version });
        reload();
        setCurrent(run.id);
        client.invoke('invoices.list', { runId: run.id }).then(setInvoices, fail);
      },
    );
  };

  const material = async () => {
    if (!run) return;
    try {
      const j = await follow((await client.invoke('invoices.material', { runId: run.id })).jobId);
      const m = j.status === 'completed' ? (j.result as InvoiceMaterial) : null;
      if (!m) return;
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
    if (!detail) return;
    await confirmed(
      {
        title: t('b.creditTitle', { number: detail.number }),
        body: t('b.confirmCredit', { number: detail.number, client: detail.clientName, total: euros(detail.totalCents) }),
        confirmLabel: t('b.credit'),
        danger: true,
      },
      async () => {
        const c = await client.invoke('invoices.credit', { invoiceId: detail.id });
        notify(t('b.credited', { number: c.number }), 'info');
        await open(detail.id);
      },
    );
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
      <RunMonthBar month={month} onMonth={setMonth} ahead={1} runLabel={t('b.startRun')} onRun={() => void start()} disabled={!!job}>
        {job && (
          <span className="progress-panel" role="status" data-testid="run-progress" data-phase={job.phase ?? ''}>
            <progress max={job.total || 1} value={job.done ?? 0} /> {t(`b.phases.${job.phase ?? 'pending'}`, { done: job.done ?? 0, total: job.total ?? 0 })}
            <button disabled={job.cancelRequested} onClick={() => void client.invoke('jobs.cancel', { jobId: job.id }).catch(fail)}>
              {t('b.cancelJob')}
            </button>
          </span>
        )}
      </RunMonthBar>
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
              <th>
                  <span className="visually-hidden">{t('g.actions')}</span>
                </th>
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
          <InvoiceBreakdown
            runId={run.id}
            version={run.version}
            shown={only?.kind ?? null}
            onShow={(ids, kind) => setOnly(ids && kind ? { ids: new Set(ids), kind } : null)}
            onOpen={(id) => void open(id)}
          />
          <div className="split">
            <div className="grid" data-rows={invoices?.length ?? 0} data-testid="invoices">
              <AgGridReact<InvoiceRow>
                {...gridDefaults}
                rowData={only ? (invoices ?? []).filter((i) => only.ids.has(i.id)) : (invoices ?? [])}
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
                <InvoiceLines lines={detail.lines} />
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
