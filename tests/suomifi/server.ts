// A test double of the Suomi.fi Messages REST API (a national service that cannot be reached from here), for
// the integration and end-to-end tests and the bench, and by hand with `npm run suomifi-test-server`. A real
// HTTP server on 127.0.0.1 that follows the documented API: access tokens that expire (401), password change,
// active mailboxes, PDF attachments (size limit), multichannel and electronic messages (409 for a repeated
// external id), persons with and without an active mailbox, paper routing through the printing service, the
// events feed with continuation tokens (1,000 a page, kept 60 days), rate limiting (429) and injectable faults
// (5xx, timeouts, dropped connections, unreadable answers), before or after the request has taken effect.
// Production code never imports this file (a lint rule keeps it so).
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { parseHetu } from '../../shared/domain/hetu';

export type FaultKind = 'status400' | 'status500' | 'status502' | 'status503' | 'status429' | 'status401' | 'timeout' | 'drop' | 'garbage' | 'empty';

export interface Fault {
  /** Request path the fault applies to, e.g. '/v2/messages'; any path when left out. */
  path?: string;
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** 'after': the request takes effect (a message is created) and then the answer is lost. Default 'before'. */
  when?: 'before' | 'after';
  /** Matching requests let through before the fault starts. */
  skip?: number;
}

export interface SuomifiTestServerOptions {
  username?: string;
  password?: string;
  serviceId?: string;
  /** Printing, enveloping and distribution service (paper part) credentials. */
  printing?: { username: string; password: string } | null;
  tokenTtlSeconds?: number;
  /** Days a password is valid; a token request with an older password is refused as expired. */
  passwordValidDays?: number | null;
  maxAttachmentBytes?: number;
  /** Mailbox state of persons by henkilötunnus; others follow defaultMailbox. */
  persons?: Record<string, boolean>;
  defaultMailbox?: boolean;
  /** Token bucket: at most `burst` requests at once, refilled `perSecond`. Null = no limit. */
  rateLimit?: { burst: number; perSecond: number } | null;
  /** Event retention (days). */
  retentionDays?: number;
  /** The server's clock (ms); tests move it with advance(). */
  now?: number;
  /** Latency added to every answer (ms), to look like a network. */
  latencyMs?: number;
}

interface StoredMessage {
  messageId: number;
  externalId: string;
  serviceId: string;
  recipientId: string;
  channel: 'electronic' | 'paper';
  title: string;
  body: string;
  attachmentIds: string[];
  paperAddress: Record<string, unknown> | null;
  createdAt: number;
  printedAt: number | null;
}

interface StoredEvent {
  seq: number;
  type: string;
  eventTime: number;
  metadata: { messageId: number; serviceId: string; externalId?: string };
}

const PAGE = 1000;
const DAY = 86_400_000;

const address = z.object({
  name: z.string().trim().min(1),
  additionalName: z.string().optional(),
  streetAddress: z.string().trim().min(1),
  zipCode: z.string().trim().min(1),
  city: z.string().trim().min(1),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
});
const attachmentRefs = z.array(z.object({ attachmentId: z.string().min(1) }).strict()).min(1).max(1);
const electronicPart = z
  .object({
    attachments: attachmentRefs,
    body: z.string().trim().min(1),
    bodyFormat: z.enum(['Text', 'Markdown']),
    messageServiceType: z.enum(['Normal', 'Verifiable']),
    notifications: z
      .object({
        senderDetailsInNotifications: z.enum(['Organisation and service name', 'None']),
        unreadMessageNotification: z.object({ reminder: z.enum(['Default reminder', 'No reminders']) }).strict(),
      })
      .strict(),
    replyAllowedBy: z.enum(['Anyone', 'No one']),
    title: z.string().trim().min(1).max(256),
    visibility: z.enum(['Normal', 'Recipient only']),
  })
  .strict();
const paperPart = z
  .object({
    attachments: attachmentRefs,
    colorPrinting: z.boolean(),
    createAddressPage: z.boolean(),
    messageServiceType: z.enum(['Normal', 'Verifiable']),
    printingAndEnvelopingService: z
      .object({ postiMessaging: z.object({ contactDetails: z.object({ email: z.string().email() }).strict(), username: z.string().min(1), password: z.string().min(1) }).strict() })
      .strict(),
    recipient: z.object({ address }).strict(),
    rotateLandscapePages: z.boolean(),
    sender: z.object({ address }).strict(),
    twoSidedPrinting: z.boolean(),
  })
  .strict();
const base = { externalId: z.string().trim().min(1).max(300), recipient: z.object({ id: z.string().min(1) }).strict(), sender: z.object({ serviceId: z.string().min(1) }).strict() };
const multichannel = z.object({ ...base, electronic: electronicPart, paperMail: paperPart }).strict();
const electronicOnly = z.object({ ...base, electronic: electronicPart }).strict();

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.reason ?? status));
  }
}

export class SuomifiTestServer {
  readonly username: string;
  private password: string;
  private passwordSetAt: number;
  readonly serviceId: string;
  readonly printing: { username: string; password: string } | null;
  private clock: number;
  private readonly clockStartedAt = Date.now();
  private readonly opts: Required<Pick<SuomifiTestServerOptions, 'tokenTtlSeconds' | 'maxAttachmentBytes' | 'defaultMailbox' | 'retentionDays' | 'latencyMs'>> & {
    passwordValidDays: number | null;
    rateLimit: { burst: number; perSecond: number } | null;
  };
  private readonly persons = new Map<string, boolean>();
  private readonly tokens = new Map<string, number>();
  private readonly attachments = new Map<string, { size: number; name: string; createdAt: number }>();
  private readonly messagesByExternal = new Map<string, StoredMessage>();
  private readonly events: StoredEvent[] = [];
  private faults: (Fault & { left: number; skipLeft: number })[] = [];
  private seq = 0;
  private nextMessageId = 1_000_001;
  private bucket: { tokens: number; at: number } | null = null;
  private readonly sockets = new Set<Socket>();
  private server: http.Server | null = null;
  url = '';

  /** Every request by "METHOD path" and status. */
  readonly requests: { method: string; path: string; status: number | 'dropped' | 'timeout' }[] = [];
  /** Messages created (one per external id). */
  created = 0;
  /** Sends answered 409 because the external id existed. */
  duplicates = 0;
  passwordChanges = 0;

  constructor(options: SuomifiTestServerOptions = {}) {
    this.username = options.username ?? 'luotsi-api';
    this.password = options.password ?? 'Alkusalasana-1234567890';
    this.serviceId = options.serviceId ?? 'hyvinvointialue-asiakasohjaus';
    this.printing = options.printing === undefined ? { username: 'posti-laskutus', password: 'Posti-salasana-1' } : options.printing;
    this.clock = options.now ?? Date.now();
    this.passwordSetAt = this.clock;
    this.opts = {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      maxAttachmentBytes: options.maxAttachmentBytes ?? 10 * 1024 * 1024,
      defaultMailbox: options.defaultMailbox ?? false,
      retentionDays: options.retentionDays ?? 60,
      latencyMs: options.latencyMs ?? 0,
      passwordValidDays: options.passwordValidDays ?? null,
      rateLimit: options.rateLimit ?? null,
    };
    for (const [hetu, active] of Object.entries(options.persons ?? {})) this.persons.set(hetu, active);
  }

  /** The server's time now: its own clock plus the real time since it started (so tokens still expire). */
  now(): number {
    return this.clock + (Date.now() - this.clockStartedAt);
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ---- Test controls ----------------------------------------------------------------------------------

  setMailbox(hetu: string, active: boolean): void {
    this.persons.set(hetu, active);
  }

  mailboxOf(hetu: string): boolean {
    return this.persons.get(hetu) ?? this.opts.defaultMailbox;
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1, skipLeft: fault.skip ?? 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  setRateLimit(limit: { burst: number; perSecond: number } | null): void {
    this.opts.rateLimit = limit;
    this.bucket = null;
  }

  /** Invalidates every token now (as if they had expired). */
  expireTokens(): void {
    this.tokens.clear();
  }

  currentPassword(): string {
    return this.password;
  }

  /** Sets the password from outside (the organisation changed it in another system). */
  setPassword(password: string, setAt = this.now()): void {
    this.password = password;
    this.passwordSetAt = setAt;
  }

  /**
   * Moves the clock forward: paper messages older than a day are sent for printing and enveloping (an event),
   * and events older than the retention period leave the feed.
   */
  advance(ms: number): void {
    this.clock += ms;
    const now = this.now();
    for (const m of this.messagesByExternal.values()) {
      if (m.channel === 'paper' && m.printedAt === null && now - m.createdAt >= DAY / 2) {
        m.printedAt = m.createdAt + DAY / 2;
        this.addEvent('Sent for printing and enveloping', m, m.printedAt);
      }
    }
    const oldest = now - this.opts.retentionDays * DAY;
    while (this.events.length > 0 && this.events[0]!.eventTime < oldest) this.events.shift();
  }

  /** Adds an event of a message (read, returned to sender, …) at the server's time or the given one. */
  emit(externalId: string, type: string, at = this.now()): void {
    const m = this.messagesByExternal.get(externalId);
    if (!m) throw new Error(`no message ${externalId}`);
    this.addEvent(type, m, at);
  }

  messages(): StoredMessage[] {
    return [...this.messagesByExternal.values()];
  }

  message(externalId: string): StoredMessage | undefined {
    return this.messagesByExternal.get(externalId);
  }

  eventCount(): number {
    return this.events.length;
  }

  count(method: string, path: string, status?: number): number {
    return this.requests.filter((r) => r.method === method && r.path === path && (status === undefined || r.status === status)).length;
  }

  private addEvent(type: string, m: StoredMessage, at: number): void {
    this.events.push({ seq: ++this.seq, type, eventTime: at, metadata: { messageId: m.messageId, serviceId: m.serviceId, externalId: m.externalId } });
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const record = (status: number | 'dropped' | 'timeout') => this.requests.push({ method, path, status });
    let body: Buffer;
    try {
      body = await this.readBody(req);
    } catch {
      record('dropped');
      return;
    }
    const fault = this.takeFault(path);
    if (fault && fault.when !== 'after' && this.applyFault(fault, req, res, record)) return;
    let status = 500;
    let payload: unknown;
    let headers: Record<string, string> = {};
    try {
      if (path.startsWith('/__test/')) payload = this.control(method, path, body);
      else {
        this.rateLimit();
        payload = this.route(method, path, url, req, body);
      }
      status = 200;
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        payload = e.body;
        headers = e.headers;
      } else {
        status = 500;
        payload = { reason: 'Internal error' };
      }
    }
    if (fault && fault.when === 'after' && this.applyFault(fault, req, res, record)) return;
    if (this.opts.latencyMs > 0) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    record(status);
    const text = JSON.stringify(payload ?? {});
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(text);
  }

  private readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private takeFault(path: string): Fault | null {
    const f = this.faults.find((x) => x.left > 0 && (x.path === undefined || x.path === path));
    if (!f) return null;
    if (f.skipLeft > 0) {
      f.skipLeft--;
      return null;
    }
    f.left--;
    this.faults = this.faults.filter((x) => x.left > 0);
    return f;
  }

  /** Answers with the fault; true when the request is done with. */
  private applyFault(f: Fault, req: http.IncomingMessage, res: http.ServerResponse, record: (s: number | 'dropped' | 'timeout') => void): boolean {
    const send = (status: number, text: string, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(text);
      return true;
    };
    switch (f.kind) {
      case 'status400':
        return send(400, JSON.stringify({ reason: 'Validation failed', validationErrors: [{ error: 'electronic.attachments: the attachment could not be processed', errorCode: 'ATTACHMENT_INVALID' }] }));
      case 'status500':
        return send(500, JSON.stringify({ reason: 'Internal server error' }));
      case 'status502':
        return send(502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' });
      case 'status503':
        return send(503, JSON.stringify({ reason: 'Service unavailable' }), { 'Retry-After': '1' });
      case 'status429':
        return send(429, JSON.stringify({ reason: 'Too many requests' }), { 'Retry-After': '1' });
      case 'status401':
        return send(401, JSON.stringify({ reason: 'Unauthorized' }));
      case 'garbage':
        return send(200, '<html>Palvelukatko</html>', { 'Content-Type': 'text/html' });
      case 'empty':
        record(200);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end();
        return true;
      case 'drop':
        record('dropped');
        req.socket.destroy();
        return true;
      case 'timeout':
        // Never answers; the client's own timeout gives up. The socket is closed when the server stops.
        record('timeout');
        return true;
    }
  }

  private rateLimit(): void {
    const limit = this.opts.rateLimit;
    if (!limit) return;
    const now = Date.now();
    if (!this.bucket) this.bucket = { tokens: limit.burst, at: now };
    this.bucket.tokens = Math.min(limit.burst, this.bucket.tokens + ((now - this.bucket.at) / 1000) * limit.perSecond);
    this.bucket.at = now;
    if (this.bucket.tokens < 1) throw new HttpError(429, { reason: 'Too many requests' }, { 'Retry-After': String(Math.max(1, Math.ceil((1 - this.bucket.tokens) / limit.perSecond))) });
    this.bucket.tokens -= 1;
  }

  private json(body: Buffer): unknown {
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new HttpError(400, { reason: 'Malformed JSON' });
    }
  }

  private validation(error: z.ZodError): HttpError {
    return new HttpError(400, { reason: 'Validation failed', validationErrors: error.issues.map((i) => ({ error: `${i.path.join('.')}: ${i.message}`, errorCode: i.code })) });
  }

  private authorize(req: http.IncomingMessage): void {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(h);
    const expires = m ? this.tokens.get(m[1]!) : undefined;
    if (expires === undefined) throw new HttpError(401, { reason: 'Invalid access token' });
    if (expires <= this.now()) {
      this.tokens.delete(m![1]!);
      throw new HttpError(401, { reason: 'Access token expired' });
    }
  }

  private passwordExpired(): boolean {
    return this.opts.passwordValidDays !== null && this.now() - this.passwordSetAt > this.opts.passwordValidDays * DAY;
  }

  private route(method: string, path: string, url: URL, req: http.IncomingMessage, body: Buffer): unknown {
    if (method === 'POST' && path === '/v1/token') {
      const b = z.object({ username: z.string(), password: z.string() }).safeParse(this.json(body));
      if (!b.success) throw this.validation(b.error);
      if (b.data.username !== this.username || b.data.password !== this.password) throw new HttpError(400, { reason: 'Invalid username or password' });
      if (this.passwordExpired()) throw new HttpError(400, { reason: 'Password expired' });
      const token = crypto.randomBytes(24).toString('base64url');
      this.tokens.set(token, this.now() + this.opts.tokenTtlSeconds * 1000);
      return { access_token: token, token_type: 'bearer', expires_in: this.opts.tokenTtlSeconds };
    }
    if (method === 'POST' && path === '/v1/change-password') {
      const b = z.object({ accessToken: z.string(), currentPassword: z.string(), newPassword: z.string() }).strict().safeParse(this.json(body));
      if (!b.success) throw this.validation(b.error);
      const expires = this.tokens.get(b.data.accessToken);
      if (expires === undefined || expires <= this.now()) throw new HttpError(401, { reason: 'Invalid access token' });
      if (b.data.currentPassword !== this.password) throw new HttpError(400, { reason: 'Current password is incorrect' });
      const p = b.data.newPassword;
      if (p.length < 16 || !/[0-9]/.test(p) || !/[a-z]/.test(p) || !/[A-Z]/.test(p) || p === this.password)
        throw new HttpError(400, { reason: 'New password does not meet the requirements', validationErrors: [{ error: 'newPassword: at least 16 characters with digits, lower and upper case letters, differing from the current one' }] });
      this.password = p;
      this.passwordSetAt = this.now();
      this.passwordChanges++;
      return {};
    }
    this.authorize(req);
    if (method === 'POST' && path === '/v1/mailboxes/active') {
      const b = z.object({ endUsers: z.array(z.object({ id: z.string() })).max(10_000) }).safeParse(this.json(body));
      if (!b.success) throw this.validation(b.error);
      return { endUsersWithActiveMailbox: b.data.endUsers.filter((u) => this.mailboxOf(u.id)).map((u) => ({ id: u.id })) };
    }
    if (method === 'POST' && path === '/v2/attachments') return this.upload(req, body);
    if (method === 'POST' && (path === '/v2/messages' || path === '/v2/messages/electronic')) return this.send(path === '/v2/messages', body);
    if (method === 'GET' && path === '/v2/events') return this.feed(url.searchParams.get('continuationToken'));
    throw new HttpError(404, { reason: `No such endpoint: ${method} ${path}` });
  }

  private upload(req: http.IncomingMessage, body: Buffer): unknown {
    const type = req.headers['content-type'] ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (!type.startsWith('multipart/form-data') || !boundary) throw new HttpError(415, { reason: 'Expected multipart/form-data' });
    const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
    let file: { name: string; type: string; bytes: Buffer } | null = null;
    let at = body.indexOf(marker);
    while (at >= 0) {
      const next = body.indexOf(marker, at + marker.length);
      if (next < 0) break;
      const part = body.subarray(at + marker.length + 2, next - 2);
      const split = part.indexOf('\r\n\r\n');
      const head = part.subarray(0, split).toString('utf8');
      const disposition = /name="([^"]*)"(?:; filename="([^"]*)")?/i.exec(head);
      if (disposition?.[1] === 'file') file = { name: disposition[2] ?? '', type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '', bytes: part.subarray(split + 4) };
      at = next;
    }
    if (!file) throw new HttpError(400, { reason: 'Validation failed', validationErrors: [{ error: 'file: required' }] });
    if (file.bytes.length > this.opts.maxAttachmentBytes) throw new HttpError(413, { reason: `Attachment too large (max ${this.opts.maxAttachmentBytes} bytes)` });
    if (!file.name.trim()) throw new HttpError(400, { reason: 'Validation failed', validationErrors: [{ error: 'file: filename required' }] });
    if (file.type !== 'application/pdf' || file.bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new HttpError(400, { reason: 'Unsupported attachment type' });
    const id = crypto.randomUUID();
    this.attachments.set(id, { size: file.bytes.length, name: file.name, createdAt: this.now() });
    return { attachmentId: id };
  }

  private checkAttachment(id: string): void {
    const a = this.attachments.get(id);
    if (!a || this.now() - a.createdAt > DAY) throw new HttpError(400, { reason: 'Validation failed', validationErrors: [{ error: `attachmentId ${id}: not found or expired` }] });
  }

  private send(multi: boolean, body: Buffer): unknown {
    const parsed = (multi ? multichannel : electronicOnly).safeParse(this.json(body));
    if (!parsed.success) throw this.validation(parsed.error);
    const m = parsed.data as z.infer<typeof multichannel>;
    if (m.sender.serviceId !== this.serviceId) throw new HttpError(403, { reason: `Not allowed to send as service ${m.sender.serviceId}` });
    const existing = this.messagesByExternal.get(m.externalId);
    if (existing) {
      this.duplicates++;
      throw new HttpError(409, { reason: 'Message with the same externalId already exists', messageId: existing.messageId });
    }
    const hetu = parseHetu(m.recipient.id);
    if (!hetu.valid) throw new HttpError(400, { reason: 'Validation failed', validationErrors: [{ error: 'recipient.id: not a valid personal identity code', errorCode: 'INVALID_RECIPIENT_ID' }] });
    for (const a of m.electronic.attachments) this.checkAttachment(a.attachmentId);
    const mailbox = this.mailboxOf(m.recipient.id);
    if (!multi && !mailbox) throw new HttpError(400, { reason: 'Recipient does not have an active mailbox', validationErrors: [{ error: 'recipient.id: no active mailbox', errorCode: 'NO_ACTIVE_MAILBOX' }] });
    if (multi) {
      for (const a of m.paperMail.attachments) this.checkAttachment(a.attachmentId);
      const posti = m.paperMail.printingAndEnvelopingService.postiMessaging;
      if (!this.printing || posti.username !== this.printing.username || posti.password !== this.printing.password)
        throw new HttpError(400, { reason: 'Printing service credentials are invalid' });
      if (m.paperMail.recipient.address.countryCode === 'FI' && !/^\d{5}$/.test(m.paperMail.recipient.address.zipCode))
        throw new HttpError(400, { reason: 'Validation failed', validationErrors: [{ error: 'paperMail.recipient.address.zipCode: invalid' }] });
    }
    const stored: StoredMessage = {
      messageId: this.nextMessageId++,
      externalId: m.externalId,
      serviceId: m.sender.serviceId,
      recipientId: m.recipient.id,
      channel: mailbox ? 'electronic' : 'paper',
      title: m.electronic.title,
      body: m.electronic.body,
      attachmentIds: m.electronic.attachments.map((a) => a.attachmentId),
      paperAddress: multi ? (m.paperMail.recipient.address as Record<string, unknown>) : null,
      createdAt: this.now(),
      printedAt: null,
    };
    this.messagesByExternal.set(m.externalId, stored);
    this.created++;
    this.addEvent(mailbox ? 'Electronic message created' : 'Paper mail created', stored, stored.createdAt);
    return { messageId: stored.messageId };
  }

  private feed(token: string | null): unknown {
    let after = 0;
    if (token) {
      try {
        after = z.object({ s: z.number().int().min(0) }).parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).s;
      } catch {
        throw new HttpError(400, { reason: 'Invalid continuationToken' });
      }
    }
    const page = this.events.filter((e) => e.seq > after).slice(0, PAGE);
    const last = page.length > 0 ? page[page.length - 1]!.seq : after;
    return {
      continuationToken: Buffer.from(JSON.stringify({ s: last })).toString('base64url'),
      events: page.map((e) => ({ type: e.type, eventTime: new Date(e.eventTime).toISOString(), metadata: e.metadata })),
    };
  }

  // ---- Control endpoints (for a server in another process) ------------------------------------------------

  private control(method: string, path: string, body: Buffer): unknown {
    const b = body.length ? (this.json(body) as Record<string, unknown>) : {};
    if (method === 'GET' && path === '/__test/state')
      return {
        created: this.created,
        duplicates: this.duplicates,
        passwordChanges: this.passwordChanges,
        password: this.password,
        events: this.events.length,
        messages: this.messages().map((m) => ({ externalId: m.externalId, messageId: m.messageId, channel: m.channel, recipientId: m.recipientId, title: m.title })),
      };
    if (method === 'POST' && path === '/__test/persons') {
      for (const [hetu, active] of Object.entries(z.record(z.string(), z.boolean()).parse(b))) this.setMailbox(hetu, active);
      return {};
    }
    if (method === 'POST' && path === '/__test/faults') {
      this.inject(
        z
          .object({
            path: z.string().optional(),
            kind: z.enum(['status400', 'status500', 'status502', 'status503', 'status429', 'status401', 'timeout', 'drop', 'garbage', 'empty']),
            times: z.number().int().optional(),
            when: z.enum(['before', 'after']).optional(),
            skip: z.number().int().optional(),
          })
          .parse(b),
      );
      return {};
    }
    if (method === 'POST' && path === '/__test/advance') {
      this.advance(z.object({ ms: z.number() }).parse(b).ms);
      return {};
    }
    if (method === 'POST' && path === '/__test/emit') {
      const e = z.object({ externalId: z.string(), type: z.string() }).parse(b);
      this.emit(e.externalId, e.type);
      return {};
    }
    if (method === 'POST' && path === '/__test/expire-tokens') {
      this.expireTokens();
      return {};
    }
    throw new HttpError(404, { reason: 'No such control' });
  }
}

export async function startSuomifiTestServer(options: SuomifiTestServerOptions = {}, port = 0): Promise<SuomifiTestServer> {
  return new SuomifiTestServer(options).start(port);
}
