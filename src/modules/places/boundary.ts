/**
 * The city's boundary: a GeoJSON Polygon or MultiPolygon (a bare geometry, a Feature, or a
 * FeatureCollection whose polygons together make the city) in the definitions folder. Reports from outside
 * it are refused. Without a boundary file every point on Earth is accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export const BOUNDARY_FILE = 'boundary.geojson';

export interface Boundary {
  contains(lat: number, long: number): boolean;
  /** [south, west, north, east], for a map's first view. */
  bounds: [number, number, number, number];
  /** The outline, [lat, long] pairs per ring, for a map to draw. */
  outline: [number, number][][];
}

export type BoundaryLoad = { boundary: Boundary | undefined; problems: string[] };

function isPosition(value: unknown): value is Position {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Math.abs(value[0]) <= 180 &&
    Math.abs(value[1]) <= 90
  );
}

function isRing(value: unknown): value is Position[] {
  return Array.isArray(value) && value.length >= 4 && value.every(isPosition);
}

function polygonsIn(value: unknown, found: Position[][][], problems: string[]): void {
  const node = (value ?? {}) as {
    type?: unknown;
    coordinates?: unknown;
    geometry?: unknown;
    features?: unknown;
  };
  if (node.type === 'FeatureCollection' && Array.isArray(node.features)) {
    for (const feature of node.features) polygonsIn(feature, found, problems);
  } else if (node.type === 'Feature') {
    polygonsIn(node.geometry, found, problems);
  } else if (node.type === 'Polygon') {
    if (Array.isArray(node.coordinates) && node.coordinates.every(isRing)) found.push(node.coordinates);
    else problems.push('a Polygon has rings that are not closed lists of [longitude, latitude]');
  } else if (node.type === 'MultiPolygon') {
    const polygons = Array.isArray(node.coordinates) ? (node.coordinates as unknown[]) : [];
    for (const polygon of polygons) {
      if (Array.isArray(polygon) && polygon.every(isRing)) found.push(polygon);
      else problems.push('a MultiPolygon has rings that are not closed lists of [longitude, latitude]');
    }
  } else {
    problems.push(`has a ${String(node.type)} where a Polygon or MultiPolygon was expected`);
  }
}

export function parseBoundary(text: string): BoundaryLoad {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { boundary: undefined, problems: [`is not valid JSON: ${(error as Error).message}`] };
  }
  const polygons: Position[][][] = [];
  const problems: string[] = [];
  polygonsIn(document, polygons, problems);
  if (problems.length > 0 || polygons.length === 0)
    return { boundary: undefined, problems: problems.length ? problems : ['holds no polygon'] };
  const shape: MultiPolygon | Polygon =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] as Position[][] }
      : { type: 'MultiPolygon', coordinates: polygons };
  const points = polygons.flatMap((polygon) => polygon[0] ?? []);
  const lats = points.map((point) => point[1] as number);
  const longs = points.map((point) => point[0] as number);
  return {
    boundary: {
      contains: (lat, long) => booleanPointInPolygon([long, lat], shape),
      bounds: [Math.min(...lats), Math.min(...longs), Math.max(...lats), Math.max(...longs)],
      outline: polygons.map((polygon) =>
        (polygon[0] ?? []).map((point): [number, number] => [point[1] as number, point[0] as number]),
      ),
    },
    problems: [],
  };
}

/** The boundary in a definitions folder, if it has one. */
export function loadBoundary(definitionsDir: string): BoundaryLoad {
  const file = join(definitionsDir, BOUNDARY_FILE);
  if (!existsSync(file)) return { boundary: undefined, problems: [] };
  const loaded = parseBoundary(readFileSync(file, 'utf8'));
  return { ...loaded, problems: loaded.problems.map((problem) => `${file}: ${problem}`) };
}
