// Fee parameter sets in the database: installed from resources on first start, maintained by an
// administrator (Asetukset › Asiakasmaksut). Sets never overlap; a new set closes the one before it.
import { msg } from '../../../shared/messages';
import { AppError } from '../../../shared/contract/errors';
import { addDays } from '../../../shared/domain/dates';
import type { Db } from '../db/connection';
import { referenceId, uuidv7 } from '../ids';
import { loadDefaultParameterSets, shippedStatutoryRevision } from './default-parameters';
import { FIGURE_KEYS, feeParametersSchema, parametersOn, type FeeParameters, type FigureKey } from '../../../shared/domain/fees/parameters';

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
  const rows = db.prepare('SELECT id, valid_from, valid_to, params_json, version, updated_at FROM fee_parameter_sets ORDER BY valid_from').all() as Row[];
  const stale = rows.filter((r) => !feeParametersSchema.safeParse(JSON.parse(r.params_json)).success);
  if (rows.length === 0 || stale.length > 0) installOrUpgrade(db, shipped, rows, stale, now);
  applyStatutoryRevision(db, shipped, shippedStatutoryRevision(resourcesDir), now);
}

function installOrUpgrade(
  db: Db,
  shipped: FeeParameters[],
  rows: Row[],
  stale: Row[],
  now: Date,
): void {
  const insert = db.prepare('INSERT INTO fee_parameter_sets (id, valid_from, valid_to, source, params_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
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

const REVISION_KEY = 'fees.statutory_revision';

/** Where each statutory figure's value lives in a set (the figures without one value are left out). */
const FIGURE_VALUES: Partial<Record<FigureKey, { get: (p: FeeParameters) => unknown; set: (p: FeeParameters, from: FeeParameters) => void }>> = {
  incomeLimits: { get: (p) => p.homeCare.incomeLimitsCents, set: (p, f) => void (p.homeCare.incomeLimitsCents = [...f.homeCare.incomeLimitsCents]) },
  extraPerson: { get: (p) => p.homeCare.extraPersonCents, set: (p, f) => void (p.homeCare.extraPersonCents = f.homeCare.extraPersonCents) },
  personalAllowance: { get: (p) => p.longTerm.personalAllowanceCents, set: (p, f) => void (p.longTerm.personalAllowanceCents = f.longTerm.personalAllowanceCents) },
  institutionalPersonalAllowance: {
    get: (p) => p.longTerm.institutionalPersonalAllowanceCents,
    set: (p, f) => void (p.longTerm.institutionalPersonalAllowanceCents = f.longTerm.institutionalPersonalAllowanceCents),
  },
  medicineCeiling: { get: (p) => p.longTerm.medicineCeilingYearCents, set: (p, f) => void (p.longTerm.medicineCeilingYearCents = f.longTerm.medicineCeilingYearCents) },
  guardianBasicFee: { get: (p) => p.longTerm.guardianBasicFeeYearCents, set: (p, f) => void (p.longTerm.guardianBasicFeeYearCents = f.longTerm.guardianBasicFeeYearCents) },
  ceiling: { get: (p) => p.ceiling.annualCents, set: (p, f) => void (p.ceiling.annualCents = f.ceiling.annualCents) },
  maintenanceAfterCeiling: { get: (p) => p.ceiling.maintenanceDailyCents, set: (p, f) => void (p.ceiling.maintenanceDailyCents = f.ceiling.maintenanceDailyCents) },
  shortTermInstitutionalMax: {
    get: (p) => p.shortTerm.institutional.statutoryMaxDailyCents,
    set: (p, f) => void (p.shortTerm.institutional.statutoryMaxDailyCents = f.shortTerm.institutional.statutoryMaxDailyCents),
  },
  respiteMax: { get: (p) => p.respite.statutoryMaxDailyCents, set: (p, f) => void (p.respite.statutoryMaxDailyCents = f.respite.statutoryMaxDailyCents) },
  caregiverMinimum: {
    get: (p) => [p.caregiver.statutoryMinimumCents, p.caregiver.minimumYear],
    set: (p, f) => {
      p.caregiver.statutoryMinimumCents = f.caregiver.statutoryMinimumCents;
      p.caregiver.minimumYear = f.caregiver.minimumYear;
    },
  },
};

/** Names of the figures in the reason of a rule correction. */
const FIGURE_NAMES: Record<FigureKey, [string, string]> = {
  incomeLimits: ['kotihoidon tulorajat (10 e § 3 mom)', 'inkomstgränserna för hemvård (10 e § 3 mom.)'],
  extraPerson: ['tulorajan korotus lisähenkilöltä (10 e § 4 mom)', 'höjningen av inkomstgränsen per ytterligare person (10 e § 4 mom.)'],
  percentTable: ['maksuprosenttitaulukko (10 e § 5 mom)', 'avgiftsprocenttabellen (10 e § 5 mom.)'],
  personalAllowance: ['käyttövara (7 c § 3 mom)', 'personligt belopp (7 c § 3 mom.)'],
  institutionalPersonalAllowance: ['laitoshoidon käyttövara (7 c § 3 mom)', 'personligt belopp i anstaltsvård (7 c § 3 mom.)'],
  medicineCeiling: ['lääkekatto (10 d § 2 mom)', 'läkemedelstaket (10 d § 2 mom.)'],
  guardianBasicFee: ['edunvalvojan perusmaksu (10 c § 1 mom 4 kohta; VNa 696/2012 3 §)', 'intressebevakarens grundavgift (10 c § 1 mom. 4 punkten; SRf 696/2012 3 §)'],
  ceiling: ['maksukatto (6 a §)', 'avgiftstaket (6 a §)'],
  maintenanceAfterCeiling: ['ylläpitomaksu maksukaton jälkeen (6 a § 1 mom)', 'underhållsavgiften efter avgiftstaket (6 a § 1 mom.)'],
  shortTermInstitutionalMax: ['lyhytaikaisen laitoshoidon enimmäismaksu (912/1992 12 §)', 'högsta avgiften för kortvarig anstaltsvård (912/1992 12 §)'],
  respiteMax: ['omaishoitajan vapaan ajan maksu (6 b §)', 'avgiften under närståendevårdarens ledighet (6 b §)'],
  interruptions: ['keskeytykset (10 k §)', 'avbrott (10 k §)'],
  caregiverMinimum: ['hoitopalkkion vähimmäismäärä (omaishoitolaki 5 §)', 'minimibeloppet för vårdarvodet (lagen om stöd för närståendevård 5 §)'],
  caregiverInterruption: ['hoitopalkkio keskeytyksen aikana (omaishoitolaki 9 §)', 'vårdarvodet under avbrott (lagen om stöd för närståendevård 9 §)'],
};

/**
 * Brings the statutory figures of the installed sets up to the shipped revision, once per revision. A figure the
 * database holds as unconfirmed is replaced by the shipped one of the same period (value and source); a figure an
 * administrator stored as confirmed is kept, and so are the county's own prices (capped by a corrected maximum).
 * Fee decisions, invoices and letters already made are never rewritten: when a value changes on a workstation
 * with fees, a rule correction is recorded, from which billing staff make correction drafts (corrections.ts).
 */
export function applyStatutoryRevision(db: Db, shipped: FeeParameters[], revision: number, now: Date): void {
  const stored = Number((db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(REVISION_KEY) as string | undefined) ?? '1');
  if (stored >= revision) return;
  db.transaction(() => {
    const changed = new Map<FigureKey, { from: string; before: unknown; after: unknown }>();
    const update = db.prepare('UPDATE fee_parameter_sets SET source = ?, params_json = ?, version = version + 1, updated_at = ? WHERE id = ?');
    for (const s of listParameterSets(db)) {
      const base = shipped.find((x) => x.validFrom === s.parameters.validFrom) ?? parametersOn(shipped, s.parameters.validFrom);
      if (!base) continue;
      const next = structuredClone(s.parameters);
      for (const k of FIGURE_KEYS) {
        if (next.figures[k].confirmed) continue;
        next.figures[k] = structuredClone(base.figures[k]);
        const v = FIGURE_VALUES[k];
        if (!v) continue;
        const before = v.get(next);
        v.set(next, base);
        const after = v.get(next);
        if (JSON.stringify(before) !== JSON.stringify(after) && !changed.has(k)) changed.set(k, { from: s.parameters.validFrom, before, after });
      }
      // A county price above a corrected statutory maximum is capped; the caregiver tiers never go under the minimum.
      next.shortTerm.institutional.countyDailyCents = Math.min(next.shortTerm.institutional.countyDailyCents, next.shortTerm.institutional.statutoryMaxDailyCents);
      next.respite.dailyCents = Math.min(next.respite.dailyCents, next.respite.statutoryMaxDailyCents);
      next.ceiling.maintenanceDailyCents = Math.min(next.ceiling.maintenanceDailyCents, next.shortTerm.institutional.statutoryMaxDailyCents);
      for (const t of next.caregiver.tiers) t.feeCents = Math.max(t.feeCents, next.caregiver.statutoryMinimumCents);
      const parsed = feeParametersSchema.safeParse(next);
      if (!parsed.success || JSON.stringify(parsed.data) === JSON.stringify(s.parameters)) continue;
      update.run(parsed.data.source, JSON.stringify(parsed.data), now.toISOString(), s.id);
    }
    if (changed.size > 0) {
      const appliesFrom = [...changed.values()].map((c) => c.from).sort()[0]!;
      const names = (i: 0 | 1) => [...changed.keys()].map((k) => FIGURE_NAMES[k][i]).join(', ');
      // Only a database with fees decided, billed or paid under the old figures has anything to correct.
      db.prepare(
        `INSERT OR IGNORE INTO fee_rule_changes (code, applies_from, title_fi, title_sv, reason_fi, reason_sv, recorded_at)
         SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM fee_decisions) OR EXISTS (SELECT 1 FROM invoices) OR EXISTS (SELECT 1 FROM caregiver_payments)`,
      ).run(
        `figures-r${revision}`,
        appliesFrom,
        'Lakisääteiset luvut korjattu virallisen lähteen mukaisiksi',
        'Lagstadgade belopp rättade enligt den officiella källan',
        `Korjatut luvut: ${names(0)}. Lähteet näkyvät kohdassa Asetukset › Asiakasmaksut.`,
        `Rättade belopp: ${names(1)}. Källorna visas under Inställningar › Klientavgifter.`,
        now.toISOString(),
      );
    }
    db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(REVISION_KEY, String(revision));
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
