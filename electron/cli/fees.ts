// `fee`, `reference` and `barcode`: the fee formulas and payment identifiers of shared/domain on the command
// line. Fee parameters come from the database given with --db, otherwise from resources/fees/parameters.json.
import { isIsoDate } from '../../shared/domain/dates';
import { homeCareFee, longTermFee, FeeInputError, type FeeResult } from '../../shared/domain/fees/calc';
import { explainFee } from '../../shared/domain/fees/explain';
import { parametersOn, type FeeParameters } from '../../shared/domain/fees/parameters';
import { bankBarcode, makeViitenumero, rfFromReference, parseRf, parseViitenumero } from '../../shared/domain/payment-references';
import { findResourcesDir } from '../core/core';
import { openDatabase } from '../core/db/connection';
import { loadDefaultParameterSets } from '../core/fees/default-parameters';
import { listParameterSets } from '../core/fees/parameters';
import { CliUsageError, parse, type CliCommand, type CliResult } from './args';

function date(value: string | undefined, name: string): string {
  if (value === undefined) throw new CliUsageError(`Anna --${name} VVVV-KK-PP.`);
  if (!isIsoDate(value)) throw new CliUsageError(`--${name} on annettava muodossa VVVV-KK-PP ja sen pitää olla oikea päivä, nyt "${value}".`);
  return value;
}

function integer(value: string | undefined, name: string, required: true): number;
function integer(value: string | undefined, name: string, required: false): number | null;
function integer(value: string | undefined, name: string, required: boolean): number | null {
  if (value === undefined) {
    if (required) throw new CliUsageError(`Anna --${name}.`);
    return null;
  }
  if (!/^-?\d+$/.test(value)) throw new CliUsageError(`--${name} on annettava kokonaislukuna (sentteinä), nyt "${value}".`);
  return Number(value);
}

function number(value: string | undefined, name: string): number {
  if (value === undefined) throw new CliUsageError(`Anna --${name}.`);
  const n = Number(value.replace(',', '.'));
  if (!Number.isFinite(n)) throw new CliUsageError(`--${name} on annettava lukuna, nyt "${value}".`);
  return n;
}

function parametersFor(on: string, dbPath: string | undefined): FeeParameters {
  let sets: FeeParameters[];
  if (dbPath) {
    const db = openDatabase(dbPath);
    try {
      sets = listParameterSets(db).map((s) => s.parameters);
    } finally {
      db.close();
    }
  } else sets = loadDefaultParameterSets(findResourcesDir());
  const p = parametersOn(sets, on);
  if (!p) throw new CliUsageError(`Päivälle ${on} ei ole voimassa olevia maksuparametreja.`);
  return p;
}

function feeResult(r: FeeResult): CliResult {
  const text = explainFee(r.explanation, 'fi');
  return {
    json: { feeCents: r.feeCents, explanation: r.explanation },
    text: [text.formula, ...text.rows.map((x) => `  ${x.label}: ${x.value}`), ...text.notes.map((n) => `  * ${n}`)].join('\n'),
  };
}

function guarded(f: () => FeeResult): CliResult {
  try {
    return feeResult(f());
  } catch (e) {
    if (e instanceof FeeInputError) throw new CliUsageError(e.message);
    throw e;
  }
}

export const fee: CliCommand = {
  usage:
    'fee home-care --date D --household N --gross-cents C --hours H [--cost-cents K] | long-term --date D --net-cents C --deductions-cents X [--spouse-net-cents S]   [--db PATH]',
  run(args) {
    const [kind, ...rest] = args;
    switch (kind) {
      case 'home-care': {
        const { values } = parse(rest, {
          date: { type: 'string' },
          household: { type: 'string' },
          'gross-cents': { type: 'string' },
          hours: { type: 'string' },
          'cost-cents': { type: 'string' },
          db: { type: 'string' },
        });
        const p = parametersFor(date(values.date, 'date'), values.db);
        return guarded(() =>
          homeCareFee(p, {
            householdSize: integer(values.household, 'household', true),
            grossIncomeCents: integer(values['gross-cents'], 'gross-cents', true),
            hoursPerMonth: number(values.hours, 'hours'),
            costCents: integer(values['cost-cents'], 'cost-cents', false),
          }),
        );
      }
      case 'long-term': {
        const { values } = parse(rest, {
          date: { type: 'string' },
          'net-cents': { type: 'string' },
          'deductions-cents': { type: 'string' },
          'spouse-net-cents': { type: 'string' },
          db: { type: 'string' },
        });
        const p = parametersFor(date(values.date, 'date'), values.db);
        return guarded(() =>
          longTermFee(p, {
            netIncomeCents: integer(values['net-cents'], 'net-cents', true),
            deductionsCents: integer(values['deductions-cents'], 'deductions-cents', false) ?? 0,
            spouseNetIncomeCents: integer(values['spouse-net-cents'], 'spouse-net-cents', false),
          }),
        );
      }
      default:
        throw new CliUsageError('Anna maksun laji: fee home-care | long-term.');
    }
  },
};

export const reference: CliCommand = {
  usage: 'reference <perusosa>                 viitenumero tarkisteineen ja RF-muodossa',
  run(args) {
    const { positionals } = parse(args, {}, true);
    if (positionals.length !== 1) throw new CliUsageError('Anna viitenumeron perusosa: reference <perusosa>.');
    const v = makeViitenumero(positionals[0]!);
    if (!v.ok) throw new CliUsageError(v.error);
    const rf = rfFromReference(v.value);
    if (!rf.ok) throw new CliUsageError(rf.error);
    return { json: { viitenumero: v.value, rf: rf.value }, text: `Viitenumero ${v.value}, RF-viite ${rf.value}` };
  },
};

export const barcode: CliCommand = {
  usage: 'barcode --iban I --amount-cents C --reference R [--due VVVV-KK-PP]   pankkiviivakoodi (versio 4 tai 5)',
  run(args) {
    const { values } = parse(args, { iban: { type: 'string' }, 'amount-cents': { type: 'string' }, reference: { type: 'string' }, due: { type: 'string' } });
    if (!values.iban) throw new CliUsageError('Anna --iban.');
    if (!values.reference) throw new CliUsageError('Anna --reference.');
    const due = values.due === undefined ? null : date(values.due, 'due');
    const ref = values.reference.replace(/\s+/g, '').toUpperCase();
    const valid = ref.startsWith('RF') ? parseRf(ref) : parseViitenumero(ref);
    if (!valid.ok) throw new CliUsageError(valid.error);
    const r = bankBarcode({ iban: values.iban, amountCents: integer(values['amount-cents'], 'amount-cents', true), reference: ref, due });
    if (!r.ok) throw new CliUsageError(r.error);
    return { json: { barcode: r.value }, text: r.value };
  },
};
