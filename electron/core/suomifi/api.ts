// The request and response shapes of the Suomi.fi Messages REST API that Luotsi uses (api.messages.suomi.fi,
// "api-docs"): access token (v1), password change (v1), active mailboxes (v1), attachments, multichannel and
// electronic messages and the events feed (v2). Responses are checked here, so that an answer of the wrong
// shape is an error with a name rather than an undefined deep inside the sender.
import { z } from 'zod';

export const PATHS = {
  token: '/v1/token',
  changePassword: '/v1/change-password',
  activeMailboxes: '/v1/mailboxes/active',
  attachments: '/v2/attachments',
  messages: '/v2/messages',
  electronicMessages: '/v2/messages/electronic',
  events: '/v2/events',
} as const;

/** POST /v1/token → an OAuth 2.0 style token response (RFC 6749 5.1). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/** POST /v1/mailboxes/active: at most 10,000 ids a request. */
export const MAILBOX_CHECK_MAX = 10_000;
export const activeMailboxesResponse = z.object({ endUsersWithActiveMailbox: z.array(z.object({ id: z.string() })) });

/** POST /v2/attachments (multipart/form-data, field "file") → the attachment's id; used within 24 hours. */
export const attachmentResponse = z.object({ attachmentId: z.string().min(1) });

/** POST /v2/messages and /v2/messages/electronic → the service's message id. */
export const messageResponse = z.object({ messageId: z.number().int() });

/** An error body: a reason, validation errors, and for a duplicate (409) the existing message's id. */
export const apiError = z
  .object({
    reason: z.string().optional(),
    validationErrors: z.array(z.object({ error: z.string(), errorCode: z.string().nullish() })).nullish(),
    messageId: z.number().int().nullish(),
  })
  .passthrough();
export type ApiError = z.infer<typeof apiError>;

/** GET /v2/events[?continuationToken=…]: at most 1,000 events a page; an empty page means nothing more now. */
export const eventsResponse = z.object({
  continuationToken: z.string().min(1),
  events: z.array(
    z.object({
      type: z.string(),
      eventTime: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'eventTime is not a time'),
      metadata: z.object({ messageId: z.number().int(), serviceId: z.string(), externalId: z.string().nullish() }).passthrough(),
    }),
  ),
});
export type EventsPage = z.infer<typeof eventsResponse>;
export type SuomifiEvent = EventsPage['events'][number];

export interface PostalAddress {
  name: string;
  /** Second name row, e.g. "c/o …". */
  additionalName?: string;
  streetAddress: string;
  zipCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export type Visibility = 'Normal' | 'Recipient only';

export interface ElectronicPart {
  attachments: { attachmentId: string }[];
  body: string;
  bodyFormat: 'Text' | 'Markdown';
  messageServiceType: 'Normal' | 'Verifiable';
  notifications: {
    senderDetailsInNotifications: 'Organisation and service name' | 'None';
    unreadMessageNotification: { reminder: 'Default reminder' | 'No reminders' };
  };
  replyAllowedBy: 'Anyone' | 'No one';
  title: string;
  visibility: Visibility;
}

export interface PaperMailPart {
  attachments: { attachmentId: string }[];
  colorPrinting: boolean;
  createAddressPage: boolean;
  messageServiceType: 'Normal' | 'Verifiable';
  printingAndEnvelopingService: { postiMessaging: { contactDetails: { email: string }; username: string; password: string } };
  recipient: { address: PostalAddress };
  rotateLandscapePages: boolean;
  sender: { address: PostalAddress };
  twoSidedPrinting: boolean;
}

/** POST /v2/messages: electronic to an active mailbox, otherwise the paper part printed and posted. */
export interface MultichannelMessage {
  externalId: string;
  electronic: ElectronicPart;
  paperMail: PaperMailPart;
  recipient: { id: string };
  sender: { serviceId: string };
}

/** POST /v2/messages/electronic: electronic only; refused when the recipient has no active mailbox. */
export interface ElectronicMessage {
  externalId: string;
  electronic: ElectronicPart;
  recipient: { id: string };
  sender: { serviceId: string };
}

export interface ChangePasswordRequest {
  accessToken: string;
  currentPassword: string;
  newPassword: string;
}
