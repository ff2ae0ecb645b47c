// The fee parameter sets shipped in resources/fees/parameters.json, validated. They are installed into the
// fee_parameter_sets table on first start (and replace the shipped sets of an older shape, see parameters.ts);
// the CLI uses them directly when it is not given a database.
import fs from 'node:fs';
import path from 'node:path';
import { feeParametersSchema, type FeeParameters } from '../../../shared/domain/fees/parameters';

const cache = new Map<string, FeeParameters[]>();

export function loadDefaultParameterSets(resourcesDir: string): FeeParameters[] {
  const file = path.join(resourcesDir, 'fees', 'parameters.json');
  const cached = cache.get(file);
  if (cached) return structuredClone(cached);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { sets: unknown[] };
  const sets = raw.sets.map((s, i) => {
    const r = feeParametersSchema.safeParse(s);
    if (!r.success) throw new Error(`${file}: set ${i}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return r.data;
  });
  cache.set(file, sets);
  return structuredClone(sets);
}
