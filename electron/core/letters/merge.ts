// The print copy of a batch: the pages of many letters, in mailing order, in one PDF written as it goes, so a
// batch of 10,000 letters never sits in memory. It reads the letters Luotsi itself wrote (pdfkit output with
// classic cross-reference tables, plus the signature's incremental update), follows every page's resources and
// copies those objects under new numbers. The signature field is left out: the print copy is not the signed
// document, the signed PDFs are.
import fs from 'node:fs';
import { openPrivate } from '../files';

const enc = (s: string) => Buffer.from(s, 'latin1');

interface ParsedPdf {
  buf: Buffer;
  offsets: Map<number, number>;
  root: number;
}

function parse(buf: Buffer): ParsedPdf {
  const tail = buf.subarray(Math.max(0, buf.length - 64)).toString('latin1');
  const sx = /startxref\s+(\d+)/.exec(tail.slice(tail.lastIndexOf('startxref')));
  if (!sx) throw new Error('PDF: startxref not found');
  const offsets = new Map<number, number>();
  let root: number | null = null;
  let pos: number | null = Number(sx[1]);
  for (let guard = 0; pos !== null && guard < 100; guard++) {
    const end = buf.indexOf('trailer', pos);
    const section = buf.subarray(pos, end).toString('latin1');
    if (!section.startsWith('xref')) throw new Error('PDF: only cross-reference tables are supported');
    const lines = section.split(/\r?\n|\r/).slice(1).map((l) => l.trim()).filter(Boolean);
    for (let i = 0; i < lines.length; ) {
      const [first, count] = lines[i]!.split(/\s+/).map(Number) as [number, number];
      for (let k = 0; k < count; k++) {
        const [off, , type] = lines[i + 1 + k]!.split(/\s+/);
        if (type === 'n' && !offsets.has(first + k)) offsets.set(first + k, Number(off));
      }
      i += 1 + count;
    }
    const trailer = buf.subarray(end, buf.indexOf('startxref', end)).toString('latin1');
    if (root === null) root = Number(/\/Root\s+(\d+)\s+\d+\s+R/.exec(trailer)?.[1] ?? NaN);
    const prev = /\/Prev\s+(\d+)/.exec(trailer);
    pos = prev ? Number(prev[1]) : null;
  }
  if (root === null || Number.isNaN(root)) throw new Error('PDF: no /Root');
  return { buf, offsets, root };
}

interface PdfObject {
  /** The object's value (dictionary, array, string…) as text; binary bytes are kept as latin1. */
  value: string;
  stream: Buffer | null;
}

/** End of the dictionary starting at `start` ("<<"), skipping strings. */
function dictEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '(') {
      let nest = 0;
      for (; i < s.length; i++) {
        if (s[i] === '\\') i++;
        else if (s[i] === '(') nest++;
        else if (s[i] === ')' && --nest === 0) break;
      }
    } else if (c === '<' && s[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && s[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('PDF: unterminated dictionary');
}

function readObject(pdf: ParsedPdf, num: number): PdfObject {
  const off = pdf.offsets.get(num);
  if (off === undefined) throw new Error(`PDF: object ${num} missing`);
  const endobj = pdf.buf.indexOf('endobj', off);
  const head = pdf.buf.subarray(off, Math.min(pdf.buf.length, off + 64)).toString('latin1');
  const h = /^\s*\d+\s+\d+\s+obj\s*/.exec(head);
  if (!h) throw new Error(`PDF: object ${num} header`);
  const start = off + h[0].length;
  if (head.slice(h[0].length).startsWith('<<')) {
    // The dictionary never reaches past endobj; a stream, if any, follows it.
    const text = pdf.buf.subarray(start, endobj).toString('latin1');
    const dEnd = dictEnd(text, 0);
    const value = text.slice(0, dEnd);
    const after = /^\s*stream\r?\n/.exec(text.slice(dEnd));
    if (!after) return { value, stream: null };
    const length = /\/Length\s+(\d+)(\s+\d+\s+R)?/.exec(value);
    if (!length || length[2]) throw new Error(`PDF: object ${num} stream length must be direct`);
    const dataStart = start + dEnd + after[0].length;
    return { value, stream: pdf.buf.subarray(dataStart, dataStart + Number(length[1])) };
  }
  return { value: pdf.buf.subarray(start, endobj).toString('latin1').trim(), stream: null };
}

const REF = /(\d+)\s+(\d+)\s+R\b/g;

function refsOf(value: string): number[] {
  return [...value.matchAll(REF)].map((m) => Number(m[1]));
}

export class PdfMergeWriter {
  private readonly fd: number;
  private offset = 0;
  private readonly objectOffsets: number[] = [];
  private readonly pageRefs: number[] = [];
  private nextNum = 3; // 1 = catalog, 2 = page tree

  constructor(path: string) {
    this.fd = openPrivate(path);
    this.write(enc('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'));
  }

  get pages(): number {
    return this.pageRefs.length;
  }

  private write(b: Buffer): void {
    fs.writeSync(this.fd, b);
    this.offset += b.length;
  }

  /** Appends every page of a letter; returns the number of pages added. */
  add(letter: Buffer): number {
    const pdf = parse(letter);
    const catalog = readObject(pdf, pdf.root).value;
    const pagesRoot = Number(/\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog)?.[1]);
    const pageNums: number[] = [];
    const collect = (num: number) => {
      const v = readObject(pdf, num).value;
      if (/\/Type\s*\/Pages\b/.test(v)) {
        const kids = /\/Kids\s*\[([^\]]*)\]/.exec(v)?.[1] ?? '';
        for (const k of refsOf(kids)) collect(k);
      } else pageNums.push(num);
    };
    collect(pagesRoot);

    // Everything the pages reach, without their parent (the old page tree) and annotations (the signature field).
    const renumber = new Map<number, number>();
    const order: number[] = [];
    const objects = new Map<number, PdfObject>();
    const visit = (num: number) => {
      if (renumber.has(num)) return;
      renumber.set(num, this.nextNum++);
      order.push(num);
      const obj = readObject(pdf, num);
      if (pageNums.includes(num)) obj.value = obj.value.replace(/\/Parent\s+\d+\s+\d+\s+R/, '').replace(/\/Annots\s*\[[^\]]*\]/, '');
      objects.set(num, obj);
      for (const r of refsOf(obj.value)) visit(r);
    };
    for (const p of pageNums) visit(p);

    for (const num of order) {
      const obj = objects.get(num)!;
      let value = obj.value.replace(REF, (_, n: string) => `${renumber.get(Number(n))} 0 R`);
      if (pageNums.includes(num)) value = value.replace(/^<</, '<<\n/Parent 2 0 R');
      this.objectOffsets[renumber.get(num)!] = this.offset;
      this.write(enc(`${renumber.get(num)} 0 obj\n${value}\n`));
      if (obj.stream) {
        this.write(enc('stream\n'));
        this.write(obj.stream);
        this.write(enc('\nendstream\n'));
      }
      this.write(enc('endobj\n'));
    }
    for (const p of pageNums) this.pageRefs.push(renumber.get(p)!);
    return pageNums.length;
  }

  /** Writes the page tree, catalog, cross-reference table and trailer, and closes the file. */
  finish(): void {
    this.objectOffsets[2] = this.offset;
    this.write(enc(`2 0 obj\n<<\n/Type /Pages\n/Count ${this.pageRefs.length}\n/Kids [${this.pageRefs.map((r) => `${r} 0 R`).join(' ')}]\n>>\nendobj\n`));
    this.objectOffsets[1] = this.offset;
    this.write(enc('1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n'));
    const xrefAt = this.offset;
    const size = this.nextNum;
    const rows = ['xref', `0 ${size}`, '0000000000 65535 f '];
    for (let n = 1; n < size; n++) rows.push(`${String(this.objectOffsets[n]).padStart(10, '0')} 00000 n `);
    this.write(enc(`${rows.join('\n')}\ntrailer\n<<\n/Size ${size}\n/Root 1 0 R\n>>\nstartxref\n${xrefAt}\n%%EOF\n`));
    fs.closeSync(this.fd);
  }

  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}
