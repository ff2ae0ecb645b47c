// Files Luotsi writes hold personal data (the database and its WAL, letter batches, print PDFs, invoice material)
// or secrets (the signing certificate): readable and writable by the user running Luotsi only. New files are
// created 0600 and folders Luotsi creates 0700 (SQLite gives the -wal and -shm files the database file's mode).
// A folder the administrator chose that exists already keeps its mode; what Luotsi puts into it does not.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Sets a file's mode to owner-only when it is ours to change (a file of another owner is left as it is). */
export function makePrivate(file: string, mode = PRIVATE_FILE): void {
  try {
    if ((fs.statSync(file).mode & 0o777) !== mode) fs.chmodSync(file, mode);
  } catch {
    // Missing or not ours: nothing to do (Windows ignores POSIX modes anyway).
  }
}

/** Creates a folder (and its missing parents) readable by the user only; an existing folder is left as it is. */
export function ensurePrivateDir(dir: string): void {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs)) return;
  ensurePrivateDir(path.dirname(abs));
  try {
    fs.mkdirSync(abs, { mode: PRIVATE_DIR });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Writes a file readable by the user only, atomically (a temporary file renamed over it). */
export function writePrivateFile(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, data, { mode: PRIVATE_FILE });
  makePrivate(tmp);
  fs.renameSync(tmp, file);
}

/** A write stream of a new file readable by the user only. */
export function privateWriteStream(file: string): fs.WriteStream {
  const s = fs.createWriteStream(file, { mode: PRIVATE_FILE });
  s.once('open', () => makePrivate(file));
  return s;
}

/** Opens (creates or truncates) a file readable by the user only, for writing by descriptor. */
export function openPrivate(file: string): number {
  const fd = fs.openSync(file, 'w', PRIVATE_FILE);
  fs.fchmodSync(fd, PRIVATE_FILE);
  return fd;
}
