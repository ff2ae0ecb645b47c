// The sync outbox: every local change of a synced entity is recorded here in the same transaction.
import type { Db } from './connection';
import type { Clock } from '../clock';

export class Outbox {
  private readonly insert;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare('INSERT INTO outbox (entity, entity_id, base_version, payload, created_at) VALUES (?, ?, ?, ?, ?)');
  }

  record(entity: string, entityId: string, baseVersion: number | null, row: Record<string, unknown>): void {
    this.insert.run(entity, entityId, baseVersion, JSON.stringify(row), this.clock.now().toISOString());
  }
}
