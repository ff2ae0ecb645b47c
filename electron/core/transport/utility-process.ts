// Entry of the core in Electron's utilityProcess: the main process forwards each window's calls over
// process.parentPort, so no query or job ever blocks the main process. Never imports 'electron'.
import { openCore, defaultDbPath, DEFAULT_DEMO_SIZE, type Core } from '../core';
import { keySourceFromEnv } from '../secrets';
import { Connection, type WireMessage } from './connection';
import { centralFromEnv } from '../sync/manager';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

type FromMain =
  | { kind: 'init'; secretKey: string | null }
  | { kind: 'open'; windowId: number }
  | { kind: 'close'; windowId: number }
  | { kind: 'call'; windowId: number; request: unknown };

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
let core: Core | null = null;
const connections = new Map<number, Connection>();

/** The main process's first message carries the workstation key from the OS keychain (or null: the key file). */
function start(secretKey: string | null): Core {
  return openCore({
    dbPath: process.env.LUOTSI_DB ?? defaultDbPath(),
    resourcesDir: process.env.LUOTSI_RESOURCES,
    seedIfEmpty: DEFAULT_DEMO_SIZE,
    central: centralFromEnv(),
    secretKey: secretKey ? { kind: 'keychain', key: Buffer.from(secretKey, 'base64') } : keySourceFromEnv(),
  });
}

port.on('message', ({ data }) => {
  const msg = data as FromMain;
  if (msg.kind === 'init') {
    core ??= start(msg.secretKey);
    return;
  }
  if (!core) return;
  if (msg.kind === 'open') {
    connections.set(msg.windowId, new Connection(core, (m: WireMessage) => port.postMessage({ windowId: msg.windowId, message: m })));
  } else if (msg.kind === 'close') {
    connections.get(msg.windowId)?.close();
    connections.delete(msg.windowId);
  } else if (msg.kind === 'call') {
    void connections.get(msg.windowId)?.handle(msg.request);
  }
});
port.postMessage({ ready: true });
