// The typed client of the contract: derived from the channel declarations in shared/, no hand-written twin.
import type { ChannelName, EventMap, EventName, InputOf, OutputOf } from '../../../shared/contract/channels';
import type { ErrorCode, FieldIssue } from '../../../shared/contract/errors';
import { createTransport, type Transport } from './transport';

export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export class LuotsiClient {
  constructor(private readonly transport: Transport) {}

  async invoke<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const envelope = await this.transport.invoke(channel, input);
    if (!envelope.ok) throw new ClientError(envelope.error.code, envelope.error.message, envelope.error.issues);
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
