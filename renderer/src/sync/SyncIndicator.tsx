// The sync indicator in the status bar: online / offline (with the reason) / last sync / pending changes,
// conflicts and refused changes (which open the conflicts view), a progress bar while a copy runs, and a
// button to sync now.
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../shared/messages';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { syncTime, useSyncStatus } from './useSyncStatus';

export function SyncIndicator({ onOpenConflicts }: { onOpenConflicts: () => void }) {
  const { t, i18n } = useTranslation();
  const { boot } = useApp();
  const s = useSyncStatus();
  if (!s) return null;
  if (!s.configured) return <span data-testid="sync-indicator">{t('sync.local')}</span>;
  const cls = s.state === 'online' ? 'ok' : s.state === 'offline' ? 'bad' : '';
  const label = t(`sync.${s.state}`);
  const last = s.lastSyncAt ? t('sync.last', { time: syncTime(s.lastSyncAt, boot.today, i18n.language as Lang) }) : t('sync.never');
  return (
    <span className="sync-indicator" data-testid="sync-indicator" data-state={s.state} role="status">
      <span className={`sync-dot ${cls}`} aria-hidden />
      <span className={cls}>{label}</span>
      {s.state === 'offline' && s.error && (
        <span className="sync-error" title={s.error}>
          {s.error}
        </span>
      )}
      <span>{last}</span>
      {s.progress && (
        <span className="sync-progress">
          {t(`sync.phase.${s.progress.phase}`)}
          <progress max={Math.max(1, s.progress.total)} value={s.progress.done} />
          {t('sync.rows', { done: s.progress.done.toLocaleString('fi-FI'), total: s.progress.total.toLocaleString('fi-FI') })}
        </span>
      )}
      {s.pending > 0 && <span>{t('sync.pending', { count: s.pending })}</span>}
      {(s.conflicts > 0 || s.rejected > 0) && (
        <button className="link bad" onClick={onOpenConflicts}>
          {[s.conflicts > 0 ? t('sync.conflicts', { count: s.conflicts }) : null, s.rejected > 0 ? t('sync.rejected', { count: s.rejected }) : null].filter(Boolean).join(' · ')}
        </button>
      )}
      {s.state !== 'off' && (
        <button className="link" title={t('sync.now')} aria-label={t('sync.now')} onClick={() => void client.invoke('sync.now', {}).catch(() => undefined)}>
          ↻
        </button>
      )}
    </span>
  );
}
