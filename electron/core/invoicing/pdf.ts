// The paper invoice (PDF/A-2b): the recipient in the envelope window, the rows with their basis, what the law
// asks an invoice to say (asiakasmaksulaki 2 a § 1 mom: date, client, service, amount and basis, provider, whom
// to ask, whether the fee counts toward the ceiling and that the client follows the ceiling; 2 a § 2 mom: review
// instructions for what does not follow an income-based fee decision of 2 b §, which cannot be contested by a
// request for review of the invoice, 15 § 1 mom — the request goes to the body that arranges the service), the
// notice of reduction and waiver (11 § 4–5 mom), and the bank transfer form with the bank barcode as digits and
// as Code 128.
import { code128cBars } from '../../../shared/domain/code128';
import { formatFi } from '../../../shared/domain/dates';
import type { AddressWindow } from '../../../shared/domain/letters';
import { formatEuros } from '../../../shared/domain/letters';
import { formatIban, formatRf, formatViitenumero } from '../../../shared/domain/payment-references';
import type { BillingSettings } from '../../../shared/contract/billing-schemas';
import { renderPdfA } from '../letters/pdf';
import type { Seller } from './finvoice';
import type { InvoiceFull } from './queries';
import { monthlyFeeRow, monthlyPriceText, monthlyQuantityText } from '../../../shared/domain/fees/invoice-rows';

const MM = 72 / 25.4;
const MARGIN_X = 20 * MM;
const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#1d4e89';

type Node = Record<string, unknown> | string;

const T = {
  fi: {
    invoice: 'LASKU',
    credit: 'HYVITYSLASKU',
    number: 'Laskun numero',
    date: 'Laskun päivä',
    due: 'Eräpäivä',
    reference: 'Viitenumero',
    client: 'Asiakas',
    period: 'Laskutuskausi',
    credits: 'Hyvitettävä lasku',
    description: 'Palvelu ja peruste',
    qty: 'Määrä',
    unitPrice: 'À-hinta',
    amount: 'Summa',
    total: 'Maksettava yhteensä',
    totalCredit: 'Hyvitys yhteensä',
    ceilingYes: 'Merkityt (*) maksut kerryttävät maksukattoa (asiakasmaksulaki 6 a §). Asiakkaan on seurattava itse maksukaton täyttymistä (2 a § 1 mom 7 kohta).',
    ceilingNo: 'Laskun maksut eivät kerrytä maksukattoa (asiakasmaksulaki 6 a §).',
    provider: 'Palvelun järjestäjä ja tuottaja',
    questions: 'Tiedustelut',
    vat: 'Ei arvonlisäveroa (AVL 37 §).',
    review:
      'Oikaisuvaatimus: jos olet tyytymätön tämän laskun maksuun, joka ei perustu maksupäätökseen, voit vaatia siihen oikaisua 30 päivän kuluessa laskun tiedoksisaannista. Oikaisuvaatimus tehdään kirjallisesti toimielimelle, joka vastaa palvelun järjestämisestä: {body}, {address}, {email} (asiakasmaksulaki 15 § 1 mom). Kerro mihin laskun kohtaan vaadit oikaisua, miten maksua pitäisi muuttaa ja millä perusteella, sekä nimesi ja yhteystietosi.',
    feeDecisionBased:
      'Kuukausimaksut perustuvat maksupäätökseen (asiakasmaksulaki 2 b §): laskuun ei voi vaatia erikseen oikaisua, vaan oikaisua vaaditaan maksupäätökseen sen ohjeen mukaan (15 § 1 mom).',
    reduction:
      'Maksu jätetään perimättä tai sitä alennetaan, jos se vaarantaa toimeentulosi, perheesi toimeentulon tai elatusvelvollisuutesi (asiakasmaksulaki 11 §); kysy: {phone}, {email}.',
    recipientIban: 'Saajan tilinumero',
    recipientName: 'Saaja',
    payer: 'Maksajan nimi ja osoite',
    euro: 'Euro',
    barcode: 'Virtuaaliviivakoodi',
    page: 'Sivu',
  },
  sv: {
    invoice: 'FAKTURA',
    credit: 'KREDITNOTA',
    number: 'Fakturanummer',
    date: 'Fakturadatum',
    due: 'Förfallodag',
    reference: 'Referensnummer',
    client: 'Klient',
    period: 'Faktureringsperiod',
    credits: 'Krediterad faktura',
    description: 'Tjänst och grund',
    qty: 'Mängd',
    unitPrice: 'À-pris',
    amount: 'Summa',
    total: 'Att betala',
    totalCredit: 'Gottgörelse totalt',
    ceilingYes: 'Avgifterna märkta (*) räknas in i avgiftstaket (klientavgiftslagen 6 a §); följ själv med när taket nås.',
    ceilingNo: 'Fakturans avgifter räknas inte in i avgiftstaket.',
    provider: 'Anordnare och producent',
    questions: 'Förfrågningar',
    vat: 'Ingen mervärdesskatt (MSL 37 §).',
    review:
      'Omprövningsbegäran: om du är missnöjd med en avgift på fakturan som inte grundar sig på ett avgiftsbeslut kan du begära omprövning inom 30 dagar från att du fått del av fakturan. Begäran görs skriftligen till det organ som svarar för ordnandet av tjänsten: {body}, {address}, {email} (klientavgiftslagen 15 § 1 mom.). Ange vilken del av fakturan du begär omprövning av, hur avgiften ska ändras och på vilka grunder samt ditt namn och dina kontaktuppgifter.',
    feeDecisionBased:
      'Månadsavgifterna grundar sig på ett avgiftsbeslut (klientavgiftslagen 2 b §): fakturan kan inte omprövas separat, utan omprövning begärs av avgiftsbeslutet enligt dess anvisning (15 § 1 mom.).',
    reduction:
      'Avgiften efterskänks eller sätts ned om den äventyrar din eller familjens försörjning eller underhållsskyldighet (klientavgiftslagen 11 §); fråga: {phone}, {email}.',
    recipientIban: 'Mottagarens kontonummer',
    recipientName: 'Mottagare',
    payer: 'Betalarens namn och adress',
    euro: 'Euro',
    barcode: 'Virtuell streckkod',
    page: 'Sida',
  },
};

/** Rows store their unit in Finnish; a Swedish invoice prints it in Swedish. */
const UNITS_SV: Record<string, string> = { pv: 'd', vrk: 'dygn', kpl: 'st', ateria: 'måltid', kk: 'mån', käynti: 'besök' };

function qty(q: number, unit: string, sv: boolean): string {
  return `${String(Math.round(q * 100) / 100).replace('.', ',')} ${sv ? (UNITS_SV[unit] ?? unit) : unit}`;
}

/** Code 128 bars as pdfmake canvas rectangles: 0.33 mm modules, 13 mm high. */
function barcodeCanvas(digits: string): Node {
  const module = 0.33 * MM;
  const { bars, modules } = code128cBars(digits);
  return {
    canvas: bars.map((b) => ({ type: 'rect', x: b.x * module, y: 0, w: b.width * module, h: 13 * MM, color: '#000000' })),
    width: modules * module,
    margin: [0, 4, 0, 2],
  };
}

export interface InvoiceLayout {
  window: AddressWindow;
  logoSvg: string;
  seller: Seller;
  unitName: string;
  /** The body a request for review goes to (asiakasmaksulaki 15 § 1 mom). */
  review: { nameFi: string; nameSv: string; address: string; email: string };
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

export function invoiceDocument(inv: InvoiceFull, settings: BillingSettings, layout: InvoiceLayout): Record<string, unknown> {
  const t = T[inv.language];
  const credit = inv.kind === 'credit_note';
  const anyCeiling = inv.lines.some((l) => l.countsToCeiling);
  // Rows that follow an income-based fee decision (2 b §) cannot be contested through the invoice; the others carry
  // review instructions (2 a § 2 mom). An invoice with both says both.
  const needsReview = inv.lines.some((l) => !['home_care', 'long_term', 'correction', 'credit'].includes(l.rowType));
  const feeDecisionRows = inv.lines.some((l) => l.rowType === 'home_care' || l.rowType === 'long_term');
  const sv = inv.language === 'sv';
  const from = inv.lines.reduce((m, l) => (l.periodFrom < m ? l.periodFrom : m), inv.lines[0]?.periodFrom ?? `${inv.month}-01`);
  const to = inv.lines.reduce((m, l) => (l.periodTo > m ? l.periodTo : m), inv.lines[0]?.periodTo ?? `${inv.month}-01`);
  const w = layout.window;
  const facts: Node[][] = [
    [{ text: t.number, style: 'label' }, String(inv.number)],
    [{ text: t.date, style: 'label' }, formatFi(inv.invoiceDate)],
    [{ text: t.due, style: 'label' }, { text: credit ? '–' : formatFi(inv.dueDate), bold: true }],
    [{ text: t.reference, style: 'label' }, { text: formatViitenumero(inv.reference), bold: true }],
    [{ text: 'RF', style: 'label' }, formatRf(inv.rf)],
    [{ text: t.client, style: 'label' }, inv.clientName],
    [{ text: t.period, style: 'label' }, `${formatFi(from)}–${formatFi(to)}`],
  ];
  if (credit && inv.creditsNumber !== null) facts.push([{ text: t.credits, style: 'label' }, String(inv.creditsNumber)]);
  const body: Node[][] = [
    [
      { text: t.description, style: 'th' },
      { text: t.qty, style: 'th', alignment: 'right' },
      { text: t.unitPrice, style: 'th', alignment: 'right' },
      { text: t.amount, style: 'th', alignment: 'right' },
    ],
    ...inv.lines.map((l) => {
      // A monthly fee prints as a month ("1 kk", "1 272,25 €/kk"; a part of a month "19/30 pv"), not as days × a price.
      const m = monthlyFeeRow(l);
      return [
        { text: `${l.description}${l.countsToCeiling ? ' *' : ''}`, fontSize: 8.5 },
        { text: m ? monthlyQuantityText(m, inv.language) : qty(l.quantity, l.unit, inv.language === 'sv'), alignment: 'right', fontSize: 8.5 },
        { text: m ? monthlyPriceText(m, inv.language) : formatEuros(l.unitPriceCents), alignment: 'right', fontSize: 8.5 },
        { text: formatEuros(l.amountCents), alignment: 'right', fontSize: 8.5 },
      ];
    }),
    [{ text: credit ? t.totalCredit : t.total, bold: true, colSpan: 3 }, '', '', { text: formatEuros(inv.totalCents), bold: true, alignment: 'right' }],
  ];
  const s = layout.seller;
  const transferForm: Node = {
    unbreakable: true,
    margin: [0, 10, 0, 0],
    stack: [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 170 * MM, y2: 0, lineWidth: 0.6, dash: { length: 3 } }], margin: [0, 0, 0, 6] },
      {
        table: {
          widths: [95, '*', 70, 85],
          body: [
            [{ text: t.recipientIban, style: 'label' }, { text: `${formatIban(settings.iban)}   ${settings.bic}`, bold: true, colSpan: 3 }, '', ''],
            [{ text: t.recipientName, style: 'label' }, { text: s.nameFi, colSpan: 3 }, '', ''],
            [{ text: t.payer, style: 'label' }, { text: inv.recipient.join('\n') || inv.clientName, colSpan: 3 }, '', ''],
            [
              { text: t.reference, style: 'label' },
              { text: formatViitenumero(inv.reference), bold: true },
              { text: t.due, style: 'label' },
              { text: credit ? '–' : formatFi(inv.dueDate), bold: true },
            ],
            [{ text: '', colSpan: 2 }, '', { text: t.euro, style: 'label' }, { text: credit ? '0,00' : formatEuros(inv.totalCents).replace(/\u00a0€$/, ''), bold: true }],
          ],
        },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#999999', vLineColor: () => '#999999' },
      },
      ...(inv.barcode && !credit
        ? [
            { text: `${t.barcode}: ${inv.barcode}`, fontSize: 8, margin: [0, 6, 0, 0], characterSpacing: 0.3 },
            barcodeCanvas(inv.barcode),
          ]
        : []),
    ],
  };
  const content: Node[] = [
    {
      absolutePosition: { x: w.leftMm * MM, y: w.topMm * MM },
      stack: inv.recipient.length ? inv.recipient.map((x) => ({ text: x, fontSize: 10 })) : [{ text: inv.clientName, fontSize: 10 }],
    },
    { text: '', margin: [0, (w.topMm + w.heightMm + 8) * MM - 30 * MM, 0, 0] },
    { text: credit ? t.credit : t.invoice, style: 'h1', margin: [0, 0, 0, 6] },
    { table: { widths: [95, '*'], body: facts }, layout: 'noBorders', margin: [0, 0, 0, 8] },
    { table: { headerRows: 1, widths: ['*', 52, 62, 62], body }, layout: 'lightHorizontalLines', margin: [0, 0, 0, 8] },
    { text: anyCeiling ? t.ceilingYes : t.ceilingNo, fontSize: 7.5, margin: [0, 0, 0, 2] },
    { text: `${t.provider}: ${s.nameFi}, ${layout.unitName}. ${t.questions}: ${settings.contactPhone}, ${settings.contactEmail}. ${t.vat}`, fontSize: 7.5, margin: [0, 0, 0, 2] },
    { text: fill(t.reduction, { phone: settings.contactPhone, email: settings.contactEmail }), fontSize: 7.5, margin: [0, 0, 0, 2] },
    ...(feeDecisionRows ? [{ text: t.feeDecisionBased, fontSize: 7.5, color: MUTED, margin: [0, 0, 0, 2] }] : []),
    ...(needsReview || !feeDecisionRows
      ? [{ text: fill(t.review, { body: sv ? layout.review.nameSv : layout.review.nameFi, address: layout.review.address, email: layout.review.email }), fontSize: 7.5, color: MUTED, margin: [0, 0, 0, 2] }]
      : []),
    transferForm,
  ];
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 30 * MM, MARGIN_X, 16 * MM],
    header: (page: number, pages: number) => ({
      margin: [MARGIN_X, 12 * MM, MARGIN_X, 0],
      columns: [
        {
          width: '*',
          columns: [
            { svg: layout.logoSvg, width: 30, height: 30 },
            { stack: [{ text: s.nameFi, bold: true, fontSize: 11, color: ACCENT }, { text: `${s.street}, ${s.postalCode} ${s.city}`, fontSize: 8.5, color: MUTED }], margin: [8, 2, 0, 0] },
          ],
        },
        { width: 150, stack: [{ text: `${credit ? t.credit : t.invoice} ${inv.number}`, bold: true, alignment: 'right' }, { text: `${t.page} ${page} / ${pages}`, alignment: 'right', fontSize: 8.5 }] },
      ],
    }),
    footer: () => ({
      margin: [MARGIN_X, 4 * MM, MARGIN_X, 0],
      text: `${s.nameFi} · Y-tunnus ${settings.businessId} · ${s.street}, ${s.postalCode} ${s.city} · ${s.web}`,
      fontSize: 7.5,
      color: MUTED,
      alignment: 'center',
    }),
    content,
    defaultStyle: { fontSize: 9.5, lineHeight: 1.12, color: INK },
    styles: { h1: { fontSize: 14, bold: true, color: ACCENT }, th: { bold: true, fontSize: 8.5 }, label: { color: MUTED, fontSize: 8.5 } },
  };
}

export function renderInvoicePdf(inv: InvoiceFull, settings: BillingSettings, layout: InvoiceLayout, now: Date): Promise<Buffer> {
  return renderPdfA(invoiceDocument(inv, settings, layout), {
    title: `${inv.kind === 'credit_note' ? 'Hyvityslasku' : 'Lasku'} ${inv.number}`,
    author: layout.seller.nameFi,
    subject: `Asiakasmaksut ${inv.month}`,
    creationDate: now,
    language: inv.language === 'sv' ? 'sv-FI' : 'fi-FI',
  });
}
