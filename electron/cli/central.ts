// `central migrate`, `central seed` and `central compact`: the county's central PostgreSQL database, run by its
// administrator as the database owner (compact removes change-log entries that a newer one of the same row
// makes redundant; run it nightly). `seed` fills an empty central database with a generated demo county and creates a
// login role for each demo account (password from LUOTSI_DEMO_PASSWORD, default "demo").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AppError } from '../../shared/contract/errors';
import { findResourcesDir, openCore } from '../core/core';
import { checkSeedOptions } from '../core/seed/demo';
import { migrateCentral } from '../core/sync/central/migrate';
import { seedCentral } from '../core/sync/central/seed';
import { describeConnectionError } from '../core/sync/session';
import { CliUsageError, centralUrlOption, clockOption, intOption, parse, type CliCommand } from './args';

async function withCentral<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: 'luotsi-admin' });
  try {
    await c.connect();
    return await fn(c);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('DATABASE', describeConnectionError(e, 'admin'));
  } finally {
    await c.end();
  }
}

export const central: CliCommand = {
  usage: 'migrate --url URL | seed --url URL --clients N [--today D] | compact --url URL   keskustietokannan rakenne, esittelyaineisto ja muutoslokin tiivistys',
  async run(args) {
    const [sub, ...rest] = args;
    const { values } = parse(rest, { url: { type: 'string' }, clients: { type: 'string' }, today: { type: 'string' } });
    if (sub !== 'migrate' && sub !== 'compact' && sub !== 'seed')
      throw new CliUsageError('Käyttö: central migrate --url URL, central seed --url URL --clients N tai central compact --url URL.');
    centralUrlOption(values.url);
    const url = values.url!;
    if (sub === 'migrate') {
      const started = performance.now();
      const applied = await withCentral(url, (c) => migrateCentral(c));
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return { json: { applied, seconds }, text: applied.length ? `Keskustietokanta päivitetty: versiot ${applied.join(', ')}.` : 'Keskustietokanta on ajan tasalla.' };
    }
    if (sub === 'compact') {
      const started = performance.now();
      const removed = await withCentral(url, async (c) => Number((await c.query<{ n: string }>('SELECT sync_compact() AS n')).rows[0]!.n));
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      return { json: { removed, seconds }, text: `Muutoslokista poistettu ${removed} tarpeetonta riviä (${seconds} s).` };
    }
    if (sub === 'seed') {
      const clients = intOption(values.clients, 'clients', 3000);
      const clock = clockOption(values.today);
      checkSeedOptions({ clients, intakeItems: clients * 5, today: clock.today(), resourcesDir: findResourcesDir() });
      const started = performance.now();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-central-seed-'));
      try {
        const core = openCore({
          dbPath: path.join(dir, 'seed.sqlite'),
          clock,
          seedIfEmpty: { clients, intakeItems: clients * 5 },
          runJobs: false,
        });
        try {
          const r = await withCentral(url, async (c) => {
            await migrateCentral(c);
            return seedCentral(c, core.db, { password: process.env.LUOTSI_DEMO_PASSWORD ?? 'demo' });
          });
          const seconds = Math.round((performance.now() - started) / 10) / 100;
          return { json: { clients, rows: r.rows, roles: r.roles, seconds }, text: `Keskustietokantaan ${r.rows} riviä (${clients} asiakasta), käyttäjät ${r.roles.join(', ')} (${seconds} s).` };
        } finally {
          core.close();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    throw new CliUsageError('Käyttö: central migrate --url URL, central seed --url URL --clients N tai central compact --url URL.');
  },
};
