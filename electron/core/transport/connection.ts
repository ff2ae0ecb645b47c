// One connected window: its session, its calls into the dispatcher and the events it receives. Shared by the
// Electron backend process and the browser host, so both bind the same handler table the same way.
import type { EventMap, EventName } from '../../../shared/contract/channels';
import type { Envelope } from '../../../shared/contract/errors';
import type { Core } from '../core';
import type { Session } from '../context';
import { dispatch, type DispatchOptions } from '../dispatch';
import { endIdleSession, idleTimedOut } from '../auth/service';

/** How often an open window's session is checked for idleness (the window checks its own input too). */
const IDLE_SWEEP_MS = 20_000;

export interface WireRequest {
  id: number;
  channel: string;
  input: unknown;
}

export type WireMessage =
  | { kind: 'response'; id: number; envelope: Envelope<unknown> }
  | { kind: 'event'; event: EventName; payload: EventMap[EventName] };

export class Connection {
  readonly session: Session = { user: null };
  private readonly unsubscribe: () => void;
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly core: Core,
    private readonly send: (message: WireMessage) => void,
    private readonly opts: DispatchOptions = {},
  ) {
    this.unsubscribe = core.onEvent((event, payload) => {
      if (this.session.user || event === 'sync.status') this.send({ kind: 'event', event, payload });
    });
    // A window left open and unused (or gone without signing out) loses its session here, which also stops the
    // sync that runs with the user's password.
    this.sweep = setInterval(() => this.endIfIdle(), IDLE_SWEEP_MS);
    this.sweep.unref();
  }

  endIfIdle(): void {
    if (!idleTimedOut(this.core, this.session)) return;
    endIdleSession(this.core, this.session);
    this.send({ kind: 'event', event: 'session.ended', payload: { reason: 'idle' } });
  }

  async handle(raw: unknown): Promise<void> {
    const req = raw as Partial<WireRequest> | null;
    const id = typeof req?.id === 'number' ? req.id : -1;
    // Each call runs in its own turn of the event loop, in the order the calls came. The WebSocket delivers every
    // message of one read synchronously (ws's allowSynchronousEvents), and the handlers are mostly synchronous
    // SQLite work: without this turn, calls sent together (Raportit's 11 parts) all ran first and every answer
    // left only after the last one, so the page's first figure waited for the slowest (measured in the browser:
    // all 11 answers arrived within 5 ms of each other, 1–1.5 s after they were asked for).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const envelope = await dispatch(this.core, this.session, req?.channel, req?.input, this.opts);
    if (envelope.ok) this.core.sync.afterCall();
    this.send({ kind: 'response', id, envelope });
  }

  close(): void {
    clearInterval(this.sweep);
    this.unsubscribe();
  }
}
