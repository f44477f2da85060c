/**
 * Without JavaScript, in Chromium: every citizen journey still completes, every page checked with axe.
 *
 * Already covered elsewhere, so not repeated here: booking a bulky waste collection (permit-journey) and
 * reporting a pothole by the gazetteer (report-a-problem). Here: every other demo application service from
 * its start page to its confirmation (uploading files where a service asks for them), another report type,
 * signing in with an emailed code, the account pages (changing details and the email address, proven by a
 * code), and following an application's status after a caseworker's decision.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../../src/platform/time/clock.js';
import {
  AccessibilityAudit,
  collectPageErrors,
  launchChromium,
  newPerson,
  startListeningPlaza,
  type ListeningPlaza,
} from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { signInCitizenInBrowser, walkApplication, walkReport } from './journey-helpers.js';

/** Services whose journey without JavaScript is walked by another file. */
const walkedElsewhere = new Set(['bulky-waste-collection', 'report-pothole']);

describe.each(testDatabases())('without JavaScript in Chromium on $name', (database: TestDatabase) => {
  let plaza: ListeningPlaza;
  let browser: Browser;
  const clock = new ManualClock(new Date());
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    plaza = await startListeningPlaza({
      database: await database.open(),
      clock,
      env: { PLAZA_MAP_TILE_URL: 'none', PLAZA_RATE_LIMITS: 'off' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await plaza?.close();
  });

  /** A person whose browser runs no scripts, and an auditor able to check their pages. */
  async function personWithoutJavaScript(): Promise<{
    page: Page;
    audit: AccessibilityAudit;
    errors: string[];
  }> {
    const context = await newPerson(browser, { javaScriptEnabled: false });
    const checker = await newPerson(browser);
    contexts.push(context, checker);
    const page = await context.newPage();
    return {
      page,
      audit: new AccessibilityAudit({ checker: await checker.newPage() }),
      errors: collectPageErrors(page),
    };
  }

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
  });

  test('every demo application service, from its start page to its confirmation', async () => {
    const services = plaza.test.app.catalogue
      .list('application')
      .filter((service) => !walkedElsewhere.has(service.slug));
    expect(services.length).toBeGreaterThanOrEqual(5);
    let pages = 0;
    for (const service of services) {
      const { page, audit, errors } = await personWithoutJavaScript();
      if (service.definition.signIn !== 'none')
        await signInCitizenInBrowser(page, plaza, `nojs.${service.slug}@example.org`, audit);
      const reference = await walkApplication(page, audit, plaza.baseUrl, service);
      expect(reference, service.slug).toMatch(/^PLZ-/);
      expect(await page.getByRole('heading', { level: 1, name: 'Application sent' }).count()).toBe(1);
      // The page never ran a script: govuk-frontend's marker class was never added.
      expect(await page.locator('body.js-enabled').count()).toBe(0);
      expect(errors).toEqual([]);
      pages += audit.checked.length;
    }
    console.info(`Without JavaScript: ${services.length} services sent, ${pages} pages checked with axe`);
  }, 600_000);

  test('another report type, found by the name of the street', async () => {
    const service = plaza.test.app.catalogue.current('report-fly-tipping');
    expect(service).toBeDefined();
    const { page, audit, errors } = await personWithoutJavaScript();
    const reference = await walkReport(page, audit, plaza.baseUrl, service!, { emptyFirst: true });
    expect(await page.getByRole('heading', { level: 1, name: 'Report sent' }).count()).toBe(1);
    await audit.visit(page, plaza.baseUrl, `/reports/${reference}`);
    expect(await page.textContent('main')).toContain('12 Chapel Street');
    expect(errors).toEqual([]);
  });

  test('signing in with an emailed code, the account pages, and following an application to its decision', async () => {
    const { test: app, baseUrl } = plaza;
    const email = 'nojs.account@example.org';
    const { page, audit, errors } = await personWithoutJavaScript();

    // ---- Sign in with a code from the email, first entering a wrong one.
    await audit.visit(page, baseUrl, '/sign-in');
    await page.getByLabel('What is your email address?').fill(email);
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await page.getByLabel('Enter the code').fill('000000');
    const wrong = await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(wrong?.status()).toBe(422);
    expect(await page.title()).toMatch(/^Error:/);
    const [message] = await app.outbox(email);
    const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1] as string;
    await page.getByLabel('Enter the code').fill(code);
    await audit.act(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);

    // ---- An application, sent signed in, so it is theirs to follow.
    const service = app.app.catalogue.current('birth-certificate-copy');
    const reference = await walkApplication(page, audit, baseUrl, service!);

    // ---- The account: details changed, then the email address, proven by a code sent to the new one.
    await audit.visit(page, baseUrl, '/account');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Your account');
    await audit.visit(page, baseUrl, '/account/details');
    await page.getByLabel('Name').fill('Noor Example');
    await audit.act(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.textContent('main')).toContain('Noor Example');
    await audit.visit(page, baseUrl, '/account/email');
    const newEmail = 'nojs.account.new@example.org';
    await page.getByLabel('What is your new email address?').fill(newEmail);
    await audit.act(page, () => page.getByRole('button', { name: 'Send the code' }).click());
    const [changeMessage] = await app.outbox(newEmail);
    const changeCode = /\b(\d{6})\b/.exec(changeMessage?.body ?? '')?.[1] as string;
    await page.getByLabel('Enter the code').fill(changeCode);
    await audit.act(page, () => page.getByRole('button', { name: 'Change my email address' }).click());
    expect(await page.textContent('main')).toContain(newEmail);
    for (const path of ['/account/security', '/account/data', '/account/data/erase'])
      await audit.visit(page, baseUrl, path);

    // ---- The application's status: received, then decided by a caseworker.
    await audit.visit(page, baseUrl, '/account/applications');
    const row = page.getByRole('row').filter({ hasText: reference });
    expect(await row.count()).toBe(1);
    await audit.act(page, () => row.getByRole('link').first().click());
    expect(new URL(page.url()).pathname).toBe(`/account/applications/${reference}`);
    const caseworker = await app.createStaff(
      'registrar@demo-city.example',
      [{ role: 'caseworker', departmentId: 'civil-registration' }],
      'Registrar',
    );
    const staff = (await app.app.identity.loadPrincipal(caseworker))!;
    const version = async () =>
      (
        await app.database.db
          .selectFrom('cases')
          .select('version')
          .where('reference', '=', reference)
          .executeTakeFirstOrThrow()
      ).version;
    await app.app.cases.transition(staff, reference, {
      transitionId: 'start_work',
      expectedVersion: await version(),
    });
    await audit.visit(page, baseUrl, `/account/applications/${reference}`);
    expect(await page.textContent('main')).toContain('Being prepared');
    await app.app.cases.transition(staff, reference, {
      transitionId: 'issue',
      expectedVersion: await version(),
    });
    await audit.visit(page, baseUrl, `/account/applications/${reference}`);
    expect(await page.textContent('main')).toContain('Sent to you');
    expect(await page.locator('body.js-enabled').count()).toBe(0);
    expect(errors).toEqual([]);
    console.info(`Without JavaScript: sign-in, account and status in ${audit.checked.length} pages`);
  });
});
