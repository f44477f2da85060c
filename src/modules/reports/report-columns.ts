import type { SelectExpression } from 'kysely';
import type { Database } from '../../database.js';

type ReportSelection = readonly SelectExpression<Database, 'reports' | 'cases'>[];

/** What a line about a report shows: which report, of what, how it stands, when it came. */
export const reportSummaryColumns = [
  'reports.id',
  'reports.service_request_id',
  'reports.service_code',
  'reports.service_name',
  'reports.status',
  'reports.description',
  'reports.requested_at',
] as const satisfies ReportSelection;

/**
 * What every query that shows a report reads of it: its summary, where it is, and its case's state with
 * the service version that names that state. Each query selects from `reports` joined to its `cases` row
 * and adds what only it needs, so a column every view wants is added here once.
 */
export const reportColumns = [
  ...reportSummaryColumns,
  'reports.lat',
  'reports.long',
  'reports.address',
  'cases.state',
  'cases.service_version_id',
] as const satisfies ReportSelection;
