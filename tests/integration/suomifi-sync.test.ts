// Delivery state across workstations, against a real PostgreSQL and the Suomi.fi Messages test server: two
// client secretaries' workstations send from the same county. An attempt one workstation claimed is never
// sent by the other (its batch item is cancelled with the reason and nothing reaches the service); the same
// workstation asking again for an attempt it claimed but never wrote (stopped in between) gets it; a decision
// the central database does not have is left to send later; the deliveries, their events and the decision's
// deemed receipt reach the other workstation by sync.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import type { SignedInContext } from '../../electron/core/context';
import { findUserByUsername, toUser } from '../../electron/core/auth/queries';
import { seedCentral } from '../../electron/core/sync/central/seed';
import { withoutCapture } from '../../electron/core/sync/capture';
import { createBatch, runBatch, type RunOptions } from '../../electron/core/letters/batch';
import { claimAttempts, claimOf } from '../../electron/core/delivery/claims';
import { pollEvents } from '../../electron/core/suomifi/events';
import { suomifiClient } from '../../electron/core/suomifi/settings';
import { uuidv7 } from '../../electron/core/ids';
import { ensureDemoLetterSettings } from '../../electron/core/letters/settings';
import { centralDatabase } from '../support/postgres';
import { connect, tempDir, TODAY } from '../support/core';
import { SuomifiTestServer } from '../suomifi/server';
import { configureSuomifi } from '../support/suomifi';

const clock = fixedDateClock(TODAY);
const FAST: RunOptions = { suomifi: { baseDelayMs: 5, maxTries: 6, timeoutMs: 2_000, concurrency: 4 } };
let admin: pg.Client;
let centralUrl: string;
let server: SuomifiTestServer;
let decisions: string[] = [];
let localSettings: { key: string; value: string }[] = [];
const cores: Core[] = [];

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function workstation(): Promise<{ core: Core; ctx: SignedInContext }> {
  const dbPath = path.join(tempDir('luotsi-sfsync-'), 'luotsi.sqlite');
  const core = openCore({ dbPath, clock, seedIfEmpty: null, central: { url: centralUrl, tls: 'disable', ca: null } });
  cores.push(core);
  await connect(core).signIn('sihteeri');
  await until('online', () => core.sync.status().state === 'online');
  // The workstation's own settings as the county's installation gives them: letters with a signing certificate of
  // its own (its passphrase sealed under this workstation's key), the rest as the demo county's.
  const put = core.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
  for (const r of localSettings) if (r.key !== 'letters') put.run(r.key, r.value);
  ensureDemoLetterSettings(core.db, dbPath, clock.now());
  configureSuomifi(core, server);
  const user = toUser(findUserByUsername(core.db, 'sihteeri')!);
  return { core, ctx: { ...core, session: { user }, user } };
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
  const url = await centralDatabase(inject('postgresUrl'), `luotsi_sfsync_${process.pid}`);
  const u = new URL(url);
  u.username = '';
  u.password = '';
  centralUrl = u.toString();
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  server = await new SuomifiTestServer({ now: clock.now().getTime() }).start();
  // The county's data: a few recent decisions signed and waiting to be sent, their clients with a mailbox.
  const source = openCore({ dbPath: path.join(tempDir('luotsi-sfsync-src-'), 'src.sqlite'), clock, seedIfEmpty: { clients: 300, intakeItems: 600 } });
  decisions = source.db.prepare("SELECT id FROM decisions WHERE status = 'sent' AND decided_on >= '2026-01-01' ORDER BY number LIMIT 4").pluck().all() as string[];
  expect(decisions).toHaveLength(4);
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
  localSettings = source.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  await seedCentral(admin, source.db, { password: 'demo' });
  source.close();
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
