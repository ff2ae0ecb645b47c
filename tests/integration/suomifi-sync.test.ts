// Delivery state across workstations, against a real PostgreSQL and the Suomi.fi Messages test server: two
// client secretaries' workstations send from the same county. An attempt one workstation claimed is never
// sent by the other (its batch item is cancelled with the reason and nothing reaches the service); the same
// workstation asking again for an attempt it claimed but never wrote (stopped in between) gets it; a decision
// the central database does not have is left to send later; the deliveries, their events and the decision's
// deemed receipt reach the other workstation by sync. A claim whose workstation died is not held forever: after
// the lease a Suomi.fi send takes it over under the same delivery id and external id (the holder's message, if
// it went, is answered 409 and nothing goes out twice); a paper claim needs an administrator's release. Two
// workstations making the same invoice run's material send each invoice once.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import type { SignedInContext } from '../../electron/core/context';
import { findUserByUsername, toUser } from '../../electron/core/auth/queries';
import { withoutCapture } from '../../electron/core/sync/capture';
import { createBatch, runBatch, type RunOptions } from '../../electron/core/letters/batch';
import { claimAttempts, claimOf } from '../../electron/core/delivery/claims';
import { pollEvents } from '../../electron/core/suomifi/events';
import { suomifiClient } from '../../electron/core/suomifi/settings';
import { uuidv7 } from '../../electron/core/ids';
import { ensureDemoLetterSettings } from '../../electron/core/letters/settings';
import { seededCentral, until as waitFor } from '../support/central';
import { connect, tempDir, TODAY } from '../support/core';
import { SuomifiTestServer } from '../suomifi/server';
import { configureSuomifi } from '../support/suomifi';
import { runMonth } from '../../electron/core/invoicing/run';
import { writeRunMaterial } from '../../electron/core/invoicing/material';

const clock = fixedDateClock(TODAY);
const FAST: RunOptions = { suomifi: { baseDelayMs: 5, maxTries: 6, timeoutMs: 2_000, concurrency: 4 } };
let admin: pg.Client;
let centralUrl: string;
let server: SuomifiTestServer;
let decisions: string[] = [];
let localSettings: { key: string; value: string }[] = [];
let runId = '';
let invoiceIds: string[] = [];
const cores: Core[] = [];

const until = <T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000) => waitFor(what, probe, timeoutMs, 100);

async function workstation(username = 'sihteeri'): Promise<{ core: Core; ctx: SignedInContext; api: ReturnType<typeof connect> }> {
  const dbPath = path.join(tempDir('luotsi-sfsync-'), 'luotsi.sqlite');
  const core = openCore({ dbPath, clock, seedIfEmpty: null, central: { url: centralUrl, tls: 'disable', ca: null } });
  cores.push(core);
  const api = connect(core);
  await api.signIn(username);
  await until('online', () => core.sync.status().state === 'online');
  // The workstation's own settings as the county's installation gives them: letters with a signing certificate of
  // its own (its passphrase sealed under this workstation's key), the rest as the demo county's.
  const put = core.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
  for (const r of localSettings) if (r.key !== 'letters') put.run(r.key, r.value);
  ensureDemoLetterSettings(core.db, dbPath, clock.now());
  configureSuomifi(core, server);
  const user = toUser(findUserByUsername(core.db, username)!);
  return { core, ctx: { ...core, session: { user }, user }, api };
}

const messagesFor = (decisionId: string) => server.messages().filter((m) => m.externalId.includes(decisionId));
const deliveries = (core: Core, decisionId: string) =>
  core.db.prepare('SELECT id, attempt, route, status, device_id FROM deliveries WHERE decision_id = ? ORDER BY attempt').all(decisionId) as {
    id: string;
    attempt: number;
    route: string;
    status: string;
    device_id: string;
  }[];
const item = (core: Core, batchId: string, decisionId: string) =>
  core.db.prepare('SELECT status, error FROM send_batch_items WHERE batch_id = ? AND decision_id = ?').get(batchId, decisionId) as { status: string; error: string | null };

beforeAll(async () => {
  server = await new SuomifiTestServer({ now: clock.now().getTime() }).start();
  ({ centralUrl, admin } = await seededCentral(`luotsi_sfsync_${process.pid}`, { clients: 300, intakeItems: 600 }, clock, async (source) => {
    // The county's data: a few recent decisions signed and waiting to be sent, their clients with a mailbox.
    decisions = source.db.prepare("SELECT id FROM decisions WHERE status = 'sent' AND decided_on >= '2026-01-01' ORDER BY number LIMIT 8").pluck().all() as string[];
    expect(decisions).toHaveLength(8);
    withoutCapture(source.db, () => {
      for (const id of decisions) {
        source.db
          .prepare("UPDATE decisions SET status = 'signed', sent_on = NULL, send_channel = NULL, notified_on = NULL, appeal_last_day = NULL, notification_basis = NULL WHERE id = ?")
          .run(id);
        const c = source.db.prepare('SELECT c.id, c.hetu FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.id = ?').get(id) as { id: string; hetu: string };
        source.db
          .prepare("UPDATE clients SET address_protected = 0, street_address = 'Testitie 1', postal_code = '02100', post_office = 'Espoo', contact_street = NULL WHERE id = ?")
          .run(c.id);
        server.setMailbox(c.hetu, true);
      }
    });
    // An invoice run of the county, approved, of four paper invoices to clients with a mailbox (the others
    // cancelled, to keep the PDFs few).
    const billingUser = source.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string;
    const run = await runMonth({ db: source.db, clock, audit: source.audit, userId: billingUser }, '2026-10');
    runId = run.runId;
    withoutCapture(source.db, () => {
      invoiceIds = source.db
        .prepare("SELECT i.id FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.run_id = ? AND i.delivery = 'paper' AND c.address_protected = 0 ORDER BY i.number LIMIT 4")
        .pluck()
        .all(runId) as string[];
      expect(invoiceIds).toHaveLength(4);
      source.db.prepare(`UPDATE invoices SET status = 'cancelled' WHERE run_id = ? AND id NOT IN (${invoiceIds.map(() => '?').join(',')})`).run(runId, ...invoiceIds);
      source.db.prepare("UPDATE invoice_runs SET status = 'approved' WHERE id = ?").run(runId);
      for (const id of invoiceIds) server.setMailbox(source.db.prepare('SELECT c.hetu FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.id = ?').pluck().get(id) as string, true);
    });
    localSettings = source.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  }));
});

afterAll(async () => {
  for (const c of cores) await c.shutdown();
  await admin?.end();
  await server?.close();
});

describe('two workstations sending from the same county', () => {
  it('never send the same letter twice, and each sees the other’s deliveries and deemed receipts', async () => {
    const a = await workstation();
    const b = await workstation();
    const [d1, d2, d3] = decisions as [string, string, string];

    // Workstation A has claimed d1's first attempt (its batch is between the claim and the letter).
    const first = await claimAttempts(a.core.db, claimOf(a.core), [{ kind: 'decision', documentId: d1 }]);
    expect(first.get(d1)).toMatchObject({ granted: true, attempt: 1 });

    // B, not yet knowing of it, sends d1 and d2: d1 is left to A, d2 goes.
    const batchB = await runBatch(b.ctx, createBatch(b.ctx, { decisionIds: [d1, d2] }).id, FAST);
    expect(batchB.status).toBe('completed');
    expect(item(b.core, batchB.id, d1)).toMatchObject({ status: 'cancelled', error: expect.stringContaining('delivery.claimedElsewhere') });
    expect(item(b.core, batchB.id, d2).status).toBe('sent');
    expect(messagesFor(d1)).toHaveLength(0);
    expect(messagesFor(d2)).toHaveLength(1);
    expect(deliveries(b.core, d1)).toEqual([]);
    expect(b.core.db.prepare("SELECT status FROM decisions WHERE id = ?").pluck().get(d1)).toBe('signed');
    const refusal = b.core.db.prepare("SELECT details FROM audit_log WHERE action = 'delivery.claimRefused' AND entity_id = ?").pluck().get(d1) as string;
    expect(JSON.parse(refusal)).toMatchObject({ reason: 'delivery.claimedElsewhere' });

    // A was stopped before it wrote d1's delivery; asked again, the attempt is still its own, and it sends.
    const batchA = await runBatch(a.ctx, createBatch(a.ctx, { decisionIds: [d1, d3] }).id, FAST);
    expect(item(a.core, batchA.id, d1).status).toBe('sent');
    expect(item(a.core, batchA.id, d3).status).toBe('sent');
    // d2 is B's: were A to plan its first attempt before it hears of B's delivery, it is refused.
    if (deliveries(a.core, d2).length === 0) {
      const late = await claimAttempts(a.core.db, claimOf(a.core), [{ kind: 'decision', documentId: d2 }]);
      expect(late.get(d2)).toMatchObject({ granted: false, reason: { key: 'delivery.claimedElsewhere' } });
    }
    expect(messagesFor(d1)).toHaveLength(1);
    expect(messagesFor(d2)).toHaveLength(1);
    expect(messagesFor(d3)).toHaveLength(1);
    expect((await admin.query("SELECT count(*)::int AS n FROM delivery_claims WHERE document = ANY($1)", [[d1, d2, d3].map((d) => `decision:${d}`)])).rows[0].n).toBe(3);

    // Events: each workstation applies those of its own messages; the electronic receipt fixes the deemed day.
    await pollEvents({ db: a.core.db, clock, audit: a.core.audit, userId: a.ctx.user.id }, suomifiClient(a.core.db));
    await pollEvents({ db: b.core.db, clock, audit: b.core.audit, userId: b.ctx.user.id }, suomifiClient(b.core.db));
    const eventsA = a.core.db.prepare('SELECT count(*) FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id WHERE d.decision_id = ?').pluck().get(d1) as number;
    expect(eventsA).toBeGreaterThan(0);
    const decisionOf = (core: Core, id: string) =>
      core.db.prepare('SELECT status, notified_on, notification_basis, notification_provisional FROM decisions WHERE id = ?').get(id) as Record<string, unknown>;

    // Sync: B sees A's delivery of d1 with its events and the decision's notification, and A sees B's d2.
    const synced = await until('the deliveries on the other workstation', () => {
      a.core.sync.afterCall();
      b.core.sync.afterCall();
      a.core.sync.nudge();
      b.core.sync.nudge();
      const onB = deliveries(b.core, d1);
      const onA = deliveries(a.core, d2);
      const evB = b.core.db.prepare('SELECT count(*) FROM delivery_events e JOIN deliveries d ON d.id = e.delivery_id WHERE d.decision_id = ?').pluck().get(d1) as number;
      const same = JSON.stringify(decisionOf(a.core, d1)) === JSON.stringify(decisionOf(b.core, d1));
      return onB.length === 1 && onA.length === 1 && evB === eventsA && same && { onB, onA };
    });
    expect(synced.onB[0]).toMatchObject({ attempt: 1, route: 'suomifi', status: 'sent', device_id: deliveries(a.core, d1)[0]!.device_id });
    expect(synced.onA[0]).toMatchObject({ attempt: 1, route: 'suomifi', status: 'sent' });
    expect(decisionOf(b.core, d1)).toMatchObject({ status: 'sent', notification_basis: 'electronic' });
  });

  it('a decision the central database does not have is left to send after sync, and a workstation without the central database sends nothing', async () => {
    const b = await workstation();
    const unknown = uuidv7(clock.now().getTime());
    const out = await claimAttempts(b.core.db, claimOf(b.core), [{ kind: 'decision', documentId: unknown }]);
    expect(out.get(unknown)).toMatchObject({ granted: false, reason: { key: 'delivery.claimNotCentral' } });

    // The central database away: claiming throws (the batch fails and resumes later), nothing is granted.
    b.core.db.prepare('UPDATE sync_state SET central_url = ?').run(centralUrl.replace(/:\d+\//, ':1/'));
    await expect(claimAttempts(b.core.db, claimOf(b.core), [{ kind: 'decision', documentId: decisions[3]! }])).rejects.toThrow();
  });
});

/** The workstation's sync stops (its connection to the central database is lost) while it keeps working. */
const stopSyncing = (core: Core) => (core.sync as unknown as { stopLoop(): Promise<void> }).stopLoop();

describe('a claim whose workstation died', () => {
  const ageClaim = (decisionId: string) => admin.query("UPDATE delivery_claims SET claimed_at = now() - interval '2 hours' WHERE document = $1", [`decision:${decisionId}`]);
  const central = async (decisionId: string) =>
    (await admin.query('SELECT delivery_id, device_id::text, route, released_at FROM delivery_claims WHERE document = $1', [`decision:${decisionId}`])).rows as {
      delivery_id: string;
      device_id: string;
      route: string | null;
      released_at: Date | null;
    }[];

  it('is taken over after the lease by a Suomi.fi send under the same delivery and external id: the message the holder sent is answered 409, never sent twice', async () => {
    const d5 = decisions[4]!;
    // Workstation A sends d5 through Suomi.fi but loses its sync before its delivery reaches the central
    // database, and is never seen again.
    const a = await workstation();
    await stopSyncing(a.core);
    const batchA = await runBatch(a.ctx, createBatch(a.ctx, { decisionIds: [d5] }).id, FAST);
    expect(item(a.core, batchA.id, d5).status).toBe('sent');
    const own = deliveries(a.core, d5)[0]!;
    expect(own).toMatchObject({ attempt: 1, route: 'suomifi', status: 'sent' });
    expect(messagesFor(d5)).toHaveLength(1);
    expect(await central(d5)).toEqual([{ delivery_id: own.id, device_id: own.device_id, route: 'suomifi', released_at: null }]);
    expect((await admin.query("SELECT 1 FROM sync_rows WHERE entity = 'deliveries' AND row_key = $1", [own.id])).rowCount).toBe(0);
    await a.core.shutdown();

    // Workstation B, within the lease: the claim holds and nothing is sent.
    const b = await workstation();
    const early = await runBatch(b.ctx, createBatch(b.ctx, { decisionIds: [d5] }).id, FAST);
    expect(item(b.core, early.id, d5)).toMatchObject({ status: 'cancelled', error: expect.stringContaining('delivery.claimedElsewhere') });
    expect(messagesFor(d5)).toHaveLength(1);

    // After the lease B takes the attempt over: A's delivery id, the same external id, and Suomi.fi answers 409.
    await ageClaim(d5);
    const conflictsBefore = server.count('POST', '/v2/messages', 409);
    const late = await runBatch(b.ctx, createBatch(b.ctx, { decisionIds: [d5] }).id, FAST);
    expect(item(b.core, late.id, d5).status).toBe('sent');
    expect(messagesFor(d5)).toHaveLength(1);
    expect(server.count('POST', '/v2/messages', 409)).toBe(conflictsBefore + 1);
    expect(deliveries(b.core, d5)).toEqual([expect.objectContaining({ id: own.id, attempt: 1, route: 'suomifi', status: 'sent' })]);
    expect(b.core.db.prepare('SELECT external_id FROM deliveries WHERE id = ?').pluck().get(own.id)).toBe(`luotsi:decision:${d5}:1`);
    expect(b.core.db.prepare('SELECT status, notification_basis FROM decisions WHERE id = ?').get(d5)).toMatchObject({ status: 'sent' });
    const [claim] = await central(d5);
    expect(claim).toMatchObject({ delivery_id: own.id, route: 'suomifi' });
    expect(claim!.device_id).toBe(b.core.db.prepare('SELECT device_id FROM sync_state WHERE id = 1').pluck().get());
    const history = (await admin.query('SELECT what, reason, delivery_id FROM delivery_claim_history WHERE document = $1', [`decision:${d5}`])).rows;
    expect(history).toEqual([{ what: 'taken_over', reason: 'lease', delivery_id: own.id }]);
    // B's delivery reaches the central database; a claim whose delivery is there is never taken over again.
    await until('B pushed its delivery', async () => {
      b.core.sync.afterCall();
      b.core.sync.nudge();
      return (await admin.query("SELECT 1 FROM sync_rows WHERE entity = 'deliveries' AND row_key = $1", [own.id])).rowCount === 1;
    });
  });

  it('on paper is not taken over by the lease; an administrator releases it with a reason, and the next send continues it once', async () => {
    const d6 = decisions[5]!;
    const a = await workstation();
    // A claimed d6 for its e-kirje print batch and died: nothing at the other end would refuse a second letter.
    const claims = await claimAttempts(a.core.db, claimOf(a.core), [{ kind: 'decision', documentId: d6, route: 'ekirje' }]);
    const held = claims.get(d6)!;
    expect(held.granted).toBe(true);
    await a.core.shutdown();
    await ageClaim(d6);

    const b = await workstation();
    const refused = await runBatch(b.ctx, createBatch(b.ctx, { decisionIds: [d6] }).id, FAST);
    expect(item(b.core, refused.id, d6)).toMatchObject({ status: 'cancelled', error: expect.stringContaining('delivery.claimedElsewhere') });
    expect(messagesFor(d6)).toHaveLength(0);

    // Only an administrator may release it, and only with a reason.
    await expect(b.core.sync.releaseDeliveryClaim(`decision:${d6}`, 1, 'Työasema hävitetty')).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'delivery.releaseNotAdmin' });
    const adm = await workstation('paakayttaja');
    await expect(adm.core.sync.releaseDeliveryClaim(`decision:${d6}`, 1, ' ')).rejects.toMatchObject({ code: 'VALIDATION', key: 'delivery.releaseReason' });
    await expect(adm.core.sync.releaseDeliveryClaim(`decision:${d6}`, 2, 'Työasema hävitetty')).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'delivery.releaseNoClaim' });
    // A claim whose delivery is in the central database is not stuck (d1 went out in the first test).
    await expect(adm.core.sync.releaseDeliveryClaim(`decision:${decisions[0]!}`, 1, 'Työasema hävitetty')).rejects.toMatchObject({ code: 'INVALID_STATE', key: 'delivery.releaseNotStuck' });
    // Through the administrator's channel: checked input, then the central release, recorded here too.
    const short = (await adm.api.call('delivery.releaseClaim', { documentKind: 'decision', documentId: d6, attempt: 1, reason: 'x' })) as { ok: boolean; error: { code: string } };
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const notAdmin = (await b.api.call('delivery.releaseClaim', { documentKind: 'decision', documentId: d6, attempt: 1, reason: 'Työasema hävitetty' })) as { ok: boolean; error: { code: string } };
    expect(notAdmin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const released = await adm.api.ok('delivery.releaseClaim', { documentKind: 'decision', documentId: d6, attempt: 1, reason: 'Työasema hävitetty 2.12., kirjettä ei tulostettu' });
    expect(released).toMatchObject({ document: `decision:${d6}`, attempt: 1, route: 'ekirje', deliveryId: held.granted ? held.deliveryId : '' });
    const audit = adm.core.db.prepare("SELECT details FROM audit_log WHERE action = 'delivery.releaseClaim' AND entity_id = ?").pluck().get(d6) as string;
    expect(JSON.parse(audit)).toMatchObject({ attempt: 1, route: 'ekirje', reason: 'Työasema hävitetty 2.12., kirjettä ei tulostettu' });
    expect((await central(d6))[0]!.released_at).not.toBeNull();

    const sent = await runBatch(b.ctx, createBatch(b.ctx, { decisionIds: [d6] }).id, FAST);
    expect(item(b.core, sent.id, d6).status).toBe('sent');
    expect(messagesFor(d6)).toHaveLength(1);
    expect(deliveries(b.core, d6)).toEqual([expect.objectContaining({ attempt: 1, route: 'suomifi', status: 'sent' })]);
    expect(deliveries(b.core, d6)[0]!.id).toBe(held.granted ? held.deliveryId : null);
    const history = (await admin.query('SELECT what, reason, role_name FROM delivery_claim_history WHERE document = $1 ORDER BY id', [`decision:${d6}`])).rows;
    expect(history).toEqual([
      { what: 'released', reason: 'Työasema hävitetty 2.12., kirjettä ei tulostettu', role_name: 'paakayttaja' },
      { what: 'taken_over', reason: 'released', role_name: 'sihteeri' },
    ]);
  });
});

describe('two workstations making the same invoice run’s material', () => {
  it('send each invoice through Suomi.fi exactly once', async () => {
    // Billing makes a run's material (channel 'invoices.material'); a client secretary may not claim invoices (central 015).
    const a = await workstation('laskutus');
    const b = await workstation('laskutus');
    await until('the invoices on both workstations', () =>
      [a, b].every((w) => (w.core.db.prepare("SELECT count(*) FROM invoices WHERE run_id = ? AND status <> 'cancelled'").pluck().get(runId) as number) === invoiceIds.length),
    );
    const make = (w: { core: Core; ctx: SignedInContext }) =>
      writeRunMaterial(w.core.db, runId, tempDir('luotsi-sfsync-inv-'), w.core.resourcesDir, clock.now(), {
        suomifi: { db: w.core.db, clock, audit: w.core.audit, userId: w.ctx.user.id },
        claim: claimOf(w.core),
      });
    const [ma, mb] = await Promise.all([make(a), make(b)]);
    const sentTo = (id: string) => server.messages().filter((m) => m.externalId.includes(`invoice:${id}`));
    for (const id of invoiceIds) expect(sentTo(id)).toHaveLength(1);
    // Each workstation accounts for every invoice: sent by Suomi.fi (by itself, or by the other one when its delivery
    // had already synced here) or left to the other one that is sending it.
    expect(ma.suomifi + ma.elsewhere).toBe(invoiceIds.length);
    expect(mb.suomifi + mb.elsewhere).toBe(invoiceIds.length);
    expect(ma.suomifi + mb.suomifi).toBeGreaterThanOrEqual(invoiceIds.length);
    // Nothing another workstation sends is put on paper here either.
    expect(ma.paper + mb.paper).toBe(0);
    const claimed = (await admin.query('SELECT count(DISTINCT device_id)::int AS devices, count(*)::int AS n FROM delivery_claims WHERE document = ANY($1)', [invoiceIds.map((i) => `invoice:${i}`)])).rows[0];
    expect(claimed.n).toBe(invoiceIds.length);
    // Made again on either workstation, once the other's sent deliveries are synced, nothing more goes out.
    await until('the deliveries on both workstations', () => {
      a.core.sync.afterCall();
      b.core.sync.afterCall();
      a.core.sync.nudge();
      b.core.sync.nudge();
      return [a, b].every((w) => (w.core.db.prepare("SELECT count(*) FROM deliveries WHERE status = 'sent' AND invoice_id IN (SELECT id FROM invoices WHERE run_id = ?)").pluck().get(runId) as number) === invoiceIds.length);
    });
    const again = await make(b);
    expect(again.suomifi).toBe(invoiceIds.length);
    for (const id of invoiceIds) expect(sentTo(id)).toHaveLength(1);
  }, 300_000);
});
