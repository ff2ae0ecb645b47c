// pdfmake's layout and drawing made cheaper without changing a single drawn mark: the letters' throughput is
// mostly pdfmake's per-word work. Each change is checked by rendering letters both ways and comparing the pages
// pixel by pixel (tests/integration/letter-templates.test.ts).
import { createRequire } from 'node:module';

// Not named `require`: the built backend's shared chunk declares its own `require` (electron-vite's ESM shim).
const nodeRequire = createRequire(import.meta.url);

interface Inline {
  text: string;
  x: number;
  width: number;
  font: object;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  [key: string]: unknown;
}

interface RenderedLine {
  inlines: Inline[];
}

/** Inline properties that make pdfmake draw more than plain text: such inlines are written on their own. */
const SPECIAL_INLINE = ['fontFeatures', 'link', 'linkToPage', 'linkToDestination', '_pageNodeRef', 'sup', 'sub', 'decoration', 'background'] as const;

function plainInline(i: Inline): boolean {
  return !i.characterSpacing && SPECIAL_INLINE.every((k) => !i[k]);
}

/**
 * The inlines of a line, neighbours in the same font, size, colour and opacity joined into one. pdfmake makes an
 * inline of every word and writes each with its own text object (position, font, colour: pdfmake's own TODO),
 * so a letter's content streams were mostly repeated operators, built and then deflated. Joined inlines are
 * drawn exactly where the separate ones were: only neighbours that touch (the second starts where the first
 * ends, so not justified text) are joined, and pdfkit places the glyphs of a joined run word by word with the
 * same widths pdfmake measured.
 */
export function joinInlines(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const prev = out[out.length - 1];
    if (
      prev &&
      plainInline(prev) &&
      plainInline(inline) &&
      prev.font === inline.font &&
      prev.fontSize === inline.fontSize &&
      prev.color === inline.color &&
      prev.opacity === inline.opacity &&
      Math.abs(prev.x + prev.width - inline.x) < 0.001
    ) {
      out[out.length - 1] = { ...prev, text: prev.text + inline.text, width: prev.width + inline.width };
    } else out.push(inline);
  }
  return out;
}

let enabled = true;

/** For the test that compares letters laid out and drawn with and without these changes. */
export function setPdfmakeSpeedups(on: boolean): void {
  enabled = on;
}

function joinInlinesWhenRendering(): void {
  const Renderer = (nodeRequire('pdfmake/js/Renderer') as { default: { prototype: { renderLine(line: RenderedLine, x: number, y: number): void } } }).default;
  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (line, x, y) {
    if (!enabled || line.inlines.length < 2) return renderLine.call(this, line, x, y);
    // The line's own height and ascender are read from its inlines; joined ones have the same fonts and sizes.
    const joined = Object.create(line) as RenderedLine;
    joined.inlines = joinInlines(line.inlines);
    return renderLine.call(this, joined, x, y);
  };
}

type StyleDictionary = Record<string, Record<string, unknown> & { extends?: string | string[] }>;

interface StyleStack {
  styleDictionary: StyleDictionary;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: (string | Record<string, unknown>)[];
  getProperty(property: string): unknown;
}

const isValue = (v: unknown) => v !== undefined && v !== null;

/** A named style's value of a property, through the styles it extends (a cycle ends as "not found"). */
function namedStyleValue(dictionary: StyleDictionary, name: string, property: string, depth: number): unknown {
  const style = dictionary[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends && depth < 16) {
    const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = namedStyleValue(dictionary, parents[i]!, property, depth + 1);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

function stackValue(stack: StyleStack, property: string): unknown {
  const overrides = stack.styleOverrides;
  for (let i = overrides.length - 1; i >= 0; i--) {
    const item = overrides[i]!;
    const value = typeof item === 'string' ? namedStyleValue(stack.styleDictionary, item, property, 0) : item[property];
    if (isValue(value)) return value;
  }
  return stack.defaultStyle && stack.defaultStyle[property];
}

/**
 * pdfmake looks up some twenty style properties for every word, each by pushing the word onto the style stack,
 * walking it with a fresh closure and a fresh Set per named style, and popping it again: a good part of a
 * letter's layout time and garbage. The same lookup, in the same order (the word itself, its own named styles
 * from the last, then the stack from the top), without the pushing and the allocations.
 */
function lookUpStylesWithoutAllocating(): void {
  const StyleContextStack = (nodeRequire('pdfmake/js/StyleContextStack') as {
    default: { prototype: StyleStack; getStyleProperty(item: unknown, stack: StyleStack | null, property: string, defaultValue: unknown): unknown };
  }).default;
  const getProperty = StyleContextStack.prototype.getProperty;
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string) {
    return enabled ? stackValue(this, property) : getProperty.call(this, property);
  };
  const getStyleProperty = StyleContextStack.getStyleProperty.bind(StyleContextStack);
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) => {
    if (!enabled || !stack) return getStyleProperty(item, stack, property, defaultValue);
    const node = item as Record<string, unknown> | string;
    if (typeof node !== 'string') {
      if (isValue(node[property])) return node[property];
      // As pdfmake pushes them: the node's named styles (not for a section node), then the node itself.
      if (node.style && node.section === undefined) {
        const names = (Array.isArray(node.style) ? node.style : [node.style]) as string[];
        for (let i = names.length - 1; i >= 0; i--) {
          const value = namedStyleValue(stack.styleDictionary, names[i]!, property, 0);
          if (isValue(value)) return value;
        }
      }
    }
    const value = stackValue(stack, property);
    return isValue(value) ? value : defaultValue;
  };
}

/** The pdfkit calls an SVG is drawn with that depend on nothing but their arguments. */
const REPLAYABLE = new Set([
  'save', 'restore', 'translate', 'scale', 'transform', 'addContent', 'rect', 'circle', 'moveTo', 'lineTo', 'bezierCurveTo',
  'quadraticCurveTo', 'closePath', 'clip', 'fill', 'stroke', 'fillAndStroke', 'fillColor', 'strokeColor', 'fillOpacity',
  'strokeOpacity', 'lineWidth', 'lineCap', 'lineJoin', 'miterLimit', 'dash', 'undash',
]);

type Call = [method: string, args: unknown[]];

interface PdfDoc {
  _ctm: number[];
  _fillColor: unknown;
  page: { width: number; height: number };
  [method: string]: unknown;
}

interface SvgNode {
  svg: unknown;
  x: number;
  y: number;
  _width: number;
  _height: number;
  options?: unknown;
  link?: unknown;
  linkToPage?: unknown;
}

/**
 * The pdfkit calls svg-to-pdfkit makes for one SVG, or null when they cannot be replayed: anything that adds
 * resources (images, fonts, gradients, patterns, masks, links) or changes the document's state directly.
 */
function recordSvg(doc: PdfDoc, draw: (proxy: PdfDoc) => void): Call[] | null {
  const calls: Call[] = [];
  let replayable = true;
  const fillColor = doc._fillColor;
  const proxy: PdfDoc = new Proxy(doc, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        if (!REPLAYABLE.has(prop)) replayable = false;
        else {
          try {
            calls.push([prop, structuredClone(args)]);
          } catch {
            replayable = false;
          }
        }
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result === target ? proxy : result;
      };
    },
    set(target, prop, value) {
      // svg-to-pdfkit puts the fill colour back as it found it; anything else is state replaying would miss.
      if (!(prop === '_fillColor' && value === fillColor)) replayable = false;
      return Reflect.set(target, prop, value);
    },
  });
  draw(proxy);
  return replayable ? calls : null;
}

const drawnSvgs = new Map<string, Call[] | null>();

/**
 * pdfmake draws an SVG with svg-to-pdfkit, which parses it and builds its element classes anew every time: the
 * county logo on every letter cost as much as laying out a page of text. What it does to the page depends only
 * on the SVG, its box, its options, the transformation in force and the page size, so the pdfkit calls of the
 * first drawing are kept and replayed for the same SVG in the same place. SVGs that need resources of their
 * own are always drawn by svg-to-pdfkit.
 */
function replaySvgDrawing(): void {
  const Renderer = (nodeRequire('pdfmake/js/Renderer') as { default: { prototype: { pdfDocument: PdfDoc; renderSVG(svg: SvgNode): void } } }).default;
  const renderSVG = Renderer.prototype.renderSVG;
  Renderer.prototype.renderSVG = function (svg) {
    const doc = this.pdfDocument;
    if (!enabled || typeof svg.svg !== 'string' || svg.link || svg.linkToPage) return renderSVG.call(this, svg);
    const key = JSON.stringify([svg.svg, svg.x, svg.y, svg._width, svg._height, svg.options ?? null, doc._ctm, doc.page.width, doc.page.height]);
    const calls = drawnSvgs.get(key);
    if (calls === null) return renderSVG.call(this, svg);
    if (calls) {
      const fillColor = doc._fillColor;
      for (const [method, args] of calls) (doc[method] as (...a: unknown[]) => unknown)(...(args.some((a) => typeof a === 'object' && a !== null) ? structuredClone(args) : args));
      doc._fillColor = fillColor;
      return;
    }
    if (drawnSvgs.size >= 64) drawnSvgs.clear();
    drawnSvgs.set(key, recordSvg(doc, (proxy) => renderSVG.call(Object.assign(Object.create(this) as object, { pdfDocument: proxy }) as typeof this, svg)));
  };
}

let installed = false;

/** Installs the changes once per process (pdfmake's classes are shared). */
export function speedUpPdfmake(): void {
  if (installed) return;
  installed = true;
  joinInlinesWhenRendering();
  lookUpStylesWithoutAllocating();
  replaySvgDrawing();
}
