/**
 * Passkeys, verified for real: a software authenticator (ES256 keys from node:crypto, CBOR attestation
 * objects) answers the options the server gives, as a browser running webauthn.js would, and the server
 * checks every signature. Citizens add, use and remove passkeys; staff use one as their second factor.
 * What cannot run here: a real browser's WebAuthn prompt (the enhancement script itself is not exercised
 * by these tests, only the requests it makes).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashSessionId } from '../../src/platform/http/sessions.js';
import { testDatabases } from '../support/database.js';
import { SoftwareAuthenticator } from '../support/software-authenticator.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  type Page,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const origin = 'http://plaza.test';

/** What webauthn.js does: post the form's CSRF token to the options address and read the JSON back. */
async function optionsFrom(client: TestClient, url: string): Promise<Record<string, unknown>> {
  const response = await client.post(url);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(response.body) as Record<string, unknown>;
}

type CreationOptions = Parameters<SoftwareAuthenticator['register']>[0];
type RequestOptions = Parameters<SoftwareAuthenticator['authenticate']>[0];

async function auditActions(t: TestApp, email: string): Promise<{ action: string; details: unknown }[]> {
  const user = await t.user(email);
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('subject_id', '=', user.id)
    .orderBy('seq')
    .execute();
}

describe.each(testDatabases())('citizen passkeys on $name', (database) => {
  let t: TestApp;
  const phone = new SoftwareAuthenticator(origin);

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('a citizen adds a passkey from their security page', async () => {
    const client = t.client();
    await signInCitizen(t, client, 'pia@example.org', '/account/security');
    const page = await client.get('/account/security');
    expect(page.screen.getByRole('heading', { level: 1, name: 'Ways to sign in' })).toBeTruthy();
    expect(page.body).toContain('You have not added a passkey.');
    // Without JavaScript the form stays hidden and the page says why; the script is a content-hashed asset.
    const form = page.document.querySelector('form[data-webauthn="register"]') as HTMLFormElement;
    expect(form.closest('[data-webauthn-section]')?.hasAttribute('hidden')).toBe(true);
    expect(page.document.querySelector('[data-webauthn-unavailable]')?.textContent).toContain(
      'Passkeys need JavaScript',
    );
    const script = page.document.querySelector('script[src*="/assets/webauthn."]')?.getAttribute('src');
    expect(script).toMatch(/^\/assets\/webauthn\.[0-9a-f]{12}\.js$/);
    const asset = await client.raw(script as string);
    expect(asset.statusCode).toBe(200);
    const library = asset.body.match(/\/assets\/simplewebauthn-browser\.[0-9a-f]{12}\.js/)?.[0];
    expect(library).toBeDefined();
    const libraryAsset = await client.raw(library as string);
    expect(libraryAsset.statusCode).toBe(200);
    expect(libraryAsset.body).toContain('export const { browserSupportsWebAuthn, startAuthentication');

    const options = await optionsFrom(client, form.dataset.webauthnOptions as string);
    expect(options.rp).toMatchObject({ id: 'plaza.test', name: 'Demo City' });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required' });
    expect(JSON.stringify(options.user)).toContain('pia@example.org'); // the name the authenticator shows
    expect((options.user as { id: string }).id).not.toContain('pia');
    const credential = phone.register(options as unknown as CreationOptions);
    const added = await client.post(form.getAttribute('action') as string, {
      credential: JSON.stringify(credential),
      name: 'My phone',
    });
    expect(added.url).toBe('/account/security');
    expect(added.body).toContain('The passkey has been added.');
    expect(added.screen.getByRole('cell', { name: 'My phone' })).toBeTruthy();
    expect((await auditActions(t, 'pia@example.org')).map((entry) => entry.action)).toContain(
      'auth.passkey_added',
    );

    // The same authenticator is not registered twice; the answer to a used challenge is refused.
    const again = await optionsFrom(client, '/account/security/passkeys/options');
    expect(() => phone.register(again as unknown as CreationOptions)).toThrow(/InvalidStateError/);
    const replay = await client.post('/account/security/passkeys', {
      credential: JSON.stringify(credential),
      name: 'Again',
    });
    expect(replay.status).toBe(422);
    expect(replay.body).toContain('The passkey could not be checked');
  });

  test('a citizen signs in with a passkey from the sign-in page, under a new session', async () => {
    const client = t.client();
    const signIn = await client.get('/sign-in?returnTo=%2Faccount%2Fsecurity');
    const form = signIn.document.querySelector('form[data-webauthn="authenticate"]') as HTMLFormElement;
    expect(form.getAttribute('action')).toBe('/sign-in/passkey');
    expect(form.closest('[data-webauthn-section]')?.hasAttribute('hidden')).toBe(true);
    expect(signIn.document.querySelector('[data-webauthn-unavailable]')?.textContent).toContain(
      'with JavaScript turned on',
    );
    expect((form.querySelector('input[name="returnTo"]') as HTMLInputElement).value).toBe(
      '/account/security',
    );
    const before = (client as unknown as { cookies: Map<string, string> }).cookies.get('plaza_session');

    const options = await optionsFrom(client, '/sign-in/passkey/options');
    expect(options.allowCredentials).toEqual([]); // the authenticator knows whose passkey it is
    const assertion = phone.authenticate(options as unknown as RequestOptions);
    const signedIn = await client.post('/sign-in/passkey', {
      credential: JSON.stringify(assertion),
      returnTo: '/account/security',
    });
    expect(signedIn.url).toBe('/account/security');
    expect(signedIn.screen.getByRole('heading', { level: 1, name: 'Ways to sign in' })).toBeTruthy();
    expect((client as unknown as { cookies: Map<string, string> }).cookies.get('plaza_session')).not.toBe(
      before,
    );
    const after = (client as unknown as { cookies: Map<string, string> }).cookies.get('plaza_session');
    const session = await t.database.db
      .selectFrom('sessions')
      .select('data')
      .where('id', '=', hashSessionId(after as string))
      .executeTakeFirstOrThrow();
    expect(session.data).toMatchObject({ assurance: 'low', signInMethod: 'passkey' });
    const audit = await auditActions(t, 'pia@example.org');
    expect(audit.at(-1)).toMatchObject({ action: 'auth.signed_in', details: { method: 'passkey' } });
    const lastUsed = await t.database.db
      .selectFrom('webauthn_credentials')
      .select(['last_used_at', 'sign_count'])
      .executeTakeFirstOrThrow();
    expect(lastUsed.sign_count).toBe(1);
    expect(lastUsed.last_used_at).not.toBeNull();

    // The same answer again (a replay) signs nobody in.
    const other = t.client();
    await other.get('/sign-in');
    await optionsFrom(other, '/sign-in/passkey/options');
    const replayed = await other.post('/sign-in/passkey', { credential: JSON.stringify(assertion) });
    expect(replayed.status).toBe(422);
    expect(replayed.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'You could not be signed in with that passkey',
    );
  });

  test('forged, foreign and unknown passkeys sign nobody in', async () => {
    const attempt = async (make: (options: RequestOptions) => unknown): Promise<Page> => {
      const client = t.client();
      await client.get('/sign-in');
      const options = (await optionsFrom(client, '/sign-in/passkey/options')) as unknown as RequestOptions;
      return client.post('/sign-in/passkey', { credential: JSON.stringify(make(options)) });
    };
    // A signature that does not match.
    const forged = await attempt((options) => {
      const assertion = phone.authenticate(options);
      const signature = Buffer.from(assertion.response.signature, 'base64url');
      signature[signature.length - 1] = (signature[signature.length - 1] as number) ^ 1;
      return {
        ...assertion,
        response: { ...assertion.response, signature: signature.toString('base64url') },
      };
    });
    expect(forged.status).toBe(422);
    // Signed for another site (phishing): the origin is not this site's.
    expect(
      (await attempt((options) => phone.authenticate(options, { origin: 'https://plaza.evil' }))).status,
    ).toBe(422);
    // A passkey this site never saw.
    const stranger = new SoftwareAuthenticator(origin);
    stranger.register({ challenge: 'x', rp: { id: 'plaza.test' }, user: { id: 'AAAA' } });
    expect((await attempt((options) => stranger.authenticate(options))).status).toBe(422);
    // Not even JSON, or nothing at all.
    expect((await attempt(() => 'not a credential')).status).toBe(422);
    const empty = t.client();
    await empty.get('/sign-in');
    expect((await empty.post('/sign-in/passkey', {})).status).toBe(422);
    const failures = (await auditActions(t, 'pia@example.org')).filter(
      (entry) => entry.action === 'auth.sign_in_failed',
    );
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  test('a removed passkey no longer signs in; nobody removes another person’s passkey', async () => {
    const intruder = t.client();
    await signInCitizen(t, intruder, 'mallory@example.org', '/account/security');
    const passkey = await t.database.db
      .selectFrom('webauthn_credentials')
      .select('id')
      .executeTakeFirstOrThrow();
    await intruder.get('/account/security');
    const refused = await intruder.post(`/account/security/passkeys/${passkey.id}/remove`);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('That passkey has already been removed');
    expect(await t.database.db.selectFrom('webauthn_credentials').select('id').execute()).toHaveLength(1);

    const owner = t.client();
    await signInCitizen(t, owner, 'pia@example.org', '/account/security');
    const page = await owner.get('/account/security');
    const remove = page.document.querySelector('form[action$="/remove"]') as HTMLFormElement;
    expect(remove.querySelector('button')?.textContent).toContain('Remove');
    expect(remove.querySelector('button')?.textContent).toContain('My phone');
    const removed = await owner.post(remove.getAttribute('action') as string);
    expect(removed.body).toContain('The passkey has been removed.');
    expect((await auditActions(t, 'pia@example.org')).map((entry) => entry.action)).toContain(
      'auth.passkey_removed',
    );

    const client = t.client();
    await client.get('/sign-in');
    const options = await optionsFrom(client, '/sign-in/passkey/options');
    const gone = await client.post('/sign-in/passkey', {
      credential: JSON.stringify(phone.authenticate(options as unknown as RequestOptions)),
    });
    expect(gone.status).toBe(422);
  });
});

describe.each(testDatabases())('a passkey as a staff member’s second factor on $name', (database) => {
  let t: TestApp;
  const key = new SoftwareAuthenticator(origin);

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_STAFF_MFA: 'required' } });
    await t.createStaff('kim@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('set up at first sign-in, then used at the next; another key is refused', async () => {
    const client = t.client();
    const setUp = await signInStaff(client, 'kim@demo-city.example');
    expect(setUp.url).toBe('/staff/sign-in/set-up');
    const form = setUp.document.querySelector('form[data-webauthn="register"]') as HTMLFormElement;
    const options = await optionsFrom(client, form.dataset.webauthnOptions as string);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred' });
    const codesPage = await client.post(form.getAttribute('action') as string, {
      credential: JSON.stringify(key.register(options as unknown as CreationOptions)),
    });
    expect(codesPage.screen.getByRole('heading', { level: 1 }).textContent).toBe('Save your recovery codes');
    expect((await client.get('/staff/queue')).url).toMatch(/^\/staff\/sign-in\?/);
    const signedIn = await client.post('/staff/sign-in/set-up/continue');
    expect(signedIn.url).toBe('/staff/queue');
    expect(
      (await auditActions(t, 'kim@demo-city.example')).find(
        (entry) => entry.action === 'auth.second_factor_enrolled',
      )?.details,
    ).toMatchObject({ factor: 'passkey' });

    await client.post('/sign-out');
    const step = await signInStaff(client, 'kim@demo-city.example');
    expect(step.url).toBe('/staff/sign-in/second-factor');
    expect(step.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Confirm it is you with your passkey',
    );
    // Without JavaScript: a note, and a recovery code instead.
    expect(step.document.querySelector('[data-webauthn-unavailable]')?.textContent).toContain(
      'Use a recovery code',
    );
    expect(step.screen.getByRole('link', { name: 'Use a recovery code' })).toBeTruthy();

    // Someone else's security key, for this site: refused, and counted.
    const other = new SoftwareAuthenticator(origin);
    other.register({ challenge: 'x', rp: { id: 'plaza.test' }, user: { id: 'AAAA' } });
    const verifyForm = step.document.querySelector('form[data-webauthn="authenticate"]') as HTMLFormElement;
    const firstOptions = await optionsFrom(client, verifyForm.dataset.webauthnOptions as string);
    expect((firstOptions.allowCredentials as unknown[]).length).toBe(1);
    const refused = await client.post(verifyForm.getAttribute('action') as string, {
      credential: JSON.stringify(
        other.authenticate(firstOptions as unknown as RequestOptions, { credential: 0 }),
      ),
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('The passkey could not be checked');

    const options2 = await optionsFrom(client, verifyForm.dataset.webauthnOptions as string);
    const done = await client.post(verifyForm.getAttribute('action') as string, {
      credential: JSON.stringify(key.authenticate(options2 as unknown as RequestOptions)),
    });
    expect(done.url).toBe('/staff/queue');
    const audit = await auditActions(t, 'kim@demo-city.example');
    expect(audit.filter((entry) => entry.action === 'auth.second_factor_failed')).toHaveLength(1);
    expect(audit.at(-1)).toMatchObject({ action: 'auth.second_factor_used', details: { factor: 'passkey' } });

    // A staff member's passkey does not sign in on the citizens' page.
    const citizenSide = t.client();
    await citizenSide.get('/sign-in');
    const citizenOptions = await optionsFrom(citizenSide, '/sign-in/passkey/options');
    expect(
      (
        await citizenSide.post('/sign-in/passkey', {
          credential: JSON.stringify(key.authenticate(citizenOptions as unknown as RequestOptions)),
        })
      ).status,
    ).toBe(422);

    // The only factor cannot be removed while second factors are required.
    const security = await client.get('/staff/security');
    const remove = security.document.querySelector('form[action$="/remove"]') as HTMLFormElement;
    const kept = await client.post(remove.getAttribute('action') as string);
    expect(kept.status).toBe(422);
    expect(kept.body).toContain('You cannot remove your only second factor');
    expect(await t.database.db.selectFrom('webauthn_credentials').select('id').execute()).toHaveLength(1);
  });
});
