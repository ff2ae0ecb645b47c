// Suomi.fi Messages settings of this workstation (settings row 'suomifi'), its secrets (the REST API password
// with its rotation, the printing service's password) and the client built from them. Secrets are kept in
// their own tables, never in the settings row that the UI reads, and never returned to a window.
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';
import { msg } from '../../../shared/messages';
import { suomifiSettingsBase, type SuomifiSettings } from '../../../shared/contract/delivery-schemas';
import type { Db } from '../db/connection';
import { letterSettings, readLetterSettings } from '../letters/settings';
import { SuomifiClient } from './client';

const KEY = 'suomifi';

/** Defaults for a new configuration: the production API, paper by the county's own print batch. */
export function defaultSuomifiSettings(db: Db): SuomifiSettings {
  const l = readLetterSettings(db);
  return {
    enabled: false,
    apiUrl: 'https://api.messages.suomi.fi',
    serviceId: '',
    username: '',
    paperService: { enabled: false, username: '', contactEmail: l?.sender.email ?? '' },
    paperSender: { name: l ? `${l.sender.countyNameFi}, ${l.sender.unitFi}` : '', street: l?.sender.street ?? '', postalCode: l?.sender.postalCode ?? '', city: l?.sender.city ?? '' },
    visibility: 'Normal',
    maxAttachmentMb: 10,
    passwordValidDays: 180,
    rotateDaysBefore: 14,
    pollMinutes: 15,
  };
}

export function readSuomifiSettings(db: Db): SuomifiSettings | null {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!raw) return null;
  const parsed = suomifiSettingsBase.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

export function writeSuomifiSettings(db: Db, s: SuomifiSettings): void {
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(KEY, JSON.stringify(suomifiSettingsBase.parse(s)));
}

/** Whether letters go to Suomi.fi on this workstation, and with Suomi.fi's paper part. */
export function suomifiAvailability(db: Db): { enabled: boolean; paperService: boolean } {
  const s = readSuomifiSettings(db);
  const ok = !!s?.enabled && passwords(db).current() !== null;
  return { enabled: ok, paperService: ok && !!s?.paperService.enabled && secret(db, 'printing.password') !== null };
}

// ---- Secrets -----------------------------------------------------------------------------------------------

export function secret(db: Db, name: string): string | null {
  return (db.prepare('SELECT value FROM suomifi_secrets WHERE name = ?').pluck().get(name) as string | undefined) ?? null;
}

export function setSecret(db: Db, name: string, value: string, now: Date): void {
  db.prepare('INSERT INTO suomifi_secrets (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
    name,
    value,
    now.toISOString(),
  );
}

export interface StoredPassword {
  version: number;
  password: string;
  createdAt: string;
  activatedAt: string | null;
}

/**
 * The REST API password: 'current' is the one in use; 'pending' is a new one written down before the service is
 * asked to change to it, so that a crash between the two never leaves the workstation without the password
 * the service now expects.
 */
export function passwords(db: Db) {
  const get = (label: 'current' | 'pending') =>
    (db.prepare('SELECT version, password, created_at AS createdAt, activated_at AS activatedAt FROM suomifi_passwords WHERE label = ?').get(label) as StoredPassword | undefined) ?? null;
  const nextVersion = () => ((db.prepare('SELECT max(version) FROM suomifi_passwords').pluck().get() as number | null) ?? 0) + 1;
  return {
    current: () => get('current'),
    pending: () => get('pending'),
    /** A password the administrator gives: in use at once, any pending one forgotten. */
    setCurrent(password: string, now: Date): void {
      db.transaction(() => {
        db.prepare("DELETE FROM suomifi_passwords WHERE label IN ('current','pending') OR label IS NULL").run();
        db.prepare("INSERT INTO suomifi_passwords (version, label, password, created_at, activated_at) VALUES (?, 'current', ?, ?, ?)").run(nextVersion(), password, now.toISOString(), now.toISOString());
      })();
    },
    putPending(password: string, now: Date): StoredPassword {
      return db.transaction(() => {
        db.prepare("DELETE FROM suomifi_passwords WHERE label = 'pending'").run();
        const version = nextVersion();
        db.prepare("INSERT INTO suomifi_passwords (version, label, password, created_at) VALUES (?, 'pending', ?, ?)").run(version, password, now.toISOString());
        return { version, password, createdAt: now.toISOString(), activatedAt: null };
      })();
    },
    /** The pending password became the one in use; the old one is forgotten. */
    promotePending(now: Date): void {
      db.transaction(() => {
        const p = get('pending');
        if (!p) return;
        db.prepare("DELETE FROM suomifi_passwords WHERE label = 'current'").run();
        db.prepare("UPDATE suomifi_passwords SET label = 'current', activated_at = ? WHERE version = ?").run(now.toISOString(), p.version);
      })();
    },
  };
}

/** A password the service accepts: 32 characters with digits, lower and upper case letters and symbols. */
export function generatePassword(length = 32): string {
  const sets = ['0123456789', 'abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '!#$~'];
  const all = sets.join('');
  const pick = (s: string) => s[crypto.randomInt(s.length)]!;
  const chars = [...sets.map(pick), ...Array.from({ length: length - sets.length }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** The settings in use; a clear message when Suomi.fi Messages is not configured. */
export function requireSuomifiSettings(db: Db): SuomifiSettings {
  const s = readSuomifiSettings(db);
  if (!s || !s.enabled) throw new AppError('INVALID_STATE', msg('suomifi.notInUse'));
  if (!passwords(db).current()) throw new AppError('INVALID_STATE', msg('suomifi.noPassword'));
  return s;
}

export function suomifiClient(db: Db, opts: { signal?: AbortSignal; timeoutMs?: number; settings?: SuomifiSettings } = {}): SuomifiClient {
  const s = opts.settings ?? requireSuomifiSettings(db);
  const store = passwords(db);
  return new SuomifiClient(
    { apiUrl: s.apiUrl, username: s.username, timeoutMs: opts.timeoutMs },
    {
      password: () => {
        const p = store.current();
        if (!p) throw new AppError('INVALID_STATE', msg('suomifi.noPassword'));
        return p.password;
      },
      signal: opts.signal,
    },
  );
}

/** The sender's county name for message texts, from the letter settings. */
export function senderNames(db: Db): { fi: string; sv: string; unitFi: string; unitSv: string; phone: string; email: string } {
  const l = letterSettings(db).sender;
  return { fi: l.countyNameFi, sv: l.countyNameSv, unitFi: l.unitFi, unitSv: l.unitSv, phone: l.phone, email: l.email };
}
