// Roles of the guidance unit's staff and what each may do. Permissions are declared here once and used by
// the contract (who may call a channel), by the core (what a query may return) and by the UI (what it shows).

export const ROLES = ['guidance_worker', 'social_worker', 'client_secretary', 'billing', 'service_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { fi: string; sv: string }> = {
  guidance_worker: { fi: 'Asiakasohjaaja', sv: 'Klienthandledare' },
  social_worker: { fi: 'Sosiaalityöntekijä', sv: 'Socialarbetare' },
  client_secretary: { fi: 'Asiakassihteeri', sv: 'Klientsekreterare' },
  billing: { fi: 'Laskutus', sv: 'Fakturering' },
  service_manager: { fi: 'Palvelupäällikkö', sv: 'Servicechef' },
  admin: { fi: 'Pääkäyttäjä', sv: 'Huvudanvändare' },
};

export const SECTIONS = ['queue', 'clients', 'decisions', 'letters', 'billing', 'reports', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

const SECTION_ROLES: Record<Section, readonly Role[]> = {
  queue: ['guidance_worker', 'social_worker', 'client_secretary', 'service_manager', 'admin'],
  clients: ROLES,
  decisions: ['guidance_worker', 'social_worker', 'client_secretary', 'service_manager', 'admin'],
  letters: ['client_secretary', 'service_manager', 'admin'],
  billing: ['billing', 'service_manager', 'admin'],
  reports: ['guidance_worker', 'social_worker', 'service_manager', 'admin'],
  settings: ROLES,
};

export function sectionsFor(role: Role): Section[] {
  return SECTIONS.filter((s) => SECTION_ROLES[s].includes(role));
}

/** Where a role lands after signing in: where its daily work is (others start at the first section, the queue). */
const HOME_SECTION: Partial<Record<Role, Section>> = { client_secretary: 'letters', billing: 'billing', admin: 'settings' };

export function homeSection(role: Role): Section {
  const open = sectionsFor(role);
  const home = HOME_SECTION[role];
  return home && open.includes(home) ? home : open[0]!;
}

/**
 * Roles whose work spans the whole county, so they see every area's clients: client secretaries send every
 * area's decisions, billing staff bill every client, the service manager leads the whole unit and the
 * administrator maintains it. Every other role sees only the clients, intake items and records of its own
 * areas (user_areas). The core applies this rule in one place (electron/core/access/scope.ts).
 */
export const COUNTY_WIDE_ROLES: readonly Role[] = ['client_secretary', 'billing', 'service_manager', 'admin'];

export function isCountyWide(role: Role): boolean {
  return COUNTY_WIDE_ROLES.includes(role);
}

/** Roles that work the intake queue and may (re)assign its items. */
export const QUEUE_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'client_secretary', 'service_manager', 'admin'];
export const ASSIGN_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager'];
/** Roles that do client work and may see a population-register address under turvakielto. */
export const PROTECTED_ADDRESS_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager'];
/** Roles that may read the access log of a client. */
export const AUDIT_READ_ROLES: readonly Role[] = ['service_manager', 'admin'];
/** Roles that may be assigned intake items. */
export const CASEWORKER_ROLES: readonly Role[] = ['guidance_worker', 'social_worker'];

/** Roles that handle intake items, record assessments and plans. */
export const CASEWORK_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager'];
/** Roles that draft, propose and sign decisions (the delegation rules then decide who may sign what). */
export const DECISION_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager'];
/** Roles that send made decisions. */
export const SEND_ROLES: readonly Role[] = ['client_secretary', 'service_manager', 'admin'];
/** Roles that maintain allocation criteria and the provider register. */
export const CRITERIA_ADMIN_ROLES: readonly Role[] = ['service_manager', 'admin'];
/** Roles that read and handle client fees, invoicing and caregiver payments. */
export const BILLING_ROLES: readonly Role[] = ['billing', 'service_manager', 'admin'];
/** Roles that see a client's fee basis and record interruptions (guidance staff report hospital stays too). */
export const FEE_ROLES: readonly Role[] = ['billing', 'guidance_worker', 'social_worker', 'service_manager', 'admin'];
/** Roles that record when a granted service actually started or ended (guidance staff, billing from the provider's notice). */
export const ARRANGE_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager', 'billing'];
/** Roles that see the granted services still waiting to start (the queue's list and the manager's view). */
export const ARRANGE_READ_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager', 'billing', 'admin'];
/** Roles that read the unit's figures (Raportit). */
export const REPORT_ROLES: readonly Role[] = ['guidance_worker', 'social_worker', 'service_manager', 'admin'];
