/**
 * Passkeys and second factors in Chromium, with the DevTools protocol's virtual authenticator standing in
 * for a phone or security key: the enhancement script (webauthn.js and the bundled @simplewebauthn/browser)
 * runs for real under the production CSP. A citizen adds a passkey and signs in with it; a staff member sets
 * up a passkey as their second factor and uses it; another sets up an authenticator app. Without
 * JavaScript, the passkey forms stay hidden and say why. Every page is checked with axe.
 *
 * WebAuthn refuses IP addresses as a site's identity, so this Plaza answers at http://localhost:<port>.
 */
import { createServer } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/platform/time/clock.js';
import { AccessibilityAudit, collectPageErrors, launchChromium, newPerson } from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { STAFF_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A platform authenticator (like a phone's) that says yes at once, with a fingerprint. */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

describe.each(testDatabases())('passkeys in Chromium on $name', (database: TestDatabase) => {
  let app: TestApp;
  let baseUrl: string;
  let browser: Browser;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    app = await startTestApp({
      database: await database.open(),
      clock,
      env: { PLAZA_BASE_URL: baseUrl, PLAZA_STAFF_MFA: 'required' },
    });
    await app.app.server.listen({ port, host: 'localhost' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.database.close();
  });

  test('a citizen adds a passkey, then signs in with it instead of an email code', async () => {
    const audit = new AccessibilityAudit();
    const context = await newPerson(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await addVirtualAuthenticator(context, page);

    await audit.visit(page, baseUrl, '/sign-in?returnTo=%2Faccount%2Fsecurity');
    // With JavaScript and WebAuthn, the passkey button shows and the note about JavaScript does not.
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).isVisible()).toBe(true);
    expect(await page.locator('[data-webauthn-unavailable]').isVisible()).toBe(false);
    await page.getByLabel('What is your email address?').fill('pia@example.org');
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    const code = /\b(\d{6})\b/.exec((await app.outbox('pia@example.org'))[0]?.body ?? '')?.[1] as string;
    await page.getByLabel('Enter the code').fill(code);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/account/security');

    await page.getByLabel('Name this passkey (optional)').fill('My phone');
    await audit.act(page, () => page.getByRole('button', { name: 'Add a passkey' }).click());
    expect(await page.getByText('The passkey has been added.').isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: 'My phone', exact: true }).isVisible()).toBe(true);

    await audit.act(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await audit.visit(page, baseUrl, '/sign-in?returnTo=%2Faccount%2Fsecurity');
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in with a passkey' }).click());
    expect(new URL(page.url()).pathname).toBe('/account/security');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a staff member sets up a passkey as their second factor and uses it at the next sign-in', async () => {
    await app.createStaff('kim@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
    const audit = new AccessibilityAudit();
    const context = await newPerson(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await addVirtualAuthenticator(context, page);

    await audit.visit(page, baseUrl, '/staff/sign-in');
    await page.getByLabel('Email address').fill('kim@demo-city.example');
    await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(page.url()).pathname).toBe('/staff/sign-in/set-up');
    await audit.act(page, () => page.getByRole('button', { name: 'Use a passkey instead' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Save your recovery codes');
    expect(await page.locator('code.plaza-recovery-code').count()).toBe(10);
    await audit.act(page, () => page.getByRole('button', { name: 'I have saved my recovery codes' }).click());
    expect(new URL(page.url()).pathname).toBe('/staff/queue');

    await audit.act(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await page.getByLabel('Email address').fill('kim@demo-city.example');
    await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Confirm it is you with your passkey',
    );
    await audit.act(page, () => page.getByRole('button', { name: 'Use my passkey' }).click());
    expect(new URL(page.url()).pathname).toBe('/staff/queue');
    await audit.visit(page, baseUrl, '/staff/security');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('without JavaScript: an authenticator app, and passkey forms that say they need JavaScript', async () => {
    await app.createStaff('lou@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
    const checker = await (await newPerson(browser)).newPage();
    const audit = new AccessibilityAudit({ checker });
    const context = await newPerson(browser, { javaScriptEnabled: false });
    const page = await context.newPage();

    await audit.visit(page, baseUrl, '/sign-in');
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(0);
    expect(await page.locator('[data-webauthn-unavailable]').isVisible()).toBe(true);

    await audit.visit(page, baseUrl, '/staff/sign-in');
    await page.getByLabel('Email address').fill('lou@demo-city.example');
    await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(await page.getByRole('button', { name: 'Use a passkey instead' }).isVisible()).toBe(false);
    await page.getByText('I cannot scan the QR code').click();
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    await page.getByLabel('Enter the 6-digit code the app shows').fill('000000');
    const wrong = await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(wrong?.status()).toBe(422);
    await page
      .getByLabel('Enter the 6-digit code the app shows')
      .fill(totp.generate({ timestamp: clock.now().getTime() }));
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Save your recovery codes');
    await audit.act(page, () => page.getByRole('button', { name: 'I have saved my recovery codes' }).click());
    expect(new URL(page.url()).pathname).toBe('/staff/queue');

    clock.advance(30_000);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await page.getByLabel('Email address').fill('lou@demo-city.example');
    await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    await page
      .getByLabel('Code from your authenticator app')
      .fill(totp.generate({ timestamp: clock.now().getTime() }));
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(page.url()).pathname).toBe('/staff/queue');
    await audit.visit(page, baseUrl, '/staff/security');
    await audit.visit(page, baseUrl, '/staff/security/authenticator');
    await context.close();
  });
});
