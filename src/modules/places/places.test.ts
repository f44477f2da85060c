/**
 * The city's places as files: a gazetteer row with a problem is named by its line and left out, and the
 * demo city's made-up gazetteer lies inside its made-up boundary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadBoundary, parseBoundary } from './boundary.js';
import { parseGazetteerCsv, parseGazetteerGeoJson } from './gazetteer-files.js';

const demo = join(import.meta.dirname, '..', '..', '..', 'definitions', 'demo-city');

describe('gazetteer files', () => {
  test('a CSV row with a problem is reported by line and left out; the rest load', () => {
    const parsed = parseGazetteerCsv(
      [
        'Name,Latitude,Longitude,Kind,Ward',
        '1 Market Square,51.95,-1.05,address,Old Town',
        ',51.95,-1.05,address,',
        'Nowhere,95,-1.05,street,',
        'Odd,51.9,-1.05,building,',
        'Town Park,51.94,-1.06,,',
      ].join('\n'),
    );
    expect(parsed.entries).toEqual([
      { name: '1 Market Square', kind: 'address', lat: 51.95, long: -1.05, area: 'Old Town' },
      { name: 'Town Park', kind: 'address', lat: 51.94, long: -1.06, area: null },
    ]);
    expect(parsed.problems).toEqual([
      { where: 'line 3', message: 'has no name' },
      { where: 'line 4', message: 'has latitude "95", not a number from -90 to 90' },
      { where: 'line 5', message: 'has kind "building"; use one of address, street, landmark' },
    ]);
    expect(parseGazetteerCsv('street,town\nA,B\n').problems[0]?.message).toContain('name, lat and long');
  });

  test('GeoJSON points load with their properties; other geometries are reported', () => {
    const parsed = parseGazetteerGeoJson(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [-1.05, 51.95] },
            properties: { name: 'City Hall', kind: 'landmark' },
          },
          {
            type: 'Feature',
            geometry: { type: 'LineString', coordinates: [] },
            properties: { name: 'A road' },
          },
        ],
      }),
    );
    expect(parsed.entries).toEqual([
      { name: 'City Hall', kind: 'landmark', lat: 51.95, long: -1.05, area: null },
    ]);
    expect(parsed.problems).toEqual([{ where: 'feature 2', message: 'is not a Point' }]);
  });
});

describe('the boundary', () => {
  test('a point inside is accepted and one outside refused; a broken file is reported', () => {
    const { boundary } = parseBoundary(
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      }),
    );
    expect(boundary?.contains(0.5, 0.5)).toBe(true);
    expect(boundary?.contains(1.5, 0.5)).toBe(false);
    expect(boundary?.bounds).toEqual([0, 0, 1, 1]);
    expect(parseBoundary('{"type":"Point","coordinates":[0,0]}').problems[0]).toContain('Point');
    expect(parseBoundary('not json').problems[0]).toContain('not valid JSON');
  });

  test("every place of the demo city's gazetteer is inside its boundary", () => {
    const { boundary, problems } = loadBoundary(demo);
    expect(problems).toEqual([]);
    const gazetteer = parseGazetteerCsv(readFileSync(join(demo, 'places', 'gazetteer.csv'), 'utf8'));
    expect(gazetteer.problems).toEqual([]);
    expect(gazetteer.entries.length).toBeGreaterThanOrEqual(100);
    const outside = gazetteer.entries.filter((entry) => !boundary?.contains(entry.lat, entry.long));
    expect(outside).toEqual([]);
  });
});
