/**
 * Importing a city's historic 311 records from a CSV file (or a gzipped one): read it as a stream, check each
 * record, write every rejected one with its line and reason to the rejects report, and load the rest in
 * batches (staging.ts). Memory stays flat whatever the file's size, except for one entry per id read, which is
 * how an id repeated in the file is told apart from one loaded by an earlier run.
 */
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse, type CsvError, type Info } from 'csv-parse';
import { locateColumns, MappingError, type ImportMapping } from './mapping.js';
import { dateReader, readRecord, type Rejection, type RejectReason, type StagedReport } from './records.js';
import { prepareBatch, type StagingLoader } from './staging.js';

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  loaded: number;
  alreadyLoaded: number;
  rejected: number;
}

export interface ImportSummary extends ImportProgress {
  rejectedBy: Partial<Record<RejectReason, number>>;
  seconds: number;
}

export interface ImportOptions {
  file: string;
  mapping: ImportMapping;
  loader: StagingLoader;
  timeZone: string;
  knownDepartments: ReadonlySet<string>;
  batchSize: number;
  onReject: (rejection: Rejection) => void;
  onProgress?: (progress: ImportProgress) => void;
  now?: () => number;
}

export const isGzipped = (file: string): boolean => /\.gz$/i.test(file);

/** Loads the file; throws MappingError (from locateColumns) when the header lacks a column the mapping needs. */
export async function importRequests(options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const totalBytes = statSync(options.file).size;
  const progress: ImportProgress = {
    bytesRead: 0,
    totalBytes,
    rowsRead: 0,
    loaded: 0,
    alreadyLoaded: 0,
    rejected: 0,
  };
  const rejectedBy: Partial<Record<RejectReason, number>> = {};
  const reject = (rejection: Rejection) => {
    progress.rejected++;
    rejectedBy[rejection.reason] = (rejectedBy[rejection.reason] ?? 0) + 1;
    options.onReject(rejection);
  };

  // Small chunks: between two, the event loop sends the batch being loaded to PostgreSQL. With 1 MiB chunks
  // (thousands of records parsed without a pause) the database waited for its data, and imports were 15% slower.
  const fileStream = createReadStream(options.file, { highWaterMark: 1 << 16 });
  fileStream.on('data', (chunk) => {
    progress.bytesRead += chunk.length;
  });
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    // A broken row is reported and skipped; the rest of the file still loads.
    skip_records_with_error: true,
    // A stray quote inside a field is kept as written. Strictly it is an error, but csv-parse cannot find
    // its feet after one and would lose every record after it.
    relax_quotes: true,
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    progress.rowsRead++;
    const message =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `${error.message}: every line from its opening quote to the end of the file is in this one field, so none of them could be loaded.`
        : error.message;
    reject({ line: error.lines ?? 0, id: null, reason: 'broken_row', message });
  });
  let source: Readable = fileStream;
  if (isGzipped(options.file)) {
    const gunzip = createGunzip();
    fileStream.on('error', (error) => gunzip.destroy(error));
    source = fileStream.pipe(gunzip);
  }
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  const seen = new Map<string, number>();
  let rules: Parameters<typeof readRecord>[2] | undefined;
  let batch: StagedReport[] = [];
  // Batches load while the next ones are read: the database and the parsing each keep a core busy. The
  // loader says how many may load at once (one per connection it holds).
  const loading = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const waitForRoom = async (room: number) => {
    while (loading.size > room) await Promise.race(loading);
    if (failure) throw failure.error;
  };
  const flush = async () => {
    // Written out while the database is still busy with earlier batches.
    const prepared = batch.length > 0 ? prepareBatch(batch) : undefined;
    batch = [];
    await waitForRoom(options.loader.parallel - 1);
    if (!prepared) return;
    const work: Promise<void> = options.loader.load(prepared).then(
      (result) => {
        progress.loaded += result.loaded;
        progress.alreadyLoaded += result.alreadyLoaded;
        for (const taken of result.idTaken)
          reject({
            line: taken.line,
            id: taken.id,
            reason: 'id_taken',
            message: `Another report (from another source, or filed in Plaza) already has the id ${taken.id}.`,
          });
        options.onProgress?.(progress);
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    loading.add(work);
    void work.finally(() => loading.delete(work));
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const line = startLine(record, info);
      if (!rules) {
        rules = {
          positions: locateColumns(options.mapping, record),
          statuses: options.mapping.statuses,
          departments: options.mapping.departments,
          knownDepartments: options.knownDepartments,
          dates: dateReader(options.timeZone),
        };
        continue;
      }
      progress.rowsRead++;
      const result = readRecord(record, line, rules);
      if ('rejection' in result) {
        reject(result.rejection);
        continue;
      }
      const firstLine = seen.get(result.report.id);
      if (firstLine !== undefined) {
        reject({
          line,
          id: result.report.id,
          reason: 'duplicate_id',
          message: `The id ${result.report.id} is also on line ${firstLine}; the first was kept.`,
        });
        continue;
      }
      seen.set(result.report.id, line);
      batch.push(result.report);
      if (batch.length >= options.batchSize) await flush();
      else if (progress.rowsRead % 5000 === 0) options.onProgress?.(progress);
    }
    await flush();
    await waitForRoom(0);
    if (!rules) throw new MappingError('The file is empty: it has no header row.');
  } finally {
    fileStream.destroy();
    // Batches still in flight finish (or fail) before the caller closes the connections.
    await Promise.all(loading);
  }
  return { ...progress, bytesRead: totalBytes, rejectedBy, seconds: (now() - started) / 1000 };
}

/** csv-parse gives the line a record ends on; people look for the line it starts on. */
function startLine(record: string[], info: Info): number {
  let line = info.lines;
  for (const field of record) {
    if (!field.includes('\n')) continue;
    for (let index = field.indexOf('\n'); index >= 0; index = field.indexOf('\n', index + 1)) line--;
  }
  return line;
}
