// A Suomi.fi sending batch killed with SIGKILL at many points (during the mailbox check, between an upload and
// its message, after messages went out, while answers are being lost) and started again each time: at the end
// every letter was sent exactly once at the service (the test server counts messages per decision), and every
// decision has the deemed receipt of the channel its letter actually took.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { fixedDateClock } from '../../electron/core/clock';
import { findUserByUsername } from '../../electron/core/auth/queries';
import { withoutCapture } from '../../electron/core/sync/capture';
import { pollEvents } from '../../electron/core/suomifi/events';
import { suomifiClient } from '../../electron/core/suomifi/settings';
import { addDays } from '../../shared/domain/dates';
import { SuomifiTestServer } from '../suomifi/server';
import { cliProcess } from '../support/cli';
import { seededCore, tempDir, TODAY } from '../support/core';
import { configureSuomifi } from '../support/suomifi';

let server: SuomifiTestServer;
let dir: string;
let dbPath: string;
let batchDecisions: string[] = [];

beforeAll(async () => {
  dir = tempDir('luotsi-sfkill-');
  dbPath = path.join(dir, 'luotsi.sqlite');
  const core = seededCore({ clients: 1500, intakeItems: 3000, dir });
  server = await new SuomifiTestServer({ now: core.clock.now().getTime() }).start();
  configureSuomifi(core, server);
  withoutCapture(core.db, () =>
    core.db
      .prepare(
        `UPDATE decisions SET status = 'signed', sent_on = NULL, send_channel = NULL, notified_on = NULL, appeal_last_day = NULL, notification_basis = NULL
         WHERE id IN (SELECT id FROM decisions WHERE status = 'sent' AND decided_on >= '2026-01-01' ORDER BY number LIMIT 30)`,
      )
      .run(),
  );
  const rows = core.db.prepare("SELECT d.id, c.hetu FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.status = 'signed' ORDER BY d.number").all() as { id: string; hetu: string }[];
  rows.forEach((r, i) => server.setMailbox(r.hetu, i % 3 !== 0));
  batchDecisions = rows.map((r) => r.id);
  core.close();
});
afterAll(() => server.close());

describe('a Suomi.fi batch killed at many points', () => {
  it('sends every letter exactly once and gives each decision the deemed receipt of its channel', async () => {
    const out = path.join(dir, 'out');
    const run = () => cliProcess(['letters', 'batch', '--db', dbPath, '--user', 'sihteeri', '--decisions', 'ALL_READY', '--out', out, '--today', TODAY, '--json'], { LUOTSI_PASSWORD: 'demo' });
    // Each kill point is counted from where the service stood when that run started, so a run that got further
    // than its kill point before the kill landed cannot make the next point true before the next run has begun
    // (on a fast machine the first run had sent a message before its kill, the second then never met "uploaded,
    // not yet sent", finished the whole batch, and nothing was left to resume).
    type At = { checks: number; uploads: number; created: number };
    const uploads = () => server.count('POST', '/v2/attachments', 200);
    const at = (): At => ({ checks: server.count('POST', '/v1/mailboxes/active'), uploads: uploads(), created: server.created });
    const killWhen = async (child: ReturnType<typeof run>, ready: (start: At) => boolean) => {
      const start = at();
      for (let i = 0; i < 120_000 / 5 && child.child.exitCode === null; i++) {
        if (ready(start)) {
          child.child.kill('SIGKILL');
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return child.exited;
    };
    const kills: ((start: At) => boolean)[] = [
      (s) => server.count('POST', '/v1/mailboxes/active') > s.checks, // during or right after the mailbox check
      (s) => uploads() > s.uploads && server.created === s.created, // an attachment uploaded, its message not yet sent
      (s) => server.created >= s.created + 3,
      (s) => server.created >= s.created + 4,
      (s) => server.created >= s.created + 5,
    ];
    let killed = 0;
    for (const [i, when] of kills.entries()) {
      // Answers lost after the service took the message, around some of the kills.
      if (i === 3) server.inject({ path: '/v2/messages', kind: 'drop', when: 'after', times: 2 });
      // The service holds the next message's answer, so the run is caught between an upload and its message
      // (without it, the message follows its upload within the 5 ms between looks and the window is missed).
      if (i === 1) server.inject({ path: '/v2/messages', kind: 'timeout', times: 1 });
      const r = await killWhen(run(), when);
      if (r.code === null) killed++;
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    const last = await run().exited;
    expect(last.code, last.stderr).toBe(0);
    const result = JSON.parse(last.stdout) as { resumed: boolean };
    expect(result.resumed).toBe(true);

    const core = openCore({ dbPath, clock: fixedDateClock(TODAY) });
    try {
      // Exactly once at the service for every decision routed to Suomi.fi.
      const routed = core.db.prepare("SELECT DISTINCT decision_id FROM deliveries WHERE route IN ('suomifi','suomifi_paper')").pluck().all() as string[];
      expect(routed.length).toBeGreaterThan(20);
      for (const id of routed) expect(server.messages().filter((m) => m.externalId.split(':')[2] === id), id).toHaveLength(1);
      expect(server.created).toBe(routed.length);
      expect(core.db.prepare("SELECT count(*) FROM send_batches WHERE status <> 'completed'").pluck().get()).toBe(0);
      // Events tell the channel; each decision then has the deemed receipt of that channel.
      const user = findUserByUsername(core.db, 'sihteeri')!;
      await pollEvents({ db: core.db, clock: core.clock, audit: core.audit, userId: user.id }, suomifiClient(core.db));
      for (const id of routed) {
        const d = core.db.prepare('SELECT status, sent_on, notified_on, notification_basis, notification_provisional FROM decisions WHERE id = ?').get(id) as {
          status: string;
          sent_on: string;
          notified_on: string;
          notification_basis: string;
          notification_provisional: number;
        };
        const channel = server.messages().find((m) => m.externalId.split(':')[2] === id)!.channel;
        const hetu = core.db.prepare('SELECT c.hetu FROM decisions x JOIN clients c ON c.id = x.client_id WHERE x.id = ?').pluck().get(id) as string;
        expect(channel).toBe(server.mailboxOf(hetu) ? 'electronic' : 'paper');
        expect(d.status).toBe('sent');
        expect(d.notification_basis).toBe(channel === 'electronic' ? 'electronic' : 'letter');
        expect(d.notified_on).toBe(addDays(d.sent_on, channel === 'electronic' ? 3 : 7));
        expect(d.notification_provisional).toBe(channel === 'electronic' ? 0 : 1);
      }
      // Each decision was marked sent once in the audit trail (later changes are notification updates).
      const sends = core.db.prepare("SELECT entity_id, count(*) AS n FROM audit_log WHERE action = 'decision.send' GROUP BY entity_id HAVING n > 1").all();
      expect(sends).toEqual([]);
      expect(batchDecisions.length).toBeGreaterThan(routed.length - 1);
    } finally {
      core.close();
    }
  });
});
