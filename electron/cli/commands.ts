import path from 'node:path';
import { parseHetu } from '../../shared/domain/hetu';
import { isIsoDate } from '../../shared/domain/dates';
import { defaultDbPath, findResourcesDir, DEFAULT_DEMO_SIZE } from '../core/core';
import { fixedDateClock, systemClock } from '../core/clock';
import { openDatabase } from '../core/db/connection';
import { seedDemo } from '../core/seed/demo';
import { CliUsageError, intOption, parse, type CliCommand } from './args';
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
    if (values.today !== undefined && !isIsoDate(values.today)) throw new CliUsageError(`--today on annettava muodossa VVVV-KK-PP, nyt "${values.today}".`);
    const clock = values.today ? fixedDateClock(values.today) : systemClock;
    const dbPath = path.resolve(values.db ?? defaultDbPath());
    const started = performance.now();
    const db = openDatabase(dbPath);
    try {
      const r = seedDemo(db, {
        clients,
        intakeItems,
        today: clock.today(),
        seed: intOption(values.seed, 'seed', 20261123),
        resourcesDir: findResourcesDir(),
      });
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return {
        json: { clients: r.clients, intakeItems: r.intakeItems, seconds },
        text: `Luotu ${r.clients} asiakasta ja ${r.intakeItems} saapunutta asiaa (${r.openItems} avoinna) tiedostoon ${dbPath} ajassa ${seconds} s.`,
      };
    } finally {
      db.close();
    }
  },
};

export const COMMANDS: Record<string, CliCommand> = { hetu, seed, deadline, letters, fee, caregiver, params, reference, barcode, invoice, central, sync };
