/**
 * The accessibility crawl: every page Plaza serves, as every kind of person, checked with axe-core against
 * WCAG 2.2 A and AA in Chromium.
 *
 * The pages are the app's own GET routes (its route table), so a new page is crawled without anyone adding
 * it here; a route with a path parameter the crawler does not know how to fill fails the test, naming it.
 * Parameters are filled from real data: drafts each person starts in their own browser, a sent application
 * and a report, a file, a resume link, a staff account and a partner's API client. Each route is visited as
 * a visitor, a citizen and staff in each role (caseworker, manager, designer, administrator, auditor), so
 * the pages people are refused (sign-in, 403) and missing pages (404) are checked too. Routes that answer
 * with something other than HTML (JSON, XML, files, downloads) are skipped.
 *
 * Then every demo service is walked end to end with valid answers, each page first sent empty so its error
 * summary is checked: every application to its confirmation, every report type to its own.
 *
 * With PLAZA_RECORD_ACCESSIBILITY=1 the counts are written to docs/accessibility-results.json, which the
 * public accessibility statement (/accessibility) reads.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StaffRole } from '../../src/modules/identity/index.js';
import { ManualClock } from '../../src/platform/time/clock.js';
import {
  AccessibilityAudit,
  WCAG_TAGS,
  launchChromium,
  newPerson,
  startListeningPlaza,
  type ListeningPlaza,
} from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { signInCitizen } from '../support/test-app.js';
import {
  signInCitizenInBrowser,
  signInStaffInBrowser,
  walkApplication,
  walkReport,
} from './journey-helpers.js';

type Who = 'anonymous' | 'citizen' | StaffRole;
const everyone: Who[] = ['anonymous', 'citizen', 'caseworker', 'manager', 'designer', 'admin', 'auditor'];
const CITIZEN = 'crawl.citizen@example.org';

/** People browsing at once: the browser and the server each keep a core busy. */
const CONCURRENCY = 3;

/** Runs tasks, at most `limit` at a time; fails with the first failure once all have settled. */
async function inParallel(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  const queue = [...tasks];
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) {
        try {
          await task();
        } catch (error) {
          failures.push(error);
        }
      }
    }),
  );
  if (failures.length > 0) throw failures[0];
}

/** Routes whose answers are never pages: the API, Open311, JSON and XML documents. */
const notPages = (url: string): boolean =>
  url.startsWith('/api/') || url.startsWith('/assets/') || /\.(json|xml)$/.test(url);

// Markup and behaviour in the browser do not depend on the database: one is enough (the first, PGlite).
describe.each(testDatabases().slice(0, 1))('accessibility crawl on $name', (database: TestDatabase) => {
  /** What the crawl and the walks found, for the summary and the record. */
  const results = {
    routes: 0,
    visits: 0,
    nonHtml: 0,
    journeys: { applications: 0, reports: 0 },
    checked: 0,
    violations: [] as { url: string; count: number; report: string }[],
  };
  let plaza: ListeningPlaza;
  let browser: Browser;
  // The browser keeps cookies by the real time, so the app's clock starts at the real time.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    plaza = await startListeningPlaza({
      database: await database.open(),
      clock,
      env: { PLAZA_MAP_TILE_URL: 'none', PLAZA_RATE_LIMITS: 'off' },
    });
    browser = await launchChromium();
    for (const role of everyone.slice(2) as StaffRole[]) {
      // Department roles in the departments of the application and the report the crawl opens.
      const departments = role === 'admin' || role === 'designer' ? [null] : ['environment', 'highways'];
      await plaza.test.createStaff(
        `${role}@demo-city.example`,
        departments.map((departmentId) => ({ role, departmentId })),
        `Crawl ${role}`,
      );
    }
  });
  afterAll(async () => {
    await browser?.close();
    await plaza?.close();
  });

  test('every step of every demo service, sent empty first, then answered to its confirmation', async () => {
    const { test: app, baseUrl } = plaza;
    const audit = new AccessibilityAudit({ collect: true });
    const services = app.app.catalogue.list('application');
    const reportTypes = app.app.catalogue.list('report');
    expect(services.length).toBeGreaterThanOrEqual(6);
    expect(reportTypes.length).toBeGreaterThanOrEqual(8);
    const walks = [
      ...services.map((service) => async () => {
        const context = await newPerson(browser);
        const page = await context.newPage();
        if (service.definition.signIn !== 'none')
          await signInCitizenInBrowser(page, plaza, `walk.${service.slug}@example.org`);
        const reference = await walkApplication(page, audit, baseUrl, service, { emptyFirst: true });
        expect(reference).toMatch(/^PLZ-/);
        results.journeys.applications += 1;
        await context.close();
      }),
      ...reportTypes.map((service) => async () => {
        const context = await newPerson(browser);
        const page = await context.newPage();
        const reference = await walkReport(page, audit, baseUrl, service, { emptyFirst: true });
        expect(reference).not.toBe('');
        results.journeys.reports += 1;
        await context.close();
      }),
    ];
    await inParallel(walks, CONCURRENCY);
    results.checked += audit.checked.length;
    results.violations.push(...audit.violations);
    console.info(
      `Service walks on ${database.name}: ${services.length} applications and ${reportTypes.length} report types, ` +
        `${audit.checked.length} pages checked, ${audit.violations.length} with violations`,
    );
    expect(audit.violations.map((violation) => violation.report)).toEqual([]);
  }, 900_000);

  test('every page, as every role: no WCAG 2.2 A or AA violation', async () => {
    const { test: app, baseUrl } = plaza;
    const db = app.database.db;
    const routes = app.app.server.accessTable.filter(
      (route) => route.method === 'GET' && !notPages(route.url),
    );
    expect(routes.length).toBeGreaterThan(40);

    // ---- Real data to fill the routes' parameters with.
    const seeder = app.client();
    await signInCitizen(app, seeder, CITIZEN);
    await seeder.get('/services/bulky-waste-collection/apply');
    const first = await seeder.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    const draft = first.url.replace(/\/[^/]+$/, '');
    await seeder.post(`${draft}/item-count`, { item_count: '1' });
    await seeder.post(`${draft}/collection-address`, {
      'collection_address-line1': '7 Bridge Road',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC5 6GH',
    });
    await seeder.post(`${draft}/item-location`, { item_location: 'kerbside' });
    const date = new Date(Date.now() + 7 * 86_400_000);
    await seeder.post(`${draft}/preferred-date`, {
      'preferred_date-day': String(date.getUTCDate()),
      'preferred_date-month': String(date.getUTCMonth() + 1),
      'preferred_date-year': String(date.getUTCFullYear()),
    });
    await seeder.post(`${draft}/email`, { email: CITIZEN });
    await seeder.post(`${draft}/phone`, { phone: '0300 555 0123' });
    const sent = await seeder.post(`${draft}/check`);
    const applicationReference = sent.url.split('/')[2] as string;
    expect(applicationReference).toMatch(/^PLZ-/);
    const caseId = (
      await db
        .selectFrom('cases')
        .select('id')
        .where('reference', '=', applicationReference)
        .executeTakeFirstOrThrow()
    ).id;
    const fileId = randomUUID();
    await db
      .insertInto('files')
      .values({
        id: fileId,
        owner_type: 'case',
        owner_id: caseId,
        field: null,
        original_name: 'letter.pdf',
        media_type: 'application/pdf',
        size_bytes: 1,
        sha256: 'x',
        content: Buffer.from('x'),
      })
      .execute();
    const citizenId = (await app.user(CITIZEN, 'citizen')).id;
    const report = await app.app.reports.fileReport({
      serviceSlug: 'report-pothole',
      answers: { size: 'large', surface: 'road' },
      description: 'A deep pothole outside the library, on the cycle lane',
      location: { lat: 51.9497, long: -1.0549 },
      photos: [],
      contact: { email: CITIZEN },
      channel: 'web',
      citizenUserId: citizenId,
      actor: { type: 'user', id: citizenId },
    });
    // A link that reopens a visitor's draft, as emailed to them.
    const visitor = app.client();
    await visitor.get('/services/bulky-waste-collection/apply');
    const visitorDraft = await visitor.post('/services/bulky-waste-collection/apply', { items: 'mattress' });
    const visitorDraftPath = /^\/apply\/[0-9a-f-]{36}/.exec(visitorDraft.url)?.[0] as string;
    await visitor.get(`${visitorDraftPath}/save`);
    await visitor.post(`${visitorDraftPath}/save`, { email: 'resume@example.org' });
    const [resumeMessage] = await app.outbox('resume@example.org');
    const resumeToken = /\/resume\/([\w-]+)/.exec(resumeMessage?.body ?? '')?.[1];
    expect(resumeToken).toBeDefined();
    const staffUserId = (await app.user('caseworker@demo-city.example', 'staff')).id;
    const { client } = await app.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'Crawl partner', scopes: ['cases:read'], departments: ['environment'] },
    );

    // ---- Each person in their own browser, with their own drafts.
    interface Person {
      who: Who;
      context: BrowserContext;
      page: Page;
      applicationDraft: string;
      reportDraft: string;
    }
    const people: Person[] = [];
    for (const who of everyone) {
      const context = await newPerson(browser);
      const page = await context.newPage();
      if (who === 'citizen') await signInCitizenInBrowser(page, plaza, CITIZEN);
      else if (who !== 'anonymous') await signInStaffInBrowser(page, baseUrl, `${who}@demo-city.example`);
      await page.goto(`${baseUrl}/services/bulky-waste-collection/apply`);
      await page.getByRole('checkbox', { name: 'Sofa or armchair' }).check();
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Continue', exact: true }).click(),
      ]);
      const applicationDraft = /\/apply\/([0-9a-f-]{36})\//.exec(page.url())?.[1];
      await page.goto(`${baseUrl}/report/report-pothole`);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Start now' }).click()]);
      const reportDraft = /\/report\/report-pothole\/([0-9a-f-]{36})\//.exec(page.url())?.[1];
      if (!applicationDraft || !reportDraft) throw new Error(`${who} could not start drafts (${page.url()})`);
      people.push({ who, context, page, applicationDraft, reportDraft });
    }

    const applicationSlugs = app.app.catalogue.list('application').map((service) => service.slug);
    const reportSlugs = app.app.catalogue.list('report').map((service) => service.slug);
    const providers = ['demo-eid'];
    const potholePages = (app.app.catalogue.current('report-pothole')?.definition.pages ?? []).map(
      (definition) => definition.id,
    );
    /** The values to crawl a route's parameter with, as a person; undefined: the crawler cannot fill it. */
    const valuesOf = (name: string, route: string, person: Person): string[] | undefined => {
      const reportRoute = route.startsWith('/report/');
      switch (name) {
        case 'slug':
          return route === '/report/:slug/:draftId/:step'
            ? ['report-pothole']
            : reportRoute
              ? reportSlugs
              : applicationSlugs;
        case 'draftId':
          return [reportRoute ? person.reportDraft : person.applicationDraft];
        case 'pageId':
          return ['item-count', 'check', 'save'];
        case 'step':
          return ['location', ...potholePages, 'description', 'photos', 'similar', 'check'];
        case 'reference':
          return route.includes('/report/')
            ? [report.serviceRequestId]
            : [applicationReference, report.serviceRequestId];
        case 'serviceRequestId':
          return [report.serviceRequestId];
        case 'fileId':
          return [fileId];
        case 'token':
          return [resumeToken as string];
        case 'providerId':
          return providers;
        case 'level':
          return ['substantial', 'high'];
        case 'id':
          return route.startsWith('/staff/api-clients/') ? [client.id] : [staffUserId];
        default:
          return undefined;
      }
    };

    const unfillable = new Set<string>();
    const urlsFor = (route: string, person: Person): string[] => {
      let urls = [route];
      for (const [, name] of route.matchAll(/:(\w+)/g)) {
        const values = valuesOf(name as string, route, person);
        if (!values) {
          unfillable.add(`GET ${route}: the crawler cannot fill :${name}`);
          return [];
        }
        // Visitors and citizens see every value (each service, each step); staff the first of each.
        const crawled =
          person.who === 'anonymous' || person.who === 'citizen' || name === 'reference'
            ? values
            : values.slice(0, 1);
        urls = urls.flatMap((url) =>
          crawled.map((value) => url.replace(`:${name}`, encodeURIComponent(value))),
        );
      }
      return urls;
    };

    const audit = new AccessibilityAudit({ collect: true });
    const statuses = new Map<string, number>();
    // Each page's title, by who saw it, with the routes that gave it: different pages must not share one.
    const titles = new Map<string, Set<string>>();
    const crawlAs = async (person: Person) => {
      const { page, who } = person;
      // Pages reached by a redirect or answered with an error, once each for this person: every refused
      // route leads to the same sign-in or error page.
      const seen = new Set<string>();
      const urls = [
        ...routes.flatMap((route) => urlsFor(route.url, person).map((url) => ({ url, route: route.url }))),
        { url: '/no-such-page', route: '/no-such-page' },
      ];
      for (const { url, route } of urls) {
        results.visits += 1;
        let status = 0;
        let redirected = false;
        let html = true;
        try {
          const response = await page.goto(`${baseUrl}${url}`, { waitUntil: 'load' });
          status = response?.status() ?? 0;
          redirected = (response?.request().redirectedFrom() ?? null) !== null;
          html = (response?.headers()['content-type'] ?? '').startsWith('text/html');
        } catch (error) {
          // A file or a download: the browser saves it instead of showing a page.
          if (!/Download is starting/.test(String(error))) throw error;
          html = false;
        }
        statuses.set(`${who} ${url}`, status);
        if (status >= 500) throw new Error(`GET ${url} as ${who} answered ${status}: ${await page.title()}`);
        if (!html) {
          results.nonHtml += 1;
          continue;
        }
        if (status === 200 && !redirected) {
          const title = `${who}: ${await page.title()}`;
          titles.set(title, (titles.get(title) ?? new Set()).add(route));
        }
        const key = `${status} ${new URL(page.url()).pathname}`;
        if ((redirected || status >= 400) && seen.has(key)) continue;
        seen.add(key);
        await audit.check(page);
      }
    };
    await inParallel(
      people.map((person) => () => crawlAs(person)),
      CONCURRENCY,
    );
    for (const person of people) await person.context.close();

    results.routes = routes.length;
    results.checked += audit.checked.length;
    results.violations.push(...audit.violations);
    const byStatus = [...statuses.values()].reduce<Record<number, number>>((counts, status) => {
      counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    }, {});
    console.info(
      `Crawl on ${database.name}: ${routes.length} page routes as ${everyone.length} roles, ${results.visits} visits ` +
        `(by status ${JSON.stringify(byStatus)}; ${results.nonHtml} not HTML), ${audit.checked.length} pages checked ` +
        `with axe, ${audit.violations.reduce((sum, violation) => sum + violation.count, 0)} violations`,
    );
    expect([...unfillable]).toEqual([]);
    // Every page has a title of its own: two different pages (routes) seen by one person never share one.
    expect(
      [...titles]
        .filter(([, pageRoutes]) => pageRoutes.size > 1)
        .map(([title, pageRoutes]) => `${title} ← ${[...pageRoutes].join(', ')}`),
    ).toEqual([]);
    // The crawl reached real pages, not only refusals: each role got through somewhere, each sign-in worked.
    for (const who of everyone)
      expect(
        [...statuses].filter(([key, status]) => key.startsWith(`${who} `) && status === 200).length,
        who,
      ).toBeGreaterThan(10);
    expect(statuses.get(`citizen /account/applications/${applicationReference}`)).toBe(200);
    expect(statuses.get(`caseworker /staff/cases/${applicationReference}`)).toBe(200);
    expect(statuses.get(`caseworker /staff/cases/${report.serviceRequestId}`)).toBe(200);
    expect(statuses.get('designer /staff/queue')).toBe(403);
    expect(statuses.get('anonymous /no-such-page')).toBe(404);
    expect(audit.violations.map((violation) => violation.report)).toEqual([]);
  }, 900_000);

  afterAll(async () => {
    const violations = results.violations.reduce((sum, violation) => sum + violation.count, 0);
    console.info(
      `Accessibility on ${database.name}: ${results.checked} pages checked with axe (WCAG 2.2 A and AA), ` +
        `${violations} violations`,
    );
    if (process.env.PLAZA_RECORD_ACCESSIBILITY === '1' && database.name === 'pglite') {
      const record = {
        recordedAt: new Date().toISOString().slice(0, 10),
        standard: 'WCAG 2.2 AA',
        axeTags: WCAG_TAGS,
        roles: everyone,
        pageRoutes: results.routes,
        visits: results.visits,
        pagesChecked: results.checked,
        services: results.journeys,
        violations,
      };
      // Written as the repository's formatter would, so the committed file passes its check.
      const file = join(repositoryRoot, 'docs', 'accessibility-results.json');
      const options = (await resolveConfig(file)) ?? {};
      writeFileSync(file, await format(JSON.stringify(record), { ...options, filepath: file }));
    }
  });
});
