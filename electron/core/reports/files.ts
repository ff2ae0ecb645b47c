// Any table of the reports as a file: XLSX (the workbook writer the invoice review uses) or CSV for Excel in
// Finland (semicolons, UTF-8 with a byte order mark, decimal commas left to the caller's text). The table comes
// from the window that shows it (already scoped and audited when read); exporting a list of people is audited too.
import type { z } from 'zod';
import type { tableFileInput } from '../../../shared/contract/report-schemas';
import type { SignedInContext } from '../context';
import { auditRead } from '../access/guard';
import { xlsxWorkbook, type Cell } from '../invoicing/xlsx';

type Input = z.output<typeof tableFileInput>;

function csvCell(c: Cell): string {
  if (c === null) return '';
  const s = typeof c === 'number' ? String(c).replace('.', ',') : c;
  return /[;"\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export function fileName(title: string, today: string, ext: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `${base || 'raportti'}-${today}.${ext}`;
}

export async function tableFile(ctx: SignedInContext, input: Input): Promise<{ fileName: string; base64: string; mime: string }> {
  const today = ctx.clock.today();
  // Every export is recorded by the core, whatever the window says the table holds (`personal` is kept as a detail).
  auditRead(ctx, 'reports.export', { details: { title: input.title, format: input.format, rows: input.rows.length, personal: input.personal } });
  if (input.format === 'csv')
    return { fileName: fileName(input.title, today, 'csv'), base64: Buffer.from(toCsv(input.header, input.rows), 'utf8').toString('base64'), mime: 'text/csv;charset=utf-8' };
  const xlsx = await xlsxWorkbook(input.title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), input.header, input.rows);
  return { fileName: fileName(input.title, today, 'xlsx'), base64: xlsx.toString('base64'), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
