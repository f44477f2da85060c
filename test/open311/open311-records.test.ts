/**
 * Service requests as PostgreSQL writes them for Open311 (dates in the organisation's time zone, text that
 * XML cannot carry), checked against what Plaza writes itself: the dates must be exactly those of
 * `w3cDateTime`, which writes every other Open311 date (notes, updates), across a change of clocks, and
 * both formats must drop the same characters.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { w3cDateTime } from '../../src/modules/open311/open311-document.js';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { schemaErrors, xmlAsJson } from './open311-support.js';

const ZONE = 'America/New_York';
// New York's clocks went back at 2025-11-02T06:00:00Z (02:00 EDT became 01:00 EST).
const WINDOW = 'start_date=2025-10-15T00:00:00Z&end_date=2025-11-15T00:00:00Z';

type Record311 = Record<string, unknown>;

describe.each(testDatabases())('Open311 records in the organisation’s time zone, on $name', (database) => {
  let t: TestApp;

  async function both(path: string): Promise<Record311[]> {
    const [base, query] = path.split('?') as [string, string | undefined];
    const suffix = query ? `?${query}` : '';
    const read = (format: string) =>
      t.app.server.inject({ method: 'GET', url: `/open311/v2/${base}.${format}${suffix}` });
    const json = await read('json');
    const xml = await read('xml');
    expect(json.statusCode, json.body).toBe(200);
    expect(xml.statusCode, xml.body).toBe(200);
    expect(xml.body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const fromJson = JSON.parse(json.body) as Record311[];
    expect(schemaErrors('requests', fromJson)).toEqual([]);
    expect(xmlAsJson(xml.body)).toEqual(fromJson);
    return fromJson;
  }

  async function imported(
    id: string,
    fields: {
      requestedAt: Date;
      closedAt?: Date;
      description?: string;
      statusNotes?: string;
      address?: string;
    },
  ) {
    await t.database.db
      .insertInto('reports')
      .values({
        id: randomUUID(),
        service_request_id: id,
        case_id: null,
        service_code: 'report-pothole',
        service_name: 'Pothole',
        department_id: 'highways',
        status: fields.closedAt ? 'closed' : 'open',
        status_notes: fields.statusNotes ?? null,
        description: fields.description ?? 'A hole',
        lat: 51.93,
        long: -1.05,
        address: fields.address ?? '1 High Street',
        requested_at: fields.requestedAt,
        updated_at: fields.requestedAt,
        expected_at: null,
        closed_at: fields.closedAt ?? null,
        duplicate_of: null,
        channel: 'import',
        import_source: 'test.csv',
        external_id: id,
        triage: null,
      })
      .execute();
  }

  const beforeChange = new Date('2025-11-02T05:59:59.999Z');
  const afterChange = new Date('2025-11-02T06:00:00.500Z');
  const closedInSummer = new Date('2025-10-20T23:30:00.250Z');

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_TIMEZONE: ZONE } });
    await imported('TZ-BEFORE', { requestedAt: beforeChange });
    await imported('TZ-AFTER', { requestedAt: afterChange, closedAt: closedInSummer });
    await imported('CONTROL', {
      requestedAt: new Date('2025-10-16T12:00:00Z'),
      description: 'Bell\u0007 rings\u000B\u001F twice\uFFFE\uFFFF; tab\there, C:\\bin\\foo',
      statusNotes: '\u0001\u0002',
      address: 'Line one\nline two\u0008',
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('dates are the organisation’s local time with that moment’s offset, to the second, as w3cDateTime writes them', async () => {
    const records = await both(`requests?${WINDOW}&service_request_id=TZ-BEFORE,TZ-AFTER`);
    const byId = new Map(records.map((record) => [record.service_request_id, record]));
    expect(byId.get('TZ-BEFORE')?.requested_datetime).toBe('2025-11-02T01:59:59-04:00');
    expect(byId.get('TZ-AFTER')?.requested_datetime).toBe('2025-11-02T01:00:00-05:00');
    // A closed request's updated_datetime is when it was closed.
    expect(byId.get('TZ-AFTER')?.updated_datetime).toBe('2025-10-20T19:30:00-04:00');
    for (const [id, instant] of [
      ['TZ-BEFORE', beforeChange],
      ['TZ-AFTER', afterChange],
    ] as const)
      expect(byId.get(id)?.requested_datetime).toBe(w3cDateTime(instant, ZONE));
    expect(byId.get('TZ-AFTER')?.updated_datetime).toBe(w3cDateTime(closedInSummer, ZONE));
  });

  test('characters XML cannot carry are dropped from both formats; text left empty is null', async () => {
    for (const path of [`requests?${WINDOW}`, 'requests/CONTROL', 'requests/CONTROL?extensions=true']) {
      const record = (await both(path)).find((found) => found.service_request_id === 'CONTROL');
      expect(record, path).toMatchObject({
        description: 'Bell rings twice; tab\there, C:\\bin\\foo',
        status_notes: null,
        address: 'Line one\nline two',
      });
    }
  });
});
