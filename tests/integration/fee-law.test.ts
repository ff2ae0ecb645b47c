// Fees to the letter of the law on a real SQLite file: real invoice months with each kind of interruption
// (asiakasmaksulaki 10 k §) with their rows and explanations in Finnish and Swedish, short-term care of both kinds
// (6 a §), what the invoice and the fee decision letter tell the client (11 §, 15 §, 2 b §), bad input refused
// in Finnish and Swedish with nothing written, the caregiver fee during interruptions (omaishoitolaki 9 §), the
// assessment deadline's county setting, and the migration path: an old database's fees, invoices and letters
// stay as they were, corrected rules apply from a date as correction drafts and next-run corrections.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { openCore } from '../../electron/core/core';
import { fixedDateClock } from '../../electron/core/clock';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { ensureFeeParameters, listParameterSets } from '../../electron/core/fees/parameters';
import { shippedStatutoryRevision } from '../../electron/core/fees/default-parameters';
import { computeFee, loadFeeBases } from '../../electron/core/fees/basis';
import { runMonth, type RunCtx } from '../../electron/core/invoicing/run';
import { prorate } from '../../shared/domain/fees/interruptions';
import { connect, count, seededCore, tempDir } from '../support/core';
import { formatMessage, type MessageParams } from '../../shared/messages';
import type { FeeParameters } from '../../shared/domain/fees/parameters';

/** The refusal worded in Swedish, as the Swedish UI shows it (the key and parameters of the payload). */
const inSv = (e: { key?: string; params?: MessageParams; message: string }) => formatMessage('sv', e.key ?? '', e.params, e.message);

let core: Core;
let billing: ReturnType<typeof connect>;
let dir: string;
/** What the first part leaves for the migration test: the client billed for a short hospital stay, the runs. */
const shared: { x?: { id: string; fee: number }; runs?: Record<string, string> } = {};

const ctx = (): RunCtx => {
  const id = core.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string;
  return { db: core.db, clock: core.clock, audit: core.audit, userId: id };
};

interface Row {
  row_type: string;
  service_code: string;
  amount_cents: number;
  quantity: number;
  unit_price_cents: number;
  counts_to_ceiling: number;
  description_fi: string;
  description_sv: string;
}

function rowsOf(runId: string, clientId: string): Row[] {
  return core.db
    .prepare('SELECT r.* FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id WHERE i.run_id = ? AND i.client_id = ? ORDER BY r.sort')
    .all(runId, clientId) as Row[];
}

/** Home-care (or long-term) clients whose one fee has been in force since before August, without interruptions. */
function quietFeeClients(feeType: 'home_care' | 'long_term', n: number, language: 'fi' | 'sv' | null = null): { id: string; fee: number }[] {
  return core.db
    .prepare(
      `SELECT f.client_id AS id, f.fee_cents AS fee FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id JOIN clients c ON c.id = f.client_id
       WHERE d.status IN ('signed','sent') AND f.fee_type = ? AND f.fee_cents > 0 AND f.valid_from <= '2026-08-01' AND (? IS NULL OR c.language = ?)
         AND NOT EXISTS (SELECT 1 FROM absences a WHERE a.client_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM fee_decisions g WHERE g.client_id = c.id AND g.valid_from > f.valid_from)
         AND NOT EXISTS (SELECT 1 FROM fee_decisions h WHERE h.client_id = c.id AND h.fee_type <> f.fee_type)
         AND NOT EXISTS (SELECT 1 FROM care_agreements ca WHERE ca.client_id = c.id)
       ORDER BY f.client_id LIMIT ?`,
    )
    .all(feeType, language, language, n) as { id: string; fee: number }[];
}

beforeAll(async () => {
  dir = tempDir('luotsi-feelaw-');
  core = seededCore({ clients: 1500, intakeItems: 3000, dir });
  billing = connect(core);
  await billing.signIn('laskutus');
});

afterAll(() => core.close());

describe('real invoice months with each kind of interruption (asiakasmaksulaki 10 k §)', () => {
  const c: Record<string, { id: string; fee: number }> = {};
  const runs: Record<string, string> = {};

  it('records the interruptions and bills August, September and October', async () => {
    const home = quietFeeClients('home_care', 7, 'fi');
    const sv = quietFeeClients('home_care', 1, 'sv');
    const long = quietFeeClients('long_term', 1);
    expect(home).toHaveLength(7);
    expect(sv).toHaveLength(1);
    expect(long).toHaveLength(1);
    [c.a, c.b, c.d, c.f, c.g, c.h, c.x] = home as [typeof c.a, typeof c.b, typeof c.d, typeof c.f, typeof c.g, typeof c.h, typeof c.x];
    c.c = sv[0]!;
    c.e = long[0]!;
    const add = (who: { id: string }, cause: string, from: string, to: string) =>
      billing.ok('fees.addAbsence', { clientId: who.id, cause: cause as 'client', from, to, note: '' });
    await add(c.a!, 'client', '2026-09-03', '2026-09-10'); // 8 days: 5 charged, 3 free
    await add(c.b!, 'institution', '2026-09-28', '2026-10-04'); // across the month end, free from the first day
    await add(c.c!, 'provider', '2026-09-15', '2026-09-16'); // the county's reason: free
    await add(c.d!, 'client', '2026-08-25', '2026-10-05'); // the whole of September
    await add(c.e!, 'client', '2026-09-01', '2026-09-05'); // exactly 5 days: all charged
    await add(c.f!, 'short_term_housing', '2026-09-10', '2026-09-12');
    await add(c.g!, 'short_term_institutional', '2026-09-20', '2026-09-21');
    await add(c.h!, 'client', '2026-09-21', '2026-09-26'); // 6 days: the 6th is free
    await add(c.x!, 'institution', '2026-09-14', '2026-09-16'); // 3 days in hospital: free (the old rule charged it)
    for (const m of ['2026-08', '2026-09', '2026-10']) runs[m] = (await runMonth(ctx(), m)).runId;
  });

  it('exports the clients for the migration test', () => {
    shared.x = c.x!;
    shared.runs = runs;
  });

  it("charges a client's own interruption for its first five days (8 days → 3 free; 6 days → 1 free; 5 days → none)", () => {
    const a = rowsOf(runs['2026-09']!, c.a!.id).filter((r) => r.row_type === 'home_care');
    expect(a.map((r) => [r.quantity, r.amount_cents])).toEqual([[27, prorate(c.a!.fee, 27, 30)]]);
    expect(a[0]!.description_fi).toContain('keskeytys 3.9.2026–10.9.2026 (asiakkaasta johtuva syy): 3 pv maksutta, 5 pv maksullisia (5 ensimmäistä päivää maksullisia, asiakasmaksulaki 10 k §)');
    expect(a[0]!.description_sv).toContain('avbrott 3.9.2026–10.9.2026 (orsak som beror på klienten): 3 d avgiftsfritt, 5 d debiteras (de 5 första dagarna debiteras, klientavgiftslagen 10 k §)');
    const h = rowsOf(runs['2026-09']!, c.h!.id).filter((r) => r.row_type === 'home_care');
    expect(h.map((r) => [r.quantity, r.amount_cents])).toEqual([[29, prorate(c.h!.fee, 29, 30)]]);
    const e = rowsOf(runs['2026-09']!, c.e!.id).filter((r) => r.row_type === 'long_term');
    expect(e.map((r) => [r.quantity, r.amount_cents])).toEqual([[30, c.e!.fee]]);
    expect(e[0]!.description_fi).toContain('0 pv maksutta, 5 pv maksullisia');
  });

  it('frees institutional care and the county’s reason from the first day, across a month end', () => {
    const sep = rowsOf(runs['2026-09']!, c.b!.id).filter((r) => r.row_type === 'home_care');
    expect(sep.map((r) => [r.quantity, r.amount_cents])).toEqual([[27, prorate(c.b!.fee, 27, 30)]]);
    expect(sep[0]!.description_fi).toContain('keskeytys 28.9.2026–4.10.2026 (laitoshoito, kesto 7 pv): 3 pv maksutta (maksuton ensimmäisestä päivästä, asiakasmaksulaki 10 k §)');
    const oct = rowsOf(runs['2026-10']!, c.b!.id).filter((r) => r.row_type === 'home_care');
    expect(oct.map((r) => [r.quantity, r.amount_cents])).toEqual([[27, prorate(c.b!.fee, 27, 31)]]);
    expect(oct[0]!.description_sv).toContain('avbrott 28.9.2026–4.10.2026 (anstaltsvård, längd 7 d): 4 d avgiftsfritt (avgiftsfritt från första dagen, klientavgiftslagen 10 k §)');
    const prov = rowsOf(runs['2026-09']!, c.c!.id).filter((r) => r.row_type === 'home_care');
    expect(prov.map((r) => [r.quantity, r.amount_cents])).toEqual([[28, prorate(c.c!.fee, 28, 30)]]);
    expect(prov[0]!.description_sv).toContain('(orsak som beror på välfärdsområdet): 2 d avgiftsfritt (avgiftsfritt från första dagen, klientavgiftslagen 10 k §)');
  });

  it('bills nothing for a month the interruption lasts throughout, and counts its days across both month ends', () => {
    expect(rowsOf(runs['2026-09']!, c.d!.id).filter((r) => r.row_type === 'home_care')).toEqual([]);
    const aug = rowsOf(runs['2026-08']!, c.d!.id).filter((r) => r.row_type === 'home_care');
    // 25.–29.8. are the five charged days, 30.–31.8. free.
    expect(aug.map((r) => [r.quantity, r.amount_cents])).toEqual([[29, prorate(c.d!.fee, 29, 31)]]);
    expect(aug[0]!.description_fi).toContain('(asiakkaasta johtuva syy, kesto 42 pv): 2 pv maksutta, 5 pv maksullisia');
    const oct = rowsOf(runs['2026-10']!, c.d!.id).filter((r) => r.row_type === 'home_care');
    expect(oct.map((r) => [r.quantity, r.amount_cents])).toEqual([[26, prorate(c.d!.fee, 26, 31)]]);
  });

  it('bills short-term care by the day: service housing outside the ceiling, institutional care toward it', () => {
    const f = rowsOf(runs['2026-09']!, c.f!.id);
    expect(f.find((r) => r.row_type === 'home_care')!.quantity).toBe(27);
    const housing = f.filter((r) => r.row_type === 'short_term');
    expect(housing.map((r) => [r.service_code, r.quantity, r.unit_price_cents, r.amount_cents, r.counts_to_ceiling])).toEqual([['short_term_housing', 3, 3300, 9900, 0]]);
    expect(housing[0]!.description_fi).toBe('Lyhytaikainen ympärivuorokautinen palveluasuminen 10.9.2026–12.9.2026, 3 vrk × 33,00\u00a0€ (sosiaalihuoltolaki 21 c §; ei kerrytä maksukattoa)');
    expect(housing[0]!.description_sv).toMatch(/^Kortvarigt serviceboende med heldygnsomsorg .*räknas inte in i avgiftstaket\)$/);
    const inst = rowsOf(runs['2026-09']!, c.g!.id).filter((r) => r.row_type === 'short_term');
    expect(inst.map((r) => [r.service_code, r.quantity, r.amount_cents, r.counts_to_ceiling])).toEqual([['short_term_care', 2, 6600, 1]]);
    expect(inst[0]!.description_fi).toContain('(asiakasmaksuasetus 912/1992 12 §)');
  });

  it('tells the client on the invoice about reduction and waiver, the fee decision and where to ask for review (11 §, 2 b §, 15 §)', async () => {
    const inv = core.db.prepare('SELECT id FROM invoices WHERE run_id = ? AND client_id = ?').get(runs['2026-09']!, c.c!.id) as { id: string };
    const pdf = await billing.ok('invoices.pdf', { invoiceId: inv.id });
    const file = path.join(dir, 'faktura.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('FAKTURA');
    expect(text).toContain('klientavgiftslagen 10 k §');
    expect(text).toContain('(klientavgiftslagen 11 §)');
    expect(text).toContain('fakturan kan inte omprövas separat');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1/);
    // A short-term stay is not decided by an income-based fee decision: its invoice carries the review instructions.
    const g = core.db.prepare('SELECT id FROM invoices WHERE run_id = ? AND client_id = ?').get(runs['2026-09']!, c.g!.id) as { id: string };
    fs.writeFileSync(file, Buffer.from((await billing.ok('invoices.pdf', { invoiceId: g.id })).base64, 'base64'));
    const gText = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(gText).toContain('toimielimelle, joka vastaa palvelun järjestämisestä: Yksilöasioiden jaosto');
    expect(gText).toContain('(asiakasmaksulaki 15 § 1 mom)');
    expect(gText).not.toContain('laskuttajalle');
  });
});

describe('bad input: a clear message in Finnish and Swedish, nothing written', () => {
  const refused = async (channel: string, input: unknown) => {
    const r = (await billing.call(channel, input)) as { ok: boolean; error: { code: string; message: string; key?: string; params?: MessageParams } };
    expect(r.ok).toBe(false);
    return r.error;
  };
  const snapshot = () =>
    ['absences', 'fee_deductions', 'incomes', 'care_interruptions', 'fee_parameter_sets', 'audit_log', 'outbox'].map((t) => count(core, `SELECT COUNT(*) FROM ${t}`));

  it('refuses overlapping, reversed, unknown and absurd interruptions', async () => {
    const clientId = core.db.prepare("SELECT client_id FROM absences WHERE cause = 'client' AND from_date = '2026-09-03'").pluck().get() as string;
    const before = snapshot();
    const overlap = await refused('fees.addAbsence', { clientId, cause: 'institution', from: '2026-09-08', to: '2026-09-12', note: '' });
    expect(overlap.message).toBe('Keskeytys 8.9.2026–12.9.2026 menee päällekkäin keskeytyksen 3.9.2026–10.9.2026 kanssa; sama päivä voi kuulua vain yhteen keskeytykseen.');
    expect(inSv(overlap)).toBe('Avbrottet 8.9.2026–12.9.2026 överlappar avbrottet 3.9.2026–10.9.2026; en dag kan höra till endast ett avbrott.');
    expect((await refused('fees.addAbsence', { clientId, cause: 'client', from: '2026-10-10', to: '2026-10-01', note: '' })).message).toBe('Tarkista tiedot: Päättyen: päättymispäivä on ennen alkamispäivää.');
    expect((await refused('fees.addAbsence', { clientId, cause: 'hospital', from: '2026-10-01', to: '2026-10-02', note: '' })).message).toBe('Tarkista tiedot: Syy: valitse jokin annetuista vaihtoehdoista.');
    const long = await refused('fees.addAbsence', { clientId, cause: 'client', from: '2020-01-01', to: '2026-10-02', note: '' });
    expect([long.message, inSv(long)]).toEqual(['Keskeytys 1.1.2020–2.10.2026 on yli 731 päivää pitkä; tarkista päivämäärät.', 'Avbrottet 1.1.2020–2.10.2026 är längre än 731 dagar; kontrollera datumen.']);
    expect(snapshot()).toEqual(before);
  });

  it('refuses deductions outside the closed list and its limits, and incomes of absurd size', async () => {
    const clientId = core.db.prepare("SELECT client_id FROM fee_decisions WHERE fee_type = 'long_term' LIMIT 1").pluck().get() as string;
    const base = { id: null, version: null, clientId, person: 'client' as const, monthlyCents: 10000, validFrom: '2026-11-01', validTo: null, note: '' };
    const before = snapshot();
    const spouseMaintenance = await refused('fees.saveDeduction', { ...base, kind: 'maintenance_paid', toSpouseLivedWith: true });
    expect(spouseMaintenance.message).toMatch(/10 c § 2 mom, 10 g § 2 mom/);
    expect(inSv(spouseMaintenance)).toMatch(/10 c § 2 mom\., 10 g § 2 mom\./);
    const spouseHousing = await refused('fees.saveDeduction', { ...base, person: 'spouse', kind: 'housing_cost' });
    expect([spouseHousing.message, inSv(spouseHousing)]).toEqual([
      'Palveluasumisen kohtuulliset asumismenot vähennetään vain asiakkaan tuloista (10 d § 1 mom).',
      'Skäliga boendeutgifter i serviceboendet dras endast av från klientens inkomster (10 d § 1 mom.).',
    ]);
    const window = await refused('fees.saveDeduction', { ...base, kind: 'former_home_owned', validTo: '2027-06-01' });
    expect(window.message).toBe('Entisen omistusasunnon menot vähennetään enintään 6 kuukauden ajalta (10 c § 3 mom 1 kohta); anna voimassaolon loppu viimeistään 30.4.2027.');
    expect(inSv(window)).toBe('Utgifter för den tidigare ägarbostaden dras av för högst 6 månader (10 c § 3 mom. 1 punkten); ange slutet av giltigheten senast 30.4.2027.');
    const other = await refused('fees.saveDeduction', { ...base, kind: 'other' });
    expect([other.message, inSv(other)]).toEqual(['Tarkista tiedot: Laji: valitse jokin annetuista vaihtoehdoista.', 'Kontrollera uppgifterna: Slag: välj ett av de givna alternativen.']);
    expect((await refused('fees.saveDeduction', { ...base, kind: 'medicines', monthlyCents: -5 })).message).toMatch(/negatiivinen/);
    const income = { id: null, version: null, clientId, person: 'client', kind: 'salary', netCents: 0, validFrom: '2026-11-01', validTo: null, note: '' };
    expect((await refused('fees.saveIncome', { ...income, grossCents: 50_000_000 })).message).toMatch(/epäuskottavan suuri/);
    expect((await refused('fees.saveIncome', { ...income, grossCents: 1000, counted: false })).message).toMatch(/Tuntemattomia kenttiä: counted/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a parameter set without a source and a county price above the decree maximum', async () => {
    const admin = connect(core);
    await admin.signIn('paakayttaja');
    const sets = await admin.ok('fees.parameters', {});
    const p = structuredClone(sets.at(-1)!.parameters);
    const before = snapshot();
    const noSource = structuredClone(p);
    noSource.figures.personalAllowance.source = '';
    const e1 = await (async () => {
      const r = (await admin.call('fees.saveParameters', { id: sets.at(-1)!.id, version: sets.at(-1)!.version, parameters: noSource })) as { ok: false; error: { message: string; key?: string; params?: MessageParams } };
      return r.error;
    })();
    expect(e1.message).toBe('Maksuparametreista puuttuu lähde: figures.personalAllowance.source. Jokaiselle lakisääteiselle luvulle on kerrottava lähde.');
    expect(inSv(e1)).toMatch(/^Källa saknas för avgiftsparametrarna/);
    const dear = structuredClone(p);
    dear.shortTerm.institutional.countyDailyCents = dear.shortTerm.institutional.statutoryMaxDailyCents + 100;
    const r2 = (await admin.call('fees.saveParameters', { id: sets.at(-1)!.id, version: sets.at(-1)!.version, parameters: dear })) as { ok: false; error: { message: string } };
    expect(r2.error.message).toMatch(/ylittää asiakasmaksuasetuksen 912\/1992 12 §:n enimmäismäärän 58,40 €/);
    expect(snapshot()).toEqual(before);
  });
});

describe('family carer fee (omaishoitolaki 8 §, 9 §)', () => {
  it('pays a hospital stay for a month from its start, follows the agreement otherwise and refuses a void term', async () => {
    const agreements = await billing.ok('caregiver.agreements', {});
    const a = agreements.find((x) => x.startDate <= '2026-09-01' && (x.endDate === null || x.endDate >= '2026-12-31'))!;
    expect(a.terms).toEqual({ healthPaidMonths: 1, otherPaidDays: null });
    // A hospital stay of the cared-for client (recorded as institutional care) is a health interruption.
    await billing.ok('fees.addAbsence', { clientId: a.clientId, cause: 'institution', from: '2026-10-20', to: '2026-11-30', note: 'Jorvin sairaala' }).catch(() => null);
    const before = count(core, 'SELECT COUNT(*) FROM care_agreements WHERE health_paid_months <> 1');
    const bad = (await billing.call('caregiver.saveTerms', { agreementId: a.id, version: a.version, healthPaidMonths: 0, otherPaidDays: 7 })) as { ok: false; error: { message: string } };
    expect(bad.error.message).toMatch(/vähintään kuukauden ajan \(omaishoitolaki 9 § 2–3 mom\)/);
    expect(count(core, 'SELECT COUNT(*) FROM care_agreements WHERE health_paid_months <> 1')).toBe(before);
    const saved = await billing.ok('caregiver.saveTerms', { agreementId: a.id, version: a.version, healthPaidMonths: 1, otherPaidDays: 7 });
    expect(saved.terms).toEqual({ healthPaidMonths: 1, otherPaidDays: 7 });
    const withOther = await billing.ok('caregiver.addInterruption', { agreementId: a.id, cause: 'other', from: '2026-12-03', to: '2026-12-20', note: 'Hoitajan leikkaus' });
    expect(withOther.interruptions.map((i) => [i.cause, i.from, i.derived])).toEqual(expect.arrayContaining([['other', '2026-12-03', false]]));
    const overlap = (await billing.call('caregiver.addInterruption', { agreementId: a.id, cause: 'health', from: '2026-12-10', to: '2026-12-11', note: '' })) as { ok: false; error: { message: string; key?: string; params?: MessageParams } };
    expect(inSv(overlap.error)).toMatch(/överlappar/);

    const nov = await billing.ok('caregiver.createRun', { month: '2026-11' });
    const pay = (await billing.ok('caregiver.payments', { runId: nov.id })).find((p) => p.agreementId === a.id)!;
    // From 20.10. the month ends on 19.11.: paid 1.–19.11. (19 of 30 days), not 14 days as the old rule had it.
    expect(pay.paidDays).toBe(19);
    expect(pay.amountCents).toBe(prorate(pay.monthlyCents, 19, 30));
    const basis = JSON.parse(pay.basis) as { fi: string[]; sv: string[] };
    expect(basis.fi[0]).toContain('palkkio maksetaan kuukauden keskeytyksen alusta, maksaminen keskeytyy 20.11.2026 (omaishoitolaki 9 § 2 mom)');
    expect(basis.sv[0]).toContain('betalningen avbryts 20.11.2026 (lagen om stöd för närståendevård 9 § 2 mom.)');
  });
});

describe('assessment deadline: eves are working days unless the county chooses otherwise', () => {
  it('says the rule in the bootstrap and recounts the open items when the administrator changes it', async () => {
    const worker = connect(core);
    await worker.signIn('ohjaaja');
    expect((await worker.ok('meta.bootstrap', {})).deadlineRule).toEqual({ christmasEveWorkingDay: true, midsummerEveWorkingDay: true, isDefault: true });
    expect(((await worker.call('deadlines.saveSettings', { christmasEveWorkingDay: false, midsummerEveWorkingDay: true })) as { ok: boolean; error: { code: string } }).error.code).toBe('FORBIDDEN');
    // An open item whose seven working days cross Christmas: contact 18.12.2026 → 30.12. by default, 31.12. with the eve closed.
    const item = core.db.prepare("SELECT id FROM intake_items WHERE status IN ('new','assigned') AND due_basis = 'statutory' LIMIT 1").pluck().get() as string;
    core.db.prepare("UPDATE intake_items SET contact_date = '2026-12-18', assessment_due = '2026-12-30' WHERE id = ?").run(item);
    const admin = connect(core);
    await admin.signIn('paakayttaja');
    const r = await admin.ok('deadlines.saveSettings', { christmasEveWorkingDay: false, midsummerEveWorkingDay: true });
    expect(r).toMatchObject({ christmasEveWorkingDay: false, isDefault: false });
    expect(r.moved).toBeGreaterThan(0);
    expect(core.db.prepare('SELECT assessment_due FROM intake_items WHERE id = ?').pluck().get(item)).toBe('2026-12-31');
    expect((await worker.ok('meta.bootstrap', {})).deadlineRule.isDefault).toBe(false);
    await admin.ok('deadlines.saveSettings', { christmasEveWorkingDay: true, midsummerEveWorkingDay: true });
    expect(core.db.prepare('SELECT assessment_due FROM intake_items WHERE id = ?').pluck().get(item)).toBe('2026-12-30');
  });
});

describe('migration path: made fees never rewritten, corrected rules from a date', () => {
  let old: Core;
  const oldDir = () => path.join(dir, 'old');
  const SIGNED = "SELECT f.decision_id, f.fee_cents, f.valid_from, f.explanation_json FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE d.status IN ('signed','sent') ORDER BY f.decision_id";
  const INVOICES = 'SELECT id, total_cents, status FROM invoices ORDER BY id';
  const ROWS = 'SELECT id, amount_cents, description_fi FROM invoice_rows ORDER BY id';
  const LETTERS = 'SELECT id, sha256 FROM letters ORDER BY id';
  const hash = (db: Database.Database, sql: string) => crypto.createHash('sha256').update(JSON.stringify(db.prepare(sql).all())).digest('hex');
  let before: Record<string, string>;
  const oldRule: { raised: string[]; x: { id: string; fee: number } } = { raised: [], x: { id: '', fee: 0 } };

  afterAll(() => old?.close());

  it('upgrades a database of the old shape: causes, deductions, incomes, parameter sets; made rows untouched', () => {
    // An existing workstation: a copy of the seeded database taken back to the schema before 'fee-law', with what the old code
    // wrote: the old causes and deduction kinds, the old 2024–2025 parameter set, home-care fees decided
    // without the care allowance (counted "for no fee" before) and a short hospital stay billed in full.
    fs.mkdirSync(oldDir(), { recursive: true });
    const file = path.join(oldDir(), 'luotsi.sqlite');
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(path.join(dir, 'luotsi.sqlite'), file);
    const raw = new Database(file);
    expect(raw.prepare('SELECT COUNT(*) FROM fee_rule_changes').pluck().get()).toBe(0);
    raw.exec(`
      PRAGMA foreign_keys = OFF;
      DROP TABLE fee_rule_changes;
      ALTER TABLE care_agreements DROP COLUMN health_paid_months;
      ALTER TABLE care_agreements DROP COLUMN other_paid_days;
      DROP TABLE care_interruptions;
      ALTER TABLE caregiver_payments DROP COLUMN correction_cents;
      ALTER TABLE caregiver_payments DROP COLUMN correction_json;
      ALTER TABLE fee_decisions DROP COLUMN rule_change_code;
      ALTER TABLE clients DROP COLUMN lived_with_spouse_before_care;
      ALTER TABLE clients DROP COLUMN spouse_in_long_term_care;
    `);
    const v4 = MIGRATIONS.find((m) => m.version === 4)!.up;
    raw.exec(v4.match(/CREATE TABLE absences \([\s\S]*?\) STRICT;/)![0].replace('CREATE TABLE absences', 'CREATE TABLE absences_old'));
    raw.exec(`
      INSERT INTO absences_old (id, client_id, cause, from_date, to_date, note, created_by, version, updated_at, deleted)
        SELECT id, client_id, CASE cause WHEN 'institution' THEN 'hospital' WHEN 'short_term_institutional' THEN 'short_term_care' WHEN 'short_term_housing' THEN 'short_term_care' ELSE cause END,
          from_date, to_date, note, created_by, version, updated_at, deleted FROM absences;
      DROP TABLE absences; ALTER TABLE absences_old RENAME TO absences;
    `);
    raw.exec(v4.match(/CREATE TABLE fee_deductions \([\s\S]*?\) STRICT;/)![0].replace('CREATE TABLE fee_deductions', 'CREATE TABLE fee_deductions_old'));
    raw.exec(`
      INSERT INTO fee_deductions_old (id, client_id, kind, monthly_cents, valid_from, valid_to, note, version, updated_at, deleted)
        SELECT id, client_id, CASE kind WHEN 'guardian_fee' THEN 'guardianship' WHEN 'maintenance_paid' THEN 'maintenance' ELSE kind END, monthly_cents, valid_from, valid_to, note, version, updated_at, deleted
        FROM fee_deductions WHERE kind IN ('housing_cost','housing_allowance','medicines','guardian_fee','maintenance_paid','syytinki');
      DROP TABLE fee_deductions; ALTER TABLE fee_deductions_old RENAME TO fee_deductions;
      UPDATE fee_deductions SET kind = 'other' WHERE rowid IN (SELECT rowid FROM fee_deductions LIMIT 2);
      UPDATE incomes SET kind = 'maintenance_received' WHERE rowid IN (SELECT rowid FROM incomes WHERE kind = 'other_tax_free' LIMIT 1);
      DELETE FROM fee_parameter_sets WHERE valid_from = '2025-01-01';
    `);
    if (raw.prepare("SELECT COUNT(*) FROM incomes WHERE kind = 'maintenance_received'").pluck().get() === 0)
      raw.exec("UPDATE incomes SET kind = 'maintenance_received' WHERE rowid IN (SELECT rowid FROM incomes WHERE kind = 'capital' LIMIT 1)");
    const oldSet = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'parameters-2024-2025-v12.json'), 'utf8')) as unknown;
    raw.prepare("UPDATE fee_parameter_sets SET valid_to = '2025-12-31', params_json = ? WHERE valid_from = '2024-01-01'").run(JSON.stringify(oldSet));
    // Home-care fees the old code decided without the care allowance: the fee and its calculation as it stored them.
    raw.exec('DROP TRIGGER fee_decisions_frozen_upd');
    const withAllowance = raw
      .prepare(
        `SELECT f.decision_id, f.explanation_json, SUM(i.gross_cents) AS allowance FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id
         JOIN incomes i ON i.client_id = f.client_id AND i.kind = 'care_allowance' AND i.deleted = 0 AND i.valid_from <= f.valid_from
         WHERE d.status IN ('signed','sent') AND f.fee_type = 'home_care' AND f.valid_from = '2026-01-01' AND f.fee_cents > 2000
         GROUP BY f.decision_id ORDER BY f.decision_id LIMIT 3`,
      )
      .all() as { decision_id: string; explanation_json: string; allowance: number }[];
    expect(withAllowance.length).toBeGreaterThan(0);
    for (const w of withAllowance) {
      const e = JSON.parse(w.explanation_json) as { steps: { key: string; cents?: number; percent?: number }[] };
      const step = (k: string) => e.steps.find((x) => x.key === k)!;
      step('gross_income').cents! -= w.allowance;
      const over = Math.max(0, step('gross_income').cents! - step('income_limit').cents!);
      step('income_over_limit').cents = over;
      const fee = Math.floor((over * Math.round(step('percent').percent! * 100) + 5000) / 10000);
      step('computed_fee').cents = fee;
      step('fee').cents = fee;
      raw.prepare('UPDATE fee_decisions SET fee_cents = ?, explanation_json = ? WHERE decision_id = ?').run(fee, JSON.stringify(e), w.decision_id);
      oldRule.raised.push(w.decision_id);
    }
    raw.exec(MIGRATIONS.find((m) => m.version === 4)!.up.match(/CREATE TRIGGER fee_decisions_frozen_upd[\s\S]*?END;/)![0]);
    // The old rule charged a hospital stay of five days or less: X's September was billed in full.
    oldRule.x = shared.x!;
    raw
      .prepare("UPDATE invoice_rows SET amount_cents = ?, quantity = 30 WHERE row_type = 'home_care' AND invoice_id = (SELECT id FROM invoices WHERE run_id = ? AND client_id = ?)")
      .run(shared.x!.fee, shared.runs!['2026-09'], shared.x!.id);
    // Migrations after 'fee-law' run again on the way up: take back the indexes, tables, triggers and columns they made.
    const feeLaw = MIGRATIONS.find((m) => m.name === 'fee-law')!.version;
    for (const m of MIGRATIONS.filter((x) => x.version > feeLaw))
      for (const [, what, name] of m.up.matchAll(/CREATE\s+(?:UNIQUE\s+)?(INDEX|TABLE|TRIGGER|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi))
        raw.exec(`DROP ${what!.toUpperCase()} IF EXISTS ${name}`);
    for (const m of MIGRATIONS.filter((x) => x.version > feeLaw).reverse())
      for (const [, table, column] of m.up.matchAll(/ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/gi)) raw.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    raw.pragma(`user_version = ${feeLaw - 1}`);
    before = { signed: hash(raw, SIGNED), invoices: hash(raw, INVOICES), rows: hash(raw, ROWS), letters: hash(raw, LETTERS) };
    const causes = raw.prepare('SELECT COUNT(*) FROM absences').pluck().get() as number;
    raw.close();

    old = openCore({ dbPath: file, clock: fixedDateClock('2026-11-23') });
    const db = old.db;
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(count(old, 'SELECT COUNT(*) FROM absences')).toBe(causes);
    expect(count(old, "SELECT COUNT(*) FROM absences WHERE cause NOT IN ('client','provider','institution','short_term_institutional','short_term_housing')")).toBe(0);
    expect(count(old, "SELECT COUNT(*) FROM fee_deductions WHERE kind = 'legacy_other'")).toBe(2);
    expect(count(old, "SELECT COUNT(*) FROM fee_deductions WHERE kind = 'guardian_fee'")).toBeGreaterThan(0);
    expect(count(old, "SELECT COUNT(*) FROM incomes WHERE kind = 'child_maintenance_received'")).toBe(1);
    // The old 2024–2025 set became 2024 with the corrected figures (same id, which decisions point at); 2025 was added.
    const sets = listParameterSets(db);
    expect(sets.map((s) => [s.parameters.validFrom, s.parameters.validTo])).toEqual([
      ['2024-01-01', '2024-12-31'],
      ['2025-01-01', '2025-12-31'],
      ['2026-01-01', null],
    ]);
    expect(sets[0]!.parameters.longTerm.personalAllowanceCents).toBe(18200);
    ensureFeeParameters(db, old.resourcesDir, new Date());
    expect(listParameterSets(db)).toHaveLength(3);
    // Made decisions, invoices, their rows and the letters are exactly as they were.
    const ro = new Database(file, { readonly: true });
    try {
      expect({ signed: hash(ro, SIGNED), invoices: hash(ro, INVOICES), rows: hash(ro, ROWS), letters: hash(ro, LETTERS) }).toEqual(before);
    } finally {
      ro.close();
    }
    // Two rule corrections to draft: the 2026-12 review of the law, and the cap of 7 c § 5 mom on the spouse rule
    // (migration 0024), recorded only because the database has long-term fees.
    expect(old.db.prepare('SELECT code FROM fee_rule_changes ORDER BY code').pluck().all()).toEqual(['law-2026-12', 'spouse-cap-7c5']);
  });

  it('makes correction drafts: refunds back a year, raises only from next month, each with its reason in words', async () => {
    const b = connect(old);
    await b.signIn('laskutus');
    const changes = await b.ok('fees.ruleChanges', {});
    expect(changes).toHaveLength(2);
    expect(changes.find((c) => c.code === 'law-2026-12')).toMatchObject({ appliesFrom: '2021-07-01', draftedAt: null });
    expect(changes.find((c) => c.code === 'spouse-cap-7c5')).toMatchObject({ appliesFrom: '2022-10-01', draftedAt: null, reasonFi: expect.stringMatching(/7 c § 5 mom/) });
    const signedBefore = count(old, "SELECT COUNT(*) FROM decisions WHERE kind = 'fee' AND status IN ('signed','sent')");
    const r = await b.ok('fees.applyRuleChange', { code: 'law-2026-12' });
    expect(r).toMatchObject({ windowStart: '2025-11-23', forwardFrom: '2026-12-01' });
    expect(r.increases).toBeGreaterThanOrEqual(oldRule.raised.length);
    expect(count(old, "SELECT COUNT(*) FROM decisions WHERE kind = 'fee' AND status IN ('signed','sent')")).toBe(signedBefore);
    const drafts = old.db
      .prepare(
        "SELECT f.decision_id, f.previous_decision_id, f.valid_from, f.fee_cents, f.previous_fee_cents, f.reason FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE d.status = 'draft' AND f.rule_change_code = 'law-2026-12'",
      )
      .all() as { decision_id: string; previous_decision_id: string; valid_from: string; fee_cents: number; previous_fee_cents: number; reason: string }[];
    expect(drafts).toHaveLength(r.drafts);
    for (const d of drafts) {
      expect(d.reason).toBe('correction');
      if (d.fee_cents > d.previous_fee_cents) expect(d.valid_from).toBe('2026-12-01');
      else expect(d.valid_from >= '2025-11-23').toBe(true);
    }
    // Each fee the old code decided without the care allowance is raised from 1.12.2026, not before.
    const raises = drafts.filter((d) => oldRule.raised.includes(d.previous_decision_id));
    expect(raises).toHaveLength(oldRule.raised.length);
    expect(raises.every((d) => d.valid_from === '2026-12-01' && d.fee_cents > d.previous_fee_cents)).toBe(true);
    const raise = raises[0]!.decision_id;
    await b.ok('fees.sign', { decisionIds: [raise] });
    const reasoning = old.db.prepare('SELECT reasoning_fi, reasoning_sv, legal_basis FROM decisions WHERE id = ?').get(raise) as { reasoning_fi: string; reasoning_sv: string; legal_basis: string };
    expect(reasoning.reasoning_fi).toMatch(/^Maksun oikaisu\.\n\nAsiakasmaksujen laskenta korjattu lain mukaiseksi\.\n\nTuloina otetaan huomioon .*\(10 f § 1 ja 3 mom\)/s);
    expect(reasoning.reasoning_fi).toContain('Maksun alentaminen ja perimättä jättäminen');
    expect(reasoning.reasoning_sv).toMatch(/Beräkningen av klientavgifterna rättad enligt lagen\..*\(10 f § 1 och 3 mom\.\)/s);
    expect(reasoning.legal_basis).toBe('Asiakasmaksulaki 734/1992 2 b §, 7 b § 2 mom 2 kohta, 10 e–10 g §, 10 j–10 k §, 11 §; hallintolaki 434/2003 44–45 §');
    // Its letter shows the income records as counted and sends a request for review to the arranging body (15 §),
    // in the client's language, with the legal basis worded in that language.
    const sec = connect(old);
    await sec.signIn('sihteeri');
    const preview = await sec.ok('letters.preview', { decisionId: raise });
    const file = path.join(dir, 'oikaisu.pdf');
    fs.writeFileSync(file, Buffer.from(preview.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const lang = old.db.prepare('SELECT c.language FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.id = ?').pluck().get(raise) as string;
    if (lang === 'sv') {
      expect(text).toContain('Inkomster och avdrag');
      expect(text).toContain('Vårdbidrag för pensionstagare');
      expect(text).toContain('det organ som svarar för ordnandet av tjänsten i välfärdsområdet (klientavgiftslagen 15 § 1 mom.)');
      expect(text).toContain('Lagen om klientavgifter inom social- och hälsovården 734/1992 2 b §, 7 b § 2 mom. 2 punkten');
      expect(text).not.toContain('Asiakasmaksulaki');
    } else {
      expect(text).toContain('Tulot ja vähennykset');
      expect(text).toContain('Eläkettä saavan hoitotuki');
      expect(text).toContain('palvelun järjestämisestä hyvinvointialueella (asiakasmaksulaki 15 § 1 mom)');
      expect(text).toContain('Asiakasmaksulaki 734/1992 2 b §, 7 b § 2 mom 2 kohta');
    }
    expect((await b.ok('fees.ruleChanges', {})).find((c) => c.code === 'law-2026-12')!.draftedAt).not.toBeNull();
  });

  it('credits in the next run what the old interruption rule billed too much, and bills nothing more', async () => {
    const run = await runMonth({ db: old.db, clock: old.clock, audit: old.audit, userId: old.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string }, '2026-11');
    const x = old.db
      .prepare("SELECT r.service_month, r.amount_cents, r.description_fi, r.description_sv FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id WHERE i.run_id = ? AND i.client_id = ? AND r.row_type = 'correction'")
      .all(run.runId, oldRule.x.id) as { service_month: string; amount_cents: number; description_fi: string; description_sv: string }[];
    // September: 27 of 30 days were due (3 hospital days free), all 30 billed.
    expect(x.map((r) => [r.service_month, r.amount_cents])).toEqual([['2026-09', prorate(oldRule.x.fee, 27, 30) - oldRule.x.fee]]);
    expect(x[0]!.description_fi).toContain('syy: laskentasääntö korjattu lain mukaiseksi (asiakasmaksulaki 10 k §, 6 a §), liikaa laskutettu hyvitetään');
    expect(x[0]!.description_sv).toContain('orsak: beräkningsregeln rättad enligt lagen');
    // A rule correction alone never bills more.
    const byRule = old.db
      .prepare("SELECT r.amount_cents FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id WHERE i.run_id = ? AND r.row_type = 'correction' AND r.description_fi LIKE '%syy: laskentasääntö korjattu lain mukaiseksi%'")
      .pluck()
      .all(run.runId) as number[];
    expect(byRule.every((c) => c < 0)).toBe(true);
  });
});

describe('statutory figures corrected from their official source (a dated correction, made fees untouched)', () => {
  let rev: Core;
  afterAll(() => rev?.close());

  it('takes the corrected guardian basic fee into an installed database, keeps a figure the county confirmed, and records the correction', async () => {
    // A workstation installed with the figures shipped before: the guardian's basic fee 440 € (VNa 696/2012 3 § as
    // first enacted), unconfirmed. VNa 1037/2023 made it 520 € from 1.1.2024; 10 c § 1 mom 4 kohta deducts the
    // guardian's fee up to the basic fee, so the cap per month goes from 440/12 = 36.67 € to 520/12 = 43.33 €.
    const revDir = path.join(dir, 'rev');
    fs.mkdirSync(revDir, { recursive: true });
    const file = path.join(revDir, 'luotsi.sqlite');
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(path.join(dir, 'luotsi.sqlite'), file);
    const raw = new Database(file);
    raw.prepare("DELETE FROM settings WHERE key = 'fees.statutory_revision'").run();
    raw.prepare('DELETE FROM fee_rule_changes').run();
    for (const r of raw.prepare('SELECT id, params_json FROM fee_parameter_sets').all() as { id: string; params_json: string }[]) {
      const p = JSON.parse(r.params_json) as FeeParameters;
      p.longTerm.guardianBasicFeeYearCents = 44000;
      p.figures.guardianBasicFee = { source: 'Valtioneuvoston asetus edunvalvojan palkkion suuruudesta 696/2012 3 §: perusmaksu 440 € vuodessa', confirmed: false, computation: 'Alkuperäinen teksti.' };
      // The county confirmed its own respite maximum for 2026 from the decree: kept as it is.
      if (p.validFrom === '2026-01-01') p.figures.respiteMax = { source: 'Hyvinvointialueen tarkistus STM:n ilmoituksesta 2025', confirmed: true, computation: null };
      // An unconfirmed figure as an earlier revision shipped it (a factor derived from other figures).
      if (p.validFrom === '2026-01-01') p.figures.extraPerson = { source: 'Asiakasmaksulaki 10 e § 4 mom', confirmed: false, computation: 'Laskettu: 389 € × 1,0706 = 416 €.' };
      raw.prepare('UPDATE fee_parameter_sets SET params_json = ? WHERE id = ?').run(JSON.stringify(p), r.id);
    }
    const SIGNED = "SELECT f.decision_id, f.fee_cents, f.valid_from, f.explanation_json FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE d.status IN ('signed','sent') ORDER BY f.decision_id";
    const signedBefore = crypto.createHash('sha256').update(JSON.stringify(raw.prepare(SIGNED).all())).digest('hex');
    raw.close();

    rev = openCore({ dbPath: file, clock: fixedDateClock('2026-11-23') });
    // The correction is named by the shipped revision of the statutory figures (parameters.json statutoryRevision).
    const figuresCode = `figures-r${shippedStatutoryRevision(rev.resourcesDir)}`;
    const sets = listParameterSets(rev.db);
    expect(sets.map((s) => [s.parameters.validFrom, s.parameters.longTerm.guardianBasicFeeYearCents, s.parameters.figures.guardianBasicFee.confirmed])).toEqual([
      ['2024-01-01', 52000, true],
      ['2025-01-01', 52000, true],
      ['2026-01-01', 52000, true],
    ]);
    expect(sets[0]!.parameters.figures.guardianBasicFee.source).toContain('1037/2023');
    expect(sets[2]!.parameters.figures.respiteMax).toEqual({ source: 'Hyvinvointialueen tarkistus STM:n ilmoituksesta 2025', confirmed: true, computation: null });
    // An unconfirmed figure takes the shipped source and computation (the index points it was computed with).
    expect(sets[2]!.parameters.figures.extraPerson).toMatchObject({ confirmed: false, computation: expect.stringMatching(/389 € .* × 3077\/2874/) });
    const changes = rev.db.prepare('SELECT code, applies_from, reason_fi, reason_sv FROM fee_rule_changes').all() as { code: string; applies_from: string; reason_fi: string; reason_sv: string }[];
    expect(changes).toEqual([
      {
        code: figuresCode,
        applies_from: '2024-01-01',
        reason_fi: 'Korjatut luvut: edunvalvojan perusmaksu (10 c § 1 mom 4 kohta; VNa 696/2012 3 §). Lähteet näkyvät kohdassa Asetukset › Asiakasmaksut.',
        reason_sv: 'Rättade belopp: intressebevakarens grundavgift (10 c § 1 mom. 4 punkten; SRf 696/2012 3 §). Källorna visas under Inställningar › Klientavgifter.',
      },
    ]);
    // Once per revision: a second start changes nothing.
    const versions = sets.map((s) => s.version);
    ensureFeeParameters(rev.db, rev.resourcesDir, new Date());
    expect(listParameterSets(rev.db).map((s) => s.version)).toEqual(versions);

    // The drafts: back to the correction window the fees only go down (a refund); a fee that differs upward for another
    // reason is raised only from the next month. The clients whose guardian's fee was over 36.67 € a month get a refund
    // of at most 43.33 − 36.67 = 6.66 € a month per spouse's guardian fee.
    const b = connect(rev);
    await b.signIn('laskutus');
    const r = await b.ok('fees.applyRuleChange', { code: figuresCode });
    expect(r).toMatchObject({ windowStart: '2025-11-23', forwardFrom: '2026-12-01' });
    const drafts = rev.db
      .prepare(
        "SELECT f.client_id, f.fee_type, f.fee_cents, f.previous_fee_cents, f.valid_from FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id WHERE d.status = 'draft' AND f.rule_change_code = ?",
      )
      .all(figuresCode) as { client_id: string; fee_type: string; fee_cents: number; previous_fee_cents: number; valid_from: string }[];
    expect(drafts).toHaveLength(r.drafts);
    for (const d of drafts) if (d.fee_cents > d.previous_fee_cents) expect(d.valid_from).toBe('2026-12-01');
    // The seeded fees were decided with the corrected cap already; what the correction changes for a client whose
    // guardian's fee is over 36.67 € a month in long-term care: the fee goes down, by at most 6.66 € a month (85 % of
    // it, or all of it where the personal allowance (7 c § 3 mom) sets the fee).
    const guardianOver = rev.db
      .prepare(
        `SELECT DISTINCT g.client_id FROM fee_deductions g JOIN fee_decisions f ON f.client_id = g.client_id AND f.fee_type = 'long_term'
         WHERE g.kind = 'guardian_fee' AND g.deleted = 0 AND g.monthly_cents > 3667 AND g.person = 'client'`,
      )
      .pluck()
      .all() as string[];
    expect(guardianOver.length).toBeGreaterThan(0);
    const bases = loadFeeBases(rev.db, '2026-11-23');
    const oldSet = structuredClone(sets[2]!.parameters);
    oldSet.longTerm.guardianBasicFeeYearCents = 44000;
    const lowered = guardianOver.flatMap((id) => {
      const basis = bases.get(id);
      const now = basis ? computeFee(listParameterSets(rev.db)[2]!.parameters, 'long_term', basis, '2026-11-23') : null;
      const before = basis ? computeFee(oldSet, 'long_term', basis, '2026-11-23') : null;
      return now && before ? [before.result.feeCents - now.result.feeCents] : [];
    });
    expect(lowered.some((d) => d > 0)).toBe(true);
    expect(lowered.filter((d) => d < 0 || d > 666), JSON.stringify(lowered)).toEqual([]);
    const ro = new Database(file, { readonly: true });
    try {
      expect(crypto.createHash('sha256').update(JSON.stringify(ro.prepare(SIGNED).all())).digest('hex')).toBe(signedBefore);
    } finally {
      ro.close();
    }
  });
});
