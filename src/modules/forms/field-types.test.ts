/**
 * What a citizen sees when they answer a question of each field type: the answer stored when the input is
 * good (trimmed and normalised), and the exact error message (GOV.UK wording from locales/en/forms.json)
 * when it is not. Messages come from the real catalog through a strict translator, so a missing key fails.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createI18n } from '../../platform/i18n/i18n.js';
import type { Answer, FileRef, FormFields } from './answers.js';
import type { FieldError, RawValue, ValidationContext } from './field-type.js';
import { checkUpload } from './field-types/file.field.js';
import { readPage, validatePage } from './page-validation.js';
import { questionSchema, type Question, type QuestionOf } from './question.schema.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const i18n = await createI18n(join(repo, 'locales'), { strict: true });
const { t } = i18n.translator('en');
/** A Sunday; dates relative to "today" below count from it. */
const TODAY = '2026-03-15';
const context: ValidationContext = { t, locale: 'en-GB', today: TODAY };

const MB = 1024 * 1024;

function makeQuestion(type: string, base: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return questionSchema.parse({ id: 'answer', label: 'The question', type, ...base, ...overrides });
}

type Outcome = { answer: Answer | undefined } | { error: FieldError | undefined };

/** Validates one question the way a page does, and returns what the citizen would get back. */
function validate(question: Question, raw: RawValue): Outcome {
  const result = validatePage([question], { [question.id]: raw }, context);
  return result.ok
    ? { answer: result.answers[question.id] }
    : { error: result.errors.byQuestion.get(question.id) };
}

interface ValidCase {
  name: string;
  question?: Record<string, unknown>;
  raw: RawValue;
  answer: Answer;
}

interface InvalidCase {
  name: string;
  question?: Record<string, unknown>;
  raw: RawValue;
  message: string;
  parts?: string[];
}

interface FieldTable {
  type: string;
  base: Record<string, unknown>;
  valid: ValidCase[];
  invalid: InvalidCase[];
}

const photo: FileRef = { id: 'f1', name: 'damage.jpg', size: 2048, mediaType: 'image/jpeg' };
const plan: FileRef = { id: 'f2', name: 'plan.pdf', size: 4096, mediaType: 'application/pdf' };
const letter: FileRef = { id: 'f3', name: 'letter.pdf', size: 1024, mediaType: 'application/pdf' };

const skipSizes = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' },
];

const date = (day: string, month: string, year: string): RawValue => ({ day, month, year });
const address = (line1: string, line2: string, town: string, postcode: string): RawValue => ({
  line1,
  line2,
  town,
  postcode,
});

const tables: FieldTable[] = [
  {
    type: 'text',
    base: { shortLabel: 'your full name' },
    valid: [
      { name: 'trims and collapses spaces', raw: '  Jane   Smith ', answer: 'Jane Smith' },
      { name: 'exactly maxLength characters', question: { maxLength: 5 }, raw: 'abcde', answer: 'abcde' },
      {
        name: 'uppercases a registration number',
        question: { uppercase: true, pattern: '^[A-Z]{2}[0-9]{2} [A-Z]{3}$' },
        raw: ' ab12   cde ',
        answer: 'AB12 CDE',
      },
      {
        name: 'optional and blank is stored as null',
        question: { optional: true },
        raw: '   ',
        answer: null,
      },
      {
        name: 'optional and missing is stored as null',
        question: { optional: true },
        raw: undefined,
        answer: null,
      },
    ],
    invalid: [
      { name: 'blank', raw: '', message: 'Enter your full name' },
      { name: 'only spaces', raw: '   ', message: 'Enter your full name' },
      { name: 'missing from the form', raw: undefined, message: 'Enter your full name' },
      {
        name: 'required with no short label',
        question: { shortLabel: undefined },
        raw: '',
        message: 'Enter an answer',
      },
      {
        name: 'longer than maxLength',
        question: { maxLength: 5 },
        raw: 'abcdef',
        message: 'Your full name must be 5 characters or fewer',
      },
      {
        name: 'shorter than minLength',
        question: { minLength: 3 },
        raw: 'ab',
        message: 'Your full name must be 3 characters or more',
      },
      {
        name: 'not matching the pattern',
        question: { pattern: '^[A-Za-z ]+$' },
        raw: 'J4ne',
        message: 'Enter your full name in the correct format',
      },
      {
        name: 'not matching the pattern, with the question’s own message',
        question: {
          shortLabel: 'the registration number',
          uppercase: true,
          pattern: '^[A-Z]{2}[0-9]{2} [A-Z]{3}$',
          messages: { pattern: 'Enter a registration number like AB12 CDE' },
        },
        raw: 'ab12',
        message: 'Enter a registration number like AB12 CDE',
      },
      {
        name: 'optional but not matching the pattern',
        question: { optional: true, pattern: '^[0-9]+$' },
        raw: 'abc',
        message: 'Enter your full name in the correct format',
      },
      {
        name: 'blank, with the question’s own required message',
        question: { messages: { required: 'Enter your name as it appears on your passport' } },
        raw: '',
        message: 'Enter your name as it appears on your passport',
      },
    ],
  },
  {
    type: 'long-text',
    base: { shortLabel: 'a description of the problem', maxLength: 9 },
    valid: [
      {
        name: 'CRLF line breaks are stored as LF',
        raw: 'Line\r\nTwo',
        answer: 'Line\nTwo',
      },
      {
        name: 'CRLF counts as one character against maxLength',
        raw: 'abcde\r\nfgh',
        answer: 'abcde\nfgh',
      },
      { name: 'trims the ends', raw: '\r\n  Broken  \r\n', answer: 'Broken' },
      { name: 'optional and blank is stored as null', question: { optional: true }, raw: '  ', answer: null },
    ],
    invalid: [
      { name: 'blank', raw: '\r\n ', message: 'Enter a description of the problem' },
      {
        name: 'longer than maxLength',
        raw: 'abcde\r\nfghi',
        message: 'A description of the problem must be 9 characters or fewer',
      },
      {
        name: 'shorter than minLength',
        question: { minLength: 4 },
        raw: 'abc',
        message: 'A description of the problem must be 4 characters or more',
      },
    ],
  },
  {
    type: 'number',
    base: { shortLabel: 'the number of guests' },
    valid: [
      { name: 'a whole number', raw: ' 42 ', answer: 42 },
      { name: 'spaces between thousands', raw: '1 000', answer: 1000 },
      { name: 'commas between thousands', raw: '1,250,000', answer: 1250000 },
      { name: 'a decimal', raw: '2.50', answer: 2.5 },
      { name: 'a negative number', raw: '-3.5', answer: -3.5 },
      { name: 'at the minimum', question: { min: 1, max: 500 }, raw: '1', answer: 1 },
      { name: 'at the maximum', question: { min: 1, max: 500 }, raw: '500', answer: 500 },
      { name: 'optional and blank is stored as null', question: { optional: true }, raw: ' ', answer: null },
    ],
    invalid: [
      { name: 'blank', raw: '', message: 'Enter the number of guests' },
      { name: 'words', raw: 'twelve', message: 'The number of guests must be a number' },
      { name: 'digits followed by letters', raw: '12abc', message: 'The number of guests must be a number' },
      { name: 'two decimal points', raw: '1.2.3', message: 'The number of guests must be a number' },
      {
        // A decimal comma is not a thousands separator: "1,5" must not be stored as fifteen.
        name: 'a comma that does not separate thousands',
        raw: '1,5',
        message: 'The number of guests must be a number',
      },
      {
        name: 'a decimal where a whole number is asked for',
        question: { integer: true },
        raw: '2.5',
        message: 'The number of guests must be a whole number',
      },
      {
        name: 'below the minimum',
        question: { min: 1, max: 500 },
        raw: '0',
        message: 'The number of guests must be 1 or more',
      },
      {
        name: 'above the maximum',
        question: { min: 1, max: 500 },
        raw: '501',
        message: 'The number of guests must be 500 or less',
      },
      {
        name: 'above the maximum once separators are removed',
        question: { max: 500 },
        raw: '1 000',
        message: 'The number of guests must be 500 or less',
      },
    ],
  },
  {
    type: 'date',
    base: { shortLabel: 'the date of the party' },
    valid: [
      { name: 'numbers', raw: date('5', '3', '2026'), answer: '2026-03-05' },
      { name: 'leading zeros and spaces', raw: date(' 05 ', '03', ' 2026'), answer: '2026-03-05' },
      { name: 'a month name', raw: date('5', 'March', '2026'), answer: '2026-03-05' },
      { name: 'a short month name', raw: date('5', 'mar', '2026'), answer: '2026-03-05' },
      { name: 'a short month name in capitals', raw: date('1', 'DEC', '2026'), answer: '2026-12-01' },
      { name: '29 February in a leap year', raw: date('29', '2', '2024'), answer: '2024-02-29' },
      {
        name: 'today when it must not be in the past',
        question: { earliest: 'today' },
        raw: date('15', '3', '2026'),
        answer: TODAY,
      },
      {
        name: 'today when it must not be in the future',
        question: { latest: 'today' },
        raw: date('15', '3', '2026'),
        answer: TODAY,
      },
      {
        name: 'exactly 14 days from today',
        question: { earliest: { days: 14 } },
        raw: date('29', '3', '2026'),
        answer: '2026-03-29',
      },
      {
        name: 'optional and blank is stored as null',
        question: { optional: true },
        raw: date(' ', '', ''),
        answer: null,
      },
    ],
    invalid: [
      {
        name: 'all parts blank',
        raw: date('', '', ''),
        message: 'Enter the date of the party',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'no day',
        raw: date('', '3', '2026'),
        message: 'The date of the party must include a day',
        parts: ['day'],
      },
      {
        name: 'no month',
        raw: date('5', '', '2026'),
        message: 'The date of the party must include a month',
        parts: ['month'],
      },
      {
        name: 'no year',
        raw: date('5', '3', ' '),
        message: 'The date of the party must include a year',
        parts: ['year'],
      },
      {
        name: 'no day and no month',
        raw: date('', '', '2026'),
        message: 'The date of the party must include a day and month',
        parts: ['day', 'month'],
      },
      {
        name: 'no day and no year',
        raw: date('', '3', ''),
        message: 'The date of the party must include a day and year',
        parts: ['day', 'year'],
      },
      {
        name: 'no month and no year',
        raw: date('5', '', ''),
        message: 'The date of the party must include a month and year',
        parts: ['month', 'year'],
      },
      {
        name: '31 February',
        raw: date('31', '2', '2026'),
        message: 'The date of the party must be a real date',
        parts: ['day', 'month', 'year'],
      },
      {
        name: '29 February in a year that is not a leap year',
        raw: date('29', '2', '2026'),
        message: 'The date of the party must be a real date',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'a 13th month',
        raw: date('1', '13', '2026'),
        message: 'The date of the party must be a real date',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'day 0',
        raw: date('0', '3', '2026'),
        message: 'The date of the party must be a real date',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'a day that is not a number',
        raw: date('fifth', '3', '2026'),
        message: 'The date of the party must be a real date',
        parts: ['day'],
      },
      {
        name: 'a month name that is not a month',
        raw: date('5', 'Marchember', '2026'),
        message: 'The date of the party must be a real date',
        parts: ['month'],
      },
      {
        name: 'a 2-digit year',
        raw: date('5', '3', '26'),
        message: 'Year must include 4 numbers',
        parts: ['year'],
      },
      {
        name: 'a 5-digit year',
        raw: date('5', '3', '20266'),
        message: 'Year must include 4 numbers',
        parts: ['year'],
      },
      {
        name: 'yesterday when it must not be in the past',
        question: { earliest: 'today' },
        raw: date('14', '3', '2026'),
        message: 'The date of the party must be today or in the future',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'tomorrow when it must not be in the future',
        question: { latest: 'today' },
        raw: date('16', '3', '2026'),
        message: 'The date of the party must be today or in the past',
        parts: ['day', 'month', 'year'],
      },
      {
        name: '{days: 0} is today, so it reads like "today"',
        question: { earliest: { days: 0 } },
        raw: date('14', '3', '2026'),
        message: 'The date of the party must be today or in the future',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'sooner than 14 days from today',
        question: { earliest: { days: 14 } },
        raw: date('28', '3', '2026'),
        message: 'The date of the party must be the same as or after 29 March 2026',
        parts: ['day', 'month', 'year'],
      },
      {
        name: 'after a fixed latest date',
        question: { latest: '2026-12-31' },
        raw: date('1', '1', '2027'),
        message: 'The date of the party must be the same as or before 31 December 2026',
        parts: ['day', 'month', 'year'],
      },
    ],
  },
  {
    type: 'email',
    base: { shortLabel: 'your email address' },
    valid: [
      { name: 'trims spaces', raw: '  jane.smith@example.com ', answer: 'jane.smith@example.com' },
      { name: 'a plus address', raw: 'jane+plaza@example.co.uk', answer: 'jane+plaza@example.co.uk' },
      { name: 'optional and blank is stored as null', question: { optional: true }, raw: '', answer: null },
    ],
    invalid: [
      { name: 'blank', raw: ' ', message: 'Enter your email address' },
      ...['jane', 'jane@', 'jane@example', 'jane smith@example.com', 'jane@@example.com', '@example.com'].map(
        (raw) => ({
          name: `"${raw}"`,
          raw,
          message: 'Enter an email address in the correct format, like name@example.com',
        }),
      ),
      {
        name: 'optional but not an address',
        question: { optional: true },
        raw: 'jane',
        message: 'Enter an email address in the correct format, like name@example.com',
      },
      {
        name: 'longer than 254 characters',
        raw: `${'a'.repeat(64)}@${'b'.repeat(190)}.com`,
        message: 'Your email address must be 254 characters or fewer',
      },
    ],
  },
  {
    type: 'phone',
    base: { shortLabel: 'your telephone number' },
    valid: [
      { name: 'a UK number with spaces', raw: '01632 960 001', answer: '01632 960 001' },
      { name: 'an international number', raw: '+44 808 157 0192', answer: '+44 808 157 0192' },
      { name: 'brackets and hyphens', raw: '(01632) 960-001', answer: '(01632) 960-001' },
      { name: 'trims and collapses spaces', raw: '  07700   900 982 ', answer: '07700 900 982' },
      { name: 'optional and blank is stored as null', question: { optional: true }, raw: '', answer: null },
    ],
    invalid: [
      { name: 'blank', raw: '', message: 'Enter your telephone number' },
      ...['call me', '0800 CALL NOW', '123456', '+44 1234 5678 9012 345', '01632/960001'].map((raw) => ({
        name: `"${raw}"`,
        raw,
        message: 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192',
      })),
    ],
  },
  {
    type: 'yes-no',
    base: { shortLabel: 'whether you own a vehicle' },
    valid: [
      { name: 'yes', raw: 'yes', answer: 'yes' },
      { name: 'no', raw: 'no', answer: 'no' },
      {
        name: 'optional and not answered is stored as null',
        question: { optional: true },
        raw: '',
        answer: null,
      },
    ],
    invalid: [
      { name: 'not answered', raw: '', message: 'Select whether you own a vehicle' },
      { name: 'missing from the form', raw: undefined, message: 'Select whether you own a vehicle' },
      { name: 'a tampered value', raw: 'maybe', message: 'Select whether you own a vehicle' },
      { name: 'a value in the wrong case', raw: 'YES', message: 'Select whether you own a vehicle' },
      {
        name: 'optional with a tampered value',
        question: { optional: true },
        raw: 'maybe',
        message: 'Select whether you own a vehicle',
      },
    ],
  },
  {
    type: 'radios',
    base: { shortLabel: 'the size of the skip', options: skipSizes },
    valid: [
      { name: 'an option', raw: 'medium', answer: 'medium' },
      {
        name: 'optional and not answered is stored as null',
        question: { optional: true },
        raw: '',
        answer: null,
      },
    ],
    invalid: [
      { name: 'not answered', raw: '', message: 'Select the size of the skip' },
      {
        name: 'a value not in the list (a tampered form)',
        raw: 'huge',
        message: 'Select the size of the skip',
      },
      {
        name: 'an option’s label instead of its value',
        raw: 'Medium',
        message: 'Select the size of the skip',
      },
      {
        name: 'optional with a value not in the list',
        question: { optional: true },
        raw: 'huge',
        message: 'Select the size of the skip',
      },
    ],
  },
  {
    type: 'select',
    base: {
      shortLabel: 'your ward',
      options: [
        { value: 'north', label: 'North' },
        { value: 'south', label: 'South' },
      ],
    },
    valid: [
      { name: 'an option', raw: 'south', answer: 'south' },
      {
        name: 'optional and left on the placeholder is stored as null',
        question: { optional: true },
        raw: '',
        answer: null,
      },
    ],
    invalid: [
      { name: 'left on the placeholder', raw: '', message: 'Select your ward' },
      { name: 'a value not in the list (a tampered form)', raw: 'east', message: 'Select your ward' },
    ],
  },
  {
    type: 'checkboxes',
    base: {
      shortLabel: 'the items to collect',
      options: [
        { value: 'sofa', label: 'Sofa' },
        { value: 'fridge', label: 'Fridge' },
        { value: 'mattress', label: 'Mattress' },
        { value: 'table', label: 'Table' },
      ],
    },
    valid: [
      { name: 'one item sent alone', raw: 'fridge', answer: ['fridge'] },
      { name: 'kept in the order of the options', raw: ['table', 'sofa'], answer: ['sofa', 'table'] },
      { name: 'an item ticked twice counts once', raw: ['sofa', 'sofa'], answer: ['sofa'] },
      {
        name: 'as many as allowed',
        question: { minSelected: 2, maxSelected: 3 },
        raw: ['mattress', 'sofa', 'table'],
        answer: ['sofa', 'mattress', 'table'],
      },
      { name: 'optional and none ticked is stored as []', question: { optional: true }, raw: [], answer: [] },
    ],
    invalid: [
      { name: 'none ticked', raw: [], message: 'Select at least one option for the items to collect' },
      {
        name: 'missing from the form',
        raw: undefined,
        message: 'Select at least one option for the items to collect',
      },
      {
        name: 'a value not in the list (a tampered form)',
        raw: ['sofa', 'piano'],
        message: 'Select the items to collect',
      },
      {
        name: 'fewer than minSelected',
        question: { minSelected: 2 },
        raw: ['sofa', 'sofa'],
        message: 'Select at least 2 options for the items to collect',
      },
      {
        name: 'more than maxSelected',
        question: { maxSelected: 3 },
        raw: ['sofa', 'fridge', 'mattress', 'table'],
        message: 'Select no more than 3 options for the items to collect',
      },
    ],
  },
  {
    type: 'address',
    base: { shortLabel: 'the address of the party' },
    valid: [
      {
        name: 'trims lines, uppercases the postcode, leaves out a blank line 2',
        raw: address(' 1   High Street ', ' ', ' Springfield', 'ab1   2cd '),
        answer: { line1: '1 High Street', town: 'Springfield', postcode: 'AB1 2CD' },
      },
      {
        name: 'keeps line 2',
        raw: address('1 High Street', 'Flat 2', 'Springfield', 'AB1 2CD'),
        answer: { line1: '1 High Street', line2: 'Flat 2', town: 'Springfield', postcode: 'AB1 2CD' },
      },
      {
        name: 'a postcode in lower case matching postcodePattern',
        question: { postcodePattern: '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$' },
        raw: address('1 High Street', '', 'Springfield', 'sw1a 1aa'),
        answer: { line1: '1 High Street', town: 'Springfield', postcode: 'SW1A 1AA' },
      },
      {
        name: 'optional and blank is stored as null',
        question: { optional: true },
        raw: address('', ' ', '', ''),
        answer: null,
      },
    ],
    invalid: [
      {
        name: 'all lines blank',
        raw: address('', '', '', ''),
        message: 'Enter the address of the party',
        parts: ['line1', 'town', 'postcode'],
      },
      {
        name: 'missing from the form',
        raw: undefined,
        message: 'Enter the address of the party',
        parts: ['line1', 'town', 'postcode'],
      },
      {
        name: 'no line 1',
        raw: address('', 'Flat 2', 'Springfield', 'AB1 2CD'),
        message: 'Enter address line 1, typically the building and street',
        parts: ['line1'],
      },
      {
        name: 'no town',
        raw: address('1 High Street', '', ' ', 'AB1 2CD'),
        message: 'Enter town or city',
        parts: ['town'],
      },
      {
        name: 'no postcode',
        raw: address('1 High Street', '', 'Springfield', ''),
        message: 'Enter postcode',
        parts: ['postcode'],
      },
      {
        name: 'a postcode not matching postcodePattern',
        question: { postcodePattern: '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$' },
        raw: address('1 High Street', '', 'Springfield', '12345'),
        message: 'Enter a real postcode',
        parts: ['postcode'],
      },
      {
        name: 'a line over 100 characters',
        raw: address('1 High Street', 'x'.repeat(101), 'Springfield', 'AB1 2CD'),
        message: 'Each address line must be 100 characters or fewer',
        parts: ['line2'],
      },
      {
        name: 'optional but only partly filled in',
        question: { optional: true },
        raw: address('1 High Street', '', '', ''),
        message: 'Enter town or city',
        parts: ['town'],
      },
    ],
  },
  {
    type: 'file',
    base: { shortLabel: 'a photo of the damage' },
    valid: [
      { name: 'one file', raw: [photo], answer: [photo] },
      {
        name: 'as many files as allowed',
        question: { maxFiles: 3 },
        raw: [photo, plan, letter],
        answer: [photo, plan, letter],
      },
      {
        name: 'optional and none uploaded is stored as []',
        question: { optional: true },
        raw: [],
        answer: [],
      },
    ],
    invalid: [
      { name: 'none uploaded', raw: [], message: 'Select a photo of the damage' },
      {
        name: 'a form field instead of an upload',
        raw: 'damage.jpg',
        message: 'Select a photo of the damage',
      },
      {
        name: 'more files than maxFiles',
        question: { maxFiles: 2 },
        raw: [photo, plan, letter],
        message: 'You can upload up to 2 files',
      },
    ],
  },
];

test('the tables cover all 12 field types', () => {
  expect(new Set(tables.map((table) => table.type))).toEqual(
    new Set([
      'text',
      'long-text',
      'number',
      'date',
      'email',
      'phone',
      'yes-no',
      'radios',
      'select',
      'checkboxes',
      'address',
      'file',
    ]),
  );
});

test('the translator is strict, so a message missing from the catalog fails these tests', () => {
  expect(() => t('forms:errors.noSuchRule')).toThrow(/Missing message/);
});

describe.each(tables)('$type field', ({ type, base, valid, invalid }) => {
  test.each(valid)('accepts $name', ({ question, raw, answer }) => {
    expect(validate(makeQuestion(type, base, question), raw)).toStrictEqual({ answer });
  });

  test.each(invalid)('refuses $name', ({ question, raw, message, parts }) => {
    const outcome = validate(makeQuestion(type, base, question), raw);
    expect(outcome).toStrictEqual({ error: parts ? { message, parts } : { message } });
  });
});

describe('reading answers from a submitted form', () => {
  const read = (question: Question, form: FormFields): RawValue => readPage([question], form)[question.id];

  test('a date is read from its three inputs', () => {
    const question = makeQuestion('date', {}, { id: 'party_date' });
    const raw = read(question, {
      'party_date-day': '5',
      'party_date-month': 'mar',
      'party_date-year': '2026',
    });
    expect(raw).toEqual({ day: '5', month: 'mar', year: '2026' });
    expect(validate(question, raw)).toStrictEqual({ answer: '2026-03-05' });
  });

  test('an address is read from its four inputs', () => {
    const question = makeQuestion('address', {}, { id: 'venue' });
    const raw = read(question, {
      'venue-line1': '1 High Street',
      'venue-line2': '',
      'venue-town': 'Springfield',
      'venue-postcode': 'ab1 2cd',
    });
    expect(validate(question, raw)).toStrictEqual({
      answer: { line1: '1 High Street', town: 'Springfield', postcode: 'AB1 2CD' },
    });
  });

  test('checkboxes arrive as a repeated field, or a single value when one is ticked', () => {
    const question = makeQuestion(
      'checkboxes',
      {},
      {
        id: 'items',
        options: [
          { value: 'sofa', label: 'Sofa' },
          { value: 'table', label: 'Table' },
        ],
      },
    );
    expect(read(question, { items: ['table', 'sofa'] })).toEqual(['table', 'sofa']);
    expect(read(question, { items: 'table' })).toEqual(['table']);
    expect(read(question, {})).toEqual([]);
  });

  test('a text field sent twice keeps the first value', () => {
    const question = makeQuestion('text', {}, { id: 'name' });
    expect(read(question, { name: ['Jane', 'John'] })).toBe('Jane');
  });

  test('uploads come from the stored files, never from form fields', () => {
    const question = makeQuestion('file', {}, { id: 'evidence' });
    expect(readPage([question], { evidence: 'plan.pdf' }, { evidence: [plan] })).toEqual({
      evidence: [plan],
    });
    expect(readPage([question], { evidence: 'plan.pdf' })).toEqual({ evidence: [] });
  });
});

describe('checkUpload', () => {
  const question = makeQuestion(
    'file',
    { shortLabel: 'the site plan' },
    { accept: ['pdf', 'jpg'], maxSizeMb: 2 },
  );
  const upload = (size: number, detectedType: string | undefined, truncated = false) => ({
    size,
    detectedType,
    truncated,
  });
  const check = (
    file: ReturnType<typeof upload>,
    deploymentMaxBytes = 10 * MB,
    forQuestion: QuestionOf<'file'> = question as QuestionOf<'file'>,
  ) => checkUpload(forQuestion, file, { t, locale: 'en-GB' }, deploymentMaxBytes);

  test.each([
    { name: 'a PDF', file: upload(MB, 'application/pdf') },
    { name: 'a JPEG', file: upload(MB, 'image/jpeg') },
    { name: 'a file of exactly the largest size', file: upload(2 * MB, 'application/pdf') },
  ])('accepts $name', ({ file }) => {
    expect(check(file)).toBeUndefined();
  });

  test.each([
    {
      name: 'a file larger than the question allows',
      file: upload(2 * MB + 1, 'application/pdf'),
      message: 'The selected file must be smaller than 2 MB',
    },
    {
      name: 'a file cut short because it went over the upload limit',
      file: upload(MB, 'application/pdf', true),
      message: 'The selected file must be smaller than 2 MB',
    },
    { name: 'an empty file', file: upload(0, 'application/pdf'), message: 'The selected file is empty' },
    {
      // Only the detected content type counts: a ZIP renamed plan.pdf is refused.
      name: 'a file whose content is not an accepted type, whatever its name',
      file: upload(MB, 'application/zip'),
      message: 'The selected file must be a PDF or JPG',
    },
    {
      name: 'a file whose type could not be detected',
      file: upload(MB, undefined),
      message: 'The selected file must be a PDF or JPG',
    },
    {
      name: 'an image of a kind the question does not accept',
      file: upload(MB, 'image/png'),
      message: 'The selected file must be a PDF or JPG',
    },
  ])('refuses $name', ({ file, message }) => {
    expect(check(file)).toBe(message);
  });

  test('the deployment’s upload limit wins when it is lower than the question’s', () => {
    expect(check(upload(MB + 1, 'application/pdf'), MB)).toBe('The selected file must be smaller than 1 MB');
    expect(check(upload(MB, 'application/pdf'), MB)).toBeUndefined();
  });

  test('a limit under 1 MB is not shown as "0 MB"', () => {
    const small = makeQuestion('file', {}, { maxSizeMb: 0.5 }) as QuestionOf<'file'>;
    expect(check(upload(600 * 1024, 'application/pdf'), 10 * MB, small)).toBe(
      'The selected file must be smaller than 512 KB',
    );
    expect(check(upload(600 * 1024, 'application/pdf'), 500 * 1024)).toBe(
      'The selected file must be smaller than 500 KB',
    );
  });

  test('a limit that is not a whole number of megabytes is shown with one decimal', () => {
    const question = makeQuestion('file', {}, { maxSizeMb: 2.5 }) as QuestionOf<'file'>;
    expect(check(upload(3 * MB, 'application/pdf'), 10 * MB, question)).toBe(
      'The selected file must be smaller than 2.5 MB',
    );
  });

  test('HEIC photos are accepted whichever of their two media types is detected', () => {
    const heic = makeQuestion('file', {}, { accept: ['heic'] }) as QuestionOf<'file'>;
    expect(check(upload(MB, 'image/heic'), 10 * MB, heic)).toBeUndefined();
    expect(check(upload(MB, 'image/heif'), 10 * MB, heic)).toBeUndefined();
  });
});

describe('a date’s month written as a word in the reader’s language', () => {
  const question = makeQuestion('date', { shortLabel: 'the date' });
  const inLocale = (language: string, locale: string, month: string) => {
    const result = validatePage(
      [question],
      { answer: date('5', month, '2026') },
      {
        t: i18n.translator(language).t,
        locale,
        today: TODAY,
      },
    );
    return result.ok ? result.answers[question.id] : result.errors.byQuestion.get(question.id)?.message;
  };

  test.each([
    ['es', 'es-ES', 'marzo', '2026-03-05'],
    ['es', 'es-ES', 'Sept.', '2026-09-05'],
    ['fr', 'fr-FR', 'Février', '2026-02-05'],
    ['fr', 'fr-FR', 'fevr', '2026-02-05'],
    ['fr', 'fr-FR', 'août', '2026-08-05'],
    ['ar', 'ar-u-nu-latn', 'مارس', '2026-03-05'],
    ['es', 'es-ES', 'March', '2026-03-05'],
  ])('%s (%s): "%s" is understood', (language, locale, month, answer) => {
    expect(inLocale(language, locale, month)).toBe(answer);
  });

  test('a word that is no month is refused in the reader’s language', () => {
    expect(inLocale('es', 'es-ES', 'marzipan')).toBe(
      i18n.translator('es').t('forms:errors.dateReal', { Name: 'The date', name: 'the date' }),
    );
  });
});
