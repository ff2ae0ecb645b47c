import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase } from '../../electron/core/db/connection';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { AppError } from '../../shared/contract/errors';
import { tempDir } from '../support/core';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectRefused(file: string, message: RegExp) {
  const before = sha(file);
  let error: unknown;
  try {
    openDatabase(file).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('DATABASE');
  expect((error as AppError).message).toMatch(message);
  expect(sha(file)).toBe(before);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
}

describe('local database', () => {
  it('creates a migrated Luotsi database in WAL mode with foreign keys on', () => {
    const file = path.join(tempDir(), 'sub', 'new.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(() => db.prepare("INSERT INTO user_areas (user_id, area_id) VALUES ('x', 'y')").run()).toThrow(/FOREIGN KEY/);
    db.close();
    // Reopening applies nothing twice.
    openDatabase(file).close();
  });

  it('refuses a foreign SQLite database and leaves it untouched', () => {
    const file = path.join(tempDir(), 'foreign.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'hello\');');
    other.close();
    expectRefused(file, /jonkin muun ohjelman/);
  });

  it('refuses a corrupt file and leaves it untouched', () => {
    const file = path.join(tempDir(), 'corrupt.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('this is not a database at all '), crypto.randomBytes(8192)]));
    expectRefused(file, /ei ole SQLite-tietokanta|vioittunut/);
  });

  it('refuses a database from a newer version of the app', () => {
    const file = path.join(tempDir(), 'future.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('journal_mode = DELETE');
    raw.close();
    expectRefused(file, /uudempi kuin tämän sovelluksen/);
  });

  it('refuses a folder and a missing file when creation is off', () => {
    const dir = tempDir();
    expect(() => openDatabase(dir)).toThrow(/kansio/);
    expect(() => openDatabase(path.join(dir, 'missing.sqlite'), { create: false })).toThrow(/tiedostoa ei ole/);
  });

  it('folds Finnish letters in ulower()', () => {
    const db = openDatabase(':memory:');
    expect(db.prepare("SELECT ulower('ÄIJÄLÄ Öster Åberg') AS v").pluck().get()).toBe('äijälä öster åberg');
    db.close();
  });
});
