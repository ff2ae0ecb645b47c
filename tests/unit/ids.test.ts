// UUIDv7 ids: RFC 9562 layout, the millisecond time in the first 48 bits, monotonic within a millisecond,
// unique across many (also past the random pool's refills); name-based ids are stable.
import { describe, expect, it } from 'vitest';
import { referenceId, uuidv7 } from '../../electron/core/ids';

describe('uuidv7', () => {
  it('has version 7, the RFC variant and the given millisecond time', () => {
    const ms = Date.UTC(2026, 10, 23, 10, 0, 0, 123) + 1_000_000; // later than anything generated before
    const id = uuidv7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts in creation order within one millisecond and never repeats over many pool refills', () => {
    const ms = Date.now() + 10_000_000;
    const ids = Array.from({ length: 3000 }, () => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const random = new Set(ids.map((id) => id.slice(19)));
    expect(random.size).toBe(ids.length);
  });
});

describe('referenceId', () => {
  it('is the same for the same parts and differs for others', () => {
    expect(referenceId('service', 'home_care')).toBe(referenceId('service', 'home_care'));
    expect(referenceId('service', 'home_care')).not.toBe(referenceId('service', 'meals'));
    expect(referenceId('a', 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
