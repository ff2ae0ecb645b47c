// The sync status as the core reports it: fetched once, then kept current by the core's 'sync.status' events.
import { useEffect, useState } from 'react';
import type { SyncStatusDto } from '../../../shared/contract/sync-schemas';
import { client } from '../api/client';
import { formatDateTime } from '../../../shared/messages/format';
import type { Lang } from '../../../shared/messages';

export function useSyncStatus(): SyncStatusDto | null {
  const [status, setStatus] = useState<SyncStatusDto | null>(null);
  useEffect(() => {
    let live = true;
    const off = client.on('sync.status', (s) => live && setStatus(s));
    client.invoke('sync.status', {}).then(
      (s) => live && setStatus((cur) => cur ?? s),
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}

/** An instant as a Helsinki wall-clock time, with the date when it is not today. */
export function syncTime(iso: string, today: string, lang: Lang): string {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  if (day !== today) return formatDateTime(d, lang);
  const time = new Intl.DateTimeFormat('fi-FI', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${lang === 'sv' ? 'kl.' : 'klo'} ${time}`;
}
