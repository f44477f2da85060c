/**
 * Writes the generated contracts that are committed beside the code, so a reviewer sees every change to
 * them: the OpenAPI document of the JSON API and the JSON Schema of service definitions. With --check it
 * writes nothing and fails when a committed file is stale (`npm run check` runs it that way).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig, packageRoot } from '../src/config.js';
import type { Database } from '../src/database.js';
import { openDatabase } from '../src/platform/db/database-handle.js';
import { migrate, readMigrations } from '../src/platform/db/migrations.js';
import { systemClock } from '../src/platform/time/clock.js';
import { serviceDefinitionJsonSchema } from '../src/modules/catalogue/index.js';
import { identityProvidersJsonSchema } from '../src/modules/federation/index.js';

const check = process.argv.includes('--check');

async function openApiDocument(): Promise<unknown> {
  const database = await openDatabase<Database>({ kind: 'pglite-memory' });
  await migrate(database, readMigrations(join(packageRoot, 'migrations')));
  const config = loadConfig({
    PLAZA_ENV: 'test',
    PLAZA_SECRET: 'generating artefacts, not a real secret',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp({ config, database, clock: systemClock, secret: config.secret as string });
  await app.server.ready();
  const document = app.server.swagger();
  await app.close();
  await database.close();
  return document;
}

const artefacts: { file: string; content: string }[] = [
  {
    file: join(packageRoot, 'schemas', 'service-definition.json'),
    content: `${JSON.stringify(serviceDefinitionJsonSchema(), null, 2)}\n`,
  },
  {
    file: join(packageRoot, 'schemas', 'identity-providers.json'),
    content: `${JSON.stringify(identityProvidersJsonSchema(), null, 2)}\n`,
  },
  {
    file: join(packageRoot, 'docs', 'openapi.json'),
    content: `${JSON.stringify(await openApiDocument(), null, 2)}\n`,
  },
];

let stale = 0;
for (const { file, content } of artefacts) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current === content) continue;
  if (check) {
    stale++;
    process.stderr.write(`${file} is out of date: run \`npm run generate\` and commit the result.\n`);
  } else {
    writeFileSync(file, content);
    process.stdout.write(`wrote ${file}\n`);
  }
}
process.exit(stale > 0 ? 1 : 0);
