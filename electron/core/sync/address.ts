// The central database's address, read the way the driver reads it. node-postgres hands a connection string
// to pg-connection-string, which lets query parameters override the address (`postgresql://localhost/luotsi
// ?host=elsewhere` connects to "elsewhere"), turns a percent-encoded path into a unix socket and reads files
// named by ssl parameters. So the address is parsed here with that same parser, every host it yields is checked
// (without TLS only this machine: a loopback address, "localhost" or a unix socket), and the connection is then
// made from exactly those checked fields, never from the string again.
import net from 'node:net';
import { parse } from 'pg-connection-string';
import { AppError } from '../../../shared/contract/errors';
import { msg, type Message } from '../../../shared/messages';

export type TlsMode = 'disable' | 'verify-full';

/** Where the driver will connect: the checked host (or socket folder), port and database. */
export interface CentralTarget {
  host: string;
  port: number | undefined;
  database: string;
  /** Credentials written in the address (the command line's --url may carry them; the settings may not). */
  user: string | null;
  password: string | null;
  /** A unix socket folder on this machine rather than a TCP host. */
  socket: boolean;
}

function invalid(message: Message): AppError {
  return new AppError('VALIDATION', message);
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** Whether a host the driver would contact is this machine: a unix socket folder, "localhost" or a loopback address. */
export function isThisMachine(host: string): boolean {
  if (host.startsWith('/')) return true;
  if (host.toLowerCase() === 'localhost') return true;
  const family = net.isIP(host);
  if (family === 4) return LOOPBACK.check(host, 'ipv4');
  if (family === 6) return LOOPBACK.check(host, 'ipv6');
  return false;
}

/**
 * Parses and checks an address. Refuses, with a clear Finnish message: anything but postgresql://, query
 * parameters (the driver would let ?host=, ?sslmode=, ?sslkey=… override the address and TLS), several hosts,
 * a missing host or database, credentials unless allowed, and a host other than this machine without TLS.
 */
export function centralTarget(raw: string, tls: TlsMode, opts: { allowCredentials?: boolean } = {}): CentralTarget {
  const text = raw.trim();
  if (!/^postgres(ql)?:\/\//i.test(text)) throw invalid(msg('sync.address.scheme'));
  // The parser re-encodes strings with spaces or stray '%' before reading them; such strings are refused, so
  // that the parameters checked below are exactly the ones the parser sees.
  if (/\s|%(?![0-9a-f]{2})/i.test(text)) throw invalid(msg('sync.address.format'));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(msg('sync.address.format'));
  }
  for (const key of url.searchParams.keys()) {
    const k = key.toLowerCase();
    if (k.startsWith('ssl') || k === 'uselibpqcompat')
      throw invalid(msg('sync.address.sslParams'));
    if (k === 'host' || k === 'hostaddr' || k === 'port')
      throw invalid(msg('sync.address.hostParam'));
    if (k === 'user' || k === 'password')
      throw invalid(msg('sync.address.credentials'));
    throw invalid(msg('sync.address.param', { name: key.slice(0, 40) }));
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch {
    throw invalid(msg('sync.address.format'));
  }
  const host = parsed.host ?? '';
  if (host === '') throw invalid(msg('sync.address.noHost'));
  // node-postgres connects to one host; a list would be looked up as one odd name, or by another driver as several.
  if (host.includes(',')) throw invalid(msg('sync.address.oneHost'));
  const user = parsed.user ? parsed.user : null;
  const password = parsed.password ? parsed.password : null;
  if ((user || password) && !opts.allowCredentials)
    throw invalid(msg('sync.address.credentials'));
  const database = parsed.database ?? '';
  if (database === '') throw invalid(msg('sync.address.noDatabase'));
  let port: number | undefined;
  if (parsed.port) {
    port = Number(parsed.port);
    if (!/^\d{1,5}$/.test(parsed.port) || port < 1 || port > 65_535) throw invalid(msg('sync.address.port'));
  }
  const socket = host.startsWith('/');
  // Client data never crosses a network unencrypted: without TLS only a server on this machine is accepted.
  if (tls === 'disable' && !isThisMachine(host))
    throw invalid(msg('sync.address.plainRemote'));
  if (tls === 'verify-full' && socket)
    throw invalid(msg('sync.address.socketTls'));
  return { host, port, database, user, password, socket };
}
