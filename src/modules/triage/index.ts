/** Triage: suggests a report's type and department from its words, learnt from the deployment's own reports. */
export type { TriageTables, CaseClassification } from './triage.tables.js';
export { words, features, wordingSimilarity } from './tokenizer.js';
export { readReportLines, type ReportLine, type ParsedLine } from './json-lines.js';
export {
  createTriageService,
  DEFAULT_TRAINING_LIMIT,
  type TriageService,
  type TriageSuggestion,
  type ApplyOutcome,
  type TriageApplicationView,
  type TrainOutcome,
  type TrainingStatus,
} from './triage.service.js';
export { triageRetrainJob, shouldRetrain } from './triage.jobs.js';
export { registerTriageCommands } from './triage.cli.js';
export type { TrainingMetrics } from './classifier.js';
