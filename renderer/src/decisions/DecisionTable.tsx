// A compact list of decisions with their deadlines (client card chain, case view).
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { useApp } from '../shell/bootstrap';
import { fi, servicesText } from '../guidance/common';

type Row = OutputOf<'decisions.list'>[number];

export function DecisionTable({ rows }: { rows: Row[] }) {
  const { t, i18n } = useTranslation();
  const { openDecision, boot } = useApp();
  if (rows.length === 0) return <p className="muted">{t('g.noneYet')}</p>;
  return (
    <table className="list" aria-label={t('g.decisions')}>
      <thead>
        <tr>
          <th>{t('d.number')}</th>
          <th>{t('d.outcome')}</th>
          <th>{t('d.services')}</th>
          <th>{t('d.status')}</th>
          <th>{t('d.decidedOn')}</th>
          <th>{t('d.sentOn')}</th>
          <th>{t('d.appealLastDay')}</th>
          <th>{t('d.arrangeBy')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <button className="link" onClick={() => openDecision(r.id)}>
                {r.number ?? t(`d.statuses.${r.status}`)}
              </button>
            </td>
            <td>{t(`g.outcomes.${r.outcome}`)}</td>
            <td>{servicesText(r.serviceItems, i18n.language, t)}</td>
            <td>
              <span className={`badge st-${r.status}`}>{t(`d.statuses.${r.status}`)}</span>
            </td>
            <td>{fi(r.decidedOn)}</td>
            <td>{fi(r.sentOn)}</td>
            <td className={r.appealLastDay && r.appealLastDay >= boot.today ? 'due-running' : undefined}>{fi(r.appealLastDay)}</td>
            <td>{fi(r.arrangeBy)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
