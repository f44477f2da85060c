/**
 * Validates the answers to one page: one zod schema per page, built from its questions' field types, turns
 * the raw form input into answers or into an error per question, in the order the questions appear.
 */
import { z } from 'zod';
import type { Answers, FileRef, FormFields } from './answers.js';
import type { FieldError, RawValue, ValidationContext } from './field-type.js';
import { fieldTypeOf } from './field-types/registry.js';
import type { Question } from './question.schema.js';

export interface PageErrors {
  /** By question id, in question order. */
  byQuestion: Map<string, FieldError>;
}

export type PageResult =
  { ok: true; answers: Answers } | { ok: false; raw: Record<string, RawValue>; errors: PageErrors };

/** Raw input of each question on the page, from the submitted form (uploads come from `files`). */
export function readPage(
  questions: Question[],
  form: FormFields,
  files: Record<string, FileRef[]> = {},
): Record<string, RawValue> {
  const raw: Record<string, RawValue> = {};
  for (const question of questions) {
    raw[question.id] =
      question.type === 'file' ? (files[question.id] ?? []) : fieldTypeOf(question).read(form, question);
  }
  return raw;
}

export function pageSchema(
  questions: Question[],
  context: ValidationContext,
): z.ZodType<Answers, Record<string, RawValue>> {
  const shape: Record<string, z.ZodType> = {};
  for (const question of questions) shape[question.id] = fieldTypeOf(question).schema(question, context);
  return z.object(shape) as unknown as z.ZodType<Answers, Record<string, RawValue>>;
}

export function validatePage(
  questions: Question[],
  raw: Record<string, RawValue>,
  context: ValidationContext,
): PageResult {
  const result = pageSchema(questions, context).safeParse(raw);
  if (result.success) return { ok: true, answers: result.data };
  const byQuestion = new Map<string, FieldError>();
  for (const question of questions) {
    const issue = result.error.issues.find((candidate) => candidate.path[0] === question.id);
    if (!issue) continue;
    const parts = (issue as { params?: { parts?: string[] } }).params?.parts;
    byQuestion.set(question.id, parts ? { message: issue.message, parts } : { message: issue.message });
  }
  return { ok: false, raw, errors: { byQuestion } };
}
