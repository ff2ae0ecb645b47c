// Password hashing with scrypt (a memory-hard KDF). Format: scrypt$N$r$p$salt$hash, base64.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, KEY_LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A hash of no one's password with the parameters hashPassword uses: what an unknown name is checked against. */
const DUMMY = 'scrypt$16384$8$1$+zj9chklHcoSXuahZDt3Fw==$65x6Tb9NfoEGzHAN0CluC3W6j7RdFpNDwyULfThv5is=';

/** A stored hash is used only in this format and with sane costs (a hash from elsewhere cannot stall sign-in). */
function usableHash(stored: string | null): stored is string {
  const m = stored ? /^scrypt\$(\d+)\$(\d+)\$(\d+)\$[A-Za-z0-9+/=]{8,}\$[A-Za-z0-9+/=]{8,}$/.exec(stored) : null;
  // N·r·128 bytes must stay within scrypt's default memory limit (32 MiB).
  return !!m && Number(m[1]) >= 1024 && Number(m[2]) >= 1 && Number(m[1]) * Number(m[2]) <= 1 << 18 && Number(m[3]) >= 1 && Number(m[3]) <= 4;
}

/**
 * Checks a password against a stored hash. Without a usable hash (an unknown user name, a user without a
 * password on this workstation) the same key derivation runs against a dummy hash, so the answer takes as long
 * and the time never tells whether a name exists.
 */
export function verifyPassword(password: string, stored: string | null): boolean {
  if (!usableHash(stored)) {
    verifyAgainst(password, DUMMY);
    return false;
  }
  return verifyAgainst(password, stored);
}

function verifyAgainst(password: string, stored: string): boolean {
  const parts = stored.split('$');
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}
