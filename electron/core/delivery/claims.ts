// No two workstations send the same letter. Before a delivery is written (and so before its letter is made or
// leaves), its attempt of the document is claimed in the central database (`sync_claim_deliveries`): the
// first workstation to claim 'decision:<id>' attempt n sends it; another one that planned the same attempt
// before it saw the first one's delivery is refused and leaves the letter alone. The loser never writes a
// delivery or a letter for that attempt, so the rows that replicate never collide. A standalone workstation
// (no central database) claims nothing; one that cannot reach the central database sends nothing and the
// batch resumes later.
//
// A claim is not held forever by a workstation that died after claiming (012-claim-takeover.sql): after the
// lease a Suomi.fi send takes over a stale Suomi.fi claim, and an administrator may release any stuck claim.
// The taker continues the holder's delivery under its id and attempt, so under the same Suomi.fi external id:
// a message the holder did send is answered 409 (already sent) and nothing goes out twice.
import { msg, type Message } from '../../../shared/messages';
import { cachedStatement, type Db } from '../db/connection';
import { uuidv7 } from '../ids';
import type { DeliveryRoute } from '../../../shared/domain/delivery';
import type { DeliveryClaim, RefusedClaim } from '../sync/session';

/** Claims attempts centrally (SyncManager.claimDeliveries); returns the refused ones. */
export type Claim = (claims: readonly DeliveryClaim[]) => Promise<RefusedClaim[]>;

export interface ClaimRequest {
  kind: 'decision' | 'invoice';
  documentId: string;
  /** The route the letter takes: only a Suomi.fi send may take over a stale Suomi.fi claim. */
  route?: DeliveryRoute;
}

/**
 * A granted claim: the delivery's id and attempt to write (takenOverFrom: the workstation whose stale or
 * released claim this continues), or why another workstation has it.
 */
export type ClaimOutcome =
  | { granted: true; deliveryId: string; attempt: number; takenOverFrom?: string }
  | { granted: false; reason: Message; holder: string | null };

const CHUNK = 500;

/** The claim of a workstation's core (its SyncManager; a standalone one grants everything). */
export function claimOf(core: { sync: { claimDeliveries: Claim } }): Claim {
  return (claims) => core.sync.claimDeliveries(claims);
}

/** The next attempt of a document as this workstation knows its deliveries. */
export function nextAttempt(db: Db, kind: 'decision' | 'invoice', documentId: string): number {
  const column = kind === 'decision' ? 'decision_id' : 'invoice_id';
  return ((cachedStatement(db, `SELECT max(attempt) FROM deliveries WHERE ${column} = ?`).pluck().get(documentId) as number | null) ?? 0) + 1;
}

/**
 * Claims the next attempt of each document for this workstation. Without `claim` (a standalone workstation)
 * every attempt is granted. Throws when the central database cannot be asked: nothing may leave then.
 */
export async function claimAttempts(db: Db, claim: Claim | undefined, requests: readonly ClaimRequest[], now = Date.now()): Promise<Map<string, ClaimOutcome>> {
  const out = new Map<string, ClaimOutcome>();
  const planned = requests.map((r) => ({ ...r, attempt: nextAttempt(db, r.kind, r.documentId), deliveryId: uuidv7(now) }));
  for (const p of planned) out.set(p.documentId, { granted: true, deliveryId: p.deliveryId, attempt: p.attempt });
  if (!claim) return out;
  for (let i = 0; i < planned.length; i += CHUNK) {
    const chunk = planned.slice(i, i + CHUNK);
    const refused = await claim(chunk.map((p) => ({ document: `${p.kind}:${p.documentId}`, attempt: p.attempt, delivery: p.deliveryId, ...(p.route ? { route: p.route } : {}) })));
    for (const x of refused) {
      const documentId = x.document.slice(x.document.indexOf(':') + 1);
      if (x.reason === 'granted' && x.delivery) {
        // Granted under the claim's own delivery id (an earlier claim of this workstation, or a takeover).
        out.set(documentId, { granted: true, deliveryId: x.delivery, attempt: x.attempt, ...(x.takenOverFrom ? { takenOverFrom: x.takenOverFrom } : {}) });
      } else out.set(documentId, { granted: false, reason: x.reason === 'claimed' ? msg('delivery.claimedElsewhere') : msg('delivery.claimNotCentral'), holder: x.delivery });
    }
  }
  return out;
}
