/**
 * In Chromium: a citizen who signed in with an email code meets a service that needs the substantial level,
 * is offered the eID on the step-up page, signs in at a real OpenID provider (the test provider, on a
 * random port), comes back to the service, and finds on their account page how they signed in and where.
 * Every Plaza page on the way is checked with axe (WCAG 2.2 A and AA), without JavaScript as with it.
 */
import { createServer, type AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EIDAS_LEVELS } from '../../src/modules/federation/index.js';
import { ManualClock } from '../../src/platform/time/clock.js';
import { AccessibilityAudit, collectPageErrors, launchChromium, newPerson } from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import {
  definitionsWith,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/identity-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const service = `slug: housing-support
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

describe.each(testDatabases())('an eID sign-in in Chromium on $name', (database: TestDatabase) => {
  let app: TestApp;
  let idp: TestIdentityProvider;
  let browser: Browser;
  let baseUrl: string;
  let definitions: { dir: string; remove(): void };
  // The browser keeps cookies by the real time, so the app's clock starts at the real time.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    idp = await startTestIdentityProvider({
      clients: [{ clientId: 'plaza-test', redirectUris: [`${baseUrl}/sign-in/oidc/test-eid/callback`] }],
    });
    definitions = definitionsWith(
      `providers:
  - id: test-eid
    name: Test eID
    issuer: ${idp.issuer}
    clientId: plaza-test
    assurance:
      values:
        ${EIDAS_LEVELS.low}: low
        ${EIDAS_LEVELS.substantial}: substantial
        ${EIDAS_LEVELS.high}: high
`,
      { 'housing-support.yaml': service },
    );
    app = await startTestApp({
      database: await database.open(),
      clock,
      env: { PLAZA_BASE_URL: baseUrl, PLAZA_DEFINITIONS_DIR: definitions.dir },
    });
    await app.app.server.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await app?.database.close();
    await idp?.close();
    definitions?.remove();
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`step up with the eID, apply, then see it on the account page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const email = `ines.${javaScriptEnabled ? 'js' : 'nojs'}@example.org`;
      const checkerContext = javaScriptEnabled ? undefined : await newPerson(browser);
      const audit = new AccessibilityAudit({ checker: await checkerContext?.newPage() });
      const context = await newPerson(browser, { javaScriptEnabled });
      const page = await context.newPage();
      const errors = collectPageErrors(page);

      await audit.visit(page, baseUrl, '/sign-in?returnTo=%2Fservices%2Fhousing-support%2Fapply');
      await page.getByLabel('What is your email address?').fill(email);
      await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
      const code = /\b(\d{6})\b/.exec((await app.outbox(email))[0]?.body ?? '')?.[1] as string;
      await page.getByLabel('Enter the code').fill(code);
      // Signed in at the low level: the service sends the citizen to step up.
      await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
      expect(new URL(page.url()).pathname).toBe('/sign-in/step-up/substantial');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Prove who you are to continue',
      );

      // At the provider (not Plaza's page: not checked with axe).
      await page.getByRole('button', { name: 'Sign in with Test eID' }).click();
      await page.waitForURL((url) => url.origin === idp.issuer);
      await page.getByLabel('Subject identifier').fill(`ines-${javaScriptEnabled ? 'js' : 'nojs'}`);
      await page.getByLabel('Name', { exact: true }).fill('Inés Example');
      await page.getByLabel('Email address (optional)').fill(email);
      expect(await page.getByRole('radio', { name: /substantial/ }).isChecked()).toBe(true);
      await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());

      expect(page.url()).toBe(`${baseUrl}/services/housing-support/apply`);
      await page.getByLabel('Why do you need support?').fill('My rent went up');
      await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
      await audit.act(page, () => page.getByRole('button', { name: 'Accept and send' }).click());
      expect(page.url()).toMatch(/\/applications\/[^/]+\/confirmation$/);

      await audit.visit(page, baseUrl, '/account');
      expect(await page.getByText('That gives the substantial level of assurance').count()).toBe(1);
      expect(await page.getByRole('cell', { name: 'Test eID' }).count()).toBe(1);
      expect(await page.getByText('This device').count()).toBe(1);
      await audit.act(page, () => page.getByRole('link', { name: 'Change Name' }).click());
      await audit.act(page, () => page.getByRole('link', { name: 'Back' }).click());
      expect(errors).toEqual([]);
      await context.close();
      await checkerContext?.close();
    });
  }
});
