// One connected window: its session, its calls into the dispatcher and the events it receives. Shared by the
// Electron backend process and the browser host, so both bind the same handler table the same way.
import type { EventMap, EventName } from '../../../shared/contract/channels';
import type { Envelope } from '../../../shared/contract/errors';
import type { Core } from '../core';
import type { Session } from '../context';
import { dispatch, type DispatchOptions } from '../dispatch';

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

  constructor(
    private readonly core: Core,
    private readonly send: (message: WireMessage) => void,
    private readonly opts: DispatchOptions = {},
  ) {
    this.unsubscribe = core.onEvent((event, payload) => {
      if (this.session.user || event === 'sync.status') this.send({ kind: 'event', event, payload });
    });
  }

  async handle(raw: unknown): Promise<void> {
    const req = raw as Partial<WireRequest> | null;
    const id = typeof req?.id === 'number' ? req.id : -1;
    const envelope = await dispatch(this.core, this.session, req?.channel, req?.input, this.opts);
    if (envelope.ok) this.core.sync.afterCall();
    this.send({ kind: 'response', id, envelope });
  }

  close(): void {
    this.unsubscribe();
  }
}
