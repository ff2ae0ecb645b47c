// Browser host: serves the built renderer on 127.0.0.1 and binds the core's handler table to a WebSocket.
// Access is guarded by a one-time token: opening /?token=… once sets an HttpOnly session cookie and the token
// is spent; WebSocket upgrades need that cookie and our own origin. No business logic lives here.
//
// Any local process can talk to this port, so nothing a client sends may stop it: a malformed request line or
// path, a broken socket, an oversized or invalid WebSocket frame each end that one request or connection with
// an error, and the host keeps serving (tests/integration/browser-host-fuzz.test.ts).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/core';
import { Connection, type WireMessage } from '../core/transport/connection';

export interface BrowserHostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  validateOutput?: boolean;
  log?: (line: string) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  /** A fresh one-time URL (each token opens one browser session). */
  mintUrl(): string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const COOKIE = 'luotsi_session';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const tokens = new Set<string>();
  const sessions = new Set<string>();
  const log = opts.log ?? (() => {});
  const root = path.resolve(opts.rendererDir);
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`Built renderer not found in ${root}; run "npm run build" first.`);
  let origin = '';

  const badRequest = (res: http.ServerResponse, status = 400, text = 'Virheellinen pyyntö.') => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };

  const server = http.createServer((req, res) => {
    try {
      serve(req, res);
    } catch (e) {
      log(`Request ${String(req.method).slice(0, 10)} ${String(req.url).slice(0, 200)} failed: ${e instanceof Error ? e.message : String(e)}`);
      badRequest(res);
    }
  });

  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return badRequest(res);
    }
    const token = url.searchParams.get('token');
    if (token !== null) {
      const match = [...tokens].find((t) => safeEqual(t, token));
      if (!match) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Kertakäyttöinen avain on jo käytetty tai virheellinen. Käynnistä Luotsi uudelleen tai pyydä uusi osoite.\n');
        return;
      }
      tokens.delete(match);
      const secret = randomBytes(32).toString('base64url');
      sessions.add(secret);
      res.writeHead(303, { location: '/', 'set-cookie': `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/` });
      res.end();
      return;
    }
    const cookie = readCookie(req.headers.cookie, COOKIE);
    if (!cookie || !sessions.has(cookie)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Avaa Luotsi käynnistyksessä tulostetusta osoitteesta.\n');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return badRequest(res);
    }
    const file = path.resolve(root, `.${rel}`);
    if (rel.includes('\0') || !file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Ei löytynyt.\n');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ${origin.replace('http', 'ws')}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
  // A request the HTTP parser cannot read (a broken request line, headers too large) ends that connection only.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  wss.on('error', (e) => log(`WebSocket server: ${e.message}`));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const cookie = readCookie(req.headers.cookie, COOKIE);
    if (req.url !== '/ws' || req.headers.origin !== origin || !cookie || !sessions.has(cookie)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws: WebSocket) => {
    const send = (m: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const conn = new Connection(opts.core, send, {
      validateOutput: opts.validateOutput,
      log: (m, e) => log(`${m}: ${e instanceof Error ? (e.stack ?? e.message) : JSON.stringify(e)}`),
    });
    // A protocol error (a message over the limit, a text frame that is not UTF-8, a bad opcode) closes this
    // connection with the matching close code; it never reaches the process.
    ws.on('error', (e) => log(`WebSocket connection closed: ${e.message}`));
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        send({ kind: 'response', id: -1, envelope: { ok: false, error: { code: 'VALIDATION', message: 'Viesti ei ole kelvollista JSONia.' } } });
        return;
      }
      conn.handle(parsed).catch((e: unknown) => log(`Call failed: ${e instanceof Error ? e.message : String(e)}`));
    });
    ws.on('close', () => conn.close());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const mintUrl = () => {
    const t = randomBytes(24).toString('base64url');
    tokens.add(t);
    return `${origin}/?token=${t}`;
  };
  return {
    url: mintUrl(),
    port,
    mintUrl,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
