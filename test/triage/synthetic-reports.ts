/**
 * A made-up report history for triage and duplicate tests: four of the demo city's report types, each with
 * words of its own, mixed with words every report uses; the first type is half of all reports (the
 * majority-class baseline).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/database.js';

export interface SyntheticType {
  code: string;
  department: string | null;
  share: number;
  words: string[];
}

export const syntheticTypes: SyntheticType[] = [
  {
    code: 'report-pothole',
    department: 'highways',
    share: 0.5,
    words: ['pothole', 'hole', 'tarmac', 'crater', 'tyre', 'deep'],
  },
  {
    code: 'report-street-light',
    department: 'highways',
    share: 0.2,
    words: ['lamp', 'dark', 'bulb', 'flickering', 'column', 'unlit'],
  },
  {
    code: 'report-graffiti',
    department: 'environment',
    share: 0.15,
    words: ['graffiti', 'spray', 'paint', 'tag', 'vandalised', 'mural'],
  },
  {
    code: 'report-fly-tipping',
    department: 'environment',
    share: 0.15,
    words: ['dumped', 'mattress', 'rubbish', 'fridge', 'bags', 'tipped'],
  },
];

const common = [
  'near',
  'corner',
  'outside',
  'house',
  'road',
  'street',
  'school',
  'park',
  'again',
  'week',
  'big',
  'bad',
];

/** A deterministic generator, so a failing test fails the same way each time. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface SyntheticReport {
  description: string;
  code: string;
  department: string | null;
  requestedAt: Date;
}

export function syntheticHistory(
  count: number,
  options: { seed?: number; start?: Date } = {},
): SyntheticReport[] {
  const next = random(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const start = (options.start ?? new Date('2025-01-01T08:00:00Z')).getTime();
  const reports: SyntheticReport[] = [];
  for (let index = 0; index < count; index++) {
    let roll = next();
    const type: SyntheticType =
      syntheticTypes.find((candidate) => (roll -= candidate.share) < 0) ?? pick(syntheticTypes.slice(0, 1));
    // Two of the type's words, and sometimes one of another type's, among words every report uses.
    const words = [pick(type.words), pick(type.words), pick(common), pick(common), pick(common)];
    if (next() < 0.2) words.push(pick(pick(syntheticTypes).words));
    words.sort(() => next() - 0.5);
    reports.push({
      description: `${words.join(' ')}.`,
      code: type.code,
      department: type.department,
      requestedAt: new Date(start + index * 3_600_000),
    });
  }
  return reports;
}

/** Stores reports as imported records (no case), in the order given. */
export async function storeHistory(
  db: Db,
  reports: readonly SyntheticReport[],
  at = { lat: 51.5, long: -0.12 },
): Promise<void> {
  for (let start = 0; start < reports.length; start += 500) {
    await db
      .insertInto('reports')
      .values(
        reports.slice(start, start + 500).map((report, offset) => ({
          id: randomUUID(),
          service_request_id: `SYN-${start + offset}-${randomUUID().slice(0, 8)}`,
          case_id: null,
          service_code: report.code,
          service_name: null,
          department_id: report.department,
          status: 'closed' as const,
          status_notes: null,
          description: report.description,
          lat: at.lat,
          long: at.long,
          address: null,
          requested_at: report.requestedAt,
          updated_at: report.requestedAt,
          expected_at: null,
          closed_at: report.requestedAt,
          channel: 'import' as const,
          import_source: 'synthetic',
          external_id: `${start + offset}-${randomUUID()}`,
          triage: null,
        })),
      )
      .execute();
  }
}
