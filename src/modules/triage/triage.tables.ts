import type { JSONColumnType } from 'kysely';
import type { SerializedModel, TrainingMetrics } from './classifier.js';

export interface TriageModelsTable {
  version: number;
  trained_at: Date;
  /** 'cli', 'job', or the id of the staff member who asked. */
  trained_by: string;
  report_count: number;
  class_count: number;
  metrics: JSONColumnType<TrainingMetrics>;
  model: JSONColumnType<SerializedModel>;
  active: boolean;
  activated_at: Date | null;
}

/** What a case was filed under: the values an applied suggestion replaces and an undo restores. */
export interface CaseClassification {
  serviceCode: string;
  serviceName: string | null;
  serviceVersionId: string;
  departmentId: string;
  assigneeId: string | null;
}

export interface TriageApplicationsTable {
  id: string;
  report_id: string;
  case_id: string;
  model_version: number;
  confidence: number;
  automatic: boolean;
  previous: JSONColumnType<CaseClassification>;
  applied: JSONColumnType<CaseClassification>;
  applied_at: Date;
  applied_by: string | null;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface TriageTables {
  triage_models: TriageModelsTable;
  triage_applications: TriageApplicationsTable;
}
