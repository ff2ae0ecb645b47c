// Conflicts a user resolves: the central version is already in the local row; the user keeps it ("theirs"),
// puts their own back ("mine"), or picks field by field ("merge"). Mine and merge are written as an ordinary
// local change based on the central version, so the next push applies them; a frozen row (signed decision,
// sent letter, approved invoice) can only be resolved as theirs.
import { AppError, notFound } from '../../../shared/contract/errors';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { RowApplier } from './apply';

export interface ConflictView {
  id: string;
  entity: string;
  rowKey: string;
  serverVersion: number;
  createdAt: string;
  frozen: boolean;
  /** Fields whose values differ: [field, mine, theirs]. */
  fields: { field: string; mine: unknown; theirs: unknown }[];
  mineDeleted: boolean;
  /** The two versions of the row as stored (theirs null: deleted centrally). */
  mine: Record<string, unknown>;
  theirs: Record<string, unknown> | null;
}

const FROZEN_TABLES = new Set(['letters', 'audit_log']);

function isFrozen(entity: string, theirs: Record<string, unknown> | null): boolean {
  if (FROZEN_TABLES.has(entity)) return true;
  if (!theirs) return false;
  if (entity === 'decisions') return theirs.status === 'signed' || theirs.status === 'sent';
  if (entity === 'invoices' || entity === 'caregiver_payment_runs') return theirs.status === 'approved';
  return false;
}

interface ConflictRow {
  id: string;
  entity: string;
  row_key: string;
  server_version: number;
  mine: string;
  theirs: string | null;
  created_at: string;
}

function view(r: ConflictRow): ConflictView {
  const mine = JSON.parse(r.mine) as Record<string, unknown>;
  const theirs = (r.theirs ? JSON.parse(r.theirs) : null) as Record<string, unknown> | null;
  const mineDeleted = mine._deleted === true;
  const fields = mineDeleted
    ? []
    : Object.keys({ ...mine, ...theirs })
        .filter((f) => f !== 'version' && f !== 'updated_at' && JSON.stringify(mine[f]) !== JSON.stringify(theirs?.[f]))
        .map((f) => ({ field: f, mine: mine[f] ?? null, theirs: theirs?.[f] ?? null }));
  return { id: r.id, entity: r.entity, rowKey: r.row_key, serverVersion: r.server_version, createdAt: r.created_at, frozen: isFrozen(r.entity, theirs), fields, mineDeleted, mine, theirs };
}

export function openConflicts(db: Db): ConflictView[] {
  return (db.prepare('SELECT * FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY created_at').all() as ConflictRow[]).map(view);
}

export function resolveConflict(db: Db, clock: Clock, id: string, choice: 'mine' | 'theirs' | 'merge', pick: Record<string, 'mine' | 'theirs'> = {}): void {
  const r = db.prepare('SELECT * FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL').get(id) as ConflictRow | undefined;
  if (!r) throw notFound('conflict');
  const v = view(r);
  if (v.frozen && choice !== 'theirs')
    throw new AppError('INVALID_STATE', 'Allekirjoitettua päätöstä, lähetettyä kirjettä tai hyväksyttyä laskua ei voi korvata omalla versiolla; vain keskustietokannan versio voidaan pitää.');
  const { mine, theirs } = v;
  db.transaction(() => {
    if (choice !== 'theirs') {
      let row: Record<string, unknown> | null;
      if (choice === 'mine') row = v.mineDeleted ? null : mine;
      else {
        if (!theirs || v.mineDeleted) throw new AppError('VALIDATION', 'Poistettua riviä ei voi yhdistää kentittäin; valitse oma tai keskustietokannan versio.');
        row = { ...theirs };
        for (const f of v.fields) if ((pick[f.field] ?? 'theirs') === 'mine') row[f.field] = mine[f.field];
      }
      // Written with capture on: the outbox gets the row based on the central version now in sync_shadow.
      new RowApplier(db).write(r.entity, r.row_key, row);
    }
    db.prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?').run(clock.now().toISOString(), choice, id);
  })();
}
