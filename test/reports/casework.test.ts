/**
 * Staff work on reports from the case page: the report panel (where, photos, who else reported it, triage's
 * suggestion, candidate duplicates and why), merging a duplicate into its original in one action (followers
 * and photos move, the duplicate closes with a public note linking the original), moving a report to another
 * department, and closing one as "not ours" with a referral; and the refusals, each with its reason and
 * nothing changed. Runs on every test database.
 */
import { within } from '@testing-library/dom';
import sharp from 'sharp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadReferrals } from '../../src/modules/reports/casework/index.js';
import { formatProblem } from '../../src/platform/definitions/yaml-files.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { testDatabases } from '../support/database.js';
import { signInStaff, startTestApp, type Page, type TestApp, type TestClient } from '../support/test-app.js';

/** In the demo city's Old Town; about 18 m north of it; and a few hundred metres away. */
const HERE = { lat: 51.9497, long: -1.0549 };
const NEXT_DOOR = { lat: 51.94986, long: -1.0549 };
const DAY = 86_400_000;

async function photo(shade: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: shade } })
    .jpeg()
    .toBuffer();
}

const alertText = (page: Page): string => page.screen.getByRole('alert').textContent ?? '';

/** The case version a form of the page was drawn with. */
function versionOn(page: Page): string {
  const input = page.document.querySelector<HTMLInputElement>('form input[name="version"]');
  if (!input) throw new Error('no form with a version on the page');
  return input.value;
}

describe.each(testDatabases())('staff casework on reports on $name', (database) => {
  let t: TestApp;
  let highways: TestClient;
  let environment: TestClient;
  let auditor: TestClient;

  /** Time passes; staff sessions end after half an hour idle, so staff sign in again. */
  async function later(ms: number): Promise<void> {
    t.clock.advance(ms);
    await signInStaff(highways, 'hana@demo-city.example');
    await signInStaff(environment, 'noor@demo-city.example');
    await signInStaff(auditor, 'aude@demo-city.example');
  }

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff(
      'hana@demo-city.example',
      [{ role: 'caseworker', departmentId: 'highways' }],
      'Hana Roads',
    );
    await t.createStaff(
      'noor@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Noor Waste',
    );
    await t.createStaff(
      'aude@demo-city.example',
      [{ role: 'auditor', departmentId: 'highways' }],
      'Aude Check',
    );
    highways = t.client();
    await signInStaff(highways, 'hana@demo-city.example');
    environment = t.client();
    await signInStaff(environment, 'noor@demo-city.example');
    auditor = t.client();
    await signInStaff(auditor, 'aude@demo-city.example');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  async function file(input: {
    service?: string;
    description: string;
    at?: { lat: number; long: number };
    email?: string;
    photos?: Buffer[];
  }): Promise<string> {
    const service = input.service ?? 'report-pothole';
    const answers: Record<string, Record<string, unknown>> = {
      'report-pothole': { size: 'large', surface: 'road' },
      'report-fly-tipping': { waste: ['furniture'], amount: 'single' },
    };
    const filed = await t.app.reports.fileReport({
      serviceSlug: service,
      answers: answers[service] ?? {},
      description: input.description,
      location: input.at ?? HERE,
      photos: (input.photos ?? []).map((content, index) => ({
        name: `photo-${index + 1}.jpg`,
        mediaType: 'image/jpeg',
        content,
      })),
      contact: input.email ? { email: input.email } : undefined,
      channel: 'web',
      citizenUserId: null,
      actor: { type: 'anonymous', id: null },
    });
    return filed.serviceRequestId;
  }

  const follow = (reference: string, email: string) =>
    t.app.reports.addFollower({ serviceRequestId: reference, email, actor: { type: 'anonymous', id: null } });

  const reportRow = (reference: string) =>
    t.database.db
      .selectFrom('reports')
      .innerJoin('cases', 'cases.id', 'reports.case_id')
      .select([
        'reports.id',
        'reports.duplicate_of',
        'reports.followers_count',
        'reports.photo_count',
        'reports.status',
        'reports.department_id as report_department',
        'cases.id as case_id',
        'cases.state',
        'cases.closed_at',
        'cases.department_id',
        'cases.assignee_id',
        'cases.sla_due_at',
        'cases.version',
      ])
      .where('cases.reference', '=', reference)
      .executeTakeFirstOrThrow();

  const audits = (caseId: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', caseId)
      .orderBy('seq')
      .execute();

  test('the panel shows where, the photos, who else reported it, and earlier reports nearby with the reasons', async () => {
    const original = await file({
      description: 'Deep pothole outside the bakery on Market Street',
      email: 'first@example.org',
      photos: [await photo('#808080')],
    });
    await follow(original, 'metoo@example.org');
    await later(2 * DAY);
    const duplicate = await file({
      description: 'Deep pothole by the bakery, Market Street',
      at: NEXT_DOOR,
      email: 'second@example.org',
      photos: [await photo('#404040')],
    });
    await follow(duplicate, 'later@example.org');

    const page = await highways.get(`/staff/cases/${duplicate}`);
    expect(page.status).toBe(200);
    const panel = within(page.screen.getByRole('region', { name: 'The report' }));
    expect(panel.getByRole('img', { name: /Map of the city with the report’s place marked/ })).toBeTruthy();
    expect(panel.getByText(/^51\.94986, -1\.05490/)).toBeTruthy();
    expect(panel.getByText('Deep pothole by the bakery, Market Street')).toBeTruthy();
    expect(panel.getByText(/1 person also reported this\. 2 people follow it/)).toBeTruthy();
    expect(panel.getByText('This website')).toBeTruthy();
    // Photos are not personal data: they show before any reason is given (unlike the case's other files).
    const thumbnail = panel.getByRole('img', { name: 'Photo 1 of 1 of the problem' });
    const served = await highways.raw(thumbnail.getAttribute('src') as string);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(panel.getByRole('link', { name: original })).toBeTruthy();
    expect(panel.getByText(/^18 m away, same type, 2 days earlier, similar wording$/)).toBeTruthy();
    expect(
      panel.getByRole('button', { name: new RegExp(`^Merge into this report ?\\(report ${original}\\)$`) }),
    ).toBeTruthy();
    // The workflow's own "duplicate" and "not ours" transitions are the panel's forms, not bare buttons.
    const actions = within(page.screen.getByRole('region', { name: 'Actions' }));
    expect(actions.queryByRole('button', { name: 'Close as a duplicate' })).toBeNull();
    expect(actions.queryByRole('button', { name: /Not ours/ })).toBeNull();
    expect(actions.getByRole('button', { name: 'Start investigating' })).toBeTruthy();
  });

  test('one action merges a duplicate: followers and photos move, and it closes pointing at the original', async () => {
    const original = await file({
      description: 'Street light flickering pothole near the church',
      email: 'one@example.org',
      photos: [await photo('#111111')],
    });
    await follow(original, 'both@example.org');
    await later(3_600_000);
    const duplicate = await file({
      description: 'Pothole near the church gate',
      at: NEXT_DOOR,
      email: 'two@example.org',
      photos: [await photo('#222222'), await photo('#333333')],
    });
    await follow(duplicate, 'both@example.org');
    await follow(duplicate, 'three@example.org');
    const before = await reportRow(original);
    expect(before.followers_count).toBe(2);

    const page = await highways.get(`/staff/cases/${duplicate}`);
    const candidate = page.screen.getByRole('button', {
      name: new RegExp(`^Merge into this report ?\\(report ${original}\\)$`),
    });
    const form = candidate.closest('form') as HTMLFormElement;
    const merged = await highways.post(form.getAttribute('action') as string, {
      version: (form.querySelector('input[name="version"]') as HTMLInputElement).value,
      original: (form.querySelector('input[name="original"]') as HTMLInputElement).value,
    });
    expect(merged.url).toBe(`/staff/cases/${duplicate}`);
    expect(merged.body).toContain(`Merged into report ${original}: 3 followers moved there.`);

    const dup = await reportRow(duplicate);
    const orig = await reportRow(original);
    expect(dup).toMatchObject({
      state: 'duplicate',
      status: 'closed',
      duplicate_of: orig.id,
      followers_count: 0,
      photo_count: 0,
    });
    expect(dup.closed_at).not.toBeNull();
    // one@, both@ (once), two@ and three@.
    expect(orig.followers_count).toBe(4);
    expect(orig.photo_count).toBe(3);
    const photos = await t.database.db
      .selectFrom('files')
      .select('owner_id')
      .where('owner_type', '=', 'case')
      .where('field', '=', 'photos')
      .where('owner_id', 'in', [dup.case_id, orig.case_id])
      .execute();
    expect(photos.map((row) => row.owner_id)).toEqual([orig.case_id, orig.case_id, orig.case_id]);

    // The public note points at the original, on the duplicate's public page and in its followers' email.
    const link = `http://plaza.test/reports/${original}`;
    const publicPage = await t.client().get(`/reports/${duplicate}`);
    expect(publicPage.body).toContain(link);
    expect(publicPage.body).toContain('Already reported');
    const [told] = await t.outbox('two@example.org');
    expect(told?.body).toContain(link);
    const mergedPanel = within(
      (await highways.get(`/staff/cases/${original}`)).screen.getByRole('region', { name: 'The report' }),
    );
    expect(mergedPanel.getByRole('link', { name: duplicate })).toBeTruthy();
    expect(mergedPanel.getAllByRole('img', { name: /Photo \d of 3 of the problem/ })).toHaveLength(3);
    expect(mergedPanel.getByText(/3 people also reported this\. 4 people follow it/)).toBeTruthy();

    const entries = await audits(dup.case_id);
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['case.transitioned', 'report.merged']),
    );
    expect(entries.find((entry) => entry.action === 'report.merged')?.details).toMatchObject({
      original,
      followersMoved: 3,
      photosMoved: 2,
      originalFollowers: 4,
    });
  });

  test('a merge is refused into itself, into a duplicate, into a closed report, and across departments', async () => {
    const first = await file({ description: 'Pothole on Mill Lane', email: 'mill@example.org' });
    t.clock.advance(60_000);
    const second = await file({ description: 'Pothole on Mill Lane again', at: NEXT_DOOR });
    t.clock.advance(60_000);
    const third = await file({ description: 'Mill Lane pothole, third time', at: NEXT_DOOR });
    const mergeForm = async (reference: string, original: string) => {
      const page = await highways.get(`/staff/cases/${reference}`);
      return highways.post(`/staff/cases/${reference}/report/merge`, { version: versionOn(page), original });
    };

    const itself = await mergeForm(second, second);
    expect(itself.status).toBe(422);
    expect(alertText(itself)).toContain('A report cannot be merged into itself');
    const unknown = await mergeForm(second, 'PLZ-2222-22');
    expect(unknown.status).toBe(422);
    expect(alertText(unknown)).toContain('There is no report PLZ-2222-22');

    expect((await mergeForm(second, first.toLowerCase())).status).toBe(200);
    const chained = await mergeForm(third, second);
    expect(chained.status).toBe(422);
    expect(alertText(chained)).toContain(
      `Report ${second} was itself merged into report ${first}: merge into ${first} instead.`,
    );

    // Closed originals take no duplicates.
    const principal = await t.app.identity.loadPrincipal(
      (await t.user('hana@demo-city.example', 'staff')).id,
    );
    if (!principal) throw new Error('no principal');
    await t.app.cases.transition(principal, first, {
      transitionId: 'fix',
      expectedVersion: (await reportRow(first)).version,
    });
    const closed = await mergeForm(third, first);
    expect(closed.status).toBe(422);
    expect(alertText(closed)).toContain(`Report ${first} is closed.`);

    // An original in a department this caseworker does not work in.
    const flyTipping = await file({
      service: 'report-fly-tipping',
      description: 'Mattress dumped on Mill Lane',
    });
    const across = await mergeForm(third, flyTipping);
    expect(across.status).toBe(403);
    expect(alertText(across)).toContain(
      `Report ${flyTipping} is in Waste and Environment, where you do not work`,
    );
    // Staff of another department cannot merge this report at all, nor auditors.
    const page = await highways.get(`/staff/cases/${third}`);
    const version = versionOn(page);
    await environment.get('/staff/queue');
    expect(
      (await environment.post(`/staff/cases/${third}/report/merge`, { version, original: flyTipping }))
        .status,
    ).toBe(403);
    await auditor.get(`/staff/cases/${third}`);
    expect(
      (await auditor.post(`/staff/cases/${third}/report/merge`, { version, original: flyTipping })).status,
    ).toBe(403);

    const untouched = await reportRow(third);
    expect(untouched).toMatchObject({ state: 'received', duplicate_of: null, status: 'open' });
    expect((await audits(untouched.case_id)).map((entry) => entry.action)).not.toContain('report.merged');
  });

  test('an out-of-date page cannot merge: the case page says what changed', async () => {
    const first = await file({ description: 'Pothole on Bridge Road' });
    const second = await file({ description: 'Pothole on Bridge Road by the bridge', at: NEXT_DOOR });
    const page = await highways.get(`/staff/cases/${second}`);
    const stale = versionOn(page);
    await highways.post(`/staff/cases/${second}/transitions`, { version: stale, transition: 'investigate' });
    const refused = await highways.post(`/staff/cases/${second}/report/merge`, {
      version: stale,
      original: first,
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Somebody else changed this case');
    expect((await reportRow(second)).duplicate_of).toBeNull();
  });

  test('a report moves to another department: new queue, same target date, a public note for its followers', async () => {
    const reference = await file({
      description: 'Rubbish bags dumped in the road',
      email: 'bags@example.org',
    });
    const before = await reportRow(reference);
    const page = await highways.get(`/staff/cases/${reference}`);
    const unknown = await highways.post(`/staff/cases/${reference}/report/department`, {
      version: versionOn(page),
      department: 'nowhere',
    });
    expect(unknown.status).toBe(422);
    expect(alertText(unknown)).toContain('Choose the department to move the report to.');
    const moved = await highways.post(`/staff/cases/${reference}/report/department`, {
      version: versionOn(page),
      department: 'environment',
      public_note: 'Passed to our waste team, who clear dumped rubbish.',
    });
    // Out of this caseworker's sight now: they land on their queue, told where it went.
    expect(moved.url).toMatch(/^\/staff\/queue/);
    expect(moved.body).toContain(`Report ${reference} moved to Waste and Environment.`);
    const after = await reportRow(reference);
    expect(after).toMatchObject({
      department_id: 'environment',
      report_department: 'environment',
      state: 'received',
      assignee_id: null,
    });
    expect(after.sla_due_at?.getTime()).toBe(before.sla_due_at?.getTime());
    const queue = await environment.get('/staff/queue?department=environment');
    expect(queue.screen.getByRole('link', { name: reference })).toBeTruthy();
    expect((await highways.get(`/staff/cases/${reference}`)).status).toBe(403);
    // The note is an update, not a change of status: the report is still "Received" wherever it is read.
    const note = 'Passed to Waste and Environment: Passed to our waste team, who clear dumped rubbish.';
    const publicPage = await t.client().get(`/reports/${reference}`);
    const update = within(publicPage.screen.getByText(note).closest('li') as HTMLElement);
    expect(update.getByText('Update')).toBeTruthy();
    expect(update.queryByText('Received')).toBeNull();
    const open311 = await t.app.server.inject(
      `/open311/v2/requests/${encodeURIComponent(reference)}.json?extensions=true`,
    );
    expect(open311.json<{ notes: unknown[] }[]>()[0]?.notes).toEqual([
      expect.objectContaining({ type: 'opened', summary: 'Received' }),
      expect.objectContaining({ type: 'activity', summary: null, description: note }),
    ]);
    const [told] = await t.outbox('bags@example.org');
    expect(told?.subject).toBe(`Report ${reference}: an update`);
    expect(told?.body).toContain(note);
    expect(told?.body).not.toContain('Its status is now');
    const entry = (await audits(after.case_id)).find((audit) => audit.action === 'report.reassigned');
    expect(entry?.details).toMatchObject({ from: 'highways', to: 'environment', publicNote: true });
    const timeline = (await environment.get(`/staff/cases/${reference}`)).body;
    expect(timeline).toContain('Moved from Highways and Street Lighting to Waste and Environment');
    expect(timeline).toContain('Public update');
    expect(timeline).not.toContain('Status changed to');
  });

  test('"not ours" closes a report naming who is responsible, and its followers are told', async () => {
    const reference = await file({
      description: 'Water gushing from a cracked main',
      email: 'wet@example.org',
    });
    await follow(reference, 'neighbour@example.org');
    let page = await highways.get(`/staff/cases/${reference}`);
    const missing = await highways.post(`/staff/cases/${reference}/report/not-ours`, {
      version: versionOn(page),
      referral: '',
    });
    expect(missing.status).toBe(422);
    expect(alertText(missing)).toContain('Choose who is responsible');
    page = await highways.get(`/staff/cases/${reference}`);
    const referred = await highways.post(`/staff/cases/${reference}/report/not-ours`, {
      version: versionOn(page),
      referral: 'demo-water',
      message: 'They fix water mains within a day.',
    });
    expect(referred.url).toBe(`/staff/cases/${reference}`);
    expect(referred.body).toContain('Closed as not ours, referred to Demo Water.');
    const row = await reportRow(reference);
    expect(row).toMatchObject({ state: 'not_ours', status: 'closed' });
    const publicPage = await t.client().get(`/reports/${reference}`);
    expect(publicPage.body).toContain('Demo Water is responsible');
    expect(publicPage.body).toContain('0300 555 0190');
    for (const follower of ['wet@example.org', 'neighbour@example.org']) {
      const [told] = await t.outbox(follower);
      expect(told?.body).toContain('Demo Water is responsible');
      expect(told?.body).toContain('They fix water mains within a day.');
    }
    const entry = (await audits(row.case_id)).find((audit) => audit.action === 'report.referred');
    expect(entry?.details).toMatchObject({ referral: 'demo-water', organisation: 'Demo Water' });

    const other = await file({ description: 'Railway bridge paint peeling' });
    page = await highways.get(`/staff/cases/${other}`);
    await highways.post(`/staff/cases/${other}/report/not-ours`, {
      version: versionOn(page),
      referral: 'other',
      organisation: 'The canal trust, 0300 555 0199',
    });
    expect((await t.client().get(`/reports/${other}`)).body).toContain(
      'The canal trust, 0300 555 0199 is responsible',
    );
  });

  test('auditors read the panel but have no forms; the photo is not found for other departments', async () => {
    const reference = await file({ description: 'Pothole on Castle Hill', photos: [await photo('#999999')] });
    const page = await auditor.get(`/staff/cases/${reference}`);
    const panel = within(page.screen.getByRole('region', { name: 'The report' }));
    expect(panel.queryByRole('button')).toBeNull();
    const src = panel.getByRole('img', { name: 'Photo 1 of 1 of the problem' }).getAttribute('src') as string;
    expect((await auditor.raw(src)).statusCode).toBe(200);
    expect((await environment.raw(src)).statusCode).toBe(404);
  });

  test("triage's suggestion is shown with its confidence and can be applied and undone", async () => {
    const reference = await file({ description: 'The street lamp is out' });
    const row = await reportRow(reference);
    await t.database.db
      .updateTable('reports')
      .set({
        triage: JSON.stringify({
          serviceCode: 'report-street-light',
          department: 'highways',
          confidence: 0.82,
          modelVersion: 3,
          applied: false,
        }),
      })
      .where('id', '=', row.id)
      .execute();
    let page = await highways.get(`/staff/cases/${reference}`);
    const panel = within(page.screen.getByRole('region', { name: 'The report' }));
    expect(panel.getByText('82%')).toBeTruthy();
    expect(panel.getByText('Version 3')).toBeTruthy();
    const applied = await highways.post(`/staff/cases/${reference}/report/triage`, {
      version: versionOn(page),
    });
    expect(applied.url).toBe(`/staff/cases/${reference}`);
    expect(applied.body).toContain('The report is now “Report a street light fault”');
    expect(
      (
        await t.database.db
          .selectFrom('cases')
          .select('service_slug')
          .where('id', '=', row.case_id)
          .executeTakeFirstOrThrow()
      ).service_slug,
    ).toBe('report-street-light');
    page = await highways.get(`/staff/cases/${reference}`);
    const undone = await highways.post(`/staff/cases/${reference}/report/triage/undo`, {
      version: versionOn(page),
    });
    expect(undone.body).toContain('The suggestion was undone');
    expect(
      (
        await t.database.db
          .selectFrom('cases')
          .select('service_slug')
          .where('id', '=', row.case_id)
          .executeTakeFirstOrThrow()
      ).service_slug,
    ).toBe('report-pothole');
    expect((await audits(row.case_id)).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['report.triage_applied', 'report.triage_undone']),
    );
  });
});

test('referrals.yaml: the demo city’s loads; a broken one names the file, line and problem; none is fine', () => {
  const demo = loadReferrals(join(repositoryRoot, 'definitions', 'demo-city'));
  expect(demo.problems).toEqual([]);
  expect(demo.referrals.map((referral) => referral.id)).toContain('demo-water');
  const dir = mkdtempSync(join(tmpdir(), 'plaza-referrals-'));
  expect(loadReferrals(dir)).toEqual({ referrals: [], problems: [] });
  writeFileSync(
    join(dir, 'referrals.yaml'),
    'referrals:\n  - id: water\n    name: Water\n  - id: water\n    name: Again\n    email: not-an-email\n',
  );
  const broken = loadReferrals(dir);
  expect(broken.referrals).toEqual([]);
  const messages = broken.problems.map(formatProblem);
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/referrals\.yaml:6 referrals\[1\]\.email: /),
      expect.stringMatching(/referrals\.yaml:4 referrals\[1\]\.id: duplicate id "water"/),
    ]),
  );
});
