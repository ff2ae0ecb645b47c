// The workstation key that seals stored secrets (core/secrets.ts), kept in the operating system's keychain with
// Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux): a random key, stored
// encrypted in the user data folder (0600), decrypted at start and handed to the core. Where safeStorage has no
// real keychain (Linux without a secret service: its 'basic_text' backend is a fixed key), null: the core then
// uses its key file readable by the user only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';

export function workstationKey(userDataDir: string): string | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  const file = path.join(userDataDir, 'luotsi-key.bin');
  if (fs.existsSync(file)) return safeStorage.decryptString(fs.readFileSync(file));
  const key = crypto.randomBytes(32).toString('base64');
  fs.mkdirSync(userDataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600 });
  return key;
}
