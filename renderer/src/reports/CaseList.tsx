// The cases behind a figure: the grid of the clients, items, decisions or services the figure counted, with what
// was clicked as its title; a row opens the client card, the intake item or the decision; exports to XLSX/CSV.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import { AllCommunityModule, ModuleRegistry, type ColDef, type GridApi, type ICellRendererParams } from 'ag-grid-community';
import type { CaseRow, CasesDto, CasesInput } from '../../../shared/contract/report-schemas';
import { formatFi } from '../../../shared/domain/dates';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText } from '../guidance/common';
import { exportTable, type Cell } from './files';
import { useGridDefaults } from '../ui/grid';

ModuleRegistry.registerModules([AllCommunityModule]);
/** Figures whose `value` is a count of days (waited, late, age of the item): pinned beside the client, so it shows at 1280 px. */
const DAYS_VALUE = new Set(['open', 'waiting', 'overdue']);

const DATE_FIELDS = new Set(['date', 'date2', 'date3']);
const NUMBER_FIELDS = new Set(['value', 'value2']);

export function CaseList({ query, what, onBack, areaName }: { query: CasesInput; what: string; onBack: () => void; areaName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const { openClient, openItem, openDecision, notify } = useApp();
  const [data, setData] = useState<CasesDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apiRef = useRef<GridApi<CaseRow> | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const locale = i18n.language === 'sv' ? 'sv-FI' : 'fi-FI';
  // The grids' shared theme (visible focus), ag-grid's texts in Finnish/Swedish and the d.m.yyyy date filter.
  const gridDefaults = useGridDefaults();

  useEffect(() => {
    setData(null);
    setError(null);
    client.invoke('reports.cases', query).then(setData, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [query, t]);
  useEffect(() => headingRef.current?.focus(), []);

  const label = (figure: string, field: string) =>
    field === 'clientName' || field === 'workerName' || field === 'areaId' ? t(`rep.cases.col.${field}`) : t(`rep.caseCols.${figure}.${field}`, { defaultValue: t(`rep.cases.col.${field}`) });
  const code = (figure: string, field: string, v: string | null) => {
    if (v === null) return '';
    if (figure === 'intake' || figure === 'open') return field === 'code' ? t(`type.${v}`) : t(`channel.${v}`);
    if (figure === 'assessments') return t(`rep.timeliness.${v}`);
    if (figure === 'decisions') return field === 'code' ? t(`rep.kind.${v}`) : t(`rep.outcome.${v}`);
    if (figure === 'letters') return field === 'code' ? t(`rep.sendChannel.${v}`, { defaultValue: v }) : t(`rep.outcome.${v}`);
    if (figure === 'levels') return t(`rep.serviceLevel.${v}`);
    if (figure === 'reassessments') return t(`rep.reassessment.${v}`);
    if (figure === 'waiting' || figure === 'overdue') return t(`service.${v}`, { defaultValue: v });
    return v;
  };

  const display = (figure: string, field: string, r: CaseRow): Cell => {
    const v = r[field as keyof CaseRow];
    if (field === 'areaId') return r.areaId ? areaName(r.areaId) : '';
    if (DATE_FIELDS.has(field)) return v ? formatFi(v as string) : '';
    if (field === 'code' || field === 'code2') return code(figure, field, v as string | null);
    if (figure === 'revenue' && field === 'value') return v === null ? null : (v as number) / 100;
    if (figure === 'open' && field === 'value2') return v === 1 ? t('rep.yes') : t('rep.no');
    if (figure === 'assessments' && field === 'text') return t(`status.${v as string}`, { defaultValue: v as string });
    if (figure === 'intake' && field === 'text') return t(`status.${v as string}`, { defaultValue: v as string });
    if (figure === 'open' && field === 'text') return t(`status.${v as string}`, { defaultValue: v as string });
    return (v as Cell) ?? null;
  };

  const columns = useMemo<ColDef<CaseRow>[]>(() => {
    if (!data) return [];
    return data.columns.map((field) => {
      const def: ColDef<CaseRow> = {
        colId: field,
        headerName: label(data.figure, field),
        valueGetter: (p) => (p.data ? display(data.figure, field, p.data) : null),
        filter: NUMBER_FIELDS.has(field) ? 'agNumberColumnFilter' : 'agTextColumnFilter',
        sortable: true,
        resizable: true,
        width: field === 'clientName' ? 220 : field === 'areaId' ? 220 : field === 'workerName' ? 180 : 150,
      };
      if (field === 'clientName') def.pinned = 'left';
      if (field === 'value' && DAYS_VALUE.has(data.figure)) def.pinned = 'left';
      if (DATE_FIELDS.has(field)) def.comparator = (_a, _b, na, nb) => String(na.data?.[field as 'date'] ?? '').localeCompare(String(nb.data?.[field as 'date'] ?? ''));
      if (NUMBER_FIELDS.has(field)) {
        def.type = 'numericColumn';
        def.valueFormatter = (p) => (typeof p.value === 'number' ? p.value.toLocaleString(locale, { maximumFractionDigits: 2 }) : '');
      }
      if (field === 'clientName')
        def.cellRenderer = (p: ICellRendererParams<CaseRow>) =>
          p.data ? (
            p.data.clientId ? (
              <button className="link cell-link" onClick={() => openClient(p.data!.clientId!)}>
                {p.data.clientName}
              </button>
            ) : (
              <span>{p.data.clientName}</span>
            )
          ) : null;
      if (field === 'text' && (data.figure === 'decisions' || data.figure === 'letters' || data.figure === 'waiting' || data.figure === 'overdue'))
        def.cellRenderer = (p: ICellRendererParams<CaseRow>) =>
          p.data?.decisionId ? (
            <button className="link cell-link" onClick={() => openDecision(p.data!.decisionId!)}>
              {p.data.text}
            </button>
          ) : (
            (p.data?.text ?? '')
          );
      if (field === 'date' && p0(data.figure))
        def.cellRenderer = (p: ICellRendererParams<CaseRow>) =>
          p.data?.itemId ? (
            <button className="link cell-link" onClick={() => openItem(p.data!.itemId!)}>
              {p.data.date ? formatFi(p.data.date) : ''}
            </button>
          ) : (
            (p.data?.date ?? '')
          );
      return def;
    });
  }, [data, locale, t]);

  const exportRows = async (format: 'xlsx' | 'csv') => {
    if (!data) return;
    const rows: Cell[][] = [];
    const api = apiRef.current;
    const source: CaseRow[] = [];
    if (api) api.forEachNodeAfterFilterAndSort((n) => n.data && source.push(n.data));
    for (const r of api ? source : data.rows) rows.push(data.columns.map((f) => display(data.figure, f, r)));
    try {
      await exportTable(format, t('rep.cases.title', { what }), data.columns.map((f) => label(data.figure, f)), rows, true);
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    }
  };

  return (
    <section className="case-list" aria-labelledby="case-list-title">
      <div className="toolbar">
        <button className="link" onClick={onBack}>
          {t('rep.cases.back')}
        </button>
        <h2 id="case-list-title" tabIndex={-1} ref={headingRef}>
          {t('rep.cases.title', { what })}
        </h2>
        <span className="spacer" />
        {data && (
          <span className="muted" aria-live="polite" data-testid="case-count">
            {t('rep.cases.count', { count: data.rows.length })}
          </span>
        )}
        <button className="no-print" disabled={!data} onClick={() => void exportRows('xlsx')}>
          {t('rep.exportXlsx')}
        </button>
        <button className="no-print" disabled={!data} onClick={() => void exportRows('csv')}>
          {t('rep.exportCsv')}
        </button>
      </div>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {data?.truncated && <p className="warning">{t('rep.cases.truncated', { count: data.rows.length })}</p>}
      {!data && !error && <div className="loading">{t('rep.loading')}</div>}
      {data && (
        <div className="grid case-grid" data-rows={data.rows.length}>
          <AgGridReact<CaseRow>
            {...gridDefaults}
            rowData={data.rows}
            columnDefs={columns}
            getRowId={(p) => p.data.id}
            onGridReady={(e) => (apiRef.current = e.api)}
            animateRows={false}
            overlayNoRowsTemplate={t('rep.noData')}
          />
        </div>
      )}
    </section>
  );
}

/** Figures whose rows are intake items (the date opens the item). */
function p0(figure: string): boolean {
  return figure === 'intake' || figure === 'open' || figure === 'assessments';
}
