import type { JSONColumnType } from 'kysely';

export interface AuditLogTable {
  seq: number;
  occurred_at: Date;
  actor_type: 'user' | 'anonymous' | 'system' | 'cli' | 'client';
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: JSONColumnType<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
