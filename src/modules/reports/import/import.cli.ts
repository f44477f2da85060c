/**
 * `plaza import requests FILE.csv[.gz]`: loads a city's historic 311 records into `reports`, with a column
 * mapping by flags or a mapping file, a progress bar on a terminal, a summary, and a rejects report naming
 * the line and reason of every record not loaded. Loading the same file again adds nothing.
 */
import { createWriteStream, existsSync, rmSync, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { sql } from 'kysely';
import type { Db } from '../../../database.js';
import type { DatabaseHandle } from '../../../platform/db/database-handle.js';
import type { Database } from '../../../database.js';
import type { Clock } from '../../../platform/time/clock.js';
import { appendAudit } from '../../audit/index.js';
import { importRequests, type ImportProgress, type ImportSummary } from './import-requests.js';
import { flagOf, importFields, MappingError, resolveMapping, type ImportField } from './mapping.js';
import { rejectReasonLabels, type Rejection, type RejectReason } from './records.js';
import { pgliteLoader, postgresLoader, type StagingLoader } from './staging.js';

export interface ImportCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  clock: Clock;
  /** Sets the command's exit code: 1 when rows were rejected, 2 for bad usage. */
  exit: (code: number) => void;
  /** Opens the configured database (its schema current, the deployment's departments in it) for `work`. */
  withDatabase: (
    purpose: string,
    work: (database: DatabaseHandle<Database>, settings: { timeZone: string }) => Promise<void>,
  ) => Promise<void>;
  /** Whether progress can be redrawn in place (a terminal). */
  interactive: boolean;
  progress: (text: string) => void;
}

const fieldDescriptions: Record<ImportField, string> = {
  id: "the record's id in the source (required)",
  serviceCode: 'the service code (required)',
  serviceName: 'the service name',
  department: 'the department (a Plaza department id, or mapped in the mapping file)',
  status: 'the status: open or closed, or words mapped in the mapping file (required)',
  statusNotes: "staff's public notes on the status",
  description: 'the description (at most 4000 characters)',
  lat: 'the latitude',
  long: 'the longitude',
  address: 'the address',
  requested: 'when it was reported (required)',
  updated: 'when it last changed',
  expected: 'when it was expected to be done',
  closed: 'when it was closed',
};

const camel = (flag: string): string =>
  flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());

const numberFormat = new Intl.NumberFormat('en-GB');
const count = (value: number): string => numberFormat.format(value);

export function registerImportCommands(program: Command, context: ImportCommandContext): void {
  const group = program.command('import').description("load another system's records");
  const command = group
    .command('requests')
    .argument('<file>', 'a CSV file (.csv, or gzipped .csv.gz) with a header row')
    .description(
      "load historic 311 service requests into Plaza's reports (Open311 column names unless mapped); loading a file again adds nothing twice",
    )
    .option(
      '--source <name>',
      "a stable name for the source, kept with each record (default: the file's name)",
    )
    .option('--mapping <file>', 'a YAML or JSON file: source, columns, statuses, departments')
    .option(
      '--rejects <file>',
      'where to write the rejected records (CSV, or JSON lines if it ends in .jsonl)',
    )
    .option('--batch-size <n>', 'records per transaction', '20000');
  for (const field of importFields)
    command.option(`${flagOf(field)} <column>`, `column holding ${fieldDescriptions[field]}`);

  command.action(async (file: string, options: Record<string, string | undefined>) => {
    const batchSize = Number(options.batchSize);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000) {
      context.err('--batch-size: a whole number from 1 to 1000000.');
      context.exit(2);
      return;
    }
    if (!existsSync(file)) {
      context.err(`There is no file ${file}.`);
      context.exit(2);
      return;
    }
    const flags: Partial<Record<ImportField, string>> = {};
    for (const field of importFields) {
      const column = options[camel(flagOf(field).slice(2))];
      if (column !== undefined) flags[field] = column;
    }
    let mapping;
    try {
      mapping = resolveMapping(flags, options.mapping);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      context.err(error.message);
      context.exit(2);
      return;
    }
    const source =
      options.source ??
      mapping.source ??
      basename(file)
        .replace(/\.gz$/i, '')
        .replace(/\.csv$/i, '');
    const rejectsPath =
      options.rejects ??
      `${basename(file)
        .replace(/\.gz$/i, '')
        .replace(/\.csv$/i, '')}-rejects.csv`;

    await context.withDatabase('plaza import requests', async (database, settings) => {
      const knownDepartments = new Set(
        (await database.db.selectFrom('departments').select('id').execute()).map((row) => row.id),
      );
      const rejects = rejectsWriter(rejectsPath);
      const loader: StagingLoader =
        database.kind === 'postgres'
          ? await postgresLoader(database.url as string, source)
          : await pgliteLoader(database.pglite as NonNullable<typeof database.pglite>, source);
      let summary: ImportSummary;
      try {
        summary = await importRequests({
          file,
          mapping,
          loader,
          timeZone: settings.timeZone,
          knownDepartments,
          batchSize,
          onReject: rejects.write,
          ...(context.interactive
            ? { onProgress: (progress) => context.progress(progressBar(progress)) }
            : {}),
        });
      } catch (error) {
        if (context.interactive) context.progress('\n');
        if (error instanceof MappingError) {
          context.err(error.message);
          context.exit(2);
          return;
        }
        context.err(
          `The import stopped: ${(error as Error).message}. Every batch loaded before this is stored whole; run the same command again to finish (records already loaded are skipped).`,
        );
        context.exit(1);
        return;
      } finally {
        await loader.close();
        await rejects.close();
      }
      if (context.interactive)
        context.progress(`${progressBar({ ...summary, bytesRead: summary.totalBytes })}\n`);
      if (summary.loaded > 0) {
        await recordImport(database.db, context.clock, file, source, summary);
        // Fresh statistics, so that queries plan for the rows just loaded rather than those before.
        await sql`analyze reports`.execute(database.db);
      }
      for (const line of describeSummary(file, source, summary, rejects.written ? rejectsPath : undefined))
        context.out(line);
      if (summary.rejected > 0) context.exit(1);
    });
  });
}

async function recordImport(db: Db, clock: Clock, file: string, source: string, summary: ImportSummary) {
  await db.transaction().execute((trx) =>
    appendAudit(trx, clock, {
      actor: { type: 'cli', id: null },
      action: 'reports.imported',
      subject: { type: 'import_source', id: source },
      details: {
        file: basename(file),
        loaded: summary.loaded,
        alreadyLoaded: summary.alreadyLoaded,
        rejected: summary.rejected,
      },
    }),
  );
}

export function describeSummary(
  file: string,
  source: string,
  summary: ImportSummary,
  rejectsPath: string | undefined,
): string[] {
  const rate = summary.seconds > 0 ? Math.round(summary.rowsRead / summary.seconds) : summary.rowsRead;
  const lines = [
    `Imported ${basename(file)} as source "${source}": ${count(summary.rowsRead)} records read in ${summary.seconds.toFixed(1)} s (${count(rate)} a second).`,
    `Loaded: ${count(summary.loaded)}. Already loaded before: ${count(summary.alreadyLoaded)}. Rejected: ${count(summary.rejected)}.`,
  ];
  if (summary.rejected > 0) {
    const reasons = (Object.entries(summary.rejectedBy) as [RejectReason, number][])
      .sort((a, b) => b[1] - a[1])
      .map(([reason, number]) => `${count(number)} ${rejectReasonLabels[reason]}`);
    lines.push(`Rejected records: ${reasons.join(', ')}.`);
    if (rejectsPath) lines.push(`The line and reason of each rejected record are in ${rejectsPath}.`);
  }
  return lines;
}

function progressBar(progress: ImportProgress): string {
  const fraction = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 1;
  const width = 30;
  const filled = Math.round(fraction * width);
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${count(progress.rowsRead)} read, ${count(progress.loaded)} loaded, ${count(progress.alreadyLoaded)} already, ${count(progress.rejected)} rejected`;
}

/**
 * The rejects report: CSV, or JSON lines for a `.jsonl`/`.json` name. It is replaced at the start of each run
 * (so a report left by an earlier run never passes for this one's) and removed at the end if nothing was
 * rejected.
 */
function rejectsWriter(path: string): {
  write: (rejection: Rejection) => void;
  close: () => Promise<void>;
  readonly written: boolean;
} {
  const json = /\.jsonl?$/i.test(path);
  const stream: WriteStream = createWriteStream(path);
  if (!json) stream.write('line,id,reason,message\n');
  let written = false;
  const csv = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return {
    write(rejection) {
      written = true;
      stream.write(
        json
          ? `${JSON.stringify(rejection)}\n`
          : `${[rejection.line, rejection.id, rejection.reason, rejection.message].map(csv).join(',')}\n`,
      );
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.end(resolve);
      });
      if (!written) rmSync(path, { force: true });
    },
    get written() {
      return written;
    },
  };
}
