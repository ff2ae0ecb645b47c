// UUIDv7 (RFC 9562): time-ordered ids generated on the workstation, so rows created offline never collide.
import { createHash, randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function uuidv7(nowMs: number = Date.now()): string {
  // A 12-bit counter in rand_a keeps ids monotonic within one millisecond.
  if (nowMs <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
    nowMs = lastMs;
  } else {
    lastMs = nowMs;
    counter = 0;
  }
  const b = randomBytes(16);
  const ms = BigInt(nowMs);
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = 0x70 | ((counter >> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A name-based id (UUID version 8 from SHA-256) for rows installed from resources/ on every workstation alike:
 * the copies installed on different workstations and in the central database are then one and the same row.
 */
export function referenceId(...parts: (string | number | null)[]): string {
  const b = createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u001f')).digest().subarray(0, 16);
  b[6] = 0x80 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
