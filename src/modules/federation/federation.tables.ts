import type { Generated } from 'kysely';
import type { Assurance } from '../identity/index.js';

export interface IdentitiesTable {
  id: string;
  user_id: string;
  provider_id: string;
  subject: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  last_assurance: Assurance | null;
}

export interface FederationTables {
  identities: IdentitiesTable;
}
