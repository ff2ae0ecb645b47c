// Asiakaskortti › Palvelut: the client's granted services, each with its decision, when it must be arranged by, and
// when it actually started and ended (or that it did not start), with the recording actions.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArrangementLineDto } from '../../../shared/contract/arrangement-schemas';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import type { Lang } from '../i18n';
import { daysBetween } from '../../../shared/domain/dates';
import { fi, useFailNotice } from '../guidance/common';
import { ArrangementActions } from './ArrangementActions';
import { ArrangementState } from './ArrangementState';

export function ClientServicesTab({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { openDecision } = useApp();
  const fail = useFailNotice();
  const [lines, setLines] = useState<ArrangementLineDto[] | null>(null);
  const load = useCallback(() => {
    client.invoke('arrangement.client', { clientId }).then(setLines, fail);
  }, [clientId, fail]);
  useEffect(load, [load]);
  if (!lines) return <div className="loading">…</div>;
  if (lines.length === 0) return <p className="muted">{t('arr.none')}</p>;
  return (
    <div className="client-services" data-testid="client-services">
      <h2>{t('arr.title')}</h2>
      <p className="muted small">{t('arr.feeNote')}</p>
      <ul className="service-lines">
        {lines.map((l) => (
          <li key={l.lineId} className={`service-line state-${l.state}`}>
            <div className="service-line-head">
              <strong>{lang === 'sv' ? l.serviceNameSv : l.serviceNameFi}</strong>
              {l.amount !== null && <span> · {l.amount}</span>}
              <ArrangementState state={l.state} />
              <span className="muted">
                {' '}
                ·{' '}
                <button className="link" onClick={() => openDecision(l.decisionId)}>
                  {t('arr.col.decision')} {l.decisionNumber}
                </button>{' '}
                {fi(l.decidedOn)}
              </span>
            </div>
            <div className="small">
              {l.appliedOn && (
                <span>
                  {t('arr.col.applied')} {fi(l.appliedOn)} ·{' '}
                </span>
              )}
              {t('arr.col.plannedStart')} {fi(l.plannedStart)}
              {l.arrangeBy && <span> · {t('arr.arrangeBy', { date: fi(l.arrangeBy) })}</span>}
              {l.daysLate !== null && <strong className="bad"> · {t('arr.lateBy', { count: l.daysLate })}</strong>}
            </div>
            {l.startedOn && (
              <div className="small">
                {t('arr.startInfo', { date: fi(l.startedOn), source: t(`arr.source.${l.startSource}`) })}
                {l.startNoticeOn && `, ${t('arr.noticeInfo', { date: fi(l.startNoticeOn) })}`}
                {l.endedOn && ` · ${t('arr.endInfo', { date: fi(l.endedOn), reason: t(`arr.endReason.${l.endReason}`) })}`}
                {l.waitingDays !== null && ` · ${t('arr.col.waiting')} ${l.waitingDays}`}
              </div>
            )}
            {l.startedOn && l.arrangeBy && l.startedOn > l.arrangeBy && (
              <div className="small bad">{t('arr.startedLate', { count: daysBetween(l.arrangeBy, l.startedOn) })}</div>
            )}
            {l.notStartedOn && <div className="small">{t('arr.notStartedInfo', { date: fi(l.notStartedOn), reason: t(`arr.notStartedReason.${l.notStartedReason}`) })}</div>}
            {l.note && <div className="small muted">{l.note}</div>}
            <div className="small muted">
              {t('arr.col.responsible')}: {l.responsibleWorkerName ?? ''} {l.responsibleIsDrafter && t('arr.drafter')}
            </div>
            <ArrangementActions line={l} onChanged={(n) => setLines((ls) => ls?.map((x) => (x.lineId === n.lineId ? n : x)) ?? null)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
