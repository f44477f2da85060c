/**
 * Staff casework on reports: the report panel of the case page, merging duplicates, moving a report to
 * another department, "not ours" with a referral, and triage's suggestion applied or undone by staff.
 */
export {
  createReportCaseworkService,
  DUPLICATE_STATE,
  NOT_OURS_STATE,
  type ReportCaseworkDeps,
  type ReportCaseworkService,
} from './casework.service.js';
export { registerReportCaseworkPages, reportCasePanel } from './casework.pages.js';
export { loadReferrals, referralsFileSchema, type Referral } from './referrals.js';
