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

type PageSchema = z.ZodType<Answers, Record<string, RawValue>>;

export function pageSchema(questions: readonly Question[], context: ValidationContext): PageSchema {
  const shape: Record<string, z.ZodType> = {};
  for (const question of questions) shape[question.id] = fieldTypeOf(question).schema(question, context);
  return z.object(shape) as unknown as PageSchema;
}

/**
 * Built page schemas, by the page's question objects (in order) and everything in the ValidationContext:
 * zod compiles an object schema on its first parse, and building and compiling one for every submitted
 * page was a fifth of the server's time on an Open311 POST. Questions come from loaded definitions and never
 * change; a new definition brings new question objects, and the old ones are collected with their schemas.
 */
interface SchemaNode {
  next: WeakMap<Question, SchemaNode>;
  /** By locale and today; a new day starts a new one. */
  built: Map<string, PageSchema>;
}
const schemasByTranslator = new WeakMap<ValidationContext['t'], SchemaNode>();
const newNode = (): SchemaNode => ({ next: new WeakMap(), built: new Map() });

function cachedPageSchema(questions: readonly Question[], context: ValidationContext): PageSchema {
  let node: SchemaNode | undefined = schemasByTranslator.get(context.t);
  if (!node) schemasByTranslator.set(context.t, (node = newNode()));
  for (const question of questions) {
    let next: SchemaNode | undefined = node.next.get(question);
    if (!next) node.next.set(question, (next = newNode()));
    node = next;
  }
  // Every field of ValidationContext but t (the first key above) is in this key.
  const key = `${context.locale}\u0000${context.today}`;
  let schema = node.built.get(key);
  if (!schema) {
    if (node.built.size >= 8) node.built.clear();
    schema = pageSchema(questions, context);
    node.built.set(key, schema);
  }
  return schema;
}

export function validatePage(
  questions: Question[],
  raw: Record<string, RawValue>,
  context: ValidationContext,
): PageResult {
  const result = cachedPageSchema(questions, context).safeParse(raw);
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
