/**
 * Background jobs on pg-boss, which keeps its queue in the same database as Plaza: PGlite through its
 * PGlite adapter, PostgreSQL through its own pool. A job is enqueued inside the transaction of the change
 * that needs it (through pg-boss's Kysely adapter), so it is never lost, and never run for a change that
 * rolled back. Failed jobs are retried with exponential backoff; recurring jobs follow a cron schedule.
 * Web and worker roles run in one process by default, or apart: every role can enqueue, only workers work.
 */
import { PgBoss, fromKysely, fromPglite, type JobWithMetadata } from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/database-handle.js';

export interface JobContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** After this attempt fails, the job is given up. */
  isLastAttempt: boolean;
}

export interface JobHandler {
  name: string;
  run(data: Record<string, unknown>, context: JobContext): Promise<void>;
  /** Retries after the first attempt (default 5). */
  retryLimit?: number;
  /** Cron expression (5 fields, or 6 with seconds) for a recurring job. */
  schedule?: string;
}

export interface EnqueueOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one queued job per key. */
  singletonKey?: string;
}

export interface JobQueue {
  /** Adds a job in the caller's transaction. */
  enqueue(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's transaction will do
    trx: Kysely<any>,
    name: string,
    data: Record<string, unknown>,
    options?: EnqueueOptions,
  ): Promise<void>;
}

export interface JobLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export class Jobs implements JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private started = false;

  private constructor(
    private readonly boss: PgBoss,
    handlers: JobHandler[],
    private readonly log: JobLog | undefined,
  ) {
    for (const handler of handlers) this.handlers.set(handler.name, handler);
    boss.on('error', (error: Error) => log?.error({ err: error }, 'job queue error'));
  }

  static create<DB>(database: DatabaseHandle<DB>, handlers: JobHandler[], log?: JobLog): Jobs {
    const connection =
      database.kind === 'pglite'
        ? { db: fromPglite(database.pglite as never), backend: 'pglite' as const }
        : { connectionString: database.url, max: 4 };
    const boss = new PgBoss({ ...connection, schema: 'pgboss', useListenNotify: true });
    return new Jobs(boss, handlers, log);
  }

  /** Installs or upgrades pg-boss's schema and its queues; with `work`, also runs the jobs and schedules. */
  async start(options: { work: boolean }): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const handler of this.handlers.values()) {
      await this.boss.createQueue(handler.name, {
        retryLimit: handler.retryLimit ?? 5,
        retryDelay: 5,
        retryBackoff: true,
        retryDelayMax: 3600,
        notify: true,
      });
    }
    if (!options.work) return;
    for (const handler of this.handlers.values()) {
      await this.boss.work(
        handler.name,
        { includeMetadata: true, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10, batchSize: 1 },
        async (jobs: JobWithMetadata<object>[]) => {
          for (const job of jobs) await this.runOne(handler, job);
        },
      );
      if (handler.schedule) await this.boss.schedule(handler.name, handler.schedule);
    }
  }

  async enqueue(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's transaction will do
    trx: Kysely<any>,
    name: string,
    data: Record<string, unknown>,
    options: EnqueueOptions = {},
  ): Promise<void> {
    if (!this.handlers.has(name)) throw new Error(`No job handler named ${name}`);
    await this.boss.send(name, data, {
      db: fromKysely(trx),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
  }

  private async runOne(handler: JobHandler, job: JobWithMetadata<object>): Promise<void> {
    const context = { attempt: job.retryCount + 1, isLastAttempt: job.retryCount >= job.retryLimit };
    try {
      await handler.run(job.data as Record<string, unknown>, context);
    } catch (error) {
      this.log?.warn(
        { err: error, job: handler.name, attempt: context.attempt, final: context.isLastAttempt },
        'job failed',
      );
      throw error;
    }
  }

  /**
   * Runs every job that is due now, in this process, and returns how many ran: for tests and commands that
   * must not wait for a worker's polling. Failed jobs go back to pg-boss for their retry.
   */
  async drain(maxRounds = 50): Promise<number> {
    let ran = 0;
    for (let round = 0; round < maxRounds; round++) {
      let roundRan = 0;
      for (const handler of this.handlers.values()) {
        const jobs = await this.boss.fetch<object>(handler.name, { batchSize: 20, includeMetadata: true });
        for (const job of jobs) {
          roundRan++;
          try {
            await this.runOne(handler, job);
            await this.boss.complete(handler.name, job.id);
          } catch (error) {
            await this.boss.fail(handler.name, job.id, { message: (error as Error).message });
          }
        }
      }
      ran += roundRan;
      if (roundRan === 0) break;
    }
    return ran;
  }

  /** Jobs of a queue in a given state, for tests and the operator. */
  async count(name: string, state: 'created' | 'retry' | 'completed' | 'failed'): Promise<number> {
    const jobs = await this.boss.findJobs(name, {});
    return jobs.filter((job) => job.state === state).length;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 10_000, close: true });
  }
}
