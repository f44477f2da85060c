import type { Generated } from 'kysely';

export interface OutboxMessagesTable {
  id: string;
  position: Generated<number>;
  channel: Generated<'email'>;
  /** recipient, subject and body are encrypted (outbox-data.ts); in the clear only in older rows. */
  recipient: string;
  /** Blind index of the lower-cased recipient; null only in rows stored before encryption. */
  recipient_index: string | null;
  subject: string;
  body: string;
  template: string;
  case_id: string | null;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export interface NotificationsTables {
  outbox_messages: OutboxMessagesTable;
}
