/**
 * A city's gazetteer as it comes: a CSV file (a header row naming `name`, `lat` and `long` columns, and
 * optionally `kind` and `area`) or a GeoJSON FeatureCollection of points (properties `name`, `kind`,
 * `area`). Each place is checked; a bad row is reported with its line or feature number and left out.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';

export const placeKinds = ['address', 'street', 'landmark'] as const;
export type PlaceKind = (typeof placeKinds)[number];

export interface GazetteerEntry {
  name: string;
  kind: PlaceKind;
  lat: number;
  long: number;
  area: string | null;
}

export interface GazetteerProblem {
  /** "line 12" for CSV, "feature 3" for GeoJSON, or "file" */
  where: string;
  message: string;
}

export interface ParsedGazetteer {
  entries: GazetteerEntry[];
  problems: GazetteerProblem[];
}

const latitudeNames = ['lat', 'latitude', 'y'];
const longitudeNames = ['long', 'lon', 'lng', 'longitude', 'x'];

/** A coordinate from a CSV cell (text) or GeoJSON (a number); anything else is not one. */
function coordinate(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : Number.NaN;
}

function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Checks one place; returns a problem's message, or the entry. */
export function checkEntry(input: {
  name: unknown;
  kind: unknown;
  lat: unknown;
  long: unknown;
  area: unknown;
}): GazetteerEntry | string {
  const name = typeof input.name === 'string' ? input.name.trim().replace(/\s+/g, ' ') : '';
  if (name === '') return 'has no name';
  if (name.length > 300) return 'has a name longer than 300 characters';
  const kindText = typeof input.kind === 'string' && input.kind.trim() !== '' ? input.kind.trim() : 'address';
  if (!(placeKinds as readonly string[]).includes(kindText))
    return `has kind "${kindText}"; use one of ${placeKinds.join(', ')}`;
  const lat = coordinate(input.lat);
  const long = coordinate(input.long);
  if (!Number.isFinite(lat) || lat < -90 || lat > 90)
    return `has latitude "${shown(input.lat)}", not a number from -90 to 90`;
  if (!Number.isFinite(long) || long < -180 || long > 180)
    return `has longitude "${shown(input.long)}", not a number from -180 to 180`;
  const area = typeof input.area === 'string' && input.area.trim() !== '' ? input.area.trim() : null;
  if (area && area.length > 120) return 'has an area name longer than 120 characters';
  return { name, kind: kindText as PlaceKind, lat, long, area };
}

export function parseGazetteerCsv(text: string): ParsedGazetteer {
  const problems: GazetteerProblem[] = [];
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    return {
      entries: [],
      problems: [{ where: 'file', message: `is not valid CSV: ${(error as Error).message}` }],
    };
  }
  const header = (records[0] ?? []).map((column) => column.toLowerCase());
  const column = (names: string[]): number => header.findIndex((name) => names.includes(name));
  const nameAt = column(['name', 'address', 'label']);
  const latAt = column(latitudeNames);
  const longAt = column(longitudeNames);
  const kindAt = column(['kind', 'type']);
  const areaAt = column(['area', 'ward', 'neighbourhood', 'neighborhood', 'district']);
  if (nameAt < 0 || latAt < 0 || longAt < 0) {
    return {
      entries: [],
      problems: [{ where: 'line 1', message: 'the header must name the columns name, lat and long' }],
    };
  }
  const entries: GazetteerEntry[] = [];
  records.slice(1).forEach((record, index) => {
    const checked = checkEntry({
      name: record[nameAt],
      kind: kindAt >= 0 ? record[kindAt] : undefined,
      lat: record[latAt],
      long: record[longAt],
      area: areaAt >= 0 ? record[areaAt] : undefined,
    });
    if (typeof checked === 'string') problems.push({ where: `line ${index + 2}`, message: checked });
    else entries.push(checked);
  });
  return { entries, problems };
}

export function parseGazetteerGeoJson(text: string): ParsedGazetteer {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      entries: [],
      problems: [{ where: 'file', message: `is not valid JSON: ${(error as Error).message}` }],
    };
  }
  const features = (document as { type?: unknown; features?: unknown }).features;
  if ((document as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) {
    return { entries: [], problems: [{ where: 'file', message: 'is not a GeoJSON FeatureCollection' }] };
  }
  const entries: GazetteerEntry[] = [];
  const problems: GazetteerProblem[] = [];
  features.forEach((feature: unknown, index) => {
    const { geometry, properties } = (feature ?? {}) as {
      geometry?: { type?: unknown; coordinates?: unknown };
      properties?: Record<string, unknown> | null;
    };
    const where = `feature ${index + 1}`;
    const coordinates = geometry?.coordinates;
    if (geometry?.type !== 'Point' || !Array.isArray(coordinates)) {
      problems.push({ where, message: 'is not a Point' });
      return;
    }
    const checked = checkEntry({
      name: properties?.name,
      kind: properties?.kind,
      long: coordinates[0],
      lat: coordinates[1],
      area: properties?.area,
    });
    if (typeof checked === 'string') problems.push({ where, message: checked });
    else entries.push(checked);
  });
  return { entries, problems };
}

export function isGazetteerFile(path: string): boolean {
  return ['.csv', '.geojson', '.json'].includes(extname(path).toLowerCase());
}

export function readGazetteerFile(path: string): ParsedGazetteer {
  const text = readFileSync(path, 'utf8');
  return extname(path).toLowerCase() === '.csv' ? parseGazetteerCsv(text) : parseGazetteerGeoJson(text);
}
