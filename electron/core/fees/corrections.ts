// Rule corrections to the letter of the law (fee_rule_changes): made fee decisions, invoices and letters are
// never rewritten. A corrected rule applies from a date; billing staff make correction drafts for the clients
// whose fee changes, and the next invoice and caregiver runs correct the months already billed or paid.
//
// Which fees change and from when:
// - A fee the corrected rule lowers is corrected from the start of each fee period still within the correction
//   window (the later of the rule's date and one year back, asiakasmaksulaki 10 j § 2 mom): the client gets back
//   what was charged too much.
// - A fee the corrected rule raises is raised only from the first day of the next month: a fee decided on the
//   county's own error is not raised retroactively (10 j § 2 mom allows that only when the decision rested on
//   wrong information from the client).
import { notFound } from '../../../shared/contract/errors';
import { addMonthsClamped } from '../../../shared/domain/dates';
import type { FeeExplanation } from '../../../shared/domain/fees/calc';
import type { Db } from '../db/connection';
import { computeFee, DECIDED_FEE_TYPES, loadFeeBases, type DecidedFeeType } from './basis';
import { earliestValidFrom, writeDraft, type FeeCtx, type FeeInForce } from './decisions';
import { listParameterSets, parameterSetOn } from './parameters';

export interface RuleChange {
  code: string;
  titleFi: string;
  titleSv: string;
  reasonFi: string;
  reasonSv: string;
  appliesFrom: string;
  recordedAt: string;
  draftedAt: string | null;
  drafts: number | null;
}

interface Row {
  code: string;
  applies_from: string;
  title_fi: string;
  title_sv: string;
  reason_fi: string;
  reason_sv: string;
  recorded_at: string;
  drafted_at: string | null;
  drafts: number | null;
}

export function listRuleChanges(db: Db): RuleChange[] {
  return (db.prepare('SELECT * FROM fee_rule_changes ORDER BY recorded_at DESC').all() as Row[]).map((r) => ({
    code: r.code,
    titleFi: r.title_fi,
    titleSv: r.title_sv,
    reasonFi: r.reason_fi,
    reasonSv: r.reason_sv,
    appliesFrom: r.applies_from,
    recordedAt: r.recorded_at,
    draftedAt: r.drafted_at,
    drafts: r.drafts,
  }));
}

/** The first day of the month after `today`: when a corrected rule that raises a fee takes effect. */
export function forwardFrom(today: string): string {
  return addMonthsClamped(`${today.slice(0, 7)}-01`, 1);
}

export interface ApplyResult {
  code: string;
  windowStart: string;
  forwardFrom: string;
  checked: number;
  drafts: number;
  refunds: number;
  increases: number;
  seconds: number;
}

interface Decided {
  decisionId: string;
  validFrom: string;
  feeCents: number;
  ends: boolean;
  signedAt: string;
  explanation: FeeExplanation | null;
}

/**
 * Makes the correction drafts of a rule change for every client (one transaction). Periods: the window start,
 * each signed fee decision and each parameter set starting within the window, and the forward date.
 */
export function applyRuleChange(ctx: FeeCtx, code: string): ApplyResult {
  const started = performance.now();
  const row = ctx.db.prepare('SELECT * FROM fee_rule_changes WHERE code = ?').get(code) as Row | undefined;
  if (!row) throw notFound('ruleChange');
  const today = ctx.clock.today();
  const windowStart = row.applies_from > earliestValidFrom(today) ? row.applies_from : earliestValidFrom(today);
  const forward = forwardFrom(today);
  const sets = listParameterSets(ctx.db);
  const result: ApplyResult = { code, windowStart, forwardFrom: forward, checked: 0, drafts: 0, refunds: 0, increases: 0, seconds: 0 };
  ctx.db.transaction(() => {
    // Signed fee decisions per client and fee type, by start (the latest signing of a start wins).
    const decided = new Map<string, Decided[]>();
    for (const r of ctx.db
      .prepare(
        `SELECT f.decision_id, f.client_id, f.fee_type, f.valid_from, f.fee_cents, f.ends, f.explanation_json, d.signed_at FROM fee_decisions f
         JOIN decisions d ON d.id = f.decision_id WHERE d.status IN ('signed','sent') ORDER BY f.valid_from, d.signed_at`,
      )
      .all() as { decision_id: string; client_id: string; fee_type: DecidedFeeType; valid_from: string; fee_cents: number; ends: number; explanation_json: string; signed_at: string }[]) {
      const key = `${r.client_id}:${r.fee_type}`;
      let list = decided.get(key);
      if (!list) decided.set(key, (list = []));
      const d = { decisionId: r.decision_id, validFrom: r.valid_from, feeCents: r.fee_cents, ends: r.ends === 1, signedAt: r.signed_at, explanation: JSON.parse(r.explanation_json) as FeeExplanation | null };
      const same = list.findIndex((x) => x.validFrom === d.validFrom);
      if (same >= 0) list[same] = d;
      else list.push(d);
    }
    // Drafts of an earlier run of this correction are replaced.
    const stale = ctx.db
      .prepare(`SELECT f.decision_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE f.rule_change_code = ? AND d.status = 'draft'`)
      .pluck()
      .all(code) as string[];
    for (const id of stale) {
      ctx.db.prepare('DELETE FROM fee_decisions WHERE decision_id = ?').run(id);
      ctx.db.prepare("DELETE FROM decisions WHERE id = ? AND status = 'draft'").run(id);
    }
    const setStarts = sets.map((s) => s.parameters.validFrom).filter((d) => d > windowStart && d <= forward);
    const basesOn = new Map<string, ReturnType<typeof loadFeeBases>>();
    const bases = (date: string) => {
      let b = basesOn.get(date);
      if (!b) basesOn.set(date, (b = loadFeeBases(ctx.db, date)));
      return b;
    };
    for (const [key, list] of decided) {
      const [clientId, feeType] = key.split(':') as [string, DecidedFeeType];
      if (!DECIDED_FEE_TYPES.includes(feeType)) continue;
      const inForceOn = (date: string) => {
        let cur: Decided | null = null;
        for (const d of list) if (d.validFrom <= date) cur = d;
        return cur;
      };
      const starts = [...new Set([windowStart, ...list.map((d) => d.validFrom).filter((d) => d > windowStart && d <= forward), ...setStarts, forward])].sort();
      // The fee as the corrections made so far leave it, from each start on.
      let effective = null as { fee: number; from: string } | null;
      for (const start of starts) {
        const signed = inForceOn(start);
        if (!signed || signed.ends) continue;
        if (effective && signed.validFrom > effective.from) effective = null;
        const old: number = effective ? effective.fee : signed.feeCents;
        const set = parameterSetOn(sets, start);
        const basis = bases(start).get(clientId);
        const computed = basis ? computeFee(set.parameters, feeType, basis, start) : null;
        if (!computed) continue;
        result.checked++;
        const fee = computed.result.feeCents;
        if (fee === old) continue;
        if (fee > old && start < forward) continue;
        const previous: FeeInForce = { decisionId: signed.decisionId, clientId, feeType, validFrom: signed.validFrom, feeCents: old, ends: false };
        writeDraft(ctx, {
          clientId,
          feeType,
          validFrom: start,
          reason: 'correction',
          computed,
          parameterSetId: set.id,
          previous,
          ruleChangeCode: code,
        });
        effective = { fee, from: start };
        result.drafts++;
        if (fee < old) result.refunds++;
        else result.increases++;
      }
    }
    const now = ctx.clock.now().toISOString();
    ctx.db.prepare('UPDATE fee_rule_changes SET drafted_at = ?, drafted_by = ?, drafts = ? WHERE code = ?').run(now, ctx.userId, result.drafts, code);
    ctx.audit.write({ userId: ctx.userId, action: 'fees.ruleChange', details: { code, windowStart, forward, drafts: result.drafts, refunds: result.refunds, increases: result.increases } });
  })();
  result.seconds = Math.round(performance.now() - started) / 1000;
  return result;
}
