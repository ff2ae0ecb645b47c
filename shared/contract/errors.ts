// Typed errors that cross the contract. The message is Finnish (UI language of record); the code lets the UI
// pick a Swedish text or react to the kind of failure.

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

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toPayload(): ErrorPayload {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} ei löytynyt.`);
export const forbidden = (what = 'Tähän toimintoon') => new AppError('FORBIDDEN', `${what} ei ole käyttöoikeutta.`);
