// Refusals of fee input as typed errors by key (shared/messages "fees.*"): the renderer words them in the user's
// language, the payload's `message` is the Finnish wording.
import { AppError } from '../../../shared/contract/errors';
import type { FeeMessage } from '../../../shared/domain/fees/messages';

/** A VALIDATION error by the refusal's key; with `path`, the same message is the field's issue. */
export function feeAppError(m: FeeMessage, path?: string): AppError {
  const message = m.params ? { key: m.key, params: m.params } : { key: m.key };
  return new AppError('VALIDATION', message, path === undefined ? undefined : [{ path, ...message }]);
}
