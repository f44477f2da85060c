/**
 * A citizen who is not signed in books a bulky waste collection, page by page, with every kind of mistake a
 * person makes on the way; staff then work the case. Runs on every test database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { signInStaff, startTestApp, type TestApp, type TestClient } from '../support/test-app.js';

describe.each(testDatabases())('booking a bulky waste collection on $name', (database) => {
  let test_: TestApp;
  let citizen: TestClient;
  let draftPath = '';
  let reference = '';

  beforeAll(async () => {
    test_ = await startTestApp({ database: await database.open() });
    citizen = test_.client();
    await test_.createStaff(
      'casey@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Casey Worker',
    );
  });
  afterAll(async () => {
    await test_?.close();
    await test_?.database.close();
  });

  test('the service is listed under its topic on the home page and found by a prefix search', async () => {
    const home = await citizen.get('/');
    expect(home.status).toBe(200);
    const topic = home.screen.getByRole('heading', { level: 2, name: 'Bins and recycling' });
    expect(topic).toBeTruthy();
    expect(
      home.screen.getByRole('link', { name: 'Book a bulky waste collection' }).getAttribute('href'),
    ).toBe('/services/bulky-waste-collection');
    const search = await citizen.get('/search?q=matt');
    expect(search.screen.getByRole('link', { name: 'Book a bulky waste collection' })).toBeTruthy();
  });

  test('the start page says what is needed, how long it takes and what it costs', async () => {
    const start = await citizen.get('/services/bulky-waste-collection');
    expect(
      start.screen.getByRole('heading', { level: 1, name: 'Book a bulky waste collection' }),
    ).toBeTruthy();
    expect(start.body).toContain('about 5 minutes');
    expect(start.body).toContain('€25.00');
    expect(start.screen.getByRole('button', { name: /Start now/ }).getAttribute('href')).toBe(
      '/services/bulky-waste-collection/apply',
    );
  });

  test('an empty first page is refused with an error summary linked to the field, and nothing is saved', async () => {
    await citizen.get('/services/bulky-waste-collection/apply');
    const page = await citizen.post('/services/bulky-waste-collection/apply', {});
    expect(page.status).toBe(422);
    expect(page.document.title).toMatch(/^Error:/);
    const alert = page.screen.getByRole('alert');
    const link = within(alert).getByRole('link', { name: 'Select at least one item you want us to collect' });
    expect(link.getAttribute('href')).toBe('#items');
    expect(page.document.getElementById('items')).not.toBeNull();
    const drafts = await test_.database.db.selectFrom('drafts').select('id').execute();
    expect(drafts).toHaveLength(0);
  });

  test('ticking "Something else" shows the page that asks what else', async () => {
    const page = await citizen.post('/services/bulky-waste-collection/apply', { items: ['sofa', 'other'] });
    expect(page.url).toMatch(/^\/apply\/[0-9a-f-]{36}\/other-items$/);
    draftPath = page.url.replace(/\/other-items$/, '');
    expect(page.screen.getByRole('textbox', { name: 'What else do you want us to collect?' })).toBeTruthy();
    const next = await citizen.post(`${draftPath}/other-items`, { other_items: 'A child’s bike' });
    expect(next.url).toBe(`${draftPath}/item-count`);
  });

  test('a number out of range is refused with the service’s own message and the answer kept', async () => {
    const page = await citizen.post(`${draftPath}/item-count`, { item_count: '12' });
    expect(page.status).toBe(422);
    expect(within(page.screen.getByRole('alert')).getByRole('link').textContent).toBe(
      'We can collect up to 10 items at a time. Book a second collection for the rest.',
    );
    expect(page.screen.getByRole('textbox', { name: /How many items/ }).getAttribute('value')).toBe('12');
    const ok = await citizen.post(`${draftPath}/item-count`, { item_count: '3' });
    expect(ok.url).toBe(`${draftPath}/collection-address`);
  });

  test('an address outside the city is refused, naming the postcode field', async () => {
    const page = await citizen.post(`${draftPath}/collection-address`, {
      'collection_address-line1': '12 Harbour Road',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'SW1A 1AA',
    });
    expect(page.status).toBe(422);
    const link = within(page.screen.getByRole('alert')).getByRole('link');
    expect(link.getAttribute('href')).toBe('#collection_address-postcode');
    expect((page.document.getElementById('collection_address-line1') as HTMLInputElement).value).toBe(
      '12 Harbour Road',
    );
    const ok = await citizen.post(`${draftPath}/collection-address`, {
      'collection_address-line1': '12 Harbour Road',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'dc4 7qp',
    });
    expect(ok.url).toBe(`${draftPath}/item-location`);
  });

  test('a date too soon, and a date that does not exist, are refused with GOV.UK’s wording', async () => {
    await citizen.post(`${draftPath}/item-location`, { item_location: 'kerbside' });
    const tooSoon = await citizen.post(`${draftPath}/preferred-date`, {
      'preferred_date-day': '3',
      'preferred_date-month': '3',
      'preferred_date-year': '2026',
    });
    expect(within(tooSoon.screen.getByRole('alert')).getByRole('link').textContent).toBe(
      'The collection date must be at least 3 days from today',
    );
    const unreal = await citizen.post(`${draftPath}/preferred-date`, {
      'preferred_date-day': '31',
      'preferred_date-month': '2',
      'preferred_date-year': '2026',
    });
    expect(within(unreal.screen.getByRole('alert')).getByRole('link').textContent).toBe(
      'Your preferred collection date must be a real date',
    );
    const ok = await citizen.post(`${draftPath}/preferred-date`, {
      'preferred_date-day': '10',
      'preferred_date-month': 'March',
      'preferred_date-year': '2026',
    });
    expect(ok.url).toBe(`${draftPath}/email`);
  });

  test('check your answers lists every answer with a change link, then sending gives a reference', async () => {
    await citizen.post(`${draftPath}/email`, { email: 'resident@example.org' });
    let page = await citizen.get(`${draftPath}/phone`);
    page = await citizen.post(`${draftPath}/phone`, { phone: '0300 555 0199' });
    expect(page.url).toBe(`${draftPath}/check`);
    expect(
      page.screen.getByRole('heading', {
        level: 1,
        name: 'Check your answers before sending your application',
      }),
    ).toBeTruthy();
    expect(page.body).toContain('10 March 2026');
    expect(page.body).toContain('DC4 7QP');
    const change = page.screen.getByRole('link', { name: /^Change\s*How many items are there in total\?$/ });
    expect(change.getAttribute('href')).toBe(`${draftPath}/item-count?change=1`);
    const sent = await citizen.post(`${draftPath}/check`);
    expect(sent.url).toMatch(
      /^\/applications\/PLZ-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{2}\/confirmation$/,
    );
    reference = sent.url.split('/')[2] as string;
    expect(sent.screen.getByRole('heading', { level: 1, name: 'Application sent' })).toBeTruthy();
    expect(sent.body).toContain(reference);
    const drafts = await test_.database.db.selectFrom('drafts').select('id').execute();
    expect(drafts).toHaveLength(0);
  });

  test('the citizen gets a confirmation email with the reference', async () => {
    const [message] = await test_.outbox('resident@example.org');
    expect(message?.subject).toContain(reference);
    expect(message?.body).toContain(`http://plaza.test/account/applications/${reference}`);
  });

  test('the case waits in the environment queue, due in 3 working days, and staff can book the collection', async () => {
    const staff = test_.client();
    await signInStaff(staff, 'casey@demo-city.example');
    const queue = await staff.get('/staff/queue?department=environment');
    const row = queue.screen.getByRole('link', { name: reference });
    expect(row.getAttribute('href')).toBe(`/staff/cases/${reference}`);
    const casePage = await staff.get(`/staff/cases/${reference}`);
    expect(
      casePage.screen.getByRole('heading', { level: 1, name: 'Book a bulky waste collection' }),
    ).toBeTruthy();
    expect(casePage.body).toContain('5 March 2026');
    const viewed = await test_.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'case.viewed')
      .execute();
    expect(viewed.length).toBeGreaterThan(0);
  });
});

import { within } from '@testing-library/dom';
