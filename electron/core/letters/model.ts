// Filling a letter from the database: the signed decision as it was made, the client's address under the
// turvakielto rule, the services in the client's language, and the letter settings.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, notFound } from '../../../shared/contract/errors';
import type { LetterSettings } from '../../../shared/contract/letter-schemas';
import { periodRule } from '../../../shared/domain/deadlines';
import { formatDateFi, recipientOf, textsOn, type LetterModel, type LetterServiceLine, type VersionedTexts } from '../../../shared/domain/letters';
import type { Db } from '../db/connection';
import type { IntakeType } from '../../../shared/domain/intake';
import { explainFee } from '../../../shared/domain/fees/explain';
import type { FeeExplanation } from '../../../shared/domain/fees/calc';
import { feeLegalBasisText } from '../fees/legal-basis';
import { formatDecisionNumber } from '../decisions/queries';
import type { LetterTexts } from './template';

/** A client's address columns as selected from `clients` (see ADDRESS_COLUMNS). */
export interface AddressColumns {
  last_name: string;
  first_names: string;
  street_address: string | null;
  postal_code: string | null;
  post_office: string | null;
  contact_care_of: string | null;
  contact_street: string | null;
  contact_postal_code: string | null;
  contact_post_office: string | null;
  address_protected: number;
}

export const ADDRESS_COLUMNS = `c.last_name, c.first_names, c.street_address, c.postal_code, c.post_office,
  c.contact_care_of, c.contact_street, c.contact_postal_code, c.contact_post_office, c.address_protected`;

/** The letter's recipient from a client row, under the turvakielto rule of recipientOf. */
export function recipientOfRow(r: AddressColumns) {
  return recipientOf({
    lastName: r.last_name,
    firstNames: r.first_names,
    streetAddress: r.street_address,
    postalCode: r.postal_code,
    postOffice: r.post_office,
    contactCareOf: r.contact_care_of,
    contactStreet: r.contact_street,
    contactPostalCode: r.contact_postal_code,
    contactPostOffice: r.contact_post_office,
    addressProtected: r.address_protected === 1,
  });
}

interface Row extends AddressColumns {
  id: string;
  kind: LetterModel['kind'];
  outcome: LetterModel['outcome'];
  status: string;
  number: number | null;
  number_year: number | null;
  decided_on: string | null;
  applied_service_fi: string | null;
  applied_service_sv: string | null;
  applied_on: string | null;
  reasoning_fi: string | null;
  reasoning_sv: string | null;
  reasoning_free: string;
  legal_basis: string;
  arrange_by: string | null;
  maker_name: string | null;
  maker_title: string | null;
  drafter_name: string;
  corrects_number: number | null;
  corrects_year: number | null;
  hetu: string;
  language: 'fi' | 'sv';
  intake_type: IntakeType | null;
}

const DECISION_SQL = `
  SELECT d.id, d.kind, d.outcome, d.status, d.number, d.number_year, d.decided_on, d.applied_on, d.reasoning_fi, d.reasoning_sv,
    d.reasoning_free, d.legal_basis, d.arrange_by, s.name_fi AS applied_service_fi, s.name_sv AS applied_service_sv,
    m.display_name AS maker_name, m.title AS maker_title, u.display_name AS drafter_name,
    o.number AS corrects_number, o.number_year AS corrects_year,
    c.hetu, c.language, it.type AS intake_type, ${ADDRESS_COLUMNS}
  FROM decisions d JOIN clients c ON c.id = d.client_id JOIN users u ON u.id = d.drafted_by
  LEFT JOIN intake_items it ON it.id = d.intake_item_id
  LEFT JOIN users m ON m.id = d.decision_maker_id LEFT JOIN decisions o ON o.id = d.corrects_id
  LEFT JOIN services s ON s.code = d.applied_service
  WHERE d.id = ?`;

interface LineRow {
  name_fi: string;
  name_sv: string;
  unit: LetterServiceLine['unit'];
  amount: number | null;
  start_date: string;
  end_date: string | null;
  provider_kind: LetterServiceLine['providerKind'];
  provider_name: string | null;
  voucher_value_cents: number | null;
}

export interface LetterResources {
  texts: VersionedTexts<LetterTexts>;
  logoSvg: string;
}

export function loadLetterResources(resourcesDir: string): LetterResources {
  const dir = path.join(resourcesDir, 'letters');
  return {
    texts: JSON.parse(fs.readFileSync(path.join(dir, 'texts.json'), 'utf8')) as VersionedTexts<LetterTexts>,
    logoSvg: fs.readFileSync(path.join(dir, 'logo.svg'), 'utf8'),
  };
}

/** Prepared statements for one database, reused across the letters of a batch. */
export function letterModelLoader(db: Db, settings: LetterSettings) {
  const decision = db.prepare(DECISION_SQL);
  const lines = db.prepare(
    `SELECT s.name_fi, s.name_sv, s.unit, ds.amount, ds.start_date, ds.end_date, ds.provider_kind, p.name AS provider_name, ds.voucher_value_cents
     FROM decision_services ds JOIN services s ON s.code = ds.service_code LEFT JOIN providers p ON p.id = ds.provider_id
     WHERE ds.decision_id = ? ORDER BY ds.sort`,
  );

  const feeRow = db.prepare('SELECT fee_cents, valid_from, explanation_json FROM fee_decisions WHERE decision_id = ?');

  return (decisionId: string, today: string): LetterModel => {
    const r = decision.get(decisionId) as Row | undefined;
    if (!r) throw notFound('decision');
    const sv = r.language === 'sv';
    const reasoning = [sv ? r.reasoning_sv : r.reasoning_fi, r.reasoning_free].filter((t) => t && t.trim()).join('\n\n');
    return {
      decisionId: r.id,
      language: r.language,
      kind: r.kind,
      outcome: r.outcome,
      number: formatDecisionNumber(r.number, r.number_year) ?? '–',
      decidedOn: r.decided_on ?? today,
      correctsNumber: formatDecisionNumber(r.corrects_number, r.corrects_year),
      client: { name: `${r.last_name} ${r.first_names}`, hetu: r.hetu },
      recipient: recipientOfRow(r),
      appliedService: sv ? r.applied_service_sv : r.applied_service_fi,
      appliedOn: r.applied_on,
      intakeType: r.intake_type,
      lines: (lines.all(decisionId) as LineRow[]).map((l) => ({
        serviceName: sv ? l.name_sv : l.name_fi,
        unit: l.unit,
        amount: l.amount,
        startDate: l.start_date,
        endDate: l.end_date,
        providerKind: l.provider_kind,
        providerName: l.provider_name,
        voucherValueCents: l.voucher_value_cents,
      })),
      // A fee decision shows its calculation as it was made (fee_decisions.explanation_json).
      fee: r.kind === 'fee' ? feeSection(feeRow.get(decisionId) as FeeRow | undefined, r.language) : null,
      arrangeBy: r.arrange_by,
      reasoning,
      legalBasis: r.kind === 'fee' ? feeLegalBasisText(r.legal_basis, r.language) : r.legal_basis,
      decisionMaker: r.maker_name ? { name: r.maker_name, title: r.maker_title ?? '' } : null,
      contactPerson: { name: r.drafter_name, phone: settings.sender.phone },
      sender: {
        countyName: sv ? settings.sender.countyNameSv : settings.sender.countyNameFi,
        unitName: sv ? settings.sender.unitSv : settings.sender.unitFi,
        street: settings.sender.street,
        postalCode: settings.sender.postalCode,
        city: settings.sender.city,
        phone: settings.sender.phone,
        email: settings.sender.email,
        web: settings.sender.web,
      },
      review: {
        name: sv ? settings.review.nameSv : settings.review.nameFi,
        street: settings.review.street,
        postalCode: settings.review.postalCode,
        city: settings.review.city,
        email: settings.review.email,
        closes: settings.review.closes,
      },
      appealDays: periodRule('appealPeriod', r.decided_on ?? today).days ?? 30,
    };
  };
}

interface FeeRow {
  fee_cents: number;
  valid_from: string;
  explanation_json: string;
}

function feeSection(f: FeeRow | undefined, language: 'fi' | 'sv'): LetterModel['fee'] {
  if (!f) return null;
  const explanation = JSON.parse(f.explanation_json) as FeeExplanation | null;
  const text = explanation ? explainFee(explanation, language) : null;
  return { rows: text?.rows ?? [], basisRows: text?.basisRows ?? [], monthlyFeeCents: f.fee_cents, validFrom: f.valid_from };
}

export function textsFor(res: LetterResources, m: LetterModel): { texts: LetterTexts; validFrom: string } {
  const version = res.texts.versions.find((x) => x.validFrom <= m.decidedOn && (x.validTo === null || m.decidedOn <= x.validTo));
  if (!version)
    throw new AppError(
      'VALIDATION',
      `Päätöksen ${m.number} (${m.client.name}) päätöspäivälle ${formatDateFi(m.decidedOn)} ei ole voimassa olevia kirjepohjan tekstejä; kirjettä ei voi tehdä.`,
    );
  return { texts: textsOn(res.texts, m.decidedOn, m.language), validFrom: version.validFrom };
}
