/**
 * "Get help with this service": every page of a service a citizen sees (start, questions, check, confirmation,
 * and each step of a report) says how to reach the department that runs it, with opening hours written in
 * the reader's language. Runs on every test database.
 */
import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { startTestApp, type Page, type TestApp } from '../support/test-app.js';

/** The help section of a page, found as a screen reader finds it: a region named by its heading. */
function help(page: Page) {
  const region = page.screen.getByRole('region', { name: 'Get help with this service' });
  return { region, text: region.textContent?.replace(/\s+/g, ' ') ?? '' };
}

describe.each(testDatabases())('help with a service on $name', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('every page of an application shows its department’s phone, email, address and opening hours', async () => {
    const client = t.client();
    const pages: Page[] = [];
    pages.push(await client.get('/services/bulky-waste-collection'));
    pages.push(await client.get('/services/bulky-waste-collection/apply'));
    const next = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    pages.push(next);
    const draft = next.url.replace(/\/[^/]+$/, '');
    // A page with an error keeps its help too.
    pages.push(await client.post(`${draft}/item-count`, { item_count: 'many' }));
    await client.post(`${draft}/item-count`, { item_count: '1' });
    await client.post(`${draft}/collection-address`, {
      'collection_address-line1': '7 Bridge Road',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC5 6GH',
    });
    await client.post(`${draft}/item-location`, { item_location: 'kerbside' });
    await client.post(`${draft}/preferred-date`, {
      'preferred_date-day': '12',
      'preferred_date-month': '3',
      'preferred_date-year': '2026',
    });
    await client.post(`${draft}/email`, { email: 'helped@example.org' });
    const check = await client.post(`${draft}/phone`, { phone: '' });
    expect(check.url).toBe(`${draft}/check`);
    pages.push(check);
    const confirmation = await client.post(`${draft}/check`);
    expect(confirmation.url).toMatch(/\/confirmation$/);
    pages.push(confirmation);

    for (const page of pages) {
      const { region, text } = help(page);
      expect(text).toContain('Waste and Environment');
      expect(text).toContain('Monday to Friday: 8:00 to 18:00');
      expect(text).toContain('Saturday: 9:00 to 12:00');
      expect(text).toContain('Eastfield Depot, Mill Lane, Demo City DC5 8WE');
      expect(within(region).getByRole('link', { name: '0300 555 0103' }).getAttribute('href')).toBe(
        'tel:03005550103',
      );
      expect(within(region).getByRole('link', { name: 'waste@demo-city.example' }).getAttribute('href')).toBe(
        'mailto:waste@demo-city.example',
      );
    }
  });

  test('every step of a report shows it too', async () => {
    const client = t.client();
    const start = await client.get('/report/report-graffiti');
    expect(help(start).text).toContain('Waste and Environment');
    const location = await client.post('/report/report-graffiti');
    expect(location.url).toMatch(/\/location$/);
    const steps = location.url.replace(/\/location$/, '');
    const pages: Page[] = [location];
    pages.push(await client.post(`${steps}/location`, { lat: '51.9497', long: '-1.0549' }));
    pages.push(await client.post(`${steps}/graffiti-offensive`, { offensive: 'no' }));
    pages.push(await client.post(`${steps}/graffiti-surface`, { surface: 'wall' }));
    let page = await client.post(`${steps}/description`, { description: 'Tags on the library wall.' });
    pages.push(page);
    if (page.url.endsWith('/photos')) {
      page = await client.post(`${steps}/photos`, { action: 'continue' });
      pages.push(page);
    }
    const check = await client.post(`${steps}/reporter`, {
      reporter_name: '',
      reporter_email: '',
      reporter_phone: '',
    });
    expect(check.url).toBe(`${steps}/check`);
    pages.push(check);
    const confirmation = await client.post(`${steps}/check`);
    expect(confirmation.url).toMatch(/\/confirmation$/);
    pages.push(confirmation);
    for (const each of pages)
      expect([each.url, help(each).text]).toEqual([each.url, expect.stringContaining('0300 555 0103')]);
  });

  test('opening hours are written in the reader’s language, not copied from English', async () => {
    const page = await t.client().get('/services/bulky-waste-collection?lang=fr');
    const region = page.document.querySelector('.plaza-service-help');
    expect(region?.textContent).toContain('lundi');
    expect(region?.textContent).toContain('samedi');
    expect(region?.textContent).not.toContain('Monday');
  });
});
