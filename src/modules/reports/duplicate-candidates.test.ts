/**
 * Candidate duplicates on a real database: nearer, same-type, more recent and similarly worded reports
 * rank higher; each comes with reasons a page can say in words; reports too far, too old, newer, closed
 * (unless asked for) or already merged are not candidates.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../database.js';
import type { DatabaseHandle } from '../../platform/db/database-handle.js';
import { createI18n } from '../../platform/i18n/i18n.js';
import { testDatabases } from '../../../test/support/database.js';
import { repositoryRoot } from '../../../test/support/pglite-template.js';
import {
  describeDuplicateReasons,
  findDuplicateCandidates,
  haversineMetres,
} from './duplicate-candidates.js';

const here = { lat: 51.5, long: -0.12 };
const now = new Date('2026-03-02T09:00:00Z');
const days = (count: number) => new Date(now.getTime() - count * 86_400_000);
/** A point `metres` north of here. */
const north = (metres: number) => ({ lat: here.lat + metres / 111_320, long: here.long });

interface Stored {
  name: string;
  at: { lat: number; long: number };
  code: string;
  description: string;
  requestedAt: Date;
  status?: 'open' | 'closed';
  duplicateOf?: string;
}

describe.each(testDatabases())('duplicate candidates on $name', (database) => {
  let handle: DatabaseHandle<Database> & { dispose(): Promise<void> };
  const ids = new Map<string, string>();
  const nameOf = (id: string) => [...ids].find(([, value]) => value === id)?.[0];

  async function store(report: Stored): Promise<void> {
    const id = randomUUID();
    ids.set(report.name, id);
    await handle.db
      .insertInto('reports')
      .values({
        id,
        service_request_id: `SR-${report.name}`,
        case_id: null,
        service_code: report.code,
        service_name: null,
        department_id: null,
        status: report.status ?? 'open',
        status_notes: null,
        description: report.description,
        lat: report.at.lat,
        long: report.at.long,
        address: null,
        requested_at: report.requestedAt,
        updated_at: report.requestedAt,
        expected_at: null,
        closed_at: null,
        duplicate_of: report.duplicateOf ? (ids.get(report.duplicateOf) ?? null) : null,
        channel: 'import',
        import_source: 'test',
        external_id: report.name,
        triage: null,
      })
      .execute();
  }

  beforeAll(async () => {
    handle = await database.open();
    const pothole = 'Deep pothole in the road outside the school';
    await store({
      name: 'best',
      at: north(10),
      code: 'pothole',
      description: 'deep pothole outside school gates',
      requestedAt: days(1),
    });
    await store({
      name: 'other type',
      at: north(10),
      code: 'graffiti',
      description: 'graffiti sprayed on the wall',
      requestedAt: days(1),
    });
    await store({
      name: 'further',
      at: north(150),
      code: 'pothole',
      description: 'deep pothole outside school gates',
      requestedAt: days(1),
    });
    await store({
      name: 'older',
      at: north(10),
      code: 'pothole',
      description: 'deep pothole outside school gates',
      requestedAt: days(20),
    });
    await store({
      name: 'other words',
      at: north(10),
      code: 'pothole',
      description: 'cracked surface, bikes swerve',
      requestedAt: days(1),
    });
    await store({
      name: 'closed',
      at: north(5),
      code: 'pothole',
      description: pothole,
      requestedAt: days(1),
      status: 'closed',
    });
    await store({
      name: 'too far',
      at: north(400),
      code: 'pothole',
      description: pothole,
      requestedAt: days(1),
    });
    await store({
      name: 'too old',
      at: north(10),
      code: 'pothole',
      description: pothole,
      requestedAt: days(40),
    });
    await store({
      name: 'newer',
      at: north(10),
      code: 'pothole',
      description: pothole,
      requestedAt: new Date(now.getTime() + 60_000),
    });
    await store({
      name: 'merged',
      at: north(5),
      code: 'pothole',
      description: pothole,
      requestedAt: days(1),
      duplicateOf: 'best',
    });
    await store({ name: 'itself', at: here, code: 'pothole', description: pothole, requestedAt: now });
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  const query = {
    ...here,
    serviceCode: 'pothole',
    description: 'Deep pothole in the road outside the school',
    requestedAt: now,
    limit: 10,
    minScore: 0,
  };

  test('nearer, same type, more recent and similarly worded reports rank higher', async () => {
    const found = await findDuplicateCandidates(handle.db, { ...query, excludeReportId: ids.get('itself') });
    const order = found.map((candidate) => nameOf(candidate.reportId));
    expect(order[0]).toBe('best');
    const rank = (name: string) => order.indexOf(name);
    for (const worse of ['other type', 'further', 'older', 'other words']) {
      expect(rank(worse)).toBeGreaterThan(rank('best'));
    }
    expect(order.sort()).toEqual(['best', 'further', 'older', 'other type', 'other words']);
    const scores = found.map((candidate) => candidate.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('each candidate says why, in values a page puts into words', async () => {
    const [best] = await findDuplicateCandidates(handle.db, { ...query, excludeReportId: ids.get('itself') });
    expect(best).toMatchObject({ serviceRequestId: 'SR-best', distanceMetres: 10 });
    expect(best?.reasons).toEqual([
      { code: 'distance', values: { metres: 10 } },
      { code: 'sameType', values: {} },
      { code: 'daysEarlier', values: { count: 1 } },
      { code: 'similarWording', values: { percent: expect.any(Number) as number } },
    ]);
    const i18n = await createI18n(join(repositoryRoot, 'locales'), { strict: true });
    expect(describeDuplicateReasons(i18n.translator('en').t, best?.reasons ?? [])).toBe(
      '10 m away, same type, 1 day earlier, similar wording',
    );
    const found = await findDuplicateCandidates(handle.db, { ...query, excludeReportId: ids.get('itself') });
    const otherType = found.find((candidate) => nameOf(candidate.reportId) === 'other type');
    expect(otherType?.reasons.map((reason) => reason.code)).toEqual(['distance', 'daysEarlier']);
  });

  test('closed reports only when asked; the report itself never', async () => {
    const withClosed = await findDuplicateCandidates(handle.db, { ...query, includeClosed: true });
    const names = withClosed.map((candidate) => nameOf(candidate.reportId));
    expect(names).toContain('closed');
    expect(names).toContain('itself');
    const excluding = await findDuplicateCandidates(handle.db, {
      ...query,
      includeClosed: true,
      excludeReportId: ids.get('itself'),
    });
    expect(excluding.map((candidate) => nameOf(candidate.reportId))).not.toContain('itself');
  });

  test('the default limit and score keep only likely candidates', async () => {
    const found = await findDuplicateCandidates(handle.db, {
      ...here,
      serviceCode: 'pothole',
      description: 'Deep pothole in the road outside the school',
      requestedAt: now,
      excludeReportId: ids.get('itself'),
    });
    expect(found.length).toBeLessThanOrEqual(5);
    expect(found[0] && nameOf(found[0].reportId)).toBe('best');
    expect(found.every((candidate) => candidate.score >= 0.35)).toBe(true);
  });

  test('distances are great-circle metres', () => {
    expect(haversineMetres(here.lat, here.long, north(100).lat, north(100).long)).toBeCloseTo(100, 0);
  });
});
