// The Suomi.fi Messages REST client against the test server over real HTTP: tokens and their expiry, wrong and
// expired credentials, attachments and the size limit, messages and 409, the events feed with continuation
// tokens, rate limiting and faults (5xx, timeouts, dropped connections, unreadable answers), and password
// rotation including crashes between its steps.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SuomifiClient, SuomifiError } from '../../electron/core/suomifi/client';
import type { MultichannelMessage } from '../../electron/core/suomifi/api';
import { rotatePassword } from '../../electron/core/suomifi/rotation';
import { passwords } from '../../electron/core/suomifi/settings';
import { openDatabase } from '../../electron/core/db/connection';
import { SuomifiTestServer } from '../suomifi/server';
import { tempDir } from '../support/core';
import path from 'node:path';

let server: SuomifiTestServer;
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const HETU = '010150-999K';

const client = (password = server.currentPassword(), timeoutMs = 2000) => new SuomifiClient({ apiUrl: server.url, username: server.username, timeoutMs }, { password: () => password });

function message(externalId: string, attachmentId: string, recipient = HETU): MultichannelMessage {
  const address = { name: 'Virtanen Aino', streetAddress: 'Kotikatu 1', zipCode: '00100', city: 'HELSINKI', countryCode: 'FI' };
  return {
    externalId,
    electronic: {
      attachments: [{ attachmentId }],
      body: 'Päätös on liitteenä.',
      bodyFormat: 'Text',
      messageServiceType: 'Normal',
      notifications: { senderDetailsInNotifications: 'Organisation and service name', unreadMessageNotification: { reminder: 'Default reminder' } },
      replyAllowedBy: 'No one',
      title: 'Päätös 1/2026',
      visibility: 'Normal',
    },
    paperMail: {
      attachments: [{ attachmentId }],
      colorPrinting: false,
      createAddressPage: true,
      messageServiceType: 'Normal',
      printingAndEnvelopingService: { postiMessaging: { contactDetails: { email: 'posti@hva.example' }, username: server.printing!.username, password: server.printing!.password } },
      recipient: { address },
      rotateLandscapePages: false,
      sender: { address: { ...address, name: 'Hyvinvointialue' } },
      twoSidedPrinting: true,
    },
    recipient: { id: recipient },
    sender: { serviceId: server.serviceId },
  };
}

beforeAll(async () => {
  server = await new SuomifiTestServer({ tokenTtlSeconds: 600, persons: { [HETU]: true, '020250-9980': false }, maxAttachmentBytes: 4096 }).start();
});
afterAll(() => server.close());
afterEach(() => {
  server.clearFaults();
  server.setRateLimit(null);
});

describe('access token', () => {
  it('is fetched once and renewed after the service says 401 (expired early)', async () => {
    const c = client();
    const before = server.count('POST', '/v1/token');
    await c.activeMailboxes([HETU]);
    await c.activeMailboxes([HETU]);
    expect(server.count('POST', '/v1/token') - before).toBe(1);
    server.expireTokens();
    expect([...(await c.activeMailboxes([HETU, '020250-9980']))]).toEqual([HETU]);
    expect(server.count('POST', '/v1/token') - before).toBe(2);
  });

  it('refuses wrong credentials and an expired password with messages that name the fix', async () => {
    await expect(client('väärä').activeMailboxes([HETU])).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/ei hyväksynyt käyttäjätunnusta luotsi-api tai salasanaa/) });
    const old = new SuomifiTestServer({ passwordValidDays: 30 });
    await old.start();
    old.setPassword(old.currentPassword(), old.now() - 40 * 86_400_000);
    try {
      const c = new SuomifiClient({ apiUrl: old.url, username: old.username }, { password: () => old.currentPassword() });
      await expect(c.activeMailboxes([HETU])).rejects.toMatchObject({ kind: 'expiredPassword', message: expect.stringMatching(/salasana on vanhentunut/) });
    } finally {
      await old.close();
    }
  });
});

describe('attachments and messages', () => {
  it('sends a message, answers a repeat of its external id with 409 and the same message id', async () => {
    const c = client();
    const a = await c.uploadAttachment('paatos-1-2026.pdf', pdf);
    const first = await c.send(message('t:1', a));
    expect(first.duplicate).toBe(false);
    const again = await c.send(message('t:1', await c.uploadAttachment('paatos-1-2026.pdf', pdf)));
    expect(again).toEqual({ messageId: first.messageId, duplicate: true });
    expect(server.message('t:1')!.channel).toBe('electronic');
  });

  it('routes a recipient without a mailbox to paper, and refuses an electronic-only message to them', async () => {
    const c = client();
    const a = await c.uploadAttachment('p.pdf', pdf);
    await c.send(message('t:paper', a, '020250-9980'));
    expect(server.message('t:paper')!.channel).toBe('paper');
    const { paperMail: _p, ...electronicOnly } = message('t:el', a, '020250-9980');
    await expect(c.send(electronicOnly)).rejects.toMatchObject({ kind: 'permanent', details: { reason: expect.stringMatching(/active mailbox/) } });
  });

  it('refuses an attachment over the size limit, a bad henkilötunnus and a malformed message as permanent', async () => {
    const c = client();
    await expect(c.uploadAttachment('big.pdf', Buffer.concat([pdf, Buffer.alloc(5000)]))).rejects.toMatchObject({ kind: 'permanent', details: { status: 413 } });
    const a = await c.uploadAttachment('p.pdf', pdf);
    await expect(c.send(message('t:bad', a, '010150-999X'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringMatching(/not a valid personal identity code/) });
    const m = message('t:bad2', a);
    (m.electronic as { title: string }).title = '';
    await expect(c.send(m)).rejects.toMatchObject({ kind: 'permanent', details: { status: 400 } });
  });

  it('reports 429, 5xx, timeouts, dropped connections and unreadable answers as transient, and the request is safe to repeat', async () => {
    const c = client(server.currentPassword(), 300);
    const a = await c.uploadAttachment('p.pdf', pdf);
    for (const kind of ['status429', 'status500', 'status502', 'status503', 'timeout', 'drop', 'garbage', 'empty'] as const) {
      server.inject({ path: '/v2/messages', kind });
      const e = await c.send(message(`t:${kind}`, a)).catch((x: unknown) => x);
      expect(e, kind).toBeInstanceOf(SuomifiError);
      expect((e as SuomifiError).retryable, kind).toBe(true);
      if (kind === 'status429') expect((e as SuomifiError).details.retryAfterMs).toBe(1000);
      expect((await c.send(message(`t:${kind}`, a))).duplicate, kind).toBe(false);
    }
    // The answer lost after the service took the message: the repeat is a 409, never a second message.
    server.inject({ path: '/v2/messages', kind: 'drop', when: 'after' });
    await expect(c.send(message('t:lost', a))).rejects.toMatchObject({ kind: 'transient' });
    expect(await c.send(message('t:lost', a))).toMatchObject({ duplicate: true });
    expect(server.messages().filter((m) => m.externalId === 't:lost')).toHaveLength(1);
  });

  it('answers 429 when the rate limit is exceeded', async () => {
    server.setRateLimit({ burst: 2, perSecond: 0.5 });
    const c = client();
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => c.activeMailboxes([HETU])));
    expect(results.some((r) => r.status === 'rejected' && (r.reason as SuomifiError).kind === 'rateLimited')).toBe(true);
  });
});

describe('events feed', () => {
  it('pages through events with continuation tokens and ends with an empty page', async () => {
    const feed = new SuomifiTestServer({ defaultMailbox: false });
    await feed.start();
    try {
      const c = new SuomifiClient({ apiUrl: feed.url, username: feed.username }, { password: () => feed.currentPassword() });
      const a = await c.uploadAttachment('p.pdf', pdf);
      const m = (id: string) => ({ ...message(id, a), paperMail: { ...message(id, a).paperMail, printingAndEnvelopingService: { postiMessaging: { contactDetails: { email: 'p@x.example' }, ...feed.printing! } } }, sender: { serviceId: feed.serviceId } });
      for (let i = 0; i < 1100; i++) await c.send(m(`e:${i}`));
      feed.advance(86_400_000);
      const seen: string[] = [];
      let token: string | null = null;
      for (let pages = 0; ; pages++) {
        const p = await c.events(token);
        token = p.continuationToken;
        if (p.events.length === 0) break;
        seen.push(...p.events.map((e) => `${e.metadata.externalId}/${e.type}`));
        expect(p.events.length).toBeLessThanOrEqual(1000);
      }
      expect(seen).toHaveLength(2200);
      expect(new Set(seen).size).toBe(2200);
      // Nothing new: the same token gives an empty page.
      expect((await c.events(token)).events).toHaveLength(0);
      feed.emit('e:5', 'Posti: returned to sender');
      expect((await c.events(token)).events.map((e) => e.type)).toEqual(['Posti: returned to sender']);
    } finally {
      await feed.close();
    }
  });
});

describe('password rotation', () => {
  const storeDb = () => openDatabase(path.join(tempDir('luotsi-sfpw-'), 'pw.sqlite'));

  it('changes the password before expiry and keeps working with the new one', async () => {
    const s = await new SuomifiTestServer().start();
    const db = storeDb();
    try {
      const store = passwords(db);
      store.setCurrent(s.currentPassword(), new Date());
      const c = new SuomifiClient({ apiUrl: s.url, username: s.username }, { password: () => store.current()!.password });
      expect(await rotatePassword(db, c, () => new Date())).toBe('rotated');
      expect(store.current()!.password).toBe(s.currentPassword());
      expect(store.pending()).toBeNull();
      expect(s.passwordChanges).toBe(1);
      await c.activeMailboxes([HETU]);
    } finally {
      db.close();
      await s.close();
    }
  });

  it('recovers when the answer to the change was lost, and retries when the change never reached the service', async () => {
    const s = await new SuomifiTestServer().start();
    const db = storeDb();
    try {
      const store = passwords(db);
      const original = s.currentPassword();
      store.setCurrent(original, new Date());
      const c = new SuomifiClient({ apiUrl: s.url, username: s.username, timeoutMs: 1000 }, { password: () => store.current()!.password });
      // The service changed it but the answer was lost; the token check with the pending one finds it in use.
      s.inject({ path: '/v1/change-password', kind: 'drop', when: 'after' });
      s.inject({ path: '/v1/token', kind: 'status503', times: 1, skip: 1 });
      await expect(rotatePassword(db, c, () => new Date())).rejects.toBeInstanceOf(SuomifiError);
      expect(store.current()!.password).toBe(original);
      expect(store.pending()!.password).toBe(s.currentPassword());
      expect(await rotatePassword(db, c, () => new Date())).toBe('recovered');
      expect(store.current()!.password).toBe(s.currentPassword());
      // A change that never reached the service: the same pending password is offered again.
      s.inject({ path: '/v1/change-password', kind: 'status500' });
      const before = s.currentPassword();
      await expect(rotatePassword(db, c, () => new Date())).rejects.toMatchObject({ kind: 'transient' });
      const pending = store.pending()!.password;
      expect(s.currentPassword()).toBe(before);
      expect(await rotatePassword(db, c, () => new Date())).toBe('rotated');
      expect(s.currentPassword()).toBe(pending);
      expect(store.current()!.password).toBe(pending);
    } finally {
      db.close();
      await s.close();
    }
  });
});
