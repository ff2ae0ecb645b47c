// `npm run suomifi-test-server -- [--port N] [--mailbox-default on|off] [--persons FILE] [--token-ttl S]
//   [--rate BURST/PERSECOND] [--latency MS]`: the Suomi.fi Messages test server by hand. Prints one JSON line
// with its address and credentials (to paste into Asetukset › Suomi.fi-viestit) and runs until stopped.
// Control endpoints under /__test/ (state, persons, faults, advance, emit, expire-tokens) drive it from outside.
import fs from 'node:fs';
import { startSuomifiTestServer } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const rate = arg('rate');
const persons = arg('persons');
const server = await startSuomifiTestServer(
  {
    defaultMailbox: arg('mailbox-default') !== 'off',
    persons: persons ? (JSON.parse(fs.readFileSync(persons, 'utf8')) as Record<string, boolean>) : {},
    tokenTtlSeconds: arg('token-ttl') ? Number(arg('token-ttl')) : undefined,
    rateLimit: rate ? { burst: Number(rate.split('/')[0]), perSecond: Number(rate.split('/')[1]) } : null,
    latencyMs: arg('latency') ? Number(arg('latency')) : 0,
  },
  Number(arg('port') ?? 0),
);
console.log(
  JSON.stringify({
    url: server.url,
    username: server.username,
    password: server.currentPassword(),
    serviceId: server.serviceId,
    printing: server.printing,
  }),
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
