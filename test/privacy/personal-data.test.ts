/**
 * Personal data from end to end, on every test database: what a citizen gives is unreadable in the
 * database but shown to them and (after a reason, for a while) to staff; they download all of it; staff
 * export it for them; retention and erasure remove it while statistics stay; a new key takes over without
 * downtime; and the audit log records every step without the data.
 */
import { randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyAuditChain } from '../../src/modules/audit/index.js';
import { rotateKeys } from '../../src/modules/privacy/index.js';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  tinyPdf,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const K1 = `k1:${Buffer.alloc(32, 11).toString('base64')}`;
const K2 = `k2:${Buffer.alloc(32, 22).toString('base64')}`;
const DAY = 86_400_000;

interface Applicant {
  email: string;
  phone: string;
  street: string;
}

/** Sends a bulky waste collection booking (no account needed) and returns its reference. */
async function sendBooking(client: TestClient, who: Applicant): Promise<string> {
  await client.get('/services/bulky-waste-collection/apply');
  const next = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
  const draft = next.url.replace(/\/[^/]+$/, '');
  await client.post(`${draft}/item-count`, { item_count: '2' });
  await client.post(`${draft}/collection-address`, {
    'collection_address-line1': who.street,
    'collection_address-town': 'Demo City',
    'collection_address-postcode': 'DC5 6GH',
  });
  await client.post(`${draft}/item-location`, { item_location: 'kerbside' });
  await client.post(`${draft}/preferred-date`, {
    'preferred_date-day': '12',
    'preferred_date-month': '3',
    'preferred_date-year': '2026',
  });
  await client.post(`${draft}/email`, { email: who.email });
  await client.post(`${draft}/phone`, { phone: who.phone });
  const sent = await client.post(`${draft}/check`);
  const reference = sent.url.split('/')[2];
  if (!reference?.startsWith('PLZ-')) throw new Error(`The booking was not sent: ${sent.url}`);
  return reference;
}

/** Fires a workflow transition from the staff case page, as a caseworker does. */
async function transition(staff: TestClient, reference: string, fields: Record<string, string>) {
  const page = await staff.get(`/staff/cases/${reference}`);
  const version = page.document.querySelector<HTMLInputElement>(
    'form[action$="/transitions"] input[name="version"]',
  )?.value as string;
  return staff.post(`/staff/cases/${reference}/transitions`, { version, ...fields });
}

describe.each(testDatabases())('personal data on $name', (database) => {
  let t: TestApp;
  let staff: TestClient;
  let citizen: TestClient;
  const mira: Applicant = { email: 'mira@example.org', phone: '0300 555 0199', street: '12 Orchard Row' };
  let reference = '';

  const caseRow = (ref: string) =>
    t.database.db.selectFrom('cases').selectAll().where('reference', '=', ref).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_ENCRYPTION_KEYS: K1 } });
    await t.createStaff(
      'rivka@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Rivka Caseworker',
    );
    await t.createStaff('ada@demo-city.example', [{ role: 'admin', departmentId: null }], 'Ada Admin');
    staff = t.client();
    await signInStaff(staff, 'rivka@demo-city.example');
    citizen = t.client();
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('personal answers, contact emails, replies and files are unreadable in the database, shown in the app', async () => {
    reference = await sendBooking(citizen, mira);
    const row = await caseRow(reference);
    const stored = JSON.stringify(row.answers);
    for (const secret of [mira.street, mira.phone, mira.email]) expect(stored).not.toContain(secret);
    expect(row.answers.items).toEqual(['sofa']);
    expect(row.contact_email).toMatch(/^pz1:k1:/);
    expect(row.contact_email_index).toMatch(/^[0-9a-f]{64}$/);

    await transition(staff, reference, {
      transition: 'request_information',
      message: 'Is there a gate we need to open?',
    });
    // The notification still reaches the citizen: the service decrypts the address to send it.
    const [asked] = await t.outbox(mira.email);
    expect(asked?.body).toContain('Is there a gate we need to open?');

    // Signed in with the address the booking was sent with, the citizen finds it (through the blind index).
    await signInCitizen(t, citizen, mira.email);
    const list = await citizen.get('/account/applications');
    expect(list.body).toContain(reference);
    const view = await citizen.get(`/account/applications/${reference}`);
    const form = view.document.querySelector('form[action*="/requests/"]') as HTMLFormElement;
    await citizen.post(form.getAttribute('action') as string, { response: 'The gate code is 4321.' }, [
      { field: 'files', name: 'gate-map.pdf', type: 'application/pdf', content: tinyPdf },
    ]);
    const request = await t.database.db
      .selectFrom('information_requests')
      .select('response')
      .where('case_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(request.response).toMatch(/^pz1:k1:/);
    const events = await t.database.db
      .selectFrom('case_events')
      .select('body')
      .where('case_id', '=', row.id)
      .execute();
    expect(JSON.stringify(events)).not.toContain('4321');
    const files = await t.database.db.selectFrom('files').select(['content', 'content_key_id']).execute();
    expect(files).toHaveLength(1);
    expect(files[0]?.content_key_id).toBe('k1');
    expect(Buffer.from(files[0]?.content as Buffer).includes(Buffer.from('%PDF'))).toBe(false);

    const mine = await citizen.get(`/account/applications/${reference}`);
    expect(mine.body).toContain('The gate code is 4321.');
    expect(mine.body).toContain(mira.street);
    const link = mine.screen.getByRole('link', { name: 'gate-map.pdf' });
    const download = await citizen.raw(link.getAttribute('href') as string);
    expect(download.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });

  test('a draft keeps personal answers encrypted too, and shows them to its author', async () => {
    const other = t.client();
    await other.get('/services/bulky-waste-collection/apply');
    const next = await other.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    const draft = next.url.replace(/\/[^/]+$/, '');
    await other.post(`${draft}/item-count`, { item_count: '1' });
    await other.post(`${draft}/collection-address`, {
      'collection_address-line1': '14 Willow Lane',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC5 6GH',
    });
    const rows = await t.database.db.selectFrom('drafts').select('answers').execute();
    expect(JSON.stringify(rows)).not.toContain('Willow');
    const page = await other.get(`${draft}/collection-address`);
    expect(page.document.querySelector<HTMLInputElement>('#collection_address-line1')?.value).toBe(
      '14 Willow Lane',
    );
  });

  test('staff see personal data only after giving a reason, for 15 minutes; the reveal is audited', async () => {
    const hidden = await staff.get(`/staff/cases/${reference}`);
    for (const secret of [mira.email, mira.street, mira.phone, '4321', 'gate-map.pdf'])
      expect(hidden.body).not.toContain(secret);
    expect(hidden.screen.getAllByText('Personal data hidden').length).toBeGreaterThan(3);
    expect(hidden.body).toContain('Sofa or armchair');

    const caseId = (await caseRow(reference)).id;
    const fileId = (await t.database.db.selectFrom('files').select('id').executeTakeFirstOrThrow()).id;
    const refusedFile = await staff.get(`/staff/cases/${reference}/files/${fileId}`);
    expect(refusedFile.status).toBe(403);
    expect(refusedFile.screen.getByRole('alert').textContent).toContain(
      'To open a file, first say why you need to see the personal data',
    );

    const api = await staff.api('GET', `/api/cases/${reference}`);
    const json = api.json as {
      answers: Record<string, unknown>;
      contactEmail: string | null;
      personalData: { hidden: boolean; hiddenAnswers: string[] };
    };
    expect(json.personalData.hidden).toBe(true);
    expect(json.contactEmail).toBeNull();
    expect(json.answers.items).toEqual(['sofa']);
    expect(json.personalData.hiddenAnswers.sort()).toEqual(['collection_address', 'email', 'phone']);
    expect(JSON.stringify(json)).not.toContain(mira.street);

    const tooShort = await staff.post(`/staff/cases/${reference}/personal-data`, { reason: 'ok' });
    expect(tooShort.status).toBe(422);
    expect(tooShort.screen.getByRole('alert').textContent).toContain('Enter why you need to see');
    const shown = await staff.post(`/staff/cases/${reference}/personal-data`, {
      reason: 'Arranging access through the gate',
    });
    expect(shown.status).toBe(200);
    for (const secret of [mira.email, mira.street, mira.phone, 'The gate code is 4321.'])
      expect(shown.body).toContain(secret);
    const download = await staff.raw(`/staff/cases/${reference}/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const revealedApi = (await staff.api('GET', `/api/cases/${reference}`)).json as { contactEmail: string };
    expect(revealedApi.contactEmail).toBe(mira.email);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'details'])
      .where('action', 'in', ['case.personal_data_revealed', 'case.document_viewed'])
      .execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'case.document_viewed',
      'case.personal_data_revealed',
    ]);
    const reveal = audit.find((entry) => entry.action === 'case.personal_data_revealed');
    expect(reveal?.subject_id).toBe(caseId);
    expect(reveal?.details).toMatchObject({ reason: 'Arranging access through the gate', reference });
    expect(JSON.stringify(audit)).not.toContain(mira.email);

    // Sixteen minutes later the data is hidden again; a colleague never saw it.
    t.clock.advance(16 * 60_000);
    expect((await staff.get(`/staff/cases/${reference}`)).body).not.toContain(mira.street);
    expect((await staff.raw(`/staff/cases/${reference}/files/${fileId}`)).statusCode).toBe(403);
  });

  test('through the API, staff reveal with a reason too', async () => {
    const colleague = t.client();
    await signInStaff(colleague, 'rivka@demo-city.example');
    expect(
      (await colleague.api('POST', `/api/cases/${reference}/personal-data`, { reason: '' })).status,
    ).toBe(422);
    const revealed = await colleague.api('POST', `/api/cases/${reference}/personal-data`, {
      reason: 'Calling the resident back',
    });
    expect(revealed.status).toBe(200);
    expect((revealed.json as { revealedUntil: string }).revealedUntil).toBe(
      new Date(t.clock.now().getTime() + 15 * 60_000).toISOString(),
    );
    const view = (await colleague.api('GET', `/api/cases/${reference}`)).json as {
      contactEmail: string;
      answers: Record<string, unknown>;
    };
    expect(view.contactEmail).toBe(mira.email);
    expect(view.answers.phone).toBe(mira.phone);
  });

  test('the citizen downloads everything Plaza holds about them as a zip', async () => {
    const page = await citizen.get('/account/data');
    expect(page.screen.getByRole('heading', { level: 1, name: 'Your data' })).toBeTruthy();
    const response = await citizen.raw('/account/data/download');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="personal-data-.*\.zip"$/);
    const zip = unzipSync(new Uint8Array(response.rawPayload));
    const json = (name: string) => JSON.parse(new TextDecoder().decode(zip[name])) as unknown;
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining([
        'account.json',
        'applications.json',
        'drafts.json',
        'sign-in-sessions.json',
        'emails.json',
        'activity.json',
        'export.json',
        `files/${reference}/gate-map.pdf`,
      ]),
    );
    expect(json('account.json')).toMatchObject({ email: mira.email });
    const [application] = json('applications.json') as {
      reference: string;
      contactEmail: string;
      answers: { id: string; question: string; answer: unknown }[];
      informationRequests: { question: string; answer: string; files: string[] }[];
      timeline: { event: string; message: string | null }[];
    }[];
    expect(application?.reference).toBe(reference);
    expect(application?.contactEmail).toBe(mira.email);
    expect(application?.answers).toContainEqual({
      id: 'phone',
      question: 'What is your phone number?',
      answer: mira.phone,
    });
    expect(application?.informationRequests[0]).toMatchObject({
      question: 'Is there a gate we need to open?',
      answer: 'The gate code is 4321.',
      files: [`files/${reference}/gate-map.pdf`],
    });
    expect(application?.timeline.map((event) => event.event)).toContain('information_provided');
    expect(new TextDecoder().decode(zip[`files/${reference}/gate-map.pdf`]?.subarray(0, 4))).toBe('%PDF');
    expect((json('sign-in-sessions.json') as unknown[]).length).toBeGreaterThan(0);
    const exported = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'privacy.exported')
      .executeTakeFirstOrThrow();
    expect(exported.details).toMatchObject({ applications: 1, files: 1 });
  });

  test('an administrator finds a person by email and downloads their data, saying why; caseworkers cannot', async () => {
    expect((await staff.get('/staff/privacy')).status).toBe(403);
    const admin = t.client();
    await signInStaff(admin, 'ada@demo-city.example');
    const found = await admin.post('/staff/privacy', { email: 'MIRA@example.org' });
    expect(found.screen.getByRole('heading', { name: /Held about mira@example.org/i })).toBeTruthy();
    const noReason = await admin.post('/staff/privacy/export', { email: mira.email, reason: '' });
    expect(noReason.status).toBe(422);
    await admin.get('/staff/privacy');
    const response = await admin.raw('/staff/privacy/export', 'POST', {
      email: mira.email,
      reason: 'Subject access request SAR-2026-17 by letter',
    });
    expect(response.statusCode).toBe(200);
    const zip = unzipSync(new Uint8Array(response.rawPayload));
    expect(zip[`files/${reference}/gate-map.pdf`]).toBeDefined();
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'privacy.exported')
      .orderBy('seq')
      .execute();
    expect(entries.at(-1)?.details).toMatchObject({ reason: 'Subject access request SAR-2026-17 by letter' });
  });

  test('the retention job anonymises only closed cases past their retention, keeping statistics', async () => {
    const old = await sendBooking(t.client(), {
      email: 'olek@example.org',
      phone: '0300 555 0111',
      street: '1 Old Street',
    });
    const recent = await sendBooking(t.client(), {
      email: 'rosa@example.org',
      phone: '0300 555 0122',
      street: '2 New Street',
    });
    for (const ref of [old, recent])
      await transition(staff, ref, { transition: 'cancel', reason: 'The resident cancelled' });
    // Bulky waste bookings keep personal data for 365 days after they close.
    await t.database.db
      .updateTable('cases')
      .set({ closed_at: new Date(t.clock.now().getTime() - 366 * DAY) })
      .where('reference', '=', old)
      .execute();
    const before = await caseRow(old);
    await t.app.jobs.enqueue(t.database.db, 'privacy.retention', {});
    await t.drain();

    const after = await caseRow(old);
    expect(after.anonymised_at).not.toBeNull();
    expect(after.contact_email).toBeNull();
    expect(after.contact_email_index).toBeNull();
    expect(after.answers).toMatchObject({
      items: ['sofa'],
      item_count: 2,
      collection_address: { $erased: true },
      email: { $erased: true },
      phone: { $erased: true },
    });
    for (const field of [
      'service_slug',
      'department_id',
      'state',
      'decision',
      'submitted_at',
      'closed_at',
    ] as const)
      expect(after[field]).toEqual(before[field]);
    expect((await caseRow(recent)).anonymised_at).toBeNull();
    expect((await caseRow(recent)).contact_email).not.toBeNull();
    expect((await caseRow(reference)).anonymised_at).toBeNull();
    const sent = await t.database.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('case_id', '=', after.id)
      .where('status', '<>', 'pending')
      .execute();
    expect(sent).toHaveLength(0);

    const page = await staff.get(`/staff/cases/${old}`);
    expect(page.body).toContain('personal data was removed on');
    expect(page.body).not.toContain('Old Street');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'privacy.case_anonymised')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.subject_id).toBe(after.id);
    expect(audit[0]?.details).toMatchObject({ reason: 'retention' });
  });

  test('a citizen erases their account: closed cases now, open ones when they close, drafts and sessions gone', async () => {
    const nadia: Applicant = { email: 'nadia@example.org', phone: '0300 555 0133', street: '3 Elm Close' };
    const closed = await sendBooking(t.client(), nadia);
    const open = await sendBooking(t.client(), nadia);
    await transition(staff, closed, { transition: 'cancel', reason: 'Booked twice' });
    const person = t.client();
    await signInCitizen(t, person, nadia.email);
    const elsewhere = t.client();
    await signInCitizen(t, elsewhere, nadia.email);
    await person.get('/services/bulky-waste-collection/apply');
    await person.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    const userId = (await t.user(nadia.email)).id;

    // As if they had once signed in with a national eID: the link to it goes with the account.
    await t.database.db
      .insertInto('identities')
      .values({ id: randomUUID(), user_id: userId, provider_id: 'demo-eid', subject: 'nadia-subject-7' })
      .execute();

    const confirm = await person.get('/account/data/erase');
    const rows = [...confirm.document.querySelectorAll('.govuk-summary-list__value')].map(
      (cell) => cell.textContent,
    );
    expect(rows).toEqual([
      '1, your personal data removed now',
      expect.stringMatching(/^1: we finish dealing with it/),
      '1, deleted now',
    ]);
    const unconfirmed = await person.post('/account/data/erase', {});
    expect(unconfirmed.status).toBe(422);
    const erased = await person.post('/account/data/erase', { confirm: 'yes' });
    expect(erased.url).toBe('/account/data/erased');
    expect(erased.screen.getByRole('heading', { name: 'Your account is closed' })).toBeTruthy();
    // Signed out here and everywhere else.
    expect((await person.get('/account/applications')).url).toMatch(/^\/sign-in/);
    expect((await elsewhere.get('/account/applications')).url).toMatch(/^\/sign-in/);

    const user = await t.database.db
      .selectFrom('users')
      .select(['email', 'name', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    // The erased address is stored as any other: encrypted, with its index.
    expect(user.email).not.toContain('erased');
    expect(t.app.identity.users.openEmail(userId, user.email)).toBe(`erased-${userId}@erased.invalid`);
    expect(user.name).toBeNull();
    expect(await t.findUser(nadia.email)).toBeUndefined();
    expect((await t.user(`erased-${userId}@erased.invalid`)).id).toBe(userId);
    expect(user.disabled_at).not.toBeNull();
    expect(
      await t.database.db.selectFrom('drafts').select('id').where('user_id', '=', userId).execute(),
    ).toEqual([]);
    expect(
      await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute(),
    ).toEqual([]);
    expect(
      await t.database.db.selectFrom('identities').select('id').where('user_id', '=', userId).execute(),
    ).toEqual([]);
    expect((await caseRow(closed)).anonymised_at).not.toBeNull();
    const stillOpen = await caseRow(open);
    expect(stillOpen.anonymised_at).toBeNull();
    expect(stillOpen.erasure_requested_at).not.toBeNull();

    // The open case carries on: the citizen is told how it ends, then its personal data goes.
    await transition(staff, open, { transition: 'cancel', reason: 'Collection no longer needed' });
    const [told] = await t.outbox(nadia.email);
    expect(told?.body).toContain('Cancelled');
    await t.app.jobs.enqueue(t.database.db, 'privacy.retention', {});
    await t.drain();
    expect((await caseRow(open)).anonymised_at).not.toBeNull();
    expect((await caseRow(open)).contact_email).toBeNull();

    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['subject_id', 'details'])
      .where('action', '=', 'privacy.account_erased')
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe(userId);
    expect(entry.details).toMatchObject({ openCases: 1, drafts: 1 });
    expect(JSON.stringify(entry)).not.toContain('nadia');

    // The same address can make a new, empty account.
    const again = t.client();
    await signInCitizen(t, again, nadia.email);
    const list = await again.get('/account/applications');
    expect(list.body).not.toContain(closed);
    expect(list.body).not.toContain(open);
  });

  test('a new key takes over: old rows read before rotation, everything re-encrypted after, the old key retired', async () => {
    // A case stored before encryption came: its address and answers in the clear.
    const version = t.app.catalogue.current('bulky-waste-collection')?.versionId as string;
    const legacyId = randomUUID();
    await sql`
      insert into cases (id, reference, service_slug, service_version_id, department_id, state, contact_email,
                         answers, submitted_at, updated_at, sla_due_at)
      values (${legacyId}, 'PLZ-OLD0-01', 'bulky-waste-collection', ${version}::uuid, 'environment', 'submitted',
              'Lena@example.org', ${JSON.stringify({ items: ['sofa'], phone: '0300 555 0144' })}::jsonb,
              now(), now(), now())
    `.execute(t.database.db);

    await t.close();
    t = await startTestApp({
      database: t.database,
      clock: t.clock,
      env: { PLAZA_ENCRYPTION_KEYS: `${K2},${K1}` },
    });
    // Rows written under k1 read with the new ring, before any rotation.
    citizen = t.client();
    await signInCitizen(t, citizen, mira.email);
    const before = await citizen.get(`/account/applications/${reference}`);
    expect(before.body).toContain('The gate code is 4321.');
    const lena = t.client();
    await signInCitizen(t, lena, 'lena@example.org');
    expect((await lena.get('/account/applications')).body).toContain('PLZ-OLD0-01');

    const report = await rotateKeys({
      db: t.database.db,
      clock: t.clock,
      personalData: t.app.personalData,
      actor: { type: 'cli', id: null },
    });
    expect(report.keyId).toBe('k2');
    expect(report.parts.find((part) => part.what === 'cases')?.changed).toBeGreaterThanOrEqual(2);

    const cases = await t.database.db
      .selectFrom('cases')
      .select(['id', 'answers', 'contact_email', 'contact_email_index'])
      .execute();
    const everything = JSON.stringify(cases);
    expect(everything).not.toContain('pz1:k1:');
    expect(everything).not.toContain('0300 555 0144');
    expect(everything).not.toContain('Lena@example.org');
    expect(cases.find((row) => row.id === legacyId)?.contact_email).toMatch(/^pz1:k2:/);
    const responses = await t.database.db.selectFrom('information_requests').select('response').execute();
    expect(responses.every((row) => row.response === null || row.response.startsWith('pz1:k2:'))).toBe(true);
    const files = await t.database.db.selectFrom('files').select('content_key_id').execute();
    expect(files.map((file) => file.content_key_id)).toEqual(files.map(() => 'k2'));

    // With k1 gone, everything still reads.
    await t.close();
    t = await startTestApp({ database: t.database, clock: t.clock, env: { PLAZA_ENCRYPTION_KEYS: K2 } });
    citizen = t.client();
    await signInCitizen(t, citizen, mira.email);
    const after = await citizen.get(`/account/applications/${reference}`);
    expect(after.body).toContain('The gate code is 4321.');
    expect(after.body).toContain(mira.street);
    const link = after.screen.getByRole('link', { name: 'gate-map.pdf' });
    expect(
      (await citizen.raw(link.getAttribute('href') as string)).rawPayload.subarray(0, 4).toString(),
    ).toBe('%PDF');
    const lenaAgain = t.client();
    await signInCitizen(t, lenaAgain, 'lena@example.org');
    expect((await lenaAgain.get('/account/applications')).body).toContain('PLZ-OLD0-01');
  });

  test('the audit log records all of it, holds none of the data, and verifies intact', async () => {
    const actions = (await t.database.db.selectFrom('audit_log').select('action').execute()).map(
      (row) => row.action,
    );
    for (const action of [
      'case.personal_data_revealed',
      'privacy.exported',
      'privacy.case_anonymised',
      'privacy.account_erased',
      'privacy.keys_rotated',
    ])
      expect(actions).toContain(action);
    const details = JSON.stringify(await t.database.db.selectFrom('audit_log').select('details').execute());
    for (const secret of [mira.email, mira.street, mira.phone, '4321', 'nadia@example.org'])
      expect(details).not.toContain(secret);
    expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
  });
});
