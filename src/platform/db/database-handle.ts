/**
 * Opens the database Plaza runs on: embedded PGlite by default, a PostgreSQL server when DATABASE_URL is set.
 * Both speak the same SQL; this file hides the two drivers' differences (type parsing, running a migration
 * script, closing) so nothing above it needs to know which one it has.
 */
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** The embedded database itself (for libraries with a PGlite adapter, such as the job queue). */
  pglite?: PGlite;
  /** The server's address, when on PostgreSQL. */
  url?: string;
  /** Runs a SQL script (several statements) and a follow-up query in one transaction. */
  runScriptInTransaction(script: string, followUp: { sql: string; parameters: unknown[] }): Promise<void>;
  /** Holds a cluster-wide lock while `work` runs (for migrations run by several processes at once). */
  withExclusiveLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseLocation =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string; purpose: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

export async function openDatabase<DB>(location: DatabaseLocation): Promise<DatabaseHandle<DB>> {
  return location.kind === 'postgres'
    ? openPostgres<DB>(location.url, location.poolSize ?? 10)
    : openPglite<DB>(location);
}

async function openPglite<DB>(
  location: Exclude<DatabaseLocation, { kind: 'postgres' }>,
): Promise<DatabaseHandle<DB>> {
  let lock: DataDirLock | undefined;
  if (location.kind === 'pglite') lock = acquireDataDirLock(location.dataDir, location.purpose);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(location.kind === 'pglite' ? { dataDir: join(location.dataDir, 'pgdata') } : {}),
      ...(location.kind === 'pglite-memory' && location.loadDataDir
        ? { loadDataDir: location.loadDataDir }
        : {}),
      // Same shapes as the pg driver below: dates stay calendar dates, bigints are numbers.
      parsers: {
        [pgliteTypes.DATE]: (value: string) => value,
        [pgliteTypes.INT8]: (value: string) => Number(value),
      },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    async runScriptInTransaction(script, followUp) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
        await tx.query(followUp.sql, followUp.parameters);
      });
    },
    // One process owns a PGlite database, so there is nobody to exclude.
    async withExclusiveLock(_key, work) {
      return work();
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres<DB>(url: string, poolSize: number): Promise<DatabaseHandle<DB>> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return (value: string) => Number(value);
        if (oid === DATE) return (value: string) => value;
        if (oid === NUMERIC) return (value: string) => value;
        return format === 'binary'
          ? (pg.types.getTypeParser(oid, 'binary') as (value: Buffer) => unknown)
          : (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // Fail now, with the server's own message, rather than at the first request.
  const probe = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    url,
    async runScriptInTransaction(script, followUp) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(script);
        await client.query(followUp.sql, followUp.parameters);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withExclusiveLock(key, work) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
