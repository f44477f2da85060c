/**
 * One field type per kind of question (text, date, address, file...). Each knows how to read its raw input
 * from a submitted form, the zod schema that validates that input and turns it into an answer, how to
 * render itself with GOV.UK components, and how to show an answer back to people.
 */
import type { z } from 'zod';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { Answer, FileRef, FormFields } from './answers.js';
import type { Question, QuestionOf, QuestionType } from './question.schema.js';

/** Input as it arrived, kept so a rejected form shows exactly what was typed. */
export type RawValue = string | string[] | Record<string, string> | FileRef[] | undefined;

export interface ValidationContext {
  t: Translator['t'];
  /** Locale for dates and lists in messages (en-GB: "29 March 2026", "PDF, JPG or PNG"). */
  locale: string;
  /** Today's date in the organisation's time zone, YYYY-MM-DD. */
  today: string;
}

/** A calendar date (YYYY-MM-DD) as people read it. */
export function readableDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** "PDF, JPG or PNG": a list of alternatives in the reader's language. */
export function alternatives(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
}

export interface FieldError {
  message: string;
  /** The part of a compound field at fault (day, month, year; line1, town...), for its highlight and link. */
  parts?: string[];
}

export interface RenderInput<Q extends Question> {
  question: Q;
  raw: RawValue;
  error: FieldError | undefined;
  /** The question is alone on its page, so its label or legend is the page heading. */
  asPageHeading: boolean;
  t: Translator['t'];
}

export interface DisplayContext {
  t: Translator['t'];
  formatDate: (date: string) => string;
  formatBytes: (size: number) => string;
}

export interface FieldType<T extends QuestionType> {
  type: T;
  read(form: FormFields, question: QuestionOf<T>): RawValue;
  schema(question: QuestionOf<T>, context: ValidationContext): z.ZodType<Answer, RawValue>;
  toRaw(answer: Answer | undefined, question: QuestionOf<T>): RawValue;
  render(input: RenderInput<QuestionOf<T>>): JSX.Element;
  /** The answer as lines of plain text. */
  display(answer: Answer, question: QuestionOf<T>, context: DisplayContext): string[];
  /** Id of the input an error summary link should move focus to. */
  errorTarget(question: QuestionOf<T>, error: FieldError | undefined): string;
}

/** The name of the answer used in messages: the short label, or a neutral phrase. */
export function answerName(question: Question, t: Translator['t']): string {
  return question.shortLabel ?? t('forms:answerFallbackName');
}

/** A message for a broken rule: the question's own wording when it has one, the catalog's otherwise. */
export function ruleMessage(
  question: Question,
  rule: string,
  t: Translator['t'],
  values: Record<string, unknown> = {},
): string {
  const own = question.messages?.[rule];
  if (own) return own;
  const name = answerName(question, t);
  return t(`forms:errors.${rule}`, { name, Name: name.charAt(0).toUpperCase() + name.slice(1), ...values });
}

/** One text value from a form field: the first of repeated values; anything that is not text counts as empty. */
export function single(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** What fields holding one string share: the raw value is the form field named after the question. */
export const singleValue = {
  read: (form: FormFields, question: Question): RawValue => single(form[question.id]),
  toRaw: (answer: Answer | undefined): RawValue => (typeof answer === 'string' ? answer : ''),
  errorTarget: (question: Question): string => question.id,
};

export function trimmed(raw: RawValue): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

export function labelParams(
  question: Question,
  asPageHeading: boolean,
): { text: string; isPageHeading?: boolean; classes?: string } {
  return asPageHeading
    ? { text: question.label, isPageHeading: true, classes: 'govuk-label--l' }
    : { text: question.label, classes: 'govuk-label--m' };
}

export function legendParams(
  question: Question,
  asPageHeading: boolean,
): { text: string; isPageHeading?: boolean; classes?: string } {
  return asPageHeading
    ? { text: question.label, isPageHeading: true, classes: 'govuk-fieldset__legend--l' }
    : { text: question.label, classes: 'govuk-fieldset__legend--m' };
}

export function hintParams(question: Question): { text: string } | undefined {
  return question.hint ? { text: question.hint } : undefined;
}

export function errorParams(
  error: FieldError | undefined,
  t: Translator['t'],
): { text: string; visuallyHiddenText: string } | undefined {
  return error ? { text: error.message, visuallyHiddenText: t('forms:errorPrefix') } : undefined;
}
