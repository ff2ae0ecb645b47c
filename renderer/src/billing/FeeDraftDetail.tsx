// Laskutus › Maksupäätökset › one draft old against new: what changed in words (the reason with its date and the
// change of the monthly fee, each input or rule that changed), and both calculations step by step side by side,
// the steps that differ marked. The texts come from the core by key and are worded by the fi/sv catalogues.
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import type { Message } from '../../../shared/messages';
import { fi } from '../guidance/common';
import { word } from '../i18n/messages';
import { euros } from './format';

type FeeRow = OutputOf<'fees.decisions'>[number];
type Step = NonNullable<FeeRow['explanation']>['steps'][number];

/** The draft's changes in the user's language, one per item. */
export function changeTexts(row: FeeRow, lang: 'fi' | 'sv'): string[] {
  return row.changes.map((m) => word(m as Message, lang));
}

function value(s: Step | undefined): string {
  if (!s) return '–';
  if (s.cents !== undefined) return euros(s.cents);
  if (s.percent !== undefined) return `${String(s.percent).replace('.', ',')} %`;
  return s.number !== undefined ? String(s.number).replace('.', ',') : '–';
}

export function FeeDraftDetail({ row, onClose }: { row: FeeRow; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'sv' ? 'sv' : 'fi';
  const before = row.previousExplanation?.steps ?? [];
  const after = row.explanation?.steps ?? [];
  const keys = [...new Set([...before.map((s) => s.key), ...after.map((s) => s.key)])];
  const texts = changeTexts(row, lang);
  return (
    <aside className="detail-panel fee-draft-detail" data-testid="fee-draft-detail" aria-label={t('b.draftDetail')}>
      <div className="detail-head">
        <h2>
          {row.clientName} · {t(`b.feeTypes.${row.feeType}`)}
        </h2>
        <button className="link" onClick={onClose} aria-label={t('b.closeDetail')}>
          ×
        </button>
      </div>
      <p className="small muted">
        {t('b.validFrom')} {fi(row.validFrom)} · {t(`b.reasons.${row.reason}`)}
      </p>
      <h3>{t('b.whatChanged')}</h3>
      <ul className="changes" data-testid="fee-draft-changes">
        {texts.map((x, i) => (
          <li key={i} className={i === 0 ? 'headline' : ''}>
            {x}
          </li>
        ))}
      </ul>
      <table className="data-table small" aria-label={t('b.oldVsNew')} data-testid="fee-draft-steps">
        <thead>
          <tr>
            <th>{t('b.step')}</th>
            <th className="num">{t('b.oldFee')}</th>
            <th className="num">{t('b.newFee')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const o = before.find((s) => s.key === k);
            const n = after.find((s) => s.key === k);
            const differs = value(o) !== value(n) && row.previousExplanation !== null;
            return (
              <tr key={k} className={differs ? 'changed' : ''}>
                <td>{t(`b.stepNames.${k}`, { defaultValue: k })}</td>
                <td className="num nowrap">{row.previousExplanation ? value(o) : '–'}</td>
                <td className="num nowrap">{row.ends ? '–' : value(n)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </aside>
  );
}
