/**
 * `plaza triage train|suggest` and `plaza duplicates find` as a city runs them: a real process, reports as
 * JSON lines on standard input, one JSON line out per line in, on the embedded database and on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/database.js';
import { migrateToLatest, openConfiguredDatabase } from '../../src/runtime.js';
import { testDatabases } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { storeHistory, syntheticHistory } from '../triage/synthetic-reports.js';

interface Target {
  name: string;
  /** Prepares a database with `fill`, and returns the environment that points the command at it. */
  setUp(fill: (db: Db) => Promise<void>): Promise<{ env: NodeJS.ProcessEnv; tearDown: () => Promise<void> }>;
}

const baseEnv = {
  PATH: process.env.PATH,
  PLAZA_ENV: 'test',
  PLAZA_SECRET: 'a secret for the command line tests 123',
  LOG_LEVEL: 'silent',
};

const targets: Target[] = [
  {
    name: 'pglite',
    async setUp(fill) {
      const dataDir = mkdtempSync(join(tmpdir(), 'plaza-triage-cli-'));
      const env = { ...baseEnv, PLAZA_DATA_DIR: dataDir };
      const config = loadConfig(env);
      const database = await openConfiguredDatabase(config, 'test setup');
      await migrateToLatest(config, database);
      await fill(database.db);
      await database.close();
      return { env, tearDown: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
];
const postgres = testDatabases().find((database) => database.name === 'postgres');
if (postgres)
  targets.push({
    name: 'postgres',
    async setUp(fill) {
      const handle = await postgres.open();
      await fill(handle.db);
      return {
        env: { ...baseEnv, PLAZA_DATA_DIR: tmpdir(), DATABASE_URL: handle.url },
        tearDown: () => handle.dispose(),
      };
    },
  });

function plaza(
  env: NodeJS.ProcessEnv,
  args: string[],
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repositoryRoot, 'src', 'cli', 'plaza.ts'), ...args],
      {
        cwd: repositoryRoot,
        env,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Each command is a new Node process compiling TypeScript: seconds each on a busy machine. */
const SPAWNS_TIMEOUT = 180_000;

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe.each(targets)('plaza triage and plaza duplicates on $name', (target) => {
  let env: NodeJS.ProcessEnv;
  let tearDown: () => Promise<void>;
  beforeAll(async () => {
    ({ env, tearDown } = await target.setUp(async (db) => {
      await db
        .insertInto('departments')
        .values([
          { id: 'highways', name: 'Highways' },
          { id: 'environment', name: 'Environment' },
        ])
        .execute();
      await storeHistory(db, syntheticHistory(600, { seed: 3 }), { lat: 51.5, long: -0.12 });
    }));
  }, 120_000);
  afterAll(async () => {
    await tearDown?.();
  });

  test('suggest before any training says to train first', { timeout: SPAWNS_TIMEOUT }, async () => {
    const result = await plaza(env, ['triage', 'suggest'], '{"description":"pothole"}\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('plaza triage train');
  });

  test(
    'train prints accuracy overall and per type against the baseline, and activates the model',
    { timeout: SPAWNS_TIMEOUT },
    async () => {
      const result = await plaza(env, ['triage', 'train']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/trained on the oldest 480 reports .* tested on the newest 120/);
      expect(result.stdout).toMatch(
        /Accuracy \d+\.\d% against \d+\.\d% for always answering the most common type \(report-pothole\)/,
      );
      for (const type of ['report-pothole', 'report-street-light', 'report-graffiti', 'report-fly-tipping'])
        expect(result.stdout).toMatch(new RegExp(`^${type}\\s+\\S+\\s+\\d+\\s+\\d+\\.\\d%`, 'm'));
      expect(result.stdout).toContain('Model version 1 is active');
    },
  );

  test(
    'suggest answers each JSON line with a JSON line, and names lines it cannot read',
    { timeout: SPAWNS_TIMEOUT },
    async () => {
      const input = [
        {
          description: 'Deep pothole in the tarmac by the bus stop',
          lat: 51.5,
          long: -0.12,
          requested_datetime: '2026-03-01T10:00:00Z',
        },
        {
          description: 'someone dumped a mattress and a fridge',
          lat: 51.5,
          long: -0.12,
          requested_datetime: '2026-03-01T10:00:00+01:00',
        },
      ]
        .map((line) => JSON.stringify(line))
        .concat(['not json', JSON.stringify({ description: 'lamp unlit', lat: 'north' })])
        .join('\n');
      const result = await plaza(env, ['triage', 'suggest'], `${input}\n`);
      expect(result.code).toBe(1);
      const [pothole, tipping, broken, invalid] = lines(result.stdout);
      expect(pothole).toMatchObject({
        line: 1,
        service_code: 'report-pothole',
        department: 'highways',
        model_version: 1,
      });
      expect(pothole?.confidence).toBeGreaterThan(0.5);
      expect(pothole?.reasons).toEqual(expect.arrayContaining(['pothole', 'tarmac']));
      expect(tipping).toMatchObject({
        line: 2,
        service_code: 'report-fly-tipping',
        department: 'environment',
      });
      expect(broken).toEqual({ line: 3, error: 'not JSON' });
      expect(invalid).toMatchObject({ line: 4 });
      expect(String(invalid?.error)).toContain('lat');
    },
  );

  test(
    'duplicates find gives each report its candidates among stored reports, with reasons',
    { timeout: SPAWNS_TIMEOUT },
    async () => {
      const input = [
        {
          description: 'deep pothole tarmac',
          lat: 51.5001,
          long: -0.12,
          requested_datetime: '2025-01-20T12:00:00Z',
          service_code: 'report-pothole',
        },
        {
          description: 'deep pothole tarmac',
          lat: 40.0,
          long: -3.7,
          requested_datetime: '2025-01-20T12:00:00Z',
          service_code: 'report-pothole',
        },
        { description: 'no place' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n');
      const result = await plaza(env, ['duplicates', 'find', '--include-closed', '--limit', '3'], input);
      const [near, far, noPlace] = lines(result.stdout);
      const candidates = near?.candidates as {
        report_id: string;
        service_request_id: string;
        score: number;
        distance_metres: number;
        reasons: { code: string }[];
        summary: string;
      }[];
      expect(candidates).toHaveLength(3);
      expect(candidates[0]).toMatchObject({ distance_metres: 11 });
      expect(candidates[0]?.reasons.map((reason) => reason.code)).toContain('sameType');
      expect(candidates[0]?.summary).toMatch(/^11 m away, same type, \d+ (minute|hour|day)s? earlier/);
      expect(candidates[0]?.score).toBeGreaterThanOrEqual(candidates[2]?.score as number);
      expect(far).toEqual({ line: 2, candidates: [] });
      expect(noPlace).toEqual({ line: 3, error: 'lat and long are required' });
      expect(result.code).toBe(1);
      // Without --include-closed, the closed history is not proposed to a citizen.
      const open = await plaza(
        env,
        ['duplicates', 'find'],
        `${JSON.stringify({ lat: 51.5, long: -0.12, description: 'pothole' })}\n`,
      );
      expect(open.code).toBe(0);
      expect(lines(open.stdout)).toEqual([{ line: 1, candidates: [] }]);
    },
  );
});
