// A client of the Suomi.fi Messages REST API. One call is one attempt: the sender decides about retries. The
// access token is kept until it expires and fetched again once when a call is answered 401; the password is
// read from the store at every token request, so a rotation takes effect at once.
import type { z } from 'zod';
import { formatMessage, msg, type Message } from '../../../shared/messages';
import {
  activeMailboxesResponse,
  apiError,
  attachmentResponse,
  eventsResponse,
  MAILBOX_CHECK_MAX,
  messageResponse,
  PATHS,
  tokenResponse,
  type ApiError,
  type ElectronicMessage,
  type EventsPage,
  type MultichannelMessage,
} from './api';

/**
 * auth: the service refused the user name or password; expiredPassword: the password has expired;
 * rateLimited: 429 (retry after the given pause); transient: no answer, a dropped connection, a timeout, a 5xx
 * or an answer that cannot be read (retry, the external id keeps a message single); duplicate: 409, the message
 * with this external id exists already; permanent: the service refused the request itself (4xx).
 */
export type SuomifiErrorKind = 'auth' | 'expiredPassword' | 'rateLimited' | 'transient' | 'duplicate' | 'permanent';

export class SuomifiError extends Error {
  constructor(
    readonly kind: SuomifiErrorKind,
    /** The error by key (worded in the user's language); `message` is its Finnish wording. */
    readonly text: Message,
    readonly details: { status?: number; reason?: string; retryAfterMs?: number; messageId?: number | null } = {},
  ) {
    super(formatMessage('fi', text.key, text.params));
    this.name = 'SuomifiError';
  }

  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rateLimited';
  }
}

export interface SuomifiConnection {
  /** The API's base address, e.g. https://api.messages.suomi.fi */
  apiUrl: string;
  username: string;
  /** Time allowed for one request (connect and answer). */
  timeoutMs?: number;
}

export interface ClientOptions {
  /** The password in use, read at every token request. */
  password: () => string;
  now?: () => number;
  /** Cancels the calls in flight (a cancelled batch). */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function reasonOf(body: ApiError | null): string {
  if (!body) return '';
  const v = body.validationErrors?.map((e) => e.error).join('; ');
  return [body.reason, v].filter(Boolean).join(': ');
}

type What = 'token' | 'mailboxes' | 'attachment' | 'message' | 'events' | 'password';
const what = (w: What): Message => ({ key: `suomifi.what.${w}` });

function describeNetworkError(e: unknown): Message {
  const err = e as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
  const code = err.cause?.code ?? err.code;
  if (err.name === 'TimeoutError') return msg('suomifi.net.timeout');
  if (code === 'ECONNREFUSED') return msg('suomifi.net.refused');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return msg('suomifi.net.noHost');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return msg('suomifi.net.dropped');
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return msg('suomifi.net.timeout');
  return msg('suomifi.net.other', { text: err.cause?.message ?? err.message ?? String(e) });
}

export class SuomifiClient {
  private token: { value: string; expiresAt: number } | null = null;
  private fetching: Promise<{ value: string; expiresAt: number }> | null = null;
  private readonly base: string;
  private readonly now: () => number;

  constructor(
    private readonly conn: SuomifiConnection,
    private readonly opts: ClientOptions,
  ) {
    this.base = conn.apiUrl.replace(/\/+$/, '');
    this.now = opts.now ?? Date.now;
  }

  /** Forgets the token (after a password change, or to test a connection from scratch). */
  resetToken(): void {
    this.token = null;
  }

  private async request(method: 'GET' | 'POST', path: string, init: { body?: FormData | string; json?: unknown; auth?: string; query?: Record<string, string> }) {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init.auth) headers.Authorization = `Bearer ${init.auth}`;
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const timeout = AbortSignal.timeout(this.conn.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = this.opts.signal ? AbortSignal.any([timeout, this.opts.signal]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body, signal });
      text = await res.text();
    } catch (e) {
      if (this.opts.signal?.aborted) throw new SuomifiError('transient', msg('suomifi.cancelled'));
      throw new SuomifiError('transient', msg('suomifi.unreachable', { reason: describeNetworkError(e) }));
    }
    return { status: res.status, headers: res.headers, text };
  }

  private static json(text: string): unknown {
    try {
      return text.trim() === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      return undefined;
    }
  }

  private static parse<T extends z.ZodType>(schema: T, r: { status: number; text: string }, w: What): z.output<T> {
    const value = SuomifiClient.json(r.text);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new SuomifiError('transient', msg('suomifi.badAnswer', { what: what(w), status: r.status }), { status: r.status });
    return parsed.data;
  }

  /** Turns a non-2xx answer into the error it means. */
  private static failure(r: { status: number; headers: Headers; text: string }, w: What): SuomifiError {
    const raw = SuomifiClient.json(r.text);
    const parsed = apiError.safeParse(raw);
    const body = parsed.success ? parsed.data : null;
    const reason = reasonOf(body);
    const tail = reason ? `: ${reason}` : '';
    const p = { status: r.status, what: what(w), reason: tail };
    if (r.status === 429) {
      const after = Number(r.headers.get('retry-after'));
      return new SuomifiError('rateLimited', msg('suomifi.rateLimited', { what: what(w) }), { status: 429, retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : undefined });
    }
    if (r.status >= 500) return new SuomifiError('transient', msg('suomifi.serviceDown', p), { status: r.status, reason });
    if (r.status === 409) return new SuomifiError('duplicate', msg('suomifi.duplicate', { what: what(w) }), { status: 409, reason, messageId: body?.messageId ?? null });
    if (r.status === 401 || r.status === 403) return new SuomifiError('auth', msg('suomifi.authRefused', p), { status: r.status, reason });
    if (r.status === 413) return new SuomifiError('permanent', msg('suomifi.tooLarge', { reason: tail }), { status: 413, reason });
    return new SuomifiError('permanent', msg('suomifi.refused', p), { status: r.status, reason });
  }

  /** A new access token with the given password (POST /v1/token). */
  async tokenWith(password: string): Promise<{ value: string; expiresAt: number }> {
    const r = await this.request('POST', PATHS.token, { json: { username: this.conn.username, password } });
    if (r.status >= 200 && r.status < 300) {
      const t = SuomifiClient.parse(tokenResponse, r, 'token');
      // Renewed a little before the service's own expiry; without expires_in, an hour is assumed.
      const ttl = (t.expires_in ?? 3600) * 1000;
      return { value: t.access_token, expiresAt: this.now() + Math.max(ttl - 30_000, ttl / 2) };
    }
    const f = SuomifiClient.failure(r, 'token');
    if (f.kind === 'permanent' || f.kind === 'auth') {
      if (/expire|vanhen/i.test(f.details.reason ?? ''))
        throw new SuomifiError('expiredPassword', msg('suomifi.passwordExpired', { user: this.conn.username }), f.details);
      throw new SuomifiError('auth', msg('suomifi.credentialsRefused', { user: this.conn.username }), f.details);
    }
    throw f;
  }

  /** The token in use; calls made at once share one token request. */
  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    this.fetching ??= this.tokenWith(this.opts.password()).finally(() => (this.fetching = null));
    this.token = await this.fetching;
    return this.token.value;
  }

  /** An authenticated call; a 401 fetches a new token once (it may have expired early) and tries again. */
  private async authed(method: 'GET' | 'POST', path: string, init: { body?: () => FormData | string; json?: unknown; query?: Record<string, string> }) {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const r = await this.request(method, path, { body: init.body?.(), json: init.json, query: init.query, auth: token });
      if (r.status === 401 && attempt === 0) {
        if (this.token?.value === token) this.token = null;
        continue;
      }
      return r;
    }
  }

  /** Which of the henkilötunnukset have an active Suomi.fi Messages mailbox. */
  async activeMailboxes(ids: readonly string[]): Promise<Set<string>> {
    const active = new Set<string>();
    for (let i = 0; i < ids.length; i += MAILBOX_CHECK_MAX) {
      const chunk = ids.slice(i, i + MAILBOX_CHECK_MAX);
      const r = await this.authed('POST', PATHS.activeMailboxes, { json: { endUsers: chunk.map((id) => ({ id })) } });
      if (r.status < 200 || r.status >= 300) throw SuomifiClient.failure(r, 'mailboxes');
      for (const u of SuomifiClient.parse(activeMailboxesResponse, r, 'mailboxes').endUsersWithActiveMailbox) active.add(u.id);
    }
    return active;
  }

  /** Uploads a PDF; the id is used in one message within 24 hours. */
  async uploadAttachment(fileName: string, bytes: Buffer): Promise<string> {
    const r = await this.authed('POST', PATHS.attachments, {
      body: () => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)], { type: 'application/pdf' }), fileName);
        return form;
      },
    });
    if (r.status < 200 || r.status >= 300) throw SuomifiClient.failure(r, 'attachment');
    return SuomifiClient.parse(attachmentResponse, r, 'attachment').attachmentId;
  }

  /**
   * Sends a message. A 409 (the external id exists) is the message sent before: returned as a duplicate with
   * the existing message's id when the service tells it.
   */
  async send(message: MultichannelMessage | ElectronicMessage): Promise<{ messageId: number | null; duplicate: boolean }> {
    const path = 'paperMail' in message ? PATHS.messages : PATHS.electronicMessages;
    const r = await this.authed('POST', path, { json: message });
    if (r.status >= 200 && r.status < 300) return { messageId: SuomifiClient.parse(messageResponse, r, 'message').messageId, duplicate: false };
    const f = SuomifiClient.failure(r, 'message');
    if (f.kind === 'duplicate') return { messageId: f.details.messageId ?? null, duplicate: true };
    throw f;
  }

  /** One page of delivery events after the continuation token (the first page without one). */
  async events(continuationToken: string | null): Promise<EventsPage> {
    const r = await this.authed('GET', PATHS.events, { query: continuationToken ? { continuationToken } : {} });
    if (r.status < 200 || r.status >= 300) throw SuomifiClient.failure(r, 'events');
    return SuomifiClient.parse(eventsResponse, r, 'events');
  }

  /** Changes the password (POST /v1/change-password; the token goes in the body, not in a header). */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const token = await this.tokenWith(currentPassword);
    const r = await this.request('POST', PATHS.changePassword, { json: { accessToken: token.value, currentPassword, newPassword } });
    if (r.status < 200 || r.status >= 300) {
      const f = SuomifiClient.failure(r, 'password');
      throw new SuomifiError(f.kind === 'duplicate' ? 'permanent' : f.kind, f.text, f.details);
    }
    this.token = null;
  }
}
