// Conflicts of the sync: for each record changed both here and centrally, the differing fields side by side;
// the user keeps their own version, the central one, or picks field by field. Frozen records (signed
// decisions, sent letters, approved invoices) can only keep the central version. Below, the changes the
// central database refused, which a user reads and acknowledges.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConflictDto, SyncRejectDto } from '../../../shared/contract/sync-schemas';
import { client } from '../api/client';
import { errorText } from '../guidance/common';
import { useApp } from '../shell/bootstrap';
import i18next from 'i18next';
import { formatDateTime } from '../../../shared/messages';

/** When something happened, as d.m.yyyy klo hh.mm (kl. in Swedish), in Helsinki time. */
function when(iso: string) {
  return formatDateTime(iso, i18next.language === 'sv' ? 'sv' : 'fi');
}

export function ConflictsView({ onBack }: { onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const { notify } = useApp();
  const [data, setData] = useState<{ conflicts: SyncConflictDto[]; rejects: SyncRejectDto[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client.invoke('sync.conflicts', {}).then(setData, (e: unknown) => setError(errorText(e, t('errors.generic'))));
  }, [t]);
  useEffect(load, [load]);
  // New conflicts may arrive while the view is open.
  useEffect(() => {
    let counts = '';
    return client.on('sync.status', (s) => {
      const next = `${s.conflicts}/${s.rejected}`;
      if (counts && next !== counts) load();
      counts = next;
    });
  }, [load]);

  const label = (group: 'entities' | 'fields', key: string) => (i18n.exists(`sync.${group}.${key}`) ? t(`sync.${group}.${key}`) : key);
  const reason = (r: string) => {
    const code = r.startsWith('pull:') ? 'pull' : r;
    return i18n.exists(`sync.view.reasons.${code}`) ? t(`sync.view.reasons.${code}`) + (code === 'pull' ? `: ${r.slice(5).trim()}` : '') : r;
  };

  return (
    <section className="panel sync-conflicts" data-testid="sync-conflicts">
      <button className="link" onClick={onBack}>
        {t('sync.view.back')}
      </button>
      <h1>{t('sync.view.title')}</h1>
      {error && <p className="error">{error}</p>}
      {data && data.conflicts.length === 0 && <p className="muted">{t('sync.view.none')}</p>}
      {data && data.conflicts.length > 0 && <p className="muted">{t('sync.view.intro')}</p>}
      {data?.conflicts.map((c) => (
        <ConflictCard key={c.id} conflict={c} label={label} onResolved={() => { notify(t('sync.view.resolved')); load(); }} onError={setError} />
      ))}
      {data && data.rejects.length > 0 && (
        <>
          <h2>{t('sync.view.rejectsTitle')}</h2>
          <p className="muted">{t('sync.view.rejectsIntro')}</p>
          <table className="list">
            <thead>
              <tr>
                <th>{t('sync.view.at')}</th>
                <th>{t('sync.view.record')}</th>
                <th>{t('sync.view.subject')}</th>
                <th>{t('sync.view.reason')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.rejects.map((r) => (
                <tr key={r.id}>
                  <td>{when(r.at)}</td>
                  <td>{label('entities', r.entity)}</td>
                  <td>{r.subject ?? '—'}</td>
                  <td>{reason(r.reason)}</td>
                  <td>
                    <button
                      onClick={() =>
                        void client.invoke('sync.acknowledge', { id: r.id }).then(load, (e: unknown) => setError(errorText(e, t('errors.generic'))))
                      }
                    >
                      {t('sync.view.acknowledge')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ConflictCard({
  conflict: c,
  label,
  onResolved,
  onError,
}: {
  conflict: SyncConflictDto;
  label: (group: 'entities' | 'fields', key: string) => string;
  onResolved: () => void;
  onError: (m: string) => void;
}) {
  const { t } = useTranslation();
  const [pick, setPick] = useState<Record<string, 'mine' | 'theirs'>>({});
  const [busy, setBusy] = useState(false);
  const resolve = async (choice: 'mine' | 'theirs' | 'merge') => {
    setBusy(true);
    try {
      await client.invoke('sync.resolve', { id: c.id, choice, pick: choice === 'merge' ? pick : {} });
      onResolved();
    } catch (e) {
      onError(errorText(e, t('errors.generic')));
    } finally {
      setBusy(false);
    }
  };
  const canMerge = !c.frozen && !c.mineDeleted && !c.theirsDeleted && c.fields.length > 0;
  // A field the role may not see (a protected register address) is kept as the central version.
  const hasHidden = c.fields.some((f) => f.hidden);
  return (
    <div className="conflict-card" data-testid="conflict">
      <h3>
        {label('entities', c.entity)}
        {c.subject ? `: ${c.subject}` : ''} <span className="muted small">{t('sync.view.noticed')} {when(c.createdAt)}</span>
      </h3>
      {c.frozen && <p className="warn">{t('sync.view.frozen')}</p>}
      {c.mineDeleted && <p className="warn">{t('sync.view.mineDeleted')}</p>}
      {c.theirsDeleted && <p className="warn">{t('sync.view.theirsDeleted')}</p>}
      {c.fields.length > 0 && (
        <table className="list conflict-fields">
          <thead>
            <tr>
              <th>{t('sync.view.field')}</th>
              <th>{t('sync.view.mine')}</th>
              <th>{t('sync.view.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {c.fields.map((f) => {
              const chosen = pick[f.field] ?? 'theirs';
              return (
                <tr key={f.field}>
                  <td>{label('fields', f.field)}</td>
                  {(['mine', 'theirs'] as const).map((side) => (
                    <td key={side} className={chosen === side ? 'chosen' : ''}>
                      <label className="conflict-choice">
                        {canMerge && (
                          <input
                            type="radio"
                            name={`${c.id}-${f.field}`}
                            checked={chosen === side}
                            disabled={f.hidden && side === 'mine'}
                            onChange={() => setPick({ ...pick, [f.field]: side })}
                            aria-label={`${label('fields', f.field)}: ${t(`sync.view.${side}`)}`}
                          />
                        )}
                        <span>{f.hidden ? t('sync.view.hidden') : side === 'mine' ? f.mineText : f.theirsText}</span>
                      </label>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="actions">
        {!c.frozen && !hasHidden && (
          <button disabled={busy} onClick={() => void resolve('mine')}>
            {t('sync.view.keepMine')}
          </button>
        )}
        <button disabled={busy} onClick={() => void resolve('theirs')}>
          {t('sync.view.keepTheirs')}
        </button>
        {canMerge && (
          <button className="primary" disabled={busy} onClick={() => void resolve('merge')}>
            {t('sync.view.merge')}
          </button>
        )}
      </div>
    </div>
  );
}
