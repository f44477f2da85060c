/** The benchmark's results: the table of figures, the details behind them, and docs/PERFORMANCE.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../src/config.js';
import { median, type LoadResult } from './load.js';
import type { Diagnosis, SeedResult, ServerInfo } from './protocol.js';
import { reportsSection, type ReportsResult } from './reports.js';

export interface BenchOptions {
  durationSeconds: number;
  warmupSeconds: number;
  runs: number;
  connections: number;
  cases: number;
  queueDepartment: string;
  skipPglite: boolean;
  skipPostgres: boolean;
  postgresUrl: string;
  logLevel: string;
  writeDoc: boolean;
  /** Reports imported for the reports part (bench/reports.ts); 0 skips it. */
  reports: number;
  /** Boston's Open311 file to make them from (PLAZA_BENCH_BOSTON); synthetic records without it. */
  bostonCsv?: string;
}

export interface Measured extends LoadResult {
  /** CPU used by the server process during the run, in % of one core. */
  serverCpu: number;
  /** CPU used by everything else on the machine (other people's work), in % of one core. */
  otherCpu: number;
}

export interface DatabaseResult {
  label: string;
  info: ServerInfo;
  seed: SeedResult;
  diagnosis: Diagnosis;
  start: { baseline: Measured[]; subject: Measured[] };
  queue: Measured[];
  queueSingle: Measured[];
  /** PGlite only: the queue again after `vacuum analyze`, and its queries' plans then. */
  queueVacuumed?: Measured[];
  queuePlansVacuumed?: Diagnosis['queuePlans'];
  submit: { baseline: Measured[]; subject: Measured[] };
  notes: string[];
  cases: number;
  seconds: number;
  reports?: ReportsResult;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  postgresSettings: string;
  pglite: string;
  date: string;
}

export const TARGETS = {
  submitRatio: 0.4,
  queueP95Ms: 100,
  startRatio: 0.25,
} as const;

export async function machineInfo(options: BenchOptions, results: DatabaseResult[]): Promise<MachineInfo> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || cpus().length;
  const pgliteVersion = (
    JSON.parse(
      readFileSync(join(packageRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  const pgliteInside = results.find((result) => result.info.kind === 'pglite')?.info.databaseVersion;
  let postgres = results.find((result) => result.info.kind === 'postgres')?.info.databaseVersion ?? '';
  let postgresSettings = '';
  try {
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      if (!postgres)
        postgres = (await client.query<{ version: string }>('select version()')).rows[0]?.version ?? '';
      const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
        `select name, setting, unit from pg_settings
         where name in ('shared_buffers', 'synchronous_commit', 'fsync', 'autovacuum', 'work_mem')
         order by name`,
      );
      postgresSettings = rows
        .map((row) =>
          row.name === 'shared_buffers' || row.name === 'work_mem'
            ? `${row.name} = ${formatKb(Number(row.setting) * (row.unit === '8kB' ? 8 : 1))}`
            : `${row.name} = ${row.setting}`,
        )
        .join(', ');
    } finally {
      await client.end();
    }
  } catch {
    postgres ||= 'not reachable';
  }
  return {
    cpu: model,
    cores,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: `Linux ${release()}`,
    node: process.version,
    postgres: shortVersion(postgres) || 'not measured',
    postgresSettings,
    pglite: `${pgliteVersion}${pgliteInside ? ` (${shortVersion(pgliteInside).replace(/\s*\(PGlite[^)]*\)/, '')} inside)` : ''}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

function formatKb(kb: number): string {
  return kb >= 1024 * 1024 ? `${kb / 1024 / 1024} GB` : kb >= 1024 ? `${kb / 1024} MB` : `${kb} kB`;
}

function shortVersion(version: string): string {
  return version.split(/ on |, compiled/)[0] ?? version;
}

// ---- Figures.

interface Figure {
  database: string;
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  result: string;
}

const rate = (value: number): string =>
  Number.isFinite(value) ? (value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1)) : '–';
const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
const percent = (value: number): string => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–');

function problems(runs: Measured[]): string {
  const unexpected: Record<string, number> = {};
  for (const run of runs)
    for (const [status, count] of Object.entries(run.unexpected))
      unexpected[status] = (unexpected[status] ?? 0) + count;
  const text = Object.entries(unexpected)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  const exhausted = runs.some((run) => run.exhausted) ? 'ran out of prepared submissions' : '';
  return [text ? `unexpected responses: ${text}` : '', exhausted].filter(Boolean).join('; ');
}

function verdict(met: boolean, runs: Measured[]): string {
  const trouble = problems(runs);
  return `${met ? '**met**' : '**not met**'}${trouble ? ` (⚠ ${trouble})` : ''}`;
}

function figuresOf(result: DatabaseResult, options: BenchOptions): Figure[] {
  const medianOf = (runs: Measured[], key: 'rps' | 'p95' | 'p50' | 'p99'): number =>
    median(runs.map((run) => run[key]));
  const submit = medianOf(result.submit.subject, 'rps');
  const insert = medianOf(result.submit.baseline, 'rps');
  const queueP95 = medianOf(result.queue, 'p95');
  const queueRps = medianOf(result.queue, 'rps');
  const singleP95 = medianOf(result.queueSingle, 'p95');
  const singleRps = medianOf(result.queueSingle, 'rps');
  const start = medianOf(result.start.subject, 'rps');
  const html = medianOf(result.start.baseline, 'rps');
  const cases = result.seed.total.toLocaleString('en');
  return [
    {
      database: result.label,
      name: 'Submit an application (req/s)',
      value: rate(submit),
      baseline: `${rate(insert)} (bare INSERT)`,
      ratio: percent(submit / insert),
      target: `≥ ${TARGETS.submitRatio * 100}% of baseline`,
      result: verdict(submit / insert >= TARGETS.submitRatio, [
        ...result.submit.subject,
        ...result.submit.baseline,
      ]),
    },
    {
      database: result.label,
      name: `Staff queue, ${cases} applications: p95 at ${options.connections} connections`,
      value: `${ms(queueP95)} (${rate(queueRps)} req/s)`,
      baseline: '–',
      ratio: '–',
      target: `p95 < ${TARGETS.queueP95Ms} ms`,
      result: verdict(queueP95 < TARGETS.queueP95Ms, result.queue),
    },
    {
      database: result.label,
      name: `Staff queue, ${cases} applications: p95 at 1 connection`,
      value: `${ms(singleP95)} (${rate(singleRps)} req/s)`,
      baseline: '–',
      ratio: '–',
      target: '(for information)',
      result: problems(result.queueSingle) ? `⚠ ${problems(result.queueSingle)}` : '–',
    },
    ...(result.queueVacuumed
      ? [
          {
            database: result.label,
            name: `Staff queue after the nightly \`vacuum (analyze)\`: p95 at ${options.connections} connections`,
            value: `${ms(medianOf(result.queueVacuumed, 'p95'))} (${rate(medianOf(result.queueVacuumed, 'rps'))} req/s)`,
            baseline: '–',
            ratio: '–',
            target: '(for information)',
            result:
              medianOf(result.queueVacuumed, 'p95') < TARGETS.queueP95Ms
                ? 'target would be met'
                : 'target would still not be met',
          },
        ]
      : []),
    {
      database: result.label,
      name: 'Service start page (req/s)',
      value: rate(start),
      baseline: `${rate(html)} (bare HTML, ${(result.info.startPageBytes / 1024).toFixed(1)} KiB)`,
      ratio: percent(start / html),
      target: `≥ ${TARGETS.startRatio * 100}% of baseline`,
      result: verdict(start / html >= TARGETS.startRatio, [
        ...result.start.subject,
        ...result.start.baseline,
      ]),
    },
  ];
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function figuresTable(results: DatabaseResult[], options: BenchOptions): string {
  return markdownTable(
    ['Database', 'Figure', 'Plaza', 'Baseline', 'Ratio', 'Target', 'Result'],
    results.flatMap((result) =>
      figuresOf(result, options).map((figure) => [
        figure.database,
        figure.name,
        figure.value,
        figure.baseline,
        figure.ratio,
        figure.target,
        figure.result,
      ]),
    ),
  );
}

function detailsTable(results: DatabaseResult[]): string {
  const row = (database: string, name: string, runs: Measured[]): string[] => {
    const m = (pick: (run: Measured) => number): number => median(runs.map(pick));
    return [
      database,
      name,
      runs.map((run) => rate(run.rps)).join(' / '),
      rate(m((run) => run.rps)),
      ms(m((run) => run.p50)),
      ms(m((run) => run.p95)),
      ms(m((run) => run.p99)),
      `${m((run) => run.serverCpu).toFixed(0)}%`,
      `${m((run) => run.postgresCpu).toFixed(0)}%`,
      `${m((run) => run.loadCpu).toFixed(0)}%`,
      `${m((run) => run.otherCpu).toFixed(0)}%`,
    ];
  };
  return markdownTable(
    [
      'Database',
      'Measured',
      'Runs (req/s)',
      'Median req/s',
      'p50',
      'p95',
      'p99',
      'CPU: server',
      'PostgreSQL',
      'load generator',
      'other processes',
    ],
    results.flatMap((result) => [
      row(result.label, 'Submit an application', result.submit.subject),
      row(result.label, 'Baseline: bare INSERT', result.submit.baseline),
      row(result.label, `Staff queue (${result.queue[0]?.connections ?? '?'} connections)`, result.queue),
      row(result.label, 'Staff queue (1 connection)', result.queueSingle),
      ...(result.queueVacuumed
        ? [row(result.label, 'Staff queue after the nightly vacuum', result.queueVacuumed)]
        : []),
      row(result.label, 'Start page', result.start.subject),
      row(result.label, 'Baseline: bare HTML', result.start.baseline),
    ]),
  );
}

function seedTable(results: DatabaseResult[]): string {
  return results
    .map(
      (result) =>
        `${result.label}: ${result.seed.total.toLocaleString('en')} applications seeded in ${result.seed.seconds.toFixed(1)} s — ` +
        result.seed.byDepartment
          .map(
            (row) =>
              `${row.department} ${row.cases.toLocaleString('en')} (${row.open.toLocaleString('en')} open)`,
          )
          .join(', '),
    )
    .map((line) => `- ${line}`)
    .join('\n');
}

function diagnosisSection(results: DatabaseResult[]): string {
  const parts: string[] = [];
  const counts = markdownTable(
    ['Database', ...(results[0]?.diagnosis.routes.map((route) => route.name) ?? [])],
    results.map((result) => [
      result.label,
      ...result.diagnosis.routes.map((route) => `${route.statements.length} (status ${route.status})`),
    ]),
  );
  parts.push('SQL statements per request (transaction begin/commit not counted):\n', counts);
  const first = results[0];
  if (first) {
    for (const route of first.diagnosis.routes) {
      parts.push(
        route.statements.length === 0
          ? `\nOne “${route.name}” request runs no SQL.`
          : `\n<details><summary>Statements of one “${route.name}” request</summary>\n\n\`\`\`sql\n${route.statements.map((statement) => statement.replace(/\s+/g, ' ')).join(';\n')};\n\`\`\`\n</details>`,
      );
    }
  }
  const plans = results.flatMap((result) => [
    ...result.diagnosis.queuePlans.map((plan) => ({ label: result.label, plan })),
    ...(result.queuePlansVacuumed ?? []).map((plan) => ({
      label: `${result.label} after the nightly vacuum`,
      plan,
    })),
  ]);
  for (const { label, plan } of plans) {
    const oneLine = plan.sql.replace(/\s+/g, ' ');
    parts.push(
      `\n<details><summary>${label}: plan of <code>${escapeHtml(oneLine.slice(0, 70))}…</code></summary>\n\n\`\`\`\n${oneLine}\n\n${plan.plan.join('\n')}\n\`\`\`\n</details>`,
    );
  }
  return parts.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function printResults(results: DatabaseResult[], options: BenchOptions): void {
  process.stdout.write(`\n${figuresTable(results, options)}\n\n${detailsTable(results)}\n`);
  const reports = reportsSection(
    results.map((result) => ({ label: result.label, kind: result.info.kind, reports: result.reports })),
    options,
  );
  if (reports) process.stdout.write(`\n${reports}\n`);
  for (const result of results)
    for (const note of result.notes) process.stdout.write(`note (${result.label}): ${note}\n`);
  process.stdout.write('\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

export function resultsSection(
  results: DatabaseResult[],
  machine: MachineInfo,
  options: BenchOptions,
  totalSeconds: number,
): string {
  const notes = results.flatMap((result) => result.notes.map((note) => `- ${result.label}: ${note}`));
  const settings = [
    `BENCH_DURATION=${options.durationSeconds}`,
    `BENCH_WARMUP=${options.warmupSeconds}`,
    `BENCH_RUNS=${options.runs}`,
    `BENCH_CONNECTIONS=${options.connections}`,
    `BENCH_CASES=${options.cases}`,
    `BENCH_QUEUE_DEPARTMENT=${options.queueDepartment}`,
    `BENCH_REPORTS=${options.reports}`,
    ...(options.bostonCsv ? ['PLAZA_BENCH_BOSTON=…'] : []),
    ...(options.skipPglite ? ['BENCH_SKIP_PGLITE=1'] : []),
    ...(options.skipPostgres ? ['BENCH_SKIP_POSTGRES=1'] : []),
  ].join(' ');
  return [
    START,
    '<!-- Written by `npm run bench` (bench/report.ts): edits between these markers are replaced on the next run. -->',
    '',
    `### Results of ${machine.date}`,
    '',
    `Each figure is the median of ${options.runs} runs of ${options.durationSeconds} s at ${options.connections} connections (unless said otherwise), after ${options.warmupSeconds} s of warm-up; baselines ran alternately with the figure they belong to. The whole benchmark took ${Math.floor(totalSeconds / 60)} min ${Math.round(totalSeconds % 60)} s.`,
    '',
    figuresTable(results, options),
    '',
    reportsSection(
      results.map((result) => ({ label: result.label, kind: result.info.kind, reports: result.reports })),
      options,
    ),
    '',
    '**Machine.** ' +
      [
        `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory, ${machine.kernel}`,
        `Node ${machine.node}`,
        `${machine.postgres}${machine.postgresSettings ? ` (${machine.postgresSettings})` : ''}`,
        `PGlite ${machine.pglite}`,
      ].join('; ') +
      '.',
    '',
    `**Details.** Medians over the runs. CPU columns are CPU time during the run in % of one core (the machine has ${machine.cores}, so ${machine.cores * 100}% is all of it): the Plaza server process (one Node process, with PGlite inside it when on PGlite), PostgreSQL’s processes, the load generator, and whatever else ran on the machine meanwhile (noise from other work).`,
    '',
    detailsTable(results),
    '',
    '**Data.**',
    '',
    seedTable(results),
    '',
    diagnosisSection(results),
    '',
    ...(notes.length > 0 ? ['**Notes from the run.**', '', ...notes, ''] : []),
    '**Reproduce.**',
    '',
    '```sh',
    `${settings} npm run bench`,
    '```',
    END,
  ].join('\n');
}

export function writePerformanceDoc(
  results: DatabaseResult[],
  machine: MachineInfo,
  options: BenchOptions,
  totalSeconds: number,
): string {
  const file = join(packageRoot, 'docs', 'PERFORMANCE.md');
  const section = resultsSection(results, machine, options, totalSeconds);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\n## Latest results\n\n';
  const startAt = current.indexOf(START);
  const endAt = current.indexOf(END);
  const next =
    startAt >= 0 && endAt > startAt
      ? `${current.slice(0, startAt)}${section}${current.slice(endAt + END.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  return file;
}
