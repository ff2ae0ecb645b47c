// The fee parameter sets shipped in resources/fees/parameters.json, validated. They are installed into the
// fee_parameter_sets table on first start (and replace the shipped sets of an older shape, see parameters.ts);
// the CLI uses them directly when it is not given a database.
import fs from 'node:fs';
import path from 'node:path';
import { feeParametersSchema, type FeeParameters } from '../../../shared/domain/fees/parameters';

const cache = new Map<string, FeeParameters[]>();
const revisions = new Map<string, number>();

/**
 * The revision of the shipped statutory figures (parameters.json `statutoryRevision`, 1 when absent): raised when a
 * shipped figure or its source is corrected, so an installed database takes the correction (see parameters.ts).
 */
export function shippedStatutoryRevision(resourcesDir: string): number {
  const file = path.join(resourcesDir, 'fees', 'parameters.json');
  if (!revisions.has(file)) loadDefaultParameterSets(resourcesDir);
  return revisions.get(file) ?? 1;
}

export function loadDefaultParameterSets(resourcesDir: string): FeeParameters[] {
  const file = path.join(resourcesDir, 'fees', 'parameters.json');
  const cached = cache.get(file);
  if (cached) return structuredClone(cached);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { sets: unknown[]; statutoryRevision?: number };
  revisions.set(file, typeof raw.statutoryRevision === 'number' ? raw.statutoryRevision : 1);
  const sets = raw.sets.map((s, i) => {
    const r = feeParametersSchema.safeParse(s);
    if (!r.success) throw new Error(`${file}: set ${i}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return r.data;
  });
  cache.set(file, sets);
  return structuredClone(sets);
}
