/**
 * `plaza duplicates find`: for reports given as JSON lines on standard input (`{"description", "lat",
 * "long", "requested_datetime", "service_code"}`), the stored reports that may be the same problem, with
 * their scores and reasons, one JSON line per input line. It calls findDuplicateCandidates, as the report
 * form and the staff's case page do, so a city sees exactly what Plaza would propose.
 */
import type { Command } from 'commander';
import type { Db } from '../../database.js';
import type { Clock } from '../../platform/time/clock.js';
import { readReportLines } from '../triage/index.js';
import { describeDuplicateReasons, findDuplicateCandidates } from './duplicate-candidates.js';

export interface DuplicateCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  input: () => NodeJS.ReadableStream;
  withDatabase: (
    purpose: string,
    work: (db: Db, t: (key: string, values?: Record<string, unknown>) => string) => Promise<void>,
  ) => Promise<void>;
  clock: Clock;
  exit: (code: number) => void;
}

export function registerDuplicateCommands(program: Command, context: DuplicateCommandContext): void {
  const { out, err } = context;
  program
    .command('duplicates')
    .description('candidate duplicates among stored reports')
    .command('find')
    .description(
      'read reports as JSON lines on standard input ({"description","lat","long","requested_datetime","service_code"}) and write, for each, the top candidate duplicates among stored reports with ids, scores and reasons',
    )
    .option('--limit <count>', 'candidates per report', '5')
    .option('--include-closed', 'consider closed reports too (by default only open ones, as citizens see)')
    .action(async (options: { limit: string; includeClosed?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
        err('--limit must be a whole number from 1 to 50.');
        context.exit(2);
        return;
      }
      await context.withDatabase('plaza duplicates find', async (db, t) => {
        let bad = 0;
        for await (const entry of readReportLines(context.input())) {
          const report = 'report' in entry ? entry.report : undefined;
          const error =
            'error' in entry
              ? entry.error
              : report?.lat == null || report.long == null
                ? 'lat and long are required'
                : undefined;
          if (error !== undefined || !report) {
            bad++;
            out(JSON.stringify({ line: entry.line, error }));
            continue;
          }
          const candidates = await findDuplicateCandidates(db, {
            lat: report.lat as number,
            long: report.long as number,
            serviceCode: report.service_code ?? null,
            description: report.description ?? null,
            requestedAt: report.requested_datetime
              ? new Date(report.requested_datetime)
              : context.clock.now(),
            limit,
            includeClosed: options.includeClosed === true,
          });
          out(
            JSON.stringify({
              line: entry.line,
              candidates: candidates.map((candidate) => ({
                report_id: candidate.reportId,
                service_request_id: candidate.serviceRequestId,
                score: candidate.score,
                distance_metres: candidate.distanceMetres,
                reasons: candidate.reasons,
                summary: describeDuplicateReasons(t, candidate.reasons),
              })),
            }),
          );
        }
        if (bad > 0) {
          err(`${bad} line(s) could not be read; their output lines say why.`);
          context.exit(1);
        }
      });
    });
}
