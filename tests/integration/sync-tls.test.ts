// TLS to the central database, for real: a PostgreSQL server with a certificate for "localhost" issued by a
// test CA (made with openssl). verify-full with that CA connects; another CA, a name the certificate does not
// carry, and a server without TLS are refused with a clear message, before any data moves.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import { migrateCentral } from '../../electron/core/sync/central/migrate';
import { describeConnectionError, SyncSession, type CentralConnection } from '../../electron/core/sync/session';
import { checkCentralSettings } from '../../electron/core/sync/manager';
import { startEmbeddedPostgres } from '../support/postgres';
import { tempDir, TODAY } from '../support/core';

const dir = tempDir('luotsi-tls-');
let server: { url: string; stop: () => Promise<void> } | null = null;
let port = 0;
let core: Core;
let ca = '';
let otherCa = '';

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA, and a server certificate for localhost issued by it. */
function makeCertificates() {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Luotsi testi-CA');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '30', '-subj', '/CN=Joku muu CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '30', '-extfile', 'san.ext');
  ca = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  otherCa = fs.readFileSync(path.join(dir, 'other.pem'), 'utf8');
}

const conn = (host: string, tls: CentralConnection['tls']): CentralConnection => ({
  url: `postgres://${host}:${port}/postgres`,
  user: 'tls_user',
  password: 'demo',
  tls,
});

async function attempt(c: CentralConnection): Promise<string> {
  try {
    const s = await SyncSession.open(core.db, core.clock, c);
    await s.close();
    return 'ok';
  } catch (e) {
    return describeConnectionError(e);
  }
}

beforeAll(async () => {
  makeCertificates();
  fs.chmodSync(dir, 0o755);
  server = await startEmbeddedPostgres(dir, {
    flags: ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.pem', '-c', 'ssl_key_file=server.key'],
    // The server reads its key only when the key belongs to the server's own user and no one else can read it.
    beforeStart: (dataDir) => {
      const owner = fs.statSync(dataDir);
      for (const f of ['server.pem', 'server.key']) {
        const to = path.join(dataDir, f);
        fs.copyFileSync(path.join(dir, f), to);
        fs.chownSync(to, owner.uid, owner.gid);
        fs.chmodSync(to, 0o600);
      }
    },
  });
  port = Number(new URL(server.url).port);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await migrateCentral(admin);
  await admin.query("CREATE ROLE tls_user LOGIN PASSWORD 'demo' IN ROLE luotsi_user");
  await admin.query("INSERT INTO sync_users (role_name, user_id, all_areas, areas) VALUES ('tls_user', 'u', true, '{}')");
  // Its user: the central database takes the role and areas from the live users row (an active administrator).
  await admin.query(
    "INSERT INTO sync_rows (entity, row_key, version, data) VALUES ('users', 'u', nextval('sync_version_seq'), '{\"id\": \"u\", \"username\": \"tls_user\", \"role\": \"admin\", \"active\": 1}')",
  );
  await admin.end();
  core = openCore({ dbPath: path.join(dir, 'ws.sqlite'), clock: fixedDateClock(TODAY) });
}, 120_000);

afterAll(async () => {
  core?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TLS verify-full', () => {
  it('connects with the CA that issued the server certificate, and the connection is encrypted', async () => {
    expect(await attempt(conn('localhost', { mode: 'verify-full', ca }))).toBe('ok');
    const s = await SyncSession.open(core.db, core.clock, conn('localhost', { mode: 'verify-full', ca }));
    try {
      const r = await s.pg.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(r.rows[0]!.ssl).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('refuses another CA, a name the certificate does not carry, and a server without TLS', async () => {
    expect(await attempt(conn('localhost', { mode: 'verify-full', ca: otherCa }))).toBe('Keskustietokannan varmenne ei kelpaa (TLS verify-full).');
    expect(await attempt(conn('127.0.0.1', { mode: 'verify-full', ca }))).toBe('Keskustietokannan varmenne ei kelpaa (TLS verify-full).');
    // The system's trusted roots do not know the test CA either.
    expect(await attempt(conn('localhost', { mode: 'verify-full' }))).toBe('Keskustietokannan varmenne ei kelpaa (TLS verify-full).');
    const plain = new URL(inject('postgresUrl'));
    const noTls = await attempt({ url: `postgres://localhost:${plain.port}/postgres`, user: 'ohjaaja', password: 'demo', tls: { mode: 'verify-full', ca } });
    expect(noTls).toBe('Keskustietokanta ei tue salattua yhteyttä (TLS). Tarkista osoite tai pyydä ylläpitoa ottamaan TLS käyttöön.');
  });

  it('the settings accept the CA and refuse a plain connection to another machine', () => {
    expect(checkCentralSettings({ url: 'postgresql://keskus.example.fi/luotsi', tls: 'verify-full', ca }).ca).toContain('BEGIN CERTIFICATE');
    expect(() => checkCentralSettings({ url: 'postgresql://keskus.example.fi/luotsi', tls: 'disable', ca: null })).toThrow(/Salaamaton yhteys sallitaan vain/);
  });
});
