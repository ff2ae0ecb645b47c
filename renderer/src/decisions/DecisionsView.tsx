// Päätökset: the decisions of the county by state: my drafts and proposals, those waiting for my signature,
// made decisions not yet sent (the secretaries' sending queue) and sent ones with their deadlines.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import { useEmptyOverlay, useGridDefaults } from '../ui/grid';
import type { ColDef } from 'ag-grid-community';
import type { OutputOf } from '../../../shared/contract/channels';
import type { DecisionStatus } from '../../../shared/domain/decisions';
import { DECISION_ROLES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { fi, servicesText, useFailNotice } from '../guidance/common';
import { touches, useDataChanged } from '../sync/useDataChanged';

type Row = OutputOf<'decisions.list'>[number];
type FilterKey = 'mine' | 'waiting' | 'draft' | 'proposed' | 'signed' | 'sent' | 'all';
const FILTERS: Record<FilterKey, { statuses: DecisionStatus[]; mine?: boolean; waitingForMe?: boolean }> = {
  mine: { statuses: ['draft', 'proposed'], mine: true },
  waiting: { statuses: [], waitingForMe: true },
  draft: { statuses: ['draft'] },
  proposed: { statuses: ['proposed'] },
  signed: { statuses: ['signed'] },
  sent: { statuses: ['sent'] },
  all: { statuses: [] },
};

export function DecisionsView() {
  const { t, i18n } = useTranslation();
  const gridDefaults = useGridDefaults();
  const { user, openDecision } = useApp();
  const fail = useFailNotice();
  const [filter, setFilter] = useState<FilterKey>(DECISION_ROLES.includes(user.role) ? 'mine' : 'signed');
  const [rows, setRows] = useState<Row[] | null>(null);
  const empty = useEmptyOverlay(() => t(`d.empty.${filter}`));

  // Decisions changed on other workstations come in with the sync: the list is read again (rows keep their ids,
  // so the grid keeps its selection and scroll).
  const [loads, setLoads] = useState(0);
  useDataChanged((c) => touches(c, 'decisions') && setLoads((n) => n + 1));
  useEffect(() => setRows(null), [filter]);
  useEffect(() => {
    const f = FILTERS[filter];
    client.invoke('decisions.list', { statuses: f.statuses, mine: !!f.mine, waitingForMe: !!f.waitingForMe, clientId: null }).then(setRows, fail);
  }, [filter, fail, loads]);

  const cols = useMemo<ColDef<Row>[]>(
    () => [
      { field: 'number', headerName: t('d.number'), width: 120, cellRenderer: (p: { data?: Row }) => <button className="link cell-link" onClick={() => openDecision(p.data!.id)}>{p.data?.number ?? t('d.open')}</button> },
      { field: 'clientName', headerName: t('d.client'), width: 210, pinned: 'left', filter: 'agTextColumnFilter' },
      { field: 'outcome', headerName: t('d.outcome'), width: 150, valueFormatter: (p) => t(`g.outcomes.${p.value}`) },
      { colId: 'services', headerName: t('d.services'), flex: 1, minWidth: 180, filter: 'agTextColumnFilter', valueGetter: (p) => servicesText(p.data?.serviceItems, i18n.language, t) },
      { field: 'status', headerName: t('d.status'), width: 130, valueFormatter: (p) => t(`d.statuses.${p.value}`) },
      { field: 'draftedByName', headerName: t('d.drafter'), width: 160, filter: 'agTextColumnFilter' },
      { field: 'decisionMakerName', headerName: t('d.maker'), width: 160 },
      { field: 'decidedOn', headerName: t('d.decidedOn'), width: 120, valueFormatter: (p) => fi(p.value) },
      { field: 'sentOn', headerName: t('d.sentOn'), width: 120, valueFormatter: (p) => fi(p.value) },
      { field: 'appealLastDay', headerName: t('d.appealLastDay'), width: 170, valueFormatter: (p) => fi(p.value) },
      { field: 'arrangeBy', headerName: t('d.arrangeBy'), width: 170, valueFormatter: (p) => fi(p.value) },
    ],
    [t, i18n.language, openDecision],
  );

  return (
    <section className="queue">
      <div className="toolbar">
        <h1>{t('d.title')}</h1>
        <span className="spacer" />
        <span className="muted">{rows ? `${rows.length.toLocaleString('fi-FI')} ${t('queue.rows')}` : t('queue.loading')}</span>
      </div>
      <div className="toolbar views" role="toolbar">
        {(Object.keys(FILTERS) as FilterKey[]).map((k) => (
          <button key={k} className={filter === k ? 'chip active' : 'chip'} onClick={() => setFilter(k)}>
            {t(`d.filters.${k}`)}
          </button>
        ))}
      </div>
      <div className="grid" data-rows={rows?.length ?? 0}>
        <AgGridReact<Row>
          {...gridDefaults}
          {...empty}
          loading={rows === null}
          rowData={rows ?? []}
          columnDefs={cols}
          defaultColDef={{ sortable: true, resizable: true }}
          getRowId={(p) => p.data.id}
          onRowDoubleClicked={(e) => e.data && openDecision(e.data.id)}
          onCellKeyDown={(e) => (e.event as KeyboardEvent | null)?.key === 'Enter' && e.data && openDecision(e.data.id)}
        />
      </div>
    </section>
  );
}
