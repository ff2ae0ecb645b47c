// The decision letter layout (pdfmake document definition) for every decision kind, in Finnish or Swedish.
// A4; the recipient address sits in the envelope window of page 1; the review instructions start a new page;
// every page carries "Sivu x / y".
import {
  fillText,
  formatAmount,
  formatDateFi,
  formatEuros,
  type AddressWindow,
  type LetterModel,
  type ServiceUnit,
} from '../../../shared/domain/letters';
import type { DecisionOutcome } from '../../../shared/domain/decisions';
import { jobTitle } from '../../../shared/domain/titles';
import type { IntakeType } from '../../../shared/domain/intake';

export interface LetterTexts {
  documentTitle: string;
  correctionTitle: string;
  kindTitle: Record<LetterModel['kind'], string>;
  outcomeTitle: Record<DecisionOutcome, string>;
  outcomeText: Record<DecisionOutcome, string>;
  /** Outcomes that speak of "your application", worded for a matter that came pending otherwise. */
  outcomeTextNoApplication?: Partial<Record<DecisionOutcome, string>>;
  correctionText: string;
  number: string;
  date: string;
  page: string;
  client: string;
  hetu: string;
  application: string;
  appliedOn: string;
  /** How the matter came pending, by the intake item's type (a concern report is no application). */
  matter?: Record<IntakeType, { title: string; on: string }>;
  /** The label of the service a fee decision sets the fee for (made ex officio: no application). */
  feeService?: string;
  decision: string;
  servicesTable: Record<'service' | 'amount' | 'start' | 'end' | 'provider' | 'voucherValue' | 'untilFurther', string>;
  providerKind: Record<'own' | 'purchased' | 'voucher', string>;
  units: Record<ServiceUnit, string>;
  voucherUnit: string;
  voucherUnits: Record<ServiceUnit, string>;
  fee: string;
  feeTable: Record<'item' | 'amount', string>;
  feePerMonth: string;
  /** Heading of the income and deduction records of a fee decision (texts before 2026-12 lack it). */
  feeBasis?: string;
  /** The decision section of a fee decision (no services are granted by it; texts before 2026-12 lack it). */
  feeDecisionText?: string;
  arrangeBy: string;
  reasoning: string;
  legalBasis: string;
  decisionMaker: string;
  signedElectronically: string;
  /** The marks of an unsigned preview of a draft decision. */
  draft?: { mark: string; number: string; date: string; notSigned: string };
  moreInfo: string;
  moreInfoText: string;
  review: Record<
    | 'title' | 'intro' | 'whoTitle' | 'who' | 'periodTitle' | 'period' | 'bodyTitle' | 'body' | 'address' | 'email'
    | 'officeHours' | 'contentTitle' | 'content' | 'basisService' | 'basisFee' | 'lawTitle',
    string
  > & { feeBody?: string };
  manualDelivery: string;
  footer: string;
}

const MM = 72 / 25.4;
const MARGIN_X = 20 * MM;
const TOP = 32 * MM;
const BODY_START_PAGE1 = 95 * MM;
const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#1d4e89';

type Node = Record<string, unknown> | string;

function paragraphs(text: string): Node[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ text: p, margin: [0, 0, 0, 6] }));
}

function section(title: string, body: Node[]): Node {
  return { stack: [{ text: title, style: 'h2' }, ...body], margin: [0, 6, 0, 4] };
}

function servicesTable(m: LetterModel, t: LetterTexts): Node | null {
  if (m.lines.length === 0) return null;
  const voucher = m.lines.some((l) => l.voucherValueCents !== null);
  const head = [t.servicesTable.service, t.servicesTable.amount, t.servicesTable.start, t.servicesTable.end, t.servicesTable.provider];
  if (voucher) head.push(t.servicesTable.voucherValue);
  const body: Node[][] = [head.map((h) => ({ text: h, style: 'th' }))];
  for (const l of m.lines) {
    const amount = l.unit === 'continuous' || l.amount === null ? t.units.continuous : `${formatAmount(l.amount)} ${t.units[l.unit]}`;
    const provider = [l.providerName, l.providerKind ? t.providerKind[l.providerKind] : null].filter(Boolean).join(', ');
    const row: Node[] = [l.serviceName, { text: amount, noWrap: true }, formatDateFi(l.startDate), l.endDate ? formatDateFi(l.endDate) : t.servicesTable.untilFurther, provider || '–'];
    if (voucher) row.push(l.voucherValueCents === null ? '–' : `${formatEuros(l.voucherValueCents)}/${t.voucherUnits[l.unit]}`);
    body.push(row);
  }
  return {
    table: { headerRows: 1, widths: voucher ? ['*', 'auto', 'auto', 'auto', '*', 'auto'] : ['*', 'auto', 'auto', 'auto', '*'], body },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0, hLineColor: () => '#999999', paddingTop: () => 3, paddingBottom: () => 3 },
    margin: [0, 4, 0, 6],
    fontSize: 9.5,
  };
}

function feeSection(m: LetterModel, t: LetterTexts): Node[] {
  if (!m.fee) return [];
  return [
    section(t.fee, [
      {
        table: { widths: ['*', 'auto'], body: [[{ text: t.feeTable.item, style: 'th' }, { text: t.feeTable.amount, style: 'th' }], ...m.fee.rows.map((r) => [r.label, { text: r.value, alignment: 'right' }])] },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0, hLineColor: () => '#999999' },
        margin: [0, 2, 0, 4],
        fontSize: 9.5,
      },
      { text: fillText(t.feePerMonth, { amount: formatEuros(m.fee.monthlyFeeCents), date: formatDateFi(m.fee.validFrom) }), bold: true },
      ...(m.fee.basisRows?.length && t.feeBasis
        ? [
            { text: t.feeBasis, style: 'h2', margin: [0, 6, 0, 2] },
            {
              table: { widths: ['*', 'auto'], body: m.fee.basisRows.map((r) => [{ text: r.label, fontSize: 8.5 }, { text: r.value, alignment: 'right', fontSize: 8.5, noWrap: true }]) },
              layout: { hLineWidth: () => 0.3, vLineWidth: () => 0, hLineColor: () => '#bbbbbb' },
              margin: [0, 0, 0, 4],
            },
          ]
        : []),
    ]),
  ];
}

function addressBlock(m: LetterModel, t: LetterTexts, w: AddressWindow): Node {
  const lines = m.recipient.delivery === 'print' ? m.recipient.lines : [m.client.name, t.manualDelivery];
  return {
    absolutePosition: { x: w.leftMm * MM, y: w.topMm * MM },
    table: { widths: [w.widthMm * MM - 4], heights: [w.heightMm * MM - 4], body: [[{ text: lines.join('\n'), fontSize: 10.5, lineHeight: 1.1 }]] },
    layout: 'noBorders',
  };
}

function reviewPage(m: LetterModel, t: LetterTexts): Node[] {
  const r = t.review;
  const address = `${m.review.name}, ${m.review.street}, ${m.review.postalCode} ${m.review.city}`;
  return [
    { text: r.title, style: 'h1', pageBreak: 'before', margin: [0, 0, 0, 8] },
    { text: r.intro, margin: [0, 0, 0, 6] },
    section(r.whoTitle, [r.who]),
    section(r.periodTitle, [fillText(r.period, { days: m.appealDays })]),
    section(r.bodyTitle, [
      ...(m.kind === 'fee' && r.feeBody ? [{ text: r.feeBody, margin: [0, 0, 0, 3] }] : []),
      fillText(r.body, { body: m.review.name }),
      fillText(r.address, { address }),
      fillText(r.email, { email: m.review.email }),
      { text: fillText(r.officeHours, { closes: m.review.closes }), margin: [0, 4, 0, 0] },
    ]),
    section(r.contentTitle, [r.content]),
    section(r.lawTitle, [m.kind === 'fee' ? r.basisFee : r.basisService]),
  ];
}

export interface LetterLayout {
  window: AddressWindow;
  /** The logo as SVG markup. */
  logoSvg: string;
}

export function letterDocument(m: LetterModel, t: LetterTexts, layout: LetterLayout): Record<string, unknown> {
  const title = m.correctsNumber ? t.correctionTitle : t.documentTitle;
  const heading = m.kind === 'fee' ? t.kindTitle.fee : `${t.kindTitle[m.kind]}: ${t.outcomeTitle[m.outcome]}`;
  // A fee decision grants nothing: it sets the fee (asiakasmaksulaki 2 b §), shown in the fee section below.
  // Only an application is "Hakemus": a concern report, a hospital's contact or a service request is worded as such.
  const application = !m.intakeType || m.intakeType === 'application';
  const outcome =
    m.kind === 'fee' && t.feeDecisionText
      ? t.feeDecisionText
      : ((!application && t.outcomeTextNoApplication?.[m.outcome]) || t.outcomeText[m.outcome]);
  const draft = m.draft && t.draft ? t.draft : null;
  const number = draft ? draft.number : m.number;
  const decisionText: Node[] = [{ text: outcome, margin: [0, 0, 0, 4] }];
  const table = servicesTable(m, t);
  if (table) decisionText.push(table);
  if (m.arrangeBy && m.outcome !== 'refusal' && m.outcome !== 'termination') decisionText.push({ text: fillText(t.arrangeBy, { date: formatDateFi(m.arrangeBy) }), margin: [0, 0, 0, 4] });

  const facts: Node[][] = [
    [{ text: t.client, style: 'label' }, m.client.name],
    [{ text: t.hetu, style: 'label' }, m.client.hetu],
  ];
  const matter =
    (m.intakeType && t.matter?.[m.intakeType]) || (m.kind === 'fee' && t.feeService ? { title: t.feeService, on: t.appliedOn } : { title: t.application, on: t.appliedOn });
  if (m.appliedService) facts.push([{ text: matter.title, style: 'label' }, m.appliedOn ? `${m.appliedService}, ${fillText(matter.on, { date: formatDateFi(m.appliedOn) })}` : m.appliedService]);

  const content: Node[] = [
    { text: '', margin: [0, BODY_START_PAGE1 - TOP, 0, 0] },
    addressBlock(m, t, layout.window),
    { text: heading, style: 'h1', margin: [0, 0, 0, 6] },
    ...(m.correctsNumber ? [{ text: fillText(t.correctionText, { number: m.correctsNumber }), bold: true, margin: [0, 0, 0, 6] }] : []),
    { table: { widths: [95, '*'], body: facts }, layout: 'noBorders', margin: [0, 0, 0, 6] },
    section(t.decision, decisionText),
    ...feeSection(m, t),
    section(t.reasoning, paragraphs(m.reasoning)),
    section(t.legalBasis, [m.legalBasis]),
    section(t.decisionMaker, [
      { text: m.decisionMaker?.name ?? '', bold: true },
      jobTitle(m.decisionMaker?.title ?? '', m.language),
      draft ? { text: draft.notSigned, bold: true, color: '#a00000' } : { text: fillText(t.signedElectronically, { date: formatDateFi(m.decidedOn) }), color: MUTED },
    ]),
    section(t.moreInfo, [fillText(t.moreInfoText, { name: m.contactPerson.name, phone: m.contactPerson.phone })]),
    ...reviewPage(m, t),
  ];

  return {
    pageSize: 'A4',
    pageMargins: [MARGIN_X, TOP, MARGIN_X, 22 * MM],
    header: (page: number, pages: number) => ({
      margin: [MARGIN_X, 12 * MM, MARGIN_X, 0],
      columns: [
        page === 1
          ? {
              width: '*',
              columns: [
                { svg: layout.logoSvg, width: 34, height: 34 },
                { stack: [{ text: m.sender.countyName, bold: true, fontSize: 11, color: ACCENT }, { text: m.sender.unitName, fontSize: 9, color: MUTED }], margin: [8, 3, 0, 0] },
              ],
            }
          : { width: '*', text: m.sender.countyName, fontSize: 9, color: MUTED },
        {
          width: 200,
          stack: [
            { columns: [{ text: title, bold: true, fontSize: 11 }, { text: fillText(t.page, { page, pages }), alignment: 'right', fontSize: 9 }] },
            ...(draft ? [{ text: draft.mark, bold: true, fontSize: 11, color: '#a00000' }] : []),
            { text: `${t.number} ${number}`, fontSize: 9 },
            // A draft is not decided yet: no decision date (the preview would otherwise print today's).
            { text: `${t.date} ${draft ? draft.date : formatDateFi(m.decidedOn)}`, fontSize: 9 },
          ],
        },
      ],
    }),
    footer: () => ({
      margin: [MARGIN_X, 8 * MM, MARGIN_X, 0],
      text: fillText(t.footer, { county: m.sender.countyName, street: m.sender.street, postalCode: m.sender.postalCode, city: m.sender.city, phone: m.sender.phone, web: m.sender.web }),
      fontSize: 7.5,
      color: MUTED,
      alignment: 'center',
    }),
    ...(draft ? { watermark: { text: draft.mark, color: '#b00000', opacity: 0.15, bold: true, fontSize: 110 } } : {}),
    content,
    defaultStyle: { fontSize: 10, lineHeight: 1.15, color: INK },
    styles: {
      h1: { fontSize: 13, bold: true, color: ACCENT },
      h2: { fontSize: 10.5, bold: true, margin: [0, 2, 0, 3] },
      th: { bold: true, fontSize: 9 },
      label: { color: MUTED },
    },
  };
}
