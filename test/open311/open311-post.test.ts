/**
 * Filing through Open311 GeoReport v2, as a partner system (FixMyStreet, a 311 app) does: POST
 * requests.(json|xml) with an API key issued to it, form-encoded or multipart with a photo, attributes
 * for the report type's questions; the report lands as Plaza's own, attributed to the client in the audit
 * log, and is then read back through the same API. Every refusal has the specification's status and error
 * body, and leaves nothing stored.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { schemaErrors, xmlAsJson } from './open311-support.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'text/xml; charset=utf-8';
/** Inside Demo City's boundary. */
const HIGH_STREET = { lat: '51.9300', long: '-1.0500' };

describe.each(testDatabases())('Open311 GeoReport v2, filing, on $name', (database) => {
  let t: TestApp;
  let key: string;
  let keyId: string;

  type Fields = Record<string, string | string[]>;

  function form(fields: Fields): string {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const item of [value].flat()) body.append(name, item);
    return body.toString();
  }

  async function post(format: 'json' | 'xml', fields: Fields, headers: Record<string, string> = {}) {
    const response = await t.app.server.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
      payload: form(fields),
    });
    return response;
  }

  async function multipart(
    fields: Fields,
    files: { field: string; name: string; type: string; content: Buffer }[],
  ) {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields))
      for (const item of [value].flat()) data.append(name, item);
    for (const file of files)
      data.append(file.field, new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
    const request = new Request('http://plaza.test/', { method: 'POST', body: data });
    return t.app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': request.headers.get('content-type') as string },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  }

  const pothole = (extra: Fields = {}): Fields => ({
    api_key: key,
    service_code: 'report-pothole',
    ...HIGH_STREET,
    description: 'A deep pothole by the bus stop',
    'attribute[size]': 'large',
    'attribute[surface]': 'road',
    ...extra,
  });

  async function counts() {
    const reports = await t.database.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    const cases = await t.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    return { reports: Number(reports.count), cases: Number(cases.count) };
  }

  /** A refusal in both formats, with its status and exactly these error descriptions, storing nothing. */
  async function refused(fields: Fields, status: number, descriptions: string[]) {
    const before = await counts();
    const json = await post('json', fields);
    const xml = await post('xml', fields);
    expect(json.statusCode, json.body).toBe(status);
    expect(xml.statusCode).toBe(status);
    expect(json.headers['content-type']).toBe(JSON_TYPE);
    expect(xml.headers['content-type']).toBe(XML_TYPE);
    expect(json.json()).toEqual(descriptions.map((description) => ({ code: status, description })));
    expect(xmlAsJson(xml.body)).toEqual(json.json());
    expect(await counts()).toEqual(before);
  }

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    const created = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'FixMyStreet', scopes: ['open311:write'], departments: [] },
    );
    key = created.secret;
    keyId = created.client.id;
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('without an API key, with a wrong one, or one without the scope: 403, nothing stored', async () => {
    const { api_key: _unused, ...withoutKey } = pothole();
    await refused(withoutKey, 403, [
      'api_key is required to file a service request: send it as a form field, or in an Authorization: Bearer or x-api-key header.',
    ]);
    await refused(pothole({ api_key: 'plz_not-a-key' }), 403, [
      'api_key is not valid: it is mistyped or has been revoked.',
    ]);
    const reader = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'Reader', scopes: ['cases:read'], departments: ['highways'] },
    );
    await refused(pothole({ api_key: reader.secret }), 403, [
      'This api_key cannot do this: it needs the scope open311:write.',
    ]);
    const revoked = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'Old app', scopes: ['open311:write'], departments: [] },
    );
    await t.app.partners.revoke({ type: 'system', id: null }, revoked.client.id);
    await refused(pothole({ api_key: revoked.secret }), 403, [
      'api_key is not valid: it is mistyped or has been revoked.',
    ]);
    // A key in a header is refused the same way.
    const { api_key: _key, ...fields } = pothole();
    const header = await post('json', fields, { authorization: 'Bearer plz_wrong' });
    expect(header.statusCode).toBe(403);
    expect(header.json()).toEqual([
      { code: 403, description: 'api_key is not valid: it is mistyped or has been revoked.' },
    ]);
  });

  test('files a report: the service_request_id at once, read back through GET, audited as the client', async () => {
    const response = await post(
      'json',
      pothole({
        email: 'reporter@example.org',
        first_name: 'Ada',
        last_name: 'Lovelace',
        phone: '0300 555 0199',
        device_id: 'device-1',
        account_id: 'account-1',
        jurisdiction_id: 'anything',
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    const [filed] = response.json<{ service_request_id: string }[]>();
    expect(filed).toEqual({
      service_request_id: expect.any(String) as string,
      service_notice: null,
      account_id: null,
    });
    const id = filed?.service_request_id as string;

    const read = await t.app.server.inject(
      `/open311/v2/requests/${encodeURIComponent(id)}.json?extensions=true`,
    );
    const [request] = read.json<Record<string, unknown>[]>();
    expect(schemaErrors('requests', read.json())).toEqual([]);
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'report-pothole',
      description: 'A deep pothole by the bus stop',
      lat: 51.93,
      long: -1.05,
      requested_datetime: '2026-03-02T09:00:00Z',
      extended_attributes: { channel: 'open311', duplicate: false },
      notes: [expect.objectContaining({ type: 'opened', datetime: '2026-03-02T09:00:00Z' })],
    });
    const xml = await t.app.server.inject(
      `/open311/v2/requests/${encodeURIComponent(id)}.xml?extensions=true`,
    );
    expect(xmlAsJson(xml.body)).toEqual(read.json());
    // Nothing personal is published.
    expect(read.body).not.toContain('reporter@example.org');
    expect(read.body).not.toContain('Lovelace');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id'])
      .where('action', '=', 'case.submitted')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_type: 'client', actor_id: keyId });

    const updates = await t.app.server.inject('/open311/v2/servicerequestupdates.json');
    expect(updates.json()).toContainEqual(
      expect.objectContaining({
        service_request_id: id,
        status: 'open',
        updated_datetime: '2026-03-02T09:00:00Z',
      }),
    );
  });

  test('a citizen’s answer to an information request is theirs: no Open311 note or update shows it', async () => {
    const filed = await post('json', pothole());
    const id = filed.json<{ service_request_id: string }[]>()[0]?.service_request_id as string;
    const { case_id: caseId } = await t.database.db
      .selectFrom('reports')
      .select('case_id')
      .where('service_request_id', '=', id)
      .executeTakeFirstOrThrow();
    // As the cases module writes it: visible to the citizen ('public'), with their answer.
    await t.database.db
      .insertInto('case_events')
      .values({
        case_id: caseId as string,
        occurred_at: new Date('2026-03-02T10:00:00Z'),
        case_version: 1,
        type: 'information_provided',
        visibility: 'public',
        body: 'my private answer',
        data: '{}',
      })
      .execute();
    const read = await t.app.server.inject(`/open311/v2/requests/${id}.json?extensions=true`);
    const [request] = read.json<{ notes: { type: string }[] }[]>();
    expect(request?.notes.map((note) => note.type)).toEqual(['opened']);
    expect(read.body).not.toContain('my private answer');
    const updates = await t.app.server.inject(
      `/open311/v2/servicerequestupdates.json?service_request_id=${id}&start_date=2026-03-02T09:30:00Z&end_date=2026-03-02T11:00:00Z`,
    );
    expect(updates.json()).toEqual([]);
  });

  test('staff fixing a report closes it: status, close time, the update and its note, in both formats', async () => {
    const filed = await post('json', pothole());
    const id = filed.json<{ service_request_id: string }[]>()[0]?.service_request_id as string;
    const userId = await t.createStaff('fixer@demo-city.example', [
      { role: 'caseworker', departmentId: 'highways' },
    ]);
    const principal = await t.app.identity.loadPrincipal(userId);
    if (!principal) throw new Error('no principal');
    t.clock.advance(3 * 3_600_000);
    await t.app.cases.transition(principal, id, {
      transitionId: 'fix',
      message: 'Filled and sealed',
      expectedVersion: 1,
    });

    const read = await t.app.server.inject(`/open311/v2/requests/${id}.json?extensions=true`);
    expect(schemaErrors('requests', read.json())).toEqual([]);
    const [request] = read.json<Record<string, unknown>[]>();
    expect(request).toMatchObject({
      status: 'closed',
      status_notes: 'Filled and sealed',
      updated_datetime: '2026-03-02T12:00:00Z',
      notes: [
        { type: 'opened', datetime: '2026-03-02T09:00:00Z', summary: 'Received' },
        {
          type: 'closed',
          datetime: '2026-03-02T12:00:00Z',
          summary: 'Fixed',
          description: 'Filled and sealed',
        },
      ],
    });
    const xml = await t.app.server.inject(`/open311/v2/requests/${id}.xml?extensions=true`);
    expect(xmlAsJson(xml.body)).toEqual(read.json());

    const updates = await t.app.server.inject(
      `/open311/v2/servicerequestupdates.json?service_request_id=${id}&start_date=2026-03-02T11:00:00Z&end_date=2026-03-02T13:00:00Z`,
    );
    expect(updates.json()).toEqual([
      {
        update_id: expect.any(String) as string,
        service_request_id: id,
        status: 'closed',
        updated_datetime: '2026-03-02T12:00:00Z',
        description: 'Filled and sealed',
        media_url: null,
      },
    ]);
    const updatesXml = await t.app.server.inject(
      `/open311/v2/servicerequestupdates.xml?service_request_id=${id}&start_date=2026-03-02T11:00:00Z&end_date=2026-03-02T13:00:00Z`,
    );
    expect(xmlAsJson(updatesXml.body)).toEqual(updates.json());
    const closed = await t.app.server.inject('/open311/v2/requests.json?status=closed');
    expect(closed.json<{ service_request_id: string }[]>().map((item) => item.service_request_id)).toEqual([
      id,
    ]);
    t.clock.set(new Date('2026-03-02T09:00:00Z'));
  });

  test('the key may come in a header or the query string; XML answers in XML', async () => {
    const { api_key: _key, ...fields } = pothole();
    const bearer = await post('xml', fields, { authorization: `Bearer ${key}` });
    expect(bearer.statusCode, bearer.body).toBe(200);
    expect(bearer.headers['content-type']).toBe(XML_TYPE);
    expect(bearer.body).toMatch(
      /^<\?xml version="1\.0" encoding="utf-8"\?><service_requests><request><service_request_id>[^<]+<\/service_request_id><service_notice><\/service_notice><account_id><\/account_id><\/request><\/service_requests>$/,
    );
    const query = await t.app.server.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
    expect(query.statusCode, query.body).toBe(200);
  });

  test('multi-value attributes, an address from the gazetteer, a photo as multipart media', async () => {
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 120, g: 80, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    const response = await multipart(
      {
        api_key: key,
        service_code: 'report-fly-tipping',
        address_string: '1 Market Square',
        description: 'Bags and a sofa dumped',
        'attribute[waste][]': ['bags', 'furniture'],
        'attribute[amount]': 'van',
      },
      [{ field: 'media', name: 'dumped.jpg', type: 'image/jpeg', content: photo }],
    );
    expect(response.statusCode, response.body).toBe(200);
    const id = response.json<{ service_request_id: string }[]>()[0]?.service_request_id as string;
    const report = await t.database.db
      .selectFrom('reports')
      .select(['address', 'lat', 'long', 'photo_count', 'channel'])
      .where('service_request_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(report).toEqual({
      address: '1 Market Square',
      lat: 51.9501,
      long: -1.0552,
      photo_count: 1,
      channel: 'open311',
    });
  });

  test('a HEIC photo from a phone, as multipart media, is stored as a JPEG without its EXIF', async () => {
    const heic = readFileSync(
      new URL('../../src/platform/images/fixtures/camera-photo.heic', import.meta.url),
    );
    const response = await multipart(
      {
        api_key: key,
        service_code: 'report-fly-tipping',
        lat: '51.935',
        long: '-1.05',
        description: 'Rubbish bags left by the bins',
        'attribute[waste][]': ['bags'],
        'attribute[amount]': 'van',
      },
      [{ field: 'media', name: 'IMG_0042.HEIC', type: 'image/heic', content: heic }],
    );
    expect(response.statusCode, response.body).toBe(200);
    const id = response.json<{ service_request_id: string }[]>()[0]?.service_request_id as string;
    const report = await t.database.db
      .selectFrom('reports')
      .select(['case_id', 'photo_count'])
      .where('service_request_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(report.photo_count).toBe(1);
    const files = await t.database.db
      .selectFrom('files')
      .select(['media_type', 'original_name'])
      .where('owner_type', '=', 'case')
      .where('owner_id', '=', report.case_id as string)
      .execute();
    expect(files).toEqual([{ media_type: 'image/jpeg', original_name: 'IMG_0042.jpg' }]);
  });

  test('bad input: each problem named, with the specification’s status, nothing stored', async () => {
    await refused(pothole({ service_code: 'report-nothing' }), 404, [
      'service_code report-nothing is not a service of this endpoint: see services.xml.',
    ]);
    await refused(pothole({ service_code: 'bulky-waste-collection' }), 404, [
      'service_code bulky-waste-collection is not a service of this endpoint: see services.xml.',
    ]);
    await refused(pothole({ service_code: '' }), 400, ['service_code is required.']);
    await refused(pothole({ lat: '91', long: 'west' }), 400, [
      'lat must be a latitude in decimal degrees (WGS84) from -90 to 90, sent with long.',
      'long must be a longitude in decimal degrees (WGS84) from -180 to 180, sent with lat.',
    ]);
    await refused(pothole({ lat: '', long: '' }), 400, [
      'Say where: send lat and long, address_string or address_id.',
    ]);
    await refused(pothole({ lat: [], long: [], address_string: 'Nowhere Lane 999' }), 400, [
      'address_string “Nowhere Lane 999” matches no place in the city’s gazetteer: send lat and long instead.',
    ]);
    await refused(pothole({ lat: [], long: [], address_id: '999999' }), 400, [
      'address_id 999999 is not a place in the city’s gazetteer.',
    ]);
    const { 'attribute[size]': _size, ...withoutSize } = pothole();
    await refused({ ...withoutSize, 'attribute[surface]': 'sky' }, 400, [
      'attribute[size]: Select the size of the pothole',
      'attribute[surface]: Select where on the street it is',
    ]);
    await refused(pothole({ media_url: 'javascript:alert(1)' }), 400, [
      'media_url must be a web address (http or https).',
    ]);
    await refused(pothole({ description: 'x'.repeat(4001) }), 400, [
      'description must be 4000 characters or fewer.',
    ]);
    await refused(pothole({ description: 'hole\u0000' }), 400, [
      'description contains a character that is not text (a null character or half of one).',
    ]);
  });

  test('a body that is no form, or a broken multipart one, is 400 in the format asked for', async () => {
    const json = await t.app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(pothole()),
    });
    expect(json.statusCode).toBe(400);
    expect(json.headers['content-type']).toBe(JSON_TYPE);
    expect(json.json<{ code: number }[]>()[0]?.code).toBe(400);
    const broken = await t.app.server.inject({
      method: 'POST',
      url: `/open311/v2/requests.xml?api_key=${encodeURIComponent(key)}`,
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="service_code"\r\n\r\nreport-pothole',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toBe(XML_TYPE);
    expect(broken.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>The multipart body could not be read.</description></error></errors>',
    );
  });

  test('a media file that is no photo is refused as media, and nothing is stored', async () => {
    const before = await counts();
    const response = await multipart({ ...pothole(), description: 'Pothole' }, [
      { field: 'media', name: 'notes.txt', type: 'image/jpeg', content: Buffer.from('not a photo at all') },
    ]);
    expect(response.statusCode).toBe(400);
    const errors = response.json<{ code: number; description: string }[]>();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.description).toMatch(/^media: /);
    expect(await counts()).toEqual(before);
  });

  test('outside the city, or no description: the reports module’s own refusal, as Open311 errors', async () => {
    const { t: translate } = t.app.i18n.translator('en');
    await refused(pothole({ lat: '40.0', long: '-3.7' }), 400, [
      `lat/long: ${translate('reports:errors.outsideBoundary', { organisation: 'Demo City' })}`,
    ]);
    await refused(pothole({ description: '' }), 400, [
      `description: ${translate('reports:errors.descriptionMissing')}`,
    ]);
  });
});

describe.each(testDatabases())('Open311 filing under a jurisdiction on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      database: await database.open(),
      env: {
        PLAZA_OPEN311_JURISDICTION: 'demo-city.example',
        PLAZA_UPLOAD_MAX_BYTES: '100000',
        PLAZA_RATE_LIMITS: 'on',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('a key’s requests per minute hold for a key sent in the form too: then 429, Retry-After', async () => {
    const { secret } = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'Busy app', scopes: ['open311:write'], departments: [], requestsPerMinute: 2 },
    );
    const send = (headers: Record<string, string>, fields: Record<string, string>) =>
      t.app.server.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams({ service_code: '', ...fields }).toString(),
      });
    expect((await send({}, { api_key: secret })).statusCode).toBe(400);
    expect((await send({}, { api_key: secret })).statusCode).toBe(400);
    const limited = await send({}, { api_key: secret });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json<{ code: number }[]>()[0]?.code).toBe(429);
  });

  test('a request larger than three photos and a form is refused with 400', async () => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `service_code=report-pothole&description=${'x'.repeat(1_500_000)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>The request is too large: a request may hold up to 1 MB, photos included.</description></error></errors>',
    );
  });

  test('a POST naming another jurisdiction is 404 and stores nothing', async () => {
    const { secret } = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'App', scopes: ['open311:write'], departments: [] },
    );
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: secret,
        jurisdiction_id: 'elsewhere.example',
        service_code: 'report-pothole',
        ...HIGH_STREET,
        description: 'Pothole',
        'attribute[size]': 'small',
        'attribute[surface]': 'road',
      }).toString(),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual([
      { code: 404, description: 'jurisdiction_id elsewhere.example is not served by this endpoint.' },
    ]);
    const stored = await t.database.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.count)).toBe(0);
  });
});
