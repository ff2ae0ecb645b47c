// Suomi.fi Messages on the durable job runner: the regular look at the events (suomifi.events) applies the
// service's events to this workstation's deliveries, rotates the API password when it is due, and plans its
// next look; with Suomi.fi Messages off it waits instead of failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import type { SignedInContext } from '../../electron/core/context';
import { findUserByUsername, toUser } from '../../electron/core/auth/queries';
import { createBatch, runBatch } from '../../electron/core/letters/batch';
import { scheduleEventPoll } from '../../electron/core/suomifi/jobs';
import { passwords, readSuomifiSettings, writeSuomifiSettings } from '../../electron/core/suomifi/settings';
import { withoutCapture } from '../../electron/core/sync/capture';
import { SuomifiTestServer } from '../suomifi/server';
import { configureSuomifi } from '../support/suomifi';
import { seededCore, tempDir } from '../support/core';

let core: Core;
let server: SuomifiTestServer;
let ctx: SignedInContext;

beforeAll(async () => {
  core = seededCore({ clients: 120, intakeItems: 200, dir: tempDir('luotsi-sfjobs-') });
  server = await new SuomifiTestServer({ now: core.clock.now().getTime() }).start();
  configureSuomifi(core, server);
  const user = toUser(findUserByUsername(core.db, 'sihteeri')!);
  ctx = { ...core, session: { user }, user };
});
afterAll(async () => {
  await core.shutdown();
  await server.close();
});

describe('the events job', () => {
  it('applies the events, rotates a password that is due, and plans the next look', async () => {
    const id = core.db.prepare("SELECT id FROM decisions WHERE status = 'sent' ORDER BY decided_on DESC LIMIT 1").pluck().get() as string;
    withoutCapture(core.db, () => {
      core.db.prepare("UPDATE decisions SET status = 'signed', sent_on = NULL, send_channel = NULL, notified_on = NULL, appeal_last_day = NULL, notification_basis = NULL WHERE id = ?").run(id);
      core.db.prepare("UPDATE clients SET address_protected = 0, street_address = 'Testitie 1', postal_code = '02100', post_office = 'Espoo', contact_street = NULL WHERE id = (SELECT client_id FROM decisions WHERE id = ?)").run(id);
    });
    server.setMailbox(core.db.prepare('SELECT c.hetu FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.id = ?').pluck().get(id) as string, true);
    const b = await runBatch(ctx, createBatch(ctx, { decisionIds: [id] }).id, { suomifi: { baseDelayMs: 5, maxTries: 4, timeoutMs: 2_000 } });
    expect(b.status).toBe('completed');
    expect(core.db.prepare('SELECT notification_provisional FROM decisions WHERE id = ?').pluck().get(id)).toBe(1);

    // The password was set long ago: the rotation is due.
    const old = server.currentPassword();
    passwords(core.db).setCurrent(old, new Date(core.clock.now().getTime() - 200 * 86_400_000));

    const jobId = scheduleEventPoll(core, ctx.user.id, 0);
    const done = await core.jobs.waitFor(jobId);
    expect(done.status).toBe('completed');
    expect(server.currentPassword()).not.toBe(old);
    expect(passwords(core.db).current()!.password).toBe(server.currentPassword());
    // The electronic delivery confirmed by its event: the deemed receipt is no longer provisional.
    expect(core.db.prepare('SELECT notification_basis, notification_provisional FROM decisions WHERE id = ?').get(id)).toEqual({ notification_basis: 'electronic', notification_provisional: 0 });
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'suomifi.password'").pluck().get()).toBe(1);
    // The next look is planned.
    const next = core.db.prepare("SELECT run_at FROM jobs WHERE kind = 'suomifi.events' AND status = 'pending'").pluck().all() as (string | null)[];
    expect(next).toHaveLength(1);
    expect(Date.parse(next[0]!)).toBeGreaterThan(Date.now());
  });

  it('waits while Suomi.fi Messages is off, and runs once it is on again', async () => {
    const s = readSuomifiSettings(core.db)!;
    writeSuomifiSettings(core.db, { ...s, enabled: false });
    for (const j of core.db.prepare("SELECT id FROM jobs WHERE kind = 'suomifi.events' AND status = 'pending'").pluck().all() as string[]) core.jobs.cancel(j);
    const jobId = scheduleEventPoll(core, ctx.user.id, 0);
    await expect.poll(() => core.jobs.row(jobId).run_at, { timeout: 30_000 }).toBeNull();
    writeSuomifiSettings(core.db, { ...s, enabled: true });
    expect(scheduleEventPoll(core, ctx.user.id, 0)).toBe(jobId);
    expect((await core.jobs.waitFor(jobId)).status).toBe('completed');
  });
});
