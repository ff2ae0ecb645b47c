// Downloading a table of the reports as XLSX or CSV (written by the core from the rows the window shows).
import { client } from '../api/client';

export type Cell = string | number | null;

export function downloadBase64(fileName: string, base64: string, mime: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type: mime }));
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export async function exportTable(format: 'xlsx' | 'csv', title: string, header: string[], rows: Cell[][], personal = false): Promise<string> {
  const f = await client.invoke('reports.tableFile', { format, title, header, rows, personal });
  downloadBase64(f.fileName, f.base64, f.mime);
  return f.fileName;
}
