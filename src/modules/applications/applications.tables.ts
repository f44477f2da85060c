import type { Generated, JSONColumnType } from 'kysely';
import type { StoredAnswers } from '../privacy/index.js';

export interface DraftsTable {
  id: string;
  service_slug: string;
  service_version_id: string;
  user_id: string | null;
  /** Personal answers encrypted one by one (privacy module). */
  answers: JSONColumnType<StoredAnswers>;
  created_at: Generated<Date>;
  updated_at: Date;
  expires_at: Date;
  resume_token_hash: string | null;
}

export interface ApplicationsTables {
  drafts: DraftsTable;
}
