/**
 * PostgreSQL servers keep their tables' statistics and visibility maps current with autovacuum; PGlite has
 * no autovacuum, and without statistics its planner picks slow plans as tables grow (the staff queue ran
 * 20 times slower on 100,000 cases before its first ANALYZE). On PGlite, Plaza analyses every hour and
 * vacuums every night.
 */
import { sql } from 'kysely';
import type { JobHandler } from '../jobs/jobs.js';
import type { DatabaseHandle } from './database-handle.js';

export function maintenanceJobs<DB>(database: DatabaseHandle<DB>): JobHandler[] {
  if (database.kind !== 'pglite') return [];
  return [
    {
      name: 'database.analyze',
      schedule: '41 * * * *',
      retryLimit: 0,
      run: async () => {
        await sql`analyze`.execute(database.db);
      },
    },
    {
      name: 'database.vacuum',
      schedule: '17 3 * * *',
      retryLimit: 0,
      run: async () => {
        await sql`vacuum (analyze)`.execute(database.db);
      },
    },
  ];
}

/** Refreshes the planner's statistics once, when a process opens an embedded database. */
export async function analyzeEmbedded<DB>(database: DatabaseHandle<DB>): Promise<void> {
  if (database.kind === 'pglite') await sql`analyze`.execute(database.db);
}
