// Finvoice 3.0 messages (Finanssiala's e-invoice format) for approved or draft invoices. A transmission file
// holds the messages one after another, each preceded by its SOAP/ebXML routing envelope, as banks and
// operators take them in. Each Finvoice element validates against the official schema (Finvoice3.0.xsd).
// Client fees are outside the scope of VAT (arvonlisäverolaki 37 §), so every row carries VAT 0 % with code E.
import type { BillingSettings } from '../../../shared/contract/billing-schemas';
import { formatDecimalComma } from '../../../shared/domain/letters';
import type { InvoiceFull } from './queries';
import { monthlyFeeRow, monthlyFinvoiceQuantity } from '../../../shared/domain/fees/invoice-rows';

export interface Seller {
  nameFi: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  web: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Trims to the schema's maximum length and pads a too-short value (2-character minimum fields). */
function fit(s: string, max: number, min = 0): string {
  const t = s.replace(/\s+/g, ' ').trim().slice(0, max);
  return t.length >= min ? t : t.padEnd(min, '-');
}

function date(iso: string): string {
  return iso.replace(/-/g, '');
}

function quantity(q: number): string {
  return String(Math.round(q * 100) / 100).replace('.', ',');
}

function el(name: string, value: string, attrs = ''): string {
  return `<${name}${attrs}>${esc(value)}</${name}>`;
}

const EUR = ' AmountCurrencyIdentifier="EUR"';
const CCYYMMDD = ' Format="CCYYMMDD"';

function addressLines(lines: readonly string[]): { street: string; postCode: string; town: string } | null {
  // Recipient lines: name, [c/o], street, "00100 HELSINKI".
  if (lines.length < 3) return null;
  const last = lines[lines.length - 1]!;
  const m = /^(\d{5})\s+(.+)$/.exec(last);
  if (!m) return null;
  return { street: lines.slice(1, -1).join(', '), postCode: m[1]!, town: m[2]! };
}

/**
 * Where a message goes: an e-invoice to the client's own e-invoice address at their bank; a paper invoice to
 * the operator's print service (TULOSTUS) through the county's own intermediator.
 */
export function receiverOf(inv: InvoiceFull, settings: BillingSettings): { to: string; intermediator: string } {
  if (inv.delivery === 'einvoice' && inv.einvoice) return { to: inv.einvoice.address, intermediator: inv.einvoice.intermediator };
  if (inv.delivery === 'paper') return { to: 'TULOSTUS', intermediator: settings.finvoiceIntermediator };
  throw new Error(`Laskua ${inv.number} ei voi lähettää Finvoicena: se toimitetaan käsin.`);
}

export function finvoiceMessage(inv: InvoiceFull, settings: BillingSettings, seller: Seller, timestamp: string): string {
  const receiver = receiverOf(inv, settings);
  const credit = inv.kind === 'credit_note';
  const ytunnus = settings.businessId;
  const vatCode = `FI${ytunnus.replace('-', '')}`;
  const addr = addressLines(inv.recipient);
  const sv = inv.language === 'sv';
  const first = inv.lines.reduce((m, l) => (l.periodFrom < m ? l.periodFrom : m), inv.lines[0]?.periodFrom ?? `${inv.month}-01`);
  const last = inv.lines.reduce((m, l) => (l.periodTo > m ? l.periodTo : m), inv.lines[0]?.periodTo ?? `${inv.month}-28`);
  const rows = inv.lines
    .map((l) => {
      // A monthly fee is a month at the monthly fee (the share of the month when only part of it is charged), never
      // "days × the monthly fee"; the row's text says the days and the prorated amount (shared/domain/fees/invoice-rows.ts).
      const m = monthlyFeeRow(l);
      const qty = m
        ? el('InvoicedQuantity', monthlyFinvoiceQuantity(m), ` QuantityUnitCode="${sv ? 'mån' : 'kk'}"`)
        : el('InvoicedQuantity', quantity(l.quantity), ` QuantityUnitCode="${esc(fit(l.unit, 14))}"`);
      const price = m
        ? el('UnitPriceAmount', formatDecimalComma(m.monthlyCents), `${EUR} UnitPriceUnitCode="${sv ? '€/mån' : '€/kk'}"`)
        : el('UnitPriceAmount', formatDecimalComma(l.unitPriceCents), EUR);
      // The article name holds 100 characters; a longer explanation follows in full as the row's free text.
      const longText = l.description.replace(/\s+/g, ' ').trim().length > 100 ? el('RowFreeText', fit(l.description, 512)) : '';
      return (
        `<InvoiceRow>${el('ArticleName', fit(l.description, 100))}${qty}` +
        `${el('StartDate', date(l.periodFrom), CCYYMMDD)}${el('EndDate', date(l.periodTo), CCYYMMDD)}` +
        `${price}${longText}` +
        `${l.countsToCeiling ? el('RowFreeText', sv ? 'Avgiften räknas in i avgiftstaket.' : 'Maksu kerryttää maksukattoa.') : ''}` +
        `${el('RowVatRatePercent', '0')}${el('RowVatCode', 'E')}${el('RowVatAmount', '0,00', EUR)}` +
        `${el('RowVatExcludedAmount', formatDecimalComma(l.amountCents), EUR)}${el('RowAmount', formatDecimalComma(l.amountCents), EUR)}</InvoiceRow>`
      );
    })
    .join('');
  const freeText = credit
    ? `Hyvityslasku laskulle ${inv.creditsNumber}.`
    : `Asiakasmaksut ${Number(inv.month.slice(5))}/${inv.month.slice(0, 4)}. Tiedustelut ${settings.contactPhone}, ${settings.contactEmail}.`;
  return (
    `<Finvoice Version="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Finvoice3.0.xsd">` +
    `<MessageTransmissionDetails><MessageSenderDetails>${el('FromIdentifier', settings.finvoiceAddress)}${el('FromIntermediator', settings.finvoiceIntermediator)}</MessageSenderDetails>` +
    `<MessageReceiverDetails>${el('ToIdentifier', receiver.to)}${el('ToIntermediator', receiver.intermediator)}</MessageReceiverDetails>` +
    `<MessageDetails>${el('MessageIdentifier', `${ytunnus}-${inv.number}`)}${el('MessageTimeStamp', timestamp)}</MessageDetails></MessageTransmissionDetails>` +
    `<SellerPartyDetails>${el('SellerPartyIdentifier', ytunnus)}${el('SellerOrganisationName', fit(seller.nameFi, 70, 2))}${el('SellerOrganisationTaxCode', vatCode)}` +
    `<SellerPostalAddressDetails>${el('SellerStreetName', fit(seller.street, 35, 2))}${el('SellerTownName', fit(seller.city, 35, 2))}${el('SellerPostCodeIdentifier', seller.postalCode)}${el('CountryCode', 'FI')}</SellerPostalAddressDetails></SellerPartyDetails>` +
    `<SellerInformationDetails>${el('SellerPhoneNumber', fit(settings.contactPhone, 35))}${el('SellerCommonEmailaddressIdentifier', fit(settings.contactEmail, 70))}${el('SellerWebaddressIdentifier', fit(seller.web, 70))}` +
    `<SellerAccountDetails>${el('SellerAccountID', settings.iban, ' IdentificationSchemeName="IBAN"')}${el('SellerBic', settings.bic, ' IdentificationSchemeName="BIC"')}</SellerAccountDetails></SellerInformationDetails>` +
    `<BuyerPartyDetails>${el('BuyerOrganisationName', fit(inv.clientName, 70, 2))}` +
    (addr
      ? `<BuyerPostalAddressDetails>${el('BuyerStreetName', fit(addr.street, 35, 2))}${el('BuyerTownName', fit(addr.town, 35, 2))}${el('BuyerPostCodeIdentifier', addr.postCode)}${el('CountryCode', 'FI')}</BuyerPostalAddressDetails>`
      : '') +
    `</BuyerPartyDetails>` +
    `<InvoiceDetails>${el('InvoiceTypeCode', credit ? 'INV02' : 'INV01')}${el('InvoiceTypeText', credit ? (sv ? 'KREDITNOTA' : 'HYVITYSLASKU') : sv ? 'FAKTURA' : 'LASKU')}${el('OriginCode', 'Original')}` +
    `${el('InvoiceNumber', String(inv.number))}${el('InvoiceDate', date(inv.invoiceDate), CCYYMMDD)}` +
    (credit && inv.creditsNumber !== null ? el('OriginalInvoiceNumber', String(inv.creditsNumber)) : '') +
    `${el('InvoicingPeriodStartDate', date(first), CCYYMMDD)}${el('InvoicingPeriodEndDate', date(last), CCYYMMDD)}` +
    `${el('SellerReferenceIdentifier', inv.reference)}` +
    `${el('InvoiceTotalVatExcludedAmount', formatDecimalComma(inv.totalCents), EUR)}${el('InvoiceTotalVatAmount', '0,00', EUR)}${el('InvoiceTotalVatIncludedAmount', formatDecimalComma(inv.totalCents), EUR)}` +
    `<VatSpecificationDetails>${el('VatBaseAmount', formatDecimalComma(inv.totalCents), EUR)}${el('VatRatePercent', '0')}${el('VatCode', 'E')}${el('VatRateAmount', '0,00', EUR)}${el('VatFreeText', 'Ei arvonlisäveroa (AVL 37 §)')}</VatSpecificationDetails>` +
    `${el('InvoiceFreeText', fit(freeText, 512))}` +
    `<PaymentTermsDetails>${el('PaymentTermsFreeText', `${settings.dueDays} pv netto`)}${el('InvoiceDueDate', date(inv.dueDate), CCYYMMDD)}</PaymentTermsDetails>` +
    `</InvoiceDetails>` +
    (inv.barcode ? el('VirtualBankBarcode', inv.barcode) : '') +
    rows +
    `<EpiDetails><EpiIdentificationDetails>${el('EpiDate', date(inv.invoiceDate), CCYYMMDD)}${el('EpiReference', '0')}</EpiIdentificationDetails>` +
    `<EpiPartyDetails><EpiBfiPartyDetails>${el('EpiBfiIdentifier', settings.bic, ' IdentificationSchemeName="BIC"')}</EpiBfiPartyDetails>` +
    `<EpiBeneficiaryPartyDetails>${el('EpiNameAddressDetails', fit(seller.nameFi, 35, 2))}${el('EpiBei', ytunnus)}${el('EpiAccountID', settings.iban, ' IdentificationSchemeName="IBAN"')}</EpiBeneficiaryPartyDetails></EpiPartyDetails>` +
    `<EpiPaymentInstructionDetails>${el('EpiRemittanceInfoIdentifier', inv.reference, ' IdentificationSchemeName="SPY"')}${el('EpiInstructedAmount', formatDecimalComma(inv.totalCents), EUR)}` +
    `${el('EpiCharge', 'SLEV', ' ChargeOption="SLEV"')}${el('EpiDateOptionDate', date(inv.dueDate), CCYYMMDD)}</EpiPaymentInstructionDetails></EpiDetails>` +
    `</Finvoice>`
  );
}

/** The SOAP/ebXML envelope that routes one Finvoice message. */
export function soapEnvelope(inv: InvoiceFull, settings: BillingSettings, timestamp: string): string {
  const id = `${settings.businessId}-${inv.number}`;
  const receiver = receiverOf(inv, settings);
  return (
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:eb="http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd">` +
    `<SOAP-ENV:Header><eb:MessageHeader SOAP-ENV:mustUnderstand="1" eb:version="2.0">` +
    `<eb:From><eb:PartyId>${esc(settings.finvoiceAddress)}</eb:PartyId><eb:Role>Sender</eb:Role></eb:From>` +
    `<eb:From><eb:PartyId>${esc(settings.finvoiceIntermediator)}</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:From>` +
    `<eb:To><eb:PartyId>${esc(receiver.to)}</eb:PartyId><eb:Role>Receiver</eb:Role></eb:To>` +
    `<eb:To><eb:PartyId>${esc(receiver.intermediator)}</eb:PartyId><eb:Role>Intermediator</eb:Role></eb:To>` +
    `<eb:CPAId>yoursandmycpa</eb:CPAId><eb:ConversationId>${esc(id)}</eb:ConversationId><eb:Service>Routing</eb:Service><eb:Action>ProcessInvoice</eb:Action>` +
    `<eb:MessageData><eb:MessageId>${esc(id)}</eb:MessageId><eb:Timestamp>${esc(timestamp)}</eb:Timestamp></eb:MessageData></eb:MessageHeader></SOAP-ENV:Header>` +
    `<SOAP-ENV:Body><eb:Manifest eb:id="Manifest" eb:version="2.0"><eb:Reference eb:id="Finvoice" xlink:href="${esc(id)}" xmlns:xlink="http://www.w3.org/1999/xlink">` +
    `<eb:Schema eb:location="http://www.finvoice.info/finvoice.xsd" eb:version="3.0"/></eb:Reference></eb:Manifest></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}
