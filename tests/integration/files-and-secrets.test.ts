// Files Luotsi writes are readable by the user only, and the signing certificate's passphrase is never stored in
// plain text: sealed under the workstation key (a key file 0600 by default, a phrase the administrator gives, or
// the OS keychain in Electron). Tried on real files: the database and its WAL, a sending batch's ZIP and print
// PDF, invoice material, the demo certificate, the key file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { runMonth } from '../../electron/core/invoicing/run';
import { writeRunMaterial } from '../../electron/core/invoicing/material';
import { keyFileOf } from '../../electron/core/secrets';
import { letterSettings } from '../../electron/core/letters/settings';
import { connect, tempDir, TODAY } from '../support/core';

const mode = (f: string) => fs.statSync(f).mode & 0o777;
/** Every file and folder under a folder, with its mode. */
function walk(dir: string): { file: string; mode: number; dir: boolean }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? [{ file: p, mode: mode(p), dir: true }, ...walk(p)] : [{ file: p, mode: mode(p), dir: false }];
  });
}

let root = '';
let dataDir = '';
let core: Core;

beforeAll(() => {
  root = tempDir('luotsi-files-');
  dataDir = path.join(root, 'data'); // created by Luotsi
  core = openCore({ dbPath: path.join(dataDir, 'luotsi.sqlite'), clock: fixedDateClock(TODAY), seedIfEmpty: { clients: 300, intakeItems: 1000 } });
});
afterAll(() => core.close());

describe('files Luotsi writes', () => {
  it('are readable by the user only: database, WAL, key file, demo certificate and the folder', () => {
    expect(mode(dataDir)).toBe(0o700);
    const files = walk(dataDir).filter((f) => !f.dir);
    expect(files.map((f) => path.basename(f.file)).sort()).toEqual(expect.arrayContaining(['luotsi.sqlite', 'luotsi.sqlite-wal', 'luotsi.sqlite-shm', 'luotsi-secret.key', 'luotsi-demo-signing.p12']));
    for (const f of files) expect(f.mode, f.file).toBe(0o600);
  });

  it('narrow an older database created 0644 when it is opened again', () => {
    const dir = tempDir('luotsi-files-old-');
    const file = path.join(dir, 'old.sqlite');
    openCore({ dbPath: file, clock: fixedDateClock(TODAY) }).close();
    fs.chmodSync(file, 0o644);
    openCore({ dbPath: file, clock: fixedDateClock(TODAY) }).close();
    expect(mode(file)).toBe(0o600);
  });

  it('a sending batch writes its ZIP and print PDF 0600 in a folder 0700', async () => {
    const s = connect(core);
    await s.signIn('sihteeri');
    const ids = core.db.prepare("SELECT id FROM decisions WHERE status = 'signed' LIMIT 3").pluck().all() as string[];
    const started = await s.ok('letters.createBatch', { decisionIds: ids });
    let batch = started;
    for (let i = 0; i < 600 && batch.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      batch = (await s.ok('letters.batches', {})).find((b) => b.id === started.id)!;
      expect(batch.status).not.toBe('failed');
    }
    expect(batch.status).toBe('completed');
    const outDir = path.dirname(batch.zipPath!);
    expect(mode(outDir)).toBe(0o700);
    const written = walk(outDir).filter((f) => !f.dir);
    expect(written.map((f) => path.extname(f.file)).sort()).toEqual(['.pdf', '.zip']);
    for (const f of written) expect(f.mode, f.file).toBe(0o600);
    // Printing (Electron's app.printPdf asks the core first): only a completed batch's print file, and recorded.
    const printFile = batch.zipPath!.replace(/\.zip$/, '-tulostus.pdf');
    const prints = core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'letters.print'").pluck().get() as number;
    expect(await s.ok('app.printPdf', { path: printFile })).toEqual({ printed: false });
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'letters.print'").pluck().get()).toBe(prints + 1);
    for (const p of ['/etc/passwd', path.join(outDir, 'x-tulostus.pdf'), `${printFile}/../${path.basename(printFile)}`]) {
      const e = (await s.call('app.printPdf', { path: p })) as { ok: boolean; error?: { code: string; key?: string } };
      expect(e, p).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'notFound.printFile' } });
    }
  }, 120_000);

  it('invoice material (Finvoice and paper invoices) is written 0600 in folders 0700', async () => {
    const id = core.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string;
    const run = await runMonth({ db: core.db, clock: core.clock, audit: core.audit, userId: id }, '2026-10');
    const out = path.join(root, 'laskutus');
    await writeRunMaterial(core.db, run.runId, out, core.resourcesDir, core.clock.now(), { pdf: true });
    const all = walk(out);
    expect(all.filter((f) => !f.dir).length).toBeGreaterThan(1);
    for (const f of all) expect(f.mode, f.file).toBe(f.dir ? 0o700 : 0o600);
  }, 180_000);
});

describe('the certificate passphrase at rest', () => {
  const stored = (c: Core) => JSON.parse(c.db.prepare("SELECT value FROM settings WHERE key = 'letters'").pluck().get() as string) as { certificatePassphrase: string; certificatePath: string };

  it('is stored sealed, never in plain text in the database or its WAL, and still signs', async () => {
    const s = stored(core);
    expect(s.certificatePassphrase).toMatch(/^sealed:v1:/);
    const plain = letterSettings(core.db).certificatePassphrase;
    expect(plain.length).toBeGreaterThan(10);
    for (const f of ['luotsi.sqlite', 'luotsi.sqlite-wal']) expect(fs.readFileSync(path.join(dataDir, f)).includes(Buffer.from(plain))).toBe(false);
    const admin = connect(core);
    await admin.signIn('paakayttaja');
    const view = await admin.ok('letters.settings', {});
    expect(view.certificate).not.toBeNull();
    expect(view.certificateError).toBeNull();
    expect(JSON.stringify(view)).not.toContain(plain);
  });

  it('a passphrase stored in plain text by an earlier version is sealed when the database opens', () => {
    const dir = tempDir('luotsi-secret-legacy-');
    const file = path.join(dir, 'l.sqlite');
    const a = openCore({ dbPath: file, clock: fixedDateClock(TODAY), seedIfEmpty: { clients: 100, intakeItems: 200 } });
    const plain = letterSettings(a.db).certificatePassphrase;
    a.db.prepare("UPDATE settings SET value = json_set(value, '$.certificatePassphrase', ?) WHERE key = 'letters'").run(plain);
    a.close();
    const b = openCore({ dbPath: file, clock: fixedDateClock(TODAY) });
    try {
      expect(stored(b).certificatePassphrase).toMatch(/^sealed:v1:/);
      expect(letterSettings(b.db).certificatePassphrase).toBe(plain);
    } finally {
      b.close();
    }
  });

  it('with a key the administrator gives: a wrong one stops the start, the right one opens, no key file is made', () => {
    const dir = tempDir('luotsi-secret-phrase-');
    const file = path.join(dir, 'p.sqlite');
    const open = (phrase: string) => openCore({ dbPath: file, clock: fixedDateClock(TODAY), seedIfEmpty: { clients: 100, intakeItems: 200 }, secretKey: { kind: 'phrase', phrase } });
    const a = open('Pitkä ja salainen lause 2026');
    const plain = letterSettings(a.db).certificatePassphrase;
    a.close();
    expect(fs.existsSync(keyFileOf(file))).toBe(false);
    expect(() => open('väärä lause')).toThrow(/salausavain ei avaa/);
    const b = open('Pitkä ja salainen lause 2026');
    try {
      expect(letterSettings(b.db).certificatePassphrase).toBe(plain);
    } finally {
      b.close();
    }
  });

  it('moves from the key file to the OS keychain (Electron) by sealing again; a keychain that lost its key still starts', () => {
    const dir = tempDir('luotsi-secret-keychain-');
    const file = path.join(dir, 'e.sqlite');
    const a = openCore({ dbPath: file, clock: fixedDateClock(TODAY), seedIfEmpty: { clients: 100, intakeItems: 200 } });
    const plain = letterSettings(a.db).certificatePassphrase;
    const underFile = stored(a).certificatePassphrase;
    a.close();
    const keychain = { kind: 'keychain' as const, key: crypto.randomBytes(32) };
    const b = openCore({ dbPath: file, clock: fixedDateClock(TODAY), secretKey: keychain });
    try {
      expect(letterSettings(b.db).certificatePassphrase).toBe(plain);
      expect(stored(b).certificatePassphrase).toMatch(/^sealed:v1:/);
      expect(stored(b).certificatePassphrase).not.toBe(underFile);
    } finally {
      b.close();
    }
    // Sealed under the keychain's key now: the key file alone no longer opens it.
    fs.rmSync(keyFileOf(file));
    const c = openCore({ dbPath: file, clock: fixedDateClock(TODAY), secretKey: keychain });
    try {
      expect(letterSettings(c.db).certificatePassphrase).toBe(plain);
    } finally {
      c.close();
    }
    // A new OS profile (another keychain key): the workstation starts, the passphrase must be entered again.
    const d = openCore({ dbPath: file, clock: fixedDateClock(TODAY), secretKey: { kind: 'keychain', key: crypto.randomBytes(32) } });
    try {
      expect(letterSettings(d.db).certificatePassphrase).toBe('');
    } finally {
      d.close();
    }
    // A raw key the administrator gives that does not match stops the start.
    expect(() => openCore({ dbPath: file, clock: fixedDateClock(TODAY), secretKey: { kind: 'key', key: crypto.randomBytes(32) } })).toThrow(/salausavain ei avaa/);
  });

  it('a lost key file leaves the passphrase unreadable (a clear certificate error), and entering it again works', async () => {
    const dir = tempDir('luotsi-secret-lost-');
    const file = path.join(dir, 'k.sqlite');
    const a = openCore({ dbPath: file, clock: fixedDateClock(TODAY), seedIfEmpty: { clients: 100, intakeItems: 200 } });
    const plain = letterSettings(a.db).certificatePassphrase;
    a.close();
    fs.rmSync(keyFileOf(file));
    const b = openCore({ dbPath: file, clock: fixedDateClock(TODAY) });
    try {
      const admin = connect(b);
      await admin.signIn('paakayttaja');
      const view = await admin.ok('letters.settings', {});
      expect(view.certificate).toBeNull();
      expect(view.certificateError).toMatch(/salasana|tunnuslause/i);
      const { hasPassphrase: _h, certificate: _c, certificateError: _e, ...input } = view;
      const saved = await admin.ok('letters.saveSettings', { ...input, certificatePassphrase: plain });
      expect(saved.certificateError).toBeNull();
      expect(mode(keyFileOf(file))).toBe(0o600);
    } finally {
      b.close();
    }
  });
});
