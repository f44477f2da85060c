/**
 * Runs once before the test files: builds the browser assets the pages link to, and a PGlite database with
 * every migration applied, saved as a file each test file loads in a fraction of the time migrating takes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { migrate, readMigrations } from '../../src/platform/db/migrations.js';
import { migrationsDir, pgliteTemplatePath, repositoryRoot as root } from './pglite-template.js';

export default async function setup(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-assets.js')], { stdio: 'inherit' });
  const file = pgliteTemplatePath();
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const pglite = await PGlite.create();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
  await migrate(
    {
      db,
      kind: 'pglite',
      pglite,
      runScriptInTransaction: async (script, followUp) => {
        await pglite.transaction(async (tx) => {
          await tx.exec(script);
          await tx.query(followUp.sql, followUp.parameters);
        });
      },
      withExclusiveLock: async (_key, work) => work(),
      close: async () => db.destroy(),
    },
    readMigrations(migrationsDir),
  );
  const dump = await pglite.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
}
