/**
 * A citizen reports a problem in the street: finding the place by name with no map and no JavaScript (the
 * way a screen-reader user goes), or by a point from the map; every mistake gets a precise message and
 * stores nothing; a citizen who finds the problem already reported follows it instead; the public page shows
 * no personal data; followers hear of public updates; the report's status follows its case. Runs on every
 * test database.
 */
import sharp from 'sharp';
import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { signInCitizen, startTestApp, tinyPdf, type TestApp, type TestClient } from '../support/test-app.js';

/** Somewhere in the demo city's made-up boundary (Old Town), and somewhere well outside it. */
const INSIDE = { lat: '51.9497', long: '-1.0549' };
const OUTSIDE = { lat: '51.8000', long: '-1.2000' };

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
}

async function reportCount(t: TestApp): Promise<number> {
  const row = await t.database.db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Starts a pothole report and returns the address of its steps. */
async function startPothole(client: TestClient): Promise<string> {
  await client.get('/report/report-pothole');
  const page = await client.post('/report/report-pothole');
  expect(page.url).toMatch(/^\/report\/report-pothole\/[0-9a-f-]{36}\/location$/);
  return page.url.replace(/\/location$/, '');
}

describe.each(testDatabases())('reporting a problem on $name', (database) => {
  let t: TestApp;
  let firstReference = '';

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff(
      'hana@demo-city.example',
      [{ role: 'caseworker', departmentId: 'highways' }],
      'Hana Roads',
    );
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('"Report a problem" lists the report types apart from the services people apply for', async () => {
    const client = t.client();
    const home = await client.get('/');
    expect(
      home.screen.getByRole('link', { name: /Report a problem in the street/ }).getAttribute('href'),
    ).toBe('/report');
    expect(home.screen.queryByRole('link', { name: 'Report a pothole' })).toBeNull();
    const list = await client.get('/report');
    expect(list.screen.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeTruthy();
    for (const name of [
      'Report a pothole',
      'Report a street light fault',
      'Report graffiti',
      'Report fly-tipping',
      'Report an abandoned vehicle',
      'Report a blocked drain or gully',
      'Report a broken pavement',
      'Report a missed bin collection',
    ])
      expect(list.screen.getByRole('link', { name }).getAttribute('href')).toMatch(/^\/report\/report-/);
    expect(list.screen.queryByRole('link', { name: 'Book a bulky waste collection' })).toBeNull();
    // A report type is never applied for as an application.
    expect((await client.get('/services/report-pothole/apply')).status).toBe(404);
    expect((await client.get('/services/report-pothole')).url).toBe('/report/report-pothole');
  });

  test('the whole journey without JavaScript: find the place by name, answer, describe, add a photo, send', async () => {
    const client = t.client();
    const start = await client.get('/report/report-pothole');
    expect(start.screen.getByRole('heading', { level: 1, name: 'Report a pothole' })).toBeTruthy();
    expect(start.body).toContain('will be shown publicly');
    const steps = await startPothole(client);

    const search = await client.get(`${steps}/location?q=chapel`);
    expect(search.status).toBe(200);
    const results = search.screen.getByRole('group', { name: /match “chapel”/ });
    const choice = within(results).getByRole('radio', { name: '12 Chapel Street' });
    // The map is an enhancement: without JavaScript its section stays hidden.
    expect(search.document.querySelector('[data-report-map-section]')?.hasAttribute('hidden')).toBe(true);

    const size = await client.post(`${steps}/location`, { place: (choice as HTMLInputElement).value });
    expect(size.url).toBe(`${steps}/pothole-size`);
    expect(size.screen.getByRole('group', { name: 'How big is the pothole?' })).toBeTruthy();
    const where = await client.post(`${steps}/pothole-size`, { size: 'large' });
    expect(where.url).toBe(`${steps}/pothole-where`);
    const description = await client.post(`${steps}/pothole-where`, { surface: 'cycle-lane' });
    expect(description.url).toBe(`${steps}/description`);
    expect(description.screen.getByRole('textbox', { name: 'What is the problem?' })).toBeTruthy();
    expect(description.body).toContain('This description will be shown publicly');
    const photos = await client.post(`${steps}/description`, {
      description: 'Deep pothole in the cycle lane, outside the bakery.',
    });
    expect(photos.url).toBe(`${steps}/photos`);
    const uploaded = await client.post(`${steps}/photos`, { action: 'upload' }, [
      { field: 'photos', name: 'IMG_0001.JPG', type: 'image/jpeg', content: await photo() },
    ]);
    expect(uploaded.url).toBe(`${steps}/photos`);
    expect(uploaded.body).toContain('IMG_0001.jpg');
    const contact = await client.post(`${steps}/photos`, { action: 'continue' });
    expect(contact.url).toBe(`${steps}/reporter`);
    expect(contact.screen.getByRole('textbox', { name: 'Email address' })).toBeTruthy();
    const check = await client.post(`${steps}/reporter`, {
      reporter_name: 'Robin Reporter',
      reporter_email: 'robin@example.org',
      reporter_phone: '',
    });
    // Nothing similar nearby yet: "Is it one of these?" is passed by.
    expect(check.url).toBe(`${steps}/check`);
    expect(check.body).toContain('12 Chapel Street');
    expect(check.body).toContain('Larger than a car tyre');
    expect(check.body).toContain('robin@example.org');

    const sent = await client.post(`${steps}/check`);
    expect(sent.url).toMatch(/^\/reports\/[A-Z0-9-]+\/confirmation$/);
    firstReference = sent.url.split('/')[2] as string;
    expect(sent.screen.getByRole('heading', { level: 1, name: 'Report sent' })).toBeTruthy();
    expect(sent.body).toContain(firstReference);
    expect(sent.screen.getByRole('link', { name: `report ${firstReference}` }).getAttribute('href')).toBe(
      `/reports/${firstReference}`,
    );

    const report = await t.database.db
      .selectFrom('reports')
      .innerJoin('cases', 'cases.id', 'reports.case_id')
      .select([
        'reports.status',
        'reports.address',
        'reports.photo_count',
        'reports.followers_count',
        'reports.channel',
        'cases.kind',
        'cases.department_id',
        'cases.state',
      ])
      .where('reports.service_request_id', '=', firstReference)
      .executeTakeFirstOrThrow();
    expect(report).toMatchObject({
      status: 'open',
      address: '12 Chapel Street',
      photo_count: 1,
      followers_count: 1,
      channel: 'web',
      kind: 'report',
      department_id: 'highways',
      state: 'received',
    });
    const [received] = await t.outbox('robin@example.org');
    expect(received?.subject).toContain(firstReference);
    expect(received?.body).toContain(`http://plaza.test/reports/${firstReference}`);
    // The draft is gone: sending it again files nothing.
    expect((await client.post(`${steps}/check`)).status).toBe(404);
  });

  test('the public page shows status, where and what, and nothing personal', async () => {
    const page = await t.client().get(`/reports/${firstReference}`);
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Report a pothole' })).toBeTruthy();
    expect(page.body).toContain('Received');
    expect(page.body).toContain('12 Chapel Street');
    expect(page.body).toContain('Deep pothole in the cycle lane');
    expect(
      page.screen.getByRole('img', { name: /Map showing where the problem is: 12 Chapel Street/ }),
    ).toBeTruthy();
    for (const personal of ['Robin', 'Reporter', 'robin@example.org', 'IMG_0001'])
      expect(page.body).not.toContain(personal);
  });

  test('the map path: a point posted as latitude and longitude is a location of its own', async () => {
    const client = t.client();
    const steps = await startPothole(client);
    const next = await client.post(`${steps}/location`, INSIDE);
    expect(next.url).toBe(`${steps}/pothole-size`);
    const back = await client.get(`${steps}/location`);
    expect(back.body).toContain(`a point on the map at ${INSIDE.lat}, ${INSIDE.long}`);
  });

  test('a point outside the city, and coordinates out of range, are refused precisely and nothing is kept', async () => {
    const client = t.client();
    const steps = await startPothole(client);
    const outside = await client.post(`${steps}/location`, OUTSIDE);
    expect(outside.status).toBe(422);
    expect(
      within(outside.screen.getByRole('alert')).getByText(/This place is outside Demo City/),
    ).toBeTruthy();
    const latitude = await client.post(`${steps}/location`, { lat: '91', long: '-1.05' });
    expect(latitude.status).toBe(422);
    expect(
      within(latitude.screen.getByRole('alert')).getByText(/Latitude must be a number from -90 to 90/),
    ).toBeTruthy();
    const longitude = await client.post(`${steps}/location`, { lat: '51.95', long: 'east' });
    expect(
      within(longitude.screen.getByRole('alert')).getByText(/Longitude must be a number from -180 to 180/),
    ).toBeTruthy();
    const nothing = await client.post(`${steps}/location`, {});
    expect(
      within(nothing.screen.getByRole('alert')).getByText(/Search for a street, address or landmark/),
    ).toBeTruthy();
    // Still no location: the next step sends the citizen back to say where.
    expect((await client.get(`${steps}/check`)).url).toBe(`${steps}/location`);
  });

  test('a search with no match says so and suggests what to try', async () => {
    const client = t.client();
    const steps = await startPothole(client);
    const page = await client.get(`${steps}/location?q=zzzz`);
    expect(page.screen.getByRole('status').textContent).toContain('No places in our list match “zzzz”');
  });

  test('missing answers, an empty or too long description, non-images, oversized and too many photos are refused', async () => {
    const client = t.client();
    const steps = await startPothole(client);
    await client.post(`${steps}/location`, INSIDE);
    const unanswered = await client.post(`${steps}/pothole-size`, {});
    expect(unanswered.status).toBe(422);
    expect(within(unanswered.screen.getByRole('alert')).getByRole('link').getAttribute('href')).toBe('#size');
    await client.post(`${steps}/pothole-size`, { size: 'small' });
    await client.post(`${steps}/pothole-where`, { surface: 'road' });
    const empty = await client.post(`${steps}/description`, { description: '   ' });
    expect(within(empty.screen.getByRole('alert')).getByText('Describe the problem')).toBeTruthy();
    const long = await client.post(`${steps}/description`, { description: 'x'.repeat(2001) });
    expect(long.status).toBe(422);
    expect(within(long.screen.getByRole('alert')).getByText(/must be 2000 characters or fewer/)).toBeTruthy();
    await client.post(`${steps}/description`, { description: 'Small pothole by the kerb.' });

    const notImage = await client.post(`${steps}/photos`, { action: 'upload' }, [
      { field: 'photos', name: 'pothole.jpg', type: 'image/jpeg', content: tinyPdf },
    ]);
    expect(notImage.status).toBe(422);
    expect(within(notImage.screen.getByRole('alert')).getByText(/“pothole.jpg” is not a photo/)).toBeTruthy();
    const tooMany = await client.post(
      `${steps}/photos`,
      { action: 'upload' },
      await Promise.all(
        ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].map(async (name) => ({
          field: 'photos',
          name,
          type: 'image/jpeg',
          content: await photo(),
        })),
      ),
    );
    expect(tooMany.status).toBe(422);
    expect(within(tooMany.screen.getByRole('alert')).getByText('You can add up to 3 photos')).toBeTruthy();
    expect(tooMany.body).not.toContain('a.jpg');
    const stored = await t.database.db
      .selectFrom('files')
      .select('id')
      .where('owner_id', '=', steps.split('/')[3] as string)
      .execute();
    expect(stored).toEqual([]);
  });

  test('an oversized photo is refused with its size limit', async () => {
    const small = await startTestApp({
      database: t.database,
      env: { PLAZA_UPLOAD_MAX_BYTES: '2000' },
    });
    try {
      const client = small.client();
      await client.get('/report/report-graffiti');
      const steps = (await client.post('/report/report-graffiti')).url.replace(/\/location$/, '');
      await client.post(`${steps}/location`, INSIDE);
      await client.post(`${steps}/graffiti-offensive`, { offensive: 'no' });
      await client.post(`${steps}/graffiti-surface`, { surface: 'wall' });
      await client.post(`${steps}/description`, { description: 'Tags on the library wall.' });
      const big = await sharp({
        create: {
          width: 400,
          height: 400,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean: 128, sigma: 60 },
        },
      })
        .jpeg({ quality: 100 })
        .toBuffer();
      const page = await client.post(`${steps}/photos`, { action: 'upload' }, [
        { field: 'photos', name: 'wall.jpg', type: 'image/jpeg', content: big },
      ]);
      expect(page.status).toBe(422);
      expect(within(page.screen.getByRole('alert')).getByText(/“wall.jpg” is too large/)).toBeTruthy();
    } finally {
      await small.close();
    }
  });

  test('"Is it one of these?": choosing the report already made follows it instead of filing another', async () => {
    const before = await reportCount(t);
    const client = t.client();
    const steps = await startPothole(client);
    await client.post(`${steps}/location`, { lat: '51.9489', long: '-1.0561' });
    await client.post(`${steps}/pothole-size`, { size: 'large' });
    await client.post(`${steps}/pothole-where`, { surface: 'cycle-lane' });
    await client.post(`${steps}/description`, {
      description: 'Big pothole in the cycle lane near the bakery',
    });
    await client.post(`${steps}/photos`, { action: 'continue' });
    const similar = await client.post(`${steps}/reporter`, { reporter_email: 'sam@example.org' });
    expect(similar.url).toBe(`${steps}/similar`);
    const option = similar.screen.getByRole('radio', { name: new RegExp(firstReference) });
    const followed = await client.post(`${steps}/similar`, { choice: (option as HTMLInputElement).value });
    expect(followed.url).toBe(`/reports/${firstReference}`);
    expect(followed.body).toContain('You are following this report');
    expect(followed.body).toContain('2 people are following this report');
    expect(await reportCount(t)).toBe(before);
    // Following twice changes nothing.
    const again = t.client();
    await again.get(`/reports/${firstReference}`);
    await again.post(`/reports/${firstReference}/follow`, { email: 'SAM@example.org' });
    expect((await again.get(`/reports/${firstReference}`)).body).toContain(
      '2 people are following this report',
    );
    const bad = await again.post(`/reports/${firstReference}/follow`, { email: 'not an email' });
    expect(bad.status).toBe(422);
  });

  test('staff move the report on: its public status follows, and every follower is told', async () => {
    const staffId = (await t.user('hana@demo-city.example', 'staff')).id;
    const principal = await t.app.identity.loadPrincipal(staffId);
    if (!principal) throw new Error('no principal');
    const detail = await t.app.cases.staffView(principal, firstReference);
    await t.app.cases.transition(principal, firstReference, {
      transitionId: 'schedule',
      expectedVersion: detail.version,
    });
    let report = await t.app.reports.publicReport(firstReference);
    expect(report.status).toBe('open');
    expect(report.stateLabel).toBe('Work is scheduled');
    const scheduled = await t.app.cases.staffView(principal, firstReference);
    await t.app.cases.transition(principal, firstReference, {
      transitionId: 'fix',
      message: 'We filled the pothole this morning.',
      expectedVersion: scheduled.version,
    });
    report = await t.app.reports.publicReport(firstReference);
    expect(report.status).toBe('closed');
    expect(report.closedAt).not.toBeNull();
    const row = await t.database.db
      .selectFrom('reports')
      .select(['status', 'status_notes', 'closed_at'])
      .where('service_request_id', '=', firstReference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', status_notes: 'We filled the pothole this morning.' });
    for (const follower of ['robin@example.org', 'sam@example.org']) {
      const [latest] = await t.outbox(follower);
      expect(latest?.subject).toBe(`Report ${firstReference}: Fixed`);
      expect(latest?.body).toContain('We filled the pothole this morning.');
    }
    const page = await t.client().get(`/reports/${firstReference}`);
    expect(page.body).toContain('We filled the pothole this morning.');
    expect(page.body).toContain('Fixed');
  });

  test('a signed-in citizen reports with no contact details and still hears back, as its first follower', async () => {
    const client = t.client();
    await signInCitizen(t, client, 'kim@example.org', '/report');
    await client.get('/report/report-missed-bin');
    const steps = (await client.post('/report/report-missed-bin')).url.replace(/\/location$/, '');
    await client.post(`${steps}/location`, { lat: '51.9350', long: '-1.0400' });
    await client.post(`${steps}/which-bin`, { bin: 'recycling' });
    await client.post(`${steps}/bin-out`, { out_by_7: 'yes' });
    await client.post(`${steps}/description`, { description: 'Blue bin not emptied on Tuesday.' });
    await client.post(`${steps}/photos`, { action: 'continue' });
    const contact = await client.get(`${steps}/reporter`);
    expect(contact.body).toContain('You are signed in');
    const check = await client.post(`${steps}/reporter`, {});
    expect(check.url).toBe(`${steps}/check`);
    expect(check.body).toContain('You are reporting anonymously');
    const sent = await client.post(`${steps}/check`);
    const reference = sent.url.split('/')[2] as string;
    expect(sent.body).toContain('We have sent you an email');
    const follower = await t.database.db
      .selectFrom('report_followers')
      .innerJoin('reports', 'reports.id', 'report_followers.report_id')
      .select(['report_followers.user_id', 'report_followers.email'])
      .where('reports.service_request_id', '=', reference)
      .executeTakeFirstOrThrow();
    expect(follower.user_id).toBe((await t.user('kim@example.org', 'citizen')).id);
    expect(follower.email).toBeNull();
    const [mail] = await t.outbox('kim@example.org');
    expect(mail?.subject).toBe(`We have received your report: ${reference}`);
    // A public update reaches a signed-in follower at their account's address.
    await t.createStaff(
      'eli@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Eli Bins',
    );
    const staff = await t.app.identity.loadPrincipal((await t.user('eli@demo-city.example', 'staff')).id);
    if (!staff) throw new Error('no principal');
    const { version } = await t.app.cases.staffView(staff, reference);
    await t.app.cases.transition(staff, reference, { transitionId: 'investigate', expectedVersion: version });
    const [update] = await t.outbox('kim@example.org');
    expect(update?.subject).toBe(`Report ${reference}: We are looking into it`);
  });

  test('the public list filters by type, status, area and date, and pages', async () => {
    const client = t.client();
    const all = await client.get('/reports');
    expect(all.status).toBe(200);
    expect(all.screen.getByRole('link', { name: `Report a pothole ${firstReference}` })).toBeTruthy();
    const closed = await client.get('/reports?status=closed&type=report-pothole&area=Old+Town');
    expect(closed.screen.getByRole('link', { name: `Report a pothole ${firstReference}` })).toBeTruthy();
    const open = await client.get('/reports?status=open');
    expect(open.screen.queryByRole('link', { name: `Report a pothole ${firstReference}` })).toBeNull();
    const elsewhere = await client.get('/reports?area=Eastfield');
    expect(elsewhere.screen.getByRole('status').textContent).toContain('No reports match');
    const future = await client.get('/reports?from=2030-01-01');
    expect(future.screen.getByRole('status').textContent).toContain('No reports match');
    const badDate = await client.get('/reports?from=2026-02-31');
    expect(badDate.status).toBe(422);
    expect(
      within(badDate.screen.getByRole('alert')).getByText(/Reported from must be a real date/),
    ).toBeTruthy();
    for (const personal of ['Robin', 'robin@example.org', 'sam@example.org'])
      expect(all.body).not.toContain(personal);
  });
});
