/**
 * What an operator sees when they start Plaza: sensible defaults, and a configuration error that lists
 * every problem at once, naming each variable.
 */
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const secret = 'k'.repeat(32);
/** Production needs encryption keys too (see the last tests). */
const keys = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

/** The problems loadConfig reports for an environment, or [] when it loads. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('defaults', () => {
  const config = loadConfig({});

  test('development on port 3000 on localhost, with the demo city', () => {
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('localhost');
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.demo).toBe(true);
    expect(config.definitionsDir).toBe(join(repo, 'definitions', 'demo-city'));
  });

  test('the data folder is ./data, resolved to an absolute path', () => {
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
  });

  test('both roles, UTC, a 10 MB upload limit and the default brand colour', () => {
    expect(config.roles).toEqual(['web', 'worker']);
    expect(config.timeZone).toBe('UTC');
    expect(config.uploadMaxBytes).toBe(10 * 1024 * 1024);
    expect(config.organisation).toEqual({ name: 'Demo City', brandColour: '#1d4f91', logoUrl: undefined });
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ PORT: '', PLAZA_DATA_DIR: '' })).toMatchObject({
      port: 3000,
      dataDir: config.dataDir,
    });
  });

  test('the demo is off in production and in tests, unless asked for', () => {
    expect(
      loadConfig({ PLAZA_ENV: 'production', PLAZA_SECRET: secret, PLAZA_ENCRYPTION_KEYS: keys }).demo,
    ).toBe(false);
    expect(loadConfig({ PLAZA_ENV: 'test' }).demo).toBe(false);
    expect(
      loadConfig({
        PLAZA_ENV: 'production',
        PLAZA_SECRET: secret,
        PLAZA_ENCRYPTION_KEYS: keys,
        PLAZA_DEMO: 'yes',
      }).demo,
    ).toBe(true);
    expect(loadConfig({ PLAZA_DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ PLAZA_DEMO: '0' }).demo).toBe(false);
  });
});

describe('values given', () => {
  test('an absolute data folder is kept, a relative one resolved from the working folder', () => {
    expect(loadConfig({ PLAZA_DATA_DIR: '/srv/plaza' }).dataDir).toBe('/srv/plaza');
    expect(loadConfig({ PLAZA_DATA_DIR: 'var/plaza' }).dataDir).toBe(join(process.cwd(), 'var', 'plaza'));
  });

  test('the base address loses its trailing slash, and follows the port by default', () => {
    expect(loadConfig({ PLAZA_BASE_URL: 'https://plaza.example.gov/' }).baseUrl).toBe(
      'https://plaza.example.gov',
    );
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
  });

  test('roles are a comma-separated list', () => {
    expect(loadConfig({ PLAZA_ROLES: 'worker' }).roles).toEqual(['worker']);
    expect(loadConfig({ PLAZA_ROLES: 'web, worker' }).roles).toEqual(['web', 'worker']);
  });
});

describe('problems', () => {
  test('several bad variables are all named at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PLAZA_ROLES: 'web,api',
      PLAZA_TIMEZONE: 'Mars/Olympus_Mons',
      SMTP_URL: 'http://mail.example.gov',
      LOG_LEVEL: 'verbose',
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'LOG_LEVEL',
      'PLAZA_ROLES',
      'PLAZA_TIMEZONE',
      'PORT',
      'SMTP_URL',
    ]);
    expect(problems).toContain('PLAZA_TIMEZONE: must be an IANA time zone such as Europe/Madrid');
    expect(problems).toContain('SMTP_URL: must be an smtp:// or smtps:// address');
  });

  test('the error message lists every problem', () => {
    expect(() => loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://db' })).toThrow(
      /2 problem\(s\):\n {2}- PORT: .*\n {2}- DATABASE_URL: must be a postgres:\/\/ connection string/,
    );
  });

  test('a secret is required in production', () => {
    expect(problemsOf({ PLAZA_ENV: 'production', PLAZA_ENCRYPTION_KEYS: keys })).toEqual([
      'PLAZA_SECRET: required in production (at least 32 random characters)',
    ]);
    expect(
      problemsOf({ PLAZA_ENV: 'production', PLAZA_SECRET: 'short', PLAZA_ENCRYPTION_KEYS: keys }),
    ).toEqual(['PLAZA_SECRET: must be at least 32 characters']);
    expect(problemsOf({ PLAZA_ENV: 'development' })).toEqual([]);
  });

  // Known bug in src/config.ts (reported, not fixed here): the production secret is only checked when
  // nothing else is wrong, so an operator fixes the other problems and then meets this one. When config.ts
  // is fixed, this test starts failing: remove `.fails`.
  test('a missing production secret is listed with the other problems', () => {
    expect(problemsOf({ PLAZA_ENV: 'production', PORT: 'eighty' }).map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'PLAZA_SECRET',
      'PLAZA_ENCRYPTION_KEYS',
    ]);
  });

  test('a brand colour white text cannot be read on is refused', () => {
    const refusal =
      'PLAZA_BRAND_COLOUR: must contrast with white text by at least 4.5:1 (WCAG AA); choose a darker colour';
    expect(problemsOf({ PLAZA_BRAND_COLOUR: '#ffdd00' })).toEqual([refusal]);
    // #777777 on white is 4.48:1, just short; #767676 is 4.54:1, the lightest grey that passes.
    expect(problemsOf({ PLAZA_BRAND_COLOUR: '#777777' })).toEqual([refusal]);
    expect(problemsOf({ PLAZA_BRAND_COLOUR: '#767676' })).toEqual([]);
    expect(loadConfig({ PLAZA_BRAND_COLOUR: '#0B0C0C' }).organisation.brandColour).toBe('#0B0C0C');
  });

  test('a brand colour that is not #rrggbb is refused', () => {
    // Only the start is checked: config.ts also adds the contrast message for a value that is not a colour
    // at all (reported, not fixed here).
    const problems = problemsOf({ PLAZA_BRAND_COLOUR: 'navy' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PLAZA_BRAND_COLOUR: must be a colour like #1d4f91/);
  });

  test('a demo flag that is not yes or no is refused', () => {
    expect(problemsOf({ PLAZA_DEMO: 'maybe' }).map((problem) => problem.split(':')[0])).toEqual([
      'PLAZA_DEMO',
    ]);
  });
});

describe('encryption keys and retention', () => {
  const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

  test('production refuses to start without encryption keys; development and tests derive one', () => {
    expect(problemsOf({ PLAZA_ENV: 'production', PLAZA_SECRET: secret })).toEqual([
      'PLAZA_ENCRYPTION_KEYS: required in production (id:base64 pairs, the first encrypts; `npx plaza keys generate` makes a key)',
    ]);
    expect(loadConfig({}).encryptionKeys).toBeUndefined();
  });

  test('a key ring is read in order, the first key encrypting', () => {
    const config = loadConfig({ PLAZA_ENCRYPTION_KEYS: `k2:${key(2)}, k1:${key(1)}` });
    expect(config.encryptionKeys?.map((entry) => entry.id)).toEqual(['k2', 'k1']);
    expect(config.encryptionKeys?.[0]?.key).toEqual(Buffer.alloc(32, 2));
  });

  test('bad keys are named without quoting them', () => {
    const problems = problemsOf({
      PLAZA_ENCRYPTION_KEYS: `k1:${key(1)},k1:${key(3)},short:abcd,nocolon`,
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('the key id "k1" is used twice');
    expect(problems[0]).toContain('the key "short" must be 32 random bytes in base64');
    expect(problems[0]).toContain('key 4 must be written id:base64');
    expect(problems[0]).not.toContain(key(3));
  });

  test('closed cases keep personal data for 730 days unless configured', () => {
    expect(loadConfig({}).personalDataRetentionDays).toBe(730);
    expect(loadConfig({ PLAZA_PERSONAL_DATA_RETENTION_DAYS: '90' }).personalDataRetentionDays).toBe(90);
    expect(problemsOf({ PLAZA_PERSONAL_DATA_RETENTION_DAYS: '0' }).map((p) => p.split(':')[0])).toEqual([
      'PLAZA_PERSONAL_DATA_RETENTION_DAYS',
    ]);
  });
});
