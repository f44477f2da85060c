/**
 * Guessing is stopped by the rate limits (PLAZA_RATE_LIMITS=on): staff passwords and sign-in codes, from
 * one address against many accounts or from many addresses against one; flooding a service with
 * applications; a partner system calling past its own limit. A refusal is a 429 with Retry-After: a page
 * that says how long to wait for people, problem+json for the API. Limits off (the test default) limit
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { signInStaff, startTestApp, STAFF_PASSWORD, type Page, type TestApp } from '../support/test-app.js';

/** A refusal people can act on: 429, how long to wait, and the page saying so. */
function expectTooMany(page: Page): void {
  expect(page.status).toBe(429);
  expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
  expect(page.document.querySelector('h1')?.textContent).toContain('Too many attempts');
  expect(page.document.querySelector('main')?.textContent).toMatch(/Wait \d+ minutes?, then try again/);
}

describe.each(testDatabases())('brute force on $name', (database) => {
  let t: TestApp;
  let address = 0;
  /** A browser from an address of its own (TEST-NET-3), so each test counts from zero. */
  const freshClient = () => t.client({ address: `203.0.113.${++address}` });

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_RATE_LIMITS: 'on' } });
    await t.createStaff('target@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('password guesses from one address, across many accounts, are stopped after 30', async () => {
    const attacker = freshClient();
    await attacker.get('/staff/sign-in');
    for (let attempt = 1; attempt <= 30; attempt++) {
      const page = await attacker.post('/staff/sign-in', {
        email: `guess${attempt}@demo-city.example`,
        password: 'password123',
      });
      expect(page.status).toBe(422);
    }
    expectTooMany(
      await attacker.post('/staff/sign-in', { email: 'target@demo-city.example', password: STAFF_PASSWORD }),
    );
    // Someone else, elsewhere, is not affected.
    const colleague = await signInStaff(freshClient(), 'target@demo-city.example');
    expect(colleague.url).toBe('/staff/queue');
  });

  test('password guesses at one account from many addresses are stopped after 10', async () => {
    await t.createStaff('spread@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const guesser = freshClient();
      await guesser.get('/staff/sign-in');
      const page = await guesser.post('/staff/sign-in', {
        email: 'Spread@demo-city.example',
        password: `guess ${attempt}`,
      });
      // The account's own lockout starts after 5; the limit holds whatever that lockout says.
      expect(page.status).toBe(422);
    }
    const eleventh = freshClient();
    await eleventh.get('/staff/sign-in');
    expectTooMany(
      await eleventh.post('/staff/sign-in', { email: 'spread@demo-city.example', password: 'guess 11' }),
    );
  });

  test('sign-in code guesses are stopped: per browser, and per email address across browsers', async () => {
    const attacker = freshClient();
    await attacker.get('/sign-in');
    await attacker.post('/sign-in', { email: 'victim@example.org' });
    for (let attempt = 1; attempt <= 10; attempt++) {
      const page = await attacker.post('/sign-in/code', { code: String(100000 + attempt) });
      expect(page.status).toBe(422);
    }
    const [message] = await t.outbox('victim@example.org');
    const code = message?.body.match(/\b(\d{6})\b/)?.[1] as string;
    // Even the right code is refused now: the guesser cannot tell it was right.
    expectTooMany(await attacker.post('/sign-in/code', { code }));

    // A new browser (new session, new address) guessing for the same person is refused too.
    const another = freshClient();
    await another.get('/sign-in');
    await another.post('/sign-in', { email: 'VICTIM@example.org' });
    expectTooMany(await another.post('/sign-in/code', { code: '123456' }));
  });

  test('asking for sign-in codes for many addresses from one address is stopped after 30', async () => {
    const sender = freshClient();
    await sender.get('/sign-in');
    for (let attempt = 1; attempt <= 30; attempt++) {
      const page = await sender.post('/sign-in', { email: `someone${attempt}@example.org` });
      expect(page.url).toBe('/sign-in/code');
    }
    expectTooMany(await sender.post('/sign-in', { email: 'one.more@example.org' }));
  });

  test('applications: starting one is limited per browser and per address', async () => {
    const flooder = freshClient();
    await flooder.get('/services/bulky-waste-collection/apply');
    for (let attempt = 1; attempt <= 30; attempt++) {
      // Refused answers count as much as accepted ones.
      const page = await flooder.post('/services/bulky-waste-collection/apply', {});
      expect(page.status).toBe(422);
    }
    expectTooMany(await flooder.post('/services/bulky-waste-collection/apply', { items: 'sofa' }));
    const next = freshClient();
    await next.get('/services/bulky-waste-collection/apply');
    expect((await next.post('/services/bulky-waste-collection/apply', {})).status).toBe(422);
  });

  test('applications: sending is limited per browser, whatever the draft', async () => {
    const sender = freshClient();
    await sender.get('/services/bulky-waste-collection/apply');
    const started = await sender.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    const draft = started.url.replace(/\/[^/]+$/, '');
    expect(draft).toMatch(/^\/apply\//);
    for (let attempt = 1; attempt <= 30; attempt++) {
      // The draft is incomplete: each send goes back to the first unanswered question.
      const page = await sender.post(`${draft}/check`);
      expect(page.status).toBe(200);
    }
    expectTooMany(await sender.post(`${draft}/check`));
    // Answering questions on the same draft is not limited.
    expect((await sender.post(`${draft}/item-count`, { item_count: '1' })).status).toBe(200);
  });

  test('a partner system is refused past its own requests per minute, with problem+json and Retry-After', async () => {
    const system = { type: 'system', id: null } as const;
    const { secret } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Busy system',
      scopes: ['cases:read'],
      departments: ['environment'],
      requestsPerMinute: 5,
    });
    const { secret: calm } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Calm system',
      scopes: ['cases:read'],
      departments: ['environment'],
    });
    const get = (key: string) =>
      t.app.server.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${key}` } });
    for (let call = 1; call <= 5; call++) expect((await get(secret)).statusCode).toBe(200);
    const refused = await get(secret);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limit.exceeded' });
    expect((await get(calm)).statusCode).toBe(200);
  });

  test('guessing API keys from one address is stopped after 30 failures', async () => {
    const guess = (attempt: number) =>
      t.app.server.inject({
        method: 'GET',
        url: '/api/cases',
        remoteAddress: '198.51.100.7',
        headers: { authorization: `Bearer plz_${String(attempt).padStart(43, 'x')}` },
      });
    for (let attempt = 1; attempt <= 30; attempt++) expect((await guess(attempt)).statusCode).toBe(401);
    expect((await guess(31)).statusCode).toBe(429);
  });

  test('guessing an OAuth client’s secret is stopped after 20 tries a minute', async () => {
    const { client } = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'oauth', name: 'Guessed', scopes: ['cases:read'], departments: ['environment'] },
    );
    const guess = (attempt: number) =>
      t.app.server.inject({
        method: 'POST',
        url: '/api/oauth/token',
        remoteAddress: `192.0.2.${attempt}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.clientId as string,
          client_secret: `plzs_guess${attempt}`,
        }).toString(),
      });
    for (let attempt = 1; attempt <= 20; attempt++) expect((await guess(attempt)).statusCode).toBe(401);
    expect((await guess(21)).statusCode).toBe(429);
  });
});

describe.each(testDatabases())('behind a proxy on $name', (database) => {
  test('with PLAZA_TRUST_PROXY, limits count each client’s address, not the proxy’s', async () => {
    const t = await startTestApp({
      database: await database.open(),
      env: { PLAZA_RATE_LIMITS: 'on', PLAZA_TRUST_PROXY: '1' },
    });
    try {
      const guess = (client: string) =>
        t.app.server.inject({
          method: 'GET',
          url: '/api/cases',
          remoteAddress: '10.0.0.2',
          headers: { authorization: 'Bearer plz_guess', 'x-forwarded-for': client },
        });
      for (let attempt = 1; attempt <= 30; attempt++)
        expect((await guess('198.51.100.20')).statusCode).toBe(401);
      expect((await guess('198.51.100.20')).statusCode).toBe(429);
      expect((await guess('198.51.100.21')).statusCode).toBe(401);
    } finally {
      await t.close();
      await t.database.close();
    }
  });
});

describe.each(testDatabases())('without rate limits on $name', (database) => {
  test('PLAZA_RATE_LIMITS=off limits nothing', async () => {
    const t = await startTestApp({ database: await database.open(), env: { PLAZA_RATE_LIMITS: 'off' } });
    try {
      const client = t.client();
      await client.get('/staff/sign-in');
      for (let attempt = 1; attempt <= 35; attempt++) {
        const page = await client.post('/staff/sign-in', {
          email: `x${attempt}@example.org`,
          password: 'guess',
        });
        expect(page.status).toBe(422);
      }
    } finally {
      await t.close();
      await t.database.close();
    }
  });
});
