// Refusals of fee input by key (shared/messages, keys "fees.*"): each names the field and what is wrong, and the
// statute where the law draws the line. The core raises them as VALIDATION errors by key (the renderer words them
// in the user's language), the CLI prints the Finnish wording (or the Swedish one with --lang sv).
import { AppError } from '../../contract/errors';
import { formatMessage, type MessageKey, type MessageParams } from '../../messages';

/** The fee refusals of the catalogue, without their "fees." prefix. */
export type FeeErrorKey = MessageKey extends infer K ? (K extends `fees.${infer R}` ? R : never) : never;

/** A refusal by key, worded in both languages. */
export interface FeeMessage {
  key: `fees.${FeeErrorKey}`;
  params?: MessageParams;
  fi: string;
  sv: string;
}

export function feeError(key: FeeErrorKey, params?: MessageParams): FeeMessage {
  const k = `fees.${key}` as const;
  return params ? { key: k, params, fi: formatMessage('fi', k, params), sv: formatMessage('sv', k, params) } : { key: k, fi: formatMessage('fi', k), sv: formatMessage('sv', k) };
}

/**
 * Refused input, a VALIDATION error by key whose field issue names the field: `message` is the Finnish wording,
 * `sv` the Swedish one (the CLI's --lang sv), `fee` the refusal.
 */
export class FeeInputError extends AppError {
  readonly sv: string;
  readonly fee: FeeMessage;
  constructor(
    m: FeeMessage,
    readonly field: string,
  ) {
    const message = m.params ? { key: m.key, params: m.params } : { key: m.key };
    super('VALIDATION', message, [{ path: field, ...message }]);
    this.sv = m.sv;
    this.fee = m;
  }
}

/** A deduction's legal basis ("10 c § 1 mom 2 kohta") in both languages. */
export function basisText(basis: string): { fi: string; sv: string } {
  return { fi: basis, sv: basis.replace(/ mom\b/g, ' mom.').replace(/ kohta\b/g, ' punkten') };
}
