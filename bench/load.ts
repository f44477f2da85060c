/**
 * Generates load with autocannon from the orchestrator's process (never the server's), and measures what it
 * sees: throughput of responses with the expected status, and latency percentiles computed from every
 * response's own time (autocannon's histogram has no 95th percentile). It also samples the CPU time of the
 * load generator and of the whole machine, to show which side was the bottleneck.
 */
import { readdirSync, readFileSync } from 'node:fs';
import autocannon, { type RawRequest } from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  expectStatus: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Gives each request its own address, headers and body; undefined when there is nothing left to send. */
  next?: () => RawRequest | undefined;
}

export interface LoadResult {
  /** Responses with the expected status per second of the run. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  /** Responses with any other status, by status, plus socket errors and timeouts. */
  unexpected: Record<string, number>;
  seconds: number;
  connections: number;
  /** The supply of prepared requests ran out before the run's time was up. */
  exhausted: boolean;
  /** CPU used by the load generator, in % of one core. */
  loadCpu: number;
  /** CPU used by PostgreSQL's processes (server and backends), in % of one core. */
  postgresCpu: number;
  /** CPU used by the whole machine, in % of one core (200% is both cores of a 2-core machine). */
  machineCpu: number;
}

/** Linux counts CPU time in clock ticks of 10 ms (USER_HZ = 100). */
const TICK_MS = 10;

export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - idle) * TICK_MS;
}

/** CPU time used so far by each process named postgres (the server and its backends), by process id. */
export function postgresMs(): Map<string, number> {
  const used = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      used.set(entry, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The process ended while being read.
    }
  }
  return used;
}

/** CPU time PostgreSQL's processes used between two samples (a process that ended meanwhile is not counted). */
export function postgresDelta(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}

export function percentile(sorted: Float64Array | number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] as number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  let ok = 0;
  let exhausted = false;
  const fallback = new URL(spec.url);
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    pipelining: 1,
    timeout: 30,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    ...(spec.next
      ? {
          requests: [
            {
              setupRequest: (request) => {
                const next = spec.next?.();
                if (next) return { ...request, ...next, headers: { ...request.headers, ...next.headers } };
                if (!exhausted) {
                  exhausted = true;
                  setImmediate(() => instance.stop());
                }
                // Nothing left to send: a harmless request until the run stops (not counted as a success).
                return {
                  ...request,
                  method: 'GET',
                  path: `${fallback.pathname}?exhausted`,
                  headers: {},
                  body: '',
                };
              },
            },
          ],
        }
      : {}),
  });
  const startedCpu = process.cpuUsage();
  const startedMachine = machineBusyMs();
  const startedPostgres = postgresMs();
  const started = performance.now();
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode === spec.expectStatus) {
      ok++;
      latencies.push(ms);
    } else unexpected[statusCode] = (unexpected[statusCode] ?? 0) + 1;
  });
  const result = await new Promise<Awaited<typeof instance>>((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(startedCpu);
  const machine = machineBusyMs() - startedMachine;
  const postgres = postgresDelta(startedPostgres, postgresMs());
  const wallMs = seconds * 1000;
  if (result.errors > 0) unexpected.errors = result.errors;
  if (result.timeouts > 0) unexpected.timeouts = result.timeouts;
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: ok / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    ok,
    unexpected,
    seconds,
    connections: spec.connections,
    exhausted,
    loadCpu: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    postgresCpu: (postgres / wallMs) * 100,
    machineCpu: (machine / wallMs) * 100,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
