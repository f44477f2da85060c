import { z } from 'zod';
import { GovukDateInput } from '../../../platform/views/govuk/date-input.js';
import type { Answer } from '../answers.js';
import {
  errorParams,
  hintParams,
  legendParams,
  ruleMessage,
  single,
  type FieldType,
  type RawValue,
  readableDate,
} from '../field-type.js';
import type { QuestionOf } from '../question.schema.js';

const parts = ['day', 'month', 'year'] as const;
type Part = (typeof parts)[number];

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function asParts(raw: RawValue): Record<Part, string> {
  const record = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  return {
    day: (record.day ?? '').trim(),
    month: (record.month ?? '').trim(),
    year: (record.year ?? '').trim(),
  };
}

/** Lower case without accents or a closing full stop, so "Févr." and "fevr" are the same word. */
function folded(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

const localMonthNames = new Map<string, Map<string, number>>();

/** The month names people write in a language, full and short ("marzo", "mar"), with their numbers. */
function monthNamesIn(locale: string): Map<string, number> {
  let names = localMonthNames.get(locale);
  if (!names) {
    names = new Map();
    for (const style of ['long', 'short'] as const) {
      const format = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
      for (let month = 1; month <= 12; month++)
        names.set(folded(format.format(Date.UTC(2026, month - 1, 15))), month);
    }
    localMonthNames.set(locale, names);
  }
  return names;
}

/**
 * People write months as numbers or names ("3", "March", "mar"), in English or in the language they read
 * the form in ("marzo", "mars", "مارس"): all are understood.
 */
function monthNumber(month: string, locale: string): number {
  if (/^\d{1,2}$/.test(month)) return Number(month);
  const local = monthNamesIn(locale).get(folded(month));
  if (local !== undefined) return local;
  const index = monthNames.indexOf(month.slice(0, 3).toLowerCase());
  return index >= 0 &&
    (month.length === 3 ||
      'january february march april may june july august september october november december'.includes(
        month.toLowerCase(),
      ))
    ? index + 1
    : NaN;
}

function boundDate(bound: NonNullable<QuestionOf<'date'>['earliest']>, today: string): string {
  if (bound === 'today') return today;
  if (typeof bound === 'string') return bound;
  return new Date(Date.parse(`${today}T00:00:00Z`) + bound.days * 86_400_000).toISOString().slice(0, 10);
}

export const dateField: FieldType<'date'> = {
  type: 'date',
  read: (form, question) => ({
    day: single(form[`${question.id}-day`]),
    month: single(form[`${question.id}-month`]),
    year: single(form[`${question.id}-year`]),
  }),
  schema(question, { t, today, locale }) {
    return z.custom<RawValue>().transform((raw, context): Answer => {
      const value = asParts(raw);
      const missing = parts.filter((part) => value[part] === '');
      const fail = (rule: string, faulty: readonly Part[], values: Record<string, unknown> = {}): never => {
        context.addIssue({
          code: 'custom',
          message: ruleMessage(question, rule, t, values),
          params: { parts: faulty },
        });
        return z.NEVER;
      };
      if (missing.length === 3) return question.optional ? null : fail('required', parts);
      if (missing.length > 0) return fail(`dateMissing.${missing.join('_')}`, missing);
      const day = /^\d{1,2}$/.test(value.day) ? Number(value.day) : NaN;
      const month = monthNumber(value.month, locale);
      if (!/^\d{4}$/.test(value.year)) return fail('dateYearFormat', ['year']);
      const year = Number(value.year);
      const date = new Date(Date.UTC(year, month - 1, day));
      if (
        Number.isNaN(day) ||
        Number.isNaN(month) ||
        date.getUTCFullYear() !== year ||
        date.getUTCMonth() !== month - 1 ||
        date.getUTCDate() !== day
      ) {
        return fail('dateReal', Number.isNaN(day) ? ['day'] : Number.isNaN(month) ? ['month'] : parts);
      }
      const iso = date.toISOString().slice(0, 10);
      if (question.earliest) {
        const earliest = boundDate(question.earliest, today);
        if (iso < earliest)
          return fail(earliest === today ? 'dateNotPast' : 'dateEarliest', parts, {
            date: readableDate(earliest, locale),
          });
      }
      if (question.latest) {
        const latest = boundDate(question.latest, today);
        if (iso > latest)
          return fail(latest === today ? 'dateNotFuture' : 'dateLatest', parts, {
            date: readableDate(latest, locale),
          });
      }
      return iso;
    });
  },
  toRaw: (answer) => {
    if (typeof answer !== 'string') return { day: '', month: '', year: '' };
    const [year = '', month = '', day = ''] = answer.split('-');
    return { day: String(Number(day)), month: String(Number(month)), year };
  },
  render: ({ question, raw, error, asPageHeading, t }) => {
    const value = asParts(raw);
    const faulty = new Set(error?.parts ?? []);
    return (
      <GovukDateInput
        id={question.id}
        namePrefix={question.id}
        fieldset={{ legend: legendParams(question, asPageHeading) }}
        hint={hintParams(question) ?? { text: t('forms:dateHint') }}
        errorMessage={errorParams(error, t)}
        items={parts.map((part) => ({
          name: part,
          label: t(`forms:dateParts.${part}`),
          value: value[part],
          classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error && (faulty.size === 0 || faulty.has(part)) ? ' govuk-input--error' : ''}`,
        }))}
      />
    );
  },
  display: (answer, _question, { formatDate }) => (typeof answer === 'string' ? [formatDate(answer)] : []),
  errorTarget: (question, error) => `${question.id}-${error?.parts?.[0] ?? 'day'}`,
};
