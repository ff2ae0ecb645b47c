// Words a message in Finnish or Swedish from its key and parameters. Pure: the core words the Finnish text that
// the CLI prints and logs keep, the renderer words the same message in the user's language.
import { fi, type MessageKey } from './fi';
import { sv } from './sv';
import type { Lang, LocalText, Message, MessageParams, ParamValue, Template } from './types';

const CATALOGUES: Record<Lang, Readonly<Record<string, Template>>> = { fi, sv };

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(fi, key);
}

function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Message).key === 'string';
}

function isLocalText(v: unknown): v is LocalText {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as LocalText).fi === 'string' && typeof (v as LocalText).sv === 'string';
}

const NBSP = '\u00a0';

/** 1234567 → "1 234 567" (no-break spaces); decimals with a comma. */
export function formatNumber(n: number, decimals?: number): string {
  const neg = n < 0;
  const fixed = decimals === undefined ? String(Math.abs(n)) : Math.abs(n).toFixed(decimals);
  const [int, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = int.length > 4 || (decimals !== undefined && int.length > 3) ? int.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP) : int;
  return `${neg ? '−' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** Integer cents as euros: 123450 → "1 234,50 €". */
export function formatEuros(cents: number): string {
  return `${formatNumber(cents / 100, 2)}${NBSP}€`;
}

/** ISO date (or the date part of an instant's ISO text) as d.m.yyyy; anything else as it is. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])}.${Number(m[2])}.${m[1]}` : iso;
}

/** An instant as the user reads it in Helsinki: "23.11.2026 klo 14.05" / "23.11.2026 kl. 14.05", no seconds. */
export function formatDateTime(instant: string | Date, lang: Lang): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${Number(parts.day)}.${Number(parts.month)}.${parts.year} ${lang === 'sv' ? 'kl.' : 'klo'} ${parts.hour}.${parts.minute}`;
}

function lowerFirst(s: string): string {
  // Abbreviations (MAPLe_5, CPS, IBAN) keep their case.
  return /^[A-ZÅÄÖ][A-ZÅÄÖ0-9_-]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

function formatValue(lang: Lang, value: ParamValue | undefined, format: string | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const sep = format === 'items' ? '; ' : format === 'path' ? ' › ' : ', ';
    const inner = format === 'list' || format === 'items' || format === 'path' ? undefined : format;
    const items = value.map((v) => formatValue(lang, v as ParamValue, inner));
    // Items are sentences of their own: their full stops go, the template ends the whole.
    return (format === 'items' ? items.map((x) => x.replace(/\.$/, '')) : items).join(sep);
  }
  if (isMessage(value)) return applyFormat(formatMessage(lang, value.key, value.params), format);
  if (isLocalText(value)) return applyFormat(value[lang], format);
  if (typeof value === 'boolean') return value ? (lang === 'sv' ? 'ja' : 'kyllä') : lang === 'sv' ? 'nej' : 'ei';
  switch (format) {
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(String(value), lang);
    case 'eur':
      return typeof value === 'number' ? formatEuros(value) : String(value);
    case 'num':
      return typeof value === 'number' ? formatNumber(value) : String(value);
    default:
      return applyFormat(typeof value === 'number' ? formatNumber(value) : String(value), format);
  }
}

function applyFormat(text: string, format: string | undefined): string {
  return format === 'lower' ? lowerFirst(text) : text;
}

function fill(lang: Lang, template: string, params: MessageParams): string {
  return template.replace(/\{\{\s*([\w]+)\s*(?:,\s*([\w]+)\s*)?\}\}/g, (_m, name: string, format: string | undefined) => formatValue(lang, params[name], format));
}

/**
 * The message in the language. A key the catalogue does not know (a newer core than this window) falls back to
 * `fallback` (the core's Finnish text), then to a generic text that names the key, never to nothing.
 */
export function formatMessage(lang: Lang, key: string, params: MessageParams = {}, fallback?: string): string {
  const entry = CATALOGUES[lang][key] ?? CATALOGUES.fi[key];
  if (entry === undefined) return fallback ?? fill(lang, (CATALOGUES[lang]['error.unknownMessage'] as string) ?? '{{code}}', { code: key });
  const template = typeof entry === 'string' ? entry : params.count === 1 ? entry.one : entry.other;
  return fill(lang, template, params);
}

/** The parameter names a template uses (for the catalogue tests). */
export function templateParams(entry: Template): string[] {
  const texts = typeof entry === 'string' ? [entry] : [entry.one, entry.other];
  const names = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\{\{\s*([\w]+)\s*(?:,\s*([\w]+)\s*)?\}\}/g)) names.add(m[1]!);
  if (typeof entry !== 'string') names.add('count');
  return [...names].sort();
}

export { CATALOGUES };
