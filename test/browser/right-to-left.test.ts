/**
 * Right to left, in Chromium: with Arabic chosen, a citizen's application page, the report map page and a
 * staff case page are written right to left (html[dir=rtl]), their layout is mirrored (the back link, the
 * first item of the navigation and the form's button sit further right than in English), and axe finds no
 * WCAG 2.2 A or AA violation on them.
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
import { sendBulkyWasteApplication } from '../support/bulky-waste.js';
import { signInStaffInBrowser } from './journey-helpers.js';

/**
 * Where an element's content starts, in pixels from the left of the viewport: its text's left edge (a block
 * spans the whole column in either direction; its words do not), or its box's for a control without text.
 */
async function leftEdge(page: Page, selector: string): Promise<number> {
  const element = page.locator(selector).first();
  await element.waitFor({ state: 'visible' });
  return element.evaluate((node) => {
    if ((node.textContent ?? '').trim() === '') return node.getBoundingClientRect().x;
    const range = document.createRange();
    range.selectNodeContents(node);
    return range.getBoundingClientRect().x;
  });
}

// Markup and behaviour in the browser do not depend on the database: one is enough (the first, PGlite).
describe.each(testDatabases().slice(0, 1))('right to left in Chromium on $name', (database: TestDatabase) => {
  let plaza: ListeningPlaza;
  let browser: Browser;
  const clock = new ManualClock(new Date());
  let reference: string;

  beforeAll(async () => {
    plaza = await startListeningPlaza({
      database: await database.open(),
      clock,
      env: { PLAZA_MAP_TILE_URL: 'none' },
    });
    browser = await launchChromium();
    await plaza.test.createStaff(
      'rtl.caseworker@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Rania',
    );
    // An application for the caseworker to open.
    reference = await sendBulkyWasteApplication(plaza.test, 'rtl@example.org');
  });
  afterAll(async () => {
    await browser?.close();
    await plaza?.close();
  });

  /** The same page in English and in Arabic, each checked with axe; returns both pages. */
  async function inBothLanguages(
    open: (page: Page, audit: AccessibilityAudit) => Promise<void>,
    options: { staff?: boolean } = {},
  ): Promise<{ english: Page; arabic: Page; errors: string[] }> {
    const pages: Page[] = [];
    const errors: string[] = [];
    for (const language of ['en', 'ar']) {
      const page = await (await newPerson(browser)).newPage();
      errors.push(...collectPageErrors(page));
      if (options.staff) await signInStaffInBrowser(page, plaza.baseUrl, 'rtl.caseworker@demo-city.example');
      // Choosing a language is remembered for the pages after.
      await page.goto(`${plaza.baseUrl}/?lang=${language}`);
      await open(page, new AccessibilityAudit());
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      pages.push(page);
    }
    const [english, arabic] = pages as [Page, Page];
    expect(await english.getAttribute('html', 'dir')).toBe('ltr');
    expect(await arabic.getAttribute('html', 'dir')).toBe('rtl');
    return { english, arabic, errors };
  }

  /** Each selector's element sits further right in Arabic than in English. */
  async function expectMirrored(english: Page, arabic: Page, selectors: string[]): Promise<void> {
    for (const selector of selectors) {
      const left = await leftEdge(english, selector);
      const right = await leftEdge(arabic, selector);
      expect(right, `${selector}: x ${right} in Arabic, ${left} in English`).toBeGreaterThan(left + 100);
    }
  }

  test("a citizen's application page is written right to left, mirrored, and passes axe", async () => {
    const { english, arabic, errors } = await inBothLanguages(async (page, audit) => {
      await audit.visit(page, plaza.baseUrl, '/services/bulky-waste-collection');
      await audit.act(page, () => page.locator('.govuk-button--start').click());
      // Sent empty: the error summary and the field's error are mirrored too.
      await audit.act(page, () => page.locator('main .govuk-button').first().click());
      expect(new URL(page.url()).pathname).toBe('/services/bulky-waste-collection/apply');
    });
    await expectMirrored(english, arabic, [
      '.govuk-back-link',
      '.govuk-service-navigation__item',
      'main .govuk-button',
      '.govuk-error-summary__title',
      '.govuk-checkboxes__input',
    ]);
    expect(errors).toEqual([]);
  });

  test('the report map page is written right to left, mirrored, and passes axe', async () => {
    const { english, arabic, errors } = await inBothLanguages(async (page, audit) => {
      await audit.visit(page, plaza.baseUrl, '/report/report-pothole');
      await audit.act(page, () => page.locator('main .govuk-button').first().click());
      expect(new URL(page.url()).pathname).toMatch(/\/location$/);
      await page.locator('.leaflet-container').waitFor({ state: 'visible' });
      await audit.check(page);
    });
    await expectMirrored(english, arabic, ['.govuk-back-link', '.govuk-service-navigation__item', 'main h1']);
    expect(errors).toEqual([]);
  });

  test('a staff case page is written right to left, mirrored, and passes axe', async () => {
    const { english, arabic, errors } = await inBothLanguages(
      async (page, audit) => {
        await audit.visit(page, plaza.baseUrl, `/staff/cases/${reference}`);
        expect(await page.textContent('main')).toContain(reference);
      },
      { staff: true },
    );
    await expectMirrored(english, arabic, ['.govuk-service-navigation__item', 'main h1']);
    expect(errors).toEqual([]);
  });
});
