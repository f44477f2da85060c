/**
 * Requests a browser would not send, or sends twice, or sends too late: each is refused clearly, changes
 * nothing it should not, and never answers 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { bulkyWasteDraftReadyToSend } from '../support/bulky-waste.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  STAFF_PASSWORD,
  type TestApp,
} from '../support/test-app.js';

/** A multipart body carrying no CSRF token, as a forged cross-site form would. */
function forgedMultipart(): { body: string; contentType: string } {
  const boundary = 'plaza-forged';
  return {
    body: `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(testDatabases())('hostile and odd requests on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff(
      'odd.worker@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Odd Worker',
    );
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('a multipart form without its token neither sends an application nor signs anyone out', async () => {
    const citizen = t.client();
    const draft = await bulkyWasteDraftReadyToSend(t, citizen, 'hostile@example.org');
    const send = await citizen.request('POST', `${draft}/check`, forgedMultipart());
    expect(send.status).toBe(403);
    const signOut = await citizen.request('POST', '/sign-out', forgedMultipart());
    expect(signOut.status).toBe(415);
    expect(await t.database.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
    expect((await citizen.get(`${draft}/check`)).status).toBe(200);
  });

  test('sending the same draft twice at once makes one case; the second is told it was already sent', async () => {
    const citizen = t.client();
    const draft = await bulkyWasteDraftReadyToSend(t, citizen, 'twice@example.org');
    const token = citizen.csrf as string;
    const [first, second] = await Promise.all([
      citizen.post(`${draft}/check`, { _csrf: token }),
      citizen.post(`${draft}/check`, { _csrf: token }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1] === 404 || statuses[1] === 409).toBe(true);
    // The contact email is encrypted at rest: the citizen's own view finds the cases sent with it.
    const cases = await t.app.cases.citizenCases({
      id: randomUUID(),
      kind: 'citizen',
      email: 'twice@example.org',
      name: null,
      roles: [],
    });
    expect(cases).toHaveLength(1);
  });

  test('JSON posted to a page is refused as unsupported, not a 500', async () => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/services/bulky-waste-collection/apply',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ items: { $ne: 1 }, 'preferred_date-day': 5 }),
    });
    expect(response.statusCode).toBe(415);
  });

  test('ids that cannot be ids are simply not found', async () => {
    const staff = t.client();
    await signInStaff(staff, 'odd.worker@demo-city.example');
    expect((await staff.get('/staff/queue?department=environment&assignee=foo')).status).toBe(200);
    expect((await staff.get('/staff/cases/PLZ-AAAA-AA/files/not-a-uuid')).status).toBe(404);
    const api = await staff.api('GET', '/api/cases?department=environment&assignee=foo');
    expect(api.status).toBe(200);
  });

  test('password guesses sent in parallel all count towards the lockout', async () => {
    const attempts = Array.from({ length: 6 }, async () => {
      const client = t.client();
      await client.get('/staff/sign-in');
      return client.post('/staff/sign-in', {
        email: 'odd.worker@demo-city.example',
        password: 'wrong password guess',
      });
    });
    for (const page of await Promise.all(attempts)) expect(page.status).toBe(422);
    const rightNow = t.client();
    const refused = await signInStaff(rightNow, 'odd.worker@demo-city.example', STAFF_PASSWORD);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('After 5 wrong attempts, signing in is paused for 15 minutes');
    t.clock.advance(16 * 60_000);
    const later = await signInStaff(t.client(), 'odd.worker@demo-city.example', STAFF_PASSWORD);
    expect(later.url).toBe('/staff/queue');
  });

  test('"Assign to me" assigns the case to whoever pressed it', async () => {
    const citizen = t.client();
    const draft = await bulkyWasteDraftReadyToSend(t, citizen, 'assign@example.org');
    const reference = (await citizen.post(`${draft}/check`)).url.split('/')[2] as string;
    const staff = t.client();
    await signInStaff(staff, 'odd.worker@demo-city.example');
    const page = await staff.get(`/staff/cases/${reference}`);
    const version = page.document.querySelector<HTMLInputElement>(
      'form[action$="/assignment"] input[name="version"]',
    )?.value as string;
    const assigned = await staff.post(`/staff/cases/${reference}/assignment`, {
      assignee: '',
      assign_to_me: '1',
      version,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toContain('The case has been assigned.');
    const row = await t.database.db
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.assignee_id')
      .select(['users.id', 'users.name'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(t.app.identity.users.open('name', row.id, row.name)).toBe('Odd Worker');
  });

  test('an answer to a question on an application that was closed meanwhile is refused and not recorded', async () => {
    const citizen = t.client();
    const draft = await bulkyWasteDraftReadyToSend(t, citizen, 'late@example.org');
    const reference = (await citizen.post(`${draft}/check`)).url.split('/')[2] as string;
    const staff = t.client();
    await signInStaff(staff, 'odd.worker@demo-city.example');
    const act = async (fields: Record<string, string>) => {
      const page = await staff.get(`/staff/cases/${reference}`);
      const version = page.document.querySelector<HTMLInputElement>(
        'form[action$="/transitions"] input[name="version"]',
      )?.value as string;
      return staff.post(`/staff/cases/${reference}/transitions`, { ...fields, version });
    };
    await act({ transition: 'request_information', message: 'Which floor are you on?' });
    await signInCitizen(t, citizen, 'late@example.org');
    const view = await citizen.get(`/account/applications/${reference}`);
    const action = view.document
      .querySelector('form[action*="/requests/"]')
      ?.getAttribute('action') as string;
    await act({ transition: 'cancel', reason: 'You asked us to cancel by phone.' });
    const refused = await citizen.post(action, { response: 'The second floor.' });
    expect(refused.status).toBe(422);
    expect(refused.screen.getByRole('alert').textContent).toContain('This application is closed');
    expect(refused.document.querySelector('form[action*="/requests/"]')).toBeNull();
    const events = await t.database.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select('case_events.type')
      .where('cases.reference', '=', reference)
      .execute();
    expect(events.map((event) => event.type)).not.toContain('information_provided');
    expect(
      (await citizen.post(action.replace(/requests\/[^/]+$/, 'requests/not-an-id'), { response: 'x' }))
        .status,
    ).toBe(404);
  });
});
