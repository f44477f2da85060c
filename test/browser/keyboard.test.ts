/**
 * Keyboard only, in Chromium: a bulky waste collection booked and a pothole reported (finding the street by
 * its name, not with the map) with Tab, Shift+Tab, Enter, Space, the arrow keys and typing, never a click.
 * On every page:
 * - the first Tab stop is the skip link, and following it moves the focus to the main content;
 * - every control the focus reaches shows it (its computed style, or its label's drawn box, differs from
 *   when it is not focused: outline, box shadow, background or underline);
 * - nothing traps the keyboard: tabbing on from the top reaches the footer and wraps round to the top.
 * A page sent with mistakes puts the focus on its error summary. Every page is also checked with axe.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PublishedService } from '../../src/modules/catalogue/index.js';
import type { Question } from '../../src/modules/forms/index.js';
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
import { addressAnswer, dateAnswer, typedAnswer } from './journey-helpers.js';

/** What a Tab found: the element, and whether focusing it changed how it (or its drawn box) looks. */
interface Stop {
  what: string;
  inFooter: boolean;
  isBody: boolean;
  isSkipLink: boolean;
}

/** Installs, in the page, what the checks below read: a description and a style signature of the focus. */
const focusProbe = `
window.__plazaFocus = window.__plazaFocus || {
  describe(el) {
    if (!el || el === document.body) return 'body';
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '') + (text ? ' "' + text + '"' : '');
  },
  signature(el) {
    const parts = [];
    const read = (target, pseudo) => {
      const s = getComputedStyle(target, pseudo);
      parts.push(s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
        s.textDecorationLine, s.textDecorationThickness, s.borderColor);
    };
    read(el);
    // Radios and checkboxes draw their box (and its focus ring) on the label's ::before.
    const label = el.labels && el.labels[0];
    if (label) { read(label, '::before'); read(label, '::after'); }
    return parts.join('|');
  },
  previous: null,
};
`;

// Markup and behaviour in the browser do not depend on the database: one is enough (the first, PGlite).
describe.each(testDatabases().slice(0, 1))('keyboard only in Chromium on $name', (database: TestDatabase) => {
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

  /** A keyboard-only person on one page at a time; collects controls whose focus cannot be seen. */
  class KeyboardPerson {
    readonly invisibleFocus = new Set<string>();
    pages = 0;

    constructor(
      readonly page: Page,
      readonly audit: AccessibilityAudit,
    ) {}

    /** Presses a key and reads where the focus went; checks the control it left showed its focus. */
    async press(key: string): Promise<Stop> {
      await this.page.keyboard.press(key);
      await this.page.evaluate(focusProbe);
      const result = await this.page.evaluate(() => {
        const probe = (
          window as unknown as {
            __plazaFocus: {
              describe(el: Element | null): string;
              signature(el: Element): string;
              previous: { el: Element; focused: string; what: string } | null;
            };
          }
        ).__plazaFocus;
        const active = document.activeElement;
        let invisible: string | null = null;
        const previous = probe.previous;
        if (previous && previous.el !== active && previous.el.isConnected) {
          if (probe.signature(previous.el) === previous.focused) invisible = previous.what;
        }
        probe.previous =
          active && active !== document.body
            ? { el: active, focused: probe.signature(active), what: probe.describe(active) }
            : null;
        return {
          invisible,
          what: probe.describe(active),
          inFooter: !!active?.closest('footer, .govuk-footer'),
          isBody: !active || active === document.body,
          isSkipLink: !!active?.classList.contains('govuk-skip-link'),
        };
      });
      if (result.invisible)
        this.invisibleFocus.add(`${new URL(this.page.url()).pathname}: ${result.invisible}`);
      return result;
    }

    /** Tabs forward until the focus is on what `selector` finds (wrapping round the page if need be). */
    async tabTo(selector: string): Promise<void> {
      for (let presses = 0; presses < 150; presses++) {
        await this.press('Tab');
        if (await this.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector} on ${this.page.url()}`);
    }

    /** Presses a key that loads a new page, waits for it, and checks it with axe. */
    async submit(key: 'Enter' | 'Space' = 'Enter'): Promise<number> {
      const response = await this.audit.act(this.page, () => this.page.keyboard.press(key));
      return response?.status() ?? 0;
    }

    /**
     * What every page must do: the skip link first (and into main), then, from the top, every stop shows its
     * focus, the footer is reached, and the focus comes round to the top again.
     */
    async checkPage(): Promise<void> {
      this.pages += 1;
      const where = this.page.url();
      await this.page.evaluate(focusProbe);
      await this.page.evaluate(() => {
        (window as unknown as { __plazaFocus: { previous: unknown } }).__plazaFocus.previous = null;
      });
      // A page that has just loaded has the focus nowhere yet (a page with errors has it on their summary).
      const fresh = await this.page.evaluate(() => document.activeElement === document.body);
      const stops: Stop[] = [];
      if (fresh) {
        const first = await this.press('Tab');
        expect(first.isSkipLink, `first Tab stop on ${where} is ${first.what}`).toBe(true);
        stops.push(first);
      }
      let top: Stop | undefined;
      for (let presses = 0; presses < 300 && !top; presses++) {
        const stop = await this.press('Tab');
        if (stop.isBody || stop.isSkipLink) top = stop;
        else stops.push(stop);
      }
      expect(top, `Tab comes round to the top of ${where}`).toBeDefined();
      expect(
        stops.some((stop) => stop.inFooter),
        `Tab reaches the footer of ${where}`,
      ).toBe(true);
      // Round at the top: the next stop is the skip link again.
      if (top?.isBody) {
        const again = await this.press('Tab');
        expect(again.isSkipLink, `first Tab stop on ${where} is ${again.what}`).toBe(true);
      }
      // Shift+Tab goes back the other way, round to the footer's last link.
      let back = await this.press('Shift+Tab');
      if (back.isBody) back = await this.press('Shift+Tab');
      expect(back.inFooter, `Shift+Tab from the top of ${where} reaches ${back.what}`).toBe(true);
      let forward = await this.press('Tab');
      if (forward.isBody) forward = await this.press('Tab');
      expect(forward.isSkipLink).toBe(true);
      // The skip link moves the focus to the main content.
      await this.page.keyboard.press('Enter');
      expect(await this.page.evaluate(() => document.activeElement?.id), `skip link on ${where}`).toBe(
        'main-content',
      );
    }

    /** Answers a question with the keyboard alone. */
    async answer(question: Question): Promise<void> {
      const { page } = this;
      switch (question.type) {
        case 'checkboxes':
          await this.tabTo(`input[name="${question.id}"]`);
          await this.press('Space');
          return;
        case 'radios':
          await this.tabTo(`input[name="${question.id}"]`);
          await this.press('Space');
          return;
        case 'yes-no':
          // The arrow keys move through a group of radios, choosing as they go: Yes, then No.
          await this.tabTo(`input[name="${question.id}"]`);
          await this.press('Space');
          await this.press('ArrowDown');
          return;
        case 'select':
          await this.tabTo(`select[name="${question.id}"]`);
          await this.press('ArrowDown');
          return;
        case 'date': {
          const parts = dateAnswer(question);
          await this.tabTo(`[name="${question.id}-day"]`);
          await page.keyboard.type(parts.day);
          await this.press('Tab');
          await page.keyboard.type(parts.month);
          await this.press('Tab');
          await page.keyboard.type(parts.year);
          return;
        }
        case 'address':
          await this.tabTo(`[name="${question.id}-line1"]`);
          await page.keyboard.type(addressAnswer.line1);
          await this.tabTo(`[name="${question.id}-town"]`);
          await page.keyboard.type(addressAnswer.town);
          await this.tabTo(`[name="${question.id}-postcode"]`);
          await page.keyboard.type(addressAnswer.postcode);
          return;
        case 'file':
          throw new Error('A file cannot be chosen without the system dialog; walk a service without files');
        case 'text':
        case 'long-text':
        case 'number':
        case 'email':
        case 'phone':
          await this.tabTo(`[name="${question.id}"]`);
          await page.keyboard.type(typedAnswer(question));
      }
    }

    /** Tabs to a button by its text and presses Enter; returns the answer's status. */
    async pressButton(text: string): Promise<number> {
      await this.tabTo('.govuk-button');
      for (let presses = 0; presses < 20; presses++) {
        const label = await this.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
        if (label === text) return this.submit('Enter');
        await this.tabTo('.govuk-button');
      }
      throw new Error(`No button "${text}" on ${this.page.url()}`);
    }

    /** Tabs to a link by its text and presses Enter. */
    async followLink(text: string): Promise<void> {
      for (let presses = 0; presses < 150; presses++) {
        await this.press('Tab');
        const label = await this.page.evaluate(() =>
          document.activeElement?.tagName === 'A' ? (document.activeElement.textContent?.trim() ?? '') : '',
        );
        if (label === text) {
          await this.submit('Enter');
          return;
        }
      }
      throw new Error(`No link "${text}" on ${this.page.url()}`);
    }

    /** A question page: sent empty (focus lands on the error summary), then answered and sent. */
    async questionPage(questions: readonly Question[]): Promise<void> {
      await this.checkPage();
      if (questions.some((question) => !question.optional)) {
        const status = await this.pressButton('Continue');
        expect(status, `empty ${this.page.url()}`).toBe(422);
        expect(
          await this.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
          `focus on the error summary of ${this.page.url()}`,
        ).toBe(true);
        await this.checkPage();
      }
      for (const question of questions) {
        const shown =
          question.type === 'address'
            ? `${question.id}-line1`
            : question.type === 'date'
              ? `${question.id}-day`
              : question.id;
        if ((await this.page.locator(`[name="${shown}"]`).count()) > 0) await this.answer(question);
      }
      const status = await this.pressButton('Continue');
      expect(status, `answered ${this.page.url()}`).toBeLessThan(400);
    }
  }

  async function person(): Promise<KeyboardPerson> {
    const page = await (await newPerson(browser)).newPage();
    return new KeyboardPerson(page, new AccessibilityAudit());
  }

  const lastSegment = (page: Page) => new URL(page.url()).pathname.split('/').at(-1) ?? '';

  test('a bulky waste collection booked with the keyboard alone', async () => {
    const { test: app, baseUrl } = plaza;
    const service = app.app.catalogue.current('bulky-waste-collection') as PublishedService;
    const someone = await person();
    const { page } = someone;
    const errors = collectPageErrors(page);
    await someone.audit.visit(page, baseUrl, '/');
    await someone.checkPage();
    await someone.followLink(service.definition.title);
    await someone.checkPage();
    await someone.pressButton('Start now');
    for (let steps = 0; steps < 30; steps++) {
      const path = new URL(page.url()).pathname;
      if (path.endsWith('/confirmation')) break;
      if (path.endsWith('/check')) {
        await someone.checkPage();
        await someone.pressButton('Accept and send');
        continue;
      }
      const pageId = path.endsWith('/apply') ? service.definition.pages[0]?.id : lastSegment(page);
      const definition = service.definition.pages.find((candidate) => candidate.id === pageId);
      if (!definition) throw new Error(`No page ${pageId} in ${service.slug}`);
      await someone.questionPage(definition.questions);
    }
    expect(page.url()).toMatch(/\/applications\/PLZ-[^/]+\/confirmation$/);
    await someone.checkPage();
    console.info(`Keyboard: bulky waste in ${someone.pages} pages, each checked`);
    expect([...someone.invisibleFocus]).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('the checks are not vacuous: a control without a focus style, and a trap, are found', async () => {
    const someone = await person();
    const { page } = someone;
    await someone.audit.visit(page, plaza.baseUrl, '/');
    // A control whose focus cannot be seen (styled through the CSSOM: the page's policy forbids inline styles).
    await page.evaluate(() => {
      const hidden = document.createElement('span');
      hidden.tabIndex = 0;
      hidden.id = 'no-focus-style';
      hidden.textContent = 'No focus style';
      hidden.style.outline = 'none';
      document.getElementById('main-content')?.prepend(hidden);
    });
    await someone.checkPage();
    expect([...someone.invisibleFocus]).toEqual(['/: span#no-focus-style "No focus style"']);
    // A trap: a control that sends the focus back to itself.
    await page.evaluate(() => {
      const trap = document.getElementById('no-focus-style') as HTMLElement;
      trap.addEventListener('keydown', (event) => {
        if (event.key === 'Tab') event.preventDefault();
      });
    });
    const failure = await someone.checkPage().then(
      () => undefined,
      (error: unknown) => String(error),
    );
    expect(failure).toMatch(/Tab comes round to the top|Tab reaches the footer/);
  });

  test('a pothole reported with the keyboard alone, finding the street by its name', async () => {
    const { test: app, baseUrl } = plaza;
    const service = app.app.catalogue.current('report-pothole') as PublishedService;
    const someone = await person();
    const { page } = someone;
    const errors = collectPageErrors(page);
    await someone.audit.visit(page, baseUrl, '/report');
    await someone.checkPage();
    await someone.followLink('Report a pothole');
    await someone.checkPage();
    await someone.pressButton('Start now');
    for (let steps = 0; steps < 30; steps++) {
      if (new URL(page.url()).pathname.endsWith('/confirmation')) break;
      const step = lastSegment(page);
      switch (step) {
        case 'location':
          await someone.checkPage();
          await someone.tabTo('input[name="q"]');
          await page.keyboard.type('chapel');
          await someone.pressButton('Search');
          await someone.checkPage();
          await someone.tabTo('input[name="place"]');
          // The results are a group of radios: the arrow keys move to the one wanted.
          for (let moves = 0; moves < 20; moves++) {
            const label = await page.evaluate(
              () =>
                (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? '',
            );
            if (label.startsWith('12 Chapel Street')) break;
            await someone.press('ArrowDown');
          }
          await someone.press('Space');
          await someone.pressButton('Use this place');
          break;
        case 'description':
          await someone.checkPage();
          expect(await someone.pressButton('Continue')).toBe(422);
          expect(
            await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
          ).toBe(true);
          await someone.tabTo('textarea[name="description"]');
          await page.keyboard.type('A deep pothole in the cycle lane by the chapel, found with a keyboard.');
          await someone.pressButton('Continue');
          break;
        case 'photos':
          await someone.checkPage();
          await someone.pressButton('Continue');
          break;
        case 'similar':
          await someone.checkPage();
          await someone.tabTo('input[type="radio"]');
          for (let moves = 0; moves < 20; moves++) {
            const label = await page.evaluate(
              () =>
                (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? '',
            );
            if (label.startsWith('No, none of these')) break;
            await someone.press('ArrowDown');
          }
          await someone.press('Space');
          await someone.pressButton('Continue');
          break;
        case 'check':
          await someone.checkPage();
          await someone.pressButton('Send report');
          break;
        default: {
          const definition = service.definition.pages.find((candidate) => candidate.id === step);
          if (!definition) throw new Error(`No step ${step} in ${service.slug}`);
          await someone.questionPage(definition.questions);
        }
      }
    }
    expect(page.url()).toMatch(/\/reports\/[^/]+\/confirmation$/);
    await someone.checkPage();
    console.info(`Keyboard: pothole report in ${someone.pages} pages, each checked`);
    expect([...someone.invisibleFocus]).toEqual([]);
    expect(errors).toEqual([]);
  });
});
