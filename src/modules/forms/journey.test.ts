/**
 * Which pages a citizen sees as they answer, where "Continue" and "Back" take them, and which answers still
 * count once an earlier answer changes. Conditions are JSON Logic rules over earlier answers.
 */
import { describe, expect, test } from 'vitest';
import type { Answers } from './answers.js';
import { checkCondition, conditionHolds } from './conditions.js';
import {
  countedAnswers,
  findVisiblePage,
  firstUnansweredPage,
  pageAfter,
  pageBefore,
  visiblePages,
  type FormDefinition,
  type VisiblePage,
} from './journey.js';
import { pageSchema } from './question.schema.js';

const ownsVehicle = { '==': [{ var: 'owns_vehicle' }, 'yes'] };

/**
 * A parking permit: the registration is asked only of vehicle owners; the electric-vehicle page only when a
 * registration was given; the contact page asks for a mobile number only of vehicle owners.
 */
const form: FormDefinition = {
  pages: [
    {
      id: 'vehicle',
      questions: [{ id: 'owns_vehicle', type: 'yes-no', label: 'Do you own a vehicle?' }],
    },
    {
      id: 'registration',
      condition: ownsVehicle,
      questions: [{ id: 'registration', type: 'text', label: 'What is its registration number?' }],
    },
    {
      id: 'electric',
      condition: { '!!': [{ var: 'registration' }] },
      questions: [{ id: 'is_electric', type: 'yes-no', label: 'Is it electric?' }],
    },
    {
      id: 'contact',
      title: 'Your contact details',
      questions: [
        { id: 'email', type: 'email', label: 'Email address' },
        { id: 'mobile', type: 'phone', label: 'Mobile number', optional: true, condition: ownsVehicle },
      ],
    },
    {
      id: 'garage',
      questions: [
        {
          id: 'garage_address',
          type: 'address',
          label: 'Where is the garage?',
          condition: { '==': [{ var: 'is_electric' }, 'yes'] },
        },
      ],
    },
  ].map((page) => pageSchema.parse(page)),
};

const shown = (pages: VisiblePage[]): string[] =>
  pages.map(({ page, questions }) => `${page.id}:${questions.map((question) => question.id).join(',')}`);

const owner: Answers = {
  owns_vehicle: 'yes',
  registration: 'AB12 CDE',
  is_electric: 'yes',
  email: 'jane@example.com',
  mobile: null,
  garage_address: { line1: '1 High Street', town: 'Springfield', postcode: 'AB1 2CD' },
};

describe('visiblePages', () => {
  test('before any answer, only pages without conditions on missing answers show', () => {
    expect(shown(visiblePages(form, {}))).toEqual(['vehicle:owns_vehicle', 'contact:email']);
  });

  test('a vehicle owner sees every page and question', () => {
    expect(shown(visiblePages(form, owner))).toEqual([
      'vehicle:owns_vehicle',
      'registration:registration',
      'electric:is_electric',
      'contact:email,mobile',
      'garage:garage_address',
    ]);
  });

  test('changing an earlier answer hides the later pages that depended on it', () => {
    expect(shown(visiblePages(form, { ...owner, owns_vehicle: 'no' }))).toEqual([
      'vehicle:owns_vehicle',
      'contact:email',
    ]);
  });

  test('conditions see only answers that still count, not answers left from an earlier path', () => {
    // The registration is still in the draft, but its page is hidden, so the electric page must not show,
    // and the garage page (conditional on the electric answer) must not show either.
    const changed: Answers = { ...owner, owns_vehicle: 'no' };
    expect(changed.registration).toBe('AB12 CDE');
    expect(findVisiblePage(form, changed, 'electric')).toBeUndefined();
    expect(findVisiblePage(form, changed, 'garage')).toBeUndefined();
  });

  test('a page whose every question is hidden is skipped', () => {
    expect(shown(visiblePages(form, { ...owner, is_electric: 'no' }))).not.toContain('garage:garage_address');
    expect(findVisiblePage(form, { ...owner, is_electric: 'no' }, 'garage')).toBeUndefined();
  });

  test('a condition cannot see an answer to a later page', () => {
    const answersFirst: FormDefinition = {
      pages: [
        pageSchema.parse({
          id: 'first',
          condition: { '==': [{ var: 'later' }, 'yes'] },
          questions: [{ id: 'early', type: 'text', label: 'Early' }],
        }),
        pageSchema.parse({ id: 'second', questions: [{ id: 'later', type: 'yes-no', label: 'Later' }] }),
      ],
    };
    expect(shown(visiblePages(answersFirst, { later: 'yes' }))).toEqual(['second:later']);
  });
});

describe('countedAnswers', () => {
  test('every answer counts while its question is shown, including a blank optional one', () => {
    expect(countedAnswers(form, owner)).toEqual(owner);
  });

  test('answers to questions that are no longer shown do not count', () => {
    expect(countedAnswers(form, { ...owner, owns_vehicle: 'no' })).toEqual({
      owns_vehicle: 'no',
      email: 'jane@example.com',
    });
  });

  test('answers to questions the form does not ask do not count', () => {
    expect(countedAnswers(form, { owns_vehicle: 'no', injected: 'x' })).toEqual({ owns_vehicle: 'no' });
  });
});

describe('firstUnansweredPage', () => {
  test('starts at the first page', () => {
    expect(firstUnansweredPage(form, {})?.page.id).toBe('vehicle');
  });

  test('goes to the page a new answer opened', () => {
    expect(firstUnansweredPage(form, { owns_vehicle: 'yes' })?.page.id).toBe('registration');
  });

  test('skips pages the answers hide', () => {
    expect(firstUnansweredPage(form, { owns_vehicle: 'no' })?.page.id).toBe('contact');
  });

  test('a page is unanswered until all its shown questions are', () => {
    const partly = { owns_vehicle: 'yes', registration: 'AB12 CDE', is_electric: 'no', email: 'a@b.co' };
    expect(firstUnansweredPage(form, partly)?.page.id).toBe('contact');
  });

  test('an optional question left blank (null) counts as answered', () => {
    const answered = { owns_vehicle: 'yes', registration: 'AB12 CDE', is_electric: 'no', email: 'a@b.co' };
    expect(firstUnansweredPage(form, { ...answered, mobile: null })).toBeUndefined();
  });

  test('is undefined once every shown question has an answer', () => {
    expect(firstUnansweredPage(form, owner)).toBeUndefined();
    expect(firstUnansweredPage(form, { owns_vehicle: 'no', email: 'a@b.co' })).toBeUndefined();
  });
});

describe('pageAfter and pageBefore', () => {
  test('continue goes to the next shown page', () => {
    expect(pageAfter(form, owner, 'vehicle')?.page.id).toBe('registration');
    expect(pageAfter(form, { owns_vehicle: 'no' }, 'vehicle')?.page.id).toBe('contact');
    expect(pageAfter(form, { ...owner, is_electric: 'no' }, 'electric')?.page.id).toBe('contact');
  });

  test('there is no page after the last shown page', () => {
    expect(pageAfter(form, owner, 'garage')).toBeUndefined();
    expect(pageAfter(form, { owns_vehicle: 'no' }, 'contact')).toBeUndefined();
  });

  test('there is no page after a page that is hidden or does not exist', () => {
    expect(pageAfter(form, { owns_vehicle: 'no' }, 'registration')).toBeUndefined();
    expect(pageAfter(form, owner, 'no-such-page')).toBeUndefined();
  });

  test('back goes to the previous shown page', () => {
    expect(pageBefore(form, owner, 'contact')?.page.id).toBe('electric');
    expect(pageBefore(form, { owns_vehicle: 'no' }, 'contact')?.page.id).toBe('vehicle');
  });

  test('there is no page before the first', () => {
    expect(pageBefore(form, owner, 'vehicle')).toBeUndefined();
    expect(pageBefore(form, owner, 'no-such-page')).toBeUndefined();
  });

  test('the page returned carries only its shown questions', () => {
    expect(pageAfter(form, { owns_vehicle: 'no' }, 'vehicle')?.questions.map((q) => q.id)).toEqual(['email']);
  });
});

describe('conditions', () => {
  test('no condition always holds', () => {
    expect(conditionHolds(undefined, {})).toBe(true);
  });

  test.each([
    { rule: { '==': [{ var: 'owns_vehicle' }, 'yes'] }, answers: { owns_vehicle: 'yes' }, holds: true },
    { rule: { '==': [{ var: 'owns_vehicle' }, 'yes'] }, answers: { owns_vehicle: 'no' }, holds: false },
    { rule: { '==': [{ var: 'owns_vehicle' }, 'yes'] }, answers: {}, holds: false },
    { rule: { in: ['sofa', { var: 'items' }] }, answers: { items: ['fridge', 'sofa'] }, holds: true },
    { rule: { in: ['sofa', { var: 'items' }] }, answers: { items: ['fridge'] }, holds: false },
    { rule: { '>=': [{ var: 'guests' }, 50] }, answers: { guests: 50 }, holds: true },
    { rule: { '>=': [{ var: 'guests' }, 50] }, answers: { guests: 49 }, holds: false },
    {
      rule: { '==': [{ var: 'venue.postcode' }, 'AB1 2CD'] },
      answers: { venue: { line1: '1 High Street', town: 'Springfield', postcode: 'AB1 2CD' } },
      holds: true,
    },
  ])('$rule over $answers holds: $holds', ({ rule, answers, holds }) => {
    expect(conditionHolds(rule, answers as Answers)).toBe(holds);
  });
});

describe('checkCondition', () => {
  const asked = new Set(['owns_vehicle', 'items', 'venue']);

  test('a rule using known operators and earlier answers has no problems', () => {
    expect(
      checkCondition(
        {
          and: [
            { '==': [{ var: 'owns_vehicle' }, 'yes'] },
            { in: ['sofa', { var: 'items' }] },
            { '!=': [{ var: 'venue.postcode' }, ''] },
          ],
        },
        asked,
      ),
    ).toEqual([]);
  });

  test.each([
    { operator: 'cat', rule: { cat: ['a', { var: 'owns_vehicle' }] } },
    { operator: 'method', rule: { method: [{ var: 'owns_vehicle' }, 'toUpperCase'] } },
    { operator: 'reduce', rule: { reduce: [{ var: 'items' }, 1, 0] } },
  ])('refuses the operator "$operator"', ({ operator, rule }) => {
    expect(checkCondition(rule, asked)).toEqual([
      { message: `unknown or disallowed operator "${operator}"` },
    ]);
  });

  test('finds a disallowed operator nested deep in a rule', () => {
    const rule = { and: [{ '==': [1, 1] }, { or: [{ '!': [{ substr: ['abc', 1] }] }] }] };
    expect(checkCondition(rule, asked)).toEqual([{ message: 'unknown or disallowed operator "substr"' }]);
  });

  test('refuses a variable that is not a question asked earlier', () => {
    expect(checkCondition({ '==': [{ var: 'is_electric' }, 'yes'] }, asked)).toEqual([
      { message: 'refers to "is_electric", which is not a question asked before this point' },
    ]);
  });

  test('checks the question a dotted variable starts with, and a variable with a default', () => {
    expect(checkCondition({ '==': [{ var: 'garage.postcode' }, 'x'] }, asked)).toHaveLength(1);
    expect(checkCondition({ '==': [{ var: ['registration', ''] }, 'x'] }, asked)).toEqual([
      { message: 'refers to "registration", which is not a question asked before this point' },
    ]);
    expect(checkCondition({ '==': [{ var: ['owns_vehicle', 'no'] }, 'yes'] }, asked)).toEqual([]);
  });

  test('refuses a rule object with two operators', () => {
    expect(checkCondition({ '==': [1, 1], '!=': [1, 2] }, asked)).toEqual([
      { message: 'each JSON Logic rule must have exactly one operator' },
    ]);
  });

  test('lists every problem in a rule', () => {
    const rule = { or: [{ '==': [{ var: 'one' }, 'x'] }, { '==': [{ var: 'two' }, 'y'] }, { log: ['z'] }] };
    expect(checkCondition(rule, asked)).toHaveLength(3);
  });
});
