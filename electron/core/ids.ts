// UUIDv7 (RFC 9562): time-ordered ids generated on the workstation, so rows created offline never collide.
import { createHash, randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// Random bytes are drawn 4 KiB at a time: one system call per 256 ids instead of one per id (bulk jobs such as a
// fee recalculation create tens of thousands of rows in one go).
const POOL = 4096;
const pool = Buffer.alloc(POOL);
let poolAt = POOL;

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
  if (poolAt + 16 > POOL) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  // 48-bit big-endian milliseconds (exact in a double: below 2^53).
  const high = Math.floor(nowMs / 0x1_0000_0000);
  const low = nowMs % 0x1_0000_0000;
  b.writeUInt16BE(high & 0xffff, 0);
  b.writeUInt32BE(low >>> 0, 2);
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
