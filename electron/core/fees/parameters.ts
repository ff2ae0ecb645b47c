// Fee parameter sets in the database: installed from resources on first start, maintained by an
// administrator (Asetukset › Asiakasmaksut). Sets never overlap; a new set closes the one before it.
import { AppError } from '../../../shared/contract/errors';
import { addDays } from '../../../shared/domain/dates';
import { feeParametersSchema, parametersOn, type FeeParameters } from '../../../shared/domain/fees/parameters';
import type { Db } from '../db/connection';
import { referenceId, uuidv7 } from '../ids';
import { loadDefaultParameterSets } from './default-parameters';

export interface StoredParameterSet {
  id: string;
  version: number;
  updatedAt: string;
  parameters: FeeParameters;
}

interface Row {
  id: string;
  valid_from: string;
  valid_to: string | null;
  params_json: string;
  version: number;
  updated_at: string;
}

export function listParameterSets(db: Db): StoredParameterSet[] {
  const rows = db.prepare('SELECT id, valid_from, valid_to, params_json, version, updated_at FROM fee_parameter_sets ORDER BY valid_from').all() as Row[];
  return rows.map((r) => {
    const p = JSON.parse(r.params_json) as FeeParameters;
    // Sets saved before the maintenance fee was a parameter have none: past the ceiling, days are then free
    // until an administrator enters it.
    return {
      id: r.id,
      version: r.version,
      updatedAt: r.updated_at,
      parameters: { ...p, ceiling: { ...p.ceiling, maintenanceDailyCents: p.ceiling.maintenanceDailyCents ?? null }, validFrom: r.valid_from, validTo: r.valid_to },
    };
  });
}

/** The stored set in force on a date; a clear error when there is none. */
export function parameterSetOn(sets: readonly StoredParameterSet[], date: string): StoredParameterSet {
  const s = parametersOn(
    sets.map((x) => ({ ...x, validFrom: x.parameters.validFrom, validTo: x.parameters.validTo })),
    date,
  );
  if (!s) throw new AppError('VALIDATION', `Päivälle ${date} ei ole voimassa olevia asiakasmaksuparametreja. Lisää ne kohdassa Asetukset › Asiakasmaksut.`);
  return s;
}

export function ensureFeeParameters(db: Db, resourcesDir: string, now: Date): void {
  const count = (db.prepare('SELECT COUNT(*) AS n FROM fee_parameter_sets').get() as { n: number }).n;
  if (count > 0) return;
  const sets = loadDefaultParameterSets(resourcesDir);
  const insert = db.prepare(
    'INSERT INTO fee_parameter_sets (id, valid_from, valid_to, source, params_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const s of sets) insert.run(referenceId('fee-parameters', s.validFrom), s.validFrom, s.validTo, s.source, JSON.stringify(s), now.toISOString());
  })();
}

/**
 * Saves a parameter set. With an id it replaces that set's figures (its validity may not overlap others);
 * without, it adds a new set from its valid_from and closes the set in force the day before. Fees already
 * decided keep their amounts: a fee decision stores its result, and a recalculation makes new drafts.
 */
export function saveParameterSet(
  db: Db,
  input: { id: string | null; version: number | null; parameters: unknown },
  userId: string,
  now: Date,
): StoredParameterSet {
  const parsed = feeParametersSchema.safeParse(input.parameters);
  if (!parsed.success)
    throw new AppError(
      'VALIDATION',
      `Maksuparametreissa on virhe: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const p = parsed.data;
  let id = input.id;
  db.transaction(() => {
    const sets = listParameterSets(db);
    if (id) {
      const existing = sets.find((s) => s.id === id);
      if (!existing) throw new AppError('NOT_FOUND', 'Maksuparametrijoukkoa ei löytynyt.');
      if (existing.version !== input.version) throw new AppError('CONFLICT', 'Parametreja muutettiin samaan aikaan toisaalla. Päivitä näkymä.');
    } else {
      // A new set: the open-ended set that starts before it is closed the day before.
      const before = sets.filter((s) => s.parameters.validFrom < p.validFrom && (s.parameters.validTo === null || s.parameters.validTo >= p.validFrom));
      for (const s of before)
        db.prepare('UPDATE fee_parameter_sets SET valid_to = ?, params_json = ?, version = version + 1, updated_at = ? WHERE id = ?').run(
          addDays(p.validFrom, -1),
          JSON.stringify({ ...s.parameters, validTo: addDays(p.validFrom, -1) }),
          now.toISOString(),
          s.id,
        );
    }
    const others = listParameterSets(db).filter((s) => s.id !== id);
    const clash = others.find((s) => s.parameters.validFrom <= (p.validTo ?? '9999-12-31') && (s.parameters.validTo ?? '9999-12-31') >= p.validFrom);
    if (clash)
      throw new AppError(
        'VALIDATION',
        `Voimassaolo ${p.validFrom}–${p.validTo ?? ''} menee päällekkäin parametrien ${clash.parameters.validFrom}–${clash.parameters.validTo ?? ''} kanssa.`,
      );
    if (id) {
      db.prepare('UPDATE fee_parameter_sets SET valid_from = ?, valid_to = ?, source = ?, params_json = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(
        p.validFrom,
        p.validTo,
        p.source,
        JSON.stringify(p),
        now.toISOString(),
        userId,
        id,
      );
    } else {
      id = uuidv7(now.getTime());
      db.prepare('INSERT INTO fee_parameter_sets (id, valid_from, valid_to, source, params_json, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id,
        p.validFrom,
        p.validTo,
        p.source,
        JSON.stringify(p),
        now.toISOString(),
        userId,
      );
    }
  })();
  return listParameterSets(db).find((s) => s.id === id)!;
}
