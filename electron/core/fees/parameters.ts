// Fee parameter sets in the database: installed from resources on first start, maintained by an
// administrator (Asetukset › Asiakasmaksut). Sets never overlap; a new set closes the one before it.
import { msg } from '../../../shared/messages';
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
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    updatedAt: r.updated_at,
    parameters: { ...(JSON.parse(r.params_json) as FeeParameters), validFrom: r.valid_from, validTo: r.valid_to },
  }));
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

/**
 * Installs the shipped parameter sets into an empty table, and brings sets of an older shape up to date: a
 * shipped set (its reference id, e.g. the old 2024–2025 set) is replaced by the shipped set of the same start,
 * and a set an administrator added keeps its county prices under the statutory figures in force on its start.
 * Periods no stored set covers get the shipped set (e.g. 2025 after the 2024–2025 set became 2024). Fee
 * decisions keep their stored results and the set they were made with (same id).
 */
export function ensureFeeParameters(db: Db, resourcesDir: string, now: Date): void {
  const shipped = loadDefaultParameterSets(resourcesDir);
  const insert = db.prepare('INSERT INTO fee_parameter_sets (id, valid_from, valid_to, source, params_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const rows = db.prepare('SELECT id, valid_from, valid_to, params_json, version, updated_at FROM fee_parameter_sets ORDER BY valid_from').all() as Row[];
  const stale = rows.filter((r) => !feeParametersSchema.safeParse(JSON.parse(r.params_json)).success);
  if (rows.length > 0 && stale.length === 0) return;
  db.transaction(() => {
    if (rows.length === 0) {
      for (const s of shipped) insert.run(referenceId('fee-parameters', s.validFrom), s.validFrom, s.validTo, s.source, JSON.stringify(s), now.toISOString());
      return;
    }
    const update = db.prepare('UPDATE fee_parameter_sets SET valid_to = ?, source = ?, params_json = ?, version = version + 1, updated_at = ? WHERE id = ?');
    for (const r of stale) {
      const same = shipped.find((s) => s.validFrom === r.valid_from);
      let next: FeeParameters;
      if (same && r.id === referenceId('fee-parameters', r.valid_from)) next = same;
      else {
        const base = parametersOn(shipped, r.valid_from) ?? shipped[0]!;
        next = withCountyPrices(base, JSON.parse(r.params_json) as OldShape, r.valid_from, r.valid_to);
      }
      update.run(next.validTo, next.source, JSON.stringify(next), now.toISOString(), r.id);
    }
    const current = listParameterSets(db).map((s) => s.parameters);
    for (const s of shipped) {
      const covered = current.some((c) => c.validFrom <= (s.validTo ?? '9999-12-31') && (c.validTo ?? '9999-12-31') >= s.validFrom);
      if (!covered) insert.run(referenceId('fee-parameters', s.validFrom), s.validFrom, s.validTo, s.source, JSON.stringify(s), now.toISOString());
    }
  })();
}

/** The county's own prices of a set of the shape before issue 18 (all optional: whatever it had). */
interface OldShape {
  source?: string;
  homeCare?: { hourlyCostCents?: number | null };
  shortTerm?: { dailyCents?: number };
  supportPrices?: FeeParameters['supportPrices'];
  caregiver?: { tiers?: FeeParameters['caregiver']['tiers'] };
}

function withCountyPrices(base: FeeParameters, old: OldShape, validFrom: string, validTo: string | null): FeeParameters {
  const next = structuredClone(base);
  next.validFrom = validFrom;
  next.validTo = validTo;
  next.source = `${old.source ?? base.source} (muunnettu: lakisääteiset luvut ja lähteet ${base.validFrom} alkaen voimassa olevista luvuista)`;
  if (old.homeCare?.hourlyCostCents !== undefined) next.homeCare.hourlyCostCents = old.homeCare.hourlyCostCents;
  if (typeof old.shortTerm?.dailyCents === 'number') {
    next.shortTerm.housing.countyDailyCents = old.shortTerm.dailyCents;
    next.shortTerm.institutional.countyDailyCents = Math.min(old.shortTerm.dailyCents, next.shortTerm.institutional.statutoryMaxDailyCents);
  }
  if (old.supportPrices?.length) next.supportPrices = old.supportPrices.filter((p) => p.priceCents <= p.costCents);
  if (old.caregiver?.tiers?.length && old.caregiver.tiers.every((t) => t.feeCents >= next.caregiver.statutoryMinimumCents)) next.caregiver.tiers = old.caregiver.tiers;
  return feeParametersSchema.parse(next);
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
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    // A statutory figure or a price list without its source is refused as such (every figure names its source).
    const noSource = issues.filter((i) => /(^|\.)source$/.test(i.path)).map((i) => i.path);
    if (noSource.length > 0) throw new AppError('VALIDATION', msg('fees.parameterSource', { fields: noSource.join(', ') }), issues);
    throw new AppError('VALIDATION', msg('fees.parametersInvalid', { issues: issues.map((i) => `${i.path}: ${i.message}`) }), issues);
  }
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
