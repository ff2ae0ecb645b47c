// Mass fee decisions on a real SQLite file: the drafts of a target set signed in one action together with the
// sending batch of their letters, which then runs to signed PDF letters and marks the decisions sent. A
// wrong certificate passphrase or a draft signed meanwhile stops it before anything is written.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { fixedDateClock } from '../../electron/core/clock';
import type { Envelope } from '../../shared/contract/errors';
import { listParameterSets, saveParameterSet } from '../../electron/core/fees/parameters';
import { connect, count, seededCore, tempDir, TODAY } from '../support/core';

let core: Core;
let billing: ReturnType<typeof connect>;
let dir: string;

beforeAll(async () => {
  dir = tempDir('luotsi-mass-');
  core = seededCore({ clients: 600, intakeItems: 600, dir });
  billing = connect(core);
  await billing.signIn('laskutus');
  // The index revision: income limits up 3 % from 1.1.2027, then every fee recalculated from that day.
  const admin = core.db.prepare("SELECT id FROM users WHERE role = 'admin' LIMIT 1").pluck().get() as string;
  const current = listParameterSets(core.db).at(-1)!.parameters;
  const limits = current.homeCare.incomeLimitsCents.map((c) => Math.round(c * 1.03));
  saveParameterSet(core.db, { id: null, version: null, parameters: { ...current, validFrom: '2027-01-01', validTo: null, homeCare: { ...current.homeCare, incomeLimitsCents: limits } } }, admin, core.clock.now());
  await billing.ok('fees.recalculate', { validFrom: '2027-01-01' });
});

afterAll(() => core.close());

const fail = async (channel: string, input: unknown) => {
  const e = (await billing.call(channel, input)) as Envelope<unknown>;
  if (e.ok) throw new Error(`${channel} should have failed`);
  return e.error;
};

async function finished(massId: string) {
  for (let i = 0; i < 600; i++) {
    const m = (await billing.ok('fees.massDecisions', {})).find((x) => x.id === massId)!;
    if (!m.batch.running && m.batch.status !== 'running') return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the batch did not finish');
}

describe('mass fee decisions', () => {
  it('previews drafts with their old and new fee, area, language and delivery', async () => {
    const drafts = await billing.ok('fees.decisions', { status: 'draft' });
    expect(drafts.filter((d) => d.validFrom === '2027-01-01' && d.reason === 'parameters').length).toBeGreaterThan(20);
    expect(drafts[0]).toMatchObject({ areaId: expect.any(String), language: expect.stringMatching(/^(fi|sv)$/), delivery: expect.stringMatching(/^(print|manual|missing)$/) });
  });

  it('refuses a wrong certificate passphrase and a draft signed meanwhile, writing nothing', async () => {
    const drafts = (await billing.ok('fees.decisions', { status: 'draft' })).filter((d) => d.delivery === 'print' && d.validFrom === '2027-01-01').slice(0, 3);
    const ids = drafts.map((d) => d.decisionId);
    const snapshot = () => [
      count(core, "SELECT COUNT(*) FROM decisions WHERE status = 'draft'"),
      count(core, 'SELECT COUNT(*) FROM send_batches'),
      count(core, 'SELECT COUNT(*) FROM mass_decisions'),
      count(core, 'SELECT COALESCE(SUM(last), 0) FROM decision_numbers'),
    ];
    const before = snapshot();
    const raw = core.db.prepare("SELECT value FROM settings WHERE key = 'letters'").pluck().get() as string;
    core.db.prepare("UPDATE settings SET value = ? WHERE key = 'letters'").run(JSON.stringify({ ...JSON.parse(raw), certificatePassphrase: 'väärä' }));
    const wrong = await fail('fees.massDecide', { title: 'Indeksitarkistus 1.1.2026', decisionIds: ids });
    core.db.prepare("UPDATE settings SET value = ? WHERE key = 'letters'").run(raw);
    expect(wrong.message).toMatch(/salasana on väärä/);
    expect(snapshot()).toEqual(before);

    await billing.ok('fees.sign', { decisionIds: [ids[2]!] });
    const signed = await fail('fees.massDecide', { title: 'Indeksitarkistus 1.1.2026', decisionIds: ids });
    expect(signed.message).toMatch(/on jo tehty/);
    expect(count(core, 'SELECT COUNT(*) FROM send_batches')).toBe(before[1]);
    expect(count(core, `SELECT COUNT(*) FROM decisions WHERE status = 'draft' AND id IN (?, ?)`, ids[0], ids[1])).toBe(2);

    const title = await fail('fees.massDecide', { title: ' ', decisionIds: ids.slice(0, 2) });
    expect(title.message).toMatch(/Otsikko: vähintään 3 merkkiä/);
  });

  it('signs the target set and sends their letters in one batch; a secretary sees it but may not decide', async () => {
    const drafts = (await billing.ok('fees.decisions', { status: 'draft' })).filter((d) => d.delivery === 'print' && d.validFrom === '2027-01-01').slice(0, 6);
    const ids = drafts.map((d) => d.decisionId);
    const change = drafts.reduce((s, d) => s + (d.ends ? 0 : d.feeCents) - (d.previousFeeCents ?? 0), 0);
    const m = await billing.ok('fees.massDecide', { title: 'Asiakasmaksujen indeksitarkistus 1.1.2026', decisionIds: ids });
    expect(m).toMatchObject({ title: 'Asiakasmaksujen indeksitarkistus 1.1.2026', decisions: 6, monthlyChangeCents: change, batch: { total: 6 } });
    // The mass decision's own job carries its letters to the end and says so by its id.
    expect(m.jobId).toEqual(expect.any(String));
    const job = await core.jobs.waitFor(m.jobId!);
    expect(job.status).toBe('completed');
    expect(JSON.parse(job.result!)).toMatchObject({ massId: m.id, batchId: m.batch.id, status: 'completed', letters: 6, failed: 0 });
    expect(job.progress_phase).toBe('letters');
    const done = await finished(m.id);
    expect(done.batch).toMatchObject({ status: 'completed', done: 6, failed: 0, letters: 6 });
    expect(done.jobId).toBe(m.jobId);
    // Resuming a finished mass decision plans nothing and sends nothing twice.
    await billing.ok('fees.massResume', { massId: m.id });
    expect(count(core, "SELECT count(*) FROM jobs WHERE kind = 'fees.mass' AND subject = ?", `mass_decision:${m.id}`)).toBe(1);
    expect(count(core, `SELECT count(*) FROM letters WHERE decision_id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(6);
    expect(fs.existsSync(done.batch.zipPath!)).toBe(true);
    expect(count(core, `SELECT COUNT(*) FROM decisions WHERE status = 'sent' AND id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(6);

    // One letter as the client gets it: the fee decision with its number and the new fee.
    const d = drafts.find((x) => !x.ends)!;
    const letter = core.db.prepare('SELECT bytes FROM letters WHERE decision_id = ?').pluck().get(d.decisionId) as Buffer;
    const file = path.join(dir, 'maksupaatos.pdf');
    fs.writeFileSync(file, letter);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const number = core.db.prepare("SELECT number || '/' || number_year FROM decisions WHERE id = ?").pluck().get(d.decisionId) as string;
    expect(text).toContain(number);
    expect(text).toContain((d.feeCents / 100).toFixed(2).replace('.', ','));

    const secretary = connect(core);
    await secretary.signIn('sihteeri');
    expect((await secretary.ok('fees.massDecisions', {})).map((x) => x.id)).toContain(m.id);
    const denied = (await secretary.call('fees.massDecide', { title: 'Ei oikeutta', decisionIds: ids })) as Envelope<unknown>;
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.code).toBe('FORBIDDEN');
  });
});

describe('a mass decision cut short by a shutdown', () => {
  it('resumes at the next start as the same job: every decision signed once, one letter each, all sent', { timeout: 300_000 }, async () => {
    const drafts = (await billing.ok('fees.decisions', { status: 'draft' })).filter((d) => d.delivery === 'print' && d.validFrom === '2027-01-01').slice(0, 12);
    const ids = drafts.map((d) => d.decisionId);
    expect(ids).toHaveLength(12);
    const numbersBefore = count(core, 'SELECT COALESCE(SUM(last), 0) FROM decision_numbers');
    const m = await billing.ok('fees.massDecide', { title: 'Indeksitarkistus, jatko käynnistyksessä', decisionIds: ids });
    // The app quits at once: the signing is stored with both jobs planned, no letter need be made yet.
    core.jobs.close();
    core.close();
    core = openCore({ dbPath: path.join(dir, 'luotsi.sqlite'), clock: fixedDateClock(TODAY) });
    billing = connect(core);
    await billing.signIn('laskutus');
    const job = await core.jobs.waitFor(m.jobId!);
    expect(job.status).toBe('completed');
    const after = (await billing.ok('fees.massDecisions', {})).find((x) => x.id === m.id)!;
    expect(after.batch).toMatchObject({ status: 'completed', done: 12, failed: 0, letters: 12 });
    const list = ids.map(() => '?').join(',');
    expect(count(core, `SELECT count(*) FROM decisions WHERE status = 'sent' AND id IN (${list})`, ...ids)).toBe(12);
    expect(count(core, `SELECT count(*) FROM letters WHERE decision_id IN (${list})`, ...ids)).toBe(12);
    expect(count(core, `SELECT count(DISTINCT number) FROM decisions WHERE id IN (${list})`, ...ids)).toBe(12);
    // Twelve numbers taken, not one more: nothing was signed twice.
    expect(count(core, 'SELECT COALESCE(SUM(last), 0) FROM decision_numbers')).toBe(numbersBefore + 12);
    expect(count(core, 'SELECT count(*) FROM mass_decisions WHERE id = ?', m.id)).toBe(1);
    expect(count(core, "SELECT count(*) FROM jobs WHERE kind = 'fees.mass' AND subject = ?", `mass_decision:${m.id}`)).toBe(1);
  });
});
