// Zod schemas of decision letters and sending batches.
import { z } from 'zod';
import { DECISION_OUTCOMES } from '../domain/decisions';
import { DELIVERY_ROUTES, DELIVERY_STATUSES, ROUTE_REASONS } from '../domain/delivery';
import { id, isoDate, language } from './schemas';
import { serviceItem } from './guidance-schemas';
import { zodMessage } from '../messages';

/** Millimetres on an A4 page. */
const mm = () => z.number().min(0).max(297);
const line = (max = 120) => z.string().trim().min(1).max(max);

export const addressWindow = z.object({ leftMm: mm(), topMm: mm(), widthMm: mm(), heightMm: mm() }).strict();

export const letterSettingsBase = z
  .object({
    window: addressWindow,
    sender: z
      .object({
        countyNameFi: line(),
        countyNameSv: line(),
        unitFi: line(),
        unitSv: line(),
        street: line(),
        postalCode: z.string().regex(/^\d{5}$/, zodMessage('field.postalCode')),
        city: line(),
        phone: line(40),
        email: z.email(),
        web: line(),
      })
      .strict(),
    review: z
      .object({
        nameFi: line(),
        nameSv: line(),
        street: line(),
        postalCode: z.string().regex(/^\d{5}$/, zodMessage('field.postalCode')),
        city: line(),
        email: z.email(),
        closes: z.string().regex(/^\d{1,2}\.\d{2}$/, zodMessage('field.clockTime')),
      })
      .strict(),
    certificatePath: z.string().max(1000),
    outDir: z.string().max(1000),
  })
  .strict();

/** Stored form: the certificate passphrase is kept with the settings on this workstation. */
export const letterSettingsStored = letterSettingsBase.extend({ certificatePassphrase: z.string().max(1000) });
export type LetterSettings = z.infer<typeof letterSettingsStored>;

/** What the UI sees: never the passphrase, only whether one is set, and the certificate as read. */
export const letterSettingsView = letterSettingsBase.extend({
  hasPassphrase: z.boolean(),
  certificate: z
    .object({ subject: z.string(), validFrom: z.string(), validTo: z.string() })
    .nullable(),
  certificateError: z.string().nullable(),
});

/** Saving: an empty passphrase keeps the stored one. */
export const letterSettingsInput = letterSettingsBase.extend({ certificatePassphrase: z.string().max(1000).default('') });

export const readyDecisionRow = z.object({
  decisionId: id,
  number: z.string(),
  clientId: id,
  clientName: z.string(),
  language,
  outcome: z.enum(DECISION_OUTCOMES),
  kind: z.enum(['service', 'fee', 'voucher']),
  /** The services in Finnish (search); the window words `serviceItems` in the user's language. */
  services: z.string(),
  serviceItems: z.array(serviceItem),
  decidedOn: isoDate,
  /** The day the decision says the service is arranged by (grants), which the letter prints; null otherwise. */
  arrangeBy: isoDate.nullable(),
  makerName: z.string(),
  areaId: id,
  delivery: z.enum(['print', 'manual', 'missing']),
  /** The route a letter takes (Suomi.fi, Suomi.fi's paper, e-kirje, by hand) and why. */
  route: z.enum([...DELIVERY_ROUTES, 'missing']),
  routeReason: z.enum(ROUTE_REASONS),
  addressProtected: z.boolean(),
  postalCode: z.string().nullable(),
  hasLetter: z.boolean(),
  /** The last delivery that did not get through (failed, or returned by Posti), to be sent another way. */
  lastFailure: z.object({ route: z.enum(DELIVERY_ROUTES), status: z.enum(DELIVERY_STATUSES), error: z.string().nullable() }).nullable(),
});
export type ReadyDecisionRow = z.infer<typeof readyDecisionRow>;

export const BATCH_STATUSES = ['running', 'failed', 'cancelled', 'completed'] as const;

export const sendBatch = z.object({
  id,
  status: z.enum(BATCH_STATUSES),
  createdAt: z.string(),
  createdByName: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  manual: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  letters: z.number().int(),
  pages: z.number().int(),
  sentOn: isoDate.nullable(),
  zipPath: z.string().nullable(),
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** A job carries the batch now (waiting to run, or running). */
  running: z.boolean(),
  /** The batch's durable job (follow it by id: 'jobs.progress', jobs.get/cancel/retry); null for an old batch. */
  jobId: id.nullable(),
  /** Items by route, and the batch's deliveries by state. */
  routes: z.object({ suomifi: z.number().int(), suomifi_paper: z.number().int(), ekirje: z.number().int(), manual: z.number().int() }),
  deliveries: z.object({ sent: z.number().int(), pending: z.number().int(), failed: z.number().int(), handedOver: z.number().int() }),
});
export type SendBatchDto = z.infer<typeof sendBatch>;

export const sendBatchItem = z.object({
  seq: z.number().int(),
  decisionId: id,
  number: z.string(),
  clientName: z.string(),
  status: z.enum(['pending', 'done', 'manual', 'failed', 'cancelled', 'sent']),
  error: z.string().nullable(),
  addressProtected: z.boolean(),
  route: z.enum(DELIVERY_ROUTES).nullable(),
  delivery: z
    .object({
      id,
      status: z.enum(DELIVERY_STATUSES),
      deliveredAs: z.enum(['electronic', 'paper']).nullable(),
      error: z.string().nullable(),
      events: z.array(z.object({ type: z.string(), at: z.string() })),
    })
    .nullable(),
  notifiedOn: isoDate.nullable(),
  appealLastDay: isoDate.nullable(),
  notificationProvisional: z.boolean(),
});

export const letterPreview = z.object({
  decisionId: id,
  /** base64 of the PDF: the stored signed letter when it exists, otherwise an unsigned preview. */
  pdfBase64: z.string(),
  stored: z.boolean(),
  /** An unsigned preview of a draft or proposed decision (the PDF carries the draft mark). */
  draft: z.boolean(),
  sha256: z.string().nullable(),
  pages: z.number().int(),
  delivery: z.enum(['print', 'manual', 'electronic']),
  addressProtected: z.boolean(),
});

export const batchProgress = z.object({
  batchId: id,
  done: z.number().int(),
  total: z.number().int(),
  secondsLeft: z.number().nullable(),
  phase: z.enum(['letters', 'sending', 'package', 'finished']),
  /** Suomi.fi messages the service has taken so far in this run. */
  sent: z.number().int().default(0),
});
export type BatchProgress = z.infer<typeof batchProgress>;
