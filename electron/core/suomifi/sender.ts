// Sending pending Suomi.fi deliveries: the signed letter is uploaded as the attachment and the message sent with
// the delivery's external id, a few at a time. What the service answers moves the delivery on in one local
// transaction each. Transient trouble (no answer, a dropped connection, 5xx, 429, an unreadable answer) is
// retried with growing pauses; the external id makes a retry safe (a message that did go through is answered
// 409). Refused credentials or a service that stays unreachable stop the sender: everything not yet sent stays
// pending, and nothing is marked sent that was not.
import { parseHetu } from '../../../shared/domain/hetu';
import { formatMessage, msg, type Message } from '../../../shared/messages';
import { helsinkiDate } from '../../../shared/domain/dates';
import { formatDecisionNumber } from '../decisions/queries';
import { cachedStatement } from '../db/connection';
import { markAccepted, markFailed, type DeliveryCtx } from '../delivery/deliveries';
import { MAILBOX_CHECK_MAX } from './api';
import { SuomifiError, type SuomifiClient } from './client';
import { buildDecisionMessage, buildInvoiceMessage, decisionFileName, invoiceFileName, loadMessageTexts, messageTextsOn, type MessageTexts } from './message';
import type { ElectronicMessage, MultichannelMessage } from './api';
import { requireSuomifiSettings, secret, senderNames, suomifiClient } from './settings';
import type { SuomifiSettings } from '../../../shared/contract/delivery-schemas';
import type { VersionedTexts } from '../../../shared/domain/letters';

export interface SenderOptions {
  resourcesDir: string;
  signal?: AbortSignal;
  /** Messages in flight at once. */
  concurrency?: number;
  /** Tries of one request before the sender gives up for now. */
  maxTries?: number;
  /** First pause between tries (doubles each time, at most a minute). */
  baseDelayMs?: number;
  timeoutMs?: number;
  onSettled?: (deliveryId: string, outcome: 'sent' | 'failed') => void;
  client?: SuomifiClient;
  /** The PDF of an invoice (written by the invoice run's material). */
  invoicePdf?: (invoiceId: string) => Buffer | null;
}

interface SendRow {
  id: string;
  decision_id: string;
  client_id: string;
  status: string;
  external_id: string;
  electronic_only: number;
  number: number;
  number_year: number;
  kind: 'service' | 'fee' | 'voucher';
  outcome: 'grant' | 'partial_grant' | 'refusal' | 'change' | 'termination';
  decided_on: string;
  hetu: string;
  language: 'fi' | 'sv';
  last_name: string;
  first_names: string;
  recipient: string | null;
  letter_bytes: Buffer | null;
  services_fi: string | null;
  services_sv: string | null;
}

const SEND_SQL = `
  SELECT d.id, d.decision_id, d.client_id, d.status, d.external_id, d.electronic_only, x.number, x.number_year, x.kind, x.outcome, x.decided_on,
    c.hetu, c.language, c.last_name, c.first_names, l.recipient, l.bytes AS letter_bytes,
    (SELECT group_concat(s.name_fi, ', ') FROM decision_services ds JOIN services s ON s.code = ds.service_code WHERE ds.decision_id = x.id) AS services_fi,
    (SELECT group_concat(s.name_sv, ', ') FROM decision_services ds JOIN services s ON s.code = ds.service_code WHERE ds.decision_id = x.id) AS services_sv
  FROM deliveries d JOIN decisions x ON x.id = d.decision_id JOIN clients c ON c.id = d.client_id LEFT JOIN letters l ON l.decision_id = d.decision_id
  WHERE d.id = ?`;

interface InvoiceSendRow {
  invoice_id: string;
  client_id: string;
  external_id: string;
  electronic_only: number;
  number: number;
  month: string;
  total_cents: number;
  due_date: string;
  recipient_json: string;
  hetu: string;
  language: 'fi' | 'sv';
  last_name: string;
  first_names: string;
}

const INVOICE_SQL = `
  SELECT d.invoice_id, d.client_id, d.external_id, d.electronic_only, i.number, i.month, i.total_cents, i.due_date, i.recipient_json,
    c.hetu, c.language, c.last_name, c.first_names
  FROM deliveries d JOIN invoices i ON i.id = d.invoice_id JOIN clients c ON c.id = d.client_id WHERE d.id = ?`;

interface Outgoing {
  which: Message;
  clientId: string;
  hetu: string;
  bytes: Buffer;
  fileName: string;
  build: (attachmentId: string) => MultichannelMessage | ElectronicMessage;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Why the sender stopped: credentials refused, or the service unreachable after every try. */
export class SenderStopped extends Error {
  constructor(
    readonly text: Message,
    override readonly cause: SuomifiError,
  ) {
    super(formatMessage('fi', text.key, text.params));
    this.name = 'SenderStopped';
  }
}

export class SuomifiSender {
  private readonly client: SuomifiClient;
  private readonly settings: SuomifiSettings;
  private readonly texts: VersionedTexts<MessageTexts>;
  private readonly printingPassword: string | null;
  private readonly names: ReturnType<typeof senderNames>;
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private active = 0;
  private stopped: SenderStopped | null = null;
  private idle: (() => void)[] = [];
  sent = 0;
  failed = 0;

  constructor(
    private readonly c: DeliveryCtx,
    private readonly opts: SenderOptions,
  ) {
    this.settings = requireSuomifiSettings(c.db);
    this.client = opts.client ?? suomifiClient(c.db, { signal: opts.signal, timeoutMs: opts.timeoutMs, settings: this.settings });
    this.texts = loadMessageTexts(opts.resourcesDir);
    this.printingPassword = secret(c.db, 'printing.password');
    this.names = senderNames(c.db);
  }

  get error(): SenderStopped | null {
    return this.stopped;
  }

  /** Queues a pending delivery; it is sent when a place is free. */
  enqueue(deliveryId: string): void {
    if (this.stopped || this.queued.has(deliveryId)) return;
    this.queued.add(deliveryId);
    this.queue.push(deliveryId);
    this.pump();
  }

  /** Waits until everything queued is settled; throws when the sender had to stop. */
  async drain(): Promise<void> {
    if (this.active > 0 || this.queue.length > 0) await new Promise<void>((r) => this.idle.push(r));
    if (this.stopped) throw this.stopped;
  }

  /** Deliveries waiting for a free place. */
  get backlog(): number {
    return this.queue.length + this.active;
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 4;
    while (this.active < limit && this.queue.length > 0 && !this.stopped && !this.opts.signal?.aborted) {
      const id = this.queue.shift()!;
      this.active++;
      void this.sendOne(id)
        .catch((e) => {
          if (e instanceof SenderStopped) this.stopped ??= e;
          else {
            const text = msg('suomifi.stopped', { error: (e as Error).message });
            this.stopped ??= new SenderStopped(text, new SuomifiError('transient', text));
          }
        })
        .finally(() => {
          this.active--;
          this.queued.delete(id);
          if (this.stopped || this.opts.signal?.aborted) this.queue.length = 0;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) for (const r of this.idle.splice(0)) r();
        });
    }
    if (this.active === 0 && this.queue.length === 0) for (const r of this.idle.splice(0)) r();
  }

  /** One request with retries; a refusal of credentials or a service that stays away stops the sender. */
  private async withRetries<T>(what: 'attachment' | 'message', fn: () => Promise<T>): Promise<T> {
    const maxTries = this.opts.maxTries ?? 8;
    const base = this.opts.baseDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof SuomifiError)) throw e;
        if (e.kind === 'auth' || e.kind === 'expiredPassword') throw new SenderStopped(e.text, e);
        if (!e.retryable) throw e;
        if (this.opts.signal?.aborted) throw new SenderStopped(msg('suomifi.cancelled'), e);
        if (attempt >= maxTries) throw new SenderStopped(msg('suomifi.gaveUp', { error: e.text, what: { key: `suomifi.what.${what}` }, tries: maxTries }), e);
        const pause = e.kind === 'rateLimited' && e.details.retryAfterMs ? e.details.retryAfterMs : Math.min(60_000, base * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
        await sleep(pause, this.opts.signal);
      }
    }
  }

  private which(r: SendRow): Message {
    return msg('delivery.doc.decision', { number: formatDecisionNumber(r.number, r.number_year)!, client: `${r.last_name} ${r.first_names}` });
  }

  private fail(id: string, message: Message): void {
    this.c.db.transaction(() => markFailed(this.c, id, message))();
    this.failed++;
    this.opts.onSettled?.(id, 'failed');
  }

  /** What goes out for a delivery: the PDF, its name, the message built around an attachment id; or why not. */
  private outgoing(id: string): Outgoing | { skip: true } | { fail: Message } {
    const today = helsinkiDate(this.c.clock.now());
    const d = cachedStatement(this.c.db, 'SELECT decision_id, invoice_id, status FROM deliveries WHERE id = ?').get(id) as { decision_id: string | null; invoice_id: string | null; status: string } | undefined;
    if (!d || d.status !== 'pending') return { skip: true };
    const names = (language: 'fi' | 'sv') => ({
      county: language === 'sv' ? this.names.sv : this.names.fi,
      unit: language === 'sv' ? this.names.unitSv : this.names.unitFi,
      phone: this.names.phone,
      email: this.names.email,
    });
    if (d.invoice_id) {
      const r = cachedStatement(this.c.db, INVOICE_SQL).get(id) as InvoiceSendRow;
      const which = msg('delivery.doc.invoice', { number: r.number, client: `${r.last_name} ${r.first_names}` });
      const bytes = this.opts.invoicePdf?.(r.invoice_id) ?? null;
      if (!bytes) return { fail: msg('delivery.withDoc', { doc: which, issue: msg('delivery.noInvoicePdf') }) };
      const t = messageTextsOn(this.texts, today, r.language);
      const paperLines = JSON.parse(r.recipient_json).lines as string[];
      return {
        which,
        clientId: r.client_id,
        hetu: r.hetu,
        bytes,
        fileName: invoiceFileName(t, r.number, today),
        build: (attachmentId) =>
          buildInvoiceMessage(
            t,
            { externalId: r.external_id, recipientId: r.hetu, number: r.number, month: r.month, totalCents: r.total_cents, dueDate: r.due_date, attachmentId, paperLines: r.electronic_only || paperLines.length === 0 ? null : paperLines, ...names(r.language) },
            this.settings,
            this.printingPassword,
          ),
      };
    }
    const r = cachedStatement(this.c.db, SEND_SQL).get(id) as SendRow;
    const which = this.which(r);
    if (!r.letter_bytes) return { fail: msg('delivery.withDoc', { doc: which, issue: msg('delivery.noLetter') }) };
    const t = messageTextsOn(this.texts, today, r.language);
    const number = formatDecisionNumber(r.number, r.number_year)!;
    const paperLines = r.electronic_only ? null : (JSON.parse(r.recipient ?? '[]') as string[]);
    return {
      which,
      clientId: r.client_id,
      hetu: r.hetu,
      bytes: r.letter_bytes,
      fileName: decisionFileName(t, number, today),
      build: (attachmentId) =>
        buildDecisionMessage(
          t,
          {
            externalId: r.external_id,
            recipientId: r.hetu,
            language: r.language,
            kind: r.kind,
            outcome: r.outcome,
            number,
            decidedOn: r.decided_on,
            services: (r.language === 'sv' ? r.services_sv : r.services_fi) ?? '',
            attachmentId,
            paperLines: paperLines && paperLines.length > 0 ? paperLines : null,
            ...names(r.language),
          },
          this.settings,
          this.printingPassword,
        ),
    };
  }

  private async sendOne(id: string): Promise<void> {
    const o = this.outgoing(id);
    if ('skip' in o) return;
    if ('fail' in o) return this.fail(id, o.fail);
    const { which } = o;
    if (!parseHetu(o.hetu).valid) return this.fail(id, msg('delivery.withDoc', { doc: which, issue: msg('delivery.noHetu') }));
    const limit = Math.round(this.settings.maxAttachmentMb * 1024 * 1024);
    if (o.bytes.length > limit)
      return this.fail(id, msg('delivery.withDoc', { doc: which, issue: msg('delivery.tooLarge', { mb: (o.bytes.length / 1048576).toFixed(1).replace('.', ','), max: this.settings.maxAttachmentMb }) }));
    try {
      const attachmentId = await this.withRetries('attachment', () => this.client.uploadAttachment(o.fileName, o.bytes));
      const message = o.build(attachmentId);
      // From here on the message may reach the service: the delivery can no longer be withdrawn, only finished.
      cachedStatement(this.c.db, 'UPDATE deliveries SET first_try_at = coalesce(first_try_at, ?) WHERE id = ?').run(this.c.clock.now().toISOString(), id);
      const result = await this.withRetries('message', () => this.client.send(message));
      const now = this.c.clock.now();
      this.c.db.transaction(() => markAccepted(this.c, id, { at: now, messageId: result.messageId, duplicate: result.duplicate }))();
      this.sent++;
      this.opts.onSettled?.(id, 'sent');
    } catch (e) {
      if (e instanceof SenderStopped) throw e;
      if (e instanceof SuomifiError && e.kind === 'permanent') {
        // No active mailbox for an electronic-only message: the client's state is noted, so the letter is routed by hand next.
        if (/mailbox/i.test(e.details.reason ?? '')) this.c.db.prepare('INSERT OR REPLACE INTO suomifi_mailboxes (client_id, active, checked_at) VALUES (?, 0, ?)').run(o.clientId, this.c.clock.now().toISOString());
        return this.fail(id, msg('delivery.withDoc', { doc: which, issue: e.text }));
      }
      throw e;
    }
  }
}

/**
 * Checks which clients have an active Suomi.fi mailbox and stores the states (the route shown in the lists and
 * the channel a message is expected to take). Henkilötunnukset go to the service only, never to the audit log.
 */
export async function checkMailboxes(c: DeliveryCtx, client: SuomifiClient, clientIds: readonly string[]): Promise<{ active: number; inactive: number }> {
  const hetuOf = cachedStatement(c.db, 'SELECT hetu FROM clients WHERE id = ?').pluck();
  const pairs = clientIds.map((id) => ({ id, hetu: hetuOf.get(id) as string | undefined })).filter((p): p is { id: string; hetu: string } => !!p.hetu && parseHetu(p.hetu).valid);
  let active = 0;
  let inactive = 0;
  for (let i = 0; i < pairs.length; i += MAILBOX_CHECK_MAX) {
    const chunk = pairs.slice(i, i + MAILBOX_CHECK_MAX);
    const set = await client.activeMailboxes(chunk.map((p) => p.hetu));
    const at = c.clock.now().toISOString();
    c.db.transaction(() => {
      const put = cachedStatement(c.db, 'INSERT OR REPLACE INTO suomifi_mailboxes (client_id, active, checked_at) VALUES (?, ?, ?)');
      for (const p of chunk) {
        const on = set.has(p.hetu);
        put.run(p.id, on ? 1 : 0, at);
        if (on) active++;
        else inactive++;
      }
      c.audit.write({ userId: c.userId, action: 'suomifi.mailboxCheck', details: { clients: chunk.length } });
    })();
  }
  return { active, inactive };
}
