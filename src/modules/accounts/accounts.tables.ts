import type { Generated } from 'kysely';

export interface EmailChangesTable {
  id: string;
  user_id: string;
  new_email: string;
  code_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: Date | null;
}

export interface AccountsTables {
  email_changes: EmailChangesTable;
}
