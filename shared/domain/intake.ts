// Codes of intake items and clients, shared by the schema, the core and the UI (no zod here, so the UI can
// import them without the validation library).
export const INTAKE_TYPES = ['concern_report', 'application', 'service_request', 'hospital_discharge'] as const;
export const INTAKE_CHANNELS = ['phone', 'electronic', 'letter', 'walk_in', 'hospital'] as const;
export const INTAKE_STATUSES = ['new', 'assigned', 'assessment', 'decision', 'closed', 'forwarded', 'cancelled'] as const;
export const OPEN_INTAKE_STATUSES = ['new', 'assigned', 'assessment', 'decision'] as const;
export const SERVICES_APPLIED = ['home_care', 'support_services', 'service_housing_24h', 'short_term_care', 'family_caregiver_support'] as const;
export const CARE_ALLOWANCE = ['none', 'basic', 'increased', 'highest'] as const;
export const DEADLINE_BASES = ['urgent', 'statutory', 'target'] as const;

export type IntakeType = (typeof INTAKE_TYPES)[number];
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];
export type ServiceApplied = (typeof SERVICES_APPLIED)[number];


/** Positions in a queue row tuple (the wire format of the queue, see shared/contract/schemas.ts queueRow). */
export const QUEUE_COL = {
  id: 0,
  receivedAt: 1,
  type: 2,
  channel: 3,
  clientId: 4,
  name: 5,
  birthDate: 6,
  municipality: 7,
  area: 8,
  urgent: 9,
  due: 10,
  basis: 11,
  status: 12,
  worker: 13,
  service: 14,
  protected: 15,
} as const;
