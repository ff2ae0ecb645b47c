// The client's other work, shown on the case page and asked about before a second assessment: open items with
// their workers, assessments of the last months, decisions in progress or recently made, and the responsible
// worker (omatyöntekijä). Two workers assessing the same person unknowingly is what this prevents.
import { useTranslation } from 'react-i18next';
import type { IntakeDetail } from '../../../shared/contract/guidance-schemas';
import { formatDateTime } from '../../../shared/messages';
import type { Lang } from '../i18n';
import { fi, servicesText } from './common';

type Related = NonNullable<IntakeDetail['related']>;

export const hasRelated = (r: Related) => r.openItems.length + r.recentAssessments.length + r.decisions.length > 0;

/** Whether to warn: someone else works on the client, or an assessment was made lately. */
export const relatedWarns = (r: Related, me: string) => r.recentAssessments.length > 0 || r.openItems.some((i) => i.workerName !== null && i.workerName !== me);

export function RelatedWork({
  related,
  compact,
  onOpenItem,
  onOpenDecision,
}: {
  related: Related;
  compact?: boolean;
  onOpenItem?: (id: string) => void;
  onOpenDecision?: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  return (
    <div className="related-work">
      <p>
        {t('g.responsibleWorker')}: <strong>{related.responsibleWorker?.name ?? t('card.none')}</strong>
      </p>
      {related.openItems.length > 0 && (
        <>
          <h3>{t('g.otherOpenItems', { count: related.openItems.length })}</h3>
          <ul>
            {related.openItems.map((i) => (
              <li key={i.id}>
                {onOpenItem && !compact ? (
                  <button className="link" onClick={() => onOpenItem(i.id)}>
                    {t(`type.${i.type}`)}
                  </button>
                ) : (
                  t(`type.${i.type}`)
                )}{' '}
                · {formatDateTime(i.receivedAt, lang)} · {t(`status.${i.status}`)} · {i.workerName ?? t('g.unassigned')}
              </li>
            ))}
          </ul>
        </>
      )}
      {related.recentAssessments.length > 0 && (
        <>
          <h3>{t('g.recentAssessments')}</h3>
          <ul>
            {related.recentAssessments.map((a) => (
              <li key={a.id}>
                {fi(a.assessedOn)} · {a.workerName} · <span className={`level ${a.serviceLevel}`}>{t(`g.levels.${a.serviceLevel}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {related.decisions.length > 0 && (
        <>
          <h3>{t('g.recentDecisions')}</h3>
          <ul>
            {related.decisions.map((d) => (
              <li key={d.id}>
                {onOpenDecision && !compact ? (
                  <button className="link" onClick={() => onOpenDecision(d.id)}>
                    {d.number ?? t(`d.statuses.${d.status}`)}
                  </button>
                ) : (
                  (d.number ?? t(`d.statuses.${d.status}`))
                )}{' '}
                · {t(`g.outcomes.${d.outcome}`)} · {servicesText(d.serviceItems, lang, t)} · {t(`d.statuses.${d.status}`)}
                {d.decidedOn && ` ${fi(d.decidedOn)}`} · {d.decisionMakerName ?? d.draftedByName}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
