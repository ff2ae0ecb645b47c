// Zod schemas of digital-first delivery: the Suomi.fi Messages settings (the administrator's), a client's
// delivery choice, deliveries and their events as the decision, the client card and the sending batch show them.
import { z } from 'zod';
import { DELIVERY_CHOICES, DELIVERY_EVENT_TYPES, DELIVERY_ROUTES, DELIVERY_STATUSES, REPRESENTATIVE_ROLES, ROUTE_REASONS } from '../domain/delivery';
import { zodMessage } from '../messages';
import { id, isoDate } from './schemas';

const line = (max = 120) => z.string().trim().min(1).max(max);
const postalCode = z.string().trim().regex(/^\d{5}$/, zodMessage('field.postalCode'));

/** The API address: https, or http to this machine only (a test server of the API). */
const apiUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?)$/i, zodMessage('suomifi.apiUrl'));

export const suomifiSettingsBase = z
  .object({
    enabled: z.boolean(),
    apiUrl,
    serviceId: line(),
    username: line(),
    paperService: z
      .object({
        enabled: z.boolean(),
        /** The printing service's billing id (laskutustunnus) and the contact e-mail Posti uses. */
        username: z.string().trim().max(120),
        contactEmail: z.union([z.literal(''), z.email(zodMessage('field.email'))]),
      })
      .strict(),
    /** The sender's paper-mail address (on the envelope and the address page). */
    paperSender: z.object({ name: line(), street: line(), postalCode, city: line() }).strict(),
    visibility: z.enum(['Normal', 'Recipient only']),
    /** The service's attachment size limit [U: confirm from the service's documentation]. */
    maxAttachmentMb: z.number().min(1).max(100),
    /** How long a password is valid at the service, and how many days before that Luotsi changes it. */
    passwordValidDays: z.number().int().min(7).max(3650),
    rotateDaysBefore: z.number().int().min(1).max(365),
    /** Minutes between two looks at the delivery events (the service keeps events about 60 days). */
    pollMinutes: z.number().int().min(1).max(1440),
  })
  .strict()
  .refine((s) => !s.paperService.enabled || (s.paperService.username.trim() !== '' && s.paperService.contactEmail !== ''), {
    message: zodMessage('suomifi.paperServiceIncomplete'),
    path: ['paperService'],
  })
  .refine((s) => s.rotateDaysBefore < s.passwordValidDays, { message: zodMessage('suomifi.rotateBeforeExpiry'), path: ['rotateDaysBefore'] });
export type SuomifiSettings = z.infer<typeof suomifiSettingsBase>;

/** Saving: empty passwords keep the stored ones. */
export const suomifiSettingsInput = z.object({
  settings: suomifiSettingsBase,
  password: z.string().max(200).default(''),
  printingPassword: z.string().max(200).default(''),
});

/** What the UI sees: never a password, only whether one is stored and how old it is. */
export const suomifiSettingsView = z.object({
  settings: suomifiSettingsBase.nullable(),
  hasPassword: z.boolean(),
  passwordSetAt: z.string().nullable(),
  rotationDueOn: isoDate.nullable(),
  rotationPending: z.boolean(),
  hasPrintingPassword: z.boolean(),
  eventsPolledAt: z.string().nullable(),
  eventsError: z.string().nullable(),
  defaults: suomifiSettingsBase,
});

export const representative = z
  .object({ role: z.enum(REPRESENTATIVE_ROLES), name: line(), street: line(), postalCode, postOffice: line() })
  .strict();

export const clientDeliveryInput = z
  .object({
    clientId: id,
    choice: z.enum(DELIVERY_CHOICES),
    representative: representative.nullable(),
    note: z.string().max(1000).default(''),
    validUntil: isoDate.nullable().default(null),
  })
  .strict();

export const deliveryEvent = z.object({
  type: z.enum(DELIVERY_EVENT_TYPES),
  at: z.string(),
  source: z.enum(['suomifi', 'luotsi']),
  details: z.record(z.string(), z.unknown()),
});

export const deliveryDto = z.object({
  id,
  decisionId: id.nullable(),
  invoiceId: id.nullable(),
  purpose: z.enum(['notification', 'copy']),
  attempt: z.number().int(),
  route: z.enum(DELIVERY_ROUTES),
  routeReason: z.enum(ROUTE_REASONS),
  status: z.enum(DELIVERY_STATUSES),
  deliveredAs: z.enum(['electronic', 'paper']).nullable(),
  messageId: z.number().int().nullable(),
  acceptedOn: isoDate.nullable(),
  handedOverOn: isoDate.nullable(),
  handedOverTo: z.string().nullable(),
  handedOverByName: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  events: z.array(deliveryEvent),
});
export type DeliveryDto = z.infer<typeof deliveryDto>;

export const clientDeliveryView = z.object({
  choice: z.enum(DELIVERY_CHOICES),
  representative: representative.nullable(),
  note: z.string(),
  validUntil: isoDate.nullable(),
  mailboxActive: z.boolean().nullable(),
  mailboxCheckedAt: z.string().nullable(),
  /** The route a letter would take today. */
  route: z.enum([...DELIVERY_ROUTES, 'missing']),
  routeReason: z.enum(ROUTE_REASONS),
  deliveries: z.array(deliveryDto.extend({ documentLabel: z.string() })),
});

/** An administrator releases a delivery claim a vanished workstation holds (central schema 12), saying why. */
export const releaseClaimInput = z
  .object({
    documentKind: z.enum(['decision', 'invoice']),
    documentId: id,
    attempt: z.number().int().min(1).max(1000),
    reason: z.string().trim().min(5, zodMessage('delivery.releaseReason')).max(500, zodMessage('delivery.releaseReason')),
  })
  .strict();

export const releasedClaim = z.object({
  document: z.string(),
  attempt: z.number().int(),
  deliveryId: z.string(),
  device: z.string(),
  claimedAt: z.string(),
  route: z.enum(DELIVERY_ROUTES).nullable(),
});

export const handOverInput = z
  .object({
    decisionId: id,
    handedOverOn: isoDate,
    /** To whom: the recipient or their representative (HL 60 § 2 mom). */
    handedOverTo: z.string().trim().min(1).max(200),
  })
  .strict();
