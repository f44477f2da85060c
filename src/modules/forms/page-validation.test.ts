/**
 * Validating a page of several questions: one error per question, listed in the order the questions
 * appear (the error summary follows it), and the input kept exactly as typed so the page shows it again.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createI18n } from '../../platform/i18n/i18n.js';
import type { FormFields } from './answers.js';
import type { ValidationContext } from './field-type.js';
import { readPage, validatePage } from './page-validation.js';
import { questionSchema, type Question } from './question.schema.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const i18n = await createI18n(join(repo, 'locales'), { strict: true });
const context: ValidationContext = { t: i18n.translator('en').t, locale: 'en-GB', today: '2026-03-15' };

const questions: Question[] = [
  { id: 'full_name', type: 'text', label: 'Full name', shortLabel: 'your full name' },
  { id: 'party_date', type: 'date', label: 'Date of the party', shortLabel: 'the date of the party' },
  { id: 'guests', type: 'number', label: 'Number of guests', shortLabel: 'the number of guests', max: 500 },
  { id: 'email', type: 'email', label: 'Email address', shortLabel: 'your email address' },
  { id: 'notes', type: 'long-text', label: 'Anything else?', optional: true },
].map((question) => questionSchema.parse(question));

const goodForm: FormFields = {
  full_name: '  Jane  Smith ',
  'party_date-day': '6',
  'party_date-month': 'June',
  'party_date-year': '2026',
  guests: ' 120 ',
  email: 'jane@example.com',
  notes: '',
};

describe('validatePage', () => {
  test('a valid page gives the normalised answers, with a blank optional answer as null', () => {
    const result = validatePage(questions, readPage(questions, goodForm), context);
    expect(result).toStrictEqual({
      ok: true,
      answers: {
        full_name: 'Jane Smith',
        party_date: '2026-06-06',
        guests: 120,
        email: 'jane@example.com',
        notes: null,
      },
    });
  });

  test('errors come back per question, in question order, whatever order the form arrived in', () => {
    const form: FormFields = {
      email: 'not-an-email',
      guests: 'lots',
      'party_date-day': '31',
      'party_date-month': '2',
      'party_date-year': '2026',
      full_name: '',
      notes: 'Fine',
    };
    const raw = readPage([...questions].reverse(), form);
    const result = validatePage(questions, raw, context);
    if (result.ok) throw new Error('expected the page to be refused');
    expect([...result.errors.byQuestion.entries()]).toEqual([
      ['full_name', { message: 'Enter your full name' }],
      [
        'party_date',
        { message: 'The date of the party must be a real date', parts: ['day', 'month', 'year'] },
      ],
      ['guests', { message: 'The number of guests must be a number' }],
      ['email', { message: 'Enter an email address in the correct format, like name@example.com' }],
    ]);
  });

  test('only the questions at fault have an error', () => {
    const raw = readPage(questions, { ...goodForm, guests: '501', 'party_date-year': '' });
    const result = validatePage(questions, raw, context);
    if (result.ok) throw new Error('expected the page to be refused');
    expect([...result.errors.byQuestion.keys()]).toEqual(['party_date', 'guests']);
    expect(result.errors.byQuestion.get('party_date')).toEqual({
      message: 'The date of the party must include a year',
      parts: ['year'],
    });
    expect(result.errors.byQuestion.get('guests')).toEqual({
      message: 'The number of guests must be 500 or less',
    });
  });

  test('a refused page keeps the input exactly as typed, to show it again', () => {
    const form: FormFields = { ...goodForm, full_name: '  Jane  Smith ', guests: ' 1,2 ', email: ' JANE@ ' };
    const raw = readPage(questions, form);
    const result = validatePage(questions, raw, context);
    if (result.ok) throw new Error('expected the page to be refused');
    expect(result.raw).toEqual({
      full_name: '  Jane  Smith ',
      party_date: { day: '6', month: 'June', year: '2026' },
      guests: ' 1,2 ',
      email: ' JANE@ ',
      notes: '',
    });
  });

  test('fields that are not questions on the page are not stored', () => {
    const raw = { ...readPage(questions, goodForm), is_approved: 'yes' };
    const result = validatePage(questions, raw, context);
    if (!result.ok) throw new Error('expected the page to be accepted');
    expect(Object.keys(result.answers)).toEqual(['full_name', 'party_date', 'guests', 'email', 'notes']);
  });
});

describe('validatePage keeps each page schema it builds', () => {
  const appointment = [
    questionSchema.parse({ id: 'visit', type: 'date', label: 'Date of the visit', earliest: 'today' }),
  ];
  const form: FormFields = { 'visit-day': '10', 'visit-month': '3', 'visit-year': '2026' };
  const errorOf = (given: ValidationContext) => {
    const result = validatePage(appointment, readPage(appointment, form), given);
    return result.ok ? undefined : result.errors.byQuestion.get('visit')?.message;
  };

  test('for one day: the same answer is refused before that day, accepted on it', () => {
    expect(errorOf({ ...context, today: '2026-03-11' })).toBeDefined();
    expect(errorOf({ ...context, today: '2026-03-10' })).toBeUndefined();
    expect(errorOf({ ...context, today: '2026-03-11' })).toBeDefined();
  });

  test('for one language: the same mistake is told in each reader’s language', () => {
    const english = errorOf({ ...context, today: '2026-03-11' });
    const spanish = errorOf({ t: i18n.translator('es').t, locale: 'es-ES', today: '2026-03-11' });
    expect(english).toBeDefined();
    expect(spanish).toBeDefined();
    expect(spanish).not.toBe(english);
    expect(errorOf({ ...context, today: '2026-03-11' })).toBe(english);
  });
});
