// What a handler gets: the open core, the caller's session and a way to notify every window.
import type { Db } from './db/connection';
import type { Clock } from './clock';
import type { AuditLog } from './audit/audit';
import type { User } from '../../shared/contract/schemas';
import type { EventMap, EventName } from '../../shared/contract/channels';
import type { WorkingDayCalendar } from '../../shared/domain/calendar';
import type { SyncManager } from './sync/manager';
import type { JobRunner } from './jobs/runner';

export interface CoreServices {
  db: Db;
  dbPath: string;
  resourcesDir: string;
  clock: Clock;
  audit: AuditLog;
  calendar: WorkingDayCalendar;
  sync: SyncManager;
  /** Durable long jobs: plan them with jobs.enqueue(...) in the transaction of the change that asks for them. */
  jobs: JobRunner;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

/** One per connected window: who is signed in there. */
export interface Session {
  user: User | null;
  /** When the signed-in user last used the session (epoch ms of the core's clock); idle sign-out counts from it. */
  lastActiveAt?: number;
}

export interface HandlerContext extends CoreServices {
  session: Session;
}

export interface SignedInContext extends HandlerContext {
  user: User;
}
