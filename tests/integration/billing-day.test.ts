// The billing clerk's day on a real SQLite file (issue 19 item 15): the carers' days off entered as a run of days
// and flagged past the statutory ones (omaishoitolaki 4 § 1 mom), the payment list's masked henkilötunnus.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { runMonth, type RunCtx } from '../../electron/core/invoicing/run';
import { writeRunMaterial } from '../../electron/core/invoicing/material';
import { runBreakdown } from '../../electron/core/invoicing/breakdown';
import { signFeeDecisions, writeDraft } from '../../electron/core/fees/decisions';
import { listParameterSets, parameterSetOn } from '../../electron/core/fees/parameters';
import { monthlyFeeRow, monthlyFinvoiceQuantity, monthlyPriceText, monthlyQuantityText, monthlyWords } from '../../shared/domain/fees/invoice-rows';
import { addDays } from '../../shared/domain/dates';
import { daysOffBalance, daysOffOveruse } from '../../shared/domain/fees/caregiver';
import { formatMessage, hasMessage } from '../../shared/messages';
import { feeChanges } from '../../shared/domain/fees/changes';
import { connect, seededCore, tempDir } from '../support/core';

let core: Core;
let billing: ReturnType<typeof connect>;
let dir: string;
const XSD = path.resolve(__dirname, '../../../shared/reference/Finvoice3.0.xsd');
const ctx = (): RunCtx => ({ db: core.db, clock: core.clock, audit: core.audit, userId: core.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string });

beforeAll(async () => {
  dir = tempDir('luotsi-billing-day-');
  core = seededCore({ clients: 1500, intakeItems: 3000, dir });
  billing = connect(core);
  await billing.signIn('laskutus');
});

afterAll(() => core.close());

type Failure = { ok: false; error: { code: string; key?: string; params?: Record<string, never>; issues?: { path: string }[] } };

describe('caregiver days off (omaishoitolaki 4 § as amended by 511/2016)', () => {
  it('earns 2 days a month, or 3 when the care binds round the clock, counted month by month in the calendar year', () => {
    // 4 § 1 mom: "vähintään kaksi vuorokautta kalenterikuukautta kohti … vähintään kolme … jos hän on … sidottu hoitoon
    // ympärivuorokautisesti tai jatkuvasti päivittäin". An agreement from 15.3. earns from March (a month it is in force).
    const b = daysOffBalance({ startDate: '2026-03-15', endDate: null }, 3, ['2026-03-20', '2026-03-21', '2026-03-22', '2026-04-01'], 2026);
    expect(b.find((m) => m.month === '2026-02')).toMatchObject({ taken: 0, usedToDate: 0, earnedToDate: 0 });
    expect(b.find((m) => m.month === '2026-03')).toMatchObject({ taken: 3, usedToDate: 3, earnedToDate: 3 });
    expect(b.find((m) => m.month === '2026-04')).toMatchObject({ taken: 1, usedToDate: 4, earnedToDate: 6 });
    expect(daysOffOveruse(b)).toBeNull();
    // Exactly the earned days is not over-use; one more is, in the month it happened.
    const base = daysOffBalance({ startDate: '2026-01-01', endDate: null }, 2, ['2026-01-05', '2026-01-06'], 2026);
    expect(daysOffOveruse(base)).toBeNull();
    const over = daysOffBalance({ startDate: '2026-01-01', endDate: null }, 2, ['2026-01-05', '2026-01-06', '2026-01-07'], 2026);
    expect(daysOffOveruse(over)).toMatchObject({ month: '2026-01', usedToDate: 3, earnedToDate: 2 });
    // Days saved up from earlier months are not over-use: 2 + 2 earned by February, 4 taken in February.
    const saved = daysOffBalance({ startDate: '2026-01-01', endDate: null }, 2, ['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05'], 2026);
    expect(daysOffOveruse(saved)).toBeNull();
  });

  it('records a run of days in one go, flags the days past the statutory ones, and refuses bad input writing nothing', async () => {
    const agreements = await billing.ok('caregiver.agreements', {});
    const a = agreements.find((x) => x.startDate <= '2026-01-01' && x.endDate === null && x.daysOffOveruse === null)!;
    expect(a).toBeDefined();
    const daysBefore = core.db.prepare('SELECT COUNT(*) FROM carer_days_off WHERE agreement_id = ?').pluck();
    const n0 = daysBefore.get(a.id) as number;

    // The last day before the first: refused at the field, in both languages, nothing written.
    const order = (await billing.call('caregiver.dayOff', { agreementId: a.id, day: '2026-12-10', to: '2026-12-08' })) as Failure;
    expect(order.ok).toBe(false);
    expect(order.error.key).toBe('fees.dayOffOrder');
    expect(order.error.issues?.[0]?.path).toBe('to');
    expect(formatMessage('fi', order.error.key!, order.error.params)).toBe('Vapaan viimeinen päivä 8.12.2026 on ennen ensimmäistä päivää 10.12.2026.');
    expect(formatMessage('sv', order.error.key!, order.error.params)).toBe('Ledighetens sista dag 8.12.2026 är före den första dagen 10.12.2026.');
    const tooMany = (await billing.call('caregiver.dayOff', { agreementId: a.id, day: '2026-12-01', to: '2027-01-15' })) as Failure;
    expect(tooMany.error.key).toBe('fees.dayOffTooMany');
    expect(daysBefore.get(a.id)).toBe(n0);

    // Three days in December: within what a 2- or 3-day agreement has earned by then? The balance says.
    const before = a.daysOffThisYear.length;
    const after = await billing.ok('caregiver.dayOff', { agreementId: a.id, day: '2026-12-14', to: '2026-12-16' });
    expect(after.daysOffThisYear.length).toBe(before + 3);
    expect(after.daysOffThisYear).toEqual(expect.arrayContaining(['2026-12-14', '2026-12-15', '2026-12-16']));
    expect(daysBefore.get(a.id)).toBe(n0 + 3);

    // A day already recorded inside a new run: refused, and none of the run is written (one transaction).
    const again = (await billing.call('caregiver.dayOff', { agreementId: a.id, day: '2026-12-13', to: '2026-12-14' })) as Failure;
    expect(again.error.key).toBe('fees.dayOffRecorded');
    expect(formatMessage('fi', again.error.key!, again.error.params)).toBe('Vapaapäivä 14.12.2026 on jo kirjattu.');
    expect(daysBefore.get(a.id)).toBe(n0 + 3);

    // Taking more than the year has earned by December is recorded (the county may grant more, 4 § 2 mom) and flagged.
    const earnedByDecember = 12 * a.daysOffPerMonth;
    const missing = earnedByDecember - after.daysOffThisYear.length + 1;
    let flagged = after;
    if (missing > 0) {
      // Days spread over September to November until December's total is past the earned.
      const free = [];
      for (let day = '2026-09-01'; day <= '2026-11-30' && free.length < missing; day = addDays(day, 1)) if (!after.daysOffThisYear.includes(day)) free.push(day);
      for (const day of free) flagged = await billing.ok('caregiver.dayOff', { agreementId: a.id, day });
    }
    expect(flagged.daysOffOveruse).not.toBeNull();
    expect(flagged.daysOffOveruse!.used).toBeGreaterThan(flagged.daysOffOveruse!.earned);
  });

  it('shows the carer in the payment list with a masked henkilötunnus that keeps the check character, and the month’s days off', async () => {
    const run = await billing.ok('caregiver.createRun', { month: '2026-12' });
    const payments = await billing.ok('caregiver.payments', { runId: run.id });
    expect(payments.length).toBeGreaterThan(0);
    for (const p of payments) expect(p.carerHetuMasked).toMatch(/^\d{6}[-+A-FU-Y]\*{3}[0-9A-Y]$/);
    const hetu = core.db.prepare('SELECT carer_hetu FROM care_agreements WHERE id = ?').pluck().get(payments[0]!.agreementId) as string;
    expect(payments[0]!.carerHetuMasked).toBe(`${hetu.slice(0, 7)}***${hetu.slice(10)}`);
    // The full henkilötunnus never crosses to the window.
    expect(JSON.stringify(payments)).not.toContain(hetu);
    const withDays = payments.find((p) => (p.daysOff?.inMonth ?? 0) >= 3)!;
    expect(withDays).toBeDefined();
    expect(withDays.daysOff!.usedToDate).toBeGreaterThanOrEqual(withDays.daysOff!.inMonth);
    expect(payments.some((p) => p.daysOff?.over)).toBe(true);
  });
});

describe('a monthly fee reads as a month on the invoice (not "31 pv × À-hinta 1 272,25 €")', () => {
  it('words a whole month and a part of one in fi and sv', () => {
    const whole = monthlyFeeRow({ rowType: 'home_care', serviceMonth: '2026-10', periodFrom: '2026-10-01', amountCents: 127225, basis: { monthlyFeeCents: 127225, chargeableDays: 31, daysInMonth: 31 } })!;
    expect(monthlyQuantityText(whole, 'fi')).toBe('1 kk');
    expect(monthlyQuantityText(whole, 'sv')).toBe('1 mån');
    expect(monthlyPriceText(whole, 'fi')).toBe('1\u00a0272,25 €/kk');
    expect(monthlyWords(whole, 'fi')).toBe('kuukausimaksu 1\u00a0272,25\u00a0€');
    expect(monthlyFinvoiceQuantity(whole)).toBe('1');
    // 19 of 30 days: 1 272,25 × 19 / 30 = 805,758… → 805,76 € (10 k §, prorated by calendar days, half up).
    const part = monthlyFeeRow({ rowType: 'long_term', serviceMonth: '2026-11', periodFrom: '2026-11-12', amountCents: 80576, basis: JSON.stringify({ monthlyFeeCents: 127225, chargeableDays: 19, daysInMonth: 30 }) })!;
    expect(monthlyQuantityText(part, 'fi')).toBe('19/30 pv');
    expect(monthlyQuantityText(part, 'sv')).toBe('19/30 d');
    expect(monthlyWords(part, 'fi')).toBe('kuukausimaksu 1\u00a0272,25\u00a0€, veloitetaan 19 päivää 30:stä: 805,76\u00a0€');
    expect(monthlyWords(part, 'sv')).toBe('månadsavgift 1\u00a0272,25\u00a0€, debiteras 19 dagar av 30: 805,76\u00a0€');
    expect(monthlyFinvoiceQuantity(part)).toBe('0,633333');
    expect(Math.round(0.633333 * 127225)).toBe(80576);
    expect(monthlyFeeRow({ rowType: 'support', periodFrom: '2026-11-01', amountCents: 100, basis: '{}' })).toBeNull();
  });

  it('prints the month in the row text, the PDF columns and the Finvoice row, which validates', { timeout: 240_000 }, async () => {
    const summary = await runMonth(ctx(), '2026-10');
    const rows = core.db
      .prepare(
        `SELECT r.invoice_id, r.description_fi, r.description_sv, r.quantity, r.amount_cents, r.unit_price_cents FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id
         WHERE i.run_id = ? AND r.row_type = 'home_care' AND i.delivery = 'paper' ORDER BY r.amount_cents DESC`,
      )
      .all(summary.runId) as { invoice_id: string; description_fi: string; description_sv: string; quantity: number; amount_cents: number; unit_price_cents: number }[];
    const whole = rows.find((r) => r.quantity === 31 && r.amount_cents === r.unit_price_cents)!;
    expect(whole.description_fi).toMatch(/^Säännöllinen kotihoito 10\/2026, kuukausimaksu [\d\u00a0]+,\d\d\u00a0€ \(maksupäätös \d+\/\d{4}\)/);
    expect(whole.description_sv).toMatch(/^Regelbunden hemvård 10\/2026, månadsavgift [\d\u00a0]+,\d\d\u00a0€ \(avgiftsbeslut \d+\/\d{4}\)/);
    const part = rows.find((r) => r.quantity < 31);
    if (part) expect(part.description_fi).toMatch(new RegExp(`veloitetaan ${part.quantity} päivää 31:stä: `));

    // The PDF: "1 kk" at "… €/kk", no "31 pv"; looked at as an image too (pdftoppm).
    const pdf = await billing.ok('invoices.pdf', { invoiceId: whole.invoice_id });
    const file = path.join(dir, 'kuukausi.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Säännöllinen kotihoito 10\/2026, kuukausimaksu/);
    expect(text).toMatch(/1 kk\s+[\d\s]+,\d\d €\/kk\s+[\d\s]+,\d\d\s€/);
    expect(text).not.toMatch(/31 pv/);
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'kuukausi')]);
    expect(fs.statSync(path.join(dir, 'kuukausi-1.png')).size).toBeGreaterThan(10_000);
    if (process.env.LUOTSI_SHOTS) fs.copyFileSync(path.join(dir, 'kuukausi-1.png'), path.join(process.env.LUOTSI_SHOTS, 'invoice-month.png'));

    // Finvoice: one month at the monthly fee, the share of a month for a part of one; the message validates.
    const m = await writeRunMaterial(core.db, summary.runId, path.join(dir, 'out'), core.resourcesDir, core.clock.now(), { pdf: false });
    const xml = fs.readFileSync(m.finvoice, 'utf8');
    const number = core.db.prepare('SELECT number FROM invoices WHERE id = ?').pluck().get(whole.invoice_id) as number;
    const message = [...xml.matchAll(/<Finvoice [\s\S]*?<\/Finvoice>/g)].map((x) => x[0]).find((x) => x.includes(`<InvoiceNumber>${number}</InvoiceNumber>`))!;
    const row = /<InvoiceRow><ArticleName>Säännöllinen kotihoito[\s\S]*?<\/InvoiceRow>/.exec(message)![0];
    expect(row).toMatch(/<InvoicedQuantity QuantityUnitCode="kk">1<\/InvoicedQuantity>/);
    expect(row).toMatch(/<UnitPriceAmount AmountCurrencyIdentifier="EUR" UnitPriceUnitCode="€\/kk">[\d]+,\d\d<\/UnitPriceAmount>/);
    const f = path.join(dir, 'kuukausi.xml');
    fs.writeFileSync(f, `<?xml version="1.0" encoding="UTF-8"?>\n${message}`);
    expect(spawnSync('xmllint', ['--noout', '--schema', XSD, f], { encoding: 'utf8' }).stderr.trim()).toMatch(/validates$/);

    // The window shows the Swedish text to a Swedish user (the row carries both).
    const detail = await billing.ok('invoices.detail', { invoiceId: whole.invoice_id });
    const line = detail.lines.find((l) => l.rowType === 'home_care')!;
    expect(line.descriptionSv).toBe(whole.description_sv);
    expect(line.serviceMonth).toBe('2026-10');
  });
});

describe('the invoice run by service, area and channel, with the invoices to look at again', () => {
  it('adds up to the run, flags home care and 24-hour housing on the same days and a big change, and names the invoices', { timeout: 240_000 }, async () => {
    // A client with home care all November gets 24-hour service housing from 16.11. (its home care never ended).
    const c = core.db
      .prepare(
        `SELECT f.client_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id JOIN clients c ON c.id = f.client_id
         WHERE d.status IN ('signed','sent') AND f.fee_type = 'home_care' AND f.fee_cents > 10000 AND f.ends = 0 AND f.valid_from <= '2026-09-01'
           AND c.deleted = 0 AND c.address_protected = 0
           AND NOT EXISTS (SELECT 1 FROM fee_decisions x WHERE x.client_id = f.client_id AND (x.fee_type = 'long_term' OR x.valid_from > f.valid_from))
           AND NOT EXISTS (SELECT 1 FROM absences a WHERE a.client_id = f.client_id AND a.deleted = 0 AND a.to_date >= '2026-10-01')
         LIMIT 1`,
      )
      .pluck()
      .get() as string;
    expect(c).toBeDefined();
    const set = parameterSetOn(listParameterSets(core.db), '2026-11-16');
    const fee = { feeCents: 150_000, explanation: { formula: 'long_term' as const, steps: [{ key: 'fee' as const, cents: 150_000 }], applied: [], sources: [] } };
    const id = core.db.transaction(() =>
      writeDraft({ ...ctx() }, { clientId: c, feeType: 'long_term', validFrom: '2026-11-16', reason: 'new_service', computed: { feeType: 'long_term', result: fee, inputs: {} }, parameterSetId: set.id, previous: null }),
    )();
    signFeeDecisions({ ...ctx(), userRoleMayDecide: true }, [id]);

    const nov = await runMonth(ctx(), '2026-11');
    const b = runBreakdown(core.db, nov.runId, '2026-11-23');
    const total = nov.totalCents;
    const sum = (l: { cents: number }[]) => l.reduce((x, y) => x + y.cents, 0);
    expect(sum(b.byService)).toBe(total);
    expect(sum(b.byArea)).toBe(total);
    expect(sum(b.byChannel)).toBe(total);
    expect(b.byChannel.reduce((x, y) => x + y.invoices, 0)).toBe(nov.invoices);
    expect(b.byArea.reduce((x, y) => x + y.invoices, 0)).toBe(nov.invoices);
    expect(b.byService.map((l) => l.key)).toEqual(expect.arrayContaining(['home_care', 'long_term']));
    expect(b.byChannel.map((l) => l.key)).toEqual(expect.arrayContaining(['einvoice', 'print', 'manual']));
    // Each channel is one of the five the window words.
    for (const l of b.byChannel) expect(['einvoice', 'suomifi', 'suomifi_paper', 'print', 'manual']).toContain(l.key);

    const inv = core.db.prepare("SELECT id, number, total_cents FROM invoices WHERE run_id = ? AND client_id = ? AND kind = 'invoice'").get(nov.runId, c) as { id: string; number: number; total_cents: number };
    const overlap = b.anomalies.find((a) => a.kind === 'overlap' && a.invoiceId === inv.id);
    expect(overlap).toMatchObject({ number: inv.number, from: '2026-11-16', to: '2026-11-30' });
    // +half a month of 1 500 €: more than 100 € up from October.
    const change = b.anomalies.find((a) => a.kind === 'bigChange' && a.invoiceId === inv.id)!;
    expect(change.totalCents - change.previousCents!).toBeGreaterThan(10_000);
    // A client whose invoice hardly changed is not flagged (the rule: > 100 € or > 50 %).
    for (const a of b.anomalies.filter((x) => x.kind === 'bigChange')) {
      const d = Math.abs(a.totalCents - a.previousCents!);
      expect(d > 10_000 || d * 2 > a.previousCents!).toBe(true);
    }
    // The same through the channel the window calls, read under the billing role.
    const viaChannel = await billing.ok('invoices.breakdown', { runId: nov.runId });
    expect(viaChannel.anomalies.length).toBe(b.anomalies.length);
    // A guidance worker (not a county-wide role) is refused.
    const worker = connect(core);
    await worker.signIn('ohjaaja');
    const refused = (await worker.call('invoices.breakdown', { runId: nov.runId })) as { ok: boolean };
    expect(refused.ok).toBe(false);
  });
});

describe('fee drafts old against new (what changed, by key, worded in fi and sv)', () => {
  it('says why each draft differs from the fee in force, with the inputs that changed', async () => {
    const drafts = await billing.ok('fees.decisions', { status: 'draft' });
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(d.changes[0]!.key).toBe(`feeChange.reason.${d.reason}`);
      // Every message has its wording in both catalogues (no fallback to a code).
      for (const m of d.changes) {
        expect(hasMessage(m.key)).toBe(true);
        const params = m.params as Record<string, never> | undefined;
        expect(formatMessage('fi', m.key, params)).not.toMatch(/\{\{|\(feeChange/);
        expect(formatMessage('sv', m.key, params)).not.toMatch(/\{\{|\(feeChange/);
      }
    }

    // An income raised by 200 € from 1.12.2026: the draft says "Tulot muuttuivat 1.12.2026: +… €" and the gross income old → new.
    const clientId = core.db
      .prepare(
        `SELECT f.client_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE f.fee_type = 'home_care' AND d.status IN ('signed','sent')
         AND f.fee_cents > 0 AND f.ends = 0 AND NOT EXISTS (SELECT 1 FROM fee_decisions x JOIN decisions y ON y.id = x.decision_id WHERE x.client_id = f.client_id AND (y.status = 'draft' OR x.fee_type = 'long_term'))
         AND EXISTS (SELECT 1 FROM incomes i WHERE i.client_id = f.client_id AND i.person = 'client' AND i.kind = 'earnings_pension' AND i.deleted = 0 AND i.valid_to IS NULL) LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const before = await billing.ok('fees.client', { clientId });
    const i = before.incomes.find((x) => x.person === 'client' && x.kind === 'earnings_pension' && x.validTo === null)!;
    const view = await billing.ok('fees.saveIncome', {
      id: i.id,
      version: i.version,
      clientId,
      person: i.person,
      kind: i.kind,
      grossCents: i.grossCents + 20_000,
      netCents: i.netCents + 15_000,
      validFrom: '2026-12-01',
      validTo: null,
      note: i.note,
    });
    const draft = view.decisions.find((d) => d.status === 'draft' && d.feeType === 'home_care')!;
    expect(draft.reason).toBe('income');
    const fiTexts = draft.changes.map((m) => formatMessage('fi', m.key, m.params as Record<string, never>));
    const svTexts = draft.changes.map((m) => formatMessage('sv', m.key, m.params as Record<string, never>));
    const diff = draft.feeCents - draft.previousFeeCents!;
    expect(diff).toBeGreaterThan(0);
    const eur = (c: number) => (c / 100).toLocaleString('fi-FI', { minimumFractionDigits: 2 }).replace(/\s/g, '\u00a0');
    expect(fiTexts[0]).toBe(`Tulot muuttuivat 1.12.2026: +${eur(diff)}\u00a0€`);
    expect(svTexts[0]).toBe(`Inkomsterna ändrades 1.12.2026: +${eur(diff)}\u00a0€`);
    const gross = draft.previousExplanation!.steps.find((s) => s.key === 'gross_income')!.cents!;
    expect(fiTexts).toContain(`Bruttotulot (10 f §) ${eur(gross)}\u00a0€ → ${eur(gross + 20_000)}\u00a0€`);
    expect(svTexts).toContain(`Bruttoinkomster (10 f §) ${eur(gross)}\u00a0€ → ${eur(gross + 20_000)}\u00a0€`);
    // Nothing else changed: no index revision, no hours.
    expect(draft.changes.map((m) => m.key)).not.toContain('feeChange.indexed');
    expect(draft.changes.map((m) => m.key)).not.toContain('feeChange.hours');
  });
});

describe('feeChanges, the comparison itself', () => {
  const hc = (limit: number, percent: number, gross: number, fee: number, hours = 10, row = 10) => ({
    formula: 'home_care' as const,
    steps: [
      { key: 'household_size' as const, number: 1 },
      { key: 'gross_income' as const, cents: gross },
      { key: 'income_limit' as const, cents: limit },
      { key: 'hours' as const, number: hours },
      { key: 'hours_row' as const, number: row },
      { key: 'percent' as const, percent },
      { key: 'fee' as const, cents: fee },
    ],
    applied: [],
    sources: [],
  });
  it('names an index revision by the new parameter set’s start, with the figures that moved', () => {
    const c = feeChanges(
      { reason: 'parameters', validFrom: '2026-01-01', ends: false, ruleChange: null, parametersFrom: '2026-01-01' },
      { explanation: hc(104_700, 22, 200_000, 20_966), feeCents: 20_966, parameterSetId: 'set2025' },
      { explanation: hc(110_000, 22.5, 200_000, 26_466), feeCents: 26_466, parameterSetId: 'set2026' },
    );
    const fiTexts = c.map((m) => formatMessage('fi', m.key, m.params));
    expect(fiTexts[0]).toBe('Indeksitarkistus 1.1.2026: +55,00\u00a0€');
    expect(fiTexts).toContain('Tuloraja (10 e § 3–4 mom) 1\u00a0047,00\u00a0€ → 1\u00a0100,00\u00a0€ (indeksitarkistus 1.1.2026)');
    expect(fiTexts).toContain('Maksuprosentti 22 % → 22,5 % (maksuperusteet 1.1.2026)');
    expect(formatMessage('sv', c[0]!.key, c[0]!.params)).toBe('Indexjustering 1.1.2026: +55,00\u00a0€');
  });
  it('names the hours and the corrected rounding rule (10 e § 6 mom), a rule change and an end', () => {
    const hours = feeChanges(
      { reason: 'service_change', validFrom: '2026-12-01', ends: false, ruleChange: null, parametersFrom: '2026-01-01' },
      { explanation: hc(110_000, 22.5, 200_000, 20_000, 9, 9), feeCents: 20_000, parameterSetId: 's' },
      { explanation: hc(110_000, 24, 200_000, 21_600, 12, 12), feeCents: 21_600, parameterSetId: 's' },
    ).map((m) => formatMessage('fi', m.key, m.params));
    expect(hours).toContain('Palvelutunnit 9 → 12 h/kk, taulukon rivi 9 → 12 h (10 e § 1 ja 6 mom)');
    expect(hours).toContain('Maksuprosentti 22,5 % → 24 %');
    const rounding = feeChanges(
      { reason: 'correction', validFrom: '2026-06-01', ends: false, ruleChange: { fi: 'Tuntien pyöristys (10 e § 6 mom)', sv: 'Avrundning av timmar (10 e § 6 mom.)' }, parametersFrom: '2026-01-01' },
      { explanation: hc(110_000, 24, 200_000, 21_600, 9.4, 10), feeCents: 21_600, parameterSetId: 's' },
      { explanation: hc(110_000, 22.5, 200_000, 20_000, 9.4, 9), feeCents: 20_000, parameterSetId: 's' },
    ).map((m) => formatMessage('fi', m.key, m.params));
    expect(rounding[0]).toBe('Oikaisu 1.6.2026 alkaen: −16,00\u00a0€');
    expect(rounding[1]).toBe('Laskentasääntö korjattu lain mukaiseksi: Tuntien pyöristys (10 e § 6 mom)');
    expect(rounding).toContain('Tuntien pyöristys korjattu (10 e § 6 mom): taulukon rivi 10 → 9 h');
    const end = feeChanges({ reason: 'service_end', validFrom: '2026-12-01', ends: true, ruleChange: null, parametersFrom: null }, { explanation: null, feeCents: 20_000, parameterSetId: 's' }, { explanation: null, feeCents: 0, parameterSetId: 's' });
    expect(end.map((m) => formatMessage('sv', m.key, m.params))).toEqual(['Tjänsten upphör 1.12.2026: −200,00\u00a0€']);
  });
});
