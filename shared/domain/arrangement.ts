// Arranging granted services (palvelun järjestäminen): once a service is granted, the county must arrange it
// without undue delay and at the latest three months from the decision (vanhuspalvelulaki 980/2012 18 § 2 mom).
// Whether and when it actually started (and ended) is recorded per decision line; the state of a line follows.

export const START_SOURCES = ['worker', 'billing', 'provider_notice', 'decision'] as const;
export type StartSource = (typeof START_SOURCES)[number];
/** Sources a user may choose ('decision' marks dates taken from the decision itself, by a database update or a termination decision). */
export const RECORDED_SOURCES = ['worker', 'billing', 'provider_notice'] as const;
export type RecordedSource = (typeof RECORDED_SOURCES)[number];

export const END_REASONS = ['need_ended', 'client_wish', 'other_service', 'moved_away', 'deceased', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const NOT_STARTED_REASONS = ['declined', 'deceased', 'moved_away', 'need_ended', 'other'] as const;
export type NotStartedReason = (typeof NOT_STARTED_REASONS)[number];

/** Outcomes whose lines grant a service that must be arranged. */
export const GRANTING_OUTCOMES = ['grant', 'partial_grant', 'change'] as const;

/** The stored status of a granted line (service_periods.status). */
export const PERIOD_STATUSES = ['awaiting', 'started', 'not_started', 'continues', 'superseded'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/**
 * awaiting: granted, not started, arrange-by still ahead · overdue: arrange-by passed without a start ·
 * started: running · ended: ended before today · not_started: will not start (declined, died, moved) ·
 * continues: a change to a service already running (nothing new to arrange) · superseded: replaced by a
 * later decision about the same service before it started.
 */
export const ARRANGEMENT_STATES = ['awaiting', 'overdue', 'started', 'ended', 'not_started', 'continues', 'superseded'] as const;
export type ArrangementState = (typeof ARRANGEMENT_STATES)[number];

/** The state of a granted line on `today`: overdue from the day after its arrange-by date. */
export function arrangementState(p: { status: PeriodStatus; arrangeBy: string | null; endedOn: string | null }, today: string): ArrangementState {
  switch (p.status) {
    case 'started':
      return p.endedOn !== null && p.endedOn < today ? 'ended' : 'started';
    case 'awaiting':
      return p.arrangeBy !== null && p.arrangeBy < today ? 'overdue' : 'awaiting';
    default:
      return p.status;
  }
}
