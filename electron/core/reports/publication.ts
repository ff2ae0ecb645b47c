// The waiting-time publication of vanhuspalvelulaki 980/2012 26 § (as amended for the wellbeing services
// counties from 1.1.2023): "Hyvinvointialueen on julkaistava ainakin puolivuosittain tiedot siitä, missä ajassa
// iäkäs henkilö voi saada hakemansa sosiaalipalvelut. Tiedot on julkaistava sellaisia menetelmiä käyttäen, että
// iäkkäillä henkilöillä on tosiasiallinen mahdollisuus tietojen saamiseen."
//
// Per half-year and service, in the form counties publish it: the mean waiting time in days from the day the
// matter became pending (the application or other contact; the day the authority learned of the need) to the
// day the service actually started, with the previous half-year beside it and the number of cases; the median,
// the share started within the three months of VPL 18 § 2 mom and the services still waiting at the period's
// end. The definitions are printed with the figures in Finnish and Swedish. The service manager approves the
// publication; an approved edition is stored with its PDFs and never changes (a correction is a new edition).
import { createHash } from 'node:crypto';
import type { PublicationMeta } from '../../../shared/contract/report-schemas';
import { AppError } from '../../../shared/contract/errors';
import { daysBetween, formatFi } from '../../../shared/domain/dates';
import { halfYearBounds, previousHalfYear } from '../../../shared/domain/reports';
import { jobTitle } from '../../../shared/domain/titles';
import { msg } from '../../../shared/messages';
import type { SignedInContext } from '../context';
import type { Db } from '../db/connection';
import { uuidv7 } from '../ids';
import { renderPdfA } from '../letters/pdf';
import { xlsxWorkbook } from '../invoicing/xlsx';
import { fileName, toCsv } from './files';

/** Below this many cases the mean is not published (it could point at a person). */
export const PUBLICATION_MIN_CASES = 5;

export interface PublicationRow {
  service: string;
  nameFi: string;
  nameSv: string;
  /** New services that started in the half-year, with a pending date. */
  count: number;
  /** Mean days pending → start, whole days; null under the minimum. */
  meanDays: number | null;
  medianDays: number | null;
  previousCount: number;
  previousMeanDays: number | null;
  /** Of those started, how many within three months of the decision (VPL 18 § 2 mom). */
  withinThreeMonths: number;
  /** Granted by the period's end and not started by then; of them, over three months since the decision. */
  waitingAtEnd: number;
  waitingOverThreeMonths: number;
  /** Granted services that never started (declined, died, moved) recorded in the half-year. */
  notStarted: number;
}

export interface PublicationContent {
  halfYear: string;
  from: string;
  to: string;
  countyFi: string;
  countySv: string;
  computedOn: string;
  minCases: number;
  rows: PublicationRow[];
  /** Services started in the half-year that had no pending date recorded (left out of the means). */
  withoutPendingDate: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));

function bounds(halfYear: string) {
  const b = halfYearBounds(halfYear);
  if (!b) throw new AppError('VALIDATION', msg('reports.badHalfYear', { halfYear }));
  return b;
}

/** The figures of a half-year, county-wide. */
export function computePublication(db: Db, halfYear: string, today: string): PublicationContent {
  const { from, to } = bounds(halfYear);
  const prev = bounds(previousHalfYear(halfYear));
  const services = db.prepare('SELECT code, name_fi, name_sv FROM services ORDER BY sort, code').all() as { code: string; name_fi: string; name_sv: string }[];
  const started = (a: string, b: string) =>
    db
      .prepare(
        `SELECT service_code, applied_on, decided_on, arrange_by, started_on FROM service_periods INDEXED BY service_periods_started_cover
         WHERE status = 'started' AND started_on BETWEEN ? AND ?`,
      )
      .all(a, b) as { service_code: string; applied_on: string | null; decided_on: string; arrange_by: string | null; started_on: string }[];
  const now = started(from, to);
  const before = started(prev.from, prev.to);
  const waiting = db
    .prepare(
      `SELECT service_code, arrange_by FROM service_periods WHERE decided_on <= @to AND (status = 'awaiting'
         OR (status = 'started' AND started_on > @to) OR (status = 'not_started' AND not_started_on > @to))`,
    )
    .all({ to }) as { service_code: string; arrange_by: string | null }[];
  const notStarted = db
    .prepare("SELECT service_code, count(*) AS n FROM service_periods WHERE status = 'not_started' AND not_started_on BETWEEN ? AND ? GROUP BY service_code")
    .all(from, to) as { service_code: string; n: number }[];
  const rows: PublicationRow[] = [];
  for (const s of services) {
    const cur = now.filter((r) => r.service_code === s.code && r.applied_on !== null);
    const old = before.filter((r) => r.service_code === s.code && r.applied_on !== null);
    const w = waiting.filter((r) => r.service_code === s.code);
    const ns = notStarted.find((r) => r.service_code === s.code)?.n ?? 0;
    if (cur.length === 0 && old.length === 0 && w.length === 0 && ns === 0) continue;
    const days = cur.map((r) => daysBetween(r.applied_on!, r.started_on));
    const prevDays = old.map((r) => daysBetween(r.applied_on!, r.started_on));
    const shown = days.length >= PUBLICATION_MIN_CASES;
    rows.push({
      service: s.code,
      nameFi: s.name_fi,
      nameSv: s.name_sv,
      count: days.length,
      meanDays: shown ? mean(days) : null,
      medianDays: shown ? median(days) : null,
      previousCount: prevDays.length,
      previousMeanDays: prevDays.length >= PUBLICATION_MIN_CASES ? mean(prevDays) : null,
      withinThreeMonths: cur.filter((r) => r.arrange_by === null || r.started_on <= r.arrange_by).length,
      waitingAtEnd: w.length,
      waitingOverThreeMonths: w.filter((r) => r.arrange_by !== null && r.arrange_by < to).length,
      notStarted: ns,
    });
  }
  const county = (k: string, d: string) => (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(k) as string | undefined) ?? d;
  return {
    halfYear,
    from,
    to,
    countyFi: county('county_name_fi', 'Hyvinvointialue'),
    countySv: county('county_name_sv', 'Välfärdsområde'),
    computedOn: today,
    minCases: PUBLICATION_MIN_CASES,
    rows,
    withoutPendingDate: now.filter((r) => r.applied_on === null).length,
  };
}

type Lang = 'fi' | 'sv';

export interface Approval {
  name: string;
  title: string;
  at: string;
  edition: number;
}

/** The texts of the publication in one language. */
export function publicationTexts(c: PublicationContent, lang: Lang, approval: Approval | null) {
  const period = `${formatFi(c.from)}–${formatFi(c.to)}`;
  const previous = halfYearBounds(previousHalfYear(c.halfYear))!;
  const prevPeriod = `${formatFi(previous.from)}–${formatFi(previous.to)}`;
  if (lang === 'fi')
    return {
      title: `Iäkkäiden henkilöiden sosiaalipalvelujen odotusajat ${period}`,
      county: c.countyFi,
      intro:
        'Vanhuspalvelulain (980/2012) 26 §:n mukaan hyvinvointialueen on julkaistava ainakin puolivuosittain tiedot siitä, missä ajassa iäkäs henkilö voi saada hakemansa sosiaalipalvelut.',
      headers: ['Palvelu', 'Keskimääräinen odotusaika', `Edellinen kausi (${prevPeriod})`, 'Mediaani', 'Palvelun saaneita', 'Alkoi 3 kk:n kuluessa päätöksestä', 'Odottaa kauden lopussa (yli 3 kk)'],
      days: (n: number | null, count: number) => (n === null ? (count === 0 ? '–' : `alle ${c.minCases} tapausta`) : `${n} vrk`),
      definitionsTitle: 'Miten luvut on laskettu',
      definitions: [
        'Odotusaika lasketaan päivästä, jona asia tuli vireille (kirjallinen tai suullinen hakemus tai muu yhteydenotto, tai päivä, jona hyvinvointialue sai tiedon palveluntarpeesta), päivään, jona palvelu tosiasiallisesti alkoi. Odotusaika on kalenteripäivinä (vuorokausina).',
        `Mukana ovat uudet palvelut, jotka on myönnetty myönteisellä päätöksellä ja jotka alkoivat kaudella ${period}. Jo käynnissä olevan palvelun muutokset eivät ole mukana.`,
        'Keskimääräinen odotusaika on odotusaikojen keskiarvo kokonaisiksi vuorokausiksi pyöristettynä; mediaani on keskimmäinen odotusaika.',
        'Kielteiset päätökset, peruutetut hakemukset ja palvelut, joita asiakas ei ottanut vastaan, eivät ole mukana odotusajoissa.',
        'Myönnetty palvelu on järjestettävä viimeistään kolmen kuukauden kuluttua päätöksestä (vanhuspalvelulaki 18 § 2 mom). Odottaa kauden lopussa: palvelu oli myönnetty kauden viimeisenä päivänä mutta ei ollut alkanut; suluissa ne, joiden päätöksestä oli kulunut yli kolme kuukautta.',
        `Jos tapauksia on alle ${c.minCases}, keskiarvoa ei julkaista asiakkaiden yksityisyyden suojaamiseksi.`,
        ...(c.withoutPendingDate > 0 ? [`Kaudella alkaneista palveluista ${c.withoutPendingDate} ei ole mukana, koska niiden vireilletulopäivää ei ole kirjattu.`] : []),
      ],
      source: `Lähde: ${c.countyFi}, keskitetty asiakas- ja palveluohjaus (Luotsi), tiedot poimittu ${formatFi(c.computedOn)}.`,
      approved: approval
        ? `Hyväksynyt ${approval.name}, ${approval.title}, ${formatFi(approval.at.slice(0, 10))}${approval.edition > 1 ? ` (korjattu painos ${approval.edition})` : ''}.`
        : 'LUONNOS – ei vielä hyväksytty.',
      legal: 'Vanhuspalvelulaki 980/2012 26 § ja 18 § 2 mom.',
      page: (p: number, n: number) => `Sivu ${p} / ${n}`,
    };
  return {
    title: `Väntetider till socialservice för äldre personer ${period}`,
    county: c.countySv,
    intro:
      'Enligt 26 § i äldreomsorgslagen (980/2012) ska välfärdsområdet minst en gång per halvår publicera uppgifter om inom vilken tid en äldre person kan få den socialservice som han eller hon har ansökt om.',
    headers: ['Tjänst', 'Genomsnittlig väntetid', `Föregående period (${prevPeriod})`, 'Median', 'Har fått tjänsten', 'Började inom 3 mån. från beslutet', 'Väntar vid periodens slut (över 3 mån.)'],
    days: (n: number | null, count: number) => (n === null ? (count === 0 ? '–' : `färre än ${c.minCases} fall`) : `${n} dygn`),
    definitionsTitle: 'Hur siffrorna har räknats',
    definitions: [
      'Väntetiden räknas från den dag då ärendet blev anhängigt (en skriftlig eller muntlig ansökan eller annan kontakt, eller den dag då välfärdsområdet fick kännedom om servicebehovet) till den dag då tjänsten faktiskt började. Väntetiden anges i kalenderdagar (dygn).',
      `Med är nya tjänster som beviljats genom ett positivt beslut och som började under perioden ${period}. Ändringar av tjänster som redan pågår ingår inte.`,
      'Den genomsnittliga väntetiden är medelvärdet av väntetiderna avrundat till hela dygn; medianen är den mittersta väntetiden.',
      'Negativa beslut, återtagna ansökningar och tjänster som klienten inte tog emot ingår inte i väntetiderna.',
      'En beviljad tjänst ska ordnas senast tre månader efter beslutet (äldreomsorgslagen 18 § 2 mom.). Väntar vid periodens slut: tjänsten var beviljad den sista dagen av perioden men hade inte börjat; inom parentes de där det gått över tre månader sedan beslutet.',
      `Om det finns färre än ${c.minCases} fall publiceras inget medelvärde för att skydda klienternas integritet.`,
      ...(c.withoutPendingDate > 0 ? [`Av tjänsterna som började under perioden ingår ${c.withoutPendingDate} inte eftersom dagen då ärendet blev anhängigt inte har registrerats.`] : []),
    ],
    source: `Källa: ${c.countySv}, centraliserad klient- och servicehandledning (Luotsi), uppgifterna tagna ${formatFi(c.computedOn)}.`,
    approved: approval
      ? `Godkänt av ${approval.name}, ${jobTitle(approval.title, 'sv')}, ${formatFi(approval.at.slice(0, 10))}${approval.edition > 1 ? ` (rättad upplaga ${approval.edition})` : ''}.`
      : 'UTKAST – ännu inte godkänt.',
    legal: 'Äldreomsorgslagen 980/2012 26 § och 18 § 2 mom.',
    page: (p: number, n: number) => `Sida ${p} / ${n}`,
  };
}

function tableRows(c: PublicationContent, lang: Lang): string[][] {
  const tx = publicationTexts(c, lang, null);
  return c.rows.map((r) => [
    lang === 'sv' ? r.nameSv : r.nameFi,
    tx.days(r.meanDays, r.count),
    tx.days(r.previousMeanDays, r.previousCount),
    tx.days(r.medianDays, r.count),
    String(r.count),
    r.count >= c.minCases ? `${Math.round((r.withinThreeMonths / r.count) * 100)} %` : '–',
    `${r.waitingAtEnd} (${r.waitingOverThreeMonths})`,
  ]);
}

export function publicationPdf(c: PublicationContent, lang: Lang, approval: Approval | null, now: Date): Promise<Buffer> {
  const tx = publicationTexts(c, lang, approval);
  const INK = '#1d2733';
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [40, 40, 40, 50],
    footer: (p: number, n: number) => ({ text: `${tx.county} · ${tx.legal} · ${tx.page(p, n)}`, fontSize: 8, color: '#5b6877', margin: [40, 14, 40, 0] }),
    content: [
      { text: tx.county, fontSize: 10, color: '#5b6877' },
      { text: tx.title, fontSize: 17, bold: true, margin: [0, 4, 0, 8], color: '#0b5f7a' },
      { text: tx.intro, margin: [0, 0, 0, 12] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 92, 108, 70, 70, 100, 110],
          body: [tx.headers.map((h, i) => ({ text: h, bold: true, fontSize: 9, alignment: i === 0 ? 'left' : 'right' })), ...tableRows(c, lang).map((r) => r.map((v, i) => ({ text: v, alignment: i === 0 ? 'left' : 'right', bold: i === 1 })))],
        },
        layout: 'lightHorizontalLines',
      },
      { text: tx.definitionsTitle, bold: true, fontSize: 12, margin: [0, 16, 0, 6] },
      { ul: tx.definitions, fontSize: 9, lineHeight: 1.2 },
      { text: tx.source, fontSize: 9, margin: [0, 12, 0, 0] },
      { text: tx.approved, fontSize: 9, bold: true, margin: [0, 4, 0, 0], color: approval ? INK : '#9b1c1c' },
    ],
    defaultStyle: { fontSize: 10, color: INK },
  };
  return renderPdfA(doc, { title: tx.title, author: tx.county, subject: tx.legal, creationDate: now, language: lang === 'sv' ? 'sv-FI' : 'fi-FI' });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained page for the county's website (no scripts, no outside resources). */
export function publicationHtml(c: PublicationContent, lang: Lang, approval: Approval | null): string {
  const tx = publicationTexts(c, lang, approval);
  const rows = tableRows(c, lang);
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(tx.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}h1{color:#0b5f7a;font-size:1.6rem}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #d8dee5;padding:.4rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:600;margin-bottom:.4rem}.approved{font-weight:600}</style>
</head>
<body>
<main>
<p>${esc(tx.county)}</p>
<h1>${esc(tx.title)}</h1>
<p>${esc(tx.intro)}</p>
<table>
<caption>${esc(tx.title)}</caption>
<thead><tr>${tx.headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${esc(v)}</th>` : `<td>${esc(v)}</td>`)).join('')}</tr>`).join('\n')}
</tbody>
</table>
<h2>${esc(tx.definitionsTitle)}</h2>
<ul>
${tx.definitions.map((d) => `<li>${esc(d)}</li>`).join('\n')}
</ul>
<p>${esc(tx.source)}</p>
<p class="approved">${esc(tx.approved)}</p>
<p>${esc(tx.legal)}</p>
</main>
</body>
</html>
`;
}

interface StoredRow {
  id: string;
  half_year: string;
  edition: number;
  period_from: string;
  period_to: string;
  content_json: string;
  content_sha256: string;
  pdf_fi_sha256: string;
  pdf_sv_sha256: string;
  note: string;
  approved_by_name: string;
  approved_by_title: string;
  approved_at: string;
}


const META = 'id, half_year, edition, period_from, period_to, content_sha256, pdf_fi_sha256, pdf_sv_sha256, note, approved_by_name, approved_by_title, approved_at';

function toMeta(r: StoredRow): PublicationMeta {
  return {
    id: r.id,
    halfYear: r.half_year,
    edition: r.edition,
    from: r.period_from,
    to: r.period_to,
    approvedByName: r.approved_by_name,
    approvedByTitle: r.approved_by_title,
    approvedAt: r.approved_at,
    note: r.note,
    contentSha256: r.content_sha256,
    pdfFiSha256: r.pdf_fi_sha256,
    pdfSvSha256: r.pdf_sv_sha256,
  };
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** reports.waitingPublication: the draft of a half-year (computed now) and its approved editions. */
export function waitingPublication(ctx: SignedInContext, input: { halfYear: string }) {
  const content = computePublication(ctx.db, input.halfYear, ctx.clock.today());
  const approved = (ctx.db.prepare(`SELECT ${META} FROM waiting_time_publications WHERE half_year = ? ORDER BY edition DESC, approved_at DESC`).all(input.halfYear) as StoredRow[]).map(toMeta);
  const latest = approved[0] ? (JSON.parse((ctx.db.prepare('SELECT content_json FROM waiting_time_publications WHERE id = ?').pluck().get(approved[0].id) as string)) as PublicationContent) : null;
  return { draft: content, approved, latestApproved: latest };
}

/** reports.publications: every approved edition. */
export function listPublications(ctx: SignedInContext): PublicationMeta[] {
  return (ctx.db.prepare(`SELECT ${META} FROM waiting_time_publications ORDER BY half_year DESC, edition DESC, approved_at DESC`).all() as StoredRow[]).map(toMeta);
}

/** reports.approvePublication: the service manager approves the half-year's figures as they are now. */
export async function approvePublication(ctx: SignedInContext, input: { halfYear: string; note: string }): Promise<PublicationMeta> {
  const today = ctx.clock.today();
  const { to } = bounds(input.halfYear);
  if (to >= today) throw new AppError('VALIDATION', msg('reports.halfYearNotOver', { halfYear: input.halfYear, to }));
  const content = computePublication(ctx.db, input.halfYear, today);
  const now = ctx.clock.now();
  const me = ctx.db.prepare('SELECT display_name, title FROM users WHERE id = ?').get(ctx.user.id) as { display_name: string; title: string };
  const edition = ((ctx.db.prepare('SELECT max(edition) FROM waiting_time_publications WHERE half_year = ?').pluck().get(input.halfYear) as number | null) ?? 0) + 1;
  const approval: Approval = { name: me.display_name, title: me.title, at: now.toISOString(), edition };
  // The PDFs are made before the write (nothing held across the await); the row is then written in one go.
  const [fi, sv] = await Promise.all([publicationPdf(content, 'fi', approval, now), publicationPdf(content, 'sv', approval, now)]);
  const json = JSON.stringify(content);
  const id = uuidv7(now.getTime());
  ctx.db.transaction(() => {
    const again = ((ctx.db.prepare('SELECT max(edition) FROM waiting_time_publications WHERE half_year = ?').pluck().get(input.halfYear) as number | null) ?? 0) + 1;
    if (again !== edition) throw new AppError('CONFLICT', msg('arrangement.changedElsewhere'));
    ctx.db
      .prepare(
        `INSERT INTO waiting_time_publications (id, half_year, edition, period_from, period_to, content_json, content_sha256, pdf_fi, pdf_fi_sha256, pdf_sv, pdf_sv_sha256,
           note, approved_by, approved_by_name, approved_by_title, approved_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.halfYear, edition, content.from, content.to, json, sha256(json), fi, sha256(fi), sv, sha256(sv), input.note, ctx.user.id, me.display_name, me.title, approval.at, approval.at);
    ctx.audit.write({ userId: ctx.user.id, action: 'reports.publicationApprove', entityType: 'waiting_time_publication', entityId: id, details: { halfYear: input.halfYear, edition } });
  })();
  return toMeta(ctx.db.prepare(`SELECT ${META} FROM waiting_time_publications WHERE id = ?`).get(id) as StoredRow);
}

/** reports.publicationFile: an approved edition as stored (PDF) or made from its stored figures; or the draft. */
export async function publicationFile(
  ctx: SignedInContext,
  input: { id: string | null; halfYear: string; format: 'pdf' | 'html' | 'csv' | 'xlsx'; lang: Lang },
): Promise<{ fileName: string; base64: string; mime: string }> {
  let content: PublicationContent;
  let approval: Approval | null = null;
  let pdf: Buffer | null = null;
  if (input.id) {
    const r = ctx.db.prepare(`SELECT ${META}, content_json, pdf_fi, pdf_sv, approved_at FROM waiting_time_publications WHERE id = ?`).get(input.id) as
      | (StoredRow & { pdf_fi: Buffer; pdf_sv: Buffer })
      | undefined;
    if (!r) throw new AppError('NOT_FOUND', msg('reports.publicationNotFound'));
    content = JSON.parse(r.content_json) as PublicationContent;
    approval = { name: r.approved_by_name, title: r.approved_by_title, at: r.approved_at, edition: r.edition };
    pdf = input.lang === 'sv' ? r.pdf_sv : r.pdf_fi;
  } else content = computePublication(ctx.db, input.halfYear, ctx.clock.today());
  const tx = publicationTexts(content, input.lang, approval);
  const sv = input.lang === 'sv';
  const suffix = !approval ? (sv ? ' utkast' : ' luonnos') : approval.edition > 1 ? ` ${sv ? 'upplaga' : 'painos'} ${approval.edition}` : '';
  const base = `${sv ? 'vantetider' : 'odotusajat'} ${content.halfYear}${suffix}`;
  const name = (ext: string) => fileName(base, content.computedOn, ext);
  switch (input.format) {
    case 'pdf': {
      const bytes = pdf ?? (await publicationPdf(content, input.lang, null, ctx.clock.now()));
      return { fileName: name('pdf'), base64: bytes.toString('base64'), mime: 'application/pdf' };
    }
    case 'html':
      return { fileName: name('html'), base64: Buffer.from(publicationHtml(content, input.lang, approval), 'utf8').toString('base64'), mime: 'text/html;charset=utf-8' };
    case 'csv':
      return { fileName: name('csv'), base64: Buffer.from(toCsv(tx.headers, tableRows(content, input.lang)), 'utf8').toString('base64'), mime: 'text/csv;charset=utf-8' };
    case 'xlsx': {
      const x = await xlsxWorkbook(content.halfYear, tx.headers, tableRows(content, input.lang));
      return { fileName: name('xlsx'), base64: x.toString('base64'), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    }
  }
}

