// Service decisions (palvelupäätös): outcomes, the status life and the delegation of decision power
// (delegointisääntö). A signed decision is never changed; a correction is a new decision that refers to it.
import { msg, type LocalText, type Message } from '../messages';
export const DECISION_OUTCOMES = ['grant', 'partial_grant', 'refusal', 'change', 'termination'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export const DECISION_STATUSES = ['draft', 'proposed', 'signed', 'sent'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export const PROVIDER_KINDS = ['own', 'purchased', 'voucher'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const SERVICE_UNITS = ['hours_month', 'visits_month', 'days_month', 'meals_month', 'continuous'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];

export const DECISION_TRANSITIONS: Readonly<Record<DecisionStatus, readonly DecisionStatus[]>> = {
  draft: ['proposed', 'signed'],
  proposed: ['draft', 'signed'],
  signed: ['sent'],
  sent: [],
};

/** A status's name in a message (decisionStatus.* in shared/messages). */
const statusName = (s: DecisionStatus): Message => ({ key: `decisionStatus.${s}` });

export function canTransitionDecision(from: DecisionStatus, to: DecisionStatus): boolean {
  return DECISION_TRANSITIONS[from].includes(to);
}

export function decisionTransitionError(from: DecisionStatus, to: DecisionStatus): Message {
  if (from === 'signed' && to === 'signed') return msg('decisions.alreadySigned');
  if (from === 'sent' && to === 'signed') return msg('decisions.alreadySignedSent');
  if (from === 'sent' && to === 'sent') return msg('decisions.alreadySent');
  if (to === 'sent') return msg('decisions.sendOnlySigned');
  return msg('decisions.transition', { from: statusName(from), to: statusName(to) });
}

/** Only drafts are edited; a proposed decision goes back to draft first, a signed one never changes. */
export function editError(status: DecisionStatus): Message | null {
  if (status === 'draft') return null;
  if (status === 'proposed') return msg('decisions.proposedNotEditable');
  return msg('decisions.signedNotEditable');
}

export interface DecisionLine {
  serviceCode: string;
  amount: number | null;
  startDate: string;
  endDate: string | null;
  providerKind: ProviderKind | null;
  voucherValueCents: number | null;
}

/** A problem of a decision's content: the field it concerns (as in the draft input: "lines.0.endDate") and why. */
export interface ContentProblem {
  path: string;
  key: string;
  params?: Message['params'];
}

/** Why the decision's content is not valid for its outcome, field by field; empty when it is. */
export function decisionContentErrors(outcome: DecisionOutcome, lines: readonly DecisionLine[], reasoningCount: number, freeText: string): ContentProblem[] {
  const errors: ContentProblem[] = [];
  const add = (path: string, m: Message) => errors.push({ path, ...m });
  if (outcome !== 'refusal' && lines.length === 0) add('lines', msg('decisions.needsService'));
  lines.forEach((l, i) => {
    const at = (f: string) => `lines.${i}.${f}`;
    if (l.endDate !== null && l.endDate < l.startDate) add(at('endDate'), msg('decisions.endBeforeStart', { end: l.endDate, start: l.startDate }));
    if (outcome === 'termination' && l.endDate === null) add(at('endDate'), msg('decisions.terminationNeedsEnd'));
    if (outcome !== 'refusal' && outcome !== 'termination') {
      if (l.providerKind === null) add(at('providerKind'), msg('decisions.chooseProviderKind'));
      if (l.providerKind === 'voucher' && (l.voucherValueCents === null || l.voucherValueCents <= 0)) add(at('voucherValueCents'), msg('decisions.voucherValue'));
    }
    if (l.providerKind !== 'voucher' && l.voucherValueCents !== null) add(at('voucherValueCents'), msg('decisions.voucherOnly'));
    if (l.amount !== null && (l.amount < 0 || !Number.isFinite(l.amount))) add(at('amount'), msg('field.notNegative'));
  });
  if (reasoningCount === 0 && freeText.trim() === '') add('reasoningFree', msg('decisions.needsReasoning'));
  return errors;
}

/** Who may decide what (delegointisääntö): a role, a service (or all), the outcomes and an amount limit. */
export interface DelegationRule {
  role: string;
  serviceCode: string | null;
  outcomes: readonly DecisionOutcome[];
  /** Upper limit of the granted amount in the service's unit; null = no limit. */
  maxAmount: number | null;
  validFrom: string;
  validTo: string | null;
  source: string;
}

/**
 * Null when a user of `role` may make this decision (the reason names no one: callers say whose power it is) on `onDate` under the rules, otherwise the reason.
 * Every line must be covered by a rule in force; a refusal without lines needs a rule for the applied service.
 */
export function delegationError(
  rules: readonly DelegationRule[],
  role: string,
  onDate: string,
  outcome: DecisionOutcome,
  lines: readonly Pick<DecisionLine, 'serviceCode' | 'amount'>[],
  appliedService: string | null,
  serviceName: (code: string) => LocalText | string,
): Message | null {
  const inForce = rules.filter((r) => r.role === role && r.validFrom <= onDate && (r.validTo === null || onDate <= r.validTo) && r.outcomes.includes(outcome));
  const targets = lines.length > 0 ? lines : appliedService ? [{ serviceCode: appliedService, amount: null }] : [];
  if (inForce.length === 0) return msg('decisions.noDelegation');
  for (const t of targets) {
    const covering = inForce.filter((r) => r.serviceCode === null || r.serviceCode === t.serviceCode);
    if (covering.length === 0) return msg('decisions.noDelegationService', { service: serviceName(t.serviceCode) });
    const limit = covering.some((r) => r.maxAmount === null) ? null : Math.max(...covering.map((r) => r.maxAmount!));
    if (limit !== null && t.amount !== null && t.amount > limit)
      return msg('decisions.delegationLimit', { service: serviceName(t.serviceCode), limit, amount: t.amount });
  }
  return null;
}
