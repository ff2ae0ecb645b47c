// The intake item's life (saapuneen asian tila): new → assigned → assessment → decision → closed, and
// forwarded (to another authority) or cancelled from any open state. Every transition is checked against
// this table before anything is written.
import type { IntakeStatus } from './intake';
import { msg, type Message } from '../messages';

export const INTAKE_TRANSITIONS: Readonly<Record<IntakeStatus, readonly IntakeStatus[]>> = {
  new: ['assigned', 'forwarded', 'cancelled'],
  assigned: ['assessment', 'forwarded', 'cancelled'],
  assessment: ['decision', 'closed', 'forwarded', 'cancelled'],
  decision: ['closed', 'assessment'],
  closed: [],
  forwarded: [],
  cancelled: [],
};

export function canTransitionIntake(from: IntakeStatus, to: IntakeStatus): boolean {
  return INTAKE_TRANSITIONS[from].includes(to);
}

/** A state's name in a message (intakeStatus.* in shared/messages). */
export const intakeStatusName = (s: IntakeStatus): Message => ({ key: `intakeStatus.${s}` });

/** Why a transition is refused, by key. */
export function intakeTransitionError(from: IntakeStatus, to: IntakeStatus): Message {
  if (INTAKE_TRANSITIONS[from].length === 0) return msg('intake.final', { status: intakeStatusName(from) });
  return msg('intake.transition', { from: intakeStatusName(from), to: intakeStatusName(to), allowed: INTAKE_TRANSITIONS[from].map(intakeStatusName) });
}
