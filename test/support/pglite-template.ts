import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repositoryRoot = join(import.meta.dirname, '..', '..');
export const migrationsDir = join(repositoryRoot, 'migrations');

/** Where the migrated PGlite template for the current migrations lives (named by their content). */
export function pgliteTemplatePath(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).sort())
    hash.update(file).update(readFileSync(join(migrationsDir, file)));
  return join(
    repositoryRoot,
    'node_modules',
    '.cache',
    'plaza-test',
    `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`,
  );
}
