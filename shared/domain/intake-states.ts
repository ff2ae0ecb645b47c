// The intake item's life (saapuneen asian tila): new → assigned → assessment → decision → closed, and
// forwarded (to another authority) or cancelled from any open state. Every transition is checked against
// this table before anything is written.
import type { IntakeStatus } from './intake';

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

/** Finnish names used in refusal messages. */
export const INTAKE_STATUS_FI: Record<IntakeStatus, string> = {
  new: 'uusi',
  assigned: 'vastuutettu',
  assessment: 'arvioinnissa',
  decision: 'päätösvaiheessa',
  closed: 'suljettu',
  forwarded: 'siirretty',
  cancelled: 'peruttu',
};

export function intakeTransitionError(from: IntakeStatus, to: IntakeStatus): string {
  if (INTAKE_TRANSITIONS[from].length === 0) return `Asia on jo ${INTAKE_STATUS_FI[from]}, eikä sen tilaa voi enää muuttaa.`;
  return `Asiaa ei voi siirtää tilasta "${INTAKE_STATUS_FI[from]}" tilaan "${INTAKE_STATUS_FI[to]}". Sallitut: ${INTAKE_TRANSITIONS[from]
    .map((s) => `"${INTAKE_STATUS_FI[s]}"`)
    .join(', ')}.`;
}
