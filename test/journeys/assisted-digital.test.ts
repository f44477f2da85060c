/**
 * Assisted digital: a caseworker takes an application over the phone and a report at the counter for
 * citizens, through the citizen's own question pages; the case says how it came in and who entered it, the
 * citizen hears what an online applicant hears, and finds the case in their account. Staff of another
 * department are refused. Runs on every test database.
 */
import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const INSIDE = { lat: '51.9497', long: '-1.0549' };

describe.each(testDatabases())('assisted digital on $name', (database) => {
  let t: TestApp;
  let casey: TestClient;
  let caseyId = '';
  let phoneDraft = '';

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    caseyId = await t.createStaff(
      'casey@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Casey Worker',
    );
    await t.createStaff('tom@demo-city.example', [{ role: 'caseworker', departmentId: 'transport' }], 'Tom');
    await t.createStaff('audrey@demo-city.example', [{ role: 'auditor', departmentId: 'environment' }]);
    casey = t.client();
    await signInStaff(casey, 'casey@demo-city.example');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('the start page offers the services of the caseworker’s department, and bad input gets clear errors', async () => {
    const page = await casey.get('/staff/assist');
    expect(page.status).toBe(200);
    const services = page.screen.getByRole('combobox', { name: 'Which service?' });
    const options = [...services.querySelectorAll('option')].map((option) => option.textContent);
    expect(options).toContain('Book a bulky waste collection (Waste and Environment)');
    expect(options).toContain('Report fly-tipping: report a problem (Waste and Environment)');
    expect(options.join(' ')).not.toContain('parking permit');

    const empty = await casey.post('/staff/assist', {});
    expect(empty.status).toBe(422);
    const alert = within(empty.screen.getByRole('alert'));
    expect(alert.getByRole('link', { name: 'Choose the service they need' }).getAttribute('href')).toBe(
      '#service',
    );
    expect(alert.getByRole('link', { name: 'Select how they contacted you' }).getAttribute('href')).toBe(
      '#channel',
    );
    expect(alert.getByRole('link', { name: 'Enter their full name' })).toBeTruthy();

    const wrong = await casey.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'fax',
      name: 'Ada Lovelace',
      email: 'not an email',
      phone: 'call me',
    });
    expect(wrong.status).toBe(422);
    const links = within(wrong.screen.getByRole('alert'))
      .getAllByRole('link')
      .map((link) => link.getAttribute('href'));
    expect(links).toEqual(['#channel', '#email', '#phone']);
    expect((wrong.document.getElementById('name') as HTMLInputElement).value).toBe('Ada Lovelace');
    expect(await t.database.db.selectFrom('drafts').select('id').execute()).toHaveLength(0);
  });

  test('a caseworker takes a phone application through the citizen’s own pages; the case is the citizen’s', async () => {
    // Ada has an account already: the case will show there.
    const ada = t.client();
    await signInCitizen(t, ada, 'ada@example.org');
    const adaId = (await t.user('ada@example.org', 'citizen')).id;

    await casey.get('/staff/assist');
    const first = await casey.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'phone',
      name: 'Ada Lovelace',
      email: 'Ada@Example.org',
      phone: '0300 555 0177',
    });
    expect(first.url).toMatch(/^\/apply\/[0-9a-f-]{36}\/items$/);
    phoneDraft = first.url.replace(/\/items$/, '');
    // The same question page a citizen sees, with a reminder of whom it is for.
    expect(first.screen.getByRole('group', { name: 'What do you want us to collect?' })).toBeTruthy();
    expect(first.body).toContain('You are filling this in for Ada Lovelace, who contacted you by phone.');
    expect(first.screen.queryByRole('link', { name: /Save and come back later/ })).toBeNull();

    await casey.post(`${phoneDraft}/items`, { items: 'sofa' });
    await casey.post(`${phoneDraft}/item-count`, { item_count: '1' });
    await casey.post(`${phoneDraft}/collection-address`, {
      'collection_address-line1': '7 Bridge Road',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC5 6GH',
    });
    await casey.post(`${phoneDraft}/item-location`, { item_location: 'kerbside' });
    const email = await casey.post(`${phoneDraft}/preferred-date`, {
      'preferred_date-day': '12',
      'preferred_date-month': '3',
      'preferred_date-year': '2026',
    });
    // The email the citizen gave is already the answer.
    expect(email.url).toBe(`${phoneDraft}/email`);
    expect((email.document.getElementById('email') as HTMLInputElement).value).toBe('Ada@Example.org');
    await casey.post(`${phoneDraft}/email`, { email: 'Ada@Example.org' });
    const check = await casey.post(`${phoneDraft}/phone`, { phone: '' });
    expect(check.url).toBe(`${phoneDraft}/check`);
    expect(check.body).toContain('7 Bridge Road');
    const sent = await casey.post(`${phoneDraft}/check`);
    expect(sent.url).toMatch(/^\/staff\/cases\/PLZ-/);
    const reference = sent.url.split('/')[3] as string;
    expect(sent.body).toContain(`Sent for Ada Lovelace. The reference is ${reference}.`);
    expect(sent.body).toContain('Received by phone, entered by Casey Worker');

    const row = await t.database.db
      .selectFrom('cases')
      .select(['id', 'channel', 'assisted_by', 'citizen_user_id', 'assurance', 'contact_email', 'answers'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'phone',
      assisted_by: caseyId,
      citizen_user_id: adaId,
      assurance: null,
    });
    // The contact email, name and phone are encrypted like any citizen's.
    expect(row.contact_email).not.toContain('example.org');
    expect(JSON.stringify(row.answers)).not.toContain('Lovelace');
    expect(JSON.stringify(row.answers)).not.toContain('0300 555 0177');

    // The citizen hears what an online applicant hears, and finds the case in their account.
    const [mail] = await t.outbox('ada@example.org');
    expect(mail?.subject).toBe(`We have received your bulky waste booking: ${reference}`);
    const account = await ada.get('/account/applications');
    expect(account.body).toContain(reference);
    expect(account.document.querySelector(`a[href="/account/applications/${reference}"]`)).not.toBeNull();

    // The audit log: the caseworker did it, by phone; ids only.
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'details'])
      .where('action', '=', 'case.submitted')
      .where('subject_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(entry.actor_type).toBe('user');
    expect(entry.actor_id).toBe(caseyId);
    expect(entry.details).toMatchObject({ channel: 'phone', reference });
    expect(JSON.stringify(entry.details)).not.toMatch(/Ada|example\.org|0300/);

    // The name and phone the caseworker took show once a reason is given, as the rest of the personal data.
    await casey.post(`/staff/cases/${reference}/personal-data`, { reason: 'To call the citizen back' });
    const revealed = await casey.get(`/staff/cases/${reference}`);
    expect(revealed.body).toContain('Ada Lovelace, 0300 555 0177');
  });

  test('another department’s caseworker is refused, and cannot continue someone else’s draft', async () => {
    const tom = t.client();
    await signInStaff(tom, 'tom@demo-city.example');
    const page = await tom.get('/staff/assist');
    expect(page.body).not.toContain('Book a bulky waste collection');
    const refused = await tom.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'counter',
      name: 'Someone',
    });
    expect(refused.status).toBe(403);

    await casey.get('/staff/assist');
    const begun = await casey.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'post',
      name: 'Grace Hopper',
    });
    const draft = begun.url.replace(/\/items$/, '');
    expect((await tom.get(`${draft}/items`)).status).toBe(404);
    expect((await t.client().get(`${draft}/items`)).status).toBe(404);

    // An auditor sees cases but takes nothing for anyone.
    const audrey = t.client();
    await signInStaff(audrey, 'audrey@demo-city.example');
    expect((await audrey.get('/staff/assist')).status).toBe(403);
  });

  test('with no email address, the contact question may be left blank and nobody is emailed', async () => {
    await casey.get('/staff/assist');
    const first = await casey.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'post',
      name: 'Charles Babbage',
      phone: '0300 555 0188',
    });
    const draft = first.url.replace(/\/items$/, '');
    await casey.post(`${draft}/items`, { items: 'mattress' });
    await casey.post(`${draft}/item-count`, { item_count: '2' });
    await casey.post(`${draft}/collection-address`, {
      'collection_address-line1': '9 Mill Lane',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC5 8WE',
    });
    await casey.post(`${draft}/item-location`, { item_location: 'front-garden' });
    await casey.post(`${draft}/preferred-date`, {
      'preferred_date-day': '13',
      'preferred_date-month': '3',
      'preferred_date-year': '2026',
    });
    const phone = await casey.post(`${draft}/email`, { email: '' });
    expect(phone.url).toBe(`${draft}/phone`);
    await casey.post(`${draft}/phone`, { phone: '0300 555 0188' });
    const sent = await casey.post(`${draft}/check`);
    expect(sent.body).toContain('Received by post, entered by Casey Worker');
    const reference = sent.url.split('/')[3] as string;
    const row = await t.database.db
      .selectFrom('cases')
      .select(['channel', 'contact_email', 'citizen_user_id'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'post', contact_email: null, citizen_user_id: null });
  });

  test('a report taken at the counter goes through the report’s own steps and records the counter', async () => {
    await casey.get('/staff/assist');
    const location = await casey.post('/staff/assist', {
      service: 'report-fly-tipping',
      channel: 'counter',
      name: 'Mary Somerville',
      email: 'mary@example.org',
    });
    expect(location.url).toMatch(/^\/report\/report-fly-tipping\/[0-9a-f-]{36}\/location$/);
    const steps = location.url.replace(/\/location$/, '');
    await casey.post(`${steps}/location`, INSIDE);
    await casey.post(`${steps}/fly-tipping-what`, { waste: 'bags' });
    await casey.post(`${steps}/fly-tipping-amount`, { amount: 'single' });
    let page = await casey.get(`${steps}/description`);
    page = await casey.post(`${steps}/description`, { description: 'Bags of rubbish by the bus stop.' });
    if (page.url.endsWith('/photos')) page = await casey.post(`${steps}/photos`, { action: 'continue' });
    expect(page.url).toBe(`${steps}/reporter`);
    // The citizen's details are already on the contact page.
    expect((page.document.getElementById('reporter_email') as HTMLInputElement).value).toBe(
      'mary@example.org',
    );
    const check = await casey.post(`${steps}/reporter`, {
      reporter_name: 'Mary Somerville',
      reporter_email: 'mary@example.org',
      reporter_phone: '',
    });
    expect(check.url).toBe(`${steps}/check`);
    const sent = await casey.post(`${steps}/check`);
    expect(sent.url).toMatch(/^\/staff\/cases\//);
    expect(sent.body).toContain('Received at the counter, entered by Casey Worker');
    const reference = sent.url.split('/')[3] as string;
    const row = await t.database.db
      .selectFrom('cases')
      .innerJoin('reports', 'reports.case_id', 'cases.id')
      .select(['cases.channel', 'cases.assisted_by', 'cases.kind', 'reports.channel as report_channel'])
      .where('cases.reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      channel: 'counter',
      assisted_by: caseyId,
      kind: 'report',
      report_channel: 'staff',
    });
    const [mail] = await t.outbox('mary@example.org');
    expect(mail?.body).toContain(reference);
  });

  test('a service that needs a verified sign-in does not stop staff of its department', async () => {
    await t.createStaff('pat@demo-city.example', [{ role: 'manager', departmentId: 'transport' }], 'Pat');
    const pat = t.client();
    await signInStaff(pat, 'pat@demo-city.example');
    await pat.get('/staff/assist');
    const first = await pat.post('/staff/assist', {
      service: 'residential-parking-permit',
      channel: 'email',
      name: 'Alan Turing',
      email: 'alan@example.org',
    });
    expect(first.status).toBe(200);
    expect(first.url).toMatch(/^\/apply\/[0-9a-f-]{36}\/[a-z-]+$/);
  });
});
