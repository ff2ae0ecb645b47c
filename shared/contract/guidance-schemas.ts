// Zod schemas of the guidance workflow: intake handling, assessments, criteria, catalogue, plans, decisions.
import { z } from 'zod';
import { CRITERIA_FACTS, CRITERIA_OPS } from '../domain/criteria';
import { DECISION_OUTCOMES, DECISION_STATUSES, PROVIDER_KINDS, SERVICE_UNITS } from '../domain/decisions';
import { INTAKE_STATUSES, INTAKE_TYPES, INTAKE_CHANNELS, SERVICES_APPLIED, DEADLINE_BASES, CARE_ALLOWANCE } from '../domain/intake';
import { ASSESSMENT_METHODS, RAI_SCALES, SERVICE_LEVELS, type RaiScale } from '../domain/rai';
import { id, isoDate, language } from './schemas';
import { zodMessage } from '../messages';

const text = (max: number) => z.string().max(max);

/** A RAI score: an integer within the scale's range (the field issue says "Anna kokonaisluku 1–5."). */
const raiScore = (scale: RaiScale) => {
  const { min, max } = RAI_SCALES[scale];
  return z.number().int().min(min).max(max).nullable();
};

export const assessmentInput = z
  .object({
    clientId: id,
    intakeItemId: id.nullable().default(null),
    assessedOn: isoDate,
    method: z.enum(ASSESSMENT_METHODS),
    maple5: raiScore('maple5'),
    cps: raiScore('cps'),
    adlh: raiScore('adlh'),
    iadlch: raiScore('iadlch'),
    drs: raiScore('drs'),
    chess: raiScore('chess'),
    nightCareNeed: z.boolean(),
    informalCarer: z.boolean(),
    functionalNotes: text(8000),
    clientView: text(4000),
    conclusion: text(4000),
    serviceLevel: z.enum(SERVICE_LEVELS),
  })
  .strict();
export type AssessmentInput = z.infer<typeof assessmentInput>;

export const assessment = assessmentInput.extend({
  id,
  intakeItemId: id.nullable(),
  workerName: z.string(),
  createdAt: z.string(),
  reassessmentDue: isoDate,
});
export type Assessment = z.infer<typeof assessment>;

export const condition = z.object({
  fact: z.enum(CRITERIA_FACTS),
  op: z.enum(CRITERIA_OPS),
  value: z.number().finite(),
  value2: z.number().finite().optional(),
});
export const criteriaRule = z.object({
  id: z.string().min(1).max(40),
  labelFi: z.string().trim().min(1).max(200),
  labelSv: z.string().trim().max(200),
  any: z.array(condition),
});
export const criteriaSet = z.object({
  id,
  serviceCode: z.string(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string(),
  example: z.boolean(),
  rules: z.array(criteriaRule),
  updatedAt: z.string(),
});
export type CriteriaSetDto = z.infer<typeof criteriaSet>;

export const criteriaResult = z.object({
  serviceCode: z.string(),
  validFrom: isoDate,
  source: z.string(),
  example: z.boolean(),
  pass: z.boolean(),
  rules: z.array(
    z.object({
      id: z.string(),
      labelFi: z.string(),
      labelSv: z.string(),
      pass: z.boolean(),
      conditions: z.array(condition.extend({ actual: z.number().nullable(), pass: z.boolean(), margin: z.number().nullable() })),
    }),
  ),
});
export type CriteriaResultDto = z.infer<typeof criteriaResult>;

export const service = z.object({
  code: z.string(),
  nameFi: z.string(),
  nameSv: z.string(),
  unit: z.enum(SERVICE_UNITS),
  legalBasis: z.string(),
  active: z.boolean(),
});
export type ServiceDto = z.infer<typeof service>;

export const provider = z.object({
  id,
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  businessId: z.string().nullable(),
  areaId: id.nullable(),
  serviceCodes: z.array(z.string()),
  active: z.boolean(),
});
export type ProviderDto = z.infer<typeof provider>;

export const plannedService = z.object({ serviceCode: z.string(), amount: z.number().min(0).nullable(), note: text(500) });
export const planInput = z
  .object({
    clientId: id,
    assessmentId: id.nullable().default(null),
    drawnUpOn: isoDate,
    goals: z.string().trim().min(1, zodMessage('plans.goalsRequired')).max(8000),
    plannedServices: z.array(plannedService).max(30),
    clientView: text(4000),
    relativesView: text(4000),
    reviewOn: isoDate,
  })
  .strict();
export const plan = planInput.extend({ id, assessmentId: id.nullable(), workerName: z.string(), updatedAt: z.string() });
export type PlanDto = z.infer<typeof plan>;

export const decisionLineInput = z.object({
  serviceCode: z.string().min(1, zodMessage('field.chooseOne')),
  amount: z.number().min(0).max(100_000).nullable(),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  providerKind: z.enum(PROVIDER_KINDS).nullable(),
  providerId: id.nullable().default(null),
  voucherValueCents: z.number().int(zodMessage('field.euros')).min(0).nullable().default(null),
});
export const decisionDraftInput = z
  .object({
    clientId: id,
    intakeItemId: id.nullable().default(null),
    assessmentId: id.nullable().default(null),
    outcome: z.enum(DECISION_OUTCOMES),
    appliedService: z.enum(SERVICES_APPLIED).nullable().default(null),
    appliedOn: isoDate.nullable().default(null),
    lines: z.array(decisionLineInput).max(20),
    reasoningIds: z.array(id).max(20),
    reasoningFree: text(8000),
    decisionMakerId: id.nullable().default(null),
  })
  .strict();
export type DecisionDraftInput = z.infer<typeof decisionDraftInput>;

export const decisionLine = decisionLineInput.extend({ id, serviceNameFi: z.string(), unit: z.enum(SERVICE_UNITS), providerName: z.string().nullable() });

export const decision = z.object({
  id,
  clientId: id,
  clientName: z.string(),
  intakeItemId: id.nullable(),
  assessmentId: id.nullable(),
  kind: z.enum(['service', 'fee', 'voucher']),
  outcome: z.enum(DECISION_OUTCOMES),
  status: z.enum(DECISION_STATUSES),
  appliedService: z.string().nullable(),
  appliedOn: isoDate.nullable(),
  lines: z.array(decisionLine),
  reasoningIds: z.array(id),
  reasoningFree: z.string(),
  reasoningFi: z.string().nullable(),
  reasoningSv: z.string().nullable(),
  legalBasis: z.string(),
  draftedByName: z.string(),
  decisionMaker: z.object({ id, name: z.string(), title: z.string() }).nullable(),
  correctsId: id.nullable(),
  correctsNumber: z.string().nullable(),
  number: z.string().nullable(),
  decidedOn: isoDate.nullable(),
  sentOn: isoDate.nullable(),
  sendChannel: z.enum(['letter', 'electronic']).nullable(),
  notifiedOn: isoDate.nullable(),
  appealLastDay: isoDate.nullable(),
  /** Which rule the deemed receipt rests on; 'returned' = the letter came back and waits to be sent again. */
  notificationBasis: z.enum(['electronic', 'letter', 'hand', 'returned']).nullable(),
  /** The channel of a Suomi.fi message is not yet confirmed by its events. */
  notificationProvisional: z.boolean(),
  arrangeBy: isoDate.nullable(),
  multiProfessionalReview: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type DecisionDto = z.infer<typeof decision>;

/** One service of a decision in a list, for the window to word in the reader's language ("39 h/kk" / "39 h/mån"). */
export const serviceItem = z.object({
  code: z.string(),
  nameFi: z.string(),
  nameSv: z.string(),
  amount: z.number().nullable(),
  unit: z.enum(SERVICE_UNITS),
});
export type ServiceItem = z.infer<typeof serviceItem>;

export const decisionListRow = z.object({
  id,
  clientId: id,
  clientName: z.string(),
  outcome: z.enum(DECISION_OUTCOMES),
  status: z.enum(DECISION_STATUSES),
  /** The services in Finnish (search, exports); the window words `serviceItems` in the user's language. */
  services: z.string(),
  /** The decision's lines (or, without lines, the applied service with no amount). */
  serviceItems: z.array(serviceItem),
  number: z.string().nullable(),
  draftedByName: z.string(),
  decisionMakerName: z.string().nullable(),
  decidedOn: isoDate.nullable(),
  sentOn: isoDate.nullable(),
  appealLastDay: isoDate.nullable(),
  arrangeBy: isoDate.nullable(),
  createdAt: z.string(),
});

export const reasoningText = z.object({
  id,
  code: z.string(),
  serviceCode: z.string().nullable(),
  outcomes: z.array(z.enum(DECISION_OUTCOMES)),
  title: z.string(),
  textFi: z.string(),
  textSv: z.string(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string(),
});

export const delegationRule = z.object({
  id,
  role: z.string(),
  serviceCode: z.string().nullable(),
  outcomes: z.array(z.enum(DECISION_OUTCOMES)),
  maxAmount: z.number().nullable(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string(),
});

export const intakeDetail = z.object({
  id,
  type: z.enum(INTAKE_TYPES),
  channel: z.enum(INTAKE_CHANNELS),
  serviceApplied: z.enum(SERVICES_APPLIED).nullable(),
  receivedAt: z.string(),
  contactDate: isoDate,
  urgent: z.boolean(),
  reporterName: z.string(),
  reporterRole: z.string(),
  text: z.string(),
  client: z.object({ id, name: z.string(), hetuMasked: z.string(), age: z.number().int() }).nullable(),
  subjectName: z.string().nullable(),
  subjectBirthDate: isoDate.nullable(),
  /** The report's language (recorded, else the linked client's, else read from the text); null when unknown. */
  reportLanguage: language.nullable(),
  municipalityCode: z.string(),
  areaId: id,
  status: z.enum(INTAKE_STATUSES),
  assignedWorker: z.object({ id, name: z.string() }).nullable(),
  assessmentDue: isoDate,
  dueBasis: z.enum(DEADLINE_BASES),
  daysLeft: z.number().int().nullable(),
  allowedTransitions: z.array(z.enum(INTAKE_STATUSES)),
  assessments: z.array(assessment),
  /** Whether a client plan was drawn up on one of this item's assessments. */
  hasPlan: z.boolean(),
  /** That plan (the latest), to read again. */
  plan: plan.nullable(),
  decisions: z.array(decisionListRow),
  /** The client's other work, for the worker to see before starting a second assessment (null without a client). */
  related: z
    .object({
      responsibleWorker: z.object({ id, name: z.string() }).nullable(),
      openItems: z.array(
        z.object({ id, type: z.enum(INTAKE_TYPES), receivedAt: z.string(), status: z.enum(INTAKE_STATUSES), workerName: z.string().nullable() }),
      ),
      /** Assessments of the last RECENT_DAYS days made for other items (or none). */
      recentAssessments: z.array(z.object({ id, assessedOn: isoDate, workerName: z.string(), serviceLevel: z.enum(SERVICE_LEVELS), intakeItemId: id.nullable() })),
      /** Decisions of other items still in progress or made in the last RECENT_DAYS days. */
      decisions: z.array(decisionListRow),
    })
    .nullable(),
  version: z.number().int(),
});
export type IntakeDetail = z.infer<typeof intakeDetail>;
/** How far back the case page shows the client's other assessments and decisions (the reassessment cycle). */
export const RECENT_DAYS = 180;

export const newClientInput = z
  .object({
    itemId: id,
    hetu: z.string().trim().min(1),
    lastName: z.string().trim().min(1).max(100),
    firstNames: z.string().trim().min(1).max(100),
    language,
    streetAddress: z.string().trim().max(200).nullable(),
    postalCode: z
      .string()
      .trim()
      .regex(/^\d{5}$/, zodMessage('field.postalCode'))
      .nullable(),
    postOffice: z.string().trim().max(100).nullable(),
    phone: z.string().trim().max(40).nullable(),
    addressProtected: z.boolean().default(false),
    careAllowance: z.enum(CARE_ALLOWANCE).default('none'),
    /** The worker saw the warning (birth date unlike the report's, unusual age) and confirms the code. */
    confirmWarnings: z.boolean().default(false),
  })
  .strict();

export const workload = z.object({
  workerId: id,
  name: z.string(),
  role: z.string(),
  areaIds: z.array(id),
  openItems: z.number().int(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  clients: z.number().int(),
});

export const clientChain = z.object({
  assessments: z.array(assessment),
  plans: z.array(plan),
  decisions: z.array(decisionListRow),
  criteria: z.array(criteriaResult),
  reassessmentDue: isoDate.nullable(),
  multiProfessionalReview: z.boolean(),
  grantedHomeCareHours: z.number().nullable(),
});
export type ClientChain = z.infer<typeof clientChain>;
