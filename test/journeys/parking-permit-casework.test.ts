/**
 * A signed-in citizen applies for a residential parking permit with uploaded proof; staff ask for more
 * information, the citizen answers with a file, staff approve with a reason; along the way the server
 * refuses what the workflow, the policy or a concurrent change does not allow. Runs on every test database.
 */
import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  tinyPdf,
  tinyPng,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const alertText = (page: { screen: { getByRole: (role: string) => HTMLElement } }): string =>
  page.screen.getByRole('alert').textContent ?? '';

describe.each(testDatabases())('a parking permit from application to decision on $name', (database) => {
  let t: TestApp;
  let citizen: TestClient;
  let caseworker: TestClient;
  let draft = '';
  let reference = '';

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    citizen = t.client();
    caseworker = t.client();
    await t.createStaff(
      'robin@demo-city.example',
      [{ role: 'caseworker', departmentId: 'transport' }],
      'Robin Caseworker',
    );
    await t.createStaff(
      'sam@demo-city.example',
      [{ role: 'caseworker', departmentId: 'transport' }],
      'Sam Caseworker',
    );
    await t.createStaff(
      'noor@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Noor Elsewhere',
    );
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('a service that needs an account sends the citizen to sign in first, then back', async () => {
    const page = await citizen.get('/services/residential-parking-permit/apply');
    expect(page.url).toBe('/sign-in?returnTo=%2Fservices%2Fresidential-parking-permit%2Fapply');
    const signedIn = await signInCitizen(
      t,
      citizen,
      'Driver@Example.org',
      '/services/residential-parking-permit/apply',
    );
    expect(signedIn.url).toBe('/services/residential-parking-permit/apply');
    expect(signedIn.screen.getByRole('group', { name: /What is your home address/ })).toBeTruthy();
  });

  test('the citizen answers page by page; a registered keeper is not asked for a keeper letter', async () => {
    let page = await citizen.post('/services/residential-parking-permit/apply', {
      'home_address-line1': '4 Mill Lane',
      'home_address-town': 'Demo City',
      'home_address-postcode': 'DC1 2AB',
    });
    draft = page.url.replace(/\/[^/]+$/, '');
    expect(page.url).toBe(`${draft}/parking-zone`);
    page = await citizen.post(`${draft}/parking-zone`, { parking_zone: 'zone-b' });
    page = await citizen.post(`${draft}/vehicle-registration`, { vehicle_registration: 'ab12 cde' });
    page = await citizen.post(`${draft}/registered-keeper`, { registered_keeper: 'yes' });
    expect(page.url).toBe(`${draft}/proof-of-address`);
  });

  test('an upload that is not what it claims to be is refused, saying why, and nothing is stored', async () => {
    const page = await citizen.post(`${draft}/proof-of-address`, {}, [
      {
        field: 'proof_of_address',
        name: 'bill.pdf',
        type: 'application/pdf',
        content: Buffer.from('this is plain text, not a PDF'),
      },
    ]);
    expect(page.status).toBe(422);
    expect(alertText(page)).toContain('The selected file must be a PDF, JPG, PNG or HEIC');
    const files = await t.database.db.selectFrom('files').select('id').execute();
    expect(files).toHaveLength(0);
  });

  test('two real files are kept, each can be seen, and the citizen continues', async () => {
    let page = await citizen.post(`${draft}/proof-of-address`, {}, [
      {
        field: 'proof_of_address',
        name: '../../etc/Council tax bill.pdf',
        type: 'application/pdf',
        content: tinyPdf,
      },
    ]);
    expect(page.url).toBe(`${draft}/proof-of-address`);
    expect(page.body).toContain('Council tax bill.pdf');
    expect(page.body).not.toContain('../');
    page = await citizen.post(`${draft}/proof-of-address`, {}, [
      { field: 'proof_of_address', name: 'tenancy.png', type: 'image/png', content: tinyPng },
    ]);
    expect(page.screen.getAllByRole('button', { name: /^Remove / })).toHaveLength(2);
    page = await citizen.post(`${draft}/proof-of-address`, {});
    expect(page.url).toBe(`${draft}/start-date`);
  });

  test('leaving and coming back from "your applications" resumes the draft where it stopped', async () => {
    const list = await citizen.get('/account/applications');
    const link = list.screen.getByRole('link', { name: /Continue/ });
    const resumed = await citizen.get(link.getAttribute('href') as string);
    expect(resumed.url).toBe(`${draft}/start-date`);
  });

  test('sending records the answers, moves the files to the case, and confirms by email', async () => {
    await citizen.post(`${draft}/start-date`, {
      'permit_start-day': '16',
      'permit_start-month': '3',
      'permit_start-year': '2026',
    });
    const phone = await citizen.post(`${draft}/phone-number`, { phone: '+34 600 123 456' });
    expect(phone.url).toBe(`${draft}/check`);
    const sent = await citizen.post(`${draft}/check`);
    reference = sent.url.split('/')[2] as string;
    expect(sent.screen.getByRole('heading', { name: 'Application sent' })).toBeTruthy();
    const caseRow = await t.database.db
      .selectFrom('cases')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    // Personal answers are encrypted at rest, one by one; the others stay readable.
    expect(t.app.personalData.openAnswers(caseRow.answers)).toMatchObject({
      vehicle_registration: 'AB12 CDE',
      parking_zone: 'zone-b',
      registered_keeper: 'yes',
    });
    expect(caseRow.answers).toMatchObject({ parking_zone: 'zone-b', registered_keeper: 'yes' });
    expect(JSON.stringify(caseRow.answers)).not.toContain('AB12 CDE');
    const files = await t.database.db.selectFrom('files').select(['owner_type', 'owner_id']).execute();
    expect(files).toEqual([
      { owner_type: 'case', owner_id: caseRow.id },
      { owner_type: 'case', owner_id: caseRow.id },
    ]);
    const [message] = await t.outbox('driver@example.org');
    expect(message?.subject).toContain(reference);
  });

  test('staff of another department cannot see the case, and a citizen cannot see another’s application', async () => {
    const elsewhere = t.client();
    await signInStaff(elsewhere, 'noor@demo-city.example');
    const refused = await elsewhere.get(`/staff/cases/${reference}`);
    expect(refused.status).toBe(403);
    const otherQueue = await elsewhere.get('/staff/queue?department=transport');
    expect(otherQueue.body).not.toContain(reference);
    const stranger = t.client();
    await signInCitizen(t, stranger, 'someone.else@example.org');
    expect((await stranger.get(`/account/applications/${reference}`)).status).toBe(404);
  });

  test('the caseworker cannot approve before reviewing: refused with a clear message, nothing changed', async () => {
    await signInStaff(caseworker, 'robin@demo-city.example');
    const casePage = await caseworker.get(`/staff/cases/${reference}`);
    const version = casePage.document.querySelector<HTMLInputElement>(
      'form[action$="/transitions"] input[name="version"]',
    )?.value as string;
    const refused = await caseworker.post(`/staff/cases/${reference}/transitions`, {
      transition: 'approve',
      version,
      reason: 'Looks fine',
    });
    expect(refused.status).toBe(409);
    expect(alertText(refused)).toContain(
      'That action is not possible while the case is “Submitted”. Nothing was changed.',
    );
    const row = await t.database.db
      .selectFrom('cases')
      .select(['state', 'version'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'submitted', version: Number(version) });
  });

  test('a second caseworker acting on an out-of-date page is refused and told what changed', async () => {
    const other = t.client();
    await signInStaff(other, 'sam@demo-city.example');
    const stale = await other.get(`/staff/cases/${reference}`);
    const staleVersion = stale.document.querySelector<HTMLInputElement>(
      'form[action$="/assignment"] input[name="version"]',
    )?.value as string;
    const fresh = await caseworker.get(`/staff/cases/${reference}`);
    const version = fresh.document.querySelector<HTMLInputElement>(
      'form[action$="/transitions"] input[name="version"]',
    )?.value as string;
    const moved = await caseworker.post(`/staff/cases/${reference}/transitions`, {
      transition: 'start_review',
      version,
    });
    expect(moved.status).toBe(200);
    const refused = await other.post(`/staff/cases/${reference}/assignment`, {
      assignee: '',
      version: staleVersion,
    });
    expect(refused.status).toBe(409);
    expect(alertText(refused)).toContain('Robin Caseworker changed the status to In review');
  });

  test('asking for more information pauses the clock and tells the citizen, who answers with a file', async () => {
    const before = await t.database.db
      .selectFrom('cases')
      .select(['sla_due_at'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const casePage = await caseworker.get(`/staff/cases/${reference}`);
    const version = casePage.document.querySelector<HTMLInputElement>(
      'form[action$="/transitions"] input[name="version"]',
    )?.value as string;
    const missing = await caseworker.post(`/staff/cases/${reference}/transitions`, {
      transition: 'request_information',
      version,
      message: '',
    });
    expect(missing.status).toBe(422);
    expect(within(missing.screen.getByRole('alert')).getByRole('link').getAttribute('href')).toBe(
      '#request_information-message',
    );
    await caseworker.post(`/staff/cases/${reference}/transitions`, {
      transition: 'request_information',
      version,
      message: 'Please send a bill dated in the last 3 months.',
    });
    const paused = await t.database.db
      .selectFrom('cases')
      .select(['state', 'sla_paused_at'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(paused.state).toBe('awaiting_information');
    expect(paused.sla_paused_at).not.toBeNull();
    const [email] = await t.outbox('driver@example.org');
    expect(email?.body).toContain('Please send a bill dated in the last 3 months.');

    // Three working days later the citizen answers; the due date moves by the days the case waited.
    // Sessions end after two idle hours, so both sign in again.
    t.clock.advance(3 * 86_400_000);
    expect((await citizen.get(`/account/applications/${reference}`)).url).toMatch(/^\/sign-in/);
    await signInCitizen(t, citizen, 'driver@example.org');
    await signInStaff(caseworker, 'robin@demo-city.example');
    const view = await citizen.get(`/account/applications/${reference}`);
    expect(view.screen.getByRole('heading', { name: 'We need more information' })).toBeTruthy();
    const requestForm = view.document.querySelector('form[action*="/requests/"]') as HTMLFormElement;
    const empty = await citizen.post(requestForm.getAttribute('action') as string, { response: '  ' });
    expect(empty.status).toBe(422);
    const answered = await citizen.post(
      requestForm.getAttribute('action') as string,
      { response: 'Here is my March bill.' },
      [{ field: 'files', name: 'march-bill.pdf', type: 'application/pdf', content: tinyPdf }],
    );
    expect(answered.body).toContain('Your answer has been sent');
    const resumed = await t.database.db
      .selectFrom('cases')
      .select(['state', 'sla_paused_at', 'sla_due_at'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(resumed.state).toBe('in_review');
    expect(resumed.sla_paused_at).toBeNull();
    expect((resumed.sla_due_at as Date).getTime()).toBeGreaterThan((before.sla_due_at as Date).getTime());
  });

  test('staff see the answer and its file, note internally, approve with a reason; the citizen sees the decision', async () => {
    const masked = await caseworker.get(`/staff/cases/${reference}`);
    expect(masked.body).not.toContain('Here is my March bill.');
    const casePage = await caseworker.post(`/staff/cases/${reference}/personal-data`, {
      reason: 'Checking the new bill',
    });
    expect(casePage.body).toContain('Here is my March bill.');
    const fileLink = casePage.screen.getByRole('link', { name: 'march-bill.pdf' });
    const download = await caseworker.raw(fileLink.getAttribute('href') as string);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.body.startsWith('%PDF')).toBe(true);

    await caseworker.post(`/staff/cases/${reference}/notes`, {
      note: 'Bill checked against the council tax register.',
    });
    const page = await caseworker.get(`/staff/cases/${reference}`);
    const version = page.document.querySelector<HTMLInputElement>(
      'form[action$="/transitions"] input[name="version"]',
    )?.value as string;
    const noReason = await caseworker.post(`/staff/cases/${reference}/transitions`, {
      transition: 'approve',
      version,
      reason: '',
    });
    expect(noReason.status).toBe(422);
    const approved = await caseworker.post(`/staff/cases/${reference}/transitions`, {
      transition: 'approve',
      version,
      reason: 'Your permit for zone B starts on 16 March.',
    });
    expect(approved.body).toContain('The case has moved on.');

    const view = await citizen.get(`/account/applications/${reference}`);
    expect(view.body).toContain('Approved');
    expect(view.body).toContain('Your permit for zone B starts on 16 March.');
    expect(view.body).not.toContain('council tax register');
    const [email] = await t.outbox('driver@example.org');
    expect(email?.subject).toContain('approved');
  });

  test('every change, sign-in and staff view is in the audit log, and the chain is intact', async () => {
    const actions = (
      await t.database.db.selectFrom('audit_log').select('action').orderBy('seq').execute()
    ).map((row) => row.action);
    for (const action of [
      'auth.signed_in',
      'case.submitted',
      'case.viewed',
      'case.transitioned',
      'case.information_provided',
      'case.note_added',
    ]) {
      expect(actions).toContain(action);
    }
    const { verifyAuditChain } = await import('../../src/modules/audit/index.js');
    expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
  });
});
