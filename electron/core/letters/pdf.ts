// Rendering pdfmake documents as PDF/A-2b with embedded fonts.
//
// pdfkit parses a TrueType font (fontkit.create) for every document, which for short letters costs more than
// laying them out. Parsed fonts are immutable for pdfkit's purposes (each document makes its own subset), so
// they are parsed once per font file and shared.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { speedUpPdfmake } from './pdfmake-speed';

// Not named `require`: the built backend's shared chunk declares its own `require` (electron-vite's ESM shim).
const nodeRequire = createRequire(import.meta.url);

interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
}

let pdfmakeInstance: PdfMake | null = null;

interface FontkitFormat {
  probe(buf: Uint8Array): boolean;
}

const parsedFonts = new WeakMap<Uint8Array, object>();

/**
 * fontkit's exports cannot be replaced, but it asks each registered format class whether it can read a buffer.
 * A format that answers for the already-parsed buffers (and returns the parsed font from its constructor) is
 * registered, and TrueType declines those buffers, so every later document reuses the parsed font.
 */
function cacheParsedFonts(buffers: Uint8Array[]): void {
  const fontkit = createRequire(nodeRequire.resolve('pdfkit'))('fontkit') as { create(buf: Uint8Array): object; registerFormat(f: unknown): void };
  for (const buf of buffers) {
    const font = fontkit.create(buf);
    parsedFonts.set(buf, font);
    const format = font.constructor as unknown as FontkitFormat;
    const probe = format.probe.bind(format);
    format.probe = (b) => !parsedFonts.has(b) && probe(b);
  }
  class AlreadyParsed {
    static probe(b: Uint8Array): boolean {
      return parsedFonts.has(b);
    }
    constructor(stream: { buffer: Uint8Array }) {
      return parsedFonts.get(stream.buffer)!;
    }
  }
  fontkit.registerFormat(AlreadyParsed);
}

interface EmbeddedFontLike {
  font: object;
  layoutRun(text: string): unknown;
}

const sharedLayouts = new WeakMap<object, Map<string, unknown>>();
// The letters' fixed texts are a few thousand runs; names and addresses vary, so the bound keeps those from
// piling up (each shaped run holds its glyphs and positions).
const MAX_CACHED_RUNS = 6_000;

/**
 * pdfkit shapes each word with fontkit (GSUB/GPOS lookups) and caches the result per document, so every letter
 * shaped "Päätös" again. A shaped run depends only on the font and the text (pdfkit scales it by the font's
 * units per em once, when it is made, and only reads it afterwards), so the cache is kept per parsed font across
 * documents. It is cleared when it grows past a bound.
 */
function shareLayoutCache(sampleFont: Uint8Array): void {
  const PDFKit = nodeRequire('pdfkit') as new (opts?: object) => { font(src: Uint8Array): { _font: object }; end(): void };
  const doc = new PDFKit();
  const proto = Object.getPrototypeOf(doc.font(sampleFont)._font) as EmbeddedFontLike & { layoutCached(text: string): unknown };
  doc.end();
  proto.layoutCached = function (this: EmbeddedFontLike, text: string) {
    let runs = sharedLayouts.get(this.font);
    if (!runs) sharedLayouts.set(this.font, (runs = new Map()));
    let run = runs.get(text);
    if (run === undefined) {
      run = this.layoutRun(text);
      if (runs.size >= MAX_CACHED_RUNS) runs.clear();
      runs.set(text, run);
    }
    return run;
  };
}

export const FONT_FAMILY = 'Roboto';

/** pdfmake with the letter fonts loaded once and no file or network access from documents. */
export function pdfmake(): PdfMake {
  if (pdfmakeInstance) return pdfmakeInstance;
  const pm = nodeRequire('pdfmake') as PdfMake;
  const dir = path.join(path.dirname(nodeRequire.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const files = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' };
  const buffers = Object.values(files).map((file) => {
    const buf = fs.readFileSync(path.join(dir, file));
    pm.virtualfs.writeFileSync(file, buf);
    return buf;
  });
  cacheParsedFonts(buffers);
  shareLayoutCache(buffers[0]!);
  speedUpPdfmake();
  pm.setFonts({ [FONT_FAMILY]: files });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  pdfmakeInstance = pm;
  return pm;
}

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  creationDate: Date;
  language: string;
}

/** A finished PDF/A-2b document. */
export async function renderPdfA(content: Record<string, unknown>, info: PdfInfo): Promise<Buffer> {
  const doc = {
    ...content,
    version: '1.7',
    subset: 'PDF/A-2b',
    language: info.language,
    info: { title: info.title, author: info.author, subject: info.subject, creator: 'Luotsi', producer: 'Luotsi (pdfmake)', creationDate: info.creationDate, modDate: info.creationDate },
    defaultStyle: { font: FONT_FAMILY, ...(content.defaultStyle as object | undefined) },
  };
  return pdfmake().createPdf(doc).getBuffer();
}
