import type { Generated, JSONColumnType } from 'kysely';
import type { StoredAnswers } from '../privacy/index.js';

export interface CasesTable {
  id: string;
  reference: string;
  kind: Generated<'application' | 'report'>;
  service_slug: string;
  service_version_id: string;
  department_id: string;
  state: string;
  citizen_user_id: string | null;
  /** Encrypted (privacy module); found through contact_email_index. */
  contact_email: string | null;
  /** Blind index of the contact email (HMAC of the lower-cased address). */
  contact_email_index: Generated<string | null>;
  /** Personal answers encrypted one by one. */
  answers: JSONColumnType<StoredAnswers>;
  assignee_id: string | null;
  version: Generated<number>;
  submitted_at: Date;
  updated_at: Date;
  sla_due_at: Date | null;
  sla_paused_at: Date | null;
  closed_at: Date | null;
  decision: 'approved' | 'rejected' | null;
  decision_reason: string | null;
  /** How sure Plaza was of who sent it (the session's level of assurance); null when not signed in. */
  assurance: 'low' | 'substantial' | 'high' | null;
  /** When the personal data was removed; statistics stay. */
  anonymised_at: Generated<Date | null>;
  /** The citizen asked for erasure while the case was open: anonymised once it closes. */
  erasure_requested_at: Generated<Date | null>;
  /** The language the citizen used (null before migration 0012: the default); their messages go out in it. */
  language: Generated<string | null>;
  /** How it reached the organisation: online, or how a staff member took it (migration 0011). */
  channel: Generated<CaseChannel>;
  /** The staff member who entered it for the citizen; null when the citizen sent it. */
  assisted_by: Generated<string | null>;
}

/** Online, or the way a staff member took an application or report for a citizen (assisted digital). */
export const assistedChannels = ['phone', 'counter', 'post', 'email'] as const;
export type AssistedChannel = (typeof assistedChannels)[number];
export type CaseChannel = 'online' | AssistedChannel;

export type CaseEventType =
  | 'submitted'
  | 'transitioned'
  | 'assigned'
  | 'note_added'
  /** A note for the public that changes nothing else (migration 0013). */
  | 'public_note_added'
  | 'information_requested'
  | 'information_provided';

/**
 * The events of a case that anyone may read (a report's public page, Open311). Visibility 'public' means the
 * citizen sees an event; their own answers to information requests are public to them only.
 */
export const eventsForEveryone = [
  'submitted',
  'transitioned',
  'public_note_added',
] as const satisfies readonly CaseEventType[];

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
  /** null when a partner system's client asked. */
  requested_by: string | null;
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
