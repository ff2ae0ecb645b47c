// Bad input on the command line (issue 16): every refusal is a clear Finnish error with its code and exit
// status, and writes nothing: no database file where none was, an empty file left empty, no run or audit row.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { findResourcesDir } from '../../electron/core/core';
import { seedDemo } from '../../electron/core/seed/demo';
import { tempDir } from '../support/core';
import { runCli } from '../../electron/cli/main';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface CliOutcome {
  code: number | null;
  error: { code: string; message: string } | null;
  json: Record<string, unknown> | null;
  stderr: string;
}

/** The CLI's entry in this process (fast); the same parsing, commands and error mapping as `npm run luotsi`. */
async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliOutcome> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let out = '';
  let err = '';
  try {
    const code = await runCli([...args, '--json'], { out: (t) => (out += t), err: (t) => (err += t) });
    const json = JSON.parse(out.trim().split('\n').pop() || 'null') as Record<string, unknown> | null;
    return { code, json, error: (json?.error as CliOutcome['error']) ?? null, stderr: err };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** The CLI as a user runs it: the project's Node through tsx, as a process. */
function cliProcess(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'electron/cli/index.ts'), ...args, '--json'], {
      env: { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}`, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const json = JSON.parse(out.trim().split('\n').pop() || 'null') as Record<string, unknown> | null;
      resolve({ code, json, error: (json?.error as CliOutcome['error']) ?? null, stderr: err });
    });
  });
}

let dir: string;
let county: string;
const missing = () => path.join(dir, `missing-${Math.random().toString(36).slice(2)}.sqlite`);
const siblings = (file: string) => ['', '-wal', '-shm'].filter((s) => fs.existsSync(file + s));

beforeAll(() => {
  dir = tempDir('luotsi-cli-bad-');
  county = path.join(dir, 'county.sqlite');
  const db = openDatabase(county);
  seedDemo(db, { clients: 60, intakeItems: 120, today: '2026-11-23', resourcesDir: findResourcesDir() });
  db.close();
});

describe('--today', () => {
  it('must be a real date within 2000–2100, for every command that takes it, and nothing is written', async () => {
    const bad = ['2026-02-30', '2026-13-01', '2026-1-5', 'huomenna', '1999-12-31', '2101-01-01', '9999-12-31'];
    const out = path.join(dir, 'out');
    const runs: { r: CliOutcome; today: string; file: string | null }[] = [];
    for (const today of bad) {
      const file = missing();
      runs.push({ r: await cli(['seed', '--clients', '50', '--db', file, '--today', today]), today, file });
      runs.push({ r: await cli(['letters', 'batch', '--db', county, '--decisions', 'ALL_READY', '--out', out, '--today', today]), today, file: null });
      runs.push({ r: await cli(['invoice', 'run', '--db', county, '--month', '2026-10', '--out', out, '--today', today]), today, file: null });
      runs.push({ r: await cli(['central', 'seed', '--url', 'postgres://127.0.0.1:1/luotsi', '--clients', '50', '--today', today]), today, file: null });
    }
    // As a process too, as users run it.
    runs.push({ r: await cliProcess(['seed', '--clients', '50', '--db', missing(), '--today', '2026-02-30']), today: '2026-02-30', file: null });
    for (const { r, today, file } of runs) {
      expect(r.code, `${today}: ${r.stderr}`).toBe(2);
      expect(r.error?.code).toBe('USAGE');
      expect(r.error?.message).toContain(`--today on annettava oikeana päivänä muodossa VVVV-KK-PP vuosilta 2000–2100, nyt "${today}"`);
      if (file) expect(siblings(file)).toEqual([]);
    }
    expect(fs.existsSync(out)).toBe(false);
    const db = openDatabase(county);
    expect(db.prepare('SELECT (SELECT count(*) FROM send_batches) + (SELECT count(*) FROM invoice_runs)').pluck().get()).toBe(0);
    db.close();
  });

  it('a demo county before its first day is refused clearly, and no file is left behind', async () => {
    const file = missing();
    const r = await cli(['seed', '--clients', '50', '--db', file, '--today', '2022-12-31']);
    expect(r.code).toBe(2);
    expect(r.error).toMatchObject({ code: 'VALIDATION' });
    expect(r.error?.message).toMatch(/Esittelyaineistoa ei voi luoda päivälle 31\.12\.2022: hyvinvointialue aloitti 1\.1\.2023.*Anna päiväksi 1\.1\.2024 tai myöhempi/);
    expect(siblings(file)).toEqual([]);
  });
});

describe('--db', () => {
  it('a missing or empty file is never turned into a database, except by seed', async () => {
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    for (const target of [missing(), empty]) {
      const out = path.join(dir, 'out-db');
      const letters = await cli(['letters', 'batch', '--db', target, '--decisions', 'ALL_READY', '--out', out]);
      const invoice = await cli(['invoice', 'run', '--db', target, '--month', '2026-10', '--out', out]);
      const fee = await cli(['fee', 'home-care', '--date', '2026-03-01', '--household', '1', '--gross-cents', '150000', '--hours', '10', '--db', target]);
      const seedZero = await cli(['seed', '--clients', '0', '--db', target]);
      for (const r of [letters, invoice, fee]) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.error?.message).toMatch(/^Tietokantaa .* ei ole.*Luo esittelytietokanta komennolla seed tai käynnistä sovellus/);
      }
      expect(seedZero.error).toMatchObject({ code: 'VALIDATION', message: 'Asiakkaiden määrän on oltava kokonaisluku 10–1 000 000.' });
      if (target === empty) {
        expect(siblings(empty)).toEqual(['']);
        expect(fs.statSync(empty).size).toBe(0);
      } else expect(siblings(target)).toEqual([]);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});

describe('invoice run --month', () => {
  it('refuses a month outside 2000–2100 before opening anything, and a month without fee parameters without leaving a run', async () => {
    const zero = await cliProcess(['invoice', 'run', '--db', county, '--month', '0000-01', '--out', path.join(dir, 'inv')]);
    const early = await cli(['invoice', 'run', '--db', county, '--month', '2023-05', '--out', path.join(dir, 'inv'), '--today', '2026-11-23', '--user', 'laskutus'], { LUOTSI_PASSWORD: 'demo' });
    expect(zero.code).toBe(2);
    expect(zero.error).toMatchObject({ code: 'USAGE', message: 'Anna kuukausi muodossa --month VVVV-KK vuosilta 2000–2100, nyt "0000-01".' });
    expect(early.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/Päivälle 2023-05-01 ei ole voimassa olevia asiakasmaksuparametreja/) });
    const db = openDatabase(county);
    expect(db.prepare('SELECT count(*) FROM invoice_runs').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'invoices.%'").pluck().get()).toBe(0);
    db.close();
  });
});

describe('deadline', () => {
  it('refuses year-9999 and impossible dates, and a date before the rules, in words', async () => {
    const arrange = await cli(['deadline', 'arrange', '--decided', '9999-12-31']);
    const appeal = await cli(['deadline', 'appeal', '--sent', '9999-12-31', '--channel', 'letter']);
    const assessment = await cliProcess(['deadline', 'assessment', '--contact', '9999-12-31']);
    const early = await cliProcess(['deadline', 'assessment', '--contact', '2010-06-01']);
    const leap = await cli(['deadline', 'arrange', '--decided', '2027-02-29']);
    for (const [r, name, value] of [
      [arrange, 'decided', '9999-12-31'],
      [appeal, 'sent', '9999-12-31'],
      [assessment, 'contact', '9999-12-31'],
      [leap, 'decided', '2027-02-29'],
    ] as const) {
      expect(r.code).toBe(2);
      expect(r.error).toEqual({ code: 'USAGE', message: `--${name} on annettava oikeana päivänä muodossa VVVV-KK-PP vuosilta 2000–2100, nyt "${value}".` });
    }
    expect(early.code).toBe(2);
    expect(early.error).toEqual({
      code: 'VALIDATION',
      message: 'Päivälle 1.6.2010 ei ole voimassa olevaa määräaikasääntöä (palvelutarpeen arvioinnin aloittaminen: säännöt 1.4.2015 alkaen).',
    });
    expect(early.stderr).toBe('');
  });
});

describe('sync and central', () => {
  it('refuses an address that is not a PostgreSQL URL before creating anything, with or without a password', async () => {
    const file = missing();
    const bare = await cli(['sync', '--db', file, '--url', 'not-a-url', '--user', 'ohjaaja'], { LUOTSI_SYNC_PASSWORD: undefined });
    const withPassword = await cli(['sync', '--db', file, '--url', 'not-a-url', '--user', 'ohjaaja'], { LUOTSI_SYNC_PASSWORD: 'demo' });
    const noPassword = await cli(['sync', '--db', file, '--url', 'postgres://127.0.0.1:1/luotsi', '--user', 'ohjaaja'], { LUOTSI_SYNC_PASSWORD: undefined, LUOTSI_PASSWORD: undefined });
    const garbage = await cliProcess(['central', 'migrate', '--url', 'garbage']);
    const unreachable = await cli(['central', 'migrate', '--url', 'postgres://owner@127.0.0.1:1/luotsi']);
    for (const r of [bare, withPassword, garbage]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.error?.code).toBe('USAGE');
      expect(r.error?.message).toMatch(/^--url ei ole PostgreSQL-tietokannan osoite \(muoto postgres:\/\/palvelin:portti\/tietokanta\), nyt "(not-a-url|garbage)"\.$/);
    }
    expect(noPassword.error).toEqual({ code: 'USAGE', message: 'Anna salasana ympäristömuuttujassa LUOTSI_SYNC_PASSWORD (tai LUOTSI_PASSWORD).' });
    // The administrator's command says what to check, not that work goes on locally.
    expect(unreachable.error?.code).toBe('DATABASE');
    expect(unreachable.error?.message).toMatch(/^Keskustietokantaan ei saada yhteyttä \(ECONNREFUSED\): tarkista palvelimen nimi ja portti\.$/);
    expect(siblings(file)).toEqual([]);
  });

  it('makes no workstation database when the central database cannot be reached', async () => {
    const file = missing();
    const r = await cli(['sync', '--db', file, '--url', 'postgres://127.0.0.1:1/luotsi', '--user', 'ohjaaja'], { LUOTSI_SYNC_PASSWORD: 'demo' });
    expect(r.code).toBe(1);
    expect(r.error).toEqual({ code: 'DATABASE', message: 'Keskustietokantaan ei saada yhteyttä. Työskentely jatkuu paikallisesti.' });
    expect(siblings(file)).toEqual([]);
  });
});
