// Audit rows: who did what, when, to whom. Written inside the transaction of the action they record.
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { uuidv7 } from '../ids';

export type AuditAction =
  | 'session.signIn'
  | 'session.signInFailed'
  | 'session.signOut'
  | 'client.open'
  | 'client.hetuReveal'
  | 'client.protectedAddressShown'
  | 'intake.assign'
  | 'queue.export'
  | 'intake.transition'
  | 'intake.linkClient'
  | 'intake.createClient'
  | 'client.responsibleWorker'
  | 'assessment.create'
  | 'criteria.save'
  | 'plan.save'
  | 'provider.save'
  | 'decision.draft'
  | 'decision.update'
  | 'decision.propose'
  | 'decision.return'
  | 'decision.sign'
  | 'decision.send'
  | 'decision.correct'
  | 'jobs.cancel'
  | 'jobs.retry'
  | 'letters.batchCreate'
  | 'letters.batchCancel'
  | 'letters.batchOutDir'
  | 'letters.batchComplete'
  | 'letters.batchFailed'
  | 'letter.create'
  | 'letter.view'
  | 'letters.settings'
  | 'fees.recalculate'
  | 'fees.parameters'
  | 'fees.income'
  | 'fees.absence'
  | 'fees.household'
  | 'fees.ceiling'
  | 'fees.massDecision'
  | 'fees.invoiceChannel'
  | 'fees.spouse'
  | 'fees.ruleChange'
  | 'deadlines.settings'
  | 'invoices.run'
  | 'invoices.approve'
  | 'invoices.cancel'
  | 'invoices.credit'
  | 'invoices.export'
  | 'caregiver.agreement'
  | 'caregiver.daysOff'
  | 'caregiver.run'
  | 'caregiver.approve'
  | 'caregiver.terms'
  | 'caregiver.interruption'
  | 'sync.settings'
  | 'sync.resolve'
  | 'sync.acknowledge'
  // Reads of personal data, recorded by the core (electron/core/access/read.ts).
  | 'client.search'
  | 'client.chain'
  | 'client.accessLog'
  | 'queue.read'
  | 'intake.open'
  | 'decision.view'
  | 'decision.list'
  | 'letters.list'
  | 'letters.printCopy'
  | 'letters.print'
  | 'fees.view'
  | 'fees.list'
  | 'invoices.view'
  | 'caregiver.view'
  | 'sync.conflictsView'
  | 'sync.firstCopy'
  // Access control and sign-in security.
  | 'access.denied'
  | 'session.locked'
  | 'session.unlock'
  | 'session.idleSignOut'
  | 'security.settings'
  | 'service.start'
  | 'arrangement.view'
  | 'arrangement.list'
  | 'service.end'
  | 'service.notStarted'
  | 'service.undo'
  | 'reports.cases'
  | 'reports.export'
  | 'reports.publicationApprove'
  | 'decision.notification'
  | 'delivery.failed'
  | 'delivery.returned'
  | 'delivery.handOver'
  | 'delivery.handOverPrint'
  | 'delivery.claimRefused'
  | 'delivery.releaseClaim'
  | 'client.deliveryChoice'
  | 'suomifi.settings'
  | 'suomifi.password'
  | 'suomifi.mailboxCheck'
  | 'delivery.view';

export interface AuditEntry {
  userId: string | null;
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  clientId?: string | null;
  details?: Record<string, unknown>;
}

export class AuditLog {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, at, user_id, action, entity_type, entity_id, client_id, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  write(e: AuditEntry): void {
    const now = this.clock.now();
    this.insert.run(
      uuidv7(now.getTime()),
      now.toISOString(),
      e.userId,
      e.action,
      e.entityType ?? null,
      e.entityId ?? null,
      e.clientId ?? null,
      e.details ? JSON.stringify(e.details) : null,
    );
  }
}
