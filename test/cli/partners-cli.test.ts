/**
 * `plaza apikey` and `plaza oauth-client` against a real embedded database: a key or secret is printed
 * once and works; list shows what a person needs to recognise a client and never the secret; revoke stops
 * it; mistakes are named and change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { createPartnersService } from '../../src/modules/partners/index.js';
import { systemClock } from '../../src/platform/time/clock.js';
import { migrateToLatest, openConfiguredDatabase } from '../../src/runtime.js';

describe('plaza apikey and plaza oauth-client', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let output: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plaza-partners-cli-'));
    env = {
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ENV: 'test',
      PLAZA_SECRET: 'a secret for the command line tests 123',
      LOG_LEVEL: 'silent',
    };
    const config = loadConfig(env);
    const database = await openConfiguredDatabase(config, 'test setup');
    await migrateToLatest(config, database);
    await database.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  async function plaza(...args: string[]): Promise<{ code: number; text: string }> {
    output = [];
    const keep = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(keep);
    vi.spyOn(process.stderr, 'write').mockImplementation(keep);
    const code = await runCli(args, env);
    vi.restoreAllMocks();
    return { code, text: output.join('') };
  }

  /** What the server would make of a credential, on the same database. */
  async function authenticate(credential: string) {
    const database = await openConfiguredDatabase(loadConfig(env), 'test check');
    try {
      const partners = createPartnersService({ db: database.db, clock: systemClock, t: () => (key) => key });
      return await partners.authenticate(credential);
    } finally {
      await database.close();
    }
  }

  test('apikey create prints the key once; it works for its scopes and departments', async () => {
    const created = await plaza(
      'apikey',
      'create',
      '--name',
      'Waste contractor',
      '--scopes',
      'cases:read,cases:write',
      '--departments',
      'environment',
    );
    expect(created.code).toBe(0);
    const key = created.text.match(/API key: (plz_\S+)/)?.[1] as string;
    expect(key).toMatch(/^plz_[A-Za-z0-9_-]{43}$/);
    expect(created.text).toContain('shown only this once');
    const client = await authenticate(key);
    expect(client?.principal.client).toEqual({
      scopes: ['cases:read', 'cases:write'],
      departmentIds: ['environment'],
    });
    expect(client?.requestsPerMinute).toBe(600);

    const listed = await plaza('apikey', 'list');
    expect(listed.code).toBe(0);
    expect(listed.text).toContain('"Waste contractor"');
    expect(listed.text).toContain(`${key.slice(0, 12)}…`);
    expect(listed.text).not.toContain(key);
    const id = listed.text.match(/^([0-9a-f-]{36}) {2}"Waste contractor"/m)?.[1] as string;

    const revoked = await plaza('apikey', 'revoke', id);
    expect(revoked).toMatchObject({ code: 0, text: 'Revoked "Waste contractor".\n' });
    expect(await authenticate(key)).toBeUndefined();
    expect((await plaza('apikey', 'list')).text).toMatch(/"Waste contractor".* revoked \d{4}-/);
    expect((await plaza('apikey', 'revoke', id)).text).toContain('was already revoked');
  });

  test('oauth-client create prints the client_id and secret; list shows the client_id', async () => {
    const created = await plaza(
      'oauth-client',
      'create',
      '--name',
      'Data hub',
      '--scopes',
      'cases:read',
      '--departments',
      'environment,transport',
      '--requests-per-minute',
      '120',
    );
    expect(created.code).toBe(0);
    const clientId = created.text.match(/client_id: +(plzc_\S+)/)?.[1] as string;
    const secret = created.text.match(/client_secret: (plzs_\S+)/)?.[1] as string;
    expect(clientId).toBeDefined();
    expect(secret).toBeDefined();
    const listed = await plaza('oauth-client', 'list');
    expect(listed.text).toContain(clientId);
    expect(listed.text).toContain('environment,transport');
    expect(listed.text).toContain('120/min');
    expect(listed.text).not.toContain(secret);
    // An OAuth client is not an API key.
    expect((await plaza('apikey', 'list')).text).not.toContain(clientId);
  });

  test('mistakes are named, exit 2, and create nothing', async () => {
    const wrong = await plaza(
      'apikey',
      'create',
      '--name',
      ' ',
      '--scopes',
      'cases:delete',
      '--departments',
      'atlantis',
      '--requests-per-minute',
      'lots',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.text).toContain('--name: Enter a name for the client');
    expect(wrong.text).toContain('--scopes: Select scopes from the list');
    expect(wrong.text).toContain('--departments: Select departments from the list');
    expect(wrong.text).toContain('--requests-per-minute:');
    expect((await plaza('oauth-client', 'create', '--name', 'No scopes')).code).toBe(2);
    expect((await plaza('oauth-client', 'list')).text).not.toContain('No scopes');
    // Scopes that reach cases need a department.
    const noDepartment = await plaza('apikey', 'create', '--name', 'Nowhere', '--scopes', 'cases:read');
    expect(noDepartment.code).toBe(2);
    expect(noDepartment.text).toContain('--departments: Select at least one department');
  });

  test('apikey create with only a name issues an Open311 key (open311:write, no department)', async () => {
    const created = await plaza('apikey', 'create', '--name', 'FixMyStreet');
    expect(created.code).toBe(0);
    expect(created.text).toContain('Scopes: open311:write. Departments: none.');
    const key = created.text.match(/API key: (plz_\S+)/)?.[1] as string;
    const client = await authenticate(key);
    expect(client?.principal.client).toEqual({ scopes: ['open311:write'], departmentIds: [] });
  });

  test('revoking an id that is not there exits 1', async () => {
    const missing = await plaza('apikey', 'revoke', '00000000-0000-4000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.text).toContain('There is no API key with the id');
    expect((await plaza('oauth-client', 'revoke', 'not-an-id')).code).toBe(1);
  });
});
