import type { Generated, JSONColumnType } from 'kysely';
import type { Answers } from '../forms/index.js';

export interface CasesTable {
  id: string;
  reference: string;
  kind: Generated<'application' | 'report'>;
  service_slug: string;
  service_version_id: string;
  department_id: string;
  state: string;
  citizen_user_id: string | null;
  contact_email: string | null;
  answers: JSONColumnType<Answers>;
  assignee_id: string | null;
  version: Generated<number>;
  submitted_at: Date;
  updated_at: Date;
  sla_due_at: Date | null;
  sla_paused_at: Date | null;
  closed_at: Date | null;
  decision: 'approved' | 'rejected' | null;
  decision_reason: string | null;
}

export type CaseEventType =
  'submitted' | 'transitioned' | 'assigned' | 'note_added' | 'information_requested' | 'information_provided';

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  case_version: number;
  type: CaseEventType;
  from_state: string | null;
  to_state: string | null;
  visibility: 'public' | 'internal';
  body: string | null;
  data: JSONColumnType<Record<string, unknown>>;
}

export interface InformationRequestsTable {
  id: string;
  case_id: string;
  requested_by: string;
  question: string;
  requested_at: Date;
  response: string | null;
  responded_at: Date | null;
}

export interface CasesTables {
  cases: CasesTable;
  case_events: CaseEventsTable;
  information_requests: InformationRequestsTable;
}
