// The waiting-time publication of vanhuspalvelulaki 26 § for a half-year: the figures against hand-built cases and
// against separately written SQL on the seeded county, the PDFs (read back with poppler) and the page in Finnish
// and Swedish with the definitions printed, CSV/XLSX, approval by the service manager only after the half-year,
// the approved edition kept immutable with who and when, corrections as new editions, county-wide roles only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import type { Envelope } from '../../shared/contract/errors';
import { formatMessage } from '../../shared/messages';
import { connect, count, seededCore, tempDir, TODAY } from '../support/core';

let core: Core;
let dir: string;
let manager: ReturnType<typeof connect>;

beforeAll(async () => {
  dir = tempDir('luotsi-publication-');
  core = seededCore({ clients: 20, intakeItems: 0, dir });
  manager = connect(core);
  await manager.signIn('paallikko');
  // Hand-built cases of a service of its own (no demo data touches it).
  const db = core.db;
  db.exec('BEGIN');
  db.pragma('defer_foreign_keys = ON');
  db.prepare("INSERT INTO services (code, name_fi, name_sv, unit, legal_basis, sort, updated_at) VALUES ('test_housing', 'Testiasuminen', 'Testboende', 'continuous', 'SHL 21 c §', 98, '2025-01-01')").run();
  db.prepare("INSERT INTO services (code, name_fi, name_sv, unit, legal_basis, sort, updated_at) VALUES ('test_rare', 'Harvinainen palvelu', 'Sällsynt tjänst', 'continuous', 'SHL 19 §', 99, '2025-01-01')").run();
  const client = db.prepare('SELECT id FROM clients ORDER BY id LIMIT 1').pluck().get() as string;
  const maker = db.prepare("SELECT id FROM users WHERE username = 'paallikko'").pluck().get() as string;
  let n = 0;
  const add = (service: string, applied: string | null, decided: string, arrange: string, status: string, started: string | null, notStarted: string | null = null) => {
    n++;
    const decision = `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const line = `00000000-0000-7000-9000-${String(n).padStart(12, '0')}`;
    db.prepare("INSERT INTO decision_services (id, decision_id, sort, service_code, amount, start_date, provider_kind) VALUES (?, ?, 0, ?, NULL, ?, 'own')").run(line, decision, service, decided);
    db.prepare(
      `INSERT INTO decisions (id, client_id, kind, outcome, status, applied_on, legal_basis, drafted_by, decision_maker_id, number, number_year, decided_on, signed_at,
         arrange_by, created_at, updated_at) VALUES (?, ?, 'service', 'grant', 'signed', ?, 'SHL', ?, ?, ?, 2024, ?, ?, ?, ?, ?)`,
    ).run(decision, client, applied, maker, maker, 5000 + n, decided, `${decided}T10:00:00Z`, arrange, `${decided}T10:00:00Z`, `${decided}T10:00:00Z`);
    db.prepare(
      `INSERT INTO service_periods (decision_service_id, decision_id, client_id, service_code, applied_on, decided_on, arrange_by, status, started_on, start_source,
         not_started_on, not_started_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2025-12-01')`,
    ).run(line, decision, client, service, applied, decided, arrange, status, started, started ? 'worker' : null, notStarted, notStarted ? 'declined' : null);
  };
  // 2025-H1: pending → start 30, 31, 32, 33, 36 days → mean 32 (32.4), median 32.
  for (const [a, s] of [['2025-01-02', '2025-02-01'], ['2025-01-02', '2025-02-02'], ['2025-01-02', '2025-02-03'], ['2025-01-02', '2025-02-04'], ['2025-01-02', '2025-02-07']] as const)
    add('test_housing', a, '2025-01-10', '2025-04-10', 'started', s);
  // 2025-H2: 20, 40, 60, 80, 100, 121 days → mean 70 (70.17), median 70; the 100- and 121-day ones started after their
  // arrange-by date 5.10.2025, so 4 of 6 started within the three months of VPL 18 § 2 mom.
  for (const [a, d, ab, s] of [
    ['2025-07-01', '2025-07-05', '2025-10-05', '2025-07-21'],
    ['2025-07-01', '2025-07-05', '2025-10-05', '2025-08-10'],
    ['2025-07-01', '2025-07-05', '2025-10-05', '2025-08-30'],
    ['2025-07-01', '2025-07-05', '2025-10-05', '2025-09-19'],
    ['2025-07-01', '2025-07-05', '2025-10-05', '2025-10-09'],
    ['2025-07-01', '2025-07-05', '2025-10-05', '2025-10-30'],
  ] as const)
    add('test_housing', a, d, ab, 'started', s);
  add('test_housing', null, '2025-08-01', '2025-11-01', 'started', '2025-09-01'); // no pending date: left out, told
  add('test_housing', '2025-10-15', '2025-10-20', '2026-01-20', 'awaiting', null); // still waiting at 31.12., under 3 months
  add('test_housing', '2025-05-01', '2025-05-10', '2025-08-10', 'awaiting', null); // still waiting, over 3 months
  add('test_housing', '2025-10-01', '2025-10-05', '2026-01-05', 'started', '2026-01-10'); // started after the half-year: waiting at its end
  add('test_housing', '2025-10-01', '2025-10-06', '2026-01-06', 'not_started', null, '2025-11-15'); // declined: never started
  // A rare service: three cases only, so no mean is published.
  for (const s of ['2025-08-01', '2025-08-02', '2025-08-03']) add('test_rare', '2025-07-01', '2025-07-10', '2025-10-10', 'started', s);
  db.exec('COMMIT');
});
afterAll(() => core.close());

describe('the figures of a half-year', () => {
  it('mean and median in whole days, the previous half-year beside them, small counts withheld, the waiting and the never started', async () => {
    const p = await manager.ok('reports.waitingPublication', { halfYear: '2025-H2' });
    expect(p.draft).toMatchObject({ halfYear: '2025-H2', from: '2025-07-01', to: '2025-12-31', minCases: 5, withoutPendingDate: 1 });
    const h = p.draft.rows.find((r) => r.service === 'test_housing')!;
    expect(h).toEqual({
      service: 'test_housing',
      nameFi: 'Testiasuminen',
      nameSv: 'Testboende',
      count: 6,
      meanDays: 70,
      medianDays: 70,
      previousCount: 5,
      previousMeanDays: 32,
      withinThreeMonths: 4,
      waitingAtEnd: 3,
      waitingOverThreeMonths: 1,
      notStarted: 1,
    });
    const rare = p.draft.rows.find((r) => r.service === 'test_rare')!;
    expect(rare).toMatchObject({ count: 3, meanDays: null, medianDays: null });
    expect(p.approved).toEqual([]);
  });

  it('refuses a malformed half-year and a guidance worker (county figures are for county-wide roles)', async () => {
    const bad = (await manager.call('reports.waitingPublication', { halfYear: '2025-H3' })) as Envelope<unknown>;
    expect(bad.ok).toBe(false);
    const worker = connect(core);
    await worker.signIn('ohjaaja');
    const e = (await worker.call('reports.waitingPublication', { halfYear: '2025-H2' })) as Envelope<unknown>;
    expect(e.ok ? null : e.error.code).toBe('FORBIDDEN');
  });
});

describe('approval and the immutable edition', () => {
  it('only after the half-year, only by the service manager; kept with who and when; PDFs in Finnish and Swedish with the definitions', async () => {
    const ongoing = (await manager.call('reports.approvePublication', { halfYear: '2026-H2', note: '' })) as Envelope<unknown>;
    expect(!ongoing.ok && ongoing.error.key).toBe('reports.halfYearNotOver');
    expect(!ongoing.ok && formatMessage('sv', ongoing.error.key!, ongoing.error.params)).toMatch(/Halvåret 2026-H2 slutar först 31\.12\.2026/);
    const admin = connect(core);
    await admin.signIn('paakayttaja');
    expect(((await admin.call('reports.approvePublication', { halfYear: '2025-H2', note: '' })) as Envelope<unknown>).ok).toBe(false);
    const before = count(core, 'SELECT count(*) FROM waiting_time_publications');
    expect(before).toBe(0);

    const m = await manager.ok('reports.approvePublication', { halfYear: '2025-H2', note: 'Aluehallitus 15.1.2026' });
    expect(m).toMatchObject({ halfYear: '2025-H2', edition: 1, approvedByName: 'Sari Heinonen', approvedByTitle: 'palvelupäällikkö', note: 'Aluehallitus 15.1.2026' });
    expect(m.approvedAt.slice(0, 10)).toBe(TODAY);
    expect(count(core, "SELECT count(*) FROM audit_log WHERE action = 'reports.publicationApprove' AND entity_id = ?", m.id)).toBe(1);

    for (const lang of ['fi', 'sv'] as const) {
      const f = await manager.ok('reports.publicationFile', { id: m.id, halfYear: '2025-H2', format: 'pdf', lang });
      const bytes = Buffer.from(f.base64, 'base64');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(lang === 'fi' ? m.pdfFiSha256 : m.pdfSvSha256);
      const file = path.join(dir, f.fileName);
      fs.writeFileSync(file, bytes);
      if (process.env.LUOTSI_KEEP_PDF) fs.copyFileSync(file, path.join(process.env.LUOTSI_KEEP_PDF, f.fileName));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      if (lang === 'fi') {
        expect(text).toMatch(/Iäkkäiden henkilöiden sosiaalipalvelujen odotusajat 1\.7\.2025–31\.12\.2025/);
        expect(text).toMatch(/Testiasuminen\s+70 vrk\s+32 vrk\s+70 vrk\s+6\s+67 %\s+3 \(1\)/);
        expect(text).toMatch(/Harvinainen palvelu\s+alle 5 tapausta/);
        expect(text).toMatch(/Odotusaika lasketaan päivästä, jona asia tuli vireille/);
        expect(text).toMatch(/Hyväksynyt Sari Heinonen, palvelupäällikkö/);
        expect(text).toMatch(/1 ei ole mukana, koska niiden vireilletulopäivää ei ole kirjattu/);
      } else {
        expect(text).toMatch(/Väntetider till socialservice för äldre personer 1\.7\.2025–31\.12\.2025/);
        expect(text).toMatch(/Testboende\s+70 dygn\s+32 dygn/);
        expect(text).toMatch(/färre än 5 fall/);
        expect(text).toMatch(/Väntetiden räknas från den dag då ärendet blev anhängigt/);
        // The approver's title from the catalogue, not the stored Finnish one (the demo manager's 'palvelupäällikkö').
        expect(text).toMatch(/Godkänt av Sari Heinonen, servicechef, /);
        expect(text).not.toMatch(/palvelupäällikkö/i);
      }
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+1/);
    }

    // The approved edition never changes, in the application or in the database.
    expect(() => core.db.prepare("UPDATE waiting_time_publications SET note = 'muutettu' WHERE id = ?").run(m.id)).toThrow(/immutable/);
    expect(() => core.db.prepare('DELETE FROM waiting_time_publications WHERE id = ?').run(m.id)).toThrow(/immutable/);
    // New data after the approval changes the draft, not the approved edition; a correction is edition 2.
    core.db.exec('BEGIN');
    core.db.pragma('defer_foreign_keys = ON');
    core.db.prepare("UPDATE service_periods SET status = 'started', started_on = '2025-12-30', start_source = 'worker' WHERE applied_on = '2025-10-15' AND service_code = 'test_housing'").run();
    core.db.exec('COMMIT');
    const after = await manager.ok('reports.waitingPublication', { halfYear: '2025-H2' });
    expect(after.draft.rows.find((r) => r.service === 'test_housing')!.count).toBe(7);
    expect(after.latestApproved!.rows.find((r) => r.service === 'test_housing')!.count).toBe(6);
    const second = await manager.ok('reports.approvePublication', { halfYear: '2025-H2', note: 'Korjattu' });
    expect(second.edition).toBe(2);
    expect((await manager.ok('reports.publications', {})).map((x) => [x.halfYear, x.edition])).toEqual([
      ['2025-H2', 2],
      ['2025-H2', 1],
    ]);
  });

  it('a page for the website, CSV and XLSX, and a draft marked as such', async () => {
    const [m] = await manager.ok('reports.publications', {});
    const html = Buffer.from((await manager.ok('reports.publicationFile', { id: m!.id, halfYear: '2025-H2', format: 'html', lang: 'sv' })).base64, 'base64').toString('utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    expect(html).toMatch(/<caption>Väntetider till socialservice för äldre personer/);
    expect(html).toMatch(/<th scope="row">Testboende<\/th><td>/);
    expect(html).toMatch(/Godkänt av Sari Heinonen, servicechef, /);
    expect(html).not.toMatch(/<script|https?:/);
    const csv = Buffer.from((await manager.ok('reports.publicationFile', { id: m!.id, halfYear: '2025-H2', format: 'csv', lang: 'fi' })).base64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFPalvelu;Keskimääräinen odotusaika;Edellinen kausi (1.1.2025–30.6.2025);Mediaani;Palvelun saaneita;Alkoi 3 kk:n kuluessa päätöksestä;Odottaa kauden lopussa (yli 3 kk)');
    const x = await manager.ok('reports.publicationFile', { id: m!.id, halfYear: '2025-H2', format: 'xlsx', lang: 'fi' });
    expect(Buffer.from(x.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const draft = await manager.ok('reports.publicationFile', { id: null, halfYear: '2026-H1', format: 'pdf', lang: 'fi' });
    const file = path.join(dir, 'draft.pdf');
    fs.writeFileSync(file, Buffer.from(draft.base64, 'base64'));
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toMatch(/LUONNOS – ei vielä hyväksytty/);
    expect(draft.fileName).toMatch(/^odotusajat-2026-h1-luonnos-/);
  });
});

describe('on the seeded county, against separately written SQL', () => {
  let county: Core;
  beforeAll(() => {
    county = seededCore({ clients: 1500, intakeItems: 8000, dir: tempDir('luotsi-publication-county-') });
  });
  afterAll(() => county.close());

  it('2026-H1: the mean and count of each service as SQL computes them', async () => {
    const m = connect(county);
    await m.signIn('paallikko');
    const p = await m.ok('reports.waitingPublication', { halfYear: '2026-H1' });
    const sql = county.db
      .prepare(
        `SELECT service_code AS s, count(*) AS n, avg(julianday(started_on) - julianday(applied_on)) AS mean FROM service_periods
         WHERE status = 'started' AND started_on BETWEEN '2026-01-01' AND '2026-06-30' AND applied_on IS NOT NULL GROUP BY 1`,
      )
      .all() as { s: string; n: number; mean: number }[];
    expect(sql.length).toBeGreaterThan(2);
    for (const r of sql) {
      const row = p.draft.rows.find((x) => x.service === r.s)!;
      expect(row.count, r.s).toBe(r.n);
      if (r.n >= 5) expect(row.meanDays, r.s).toBe(Math.round(r.mean));
    }
    const housing = p.draft.rows.find((x) => x.service === 'service_housing_24h')!;
    expect(housing.meanDays!).toBeGreaterThan(p.draft.rows.find((x) => x.service === 'home_care')!.meanDays!);
  });
});
