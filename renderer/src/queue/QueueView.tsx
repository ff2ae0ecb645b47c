// Jono: every open intake item of the county in one grid. Rows stream in by keyset pages (first page at once,
// the rest appended), then sorting and filtering run in the grid.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import {
  AllCommunityModule,
  ModuleRegistry,
  type CellKeyDownEvent,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type GridReadyEvent,
  type IRowNode,
  type RowClassRules,
  type ValueGetterParams,
} from 'ag-grid-community';
import type { GridState, QueueRow, SavedView } from '../../../shared/contract/schemas';
import { INTAKE_CHANNELS, INTAKE_STATUSES, INTAKE_TYPES, QUEUE_COL, SERVICES_APPLIED } from '../../../shared/domain/intake';
import { ASSIGN_ROLES } from '../../../shared/roles';
import { ageOn } from '../../../shared/domain/hetu';
import { formatFi } from '../../../shared/domain/dates';
import { formatDateTime } from '../../../shared/messages';
import { useEmptyOverlay, useGridDefaults } from '../ui/grid';
import { deadlineState, daysLeft, deadlineRunning } from '../../../shared/domain/deadline-state';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { downloadBase64 } from '../reports/files';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { BUILT_IN_VIEWS, presetPasses, type PresetKey } from './presets';
import { touches, useDataChanged } from '../sync/useDataChanged';

ModuleRegistry.registerModules([AllCommunityModule]);

const R = QUEUE_COL;

// Grid options that must keep their identity across renders: a new object would make the grid reset columns.
const DEFAULT_COL_DEF: ColDef<QueueRow> = { sortable: true, resizable: true, floatingFilter: false };
const ROW_SELECTION = { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false, selectAll: 'filtered' } as const;
const getRowId = (p: GetRowIdParams<QueueRow>) => p.data[R.id];

const OPEN_STATES = new Set<string>(['new', 'assigned', 'assessment', 'decision']);
/** How long a bulk assignment can be undone (the core's ASSIGN_UNDO_MINUTES). */
const UNDO_MINUTES = 10;
const FIRST_PAGE = 300;
const PAGE = 25_000;


type ViewKey = { kind: 'preset'; key: PresetKey } | { kind: 'saved'; id: string };

export function QueueView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { user, boot, openClient, openItem, notify, refreshBoot, confirm } = useApp();
  const apiRef = useRef<GridApi<QueueRow> | null>(null);
  const gridDefaults = useGridDefaults();
  const [areaId, setAreaId] = useState<string | null>(() => (user.areaIds.length === 1 ? user.areaIds[0]! : null));
  const [includeClosed, setIncludeClosed] = useState(false);
  const [loading, setLoading] = useState(true);
  const [rowCount, setRowCount] = useState(0);
  const [shown, setShown] = useState(0);
  const [selected, setSelected] = useState(0);
  const [quick, setQuick] = useState('');
  const [view, setView] = useState<ViewKey>({ kind: 'preset', key: 'all' });
  const [savedViews, setSavedViews] = useState<SavedView[]>([]);
  const [workerId, setWorkerId] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const quickRef = useRef<HTMLInputElement>(null);
  const loadSeq = useRef(0);
  const recentlyAssigned = useRef(new Set<string>());
  const streaming = useRef(false);
  const viewRef = useRef(view);
  viewRef.current = view;

  const today = boot.today;
  const munName = useMemo(() => new Map(boot.municipalities.map((m) => [m.code, lang === 'sv' ? m.nameSv : m.nameFi])), [boot, lang]);
  const areaName = useMemo(() => new Map(boot.areas.map((a) => [a.id, lang === 'sv' ? a.nameSv : a.nameFi])), [boot, lang]);
  const workerName = useMemo(() => new Map(boot.workers.map((w) => [w.id, w.displayName])), [boot]);
  const canAssign = ASSIGN_ROLES.includes(user.role);

  const load = useCallback(async () => {
    const seq = ++loadSeq.current;
    streaming.current = true;
    setLoading(true);
    const api = apiRef.current;
    if (!api) return;
    try {
      let page = await client.invoke('queue.page', { areaId, includeClosed, after: null, limit: FIRST_PAGE });
      if (seq !== loadSeq.current) return;
      api.setGridOption('rowData', page.rows);
      let total = page.rows.length;
      setRowCount(total);
      while (page.next) {
        page = await client.invoke('queue.page', { areaId, includeClosed, after: page.next, limit: PAGE });
        if (seq !== loadSeq.current) return;
        api.applyTransaction({ add: page.rows });
        total += page.rows.length;
        setRowCount(total);
      }
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    } finally {
      if (seq === loadSeq.current) {
        streaming.current = false;
        setLoading(false);
      }
    }
  }, [areaId, includeClosed, notify, t]);

  useEffect(() => {
    if (apiRef.current) void load();
  }, [load]);

  useEffect(() => {
    client.invoke('views.list', {}).then(setSavedViews, () => setSavedViews([]));
  }, []);

  // Rows changed elsewhere (another window, or another workstation through the sync): those rows are read again
  // and updated, added or dropped in place, keeping the user's scroll, selection and sort; a change too large to
  // list reloads the queue.
  const refreshRows = useCallback(
    async (itemIds: string[], clientIds: string[]) => {
      const api = apiRef.current;
      if (!api || loadSeq.current === 0) return;
      // Rows still streaming in could come again in a later page: start over instead.
      if (streaming.current) return void load();
      const seq = loadSeq.current;
      try {
        const { rows } = await client.invoke('queue.rows', { itemIds, clientIds, areaId, includeClosed });
        if (seq !== loadSeq.current) return;
        const found = new Set(rows.map((r) => r[R.id]));
        const add: QueueRow[] = [];
        const update: QueueRow[] = [];
        for (const r of rows) (api.getRowNode(r[R.id]) ? update : add).push(r);
        const remove = itemIds.filter((id) => !found.has(id) && api.getRowNode(id)).map((id) => api.getRowNode(id)!.data!);
        api.applyTransaction({ add, update, remove });
        setRowCount((n) => n + add.length - remove.length);
      } catch {
        void load();
      }
    },
    [areaId, includeClosed, load],
  );
  useEffect(
    () =>
      client.on('queue.changed', ({ itemIds }) => {
        // Unless they are the ones this window just made.
        if (itemIds.every((id) => recentlyAssigned.current.has(id))) return;
        void refreshRows(itemIds, []);
      }),
    [refreshRows],
  );
  useDataChanged((c) => {
    if (!touches(c, 'intake_items', 'clients')) return;
    if (c.itemIds === null || c.clientIds === null) void load();
    else void refreshRows(touches(c, 'intake_items') ? c.itemIds : [], touches(c, 'clients') ? c.clientIds : []);
  });

  // Per-row callbacks run 150,000 times: translate each code once, look them up per row.
  const L = useMemo(() => {
    const table = (group: string, codes: readonly string[]) => Object.fromEntries(codes.map((c) => [c, t(`${group}.${c}`)])) as Record<string, string>;
    return {
      type: table('type', INTAKE_TYPES),
      status: table('status', INTAKE_STATUSES),
      service: table('service', SERVICES_APPLIED),
      channel: table('channel', INTAKE_CHANNELS),
      urgency: table('urgency', ['urgent', 'normal']),
    };
  }, [t]);

  // Quick filter: one upper-cased text per row, built from the shown labels the first time the row is searched and
  // kept for as long as the row object lives (an updated row is a new object). Asking the grid to do this would
  // call every column's value getter for every row.
  const searchText = useMemo(() => {
    const cache = new WeakMap<QueueRow, string>();
    return (r: QueueRow) => {
      let s = cache.get(r);
      if (s === undefined) {
        s = `${r[R.name]} ${munName.get(r[R.municipality]) ?? ''} ${areaName.get(r[R.area]) ?? ''} ${L.type[r[R.type]]} ${L.status[r[R.status]]} ${
          r[R.service] ? L.service[r[R.service]!] : ''
        } ${r[R.worker] ? (workerName.get(r[R.worker]!) ?? '') : ''} ${r[R.urgent] === 1 ? L.urgency.urgent : ''}`.toUpperCase();
        cache.set(r, s);
      }
      return s;
    };
  }, [L, munName, areaName, workerName]);
  const quickParts = useMemo(() => quick.toUpperCase().split(/\s+/).filter(Boolean), [quick]);
  const quickRefParts = useRef({ parts: quickParts, searchText });
  quickRefParts.current = { parts: quickParts, searchText };
  useEffect(() => {
    apiRef.current?.onFilterChanged();
  }, [quickParts, searchText]);
  // Once the rows are in, build their search texts in idle time, so the first quick filter only matches.
  useEffect(() => {
    const api = apiRef.current;
    if (loading || !api) return;
    const rows: QueueRow[] = [];
    api.forEachNode((n) => n.data && rows.push(n.data));
    let i = 0;
    let handle = 0;
    const step = (deadline: IdleDeadline) => {
      while (i < rows.length && deadline.timeRemaining() > 1) {
        const end = Math.min(rows.length, i + 2000);
        for (; i < end; i++) searchText(rows[i]!);
      }
      if (i < rows.length) handle = requestIdleCallback(step);
    };
    handle = requestIdleCallback(step);
    return () => cancelIdleCallback(handle);
  }, [loading, searchText]);

  const columnDefs = useMemo<ColDef<QueueRow>[]>(() => {
    const label = (group: keyof typeof L) => (p: { value: unknown }) => (p.value == null ? '' : (L[group][String(p.value)] ?? ''));
    // Ages and days left depend only on a date string: cache them (a few thousand distinct values for 150,000 rows).
    const ages = new Map<string, number>();
    const ageOf = (birthDate: string) => {
      let a = ages.get(birthDate);
      if (a === undefined) ages.set(birthDate, (a = ageOn(birthDate, today)));
      return a;
    };
    const left = new Map<string, number>();
    const leftOf = (due: string) => {
      let d = left.get(due);
      if (d === undefined) left.set(due, (d = daysLeft(today, due)));
      return d;
    };
    return [
      {
        colId: 'received',
        headerName: t('col.received'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.receivedAt],
        valueFormatter: (p) => (p.value ? formatDateTime(p.value as string, lang) : ''),
        filter: 'agDateColumnFilter',
        filterValueGetter: (p) => (p.data ? new Date(p.data[R.receivedAt]) : null),
        width: 168,
      },
      {
        colId: 'type',
        headerName: t('col.type'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.type],
        valueFormatter: label('type'),
        filterValueGetter: (p) => (p.data ? L.type[p.data[R.type]]! : ''),
        filter: 'agTextColumnFilter',
        width: 135,
        cellRenderer: (p: { data?: QueueRow; valueFormatted: string | null }) =>
          p.data ? (
            <button className="link cell-link" title={t('g.openCase')} onClick={() => openItem(p.data![R.id])}>
              {p.valueFormatted}
            </button>
          ) : null,
      },
      {
        colId: 'client',
        headerName: t('col.client'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.name],
        filter: 'agTextColumnFilter',
        // The name may be cut; the address-protection tag never is (it sits outside the name, which ellipsizes).
        cellRenderer: (p: { data?: QueueRow; value: string }) =>
          p.data ? (
            <span className="cell-client" title={p.value}>
              {p.data[R.clientId] ? (
                <button className="link cell-link name" onClick={() => openClient(p.data![R.clientId]!)}>
                  {p.value}
                </button>
              ) : (
                <span className="unlinked name">{p.value}</span>
              )}
              {p.data[R.protected] === 1 && (
                <span className="tag-protected" title={t('card.protected')} aria-label={t('card.protected')}>
                  TK
                </span>
              )}
            </span>
          ) : null,
        pinned: 'left',
        lockPinned: true,
        width: 230,
      },
      {
        colId: 'daysLeft',
        headerName: t('col.daysLeft'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => (p.data && deadlineRunning(p.data[R.status]) ? leftOf(p.data[R.due]) : null),
        // Items whose deadline no longer runs (assessment started) sort after all running ones.
        comparator: (a: number | null, b: number | null, _na: unknown, _nb: unknown, desc: boolean) =>
          a === b ? 0 : a === null ? (desc ? -1 : 1) : b === null ? (desc ? 1 : -1) : a - b,
        filter: 'agNumberColumnFilter',
        type: 'numericColumn',
        // Room for the title, the sort order and the filter button at 1280 px (it was cut to "Päiviä jälj…").
        width: 172,
        pinned: 'left',
        lockPinned: true,
        cellClass: ['cell-days', 'ag-right-aligned-cell'],
        initialSort: 'asc',
        initialSortIndex: 0,
      },
      {
        colId: 'age',
        headerName: t('col.age'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => (p.data?.[R.birthDate] ? ageOf(p.data[R.birthDate]!) : null),
        filter: 'agNumberColumnFilter',
        width: 80,
        type: 'numericColumn',
      },
      {
        colId: 'municipality',
        headerName: t('col.municipality'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => (p.data ? munName.get(p.data[R.municipality]) : ''),
        filter: 'agTextColumnFilter',
        width: 120,
      },
      {
        colId: 'area',
        headerName: t('col.area'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => (p.data ? areaName.get(p.data[R.area]) : ''),
        filter: 'agTextColumnFilter',
        width: 170,
        hide: areaId !== null,
      },
      {
        colId: 'urgency',
        headerName: t('col.urgency'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => (p.data ? (p.data[R.urgent] === 1 ? 'urgent' : 'normal') : null),
        valueFormatter: label('urgency'),
        filterValueGetter: (p) => (p.data ? L.urgency[p.data[R.urgent] === 1 ? 'urgent' : 'normal']! : ''),
        cellClassRules: { 'cell-urgent': (p) => p.value === 'urgent' },
        filter: 'agTextColumnFilter',
        width: 120,
      },
      {
        colId: 'due',
        headerName: t('col.due'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.due],
        valueFormatter: (p) => formatFi(p.value as string),
        tooltipValueGetter: (p) => (p.data ? t(`basis.${p.data[R.basis]}`) : ''),
        filter: 'agDateColumnFilter',
        filterValueGetter: (p) => (p.data ? new Date(`${p.data[R.due]}T00:00:00`) : null),
        width: 160,
      },
      {
        colId: 'status',
        headerName: t('col.status'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.status],
        valueFormatter: label('status'),
        filterValueGetter: (p) => (p.data ? L.status[p.data[R.status]]! : ''),
        filter: 'agTextColumnFilter',
        width: 140,
      },
      {
        colId: 'worker',
        headerName: t('col.worker'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => (p.data?.[R.worker] ? (workerName.get(p.data[R.worker]!) ?? '') : ''),
        filter: 'agTextColumnFilter',
        width: 170,
      },
      {
        colId: 'service',
        headerName: t('col.service'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.service] ?? null,
        valueFormatter: label('service'),
        filterValueGetter: (p) => (p.data?.[R.service] ? L.service[p.data[R.service]!]! : ''),
        filter: 'agTextColumnFilter',
        width: 170,
      },
      {
        colId: 'channel',
        headerName: t('col.channel'),
        valueGetter: (p: ValueGetterParams<QueueRow>) => p.data?.[R.channel],
        valueFormatter: label('channel'),
        filterValueGetter: (p) => (p.data ? L.channel[p.data[R.channel]]! : ''),
        filter: 'agTextColumnFilter',
        width: 110,
        hide: true,
      },
    ];
  }, [t, L, today, munName, areaName, workerName, openClient, openItem, areaId]);

  const rowClassRules = useMemo<RowClassRules<QueueRow>>(
    () => ({
      'row-overdue': (p) => !!p.data && deadlineState(today, p.data[R.due], p.data[R.status]) === 'overdue',
      'row-due-soon': (p) => !!p.data && deadlineState(today, p.data[R.due], p.data[R.status]) === 'dueSoon',
    }),
    [today],
  );

  const isExternalFilterPresent = useCallback(
    () => (viewRef.current.kind === 'preset' && viewRef.current.key !== 'all') || quickRefParts.current.parts.length > 0,
    [],
  );
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<QueueRow>) => {
      const r = node.data;
      if (!r) return true;
      const v = viewRef.current;
      if (v.kind === 'preset' && !presetPasses(v.key, r, { today, userId: user.id })) return false;
      const { parts, searchText: text } = quickRefParts.current;
      if (parts.length === 0) return true;
      const s = text(r);
      return parts.every((p) => s.includes(p));
    },
    [today, user.id],
  );

  // An empty queue says why (the view, a filter) and what to do.
  const empty = useEmptyOverlay(() => {
    if (quickRefParts.current.parts.length > 0 || apiRef.current?.isColumnFilterPresent()) return t('queue.empty.filtered');
    const v = viewRef.current;
    return v.kind === 'saved' ? t('queue.empty.saved') : t(`queue.empty.${v.key}`);
  });

  const currentState = (): GridState => {
    const api = apiRef.current!;
    return {
      quickFilter: quick,
      filterModel: api.getFilterModel() as Record<string, unknown>,
      sortModel: api
        .getColumnState()
        .filter((c) => c.sort)
        .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
        .map((c) => ({ colId: c.colId, sort: c.sort! })),
    };
  };

  const applyView = (next: ViewKey) => {
    const api = apiRef.current;
    if (!api) return;
    setView(next);
    viewRef.current = next;
    if (next.kind === 'preset') {
      const preset = BUILT_IN_VIEWS[next.key];
      api.setFilterModel(null);
      api.applyColumnState({ state: preset.sortModel.map((s, i) => ({ colId: s.colId, sort: s.sort, sortIndex: i })), defaultState: { sort: null } });
      setQuick('');
    } else {
      const saved = savedViews.find((v) => v.id === next.id);
      if (!saved) return;
      api.setFilterModel(saved.state.filterModel);
      api.applyColumnState({
        state: saved.state.sortModel.map((s, i) => ({ colId: s.colId, sort: s.sort, sortIndex: i })),
        defaultState: { sort: null },
      });
      setQuick(saved.state.quickFilter);
    }
    api.onFilterChanged();
  };

  const saveView = async (name: string) => {
    try {
      const saved = await client.invoke('views.save', { name, state: currentState() });
      setSavedViews((vs) => [...vs.filter((v) => v.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name, 'fi')));
      setView({ kind: 'saved', id: saved.id });
      setNaming(null);
      notify(t('queue.viewSaved', { name: saved.name }));
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    }
  };

  // Every deletion asks first (issue 19 item 2).
  const deleteView = async () => {
    if (view.kind !== 'saved') return;
    const name = savedViews.find((v) => v.id === view.id)?.name ?? '';
    const ok = await confirm({ title: t('queue.confirmDeleteViewTitle', { name }), body: <p>{t('queue.confirmDeleteView')}</p>, confirmLabel: t('queue.deleteView'), danger: true });
    if (ok === null) return;
    try {
      await client.invoke('views.delete', { id: view.id });
      setSavedViews((vs) => vs.filter((v) => v.id !== view.id));
      applyView({ kind: 'preset', key: 'all' });
      notify(t('queue.viewDeleted', { name }));
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    }
  };

  // The core writes the file from the rows shown (in the view's order and columns), checks every row is of the
  // user's areas and records the export in the audit log.
  const exportCsv = useCallback(async () => {
    const api = apiRef.current;
    if (!api) return;
    const name = view.kind === 'preset' ? t(`queue.builtIn.${view.key}`) : (savedViews.find((v) => v.id === view.id)?.name ?? '');
    const columns = api.getAllDisplayedColumns().filter((c) => !!c.getColDef().headerName && !c.getColId().startsWith('ag-Grid-'));
    const rows: { id: string; cells: (string | number | null)[] }[] = [];
    api.forEachNodeAfterFilterAndSort((node) => {
      if (!node.data) return;
      rows.push({
        id: node.data[R.id],
        cells: columns.map((c) => {
          const v: unknown = api.getCellValue({ rowNode: node, colKey: c, useFormatter: true });
          return v == null ? '' : typeof v === 'number' ? v : String(v);
        }),
      });
    });
    try {
      const f = await client.invoke('queue.export', { view: name, format: 'csv', header: columns.map((c) => c.getColDef().headerName!), rows });
      downloadBase64(f.fileName, f.base64, f.mime);
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    }
  }, [view, savedViews, t, notify]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey && e.key.toLowerCase() === 'f') || (e.key === '/' && !(e.target instanceof HTMLInputElement))) {
        e.preventDefault();
        quickRef.current?.focus();
      } else if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'e') {
        e.preventDefault();
        void exportCsv();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [exportCsv]);

  // A bulk assignment asks first, with its effect on the worker's load, and can be undone for a while.
  const [lastUndo, setLastUndo] = useState<{ undoId: string; until: number; count: number; worker: string; itemIds: string[] } | null>(null);
  useEffect(() => {
    if (!lastUndo) return;
    const h = setTimeout(() => setLastUndo(null), Math.max(0, lastUndo.until - Date.now()));
    return () => clearTimeout(h);
  }, [lastUndo]);

  const undoAssign = useCallback(
    async (u: { undoId: string; itemIds: string[] }) => {
      try {
        u.itemIds.forEach((id) => recentlyAssigned.current.delete(id));
        const r = await client.invoke('queue.undoAssign', { undoId: u.undoId });
        setLastUndo(null);
        await refreshRows(u.itemIds, []);
        notify(r.skipped > 0 ? t('queue.undoPartly', { restored: r.restored, skipped: r.skipped }) : t('queue.undone', { count: r.restored }));
        refreshBoot();
      } catch (e) {
        notify(errorText(e, t('errors.generic')), 'error');
      }
    },
    [notify, refreshBoot, refreshRows, t],
  );

  const assign = async () => {
    const api = apiRef.current;
    if (!api || !workerId) return;
    const rows = api.getSelectedRows();
    const ids = rows.map((r) => r[R.id]);
    const name = workerName.get(workerId) ?? '';
    // The worker's load now (fresh from the core), and what this move adds to it.
    const loads = await client.invoke('intake.workload', {}).catch(() => null);
    const current = loads?.find((w) => w.workerId === workerId)?.openItems ?? boot.workers.find((w) => w.id === workerId)?.openItems ?? 0;
    const open = rows.filter((r) => OPEN_STATES.has(r[R.status]));
    const adds = open.filter((r) => r[R.worker] !== workerId).length;
    const fromOthers = open.filter((r) => r[R.worker] !== null && r[R.worker] !== workerId).length;
    const others = (loads ?? []).filter((w) => w.workerId !== workerId).map((w) => w.openItems).sort((a, b) => a - b);
    const median = others.length ? others[Math.floor(others.length / 2)]! : null;
    const heavy = median !== null && current + adds > Math.max(2 * median, median + 50);
    const ok = await confirm({
      title: t('queue.confirmAssignTitle', { count: ids.length, worker: name }),
      confirmLabel: t('queue.confirmAssign', { count: ids.length }),
      body: (
        <>
          <table>
            <tbody>
              <tr>
                <th>{t('queue.loadNow', { name })}</th>
                <td>{current.toLocaleString('fi-FI')}</td>
              </tr>
              <tr>
                <th>{t('queue.loadAfter')}</th>
                <td>
                  <strong data-testid="new-load">{(current + adds).toLocaleString('fi-FI')}</strong> (+{adds.toLocaleString('fi-FI')})
                </td>
              </tr>
              {median !== null && (
                <tr>
                  <th>{t('queue.loadMedian')}</th>
                  <td>{median.toLocaleString('fi-FI')}</td>
                </tr>
              )}
            </tbody>
          </table>
          {fromOthers > 0 && <p>{t('queue.fromOthers', { count: fromOthers })}</p>}
          {heavy && <p className="warning">{t('queue.heavyLoad', { name })}</p>}
          <p className="next">{t('queue.undoHint', { minutes: UNDO_MINUTES })}</p>
        </>
      ),
    });
    if (ok === null) return;
    try {
      ids.forEach((id) => recentlyAssigned.current.add(id));
      const res = await client.invoke('queue.assign', { itemIds: ids, workerId });
      const updated = rows.map((r) => {
        const copy = [...r] as QueueRow;
        copy[R.worker] = workerId;
        if (copy[R.status] === 'new') copy[R.status] = 'assigned';
        return copy;
      });
      api.applyTransaction({ update: updated });
      api.deselectAll();
      // The core keeps the undo for its window by its own clock; the link stays as long here (by this machine's clock).
      const u = { undoId: res.undoId, until: Date.now() + UNDO_MINUTES * 60_000, count: res.assigned, worker: name, itemIds: ids };
      setLastUndo(u);
      notify(t('queue.assignedLoad', { count: res.assigned, worker: name, load: res.workerOpenItems }), 'info', {
        action: { label: t('ui.undo'), run: () => void undoAssign(u) },
      });
      refreshBoot();
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    } finally {
      setTimeout(() => ids.forEach((id) => recentlyAssigned.current.delete(id)), 5000);
    }
  };

  const onCellKeyDown = (e: CellKeyDownEvent<QueueRow>) => {
    const ke = e.event as KeyboardEvent | null;
    if (ke?.key === 'Enter' && e.data) openItem(e.data[R.id]);
  };

  const workersSorted = useMemo(() => {
    const inArea = (w: (typeof boot.workers)[number]) => (areaId ? w.areaIds.includes(areaId) : true);
    return [...boot.workers].sort((a, b) => Number(inArea(b)) - Number(inArea(a)) || a.displayName.localeCompare(b.displayName, 'fi'));
  }, [boot.workers, areaId]);

  return (
    <section className="queue">
      <div className="toolbar">
        <h1>{t('queue.title')}</h1>
        <label>
          {t('queue.scope')}{' '}
          <select value={areaId ?? ''} onChange={(e) => setAreaId(e.target.value || null)} aria-label={t('queue.scope')}>
            <option value="">{t('queue.wholeCounty')}</option>
            {boot.areas.map((a) => (
              <option key={a.id} value={a.id}>
                {lang === 'sv' ? a.nameSv : a.nameFi}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)} /> {t('queue.includeClosed')}
        </label>
        <input
          ref={quickRef}
          className="quick"
          type="search"
          placeholder={t('queue.quickFilter')}
          aria-label={t('queue.quickFilter')}
          value={quick}
          onChange={(e) => setQuick(e.target.value)}
        />
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {loading ? `${t('queue.loading')} ${rowCount.toLocaleString('fi-FI')}` : `${shown.toLocaleString('fi-FI')} / ${rowCount.toLocaleString('fi-FI')} ${t('queue.rows')}`}
        </span>
        <button onClick={() => void exportCsv()} title="Ctrl+Shift+E">
          {t('queue.exportCsv')}
        </button>
      </div>
      <p className="muted deadline-rule" data-testid="deadline-rule">
        {t(boot.deadlineRule.isDefault ? 'queue.deadlineRuleDefault' : 'queue.deadlineRuleCounty', {
          eves: [!boot.deadlineRule.christmasEveWorkingDay && t('dl.christmas'), !boot.deadlineRule.midsummerEveWorkingDay && t('dl.midsummer')].filter(Boolean).join(', '),
        })}
      </p>
      <div className="toolbar views" role="toolbar" aria-label={t('queue.views')}>
        {(Object.keys(BUILT_IN_VIEWS) as PresetKey[]).map((k) => (
          <button key={k} className={view.kind === 'preset' && view.key === k ? 'chip active' : 'chip'} onClick={() => applyView({ kind: 'preset', key: k })}>
            {t(`queue.builtIn.${k}`)}
          </button>
        ))}
        {savedViews.map((v) => (
          <button key={v.id} className={view.kind === 'saved' && view.id === v.id ? 'chip saved active' : 'chip saved'} onClick={() => applyView({ kind: 'saved', id: v.id })}>
            {v.name}
          </button>
        ))}
        {naming === null ? (
          <button className="link" onClick={() => setNaming('')}>
            {t('queue.saveView')}
          </button>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void saveView(naming);
            }}
          >
            <input autoFocus value={naming} onChange={(e) => setNaming(e.target.value)} placeholder={t('queue.saveViewPrompt')} aria-label={t('queue.saveViewPrompt')} />
            <button type="submit" className="primary">
              {t('queue.save')}
            </button>
            <button type="button" onClick={() => setNaming(null)}>
              ✕
            </button>
          </form>
        )}
        {view.kind === 'saved' && (
          <button className="link danger" onClick={() => void deleteView()}>
            {t('queue.deleteView')}
          </button>
        )}
        {canAssign && (
          <div className="assign">
            <span className="muted">
              {selected} {t('queue.selected')}
            </span>
            <select value={workerId} onChange={(e) => setWorkerId(e.target.value)} aria-label={t('queue.assignTo')}>
              <option value="">{t('queue.chooseWorker')}</option>
              {workersSorted.map((w) => (
                <option key={w.id} value={w.id}>
                  {t('queue.workerLoad', { name: w.displayName, count: w.openItems, clients: w.clients })}
                </option>
              ))}
            </select>
            <button className="primary" disabled={!workerId || selected === 0} onClick={() => void assign()}>
              {t('queue.assign')}
            </button>
            {lastUndo && (
              <button className="link" onClick={() => void undoAssign(lastUndo)} data-testid="undo-assign">
                {t('queue.undoLast', { count: lastUndo.count, worker: lastUndo.worker })}
              </button>
            )}
          </div>
        )}
      </div>
      <div className="grid" data-rows={rowCount} data-loading={loading ? 'yes' : 'no'}>
        <AgGridReact<QueueRow>
          {...gridDefaults}
          {...empty}
          columnDefs={columnDefs}
          defaultColDef={DEFAULT_COL_DEF}
          getRowId={getRowId}
          rowSelection={canAssign ? ROW_SELECTION : undefined}
          rowClassRules={rowClassRules}
          isExternalFilterPresent={isExternalFilterPresent}
          doesExternalFilterPass={doesExternalFilterPass}
          onGridReady={(e: GridReadyEvent<QueueRow>) => {
            apiRef.current = e.api;
            void load();
          }}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedRows().length)}
          onModelUpdated={(e) => setShown(e.api.getDisplayedRowCount())}
          onCellKeyDown={onCellKeyDown}
          animateRows={false}
          suppressColumnVirtualisation={false}
          tooltipShowDelay={400}
        />
      </div>
    </section>
  );
}

