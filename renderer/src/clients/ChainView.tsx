// The client's service chain: assessments (with the reassessment deadline), the criteria against the latest,
// client plans and decisions with notification, review and arrange-by deadlines.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientChain } from '../../../shared/contract/guidance-schemas';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { CriteriaResults } from '../guidance/CriteriaResults';
import { fi, useCatalogue, useFailNotice } from '../guidance/common';
import { DecisionTable } from '../decisions/DecisionTable';

export function ChainView({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation();
  const { boot } = useApp();
  const fail = useFailNotice();
  const catalogue = useCatalogue();
  const [chain, setChain] = useState<ClientChain | null>(null);
  useEffect(() => {
    client.invoke('clients.chain', { clientId }).then(setChain, fail);
  }, [clientId, fail]);
  if (!chain) return <div className="loading">…</div>;
  const svc = (code: string) => {
    const s = catalogue?.services.find((x) => x.code === code);
    return s ? (i18n.language === 'sv' ? s.nameSv : s.nameFi) : code;
  };
  return (
    <div className="chain" data-testid="chain">
      {chain.multiProfessionalReview && <p className="warning">{t('g.multiReview')}</p>}
      {chain.grantedHomeCareHours !== null && <p>{t('g.grantedHours', { count: chain.grantedHomeCareHours })}</p>}
      <h2>{t('g.assessmentTitle')}</h2>
      {chain.reassessmentDue && (
        <p className={chain.reassessmentDue < boot.today ? 'warning' : ''}>
          {t('g.reassessmentDue')} {fi(chain.reassessmentDue)}
        </p>
      )}
      {chain.assessments.length === 0 ? (
        <p className="muted">{t('g.noneYet')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>{t('g.assessedOn')}</th>
              <th>{t('g.method')}</th>
              <th>MAPLe_5</th>
              <th>CPS</th>
              <th>ADLH</th>
              <th>IADLCH</th>
              <th>DRS</th>
              <th>CHESS</th>
              <th>{t('g.serviceLevel')}</th>
              <th>{t('g.worker')}</th>
            </tr>
          </thead>
          <tbody>
            {chain.assessments.map((a) => (
              <tr key={a.id}>
                <td>{fi(a.assessedOn)}</td>
                <td>{t(`g.methods.${a.method}`)}</td>
                <td>{a.maple5 ?? '–'}</td>
                <td>{a.cps ?? '–'}</td>
                <td>{a.adlh ?? '–'}</td>
                <td>{a.iadlch ?? '–'}</td>
                <td>{a.drs ?? '–'}</td>
                <td>{a.chess ?? '–'}</td>
                <td>
                  <span className={`level ${a.serviceLevel}`}>{t(`g.levels.${a.serviceLevel}`)}</span>
                </td>
                <td>{a.workerName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chain.criteria.length > 0 && (
        <>
          <h2>{t('g.criteriaTitle')}</h2>
          <CriteriaResults results={chain.criteria} catalogue={catalogue} />
        </>
      )}
      <h2>{t('g.planTitle')}</h2>
      {chain.plans.length === 0 ? (
        <p className="muted">{t('g.noneYet')}</p>
      ) : (
        chain.plans.map((p) => (
          <div key={p.id} className="card-box small">
            <strong>{fi(p.drawnUpOn)}</strong> · {p.workerName} · {t('g.reviewOn')} {fi(p.reviewOn)}
            <div>{p.goals}</div>
            <div className="muted">{p.plannedServices.map((s) => svc(s.serviceCode) + (s.amount !== null ? ` ${s.amount}` : '')).join(', ')}</div>
          </div>
        ))
      )}
      <h2>{t('g.decisions')}</h2>
      <DecisionTable rows={chain.decisions} />
    </div>
  );
}
