/**
 * Working days in an organisation's time zone: service-level targets are promised in working days, so
 * weekends and public holidays do not count.
 */

export interface WorkingCalendar {
  timeZone: string;
  /** Days of the week that are not worked, 0 = Sunday ... 6 = Saturday. */
  weekend: readonly number[];
  /** Public holidays as calendar dates, YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

// Building an Intl formatter costs far more than using one: one of each per time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(
  store: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = store.get(timeZone);
  if (!format) {
    format = make();
    store.set(timeZone, format);
  }
  return format;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = cached(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).formatToParts(instant);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = cached(
    dateTimeFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  ).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The last millisecond of a calendar date in a time zone, as an instant. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
  // Two passes settle the offset even when the day itself changes offset (daylight saving).
  let instant = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  instant = naive - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return !calendar.weekend.includes(weekday) && !calendar.holidays.has(date);
}

/**
 * The end of the `days`-th working day after the day of `from`: a request received on a Friday with a
 * 2-working-day target is due at the end of Tuesday.
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkingCalendar): Date {
  let date = localDate(from, calendar.timeZone);
  let remaining = days;
  while (remaining > 0) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) remaining--;
  }
  if (days === 0) while (!isWorkingDay(date, calendar)) date = nextDate(date);
  return endOfLocalDay(date, calendar.timeZone);
}

/** Working days after the day of `from`, up to and including the day of `to` (0 when on the same day). */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  let date = localDate(from, calendar.timeZone);
  const end = localDate(to, calendar.timeZone);
  let count = 0;
  while (date < end) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) count++;
  }
  return count;
}

/** Moves a deadline later by a number of working days, keeping it at the end of a working day. */
export function extendByWorkingDays(deadline: Date, days: number, calendar: WorkingCalendar): Date {
  return days <= 0 ? deadline : addWorkingDays(deadline, days, calendar);
}
