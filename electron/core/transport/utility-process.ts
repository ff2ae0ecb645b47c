// Entry of the core in Electron's utilityProcess: the main process forwards each window's calls over
// process.parentPort, so no query or job ever blocks the main process. Never imports 'electron'.
import type { StartupStatus } from '../../../shared/contract/channels';
import { openCore, defaultDbPath, DEFAULT_DEMO_SIZE, type Core } from '../core';
import { toErrorPayload } from '../dispatch';
import { keySourceFromEnv } from '../secrets';
import { startupStatus } from '../seed/progress';
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

/** What the backend tells main outside any window's calls: how the start goes (main shows it in every window). */
export type BackendNotice = { kind: 'startup'; status: StartupStatus };

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
const notify = (n: BackendNotice) => port.postMessage(n);
let core: Core | null = null;
const connections = new Map<number, Connection>();

/**
 * The main process's first message carries the workstation key from the OS keychain (or null: the key file).
 * On a first start the demo county is generated here; its progress goes to the windows as it is made.
 */
function start(secretKey: string | null): Core {
  let started: Core;
  try {
    started = openCore({
      dbPath: process.env.LUOTSI_DB ?? defaultDbPath(),
      resourcesDir: process.env.LUOTSI_RESOURCES,
      seedIfEmpty: DEFAULT_DEMO_SIZE,
      central: centralFromEnv(),
      secretKey: secretKey ? { kind: 'keychain', key: Buffer.from(secretKey, 'base64') } : keySourceFromEnv(),
      onSeedProgress: (p) => notify({ kind: 'startup', status: startupStatus(p) }),
    });
  } catch (e) {
    const message = toErrorPayload(e, { log: (m, err) => process.stderr.write(`${m}: ${err instanceof Error ? err.stack : String(err)}\n`) }).message;
    notify({ kind: 'startup', status: { state: 'failed', phase: null, fraction: 0, secondsLeft: null, message } });
    throw e;
  }
  notify({ kind: 'startup', status: { state: 'ready', phase: null, fraction: 1, secondsLeft: 0, message: null } });
  return started;
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
