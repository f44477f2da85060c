/**
 * A citizen reports a pothole in Chromium, every page checked with axe: once with the map (a pin dropped by
 * selecting the map, with no map tiles at all, as on a machine with no network), and once with JavaScript
 * off, finding the place by name through the gazetteer. Both end on the public page of the report.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

describe.each(testDatabases())('reporting a problem in Chromium on $name', (database: TestDatabase) => {
  let plaza: ListeningPlaza;
  let browser: Browser;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    plaza = await startListeningPlaza({
      database: await database.open(),
      clock,
      env: { PLAZA_MAP_TILE_URL: 'none' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await plaza?.close();
  });

  /** From the pothole's questions to the confirmation; returns the report's reference. */
  async function answerAndSend(page: Page, audit: AccessibilityAudit, description: string): Promise<string> {
    const { baseUrl } = plaza;
    const next = () => audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await page.getByRole('radio', { name: 'Larger than a car tyre' }).check();
    await next();
    await page.getByRole('radio', { name: 'In a cycle lane' }).check();
    await next();
    await page.getByRole('textbox', { name: 'What is the problem?' }).fill(description);
    await next();
    // No photo, no contact details: an anonymous report.
    await next();
    await next();
    // A report already made nearby is offered first; this citizen's problem is a new one.
    if ((await page.getByRole('heading', { level: 1 }).textContent())?.includes('Is it one of these?')) {
      await page.getByRole('radio', { name: /No, none of these/ }).check();
      await next();
    }
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Check your report before sending it',
    );
    await audit.act(page, () => page.getByRole('button', { name: 'Send report' }).click());
    expect(await page.getByRole('heading', { level: 1, name: 'Report sent' }).count()).toBe(1);
    const reference = new URL(page.url()).pathname.split('/')[2] as string;
    await audit.visit(page, baseUrl, `/reports/${reference}`);
    expect(await page.textContent('main')).toContain(description);
    return reference;
  }

  test('with the map: the citizen drops a pin and reports a pothole', async () => {
    const { baseUrl } = plaza;
    const audit = new AccessibilityAudit();
    const page = await (await newPerson(browser)).newPage();
    const pageErrors = collectPageErrors(page);

    await audit.visit(page, baseUrl, '/report');
    await audit.act(page, () => page.getByRole('link', { name: 'Report a pothole' }).click());
    await audit.act(page, () => page.getByRole('button', { name: 'Start now' }).click());
    expect(new URL(page.url()).pathname).toMatch(/\/location$/);

    // The script shows the map; selecting it drops the pin and fills the form's point.
    const map = page.getByRole('region', { name: /Map for choosing where the problem is/ });
    await map.waitFor({ state: 'visible' });
    await map.click();
    await page.getByText('Pin placed.').waitFor();
    await audit.check(page);
    await audit.act(page, () => page.getByRole('button', { name: 'Use this point' }).click());
    expect(new URL(page.url()).pathname).toMatch(/\/pothole-size$/);

    const reference = await answerAndSend(page, audit, 'Pothole in the cycle lane, found with the map.');
    const stored = await plaza.test.database.db
      .selectFrom('reports')
      .select(['lat', 'long', 'channel'])
      .where('service_request_id', '=', reference)
      .executeTakeFirstOrThrow();
    expect(stored.channel).toBe('web');
    expect(stored.lat).not.toBeNull();
    expect(pageErrors).toEqual([]);
    expect(audit.checked.length).toBeGreaterThanOrEqual(10);
  });

  test('without JavaScript: the citizen finds the street by name and reports a pothole', async () => {
    const { baseUrl } = plaza;
    const context = await newPerson(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    const audit = new AccessibilityAudit({ checker: await (await newPerson(browser)).newPage() });

    await audit.visit(page, baseUrl, '/report/report-pothole');
    await audit.act(page, () => page.getByRole('button', { name: 'Start now' }).click());
    // The map needs JavaScript, so it stays hidden; the search is the whole way in.
    expect(await page.getByRole('region', { name: /Map for choosing/ }).count()).toBe(0);
    await page.getByLabel('Search for a street, address or landmark').fill('chapel');
    await audit.act(page, () => page.getByRole('button', { name: 'Search' }).click());
    await page.getByRole('radio', { name: '12 Chapel Street' }).check();
    await audit.act(page, () => page.getByRole('button', { name: 'Use this place' }).click());
    expect(new URL(page.url()).pathname).toMatch(/\/pothole-size$/);

    const reference = await answerAndSend(page, audit, 'Pothole outside the chapel, reported without a map.');
    expect(await page.textContent('main')).toContain('12 Chapel Street');
    expect(reference).toMatch(/^[A-Z0-9-]+$/);
    expect(pageErrors).toEqual([]);
  });
});
