// Zod schemas of client fees, invoicing and family caregiver payments.
import { INVOICE_CHANNELS } from '../domain/fees/invoice-review';
import { z } from 'zod';
import { INTERRUPTION_CAUSES, feeParametersSchema } from '../domain/fees/parameters';
import { DEDUCTION_KINDS, INCOME_KINDS, LEGACY_DEDUCTION_KINDS } from '../domain/fees/incomes';
import { CARE_INTERRUPTION_CAUSES } from '../domain/fees/caregiver';
import { parseFinnishIban } from '../domain/payment-references';
import { id, isoDate } from './schemas';
import { sendBatch } from './letter-schemas';
import { zodMessage } from '../messages';

const line = (max = 120) => z.string().trim().min(1).max(max);
/** A monthly amount in integer cents (typed in euros). */
const cents = () =>
  z
    .number({ error: zodMessage('field.euros') })
    .int(zodMessage('field.euros'))
    .min(0, zodMessage('field.notNegative'))
    .max(10_000_000, zodMessage('field.implausibleMonthly'));
/** A calendar month as YYYY-MM on the wire (shown as m.yyyy). */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, zodMessage('field.month'));
const iban = z.string().superRefine((v, ctx) => {
  const r = parseFinnishIban(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
});

export const billingSettings = z
  .object({
    businessId: z.string().regex(/^\d{7}-\d$/, zodMessage('field.businessId')),
    iban,
    bic: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, zodMessage('field.bic')),
    dueDays: z.number().int().min(7).max(60),
    contactPhone: line(40),
    contactEmail: z.email(),
    finvoiceAddress: z.string().regex(/^0037\d{8,12}$/, zodMessage('field.ovt')),
    finvoiceIntermediator: z.string().regex(/^[A-Z0-9]{2,35}$/, zodMessage('field.format')),
    firstInvoiceNumber: z.number().int().min(1000).max(9_999_999_999),
  })
  .strict();
export type BillingSettings = z.infer<typeof billingSettings>;

export const feeParameterSetView = z.object({ id, version: z.number().int(), updatedAt: z.string(), parameters: feeParametersSchema });
export const saveFeeParametersInput = z.object({ id: id.nullable(), version: z.number().int().nullable(), parameters: z.unknown() });

/** An income record. Whether it counts depends on its kind and the fee (10 b §, 10 f §): no per-record flag. */
export const incomeInput = z
  .object({
    id: id.nullable(),
    version: z.number().int().nullable(),
    clientId: id,
    person: z.enum(['client', 'spouse']),
    kind: z.enum(INCOME_KINDS),
    grossCents: cents(),
    netCents: cents(),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    note: z.string().max(500),
  })
  .strict()
  .refine((v) => v.netCents <= v.grossCents, { message: zodMessage('fees.netAboveGross'), path: ['netCents'] })
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, { message: zodMessage('field.endBeforeStart'), path: ['validTo'] });
export const incomeDto = z.object({
  id,
  version: z.number().int(),
  clientId: id,
  person: z.enum(['client', 'spouse']),
  kind: z.enum(INCOME_KINDS),
  grossCents: z.number().int(),
  netCents: z.number().int(),
  taxable: z.boolean(),
  /** Counted for continuous home care (10 f §) and for long-term care (10 b §). */
  countedHomeCare: z.boolean(),
  countedLongTerm: z.boolean(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  note: z.string(),
});

/** A deduction of the closed list (10 c §, 10 d §, 10 g §), of the client or the spouse. */
export const deductionInput = z
  .object({
    id: id.nullable(),
    version: z.number().int().nullable(),
    clientId: id,
    person: z.enum(['client', 'spouse']),
    kind: z.enum(DEDUCTION_KINDS),
    monthlyCents: cents(),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    /** Maintenance paid to the spouse the client lived with just before the care began is not deducted (10 c § 2 mom). */
    toSpouseLivedWith: z.boolean().default(false),
    note: z.string().max(500),
  })
  .strict()
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, { message: zodMessage('field.endBeforeStart'), path: ['validTo'] });
export const deductionDto = z.object({
  id,
  version: z.number().int(),
  clientId: id,
  person: z.enum(['client', 'spouse']),
  kind: z.enum([...DEDUCTION_KINDS, ...LEGACY_DEDUCTION_KINDS]),
  monthlyCents: z.number().int(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  note: z.string(),
});

/** An interruption (keskeytys) of the client's services, asiakasmaksulaki 10 k §; short-term care stays are billed by the day. */
export const absenceInput = z
  .object({
    clientId: id,
    cause: z.enum(INTERRUPTION_CAUSES),
    from: isoDate,
    to: isoDate,
    note: z.string().max(500),
  })
  .strict()
  .refine((v) => v.to >= v.from, { message: zodMessage('field.endBeforeStart'), path: ['to'] });
export const absenceDto = z.object({ id, clientId: id, cause: z.enum(INTERRUPTION_CAUSES), from: isoDate, to: isoDate, note: z.string() });

/** What the spouse rule of long-term care needs to know (7 c § 2 mom). */
export const spouseFactsInput = z
  .object({
    clientId: id,
    version: z.number().int(),
    /** The client lived with the spouse (marriage or cohabitation) immediately before the care began. */
    livedWithSpouseBeforeCare: z.boolean(),
    /** The spouse is in long-term round-the-clock or institutional care too. */
    spouseInLongTermCare: z.boolean(),
    /** From when the fee drafts are refreshed. */
    from: isoDate,
  })
  .strict();

/** The fee ceiling reached elsewhere, as the client's free card (vapaakortti) shows (asiakasmaksulaki 6 a §). */
export const ceilingNoticeInput = z.object({ clientId: id, reachedOn: isoDate, note: z.string().trim().max(500) }).strict();
export const ceilingNoticeDto = z.object({ id, year: z.number().int(), reachedOn: isoDate, note: z.string(), createdAt: z.string(), createdBy: z.string() });
export const ceilingStatus = z.object({
  year: z.number().int(),
  annualCents: z.number().int(),
  maintenanceDailyCents: z.number().int().nullable(),
  /** False while the maintenance fee is a computed figure not yet confirmed from its official source. */
  maintenanceConfirmed: z.boolean(),
  /** What this county billed toward the ceiling for days of care in the year. */
  accruedCents: z.number().int(),
  reachedOn: isoDate.nullable(),
  reachedBy: z.enum(['invoices', 'notice']).nullable(),
  notices: z.array(ceilingNoticeDto),
});

/** A consumer e-invoice address and the bank's intermediator code, from the bank's receiving notice. */
export const einvoiceRouting = z.object({
  address: z
    .string()
    .trim()
    .regex(/^[\x21-\x7E]{2,35}$/, zodMessage('fees.einvoiceAddress')),
  intermediator: z
    .string()
    .trim()
    .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, zodMessage('fees.einvoiceIntermediator')),
});
export const invoiceChannelInput = z.object({ clientId: id, version: z.number().int(), einvoice: einvoiceRouting.nullable() }).strict();

/** A message by key with its parameters (shared/messages), worded in the window's language. */
const messageDto: z.ZodType<{ key: string; params?: Record<string, unknown> }> = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()).optional() });

export const feeExplanationDto = z.object({
  formula: z.string(),
  steps: z.array(z.object({ key: z.string(), cents: z.number().optional(), percent: z.number().optional(), number: z.number().optional() })),
  applied: z.array(z.string()),
  sources: z.array(z.string()),
});

export const feeDecisionRow = z.object({
  decisionId: id,
  clientId: id,
  clientName: z.string(),
  feeType: z.enum(['home_care', 'long_term']),
  validFrom: isoDate,
  previousFeeCents: z.number().int().nullable(),
  feeCents: z.number().int(),
  ends: z.boolean(),
  reason: z.string(),
  status: z.enum(['draft', 'signed', 'sent']),
  number: z.string().nullable(),
  explanation: feeExplanationDto.nullable(),
  /** The calculation of the fee in force before, and old against new by key (worded by the fi/sv catalogues). */
  previousExplanation: feeExplanationDto.nullable(),
  changes: z.array(messageDto),
  areaId: z.string(),
  language: z.enum(['fi', 'sv']),
  delivery: z.enum(['print', 'manual', 'missing']),
});

export const clientFeesView = z.object({
  clientId: id,
  householdSize: z.number().int(),
  spouseName: z.string().nullable(),
  livedWithSpouseBeforeCare: z.boolean(),
  spouseInLongTermCare: z.boolean(),
  incomes: z.array(incomeDto),
  deductions: z.array(deductionDto),
  absences: z.array(absenceDto),
  decisions: z.array(feeDecisionRow),
  ceiling: ceilingStatus,
  /** The client row's version (the e-invoice routing is saved on it). */
  clientVersion: z.number().int(),
  einvoice: einvoiceRouting.nullable(),
});

export const recalculationResult = z.object({ validFrom: isoDate, checked: z.number(), drafts: z.number(), unchanged: z.number(), seconds: z.number() });

export const invoiceRunDto = z.object({
  id,
  month,
  status: z.enum(['running', 'draft', 'approved', 'cancelled']),
  invoiceDate: isoDate,
  dueDate: isoDate,
  invoiceCount: z.number().int(),
  totalCents: z.number().int(),
  previousTotalCents: z.number().int().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  version: z.number().int(),
});
export const invoiceProgress = z.object({ runId: id, done: z.number().int(), total: z.number().int() });
export type InvoiceProgress = z.infer<typeof invoiceProgress>;
/** What an invoices.material job made (its result in jobs.get). */
export const invoiceMaterial = z.object({ finvoice: z.string(), pdfDir: z.string(), pdfs: z.number(), einvoices: z.number(), paper: z.number(), manual: z.array(z.number()), suomifi: z.number(), suomifiFailed: z.number(), elsewhere: z.number(), renderedIn: z.enum(['worker', 'thread']).nullable().optional() });
export type InvoiceMaterial = z.infer<typeof invoiceMaterial>;
export const fileDownload = z.object({ fileName: z.string(), base64: z.string() });

export const invoiceListRow = z.object({
  id,
  number: z.number().int(),
  kind: z.enum(['invoice', 'credit_note']),
  clientId: id,
  clientName: z.string(),
  reference: z.string(),
  totalCents: z.number().int(),
  previousCents: z.number().int().nullable(),
  differenceCents: z.number().int().nullable(),
  rows: z.number().int(),
  delivery: z.enum(['paper', 'einvoice', 'manual']),
  status: z.enum(['draft', 'approved', 'cancelled']),
  credited: z.boolean(),
});

/** A month's run by service, area and delivery channel, and the invoices to look at again before approval. */
const breakdownLine = z.object({ key: z.string(), invoices: z.number().int(), cents: z.number().int() });
export const runBreakdown = z.object({
  byService: z.array(breakdownLine),
  serviceNames: z.array(z.object({ code: z.string(), fi: z.string(), sv: z.string() })),
  bigChange: z.object({ cents: z.number().int(), percent: z.number() }),
  byArea: z.array(breakdownLine),
  byChannel: z.array(breakdownLine.extend({ key: z.enum(INVOICE_CHANNELS) })),
  anomalies: z.array(
    z.object({
      kind: z.enum(['overlap', 'bigChange']),
      invoiceId: id,
      number: z.number().int(),
      clientName: z.string(),
      from: isoDate.nullable(),
      to: isoDate.nullable(),
      previousCents: z.number().int().nullable(),
      totalCents: z.number().int(),
    }),
  ),
});

export const invoiceRowDto = z.object({
  rowType: z.string(),
  /** The row's text in Finnish, and in Swedish (the window shows the user's language). */
  description: z.string(),
  descriptionSv: z.string(),
  serviceMonth: month,
  periodFrom: isoDate,
  periodTo: isoDate,
  quantity: z.number(),
  unit: z.string(),
  unitPriceCents: z.number().int(),
  amountCents: z.number().int(),
  countsToCeiling: z.boolean(),
  basis: z.string(),
});

export const invoiceDetail = invoiceListRow.extend({
  month,
  invoiceDate: isoDate,
  dueDate: isoDate,
  rf: z.string(),
  barcode: z.string(),
  recipient: z.array(z.string()),
  lines: z.array(invoiceRowDto),
  creditsNumber: z.number().int().nullable(),
});

export const careAgreementInput = z
  .object({
    id: id.nullable(),
    version: z.number().int().nullable(),
    clientId: id,
    carerName: line(100),
    carerHetu: z.string().trim().min(11).max(11),
    carerIban: iban,
    carerStreet: z.string().max(100),
    carerPostalCode: z.string().max(5),
    carerPostOffice: z.string().max(60),
    tierCode: line(10),
    continuousCare: z.boolean(),
    startDate: isoDate,
    endDate: isoDate.nullable(),
  })
  .refine((v) => v.endDate === null || v.endDate >= v.startDate, { message: zodMessage('field.endBeforeStart'), path: ['endDate'] });

export const careAgreementDto = z.object({
  id,
  version: z.number().int(),
  clientId: id,
  clientName: z.string(),
  carerName: z.string(),
  carerHetuMasked: z.string(),
  carerIban: z.string(),
  tierCode: z.string(),
  tierFeeCents: z.number().int().nullable(),
  continuousCare: z.boolean(),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  daysOffPerMonth: z.number().int(),
  daysOffEarnedThisYear: z.number().int(),
  daysOffUsedThisYear: z.number().int(),
  /** Every day off recorded for this calendar year (also days planned ahead). */
  daysOffThisYear: z.array(isoDate),
  /** The first month whose days off went past the statutory days earned by then (omaishoitolaki 4 § 1 mom), or null. */
  daysOffOveruse: z.object({ month, used: z.number().int(), earned: z.number().int() }).nullable(),
  /** What the agreement says about the fee during interruptions (omaishoitolaki 8 § 2 mom 5 kohta, 9 § 2 mom). */
  terms: z.object({ healthPaidMonths: z.number().int(), otherPaidDays: z.number().int().nullable() }),
  interruptions: z.array(z.object({ id, from: isoDate, to: isoDate, cause: z.enum(CARE_INTERRUPTION_CAUSES), note: z.string(), derived: z.boolean() })),
  /** The statutory minimum in force today and the year it was published for (a later year uses it until its own is published). */
  minimumCents: z.number().int(),
  minimumYear: z.number().int(),
});

/** The agreement's terms on payment during interruptions; a term worse for the carer than 9 § is refused (9 § 3 mom). */
export const careTermsInput = z
  .object({
    agreementId: id,
    version: z.number().int(),
    healthPaidMonths: z.number().int().min(1, zodMessage('fees.careTermHealth')).max(12),
    otherPaidDays: z.number().int().min(0).max(366).nullable(),
  })
  .strict();
export const careInterruptionInput = z
  .object({
    agreementId: id,
    cause: z.enum(CARE_INTERRUPTION_CAUSES),
    from: isoDate,
    to: isoDate,
    note: z.string().max(500),
  })
  .strict()
  .refine((v) => v.to >= v.from, { message: zodMessage('field.endBeforeStart'), path: ['to'] });

export const caregiverRunDto = z.object({
  id,
  month,
  status: z.enum(['draft', 'approved', 'cancelled']),
  totalCents: z.number().int(),
  count: z.number().int(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
});

export const caregiverPaymentRow = z.object({
  agreementId: id,
  carerName: z.string(),
  /** "010150-***X": the birth date and check character, the individual number hidden. */
  carerHetuMasked: z.string(),
  clientName: z.string(),
  tierCode: z.string(),
  monthlyCents: z.number().int(),
  paidDays: z.number().int(),
  monthDays: z.number().int(),
  amountCents: z.number().int(),
  changeCents: z.number().int().nullable(),
  basis: z.string(),
  correctionCents: z.number().int(),
  corrections: z.string(),
  /** Days off taken in the month, and the year's days used and statutory days earned by its end (4 § 1 mom). */
  daysOff: z.object({ inMonth: z.number().int(), usedToDate: z.number().int(), earnedToDate: z.number().int(), over: z.boolean() }).nullable(),
});

/** A mass decision: fee decision drafts signed in one action with the sending batch of their letters. */
export const massDecideInput = z
  .object({
    title: z.string().trim().min(3).max(120),
    decisionIds: z.array(id).min(1).max(20_000),
  })
  .strict();
export const massDecision = z.object({
  id,
  title: z.string(),
  decisions: z.number().int(),
  monthlyChangeCents: z.number().int(),
  firstValidFrom: isoDate,
  lastValidFrom: isoDate,
  createdAt: z.string(),
  createdByName: z.string(),
  batch: sendBatch,
  /** The mass decision's 'fees.mass' job (its letters to their end; follow with jobs.get / 'jobs.progress'). */
  jobId: z.string().nullable(),
});

/**
 * A correction of the fee rules to the letter of the law, applying from a date: made fee decisions, invoices and
 * letters stay as they are; billing staff make drafts for the clients whose fee changes (and the next invoice
 * run credits what was billed too much, at most a year back).
 */
export const ruleChangeDto = z.object({
  code: z.string(),
  titleFi: z.string(),
  titleSv: z.string(),
  reasonFi: z.string(),
  reasonSv: z.string(),
  appliesFrom: isoDate,
  recordedAt: z.string(),
  draftedAt: z.string().nullable(),
  drafts: z.number().int().nullable(),
});
export const applyRuleChangeResult = z.object({
  code: z.string(),
  windowStart: isoDate,
  forwardFrom: isoDate,
  checked: z.number().int(),
  drafts: z.number().int(),
  refunds: z.number().int(),
  increases: z.number().int(),
  seconds: z.number(),
});
