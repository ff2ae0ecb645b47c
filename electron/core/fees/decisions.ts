// Fee decisions (maksupäätökset, asiakasmaksulaki 2 b §): drafts are made whenever a client's income,
// household or granted services change, or for everyone after a parameter change; billing staff review old
// against new fee and sign. A fee is in force from its valid_from until the next signed fee decision of the
// same client and fee type, so a made decision never needs to change. Corrections go back at most one year
// (10 j § 2 mom): an earlier start is moved to the first day the law allows.
import { msg } from '../../../shared/messages';
import { takeNumber } from '../numbers';
import { AppError } from '../../../shared/contract/errors';
import { addMonthsClamped } from '../../../shared/domain/dates';
import { explainFee } from '../../../shared/domain/fees/explain';
import { correctionReasons } from '../../../shared/domain/fees/corrections';
import { feeChanges } from '../../../shared/domain/fees/changes';
import type { Message } from '../../../shared/messages';
import type { FeeExplanation } from '../../../shared/domain/fees/calc';
import type { AuditLog } from '../audit/audit';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { uuidv7 } from '../ids';
import { computeFee, DECIDED_FEE_TYPES, loadFeeBases, type ComputedFee, type DecidedFeeType } from './basis';
import { listParameterSets, parameterSetOn } from './parameters';
import { ADDRESS_COLUMNS, recipientOfRow, type AddressColumns } from '../letters/model';

export type FeeReason = 'new_service' | 'service_change' | 'income' | 'household' | 'parameters' | 'correction' | 'service_end';

export interface FeeCtx {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  userId: string;
}

export interface FeeInForce {
  decisionId: string;
  clientId: string;
  feeType: DecidedFeeType;
  validFrom: string;
  feeCents: number;
  ends: boolean;
}

import { FEE_LEGAL_BASIS } from './legal-basis';

export { FEE_LEGAL_BASIS };

/**
 * What the client must be told of reduction and waiver (asiakasmaksulaki 11 § 4–5 mom): that the fee can be
 * reduced or left uncollected (11 § 1–3 mom) and whom to ask. Part of every fee decision's reasoning; the
 * letter's "more information" names the contact.
 */
export function elevenNotice(lang: 'fi' | 'sv'): string[] {
  return lang === 'fi'
    ? [
        'Maksun alentaminen ja perimättä jättäminen: maksu on jätettävä perimättä tai sitä on alennettava, jos maksun periminen vaarantaa henkilön tai perheen toimeentulon edellytyksiä tai henkilön lakisääteisen elatusvelvollisuuden toteutumista, ja sitä voidaan alentaa tai se voidaan jättää perimättä myös muusta huollollisesta syystä (asiakasmaksulaki 11 §). Alentamista haetaan tämän päätöksen tehneeltä yksiköltä; yhteystiedot ovat kohdassa Lisätietoja.',
      ]
    : [
        'Nedsättning och efterskänkande av avgiften: avgiften ska efterskänkas eller sättas ned om uttaget av den äventyrar personens eller familjens förutsättningar för försörjning eller fullgörandet av personens lagstadgade underhållsskyldighet, och den kan sättas ned eller efterskänkas också av andra omsorgsskäl (klientavgiftslagen 11 §). Nedsättning söks hos den enhet som fattat detta beslut; kontaktuppgifterna finns under Mer information.',
      ];
}

export const REASON_TEXT: Record<FeeReason, { fi: string; sv: string }> = {
  new_service: { fi: 'Uusi palvelu', sv: 'Ny tjänst' },
  service_change: { fi: 'Palvelun määrä muuttui', sv: 'Tjänstens omfattning ändrades' },
  income: { fi: 'Tulot muuttuivat', sv: 'Inkomsterna ändrades' },
  household: { fi: 'Talouden koko muuttui', sv: 'Hushållets storlek ändrades' },
  parameters: { fi: 'Maksuperusteiden indeksitarkistus', sv: 'Indexjustering av avgiftsgrunderna' },
  correction: { fi: 'Maksun oikaisu', sv: 'Rättelse av avgiften' },
  service_end: { fi: 'Palvelu päättyi', sv: 'Tjänsten upphörde' },
};

/**
 * The reasoning of a fee decision in words: why it was made, what changed (a rule correction), how the fee was
 * computed with its subsections, and the reduction and waiver notice of 11 §.
 */
export function feeReasoning(reason: FeeReason, explanation: FeeExplanation, lang: 'fi' | 'sv', why: readonly string[] = []): string {
  const e = explainFee(explanation, lang);
  return [`${REASON_TEXT[reason][lang]}.`, ...why, e.formula, ...e.notes, ...elevenNotice(lang)].join('\n\n');
}

/**
 * Earliest start a fee decision made today may have: one year back. (The statute allows a retroactive
 * correction of at most one year, 10 j § 2 mom — the code used to cite "10 l §", which does not exist.)
 */
export function earliestValidFrom(today: string): string {
  return addMonthsClamped(today, -12);
}

/** Signed fees in force on a date, keyed "clientId:feeType" (the latest start wins; same start: the later number). */
export function feesInForce(db: Db, date: string, clientId: string | null = null): Map<string, FeeInForce> {
  const rows = db
    .prepare(
      `SELECT f.decision_id, f.client_id, f.fee_type, f.valid_from, f.fee_cents, f.ends, d.signed_at FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id
       WHERE d.status IN ('signed','sent') AND f.valid_from <= @date AND (@client IS NULL OR f.client_id = @client)`,
    )
    .all({ date, client: clientId }) as { decision_id: string; client_id: string; fee_type: DecidedFeeType; valid_from: string; fee_cents: number; ends: number; signed_at: string }[];
  // The latest start, then the latest signing, of each client and fee type is in force (one pass, no sort).
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.client_id}:${r.fee_type}`;
    const cur = latest.get(key);
    if (!cur || r.valid_from > cur.valid_from || (r.valid_from === cur.valid_from && r.signed_at > cur.signed_at)) latest.set(key, r);
  }
  const out = new Map<string, FeeInForce>();
  for (const r of latest.values())
    out.set(`${r.client_id}:${r.fee_type}`, {
      decisionId: r.decision_id,
      clientId: r.client_id,
      feeType: r.fee_type,
      validFrom: r.valid_from,
      feeCents: r.fee_cents,
      ends: r.ends === 1,
    });
  return out;
}

interface DraftArgs {
  clientId: string;
  feeType: DecidedFeeType;
  validFrom: string;
  reason: FeeReason;
  computed: ComputedFee | null;
  parameterSetId: string;
  previous: FeeInForce | null;
  /** A correction that carries out a rule correction (fee_rule_changes.code). */
  ruleChangeCode?: string | null;
}

/** The draft statements, prepared once per database (a recalculation writes tens of thousands of drafts). */
const statementCache = new WeakMap<Db, ReturnType<typeof prepareDraftStatements>>();

function prepareDraftStatements(db: Db) {
  return {
    draftsAt: db.prepare(
      `SELECT f.decision_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id
       WHERE f.client_id = ? AND f.fee_type = ? AND f.valid_from = ? AND d.status = 'draft'`,
    ),
    deleteFee: db.prepare('DELETE FROM fee_decisions WHERE decision_id = ?'),
    deleteDecision: db.prepare("DELETE FROM decisions WHERE id = ? AND status = 'draft'"),
    insertDecision: db.prepare(
      `INSERT INTO decisions (id, client_id, kind, outcome, status, applied_service, reasoning_free, legal_basis, drafted_by, created_at, updated_at)
       VALUES (?, ?, 'fee', ?, 'draft', ?, '', ?, ?, ?, ?)`,
    ),
    insertFee: db.prepare(
      `INSERT INTO fee_decisions (decision_id, client_id, fee_type, valid_from, fee_cents, ends, previous_fee_cents, previous_decision_id, reason,
         parameter_set_id, inputs_json, explanation_json, rule_change_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

function statements(db: Db) {
  let s = statementCache.get(db);
  if (!s) statementCache.set(db, (s = prepareDraftStatements(db)));
  return s;
}

function removeDraftsAt(ctx: FeeCtx, clientId: string, feeType: DecidedFeeType, validFrom: string): void {
  const st = statements(ctx.db);
  const ids = st.draftsAt.all(clientId, feeType, validFrom) as { decision_id: string }[];
  for (const { decision_id } of ids) {
    st.deleteFee.run(decision_id);
    st.deleteDecision.run(decision_id);
  }
}

/** Writes a draft (replacing any draft of the same client, fee type and start), inside the caller's transaction. */
export function writeDraft(ctx: FeeCtx, a: DraftArgs, fresh = false): string {
  if (!fresh) removeDraftsAt(ctx, a.clientId, a.feeType, a.validFrom);
  const now = ctx.clock.now();
  const id = uuidv7(now.getTime());
  const ends = a.computed === null;
  const fee = a.computed?.result.feeCents ?? 0;
  const explanation: FeeExplanation | null = a.computed?.result.explanation ?? null;
  const outcome = ends ? 'termination' : a.previous && !a.previous.ends ? 'change' : 'grant';
  const iso = now.toISOString();
  const st = statements(ctx.db);
  st.insertDecision.run(id, a.clientId, outcome, a.feeType === 'home_care' ? 'home_care' : 'service_housing_24h', FEE_LEGAL_BASIS[a.feeType], ctx.userId, iso, iso);
  st.insertFee.run(
      id,
      a.clientId,
      a.feeType,
      a.validFrom,
      fee,
      ends ? 1 : 0,
      a.previous && !a.previous.ends ? a.previous.feeCents : null,
      a.previous?.decisionId ?? null,
      a.reason,
      a.parameterSetId,
      JSON.stringify(a.computed?.inputs ?? {}),
      JSON.stringify(explanation),
      a.ruleChangeCode ?? null,
    );
  return id;
}

export interface RefreshResult {
  drafts: number;
  unchanged: number;
}

/**
 * Brings one client's fee drafts up to date with their basis on `from` (inside the caller's transaction):
 * a draft where the fee would change, none where it would not.
 */
export function refreshClientFees(ctx: FeeCtx, clientId: string, from: string, reason: FeeReason): RefreshResult {
  const start = from < earliestValidFrom(ctx.clock.today()) ? earliestValidFrom(ctx.clock.today()) : from;
  const sets = listParameterSets(ctx.db);
  const set = parameterSetOn(sets, start);
  const basis = loadFeeBases(ctx.db, start, clientId).get(clientId) ?? null;
  const inForce = feesInForce(ctx.db, start, clientId);
  const r: RefreshResult = { drafts: 0, unchanged: 0 };
  for (const feeType of DECIDED_FEE_TYPES) {
    const previous = inForce.get(`${clientId}:${feeType}`) ?? null;
    const computed = basis ? computeFee(set.parameters, feeType, basis, start) : null;
    if (decideDraft(ctx, { clientId, feeType, validFrom: start, reason, computed, parameterSetId: set.id, previous })) r.drafts++;
    else r.unchanged++;
  }
  return r;
}

/** Writes or removes the draft for one client and fee type; true when a draft now exists. */
function decideDraft(ctx: FeeCtx, a: DraftArgs, fresh = false): boolean {
  const active = a.previous !== null && !a.previous.ends;
  if (a.computed === null) {
    if (!active) {
      if (!fresh) removeDraftsAt(ctx, a.clientId, a.feeType, a.validFrom);
      return false;
    }
    writeDraft(ctx, { ...a, reason: 'service_end' }, fresh);
    return true;
  }
  if (active && a.previous!.feeCents === a.computed.result.feeCents) {
    if (!fresh) removeDraftsAt(ctx, a.clientId, a.feeType, a.validFrom);
    return false;
  }
  const reason = a.previous && a.previous.validFrom === a.validFrom ? 'correction' : a.reason;
  writeDraft(ctx, { ...a, reason: active ? reason : a.reason === 'parameters' ? 'new_service' : reason }, fresh);
  return true;
}

export interface RecalculationResult {
  validFrom: string;
  checked: number;
  drafts: number;
  unchanged: number;
  seconds: number;
}

/**
 * Recalculates every client's fees from a date (after a parameter change: the index revision), making drafts
 * for the fees that change. One transaction; the previous drafts from the same date are replaced.
 */
export function recalculateAllFees(ctx: FeeCtx, validFrom: string, reason: FeeReason = 'parameters'): RecalculationResult {
  const started = performance.now();
  const today = ctx.clock.today();
  if (validFrom < earliestValidFrom(today))
    throw new AppError('VALIDATION', msg('fees.correctionTooOld', { earliest: earliestValidFrom(today) }));
  const sets = listParameterSets(ctx.db);
  const set = parameterSetOn(sets, validFrom);
  const result: RecalculationResult = { validFrom, checked: 0, drafts: 0, unchanged: 0, seconds: 0 };
  ctx.db.transaction(() => {
    // The drafts of an earlier recalculation from the same date are replaced: removed in one go.
    const stale = ctx.db
      .prepare(`SELECT f.decision_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE f.valid_from = ? AND d.status = 'draft'`)
      .pluck()
      .all(validFrom) as string[];
    const st = statements(ctx.db);
    for (const id of stale) {
      st.deleteFee.run(id);
      st.deleteDecision.run(id);
    }
    const bases = loadFeeBases(ctx.db, validFrom);
    const inForce = feesInForce(ctx.db, validFrom);
    const clients = new Set<string>([...bases.keys(), ...[...inForce.values()].map((f) => f.clientId)]);
    for (const clientId of clients) {
      const basis = bases.get(clientId) ?? null;
      for (const feeType of DECIDED_FEE_TYPES) {
        const previous = inForce.get(`${clientId}:${feeType}`) ?? null;
        const computed = basis ? computeFee(set.parameters, feeType, basis, validFrom) : null;
        if (!computed && !previous) continue;
        result.checked++;
        if (decideDraft(ctx, { clientId, feeType, validFrom, reason, computed, parameterSetId: set.id, previous }, true)) result.drafts++;
        else result.unchanged++;
      }
    }
    ctx.audit.write({ userId: ctx.userId, action: 'fees.recalculate', details: { validFrom, drafts: result.drafts, checked: result.checked } });
  })();
  result.seconds = Math.round(performance.now() - started) / 1000;
  return result;
}

export interface FeeDraftRow {
  decisionId: string;
  clientId: string;
  clientName: string;
  feeType: DecidedFeeType;
  validFrom: string;
  previousFeeCents: number | null;
  feeCents: number;
  ends: boolean;
  reason: FeeReason;
  status: 'draft' | 'signed' | 'sent';
  number: string | null;
  explanation: FeeExplanation | null;
  /** The calculation of the fee in force before (null for a first fee), and what changed, by key. */
  previousExplanation: FeeExplanation | null;
  changes: Message[];
  areaId: string;
  language: 'fi' | 'sv';
  /** How the decision letter would go out: printed, by hand (turvakielto) or not at all (no address). */
  delivery: 'print' | 'manual' | 'missing';
}

interface FeeDecisionRow extends AddressColumns {
  area_id: string;
  language: 'fi' | 'sv';
  decision_id: string;
  client_id: string;
  client_name: string;
  fee_type: DecidedFeeType;
  valid_from: string;
  previous_fee_cents: number | null;
  fee_cents: number;
  ends: number;
  reason: FeeReason;
  rule_change_code: string | null;
  previous_decision_id: string | null;
  status: 'draft' | 'signed' | 'sent';
  number: number | null;
  number_year: number | null;
  explanation_json: string;
  parameter_set_id: string;
  previous_explanation_json: string | null;
  previous_parameter_set_id: string | null;
  parameters_from: string | null;
  rule_title_fi: string | null;
  rule_title_sv: string | null;
}

function toDraftRow(r: FeeDecisionRow): FeeDraftRow {
  const explanation = JSON.parse(r.explanation_json) as FeeExplanation | null;
  const previousExplanation = r.previous_explanation_json === null ? null : (JSON.parse(r.previous_explanation_json) as FeeExplanation | null);
  return {
    previousExplanation,
    // Old against new in words (shared/domain/fees/changes.ts), worded by the fi/sv catalogues.
    changes: feeChanges(
      {
        reason: r.reason,
        validFrom: r.valid_from,
        ends: r.ends === 1,
        ruleChange: r.rule_title_fi !== null ? { fi: r.rule_title_fi, sv: r.rule_title_sv ?? r.rule_title_fi } : null,
        parametersFrom: r.parameters_from,
      },
      r.previous_fee_cents === null ? null : { explanation: previousExplanation, feeCents: r.previous_fee_cents, parameterSetId: r.previous_parameter_set_id },
      { explanation, feeCents: r.fee_cents, parameterSetId: r.parameter_set_id },
    ),
    decisionId: r.decision_id,
    clientId: r.client_id,
    clientName: r.client_name,
    feeType: r.fee_type,
    validFrom: r.valid_from,
    previousFeeCents: r.previous_fee_cents,
    feeCents: r.fee_cents,
    ends: r.ends === 1,
    reason: r.reason,
    status: r.status,
    number: r.number === null ? null : `${r.number}/${r.number_year}`,
    explanation,
    areaId: r.area_id,
    language: r.language,
    delivery: recipientOfRow(r).delivery,
  };
}

const FEE_DECISION_SELECT = `SELECT f.*, d.status, d.number, d.number_year, c.last_name || ' ' || c.first_names AS client_name, c.area_id, c.language, ${ADDRESS_COLUMNS},
    p.explanation_json AS previous_explanation_json, p.parameter_set_id AS previous_parameter_set_id, ps.valid_from AS parameters_from,
    rc.title_fi AS rule_title_fi, rc.title_sv AS rule_title_sv
  FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id JOIN clients c ON c.id = f.client_id
  LEFT JOIN fee_decisions p ON p.decision_id = f.previous_decision_id LEFT JOIN fee_parameter_sets ps ON ps.id = f.parameter_set_id
  LEFT JOIN fee_rule_changes rc ON rc.code = f.rule_change_code`;

export function listFeeDecisions(db: Db, filter: { status: 'draft' | 'made'; clientId: string | null }): FeeDraftRow[] {
  const rows = db
    .prepare(
      `${FEE_DECISION_SELECT} WHERE ${filter.status === 'draft' ? "d.status = 'draft'" : "d.status IN ('signed','sent')"}
       AND (@client IS NULL OR f.client_id = @client) ORDER BY c.name_key, f.fee_type, f.valid_from`,
    )
    .all({ client: filter.clientId }) as FeeDecisionRow[];
  return rows.map(toDraftRow);
}

/**
 * Signs fee decision drafts in one transaction: each gets the next county-wide decision number and its
 * reasoning (the calculation in words, both languages) is frozen. Refuses a start more than a year back
 * and a second decision from the same start unless it is a correction.
 */
export function signFeeDecisions(ctx: FeeCtx & { userRoleMayDecide: boolean }, decisionIds: readonly string[]): { signed: number; numbers: string[] } {
  if (!ctx.userRoleMayDecide) throw new AppError('FORBIDDEN', 'Sinulla ei ole oikeutta tehdä maksupäätöksiä.');
  if (decisionIds.length === 0) throw new AppError('VALIDATION', 'Valitse allekirjoitettavat maksupäätökset.');
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4));
  const numbers: string[] = [];
  ctx.db.transaction(() => {
    const get = ctx.db.prepare(`${FEE_DECISION_SELECT} WHERE f.decision_id = ?`);
    const sameStart = ctx.db.prepare(
      `SELECT d.number, d.number_year FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id
       WHERE f.client_id = ? AND f.fee_type = ? AND f.valid_from = ? AND d.status IN ('signed','sent')`,
    );
    const ruleChange = ctx.db.prepare('SELECT title_fi, title_sv FROM fee_rule_changes WHERE code = ?');
    const previousExplanation = ctx.db.prepare('SELECT explanation_json FROM fee_decisions WHERE decision_id = ?').pluck();
    const update = ctx.db.prepare(
      `UPDATE decisions SET status = 'signed', decision_maker_id = @maker, number = @number, number_year = @year, decided_on = @today,
         signed_at = @now, reasoning_fi = @fi, reasoning_sv = @sv, legal_basis = @legal, version = version + 1, updated_at = @now
       WHERE id = @id AND status = 'draft' AND kind = 'fee'`,
    );
    for (const id of decisionIds) {
      const r = get.get(id) as FeeDecisionRow | undefined;
      if (!r) throw new AppError('NOT_FOUND', 'Maksupäätöstä ei löytynyt.');
      const who = `${r.client_name}, ${r.fee_type === 'home_care' ? 'kotihoito' : 'ympärivuorokautinen palveluasuminen'} ${r.valid_from}`;
      if (r.status !== 'draft') throw new AppError('INVALID_STATE', `Maksupäätös (${who}) on jo tehty.`);
      if (r.valid_from < earliestValidFrom(today))
        throw new AppError(
          'VALIDATION',
          msg('fees.decisionTooOld', {
            who: {
              fi: who,
              sv: `${r.client_name}, ${r.fee_type === 'home_care' ? 'hemvård' : 'serviceboende med heldygnsomsorg'} ${r.valid_from}`,
            },
          }),
        );
      const clash = sameStart.get(r.client_id, r.fee_type, r.valid_from) as { number: number; number_year: number } | undefined;
      if (clash && r.reason !== 'correction')
        throw new AppError('VALIDATION', `Maksupäätös (${who}) menisi päällekkäin päätöksen ${clash.number}/${clash.number_year} kanssa; tee oikaisu.`);
      const explanation = JSON.parse(r.explanation_json) as FeeExplanation | null;
      const change = r.rule_change_code ? (ruleChange.get(r.rule_change_code) as { title_fi: string; title_sv: string } | undefined) : undefined;
      const previous = r.previous_decision_id ? (JSON.parse((previousExplanation.get(r.previous_decision_id) as string | undefined) ?? 'null') as FeeExplanation | null) : null;
      const words = (lang: 'fi' | 'sv') => {
        const reason = REASON_TEXT[r.reason][lang];
        if (!explanation) return lang === 'fi' ? `${reason}. Maksun periminen päättyy.` : `${reason}. Avgiften upphör.`;
        // A correction to the letter of the law says what changed and by which subsection.
        const why = change ? [`${lang === 'fi' ? change.title_fi : change.title_sv}.`, ...correctionReasons(previous, explanation, lang)] : [];
        return feeReasoning(r.reason, explanation, lang, why);
      };
      const last = takeNumber(ctx.db, 'decision', year);
      const now = ctx.clock.now().toISOString();
      const res = update.run({ maker: ctx.userId, number: last, year, today, now, fi: words('fi'), sv: words('sv'), legal: FEE_LEGAL_BASIS[r.fee_type], id });
      if (res.changes !== 1) throw new AppError('CONFLICT', `Maksupäätöstä (${who}) muutettiin samaan aikaan toisaalla.`);
      ctx.audit.write({ userId: ctx.userId, action: 'decision.sign', entityType: 'decision', entityId: id, clientId: r.client_id, details: { number: `${last}/${year}`, kind: 'fee' } });
      numbers.push(`${last}/${year}`);
    }
  })();
  return { signed: numbers.length, numbers };
}

