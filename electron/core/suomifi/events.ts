// Reading Suomi.fi's delivery events (GET /v2/events) from the stored continuation token until the feed is
// empty. Each page is applied in one local transaction together with the next token, so a crash repeats at
// most one page, and a repeated event changes nothing. The service keeps events about 60 days: the feed is
// read regularly (Asetukset › Suomi.fi-viestit, pollMinutes). Events of messages another workstation sent are
// left to that workstation (the delivery's device), which applies them and replicates the result.
import { eventTypeOf } from '../../../shared/domain/delivery';
import { cachedStatement } from '../db/connection';
import { applyChannelEvent, deviceIdOf, type DeliveryCtx } from '../delivery/deliveries';
import type { SuomifiClient } from './client';

export interface PollResult {
  pages: number;
  events: number;
  applied: number;
  /** Events of messages this workstation does not know or did not send. */
  ignored: number;
}

export async function pollEvents(c: DeliveryCtx, client: SuomifiClient, opts: { maxPages?: number } = {}): Promise<PollResult> {
  const result: PollResult = { pages: 0, events: 0, applied: 0, ignored: 0 };
  const device = deviceIdOf(c.db);
  const byExternal = cachedStatement(c.db, 'SELECT id, device_id FROM deliveries WHERE external_id = ?');
  const byMessage = cachedStatement(c.db, 'SELECT id, device_id FROM deliveries WHERE message_id = ? AND external_id IS NOT NULL');
  for (let page = 0; page < (opts.maxPages ?? 1000); page++) {
    const token = cachedStatement(c.db, 'SELECT token FROM suomifi_event_cursor WHERE id = 1').pluck().get() as string | null;
    let events;
    try {
      events = await client.events(token);
    } catch (e) {
      c.db.prepare('UPDATE suomifi_event_cursor SET last_error = ? WHERE id = 1').run((e as Error).message);
      throw e;
    }
    result.pages++;
    c.db.transaction(() => {
      let applied = 0;
      for (const e of events.events) {
        result.events++;
        const type = eventTypeOf(e.type);
        const d = ((e.metadata.externalId ? byExternal.get(e.metadata.externalId) : undefined) ?? byMessage.get(e.metadata.messageId)) as { id: string; device_id: string | null } | undefined;
        if (!type || !d || (d.device_id !== null && d.device_id !== device)) {
          result.ignored++;
          continue;
        }
        if (applyChannelEvent(c, d.id, type, new Date(e.eventTime), { messageId: e.metadata.messageId, name: e.type })) applied++;
      }
      result.applied += applied;
      c.db
        .prepare('UPDATE suomifi_event_cursor SET token = ?, polled_at = ?, events_applied = events_applied + ?, last_error = NULL WHERE id = 1')
        .run(events.continuationToken, c.clock.now().toISOString(), applied);
    })();
    if (events.events.length === 0) break;
  }
  return result;
}
