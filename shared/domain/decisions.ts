// Service decisions (palvelupäätös): outcomes, the status life and the delegation of decision power
// (delegointisääntö). A signed decision is never changed; a correction is a new decision that refers to it.
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

export const DECISION_STATUS_FI: Record<DecisionStatus, string> = { draft: 'luonnos', proposed: 'esitetty', signed: 'allekirjoitettu', sent: 'lähetetty' };

export function canTransitionDecision(from: DecisionStatus, to: DecisionStatus): boolean {
  return DECISION_TRANSITIONS[from].includes(to);
}

export function decisionTransitionError(from: DecisionStatus, to: DecisionStatus): string {
  if (from === 'signed' && to === 'signed') return 'Päätös on jo allekirjoitettu. Samaa päätöstä ei voi allekirjoittaa kahdesti.';
  if (from === 'sent' && to === 'signed') return 'Päätös on jo allekirjoitettu ja lähetetty.';
  if (from === 'sent' && to === 'sent') return 'Päätös on jo lähetetty.';
  return `Päätöstä ei voi siirtää tilasta "${DECISION_STATUS_FI[from]}" tilaan "${DECISION_STATUS_FI[to]}".`;
}

/** Only drafts are edited; a proposed decision goes back to draft first, a signed one never changes. */
export function editError(status: DecisionStatus): string | null {
  if (status === 'draft') return null;
  if (status === 'proposed') return 'Päätös on esitetty päätöksentekijälle. Palauta se luonnokseksi ennen muokkaamista.';
  return 'Allekirjoitettua päätöstä ei voi muuttaa. Tee oikaisu uutena päätöksenä, joka viittaa tähän päätökseen.';
}

export interface DecisionLine {
  serviceCode: string;
  amount: number | null;
  startDate: string;
  endDate: string | null;
  providerKind: ProviderKind | null;
  voucherValueCents: number | null;
}

/** Finnish reasons why the decision's content is not valid for its outcome; empty when it is. */
export function decisionContentErrors(outcome: DecisionOutcome, lines: readonly DecisionLine[], reasoningCount: number, freeText: string): string[] {
  const errors: string[] = [];
  if (outcome !== 'refusal' && lines.length === 0) errors.push('Lisää päätökseen vähintään yksi palvelu.');
  lines.forEach((l, i) => {
    const n = `Rivi ${i + 1}`;
    if (l.endDate !== null && l.endDate < l.startDate) errors.push(`${n}: päättymispäivä ${l.endDate} on ennen alkamispäivää ${l.startDate}.`);
    if (outcome === 'termination' && l.endDate === null) errors.push(`${n}: lakkauttamispäätöksessä palvelulle tarvitaan päättymispäivä.`);
    if (outcome !== 'refusal' && outcome !== 'termination') {
      if (l.providerKind === null) errors.push(`${n}: valitse tuottaja (oma, ostopalvelu tai palveluseteli).`);
      if (l.providerKind === 'voucher' && (l.voucherValueCents === null || l.voucherValueCents <= 0)) errors.push(`${n}: anna palvelusetelin arvo.`);
    }
    if (l.providerKind !== 'voucher' && l.voucherValueCents !== null) errors.push(`${n}: setelin arvo annetaan vain palvelusetelille.`);
    if (l.amount !== null && (l.amount < 0 || !Number.isFinite(l.amount))) errors.push(`${n}: määrä ei voi olla negatiivinen.`);
  });
  if (reasoningCount === 0 && freeText.trim() === '') errors.push('Kirjoita päätökselle perustelut tai valitse ne perustelukirjastosta.');
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
 * Null when a user of `role` may make this decision (the reason names no one: callers say whose power it is) on `onDate` under the rules, otherwise a Finnish reason.
 * Every line must be covered by a rule in force; a refusal without lines needs a rule for the applied service.
 */
export function delegationError(
  rules: readonly DelegationRule[],
  role: string,
  onDate: string,
  outcome: DecisionOutcome,
  lines: readonly Pick<DecisionLine, 'serviceCode' | 'amount'>[],
  appliedService: string | null,
  serviceName: (code: string) => string,
): string | null {
  const inForce = rules.filter((r) => r.role === role && r.validFrom <= onDate && (r.validTo === null || onDate <= r.validTo) && r.outcomes.includes(outcome));
  const targets = lines.length > 0 ? lines : appliedService ? [{ serviceCode: appliedService, amount: null }] : [];
  if (inForce.length === 0) return 'Ei delegointisäännön mukaista päätösvaltaa tällaiseen päätökseen.';
  for (const t of targets) {
    const covering = inForce.filter((r) => r.serviceCode === null || r.serviceCode === t.serviceCode);
    if (covering.length === 0) return `Ei delegointisäännön mukaista päätösvaltaa palvelusta ${serviceName(t.serviceCode)}.`;
    const limit = covering.some((r) => r.maxAmount === null) ? null : Math.max(...covering.map((r) => r.maxAmount!));
    if (limit !== null && t.amount !== null && t.amount > limit)
      return `Päätösvalta palvelusta ${serviceName(t.serviceCode)} on enintään ${limit}; päätöksessä on ${t.amount}. Esitä päätös päätösvaltaiselle.`;
  }
  return null;
}
