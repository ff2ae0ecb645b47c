// Letter throughput: the same letters written by raw pdfkit (text placed by hand, no layout engine), by
// Luotsi's pdfmake template unsigned and signed, all in this process on the same data; then a real batch of
// 10,000 signed letters through the CLI in its own process (throughput and its peak memory).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import PDFDocument from 'pdfkit';
import { loadSigningCertificate } from '../../electron/core/letters/certificate';
import { makeLetter } from '../../electron/core/letters/letter';
import { letterModelLoader, loadLetterResources } from '../../electron/core/letters/model';
import { pdfmake } from '../../electron/core/letters/pdf';
import { ensureDemoLetterSettings, letterSettings } from '../../electron/core/letters/settings';
import { formatDateFi, type LetterModel } from '../../shared/domain/letters';

type Report = (name: string, value: string, target: string, ok: boolean | null) => void;

/**
 * The same letter written with pdfkit directly, every position computed by hand: what the template lays out,
 * minus the layout engine. Same fonts, the logo drawn with pdfkit's own vector operations, the header (logo,
 * county, title, page x / y, number, date) and footer on every page, the facts and service tables with their
 * rules, the fee rows, reasoning, legal basis, decision maker, and the review instructions on a page of their
 * own.
 */
function rawPdfkit(m: LetterModel, review: string[], fonts: { regular: Buffer; bold: Buffer }): Promise<Buffer> {
  const MM = 72 / 25.4;
  const X = 20 * MM;
  const W = 595.28 - 2 * X;
  const doc = new PDFDocument({ size: 'A4', margins: { top: 48 * MM, left: X, right: X, bottom: 22 * MM }, pdfVersion: '1.7', subset: 'PDF/A-2b', lang: 'fi-FI', info: { Title: m.number }, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  const page = (n: number) => {
    doc.addPage();
    const y = 12 * MM;
    if (n === 1) {
      doc.save().translate(X, y).scale(34 / 48);
      doc.roundedRect(0, 0, 48, 48, 8).fill('#1d4e89');
      doc.path('M8 30 C16 22, 24 38, 40 24').lineWidth(4).lineCap('round').stroke('#ffffff');
      doc.path('M8 20 C16 12, 24 28, 40 14').lineWidth(3).stroke('#7fb3e6');
      doc.circle(24, 36, 3).fill('#ffffff');
      doc.restore();
      doc.font('B').fontSize(11).fillColor('#1d4e89').text(m.sender.countyName, X + 42, y + 3, { lineBreak: false });
      doc.font('R').fontSize(9).fillColor('#555555').text(m.sender.unitName, X + 42, y + 17, { lineBreak: false });
    } else doc.font('R').fontSize(9).fillColor('#555555').text(m.sender.countyName, X, y, { lineBreak: false });
    const hx = X + W - 200;
    doc.font('B').fontSize(11).fillColor('#1a1a1a').text('PÄÄTÖS', hx, y, { lineBreak: false });
    doc.font('R').fontSize(9).text(`Sivu ${n} / 2`, hx, y + 1, { width: 200, align: 'right', lineBreak: false });
    doc.text(`Päätösnumero ${m.number}`, hx, y + 14, { lineBreak: false }).text(`Päätöspäivä ${formatDateFi(m.decidedOn)}`, hx, y + 25, { lineBreak: false });
    doc.fontSize(7.5).fillColor('#555555').text(`${m.sender.countyName} · ${m.sender.street}, ${m.sender.postalCode} ${m.sender.city} · ${m.sender.phone} · ${m.sender.web}`, X, 842 - 14 * MM, { width: W, align: 'center', lineBreak: false });
    doc.fillColor('#1a1a1a').font('R').fontSize(10).text('', X, 48 * MM);
  };
  const heading = (t: string) => doc.moveDown(0.4).font('B').fontSize(10.5).text(t, X).font('R').fontSize(10);
  const row = (cells: string[], widths: number[], bold = false) => {
    const y = doc.y;
    let x = X;
    doc.font(bold ? 'B' : 'R').fontSize(bold ? 9 : 10);
    let h = 0;
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 2, { width: widths[i]! - 4 });
      h = Math.max(h, doc.y - y);
      x += widths[i]!;
    });
    doc.moveTo(X, y + h + 2).lineTo(X + W, y + h + 2).lineWidth(0.5).stroke('#cccccc');
    doc.x = X;
    doc.y = y + h + 4;
  };
  page(1);
  doc.fontSize(10.5).text(m.recipient.lines.join('\n'), 21 * MM, 55 * MM, { width: 72 * MM });
  doc.font('B').fontSize(13).fillColor('#1d4e89').text('Päätös sosiaalipalvelusta', X, 92 * MM).fillColor('#1a1a1a');
  row(['Asiakas', m.client.name], [120, W - 120]);
  row(['Henkilötunnus', m.client.hetu], [120, W - 120]);
  if (m.appliedService) row(['Hakemus', m.appliedService], [120, W - 120]);
  heading('Päätös');
  const widths = [W - 270, 60, 80, 130];
  row(['Palvelu', 'Määrä', 'Alkaen', 'Tuottaja'], widths, true);
  for (const l of m.lines) row([l.serviceName, String(l.amount ?? ''), formatDateFi(l.startDate), l.providerName ?? ''], widths);
  if (m.fee) {
    heading('Maksu');
    row(['Erä', 'Määrä'], [W - 100, 100], true);
    for (const r of m.fee.rows) row([r.label, r.value], [W - 100, 100]);
  }
  heading('Perustelut');
  doc.text(m.reasoning, { width: W });
  heading('Sovelletut oikeusohjeet');
  doc.text(m.legalBasis, { width: W });
  heading('Päätöksentekijä');
  doc.font('B').text(m.decisionMaker?.name ?? '').font('R').text(m.decisionMaker?.title ?? '').fillColor('#555555').text('Sähköisesti allekirjoitettu').fillColor('#1a1a1a');
  page(2);
  doc.font('B').fontSize(13).fillColor('#1d4e89').text('OIKAISUVAATIMUSOHJE').fillColor('#1a1a1a');
  for (const p of review) doc.font('R').fontSize(10).text(p, { width: W, paragraphGap: 6 });
  doc.end();
  return done;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function benchLetters(report: Report, benchDb: string, dir: string, today: string): Promise<void> {
  const N = Number(process.env.BENCH_LETTERS_COMPARE ?? 1500);
  const BATCH = Number(process.env.BENCH_LETTERS ?? 10_000);

  // A copy of the bench database with BATCH signed decisions waiting to be sent. Bench-only: sent decisions are
  // turned back into signed ones, which the immutability trigger forbids, so it is dropped in this copy.
  const letterDb = path.join(dir, 'letters.sqlite');
  const src = new Database(benchDb, { readonly: true });
  src.exec(`VACUUM INTO '${letterDb.replace(/'/g, "''")}'`);
  src.close();
  const db = new Database(letterDb);
  db.exec('DROP TRIGGER decisions_signed_immutable');
  const signed = db.prepare("SELECT count(*) FROM decisions WHERE status = 'signed'").pluck().get() as number;
  db.prepare(
    `UPDATE decisions SET status = 'signed', sent_on = NULL, send_channel = NULL, notified_on = NULL, appeal_last_day = NULL
     WHERE id IN (SELECT id FROM decisions WHERE status = 'sent' ORDER BY id LIMIT ?)`,
  ).run(Math.max(0, BATCH - signed));
  ensureDemoLetterSettings(db as never, letterDb, new Date(`${today}T10:00:00Z`));
  // Decisions a letter can be made of: printable, and decided when the letter texts were in force.
  const res = loadLetterResources(path.resolve('resources'));
  const firstTexts = res.texts.versions.map((v) => v.validFrom).sort()[0]!;
  const ids = db
    .prepare("SELECT d.id FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.status = 'signed' AND d.decided_on >= ? AND c.address_protected = 0 AND c.street_address IS NOT NULL LIMIT ?")
    .pluck()
    .all(firstTexts, N) as string[];
  const settings = letterSettings(db as never);
  const load = letterModelLoader(db as never, settings);
  const models = ids.map((id) => load(id, today));
  db.close();

  const cert = loadSigningCertificate(settings.certificatePath, settings.certificatePassphrase, new Date(`${today}T10:00:00Z`));
  // The very font buffers the template uses, so raw pdfkit also gets them parsed once (a fair baseline).
  const vfs = pdfmake().virtualfs as unknown as { readFileSync(name: string): Buffer };
  const fonts = { regular: vfs.readFileSync('Roboto-Regular.ttf'), bold: vfs.readFileSync('Roboto-Medium.ttf') };
  const review = res.texts.versions[0]!.fi.review;
  const reviewParas = [review.intro, review.who, review.period, review.content, review.officeHours];
  const now = new Date(`${today}T10:00:00Z`);

  const time = async (f: (m: LetterModel) => Promise<unknown>) => {
    for (const m of models.slice(0, 20)) await f(m); // warm-up
    const t0 = performance.now();
    for (const m of models) await f(m);
    return (performance.now() - t0) / 1000;
  };
  const raw = await time((m) => rawPdfkit(m, reviewParas, fonts));
  const unsigned = await time((m) => makeLetter(m, res, settings.window, now, null));
  const signedT = await time((m) => makeLetter(m, res, settings.window, now, cert));
  const rate = (s: number) => Math.round(models.length / s);
  console.log(`\nLetters (${models.length} each, one core): raw pdfkit ${rate(raw)}/s, template unsigned ${rate(unsigned)}/s, template signed ${rate(signedT)}/s`);
  report('Signed template vs raw pdfkit (same content)', `${((raw / signedT) * 100).toFixed(0)} %`, '≥ 60 %', raw / signedT >= 0.6);
  report('Signed vs unsigned throughput', `${((unsigned / signedT) * 100).toFixed(0)} %`, '≥ 80 %', unsigned / signedT >= 0.8);

  // The real batch: a separate process, so its peak memory is its own.
  const out = path.join(dir, 'letters-out');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'electron/cli/index.ts', 'letters', 'batch', '--db', letterDb, '--decisions', 'ALL_READY', '--out', out, '--user', 'sihteeri', '--today', today, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, LUOTSI_PASSWORD: 'demo' } },
  );
  const json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { letters?: number; pages?: number; seconds?: number; peakRssMb?: number; zip?: string; manual?: number; failed?: number };
  if (!json.letters) {
    report('Batch of signed letters', `failed: ${r.stderr.slice(0, 300)}`, 'completes', false);
    return;
  }
  const zipMb = Math.round(fs.statSync(json.zip!).size / 1e6);
  // Letters to deliver by hand (turvakielto without a contact address) are made and signed too, outside the print file.
  const made = json.letters + (json.manual ?? 0);
  report(
    `Batch: ${made} signed letters (${json.letters} printed, ${json.manual ?? 0} by hand, ${json.failed ?? 0} failed), ${json.pages} pages, ZIP ${zipMb} MB`,
    `${json.seconds} s = ${Math.round(made / json.seconds!)} letters/s`,
    'none failed',
    !json.failed,
  );
  report('Batch peak memory (RSS of the batch process)', `${json.peakRssMb} MB`, '< 600 MB', (json.peakRssMb ?? Infinity) < 600);
  console.log(`  (this bench process peaked at ${peakRssMb()} MB)`);
}
