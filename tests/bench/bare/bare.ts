// Baseline for the queue benchmark: a bare ag-grid page showing the same rows with the same columns, no app.
import { AllCommunityModule, ModuleRegistry, createGrid, themeQuartz, type ColDef } from 'ag-grid-community';

ModuleRegistry.registerModules([AllCommunityModule]);
type Row = (string | number | null)[];
const col = (colId: string, i: number, extra: Partial<ColDef<Row>> = {}): ColDef<Row> => ({ colId, headerName: colId, valueGetter: (p) => p.data?.[i], filter: true, ...extra });
const api = createGrid<Row>(document.getElementById('grid')!, {
  theme: themeQuartz,
  columnDefs: [
    col('received', 1),
    col('type', 2),
    col('client', 5, { flex: 1 }),
    col('age', 6),
    col('municipality', 7),
    col('area', 8),
    col('urgency', 9),
    col('due', 10, { initialSort: 'asc' }),
    col('status', 12),
    col('worker', 13),
    col('service', 14),
  ],
  rowSelection: { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false },
  getRowId: (p) => String(p.data[0]),
  onModelUpdated: (e) => {
    document.getElementById('count')!.textContent = String(e.api.getDisplayedRowCount());
  },
});
document.getElementById('load')!.addEventListener('click', async () => {
  const rows = (await (await fetch('/rows.json')).json()) as Row[];
  api.setGridOption('rowData', rows);
});
document.getElementById('quick')!.addEventListener('input', (e) => api.setGridOption('quickFilterText', (e.target as HTMLInputElement).value));
