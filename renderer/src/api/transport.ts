// How the renderer reaches the core: the preload's bridge in Electron, a WebSocket in the browser host.
import type { Envelope } from '../../../shared/contract/errors';

export interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  on(event: string, callback: (payload: unknown) => void): () => void;
  /** Connection state changes (browser host only). */
  onStatus?(callback: (connected: boolean) => void): () => void;
}

interface PreloadApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    luotsi?: PreloadApi;
  }
}

function electronTransport(api: PreloadApi): Transport {
  return {
    invoke: (channel, input) => api.invoke(channel, input) as Promise<Envelope<unknown>>,
    on: (event, cb) => api.on(event, cb),
  };
}

function webSocketTransport(): Transport {
  let ws: WebSocket | null = null;
  let open: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(c: boolean) => void>();

  const connect = (): Promise<WebSocket> => {
    if (open) return open;
    open = new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${location.host}/ws`);
      socket.onopen = () => {
        ws = socket;
        statusListeners.forEach((l) => l(true));
        resolve(socket);
      };
      socket.onerror = () => reject(new Error('Yhteys Luotsin palveluun ei onnistunut.'));
      socket.onclose = () => {
        ws = null;
        open = null;
        statusListeners.forEach((l) => l(false));
        for (const [, resolvePending] of pending) {
          resolvePending({ ok: false, error: { code: 'INTERNAL', message: 'Yhteys Luotsin palveluun katkesi. Lataa sivu uudelleen.' } });
        }
        pending.clear();
      };
      socket.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as
          | { kind: 'response'; id: number; envelope: Envelope<unknown> }
          | { kind: 'event'; event: string; payload: unknown };
        if (msg.kind === 'response') {
          pending.get(msg.id)?.(msg.envelope);
          pending.delete(msg.id);
        } else {
          listeners.get(msg.event)?.forEach((l) => l(msg.payload));
        }
      };
    });
    return open;
  };

  return {
    async invoke(channel, input) {
      const socket = ws ?? (await connect());
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    on(event, cb) {
      const set = listeners.get(event) ?? new Set();
      set.add(cb);
      listeners.set(event, set);
      return () => set.delete(cb);
    },
    onStatus(cb) {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
  };
}

export function createTransport(): Transport {
  return window.luotsi ? electronTransport(window.luotsi) : webSocketTransport();
}
