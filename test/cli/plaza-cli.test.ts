/**
 * The command line against a real embedded database in a temporary folder: `audit verify` finds the first
 * entry that was altered, removed or inserted; commands refuse, clearly and harmlessly, to open a data
 * folder the server holds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { appendAudit } from '../../src/modules/audit/index.js';
import { systemClock } from '../../src/platform/time/clock.js';
import { migrateToLatest, openConfiguredDatabase } from '../../src/runtime.js';
import { repositoryRoot } from '../support/pglite-template.js';

const run = promisify(execFile);

describe('plaza audit verify', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let output: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plaza-cli-'));
    env = {
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ENV: 'test',
      PLAZA_SECRET: 'a secret for the command line tests 123',
      LOG_LEVEL: 'silent',
    };
    const config = loadConfig(env);
    const database = await openConfiguredDatabase(config, 'test setup');
    await migrateToLatest(config, database);
    for (let index = 1; index <= 5; index++) {
      await database.db.transaction().execute((trx) =>
        appendAudit(trx, systemClock, {
          actor: { type: 'cli', id: null },
          action: 'test.event',
          subject: { type: 'test', id: String(index) },
          details: { index },
        }),
      );
    }
    await database.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const capture = (): void => {
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  };
  afterEach(() => vi.restoreAllMocks());

  /** Changes the stored log as an intruder with database access would: around the append-only trigger. */
  async function tamper(statement: string): Promise<void> {
    const database = await openConfiguredDatabase(loadConfig(env), 'test tampering');
    await sql.raw('alter table audit_log disable trigger audit_log_append_only').execute(database.db);
    await sql.raw(statement).execute(database.db);
    await sql.raw('alter table audit_log enable trigger audit_log_append_only').execute(database.db);
    await database.close();
  }

  test('an intact log verifies and exits 0', async () => {
    capture();
    expect(await runCli(['audit', 'verify'], env)).toBe(0);
    expect(output.join('')).toMatch(/The audit log is intact: 5 entries, head [0-9a-f]{64}\./);
  });

  test('the database refuses to update or delete audit entries at all', async () => {
    const database = await openConfiguredDatabase(loadConfig(env), 'test');
    await expect(
      sql.raw("update audit_log set action = 'x' where seq = 1").execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql.raw('delete from audit_log where seq = 1').execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await database.close();
  });

  test('an altered entry is named, and the command exits 1', async () => {
    await tamper(`update audit_log set details = '{"index": 99}' where seq = 3`);
    capture();
    expect(await runCli(['audit', 'verify'], env)).toBe(1);
    expect(output.join('')).toContain('entry #3 was altered');
    await tamper(`update audit_log set details = '{"index": 3}' where seq = 3`);
    capture();
    expect(await runCli(['audit', 'verify'], env)).toBe(0);
  });

  test('a removed entry is named', async () => {
    await tamper('delete from audit_log where seq = 2');
    capture();
    expect(await runCli(['audit', 'verify'], env)).toBe(1);
    expect(output.join('')).toContain('entry #2 was removed');
  });

  test('while the server holds the data folder, the command says so and changes nothing', async () => {
    const config = loadConfig(env);
    const server = await openConfiguredDatabase(config, 'server (web, worker)');
    try {
      capture();
      expect(await runCli(['audit', 'verify'], env)).toBe(3);
      const text = output.join('');
      expect(text).toContain(`in use by another Plaza process (pid ${process.pid}, server (web, worker)`);
      expect(text).toContain('stop that process');
    } finally {
      await server.close();
    }
  });
});

describe('plaza audit verify on a database that was never set up', () => {
  test('says how to set it up, and does not create anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plaza-cli-empty-'));
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const code = await runCli(['audit', 'verify'], {
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ENV: 'test',
      LOG_LEVEL: 'silent',
    });
    vi.restoreAllMocks();
    expect(code).toBe(3);
    expect(lines.join('')).toContain('Run `npx plaza db migrate`, or start Plaza once');
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('plaza services validate', () => {
  test('the demo definitions are valid', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    expect(await runCli(['services', 'validate', join(repositoryRoot, 'definitions', 'demo-city')])).toBe(0);
    vi.restoreAllMocks();
    expect(lines.join('')).toMatch(
      /14 service\(s\) valid, \d+ workflow\(s\), 6 department\(s\); 0 problem\(s\)\./,
    );
  });
});

describe('the plaza command itself', () => {
  test('lists its commands, run the way npx runs it', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(repositoryRoot, 'src', 'cli', 'plaza.ts'), '--help'],
      {
        cwd: repositoryRoot,
      },
    );
    for (const command of ['db', 'audit', 'services', 'staff']) expect(stdout).toContain(command);
  });
});
