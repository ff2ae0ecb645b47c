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

/** The letter's words placed with pdfkit directly: what the template lays out, minus the layout engine. */
function rawPdfkit(m: LetterModel, review: string[], fonts: { regular: Buffer; bold: Buffer }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 57, pdfVersion: '1.7', subset: 'PDF/A-2b', lang: 'fi-FI', info: { Title: m.number } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  doc.font('B').fontSize(11).text(m.sender.countyName, 57, 34).font('R').fontSize(9).text(m.sender.unitName);
  doc.font('B').fontSize(11).text('PÄÄTÖS', 340, 34).font('R').fontSize(9).text(`Päätösnumero ${m.number}`).text(`Päätöspäivä ${formatDateFi(m.decidedOn)}`).text('Sivu 1 / 2', 480, 34);
  doc.fontSize(10.5).text(m.recipient.lines.join('\n'), 60, 156);
  doc.font('B').fontSize(13).text('Päätös sosiaalipalvelusta', 57, 270);
  doc.font('R').fontSize(10).text(`Asiakas ${m.client.name}`).text(`Henkilötunnus ${m.client.hetu}`);
  for (const l of m.lines) doc.text(`${l.serviceName}  ${l.amount ?? ''}  ${formatDateFi(l.startDate)}  ${l.providerName ?? ''}`);
  doc.font('B').text('Perustelut').font('R').text(m.reasoning, { width: 480 });
  doc.font('B').text('Sovelletut oikeusohjeet').font('R').text(m.legalBasis, { width: 480 });
  doc.font('B').text('Päätöksentekijä').font('R').text(`${m.decisionMaker?.name}\n${m.decisionMaker?.title}\nSähköisesti allekirjoitettu`);
  doc.addPage();
  doc.font('B').fontSize(13).text('OIKAISUVAATIMUSOHJE');
  for (const p of review) doc.font('R').fontSize(10).text(p, { width: 480, paragraphGap: 6 });
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
  const ids = db.prepare("SELECT d.id FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.status = 'signed' AND c.address_protected = 0 AND c.street_address IS NOT NULL LIMIT ?").pluck().all(N) as string[];
  const settings = letterSettings(db as never);
  const load = letterModelLoader(db as never, settings);
  const models = ids.map((id) => load(id, today));
  db.close();

  const res = loadLetterResources(path.resolve('resources'));
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
    ['--import', 'tsx', 'electron/cli/index.ts', 'letters', 'batch', '--db', letterDb, '--decisions', 'ALL_READY', '--out', out, '--today', today, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { letters?: number; pages?: number; seconds?: number; peakRssMb?: number; zip?: string };
  if (!json.letters) {
    report('Batch of signed letters', `failed: ${r.stderr.slice(0, 300)}`, 'completes', false);
    return;
  }
  const zipMb = Math.round(fs.statSync(json.zip!).size / 1e6);
  report(`Batch: ${json.letters} signed letters, ${json.pages} pages, ZIP ${zipMb} MB`, `${json.seconds} s = ${Math.round(json.letters / json.seconds!)} letters/s`, 'printed', null);
  report('Batch peak memory (RSS of the batch process)', `${json.peakRssMb} MB`, '< 600 MB', (json.peakRssMb ?? Infinity) < 600);
  console.log(`  (this bench process peaked at ${peakRssMb()} MB)`);
}
