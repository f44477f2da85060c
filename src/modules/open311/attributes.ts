/**
 * A report type's own questions, as Open311 attributes: the service definition a client reads
 * (`services/{code}`) and the `attribute[CODE]` values it posts back. Each question is one attribute whose
 * code is the question's id, so what a client sends is validated by the same form engine, with the same
 * messages, as what a citizen types on the web.
 */
import type { Translator } from '../../platform/i18n/i18n.js';
import {
  readPage,
  validatePage,
  visiblePages,
  type Answers,
  type FormFields,
  type Page,
  type Question,
  type ValidationContext,
} from '../forms/index.js';
import { REPORTER_PAGE_ID } from '../catalogue/index.js';
import { list, text, type Open311Object } from './open311-document.js';

export type Open311Datatype =
  'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** How each kind of question is asked through Open311; files come as the `media` upload instead. */
const datatypes: Record<Exclude<Question['type'], 'file'>, Open311Datatype> = {
  text: 'string',
  'long-text': 'text',
  number: 'number',
  date: 'datetime',
  email: 'string',
  phone: 'string',
  'yes-no': 'singlevaluelist',
  radios: 'singlevaluelist',
  select: 'singlevaluelist',
  checkboxes: 'multivaluelist',
  address: 'text',
};

interface Attribute {
  question: Question;
  datatype: Open311Datatype;
  /** Needed whatever else is answered: not optional, and neither it nor its page is shown only sometimes. */
  required: boolean;
}

/**
 * The report type's own pages: the contact details page Plaza adds to every report type is asked through
 * Open311's own fields (email, first_name, last_name, phone) instead.
 */
export function ownPages(pages: readonly Page[]): Page[] {
  return pages.filter((page) => page.id !== REPORTER_PAGE_ID);
}

function attributesOf(pages: readonly Page[]): Attribute[] {
  return ownPages(pages).flatMap((page) =>
    page.questions.flatMap((question): Attribute[] =>
      question.type === 'file'
        ? []
        : [
            {
              question,
              datatype: datatypes[question.type],
              required: !question.optional && !question.condition && !page.condition,
            },
          ],
    ),
  );
}

/** Whether a report type asks anything beyond where, what and photos (Open311's `metadata`). */
export function hasAttributes(pages: readonly Page[]): boolean {
  return attributesOf(pages).length > 0;
}

function datatypeDescription(question: Question, t: Translator['t']): string | null {
  switch (question.type) {
    case 'date':
      return t('open311:datatype.date');
    case 'number':
      if (question.min !== undefined && question.max !== undefined)
        return t('open311:datatype.numberBetween', { min: question.min, max: question.max });
      return question.integer ? t('open311:datatype.wholeNumber') : t('open311:datatype.number');
    case 'email':
      return t('open311:datatype.email');
    case 'phone':
      return t('open311:datatype.phone');
    case 'address':
      return t('open311:datatype.address');
    case 'checkboxes':
      return t('open311:datatype.multivaluelist');
    case 'text':
    case 'long-text':
      return t('open311:datatype.maxLength', { count: question.maxLength });
    case 'radios':
    case 'select':
    case 'yes-no':
    case 'file':
      return null;
  }
}

function valuesOf(question: Question, t: Translator['t']): { key: string; name: string }[] | undefined {
  if (question.type === 'yes-no')
    return [
      { key: 'yes', name: t('forms:yes') },
      { key: 'no', name: t('forms:no') },
    ];
  if (question.type === 'radios' || question.type === 'select' || question.type === 'checkboxes')
    return question.options.map((option) => ({ key: option.value, name: option.label }));
  return undefined;
}

/** `attributes/attribute{variable, code, datatype, required, datatype_description, order, description, values}`. */
export function attributeList(pages: readonly Page[], t: Translator['t']): Open311Object[] {
  return attributesOf(pages).map(({ question, datatype, required }, index) => {
    const values = valuesOf(question, t);
    const description = question.hint ? `${question.label} ${question.hint}` : question.label;
    return {
      variable: true,
      code: question.id,
      datatype,
      required,
      datatype_description: text(datatypeDescription(question, t)),
      order: index + 1,
      description: text(description),
      ...(values
        ? {
            values: list(
              'value',
              values.map((value) => ({ key: value.key, name: text(value.name) })),
            ),
          }
        : {}),
    };
  });
}

/** The values posted as `attribute[CODE]` (one) and `attribute[CODE][]` (several), by code. */
export function postedAttributes(fields: Record<string, string[]>): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const [name, values] of Object.entries(fields)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(name);
    if (!match) continue;
    const code = match[1] as string;
    attributes.set(code, [...(attributes.get(code) ?? []), ...values]);
  }
  return attributes;
}

export interface AttributeProblem {
  code: string;
  message: string;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The form fields the web journey would have posted for these attribute values: a date's day, month and
 * year; an address's lines (one per line or comma: first line, optional second line, town, postcode).
 */
function formFieldsFor(question: Question, values: string[]): FormFields | AttributeProblem {
  const first = values[0] ?? '';
  switch (question.type) {
    case 'checkboxes':
      return { [question.id]: values.filter((value) => value !== '') };
    case 'date': {
      if (first.trim() === '') return {};
      const match = isoDate.exec(first.trim());
      if (!match) return { code: question.id, message: 'date' };
      return {
        [`${question.id}-day`]: String(Number(match[3])),
        [`${question.id}-month`]: String(Number(match[2])),
        [`${question.id}-year`]: match[1] as string,
      };
    }
    case 'address': {
      const lines = first
        .split(/\r?\n|,/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      if (lines.length === 0) return {};
      const [line1 = '', ...rest] = lines;
      const postcode = rest.length >= 2 ? (rest.pop() as string) : '';
      const town = rest.pop() ?? '';
      return {
        [`${question.id}-line1`]: line1,
        [`${question.id}-line2`]: rest.join(', '),
        [`${question.id}-town`]: town,
        [`${question.id}-postcode`]: postcode,
      };
    }
    case 'text':
    case 'long-text':
    case 'number':
    case 'email':
    case 'phone':
    case 'radios':
    case 'select':
    case 'yes-no':
    case 'file':
      return { [question.id]: first };
  }
}

/**
 * Validates posted attributes against a report type's questions, page by page as the journey shows them
 * (a question shown only for some answers is asked only then), with the form engine's own messages.
 */
export function answersFromAttributes(
  pages: readonly Page[],
  posted: Map<string, string[]>,
  context: ValidationContext,
): { answers: Answers; problems: AttributeProblem[] } {
  const own = ownPages(pages);
  const fields: FormFields = {};
  const problems: AttributeProblem[] = [];
  for (const page of own) {
    for (const question of page.questions) {
      if (question.type === 'file') continue;
      const converted = formFieldsFor(question, posted.get(question.id) ?? []);
      if ('message' in converted)
        problems.push({ code: question.id, message: context.t('open311:errors.attributeDate') });
      else Object.assign(fields, converted);
    }
  }
  const answers: Answers = {};
  const checked = new Set<string>();
  for (;;) {
    // Conditions see the answers that passed so far, as in the journey; every page shown is checked.
    const visible = visiblePages({ pages: own }, answers).find(
      ({ page, questions }) =>
        !checked.has(page.id) && questions.some((question) => question.type !== 'file'),
    );
    if (!visible) break;
    checked.add(visible.page.id);
    const questions = visible.questions.filter((question) => question.type !== 'file');
    const result = validatePage(questions, readPage(questions, fields), context);
    if (result.ok) {
      Object.assign(answers, result.answers);
      continue;
    }
    for (const [code, error] of result.errors.byQuestion) {
      if (!problems.some((problem) => problem.code === code)) problems.push({ code, message: error.message });
    }
  }
  return { answers, problems };
}
