/**
 * `plaza keys generate` and `plaza keys rotate` against real databases: on the embedded database the
 * command refuses a data folder the server holds, then rotates once it is free; on PostgreSQL it rotates
 * while a server keeps reading and writing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openConfiguredDatabase } from '../../src/runtime.js';
import { testDatabases } from '../support/database.js';
import { signInCitizen, startTestApp, type TestClient } from '../support/test-app.js';

const SECRET = 'a test secret that is long enough for plaza';
const K1 = `k1:${Buffer.alloc(32, 11).toString('base64')}`;
const K2 = `k2:${Buffer.alloc(32, 22).toString('base64')}`;

let output: string[] = [];
function capture(): void {
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  }
}
afterEach(() => vi.restoreAllMocks());

/** A bulky waste booking from someone not signed in. */
async function sendBooking(client: TestClient, email: string): Promise<string> {
  await client.get('/services/bulky-waste-collection/apply');
  const next = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
  const draft = next.url.replace(/\/[^/]+$/, '');
  await client.post(`${draft}/item-count`, { item_count: '1' });
  await client.post(`${draft}/collection-address`, {
    'collection_address-line1': '9 Quay Street',
    'collection_address-town': 'Demo City',
    'collection_address-postcode': 'DC5 6GH',
  });
  await client.post(`${draft}/item-location`, { item_location: 'kerbside' });
  await client.post(`${draft}/preferred-date`, {
    'preferred_date-day': '12',
    'preferred_date-month': '3',
    'preferred_date-year': '2026',
  });
  await client.post(`${draft}/email`, { email });
  await client.post(`${draft}/phone`, { phone: '0300 555 0155' });
  const sent = await client.post(`${draft}/check`);
  return sent.url.split('/')[2] as string;
}

describe('plaza keys generate', () => {
  test('prints a key the configuration accepts; refuses a bad id', async () => {
    capture();
    expect(await runCli(['keys', 'generate', 'k2026'], {})).toBe(0);
    const line = output.join('').trim();
    expect(line).toMatch(/^k2026:[A-Za-z0-9+/]{43}=$/);
    expect(loadConfig({ PLAZA_ENCRYPTION_KEYS: line }).encryptionKeys?.[0]?.id).toBe('k2026');
    capture();
    expect(await runCli(['keys', 'generate', 'not a key id'], {})).toBe(2);
  });
});

describe('plaza keys rotate on the embedded database', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plaza-keys-'));
    env = { PLAZA_DATA_DIR: dataDir, PLAZA_ENV: 'test', PLAZA_SECRET: SECRET, LOG_LEVEL: 'silent' };
    // A deployment that began without keys: its data is under the key derived from the secret.
    const config = loadConfig(env);
    const database = await openConfiguredDatabase(config, 'test setup');
    await migrateToLatest(config, database);
    const t = await startTestApp({ database });
    await sendBooking(t.client(), 'quay@example.org');
    await t.close();
    await database.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('while the server holds the data folder, it says so and changes nothing', async () => {
    const config = loadConfig(env);
    const server = await openConfiguredDatabase(config, 'server (web, worker)');
    try {
      capture();
      expect(await runCli(['keys', 'rotate'], { ...env, PLAZA_ENCRYPTION_KEYS: K1 })).toBe(3);
      expect(output.join('')).toContain('in use by another Plaza process');
      const row = await server.db.selectFrom('cases').select('contact_email').executeTakeFirstOrThrow();
      expect(row.contact_email).toMatch(/^pz1:secret:/);
    } finally {
      await server.close();
    }
  });

  test('once free, it moves everything to the first configured key', async () => {
    capture();
    expect(await runCli(['keys', 'rotate'], { ...env, PLAZA_ENCRYPTION_KEYS: K1 })).toBe(0);
    const text = output.join('');
    expect(text).toContain('cases: 1 checked, 1 re-encrypted');
    expect(text).toContain('All personal data is encrypted with the key "k1"');
    const database = await openConfiguredDatabase(loadConfig(env), 'test check');
    try {
      const row = await database.db
        .selectFrom('cases')
        .select(['contact_email', 'answers'])
        .executeTakeFirstOrThrow();
      expect(row.contact_email).toMatch(/^pz1:k1:/);
      expect(JSON.stringify(row.answers)).not.toContain('pz1:secret:');
      expect(JSON.stringify(row.answers)).toContain('pz1:k1:');
    } finally {
      await database.close();
    }
  });
});

const postgres = testDatabases().find((database) => database.name === 'postgres');

describe.runIf(postgres)('plaza keys rotate on PostgreSQL, while the server runs', () => {
  test('re-encrypts under the new key while the server reads and writes', async () => {
    const database = await (postgres as NonNullable<typeof postgres>).open();
    const first = await startTestApp({ database, env: { PLAZA_ENCRYPTION_KEYS: K1 } });
    const reference = await sendBooking(first.client(), 'harbour@example.org');
    await first.close();
    // The new key goes first on every process; then the rotation runs beside them.
    const server = await startTestApp({
      database,
      clock: first.clock,
      env: { PLAZA_ENCRYPTION_KEYS: `${K2},${K1}` },
    });
    try {
      capture();
      const [code, another] = await Promise.all([
        runCli(['keys', 'rotate'], {
          PLAZA_ENV: 'test',
          DATABASE_URL: database.url as string,
          PLAZA_SECRET: SECRET,
          PLAZA_ENCRYPTION_KEYS: `${K2},${K1}`,
          LOG_LEVEL: 'silent',
        }),
        sendBooking(server.client(), 'harbour@example.org'),
      ]);
      vi.restoreAllMocks();
      expect(code).toBe(0);
      const rows = await database.db.selectFrom('cases').select(['contact_email', 'answers']).execute();
      expect(rows).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toContain('pz1:k1:');
      const citizen = server.client();
      await signInCitizen(server, citizen, 'harbour@example.org');
      const list = await citizen.get('/account/applications');
      expect(list.body).toContain(reference);
      expect(list.body).toContain(another);
      expect((await citizen.get(`/account/applications/${reference}`)).body).toContain('9 Quay Street');
    } finally {
      await server.close();
      await database.dispose();
    }
  });
});
