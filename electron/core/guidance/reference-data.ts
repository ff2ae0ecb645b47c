// The guidance unit's default configuration (service catalogue, example allocation criteria, reasoning texts,
// example delegation rules) from resources/guidance/reference.json, loaded once into a database that has none.
// Administrators then edit these rows; a later start never overwrites them.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection';
import { referenceId } from '../ids';

interface ReferenceFile {
  services: { code: string; nameFi: string; nameSv: string; unit: string; legalBasis: string }[];
  criteria: { serviceCode: string; validFrom: string; validTo: string | null; example: boolean; source: string; rules: unknown[] }[];
  reasoning: { code: string; serviceCode: string | null; outcomes: string[]; title: string; fi: string; sv: string }[];
  delegation: { role: string; serviceCode: string | null; outcomes: string[]; maxAmount: number | null; validFrom: string; source: string }[];
}

export function ensureReferenceData(db: Db, resourcesDir: string, now: Date): boolean {
  const has = db.prepare('SELECT count(*) AS n FROM services').get() as { n: number };
  if (has.n > 0) return false;
  const ref = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'guidance', 'reference.json'), 'utf8')) as ReferenceFile;
  const at = now.toISOString();
  db.transaction(() => {
    const svc = db.prepare('INSERT INTO services (code, name_fi, name_sv, unit, legal_basis, sort, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    ref.services.forEach((s, i) => svc.run(s.code, s.nameFi, s.nameSv, s.unit, s.legalBasis, i, at));
    const crit = db.prepare(
      'INSERT INTO criteria_sets (id, service_code, valid_from, valid_to, source, example, rules_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const [i, c] of ref.criteria.entries()) crit.run(referenceId('criteria', i, c.serviceCode, c.validFrom), c.serviceCode, c.validFrom, c.validTo, c.source, c.example ? 1 : 0, JSON.stringify(c.rules), at);
    const rea = db.prepare(
      `INSERT INTO reasoning_texts (id, code, service_code, outcomes, title, text_fi, text_sv, valid_from, valid_to, source, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, '2023-01-01', NULL, 'Hyvinvointialueen perustelukirjasto (esimerkki)', ?)`,
    );
    for (const [i, r] of ref.reasoning.entries()) rea.run(referenceId('reasoning', i, r.code), r.code, r.serviceCode, JSON.stringify(r.outcomes), r.title, r.fi, r.sv, at);
    const del = db.prepare(
      'INSERT INTO delegation_rules (id, role, service_code, outcomes, max_amount, valid_from, valid_to, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)',
    );
    for (const [i, d] of ref.delegation.entries()) del.run(referenceId('delegation', i, d.role, d.serviceCode), d.role, d.serviceCode, JSON.stringify(d.outcomes), d.maxAmount, d.validFrom, d.source, at);
  })();
  return true;
}
