// `tsx tests/bench/reports-cli.ts --db FILE --today YYYY-MM-DD`: only Raportit's bench (tests/bench/reports.ts) on
// an already seeded database, e.g. `npm run luotsi -- seed --clients 30000 --db FILE` (needs `npm run build`).
import { benchReports } from './reports';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const db = arg('db');
if (!db) throw new Error('--db FILE is required');
const today = arg('today') ?? new Date().toISOString().slice(0, 10);
await benchReports((name, value, target, ok) => console.log(`${ok === null ? '  ' : ok ? 'OK' : '!!'} ${name}: ${value}   (${target})`), db, today);
