/**
 * `plaza places import`: a city's own gazetteer file loads into the embedded database, bad rows are listed
 * by line, and a file that is not a gazetteer is refused without touching the database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openConfiguredDatabase } from '../../src/runtime.js';

describe('plaza places import', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plaza-places-cli-'));
    env = {
      PLAZA_DATA_DIR: join(dir, 'data'),
      PLAZA_ENV: 'test',
      PLAZA_SECRET: 'a secret for the places command tests',
      LOG_LEVEL: 'silent',
    };
    const config = loadConfig(env);
    const database = await openConfiguredDatabase(config, 'test setup');
    await migrateToLatest(config, database);
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('loads the good rows, names the bad ones, and replaces them on a second load', async () => {
    const file = join(dir, 'addresses.csv');
    writeFileSync(file, 'name,lat,long,area\n1 Quay Street,51.94,-1.07,Riverside\n2 Quay Street,x,-1.07,\n');
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((text) => out.push(String(text)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => err.push(String(text)) > 0);
    try {
      expect(await runCli(['places', 'import', file], env)).toBe(0);
      expect(await runCli(['places', 'import', join(dir, 'missing.csv')], env)).toBe(2);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(out.join('')).toContain('Loaded 1 place(s) from');
    expect(err.join('')).toContain('line 3: has latitude "x", not a number from -90 to 90');
    expect(err.join('')).toContain('missing.csv: not found');
    const config = loadConfig(env);
    const database = await openConfiguredDatabase(config, 'test check');
    try {
      const rows = await database.db
        .selectFrom('gazetteer_places')
        .select(['name', 'source', 'area'])
        .execute();
      expect(rows).toEqual([{ name: '1 Quay Street', source: 'addresses.csv', area: 'Riverside' }]);
    } finally {
      await database.close();
    }
  });
});
