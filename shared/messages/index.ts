// Messages by key, worded in Finnish and Swedish by the catalogues of this folder.
//
//   throw new AppError('VALIDATION', msg('plans.reviewBeforeDrawnUp', { reviewOn, drawnUpOn }), [
//     issue('reviewOn', 'plans.reviewBeforeDrawnUpShort'),
//   ]);
//
// The key must exist in fi.ts (and sv.ts, same parameters); the parameters are checked against the Finnish
// template when compiling. Values: strings, numbers, ISO dates with {{x, date}}, cents with {{x, eur}},
// { fi, sv } texts (names from the catalogue), nested messages ({ key, params }) and arrays of these.
import type { FiCatalogue, MessageKey } from './fi';
import type { EntryParams, Message, MessageParams, ParamValue } from './types';

export { fi, type MessageKey } from './fi';
export { sv } from './sv';
export type { Lang, LocalText, Message, MessageParams, ParamValue } from './types';
export { formatMessage, formatDate, formatDateTime, formatEuros, formatNumber, hasMessage } from './format';

type ParamsOf<K extends MessageKey> = [EntryParams<FiCatalogue[K]>] extends [never] ? Record<string, never> : { readonly [P in EntryParams<FiCatalogue[K]>]: ParamValue };
type ParamArgs<K extends MessageKey> = [EntryParams<FiCatalogue[K]>] extends [never] ? [] : [params: ParamsOf<K>];

/** A message by key, with the parameters its Finnish template names. */
export function msg<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Message & { key: K } {
  const p = params[0] as MessageParams | undefined;
  return p ? { key, params: p } : { key };
}

/** A field issue: the field's path in the input (e.g. "lines.0.endDate") and what is wrong with it. */
export interface IssueMessage {
  path: string;
  key: string;
  params?: MessageParams;
}

export function issue<K extends MessageKey>(path: string, key: K, ...params: ParamArgs<K>): IssueMessage {
  const p = params[0] as MessageParams | undefined;
  return p ? { path, key, params: p } : { path, key };
}

/**
 * A message key for a zod schema's own error text (`.min(1, zodMessage('x.y'))`, `.refine(f, { message: zodMessage(…) })`):
 * the dispatcher and the renderer's live validation turn it back into the key.
 */
export function zodMessage<K extends MessageKey>(key: K, ...params: ParamArgs<K>): string {
  return `${ZOD_MARK}${JSON.stringify(params[0] ? [key, params[0]] : [key])}`;
}
export const ZOD_MARK = '\u2063msg:';

export function parseZodMessage(text: string): Message | null {
  if (!text.startsWith(ZOD_MARK)) return null;
  try {
    const [key, params] = JSON.parse(text.slice(ZOD_MARK.length)) as [string, MessageParams | undefined];
    return params ? { key, params } : { key };
  } catch {
    return null;
  }
}
