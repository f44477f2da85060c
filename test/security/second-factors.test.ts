/**
 * Staff second factors with PLAZA_STAFF_MFA=required: a staff member without one sets up an authenticator
 * app right after their password, before any session; wrong codes are limited; recovery codes work once;
 * every step is audited without secrets; and the session is a new one, with staff timeouts.
 */
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { hashSessionId } from '../../src/platform/http/sessions.js';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  type Page,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const totpCode = (secret: string, at: Date): string =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });

function sessionCookie(client: TestClient): string | undefined {
  return (client as unknown as { cookies: Map<string, string> }).cookies.get('plaza_session');
}

function recoveryCodes(page: Page): string[] {
  return [...page.document.querySelectorAll('code.plaza-recovery-code')].map(
    (code) => code.textContent ?? '',
  );
}

/** What a person reads on the set-up page: the key under "I cannot scan the QR code", without its spaces. */
function secretOn(page: Page): string {
  return (page.document.querySelector('#totp-secret')?.textContent ?? '').replace(/\s/g, '');
}

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

describe('PLAZA_STAFF_MFA', () => {
  test('required by default, optional by default only in tests, never optional in production', () => {
    expect(loadConfig({}).staffMfa).toBe('required');
    expect(loadConfig({ PLAZA_ENV: 'test' }).staffMfa).toBe('optional');
    expect(loadConfig({ PLAZA_ENV: 'test', PLAZA_STAFF_MFA: 'required' }).staffMfa).toBe('required');
    expect(loadConfig({ PLAZA_STAFF_MFA: 'optional' }).staffMfa).toBe('optional');
    const mfaProblems = (env: NodeJS.ProcessEnv) =>
      problemsOf(env).filter((problem) => problem.startsWith('PLAZA_STAFF_MFA'));
    expect(mfaProblems({ PLAZA_ENV: 'production' })).toEqual([]);
    expect(mfaProblems({ PLAZA_ENV: 'production', PLAZA_STAFF_MFA: 'required' })).toEqual([]);
    expect(mfaProblems({ PLAZA_ENV: 'production', PLAZA_STAFF_MFA: 'optional' })).toEqual([
      'PLAZA_STAFF_MFA: cannot be optional in production; staff must use a second factor',
    ]);
    expect(mfaProblems({ PLAZA_STAFF_MFA: 'sometimes' })).toEqual([
      'PLAZA_STAFF_MFA: must be required or optional',
    ]);
  });
});

describe.each(testDatabases())('staff second factors on $name', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_STAFF_MFA: 'required' } });
    for (const name of ['cleo', 'dana', 'eve', 'finn', 'gus', 'hal', 'mo'])
      await t.createStaff(`${name}@demo-city.example`, [{ role: 'caseworker', departmentId: 'environment' }]);
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  async function auditActions(userEmail: string): Promise<{ action: string; details: unknown }[]> {
    const user = await t.user(userEmail);
    return t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', user.id)
      .orderBy('seq')
      .execute();
  }

  /** Password, then the set-up page: returns the client, the app's secret and the recovery codes. */
  async function enrol(email: string) {
    const client = t.client();
    const setUp = await signInStaff(client, email);
    expect(setUp.url).toBe('/staff/sign-in/set-up');
    const secret = secretOn(setUp);
    const codesPage = await client.post('/staff/sign-in/set-up', { code: totpCode(secret, t.clock.now()) });
    const codes = recoveryCodes(codesPage);
    const signedIn = await client.post('/staff/sign-in/set-up/continue');
    t.clock.advance(30_000);
    return { client, secret, codes, signedIn };
  }

  test('a staff member without a factor sets up an authenticator app before any session is granted', async () => {
    const client = t.client();
    const setUp = await signInStaff(client, 'cleo@demo-city.example');
    expect(setUp.status).toBe(200);
    expect(setUp.url).toBe('/staff/sign-in/set-up');
    expect(setUp.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Set up a second way to prove it is you',
    );
    const qr = setUp.screen.getByRole('img', { name: /QR code for setting up your authenticator app/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = secretOn(setUp);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code carries the same key, for the organisation, as an otpauth:// address.
    const svg = Buffer.from((qr.getAttribute('src') as string).split(',')[1] as string, 'base64').toString();
    expect(svg).toContain('<svg');
    // Passkeys need JavaScript: without it their form stays hidden and a note says why.
    expect(setUp.document.querySelector('[data-webauthn-section]')?.hasAttribute('hidden')).toBe(true);
    expect(setUp.document.querySelector('[data-webauthn-unavailable]')?.textContent).toContain(
      'Passkeys need JavaScript',
    );

    // Nothing of the workspace opens with the password alone.
    const pendingCookie = sessionCookie(client);
    const refused = await client.get('/staff/queue');
    expect(refused.url).toBe('/staff/sign-in?returnTo=%2Fstaff%2Fqueue');
    const skip = await client.post('/staff/sign-in/set-up/continue');
    expect(skip.url).not.toMatch(/^\/staff\/queue/);
    expect((await client.get('/staff/queue')).url).toMatch(/^\/staff\/sign-in\?/);

    // Reloading keeps the same key (it may already be in the app); a wrong or malformed code is refused.
    const again = await client.get('/staff/sign-in/set-up');
    expect(secretOn(again)).toBe(secret);
    const malformed = await client.post('/staff/sign-in/set-up', { code: '12' });
    expect(malformed.status).toBe(422);
    expect(
      malformed.screen.getByRole('link', { name: 'Enter the 6-digit code from your authenticator app' }),
    );
    const wrong = await client.post('/staff/sign-in/set-up', {
      code: totpCode(secret, new Date(t.clock.now().getTime() - 10 * 60_000)),
    });
    expect(wrong.status).toBe(422);
    expect(secretOn(wrong)).toBe(secret);

    const codesPage = await client.post('/staff/sign-in/set-up', { code: totpCode(secret, t.clock.now()) });
    expect(codesPage.screen.getByRole('heading', { level: 1 }).textContent).toBe('Save your recovery codes');
    const codes = recoveryCodes(codesPage);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Still no session until the codes are acknowledged.
    expect(sessionCookie(client)).toBe(pendingCookie);

    const signedIn = await client.post('/staff/sign-in/set-up/continue');
    expect(signedIn.url).toBe('/staff/queue');
    expect(signedIn.status).toBe(200);
    const sessionId = sessionCookie(client);
    expect(sessionId).toBeDefined();
    expect(sessionId).not.toBe(pendingCookie);
    // The identifier from before the second factor is worthless.
    const old = await t.app.server.inject({
      url: '/staff/queue',
      headers: { cookie: `plaza_session=${pendingCookie}` },
    });
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toMatch(/^\/staff\/sign-in\?/);

    const audit = await auditActions('cleo@demo-city.example');
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'auth.signed_in',
        'auth.second_factor_enrolled',
        'auth.recovery_codes_generated',
      ]),
    );
    // Ids only: neither the key nor any recovery code is in the audit log, nor in the database as written.
    const logged = JSON.stringify(audit);
    expect(logged).not.toContain(secret);
    for (const code of codes) expect(logged).not.toContain(code.replace('-', ''));
    const stored = JSON.stringify(
      await t.database.db.selectFrom('totp_factors').selectAll().execute(),
    ).concat(JSON.stringify(await t.database.db.selectFrom('recovery_codes').selectAll().execute()));
    expect(stored).not.toContain(secret);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }

    // Next time: password, then a code from the app.
    t.clock.advance(60_000);
    await client.post('/sign-out');
    const step = await signInStaff(client, 'cleo@demo-city.example');
    expect(step.url).toBe('/staff/sign-in/second-factor');
    expect(step.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Enter the code from your authenticator app',
    );
    const back = await client.post('/staff/sign-in/second-factor', { code: totpCode(secret, t.clock.now()) });
    expect(back.url).toBe('/staff/queue');
    expect((await auditActions('cleo@demo-city.example')).map((entry) => entry.action)).toContain(
      'auth.second_factor_used',
    );

    // A staff member who has a factor cannot set up another during sign-in (someone who knows the password).
    t.clock.advance(60_000);
    await client.post('/sign-out');
    await signInStaff(client, 'cleo@demo-city.example');
    const setUpAgain = await client.get('/staff/sign-in/set-up');
    expect(setUpAgain.url).toBe('/staff/sign-in/second-factor');
    const sneaky = await client.post('/staff/sign-in/set-up', { code: '123456' });
    expect(sneaky.url).toBe('/staff/sign-in/second-factor');
    expect((await client.get('/staff/queue')).url).toMatch(/^\/staff\/sign-in\?/);
  });

  test('five wrong codes end the sign-in; parallel guesses all count; a code is accepted once', async () => {
    const { client, secret } = await enrol('dana@demo-city.example');
    await client.post('/sign-out');

    await signInStaff(client, 'dana@demo-city.example');
    const wrongCode = totpCode(secret, t.clock.now()) === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await client.post('/staff/sign-in/second-factor', { code: wrongCode });
      expect(wrong.status).toBe(422);
      expect(wrong.screen.getAllByText(/The code is not right/).length).toBeGreaterThan(0);
    }
    const fifth = await client.post('/staff/sign-in/second-factor', { code: wrongCode });
    expect(fifth.status).toBe(429);
    expect(fifth.body).toContain('You entered too many wrong codes');
    // Back to the password: the right code no longer helps.
    const late = await client.post('/staff/sign-in/second-factor', { code: totpCode(secret, t.clock.now()) });
    expect(late.url).toBe('/staff/sign-in');
    expect((await client.get('/staff/queue')).url).toMatch(/^\/staff\/sign-in\?/);
    const failures = (await auditActions('dana@demo-city.example')).filter(
      (entry) => entry.action === 'auth.second_factor_failed',
    );
    expect(failures).toHaveLength(5);
    expect(failures[4]?.details).toMatchObject({ factor: 'totp', attempt: 5, exhausted: true });

    // Guesses sent at once, on one pending sign-in, are each counted: at most five are ever checked.
    const parallel = t.client();
    await signInStaff(parallel, 'dana@demo-city.example');
    const cookie = `plaza_session=${sessionCookie(parallel)}`;
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        t.app.server.inject({
          method: 'POST',
          url: '/staff/sign-in/second-factor',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            _csrf: parallel.csrf ?? '',
            code: String(100000 + index),
          }).toString(),
        }),
      ),
    );
    expect(guesses.every((guess) => guess.statusCode === 422 || guess.statusCode === 429)).toBe(true);
    const challenges = await t.database.db
      .selectFrom('second_factor_challenges')
      .select('attempts')
      .where('second_factor_challenges.user_id', '=', (await t.user('dana@demo-city.example')).id)
      .orderBy('second_factor_challenges.created_at', 'desc')
      .execute();
    expect(challenges[0]?.attempts).toBe(5);

    // A code seen over a shoulder, or replayed, does not work a second time.
    const first = t.client();
    await signInStaff(first, 'dana@demo-city.example');
    const code = totpCode(secret, t.clock.now());
    expect((await first.post('/staff/sign-in/second-factor', { code })).url).toBe('/staff/queue');
    const second = t.client();
    await signInStaff(second, 'dana@demo-city.example');
    const replayed = await second.post('/staff/sign-in/second-factor', { code });
    expect(replayed.status).toBe(422);
    expect(replayed.body).toContain('That code has already been used');
    t.clock.advance(30_000);
    const fresh = await second.post('/staff/sign-in/second-factor', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(fresh.url).toBe('/staff/queue');
  });

  test('three sign-ins run out of attempts in an hour: the account waits an hour', async () => {
    const { secret } = await enrol('eve@demo-city.example');
    const exhaust = async () => {
      const client = t.client();
      await signInStaff(client, 'eve@demo-city.example');
      let page: Page | undefined;
      for (let attempt = 0; attempt < 5; attempt++)
        page = await client.post('/staff/sign-in/second-factor', { code: '000000' });
      return page as Page;
    };
    for (let round = 0; round < 3; round++) expect((await exhaust()).status).toBe(429);
    const client = t.client();
    const locked = await signInStaff(client, 'eve@demo-city.example');
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('too many wrong codes for this account in the last hour');
    t.clock.advance(61 * 60_000);
    const step = await signInStaff(client, 'eve@demo-city.example');
    expect(step.url).toBe('/staff/sign-in/second-factor');
    expect(
      (await client.post('/staff/sign-in/second-factor', { code: totpCode(secret, t.clock.now()) })).url,
    ).toBe('/staff/queue');
  });

  test('guesses spread over many sign-ins count together: fifteen in an hour and the account waits', async () => {
    const { secret } = await enrol('mo@demo-city.example');
    // Four wrong codes in each of three sign-ins (never five in one), from three browsers.
    for (let round = 0; round < 3; round++) {
      const client = t.client();
      await signInStaff(client, 'mo@demo-city.example');
      for (let attempt = 0; attempt < 4; attempt++)
        expect((await client.post('/staff/sign-in/second-factor', { code: '000000' })).status).toBe(422);
    }
    const client = t.client();
    await signInStaff(client, 'mo@demo-city.example');
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await client.post('/staff/sign-in/second-factor', { code: '000000' })).status).toBe(422);
    const locked = await client.post('/staff/sign-in/second-factor', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('too many wrong codes for this account in the last hour');
    expect((await client.get('/staff/queue')).url).toMatch(/^\/staff\/sign-in\?/);
  });

  test('a pending sign-in ends after 30 minutes', async () => {
    const { client } = await enrol('finn@demo-city.example');
    await client.post('/sign-out');
    await signInStaff(client, 'finn@demo-city.example');
    t.clock.advance(31 * 60_000);
    const ended = await client.get('/staff/sign-in/second-factor');
    expect(ended.body).toContain('Your sign-in took too long');
    expect((await client.get('/staff/sign-in/second-factor')).url).toBe('/staff/sign-in');
  });

  test('a recovery code works once; new codes replace the old ones', async () => {
    const { client, codes } = await enrol('gus@demo-city.example');
    await client.post('/sign-out');

    await signInStaff(client, 'gus@demo-city.example');
    const entry = await client.get('/staff/sign-in/recovery-code');
    expect(entry.screen.getByRole('heading', { level: 1, name: 'Enter a recovery code' })).toBeTruthy();
    const malformed = await client.post('/staff/sign-in/recovery-code', { code: 'nope' });
    expect(malformed.status).toBe(422);
    const used = await client.post('/staff/sign-in/recovery-code', { code: codes[0] as string });
    // Straight to the security page, which says how many codes are left and what to do next.
    expect(used.url).toBe('/staff/security?recovered=1');
    expect(used.body).toContain('You have 9 recovery codes left');
    expect(used.screen.getByText('9 codes left')).toBeTruthy();
    const audit = await auditActions('gus@demo-city.example');
    expect(audit.find((item) => item.action === 'auth.recovery_code_used')?.details).toMatchObject({
      remaining: 9,
    });

    await client.post('/sign-out');
    await signInStaff(client, 'gus@demo-city.example');
    const again = await client.post('/staff/sign-in/recovery-code', { code: codes[0] as string });
    expect(again.status).toBe(422);
    expect(again.body).toContain('The recovery code is not right, or has already been used');
    // Typed in capitals, with a space for the dash: still the code.
    const typed = (codes[1] as string).toUpperCase().replace('-', ' ');
    expect((await client.post('/staff/sign-in/recovery-code', { code: typed })).url).toBe(
      '/staff/security?recovered=1',
    );

    await client.get('/staff/security');
    const renewed = await client.post('/staff/security/recovery-codes');
    const newCodes = recoveryCodes(renewed);
    expect(newCodes).toHaveLength(10);
    expect((await client.get('/staff/security')).screen.getByText('10 codes left')).toBeTruthy();
    await client.post('/sign-out');
    await signInStaff(client, 'gus@demo-city.example');
    expect((await client.post('/staff/sign-in/recovery-code', { code: codes[2] as string })).status).toBe(
      422,
    );
    expect((await client.post('/staff/sign-in/recovery-code', { code: newCodes[0] as string })).url).toBe(
      '/staff/security?recovered=1',
    );
  });

  test('a staff member can change their authenticator app; the old one stops working', async () => {
    const { client, secret } = await enrol('hal@demo-city.example');
    const page = await client.get('/staff/security/authenticator');
    expect(
      page.screen.getByRole('heading', { level: 1, name: 'Change your authenticator app' }),
    ).toBeTruthy();
    const newSecret = secretOn(page);
    expect(newSecret).not.toBe(secret);
    const saved = await client.post('/staff/security/authenticator', {
      code: totpCode(newSecret, t.clock.now()),
    });
    expect(saved.url).toBe('/staff/security');
    expect(saved.body).toContain('Your authenticator app has been set up.');
    t.clock.advance(30_000);
    await client.post('/sign-out');
    await signInStaff(client, 'hal@demo-city.example');
    expect(
      (await client.post('/staff/sign-in/second-factor', { code: totpCode(secret, t.clock.now()) })).status,
    ).toBe(422);
    expect(
      (await client.post('/staff/sign-in/second-factor', { code: totpCode(newSecret, t.clock.now()) })).url,
    ).toBe('/staff/queue');
  });

  test('an administrator resets the factors of someone who lost their phone: signed out, set up anew', async () => {
    await t.createStaff('ada@demo-city.example', [{ role: 'admin', departmentId: null }]);
    await t.createStaff('zoe@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
    const admin = (await enrol('ada@demo-city.example')).client;
    const { client: lost, secret } = await enrol('zoe@demo-city.example');
    expect((await lost.get('/staff/queue')).status).toBe(200);
    const zoe = await t.user('zoe@demo-city.example');

    const memberPage = await admin.get(`/staff/accounts/${zoe.id}`);
    expect(memberPage.screen.getByRole('button', { name: 'Reset second factor' })).toBeTruthy();
    const reset = await admin.post(`/staff/accounts/${zoe.id}/second-factors`);
    expect(reset.url).toBe(`/staff/accounts/${zoe.id}`);
    expect(reset.body).toContain('They set up a new second factor when they next sign in.');

    // Their browser is signed out, the old app's codes are worthless, and sign-in leads to setting up anew.
    expect((await lost.get('/staff/queue')).url).toBe('/staff/sign-in?returnTo=%2Fstaff%2Fqueue');
    const again = await signInStaff(t.client(), 'zoe@demo-city.example');
    expect(again.url).toBe('/staff/sign-in/set-up');
    expect(secretOn(again)).not.toBe(secret);
    expect((await auditActions('zoe@demo-city.example')).map((entry) => entry.action)).toContain(
      'auth.second_factors_reset',
    );
  });
});

describe.each(testDatabases())('session timeouts on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff('ivy@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  const signedIn = async (client: TestClient, path: string) => {
    const response = await client.raw(path);
    return response.statusCode === 200;
  };

  test('where second factors are optional, one a staff member sets up is asked for from then on', async () => {
    await t.createStaff('jo@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
    const client = t.client();
    expect((await signInStaff(client, 'jo@demo-city.example')).url).toBe('/staff/queue');
    const security = await client.get('/staff/security');
    expect(security.body).toContain('This site does not require staff to use a second factor');
    const setUp = await client.get('/staff/security/authenticator');
    expect(setUp.screen.getByRole('heading', { level: 1, name: 'Set up an authenticator app' })).toBeTruthy();
    const secret = secretOn(setUp);
    const codes = await client.post('/staff/security/authenticator', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(recoveryCodes(codes)).toHaveLength(10);
    expect(
      codes.screen.getByRole('button', { name: 'I have saved my recovery codes' }).getAttribute('href'),
    ).toBe('/staff/security');
    t.clock.advance(30_000);
    await client.post('/sign-out');
    expect((await signInStaff(client, 'jo@demo-city.example')).url).toBe('/staff/sign-in/second-factor');
    expect(
      (await client.post('/staff/sign-in/second-factor', { code: totpCode(secret, t.clock.now()) })).url,
    ).toBe('/staff/queue');
  });

  test('staff sessions end after 30 idle minutes, citizens’ after 2 hours', async () => {
    const staff = t.client();
    await signInStaff(staff, 'ivy@demo-city.example');
    const citizen = t.client();
    await signInCitizen(t, citizen, 'idle@example.org');
    t.clock.advance(29 * 60_000);
    expect(await signedIn(staff, '/staff/queue')).toBe(true);
    expect(await signedIn(citizen, '/account/security')).toBe(true);
    t.clock.advance(31 * 60_000);
    expect(await signedIn(staff, '/staff/queue')).toBe(false);
    expect(await signedIn(citizen, '/account/security')).toBe(true);
    t.clock.advance(2 * 3_600_000 + 60_000);
    expect(await signedIn(citizen, '/account/security')).toBe(false);
  });

  test('a staff session ends 12 hours after sign-in however busy; a citizen’s goes on to 24', async () => {
    const staff = t.client();
    await signInStaff(staff, 'ivy@demo-city.example');
    const citizen = t.client();
    await signInCitizen(t, citizen, 'busy@example.org');
    const row = await t.database.db
      .selectFrom('sessions')
      .select(['idle_timeout_ms', 'absolute_timeout_ms'])
      .where('id', '=', hashSessionId(sessionCookie(staff) as string))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ idle_timeout_ms: 30 * 60_000, absolute_timeout_ms: 12 * 3_600_000 });
    // 28 requests 25 minutes apart: 11 hours 40 minutes of work, never idle for long.
    for (let step = 1; step <= 28; step++) {
      t.clock.advance(25 * 60_000);
      expect(await signedIn(staff, '/staff/queue')).toBe(true);
      expect(await signedIn(citizen, '/account/security')).toBe(true);
    }
    t.clock.advance(25 * 60_000);
    expect(await signedIn(staff, '/staff/queue')).toBe(false);
    expect(await signedIn(citizen, '/account/security')).toBe(true);
  });
});
