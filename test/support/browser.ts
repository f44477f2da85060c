/**
 * Plaza in a real browser: the test app listening on a real port, headless Chromium (Debian's, never a
 * downloaded one) driven by playwright-core, and an accessibility check with axe-core on every page a test
 * visits. axe's source is evaluated through the DevTools protocol, so the app's Content-Security-Policy,
 * which forbids inline scripts, stays exactly as it is in production.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import type { Database } from '../../src/database.js';
import type { DatabaseHandle } from '../../src/platform/db/database-handle.js';
import type { ManualClock } from '../../src/platform/time/clock.js';
import { startTestApp, type TestApp } from './test-app.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ListeningPlaza {
  test: TestApp;
  /** Where the browser reaches Plaza, such as http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the real app on a test database and makes it listen on 127.0.0.1 on a port the system chooses.
 * The browser keeps cookies by the real time, so pass a clock set near the real time: a session cookie
 * dated by a clock months in the past would be thrown away by the browser as soon as it arrives.
 */
export async function startListeningPlaza(options: {
  database: DatabaseHandle<Database>;
  clock?: ManualClock;
  env?: Record<string, string>;
}): Promise<ListeningPlaza> {
  const test = await startTestApp({
    database: options.database,
    clock: options.clock,
    env: { PLAZA_BASE_URL: 'http://127.0.0.1', ...options.env },
  });
  await test.app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = test.app.server.server.address() as AddressInfo;
  return {
    test,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await test.close();
      await test.database.close();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const AXE_TIMEOUT_MS = 30_000;

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/**
 * axe's rules for a page's structure, which it files under best practice rather than a WCAG criterion but
 * which Plaza holds every page to: one h1, headings in order, one main landmark, landmarks told apart.
 */
export const STRUCTURE_RULES = [
  'page-has-heading-one',
  'heading-order',
  'landmark-one-main',
  'landmark-unique',
];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/** Runs axe on the page as it is now and returns the WCAG 2.2 A and AA violations it finds. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  // Evaluated by the DevTools protocol, not as a page script, so the page's CSP does not apply to it.
  if (!loaded) await page.evaluate(`${axeSource}\n;undefined`);
  const run = page.evaluate(
    async ({ tags, structureRules }) => {
      interface AxeResult {
        violations: {
          id: string;
          impact: string | null;
          help: string;
          helpUrl: string;
          nodes: { target: unknown[] }[];
        }[];
      }
      const axe = (
        window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      const structure = await axe.run(document, {
        runOnly: { type: 'rule', values: structureRules },
        resultTypes: ['violations'],
      });
      return [...result.violations, ...structure.violations].map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        helpUrl: violation.helpUrl,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      }));
    },
    { tags: WCAG_TAGS, structureRules: STRUCTURE_RULES },
  );
  // page.evaluate has no timeout of its own: a page where axe cannot finish must fail, not hang the suite.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`axe did not finish on ${page.url()} within ${AXE_TIMEOUT_MS} ms`)),
      AXE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function formatViolations(url: string, violations: AxeViolation[]): string {
  return [
    `${violations.length} accessibility violation(s) on ${url}:`,
    ...violations.map(
      (violation) =>
        `  - ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}\n` +
        `    ${violation.helpUrl}\n` +
        violation.targets.map((target) => `      at ${target}`).join('\n'),
    ),
  ].join('\n');
}

/**
 * Fails with a readable list (rule, impact, help, elements) when the page has WCAG A or AA violations.
 *
 * axe works with timers, which never fire in a page whose JavaScript is disabled. Such a page is checked
 * through `checker`, a page of a context with JavaScript: it opens the same address, answered (once, inside
 * the browser) with the page's own markup less its scripts, so the same DOM and stylesheets are checked
 * exactly as a person without JavaScript gets them.
 */
export async function checkAccessibility(page: Page, options: { checker?: Page } = {}): Promise<void> {
  const violations = await findViolations(page, options);
  if (violations.length > 0) throw new Error(formatViolations(page.url(), violations));
}

/** The WCAG A and AA violations of the page as it is now (see `checkAccessibility`), without failing. */
export async function findViolations(page: Page, options: { checker?: Page } = {}): Promise<AxeViolation[]> {
  const url = page.url();
  let target = page;
  if (options.checker) {
    target = options.checker;
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }), {
      times: 1,
    });
    await target.goto(url, { waitUntil: 'load' });
  }
  // Colour contrast means nothing on a page whose stylesheets did not load (a 404, or refused by the CSP).
  const unstyled = await target.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')]
      .filter((link) => !link.sheet)
      .map((link) => link.href),
  );
  if (unstyled.length > 0) throw new Error(`Stylesheets did not load on ${url}: ${unstyled.join(', ')}`);
  return axeViolations(target);
}

/**
 * Collects what a page reports as going wrong: script errors, failed loads and CSP refusals. A page itself
 * answered with an error status (a form sent back with its errors, 422) is the journey's business, which
 * `AccessibilityAudit.act` returns to the test; only its resources are watched here.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const documentStatus =
      message.text().startsWith('Failed to load resource') && message.location().url === page.url();
    if (!documentStatus) errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

/**
 * Walks a journey: every page reached through `visit` or `act` is waited for (its load event) and then
 * checked with axe. Keeps the list of pages checked, and refuses a server error page.
 */
export class AccessibilityAudit {
  readonly checked: { url: string; title: string }[] = [];
  /** With `collect`: each page's violations, formatted, instead of failing at the first page that has some. */
  readonly violations: { url: string; count: number; report: string }[] = [];

  /**
   * `checker`: a page with JavaScript, needed to check pages of a context without it. `collect`: keep
   * going after a page with violations (a crawl reports them all at the end). `axe: false`: walk without
   * checking (for tests that measure something else on pages other tests check).
   */
  constructor(private readonly options: { checker?: Page; collect?: boolean; axe?: boolean } = {}) {}

  /** Opens an address (relative to the base URL) and checks the page. */
  async visit(page: Page, baseUrl: string, path: string): Promise<Response | null> {
    return this.act(page, async () => {
      await page.goto(`${baseUrl}${path}`, { waitUntil: 'commit' });
    });
  }

  /**
   * Does something that loads a new page (a click on a link, a submit), waits until that page has loaded,
   * and checks it. Returns the response that delivered the page (after any redirects).
   */
  async act(page: Page, action: () => Promise<void>): Promise<Response | null> {
    let last: Response | null = null;
    const onResponse = (response: Response) => {
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) last = response;
    };
    page.on('response', onResponse);
    try {
      const loaded = page.waitForEvent('load');
      await action();
      await loaded;
    } finally {
      page.off('response', onResponse);
    }
    const response = last as Response | null;
    if (response && response.status() >= 500)
      throw new Error(`${page.url()} answered ${response.status()}: ${await page.title()}`);
    await this.check(page);
    return response;
  }

  /** Checks the page as it is now (for example after a script changed it). */
  async check(page: Page): Promise<void> {
    if (this.options.axe === false) {
      // Only walking (a test that measures something else): the pages are not checked here.
    } else if (this.options.collect) {
      const violations = await findViolations(page, this.options);
      if (violations.length > 0)
        this.violations.push({
          url: page.url(),
          count: violations.length,
          report: formatViolations(page.url(), violations),
        });
    } else await checkAccessibility(page, this.options);
    this.checked.push({ url: page.url(), title: await page.title() });
  }
}

/** A browser context for one person, with nothing shared with the others (cookies, storage). */
export function newPerson(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: 'en-GB',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
  });
}
