// Decision letters end to end on a real SQLite file, checked with poppler and qpdf: content, PDF/A metadata,
// signatures (also with ä/ö in the signer's name), turvakielto, Swedish letters, batches, failures and a batch
// killed midway and resumed.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { createDemoCertificate, loadSigningCertificate } from '../../electron/core/letters/certificate';
import { runBatch, createBatch } from '../../electron/core/letters/batch';
import type { DeliveryChannel } from '../../electron/core/letters/delivery';
import { findUserByUsername, toUser } from '../../electron/core/auth/queries';
import type { SignedInContext } from '../../electron/core/context';
import type { Envelope } from '../../shared/contract/errors';
import { connect, count, seededCore, tempDir, TODAY } from '../support/core';

const run = (cmd: string, args: string[]) => {
  try {
    return { out: execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return { out: `${err.stdout}${err.stderr}`, code: err.status };
  }
};
const pdftotext = (file: string) => run('pdftotext', ['-layout', file, '-']).out;

let core: Core;
let dir: string;
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const ctxOf = (username: string): SignedInContext => {
  const user = toUser(findUserByUsername(core.db, username)!);
  return { ...core, session: { user }, user };
};
const letterOf = (decisionId: string) => core.db.prepare('SELECT * FROM letters WHERE decision_id = ?').get(decisionId) as { bytes: Buffer; sha256: string; pages: number; delivery: string; recipient: string } | undefined;
const signedIds = () => core.db.prepare("SELECT id FROM decisions WHERE status = 'signed' ORDER BY number").pluck().all() as string[];

beforeAll(() => {
  dir = tempDir('luotsi-letters-');
  core = seededCore({ clients: 800, intakeItems: 4000, dir });
});
afterAll(() => core.close());

describe('signing certificate', () => {
  it('signs so that pdfsig validates a subject with Finnish letters, and a tampered copy fails', async () => {
    const p12 = write('ph.p12', createDemoCertificate({ commonName: 'Päijät-Hämeen hyvinvointialue', organization: 'Päijät-Hämeen hyvinvointialue', validFrom: new Date('2026-01-01'), validTo: new Date('2027-12-31'), passphrase: 'Äänekoski-1' }));
    const cert = loadSigningCertificate(p12, 'Äänekoski-1', new Date('2026-11-23T10:00:00Z'));
    expect(cert.commonName).toBe('Päijät-Hämeen hyvinvointialue');
    const { makeLetter } = await import('../../electron/core/letters/letter');
    const { letterModelLoader, loadLetterResources } = await import('../../electron/core/letters/model');
    const { letterSettings } = await import('../../electron/core/letters/settings');
    const settings = letterSettings(core.db);
    const model = letterModelLoader(core.db, settings)(signedIds()[0]!, TODAY);
    const made = await makeLetter(model, loadLetterResources(core.resourcesDir), settings.window, new Date(), cert);
    const file = write('ph.pdf', made.bytes);
    const sig = run('pdfsig', [file]).out;
    expect(sig).toContain('Signer Certificate Common Name: Päijät-Hämeen hyvinvointialue');
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('ETSI.CAdES.detached');
    expect(run('qpdf', ['--check', file]).code).toBe(0);

    // One byte changed inside the signed range (in the first page's text stream).
    const tampered = Buffer.from(made.bytes);
    const at = tampered.indexOf('stream') + 40;
    tampered[at] = tampered[at]! ^ 0xff;
    expect(run('pdfsig', [write('tampered.pdf', tampered)]).out).not.toContain('Signature is Valid');
  });

  it('refuses a wrong passphrase, an expired certificate and a missing file with Finnish messages', () => {
    const p12 = write('old.p12', createDemoCertificate({ commonName: 'Testi', organization: 'Testi', validFrom: new Date('2020-01-01'), validTo: new Date('2025-12-31'), passphrase: 'oikea' }));
    expect(() => loadSigningCertificate(p12, 'väärä', new Date())).toThrow(/salasana on väärä/);
    expect(() => loadSigningCertificate(p12, 'oikea', new Date('2026-11-23T10:00:00Z'))).toThrow(/vanhentunut 31\.12\.2025/);
    expect(() => loadSigningCertificate(path.join(dir, 'nope.p12'), 'x', new Date())).toThrow(/ei löydy/);
  });
});

describe('letters and a sending batch through the contract', () => {
  let batchDecisions: string[];
  let protectedContact: string;
  let protectedManual: string;
  let swedish: string;
  let missingAddress: string;

  beforeAll(async () => {
    const ids = signedIds();
    expect(ids.length).toBeGreaterThan(8);
    const clientOf = (id: string) => core.db.prepare('SELECT client_id FROM decisions WHERE id = ?').pluck().get(id) as string;
    // Arrange the cases the issue names on real decisions.
    [protectedContact, protectedManual, swedish, missingAddress] = ids as [string, string, string, string];
    core.db.prepare("UPDATE clients SET address_protected = 1, street_address = 'Salainenkatu 13', postal_code = '00990', post_office = 'Helsinki', contact_street = 'PL 77', contact_postal_code = '02101', contact_post_office = 'Espoo' WHERE id = ?").run(clientOf(protectedContact));
    core.db.prepare("UPDATE clients SET address_protected = 1, street_address = 'Piilokuja 5', postal_code = '00991', post_office = 'Helsinki', contact_street = NULL, contact_postal_code = NULL, contact_post_office = NULL WHERE id = ?").run(clientOf(protectedManual));
    const plain = "address_protected = 0, street_address = COALESCE(street_address, 'Testitie 1'), postal_code = COALESCE(postal_code, '02100'), post_office = COALESCE(post_office, 'Espoo')";
    core.db.prepare(`UPDATE clients SET language = 'sv', ${plain} WHERE id = ?`).run(clientOf(swedish));
    for (const id of ids.slice(4, 8)) core.db.prepare(`UPDATE clients SET ${plain} WHERE id = ?`).run(clientOf(id));
    core.db.prepare('UPDATE clients SET address_protected = 0, street_address = NULL, contact_street = NULL WHERE id = ?').run(clientOf(missingAddress));
    batchDecisions = ids.slice(0, 8);
  });

  it('lists the sending queue without ever exposing a protected register postcode', async () => {
    const w = connect(core);
    await w.signIn('sihteeri');
    const ready = await w.ok('letters.ready', {});
    const byId = new Map(ready.map((r) => [r.decisionId, r]));
    expect(byId.get(protectedContact)).toMatchObject({ addressProtected: true, delivery: 'print', postalCode: '02101' });
    expect(byId.get(protectedManual)).toMatchObject({ addressProtected: true, delivery: 'manual', postalCode: null });
    expect(byId.get(missingAddress)).toMatchObject({ delivery: 'missing' });
  });

  it('previews an unsigned letter without storing anything', async () => {
    const w = connect(core);
    await w.signIn('sihteeri');
    const before = count(core, 'SELECT count(*) FROM letters');
    const p = await w.ok('letters.preview', { decisionId: swedish });
    expect(p.stored).toBe(false);
    expect(count(core, 'SELECT count(*) FROM letters')).toBe(before);
    const text = pdftotext(write('preview-sv.pdf', Buffer.from(p.pdfBase64, 'base64')));
    expect(text).toContain('BESLUT');
  });

  it("marks a draft's preview as a draft (no signature line) and words a concern report as no application, in Finnish and Swedish", async () => {
    const w = connect(core);
    await w.signIn('sihteeri');
    const draft = core.db
      .prepare("SELECT d.id FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.status IN ('draft','proposed') AND d.kind <> 'fee' AND c.language = 'fi' LIMIT 1")
      .pluck()
      .get() as string;
    expect(draft).toBeTruthy();
    const p = await w.ok('letters.preview', { decisionId: draft });
    expect(p).toMatchObject({ stored: false, draft: true });
    const draftPdf = write('draft.pdf', Buffer.from(p.pdfBase64, 'base64'));
    const text = pdftotext(draftPdf);
    expect(text).toContain('LUONNOS');
    expect(text).toContain('Luonnos – päätöstä ei ole tehty eikä allekirjoitettu');
    expect(text).not.toContain('Sähköisesti allekirjoitettu');
    expect(text).toContain('Päätösnumero luonnos');
    // A draft is not decided: no decision date (it printed today's), in Finnish and in Swedish.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Päätöspäivä – (luonnos, ei vielä päätetty)');
    expect(flat).not.toMatch(/Päätöspäivä \d/);
    const draftClient = core.db.prepare('SELECT client_id FROM decisions WHERE id = ?').pluck().get(draft) as string;
    core.db.prepare("UPDATE clients SET language = 'sv' WHERE id = ?").run(draftClient);
    try {
      const svDraft = await w.ok('letters.preview', { decisionId: draft });
      const svText = pdftotext(write('draft-sv.pdf', Buffer.from(svDraft.pdfBase64, 'base64'))).replace(/\s+/g, ' ');
      expect(svText).toContain('UTKAST');
      expect(svText).toContain('Beslutsdatum – (utkast, ännu inte fattat)');
      expect(svText).not.toMatch(/Beslutsdatum \d/);
    } finally {
      core.db.prepare("UPDATE clients SET language = 'fi' WHERE id = ?").run(draftClient);
    }
    // A signed decision's preview is no draft.
    const signedPreview = await w.ok('letters.preview', { decisionId: batchDecisions[5]! });
    expect(signedPreview.draft).toBe(false);
    expect(pdftotext(write('signed-preview.pdf', Buffer.from(signedPreview.pdfBase64, 'base64')))).toContain('Sähköisesti allekirjoitettu');

    // A refusal of a matter that came pending by a concern report: "Asia … vireille huoli-ilmoituksella", never "Hakemus".
    const concern = core.db
      .prepare(
        `SELECT d.id, d.client_id FROM decisions d JOIN intake_items i ON i.id = d.intake_item_id
         WHERE i.type = 'concern_report' AND d.kind <> 'fee' AND d.applied_service IS NOT NULL AND d.applied_on IS NOT NULL AND d.status IN ('draft','proposed','signed') LIMIT 1`,
      )
      .get() as { id: string; client_id: string };
    expect(concern).toBeTruthy();
    const outcome = core.db.prepare('SELECT outcome FROM decisions WHERE id = ?').pluck().get(concern.id) as string;
    core.db.prepare("UPDATE decisions SET outcome = 'refusal' WHERE id = ?").run(concern.id);
    const plain = "address_protected = 0, street_address = COALESCE(street_address, 'Testitie 1'), postal_code = COALESCE(postal_code, '02100'), post_office = COALESCE(post_office, 'Espoo')";
    try {
      for (const lang of ['fi', 'sv'] as const) {
        core.db.prepare(`UPDATE clients SET language = ?, ${plain} WHERE id = ?`).run(lang, concern.client_id);
        const c = await w.ok('letters.preview', { decisionId: concern.id });
        const t = pdftotext(write(`concern-${lang}.pdf`, Buffer.from(c.pdfBase64, 'base64'))).replace(/\s+/g, ' ');
        if (lang === 'fi') {
          expect(t).toMatch(/Asia .+, vireille huoli-ilmoituksella \d{1,2}\.\d{1,2}\.\d{4}/);
          expect(t).toContain('Teille ei myönnetä asiassa arvioitua palvelua.');
          expect(t).not.toMatch(/Hakemu/);
        } else {
          expect(t).toMatch(/Ärende .+, inlett genom en orosanmälan \d{1,2}\.\d{1,2}\.\d{4}/);
          expect(t).toContain('Ni beviljas inte den service som bedömts i ärendet.');
          expect(t).not.toMatch(/[Aa]nsökan/);
        }
      }
    } finally {
      core.db.prepare('UPDATE decisions SET outcome = ? WHERE id = ?').run(outcome, concern.id);
    }

    // A fee decision is made ex officio: its service is "Palvelu", not an application.
    const fee = core.db
      .prepare("SELECT d.id FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.kind = 'fee' AND d.applied_service IS NOT NULL AND d.intake_item_id IS NULL AND c.language = 'fi' AND c.street_address IS NOT NULL AND c.address_protected = 0 LIMIT 1")
      .pluck()
      .get() as string | undefined;
    if (fee) {
      const f = await w.ok('letters.preview', { decisionId: fee });
      const ft = pdftotext(write('fee.pdf', Buffer.from(f.pdfBase64, 'base64'))).replace(/\s+/g, ' ');
      expect(ft).toMatch(/Palvelu \S/);
      expect(ft).not.toMatch(/Hakemu/);
    }
  });

  it('makes, signs, packages and sends a batch; turvakielto and missing addresses are handled', async () => {
    const w = connect(core);
    await w.signIn('sihteeri');
    const started = await w.ok('letters.createBatch', { decisionIds: batchDecisions });
    expect(started.running).toBe(true);
    let b = started;
    for (let i = 0; i < 600 && b.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      b = (await w.ok('letters.batches', {})).find((x) => x.id === started.id)!;
    }
    expect(b).toMatchObject({ status: 'completed', total: 8, done: 6, manual: 1, failed: 1, letters: 6, sentOn: TODAY });

    // Sent: the six printed letters; not sent: the manual one and the one without an address.
    const status = (id: string) => core.db.prepare('SELECT status, sent_on, appeal_last_day, notified_on FROM decisions WHERE id = ?').get(id) as { status: string; sent_on: string; appeal_last_day: string; notified_on: string };
    expect(status(protectedContact)).toMatchObject({ status: 'sent', sent_on: TODAY, notified_on: '2026-11-30', appeal_last_day: '2026-12-30' });
    expect(status(protectedManual).status).toBe('signed');
    expect(status(missingAddress).status).toBe('signed');
    const items = await w.ok('letters.batchItems', { batchId: b.id });
    const failed = items.find((i) => i.decisionId === missingAddress)!;
    expect(failed.status).toBe('failed');
    // The failed row is the letter's own row in the batch; its error names the letter and says why it has no route.
    expect(failed.error).toBe(`Kirjeelle päätöksestä ${failed.number} (${failed.clientName}) ei ole toimitustapaa: osoite puuttuu eikä asiakkaalla ole Suomi.fi-postilaatikkoa.`);
    expect(failed.number).toMatch(/^\d+\/\d{4}$/);
    // The batch was planned as a job: its id came with the answer, and the job ended with the batch.
    expect(started.jobId).toMatch(/^[0-9a-f-]{36}$/);
    // Its letters were made in a worker thread, off the thread that answers the windows.
    expect(await w.ok('jobs.get', { jobId: started.jobId! })).toMatchObject({ kind: 'letters.batch', subject: `send_batch:${b.id}`, status: 'completed', done: 8, total: 8, result: { letters: 6, renderedIn: 'worker' } });

    // Stored letters: bytes and hash agree; content as the issue lists; never the protected address.
    for (const id of batchDecisions.filter((d) => d !== missingAddress)) {
      const l = letterOf(id)!;
      expect(l.sha256).toBe(crypto.createHash('sha256').update(l.bytes).digest('hex'));
    }
    const d = await w.ok('decisions.get', { decisionId: protectedContact });
    const fiFile = write('protected.pdf', letterOf(protectedContact)!.bytes);
    const fiText = pdftotext(fiFile);
    expect(fiText).toContain(`Päätösnumero ${d.number}`);
    expect(fiText).toContain(d.clientName);
    expect(fiText).toContain('PL 77');
    expect(fiText).toContain('02101 ESPOO');
    expect(fiText).not.toMatch(/Salainenkatu|00990/);
    expect(fiText).toContain('OIKAISUVAATIMUSOHJE');
    expect(fiText).toContain('30 päivän kuluessa');
    expect(fiText).toMatch(/Sähköisesti allekirjoitettu \d+\.\d+\.2026/);
    expect(fiText).toMatch(/Sivu 1 \/ 2[\s\S]*Sivu 2 \/ 2/);
    expect(d.decisionMaker && fiText.includes(d.decisionMaker.name)).toBe(true);
    expect(run('pdfinfo', [fiFile]).out).toMatch(/Pages:\s+2\b/);
    const info = run('pdfinfo', ['-meta', fiFile]).out;
    expect(info).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(info).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(run('pdffonts', [fiFile]).out).not.toMatch(/\bno\s+(yes|no)\s+(yes|no)\s+\d/);
    expect(run('pdfsig', [fiFile]).out).toContain('Signature is Valid');
    expect(run('qpdf', ['--check', fiFile]).code).toBe(0);
    const manual = letterOf(protectedManual)!;
    expect(manual.delivery).toBe('manual');
    expect(pdftotext(write('manual.pdf', manual.bytes))).not.toMatch(/Piilokuja|00991/);

    const svText = pdftotext(write('sv.pdf', letterOf(swedish)!.bytes));
    expect(svText).toContain('BESLUT');
    expect(svText).toContain('ANVISNING OM BEGÄRAN OM OMPRÖVNING');
    expect(svText).toMatch(/Sida 1 \/ 2/);
    expect(svText).not.toContain('OIKAISUVAATIMUSOHJE');

    // The ZIP: six signed letters, the print PDF with all their pages, the manifest in mailing order.
    const unz = path.join(dir, 'unz');
    fs.mkdirSync(unz);
    expect(run('unzip', ['-q', b.zipPath!, '-d', unz]).code).toBe(0);
    const files = fs.readdirSync(path.join(unz, 'kirjeet'));
    expect(files).toHaveLength(6);
    const manifest = fs.readFileSync(path.join(unz, 'manifest.xml'), 'utf8');
    expect(manifest).toContain('xmlns="urn:itella.com:/schema/ipost/letterbundle/v1x0"');
    expect(run('xmllint', ['--noout', path.join(unz, 'manifest.xml')]).code).toBe(0);
    expect(manifest).not.toMatch(/Salainenkatu|Piilokuja/);
    const postcodes = [...manifest.matchAll(/postalCode="(\d{5})"/g)].map((m) => m[1]!);
    expect(postcodes).toEqual([...postcodes].sort());
    const pages = [...manifest.matchAll(/<Letter [^>]*pages="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(run('pdfinfo', [path.join(unz, 'tulostus.pdf')]).out).toMatch(new RegExp(`Pages:\\s+${pages}\\b`));
    expect(run('qpdf', ['--check', path.join(unz, 'tulostus.pdf')]).code).toBe(0);
    for (const f of files) expect(run('pdfsig', [path.join(unz, 'kirjeet', f)]).out).toContain('Signature is Valid');
  });

  it('never changes a stored letter', () => {
    const id = core.db.prepare('SELECT id FROM letters LIMIT 1').pluck().get() as string;
    expect(() => core.db.prepare("UPDATE letters SET sha256 = '0' WHERE id = ?").run(id)).toThrow(/immutable/);
    expect(() => core.db.prepare('DELETE FROM letters WHERE id = ?').run(id)).toThrow(/immutable/);
  });

  it('refuses a decision that is not ready and a batch with a wrong passphrase, writing nothing', async () => {
    const w = connect(core);
    await w.signIn('sihteeri');
    const sent = core.db.prepare("SELECT id FROM decisions WHERE status = 'sent' LIMIT 1").pluck().get() as string;
    const before = count(core, 'SELECT count(*) FROM send_batches');
    const e1 = (await w.call('letters.createBatch', { decisionIds: [sent] })) as Envelope<unknown>;
    expect(e1.ok).toBe(false);
    if (!e1.ok) expect(e1.error.message).toMatch(/^Päätös \d+\/\d{4} \(.+\) ei ole allekirjoitettu ja lähettämätön\.$/);
    const raw = core.db.prepare("SELECT value FROM settings WHERE key = 'letters'").pluck().get() as string;
    core.db.prepare("UPDATE settings SET value = ? WHERE key = 'letters'").run(JSON.stringify({ ...JSON.parse(raw), certificatePassphrase: 'väärä' }));
    const e2 = (await w.call('letters.createBatch', { decisionIds: 'ALL_READY' })) as Envelope<unknown>;
    core.db.prepare("UPDATE settings SET value = ? WHERE key = 'letters'").run(raw);
    expect(e2.ok).toBe(false);
    if (!e2.ok) expect(e2.error.message).toMatch(/salasana on väärä/);
    expect(count(core, 'SELECT count(*) FROM send_batches')).toBe(before);
  });

  it('a full disk during packaging fails the batch clearly, marks nothing sent, and the batch resumes', async () => {
    const ctx = ctxOf('sihteeri');
    const w = connect(core);
    await w.signIn('sihteeri');
    const ids = (await w.ok('letters.ready', {})).filter((r) => r.delivery === 'print').slice(0, 3).map((r) => r.decisionId);
    const b = createBatch(ctx, { decisionIds: ids, outDir: path.join(dir, 'out-full') });
    const full: DeliveryChannel = {
      kind: 'ekirje',
      deliver: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    await expect(runBatch(ctx, b.id, { delivery: full })).rejects.toThrow(/Levy on täynnä/);
    const failed = ctx.db.prepare('SELECT status, error FROM send_batches WHERE id = ?').get(b.id) as { status: string; error: string };
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Levy on täynnä/);
    expect(count(core, `SELECT count(*) FROM decisions WHERE status = 'sent' AND id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(0);
    const lettersBefore = count(core, 'SELECT count(*) FROM letters');
    const done = await runBatch(ctx, b.id);
    expect(done.status).toBe('completed');
    expect(count(core, 'SELECT count(*) FROM letters')).toBe(lettersBefore);
    expect(count(core, `SELECT count(*) FROM decisions WHERE status = 'sent' AND id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(3);
  });
});

describe('a batch on the job runner', () => {
  it('is cancelled through its job: the job and the batch end cancelled, nothing is marked sent', async () => {
    const w = connect(core);
    await w.signIn('sihteeri');
    const ids = (await w.ok('letters.ready', {})).filter((r) => r.delivery === 'print').slice(0, 12).map((r) => r.decisionId);
    expect(ids.length).toBeGreaterThan(1);
    const started = await w.ok('letters.createBatch', { decisionIds: ids });
    expect(started).toMatchObject({ status: 'running', running: true, total: ids.length });
    const cancelled = await w.ok('letters.cancelBatch', { batchId: started.id });
    expect(cancelled.id).toBe(started.id);
    const job = await core.jobs.waitFor(started.jobId!);
    expect(job.status).toBe('cancelled');
    const b = (await w.ok('letters.batches', {})).find((x) => x.id === started.id)!;
    expect(b).toMatchObject({ status: 'cancelled', running: false, jobId: started.jobId });
    expect(count(core, `SELECT count(*) FROM decisions WHERE status = 'sent' AND id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(0);
    expect(count(core, "SELECT count(*) FROM send_batch_items WHERE batch_id = ? AND status NOT IN ('cancelled')", started.id)).toBe(0);
    // The cancelled batch is over: it cannot be resumed, and its decisions can go into a new batch.
    expect(((await w.call('letters.resumeBatch', { batchId: started.id })) as Envelope<unknown>).ok).toBe(false);
    expect((await w.ok('letters.ready', {})).filter((r) => ids.includes(r.decisionId))).toHaveLength(ids.length);
  });
});

describe('a batch whose process died', () => {
  it('is taken over by a live runner (as at the next start) and finished, each letter once', async () => {
    const ctx = ctxOf('sihteeri');
    const ids = (await (async () => {
      const w = connect(core);
      await w.signIn('sihteeri');
      return w.ok('letters.ready', {});
    })()).filter((r) => r.delivery === 'print').slice(0, 4).map((r) => r.decisionId);
    expect(ids.length).toBeGreaterThan(1);
    // A process that has ended: its pid holds the job's lease, as after a kill -9 in the middle of the batch.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const b = ctx.db.transaction(() => {
      const made = createBatch(ctx, { decisionIds: ids, outDir: path.join(dir, 'out-takeover') });
      ctx.db
        .prepare("UPDATE jobs SET status = 'running', attempts = 1, lease_owner = 'gone', lease_pid = ?, lease_until = ?, run_at = NULL WHERE id = ?")
        .run(dead.pid, new Date(Date.now() + 60_000).toISOString(), made.jobId);
      return made;
    })();
    expect(b.running).toBe(true);
    core.jobs.wake();
    const job = await core.jobs.waitFor(b.jobId!);
    expect(job.status).toBe('completed');
    expect(job.attempts).toBe(2);
    const after = ctx.db.prepare('SELECT status, letters FROM send_batches WHERE id = ?').get(b.id);
    expect(after).toEqual({ status: 'completed', letters: ids.length });
    expect(count(core, `SELECT count(*) FROM letters WHERE decision_id IN (${ids.map(() => '?').join(',')})`, ...ids)).toBe(ids.length);
  });
});

describe('the kinds of background job a role sees', () => {
  it('lists the letter batch with the roles it allows to the secretary, and not to a guidance worker', async () => {
    const sihteeri = connect(core);
    await sihteeri.signIn('sihteeri');
    const kinds = await sihteeri.ok('jobs.kinds', {});
    expect(kinds.find((k) => k.kind === 'letters.batch')).toEqual({ kind: 'letters.batch', roles: ['client_secretary', 'service_manager', 'admin'], cancellable: true });
    const ohjaaja = connect(core);
    await ohjaaja.signIn('ohjaaja');
    expect((await ohjaaja.ok('jobs.kinds', {})).map((k) => k.kind)).not.toContain('letters.batch');
    expect((await ohjaaja.ok('jobs.list', {})).filter((j) => j.kind === 'letters.batch')).toEqual([]);
  });
});

describe('a batch killed midway', () => {
  it('resumes to exactly the expected letters, each once, every decision sent once', async () => {
    const killDir = tempDir('luotsi-kill-');
    const dbPath = path.join(killDir, 'luotsi.sqlite');
    const seedCore = seededCore({ clients: 1500, intakeItems: 6000, dir: killDir });
    const expected = new Set(
      (seedCore.db.prepare("SELECT id FROM decisions WHERE status = 'signed'").pluck().all() as string[]),
    );
    const sentBefore = seedCore.db.prepare("SELECT count(*) FROM decisions WHERE status = 'sent'").pluck().get() as number;
    seedCore.close();
    expect(expected.size).toBeGreaterThan(20);
    const out = path.join(killDir, 'out');
    const cli = (extra: string[] = []) =>
      spawn(process.execPath, ['--import', 'tsx', path.resolve('electron/cli/index.ts'), 'letters', 'batch', '--db', dbPath, '--decisions', 'ALL_READY', '--out', out, '--user', 'sihteeri', '--today', TODAY, '--json', ...extra], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LUOTSI_PASSWORD: 'demo' },
      });
    const child = cli();
    // Kill it once some letters are stored but long before the end.
    const { default: Database } = await import('better-sqlite3');
    const watch = new Database(dbPath, { readonly: true, fileMustExist: true });
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50));
      let n = 0;
      try {
        n = watch.prepare('SELECT count(*) FROM letters').pluck().get() as number;
      } catch {
        n = 0;
      }
      if (n >= 5) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const atKill = watch.prepare('SELECT count(*) FROM letters').pluck().get() as number;
    expect(atKill).toBeGreaterThanOrEqual(5);
    expect(atKill).toBeLessThan(expected.size);
    expect(watch.prepare("SELECT count(*) FROM decisions WHERE status = 'sent'").pluck().get()).toBe(sentBefore);
    watch.close();

    // The rerun gives another folder (the first one filled up): the batch carries on and packages there.
    const out2 = path.join(killDir, 'out-moved');
    const again = cli(['--out', out2]);
    let stdout = '';
    again.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise((r) => again.on('exit', r));
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { letters: number; resumed: boolean; zip: string; manual: number; failed: number; batchId: string; jobId: string; movedFrom: string };
    expect(result.resumed).toBe(true);
    expect(result.movedFrom).toBe(out);
    expect(path.dirname(result.zip)).toBe(out2);
    expect(fs.existsSync(result.zip)).toBe(true);

    const db = new Database(dbPath, { readonly: true });
    const letters = db.prepare('SELECT decision_id FROM letters').pluck().all() as string[];
    expect(new Set(letters).size).toBe(letters.length);
    expect(new Set(letters)).toEqual(new Set([...expected].filter((id) => letters.includes(id))));
    const items = db.prepare('SELECT count(*) FROM send_batch_items').pluck().get() as number;
    expect(letters.length + result.failed).toBe(items);
    // "All ready" leaves out what no route can carry (it would only fail again): those still wait, unbatched.
    const unbatched = db.prepare("SELECT count(*) FROM decisions d WHERE d.status = 'signed' AND NOT EXISTS (SELECT 1 FROM send_batch_items i WHERE i.decision_id = d.id)").pluck().get() as number;
    expect(items + unbatched).toBe(expected.size);
    expect(db.prepare('SELECT count(*) FROM send_batches').pluck().get()).toBe(1);
    expect(db.prepare('SELECT out_dir FROM send_batches').pluck().get()).toBe(out2);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'letters.batchOutDir'").pluck().get()).toBe(1);
    // One job carried the batch through the kill, and it ended completed.
    expect(db.prepare('SELECT kind, subject, status FROM jobs WHERE id = ?').get(result.jobId)).toEqual({ kind: 'letters.batch', subject: `send_batch:${result.batchId}`, status: 'completed' });
    expect(db.prepare("SELECT count(*) FROM jobs WHERE kind = 'letters.batch'").pluck().get()).toBe(1);
    const sends = db.prepare("SELECT entity_id, count(*) AS n FROM audit_log WHERE action = 'decision.send' AND details LIKE '%batchId%' GROUP BY entity_id").all() as { n: number }[];
    expect(sends.every((s) => s.n === 1)).toBe(true);
    expect(sends.length).toBe(result.letters);
    db.close();

    // Run again after it completed: nothing new is sendable (a hand-delivery letter waits to be handed over);
    // it says so and writes no batch, job or letter.
    for (let i = 0; i < 2; i++) {
      const rerun = cli();
      let out3 = '';
      rerun.stdout.on('data', (d) => (out3 += d));
      expect(await new Promise((r) => rerun.on('exit', r))).toBe(0);
      const r3 = JSON.parse(out3) as { nothingNew: boolean; batchId: string | null; message: string };
      expect(r3).toMatchObject({ nothingNew: true, batchId: null });
      expect(r3.message).toMatch(/^Ei uusia lähetettäviä päätöksiä, joten mitään ei kirjoitettu\. Käsin luovutusta odottavia kirjeitä: [1-9]\d*\./);
    }
    const after = new Database(dbPath, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM send_batches').pluck().get()).toBe(1);
    expect(after.prepare("SELECT count(*) FROM jobs WHERE kind = 'letters.batch'").pluck().get()).toBe(1);
    expect(after.prepare('SELECT count(*) FROM letters').pluck().get()).toBe(letters.length);
    after.close();
    const manifest = run('unzip', ['-p', result.zip, 'manifest.xml']).out;
    expect([...manifest.matchAll(/<Letter /g)]).toHaveLength(result.letters);
  });
});
