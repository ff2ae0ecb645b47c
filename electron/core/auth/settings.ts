// The workstation's sign-in security settings, kept in its local settings (the administrator's, Asetukset ›
// Tietoturva): after how many idle minutes a session ends, and how long a locked user name stays locked.
import type { Db } from '../db/connection';

export interface SecuritySettings {
  /** A session with no use for this long is signed out, in the window and in the core (1–480). */
  idleMinutes: number;
  /** A locked user name opens by itself after this long; 0 = only the administrator opens it (0–1440). */
  lockoutMinutes: number;
}

export const DEFAULT_SECURITY: SecuritySettings = { idleMinutes: 15, lockoutMinutes: 30 };

const KEYS = { idleMinutes: 'security.idle_minutes', lockoutMinutes: 'security.lockout_minutes' } as const;

export function securitySettings(db: Db): SecuritySettings {
  const rows = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'security.%'").all() as { key: string; value: string }[];
  const get = (k: keyof SecuritySettings) => {
    const v = Number(rows.find((r) => r.key === KEYS[k])?.value);
    return Number.isInteger(v) ? v : DEFAULT_SECURITY[k];
  };
  return { idleMinutes: get('idleMinutes'), lockoutMinutes: get('lockoutMinutes') };
}

export function writeSecuritySettings(db: Db, s: SecuritySettings): void {
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const k of Object.keys(KEYS) as (keyof SecuritySettings)[]) put.run(KEYS[k], String(s[k]));
}
