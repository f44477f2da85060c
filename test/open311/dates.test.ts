/** Open311's dates: W3C date-times with the organisation's offset out, and any valid offset (or a date) in. */
import { expect, test } from 'vitest';
import { w3cDateTime } from '../../src/modules/open311/open311-document.js';
import { parseW3cDateTime } from '../../src/modules/open311/open311.api.js';

test('dates are written in the organisation’s time zone with its offset at that moment', () => {
  expect(w3cDateTime(new Date('2026-03-02T09:00:00.750Z'), 'UTC')).toBe('2026-03-02T09:00:00Z');
  expect(w3cDateTime(new Date('2026-03-02T09:00:00Z'), 'Europe/Madrid')).toBe('2026-03-02T10:00:00+01:00');
  expect(w3cDateTime(new Date('2026-07-02T09:00:00Z'), 'Europe/Madrid')).toBe('2026-07-02T11:00:00+02:00');
  expect(w3cDateTime(new Date('2026-07-02T09:00:00Z'), 'America/New_York')).toBe('2026-07-02T05:00:00-04:00');
  expect(w3cDateTime(new Date('2026-07-02T09:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-02T14:30:00+05:30');
  expect(w3cDateTime(null, 'UTC')).toBeNull();
});

test('dates are read with their offset; a date alone starts at midnight in the organisation’s zone', () => {
  const read = (value: string, zone = 'Europe/Madrid') => parseW3cDateTime(value, zone)?.toISOString();
  expect(read('2026-03-02T10:00:00+01:00')).toBe('2026-03-02T09:00:00.000Z');
  expect(read('2026-03-02T10:00:00-0500')).toBe('2026-03-02T15:00:00.000Z');
  expect(read('2026-03-02T10:00Z')).toBe('2026-03-02T10:00:00.000Z');
  expect(read('2026-03-02T10:00:00.5Z')).toBe('2026-03-02T10:00:00.500Z');
  expect(read('2026-03-02')).toBe('2026-03-01T23:00:00.000Z');
  expect(read('2026-07-02')).toBe('2026-07-01T22:00:00.000Z');
  expect(read('2026-03-02', 'UTC')).toBe('2026-03-02T00:00:00.000Z');
  for (const wrong of [
    '2026-02-30',
    '2026-03-02T10:00:00',
    '2026-03-02T25:00:00Z',
    '02/03/2026',
    'now',
    '2026-03-02T10:00:00+19:00',
  ])
    expect(read(wrong), wrong).toBeUndefined();
});

test('every date written reads back as the same instant, to the second, in any zone and across clock changes', () => {
  let state = 311;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const from = Date.UTC(1990, 0, 1);
  const to = Date.UTC(2040, 0, 1);
  for (const zone of ['UTC', 'Europe/Madrid', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])
    for (let index = 0; index < 2000; index++) {
      const instant = Math.floor(from + next() * (to - from));
      const written = w3cDateTime(instant, zone) as string;
      expect(written).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
      expect(parseW3cDateTime(written, zone)?.getTime(), `${zone} ${written}`).toBe(
        Math.floor(instant / 1000) * 1000,
      );
    }
});
