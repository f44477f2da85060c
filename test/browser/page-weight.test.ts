/**
 * Page weight, in Chromium with its cache off (every page as on a first visit): every page a citizen sees,
 * in every demo service and report type from start to confirmation and on their account, weighs less than
 * 100 KB as the browser received it (the document and everything it loaded, compressed as sent, headers
 * included; photos and map tiles not counted). No script in <head> blocks rendering, and the hashed static
 * assets are served to be cached for good.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ManualClock } from '../../src/platform/time/clock.js';
import {
  AccessibilityAudit,
  launchChromium,
  newPerson,
  startListeningPlaza,
  type ListeningPlaza,
} from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { signInCitizenInBrowser, walkApplication, walkReport } from './journey-helpers.js';

/** The budget for one page, in bytes received (100 KB). */
const BUDGET = 100 * 1000;

/** Photos people upload and a map's tiles are not counted: their weight is the person's or the map's choice. */
const notCounted = (url: string): boolean => /\/photos\/|\/tiles?\/|tile\.openstreetmap/.test(url);

interface Resource {
  url: string;
  bytes: number;
  status?: number;
  cacheControl?: string;
}

interface PageLoad {
  url: string;
  resources: Map<string, Resource>;
}

/** Records what one browser tab receives, page by page, through the DevTools protocol. */
class WeightMeter {
  readonly loads: PageLoad[] = [];
  private cdp!: CDPSession;

  async attach(page: Page): Promise<void> {
    this.cdp = await page.context().newCDPSession(page);
    await this.cdp.send('Network.enable');
    await this.cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    this.cdp.on('Network.requestWillBeSent', (event) => {
      // A new document in the tab (not the next hop of a redirect) starts a new page.
      if (event.type === 'Document' && !event.redirectResponse)
        this.loads.push({ url: event.request.url, resources: new Map() });
      const load = this.loads.at(-1);
      if (!load) return;
      const existing = load.resources.get(event.requestId);
      // A redirect's own response is received too: counted under the same request.
      const bytes = existing?.bytes ?? 0;
      load.resources.set(event.requestId, { url: event.request.url, bytes });
      if (event.type === 'Document') load.url = event.request.url;
    });
    this.cdp.on('Network.responseReceived', (event) => {
      const resource = this.loads.at(-1)?.resources.get(event.requestId);
      if (!resource) return;
      resource.status = event.response.status;
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
      resource.cacheControl = headers['cache-control'];
    });
    this.cdp.on('Network.loadingFinished', (event) => {
      for (const load of [...this.loads].reverse()) {
        const resource = load.resources.get(event.requestId);
        if (resource) {
          resource.bytes += event.encodedDataLength;
          return;
        }
      }
    });
  }

  static weight(load: PageLoad): number {
    return [...load.resources.values()]
      .filter((resource) => !notCounted(resource.url))
      .reduce((sum, resource) => sum + resource.bytes, 0);
  }
}

// Markup and behaviour in the browser do not depend on the database: one is enough (the first, PGlite).
describe.each(testDatabases().slice(0, 1))('page weight in Chromium on $name', (database: TestDatabase) => {
  let plaza: ListeningPlaza;
  let browser: Browser;
  const clock = new ManualClock(new Date());

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

  test('every citizen page under 100 KB, no render-blocking script, hashed assets cached for good', async () => {
    const { test: app, baseUrl } = plaza;
    const walk = new AccessibilityAudit({ axe: false });
    const blocking: string[] = [];
    const meters: WeightMeter[] = [];
    /** On every page: the scripts in <head> must not block rendering. */
    const onPage = async (page: Page) => {
      const scripts = await page.evaluate(() =>
        [...document.head.querySelectorAll('script')].map((script) => ({
          src: script.getAttribute('src') ?? '(inline)',
          deferred: script.type === 'module' || script.defer || script.async,
        })),
      );
      for (const script of scripts.filter((candidate) => !candidate.deferred))
        blocking.push(`${new URL(page.url()).pathname}: ${script.src}`);
    };
    const citizen = async (signedInAs?: string) => {
      const page = await (await newPerson(browser)).newPage();
      const meter = new WeightMeter();
      await meter.attach(page);
      meters.push(meter);
      if (signedInAs) await signInCitizenInBrowser(page, plaza, signedInAs);
      return page;
    };

    for (const service of app.app.catalogue.list('application')) {
      const page = await citizen(
        service.definition.signIn === 'none' ? undefined : `weight.${service.slug}@example.org`,
      );
      await walkApplication(page, walk, baseUrl, service, { emptyFirst: true, onPage });
    }
    let reference = '';
    for (const service of app.app.catalogue.list('report')) {
      const page = await citizen();
      reference = await walkReport(page, walk, baseUrl, service, { onPage });
    }
    const page = await citizen('weight.account@example.org');
    for (const path of [
      '/',
      '/search?q=permit',
      '/report',
      '/reports',
      `/reports/${reference}`,
      '/accessibility',
      '/account',
      '/account/details',
      '/account/email',
      '/account/applications',
      '/account/security',
      '/account/data',
    ]) {
      await walk.visit(page, baseUrl, path);
      await onPage(page);
    }
    // Let the last responses' events arrive.
    await page.waitForTimeout(200);

    const loads = meters.flatMap((meter) => meter.loads).filter((load) => load.url.startsWith(baseUrl));
    const weights = loads.map((load) => ({
      path: new URL(load.url).pathname,
      bytes: WeightMeter.weight(load),
      // What made it heavy, for the failure message.
      parts: [...load.resources.values()]
        .filter((resource) => !notCounted(resource.url))
        .map((resource) => `${new URL(resource.url).pathname} ${resource.bytes}`)
        .join(', '),
    }));
    const heaviest = [...weights].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
    console.info(
      `Page weight: ${weights.length} pages, heaviest ${heaviest
        .map((weight) => `${weight.path} ${(weight.bytes / 1000).toFixed(1)} KB`)
        .join(', ')}`,
    );
    expect(weights.length).toBeGreaterThan(100);
    expect(
      weights
        .filter((weight) => weight.bytes > BUDGET)
        .map((weight) => `${weight.path}: ${weight.bytes} bytes (${weight.parts})`),
    ).toEqual([]);
    expect(blocking).toEqual([]);

    // Every hashed asset (name.<hash>.ext) any page loaded is cached for good by browsers and proxies.
    const assets = new Map<string, string | undefined>();
    for (const load of loads)
      for (const resource of load.resources.values())
        if (/\/assets\/.+\.[0-9a-f]{8,}\.\w+$/.test(new URL(resource.url).pathname))
          assets.set(new URL(resource.url).pathname, resource.cacheControl);
    expect(assets.size).toBeGreaterThanOrEqual(3);
    const badlyCached = [...assets].filter(
      ([, cacheControl]) =>
        !/\bpublic\b/.test(cacheControl ?? '') ||
        !/\bimmutable\b/.test(cacheControl ?? '') ||
        Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? 0) < 31_536_000,
    );
    expect(badlyCached).toEqual([]);
  }, 600_000);
});
