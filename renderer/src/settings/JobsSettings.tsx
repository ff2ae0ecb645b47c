// Asetukset › Taustatyöt: the durable jobs of this workstation that the user's role may see (letter batches,
// invoice runs, Suomi.fi sending and events, …): each with its kind in words, state, progress, who asked for it
// and when, and its failure in words; a job can be cancelled or run again where its kind allows. Follows the
// jobs' progress events; below, which roles each kind of job allows.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import { formatDateTime } from '../../../shared/messages';
import { ROLE_NAMES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { errorText } from '../guidance/common';
import type { Lang } from '../i18n';

type Job = OutputOf<'jobs.list'>[number];
type Kind = OutputOf<'jobs.kinds'>[number];

export function JobsSettings() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'sv' ? 'sv' : 'fi') as Lang;
  const { notify } = useApp();
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [active, setActive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const known = useRef(new Set<string>());

  const load = useCallback(() => {
    client.invoke('jobs.list', active ? { active: true } : {}).then(
      (rows) => {
        known.current = new Set(rows.map((r) => `${r.id}:${r.status}`));
        setJobs(rows);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t('errors.generic'))),
    );
  }, [active, t]);
  useEffect(load, [load]);
  useEffect(() => {
    client.invoke('jobs.kinds', {}).then(setKinds, () => setKinds([]));
  }, []);
  // Progress updates the row in place; a new job or a change of state reads the list again (at most twice a second).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = client.on('jobs.progress', (p) => {
      setJobs((rows) => rows && rows.map((r) => (r.id === p.id ? { ...r, ...p } : r)));
      if (!known.current.has(`${p.id}:${p.status}`) && !timer)
        timer = setTimeout(() => {
          timer = null;
          load();
        }, 500);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [load]);

  const steer = async (channel: 'jobs.cancel' | 'jobs.retry', job: Job) => {
    try {
      await client.invoke(channel, { jobId: job.id });
      notify(channel === 'jobs.cancel' ? t('jobs.cancelled') : t('jobs.retried'), 'info');
      load();
    } catch (e) {
      notify(errorText(e, t('errors.generic')), 'error');
    }
  };

  const kindName = (kind: string) => t(`jobs.kinds.${kind}`, { defaultValue: kind });
  const state = (j: Job) => {
    if (j.status === 'pending' && j.nextRunAt === null && j.hasError) return t('jobs.states.waiting');
    if (j.status === 'pending' && j.nextRunAt && j.attempts > 0) return t('jobs.states.retryAt', { at: formatDateTime(j.nextRunAt, lang) });
    if (j.status === 'running' && j.cancelRequested) return t('jobs.states.cancelling');
    return t(`jobs.states.${j.status}`);
  };
  const progress = (j: Job) => {
    if (j.total === null || j.done === null) return '';
    const phase = j.phase ? t(`jobs.phases.${j.phase}`, { defaultValue: j.phase }) : '';
    return `${j.done.toLocaleString('fi-FI')} / ${j.total.toLocaleString('fi-FI')}${phase ? ` · ${phase}` : ''}`;
  };

  return (
    <div className="settings jobs-settings" data-testid="jobs-settings">
      <h2>{t('jobs.title')}</h2>
      <p className="muted">{t('jobs.intro')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('jobs.onlyActive')}
      </label>
      {error && <p className="error">{error}</p>}
      {jobs && jobs.length === 0 && <p className="muted empty">{t('jobs.none')}</p>}
      {jobs && jobs.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" data-testid="jobs">
            <thead>
              <tr>
                <th>{t('jobs.kind')}</th>
                <th>{t('jobs.state')}</th>
                <th>{t('jobs.progress')}</th>
                <th>{t('jobs.createdBy')}</th>
                <th>{t('jobs.createdAt')}</th>
                <th>{t('jobs.error')}</th>
                <th>
                  <span className="visually-hidden">{t('jobs.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} data-job={j.id} data-kind={j.kind} data-status={j.status}>
                  <td>{kindName(j.kind)}</td>
                  <td>
                    {state(j)}
                    {j.attempts > 1 && <div className="muted small">{t('jobs.attempts', { n: j.attempts, max: j.maxAttempts })}</div>}
                  </td>
                  <td>
                    {j.status === 'running' && j.total ? <progress max={j.total} value={j.done ?? 0} /> : null} {progress(j)}
                  </td>
                  <td>{j.createdByName ?? t('jobs.system')}</td>
                  <td>{formatDateTime(j.createdAt, lang)}</td>
                  <td className={j.error && j.status !== 'completed' ? 'error small' : 'small'}>{j.status === 'completed' ? '' : (j.error ?? '')}</td>
                  <td className="actions">
                    {j.canCancel && <button onClick={() => void steer('jobs.cancel', j)}>{t('jobs.cancel')}</button>}
                    {j.canRetry && <button onClick={() => void steer('jobs.retry', j)}>{t('jobs.retry')}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {kinds.length > 0 && (
        <>
          <h3>{t('jobs.rolesTitle')}</h3>
          <table className="data-table" data-testid="job-kinds">
            <thead>
              <tr>
                <th>{t('jobs.kind')}</th>
                <th>{t('jobs.roles')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((k) => (
                <tr key={k.kind}>
                  <td>{kindName(k.kind)}</td>
                  <td>
                    {k.roles.map((r) => ROLE_NAMES[r][lang]).join(', ')}
                    {!k.cancellable && <span className="muted"> · {t('jobs.notCancellable')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
