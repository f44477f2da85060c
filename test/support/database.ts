/**
 * Real databases for tests: a fresh in-memory PGlite per test file (from a migrated template), and, when
 * TEST_DATABASE_URL is set, a fresh database on that PostgreSQL server, dropped afterwards. Database tests
 * run on every database returned by `testDatabases()`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { Database } from '../../src/database.js';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database-handle.js';
import { migrate, readMigrations } from '../../src/platform/db/migrations.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle<Database> & { dispose(): Promise<void> }>;
}

import { migrationsDir, pgliteTemplatePath } from './pglite-template.js';

async function openPgliteFromTemplate(): Promise<DatabaseHandle<Database> & { dispose(): Promise<void> }> {
  const template = pgliteTemplatePath();
  const ready = existsSync(template);
  const handle = await openDatabase<Database>(
    ready
      ? { kind: 'pglite-memory', loadDataDir: new Blob([readFileSync(template)]) }
      : { kind: 'pglite-memory' },
  );
  if (!ready) await migrate(handle, readMigrations(migrationsDir));
  return Object.assign(handle, { dispose: () => handle.close() });
}

async function openFreshPostgres(
  url: string,
): Promise<DatabaseHandle<Database> & { dispose(): Promise<void> }> {
  const name = `plaza_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase<Database>({ kind: 'postgres', url: target.toString(), poolSize: 5 });
  await migrate(handle, readMigrations(migrationsDir));
  return Object.assign(handle, {
    dispose: async () => {
      await handle.close();
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  });
}

export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [{ name: 'pglite', open: openPgliteFromTemplate }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) databases.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  return databases;
}
