import fs from 'node:fs';
import path from 'node:path';
import { parseHetu } from '../../shared/domain/hetu';
import { formatFi } from '../../shared/domain/dates';
import { defaultDbPath, findResourcesDir, DEFAULT_DEMO_SIZE } from '../core/core';
import { openDatabase, type Db } from '../core/db/connection';
import { checkSeedOptions, seedDemo } from '../core/seed/demo';
import { terminalSeedProgress } from '../core/seed/progress';
import { CliUsageError, clockOption, intOption, parse, type CliCommand } from './args';
import { deadline } from './deadline';
import { letters } from './letters';
import { barcode, caregiver, fee, params, reference } from './fees';
import { invoice } from './invoice';
import { central } from './central';
import { sync } from './sync';

const hetu: CliCommand = {
  usage: 'hetu <henkilötunnus>            tarkistaa henkilötunnuksen',
  run(args) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new CliUsageError('Anna yksi henkilötunnus: hetu <henkilötunnus>.');
    const r = parseHetu(positionals[0]!);
    const json = r.valid ? { valid: true, birthDate: r.birthDate, reason: null } : { valid: false, birthDate: null, reason: r.reason };
    return { json, text: r.valid ? `Kelvollinen, syntymäaika ${r.birthDate}` : `Virheellinen: ${r.reason}`, exitCode: r.valid ? 0 : 1 };
  },
};

const seed: CliCommand = {
  usage: 'seed --clients N [--intake-items M] [--db PATH] [--seed S] [--today YYYY-MM-DD]   luo esittelyaineiston',
  run(args) {
    const { values } = parse(args, {
      clients: { type: 'string' },
      'intake-items': { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
    });
    const clients = intOption(values.clients, 'clients', DEFAULT_DEMO_SIZE.clients);
    const intakeItems = intOption(values['intake-items'], 'intake-items', Math.round((clients * DEFAULT_DEMO_SIZE.intakeItems) / DEFAULT_DEMO_SIZE.clients));
    const clock = clockOption(values.today);
    const today = clock.today();
    const seedNumber = intOption(values.seed, 'seed', 20261123);
    const resourcesDir = findResourcesDir();
    // Bad options are refused before a database file is made.
    checkSeedOptions({ clients, intakeItems, today, resourcesDir });
    const dbPath = path.resolve(values.db ?? defaultDbPath());
    const before = fs.existsSync(dbPath) ? fs.statSync(dbPath).size : null;
    const started = performance.now();
    let db: Db | null = null;
    try {
      db = openDatabase(dbPath);
      // On a terminal the progress is shown on stderr (stdout keeps the one result line).
      const onProgress = process.stderr.isTTY ? terminalSeedProgress(process.stderr) : undefined;
      const r = seedDemo(db, { clients, intakeItems, today, now: clock.now(), seed: seedNumber, resourcesDir, onProgress });
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return {
        json: { clients: r.clients, intakeItems: r.intakeItems, seconds, today },
        text: `Luotu ${r.clients} asiakasta ja ${r.intakeItems} saapunutta asiaa (${r.openItems} avoinna) tiedostoon ${dbPath} päivälle ${formatFi(today)} ajassa ${seconds} s.`,
      };
    } catch (e) {
      // A database this command made and could not fill is removed again (an empty file it was given, emptied).
      db?.close();
      db = null;
      if (before === null || before === 0) {
        for (const suffix of ['-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
        if (before === null) fs.rmSync(dbPath, { force: true });
        else fs.truncateSync(dbPath, 0);
      }
      throw e;
    } finally {
      db?.close();
    }
  },
};

export const COMMANDS: Record<string, CliCommand> = { hetu, seed, deadline, letters, fee, caregiver, params, reference, barcode, invoice, central, sync };
