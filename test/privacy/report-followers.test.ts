/**
 * Followers of reports ("me too") are personal data like the rest, on every test database: a citizen's copy
 * of their data lists the reports they follow, by account and by address (whatever its case), with the
 * address decrypted; `plaza keys rotate` re-encrypts a follower's address and its index, so following
 * again after the old key is gone still counts once; erasure stops them following, and nobody else.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FileReportInput } from '../../src/modules/reports/index.js';
import { rotateKeys } from '../../src/modules/privacy/index.js';
import { testDatabases } from '../support/database.js';
import { signInCitizen, startTestApp, type TestApp, type TestClient } from '../support/test-app.js';

const K1 = `k1:${Buffer.alloc(32, 51).toString('base64')}`;
const K2 = `k2:${Buffer.alloc(32, 52).toString('base64')}`;

const report = (description: string, email: string): FileReportInput => ({
  serviceSlug: 'report-street-light',
  answers: { fault: 'out' },
  description,
  location: { lat: 51.9501, long: -1.0552, address: '1 Market Square' },
  photos: [],
  channel: 'open311',
  citizenUserId: null,
  contact: { email },
  actor: { type: 'anonymous', id: null },
});

describe.each(testDatabases())('followers of reports on $name', (database) => {
  let t: TestApp;
  let reports: { serviceRequestId: string; reportId: string }[];

  const followers = () =>
    t.database.db
      .selectFrom('report_followers')
      .select(['id', 'report_id', 'user_id', 'email', 'email_index'])
      .execute();
  const followersCount = async (reportId: string) =>
    (
      await t.database.db
        .selectFrom('reports')
        .select('followers_count')
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow()
    ).followers_count;
  async function download(client: TestClient): Promise<(name: string) => unknown> {
    const response = await client.raw('/account/data/download');
    expect(response.statusCode).toBe(200);
    const zip = unzipSync(new Uint8Array(response.rawPayload));
    return (name: string) => JSON.parse(new TextDecoder().decode(zip[name])) as unknown;
  }

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_ENCRYPTION_KEYS: K1 } });
    // Three reports by others, which Sina will follow.
    reports = [];
    for (const [index, text] of [
      'Lamp dark by the school',
      'Lamp flickers on Quay Street',
      'Lamp leaning',
    ].entries())
      reports.push(await t.app.reports.fileReport(report(text, `reporter${index}@example.org`)));
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('the copy of a citizen’s data lists the reports they follow, by account and by address', async () => {
    const sina = t.client();
    await signInCitizen(t, sina, 'sina@example.org', '/account');
    const [first, second] = reports as [(typeof reports)[0], (typeof reports)[0]];
    // "Me too" while signed in, and once without signing in with her address in capitals.
    await sina.get(`/reports/${first.serviceRequestId}`);
    expect((await sina.post(`/reports/${first.serviceRequestId}/follow`, {})).url).toBe(
      `/reports/${first.serviceRequestId}`,
    );
    const anonymous = t.client();
    await anonymous.get(`/reports/${second.serviceRequestId}`);
    await anonymous.post(`/reports/${second.serviceRequestId}/follow`, { email: 'SINA@Example.org' });
    expect(await followersCount(second.reportId)).toBe(2);
    // Stored encrypted with its index, as every other address.
    const stored = (await followers()).find(
      (row) => row.report_id === second.reportId && row.user_id === null,
    );
    expect(JSON.stringify(await followers()).toLowerCase()).not.toContain('sina@');

    const json = await download(sina);
    const followed = json('followed-reports.json') as Record<string, unknown>[];
    expect(followed).toHaveLength(2);
    expect(followed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          report: first.serviceRequestId,
          description: 'Lamp dark by the school',
          address: '1 Market Square',
          status: 'open',
          email: null,
        }),
        expect.objectContaining({
          report: second.serviceRequestId,
          description: 'Lamp flickers on Quay Street',
          email: 'SINA@Example.org',
        }),
      ]),
    );
    expect((json('export.json') as { contents: string[] }).contents).toContain('followed-reports.json');
    // Reports followed by others are not hers.
    expect(JSON.stringify(followed)).not.toContain('reporter0@');
    expect(stored?.email).toMatch(/^pz1:k1:/);
  });

  test('`keys rotate` re-encrypts followers’ addresses: following again after the old key is gone counts once', async () => {
    await t.close();
    t = await startTestApp({
      database: t.database,
      clock: t.clock,
      env: { PLAZA_ENCRYPTION_KEYS: `${K2},${K1}` },
    });
    const result = await rotateKeys({
      db: t.database.db,
      clock: t.clock,
      personalData: t.app.personalData,
      actor: { type: 'cli', id: null },
    });
    // The three reporters and Sina's address.
    expect(result.parts.find((part) => part.what === 'report followers')).toMatchObject({ changed: 4 });
    for (const row of await followers()) {
      if (row.user_id !== null) continue;
      expect(row.email).toMatch(/^pz1:k2:/);
      expect(row.email_index).toBe(
        t.app.personalData.emailIndex(
          t.app.personalData.openText(row.email, 'report_followers.email') as string,
        ),
      );
    }
    await t.close();
    t = await startTestApp({ database: t.database, clock: t.clock, env: { PLAZA_ENCRYPTION_KEYS: K2 } });
    const second = reports[1] as (typeof reports)[0];
    expect(
      await t.app.reports.addFollower({
        serviceRequestId: second.serviceRequestId,
        email: 'sina@example.org',
        actor: { type: 'anonymous', id: null },
      }),
    ).toEqual({ added: false, followersCount: 2 });
    const sina = t.client();
    await signInCitizen(t, sina, 'sina@example.org', '/account');
    const followed = (await download(sina))('followed-reports.json') as { email: string | null }[];
    expect(followed.map((row) => row.email).sort()).toEqual(['SINA@Example.org', null]);
  });

  test('erasure stops the citizen following, by account and by address; other followers stay', async () => {
    const sina = t.client();
    await signInCitizen(t, sina, 'sina@example.org', '/account');
    const [first, second, third] = reports as [(typeof reports)[0], (typeof reports)[0], (typeof reports)[0]];
    const confirm = await sina.get('/account/data/erase');
    expect(confirm.body).toContain('You stop getting emails about the problems you reported or followed.');
    expect((await sina.post('/account/data/erase', { confirm: 'yes' })).url).toBe('/account/data/erased');
    const rows = await followers();
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.user_id === null)).toBe(true);
    expect(rows.map((row) => row.email_index)).not.toContain(
      t.app.personalData.emailIndex('sina@example.org'),
    );
    expect(await followersCount(first.reportId)).toBe(1);
    expect(await followersCount(second.reportId)).toBe(1);
    expect(await followersCount(third.reportId)).toBe(1);
    const erased = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'privacy.account_erased')
      .executeTakeFirstOrThrow();
    expect(erased.details).toMatchObject({ followedReports: 2 });
    // The public page counts who still follows.
    const page = await t.client().get(`/reports/${second.serviceRequestId}`);
    expect(page.status).toBe(200);
  });
});
