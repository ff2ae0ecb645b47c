// The typed client of the contract: derived from the channel declarations in shared/, no hand-written twin.
import type { ChannelName, EventMap, EventName, InputOf, OutputOf } from '../../../shared/contract/channels';
import type { ErrorCode, ErrorPayload, FieldIssue } from '../../../shared/contract/errors';
import type { MessageParams } from '../../../shared/messages';
import { createTransport, type Transport } from './transport';

/** A refused call: the kind, the message by key with its parameters (worded by renderer/src/i18n/messages.ts),
 * the core's Finnish wording as `message`, and the field issues. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly key: string | undefined;
  readonly params: MessageParams | undefined;
  readonly issues: FieldIssue[] | undefined;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.key = payload.key;
    this.params = payload.params;
    this.issues = payload.issues;
  }
}

export class LuotsiClient {
  constructor(private readonly transport: Transport) {}

  async invoke<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const envelope = await this.transport.invoke(channel, input);
    if (!envelope.ok) throw new ClientError(envelope.error);
    return envelope.value as OutputOf<K>;
  }

  on<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void {
    return this.transport.on(event, callback as (p: unknown) => void);
  }

  onStatus(callback: (connected: boolean) => void): () => void {
    return this.transport.onStatus?.(callback) ?? (() => {});
  }
}

export const client = new LuotsiClient(createTransport());
