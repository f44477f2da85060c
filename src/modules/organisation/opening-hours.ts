/**
 * A department's opening hours in the reader's language: weekday names and times come from Intl for the
 * formatting locale, never from English words in departments.yaml; only the joining words are the
 * catalog's ("Monday to Friday", "9:00 to 17:00").
 */
import type { Translator } from '../../platform/i18n/i18n.js';
import { openingDays, type OpeningPeriod } from './organisation.schema.js';

/** 1 January 2024 was a Monday: day `index` of the week (Monday first) is 1 + index January 2024, in UTC. */
function dayName(locale: string, index: number): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1 + index)),
  );
}

function clockTime(locale: string, time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1, hours, minutes)),
  );
}

/** The days of a period: a run of three or more as "first to last", otherwise a list ("Monday and Friday"). */
function days(locale: string, t: Translator['t'], period: OpeningPeriod): string {
  const indexes = [...new Set(period.days.map((day) => openingDays.indexOf(day)))].sort((a, b) => a - b);
  const consecutive = indexes.every(
    (index, position) => position === 0 || index === (indexes[position - 1] as number) + 1,
  );
  if (consecutive && indexes.length >= 3)
    return t('organisation:hours.dayRange', {
      first: dayName(locale, indexes[0] as number),
      last: dayName(locale, indexes[indexes.length - 1] as number),
    });
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(
    indexes.map((index) => dayName(locale, index)),
  );
}

/** One line per period, in the order departments.yaml gives them. */
export function openingHoursLines(
  periods: readonly OpeningPeriod[],
  ctx: { locale: string; t: Translator['t'] },
): string[] {
  return periods.map((period) =>
    ctx.t('organisation:hours.period', {
      days: days(ctx.locale, ctx.t, period),
      opens: clockTime(ctx.locale, period.opens),
      closes: clockTime(ctx.locale, period.closes),
    }),
  );
}
