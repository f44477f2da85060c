/**
 * Triage and duplicate detection measured on real data: Boston's Open311 requests of 2018 and the first
 * half of 2019 (not part of Plaza; see ../shared/data/README.md). Standalone, and not part of the tests:
 *
 *   npx tsx bench/triage-boston.ts [path/to/boston-open311-2018-2019h1.csv.gz]   (or TRIAGE_BOSTON_CSV=…)
 *
 * Triage: trains on the oldest 80% and tests on the newest 20% (the same code as `plaza triage train`),
 * prints accuracy against the majority-class baseline, training time and prediction latency.
 * Duplicates: loads every request into an in-memory PGlite, then for each request Boston's staff marked as
 * a duplicate of another in the file (the `duplicate_of` column), and for as many requests not so marked,
 * asks findDuplicateCandidates (the code of the live path and of `plaza duplicates find`) for candidates
 * and reports precision and recall of its top candidate at several score thresholds.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import type { Database } from '../src/database.js';
import { openDatabase } from '../src/platform/db/database-handle.js';
import { migrate, readMigrations } from '../src/platform/db/migrations.js';
import { CompiledModel } from '../src/modules/triage/classifier.js';
import { metricsTable, trainWithHoldout, type TimedExample } from '../src/modules/triage/training.js';
import { findDuplicateCandidates } from '../src/modules/reports/duplicate-candidates.js';
import { createTriageService } from '../src/modules/triage/index.js';
import { systemClock } from '../src/platform/time/clock.js';
import { join } from 'node:path';

interface BostonRow {
  service_request_id: string;
  requested_datetime: string;
  updated_datetime: string;
  status: string;
  service_name: string;
  service_code: string;
  description: string;
  status_notes: string;
  address: string;
  lat: string;
  long: string;
  duplicate_of: string;
}

const path =
  process.argv[2] ?? process.env.TRIAGE_BOSTON_CSV ?? '/work/shared/data/boston-open311-2018-2019h1.csv.gz';
const skipDuplicates = process.env.TRIAGE_BOSTON_SKIP_DUPLICATES === '1';
const skipTriage = process.env.TRIAGE_BOSTON_SKIP_TRIAGE === '1';

async function readRows(): Promise<BostonRow[]> {
  const rows: BostonRow[] = [];
  const parser = createReadStream(path)
    .pipe(createGunzip())
    .pipe(parse({ columns: true, relax_quotes: true, skip_empty_lines: true }));
  for await (const row of parser) rows.push(row as BostonRow);
  return rows;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const started = performance.now();
  const rows = await readRows();
  process.stderr.write(
    `Read ${rows.length} requests in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );

  if (!skipTriage) await measureTriage(rows);
  if (skipDuplicates) return;
  await measureDuplicates(rows);
}

async function measureTriage(rows: BostonRow[]): Promise<void> {
  const examples: TimedExample[] = rows
    .filter((row) => row.description.trim() !== '')
    .map((row) => ({
      text: row.description,
      label: row.service_name,
      department: null,
      requestedAt: new Date(row.requested_datetime),
    }));
  const trainStart = performance.now();
  const { model, metrics } = await trainWithHoldout(examples, {
    progress: (step) =>
      process.stderr.write(`  ${((performance.now() - trainStart) / 1000).toFixed(1)} s: ${step}\n`),
  });
  const trainingSeconds = (performance.now() - trainStart) / 1000;
  process.stdout.write(`\n== Triage on ${examples.length} Boston requests with a description ==\n`);
  process.stdout.write(`${metricsTable(metrics)}\n`);
  process.stdout.write(`Training (evaluation, settings and final model): ${trainingSeconds.toFixed(1)} s\n`);
  const serialized = JSON.stringify(model);
  const loadStart = performance.now();
  const compiled = new CompiledModel(JSON.parse(serialized) as typeof model);
  process.stdout.write(
    `Model: ${(serialized.length / 1e6).toFixed(1)} MB as JSON, loaded in ${(performance.now() - loadStart).toFixed(0)} ms\n`,
  );
  const texts = examples.slice(-5000).map((example) => example.text);
  for (const text of texts.slice(0, 500)) compiled.predict(text);
  const latencies: number[] = [];
  for (const text of texts) {
    const begin = performance.now();
    compiled.predict(text);
    latencies.push(performance.now() - begin);
  }
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    `Prediction latency over ${latencies.length} texts: median ${(quantile(latencies, 0.5) * 1000).toFixed(0)} µs, p95 ${(quantile(latencies, 0.95) * 1000).toFixed(0)} µs\n`,
  );
}

async function measureDuplicates(rows: BostonRow[]): Promise<void> {
  process.stderr.write('Loading the requests into PGlite for duplicate detection…\n');
  const database = await openDatabase<Database>({ kind: 'pglite-memory' });
  try {
    await migrate(database, readMigrations(join(import.meta.dirname, '..', 'migrations')));
    const db = database.db;
    const idOf = new Map<string, string>();
    const located = rows.filter((row) => row.lat && row.long);
    for (let start = 0; start < located.length; start += 1000) {
      const batch = located.slice(start, start + 1000).map((row) => {
        const id = randomUUID();
        idOf.set(row.service_request_id, id);
        const requestedAt = new Date(row.requested_datetime);
        return {
          id,
          service_request_id: row.service_request_id,
          case_id: null,
          service_code: row.service_code,
          service_name: row.service_name,
          department_id: null,
          status: row.status === 'closed' ? ('closed' as const) : ('open' as const),
          status_notes: row.status_notes || null,
          description: row.description.slice(0, 4000) || null,
          lat: Number(row.lat),
          long: Number(row.long),
          address: row.address || null,
          requested_at: requestedAt,
          updated_at: new Date(row.updated_datetime || row.requested_datetime),
          expected_at: null,
          closed_at: null,
          channel: 'import' as const,
          import_source: 'boston',
          external_id: row.service_request_id,
          triage: null,
        };
      });
      await db.insertInto('reports').values(batch).execute();
    }
    await sql`analyze reports`.execute(db);
    // `plaza triage train` end to end on the database: read the reports, evaluate, train, store, activate.
    const triage = createTriageService({ db, clock: systemClock, t: () => (key) => key });
    const trainStart = performance.now();
    const trained = await triage.train({ trainedBy: { type: 'cli', id: null } });
    process.stdout.write(
      `\n== plaza triage train on the database (PGlite): ${trained.reportCount} reports in ${((performance.now() - trainStart) / 1000).toFixed(1)} s, accuracy ${(trained.metrics.accuracy * 100).toFixed(1)}% ==\n`,
    );
    // The first suggestion loads the active model; after that each is served from memory.
    await triage.suggestTriage('warm up');
    const suggestTimes: number[] = [];
    for (const row of rows.slice(-5000)) {
      const begin = performance.now();
      await triage.suggestTriage(row.description);
      suggestTimes.push(performance.now() - begin);
    }
    suggestTimes.sort((a, b) => a - b);
    process.stdout.write(
      `suggestTriage through the service, model in memory: median ${(quantile(suggestTimes, 0.5) * 1000).toFixed(0)} µs, p95 ${(quantile(suggestTimes, 0.95) * 1000).toFixed(0)} µs\n`,
    );
    // Labelled pairs: a request Boston's staff marked as a duplicate of another request in the file. A
    // candidate is right when the two are in one group: the original and its duplicates (in either order
    // of time: Boston sometimes kept the later request open and closed the earlier).
    const originalOf = new Map<string, string>();
    for (const row of located)
      if (idOf.has(row.duplicate_of))
        originalOf.set(idOf.get(row.service_request_id) as string, idOf.get(row.duplicate_of) as string);
    const groupOf = (id: string) => originalOf.get(id) ?? id;
    const isRight = (query: string, candidate: string): boolean =>
      query !== candidate &&
      groupOf(query) === groupOf(candidate) &&
      (originalOf.has(query) || originalOf.has(candidate));
    const labelled = located.filter((row) => idOf.has(row.duplicate_of));
    // Precision is measured on requests as they come (about 2% labelled duplicates), leaving out those marked
    // as duplicates of a request not in the file, which cannot be judged. Duplicates the staff did not mark
    // count against it, so it is a lower bound.
    const judgeable = located.filter(
      (row) =>
        idOf.has(row.duplicate_of) || (row.duplicate_of === '' && !/duplicate/i.test(row.status_notes)),
    );
    const labelledOrOriginal = new Set([...originalOf.keys(), ...originalOf.values()]);
    const sampleSize = Math.min(judgeable.length, Number(process.env.TRIAGE_BOSTON_DUPLICATE_SAMPLE ?? 4000));
    const step = judgeable.length / sampleSize;
    const sample = Array.from(
      { length: sampleSize },
      (_, index) => judgeable[Math.floor(index * step)] as BostonRow,
    );
    const queryTimes: number[] = [];
    const search = async (row: BostonRow) => {
      const begin = performance.now();
      const candidates = await findDuplicateCandidates(db, {
        lat: Number(row.lat),
        long: Number(row.long),
        serviceCode: row.service_code,
        description: row.description,
        requestedAt: new Date(row.requested_datetime),
        excludeReportId: idOf.get(row.service_request_id),
        // Boston closes duplicates and originals quickly; at the time of the report the original was open.
        includeClosed: true,
        limit: 5,
        minScore: 0,
      });
      queryTimes.push(performance.now() - begin);
      const self = idOf.get(row.service_request_id) as string;
      return {
        topScore: candidates[0]?.score ?? 0,
        topRight: candidates[0] !== undefined && isRight(self, candidates[0].reportId),
        anyRight: candidates.some((candidate) => isRight(self, candidate.reportId)),
      };
    };
    const positives = [];
    for (const row of labelled) positives.push(await search(row));
    const sampled = [];
    for (const row of sample) sampled.push(await search(row));
    queryTimes.sort((a, b) => a - b);
    const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
    process.stdout.write(
      `\n== Duplicates: ${positives.length} requests Boston marked as duplicates of another request in the file ==\n`,
    );
    process.stdout.write(
      `A right candidate (the original or an earlier duplicate of it) is among the top 5 for ${pct(positives.filter((o) => o.anyRight).length / positives.length)}, first for ${pct(positives.filter((o) => o.topRight).length / positives.length)}\n`,
    );
    process.stdout.write(
      `Precision on ${sampled.length} requests as they come (${sampled.filter((_, index) => labelledOrOriginal.has(idOf.get(sample[index]?.service_request_id ?? '') ?? '')).length} in a labelled pair); recall on the ${positives.length} labelled:\n`,
    );
    process.stdout.write('Score from  Shown   Precision  Recall\n');
    for (const threshold of [0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]) {
      const shown = sampled.filter((outcome) => outcome.topScore >= threshold);
      const precision = shown.length
        ? shown.filter((outcome) => outcome.topRight).length / shown.length
        : NaN;
      const recall =
        positives.filter((outcome) => outcome.topScore >= threshold && outcome.topRight).length /
        positives.length;
      process.stdout.write(
        `${threshold.toFixed(2).padStart(10)}  ${pct(shown.length / sampled.length).padStart(6)}  ${pct(precision).padStart(9)}  ${pct(recall).padStart(6)}\n`,
      );
    }
    process.stdout.write(
      `Query time over ${queryTimes.length} searches among ${located.length} reports: median ${quantile(queryTimes, 0.5).toFixed(1)} ms, p95 ${quantile(queryTimes, 0.95).toFixed(1)} ms (PGlite)\n`,
    );
  } finally {
    await database.close();
  }
}

await main();
