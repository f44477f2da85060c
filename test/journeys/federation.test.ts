/**
 * Signing in with an identity provider over OpenID Connect, against a real provider (oidc-provider) on a
 * random local port: a first sign-in creates the account and records the level of assurance in a new
 * session; an ID token changed on the way, a wrong nonce, a wrong state, an expired or reused code are all
 * refused; a provider that is down is shown as unavailable. A service needing the substantial level sends a
 * citizen who signed in with an email code to step up, takes them after the eID, and records the level on
 * the application, which staff see.
 *
 * The provider works by the real time (ID tokens expire by it); Plaza's test clock only moves sessions and
 * the sign-in's own time limit, which these tests do not reach.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EIDAS_LEVELS } from '../../src/modules/federation/index.js';
import { testDatabases } from '../support/database.js';
import {
  definitionsWith,
  startTestIdentityProvider,
  type TestIdentityProvider,
  type TestPerson,
} from '../support/identity-provider.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const CLIENT_SECRET = 'the test provider client secret, 32+ characters';
const CALLBACK = 'http://plaza.test/sign-in/oidc/test-eid/callback';

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function providersYaml(issuer: string, downPort: number): string {
  return `providers:
  - id: test-eid
    name: Test eID
    description: The national electronic identity, with its card or app.
    issuer: ${issuer}
    clientId: plaza-test
    clientSecretEnv: TEST_EID_CLIENT_SECRET
    scopes: [openid, profile, email]
    assurance:
      claim: acr
      values:
        ${EIDAS_LEVELS.low}: low
        ${EIDAS_LEVELS.substantial}: substantial
        ${EIDAS_LEVELS.high}: high
  - id: down-eid
    name: Down eID
    issuer: http://127.0.0.1:${downPort}
    clientId: plaza-test
    assurance:
      default: substantial
  - id: social
    name: Social login
    issuer: http://127.0.0.1:${downPort}
    clientId: plaza-test
`;
}

const housingSupport = `slug: housing-support
title: Apply for housing support
summary: Help with rent for people on a low income.
topic: Housing
department: transport
signIn: substantial
start:
  body: Apply for help with your rent.
sla:
  workingDays: 20
workflow: simple-request
pages:
  - id: reason
    questions:
      - id: reason
        type: text
        label: Why do you need support?
`;

/** A JWT with its payload replaced and its signature kept: what an attacker on the way could send. */
function withPayload(jwt: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe.each(testDatabases())('signing in with an identity provider on $name', (database) => {
  let t: TestApp;
  let idp: TestIdentityProvider;
  let definitions: { dir: string; remove(): void };
  let codeTtlSeconds = 60;
  let tamperIdToken = false;

  beforeAll(async () => {
    idp = await startTestIdentityProvider({
      clients: [{ clientId: 'plaza-test', clientSecret: CLIENT_SECRET, redirectUris: [CALLBACK] }],
      codeTtlSeconds: () => codeTtlSeconds,
    });
    // Someone between Plaza and the provider changes the ID token the token endpoint returns.
    idp.provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: unknown } | undefined;
      if (tamperIdToken && ctx.path === '/token' && typeof body?.id_token === 'string') {
        ctx.body = {
          ...body,
          id_token: withPayload(body.id_token, (claims) => {
            claims.acr = EIDAS_LEVELS.high;
          }),
        };
      }
    });
    definitions = definitionsWith(providersYaml(idp.issuer, await unusedPort()), {
      'housing-support.yaml': housingSupport,
    });
    t = await startTestApp({
      database: await database.open(),
      env: { PLAZA_DEFINITIONS_DIR: definitions.dir, TEST_EID_CLIENT_SECRET: CLIENT_SECRET },
    });
    expect(t.app.syncReport.problems).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
    await idp?.close();
    definitions?.remove();
  });

  /** Starts a sign-in from the sign-in page; returns the provider's authorization address. */
  async function leaveForProvider(client: TestClient, returnTo = '/account'): Promise<URL> {
    await client.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    const leaving = await client.post('/sign-in/oidc/test-eid', { returnTo });
    expect(leaving.status).toBe(303);
    return new URL(leaving.url);
  }

  async function signInWithProvider(client: TestClient, person: TestPerson, returnTo = '/account') {
    const authorize = await leaveForProvider(client, returnTo);
    const back = await idp.signIn(authorize.href, person);
    return client.get(back.pathname + back.search);
  }

  const db = () => t.database.db;

  test('the sign-in page offers each provider; one that cannot be reached is shown as unavailable', async () => {
    const page = await t.client().get('/sign-in');
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('button', { name: 'Sign in with Test eID' })).toBeTruthy();
    expect(page.body).toContain('The national electronic identity, with its card or app.');
    expect(page.screen.queryByRole('button', { name: 'Sign in with Down eID' })).toBeNull();
    expect(page.body).toContain('Down eID is not available at the moment');
    // The button's form leads to the provider: the page's form-action lets the browser follow it there.
    expect(String(page.headers['content-security-policy'])).toMatch(
      new RegExp(`form-action 'self' [^;]*${idp.issuer.replace(/[.]/g, '\\.')}`),
    );

    const client = t.client();
    await client.get('/sign-in');
    const refused = await client.post('/sign-in/oidc/down-eid', { returnTo: '/account' });
    expect(refused.status).toBe(503);
    expect(refused.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Sorry, this way of signing in is not available',
    );
  });

  test('a first sign-in creates the account, records the level, and starts a new session', async () => {
    const client = t.client();
    const authorize = await leaveForProvider(client);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);
    const before = (await db().selectFrom('sessions').select(['id', 'data']).execute()).find(
      (session) => session.data.federatedSignIn?.state === authorize.searchParams.get('state'),
    );
    expect(before).toBeTruthy();

    const back = await idp.signIn(authorize.href, {
      subject: 'alice-0001',
      name: 'Alice Example',
      email: 'Alice@Example.org',
      level: 'substantial',
    });
    expect(back.href.startsWith(CALLBACK)).toBe(true);
    const landed = await client.get(back.pathname + back.search);
    expect(landed.url).toBe('/account');
    expect(landed.status).toBe(200);
    expect(landed.body).toContain('alice@example.org');
    expect(landed.body).toContain('That gives the substantial level of assurance');

    const user = await t.user('alice@example.org');
    expect(user).toMatchObject({ kind: 'citizen', name: 'Alice Example' });
    expect(
      await db()
        .selectFrom('identities')
        .select(['provider_id', 'subject', 'last_assurance'])
        .where('user_id', '=', user.id)
        .execute(),
    ).toEqual([{ provider_id: 'test-eid', subject: 'alice-0001', last_assurance: 'substantial' }]);
    // The session that carried the sign-in is gone; a new one holds the person and the level.
    const sessions = await db().selectFrom('sessions').select(['id', 'user_id', 'data']).execute();
    expect(sessions.some((session) => session.id === before?.id)).toBe(false);
    const signedIn = sessions.filter((session) => session.user_id === user.id);
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]?.data).toMatchObject({ assurance: 'substantial', signInMethod: 'oidc' });
    expect(signedIn[0]?.data.federatedSignIn).toBeUndefined();
    const audit = await db()
      .selectFrom('audit_log')
      .select('details')
      .where('actor_id', '=', user.id)
      .where('action', '=', 'auth.signed_in')
      .execute();
    expect(audit[0]?.details).toMatchObject({
      method: 'oidc',
      provider: 'test-eid',
      assurance: 'substantial',
      newAccount: true,
    });

    // The same answer a second time finds no sign-in waiting for it.
    const replayed = await client.get(back.pathname + back.search);
    expect(replayed.status).toBe(400);
    expect(replayed.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'There is no sign-in in progress',
    );

    // Next time the provider's subject finds the same account, at the level of that sign-in.
    const again = t.client();
    const returned = await signInWithProvider(again, {
      subject: 'alice-0001',
      name: 'Someone Else',
      level: 'high',
    });
    expect(returned.body).toContain('alice@example.org');
    expect(returned.body).toContain('That gives the high level of assurance');
    expect(
      await db()
        .selectFrom('users')
        .select('id')
        .where(t.app.identity.users.hasEmail('alice@example.org'))
        .execute(),
    ).toHaveLength(1);
    // A name the account already has is not replaced by the provider's.
    expect((await t.user('alice@example.org')).name).toBe('Alice Example');
  });

  test('an ID token changed on the way (its signature no longer matches) is refused', async () => {
    const client = t.client();
    const authorize = await leaveForProvider(client);
    const back = await idp.signIn(authorize.href, {
      subject: 'mallory-0001',
      email: 'mallory@example.org',
      level: 'low',
    });
    tamperIdToken = true;
    let refused;
    try {
      refused = await client.get(back.pathname + back.search);
    } finally {
      tamperIdToken = false;
    }
    expect(refused.status).toBe(400);
    expect(refused.screen.getByRole('heading', { level: 1 }).textContent).toBe('You could not be signed in');
    expect(
      await db()
        .selectFrom('users')
        .select('id')
        .where(t.app.identity.users.hasEmail('mallory@example.org'))
        .execute(),
    ).toEqual([]);
    expect(
      await db().selectFrom('identities').select('id').where('subject', '=', 'mallory-0001').execute(),
    ).toEqual([]);
    expect((await client.get('/account')).url).toMatch(/^\/sign-in\?/);
  });

  test('an ID token for another sign-in (wrong nonce) is refused', async () => {
    const client = t.client();
    const authorize = await leaveForProvider(client);
    authorize.searchParams.set('nonce', 'a-nonce-plaza-never-made');
    const back = await idp.signIn(authorize.href, {
      subject: 'nonce-0001',
      email: 'nonce@example.org',
      level: 'low',
    });
    const refused = await client.get(back.pathname + back.search);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('could not be trusted');
    expect(
      await db().selectFrom('identities').select('id').where('subject', '=', 'nonce-0001').execute(),
    ).toEqual([]);
  });

  test('an answer with the wrong state is refused, and uses the sign-in up', async () => {
    const client = t.client();
    const authorize = await leaveForProvider(client);
    const back = await idp.signIn(authorize.href, {
      subject: 'state-0001',
      email: 'state@example.org',
      level: 'low',
    });
    const forged = new URL(back);
    forged.searchParams.set('state', 'not-the-state-plaza-sent');
    const refused = await client.get(forged.pathname + forged.search);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('could not be trusted');
    // The genuine answer, after a forged one, finds nothing waiting: an attacker cannot try several.
    const after = await client.get(back.pathname + back.search);
    expect(after.status).toBe(400);
    expect(
      await db().selectFrom('identities').select('id').where('subject', '=', 'state-0001').execute(),
    ).toEqual([]);
  });

  test('an expired code, and a code used once already, are refused by the provider', async () => {
    codeTtlSeconds = 1;
    const slow = t.client();
    let back: URL;
    try {
      back = await idp.signIn((await leaveForProvider(slow)).href, {
        subject: 'slow-0001',
        email: 'slow@example.org',
        level: 'low',
      });
    } finally {
      codeTtlSeconds = 60;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const expired = await slow.get(back.pathname + back.search);
    expect(expired.status).toBe(400);
    expect(expired.screen.getByRole('heading', { level: 1 }).textContent).toBe('Your sign-in expired');

    // A code already exchanged, brought back under another sign-in's state, is refused by the provider.
    const first = t.client();
    const used = await idp.signIn((await leaveForProvider(first)).href, {
      subject: 'reuse-0001',
      email: 'reuse@example.org',
      level: 'low',
    });
    expect((await first.get(used.pathname + used.search)).url).toBe('/account');
    const second = t.client();
    const otherState = (await leaveForProvider(second)).searchParams.get('state') as string;
    const reused = new URL(used);
    reused.searchParams.set('state', otherState);
    const refused = await second.get(reused.pathname + reused.search);
    expect(refused.status).toBe(400);
    expect(refused.screen.getByRole('heading', { level: 1 }).textContent).toBe('Your sign-in expired');
    expect((await second.get('/account')).url).toMatch(/^\/sign-in\?/);
  });

  test('cancelling at the provider signs nobody in', async () => {
    const client = t.client();
    const back = await idp.signIn((await leaveForProvider(client)).href, 'cancel');
    expect(back.searchParams.get('error')).toBe('access_denied');
    const page = await client.get(back.pathname + back.search);
    expect(page.status).toBe(400);
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe('You did not sign in');
  });

  test('an email address joins an existing account only when the provider verified it, or the citizen proves it', async () => {
    // Verified by the provider: the existing account of that address is used.
    const carolByEmail = t.client();
    await signInCitizen(t, carolByEmail, 'carol@example.org');
    const carol = await t.user('carol@example.org');
    await signInWithProvider(t.client(), {
      subject: 'carol-0001',
      email: 'carol@example.org',
      level: 'substantial',
    });
    expect(
      (
        await db()
          .selectFrom('identities')
          .select('user_id')
          .where('subject', '=', 'carol-0001')
          .executeTakeFirstOrThrow()
      ).user_id,
    ).toBe(carol.id);

    // Not verified: nothing is linked until the citizen proves the address with a code.
    const dave = await signInCitizen(t, t.client(), 'dave@example.org');
    expect(dave.status).toBe(200);
    const client = t.client();
    const asked = await signInWithProvider(client, {
      subject: 'dave-0001',
      email: 'dave@example.org',
      emailVerified: false,
      level: 'substantial',
    });
    expect(asked.url).toBe('/sign-in/oidc/email');
    expect(asked.document.querySelector<HTMLInputElement>('input[name="email"]')?.value).toBe(
      'dave@example.org',
    );
    expect(
      await db().selectFrom('identities').select('id').where('subject', '=', 'dave-0001').execute(),
    ).toEqual([]);
    await client.post('/sign-in/oidc/email', { email: 'dave@example.org' });
    const wrong = await client.post('/sign-in/oidc/email/code', { code: '000000' });
    expect(wrong.status).toBe(422);
    const [message] = await t.outbox('dave@example.org');
    const code = message?.body.match(/\b(\d{6})\b/)?.[1] as string;
    const landed = await client.post('/sign-in/oidc/email/code', { code });
    expect(landed.url).toBe('/account');
    expect(landed.body).toContain('That gives the substantial level of assurance');
    const daveAccount = await t.user('dave@example.org');
    expect(
      (
        await db()
          .selectFrom('identities')
          .select('user_id')
          .where('subject', '=', 'dave-0001')
          .executeTakeFirstOrThrow()
      ).user_id,
    ).toBe(daveAccount.id);

    // A second person at the same provider cannot take over an account already linked to someone.
    const intruder = await signInWithProvider(t.client(), {
      subject: 'not-carol-0002',
      email: 'carol@example.org',
      level: 'substantial',
    });
    expect(intruder.status).toBe(400);
    expect(intruder.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'This account belongs to someone else',
    );
  });

  test('a service needing the substantial level sends an email sign-in to step up, and records the level', async () => {
    const start = await t.client().get('/services/housing-support');
    expect(start.body).toContain('You will need to prove who you are before you start');
    expect(start.body).toContain('the substantial level of assurance');
    // Nobody signed in: straight to the ways that give the level.
    const anonymous = await t.client().get('/services/housing-support/apply');
    expect(anonymous.url).toBe('/sign-in/step-up/substantial?returnTo=%2Fservices%2Fhousing-support%2Fapply');

    const client = t.client();
    await signInCitizen(t, client, 'erin@example.org');
    const stepUp = await client.get('/services/housing-support/apply');
    expect(stepUp.url).toMatch(/^\/sign-in\/step-up\/substantial\?/);
    expect(stepUp.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Prove who you are to continue',
    );
    expect(stepUp.body).toContain(
      'You are signed in with a code sent to your email address, which gives the low level.',
    );
    // Only providers that can give the level are offered (the social login gives low at most).
    expect(stepUp.screen.getByRole('button', { name: 'Sign in with Test eID' })).toBeTruthy();
    expect(stepUp.body).not.toContain('Social login');
    expect(stepUp.body).toContain('Down eID is not available');

    // The provider is asked for the level (acr_values), most modest first.
    const leaving = await client.post('/sign-in/oidc/test-eid', {
      returnTo: '/services/housing-support/apply',
      level: 'substantial',
    });
    const authorize = new URL(leaving.url);
    expect(authorize.searchParams.get('acr_values')).toBe(`${EIDAS_LEVELS.substantial} ${EIDAS_LEVELS.high}`);

    // A sign-in that gives less than asked leaves the citizen where they were: still to step up.
    const low = await idp.signIn(authorize.href, {
      subject: 'erin-0001',
      email: 'erin@example.org',
      level: 'low',
    });
    const stillLow = await client.get(low.pathname + low.search);
    expect(stillLow.url).toMatch(/^\/sign-in\/step-up\/substantial\?/);

    const again = await client.post('/sign-in/oidc/test-eid', {
      returnTo: '/services/housing-support/apply',
      level: 'substantial',
    });
    const back = await idp.signIn(again.url, {
      subject: 'erin-0001',
      email: 'erin@example.org',
      level: 'substantial',
    });
    const question = await client.get(back.pathname + back.search);
    expect(question.url).toBe('/services/housing-support/apply');
    expect(question.screen.getByRole('heading', { level: 1 }).textContent).toContain(
      'Why do you need support?',
    );
    const check = await client.post('/services/housing-support/apply', { reason: 'My rent went up' });
    expect(check.url).toMatch(/\/check$/);
    const sent = await client.post(check.url);
    const reference = sent.url.split('/')[2] as string;
    const stored = await db()
      .selectFrom('cases')
      .select(['assurance', 'citizen_user_id'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(stored.assurance).toBe('substantial');

    // Staff see how sure Plaza was of who applied.
    await t.createStaff('transport-worker@demo-city.example', [
      { role: 'caseworker', departmentId: 'transport' },
    ]);
    const staff = t.client();
    await signInStaff(staff, 'transport-worker@demo-city.example');
    const casePage = await staff.get(`/staff/cases/${reference}`);
    expect(casePage.status).toBe(200);
    expect(casePage.body).toContain('Identity checked');
    expect(casePage.body).toContain('Substantial: identity proven');

    // Signing in again with only an email code loses the level: the draft pages ask to step up again.
    const later = t.client();
    await signInCitizen(t, later, 'erin@example.org');
    expect((await later.get('/services/housing-support/apply')).url).toMatch(
      /^\/sign-in\/step-up\/substantial\?/,
    );
  });
});
