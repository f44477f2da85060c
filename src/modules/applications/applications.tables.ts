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
  /** A draft a staff member fills in for a citizen: how they took it, and who they are (migration 0011). */
  channel: Generated<'phone' | 'counter' | 'post' | 'email' | null>;
  assisted_by: Generated<string | null>;
  /** The citizen's name, email and phone (JSON), encrypted and bound to the draft's id. */
  assisted_citizen: Generated<string | null>;
}

export interface ApplicationsTables {
  drafts: DraftsTable;
}
