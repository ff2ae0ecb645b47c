// Kirjeet: the client secretary's sending queue (signed decisions not yet sent) and the sending batches. A batch
// makes, signs and packages the letters as an e-kirje print batch; progress arrives as events; a batch can be
// cancelled, and an interrupted one resumed. Each waiting decision shows how long ago it was signed: a decision
// is to be notified without delay, so one waiting longer than LATE_DAYS is flagged, and one whose arrange-by date
// has already passed (the letter would promise a day that is gone) is named before the batch is made.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import { useEmptyOverlay, useGridDefaults } from '../ui/grid';
import type { ColDef } from 'ag-grid-community';
import type { OutputOf } from '../../../shared/contract/channels';
import { client } from '../api/client';
import { BatchProgressPanel, useBatchProgress } from './BatchProgress';
import { useApp } from '../shell/bootstrap';
import { fi, servicesText, useFailNotice } from '../guidance/common';
import { LetterPreview, pdfBlobUrl } from './LetterPreview';
import { touches, useDataChanged } from '../sync/useDataChanged';
import { RouteBadge } from './Deliveries';
import { HandOverForm } from './HandOver';
import { eventTime } from './Deliveries';
import { daysBetween, formatFi } from '../../../shared/domain/dates';
import { formatDateTime } from '../../../shared/messages';

/** A file's own name from its full path (the folder is in the tooltip). */
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

type Ready = OutputOf<'letters.ready'>[number];
type Batch = OutputOf<'letters.batches'>[number];
type FilterKey = 'all' | 'late' | 'suomifi' | 'suomifi_paper' | 'ekirje' | 'manual' | 'missing' | 'failed';
type HandRow = OutputOf<'letters.toHandOver'>[number];
const FILTERS: FilterKey[] = ['all', 'late', 'suomifi', 'suomifi_paper', 'ekirje', 'manual', 'missing', 'failed'];

/** A signed decision waiting longer than this (calendar days) is late. */
export const LATE_DAYS = 7;

export function LettersView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const gridDefaults = useGridDefaults();
  const emptyReady = useEmptyOverlay(() => (filterRef.current === 'all' && !quickRef.current.trim() ? t('l.emptyReady') : t('l.emptyFiltered')));
  const { notify, openDecision, confirm, boot } = useApp();
  const today = boot.today;
  const waited = useCallback((r: Ready) => daysBetween(r.decidedOn, today), [today]);
  const isLate = useCallback((r: Ready) => waited(r) > LATE_DAYS || (r.arrangeBy !== null && r.arrangeBy < today), [waited, today]);
  const [tab, setTab] = useState<'ready' | 'hand' | 'batches'>('ready');
  const [hand, setHand] = useState<HandRow[]>([]);
  const [handing, setHanding] = useState<string | null>(null);
  const [rows, setRows] = useState<Ready[] | null>(null);
  const [batches, setBatches] = useState<Batch[]>([]);
  const [filter, setFilter] = useState<FilterKey>('all');
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const [quick, setQuick] = useState('');
  const quickRef = useRef(quick);
  quickRef.current = quick;
  const [selected, setSelected] = useState<Ready[]>([]);
  const [preview, setPreview] = useState<string | null>(null);
  const [items, setItems] = useState<{ batchId: string; rows: OutputOf<'letters.batchItems'> } | null>(null);
  const grid = useRef<AgGridReact<Ready>>(null);
  const fail = useFailNotice();

  const reload = useCallback(() => {
    client.invoke('letters.ready', {}).then(setRows, fail);
    client.invoke('letters.batches', {}).then(setBatches, fail);
    client.invoke('letters.toHandOver', {}).then(setHand, fail);
  }, [fail]);
  useEffect(reload, [reload]);
  // Decisions signed or sent on other workstations change the sending queue.
  useDataChanged((c) => touches(c, 'decisions', 'letters', 'deliveries') && reload());
  // The letters of the batch being looked at are read again when its job has ended (the list read while it ran
  // shows letters still waiting), as are the lists.
  const itemsOf = useRef<string | null>(null);
  const onBatchEnded = useCallback(
    (batchId: string) => {
      reload();
      if (itemsOf.current === batchId) void client.invoke('letters.batchItems', { batchId }).then((rows) => itemsOf.current === batchId && setItems({ batchId, rows }), fail);
    },
    [reload, fail],
  );
  const progress = useBatchProgress(onBatchEnded);

  const matches = useCallback(
    (r: Ready, k: FilterKey) => k === 'all' || (k === 'late' ? isLate(r) : k === 'failed' ? r.lastFailure !== null : r.route === k),
    [isLate],
  );
  const shown = useMemo(() => (rows ?? []).filter((r) => matches(r, filter)), [rows, filter, matches]);
  const running = batches.find((b) => b.running);

  const cols = useMemo<ColDef<Ready>[]>(
    () => [
      {
        field: 'number',
        headerName: t('l.number'),
        width: 140,
        cellRenderer: (p: { data?: Ready }) => (
          <button className="link cell-link" onClick={() => openDecision(p.data!.decisionId)}>
            {p.data?.number}
          </button>
        ),
      },
      { field: 'clientName', headerName: t('l.client'), width: 210, pinned: 'left', filter: 'agTextColumnFilter' },
      { field: 'language', headerName: t('l.language'), width: 80, valueFormatter: (p) => String(p.value).toUpperCase() },
      { field: 'outcome', headerName: t('l.outcome'), width: 150, valueFormatter: (p) => t(`g.outcomes.${p.value}`) },
      { colId: 'services', headerName: t('l.services'), flex: 1, minWidth: 170, valueGetter: (p) => servicesText(p.data?.serviceItems, lang, t) },
      { field: 'decidedOn', headerName: t('l.decidedOn'), width: 120, valueFormatter: (p) => fi(p.value) },
      {
        colId: 'waited',
        headerName: t('l.waited'),
        headerTooltip: t('l.waitedHint', { days: LATE_DAYS }),
        valueGetter: (p) => (p.data ? waited(p.data) : null),
        type: 'numericColumn',
        width: 170,
        cellRenderer: (p: { data?: Ready; value: number }) =>
          p.data ? (
            waited(p.data) > LATE_DAYS ? (
              <span className="badge late" title={t('l.lateHint', { days: LATE_DAYS })}>
                {t('l.daysLate', { count: p.value })}
              </span>
            ) : (
              t('l.days', { count: p.value })
            )
          ) : null,
      },
      {
        field: 'arrangeBy',
        headerName: t('l.arrangeBy'),
        width: 150,
        cellRenderer: (p: { data?: Ready }) =>
          p.data?.arrangeBy ? (
            p.data.arrangeBy < today ? (
              <span className="badge late" title={t('l.arrangeByPassed')}>
                {formatFi(p.data.arrangeBy)}
              </span>
            ) : (
              formatFi(p.data.arrangeBy)
            )
          ) : (
            ''
          ),
      },
      { field: 'makerName', headerName: t('l.maker'), width: 160 },
      {
        field: 'route',
        headerName: t('dv.route'),
        width: 170,
        cellRenderer: (p: { data?: Ready }) =>
          p.data ? (
            <>
              <RouteBadge route={p.data.route} reason={p.data.routeReason} />
              {p.data.lastFailure && (
                <span className="badge warn" title={p.data.lastFailure.error ?? undefined}>
                  {t(`dv.statuses.${p.data.lastFailure.status}`)}
                </span>
              )}
            </>
          ) : null,
      },
      { field: 'addressProtected', headerName: t('l.protected'), width: 120, valueFormatter: (p) => (p.value ? t('l.protected') : '') },
      { field: 'postalCode', headerName: t('l.postalCode'), width: 100 },
      { field: 'hasLetter', headerName: t('l.letter'), width: 90, valueFormatter: (p) => (p.value ? t('l.made') : '') },
    ],
    [t, lang, openDecision, waited, today],
  );

  const create = async (route: 'ekirje' | 'manual' | null) => {
    const ids = selected.map((r) => r.decisionId);
    if (ids.length === 0) return notify(t('l.nothingSelected'), 'error');
    const n = (k: Ready['route']) => selected.filter((r) => r.route === k).length;
    const passed = selected.filter((r) => r.arrangeBy !== null && r.arrangeBy < today);
    const late = selected.filter((r) => waited(r) > LATE_DAYS);
    const byRoute = (['suomifi', 'suomifi_paper', 'ekirje', 'manual'] as const).filter((k) => n(k) > 0);
    const ok = await confirm({
      title: t('l.confirmTitle', { count: ids.length }),
      confirmLabel: passed.length ? t('l.sendAnyway') : t('l.createBatch'),
      body: (
        <>
          {route === null && (
            <table data-testid="batch-summary">
              <tbody>
                {byRoute.map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(`dv.routes.${k}`)}</th>
                    <td>
                      {t('l.letters', { count: n(k) })}
                      {k === 'manual' ? ` – ${t('l.manualNotInBatch')}` : ''}
                    </td>
                  </tr>
                ))}
                {late.length > 0 && (
                  <tr>
                    <th scope="row">{t('l.lateRow', { days: LATE_DAYS })}</th>
                    <td>{t('l.letters', { count: late.length })}</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          {passed.length > 0 && (
            <p className="field-warning" data-testid="dates-passed">
              {t('l.datesPassed', { count: passed.length, numbers: passed.slice(0, 8).map((r) => `${r.number} (${formatFi(r.arrangeBy)})`).join(', ') })}
            </p>
          )}
          <p className="next">
            {route === 'ekirje'
              ? t('dv.confirmPaper', { n: ids.length })
              : route === 'manual'
                ? t('dv.confirmHand', { n: ids.length })
                : t('dv.confirm', { n: ids.length, suomifi: n('suomifi'), suomifi_paper: n('suomifi_paper'), ekirje: n('ekirje') })}
          </p>
          {route === null && n('manual') > 0 && <p className="next">{t('dv.confirmManual', { manual: n('manual') })}</p>}
        </>
      ),
    });
    if (ok === null) return;
    try {
      await client.invoke('letters.createBatch', { decisionIds: ids, route });
      notify(t('l.started'), 'info');
      grid.current?.api.deselectAll();
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const act = async (channel: 'letters.cancelBatch' | 'letters.resumeBatch', batchId: string) => {
    try {
      await client.invoke(channel, { batchId });
      if (channel === 'letters.cancelBatch') notify(t('l.cancelled'), 'info');
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const printBatch = async (b: Batch, mode: 'print' | 'download') => {
    try {
      const copy = await client.invoke('letters.printCopy', { batchId: b.id });
      if (mode === 'print') {
        const r = await client.invoke('app.printPdf', { path: copy.path });
        if (r.printed) return;
      }
      if (!copy.pdfBase64) return notify(t('l.printTooLarge', { mb: Math.round(copy.sizeBytes / 1e6), path: copy.path }), 'info');
      const a = document.createElement('a');
      a.href = pdfBlobUrl(copy.pdfBase64);
      a.download = copy.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      fail(e);
    }
  };

  const pollNow = async () => {
    try {
      const { jobId } = await client.invoke('suomifi.pollNow', {});
      notify(t('dv.polling'), 'info');
      // The look runs as a job: the lists are read again when it has ended.
      const off = client.on('jobs.progress', (p) => {
        if (p.id !== jobId || (p.status !== 'completed' && p.status !== 'failed')) return;
        off();
        reload();
        if (items) void showItems(items.batchId);
      });
    } catch (e) {
      fail(e);
    }
  };

  const showItems = async (batchId: string) => {
    itemsOf.current = batchId;
    try {
      const rows = await client.invoke('letters.batchItems', { batchId });
      if (itemsOf.current === batchId) setItems({ batchId, rows });
    } catch (e) {
      fail(e);
    }
  };

  const batchStatus = (b: Batch) => (b.status === 'running' && !b.running ? 'interrupted' : b.status);

  return (
    <section className="queue">
      <div className="toolbar">
        <h1>{t('l.title')}</h1>
        <div className="toolbar views" role="tablist">
          {(['ready', 'hand', 'batches'] as const).map((k) => (
            <button key={k} role="tab" aria-selected={tab === k} className={tab === k ? 'chip active' : 'chip'} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
              {k === 'hand' ? t('dv.handTab') : t(`l.tabs.${k}`)}
              {k === 'ready' && rows ? ` (${rows.length.toLocaleString('fi-FI')})` : ''}
              {k === 'hand' ? ` (${hand.length})` : ''}
            </button>
          ))}
        </div>
        <span className="spacer" />
      </div>

      {running && (
        <BatchProgressPanel batch={running} progress={progress} testId="batch-progress">
          <button onClick={() => void act('letters.cancelBatch', running.id)}>{t('l.cancel')}</button>
        </BatchProgressPanel>
      )}

      {tab === 'ready' && (
        <>
          <div className="toolbar views" role="toolbar">
            {FILTERS.map((k) => (
              <button key={k} className={filter === k ? 'chip active' : 'chip'} aria-pressed={filter === k} onClick={() => setFilter(k)} data-filter={k}>
                {k === 'all' || k === 'late' ? t(`l.filters.${k}`) : k === 'failed' ? t('dv.filterFailed') : t(`dv.routes.${k}`)} ({(rows ?? []).filter((r) => matches(r, k)).length})
              </button>
            ))}
            <input className="quick-filter" placeholder="…" aria-label="Pikasuodatus" value={quick} onChange={(e) => setQuick(e.target.value)} />
            <span className="spacer" />
            <span className="muted">
              {selected.length} {t('l.selected')}
            </span>
            <button disabled={selected.length !== 1} onClick={() => setPreview(selected[0]!.decisionId)}>
              {t('l.preview')}
            </button>
            <button disabled={selected.length === 0 || !!running} onClick={() => void create('manual')}>
              {t('dv.printForHand')}
            </button>
            <button disabled={selected.length === 0 || !!running || selected.some((r) => r.route === 'manual' || r.route === 'missing')} onClick={() => void create('ekirje')}>
              {t('dv.sendPaper')}
            </button>
            <button className="primary" disabled={selected.length === 0 || !!running} onClick={() => void create(null)}>
              {t('l.createBatch')} ({selected.length})
            </button>
          </div>
          <div className="grid" data-rows={shown.length}>
            <AgGridReact<Ready>
              ref={grid}
              {...gridDefaults}
              {...emptyReady}
              rowData={shown}
              columnDefs={cols}
              quickFilterText={quick}
              defaultColDef={{ sortable: true, resizable: true }}
              getRowId={(p) => p.data.decisionId}
              rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, selectAll: 'filtered', isRowSelectable: (n) => n.data?.route !== 'missing' }}
              onSelectionChanged={(e) => setSelected(e.api.getSelectedRows())}
              onRowDoubleClicked={(e) => e.data && setPreview(e.data.decisionId)}
            />
          </div>
        </>
      )}

      {tab === 'hand' && (
        <div className="table-wrap">
          {hand.length === 0 ? (
            <p className="muted empty">{t('dv.handEmpty')}</p>
          ) : (
            <table className="data-table" data-testid="hand-over">
              <thead>
                <tr>
                  <th>{t('l.number')}</th>
                  <th>{t('l.client')}</th>
                  <th>{t('l.decidedOn')}</th>
                  <th>{t('dv.route')}</th>
                  <th>{t('dv.waiting')}</th>
                  <th>
                  <span className="visually-hidden">{t('g.actions')}</span>
                </th>
                </tr>
              </thead>
              <tbody>
                {hand.map((h) => (
                  <tr key={h.deliveryId} data-decision={h.decisionId}>
                    <td>
                      <button className="link" onClick={() => openDecision(h.decisionId)}>
                        {h.number}
                      </button>
                    </td>
                    <td>
                      {h.clientName}
                      {h.addressProtected && <span className="badge warn">{t('l.protected')}</span>}
                    </td>
                    <td>{fi(h.decidedOn)}</td>
                    <td>
                      <RouteBadge route="manual" reason={h.routeReason} />
                    </td>
                    <td>{eventTime(h.waitingSince, i18n.language)}</td>
                    <td className="actions">
                      {handing === h.decisionId ? (
                        <HandOverForm
                          decisionId={h.decisionId}
                          onDone={() => {
                            setHanding(null);
                            reload();
                          }}
                          onCancel={() => setHanding(null)}
                        />
                      ) : (
                        <>
                          <button onClick={() => setPreview(h.decisionId)}>{t('dv.print')}</button>
                          <button className="primary" onClick={() => setHanding(h.decisionId)}>
                            {t('dv.recordHandOver')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}

      {tab === 'batches' && (
        <div className="table-wrap">
          <div className="toolbar">
            <span className="spacer" />
            <button onClick={() => void pollNow()}>{t('dv.pollNow')}</button>
          </div>
          <table className="data-table" data-testid="batches">
            <thead>
              <tr>
                <th>{t('l.batch.created')}</th>
                <th>{t('l.batch.by')}</th>
                <th>{t('l.batch.status')}</th>
                <th>{t('l.batch.letters')}</th>
                <th>{t('l.batch.pages')}</th>
                <th>{t('dv.batchRoutes')}</th>
                <th>{t('l.batch.failed')}</th>
                <th>{t('l.batch.sentOn')}</th>
                <th>{t('l.batch.zip')}</th>
                <th>
                  <span className="visually-hidden">{t('l.batch.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.length === 0 && (
                <tr>
                  <td colSpan={10} className="muted empty">
                    {t('l.emptyBatches')}
                  </td>
                </tr>
              )}
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>{formatDateTime(b.createdAt, lang)}</td>
                  <td>{b.createdByName}</td>
                  <td>
                    {t(`l.batch.statuses.${batchStatus(b)}`)}
                    {b.error && <div className="error small">{b.error}</div>}
                  </td>
                  <td>{b.status === 'completed' ? b.letters : `${b.done} / ${b.total}`}</td>
                  <td>{b.pages || ''}</td>
                  <td className="routes">
                    {(['suomifi', 'suomifi_paper', 'ekirje', 'manual'] as const)
                      .filter((k) => b.routes[k] > 0)
                      .map((k) => (
                        <span key={k} className="route-count">
                          <RouteBadge route={k} /> {b.routes[k]}
                        </span>
                      ))}
                    {b.status === 'completed' && (
                      <div className="muted small">{t('dv.batchDone', { sent: b.deliveries.sent, handedOver: b.deliveries.handedOver, pending: b.deliveries.pending, failed: b.deliveries.failed })}</div>
                    )}
                  </td>
                  <td>{b.failed || ''}</td>
                  <td>{fi(b.sentOn)}</td>
                  <td className="file" title={b.zipPath ?? undefined}>
                    {b.zipPath ? fileName(b.zipPath) : ''}
                  </td>
                  <td className="actions">
                    <button onClick={() => void showItems(b.id)}>{t('l.items')}</button>
                    {(b.status === 'failed' || (b.status === 'running' && !b.running)) && <button onClick={() => void act('letters.resumeBatch', b.id)}>{t('l.resume')}</button>}
                    {b.status !== 'completed' && b.status !== 'cancelled' && !b.running && <button onClick={() => void act('letters.cancelBatch', b.id)}>{t('l.cancel')}</button>}
                    {b.status === 'completed' && b.letters > 0 && (
                      <>
                        <button onClick={() => void printBatch(b, 'print')}>{t('l.print')}</button>
                        <button onClick={() => void printBatch(b, 'download')}>{t('l.download')}</button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items && (
            <table className="data-table" data-testid="batch-items">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('l.number')}</th>
                  <th>{t('l.client')}</th>
                  <th>{t('dv.route')}</th>
                  <th>{t('l.batch.status')}</th>
                  <th>{t('dv.notified')}</th>
                  <th>{t('dv.eventsTitle')}</th>
                  <th>{t('l.batch.error')}</th>
                </tr>
              </thead>
              <tbody>
                {items.rows.map((i) => (
                  <tr key={i.seq}>
                    <td>{i.seq}</td>
                    <td>
                      <button className="link" onClick={() => setPreview(i.decisionId)}>
                        {i.number}
                      </button>
                    </td>
                    <td>
                      {i.clientName}
                      {i.addressProtected && <span className="badge warn">{t('l.protected')}</span>}
                    </td>
                    <td>{i.route ? <RouteBadge route={i.route} /> : ''}</td>
                    <td data-testid="item-status">
                      {i.delivery ? t(`dv.statuses.${i.delivery.status}`) : t(`l.itemStatuses.${i.status}`)}
                      {i.delivery?.deliveredAs ? ` (${t(`dv.deliveredAs.${i.delivery.deliveredAs}`)})` : ''}
                    </td>
                    <td>
                      {fi(i.notifiedOn)}
                      {i.notificationProvisional && <span className="muted small"> ({t('dv.provisional')})</span>}
                    </td>
                    <td className="small">
                      {i.delivery?.events.map((e, k) => (
                        <div key={k} data-event={e.type}>
                          {eventTime(e.at, i18n.language)} {t(`dv.events.${e.type}`)}
                        </div>
                      ))}
                    </td>
                    <td className={i.error ? 'error small' : ''}>{i.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {preview && <LetterPreview decisionId={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}
