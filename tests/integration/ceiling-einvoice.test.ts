// The annual fee ceiling through real invoice runs on a real SQLite file (short-term care crossing the
// ceiling, the maintenance fee past it, a free card recorded afterwards and the correction it brings; a
// hospital stay recorded after its month was billed), and
// per-client e-invoice routing: Finvoice messages addressed to the client's bank, validated by the schema.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { runMonth, type RunCtx } from '../../electron/core/invoicing/run';
import { writeRunMaterial } from '../../electron/core/invoicing/material';
import { connect, count, seededCore, tempDir } from '../support/core';

const XSD = path.resolve(__dirname, '../../../shared/reference/Finvoice3.0.xsd');
let core: Core;
let billing: ReturnType<typeof connect>;
let dir: string;
/** The client whose free card was recorded after September was billed. */
let withCard: string;

const ctx = (): RunCtx => {
  const id = core.db.prepare("SELECT id FROM users WHERE username = 'laskutus'").pluck().get() as string;
  return { db: core.db, clock: core.clock, audit: core.audit, userId: id };
};

interface Row {
  row_type: string;
  service_month: string;
  period_from: string;
  period_to: string;
  quantity: number;
  unit_price_cents: number;
  amount_cents: number;
  counts_to_ceiling: number;
  description_fi: string;
}
const rowsOf = (runId: string, clientId: string, type: string): Row[] =>
  core.db
    .prepare(
      `SELECT r.* FROM invoice_rows r JOIN invoices i ON i.id = r.invoice_id WHERE i.run_id = ? AND i.client_id = ? AND r.row_type = ? ORDER BY r.sort`,
    )
    .all(runId, clientId, type) as Row[];

/** Clients with no interruptions at all (so the test's short-term stays are the only ones). */
function quietClients(n: number): string[] {
  return core.db
    .prepare(`SELECT id FROM clients c WHERE deleted = 0 AND address_protected = 0 AND NOT EXISTS (SELECT 1 FROM absences a WHERE a.client_id = c.id) ORDER BY id LIMIT ?`)
    .pluck()
    .all(n) as string[];
}

beforeAll(async () => {
  dir = tempDir('luotsi-ceiling-');
  core = seededCore({ clients: 400, intakeItems: 800, dir });
  billing = connect(core);
  await billing.signIn('laskutus');
});

afterAll(() => core.close());

describe('annual fee ceiling (asiakasmaksulaki 6 a §)', () => {
  let a: string;
  let b: string;

  it('bills short-term care in full until the ceiling, the crossing day up to it, then the maintenance fee', async () => {
    [a, b] = quietClients(2) as [string, string];
    // A: 20 days in July (660 €), 10 days in August: 4 full days (792 €), the 5th day leaves 23 €, 5 days past.
    await billing.ok('fees.addAbsence', { clientId: a, cause: 'short_term_institutional', from: '2026-07-01', to: '2026-07-20', note: '' });
    await billing.ok('fees.addAbsence', { clientId: a, cause: 'short_term_institutional', from: '2026-08-03', to: '2026-08-12', note: '' });
    // B: 10 days in September, billed in full; a free card is shown afterwards.
    await billing.ok('fees.addAbsence', { clientId: b, cause: 'short_term_institutional', from: '2026-09-01', to: '2026-09-10', note: '' });

    const jul = await runMonth(ctx(), '2026-07');
    expect(rowsOf(jul.runId, a, 'short_term').map((r) => [r.quantity, r.amount_cents, r.counts_to_ceiling])).toEqual([[20, 66_000, 1]]);
    const aug = await runMonth(ctx(), '2026-08');
    const rows = rowsOf(aug.runId, a, 'short_term');
    expect(rows.map((r) => [r.period_from, r.period_to, r.quantity, r.unit_price_cents, r.amount_cents, r.counts_to_ceiling])).toEqual([
      ['2026-08-03', '2026-08-06', 4, 3_300, 13_200, 1],
      // 23 € would be left under the ceiling, less than the 2026 maintenance fee 26.80 €: the crossing day is never charged less.
      ['2026-08-07', '2026-08-07', 1, 2_680, 2_680, 1],
      ['2026-08-08', '2026-08-12', 5, 2_680, 13_400, 0],
    ]);
    expect(rows[1]!.description_fi).toMatch(/maksukatto 815,00\s€ täyttyy, peritään 26,80\s€ \(asiakasmaksulaki 6 a §\)/);
    expect(rows[2]!.description_fi).toMatch(/5 vrk × 26,80\s€ ylläpitomaksu, maksukatto täyttynyt 7\.8\.2026 \(asiakasmaksulaki 6 a § 1 mom\)/);

    const view = await billing.ok('fees.client', { clientId: a });
    expect(view.ceiling).toMatchObject({ year: 2026, annualCents: 81_500, accruedCents: 81_880, reachedOn: '2026-08-07', reachedBy: 'invoices' });
  });

  it('corrects days already billed in full once a free card shows the ceiling was reached earlier', async () => {
    const sep = await runMonth(ctx(), '2026-09');
    expect(rowsOf(sep.runId, b, 'short_term').map((r) => r.amount_cents)).toEqual([33_000]);
    // A hospital stay in September recorded only after September was billed (E: home care in force all month).
    const e = core.db
      .prepare(
        `SELECT f.client_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id JOIN clients c ON c.id = f.client_id
         WHERE d.status IN ('signed','sent') AND f.fee_type = 'home_care' AND f.fee_cents > 0 AND f.valid_from <= '2026-09-01'
           AND NOT EXISTS (SELECT 1 FROM absences a WHERE a.client_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM fee_decisions g WHERE g.client_id = c.id AND g.valid_from > '2026-09-01')
         ORDER BY f.client_id LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const billedSep = rowsOf(sep.runId, e, 'home_care').reduce((x, r) => x + r.amount_cents, 0);
    expect(billedSep).toBeGreaterThan(0);
    await billing.ok('fees.addAbsence', { clientId: e, cause: 'institution', from: '2026-09-11', to: '2026-09-25', note: 'Jorvin sairaala' });

    const before = count(core, 'SELECT COUNT(*) FROM fee_ceiling_notices');
    const future = (await billing.call('fees.addCeilingNotice', { clientId: b, reachedOn: '2026-12-01', note: '' })) as { ok: false; error: { message: string } };
    expect(future.error.message).toMatch(/tulevaisuudessa/);
    const old = (await billing.call('fees.addCeilingNotice', { clientId: b, reachedOn: '2024-12-31', note: '' })) as { ok: false; error: { message: string } };
    expect(old.error.message).toMatch(/vuoden taakse/);
    expect(count(core, 'SELECT COUNT(*) FROM fee_ceiling_notices')).toBe(before);

    const view = await billing.ok('fees.addCeilingNotice', { clientId: b, reachedOn: '2026-09-05', note: 'Vapaakortti, Kivistön terveysasema' });
    expect(view.ceiling).toMatchObject({ reachedOn: '2026-09-05', reachedBy: 'notice', notices: [{ reachedOn: '2026-09-05', note: 'Vapaakortti, Kivistön terveysasema' }] });

    // October corrects September: 4 days stay in full (132 € instead of 330 €), 6 days become maintenance fees.
    const oct = await runMonth(ctx(), '2026-10');
    const corr = rowsOf(oct.runId, b, 'correction').map((r) => [r.service_month, r.amount_cents, r.counts_to_ceiling]);
    expect(corr).toEqual([
      ['2026-09', 13_200 - 33_000, 1],
      ['2026-09', 6 * 2_680, 0],
    ]);
    // E's late hospital stay: 15 of September's 30 days were free, so half of September's fee is credited.
    const late = rowsOf(oct.runId, e, 'correction');
    expect(late.map((r) => [r.service_month, r.amount_cents])).toEqual([['2026-09', -(billedSep - Math.floor((billedSep * 15 * 2 + 30) / 60))]]);
    // What counts toward the ceiling now matches the corrected days.
    expect((await billing.ok('fees.client', { clientId: b })).ceiling.accruedCents).toBe(13_200);
    withCard = b;
  });

  it('removes a notice recorded by mistake, with an audit row', async () => {
    const [c] = quietClients(3).slice(2) as [string];
    const view = await billing.ok('fees.addCeilingNotice', { clientId: c, reachedOn: '2026-11-02', note: 'väärä asiakas' });
    const removed = await billing.ok('fees.deleteCeilingNotice', { noticeId: view.ceiling.notices[0]!.id });
    expect(removed.ceiling).toMatchObject({ reachedOn: null, reachedBy: null, notices: [] });
    expect(count(core, "SELECT COUNT(*) FROM audit_log WHERE action = 'fees.ceiling' AND client_id = ?", c)).toBe(2);
    const again = (await billing.call('fees.deleteCeilingNotice', { noticeId: view.ceiling.notices[0]!.id })) as { ok: false; error: { message: string } };
    expect(again.error.message).toMatch(/Maksukattomerkintää/);
  });
});

describe('e-invoice routing per client', () => {
  it('refuses a bad address or intermediator and a stale version, changing nothing', async () => {
    const c = core.db.prepare("SELECT id, version FROM clients WHERE einvoice_address IS NULL AND deleted = 0 ORDER BY id LIMIT 1").get() as { id: string; version: number };
    const bad = (await billing.call('fees.setInvoiceChannel', { clientId: c.id, version: c.version, einvoice: { address: 'FI12 3456', intermediator: 'NDEAFIHH' } })) as {
      ok: false;
      error: { message: string };
    };
    expect(bad.error.message).toMatch(/E-laskuosoite/);
    const badBic = (await billing.call('fees.setInvoiceChannel', { clientId: c.id, version: c.version, einvoice: { address: 'FI1234567890', intermediator: 'nordea' } })) as {
      ok: false;
      error: { message: string };
    };
    expect(badBic.error.message).toMatch(/BIC/);
    const stale = (await billing.call('fees.setInvoiceChannel', { clientId: c.id, version: c.version - 1, einvoice: { address: 'FI1234567890', intermediator: 'NDEAFIHH' } })) as {
      ok: false;
      error: { message: string };
    };
    expect(stale.error.message).toMatch(/samaan aikaan/);
    expect(count(core, 'SELECT version FROM clients WHERE id = ?', c.id)).toBe(c.version);
  });

  it('sends an e-invoice client its invoice through its bank and keeps hand deliveries out of the Finvoice', async () => {
    // A client with a home-care fee in force in November.
    const clientId = core.db
      .prepare(
        `SELECT f.client_id FROM fee_decisions f JOIN decisions d ON d.id = f.decision_id JOIN clients c ON c.id = f.client_id
         WHERE d.status IN ('signed','sent') AND f.fee_type = 'home_care' AND f.fee_cents > 0 AND f.valid_from <= '2026-11-01' AND c.einvoice_address IS NULL ORDER BY f.client_id LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const before = await billing.ok('fees.client', { clientId });
    expect(before.einvoice).toBeNull();
    const view = await billing.ok('fees.setInvoiceChannel', { clientId, version: before.clientVersion, einvoice: { address: 'FI7912345600001234', intermediator: 'OKOYFIHH' } });
    expect(view.einvoice).toEqual({ address: 'FI7912345600001234', intermediator: 'OKOYFIHH' });

    const nov = await runMonth(ctx(), '2026-11');
    await billing.ok('invoices.approve', { runId: nov.runId, version: count(core, 'SELECT version FROM invoice_runs WHERE id = ?', nov.runId) });
    const inv = core.db.prepare("SELECT number, delivery FROM invoices WHERE run_id = ? AND client_id = ?").get(nov.runId, clientId) as { number: number; delivery: string };
    expect(inv.delivery).toBe('einvoice');
    // The free card's correction was made once, in October: November corrects nothing more.
    expect(rowsOf(nov.runId, withCard, 'correction')).toHaveLength(0);

    const m = await writeRunMaterial(core.db, nov.runId, path.join(dir, 'out'), core.resourcesDir, core.clock.now(), { pdf: false });
    const deliveries = core.db.prepare("SELECT delivery, COUNT(*) AS n FROM invoices WHERE run_id = ? GROUP BY delivery").all(nov.runId) as { delivery: string; n: number }[];
    const n = (d: string) => deliveries.find((x) => x.delivery === d)?.n ?? 0;
    expect(m).toMatchObject({ einvoices: n('einvoice'), paper: n('paper') });
    expect(m.manual).toHaveLength(n('manual'));
    const xml = fs.readFileSync(m.finvoice, 'utf8');
    const messages = [...xml.matchAll(/<Finvoice [\s\S]*?<\/Finvoice>/g)].map((x) => x[0]);
    expect(messages).toHaveLength(n('einvoice') + n('paper'));
    const mine = messages.find((x) => x.includes(`<InvoiceNumber>${inv.number}</InvoiceNumber>`))!;
    expect(mine).toContain('<MessageReceiverDetails><ToIdentifier>FI7912345600001234</ToIdentifier><ToIntermediator>OKOYFIHH</ToIntermediator></MessageReceiverDetails>');
    expect(xml).toContain('<eb:To><eb:PartyId>FI7912345600001234</eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>');
    const paper = messages.find((x) => x.includes('<ToIdentifier>TULOSTUS</ToIdentifier>'))!;
    for (const [name, msg] of [['einvoice', mine], ['paper', paper]] as const) {
      const f = path.join(dir, `${name}.xml`);
      fs.writeFileSync(f, `<?xml version="1.0" encoding="UTF-8"?>\n${msg}`);
      expect(spawnSync('xmllint', ['--noout', '--schema', XSD, f], { encoding: 'utf8' }).stderr).toMatch(/validates$/m);
    }
    for (const no of m.manual) expect(xml).not.toContain(`<InvoiceNumber>${no}</InvoiceNumber>`);
  });
});
