/**
 * Filing a report as any channel does (the web journey, Open311, staff): every problem is named with its
 * field and nothing is stored; a good report is a case, a report, its photos and its reporter as follower,
 * in one go. The gazetteer is searched by prefix and by words, and a city's own file replaces its earlier
 * load. Runs on every test database.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isPlazaError, type PlazaError } from '../../src/platform/errors.js';
import type { FileReportInput } from '../../src/modules/reports/index.js';
import { testDatabases } from '../support/database.js';
import { startTestApp, tinyPdf, type TestApp } from '../support/test-app.js';

const good = (overrides: Partial<FileReportInput> = {}): FileReportInput => ({
  serviceSlug: 'report-street-light',
  answers: { fault: 'out' },
  description: 'The light outside number 4 has been off for a week.',
  location: { lat: 51.9501, long: -1.0552, address: '1 Market Square' },
  photos: [],
  channel: 'open311',
  citizenUserId: null,
  actor: { type: 'anonymous', id: null },
  ...overrides,
});

async function refusal(t: TestApp, input: FileReportInput): Promise<PlazaError> {
  try {
    await t.app.reports.fileReport(input);
  } catch (error) {
    if (isPlazaError(error)) return error;
    throw error;
  }
  throw new Error('the report was filed');
}

async function counts(t: TestApp): Promise<Record<string, number>> {
  const count = async (table: 'reports' | 'cases' | 'files' | 'report_followers' | 'outbox_messages') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    reports: await count('reports'),
    cases: await count('cases'),
    files: await count('files'),
    followers: await count('report_followers'),
    outbox: await count('outbox_messages'),
  };
}

describe.each(testDatabases())('filing reports on $name', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('each bad field gets its own precise message, and nothing is stored', async () => {
    const before = await counts(t);
    const fields = (error: PlazaError) =>
      Object.fromEntries(
        ((error.details.fieldErrors ?? []) as { field: string; message: string }[]).map((entry) => [
          entry.field,
          entry.message,
        ]),
      );
    expect(fields(await refusal(t, good({ serviceSlug: 'bulky-waste-collection' })))).toEqual({
      service_code: 'There is no report type “bulky-waste-collection”',
    });
    expect(fields(await refusal(t, good({ location: { lat: 51.8, long: -1.2 } })))).toEqual({
      location:
        'This place is outside Demo City. Choose a place inside the city: we can only deal with problems there',
    });
    expect(fields(await refusal(t, good({ location: { lat: 123, long: Number.NaN } })))).toEqual({
      lat: 'Latitude must be a number from -90 to 90, such as 51.9501',
      long: 'Longitude must be a number from -180 to 180, such as -1.0552',
    });
    expect(Object.keys(fields(await refusal(t, good({ answers: {} }))))).toEqual(['fault']);
    expect(fields(await refusal(t, good({ answers: { fault: 'purple' } }))).fault).toBeDefined();
    expect(fields(await refusal(t, good({ description: 'y'.repeat(2001) }))).description).toBe(
      'The description must be 2000 characters or fewer (it has 2001)',
    );
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const tooMany = Array.from({ length: 4 }, (_, index) => ({
      name: `${index}.png`,
      mediaType: 'image/png',
      content: photo,
    }));
    expect(fields(await refusal(t, good({ photos: tooMany }))).photos).toBe('You can add up to 3 photos');
    expect(
      fields(
        await refusal(
          t,
          good({ photos: [{ name: 'light.jpg', mediaType: 'image/jpeg', content: tinyPdf }] }),
        ),
      ).photos,
    ).toBe('“light.jpg” is not a photo: choose a JPEG, PNG, WebP or HEIC image');
    expect(
      fields(await refusal(t, good({ contact: { email: 'not-an-email' } })))['reporter_email'],
    ).toBeDefined();
    expect(await counts(t)).toEqual(before);
  });

  test('a good report is a case in the department queue, a public report, its photos and its reporter following', async () => {
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const filed = await t.app.reports.fileReport(
      good({
        answers: { fault: 'out', column_number: 'DC 1042' },
        photos: [{ name: 'lamp.png', mediaType: 'image/png', content: photo }],
        contact: { firstName: 'Ada', lastName: 'Lamp', email: 'ada@example.org', phone: '0300 555 0199' },
      }),
    );
    const row = await t.database.db
      .selectFrom('reports')
      .innerJoin('cases', 'cases.id', 'reports.case_id')
      .select([
        'reports.service_request_id',
        'reports.status',
        'reports.channel',
        'reports.followers_count',
        'reports.photo_count',
        'reports.expected_at',
        'cases.kind',
        'cases.department_id',
        'cases.answers',
        'cases.contact_email',
      ])
      .where('reports.id', '=', filed.reportId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      service_request_id: filed.serviceRequestId,
      status: 'open',
      channel: 'open311',
      followers_count: 1,
      photo_count: 1,
      kind: 'report',
      department_id: 'highways',
    });
    expect(row.expected_at).not.toBeNull();
    // Contact details are personal data: encrypted at rest, like an application's.
    expect(JSON.stringify(row.answers)).not.toContain('Ada');
    expect(JSON.stringify(row.answers)).not.toContain('0300 555 0199');
    expect(row.contact_email).not.toContain('ada@example.org');
    const files = await t.database.db
      .selectFrom('files')
      .select(['owner_type', 'field', 'media_type', 'original_name'])
      .where('owner_id', '=', filed.caseId)
      .execute();
    expect(files).toEqual([
      { owner_type: 'case', field: 'photos', media_type: 'image/jpeg', original_name: 'lamp.jpg' },
    ]);
    const follower = await t.database.db
      .selectFrom('report_followers')
      .select(['email', 'email_index'])
      .where('report_id', '=', filed.reportId)
      .executeTakeFirstOrThrow();
    expect(follower.email).not.toContain('ada@example.org');
    expect(follower.email_index).not.toBeNull();
    const [mail] = await t.outbox('ada@example.org');
    expect(mail?.subject).toBe(`We have received your report: ${filed.serviceRequestId}`);
    // "Me too" from the same address adds nobody; a new address adds one.
    expect(
      await t.app.reports.addFollower({
        serviceRequestId: filed.serviceRequestId,
        email: 'ADA@example.org',
        actor: { type: 'anonymous', id: null },
      }),
    ).toEqual({ added: false, followersCount: 1 });
    expect(
      await t.app.reports.addFollower({
        serviceRequestId: filed.serviceRequestId,
        email: 'bo@example.org',
        actor: { type: 'anonymous', id: null },
      }),
    ).toEqual({ added: true, followersCount: 2 });
  });

  test('the gazetteer is searched by the start of a name and by its words', async () => {
    const names = async (text: string) => (await t.app.places.searchPlaces(text)).map((place) => place.name);
    expect((await names('chap'))[0]).toBe('Chapel Street');
    expect(await names('12 chapel')).toContain('12 Chapel Street');
    expect(await names('street chapel 12')).toContain('12 Chapel Street');
    expect(await names('city hall')).toContain('City Hall');
    expect(await names('%_')).toEqual([]);
    expect(await names('')).toEqual([]);
    expect(await t.app.places.areas()).toEqual([
      'Eastfield',
      'Millbrook',
      'Northgate',
      'Old Town',
      'Riverside',
    ]);
  });

  test("a city's own gazetteer file loads, and loading it again replaces it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plaza-places-'));
    const file = join(dir, 'addresses.csv');
    writeFileSync(file, 'name,lat,long\n99 Quayside,51.94,-1.07\n100 Quayside,51.94,-1.07\nbad,x,y\n');
    const first = await t.app.places.importFile(file);
    expect(first).toMatchObject({ source: 'addresses.csv', loaded: 2 });
    expect(first.problems).toEqual([
      { where: 'line 4', message: 'has latitude "x", not a number from -90 to 90' },
    ]);
    writeFileSync(file, 'name,lat,long\n99 Quayside,51.94,-1.07\n');
    await t.app.places.importFile(file);
    const quayside = (await t.app.places.searchPlaces('quayside')).map((place) => place.name);
    expect(quayside).toEqual(['99 Quayside']);
  });
});
