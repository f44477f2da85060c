/**
 * Plaza's schema is a folder of numbered SQL files, the same for PGlite and PostgreSQL. Each runs once, in a
 * transaction with the record that it ran; a file changed after it ran stops the start-up, because the
 * database no longer matches what the code was written against.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database-handle.js';

export interface Migration {
  name: string;
  script: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATION_LOCK_KEY = 7_072_001;

export function readMigrations(folder: string): Migration[] {
  return readdirSync(folder)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const script = readFileSync(join(folder, file), 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    });
}

export class MigrationChangedError extends Error {
  constructor(readonly migration: string) {
    super(
      `Migration ${migration} was changed after it was applied to this database. ` +
        'Applied migrations must never change: restore the file and add a new migration instead.',
    );
  }
}

export class SchemaOutOfDateError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `The database is not set up for this version of Plaza (missing migrations: ${missing.join(', ')}). ` +
        'Run `npx plaza db migrate`, or start Plaza once, which migrates it.',
    );
  }
}

/** Refuses to work on a database whose schema is behind the code, without changing it. */
export async function assertMigrated<DB>(handle: DatabaseHandle<DB>, migrations: Migration[]): Promise<void> {
  const { rows } = await sql<{
    exists: boolean;
  }>`select to_regclass('plaza_migrations') is not null as exists`.execute(handle.db);
  const applied = rows[0]?.exists
    ? new Set(
        (await sql<{ name: string }>`select name from plaza_migrations`.execute(handle.db)).rows.map(
          (row) => row.name,
        ),
      )
    : new Set<string>();
  const missing = migrations.map((migration) => migration.name).filter((name) => !applied.has(name));
  if (missing.length > 0) throw new SchemaOutOfDateError(missing);
}

export async function migrate<DB>(
  handle: DatabaseHandle<DB>,
  migrations: Migration[],
): Promise<MigrationResult> {
  const db = handle.db;
  return handle.withExclusiveLock(MIGRATION_LOCK_KEY, async () => {
    await sql`create table if not exists plaza_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(db);
    const { rows } = await sql<{
      name: string;
      checksum: string;
    }>`select name, checksum from plaza_migrations`.execute(db);
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) throw new MigrationChangedError(migration.name);
        continue;
      }
      await handle.runScriptInTransaction(migration.script, {
        sql: 'insert into plaza_migrations (name, checksum) values ($1, $2)',
        parameters: [migration.name, migration.checksum],
      });
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  });
}
