/**
 * What the server and the command line share: opening the configured database (with the right lock on
 * PGlite's folder), bringing its schema up to date, and the deployment secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import type { Database } from './database.js';
import { openDatabase, type DatabaseHandle } from './platform/db/database-handle.js';
import { assertMigrated, migrate, readMigrations, type MigrationResult } from './platform/db/migrations.js';

export async function openConfiguredDatabase(
  config: Config,
  purpose: string,
): Promise<DatabaseHandle<Database>> {
  return config.databaseUrl
    ? openDatabase<Database>({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase<Database>({ kind: 'pglite', dataDir: config.dataDir, purpose });
}

export async function migrateToLatest(
  config: Config,
  database: DatabaseHandle<Database>,
): Promise<MigrationResult> {
  return migrate(database, readMigrations(join(config.packageRoot, 'migrations')));
}

export async function assertSchemaCurrent(config: Config, database: DatabaseHandle<Database>): Promise<void> {
  await assertMigrated(database, readMigrations(join(config.packageRoot, 'migrations')));
}

/** The configured secret, or one generated once and kept in the data folder (development only). */
export function deploymentSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = join(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
