// A browser host on a fresh seeded database in a process of its own, for tests that attack it over the network
// (a crash must show as the process dying, not as a test runner's failure). Prints "DB <path>" and one
// "URL <one-time address>" line per session asked for, then serves until killed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore } from '../../electron/core/core';
import { startBrowserHost } from '../../electron/browser-host/server';

const sessions = Number(process.argv[2] ?? '3');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-host-'));
const rendererDir = path.join(dir, 'renderer');
fs.mkdirSync(rendererDir);
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Luotsi</title><p>Luotsi</p>\n');
const dbPath = path.join(dir, 'host.sqlite');
const core = openCore({ dbPath, clock: fixedDateClock('2026-11-23'), seedIfEmpty: { clients: 600, intakeItems: 3000 } });
const host = await startBrowserHost({ core, rendererDir, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`DB ${dbPath}\n`);
for (let i = 0; i < sessions; i++) process.stdout.write(`URL ${i === 0 ? host.url : host.mintUrl()}\n`);
const stop = () => void host.close().then(() => core.shutdown()).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
