import type { Generated } from 'kysely';

export interface OutboxMessagesTable {
  id: string;
  position: Generated<number>;
  channel: Generated<'email'>;
  recipient: string;
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
