// Typed errors that cross the contract. The core raises a kind (`code`) and a message by key with parameters
// (shared/messages); the payload carries the key and parameters, which the renderer words in the user's
// language, and the Finnish wording as `message` for the CLI, logs and a window that does not know the key.
import { formatMessage, hasMessage, msg, type Message, type MessageKey, type MessageParams } from '../messages';
import type { IssueMessage } from '../messages';

export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'UNKNOWN_CHANNEL',
  'DATABASE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What is wrong with one field of the input: its path ("lines.0.endDate"), the message key and its Finnish wording. */
export interface FieldIssue {
  path: string;
  message: string;
  key?: string;
  params?: MessageParams;
}

export interface ErrorPayload {
  code: ErrorCode;
  /** The Finnish wording (CLI, logs, and the fallback of a window that does not know the key). */
  message: string;
  key?: string;
  params?: MessageParams;
  issues?: FieldIssue[];
}

export function toFieldIssue(i: IssueMessage | FieldIssue): FieldIssue {
  if ('message' in i && typeof i.message === 'string') return i;
  const m = i as IssueMessage;
  return m.params ? { path: m.path, key: m.key, params: m.params, message: formatMessage('fi', m.key, m.params) } : { path: m.path, key: m.key, message: formatMessage('fi', m.key) };
}

export class AppError extends Error {
  readonly key: string | null;
  readonly params: MessageParams | undefined;
  readonly issues: FieldIssue[] | undefined;

  /**
   * @param message a message by key (`msg('plans.reviewBeforeDrawnUp', {...})`). A plain string is the old,
   *   Finnish-only form: it still works (shown as it is in both languages) but new code raises keys.
   */
  constructor(
    readonly code: ErrorCode,
    message: Message | string,
    issues?: readonly (IssueMessage | FieldIssue)[],
  ) {
    super(typeof message === 'string' ? message : formatMessage('fi', message.key, message.params));
    this.name = 'AppError';
    this.key = typeof message === 'string' ? null : message.key;
    this.params = typeof message === 'string' ? undefined : message.params;
    this.issues = issues?.map(toFieldIssue);
  }

  toPayload(): ErrorPayload {
    const p: ErrorPayload = { code: this.code, message: this.message };
    if (this.key) p.key = this.key;
    if (this.params) p.params = this.params;
    if (this.issues) p.issues = this.issues;
    return p;
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** What can be missing: the keys `notFound.<what>` of shared/messages ("Asiakasta ei löytynyt."). */
export type NotFoundWhat = MessageKey extends infer K ? (K extends `notFound.${infer W}` ? W : never) : never;

/** The message of a missing row: "<what> ei löytynyt." by key (a Finnish noun in the partitive is the old form). */
export function notFoundMessage(what: NotFoundWhat | (string & {})): Message | string {
  const key = `notFound.${what}`;
  return hasMessage(key) ? { key } : `${what} ei löytynyt.`;
}

export function notFound(what: NotFoundWhat | (string & {})): AppError {
  return new AppError('NOT_FOUND', notFoundMessage(what));
}

/** No right to this action (the caller's role may not do it). */
export function forbidden(): AppError {
  return new AppError('FORBIDDEN', msg('error.forbidden'));
}
