/**
 * Every message Plaza sends goes into the outbox table first, in the transaction of the change it is
 * about, with a delivery job beside it. Delivery happens later, with retries; a mail server that is down
 * never fails a citizen's submission, and nothing is sent for a change that rolled back.
 *
 * A message is personal data (who it went to, and what it said: a case's progress, a sign-in code), so its
 * recipient, subject and body are encrypted under the key ring, each bound to the message's id; the
 * recipient's blind index (as contact emails and accounts have) finds a person's messages. Messages queued
 * before encryption are read as they are and found by their recipient in the clear.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../../database.js';
import { indexedEmail, type KeyRing } from '../../platform/crypto/key-ring.js';
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

type MessageField = 'recipient' | 'subject' | 'body';

/** What each encrypted part of a message is, and which message: authenticated with the value. */
export function outboxContext(field: MessageField, messageId: string): string {
  return `outbox_messages.${field}:${messageId}`;
}

/** A message's recipient, subject and body as stored: encrypted, with the recipient's blind index. */
export function sealMessage(
  keyRing: KeyRing,
  messageId: string,
  message: { recipient: string; subject: string; body: string },
): { recipient: string; recipient_index: string; subject: string; body: string } {
  return {
    recipient: keyRing.encryptText(message.recipient, outboxContext('recipient', messageId)),
    recipient_index: keyRing.blindIndex(indexedEmail(message.recipient)),
    subject: keyRing.encryptText(message.subject, outboxContext('subject', messageId)),
    body: keyRing.encryptText(message.body, outboxContext('body', messageId)),
  };
}

/** A stored message as people read it (one stored before encryption comes back as it is). */
export function openMessage<Row extends { id: string; recipient: string; subject: string; body: string }>(
  keyRing: KeyRing,
  row: Row,
): Row {
  return {
    ...row,
    recipient: keyRing.decryptText(row.recipient, outboxContext('recipient', row.id)),
    subject: keyRing.decryptText(row.subject, outboxContext('subject', row.id)),
    body: keyRing.decryptText(row.body, outboxContext('body', row.id)),
  };
}

/**
 * The condition "this message went to `email`", whatever its case: by the recipient's index under any key
 * in the ring, or, for a message queued before encryption, by its recipient in the clear.
 */
export function sentTo(keyRing: KeyRing, email: string) {
  const indexes = keyRing.blindIndexes(indexedEmail(email));
  return (eb: ExpressionBuilder<Database, 'outbox_messages'>): Expression<SqlBool> =>
    eb.or([
      eb('outbox_messages.recipient_index', 'in', indexes),
      eb.and([
        eb('outbox_messages.recipient_index', 'is', null),
        eb(sql<string>`lower(outbox_messages.recipient)`, '=', indexedEmail(email)),
      ]),
    ]);
}

export function createNotifier(deps: { clock: Clock; jobs: JobQueue; keyRing: KeyRing }): Notifier {
  return { queueEmail: (trx, email) => queueEmail(trx, deps, email) };
}

async function queueEmail(
  trx: Db,
  { clock, jobs, keyRing }: { clock: Clock; jobs: JobQueue; keyRing: KeyRing },
  email: OutgoingEmail,
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('outbox_messages')
    .values({
      id,
      ...sealMessage(keyRing, id, email),
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

/** What stands for an email address in a stored or logged error. */
export const REDACTED_ADDRESS = '[address]';

/**
 * The text without email addresses: the recipient's (whatever its case, even where it would not look like
 * an address) and anything else of the form local@domain.
 */
export function redactAddresses(text: string, recipient?: string): string {
  let redacted = text;
  const exact = recipient?.trim();
  if (exact) {
    const escaped = exact.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    redacted = redacted.replace(new RegExp(escaped, 'gi'), REDACTED_ADDRESS);
  }
  return redacted.replace(/[^\s<>()[\]{}"',;:@]+@[^\s<>()[\]{}"',;:@]+/g, REDACTED_ADDRESS);
}

/**
 * A failed delivery as the job queue sees it: the mail server's reason without addresses, and its SMTP
 * code. (The transport's own error lists the rejected recipients, so it is not passed on.)
 */
export class DeliveryFailed extends Error {
  readonly code: string | undefined;
  readonly responseCode: number | undefined;
  constructor(reason: string, cause: unknown) {
    super(reason);
    this.name = 'DeliveryFailed';
    const details = (cause ?? {}) as { code?: unknown; responseCode?: unknown };
    this.code = typeof details.code === 'string' ? details.code : undefined;
    this.responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  }
}

export function deliveryJob(deps: {
  db: Db;
  clock: Clock;
  transport: MailTransport | undefined;
  keyRing: KeyRing;
}): JobHandler {
  const { db, clock, transport, keyRing } = deps;
  return {
    name: DELIVER_JOB,
    retryLimit: 8,
    async run(payload, context) {
      // Without a mail server the message simply stays in the outbox.
      if (!transport) return;
      const stored = await db
        .selectFrom('outbox_messages')
        .select(['id', 'recipient', 'subject', 'body', 'status'])
        .where('id', '=', String(payload.messageId))
        .executeTakeFirst();
      if (!stored || stored.status === 'sent') return;
      // Decrypted only to hand to the mail server; never logged.
      const message = openMessage(keyRing, stored);
      try {
        await transport.send({ to: message.recipient, subject: message.subject, text: message.body });
      } catch (error) {
        // A mail server's reply often quotes the recipient ("550 <ada@example.org>: user unknown"): the
        // stored error, the log and the job queue get it without addresses.
        const reason = redactAddresses(String((error as Error).message ?? error), message.recipient);
        await db
          .updateTable('outbox_messages')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: reason.slice(0, 1000),
            status: context.isLastAttempt ? 'failed' : 'pending',
          }))
          .where('id', '=', message.id)
          .execute();
        throw new DeliveryFailed(reason, error);
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

export async function recentOutbox(db: Db, keyRing: KeyRing, limit = 50): Promise<OutboxEntry[]> {
  const stored = await db
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
  return stored
    .map((row) => openMessage(keyRing, row))
    .map((row) => ({
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

/** Messages sent to an address, newest first, decrypted (the development outbox's tests, subject access). */
export async function messagesTo(
  db: Db,
  keyRing: KeyRing,
  recipient: string,
): Promise<{ id: string; recipient: string; subject: string; body: string; status: string }[]> {
  const stored = await db
    .selectFrom('outbox_messages')
    .select(['id', 'recipient', 'subject', 'body', 'status'])
    .where(sentTo(keyRing, recipient))
    .orderBy('position', 'desc')
    .execute();
  return stored.map((row) => openMessage(keyRing, row));
}
