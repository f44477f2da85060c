/**
 * The service-level clock a caseworker and a citizen see: due a number of working days after submission
 * (weekends and public holidays skipped, in the organisation's time zone), stopped while the case waits for
 * the citizen, and moved later by the working days it was stopped.
 */
import { describe, expect, test } from 'vitest';
import type { WorkingCalendar } from '../../platform/time/working-calendar.js';
import { moveSla, slaStatus, startSla, type SlaClock } from './sla.js';
import { workflowStateSchema } from './workflow.schema.js';

/** Madrid is UTC+1 in winter and UTC+2 from 29 March 2026; Easter 2026 is 3 April (Friday) to 6 April (Monday). */
const calendar: WorkingCalendar = {
  timeZone: 'Europe/Madrid',
  weekend: [0, 6],
  holidays: new Set(['2026-04-03', '2026-04-06']),
};

const running = workflowStateSchema.parse({ label: 'In review', public: true });
const paused = workflowStateSchema.parse({ label: 'Waiting for the applicant', public: true, sla: 'paused' });
const alsoPaused = workflowStateSchema.parse({ label: 'Waiting for a payment', public: true, sla: 'paused' });
const closed = workflowStateSchema.parse({
  label: 'Approved',
  public: true,
  terminal: true,
  outcome: 'approved',
});
const closedWhilePaused = workflowStateSchema.parse({
  label: 'Lapsed',
  public: true,
  terminal: true,
  sla: 'paused',
});

/** The last millisecond of a day in Madrid, written out by hand. */
const endOfDayWinter = (date: string): Date => new Date(`${date}T22:59:59.999Z`);
const endOfDaySummer = (date: string): Date => new Date(`${date}T21:59:59.999Z`);

describe('startSla', () => {
  test('due at the end of the last working day, weekends skipped', () => {
    // Friday 6 March + 5 working days: Mon 9 ... Fri 13.
    expect(startSla(new Date('2026-03-06T10:00:00Z'), 5, running, calendar)).toEqual({
      dueAt: endOfDayWinter('2026-03-13'),
      pausedAt: null,
    });
  });

  test('public holidays are skipped too', () => {
    // Thursday 2 April + 3 working days: Good Friday, the weekend and Easter Monday do not count: Tue 7, Wed 8, Thu 9.
    expect(startSla(new Date('2026-04-02T10:00:00Z'), 3, running, calendar).dueAt).toEqual(
      endOfDaySummer('2026-04-09'),
    );
  });

  test('a request sent at the weekend counts from the weekend day', () => {
    expect(startSla(new Date('2026-03-07T10:00:00Z'), 1, running, calendar).dueAt).toEqual(
      endOfDayWinter('2026-03-09'),
    );
  });

  test('the day of submission is the local day, not the UTC one', () => {
    // 22:30 UTC on Thursday 5 March is still Thursday in Madrid; 23:30 UTC is already Friday.
    expect(startSla(new Date('2026-03-05T22:30:00Z'), 1, running, calendar).dueAt).toEqual(
      endOfDayWinter('2026-03-06'),
    );
    expect(startSla(new Date('2026-03-05T23:30:00Z'), 1, running, calendar).dueAt).toEqual(
      endOfDayWinter('2026-03-09'),
    );
  });

  test('a workflow that starts by waiting for the citizen starts with the clock stopped', () => {
    const submittedAt = new Date('2026-03-02T09:00:00Z');
    expect(startSla(submittedAt, 10, paused, calendar).pausedAt).toEqual(submittedAt);
  });
});

describe('moveSla', () => {
  const dueMonday16: SlaClock = { dueAt: endOfDayWinter('2026-03-16'), pausedAt: null };

  test('asking the citizen for information stops the clock without moving the due date', () => {
    const at = new Date('2026-03-03T10:00:00Z');
    expect(moveSla(dueMonday16, paused, at, calendar)).toEqual({ dueAt: dueMonday16.dueAt, pausedAt: at });
  });

  test('the citizen’s reply restarts the clock and moves the due date by the working days it was stopped', () => {
    const stopped = moveSla(dueMonday16, paused, new Date('2026-03-03T10:00:00Z'), calendar);
    // Stopped on Tuesday 3, restarted on Friday 6: Wed, Thu and Fri were lost, so Mon 16 becomes Thu 19.
    expect(moveSla(stopped, running, new Date('2026-03-06T10:00:00Z'), calendar)).toEqual({
      dueAt: endOfDayWinter('2026-03-19'),
      pausedAt: null,
    });
  });

  test('weekends and holidays while stopped do not move the due date', () => {
    const dueFriday10April: SlaClock = { dueAt: endOfDaySummer('2026-04-10'), pausedAt: null };
    const stopped = moveSla(dueFriday10April, paused, new Date('2026-04-02T08:00:00Z'), calendar);
    // Stopped Thursday 2 April, restarted Tuesday 7: only Tuesday was a working day lost.
    expect(moveSla(stopped, running, new Date('2026-04-07T08:00:00Z'), calendar).dueAt).toEqual(
      endOfDaySummer('2026-04-13'),
    );
  });

  test('a moved due date stays at the end of the local day across the change to summer time', () => {
    const dueFriday27: SlaClock = { dueAt: endOfDayWinter('2026-03-27'), pausedAt: null };
    const stopped = moveSla(dueFriday27, paused, new Date('2026-03-23T10:00:00Z'), calendar);
    expect(moveSla(stopped, running, new Date('2026-03-25T10:00:00Z'), calendar).dueAt).toEqual(
      endOfDaySummer('2026-03-31'),
    );
  });

  test('stopped and restarted on the same day, the due date does not move', () => {
    const stopped = moveSla(dueMonday16, paused, new Date('2026-03-03T08:00:00Z'), calendar);
    expect(moveSla(stopped, running, new Date('2026-03-03T16:00:00Z'), calendar)).toEqual(dueMonday16);
  });

  test('moving between two paused states keeps the time it was first stopped', () => {
    const firstStopped = new Date('2026-03-03T10:00:00Z');
    const stopped = moveSla(dueMonday16, paused, firstStopped, calendar);
    expect(moveSla(stopped, alsoPaused, new Date('2026-03-05T10:00:00Z'), calendar)).toEqual({
      dueAt: dueMonday16.dueAt,
      pausedAt: firstStopped,
    });
  });

  test('moving between running states changes nothing', () => {
    expect(moveSla(dueMonday16, running, new Date('2026-03-10T10:00:00Z'), calendar)).toEqual(dueMonday16);
  });

  test('closing a case does not stop a running clock, even into a state marked paused', () => {
    expect(moveSla(dueMonday16, closed, new Date('2026-03-10T10:00:00Z'), calendar)).toEqual(dueMonday16);
    expect(moveSla(dueMonday16, closedWhilePaused, new Date('2026-03-10T10:00:00Z'), calendar)).toEqual(
      dueMonday16,
    );
  });

  test('closing a case that waits for the citizen restarts its clock', () => {
    const stopped = moveSla(dueMonday16, paused, new Date('2026-03-03T10:00:00Z'), calendar);
    expect(moveSla(stopped, closedWhilePaused, new Date('2026-03-04T10:00:00Z'), calendar)).toEqual({
      dueAt: endOfDayWinter('2026-03-17'),
      pausedAt: null,
    });
  });
});

describe('slaStatus', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const hours = (count: number): Date => new Date(now.getTime() + count * 3_600_000);

  test.each([
    {
      name: 'more than two days left',
      clock: { dueAt: hours(49), pausedAt: null, closedAt: null },
      status: 'on_track',
    },
    { name: 'no due date', clock: { dueAt: null, pausedAt: null, closedAt: null }, status: 'on_track' },
    {
      name: 'less than two days left',
      clock: { dueAt: hours(47), pausedAt: null, closedAt: null },
      status: 'due_soon',
    },
    {
      name: 'due this very moment',
      clock: { dueAt: now, pausedAt: null, closedAt: null },
      status: 'due_soon',
    },
    {
      name: 'a millisecond past the due date',
      clock: { dueAt: new Date(now.getTime() - 1), pausedAt: null, closedAt: null },
      status: 'overdue',
    },
    {
      name: 'stopped, even past the due date',
      clock: { dueAt: hours(-24), pausedAt: hours(-48), closedAt: null },
      status: 'paused',
    },
    {
      name: 'closed, even past the due date',
      clock: { dueAt: hours(-24), pausedAt: null, closedAt: hours(-1) },
      status: 'closed',
    },
    {
      name: 'closed while stopped',
      clock: { dueAt: hours(24), pausedAt: hours(-48), closedAt: hours(-1) },
      status: 'closed',
    },
  ])('$name: $status', ({ clock, status }) => {
    expect(slaStatus(clock, now)).toBe(status);
  });
});
