// Secrets at rest (today: the signing certificate's passphrase) are never stored in plain text: they are sealed
// with AES-256-GCM under a workstation key, and only the sealed form is written to the database. The key comes,
// in this order, from
//   1. the host: Electron's main process keeps it in the operating system's keychain (safeStorage: DPAPI,
//      Keychain, libsecret/kwallet) and hands it to the core (electron/main/secret-key.ts);
//   2. the administrator at start: LUOTSI_SECRET_KEY, or typed at the browser host's --ask-key prompt (a phrase,
//      stretched with scrypt and a salt kept in the database);
//   3. a key file beside the database, created once and readable by the user only (<db>-secret.key, 0600).
// With 1 and 2 a copy of the database and its folder alone reveals nothing; with 3 the database copied without
// the key file reveals nothing. None of them protects against someone who already runs as the same OS user.
// A key the administrator gives (2) that does not open this workstation's secrets stops the start; a lost key
// file or keychain key only makes the passphrase unreadable, and the administrator enters it again (Asetukset ›
// Kirjeet). A database moved from the key file to the keychain has its secrets re-sealed at start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { msg } from '../../shared/messages';
import type { Db } from './db/connection';
import { PRIVATE_FILE } from './files';

const PREFIX = 'sealed:v1:';
const CHECK = 'luotsi-secrets';

/**
 * `key`: a raw key given by the administrator (LUOTSI_SECRET_KEY); `keychain`: the key Electron keeps in the OS
 * keychain; `phrase`: a phrase the administrator types or sets; `file`: the key file beside the database.
 */
export type KeySource = { kind: 'key'; key: Buffer } | { kind: 'keychain'; key: Buffer } | { kind: 'phrase'; phrase: string } | { kind: 'file' };

const keys = new WeakMap<Db, Buffer>();
/** The key file's key of a database that moved to the keychain: opens what was sealed before, until re-sealed. */
const previous = new WeakMap<Db, Buffer>();

function settingGet(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
}
function settingPut(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The key file of a database: beside it, readable by the user only. */
export function keyFileOf(dbPath: string): string {
  const abs = path.resolve(dbPath);
  return path.join(path.dirname(abs), `${path.basename(abs).replace(/\.[^.]*$/, '')}-secret.key`);
}

function keyFromFile(dbPath: string): Buffer {
  const file = keyFileOf(dbPath);
  try {
    const k = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (k.length === 32) return k;
  } catch {
    // created below
  }
  const k = crypto.randomBytes(32);
  fs.writeFileSync(file, `${k.toString('base64')}\n`, { mode: PRIVATE_FILE, flag: 'w' });
  fs.chmodSync(file, PRIVATE_FILE);
  return k;
}

function keyFromPhrase(db: Db, phrase: string): Buffer {
  let salt = settingGet(db, 'secrets.salt');
  if (!salt) {
    salt = crypto.randomBytes(16).toString('base64');
    settingPut(db, 'secrets.salt', salt);
  }
  return crypto.scryptSync(phrase.normalize('NFC'), Buffer.from(salt, 'base64'), 32, { N: 16384, r: 8, p: 1 });
}

/** The key source from the environment (LUOTSI_SECRET_KEY: 44 base64 characters of a key, or a phrase). */
export function keySourceFromEnv(env: NodeJS.ProcessEnv = process.env): KeySource | null {
  const v = env.LUOTSI_SECRET_KEY;
  if (!v) return null;
  const raw = /^[A-Za-z0-9+/]{43}=$/.test(v) ? Buffer.from(v, 'base64') : null;
  return raw?.length === 32 ? { kind: 'key', key: raw } : { kind: 'phrase', phrase: v };
}

export function seal(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `${PREFIX}${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

function unseal(key: Buffer, sealed: string): string | null {
  try {
    const b = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/**
 * Sets the workstation key of an opened database: checks it against the check value sealed under the key of
 * the first start (an explicit key that does not match stops the start), and records the check value once.
 */
export function installSecretKey(db: Db, dbPath: string, source: KeySource | null): void {
  const s = source ?? { kind: 'file' as const };
  const key = s.kind === 'key' || s.kind === 'keychain' ? s.key : s.kind === 'phrase' ? keyFromPhrase(db, s.phrase) : dbPath === ':memory:' ? crypto.randomBytes(32) : keyFromFile(dbPath);
  const check = settingGet(db, 'secrets.check');
  if (check && unseal(key, check) !== CHECK) {
    if (s.kind === 'key' || s.kind === 'phrase')
      throw new AppError('VALIDATION', msg('secrets.keyMismatch'));
    // A database first used with its key file (the browser host) and now with the keychain (Electron): the key
    // file still opens its secrets, which are re-sealed under the keychain's key at start (sealStoredSecrets).
    if (s.kind === 'keychain' && dbPath !== ':memory:' && fs.existsSync(keyFileOf(dbPath))) {
      const old = keyFromFile(dbPath);
      if (unseal(old, check) === CHECK) previous.set(db, old);
    }
    // Otherwise a lost key file, or a keychain that lost its key (a new OS profile): what was sealed with it is
    // lost too (the administrator enters the passphrase again); from now on the new key is used.
  }
  if (!check || unseal(key, check) !== CHECK) settingPut(db, 'secrets.check', seal(key, CHECK));
  keys.set(db, key);
}

function keyOf(db: Db): Buffer {
  if (!keys.has(db)) installSecretKey(db, db.name, null); // a database opened without openCore: its key file
  return keys.get(db)!;
}

/** Seals a secret for storing; an empty secret stays empty. */
export function sealSecret(db: Db, plain: string): string {
  return plain === '' ? '' : seal(keyOf(db), plain);
}

/** Opens a stored secret; a value stored before sealing existed is returned as it is (and sealed at next save). */
export function openSecret(db: Db, stored: string): string {
  if (!isSealed(stored)) return stored;
  const earlier = previous.get(db);
  const plain = unseal(keyOf(db), stored) ?? (earlier ? unseal(earlier, stored) : null);
  if (plain === null)
    throw new AppError('VALIDATION', msg('secrets.cannotOpen'));
  return plain;
}

/** A stored secret to seal again: in plain text (an earlier version), or sealed under the previous key. */
export function needsSealing(db: Db, stored: string): boolean {
  if (stored === '') return false;
  if (!isSealed(stored)) return true;
  return previous.has(db) && unseal(keyOf(db), stored) === null && unseal(previous.get(db)!, stored) !== null;
}
