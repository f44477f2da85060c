/**
 * One row of a file becomes one report, or one precise reason why not. Everything the database would refuse
 * (a description over the limit, coordinates out of range, an unknown department) is caught here, so a batch
 * never fails half-way because of one bad row.
 */
import type { ImportField } from './mapping.js';

export const DESCRIPTION_LIMIT = 4000;

export type RejectReason =
  | 'broken_row'
  | 'missing_id'
  | 'duplicate_id'
  | 'id_taken'
  | 'missing_service_code'
  | 'missing_date'
  | 'malformed_date'
  | 'malformed_coordinates'
  | 'incomplete_location'
  | 'coordinates_out_of_range'
  | 'unknown_status'
  | 'unknown_department'
  | 'description_too_long';

export const rejectReasonLabels: Record<RejectReason, string> = {
  broken_row: 'broken CSV row',
  missing_id: 'missing id',
  duplicate_id: 'id repeated in the file',
  id_taken: 'id already used by another report',
  missing_service_code: 'missing service code',
  missing_date: 'missing date',
  malformed_date: 'malformed date',
  malformed_coordinates: 'malformed coordinates',
  incomplete_location: 'latitude without longitude or the reverse',
  coordinates_out_of_range: 'latitude or longitude out of range',
  unknown_status: 'unknown status',
  unknown_department: 'unknown department',
  description_too_long: `description over ${DESCRIPTION_LIMIT} characters`,
};

export interface Rejection {
  line: number;
  id: string | null;
  reason: RejectReason;
  message: string;
}

/** A report ready for the staging table. Dates are milliseconds since the epoch. */
export interface StagedReport {
  line: number;
  id: string;
  serviceCode: string;
  serviceName: string | null;
  departmentId: string | null;
  status: 'open' | 'closed';
  statusNotes: string | null;
  description: string | null;
  lat: number | null;
  long: number | null;
  address: string | null;
  requestedAt: number;
  updatedAt: number;
  expectedAt: number | null;
  closedAt: number | null;
}

export interface RecordRules {
  positions: Partial<Record<ImportField, number>>;
  statuses: Record<string, 'open' | 'closed'>;
  departments: Record<string, string>;
  knownDepartments: ReadonlySet<string>;
  /** Converts a date without an offset, read as wall-clock time in the organisation's time zone. */
  dates: DateReader;
}

const cell = (row: string[], position: number | undefined): string | null => {
  if (position === undefined) return null;
  const value = row[position]?.trim();
  // PostgreSQL's text cannot hold NUL; nothing a person typed needs one.
  return value ? (value.includes('\0') ? value.replaceAll('\0', '') : value) : null;
};

/** The number of characters as PostgreSQL counts them (code points), cheaply for the common short text. */
const characterCount = (text: string): number =>
  text.length <= DESCRIPTION_LIMIT ? text.length : [...text].length;

export function readRecord(
  row: string[],
  line: number,
  rules: RecordRules,
): { report: StagedReport } | { rejection: Rejection } {
  const { positions } = rules;
  const id = cell(row, positions.id);
  const reject = (reason: RejectReason, message: string) => ({
    rejection: { line, id, reason, message },
  });
  if (id === null) return reject('missing_id', 'The record has no id.');
  const serviceCode = cell(row, positions.serviceCode);
  if (serviceCode === null) return reject('missing_service_code', 'The record has no service code.');

  const statusText = cell(row, positions.status);
  const status = statusText === null ? undefined : rules.statuses[statusText.toLowerCase()];
  if (status === undefined)
    return reject(
      'unknown_status',
      statusText === null
        ? 'The record has no status.'
        : `The status "${statusText}" is neither open nor closed; map it in a mapping file (statuses:).`,
    );

  const dates: Partial<Record<'requested' | 'updated' | 'expected' | 'closed', number | null>> = {};
  for (const field of ['requested', 'updated', 'expected', 'closed'] as const) {
    const text = cell(row, positions[field]);
    if (text === null) {
      dates[field] = null;
      continue;
    }
    const time = rules.dates(text);
    if (time === undefined)
      return reject('malformed_date', `The ${field} date "${text}" is not a date and time (ISO 8601).`);
    dates[field] = time;
  }
  const requestedAt = dates.requested;
  if (requestedAt === null || requestedAt === undefined)
    return reject('missing_date', 'The record has no requested date.');

  const latText = cell(row, positions.lat);
  const longText = cell(row, positions.long);
  let lat: number | null = null;
  let long: number | null = null;
  if (latText !== null || longText !== null) {
    if (latText === null || longText === null)
      return reject('incomplete_location', 'The record has a latitude or a longitude but not both.');
    lat = Number(latText);
    long = Number(longText);
    if (!Number.isFinite(lat) || !Number.isFinite(long))
      return reject('malformed_coordinates', `The coordinates "${latText}", "${longText}" are not numbers.`);
    if (lat < -90 || lat > 90 || long < -180 || long > 180)
      return reject(
        'coordinates_out_of_range',
        `The coordinates ${latText}, ${longText} are out of range (latitude -90 to 90, longitude -180 to 180).`,
      );
  }

  const description = cell(row, positions.description);
  if (description !== null && characterCount(description) > DESCRIPTION_LIMIT)
    return reject(
      'description_too_long',
      `The description has ${characterCount(description)} characters; the limit is ${DESCRIPTION_LIMIT}.`,
    );

  let departmentId: string | null = null;
  const department = cell(row, positions.department);
  if (department !== null) {
    departmentId = rules.departments[department] ?? department;
    if (!rules.knownDepartments.has(departmentId))
      return reject(
        'unknown_department',
        `The department "${department}" is not one of this deployment's; map it in a mapping file (departments:).`,
      );
  }

  const closedAt = status === 'closed' ? (dates.closed ?? dates.updated ?? requestedAt) : null;
  return {
    report: {
      line,
      id,
      serviceCode,
      serviceName: cell(row, positions.serviceName),
      departmentId,
      status,
      statusNotes: cell(row, positions.statusNotes),
      description,
      lat,
      long,
      address: cell(row, positions.address),
      requestedAt,
      updatedAt: dates.updated ?? closedAt ?? requestedAt,
      expectedAt: dates.expected ?? null,
      closedAt,
    },
  };
}

export type DateReader = (text: string) => number | undefined;

const dateShape =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads ISO 8601 dates and times as exports write them (`2018-01-01T00:09:48-05:00`, `2015-01-01 00:20:09`,
 * `2015-01-01`). One without an offset is wall-clock time in `timeZone`. Returns undefined for anything
 * else, including impossible dates such as 31 February.
 */
export function dateReader(timeZone: string): DateReader {
  const offsets = new Map<string, number>();
  const zoneFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  /** The zone's offset from UTC, in minutes, at an instant. */
  const offsetAt = (instant: number): number => {
    const parts = Object.fromEntries(
      zoneFormat.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
    );
    const asUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return Math.round((asUtc - (instant - (((instant % 1000) + 1000) % 1000))) / 60_000);
  };
  /** Wall-clock time (as if UTC) → the instant; the offset is looked up once per hour of wall-clock time. */
  const fromWallClock = (wall: number, hourKey: string): number => {
    let offset = offsets.get(hourKey);
    if (offset === undefined) {
      const first = offsetAt(wall);
      offset = offsetAt(wall - first * 60_000);
      offsets.set(hourKey, offset);
    }
    return wall - offset * 60_000;
  };
  return (text) => {
    const match = dateShape.exec(text);
    if (!match) return undefined;
    const [, y, mo, d, h = '00', mi = '00', s = '00', fraction, zone] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s);
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
    if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
    const millis = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
    if (zone === undefined) return fromWallClock(wall, text.slice(0, 13));
    if (zone === 'Z' || zone === 'z') return wall;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    if (offsetMinutes > 18 * 60) return undefined;
    return wall - sign * offsetMinutes * 60_000;
  };
}
