// Jono: the intake queue, and beside it the granted services still waiting to start (overdue ones counted on the tab).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARRANGE_READ_ROLES } from '../../../shared/roles';
import { client } from '../api/client';
import { useApp } from '../shell/bootstrap';
import { QueueView } from '../queue/QueueView';
import { AwaitingStartView } from './AwaitingStartView';

export function QueueSection() {
  const { t } = useTranslation();
  const { user } = useApp();
  const [tab, setTab] = useState<'items' | 'awaiting'>('items');
  const [overdue, setOverdue] = useState<number | null>(null);
  const mayArrange = ARRANGE_READ_ROLES.includes(user.role);
  useEffect(() => {
    if (!mayArrange) return;
    client.invoke('arrangement.awaiting', { areaId: null, workerId: null, overdueOnly: true }).then(
      (r) => setOverdue(r.overdue),
      () => setOverdue(null),
    );
  }, [mayArrange, tab]);
  if (!mayArrange) return <QueueView />;
  return (
    <div className="queue-section">
      <div className="tabs section-tabs" role="tablist" aria-label={t('nav.queue')}>
        <button role="tab" aria-selected={tab === 'items'} className={tab === 'items' ? 'tab active' : 'tab'} onClick={() => setTab('items')}>
          {t('queue.title')}
        </button>
        <button role="tab" aria-selected={tab === 'awaiting'} className={tab === 'awaiting' ? 'tab active' : 'tab'} onClick={() => setTab('awaiting')}>
          {t('arr.queueTab')}
          {overdue !== null && overdue > 0 && <span className="badge urgent">{t('arr.overdueCount', { count: overdue })}</span>}
        </button>
      </div>
      {tab === 'items' ? <QueueView /> : <AwaitingStartView />}
    </div>
  );
}
