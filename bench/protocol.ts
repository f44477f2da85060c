/**
 * What the benchmark's two processes say to each other. The server process (bench/server.ts) owns the
 * database and runs Plaza plus the baseline routes; the orchestrator (bench/run.ts) generates the load and
 * asks the server, over Node's IPC channel, to seed data and prepare requests between measured runs.
 */

export interface ServerInfo {
  kind: 'pglite' | 'postgres';
  /** `select version()` as the database reports it. */
  databaseVersion: string;
  plazaPort: number;
  /** The bare Fastify instance holding the baseline routes (POST /insert, GET /html). */
  baselinePort: number;
  /** Size in bytes of the start page, which the bare HTML route returns verbatim. */
  startPageBytes: number;
}

export interface SeedResult {
  seconds: number;
  total: number;
  byDepartment: { department: string; cases: number; open: number }[];
}

/** One prepared submission: a draft of its own, in a session of its own, with that session's CSRF token. */
export interface PreparedSubmission {
  path: string;
  cookie: string;
  body: string;
}

export interface CpuSample {
  /** CPU time the server process used, in milliseconds. */
  cpuMs: number;
  wallMs: number;
}

export interface Counters {
  cases: number;
  sessions: number;
  baselineInserts: number;
  outboxMessages: number;
}

export interface TracedRoute {
  name: string;
  status: number;
  /** The SQL statements the request ran, in order (transaction begin/commit not included). */
  statements: string[];
}

export interface Diagnosis {
  routes: TracedRoute[];
  /** `explain (analyze, buffers)` of each query the staff queue page runs on the cases table. */
  queuePlans: { sql: string; plan: string[] }[];
}

/** What the reports benchmark needs to call Open311 (bench/reports.ts). */
export type Open311Setup =
  | { available: false; reason: string }
  | {
      available: true;
      /** An API key with open311:write and a request body the server accepted, with the status it answered. */
      post: { apiKey: string; body: string; status: number } | null;
      postReason: string;
    };

export interface TriageFigures {
  reports: number;
  trainSeconds: number;
  accuracy: number;
  baselineAccuracy: number;
  predictions: number;
  predictP50Us: number;
  predictP95Us: number;
}

export interface Commands {
  info: { args: Record<string, never>; result: ServerInfo };
  seedCases: {
    args: { count: number; department: string; maintenance: 'none' | 'analyze' | 'vacuum' };
    result: SeedResult;
  };
  vacuumAnalyze: { args: Record<string, never>; result: { seconds: number } };
  signInCaseworker: { args: { department: string }; result: { cookie: string } };
  prepareSubmissions: { args: { count: number }; result: PreparedSubmission[] };
  counters: { args: Record<string, never>; result: Counters };
  cpuMark: { args: Record<string, never>; result: CpuSample };
  diagnose: { args: { department: string }; result: Diagnosis };
  open311Setup: { args: Record<string, never>; result: Open311Setup };
  /** Reports written by Open311 and by the bare INSERT baseline. */
  reportCounters: { args: Record<string, never>; result: { open311: number; baseline: number } };
  trainTriage: { args: { limit: number; predictions: number }; result: TriageFigures };
  shutdown: { args: Record<string, never>; result: null };
}

export type CommandName = keyof Commands;

export type Request = {
  [K in CommandName]: { type: 'request'; id: number; cmd: K; args: Commands[K]['args'] };
}[CommandName];

export type ServerMessage =
  | { type: 'ready' }
  | { type: 'progress'; message: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };
