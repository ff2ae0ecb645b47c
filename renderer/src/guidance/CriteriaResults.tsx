// The allocation criteria evaluated against an assessment: each service, each rule pass/fail with the values
// compared and the margin to the threshold.
import { useTranslation } from 'react-i18next';
import type { CriteriaResultDto } from '../../../shared/contract/guidance-schemas';
import { describeCondition } from '../../../shared/domain/criteria';
import type { Lang } from '../i18n';
import type { Catalogue } from './common';
import { fi } from './common';

export function CriteriaResults({ results, catalogue }: { results: CriteriaResultDto[]; catalogue: Catalogue | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const name = (code: string) => {
    const s = catalogue?.services.find((x) => x.code === code);
    return s ? (lang === 'sv' ? s.nameSv : s.nameFi) : code;
  };
  return (
    <div className="criteria" data-testid="criteria-results">
      {results.map((r) => (
        <details key={r.serviceCode} className={r.pass ? 'crit pass' : 'crit fail'} open={r.pass}>
          <summary>
            <span className={r.pass ? 'badge ok' : 'badge bad'}>{r.pass ? t('g.passes') : t('g.fails')}</span> <strong>{name(r.serviceCode)}</strong>
            {r.example && <span className="badge example">{t('g.example')}</span>}
          </summary>
          <table className="plain">
            <tbody>
              {r.rules.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.pass ? '✔' : '✘'}</td>
                  <td>{lang === 'sv' && rule.labelSv ? rule.labelSv : rule.labelFi}</td>
                  <td className="muted">
                    {rule.conditions
                      .map(
                        (c) =>
                          `${describeCondition(c, lang)}: ${t('g.value')} ${c.actual ?? t('g.missing')}${c.margin !== null ? `, ${t('g.margin')} ${c.margin > 0 ? '+' : ''}${c.margin}` : ''}`,
                      )
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {t('g.source')}: {r.source} · {t('g.validFrom')} {fi(r.validFrom)}
          </p>
        </details>
      ))}
    </div>
  );
}
