import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { findResourcesDir } from '../../electron/core/core';
import { seedDemo } from '../../electron/core/seed/demo';
import { parseHetu } from '../../shared/domain/hetu';
import { ageOn } from '../../shared/domain/hetu';
import { TODAY, tempDir } from '../support/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function cli(...args: string[]) {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'electron/cli/index.ts'), ...args, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}` },
  });
  return { code: r.status, json: JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as Record<string, unknown> };
}

function seedInto(file: string, seed = 7) {
  const db = openDatabase(file);
  const r = seedDemo(db, { clients: 600, intakeItems: 3000, today: TODAY, seed, resourcesDir: findResourcesDir() });
  db.close();
  return r;
}

const digest = (file: string, sql: string) => {
  const db = openDatabase(file);
  const h = crypto.createHash('sha256').update(JSON.stringify(db.prepare(sql).raw(true).all())).digest('hex');
  db.close();
  return h;
};

describe('demo data', () => {
  it('is deterministic for a seed and realistic', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.sqlite');
    const b = path.join(dir, 'b.sqlite');
    expect(seedInto(a)).toEqual(seedInto(b));
    for (const sql of ['SELECT * FROM clients ORDER BY id', 'SELECT * FROM intake_items ORDER BY id', 'SELECT id, username FROM users ORDER BY id']) {
      expect(digest(a, sql)).toBe(digest(b, sql));
    }
    const db = openDatabase(a);
    const clients = db.prepare('SELECT hetu, birth_date, language, address_protected, spouse_id FROM clients').all() as {
      hetu: string;
      birth_date: string;
      language: string;
      address_protected: number;
      spouse_id: string | null;
    }[];
    expect(clients).toHaveLength(600);
    for (const c of clients) {
      const h = parseHetu(c.hetu);
      expect(h.valid && h.temporary && h.birthDate === c.birth_date).toBe(true);
      const age = ageOn(c.birth_date, TODAY);
      expect(age).toBeGreaterThanOrEqual(65);
      expect(age).toBeLessThanOrEqual(101);
    }
    const share = (pred: (c: (typeof clients)[number]) => boolean) => clients.filter(pred).length / clients.length;
    expect(share((c) => c.address_protected === 1)).toBeGreaterThan(0.02);
    expect(share((c) => c.address_protected === 1)).toBeLessThan(0.09);
    expect(share((c) => c.language === 'sv')).toBeGreaterThan(0.05);
    expect(share((c) => c.spouse_id !== null)).toBeGreaterThan(0.15);
    const years = db.prepare("SELECT count(DISTINCT substr(contact_date, 1, 4)) FROM intake_items").pluck().get() as number;
    expect(years).toBeGreaterThanOrEqual(5);
    // Every decision falls under the county (1.1.2023 on), so the letter texts cover it and a letter can be made.
    expect(db.prepare("SELECT min(decided_on) FROM decisions").pluck().get()).toMatch(/^202[3-6]-/);
    // Spouses point at each other.
    expect(db.prepare('SELECT count(*) FROM clients c JOIN clients s ON s.id = c.spouse_id WHERE s.spouse_id IS NOT c.id').pluck().get()).toBe(0);
    db.close();
  });
});

describe('demo data on any day of the month', () => {
  // Issue 16: on the 1st–20th of a month an interruption drawn after "today" was clamped to end today, before it
  // began, and the first start crashed on the CHECK (to_date >= from_date).
  it.each(['2026-12-01', '2026-12-02', '2026-12-03', '2027-01-15', '2027-03-01'])('seeds a county on %s', (today) => {
    const db = openDatabase(path.join(tempDir(), 'x.sqlite'));
    seedDemo(db, { clients: 300, intakeItems: 600, today, seed: 7, resourcesDir: findResourcesDir() });
    expect(db.prepare('SELECT count(*) FROM absences WHERE to_date < from_date OR from_date > ?').pluck().get(today)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM absences').pluck().get()).toBeGreaterThan(0);
    db.close();
  });
});

describe('CLI', () => {
  it('checks henkilötunnus with JSON output and exit codes', () => {
    expect(cli('hetu', '131052-308T')).toEqual({ code: 0, json: { valid: true, birthDate: '1952-10-13', reason: null } });
    const bad = cli('hetu', '131052-308U');
    expect(bad.code).toBe(1);
    expect(bad.json).toMatchObject({ valid: false, birthDate: null, reason: expect.stringContaining('Tarkistemerkki') });
    expect(cli('hetu').code).toBe(2);
    expect(cli('frobnicate')).toMatchObject({ code: 2, json: { error: { code: 'USAGE' } } });
  });

  it('seeds a database and refuses to seed twice, or into a foreign file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cli.sqlite');
    const r = cli('seed', '--clients', '300', '--db', file, '--today', TODAY);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ clients: 300, intakeItems: 1500 });
    expect(typeof r.json.seconds).toBe('number');
    const again = cli('seed', '--clients', '300', '--db', file);
    expect(again.code).not.toBe(0);
    expect(again.json).toMatchObject({ error: { code: 'CONFLICT' } });
    const foreign = path.join(dir, 'foreign.txt');
    fs.writeFileSync(foreign, 'plain text, not a database\n'.repeat(100));
    const bad = cli('seed', '--clients', '300', '--db', foreign);
    expect(bad.json).toMatchObject({ error: { code: 'DATABASE' } });
    expect(fs.readFileSync(foreign, 'utf8')).toBe('plain text, not a database\n'.repeat(100));
    expect(cli('seed', '--clients', 'many', '--db', file).code).toBe(2);
  });

  it('runs on the Node the app ships with', () => {
    const v = execFileSync(path.join(root, 'node_modules/.bin/node'), ['--version'], { encoding: 'utf8' });
    expect(Number(v.slice(1).split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
