// Changing the Suomi.fi Messages REST API password before it expires, safely across crashes: the new password
// is written down as 'pending' first; then the service is asked to change to it; then it becomes 'current'. A
// rotation interrupted after the service changed the password finds the pending one working and just promotes
// it; one interrupted before that simply tries again with the same pending password.
import { AppError } from '../../../shared/contract/errors';
import { msg } from '../../../shared/messages';
import { addDays, helsinkiDate } from '../../../shared/domain/dates';
import type { SuomifiSettings } from '../../../shared/contract/delivery-schemas';
import type { Db } from '../db/connection';
import { SuomifiError, type SuomifiClient } from './client';
import { generatePassword, passwords } from './settings';

/** The day the current password is changed: its validity less the days before (null without a password). */
export function rotationDueOn(db: Db, s: SuomifiSettings): string | null {
  const p = passwords(db).current();
  if (!p) return null;
  const since = helsinkiDate(new Date(p.activatedAt ?? p.createdAt));
  return addDays(since, s.passwordValidDays - s.rotateDaysBefore);
}

export type RotationOutcome = 'rotated' | 'recovered';

/**
 * Rotates the password. 'recovered': an earlier rotation had changed it at the service already (its answer
 * was lost), and the pending password is now the current one.
 */
export async function rotatePassword(db: Db, client: SuomifiClient, now: () => Date, generate: () => string = generatePassword): Promise<RotationOutcome> {
  const store = passwords(db);
  const current = store.current();
  if (!current) throw new AppError('INVALID_STATE', msg('suomifi.noPasswordToRotate'));
  let pending = store.pending();
  if (pending) {
    try {
      await client.tokenWith(pending.password);
      store.promotePending(now());
      client.resetToken();
      return 'recovered';
    } catch (e) {
      if (!(e instanceof SuomifiError) || (e.kind !== 'auth' && e.kind !== 'expiredPassword')) throw e;
      // Not in use at the service yet: it is offered again below.
    }
  } else pending = store.putPending(generate(), now());
  try {
    await client.changePassword(current.password, pending.password);
  } catch (e) {
    // The answer may have been lost after the service changed the password: the pending one tells.
    if (e instanceof SuomifiError && e.kind === 'transient') {
      try {
        await client.tokenWith(pending.password);
        store.promotePending(now());
        client.resetToken();
        return 'rotated';
      } catch {
        /* the original failure is the one to report */
      }
    }
    throw e;
  }
  store.promotePending(now());
  client.resetToken();
  return 'rotated';
}
