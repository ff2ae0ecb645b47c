// Decision numbers (per year) and invoice numbers (one running series). A standalone workstation counts them
// itself. A workstation that syncs with a central database takes them from blocks the central database
// reserved for it (sync/session.ts tops them up while online), so two workstations never give the same
// number, also when both work offline; when its blocks run out offline, it says so instead of guessing.
import { AppError } from '../../shared/contract/errors';
import type { Db } from './db/connection';

export type NumberSeries = 'decision' | 'invoice';

/** How many numbers a syncing workstation keeps in reserve, and reserves at a time. */
// Decisions: kept topped up by every round of the sync, enough for days of offline work without making the
// county's series jump far. Invoices: reserved for each invoice run before it starts (its size is known).
export const NUMBER_RESERVE: Record<NumberSeries, { low: number; block: number }> = {
  decision: { low: 10, block: 50 },
  invoice: { low: 0, block: 100 },
};

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Db, Statements>();

function prepare(db: Db) {
  return {
    central: db.prepare('SELECT central_url IS NOT NULL FROM sync_state WHERE id = 1').pluck(),
    left: db.prepare('SELECT coalesce(sum(last - next + 1), 0) FROM number_blocks WHERE series = ? AND year = ?').pluck(),
    decision: db.prepare('INSERT INTO decision_numbers (year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last').pluck(),
    invoiceStart: db.prepare('INSERT OR IGNORE INTO invoice_numbers (id, last) VALUES (1, ?)'),
    invoice: db.prepare('UPDATE invoice_numbers SET last = last + 1 WHERE id = 1 RETURNING last').pluck(),
    block: db.prepare('SELECT first, next FROM number_blocks WHERE series = ? AND year = ? AND next <= last ORDER BY first LIMIT 1'),
    use: db.prepare('UPDATE number_blocks SET next = next + 1 WHERE series = ? AND year = ? AND first = ?'),
  };
}

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}

export function syncsCentrally(db: Db): boolean {
  return statements(db).central.get() === 1;
}

/** Numbers left in this workstation's blocks. */
export function numbersLeft(db: Db, series: NumberSeries, year: number): number {
  return statements(db).left.get(series, year) as number;
}

/**
 * The next number of the series; call inside the transaction that stores it. `floor` is the first number of a
 * new series (the biller's first invoice number).
 */
export function takeNumber(db: Db, series: NumberSeries, year: number, floor = 1): number {
  const st = statements(db);
  if (st.central.get() !== 1) {
    if (series === 'decision') return st.decision.get(year, floor) as number;
    st.invoiceStart.run(floor - 1);
    return st.invoice.get() as number;
  }
  const block = st.block.get(series, year) as { first: number; next: number } | undefined;
  if (!block)
    throw new AppError(
      'INVALID_STATE',
      series === 'decision'
        ? `Tälle työasemalle ei ole varattu päätösnumeroita vuodelle ${year}. Numerot varataan keskustietokannasta: yhdistä verkkoon, odota synkronointia ja yritä uudelleen.`
        : 'Tälle työasemalle ei ole varattu laskunumeroita. Numerot varataan keskustietokannasta: yhdistä verkkoon, odota synkronointia ja yritä uudelleen.',
    );
  st.use.run(series, year, block.first);
  return block.next;
}
