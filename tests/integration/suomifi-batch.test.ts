// Digital-first delivery end to end on a real SQLite file through the Suomi.fi Messages test server: a batch
// where some recipients have a mailbox and some do not, turvakielto, deemed receipt per channel from the
// events, events arriving days later, a letter returned by Posti and sent again, a permanent refusal resent by
// paper, a token expiring and the password rotated mid-batch, 429 and 5xx retried, and bad input (wrong or
// expired credentials, a service that answers garbage or nothing, an attachment over the limit, no
// henkilötunnus) that names the letter and marks nothing sent that was not sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import type { SignedInContext } from '../../electron/core/context';
import { findUserByUsername, toUser } from '../../electron/core/auth/queries';
import { createBatch, runBatch, type RunOptions } from '../../electron/core/letters/batch';
import { readyDecisions } from '../../electron/core/letters/service';
import { pollEvents } from '../../electron/core/suomifi/events';
import { rotatePassword } from '../../electron/core/suomifi/rotation';
import { passwords, suomifiClient } from '../../electron/core/suomifi/settings';
import { addDays, helsinkiDate } from '../../shared/domain/dates';
import { SuomifiTestServer } from '../suomifi/server';
import { configureSuomifi } from '../support/suomifi';
import { withoutCapture } from '../../electron/core/sync/capture';
import { deliveryErrorText } from '../../electron/core/delivery/deliveries';
import { runMonth } from '../../electron/core/invoicing/run';
import { writeRunMaterial } from '../../electron/core/invoicing/material';
import fs from 'node:fs';
import { seededCore, tempDir } from '../support/core';

let core: Core;
let server: SuomifiTestServer;
let ctx: SignedInContext;
const FAST: RunOptions = { suomifi: { baseDelayMs: 5, maxTries: 6, timeoutMs: 500, concurrency: 4 } };

const clientOf = (decisionId: string) => core.db.prepare('SELECT client_id FROM decisions WHERE id = ?').pluck().get(decisionId) as string;
const hetuOf = (decisionId: string) => core.db.prepare('SELECT c.hetu FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.id = ?').pluck().get(decisionId) as string;
const decision = (id: string) =>
  core.db.prepare('SELECT status, sent_on, send_channel, notified_on, appeal_last_day, notification_basis, notification_provisional FROM decisions WHERE id = ?').get(id) as {
    status: string;
    sent_on: string | null;
    send_channel: string | null;
    notified_on: string | null;
    appeal_last_day: string | null;
    notification_basis: string | null;
    notification_provisional: number;
  };
const deliveriesOf = (id: string) => core.db.prepare('SELECT * FROM deliveries WHERE decision_id = ? ORDER BY attempt').all(id) as { route: string; status: string; purpose: string; external_id: string | null; delivered_as: string | null; error: string | null }[];
const messagesFor = (decisionId: string) => server.messages().filter((m) => m.externalId.includes(decisionId));
const ctxNow = () => helsinkiDate(ctx.clock.now());

/** Signed decisions for a test, their clients given a plain address (and a mailbox state at the service). */
let pool: string[] = [];
function take(n: number, mailbox: boolean | ((i: number) => boolean)): string[] {
  const ids = pool.splice(0, n);
  ids.forEach((id, i) => {
    core.db.prepare("UPDATE clients SET address_protected = 0, street_address = COALESCE(street_address, 'Testitie 1'), postal_code = COALESCE(postal_code, '02100'), post_office = COALESCE(post_office, 'Espoo'), contact_street = NULL WHERE id = ?").run(clientOf(id));
    server.setMailbox(hetuOf(id), typeof mailbox === 'function' ? mailbox(i) : mailbox);
  });
  return ids;
}

beforeAll(async () => {
  core = seededCore({ clients: 1500, intakeItems: 3000, dir: tempDir('luotsi-sfbatch-') });
  server = await new SuomifiTestServer({ now: core.clock.now().getTime() }).start();
  configureSuomifi(core, server);
  const user = toUser(findUserByUsername(core.db, 'sihteeri')!);
  ctx = { ...core, session: { user }, user };
  // More decisions waiting to be sent than the demo county has: recent sent ones (without letters) made unsent again.
  withoutCapture(core.db, () =>
    core.db
      .prepare(
        `UPDATE decisions SET status = 'signed', sent_on = NULL, send_channel = NULL, notified_on = NULL, appeal_last_day = NULL, notification_basis = NULL
         WHERE id IN (SELECT id FROM decisions WHERE status = 'sent' AND decided_on >= '2026-01-01' ORDER BY number LIMIT 100)`,
      )
      .run(),
  );
  pool = core.db.prepare("SELECT id FROM decisions WHERE status = 'signed' ORDER BY number").pluck().all() as string[];
  expect(pool.length).toBeGreaterThan(60);
});
afterAll(async () => {
  core.close();
  await server.close();
});
afterEach(() => server.clearFaults());

describe('a mixed batch', () => {
  let withMailbox: string[];
  let withoutMailbox: string[];
  let protectedElectronic: string;
  let protectedByHand: string;

  beforeAll(() => {
    withMailbox = take(5, true);
    withoutMailbox = take(4, false);
    [protectedElectronic, protectedByHand] = take(2, (i) => i === 0);
    for (const id of [protectedElectronic, protectedByHand])
      core.db.prepare("UPDATE clients SET address_protected = 1, street_address = 'Salainenkatu 13', postal_code = '00990', post_office = 'Helsinki', contact_street = NULL, contact_postal_code = NULL, contact_post_office = NULL WHERE id = ?").run(clientOf(id));
  });

  it('sends each letter once by its route and fixes a provisional deemed receipt from the answer', async () => {
    const all = [...withMailbox, ...withoutMailbox, protectedElectronic, protectedByHand];
    const b = await runBatch(ctx, createBatch(ctx, { decisionIds: all }).id, FAST);
    expect(b).toMatchObject({ status: 'completed', routes: { suomifi: 6, suomifi_paper: 4, ekirje: 0, manual: 1 }, deliveries: { sent: 10, pending: 1, failed: 0 } });
    for (const id of [...withMailbox, ...withoutMailbox, protectedElectronic]) expect(messagesFor(id), id).toHaveLength(1);
    expect(messagesFor(protectedByHand)).toHaveLength(0);
    // Mailbox: electronic 3rd day; none: Suomi.fi's paper, 7th day from sending for now (provisional).
    const today = ctxNow();
    for (const id of withMailbox) expect(decision(id)).toMatchObject({ status: 'sent', notification_basis: 'electronic', sent_on: today, notified_on: addDays(today, 3), notification_provisional: 1 });
    for (const id of withoutMailbox) expect(decision(id)).toMatchObject({ status: 'sent', notification_basis: 'letter', notified_on: addDays(today, 7), notification_provisional: 1 });
    // Turvakielto without a contact address: electronic only (no paper part at all), or by hand.
    expect(server.message(deliveriesOf(protectedElectronic)[0]!.external_id!)!.paperAddress).toBeNull();
    expect(JSON.stringify(server.messages().map((m) => m.paperAddress))).not.toMatch(/Salainenkatu|00990/);
    expect(decision(protectedByHand)).toMatchObject({ status: 'signed' });
    expect(deliveriesOf(protectedByHand)).toMatchObject([{ route: 'manual', status: 'pending' }]);
    // Paper part: the letter's own address, with an address page made by the service.
    const paper = server.message(deliveriesOf(withoutMailbox[0]!)[0]!.external_id!)!;
    expect(paper.channel).toBe('paper');
    expect(paper.paperAddress).toMatchObject({ zipCode: expect.stringMatching(/^\d{5}$/), countryCode: 'FI' });
  });

  it('confirms the channel from the events, and Suomi.fi paper counts from the day it went to print', async () => {
    const c = { db: core.db, clock: core.clock, audit: core.audit, userId: ctx.user.id };
    const r = await pollEvents(c, suomifiClient(core.db));
    expect(r.applied).toBeGreaterThanOrEqual(10);
    const today = ctxNow();
    for (const id of withMailbox) expect(decision(id)).toMatchObject({ notification_basis: 'electronic', notification_provisional: 0, notified_on: addDays(today, 3) });
    for (const id of withoutMailbox) expect(decision(id)).toMatchObject({ notification_basis: 'letter', notification_provisional: 1 });
    // The next day Suomi.fi sends the paper for printing and enveloping.
    server.advance(86_400_000);
    await pollEvents(c, suomifiClient(core.db));
    const posted = helsinkiDate(new Date(server.now() - 86_400_000 / 2));
    for (const id of withoutMailbox) expect(decision(id)).toMatchObject({ notification_basis: 'letter', notification_provisional: 0, sent_on: posted, notified_on: addDays(posted, 7) });
    // Polling again changes nothing.
    expect((await pollEvents(c, suomifiClient(core.db))).applied).toBe(0);
  });

  it('takes events days later: a read changes no deadline, a returned letter waits to be sent again and is resent by paper', async () => {
    const c = { db: core.db, clock: core.clock, audit: core.audit, userId: ctx.user.id };
    const read = withMailbox[0]!;
    const before = decision(read);
    server.advance(3 * 86_400_000);
    server.emit(deliveriesOf(read)[0]!.external_id!, 'Electronic message read');
    const returned = withoutMailbox[0]!;
    server.emit(deliveriesOf(returned)[0]!.external_id!, 'Posti: returned to sender');
    await pollEvents(c, suomifiClient(core.db));
    expect(decision(read)).toEqual(before);
    expect(core.db.prepare("SELECT count(*) FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id WHERE d.decision_id = ? AND e.type = 'electronic_read'").pluck().get(read)).toBe(1);
    expect(decision(returned)).toMatchObject({ status: 'sent', notification_basis: 'returned', notified_on: null, appeal_last_day: null });
    const row = readyDecisions(ctx).find((r) => r.decisionId === returned);
    expect(row).toMatchObject({ lastFailure: { status: 'returned', route: 'suomifi_paper' } });
    // Resent by the county's own print batch: this delivery now notifies, from its own sending day.
    const out = tempDir('luotsi-sfbatch-out-');
    const b = await runBatch(ctx, createBatch(ctx, { decisionIds: [returned], route: 'ekirje', outDir: out }).id, FAST);
    expect(b).toMatchObject({ status: 'completed', routes: { ekirje: 1 } });
    expect(deliveriesOf(returned)).toMatchObject([
      { route: 'suomifi_paper', status: 'returned', purpose: 'notification' },
      { route: 'ekirje', status: 'sent', purpose: 'notification' },
    ]);
    expect(decision(returned)).toMatchObject({ notification_basis: 'letter', sent_on: ctxNow(), notified_on: addDays(ctxNow(), 7), notification_provisional: 0 });
    expect(messagesFor(returned)).toHaveLength(1);
  });
});

describe('trouble while sending', () => {
  it('retries 429, 5xx, timeouts, dropped connections and lost answers: every letter once at the service', async () => {
    const ids = take(10, (i) => i % 2 === 0);
    server.inject({ path: '/v2/messages', kind: 'status429', times: 3 });
    server.inject({ path: '/v2/messages', kind: 'status500', times: 2 });
    server.inject({ path: '/v2/attachments', kind: 'status503', times: 2 });
    server.inject({ path: '/v2/messages', kind: 'drop', when: 'after', times: 2 });
    server.inject({ path: '/v2/messages', kind: 'garbage', when: 'after', times: 1 });
    server.inject({ path: '/v2/messages', kind: 'timeout', times: 1 });
    const duplicatesBefore = server.duplicates;
    // Eleven faults: enough tries that even one letter meeting all of them gets through.
    const b = await runBatch(ctx, createBatch(ctx, { decisionIds: ids }).id, { suomifi: { ...FAST.suomifi, maxTries: 14 } });
    expect(b).toMatchObject({ status: 'completed', deliveries: { sent: 10, pending: 0, failed: 0 } });
    for (const id of ids) {
      expect(messagesFor(id), id).toHaveLength(1);
      expect(decision(id).status).toBe('sent');
    }
    // The three lost answers were repeated and answered 409, which counts as sent.
    expect(server.duplicates - duplicatesBefore).toBe(3);
  });

  it('survives a token that expires mid-batch and a password rotation while sending', async () => {
    const ids = take(16, true);
    const changesBefore = server.passwordChanges;
    let rotated = false;
    let expired = false;
    const watch = setInterval(() => {
      const sent = ids.filter((id) => messagesFor(id).length > 0).length;
      if (sent >= 3 && !expired) {
        expired = true;
        server.expireTokens();
      }
      if (sent >= 6 && !rotated) {
        rotated = true;
        void rotatePassword(core.db, suomifiClient(core.db), () => core.clock.now());
      }
    }, 5);
    try {
      const b = await runBatch(ctx, createBatch(ctx, { decisionIds: ids }).id, { suomifi: { ...FAST.suomifi, concurrency: 1 } });
      expect(b).toMatchObject({ status: 'completed', deliveries: { sent: 16 } });
    } finally {
      clearInterval(watch);
    }
    expect(expired && rotated).toBe(true);
    expect(server.passwordChanges - changesBefore).toBe(1);
    expect(passwords(core.db).current()!.password).toBe(server.currentPassword());
    for (const id of ids) expect(messagesFor(id)).toHaveLength(1);
  });

  it('shows a permanent refusal on the letter, keeps the decision unsent, and sends it by paper', async () => {
    const [refused, fine] = take(2, true);
    server.inject({ path: '/v2/messages', kind: 'status400', skip: 0 });
    const b = await runBatch(ctx, createBatch(ctx, { decisionIds: [refused!, fine!] }).id, FAST);
    const failedId = messagesFor(refused!).length === 0 ? refused! : fine!;
    const sentId = failedId === refused ? fine! : refused!;
    expect(b).toMatchObject({ status: 'completed', deliveries: { sent: 1, failed: 1 }, failed: 1 });
    expect(decision(failedId).status).toBe('signed');
    const d = deliveriesOf(failedId);
    expect(d).toMatchObject([{ status: 'failed', route: 'suomifi' }]);
    expect(deliveryErrorText(d[0]!.error, 'fi')).toMatch(/^Päätös \d+\/\d{4} \(.+\): Suomi.fi-viestit hylkäsi pyynnön \(HTTP 400/);
    expect(readyDecisions(ctx).find((r) => r.decisionId === failedId)).toMatchObject({ lastFailure: { status: 'failed' } });
    expect(decision(sentId).status).toBe('sent');
    const again = await runBatch(ctx, createBatch(ctx, { decisionIds: [failedId], route: 'ekirje', outDir: tempDir('luotsi-sfbatch-out-') }).id, FAST);
    expect(again).toMatchObject({ status: 'completed', routes: { ekirje: 1 } });
    expect(decision(failedId)).toMatchObject({ status: 'sent', notification_basis: 'letter' });
  });
});

describe('bad input', () => {
  it('stops before anything is sent on wrong credentials or an expired password, naming the fix', async () => {
    const ids = take(3, true);
    const right = server.currentPassword();
    passwords(core.db).setCurrent('väärä-salasana', new Date());
    try {
      const batchId = createBatch(ctx, { decisionIds: ids }).id;
      await expect(runBatch(ctx, batchId, FAST)).rejects.toThrow(/ei hyväksynyt käyttäjätunnusta luotsi-api tai salasanaa/);
      for (const id of ids) expect(decision(id).status).toBe('signed');
      expect(core.db.prepare('SELECT status, error FROM send_batches WHERE id = ?').get(batchId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Asetukset › Suomi.fi-viestit/) });
      // The password is fixed and the batch resumed: everything goes once.
      passwords(core.db).setCurrent(right, new Date());
      expect(await runBatch(ctx, batchId, FAST)).toMatchObject({ status: 'completed', deliveries: { sent: 3 } });
      for (const id of ids) expect(messagesFor(id)).toHaveLength(1);
    } finally {
      passwords(core.db).setCurrent(right, new Date());
    }
  });

  it('gives up clearly when the service answers garbage or nothing, with nothing marked sent that was not sent', async () => {
    const ids = take(3, true);
    server.inject({ path: '/v2/messages', kind: 'garbage', times: 50 });
    const batchId = createBatch(ctx, { decisionIds: ids }).id;
    await expect(runBatch(ctx, batchId, FAST)).rejects.toThrow(/vastaus \(viestin lähetys, HTTP 200\) oli virheellinen[^]*Mitään ei ole merkitty lähetetyksi ilman Suomi.fi:n kuittausta/);
    for (const id of ids) {
      expect(messagesFor(id)).toHaveLength(0);
      expect(decision(id).status).toBe('signed');
    }
    server.clearFaults();
    server.inject({ path: '/v2/messages', kind: 'timeout', times: 50 });
    await expect(runBatch(ctx, batchId, FAST)).rejects.toThrow(/ei vastannut ajoissa/);
    for (const id of ids) expect(decision(id).status).toBe('signed');
    server.clearFaults();
    expect(await runBatch(ctx, batchId, FAST)).toMatchObject({ status: 'completed', deliveries: { sent: 3 } });
  });

  it('refuses a letter over the attachment limit by name, and routes a client without a valid henkilötunnus to paper', async () => {
    const [big, noHetu] = take(2, true);
    const small = await new SuomifiTestServer({ now: core.clock.now().getTime(), maxAttachmentBytes: 2000 }).start();
    try {
      configureSuomifi(core, small);
      small.setMailbox(hetuOf(big!), true);
      core.db.prepare("UPDATE clients SET hetu = 'tuntematon-' || id WHERE id = ?").run(clientOf(noHetu!));
      const b = await runBatch(ctx, createBatch(ctx, { decisionIds: [big!, noHetu!], outDir: tempDir('luotsi-sfbatch-out-') }).id, FAST);
      expect(b).toMatchObject({ status: 'completed', routes: { suomifi: 1, ekirje: 1 }, deliveries: { sent: 1, failed: 1 } });
      expect(deliveryErrorText(deliveriesOf(big!)[0]!.error, 'fi')).toMatch(/^Päätös \d+\/\d{4} \(.+\): Liite on liian suuri Suomi.fi-viesteille \(HTTP 413\)/);
      expect(decision(big!).status).toBe('signed');
      expect(deliveriesOf(noHetu!)).toMatchObject([{ route: 'ekirje', status: 'sent' }]);
      expect(small.messages()).toHaveLength(0);
    } finally {
      await small.close();
      configureSuomifi(core, server);
    }
  });
});

// On a county of its own, its clients as the demo made them (the tests above change addresses, hetus,
// mailboxes and choices of the shared one).
describe('invoices follow the same policy', () => {
  let icore: Core;
  let iserver: SuomifiTestServer;
  beforeAll(async () => {
    icore = seededCore({ clients: 500, intakeItems: 500, dir: tempDir('luotsi-sfinv-db-') });
    iserver = await new SuomifiTestServer({ now: icore.clock.now().getTime() }).start();
    configureSuomifi(icore, iserver);
  });
  afterAll(async () => {
    icore.close();
    await iserver.close();
  });

  it("sends approved invoices through Suomi.fi beside e-invoices; a refused one goes on paper in the Finvoice", async () => {
    const userId = icore.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string;
    const c = { db: icore.db, clock: icore.clock, audit: icore.audit, userId };
    const run = await runMonth(c, '2026-10');
    icore.db.prepare("UPDATE invoice_runs SET status = 'approved' WHERE id = ?").run(run.runId);
    const invoices = icore.db
      .prepare('SELECT i.id, i.number, i.delivery, c.hetu, c.address_protected, c.contact_street FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.run_id = ? ORDER BY i.number')
      .all(run.runId) as { id: string; number: number; delivery: string; hetu: string; address_protected: number; contact_street: string | null }[];
    invoices.forEach((i, k) => iserver.setMailbox(i.hetu, k % 2 === 0));
    const before = iserver.created;
    const out = tempDir('luotsi-sfinv-');
    // Suomi.fi refuses one invoice: it goes on paper in the Finvoice instead.
    iserver.inject({ path: '/v2/messages', kind: 'status400' });
    const m = await writeRunMaterial(icore.db, run.runId, out, icore.resourcesDir, icore.clock.now(), { suomifi: c });
    const einvoices = invoices.filter((i) => i.delivery === 'einvoice').length;
    // Turvakielto without a contact address and without a mailbox: by hand, never on paper.
    // (an e-invoice goes to the bank whatever the address).
    const byHand = invoices.filter((i, k) => i.delivery !== 'einvoice' && i.address_protected === 1 && !i.contact_street && k % 2 !== 0).length;
    expect(m.einvoices).toBe(einvoices);
    expect(m.suomifiFailed).toBe(1);
    expect(m.suomifi).toBe(invoices.length - einvoices - byHand - 1);
    expect(iserver.created - before).toBe(m.suomifi);
    expect(m.manual).toHaveLength(byHand);
    expect(m.paper).toBe(1);
    // The Finvoice holds the e-invoices and the refused one on paper.
    const messages = [...fs.readFileSync(m.finvoice, 'utf8').matchAll(/<Finvoice /g)].length;
    expect(messages).toBe(einvoices + 1);
    const sent = iserver.messages().slice(before);
    expect(sent.every((x) => /^(Asiakasmaksulasku|Faktura på klientavgift) \d+$/.test(x.title))).toBe(true);
    expect(sent.some((x) => x.channel === 'paper') && sent.some((x) => x.channel === 'electronic')).toBe(true);
    // Making the material again sends nothing twice.
    const again = await writeRunMaterial(icore.db, run.runId, out, icore.resourcesDir, icore.clock.now(), { suomifi: c });
    expect(iserver.created - before).toBe(m.suomifi);
    expect(again).toMatchObject({ suomifi: m.suomifi, paper: 1, einvoices });
  }, 600_000);
});
