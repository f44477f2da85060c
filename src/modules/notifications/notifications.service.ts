/**
 * Every message Plaza sends goes into the outbox table first, in the transaction of the change it is
 * about, with a delivery job beside it. Delivery happens later, with retries; a mail server that is down
 * never fails a citizen's submission, and nothing is sent for a change that rolled back.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../database.js';
import type { JobHandler, JobQueue } from '../../platform/jobs/jobs.js';
import type { Clock } from '../../platform/time/clock.js';
import type { MailTransport } from './mail-transport.js';

export interface OutgoingEmail {
  recipient: string;
  subject: string;
  body: string;
  /** Which template produced it, for the outbox page and statistics. */
  template: string;
  caseId?: string;
}

export const DELIVER_JOB = 'notifications.deliver';

export interface Notifier {
  /** Puts an email in the outbox, with its delivery job, in the caller's transaction. */
  queueEmail(trx: Db, email: OutgoingEmail): Promise<string>;
}

export function createNotifier(deps: { clock: Clock; jobs: JobQueue }): Notifier {
  return { queueEmail: (trx, email) => queueEmail(trx, deps, email) };
}

async function queueEmail(
  trx: Db,
  { clock, jobs }: { clock: Clock; jobs: JobQueue },
  email: OutgoingEmail,
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('outbox_messages')
    .values({
      id,
      recipient: email.recipient,
      subject: email.subject,
      body: email.body,
      template: email.template,
      case_id: email.caseId ?? null,
      created_at: clock.now(),
      last_error: null,
      sent_at: null,
    })
    .execute();
  await jobs.enqueue(trx, DELIVER_JOB, { messageId: id });
  return id;
}

export function deliveryJob(deps: {
  db: Db;
  clock: Clock;
  transport: MailTransport | undefined;
}): JobHandler {
  const { db, clock, transport } = deps;
  return {
    name: DELIVER_JOB,
    retryLimit: 8,
    async run(payload, context) {
      // Without a mail server the message simply stays in the outbox.
      if (!transport) return;
      const message = await db
        .selectFrom('outbox_messages')
        .select(['id', 'recipient', 'subject', 'body', 'status'])
        .where('id', '=', String(payload.messageId))
        .executeTakeFirst();
      if (!message || message.status === 'sent') return;
      try {
        await transport.send({ to: message.recipient, subject: message.subject, text: message.body });
      } catch (error) {
        await db
          .updateTable('outbox_messages')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: (error as Error).message.slice(0, 1000),
            status: context.isLastAttempt ? 'failed' : 'pending',
          }))
          .where('id', '=', message.id)
          .execute();
        throw error;
      }
      await db
        .updateTable('outbox_messages')
        .set((eb) => ({
          status: 'sent',
          sent_at: clock.now(),
          attempts: eb('attempts', '+', 1),
          last_error: null,
        }))
        .where('id', '=', message.id)
        .execute();
    },
  };
}

export interface OutboxEntry {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  template: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export async function recentOutbox(db: Db, limit = 50): Promise<OutboxEntry[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select([
      'id',
      'recipient',
      'subject',
      'body',
      'template',
      'status',
      'attempts',
      'last_error',
      'created_at',
    ])
    .orderBy('position', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    template: row.template,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
  }));
}
