/**
 * The process under test: Plaza started as `src/main.ts` starts it (configuration from the environment,
 * production mode, the configured database migrated, web and worker roles), listening on a local port; and,
 * in the same process on the same database handle, a bare Fastify instance with the baseline routes. It
 * obeys the orchestrator (bench/run.ts) over the IPC channel and generates no load itself.
 */
import type { Server } from 'node:http';
import Fastify from 'fastify';
import pino from 'pino';
import { Secret, TOTP } from 'otpauth';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/platform/time/clock.js';
import { deploymentSecret, migrateToLatest, openConfiguredDatabase } from '../src/runtime.js';
import { InjectClient, prepareBulkyWasteDraft } from './inject-client.js';
import type { CommandName, Commands, CpuSample, Diagnosis, Request, ServerMessage } from './protocol.js';
import { prepareSubmissions, seedCases } from './seed.js';
import { registerReportBaseline, reportHandlers } from './reports-server.js';
import { explainAnalyze, traceStatements } from './trace.js';

const SESSION_COOKIE = 'plaza_session';
const START_PAGE = '/services/residential-parking-permit';
const CASEWORKER_PASSWORD = 'benchmark caseworker password';

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const database = await openConfiguredDatabase(config, 'benchmark server');
  await migrateToLatest(config, database);
  const db = database.db;
  const app = await createApp({
    config,
    database,
    clock: systemClock,
    logger,
    secret: deploymentSecret(config),
  });
  await app.jobs.start({ work: config.roles.includes('worker') });
  await app.server.listen({ port: 0, host: '127.0.0.1' });

  // ---- The baselines: no plugins, no hooks, the same database handle.
  await sql`
    create table if not exists bench_baseline_inserts (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null default now(),
      body text not null
    )
  `.execute(db);
  const startPage = await app.server.inject({ method: 'GET', url: START_PAGE });
  if (startPage.statusCode !== 200) throw new Error(`${START_PAGE} answered ${startPage.statusCode}`);
  const fixedHtml = startPage.body;
  const bare = Fastify({ logger: false });
  bare.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  bare.post('/insert', async (request, reply) => {
    await sql`insert into bench_baseline_inserts (body) values (${JSON.stringify(request.body)})`.execute(db);
    return reply.redirect('/done', 303);
  });
  bare.get('/html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(fixedHtml));
  registerReportBaseline(bare, db);
  await bare.listen({ port: 0, host: '127.0.0.1' });

  const portOf = (server: { server: Server }): number => {
    const address = server.server.address();
    if (!address || typeof address === 'string') throw new Error('Not listening on a TCP port');
    return address.port;
  };
  const { rows: versionRows } = await sql<{ version: string }>`select version() as version`.execute(db);

  let templateDraftId: string | undefined;
  let caseworkerCookie: string | undefined;
  let cpuMark = { cpu: process.cpuUsage(), wall: performance.now() };

  const handlers: { [K in CommandName]: (args: Commands[K]['args']) => Promise<Commands[K]['result']> } = {
    ...reportHandlers(app.server, db, config.definitionsDir),
    async info() {
      return {
        kind: database.kind,
        databaseVersion: versionRows[0]?.version ?? 'unknown',
        plazaPort: portOf(app.server),
        baselinePort: portOf(bare),
        startPageBytes: Buffer.byteLength(fixedHtml),
      };
    },

    async seedCases({ count, department, maintenance }) {
      return seedCases(db, app.catalogue.list(), count, department, maintenance, (message) =>
        send({ type: 'progress', message }),
      );
    },

    async vacuumAnalyze() {
      const started = performance.now();
      await sql`vacuum analyze`.execute(db);
      return { seconds: (performance.now() - started) / 1000 };
    },

    async signInCaseworker({ department }) {
      const email = `bench-caseworker@${department}.demo-city.example`;
      await app.identity.createStaffMember({
        email,
        name: 'Bench Caseworker',
        password: CASEWORKER_PASSWORD,
        roles: [{ role: 'caseworker', departmentId: department }],
      });
      const client = new InjectClient(app.server);
      await client.get('/staff/sign-in');
      let page = await client.post('/staff/sign-in', { email, password: CASEWORKER_PASSWORD });
      // Production requires staff to prove sign-in with a second factor: set up an authenticator app, as a
      // new staff member does on their first sign-in, and keep going past the recovery codes.
      if (page.url.startsWith('/staff/sign-in/set-up')) {
        const secret = /data-secret="([A-Z2-7]+)"/.exec(page.body)?.[1];
        if (!secret) throw new Error('No authenticator secret on the set-up page');
        const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
        page = await client.post('/staff/sign-in/set-up', { code });
        if (page.url.startsWith('/staff/sign-in/set-up'))
          page = await client.post('/staff/sign-in/set-up/continue', {});
      }
      if (page.status !== 200 || !page.url.startsWith('/staff/queue'))
        throw new Error(`Caseworker sign-in ended at ${page.url} with status ${page.status}`);
      caseworkerCookie = client.cookieHeader();
      return { cookie: caseworkerCookie };
    },

    async prepareSubmissions({ count }) {
      if (!templateDraftId) {
        const client = new InjectClient(app.server);
        templateDraftId = await prepareBulkyWasteDraft(client, systemClock.now());
      }
      return prepareSubmissions(db, templateDraftId, count, SESSION_COOKIE);
    },

    async counters() {
      const { rows } = await sql<{
        cases: number;
        sessions: number;
        baseline_inserts: number;
        outbox_messages: number;
      }>`
        select (select count(*)::int from cases) as cases,
               (select count(*)::int from sessions) as sessions,
               (select count(*)::int from bench_baseline_inserts) as baseline_inserts,
               (select count(*)::int from outbox_messages) as outbox_messages
      `.execute(db);
      const row = rows[0];
      if (!row) throw new Error('No counters');
      return {
        cases: row.cases,
        sessions: row.sessions,
        baselineInserts: row.baseline_inserts,
        outboxMessages: row.outbox_messages,
      };
    },

    async cpuMark() {
      const cpu = process.cpuUsage(cpuMark.cpu);
      const wall = performance.now();
      const sample: CpuSample = { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: wall - cpuMark.wall };
      cpuMark = { cpu: process.cpuUsage(), wall };
      return sample;
    },

    async diagnose({ department }) {
      if (!caseworkerCookie) throw new Error('Sign the caseworker in first');
      const cookie = caseworkerCookie;
      const [submission] = await handlers.prepareSubmissions({ count: 1 });
      if (!submission) throw new Error('No submission prepared');
      const routes: Diagnosis['routes'] = [];
      const trace = async (
        name: string,
        request: { method: 'GET' | 'POST'; url: string; cookie?: string; body?: string },
      ) => {
        const { result, statements } = await traceStatements(db, () =>
          app.server.inject({
            method: request.method,
            url: request.url,
            headers: {
              ...(request.cookie ? { cookie: request.cookie } : {}),
              ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            payload: request.body,
          }),
        );
        routes.push({
          name,
          status: result.statusCode,
          statements: statements.map((statement) => statement.sql),
        });
        return statements;
      };
      await trace('submit', {
        method: 'POST',
        url: submission.path,
        cookie: submission.cookie,
        body: submission.body,
      });
      const queueStatements = await trace('queue', {
        method: 'GET',
        url: `/staff/queue?department=${department}`,
        cookie,
      });
      await trace('start page', { method: 'GET', url: START_PAGE });
      const queuePlans: Diagnosis['queuePlans'] = [];
      for (const statement of queueStatements.filter((candidate) => /from "cases"/.test(candidate.sql)))
        queuePlans.push({ sql: statement.sql, plan: await explainAnalyze(db, statement) });
      return { routes, queuePlans };
    },

    async shutdown() {
      setImmediate(() => {
        void (async () => {
          await bare.close();
          await app.close();
          await database.close();
          process.exit(0);
        })();
      });
      return null;
    },
  };

  process.on('message', (message: Request) => {
    const handler = handlers[message.cmd] as (args: unknown) => Promise<unknown>;
    handler(message.args).then(
      (result) => send({ type: 'reply', id: message.id, ok: true, result }),
      (error: unknown) =>
        send({
          type: 'reply',
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  // The orchestrator went away: do not linger holding the database.
  process.on('disconnect', () => process.exit(1));
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
