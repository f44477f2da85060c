/**
 * Open311 GeoReport v2's read side, as a client sees it: discovery, services, service definitions, requests
 * (with every standard filter, paging and extensions), one request, tokens; each in .json and .xml with the
 * exact content types, validated against the official schemas, the XML carrying the same data as the JSON;
 * and the exact error bodies and statuses of the specification.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { schemaErrors, xmlAsJson, type SchemaName } from './open311-support.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'text/xml; charset=utf-8';

interface Request311 {
  service_request_id: string;
  status: string;
  service_code: string;
  requested_datetime: string;
  updated_datetime: string | null;
  [field: string]: unknown;
}

describe.each(testDatabases())('Open311 GeoReport v2, reading, on $name', (database) => {
  let t: TestApp;

  async function get(path: string) {
    const response = await t.app.server.inject({ method: 'GET', url: `/open311/v2/${path}` });
    return {
      status: response.statusCode,
      type: response.headers['content-type'],
      headers: response.headers,
      body: response.body,
    };
  }

  /** Both formats of a resource: each valid, the same data, returned as JSON. */
  async function both<T = unknown>(path: string, schema?: SchemaName): Promise<T> {
    const [base, query] = path.split('?') as [string, string | undefined];
    const suffix = query ? `?${query}` : '';
    const json = await get(`${base}.json${suffix}`);
    const xml = await get(`${base}.xml${suffix}`);
    expect(json.status, json.body).toBe(200);
    expect(xml.status, xml.body).toBe(200);
    expect(json.type).toBe(JSON_TYPE);
    expect(xml.type).toBe(XML_TYPE);
    const fromJson: unknown = JSON.parse(json.body);
    const fromXml = xmlAsJson(xml.body);
    if (schema) {
      expect(schemaErrors(schema, fromJson)).toEqual([]);
      expect(schemaErrors(schema, fromXml)).toEqual([]);
    }
    expect(fromXml).toEqual(fromJson);
    return fromJson as T;
  }

  /** An error in both formats: its status, and exactly the body the specification describes. */
  async function refused(path: string, status: number, description: string | RegExp): Promise<void> {
    const [base, query] = path.split('?') as [string, string | undefined];
    const suffix = query ? `?${query}` : '';
    const json = await get(`${base}.json${suffix}`);
    const xml = await get(`${base}.xml${suffix}`);
    expect(json.status).toBe(status);
    expect(xml.status).toBe(status);
    expect(json.type).toBe(JSON_TYPE);
    expect(xml.type).toBe(XML_TYPE);
    const body = JSON.parse(json.body) as { code: number; description: string }[];
    expect(body).toHaveLength(1);
    expect(body[0]?.code).toBe(status);
    if (typeof description === 'string') expect(body[0]?.description).toBe(description);
    else expect(body[0]?.description).toMatch(description);
    const escaped = (body[0]?.description ?? '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;');
    expect(xml.body).toBe(
      `<?xml version="1.0" encoding="utf-8"?><errors><error><code>${status}</code><description>${escaped}</description></error></errors>`,
    );
  }

  /** An imported record (no case in Plaza), as `npx plaza import requests` writes them. */
  async function imported(
    serviceRequestId: string,
    fields: {
      requestedAt: string;
      status?: 'open' | 'closed';
      serviceCode?: string;
      description?: string | null;
      closedAt?: string;
    },
  ): Promise<void> {
    const requestedAt = new Date(fields.requestedAt);
    await t.database.db
      .insertInto('reports')
      .values({
        id: randomUUID(),
        service_request_id: serviceRequestId,
        case_id: null,
        service_code: fields.serviceCode ?? 'report-pothole',
        service_name: 'Pothole',
        department_id: 'highways',
        status: fields.status ?? 'open',
        status_notes: fields.status === 'closed' ? 'Repaired' : null,
        description: fields.description === undefined ? 'A deep hole & a <puddle>' : fields.description,
        lat: 51.93,
        long: -1.05,
        address: '1 High Street, Demo City',
        requested_at: requestedAt,
        updated_at: fields.closedAt ? new Date(fields.closedAt) : requestedAt,
        expected_at: null,
        closed_at: fields.closedAt ? new Date(fields.closedAt) : null,
        duplicate_of: null,
        channel: 'import',
        import_source: 'test.csv',
        external_id: serviceRequestId,
        triage: null,
      })
      .execute();
  }

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    // The test clock stands at 2026-03-02T09:00:00Z.
    await imported('IMP-1', { requestedAt: '2026-03-01T10:00:00Z' });
    await imported('IMP-2', {
      requestedAt: '2026-02-20T08:30:00Z',
      status: 'closed',
      closedAt: '2026-02-25T16:00:00Z',
      serviceCode: 'report-graffiti',
    });
    await imported('IMP-3', { requestedAt: '2026-01-15T12:00:00Z', serviceCode: 'report-graffiti' });
    // Older than the default 90 days.
    await imported('IMP-OLD', { requestedAt: '2025-10-01T12:00:00Z', description: null });
    // A code the source system used that is no service of Plaza's.
    await imported('IMP-LEGACY', { requestedAt: '2026-02-27T12:00:00Z', serviceCode: 'SWEEP' });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('discovery names this endpoint, the specification and both formats', async () => {
    const discovery = await both<{
      changeset: string;
      contact: string;
      key_service: string;
      endpoints: unknown[];
    }>('discovery');
    expect(discovery.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
    expect(discovery.contact).toContain('Demo City');
    expect(discovery.key_service).toContain('open311:write');
    const raw = await get('discovery.json');
    // Public data, readable by any site's scripts.
    expect(raw.headers['access-control-allow-origin']).toBe('*');
    expect(discovery.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://plaza.test/open311/v2',
        changeset: discovery.changeset,
        type: 'test',
        formats: ['text/xml', 'application/json'],
      },
    ]);
  });

  test('services are the published report types, and only them', async () => {
    const services = await both<Record<string, unknown>[]>('services', 'services');
    const codes = services.map((service) => service.service_code);
    expect(codes).toContain('report-pothole');
    expect(codes).toContain('report-street-light');
    expect(codes).not.toContain('bulky-waste-collection');
    expect(services.find((service) => service.service_code === 'report-pothole')).toEqual({
      service_code: 'report-pothole',
      service_name: 'Report a pothole',
      description: 'Tell us about a pothole or a damaged road surface.',
      metadata: true,
      type: 'realtime',
      keywords: 'pothole,road damage,hole in the road,road surface,crack',
      group: 'Roads and pavements',
    });
  });

  test("a service definition's attributes are the report type's questions", async () => {
    const definition = await both<{ service_code: string; attributes: Record<string, unknown>[] }>(
      'services/report-street-light',
      'service-definition',
    );
    expect(definition.service_code).toBe('report-street-light');
    expect(definition.attributes).toEqual([
      {
        variable: true,
        code: 'fault',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: null,
        order: 1,
        description: 'What is wrong with the light?',
        values: [
          { key: 'out', name: 'It does not come on at night' },
          { key: 'day-burning', name: 'It stays on during the day' },
          { key: 'flickering', name: 'It flickers or goes on and off' },
          { key: 'damaged', name: 'The lamp or column is damaged' },
        ],
      },
      {
        variable: true,
        code: 'column_number',
        datatype: 'string',
        required: false,
        datatype_description: 'Text of up to 20 characters',
        order: 2,
        description: "Lamp column number The number is on a small plate on the post, for example 'DC 1042'.",
      },
    ]);
  });

  test('an unknown service code is 404; so is an application service, and any other path', async () => {
    await refused(
      'services/no-such-thing',
      404,
      'service_code no-such-thing is not a service of this endpoint: see services.xml.',
    );
    await refused(
      'services/bulky-waste-collection',
      404,
      'service_code bulky-waste-collection is not a service of this endpoint: see services.xml.',
    );
    await refused(
      'nothing-here',
      404,
      'There is no such Open311 resource: see discovery.xml for what this endpoint offers.',
    );
  });

  test('requests: the last 90 days by default, newest first, every field present', async () => {
    const requests = await both<Request311[]>('requests', 'requests');
    expect(requests.map((request) => request.service_request_id)).toEqual([
      'IMP-1',
      'IMP-LEGACY',
      'IMP-2',
      'IMP-3',
    ]);
    expect(requests[0]).toEqual({
      service_request_id: 'IMP-1',
      status: 'open',
      status_notes: null,
      service_name: 'Pothole',
      service_code: 'report-pothole',
      description: 'A deep hole & a <puddle>',
      agency_responsible: 'Highways and Street Lighting',
      service_notice: null,
      requested_datetime: '2026-03-01T10:00:00Z',
      updated_datetime: '2026-03-01T10:00:00Z',
      expected_datetime: null,
      address: '1 High Street, Demo City',
      address_id: null,
      zipcode: null,
      lat: 51.93,
      long: -1.05,
      media_url: null,
    });
    // A closed request's updated_datetime is when it was closed.
    expect(requests[2]).toMatchObject({
      status: 'closed',
      status_notes: 'Repaired',
      updated_datetime: '2026-02-25T16:00:00Z',
    });
  });

  test('requests: filters by service_code, status and dates; service_request_id overrides them', async () => {
    const ids = async (query: string) =>
      (await both<Request311[]>(`requests?${query}`, 'requests')).map(
        (request) => request.service_request_id,
      );
    expect(await ids('service_code=report-graffiti')).toEqual(['IMP-2', 'IMP-3']);
    expect(await ids('service_code=report-graffiti,SWEEP')).toEqual(['IMP-LEGACY', 'IMP-2', 'IMP-3']);
    expect(await ids('status=closed')).toEqual(['IMP-2']);
    expect(await ids('status=open,closed&service_code=report-pothole')).toEqual(['IMP-1']);
    expect(await ids('start_date=2026-02-01T00:00:00Z&end_date=2026-02-28T23:59:59Z')).toEqual([
      'IMP-LEGACY',
      'IMP-2',
    ]);
    expect(await ids('start_date=2026-02-20T09:30:00%2B01:00&end_date=2026-02-21')).toEqual(['IMP-2']);
    expect(await ids('start_date=2025-09-15T00:00:00Z')).toEqual(['IMP-OLD']);
    // Empty is the same as absent.
    expect(await ids('status=&service_code=')).toHaveLength(4);
    expect(await ids('service_request_id=IMP-OLD,IMP-2,NOPE&status=open')).toEqual(['IMP-2', 'IMP-OLD']);
    expect(await ids('service_code=report-fly-tipping')).toEqual([]);
  });

  test('requests: page and page_size', async () => {
    const page = async (query: string) =>
      (await both<Request311[]>(`requests?${query}`, 'requests')).map(
        (request) => request.service_request_id,
      );
    expect(await page('page_size=2')).toEqual(['IMP-1', 'IMP-LEGACY']);
    expect(await page('page_size=2&page=2')).toEqual(['IMP-2', 'IMP-3']);
    expect(await page('page_size=2&page=3')).toEqual([]);
  });

  test('requests: malformed filters are 400 with a description naming the parameter', async () => {
    await refused(
      'requests?start_date=yesterday',
      400,
      'start_date must be a date and time such as 2026-03-01T00:00:00Z (W3C format, with its time zone), not yesterday.',
    );
    await refused('requests?end_date=2026-02-30T00:00:00Z', 400, /^end_date must be a date and time/);
    await refused('requests?start_date=2026-02-01T10:00:00', 400, /^start_date must be a date and time/);
    await refused(
      'requests?start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
      400,
      'start_date and end_date may be at most 90 days apart.',
    );
    await refused(
      'requests?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
      400,
      'start_date must be before end_date.',
    );
    await refused(
      'requests?status=pending',
      400,
      'status must be open, closed or both separated by a comma, not pending.',
    );
    await refused('requests?page_size=0', 400, 'page_size must be a whole number from 1 to 1000, not 0.');
    await refused(
      'requests?page_size=1001',
      400,
      'page_size must be a whole number from 1 to 1000, not 1001.',
    );
    await refused('requests?page=two', 400, 'page must be a whole number from 1 to 1000000, not two.');
  });

  test('one request is a list of one; an unknown id is 404', async () => {
    const one = await both<Request311[]>('requests/IMP-2', 'requests');
    expect(one).toHaveLength(1);
    expect(one[0]?.service_request_id).toBe('IMP-2');
    const extended = await both<Record<string, unknown>[]>('requests/IMP-2?extensions=true', 'requests');
    expect(extended[0]).toMatchObject({
      extended_attributes: {
        channel: 'import',
        duplicate: false,
        parent_service_request_id: null,
        followers: 0,
        photos: 0,
      },
      notes: [],
    });
    await refused('requests/NOPE', 404, 'There is no service request with the service_request_id NOPE.');
  });

  test('tokens: requests are filed at once, so every token is unknown', async () => {
    await refused(
      'tokens/12345',
      404,
      'There is no such token: this endpoint files requests at once and answers with their service_request_id, so it hands out no tokens.',
    );
  });

  test('servicerequestupdates: none for imported records; malformed dates refused', async () => {
    const json = await get('servicerequestupdates.json');
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toEqual([]);
    const xml = await get('servicerequestupdates.xml?api_key=anything&jurisdiction_id=demo');
    expect(xml.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_request_updates></service_request_updates>',
    );
    await refused('servicerequestupdates?end_date=soon', 400, /^end_date must be a date and time/);
  });
});

describe.each(testDatabases())('Open311 jurisdiction_id on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      database: await database.open(),
      env: { PLAZA_OPEN311_JURISDICTION: 'demo-city.example' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('the deployment’s own jurisdiction, or none, is served; another is 404', async () => {
    const get = (url: string) => t.app.server.inject({ method: 'GET', url });
    expect((await get('/open311/v2/services.json?jurisdiction_id=demo-city.example')).statusCode).toBe(200);
    expect((await get('/open311/v2/services.json')).statusCode).toBe(200);
    const other = await get('/open311/v2/services.json?jurisdiction_id=elsewhere.example');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual([
      { code: 404, description: 'jurisdiction_id elsewhere.example is not served by this endpoint.' },
    ]);
    const xml = await get('/open311/v2/requests.xml?jurisdiction_id=elsewhere.example');
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>jurisdiction_id elsewhere.example is not served by this endpoint.</description></error></errors>',
    );
  });
});
