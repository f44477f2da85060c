import type { Generated, JSONColumnType } from 'kysely';

export interface GazetteerPlacesTable {
  id: Generated<number>;
  /** The file the place was loaded from; reloading it replaces its rows. */
  source: string;
  name: string;
  kind: Generated<'address' | 'street' | 'landmark'>;
  lat: number;
  long: number;
  search_document: Generated<string>;
  /** The area of the city (ward, neighbourhood) it is in, for filters (migration 0008). */
  area: string | null;
}

/** The suggestion triage made when the report arrived. */
export interface StoredTriage {
  serviceCode: string;
  department: string | null;
  confidence: number;
  modelVersion: number;
  /** Whether the suggestion was applied without a person (above the deployment's threshold). */
  applied: boolean;
}

export interface ReportsTable {
  id: string;
  /** Open311's service_request_id: the case reference, or the source system's id for an import. */
  service_request_id: string;
  /** Null for imported records. */
  case_id: string | null;
  service_code: string;
  service_name: string | null;
  department_id: string | null;
  status: 'open' | 'closed';
  status_notes: string | null;
  /** Public (the form says so). */
  description: string | null;
  lat: number | null;
  long: number | null;
  address: string | null;
  requested_at: Date;
  updated_at: Date;
  expected_at: Date | null;
  closed_at: Date | null;
  photo_count: Generated<number>;
  duplicate_of: string | null;
  followers_count: Generated<number>;
  channel: 'web' | 'open311' | 'staff' | 'import';
  import_source: string | null;
  external_id: string | null;
  triage: JSONColumnType<StoredTriage | null, string | null, string | null>;
}

export interface ReportFollowersTable {
  id: string;
  report_id: string;
  user_id: string | null;
  /** Encrypted (privacy module); found through email_index. */
  email: string | null;
  email_index: string | null;
  language: string | null;
  created_at: Date;
}

export interface ReportsTables {
  gazetteer_places: GazetteerPlacesTable;
  reports: ReportsTable;
  report_followers: ReportFollowersTable;
}
