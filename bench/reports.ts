/**
 * The reports part of `npm run bench` (issue 3): a city's 311 history imported with the real command
 * (`plaza import requests`, timed; then the same file again, which must add nothing), and, on that data,
 * Open311's `GET requests.json` with filters (p95), Open311's `POST requests.json` against a bare INSERT of
 * one reports row in the same server process (a ratio), and triage's training time and prediction latency.
 * BENCH_REPORTS sets the number of reports (0 skips this part); PLAZA_BENCH_BOSTON names Boston's Open311
 * file to build them from (bench/reports-data.ts).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineBusyMs, median, postgresDelta, postgresMs } from './load.js';
import type { LoadSpec } from './load.js';
import type { Open311Setup, TriageFigures } from './protocol.js';
import type { BenchOptions, Measured } from './report.js';
import type { ReportsFile } from './reports-data.js';
import type { ServerProcess } from './server-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const plazaCli = join(here, '..', 'src', 'cli', 'plaza.js');

export interface ImportFigures {
  rows: number;
  loaded: number;
  alreadyLoaded: number;
  rejected: number;
  /** As the command reports it: reading, checking and loading, from the first byte to the last commit. */
  seconds: number;
  /** The whole command, with Node's start, opening the database and the final ANALYZE. */
  wallSeconds: number;
  rowsPerSecond: number;
  /** CPU seconds over the whole command: the import process, PostgreSQL's processes, everything else. */
  commandCpu: number;
  postgresCpu: number;
  otherCpu: number;
}

export interface ReportsResult {
  file: Omit<ReportsFile, 'path'>;
  first: ImportFigures;
  again: ImportFigures;
  open311: Open311Figures | { unavailable: string };
  triage: TriageFigures | { unavailable: string };
}

export interface Open311Figures {
  getQuery: string;
  get: Measured[];
  getSingle: Measured[];
  /** The same query asking for pages of 50 (the paging extension), as a map or a list page would. */
  getPaged: Measured[];
  post: { baseline: Measured[]; subject: Measured[] } | { unavailable: string };
}

export const REPORT_TARGETS = {
  postRatio: 0.4,
  getP95Ms: 100,
  importPostgres: 30_000,
  importPglite: 5_000,
} as const;

interface CommandRun {
  stdout: string;
  seconds: number;
  /** CPU time in seconds: the command's process, PostgreSQL's processes, and the rest of the machine. */
  commandCpu: number;
  postgresCpu: number;
  otherCpu: number;
}

/** CPU time (user + system) a process has used so far, in seconds; undefined once it has ended. */
function processCpu(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 10) / 1000;
  } catch {
    return undefined;
  }
}

/** Runs a plaza command, sampling its CPU time until it ends (the machine is shared: the rest is noise). */
async function plaza(env: NodeJS.ProcessEnv, args: string[]): Promise<CommandRun> {
  const started = performance.now();
  const machineBefore = machineBusyMs();
  const postgresBefore = postgresMs();
  const child = execFile(process.execPath, [plazaCli, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  let commandCpu = 0;
  // The import's own PostgreSQL connection starts and ends with it: keep the last figure of every backend.
  const postgresSeen = new Map(postgresBefore);
  const sampler = setInterval(() => {
    if (child.pid !== undefined) commandCpu = processCpu(child.pid) ?? commandCpu;
    for (const [pid, ms] of postgresMs()) postgresSeen.set(pid, ms);
  }, 200);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  for (const [pid, ms] of postgresMs()) postgresSeen.set(pid, ms);
  const postgresCpu = postgresDelta(postgresBefore, postgresSeen) / 1000;
  const machineCpu = (machineBusyMs() - machineBefore) / 1000;
  // Exit code 1 with a summary: the import ran, some records were rejected.
  if (code !== 0 && !(code === 1 && stdout.includes('Loaded:')))
    throw new Error(`plaza ${args.join(' ')} failed (${code}): ${stderr}${stdout}`);
  return {
    stdout,
    seconds,
    commandCpu,
    postgresCpu,
    otherCpu: Math.max(0, machineCpu - commandCpu - postgresCpu),
  };
}

const figure = (text: string, pattern: RegExp): number => {
  const found = pattern.exec(text)?.[1];
  if (found === undefined) throw new Error(`No ${pattern.source} in: ${text}`);
  return Number(found.replace(/,/g, ''));
};

function parseSummary(command: CommandRun): ImportFigures {
  const stdout = command.stdout;
  const rows = figure(stdout, /([\d,]+) records read/);
  const seconds = figure(stdout, /read in ([\d.]+) s/);
  return {
    rows,
    loaded: figure(stdout, /Loaded: ([\d,]+)/),
    alreadyLoaded: figure(stdout, /Already loaded before: ([\d,]+)/),
    rejected: figure(stdout, /Rejected: ([\d,]+)/),
    seconds,
    wallSeconds: command.seconds,
    rowsPerSecond: seconds > 0 ? rows / seconds : rows,
    commandCpu: command.commandCpu,
    postgresCpu: command.postgresCpu,
    otherCpu: command.otherCpu,
  };
}

/** Migrates the new database and imports the file twice with `plaza import requests`, as a city would. */
export async function importWithCli(
  env: NodeJS.ProcessEnv,
  file: ReportsFile,
  rejectsPath: string,
  log: (message: string) => void,
): Promise<{ first: ImportFigures; again: ImportFigures }> {
  await plaza(env, ['db', 'migrate']);
  const args = ['import', 'requests', file.path, '--source', 'bench-history', '--rejects', rejectsPath];
  log(`importing ${file.rows.toLocaleString('en')} reports with plaza import requests`);
  const firstRun = await plaza(env, args);
  const first = parseSummary(firstRun);
  log(
    `imported: ${first.loaded.toLocaleString('en')} loaded, ${first.rejected} rejected, ${Math.round(first.rowsPerSecond).toLocaleString('en')} rows/s (${first.wallSeconds.toFixed(1)} s in all; CPU: import ${first.commandCpu.toFixed(1)} s, PostgreSQL ${first.postgresCpu.toFixed(1)} s, other processes ${first.otherCpu.toFixed(1)} s)`,
  );
  const againRun = await plaza(env, args);
  const again = parseSummary(againRun);
  log(
    `imported again: ${again.loaded} loaded, ${again.alreadyLoaded.toLocaleString('en')} already loaded, ${Math.round(again.rowsPerSecond).toLocaleString('en')} rows/s`,
  );
  if (again.loaded !== 0) throw new Error(`Importing the same file again loaded ${again.loaded} reports`);
  return { first, again };
}

export interface ReportsContext {
  options: BenchOptions;
  label: string;
  server: ServerProcess;
  plaza: string;
  baseline: string;
  file: ReportsFile;
  measure: (server: ServerProcess, spec: LoadSpec) => Promise<Measured>;
  paired: (
    options: BenchOptions,
    name: string,
    runBaseline: (seconds: number) => Promise<Measured>,
    runSubject: (seconds: number) => Promise<Measured>,
  ) => Promise<{ baseline: Measured[]; subject: Measured[] }>;
  repeated: (
    options: BenchOptions,
    name: string,
    run: (seconds: number) => Promise<Measured>,
  ) => Promise<Measured[]>;
  log: (message: string) => void;
  notes: string[];
}

/** `start_date` and `end_date` cover the 90 days before the newest report; the type is the commonest one. */
function getQuery(file: ReportsFile): string {
  const end = file.newest;
  const start = new Date(end.getTime() - 90 * 86_400_000);
  const day = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return new URLSearchParams({
    service_code: file.commonServiceCode,
    status: 'closed',
    start_date: day(start),
    end_date: day(end),
  }).toString();
}

export async function measureOpen311(context: ReportsContext): Promise<ReportsResult['open311']> {
  const { server, label, options } = context;
  const setup: Open311Setup = await server.call('open311Setup', {});
  if (!setup.available) return { unavailable: setup.reason };
  const query = getQuery(context.file);
  const getUrl = `${context.plaza}/open311/v2/requests.json?${query}`;
  const common = { connections: options.connections };
  const get = await context.repeated(options, `${label} Open311 GET requests.json`, (seconds) =>
    context.measure(server, { ...common, url: getUrl, durationSeconds: seconds, expectStatus: 200 }),
  );
  const getSingle = await context.repeated(
    { ...options, warmupSeconds: 0 },
    `${label} Open311 GET requests.json (1 connection)`,
    (seconds) =>
      context.measure(server, { connections: 1, url: getUrl, durationSeconds: seconds, expectStatus: 200 }),
  );
  const getPaged = await context.repeated(
    options,
    `${label} Open311 GET requests.json, pages of 50`,
    (seconds) =>
      context.measure(server, {
        ...common,
        url: `${getUrl}&page_size=50`,
        durationSeconds: seconds,
        expectStatus: 200,
      }),
  );
  if (!setup.post)
    return { getQuery: query, get, getSingle, getPaged, post: { unavailable: setup.postReason } };
  const post = setup.post;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const result = await context.paired(
    options,
    `${label} Open311 POST requests.json`,
    async (seconds) => {
      const before = await server.call('reportCounters', {});
      const measured = await context.measure(server, {
        ...common,
        url: `${context.baseline}/insert-report`,
        method: 'POST',
        headers: form,
        body: post.body,
        durationSeconds: seconds,
        expectStatus: 303,
      });
      const after = await server.call('reportCounters', {});
      checkRows(context.notes, `${label} bare reports INSERT`, measured, after.baseline - before.baseline);
      return measured;
    },
    async (seconds) => {
      const before = await server.call('reportCounters', {});
      const measured = await context.measure(server, {
        ...common,
        url: `${context.plaza}/open311/v2/requests.json`,
        method: 'POST',
        headers: { ...form, 'x-api-key': post.apiKey },
        body: post.body,
        durationSeconds: seconds,
        expectStatus: post.status,
      });
      const after = await server.call('reportCounters', {});
      checkRows(context.notes, `${label} Open311 POST`, measured, after.open311 - before.open311);
      return measured;
    },
  );
  return { getQuery: query, get, getSingle, getPaged, post: result };
}

function checkRows(notes: string[], name: string, result: Measured, rows: number): void {
  const inFlight = rows - result.ok;
  if (inFlight < 0 || inFlight > result.connections)
    notes.push(`${name}: ${result.ok} answers counted but ${rows} reports written.`);
}

// ---- The results, for docs/PERFORMANCE.md.

const rate = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => `${value.toFixed(1)} ms`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

export function reportsFiguresRows(
  label: string,
  kind: 'pglite' | 'postgres',
  result: ReportsResult,
): string[] {
  const rows: string[] = [];
  const importAim = kind === 'postgres' ? REPORT_TARGETS.importPostgres : REPORT_TARGETS.importPglite;
  rows.push(
    `| ${label} | Import ${result.first.rows.toLocaleString('en')} reports (\`plaza import requests\`) | ${rate(result.first.rowsPerSecond)} rows/s | ${rate(importAim)} rows/s | ${met(result.first.rowsPerSecond >= importAim)} |`,
    `| ${label} | The same file again (all already loaded) | ${rate(result.again.rowsPerSecond)} rows/s | – | – |`,
  );
  if ('unavailable' in result.open311) {
    rows.push(
      `| ${label} | Open311 GET and POST requests.json | not measured: ${result.open311.unavailable} | | |`,
    );
  } else {
    const open311 = result.open311;
    const p95 = median(open311.get.map((run) => run.p95));
    rows.push(
      `| ${label} | Open311 \`GET requests.json\` with filters, p95 (${open311.get[0]?.connections ?? ''} connections) | ${ms(p95)} | < ${REPORT_TARGETS.getP95Ms} ms | ${met(p95 < REPORT_TARGETS.getP95Ms)} |`,
      `| ${label} | the same, 1 connection, p95 | ${ms(median(open311.getSingle.map((run) => run.p95)))} | – | – |`,
      `| ${label} | the same with \`page_size=50\`, p95 (${open311.getPaged[0]?.connections ?? ''} connections) | ${ms(median(open311.getPaged.map((run) => run.p95)))} | < ${REPORT_TARGETS.getP95Ms} ms | ${met(median(open311.getPaged.map((run) => run.p95)) < REPORT_TARGETS.getP95Ms)} |`,
    );
    if ('unavailable' in open311.post)
      rows.push(
        `| ${label} | Open311 \`POST requests.json\` | not measured: ${open311.post.unavailable} | | |`,
      );
    else {
      const subject = median(open311.post.subject.map((run) => run.rps));
      const baseline = median(open311.post.baseline.map((run) => run.rps));
      const ratio = baseline > 0 ? subject / baseline : 0;
      rows.push(
        `| ${label} | Open311 \`POST requests.json\` vs a bare INSERT of one reports row | ${subject.toFixed(0)} vs ${baseline.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)}% | ≥ ${REPORT_TARGETS.postRatio * 100}% | ${met(ratio >= REPORT_TARGETS.postRatio)} |`,
      );
    }
  }
  if ('unavailable' in result.triage)
    rows.push(`| ${label} | Triage | not measured: ${result.triage.unavailable} | | |`);
  else {
    const triage = result.triage;
    rows.push(
      `| ${label} | Triage: training on ${triage.reports.toLocaleString('en')} reports (with the time-ordered evaluation) | ${triage.trainSeconds.toFixed(1)} s | < 60 s for 100,000 | ${met(triage.trainSeconds < 60 || triage.reports > 100_000)} |`,
      `| ${label} | Triage: one prediction (\`suggestTriage\`), p50 / p95 over ${triage.predictions.toLocaleString('en')} | ${triage.predictP50Us.toFixed(0)} / ${triage.predictP95Us.toFixed(0)} µs | well under 1 ms | ${met(triage.predictP95Us < 1000)} |`,
    );
  }
  return rows;
}

export function reportsSection(
  results: { label: string; kind: 'pglite' | 'postgres'; reports?: ReportsResult }[],
  options: { reports: number; bostonCsv?: string },
): string {
  const withReports = results.filter(
    (result): result is typeof result & { reports: ReportsResult } => result.reports !== undefined,
  );
  if (withReports.length === 0) return '';
  const first = withReports[0]?.reports;
  const lines = [
    '#### Reports (issue 3)',
    '',
    `Data: ${first?.file.rows.toLocaleString('en')} reports (${first?.file.origin}; ${((first?.file.bytes ?? 0) / 2 ** 20).toFixed(0)} MiB of CSV), imported with \`plaza import requests\` into a new database before Plaza starts, then imported again (nothing added).`,
    '',
    '| Database | Figure | Measured | Aim | |',
    '| --- | --- | --- | --- | --- |',
    ...withReports.flatMap((result) => reportsFiguresRows(result.label, result.kind, result.reports)),
    '',
  ];
  for (const result of withReports) {
    const { first } = result.reports;
    const busiest = Math.max(first.commandCpu, first.postgresCpu);
    lines.push(
      `${result.label} import: ${first.wallSeconds.toFixed(1)} s in all; CPU time meanwhile: the import process ${first.commandCpu.toFixed(1)} s${result.kind === 'postgres' ? `, PostgreSQL ${first.postgresCpu.toFixed(1)} s` : ' (PGlite inside it)'}, other processes ${first.otherCpu.toFixed(1)} s. ${busiest > 0 ? `The busier of the two sides needed ${((busiest * 1000) / (first.rows / 1000)).toFixed(1)} ms of CPU per 1,000 rows: ${rate(first.rows / busiest)} rows per CPU-second, the rate when it has a core to itself.` : ''}`,
      '',
    );
  }
  for (const result of withReports) {
    const open311 = result.reports.open311;
    if ('unavailable' in open311) continue;
    lines.push(
      `${result.label}: the GET query was \`${open311.getQuery}\`; CPU during the GET runs: server ${median(open311.get.map((run) => run.serverCpu)).toFixed(0)}%, PostgreSQL ${median(open311.get.map((run) => run.postgresCpu)).toFixed(0)}%, load generator ${median(open311.get.map((run) => run.loadCpu)).toFixed(0)}%, other ${median(open311.get.map((run) => run.otherCpu)).toFixed(0)}%.`,
      '',
    );
  }
  for (const result of withReports)
    if (!('unavailable' in result.reports.triage))
      lines.push(
        `${result.label}: triage accuracy on the newest 20% ${(result.reports.triage.accuracy * 100).toFixed(1)}% against ${(result.reports.triage.baselineAccuracy * 100).toFixed(1)}% for the majority class.`,
        '',
      );
  lines.push(
    `Reports part settings: \`BENCH_REPORTS=${options.reports}\`${options.bostonCsv ? ' `PLAZA_BENCH_BOSTON=…`' : ''}.`,
  );
  return lines.join('\n');
}
