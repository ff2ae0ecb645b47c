// Jono › Aloittamatta olevat palvelut: granted services whose start has not been recorded, overdue first (the
// arrange-by date of vanhuspalvelulaki 18 § 2 mom has passed), with who is responsible; the start (or that it will
// not start) is recorded right here.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import { useGridDefaults } from '../ui/grid';
import { AllCommunityModule, ModuleRegistry, type ColDef, type ICellRendererParams } from 'ag-grid-community';
import type { ArrangementLineDto } from '../../../shared/contract/arrangement-schemas';
import { isCountyWide } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { fi, useFailNotice } from '../guidance/common';
import { ArrangementActions } from './ArrangementActions';

ModuleRegistry.registerModules([AllCommunityModule]);

export function useVisibleAreas() {
  const { user, boot } = useApp();
  return useMemo(() => (isCountyWide(user.role) ? boot.areas : boot.areas.filter((a) => user.areaIds.includes(a.id))), [user, boot]);
}

export function AwaitingStartView() {
  const { t, i18n } = useTranslation();
  const gridDefaults = useGridDefaults();
  const lang = i18n.language as Lang;
  const { user, openClient } = useApp();
  const fail = useFailNotice();
  const areas = useVisibleAreas();
  const [areaId, setAreaId] = useState<string | null>(areas.length === 1 ? areas[0]!.id : null);
  const [overdueOnly, setOverdueOnly] = useState(true);
  const [mine, setMine] = useState(false);
  const [data, setData] = useState<{ lines: ArrangementLineDto[]; overdue: number; awaiting: number } | null>(null);
  const [selected, setSelected] = useState<ArrangementLineDto | null>(null);

  const load = useCallback(() => {
    client.invoke('arrangement.awaiting', { areaId, workerId: mine ? user.id : null, overdueOnly }).then(setData, fail);
  }, [areaId, mine, overdueOnly, user.id, fail]);
  useEffect(load, [load]);

  const svc = useCallback((l: ArrangementLineDto) => (lang === 'sv' ? l.serviceNameSv : l.serviceNameFi), [lang]);
  const areaName = useCallback((id: string) => areas.find((a) => a.id === id)?.[lang === 'sv' ? 'nameSv' : 'nameFi'] ?? '', [areas, lang]);

  const columns = useMemo<ColDef<ArrangementLineDto>[]>(
    () => [
      {
        headerName: t('arr.col.client'),
        field: 'clientName',
        flex: 1,
        minWidth: 180,
        filter: 'agTextColumnFilter',
        cellRenderer: (p: ICellRendererParams<ArrangementLineDto>) =>
          p.data ? (
            <button className="link cell-link" onClick={() => openClient(p.data!.clientId)}>
              {p.data.clientName}
            </button>
          ) : null,
      },
      { headerName: t('arr.col.service'), valueGetter: (p) => (p.data ? svc(p.data) : ''), filter: 'agTextColumnFilter', width: 210 },
      { headerName: t('arr.col.decided'), field: 'decidedOn', valueFormatter: (p) => fi(p.value as string), width: 120 },
      { headerName: t('arr.col.arrangeBy'), field: 'arrangeBy', valueFormatter: (p) => fi(p.value as string), width: 150, sort: 'asc' },
      {
        headerName: t('arr.col.state'),
        colId: 'state',
        valueGetter: (p) => (p.data ? t(`arr.state.${p.data.state}`) : ''),
        cellClass: (p) => (p.data?.state === 'overdue' ? 'cell-urgent' : ''),
        width: 150,
      },
      { headerName: t('arr.col.daysLate'), field: 'daysLate', type: 'numericColumn', width: 120 },
      { headerName: t('arr.col.waiting'), field: 'waitingDays', type: 'numericColumn', width: 120 },
      {
        headerName: t('arr.col.responsible'),
        valueGetter: (p) => (p.data ? `${p.data.responsibleWorkerName ?? ''}${p.data.responsibleIsDrafter ? ` ${t('arr.drafter')}` : ''}` : ''),
        filter: 'agTextColumnFilter',
        width: 230,
      },
      { headerName: t('arr.col.area'), valueGetter: (p) => (p.data ? areaName(p.data.areaId) : ''), width: 200, hide: areas.length === 1 },
    ],
    [t, svc, areaName, areas.length, openClient],
  );

  return (
    <section className="awaiting-start" aria-labelledby="awaiting-title">
      <div className="toolbar">
        <h1 id="awaiting-title">{t('arr.queueTitle')}</h1>
        {areas.length > 1 && (
          <label>
            {t('arr.col.area')}{' '}
            <select value={areaId ?? ''} onChange={(e) => setAreaId(e.target.value || null)}>
              <option value="">{t('queue.wholeCounty')}</option>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {lang === 'sv' ? a.nameSv : a.nameFi}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> {t('arr.overdueOnly')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> {t('arr.mine')}
        </label>
        <span className="spacer" />
        {data && (
          <span aria-live="polite">
            <strong className={data.overdue > 0 ? 'bad' : ''}>{t('arr.overdueCount', { count: data.overdue })}</strong>
            {!overdueOnly && <span className="muted"> · {t('arr.awaitingCount', { count: data.awaiting })}</span>}
          </span>
        )}
      </div>
      <p className="muted small">{t('arr.queueNote')}</p>
      <div className="grid awaiting-grid" data-rows={data?.lines.length ?? 0}>
        <AgGridReact<ArrangementLineDto>
          {...gridDefaults}
          rowData={data?.lines ?? []}
          columnDefs={columns}
          getRowId={(p) => p.data.lineId}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
          overlayNoRowsTemplate={t('arr.empty')}
          animateRows={false}
        />
      </div>
      {selected && (
        <div className="panel selected-line" aria-label={selected.clientName}>
          <strong>{selected.clientName}</strong> · {svc(selected)} · {t('arr.col.decision')} {selected.decisionNumber}
          <ArrangementActions
            line={selected}
            onChanged={(l) => {
              setSelected(l.state === 'awaiting' || l.state === 'overdue' ? l : null);
              load();
            }}
          />
        </div>
      )}
    </section>
  );
}
