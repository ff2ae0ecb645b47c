// Zod's validation issues as field issues by key, worded by the catalogues: "Anna kokonaisluku 1–5." at the field
// MAPLe_5, never zod's English or an internal name. Used by the dispatcher (the core's answer) and by the
// renderer's forms (the same schema checked as the user types).
import type { z } from 'zod';
import { formatMessage, hasMessage, msg, parseZodMessage, type Message, type MessageParams } from '../messages';
import type { FieldIssue } from './errors';

type Def = { type: string; [k: string]: unknown };
type Schemaish = { _zod?: { def: Def } };

function def(s: unknown): Def | null {
  return (s as Schemaish | undefined)?._zod?.def ?? null;
}

/** The schema of the value at a path (through optional, nullable, default, arrays, objects, unions, pipes). */
export function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let s: unknown = schema;
  for (let i = 0; i <= path.length; i++) {
    // Unwrap wrappers first.
    for (let guard = 0; guard < 10; guard++) {
      const d = def(s);
      if (!d) return null;
      if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(d.type)) s = d.innerType;
      else if (d.type === 'pipe') s = d.in;
      else break;
    }
    if (i === path.length) return s;
    const d = def(s)!;
    const seg = path[i]!;
    if (d.type === 'object') s = (d.shape as Record<string, unknown>)[String(seg)];
    else if (d.type === 'array') s = d.element;
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'tuple') s = (d.items as unknown[])[Number(seg)];
    else if (d.type === 'union') {
      const options = d.options as unknown[];
      s = options.map((o) => schemaAt(o, path.slice(i))).find((x) => x) ?? null;
      return s;
    } else return null;
  }
  return s;
}

/** Bounds and integer-ness of a number schema. */
function numberBounds(s: unknown): { min?: number; max?: number; int: boolean } | null {
  const d = def(s);
  if (!d || d.type !== 'number') return null;
  const n = s as { minValue?: number | null; maxValue?: number | null; isInt?: boolean };
  const out: { min?: number; max?: number; int: boolean } = { int: n.isInt === true };
  if (typeof n.minValue === 'number' && Number.isFinite(n.minValue) && Math.abs(n.minValue) < Number.MAX_SAFE_INTEGER) out.min = n.minValue;
  if (typeof n.maxValue === 'number' && Number.isFinite(n.maxValue) && Math.abs(n.maxValue) < Number.MAX_SAFE_INTEGER) out.max = n.maxValue;
  return out;
}

function rangeMessage(b: { min?: number; max?: number; int: boolean }): Message | null {
  if (b.min !== undefined && b.max !== undefined) return msg(b.int ? 'field.integerRange' : 'field.numberRange', { min: b.min, max: b.max });
  if (b.min !== undefined) return msg('field.atLeast', { min: b.min });
  if (b.max !== undefined) return msg('field.atMost', { max: b.max });
  return null;
}

type ZodIssueLike = {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  format?: string;
  keys?: string[];
  input?: unknown;
};

/** One zod issue as a message by key. */
export function messageOfZodIssue(i: ZodIssueLike, schema: unknown): Message {
  const own = parseZodMessage(i.message);
  if (own && hasMessage(own.key)) return own;
  const leaf = schemaAt(schema, i.path);
  const bounds = numberBounds(leaf);
  const n = (v: number | bigint | undefined) => Number(v ?? 0);
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'string') return n(i.minimum) <= 1 ? msg('field.required') : msg('field.tooShort', { count: n(i.minimum) });
      if (i.origin === 'array' || i.origin === 'set') return msg('field.chooseAtLeast', { count: n(i.minimum) });
      return (bounds && rangeMessage(bounds)) ?? msg('field.atLeast', { min: n(i.minimum) });
    case 'too_big':
      if (i.origin === 'string') return msg('field.tooLong', { max: n(i.maximum) });
      if (i.origin === 'array' || i.origin === 'set') return msg('field.tooMany', { max: n(i.maximum) });
      return (bounds && rangeMessage(bounds)) ?? msg('field.atMost', { max: n(i.maximum) });
    case 'invalid_type':
      if (i.input === undefined && i.expected !== 'int') return msg('field.required');
      if (i.expected === 'int') return (bounds && bounds.min !== undefined && bounds.max !== undefined ? rangeMessage(bounds) : null) ?? msg('field.integer');
      if (i.expected === 'number') return (bounds && rangeMessage(bounds)) ?? msg('field.number');
      if (i.input === null || i.input === '') return msg('field.required');
      return msg('field.invalid');
    case 'invalid_format':
      if (i.format === 'email') return msg('field.email');
      return msg('field.format');
    case 'invalid_value':
      return msg('field.invalidChoice');
    case 'unrecognized_keys':
      return msg('field.unknownFields', { keys: i.keys ?? [] });
    default:
      return msg('field.invalid');
  }
}

/** The path as text: ["lines", 0, "endDate"] → "lines.0.endDate". */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Every zod issue as a field issue by key (Finnish wording in `message`). */
export function issuesFromZod(error: { issues: readonly unknown[] }, schema: z.ZodType | unknown): FieldIssue[] {
  return (error.issues as ZodIssueLike[]).map((i) => {
    const m = messageOfZodIssue(i, schema);
    const out: FieldIssue = { path: pathText(i.path), key: m.key, message: formatMessage('fi', m.key, m.params) };
    if (m.params) out.params = m.params;
    return out;
  });
}

/**
 * The name of a field for a summary, as users know it: "lines.0.endDate" → Palvelut, rivi 1, Päättyy. Parts
 * without a name in the catalogue are left out, so an internal name never shows.
 */
export function fieldNameOf(path: string): Message[] {
  const parts: Message[] = [];
  for (const seg of path.split('.').filter(Boolean)) {
    if (/^\d+$/.test(seg)) parts.push(msg('field.row', { row: Number(seg) + 1 }));
    else if (hasMessage(`fields.${seg}`)) parts.push({ key: `fields.${seg}` });
  }
  return parts;
}

/** One field issue with its field's name, for a summary line: "MAPLe_5: anna kokonaisluku 1–5". */
export function namedIssue(i: FieldIssue): Message {
  const issueMessage: Message | string = i.key && hasMessage(i.key) ? (i.params ? { key: i.key, params: i.params } : { key: i.key }) : i.message;
  const name = fieldNameOf(i.path);
  if (name.length === 0) return typeof issueMessage === 'string' ? msg('field.text', { text: issueMessage }) : issueMessage;
  return msg('field.withName', { name, issue: issueMessage });
}

/** The summary of a refused input: every issue named, at most three spelt out. */
export function validationSummary(issues: readonly FieldIssue[]): Message {
  const shown = issues.slice(0, 3).map(namedIssue);
  const more = issues.length - shown.length;
  return more > 0 ? msg('error.validationMore', { issues: shown, count: more }) : msg('error.validation', { issues: shown });
}

export type { MessageParams };
