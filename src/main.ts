/**
 * Starts Plaza: the web role (pages and API), the worker role (background jobs), or both in one process,
 * as PLAZA_ROLES says, on the embedded database or on DATABASE_URL.
 */
import pino from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { demoPassword, describeDemoAccounts, seedDemoStaff } from './demo-seed.js';
import { DataDirInUseError } from './platform/db/data-dir-lock.js';
import { analyzeEmbedded } from './platform/db/maintenance.js';
import { systemClock } from './platform/time/clock.js';
import { deploymentSecret, migrateToLatest, openConfiguredDatabase } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
  });
  if (config.env === 'development' && !['localhost', '127.0.0.1', '::1'].includes(config.host)) {
    logger.warn(
      { host: config.host },
      'PLAZA_ENV is development on a public interface: the development outbox is off; set PLAZA_ENV=production for a real deployment',
    );
  }
  const database = await openConfiguredDatabase(config, `server (${config.roles.join(', ')})`);
  const migrations = await migrateToLatest(config, database);
  if (migrations.applied.length > 0) logger.info({ applied: migrations.applied }, 'database schema updated');
  await analyzeEmbedded(database);
  const app = await createApp({
    config,
    database,
    clock: systemClock,
    logger,
    secret: deploymentSecret(config),
  });
  await app.jobs.start({ work: config.roles.includes('worker') });

  if (config.demo) {
    const password = demoPassword(config);
    const created = await seedDemoStaff(database.db, app.identity, [...app.departments.values()], password);
    if (created.length > 0) process.stdout.write(describeDemoAccounts(config, created, password));
  }
  if (config.roles.includes('web')) {
    await app.server.listen({ port: config.port, host: config.host });
    process.stdout.write(
      `\nPlaza is running at ${config.baseUrl} (database: ${database.kind}, roles: ${config.roles.join(', ')})\n`,
    );
  } else {
    process.stdout.write(`\nPlaza worker is running (database: ${database.kind})\n`);
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `Plaza could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
