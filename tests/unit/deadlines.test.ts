import { describe, expect, it } from 'vitest';
import { appealDeadlines, arrangeBy, deemedReceived, needsMultiProfessionalReview, reassessmentDue } from '../../shared/domain/deadlines';
import { INTAKE_STATUSES, type IntakeStatus } from '../../shared/domain/intake';
import { INTAKE_TRANSITIONS, canTransitionIntake, intakeTransitionError } from '../../shared/domain/intake-states';
import { formatMessage, type Message } from '../../shared/messages';

/** A message in words (fi by default). */
const w = (m: Message | null | undefined, lang: 'fi' | 'sv' = 'fi') => (m ? formatMessage(lang, m.key, m.params) : null);
import {
  DECISION_STATUSES,
  canTransitionDecision,
  decisionContentErrors,
  decisionTransitionError,
  delegationError,
  editError,
  type DelegationRule,
} from '../../shared/domain/decisions';
import { raiRangeError, RAI_SCALES, type RaiScale } from '../../shared/domain/rai';
import { criteriaSetErrors, evaluateCriteria, type CriteriaSet } from '../../shared/domain/criteria';

describe('notification and review deadlines (HL 59 §, sähköinen asiointi 19 §, laki 150/1930)', () => {
  it('matches the handbook example: sent 2026-11-20 by letter', () => {
    expect(appealDeadlines('2026-11-20', 'letter')).toEqual({ deemedReceived: '2026-11-27', lastDay: '2026-12-28' });
  });

  it('counts electronic delivery from the 3rd day', () => {
    expect(deemedReceived('2026-11-20', 'electronic')).toBe('2026-11-23');
    expect(appealDeadlines('2026-11-20', 'electronic').lastDay).toBe('2026-12-23');
  });

  it('moves a last day on Christmas Eve past Christmas and Boxing Day and the weekend', () => {
    // Received 2026-11-24 → +30 = 2026-12-24 (Thu, Christmas Eve) → 25 Fri, 26 Sat, 27 Sun → Monday 28th.
    expect(appealDeadlines('2026-11-17', 'letter')).toEqual({ deemedReceived: '2026-11-24', lastDay: '2026-12-28' });
  });

  it('moves a last day on Midsummer Eve to the Monday after', () => {
    // 2027: Midsummer Eve Fri 25 June, Midsummer Day Sat 26 → Monday 28 June.
    expect(appealDeadlines('2027-05-19', 'letter')).toEqual({ deemedReceived: '2027-05-26', lastDay: '2027-06-28' });
  });

  it('moves a last day in Easter over Good Friday to Easter Monday', () => {
    // Easter 2027: Good Friday 26 March, Easter Monday 29 March → Tuesday 30 March.
    expect(appealDeadlines('2027-02-17', 'letter')).toEqual({ deemedReceived: '2027-02-24', lastDay: '2027-03-30' });
  });

  it('crosses the year end and New Year', () => {
    // Received 2026-12-02 → +30 = 2027-01-01 (New Year, Fri) → Mon 4 January.
    expect(appealDeadlines('2026-11-25', 'letter')).toEqual({ deemedReceived: '2026-12-02', lastDay: '2027-01-04' });
    // Epiphany 2027 is a Wednesday: received 2026-12-07 → 2027-01-06 → Thursday 7th.
    expect(appealDeadlines('2026-11-30', 'letter').lastDay).toBe('2027-01-07');
  });

  it('keeps a last day that is an ordinary working day', () => {
    expect(appealDeadlines('2026-03-02', 'letter')).toEqual({ deemedReceived: '2026-03-09', lastDay: '2026-04-08' });
  });
});

describe('arrange-by, reassessment and review thresholds', () => {
  it('arranges within 3 months, clamped to month end (vanhuspalvelulaki 18 §)', () => {
    expect(arrangeBy('2026-11-30')).toBe('2027-02-28');
    expect(arrangeBy('2027-11-30')).toBe('2028-02-29');
    expect(arrangeBy('2026-12-15')).toBe('2027-03-15');
  });
  it('reassesses within 6 months', () => {
    expect(reassessmentDue('2026-08-31')).toBe('2027-02-28');
  });
  it('flags home care over 61 h a month', () => {
    expect(needsMultiProfessionalReview(61, '2026-11-23')).toBe(false);
    expect(needsMultiProfessionalReview(61.5, '2026-11-23')).toBe(true);
  });
});

describe('intake state machine', () => {
  const legal: [IntakeStatus, IntakeStatus][] = [
    ['new', 'assigned'],
    ['assigned', 'assessment'],
    ['assessment', 'decision'],
    ['decision', 'closed'],
    ['new', 'forwarded'],
    ['assigned', 'cancelled'],
  ];
  it('allows the documented path', () => {
    for (const [a, b] of legal) expect(canTransitionIntake(a, b), `${a}→${b}`).toBe(true);
  });
  it('refuses every transition not in the table, with a Finnish reason', () => {
    let refused = 0;
    for (const from of INTAKE_STATUSES)
      for (const to of INTAKE_STATUSES) {
        if (INTAKE_TRANSITIONS[from].includes(to)) continue;
        expect(canTransitionIntake(from, to)).toBe(false);
        const m = intakeTransitionError(from, to);
        expect(formatMessage('fi', m.key, m.params)).toMatch(/Asia/);
        expect(formatMessage('sv', m.key, m.params)).toMatch(/Ärendet/);
        refused += 1;
      }
    expect(refused).toBeGreaterThan(30);
    expect(canTransitionIntake('new', 'decision')).toBe(false);
    expect(canTransitionIntake('closed', 'new')).toBe(false);
    const closed = intakeTransitionError('closed', 'assigned');
    expect(formatMessage('fi', closed.key, closed.params)).toBe('Asia on jo suljettu, eikä sen tilaa voi enää muuttaa.');
    expect(formatMessage('sv', closed.key, closed.params)).toBe('Ärendet är redan avslutat och dess status kan inte längre ändras.');
  });
});

describe('decision state machine', () => {
  it('runs draft → proposed → signed → sent and refuses everything else', () => {
    expect(canTransitionDecision('draft', 'proposed')).toBe(true);
    expect(canTransitionDecision('proposed', 'signed')).toBe(true);
    expect(canTransitionDecision('signed', 'sent')).toBe(true);
    for (const from of DECISION_STATUSES)
      for (const to of DECISION_STATUSES) {
        const ok = (from === 'draft' && (to === 'proposed' || to === 'signed')) || (from === 'proposed' && (to === 'draft' || to === 'signed')) || (from === 'signed' && to === 'sent');
        expect(canTransitionDecision(from, to), `${from}→${to}`).toBe(ok);
      }
    expect(w(decisionTransitionError('signed', 'signed'))).toMatch(/kahdesti/);
    expect(w(editError('signed'), 'sv')).toMatch(/rättelse/);
    expect(editError('draft')).toBeNull();
  });

  it('checks content by outcome', () => {
    const line = { serviceCode: 'home_care', amount: 20, startDate: '2026-12-01', endDate: null, providerKind: 'own' as const, voucherValueCents: null };
    expect(decisionContentErrors('grant', [line], 1, '')).toEqual([]);
    expect(decisionContentErrors('grant', [], 1, '')).toEqual([{ path: 'lines', key: 'decisions.needsService' }]);
    const order = decisionContentErrors('grant', [{ ...line, endDate: '2026-11-01' }], 1, '')[0]!;
    expect(order.path).toBe('lines.0.endDate');
    expect(w(order)).toBe('Päättymispäivä 1.11.2026 on ennen alkamispäivää 1.12.2026.');
    expect(w(order, 'sv')).toBe('Slutdatumet 1.11.2026 är före startdatumet 1.12.2026.');
    expect(w(decisionContentErrors('termination', [line], 1, '')[0])).toMatch(/päättymispäivä/);
    expect(decisionContentErrors('grant', [{ ...line, providerKind: 'voucher' }], 1, '')[0]).toMatchObject({ path: 'lines.0.voucherValueCents', key: 'decisions.voucherValue' });
    expect(decisionContentErrors('refusal', [], 0, '  ')[0]).toMatchObject({ path: 'reasoningFree', key: 'decisions.needsReasoning' });
  });
});

describe('delegation of decision power', () => {
  const rules: DelegationRule[] = [
    { role: 'guidance_worker', serviceCode: 'home_care', outcomes: ['grant', 'refusal'], maxAmount: 60, validFrom: '2023-01-01', validTo: null, source: 't' },
    { role: 'service_manager', serviceCode: null, outcomes: ['grant', 'refusal'], maxAmount: null, validFrom: '2023-01-01', validTo: null, source: 't' },
    { role: 'social_worker', serviceCode: 'home_care', outcomes: ['grant'], maxAmount: null, validFrom: '2023-01-01', validTo: '2025-12-31', source: 't' },
  ];
  const name = (c: string) => c;
  it('allows within the limit and refuses over it, for other services and after expiry', () => {
    expect(delegationError(rules, 'guidance_worker', '2026-11-23', 'grant', [{ serviceCode: 'home_care', amount: 60 }], null, name)).toBeNull();
    expect(w(delegationError(rules, 'guidance_worker', '2026-11-23', 'grant', [{ serviceCode: 'home_care', amount: 61 }], null, name))).toMatch(/enintään 60/);
    expect(
      w(delegationError(rules, 'guidance_worker', '2026-11-23', 'grant', [{ serviceCode: 'service_housing_24h', amount: null }], null, () => ({ fi: 'palveluasuminen', sv: 'serviceboende' })), 'sv'),
    ).toBe('Ingen beslutanderätt enligt delegeringsbestämmelserna för tjänsten serviceboende.');
    expect(delegationError(rules, 'social_worker', '2026-11-23', 'grant', [{ serviceCode: 'home_care', amount: 10 }], null, name)).not.toBeNull();
    expect(delegationError(rules, 'service_manager', '2026-11-23', 'grant', [{ serviceCode: 'service_housing_24h', amount: null }], null, name)).toBeNull();
    expect(delegationError(rules, 'guidance_worker', '2026-11-23', 'refusal', [], 'home_care', name)).toBeNull();
    expect(w(delegationError(rules, 'client_secretary', '2026-11-23', 'grant', [{ serviceCode: 'home_care', amount: 1 }], null, name))).toMatch(/päätösvaltaa/);
  });
});

describe('RAI ranges and criteria', () => {
  it('accepts every score in range and refuses the edges outside', () => {
    for (const [k, s] of Object.entries(RAI_SCALES) as [RaiScale, { min: number; max: number }][]) {
      expect(raiRangeError(k, s.min)).toBeNull();
      expect(raiRangeError(k, s.max)).toBeNull();
      expect(raiRangeError(k, s.min - 1)).toMatch(/välillä/);
      expect(raiRangeError(k, s.max + 1)).toMatch(/välillä/);
      expect(raiRangeError(k, s.min + 0.5)).toMatch(/kokonaisluku/);
    }
  });

  const set: CriteriaSet = {
    serviceCode: 'service_housing_24h',
    validFrom: '2024-01-01',
    validTo: null,
    source: 'test',
    example: true,
    rules: [
      { id: 'maple', labelFi: 'MAPLe 4–5', labelSv: '', any: [{ fact: 'maple5', op: 'between', value: 4, value2: 5 }] },
      { id: 'cps_adl', labelFi: 'CPS ≥ 3 tai ADLH ≥ 3', labelSv: '', any: [{ fact: 'cps', op: '>=', value: 3 }, { fact: 'adlh', op: '>=', value: 3 }] },
      { id: 'night', labelFi: 'yö', labelSv: '', any: [{ fact: 'nightCareNeed', op: '=', value: 1 }] },
    ],
  };
  const facts = { maple5: 4, cps: 2, adlh: 4, iadlch: 5, drs: 3, chess: 1, age: 88, nightCareNeed: 1, informalCarer: 0 };
  it('explains each rule with the value compared and the margin', () => {
    const r = evaluateCriteria(set, facts);
    expect(r.pass).toBe(true);
    expect(r.rules[1]!.conditions.map((c) => [c.actual, c.pass, c.margin])).toEqual([
      [2, false, -1],
      [4, true, 1],
    ]);
    const fail = evaluateCriteria(set, { ...facts, maple5: 3, nightCareNeed: 0 });
    expect(fail.pass).toBe(false);
    expect(fail.rules.filter((x) => !x.pass).map((x) => x.id)).toEqual(['maple', 'night']);
    expect(fail.rules[0]!.conditions[0]!.margin).toBe(-1);
    const missing = evaluateCriteria(set, { ...facts, maple5: null });
    expect(missing.rules[0]!.conditions[0]).toMatchObject({ actual: null, pass: false, margin: null });
  });
  it('refuses an invalid rule set', () => {
    expect(criteriaSetErrors({ rules: [], validFrom: '2027-01-01', validTo: null })).toHaveLength(1);
    expect(criteriaSetErrors({ rules: set.rules, validFrom: '2027-01-01', validTo: '2026-01-01' })[0]).toMatch(/ennen alkupäivää/);
    const bad = [{ id: 'x', labelFi: 'x', labelSv: '', any: [{ fact: 'cps' as const, op: '>=' as const, value: 9 }] }];
    expect(criteriaSetErrors({ rules: bad, validFrom: '2027-01-01', validTo: null })[0]).toMatch(/CPS-asteikon/);
  });
});
