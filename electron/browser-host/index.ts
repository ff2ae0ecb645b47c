// `npm run host`: the app on its embedded default (local SQLite with generated demo data) in a browser.
import '../core/node-version'; // first: refuses an older Node before anything native loads
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openCore, defaultDbPath, DEFAULT_DEMO_SIZE, type Core } from '../core/core';
import { toErrorPayload } from '../core/dispatch';
import { formatDuration, terminalSeedProgress } from '../core/seed/progress';
import { fixedDateClock, systemClock } from '../core/clock';
import { formatFi, isAppDate } from '../../shared/domain/dates';
import { startBrowserHost } from './server';
import { centralFromEnv } from '../core/sync/manager';
import { AppError } from '../../shared/contract/errors';
import { keySourceFromEnv, type KeySource } from '../core/secrets';
import { promptHidden } from '../cli/prompt';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    today: { type: 'string' },
    clients: { type: 'string' },
    'intake-items': { type: 'string' },
    'print-urls': { type: 'string' },
    'ask-key': { type: 'boolean' },
  },
  strict: true,
});

if (values.today !== undefined && !isAppDate(values.today)) {
  process.stderr.write(`--today on annettava oikeana päivänä muodossa VVVV-KK-PP vuosilta 2000–2100, nyt "${values.today}".\n`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    process.stderr.write(`--${name} on annettava kokonaislukuna, nyt "${value}".\n`);
    process.exit(2);
  }
  return Number(value);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const dbPath = path.resolve(values.db ?? defaultDbPath());
const clients = wholeNumber('clients', values.clients, DEFAULT_DEMO_SIZE.clients);
const intakeItems = wholeNumber('intake-items', values['intake-items'], Math.round((clients * DEFAULT_DEMO_SIZE.intakeItems) / DEFAULT_DEMO_SIZE.clients));
const port = wholeNumber('port', values.port, 0);
const extra = wholeNumber('print-urls', values['print-urls'], 0);

process.stdout.write(`Luotsi: avataan tietokanta ${dbPath}\n`);
const started = performance.now();
let central;
try {
  central = centralFromEnv();
} catch (e) {
  process.stderr.write(`${e instanceof AppError ? e.message : String(e)}\n`);
  process.exit(2);
}
// The workstation key that seals stored secrets (core/secrets.ts): typed by the administrator with --ask-key,
// else LUOTSI_SECRET_KEY, else a key file beside the database readable by the user only.
let secretKey: KeySource | null = null;
if (values['ask-key']) {
  if (!process.stdin.isTTY) {
    process.stderr.write('--ask-key kysyy salausavaimen päätteessä; anna se muuten ympäristömuuttujassa LUOTSI_SECRET_KEY.\n');
    process.exit(2);
  }
  secretKey = { kind: 'phrase', phrase: await promptHidden('Työaseman salausavain: ') };
}
const clock = values.today ? fixedDateClock(values.today) : systemClock;
// Which day the app stands on: the computer's clock, or the day given with --today.
process.stdout.write(`Päivä: ${formatFi(clock.today())} (${values.today ? '--today' : 'tietokoneen kello, Europe/Helsinki'})\n`);
let core: Core;
try {
  core = openCore({
    dbPath,
    clock,
    seedIfEmpty: { clients, intakeItems },
    central,
    secretKey: secretKey ?? keySourceFromEnv(),
    onSeedProgress: terminalSeedProgress(process.stdout),
  });
} catch (e) {
  // A database that cannot be opened or a county that cannot be made: one clear line, no stack trace.
  process.stderr.write(`Luotsi ei käynnistynyt: ${toErrorPayload(e, { log: (m, err) => process.stderr.write(`${m}: ${err instanceof Error ? err.stack : String(err)}\n`) }).message}\n`);
  process.exit(1);
}
if (central) process.stdout.write(`Keskustietokanta: ${central.url} (TLS ${central.tls})\n`);
if (core.seeded) {
  process.stdout.write(
    `Luotu esittelyaineisto: ${core.seeded.clients.toLocaleString('fi-FI')} asiakasta, ${core.seeded.intakeItems.toLocaleString('fi-FI')} saapunutta asiaa (${formatDuration((performance.now() - started) / 1000)}).\n`,
  );
}
const host = await startBrowserHost({
  core,
  rendererDir: path.resolve(here, '../../out/renderer'),
  port,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`Luotsi on käynnissä: ${host.url}\n`);
for (let i = 0; i < extra; i++) process.stdout.write(`URL ${host.mintUrl()}\n`);
if (core.db.prepare("SELECT value FROM settings WHERE key = 'demo'").pluck().get() === '1') {
  process.stdout.write('Esittelytunnukset: ohjaaja, sosiaalityontekija, sihteeri, laskutus, paallikko, paakayttaja; salasana: demo\n');
}

const shutdown = () => {
  void host
    .close()
    .then(() => core.shutdown())
    .then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
