// Opening the application core: database (with its sync capture triggers), clock, audit, calendar and event fan-out.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assessmentCalendar } from './deadlines/settings';
import type { EventMap, EventName } from '../../shared/contract/channels';
import { AuditLog } from './audit/audit';
import { systemClock, type Clock } from './clock';
import type { CoreServices } from './context';
import { installCapture, withoutCapture } from './sync/capture';
import { SyncManager, type CentralSettings } from './sync/manager';
import { openDatabase } from './db/connection';
import { seedDemo, type SeedResult } from './seed/demo';
import type { SeedProgressListener } from './seed/progress';
import { ensureReferenceData } from './guidance/reference-data';
import { ensureDemoLetterSettings, sealStoredSecrets } from './letters/settings';
import { installSecretKey, keySourceFromEnv, type KeySource } from './secrets';
import { ensureFeeParameters } from './fees/parameters';
import { ensureDemoBillingSettings } from './invoicing/settings';
import { JobRunner, type RunnerOptions } from './jobs/runner';
import { JOB_KINDS } from './jobs/registry';
import type { JobKind } from './jobs/kind';
import { ensureEventPolling } from './suomifi/jobs';

export interface CoreOptions {
  dbPath: string;
  /** Create the database when the file does not exist (default true: the app's own first start). */
  create?: boolean;
  clock?: Clock;
  resourcesDir?: string;
  /** Generate the demo county when the database is new and empty (the embedded default). */
  seedIfEmpty?: { clients: number; intakeItems: number; seed?: number } | null;
  /** Told how generating the demo county goes (the first start shows it). */
  onSeedProgress?: SeedProgressListener;
  /**
   * The central database of an installed workstation (from its deployment configuration). Written over the
   * stored settings; a new, empty workstation is then filled by the first sign-in instead of demo data.
   */
  central?: CentralSettings | null;
  /**
   * Start the job runner, which first resumes what a crash or a shutdown left unfinished (default true: the app
   * and the browser host). The command line passes false and runs the jobs it asks for to completion itself.
   */
  runJobs?: boolean;
  /** Job kinds in addition to the registry's (tests), and runner settings. */
  jobKinds?: readonly JobKind<never>[];
  runner?: RunnerOptions;
  /**
   * Where the workstation key that seals stored secrets comes from (core/secrets.ts): the host's (Electron's
   * keychain), a phrase the administrator gave, or (null/absent, and no LUOTSI_SECRET_KEY) a key file beside the database.
   */
  secretKey?: KeySource | null;
}

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export interface Core extends CoreServices {
  seeded: SeedResult | null;
  onEvent(listener: EventListener): () => void;
  /** Closes at once (a sync round in progress is redone next time). */
  close(): void;
  /** Lets a sync round in progress finish, then closes. */
  shutdown(): Promise<void>;
}

/** The `resources/` folder: explicit, from LUOTSI_RESOURCES, or found upward from this file. */
export function findResourcesDir(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.LUOTSI_RESOURCES) return process.env.LUOTSI_RESOURCES;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, 'demo', 'municipalities.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('resources/ folder not found; set LUOTSI_RESOURCES');
}

export function openCore(opts: CoreOptions): Core {
  const clock = opts.clock ?? systemClock;
  const resourcesDir = findResourcesDir(opts.resourcesDir);
  const db = openDatabase(opts.dbPath, { create: opts.create ?? true });
  try {
    installSecretKey(db, opts.dbPath, opts.secretKey ?? keySourceFromEnv());
    sealStoredSecrets(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const listeners = new Set<EventListener>();
  let seeded: SeedResult | null = null;
  installCapture(db);
  const emit: CoreServices['emit'] = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const sync = new SyncManager(
    db,
    clock,
    (s) => emit('sync.status', s),
    (c) => emit('data.changed', c),
  );
  if (opts.central) sync.applyDeployment(opts.central);
  // Reference data from resources/ and demo data are installed on every workstation alike: not captured for
  // the central database, which receives its copy from `central seed` and then overrides these locally.
  withoutCapture(db, () => {
    ensureReferenceData(db, resourcesDir, clock.now());
    if (opts.seedIfEmpty && !opts.central?.url) {
      const empty = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n === 0;
      if (empty) seeded = seedDemo(db, { ...opts.seedIfEmpty, today: clock.today(), now: clock.now(), resourcesDir, onProgress: opts.onSeedProgress });
    }
    ensureDemoLetterSettings(db, opts.dbPath, clock.now());
    ensureFeeParameters(db, resourcesDir, clock.now());
    ensureDemoBillingSettings(db);
  });
  const jobs = new JobRunner(db, [...JOB_KINDS, ...(opts.jobKinds ?? [])], opts.runner);
  const core: Core = {
    db,
    dbPath: opts.dbPath,
    clock,
    resourcesDir,
    seeded,
    audit: new AuditLog(db, clock),
    calendar: assessmentCalendar(db),
    sync,
    jobs,
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      jobs.close();
      sync.halt();
      listeners.clear();
      db.close();
    },
    async shutdown() {
      await jobs.shutdown();
      await sync.close();
      listeners.clear();
      db.close();
    },
  };
  jobs.attach(core);
  sync.attachJobs(jobs, opts.runJobs === false);
  if (opts.runJobs !== false) {
    ensureEventPolling(core);
    jobs.start();
  }
  return core;
}

/** Where the app keeps its database when none is given. */
export function defaultDataDir(): string {
  if (process.env.LUOTSI_DATA_DIR) return process.env.LUOTSI_DATA_DIR;
  const base = process.env.XDG_DATA_HOME ?? path.join(process.env.HOME ?? process.cwd(), '.local', 'share');
  return path.join(base, 'luotsi');
}

export function defaultDbPath(): string {
  return path.join(defaultDataDir(), 'luotsi.sqlite');
}

export const DEFAULT_DEMO_SIZE = { clients: 30_000, intakeItems: 150_000 };
