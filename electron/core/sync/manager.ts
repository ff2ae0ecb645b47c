// The workstation's sync as the app runs it: the central connection settings (kept in sync_state, per
// workstation), the signed-in user's credentials (in memory only, for as long as they are signed in), the
// background loop started at sign-in and stopped at sign-out, and the status the indicator shows. A first
// sign-in on a workstation that has no users yet authenticates against the central database and copies what
// the user may see before the local sign-in.
import fs from 'node:fs';
import os from 'node:os';
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';
import { msg } from '../../../shared/messages';
import type { DataChanges } from '../../../shared/contract/sync-schemas';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { SyncLoop, syncCounts, type SyncStatus } from './loop';
import { SyncSession, describeConnectionError, type CentralConnection, type DeliveryClaim, type Progress, type RefusedClaim, type ReleasedClaim } from './session';
import { CENTRAL_SCHEMA_VERSION } from './central/migrate';
import { centralTarget } from './address';
import { NUMBER_RESERVE, numbersLeft, syncsCentrally, type NumberSeries } from '../numbers';
import type { JobRunner } from '../jobs/runner';
import { firstCopySubject, syncFirstCopy } from './first-copy';
import { ERROR_CODES, type ErrorCode } from '../../../shared/contract/errors';

export interface CentralSettings {
  url: string | null;
  tls: 'verify-full' | 'disable';
  /** PEM of the CA that issued the server's certificate; null = the system's trusted roots. */
  ca: string | null;
}

export interface SyncIndicator extends SyncStatus {
  configured: boolean;
  /** The central role the loop runs as (the signed-in user), null when stopped. */
  user: string | null;
  progress: Progress | null;
}

/** The settings as the user gave them, checked: a clear Finnish error for anything that cannot work. */
export function checkCentralSettings(s: CentralSettings): CentralSettings {
  const raw = s.url?.trim() ?? '';
  const ca = s.ca?.trim() ? s.ca.trim() : null;
  if (raw === '') return { url: null, tls: s.tls, ca };
  // Parsed as the driver parses it, every host it would contact checked (address.ts).
  centralTarget(raw, s.tls);
  if (ca) {
    try {
      new X509Certificate(ca);
    } catch {
      throw new AppError('VALIDATION', 'CA-varmenne ei ole kelvollinen PEM-muotoinen varmenne (-----BEGIN CERTIFICATE-----).');
    }
  }
  return { url: raw, tls: s.tls, ca };
}

/**
 * The central database from an installed workstation's deployment configuration: LUOTSI_CENTRAL_URL,
 * LUOTSI_CENTRAL_TLS (verify-full by default) and LUOTSI_CENTRAL_CA (a PEM file). Null when not configured.
 */
export function centralFromEnv(env: NodeJS.ProcessEnv = process.env): CentralSettings | null {
  const url = env.LUOTSI_CENTRAL_URL?.trim();
  if (!url) return null;
  const tls = env.LUOTSI_CENTRAL_TLS === 'disable' ? 'disable' : 'verify-full';
  const caFile = env.LUOTSI_CENTRAL_CA?.trim();
  let ca: string | null = null;
  if (caFile) {
    try {
      ca = fs.readFileSync(caFile, 'utf8');
    } catch {
      throw new AppError('VALIDATION', `CA-varmennetta ei voi lukea tiedostosta ${caFile}.`);
    }
  }
  return checkCentralSettings({ url, tls, ca });
}

/** Who issued the CA certificate and until when it is valid, for the settings page. */
export function describeCa(ca: string | null): { subject: string; validTo: string } | null {
  if (!ca) return null;
  try {
    const c = new X509Certificate(ca);
    return { subject: c.subject.replace(/\n/g, ', '), validTo: new Date(c.validTo).toISOString() };
  } catch {
    return null;
  }
}

export class SyncManager {
  private loop: SyncLoop | null = null;
  private credentials: { user: string; password: string } | null = null;
  private progress: Progress | null = null;
  private lastProgressAt = 0;
  private lastSent = '';
  private lastSeq = -1;
  private jobs: { runner: JobRunner; runHere: boolean } | null = null;
  /** Connections a first copy runs with for a user who is not (yet) signed in here: memory only. */
  private readonly copyConnections = new Map<string, { conn: CentralConnection; batches?: { initial: number } }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly publish: (s: SyncIndicator) => void,
    private readonly onChanges: (c: DataChanges) => void = () => undefined,
  ) {}

  settings(): CentralSettings {
    return this.db.prepare('SELECT central_url AS url, central_tls AS tls, central_ca AS ca FROM sync_state WHERE id = 1').get() as CentralSettings;
  }

  /** Deployment configuration (environment of the installed app) written over the stored settings. */
  applyDeployment(s: CentralSettings): void {
    this.store(checkCentralSettings(s));
  }

  private store(s: CentralSettings) {
    this.db.prepare('UPDATE sync_state SET central_url = ?, central_tls = ?, central_ca = ? WHERE id = 1').run(s.url, s.tls, s.ca);
  }

  private connection(s: CentralSettings, creds: { user: string; password: string }): CentralConnection {
    return { url: s.url!, user: creds.user, password: creds.password, tls: { mode: s.tls, ...(s.ca ? { ca: s.ca } : {}) } };
  }

  status(): SyncIndicator {
    const base = this.loop?.current() ?? {
      state: 'off' as const,
      lastSyncAt: this.db.prepare('SELECT last_sync_at FROM sync_state WHERE id = 1').pluck().get() as string | null,
      ...syncCounts(this.db),
      error: null,
    };
    return { ...base, configured: this.settings().url !== null, user: this.loop ? (this.credentials?.user ?? null) : null, progress: this.progress };
  }

  private send(force = false) {
    const s = this.status();
    const key = JSON.stringify(s);
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    this.publish(s);
  }

  private onProgress = (p: Progress) => {
    // A first copy and large pushes show a progress bar; the many small rounds of a running sync do not.
    if (p.phase !== 'initial' && p.total < 1000) return;
    this.progress = p;
    const now = Date.now();
    if (now - this.lastProgressAt > 250 || p.done === p.total) {
      this.lastProgressAt = now;
      this.send();
    }
  };

  /** Saves new settings and restarts the loop with them (when someone is signed in). */
  async configure(input: CentralSettings): Promise<CentralSettings> {
    const s = checkCentralSettings(input);
    this.store(s);
    await this.restart();
    return s;
  }

  /** A short session of its own (never the loop's, which may be inside a transaction), always closed. */
  private async withSession<T>(s: CentralSettings, creds: { user: string; password: string }, fn: (session: SyncSession) => Promise<T>): Promise<T> {
    const session = await SyncSession.open(this.db, this.clock, this.connection(s, creds), { deviceName: os.hostname() });
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  }

  /** Tries the settings with the signed-in user's credentials without saving them. */
  async test(input: CentralSettings): Promise<{ message: string }> {
    const s = checkCentralSettings(input);
    if (!s.url) throw new AppError('VALIDATION', 'Anna keskustietokannan osoite.');
    if (!this.credentials) throw new AppError('UNAUTHENTICATED', 'Kirjaudu uudelleen sisään, jotta yhteys voidaan kokeilla tunnuksillasi.');
    const user = this.credentials.user;
    try {
      await this.withSession(s, this.credentials, async () => undefined);
    } catch (e) {
      throw new AppError('DATABASE', describeConnectionError(e));
    }
    return { message: `Yhteys toimii: keskustietokannan rakenneversio ${CENTRAL_SCHEMA_VERSION}, käyttäjä ${user}.` };
  }

  /** The user signed in: remember the credentials for the central role and start syncing. */
  async signedIn(user: string, password: string): Promise<void> {
    this.credentials = { user, password };
    await this.restart();
  }

  async signedOut(): Promise<void> {
    this.credentials = null;
    await this.serially(() => this.stopLoop());
    this.send();
  }

  /**
   * A user this workstation cannot check by itself: it has no users yet (a new installation), or no password
   * hash for this user (other users' hashes never leave the central database). The central database checks
   * the password by letting the user connect as their own role; on a workstation without users everything the
   * user may see is copied first, with progress shown; then the user's own row with its hash and their area
   * rows are stored here, so that the local sign-in follows and later sign-ins work offline too.
   * Returns false when there is no central connection to ask.
   */
  async authenticate(user: string, password: string): Promise<boolean> {
    const s = this.settings();
    if (!s.url) return false;
    const empty = (this.db.prepare('SELECT count(*) FROM users WHERE password_hash IS NOT NULL').pluck().get() as number) === 0;
    try {
      await this.withSession(s, { user, password }, async (session) => {
        if (empty) {
          // The password is checked (the session is open): the copy runs as a job, then the rest of a round.
          await this.firstCopy(user, { conn: this.connection(s, { user, password }) });
          await session.syncOnce(this.onProgress);
        }
        await session.storeOwnUser(password);
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === '28P01' || code === '28000') throw new AppError('UNAUTHENTICATED', 'Käyttäjätunnus tai salasana on väärä.');
      if (e instanceof AppError && e.code === 'INVALID_STATE') throw e;
      throw new AppError('DATABASE', `Ensimmäinen kirjautuminen tälle työasemalle tarvitsee yhteyden keskustietokantaan. ${describeConnectionError(e)}`);
    } finally {
      this.progress = null;
    }
    this.send();
    return true;
  }

  /**
   * Makes sure this workstation holds at least `needed` numbers of the series (an invoice run reserves for all
   * its invoices before it starts). A standalone workstation counts its own numbers and needs nothing.
   */
  async ensureNumbers(series: NumberSeries, year: number, needed: number, floor = 1): Promise<void> {
    if (!syncsCentrally(this.db)) return;
    const left = numbersLeft(this.db, series, year);
    if (left >= needed) return;
    const what = series === 'invoice' ? 'laskunumeroita' : 'päätösnumeroita';
    if (!this.credentials)
      throw new AppError('INVALID_STATE', `Tälle työasemalle on varattu ${left} ${what}, tarvitaan ${needed}. Kirjaudu sisään, jotta numeroita voidaan varata keskustietokannasta.`);
    try {
      await this.withSession(this.settings(), this.credentials, (session) => session.reserveNumbers(series, year, Math.max(needed - left, NUMBER_RESERVE[series].block), floor));
    } catch (e) {
      throw new AppError('DATABASE', `Tälle työasemalle on varattu ${left} ${what}, tarvitaan ${needed}, eikä lisää saatu keskustietokannasta. ${describeConnectionError(e)}`);
    }
  }

  /**
   * Claims delivery attempts centrally so that no two workstations send the same letter. A standalone
   * workstation needs no claims. Documents the central database does not have yet (signed here, not pushed) are
   * pushed first and claimed again. Without a connection nothing is claimed: the caller stops and resumes later.
   */
  async claimDeliveries(claims: readonly DeliveryClaim[]): Promise<RefusedClaim[]> {
    if (claims.length === 0 || !syncsCentrally(this.db)) return [];
    if (!this.credentials) throw new AppError('INVALID_STATE', msg('delivery.claimOffline'));
    try {
      return await this.withSession(this.settings(), this.credentials, async (session) => {
        const refused = await session.claimDeliveries(claims);
        // A document this workstation has just made (or whose client it has just moved here) is not yet central: push, ask again.
        if (!refused.some((r) => r.reason === 'not_visible' || r.reason === 'not_made')) return refused;
        await session.push();
        return session.claimDeliveries(claims);
      });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('DATABASE', msg('delivery.claimOffline'));
    }
  }

  /**
   * An administrator releases a delivery claim that another workstation holds and will never finish (it is
   * gone), with the reason; the next claim of the attempt continues that workstation's delivery under its id.
   */
  async releaseDeliveryClaim(document: string, attempt: number, reason: string): Promise<ReleasedClaim> {
    if (!syncsCentrally(this.db)) throw new AppError('INVALID_STATE', msg('delivery.releaseStandalone'));
    if (reason.trim().length < 5 || reason.length > 500) throw new AppError('VALIDATION', msg('delivery.releaseReason'));
    if (!this.credentials) throw new AppError('INVALID_STATE', msg('delivery.claimOffline'));
    try {
      return await this.withSession(this.settings(), this.credentials, (session) => session.releaseDeliveryClaim(document, attempt, reason));
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as { code?: string }).code;
      if (code === '42501') throw new AppError('FORBIDDEN', msg('delivery.releaseNotAdmin'));
      if (code === 'P0002') throw new AppError('NOT_FOUND', msg('delivery.releaseNoClaim'));
      if (code === '55000') throw new AppError('INVALID_STATE', msg('delivery.releaseNotStuck'));
      if (code === '22023') throw new AppError('VALIDATION', msg('delivery.releaseReason'));
      throw new AppError('DATABASE', describeConnectionError(e));
    }
  }

  /** The job runner first copies run on (openCore); runHere: this process runs them itself (the command line). */
  attachJobs(runner: JobRunner, runHere: boolean): void {
    this.jobs = { runner, runHere };
  }

  /**
   * The user's first copy on this workstation as a durable job (sync/first-copy.ts): planned in one transaction
   * with the user's pull cursor (the same job again when one is active), then waited for. `connection` is for a
   * user not signed in here (a new workstation's first sign-in, the command line); it is kept in memory only
   * while the copy runs. Throws when the copy failed or was cancelled.
   */
  async firstCopy(role: string, connection?: { conn: CentralConnection; batches?: { initial: number } }): Promise<{ jobId: string; rows: number }> {
    if (!this.jobs) throw new Error('first copy without a job runner');
    const { runner, runHere } = this.jobs;
    if (connection) this.copyConnections.set(role, connection);
    try {
      const userId = (this.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(role) as string | undefined) ?? null;
      const id = this.db.transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO sync_cursors (role) VALUES (?)').run(role);
        return runner.enqueue(syncFirstCopy, { role }, { subject: firstCopySubject(role), createdBy: userId });
      })();
      runner.wakeJob(id);
      const row = runHere ? await runner.complete(id) : await runner.waitFor(id);
      if (row.status === 'cancelled') throw new AppError('INVALID_STATE', 'Ensimmäinen kopio keskustietokannasta peruttiin. Se jatkuu siitä mihin jäi, kun synkronointi käynnistyy uudelleen.');
      if (row.status === 'failed') throw new AppError(ERROR_CODES.includes(row.error_code as ErrorCode) ? (row.error_code as ErrorCode) : 'DATABASE', row.error ?? 'Ensimmäinen kopio keskustietokannasta epäonnistui.');
      return { jobId: id, rows: (JSON.parse(row.result ?? '{}') as { rows?: number }).rows ?? 0 };
    } finally {
      if (connection) this.copyConnections.delete(role);
    }
  }

  /** Whether the user's first copy here is still to do or its job still to close. */
  needsFirstCopy(role: string): boolean {
    if (this.db.prepare('SELECT initial_state FROM sync_cursors WHERE role = ?').pluck().get(role) !== 'done') return true;
    return this.db.prepare("SELECT 1 FROM jobs WHERE kind = ? AND subject = ? AND status IN ('pending','running')").get(syncFirstCopy.kind, firstCopySubject(role)) !== undefined;
  }

  /**
   * The work of a first-copy job: the copy as far as it is not done, in a session of its own. 'signedOut' when
   * there is no password for the role in memory (a job left by a crash waits for its user), 'stopped' when the
   * signal stopped it (every page so far stored).
   */
  async runFirstCopy(role: string, opts: { signal: AbortSignal; onProgress: (p: Progress) => void }): Promise<{ rows: number; resumed: boolean } | 'signedOut' | 'stopped'> {
    // Done already (a process killed after the copy, before its job was closed): nothing to copy, no password needed.
    if (this.db.prepare('SELECT initial_state FROM sync_cursors WHERE role = ?').pluck().get(role) === 'done') return { rows: 0, resumed: false };
    const given = this.copyConnections.get(role);
    const s = this.settings();
    const conn = given?.conn ?? (this.credentials?.user === role && s.url ? this.connection(s, this.credentials) : null);
    if (!conn) return 'signedOut';
    const session = await SyncSession.open(this.db, this.clock, conn, { deviceName: os.hostname(), ...(given?.batches ? { batches: given.batches } : {}) });
    try {
      if (session.initialDone()) return { rows: 0, resumed: false };
      const resumed = this.db.prepare("SELECT initial_state FROM sync_cursors WHERE role = ?").pluck().get(role) === 'running';
      const rows = await session.initialSync(
        (p) => {
          opts.onProgress(p);
          this.onProgress(p);
        },
        opts.signal,
      );
      return rows === null ? 'stopped' : { rows, resumed };
    } finally {
      this.progress = null;
      await session.close();
    }
  }

  /** Sync now, e.g. from the indicator's button. */
  nudge(): void {
    this.loop?.nudge();
  }

  /** After any call: if it wrote something that waits to be pushed, push now instead of at the next look. */
  afterCall(): void {
    if (!this.loop) return;
    const seq = (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck().get() as number | undefined) ?? 0;
    if (seq === this.lastSeq) return;
    this.lastSeq = seq;
    this.loop.nudge();
    this.send();
  }

  /** Counts changed outside the loop (a conflict resolved, a refusal read). */
  changed(): void {
    this.send();
    this.loop?.nudge();
  }

  /**
   * Loop changes run one at a time: two overlapping restarts (a sign-in while settings are saved, two windows
   * signing in) each started a loop, and the one no longer referenced ran on, past the database's closing.
   */
  private lifecycle: Promise<void> = Promise.resolve();
  private halted = false;
  private serially(fn: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(fn, fn);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  private restart(): Promise<void> {
    return this.serially(() => this.startLoop());
  }

  private async startLoop() {
    await this.stopLoop();
    if (this.halted) return;
    const s = this.settings();
    if (!s.url || !this.credentials) {
      this.send(true);
      return;
    }
    this.loop = new SyncLoop(this.db, this.clock, this.connection(s, this.credentials), {
      deviceName: os.hostname(),
      onStatus: (st) => {
        if (st.state !== 'connecting') this.progress = null;
        this.send();
      },
      onProgress: this.onProgress,
      onSynced: (r) => r.changes && this.onChanges(r.changes),
      // A user without a copy here yet (a second user of the workstation): the copy runs as a job first.
      firstCopy: this.jobs ? (role) => this.firstCopy(role) : undefined,
    });
    this.loop.start();
  }

  private async stopLoop() {
    const l = this.loop;
    this.loop = null;
    this.progress = null;
    await l?.stop();
  }

  /** Stops the loop for good (the app is closing); waits for a round in progress to finish. */
  async close(): Promise<void> {
    this.credentials = null;
    this.halted = true;
    await this.serially(() => this.stopLoop());
  }

  /** Stops at once, before the database closes: a round in progress fails harmlessly and is redone next time. */
  halt(): void {
    this.credentials = null;
    this.halted = true;
    this.loop?.halt();
    this.loop = null;
  }
}
