/**
 * Candidate duplicates of a report: stored reports near it, filed a little before it, scored on distance,
 * time, type and wording, each with the reasons a person can check ("18 m away, same type, 2 days earlier,
 * similar wording"). One function serves the citizen's "Is it one of these?", staff's candidate list and
 * `plaza duplicates find`. The search is a box of latitude and longitude (the reports_location index)
 * within a window of time, so it stays fast with a million reports; the scoring happens here.
 */
import type { Db } from '../../database.js';
import { words, wordingSimilarity } from '../triage/index.js';

export interface DuplicateQuery {
  lat: number;
  long: number;
  serviceCode: string | null;
  description: string | null;
  /** When the report was made; candidates were made before it, within `windowDays`. */
  requestedAt: Date;
  /** The report itself, when it is already stored. */
  excludeReportId?: string;
  /** Most candidates returned (default 5). */
  limit?: number;
  /** Closed reports too (default: open ones only, which a citizen can still follow). */
  includeClosed?: boolean;
  /** How far to look, in metres (default 250). */
  radiusMetres?: number;
  /** How far back to look, in days (default 30). */
  windowDays?: number;
  /** Candidates scoring below this are left out (default 0.35). */
  minScore?: number;
}

export type DuplicateReasonCode =
  'distance' | 'sameType' | 'minutesEarlier' | 'hoursEarlier' | 'daysEarlier' | 'similarWording';

export interface DuplicateReason {
  /** A message in the triage catalog: `triage:duplicateReasons.<code>` (see duplicateReasonKey). */
  code: DuplicateReasonCode;
  values: Record<string, number>;
}

export interface DuplicateCandidate {
  reportId: string;
  serviceRequestId: string;
  /** 0 to 1: higher is more likely the same problem. */
  score: number;
  distanceMetres: number;
  reasons: DuplicateReason[];
}

/** The message key of a reason; its values (with `count` for plurals) fill it. */
export function duplicateReasonKey(code: DuplicateReasonCode): string {
  return `triage:duplicateReasons.${code}`;
}

/** A candidate's reasons as one phrase in a language: "18 m away, same type, 2 days earlier, similar wording". */
export function describeDuplicateReasons(
  t: (key: string, values?: Record<string, unknown>) => string,
  reasons: readonly DuplicateReason[],
): string {
  return reasons
    .map((reason) => t(duplicateReasonKey(reason.code), reason.values))
    .join(t('triage:duplicateReasons.separator'));
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const METRES_PER_DEGREE_LATITUDE = 111_320;
/** Rows read per search at most: the newest in the box and window. */
const SCAN_LIMIT = 400;
/** Wording at least this similar is named as a reason. */
const SIMILAR_WORDING = 0.25;

// How much each signal counts (they add up to 1); tuned on Boston's labelled duplicates (bench/triage-boston.ts).
const WEIGHTS = { distance: 0.3, time: 0.2, type: 0.3, wording: 0.2 };
/** Distance at which the distance signal halves, and time after which the time signal halves. */
const DISTANCE_HALF_METRES = 40;
const TIME_HALF_DAYS = 1;

export function haversineMetres(lat1: number, long1: number, lat2: number, long2: number): number {
  const radians = Math.PI / 180;
  const dLat = (lat2 - lat1) * radians;
  const dLong = (long2 - long1) * radians;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * radians) * Math.cos(lat2 * radians) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
}

export async function findDuplicateCandidates(db: Db, query: DuplicateQuery): Promise<DuplicateCandidate[]> {
  const radius = query.radiusMetres ?? 250;
  const windowDays = query.windowDays ?? 30;
  const limit = query.limit ?? 5;
  const minScore = query.minScore ?? 0.35;
  if (
    !Number.isFinite(query.lat) ||
    !Number.isFinite(query.long) ||
    Number.isNaN(query.requestedAt.getTime())
  )
    return [];
  const dLat = radius / METRES_PER_DEGREE_LATITUDE;
  const dLong = radius / (METRES_PER_DEGREE_LATITUDE * Math.max(0.01, Math.cos((query.lat * Math.PI) / 180)));
  const since = new Date(query.requestedAt.getTime() - windowDays * 86_400_000);
  const rows = await db
    .selectFrom('reports')
    .select(['id', 'service_request_id', 'service_code', 'description', 'lat', 'long', 'requested_at'])
    .where('lat', 'is not', null)
    .where('lat', '>=', query.lat - dLat)
    .where('lat', '<=', query.lat + dLat)
    .where('long', '>=', query.long - dLong)
    .where('long', '<=', query.long + dLong)
    .where('requested_at', '>=', since)
    .where('requested_at', '<=', query.requestedAt)
    // A report merged into another is not a candidate: its original is.
    .where('duplicate_of', 'is', null)
    .$if(!query.includeClosed, (q) => q.where('status', '=', 'open'))
    .$if(query.excludeReportId !== undefined, (q) => q.where('id', '!=', query.excludeReportId as string))
    .orderBy('requested_at', 'desc')
    .limit(SCAN_LIMIT)
    .execute();

  const ownWords = new Set(words(query.description ?? ''));
  const candidates: DuplicateCandidate[] = [];
  for (const row of rows) {
    const distance = haversineMetres(query.lat, query.long, row.lat as number, row.long as number);
    if (distance > radius) continue;
    const ageMs = Math.max(0, query.requestedAt.getTime() - row.requested_at.getTime());
    const ageDays = ageMs / 86_400_000;
    const sameType = query.serviceCode !== null && row.service_code === query.serviceCode;
    const similarity = wordingSimilarity(ownWords, new Set(words(row.description ?? '')));
    const score =
      WEIGHTS.distance * 0.5 ** (distance / DISTANCE_HALF_METRES) +
      WEIGHTS.time * 0.5 ** (ageDays / TIME_HALF_DAYS) +
      (sameType ? WEIGHTS.type : 0) +
      WEIGHTS.wording * similarity;
    if (score < minScore) continue;
    const reasons: DuplicateReason[] = [{ code: 'distance', values: { metres: Math.round(distance) } }];
    if (sameType) reasons.push({ code: 'sameType', values: {} });
    reasons.push(earlier(ageMs));
    if (similarity >= SIMILAR_WORDING)
      reasons.push({ code: 'similarWording', values: { percent: Math.round(similarity * 100) } });
    candidates.push({
      reportId: row.id,
      serviceRequestId: row.service_request_id,
      score: Math.round(score * 1000) / 1000,
      distanceMetres: Math.round(distance),
      reasons,
    });
  }
  return candidates.sort((a, b) => b.score - a.score || a.distanceMetres - b.distanceMetres).slice(0, limit);
}

function earlier(ageMs: number): DuplicateReason {
  const minutes = Math.round(ageMs / 60_000);
  if (minutes < 60) return { code: 'minutesEarlier', values: { count: minutes } };
  const hours = Math.round(minutes / 60);
  if (hours < 24) return { code: 'hoursEarlier', values: { count: hours } };
  return { code: 'daysEarlier', values: { count: Math.round(hours / 24) } };
}
