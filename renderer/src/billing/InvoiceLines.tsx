// An invoice's rows in the detail panel, in the user's language, as the printed invoice shows them: a monthly fee
// as a month ("1 kk" at "1 272,25 €/kk", a part of a month "19/30 pv"), other rows as quantity × unit price.
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { monthlyFeeRow, monthlyPriceText, monthlyQuantityText } from '../../../shared/domain/fees/invoice-rows';
import { euros } from './format';

type Line = OutputOf<'invoices.detail'>['lines'][number];

const UNITS_SV: Record<string, string> = { pv: 'd', vrk: 'dygn', kpl: 'st', ateria: 'måltid', kk: 'mån', käynti: 'besök' };

export function InvoiceLines({ lines }: { lines: Line[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  return (
    <table className="data-table invoice-lines" data-testid="invoice-lines" aria-label={t('b.invoiceLines')}>
      <thead>
        <tr>
          <th>{t('b.lineDescription')}</th>
          <th className="num">{t('b.lineQuantity')}</th>
          <th className="num">{t('b.lineUnitPrice')}</th>
          <th className="num">{t('b.lineAmount')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => {
          const m = monthlyFeeRow(l);
          const unit = lang === 'sv' ? (UNITS_SV[l.unit] ?? l.unit) : l.unit;
          return (
            <tr key={i}>
              <td>
                {lang === 'sv' ? l.descriptionSv : l.description}
                {l.countsToCeiling && ' *'}
              </td>
              <td className="num nowrap">{m ? monthlyQuantityText(m, lang) : `${String(Math.round(l.quantity * 100) / 100).replace('.', ',')} ${unit}`}</td>
              <td className="num nowrap">{m ? monthlyPriceText(m, lang) : euros(l.unitPriceCents)}</td>
              <td className="num nowrap">{euros(l.amountCents)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
