/**
 * `plaza triage train` and `plaza triage suggest`: a city checks triage on its own data before trusting
 * it. Train prints the time-ordered evaluation (a table on standard output, progress on standard error)
 * and activates the model; suggest answers JSON lines with JSON lines, through the same service the server
 * uses when a report is filed.
 */
import type { Command } from 'commander';
import type { Db } from '../../database.js';
import { isPlazaError } from '../../platform/errors.js';
import type { Clock } from '../../platform/time/clock.js';
import { readReportLines } from './json-lines.js';
import { metricsTable } from './training.js';
import { createTriageService, DEFAULT_TRAINING_LIMIT } from './triage.service.js';

export interface TriageCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress while training; shown on a terminal. */
  progress: (text: string) => void;
  input: () => NodeJS.ReadableStream;
  withDatabase: (
    purpose: string,
    work: (db: Db, t: (key: string, values?: Record<string, unknown>) => string) => Promise<void>,
  ) => Promise<void>;
  clock: Clock;
  exit: (code: number) => void;
}

const cliActor = { type: 'cli', id: null } as const;

export function registerTriageCommands(program: Command, context: TriageCommandContext): void {
  const { out, err } = context;
  const group = program
    .command('triage')
    .description(
      "suggest a report's type and department from its words, learnt from this deployment's reports",
    );

  group
    .command('train')
    .description(
      'train on the stored reports, print accuracy on the newest 20% (trained on the oldest 80%) overall and per type against always answering the most common type, and activate the model',
    )
    .option(
      '--limit <count>',
      'train on at most this many of the newest reports',
      String(DEFAULT_TRAINING_LIMIT),
    )
    .action(async (options: { limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        err('--limit must be a positive whole number.');
        context.exit(2);
        return;
      }
      await context.withDatabase('plaza triage train', async (db, t) => {
        const triage = createTriageService({ db, clock: context.clock, t: () => t });
        try {
          const started = performance.now();
          const outcome = await triage.train({
            trainedBy: cliActor,
            limit,
            progress: (step) => context.progress(`${step}…\n`),
          });
          out(metricsTable(outcome.metrics, outcome.version));
          out(
            `Model version ${outcome.version} is active (${outcome.reportCount} reports, ${((performance.now() - started) / 1000).toFixed(1)} s in all).`,
          );
        } catch (error) {
          if (!isPlazaError(error)) throw error;
          err(error.message);
          context.exit(1);
        }
      });
    });

  group
    .command('suggest')
    .description(
      'read reports as JSON lines on standard input ({"description","lat","long","requested_datetime"}) and write one JSON line each: suggested service_code, department, confidence and reasons',
    )
    .action(async () => {
      await context.withDatabase('plaza triage suggest', async (db, t) => {
        const triage = createTriageService({ db, clock: context.clock, t: () => t });
        if ((await triage.trainingStatus()).active === null) {
          err(t('triage:errors.noModel'));
          context.exit(1);
          return;
        }
        let bad = 0;
        for await (const entry of readReportLines(context.input())) {
          if ('error' in entry) {
            bad++;
            out(JSON.stringify({ line: entry.line, error: entry.error }));
            continue;
          }
          const suggestion = await triage.suggestTriage(entry.report.description ?? '');
          out(
            JSON.stringify(
              suggestion
                ? {
                    line: entry.line,
                    service_code: suggestion.serviceCode,
                    department: suggestion.department,
                    confidence: suggestion.confidence,
                    reasons: suggestion.topWords,
                    model_version: suggestion.modelVersion,
                    alternatives: suggestion.alternatives.map((alternative) => ({
                      service_code: alternative.serviceCode,
                      confidence: alternative.confidence,
                    })),
                  }
                : { line: entry.line, service_code: null, confidence: 0, reasons: [] },
            ),
          );
        }
        if (bad > 0) {
          err(`${bad} line(s) could not be read; their output lines say why.`);
          context.exit(1);
        }
      });
    });
}
