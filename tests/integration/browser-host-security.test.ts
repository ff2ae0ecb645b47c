// The browser host attacked as any local process (or a signed-in user) could: malformed request lines and paths,
// broken and oversized WebSocket frames, random bytes from a seeded fuzzer. The host runs in a process of its own
// and must survive every one and keep serving. Then the area scope over a real session's WebSocket: a one-area
// worker and a client secretary try what the security review tried.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

let child: ChildProcess;
let urls: string[] = [];
let dbPath = '';
let origin = '';
let port = 0;
let stderr = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/browser-host-child.ts'), '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}\n${stderr}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      urls = [...out.matchAll(/^URL (\S+)$/gm)].map((m) => m[1]!);
      dbPath = /^DB (.+)$/m.exec(out)?.[1] ?? '';
      if (urls.length === 4) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}\n${stderr}`)));
  });
  origin = new URL(urls[0]!).origin;
  port = Number(new URL(urls[0]!).port);
}, 150_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

async function redeem(url: string): Promise<string> {
  const r = await fetch(url, { redirect: 'manual' });
  expect(r.status).toBe(303);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

/** Sends raw bytes on a fresh TCP connection; resolves with whatever came back when the server closed or went quiet. */
function raw(bytes: Buffer | string, quietMs = 400): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    let timer: NodeJS.Timeout;
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    s.on('data', (d) => {
      got += d.toString('latin1');
      arm();
    });
    s.on('error', done);
    s.on('close', done);
    s.on('connect', () => {
      s.write(bytes);
      arm();
    });
  });
}

/** The host process is alive and still serves a session's page. */
async function stillServing(cookie: string) {
  expect(child.exitCode, `host died:\n${stderr.slice(-2000)}`).toBeNull();
  const r = await fetch(`${origin}/`, { headers: { cookie } });
  expect(r.status).toBe(200);
  expect(await r.text()).toContain('Luotsi');
}

/** A seeded pseudo-random generator (mulberry32), so a failing fuzz case can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the browser host under malformed HTTP', () => {
  let cookie = '';
  beforeAll(async () => {
    cookie = await redeem(urls[0]!);
  });

  it('answers the requests that used to kill it and keeps serving', async () => {
    const withSession = `Host: 127.0.0.1\r\nCookie: ${cookie}\r\n\r\n`;
    for (const line of [
      `GET /%E0%A4%A HTTP/1.1\r\n${withSession}`,
      `GET /% HTTP/1.1\r\n${withSession}`,
      `GET /%00 HTTP/1.1\r\n${withSession}`,
      `GET /..%2F..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\n${withSession}`,
      `GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET http://[::1 HTTP/1.1\r\n${withSession}`,
      `GET /?token=%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]) {
      const answer = await raw(line);
      expect(answer, line).toMatch(/^HTTP\/1\.1 (400|401|403|404)/);
      expect(answer).not.toContain('root:');
      await stillServing(cookie);
    }
  });

  it('survives garbage, broken request lines, huge headers and odd methods', async () => {
    const cases = [
      Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 13, 10, 13, 10]),
      'GET / HTTP/9.9\r\n\r\n',
      'GET\r\n\r\n',
      `GET /${'A'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(200_000)}\r\n\r\n`,
      'GET / HTTP/1.1\r\nHost x\r\nno colon here\r\n\r\n',
      'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n',
      'TRACE / HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      `GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nCookie: ${cookie}\r\n\r\n`,
      `GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 99\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n\r\n`,
    ];
    for (const c of cases) {
      await raw(c);
      await stillServing(cookie);
    }
  });

  it('survives a fuzzer of request lines and paths (seeded)', async () => {
    const r = rng(20261202);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const methods = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'G\u00e9T', 'GET GET', ''];
    const pieces = ['/', '%', '%E0', '%A4%A', '%C0%AF', '%FF', '..', '\\', '?', '#', '[', ']', '::1', 'http://', '//', 'ws', 'token=', '%00', '\u00e4', '\ud83d', ' ', '\t'];
    const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/1.1x', ''];
    for (let i = 0; i < 250; i++) {
      let target = '';
      const n = 1 + Math.floor(r() * 8);
      for (let k = 0; k < n; k++) target += pick(pieces);
      const headers = r() < 0.6 ? `Host: 127.0.0.1\r\nCookie: ${cookie}\r\n` : r() < 0.5 ? 'Host: x\r\n' : '';
      await raw(`${pick(methods)} ${target} ${pick(versions)}\r\n${headers}\r\n`, 60);
      if (i % 25 === 24) await stillServing(cookie);
    }
    await stillServing(cookie);
  }, 120_000);
});

// ---- WebSocket frames --------------------------------------------------------------------------------------

/** A raw WebSocket connection after a correct handshake, to send frames the `ws` client would never write. */
function rawSocket(cookie: string): Promise<{ socket: net.Socket; closed: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | null = null;
    const closed = new Promise<number | null>((r) => socket.on('close', () => r(closeCode)));
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        resolve({ socket, closed });
      }
      // A close frame from the server: opcode 8, its code in the first two payload bytes.
      if (buf.length >= 4 && (buf[0]! & 0x0f) === 8) closeCode = buf.readUInt16BE(2);
    });
    socket.on('connect', () =>
      socket.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n` +
          `Sec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n\r\n`,
      ),
    );
  });
}

function frame(opcode: number, payload: Buffer, o: { fin?: boolean; mask?: boolean; rsv?: number; length?: bigint } = {}): Buffer {
  const fin = o.fin ?? true;
  const mask = o.mask ?? true;
  const len = o.length ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode];
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push((mask ? 0x80 : 0) | Number(len));
  else if (len < 65536n) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

/** A JSON client of the contract over the host's WebSocket, as the renderer's transport is. */
async function contractClient(cookie: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie, origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (v: unknown) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { kind: string; id: number; envelope: unknown };
    if (m.kind === 'response') waiting.get(m.id)?.(m.envelope);
  });
  const call = (channel: string, input: unknown) =>
    new Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (v: unknown) => void);
      ws.send(JSON.stringify({ id, channel, input }));
    });
  return { ws, call };
}

describe('the browser host under broken WebSocket frames', () => {
  let cookie = '';
  beforeAll(async () => {
    cookie = await redeem(urls[1]!);
  });

  it('closes a connection on each protocol error with the right code, and keeps serving', async () => {
    const cases: [string, Buffer, number][] = [
      ['text frame with invalid UTF-8', frame(1, Buffer.from([0xc3, 0x28, 0xa0, 0xa1])), 1007],
      ['unmasked client frame', frame(1, Buffer.from('{}'), { mask: false }), 1002],
      ['reserved opcode', frame(3, Buffer.from('x')), 1002],
      ['RSV1 without an extension', frame(1, Buffer.from('{}'), { rsv: 4 }), 1002],
      ['control frame over 125 bytes', frame(9, Buffer.alloc(200, 1)), 1002],
      ['fragmented control frame', frame(9, Buffer.from('x'), { fin: false }), 1002],
      ['length over the 8 MB limit', frame(2, Buffer.alloc(0), { length: 9n * 1024n * 1024n }), 1009],
      ['64-bit length with the top bit set', frame(2, Buffer.alloc(0), { length: 2n ** 63n + 5n }), 1009],
      ['close frame with an invalid code', frame(8, Buffer.from([0x03, 0xe7])), 1002],
      ['continuation without a start', frame(0, Buffer.from('x')), 1002],
    ];
    for (const [what, bytes, code] of cases) {
      const { socket, closed } = await rawSocket(cookie);
      socket.write(bytes);
      const got = await Promise.race([closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 5000))]);
      socket.destroy();
      expect(got, what).toBe(code);
      await stillServing(cookie);
    }
  });

  it('closes a 9 MB message over the 8 MB limit with 1009 and serves the next connection', async () => {
    const { ws } = await contractClient(cookie);
    const code = await new Promise<number>((resolve) => {
      ws.on('close', (c) => resolve(c));
      ws.on('error', () => undefined);
      ws.send(JSON.stringify({ id: 1, channel: 'session.current', input: { pad: 'x'.repeat(9 * 1024 * 1024) } }));
    });
    expect(code).toBe(1009);
    await stillServing(cookie);
    const again = await contractClient(cookie);
    expect(await again.call('session.current', {})).toEqual({ ok: true, value: null });
    again.ws.close();
  });

  it('answers a malformed message as an error and keeps the connection', async () => {
    const { ws, call } = await contractClient(cookie);
    const answer = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.send('{not json');
    expect(JSON.parse(await answer)).toMatchObject({ kind: 'response', id: -1, envelope: { ok: false, error: { code: 'VALIDATION' } } });
    for (const m of ['null', '[]', '42', '{"id":"x","channel":{},"input":[]}', '{"id":1e309,"channel":"session.current"}', '{"__proto__":{"ok":true}}']) ws.send(m);
    expect(await call('session.current', {})).toEqual({ ok: true, value: null });
    ws.close();
  });

  it('survives a fuzzer of random frames (seeded)', async () => {
    const r = rng(17);
    for (let conn = 0; conn < 12; conn++) {
      const { socket, closed } = await rawSocket(cookie);
      for (let i = 0; i < 20; i++) {
        const opcode = Math.floor(r() * 16);
        const payload = Buffer.from(Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256)));
        const bytes = r() < 0.3 ? payload : frame(opcode, payload, { fin: r() < 0.8, mask: r() < 0.9, rsv: r() < 0.1 ? Math.floor(r() * 8) : 0 });
        if (socket.writable) socket.write(bytes);
      }
      await Promise.race([closed, new Promise((res) => setTimeout(res, 300))]);
      socket.destroy();
      expect(child.exitCode).toBeNull();
    }
    await stillServing(cookie);
  }, 60_000);
});

describe('area scope over a real session', () => {
  it('a one-area worker cannot open, reveal or list another area’s client over the WebSocket', async () => {
    const { ws, call } = await contractClient(await redeem(urls[2]!));
    expect(await call('session.signIn', { username: 'ohjaaja', password: 'demo' })).toMatchObject({ ok: true });
    const db = new Database(dbPath, { readonly: true });
    try {
      const myArea = db.prepare("SELECT area_id FROM user_areas WHERE user_id = (SELECT id FROM users WHERE username = 'ohjaaja')").pluck().get() as string;
      const other = db.prepare('SELECT id, hetu FROM clients WHERE area_id <> ? AND address_protected = 1 LIMIT 1').get(myArea) as { id: string; hetu: string };
      const missing = { ok: false, error: { code: 'NOT_FOUND', message: 'Asiakasta ei löytynyt.', key: 'notFound.client' } };
      expect(await call('clients.get', { clientId: other.id })).toEqual(missing);
      expect(await call('clients.revealHetu', { clientId: other.id })).toEqual(missing);
      expect(await call('clients.search', { query: other.hetu, limit: 10 })).toEqual({ ok: true, value: [] });
      const page = (await call('queue.page', { areaId: null, includeClosed: true, after: null, limit: 50_000 })) as { ok: true; value: { rows: unknown[][] } };
      expect(page.value.rows.length).toBe(db.prepare('SELECT count(*) FROM intake_items WHERE area_id = ?').pluck().get(myArea));
      expect(page.value.rows.every((row) => row[8] === myArea)).toBe(true);
      expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'client.open' AND client_id = ?").pluck().get(other.id)).toBe(0);
      expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'access.denied'").pluck().get()).toBe(2);
    } finally {
      db.close();
      ws.close();
    }
  });

  it('a client secretary cannot see or write a protected register address through a sync conflict', async () => {
    const db = new Database(dbPath);
    db.pragma('busy_timeout = 5000');
    const c = db.prepare('SELECT * FROM clients WHERE address_protected = 1 LIMIT 1').get() as Record<string, unknown>;
    const id = crypto.randomUUID();
    db.prepare('INSERT INTO sync_conflicts (id, entity, row_key, base_version, server_version, mine, theirs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id,
      'clients',
      c.id,
      Number(c.version) - 1,
      Number(c.version),
      JSON.stringify({ ...c, street_address: 'Piilokatu 7' }),
      JSON.stringify(c),
      new Date().toISOString(),
    );
    const { ws, call } = await contractClient(await redeem(urls[3]!));
    try {
      expect(await call('session.signIn', { username: 'sihteeri', password: 'demo' })).toMatchObject({ ok: true });
      const list = (await call('sync.conflicts', {})) as { ok: true; value: { conflicts: { id: string }[] } };
      const seen = list.value.conflicts.find((x) => x.id === id);
      expect(seen).toBeTruthy();
      expect(JSON.stringify(seen)).not.toContain('Piilokatu 7');
      expect(JSON.stringify(seen)).not.toContain(String(c.street_address));
      expect(await call('sync.resolve', { id, choice: 'mine', pick: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(db.prepare('SELECT street_address FROM clients WHERE id = ?').pluck().get(c.id)).toBe(c.street_address);
      expect(db.prepare('SELECT resolved_at FROM sync_conflicts WHERE id = ?').pluck().get(id)).toBeNull();
    } finally {
      ws.close();
      db.close();
    }
  });
});
