// A sending batch's progress as it arrives in 'letters.progress' events: letters made of all, the packaging
// phase and the time left. Used by the secretary's batch list and by billing's mass decisions.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract/channels';
import type { BatchProgress } from '../../../shared/contract/letter-schemas';
import { client } from '../api/client';

type Batch = OutputOf<'letters.batches'>[number];
type Progress = BatchProgress;

/** Time left as the progress line shows it. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/**
 * The latest progress event; `onFinished(batchId)` runs when a batch's job has ended (completed, failed or
 * cancelled), e.g. to read the lists again. The job's end, not the batch's last progress event: the batch counts
 * as running until its job has ended.
 */
export function useBatchProgress(onFinished: (batchId: string) => void): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    const offProgress = client.on('letters.progress', setProgress);
    const offJobs = client.on('jobs.progress', (p) => {
      if (p.kind !== 'letters.batch' || !ENDED.has(p.status) || !p.subject?.startsWith('send_batch:')) return;
      setProgress(null);
      onFinished(p.subject.slice('send_batch:'.length));
    });
    return () => {
      offProgress();
      offJobs();
    };
  }, [onFinished]);
  return progress;
}

export function BatchProgressPanel({ batch, progress, label, testId, children }: { batch: Batch; progress: Progress | null; label?: string; testId: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const active = progress && progress.batchId === batch.id ? progress : null;
  const done = active?.done ?? batch.done + batch.manual + batch.failed;
  const total = active?.total ?? batch.total;
  return (
    <div className="progress-panel" role="status" data-testid={testId}>
      <progress max={total} value={done} />
      <span>
        {label ? `${label}: ` : ''}
        {active?.phase === 'package' ? t('l.packaging') : active?.phase === 'sending' ? t('l.sendingSuomifi', { sent: active.sent }) : t('l.progress', { done, total })}
        {active?.phase === 'letters' && active.sent > 0 ? ` · ${t('l.sentSuomifi', { sent: active.sent })}` : ''}
        {active?.secondsLeft != null && active.phase === 'letters' ? ` · ${t('l.timeLeft', { time: duration(active.secondsLeft) })}` : ''}
      </span>
      {children}
    </div>
  );
}
