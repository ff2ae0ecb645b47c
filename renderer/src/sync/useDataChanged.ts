// Rows another workstation changed, as the sync brought them in ('data.changed' events from the core).
import { useEffect, useRef } from 'react';
import type { DataChanges } from '../../../shared/contract/sync-schemas';
import { client } from '../api/client';

/** Calls `onChange` for every sync round that changed rows on this workstation; the latest callback is used. */
export function useDataChanged(onChange: (c: DataChanges) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => client.on('data.changed', (c) => latest.current(c)), []);
}

/** Whether the changes touch one of these tables. */
export const touches = (c: DataChanges, ...entities: string[]) => entities.some((e) => c.entities.includes(e));

/** Whether the changes may concern this client (null: too many clients to list). */
export const concernsClient = (c: DataChanges, clientId: string) => c.clientIds === null || c.clientIds.includes(clientId);
