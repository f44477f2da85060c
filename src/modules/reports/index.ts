/**
 * Reports of problems in the street (311): filing, following, the citizen's journey, the public page and
 * list. Other modules (Open311, staff casework, import, triage) use it through this file.
 */
export type { ReportsTables, StoredTriage } from './reports.tables.js';
export {
  createReportsService,
  LIST_COUNT_LIMIT,
  MAX_PHOTOS,
  PHOTO_FIELD,
  type FiledReport,
  type FileReportInput,
  type PublicReport,
  type ReportList,
  type ReportListFilters,
  type ReportsDeps,
  type ReportsService,
  type TriageAtFiling,
} from './reports.service.js';
export { createReportDrafts, type ReportDrafts } from './report-drafts.js';
export { registerReportPages } from './reports.pages.js';
export type { MapSettings } from './views/map-parts.js';
export {
  describeDuplicateReasons,
  findDuplicateCandidates,
  type DuplicateCandidate,
  type DuplicateQuery,
} from './duplicate-candidates.js';
