// What a sync round changed on this workstation, so that open windows can refresh what they show: the intake
// items (the queue updates those rows), the clients whose records changed (an open client card reloads) and the
// tables touched. Past a bound the ids are not listed and windows reload whole views instead.
import type { DataChanges } from '../../../shared/contract/sync-schemas';

/** Tables whose pulled rows no window shows as such (the audit trail grows with every read anywhere). */
const UNSHOWN = new Set(['audit_log']);
const MAX_IDS = 2_000;

export class ChangeLog {
  private readonly entities = new Set<string>();
  private items: Set<string> | null = new Set();
  private clients: Set<string> | null = new Set();

  /** A row stored or removed locally by the sync; `data` is the row as central has it (null when removed). */
  note(entity: string, key: string, data: Record<string, unknown> | null): void {
    if (UNSHOWN.has(entity)) return;
    this.entities.add(entity);
    if (entity === 'intake_items') this.items = add(this.items, key);
    const client = entity === 'clients' ? key : typeof data?.client_id === 'string' ? data.client_id : null;
    if (client) this.clients = add(this.clients, client);
  }

  /** The changes noted since the last call, or null when there were none. */
  take(): DataChanges | null {
    if (this.entities.size === 0) return null;
    const changes: DataChanges = {
      entities: [...this.entities].sort(),
      itemIds: this.items && [...this.items],
      clientIds: this.clients && [...this.clients],
    };
    this.entities.clear();
    this.items = new Set();
    this.clients = new Set();
    return changes;
  }
}

function add(ids: Set<string> | null, id: string): Set<string> | null {
  if (!ids) return null;
  ids.add(id);
  return ids.size > MAX_IDS ? null : ids;
}
