import { describe, expect, test } from 'vitest';
import {
  addWorkingDays,
  endOfLocalDay,
  localDate,
  workingDaysBetween,
  type WorkingCalendar,
} from './working-calendar.js';

const madrid: WorkingCalendar = {
  timeZone: 'Europe/Madrid',
  weekend: [0, 6],
  holidays: new Set(['2026-05-01', '2026-12-25']),
};

describe('working calendar', () => {
  test('a Friday request with a 2-working-day target is due at the end of Tuesday, local time', () => {
    const friday = new Date('2026-03-06T10:00:00Z');
    const due = addWorkingDays(friday, 2, madrid);
    expect(localDate(due, 'Europe/Madrid')).toBe('2026-03-10');
    expect(due.toISOString()).toBe('2026-03-10T22:59:59.999Z'); // 23:59:59.999 in Madrid (UTC+1)
  });

  test('public holidays are skipped', () => {
    const thursday = new Date('2026-04-30T08:00:00Z');
    expect(localDate(addWorkingDays(thursday, 1, madrid), madrid.timeZone)).toBe('2026-05-04');
  });

  test('the end of a day follows daylight saving time', () => {
    expect(endOfLocalDay('2026-07-01', 'Europe/Madrid').toISOString()).toBe('2026-07-01T21:59:59.999Z');
    expect(endOfLocalDay('2026-03-29', 'Europe/Madrid').toISOString()).toBe('2026-03-29T21:59:59.999Z');
  });

  test('late evening UTC is already the next day in a zone ahead of UTC', () => {
    expect(localDate(new Date('2026-03-06T23:30:00Z'), 'Europe/Madrid')).toBe('2026-03-07');
  });

  test('working days between two instants count whole working days only', () => {
    const monday = new Date('2026-03-02T09:00:00Z');
    expect(workingDaysBetween(monday, new Date('2026-03-02T17:00:00Z'), madrid)).toBe(0);
    expect(workingDaysBetween(monday, new Date('2026-03-09T09:00:00Z'), madrid)).toBe(5);
  });

  test('zero working days from a Saturday ends on Monday', () => {
    expect(localDate(addWorkingDays(new Date('2026-03-07T10:00:00Z'), 0, madrid), madrid.timeZone)).toBe(
      '2026-03-09',
    );
  });
});
