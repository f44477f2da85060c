/**
 * `npm run bench`: measures Plaza on PGlite and on PostgreSQL, each figure against a baseline measured in
 * the same run, and writes the results to docs/PERFORMANCE.md. See that file for what is measured and why.
 *
 * This process is the orchestrator and the load generator (autocannon); Plaza runs in a child process
 * (bench/server.ts) that owns the database, so the server's event loop never serves the load generator.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import type { PreparedSubmission, ServerInfo } from './protocol.js';
import {
  machineInfo,
  printResults,
  writePerformanceDoc,
  type BenchOptions,
  type DatabaseResult,
  type Measured,
} from './report.js';
import { ServerProcess } from './server-process.js';
import { importWithCli, measureOpen311, type ReportsResult } from './reports.js';
import { bostonReportsFile, syntheticReportsFile, type ReportsFile } from './reports-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const started = performance.now();

function log(message: string): void {
  const seconds = Math.round((performance.now() - started) / 1000);
  const stamp = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  process.stdout.write(`[${stamp}] ${message}\n`);
}

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}`);
  return value;
}

const flag = (name: string): boolean =>
  ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());

function readOptions(): BenchOptions {
  return {
    durationSeconds: numberFromEnv('BENCH_DURATION', 6, 1),
    warmupSeconds: numberFromEnv('BENCH_WARMUP', 2, 0),
    runs: Math.round(numberFromEnv('BENCH_RUNS', 3, 1)),
    connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 10, 1)),
    cases: Math.round(numberFromEnv('BENCH_CASES', 100_000, 0)),
    queueDepartment: process.env.BENCH_QUEUE_DEPARTMENT || 'transport',
    skipPglite: flag('BENCH_SKIP_PGLITE'),
    skipPostgres: flag('BENCH_SKIP_POSTGRES'),
    postgresUrl: process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    logLevel: process.env.BENCH_LOG_LEVEL || 'warn',
    writeDoc: process.env.BENCH_WRITE_DOC === undefined ? true : flag('BENCH_WRITE_DOC'),
    reports: Math.round(numberFromEnv('BENCH_REPORTS', 100_000, 0)),
    ...(process.env.PLAZA_BENCH_BOSTON ? { bostonCsv: process.env.PLAZA_BENCH_BOSTON } : {}),
  };
}

/** Cleanups to run however the benchmark ends (a failure, Ctrl-C). */
const cleanups: (() => Promise<void>)[] = [];
async function runCleanups(): Promise<void> {
  while (cleanups.length > 0)
    await cleanups
      .pop()?.()
      .catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
}
process.on('SIGINT', () => {
  log('interrupted: cleaning up');
  void runCleanups().then(() => process.exit(130));
});

/** The server's environment: production, as `npm start` would run it, on the given database. */
function serverEnv(
  options: BenchOptions,
  database: { dataDir: string } | { url: string },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (
      !name.startsWith('PLAZA_') &&
      !['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'HOST', 'SMTP_URL'].includes(name)
    )
      env[name] = value;
  return {
    ...env,
    PLAZA_ENV: 'production',
    PLAZA_SECRET: randomBytes(32).toString('base64url'),
    // Production requires the keys that encrypt personal data at rest.
    PLAZA_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    // All the load comes from one address: the per-address limits would refuse most of it (429), and the
    // figures are about the work a request does, not about being refused.
    PLAZA_RATE_LIMITS: 'off',
    PLAZA_ROLES: 'web,worker',
    PLAZA_BASE_URL: 'http://127.0.0.1:3000',
    LOG_LEVEL: options.logLevel,
    ...('dataDir' in database ? { PLAZA_DATA_DIR: database.dataDir } : { DATABASE_URL: database.url }),
  };
}

/** One measured run, with the server's CPU use over the same time. */
async function measure(server: ServerProcess, spec: LoadSpec): Promise<Measured> {
  await server.call('cpuMark', {});
  const result: LoadResult = await runLoad(spec);
  const cpu = await server.call('cpuMark', {});
  // Let requests still in flight when the time was up finish before anything else happens.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const serverCpu = (cpu.cpuMs / cpu.wallMs) * 100;
  return {
    ...result,
    serverCpu,
    otherCpu: Math.max(0, result.machineCpu - serverCpu - result.loadCpu - result.postgresCpu),
  };
}

function describeRun(name: string, result: Measured): string {
  const unexpected = Object.entries(result.unexpected)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  return (
    `${name}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms` +
    ` (CPU: server ${result.serverCpu.toFixed(0)}%, PostgreSQL ${result.postgresCpu.toFixed(0)}%,` +
    ` load generator ${result.loadCpu.toFixed(0)}%, other processes ${result.otherCpu.toFixed(0)}%)` +
    (unexpected ? ` — unexpected: ${unexpected}` : '') +
    (result.exhausted ? ' — ran out of prepared submissions' : '')
  );
}

/**
 * Every redirect counted must stand for a row written. A few more rows than redirects is expected: requests
 * still in flight when the run's time is up complete on the server, but their responses are not counted.
 */
function checkWrites(notes: string[], name: string, result: Measured, rows: number): void {
  const inFlight = rows - result.ok;
  if (inFlight < 0 || inFlight > result.connections)
    notes.push(`${name}: ${result.ok} redirects counted but ${rows} rows written.`);
}

/**
 * Runs a figure and its baseline alternately (warm-up of each, then baseline, figure, baseline, figure…),
 * so that drift in a noisy machine falls on both alike.
 */
async function paired(
  options: BenchOptions,
  name: string,
  runBaseline: (seconds: number) => Promise<Measured>,
  runSubject: (seconds: number) => Promise<Measured>,
): Promise<{ baseline: Measured[]; subject: Measured[] }> {
  if (options.warmupSeconds > 0) {
    log(`${name}: warming up`);
    await runBaseline(options.warmupSeconds);
    await runSubject(options.warmupSeconds);
  }
  const baseline: Measured[] = [];
  const subject: Measured[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const base = await runBaseline(options.durationSeconds);
    log(describeRun(`${name} baseline, run ${run}/${options.runs}`, base));
    baseline.push(base);
    const measured = await runSubject(options.durationSeconds);
    log(describeRun(`${name}, run ${run}/${options.runs}`, measured));
    subject.push(measured);
  }
  return { baseline, subject };
}

async function repeated(
  options: BenchOptions,
  name: string,
  run: (seconds: number) => Promise<Measured>,
): Promise<Measured[]> {
  if (options.warmupSeconds > 0) {
    log(`${name}: warming up`);
    await run(options.warmupSeconds);
  }
  const results: Measured[] = [];
  for (let index = 1; index <= options.runs; index++) {
    const result = await run(options.durationSeconds);
    log(describeRun(`${name}, run ${index}/${options.runs}`, result));
    results.push(result);
  }
  return results;
}

async function benchDatabase(
  options: BenchOptions,
  kind: 'pglite' | 'postgres',
  reportsFile: ReportsFile | undefined,
): Promise<DatabaseResult> {
  const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const databaseStarted = performance.now();
  const notes: string[] = [];
  let location: { dataDir: string } | { url: string };
  const localCleanups: (() => Promise<void>)[] = [];
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'plaza-bench-'));
    location = { dataDir };
    localCleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    log(`${label}: data folder ${dataDir}`);
  } else {
    const name = `plaza_bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: options.postgresUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(options.postgresUrl);
    url.pathname = `/${name}`;
    location = { url: url.toString() };
    localCleanups.push(async () => {
      const cleaner = new pg.Client({ connectionString: options.postgresUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    });
    log(`${label}: database ${name}`);
  }
  const cleanup = async (): Promise<void> => {
    while (localCleanups.length > 0) await localCleanups.pop()?.();
  };
  cleanups.push(cleanup);

  try {
    // One environment (one secret) for the import commands and the server that follows them.
    const env = serverEnv(options, location);
    let imported: Awaited<ReturnType<typeof importWithCli>> | undefined;
    if (reportsFile)
      imported = await importWithCli(
        env,
        reportsFile,
        join(dirname(reportsFile.path), `rejects-${kind}.csv`),
        (message) => log(`${label}: ${message}`),
      );
    log(`${label}: starting Plaza (production mode, web and worker roles)`);
    const server = await ServerProcess.start(join(here, 'server.js'), env, (message) =>
      log(`${label}: ${message}`),
    );
    localCleanups.push(async () => server.kill());
    const info: ServerInfo = await server.call('info', {});
    log(
      `${label}: ${info.databaseVersion.split(' on ')[0] ?? info.databaseVersion}; Plaza on port ${info.plazaPort}, baselines on ${info.baselinePort}`,
    );

    log(`${label}: seeding ${options.cases.toLocaleString('en')} applications`);
    // PostgreSQL's autovacuum vacuums and analyses a table soon after a bulk load; on PGlite, which has no
    // autovacuum, Plaza analyses at start and every hour (src/platform/db/maintenance.ts). Do each now rather
    // than mid-measurement.
    const seed = await server.call('seedCases', {
      count: options.cases,
      department: options.queueDepartment,
      maintenance: kind === 'postgres' ? 'vacuum' : 'analyze',
    });
    log(`${label}: seeded in ${seed.seconds.toFixed(1)} s`);
    const { cookie: caseworkerCookie } = await server.call('signInCaseworker', {
      department: options.queueDepartment,
    });
    log(`${label}: tracing one request of each kind`);
    const diagnosis = await server.call('diagnose', { department: options.queueDepartment });
    for (const route of diagnosis.routes)
      log(`${label}: ${route.name} ran ${route.statements.length} SQL statements (status ${route.status})`);

    const plaza = `http://127.0.0.1:${info.plazaPort}`;
    const baseline = `http://127.0.0.1:${info.baselinePort}`;
    const common = { connections: options.connections };

    // ---- 3. The start page against a bare route returning the same HTML.
    const sessionsBefore = (await server.call('counters', {})).sessions;
    const start = await paired(
      options,
      `${label} start page`,
      (seconds) =>
        measure(server, { ...common, url: `${baseline}/html`, durationSeconds: seconds, expectStatus: 200 }),
      (seconds) =>
        measure(server, {
          ...common,
          url: `${plaza}/services/residential-parking-permit`,
          durationSeconds: seconds,
          expectStatus: 200,
        }),
    );
    const sessionsAfter = (await server.call('counters', {})).sessions;
    if (sessionsAfter !== sessionsBefore)
      notes.push(`Anonymous start page views created ${sessionsAfter - sessionsBefore} session rows.`);

    // ---- 2. The staff queue at 100,000 applications, signed in as a caseworker.
    const queueUrl = `${plaza}/staff/queue?department=${encodeURIComponent(options.queueDepartment)}`;
    const queue = await repeated(
      options,
      `${label} staff queue (${options.connections} connections)`,
      (seconds) =>
        measure(server, {
          ...common,
          url: queueUrl,
          headers: { cookie: caseworkerCookie },
          durationSeconds: seconds,
          expectStatus: 200,
        }),
    );
    const queueSingle = await repeated(
      { ...options, warmupSeconds: 0 },
      `${label} staff queue (1 connection)`,
      (seconds) =>
        measure(server, {
          connections: 1,
          url: queueUrl,
          headers: { cookie: caseworkerCookie },
          durationSeconds: seconds,
          expectStatus: 200,
        }),
    );

    // ---- 1. Submitting an application against a bare route doing one INSERT.
    let bestRate = 0;
    const submit = await paired(
      options,
      `${label} submit`,
      async (seconds) => {
        const before = await server.call('counters', {});
        const result = await measure(server, {
          ...common,
          url: `${baseline}/insert`,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'service=bulky-waste-collection&items=sofa&items=mattress',
          durationSeconds: seconds,
          expectStatus: 303,
        });
        const after = await server.call('counters', {});
        checkWrites(notes, `${label} bare INSERT`, result, after.baselineInserts - before.baselineInserts);
        return result;
      },
      async (seconds) => {
        // Enough prepared submissions for the fastest rate seen so far, with room to spare.
        const count = Math.ceil(Math.max(1_500, bestRate * seconds * 1.6 + 500));
        const pool: PreparedSubmission[] = await server.call('prepareSubmissions', { count });
        let next = 0;
        const before = await server.call('counters', {});
        const result = await measure(server, {
          ...common,
          url: plaza,
          method: 'POST',
          durationSeconds: seconds,
          expectStatus: 303,
          next: () => {
            const item = pool[next++];
            return item
              ? {
                  method: 'POST',
                  path: item.path,
                  headers: { cookie: item.cookie, 'content-type': 'application/x-www-form-urlencoded' },
                  body: item.body,
                }
              : undefined;
          },
        });
        const after = await server.call('counters', {});
        bestRate = Math.max(bestRate, result.rps);
        checkWrites(notes, `${label} submit`, result, after.cases - before.cases);
        return result;
      },
    );

    // ---- Reports (issue 3): Open311 on the imported history, and triage trained on it (bench/reports.ts).
    let reports: ReportsResult | undefined;
    if (reportsFile && imported) {
      const context = {
        options,
        label,
        server,
        plaza,
        baseline,
        file: reportsFile,
        measure,
        paired,
        repeated,
        log,
        notes,
      };
      // Triage first: it learns from the imported history, before the measured POSTs add thousands of
      // identical reports.
      log(`${label}: training triage on up to 100,000 reports`);
      const triage = await server
        .call('trainTriage', { limit: 100_000, predictions: 2_000 })
        .catch((error: unknown) => ({ unavailable: String(error).split('\n')[0] ?? 'failed' }));
      if ('unavailable' in triage) log(`${label}: triage not measured: ${triage.unavailable}`);
      else
        log(
          `${label}: triage trained on ${triage.reports} reports in ${triage.trainSeconds.toFixed(1)} s; prediction p50 ${triage.predictP50Us.toFixed(0)} µs, p95 ${triage.predictP95Us.toFixed(0)} µs`,
        );
      const open311 = await measureOpen311(context);
      if ('unavailable' in open311) log(`${label}: Open311 not measured: ${open311.unavailable}`);
      const { path: _path, ...file } = reportsFile;
      reports = { file, first: imported.first, again: imported.again, open311, triage };
    }

    // ---- PGlite again, after the nightly vacuum as well (see docs/PERFORMANCE.md).
    let queueVacuumed: Measured[] | undefined;
    let queuePlansVacuumed: DatabaseResult['queuePlansVacuumed'];
    if (kind === 'pglite') {
      const { seconds } = await server.call('vacuumAnalyze', {});
      log(`${label}: vacuum analyze took ${seconds.toFixed(1)} s`);
      queuePlansVacuumed = (await server.call('diagnose', { department: options.queueDepartment }))
        .queuePlans;
      queueVacuumed = await repeated(
        options,
        `${label} staff queue after vacuum analyze (${options.connections} connections)`,
        (seconds) =>
          measure(server, {
            ...common,
            url: queueUrl,
            headers: { cookie: caseworkerCookie },
            durationSeconds: seconds,
            expectStatus: 200,
          }),
      );
    }

    const finalCounters = await server.call('counters', {});
    await server.stop();
    return {
      label,
      info,
      seed,
      diagnosis,
      start,
      queue,
      queueSingle,
      queueVacuumed,
      queuePlansVacuumed,
      submit,
      notes,
      cases: finalCounters.cases,
      seconds: (performance.now() - databaseStarted) / 1000,
      ...(reports ? { reports } : {}),
    };
  } finally {
    await cleanup();
    cleanups.splice(cleanups.indexOf(cleanup), 1);
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  log(
    `Plaza benchmark: ${options.runs} runs of ${options.durationSeconds} s (after ${options.warmupSeconds} s of warm-up) per figure, ${options.connections} connections`,
  );
  let reportsFile: ReportsFile | undefined;
  if (options.reports > 0) {
    const folder = mkdtempSync(join(tmpdir(), 'plaza-bench-reports-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'history.csv');
    log(
      `making ${options.reports.toLocaleString('en')} reports of 311 history from ${options.bostonCsv ? options.bostonCsv : 'synthetic records'}`,
    );
    reportsFile = options.bostonCsv
      ? await bostonReportsFile(path, options.reports, options.bostonCsv)
      : await syntheticReportsFile(path, options.reports, new Date());
  }
  const results: DatabaseResult[] = [];
  if (!options.skipPglite) results.push(await benchDatabase(options, 'pglite', reportsFile));
  if (!options.skipPostgres) results.push(await benchDatabase(options, 'postgres', reportsFile));
  if (results.length === 0) throw new Error('Both databases are skipped: nothing to measure');
  const machine = await machineInfo(options, results);
  const totalSeconds = (performance.now() - started) / 1000;
  printResults(results, options);
  if (options.writeDoc) {
    const file = writePerformanceDoc(results, machine, options, totalSeconds);
    log(`results written to ${file}`);
  }
  log(`done in ${Math.floor(totalSeconds / 60)} min ${Math.round(totalSeconds % 60)} s`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await runCleanups();
    process.exit(1);
  },
);
