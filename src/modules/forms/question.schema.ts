/**
 * The questions a service asks, as written in its definition file. Each type has its own options and
 * validation rules; every question may carry a hint, a condition on earlier answers and its own error
 * messages.
 */
import { z } from 'zod';

export const questionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and underscores, starting with a letter');

/** A JSON Logic rule over earlier answers, for example {"==": [{"var": "owns_vehicle"}, "yes"]}. */
export const conditionSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (rule) => Object.keys(rule).length === 1,
    'must be a JSON Logic rule with one operator, such as {"==": [...]}',
  )
  .describe('JSON Logic rule over earlier answers; the question or page shows when it is true');

const dateBound = z
  .union([
    z.literal('today'),
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be "today", a date like 2026-01-31, or {days: N}'),
    z.object({ days: z.number().int() }).strict(),
  ])
  .describe('"today", a date (YYYY-MM-DD), or {days: N} counted from today');

const option = z
  .object({
    value: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower case letters, digits, - or _'),
    label: z.string().min(1),
    hint: z.string().optional(),
  })
  .strict();

const baseShape = {
  id: questionId,
  label: z.string().min(1).describe('The question, as the citizen reads it'),
  shortLabel: z
    .string()
    .min(1)
    .optional()
    .describe('A short name for the answer, used on the check-your-answers page and in error messages'),
  hint: z.string().optional(),
  optional: z.boolean().default(false),
  condition: conditionSchema.optional(),
  personal: z
    .boolean()
    .optional()
    .describe('Whether the answer is personal data; kept with the definition for data-protection features'),
  messages: z
    .record(z.string(), z.string().min(1))
    .optional()
    .describe(
      'Error messages replacing the defaults, by rule: required, tooLong, tooShort, pattern, min, max ...',
    ),
};

const widths = z.union([
  z.literal(2),
  z.literal(3),
  z.literal(4),
  z.literal(5),
  z.literal(10),
  z.literal(20),
  z.literal(30),
]);

export const textQuestion = z
  .object({
    ...baseShape,
    type: z.literal('text'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(1000).default(200),
    pattern: z
      .string()
      .optional()
      .refine((pattern) => pattern === undefined || isRegExp(pattern), 'must be a valid regular expression'),
    width: widths.optional(),
    autocomplete: z.string().optional(),
    spellcheck: z.boolean().optional(),
    uppercase: z
      .boolean()
      .default(false)
      .describe('Store the answer in capitals (registration numbers, postcodes)'),
  })
  .strict();

export const longTextQuestion = z
  .object({
    ...baseShape,
    type: z.literal('long-text'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(10_000).default(2000),
    rows: z.number().int().min(2).max(20).optional(),
  })
  .strict();

export const numberQuestion = z
  .object({
    ...baseShape,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
    width: widths.optional(),
  })
  .strict();

export const dateQuestion = z
  .object({
    ...baseShape,
    type: z.literal('date'),
    earliest: dateBound.optional(),
    latest: dateBound.optional(),
  })
  .strict();

export const emailQuestion = z.object({ ...baseShape, type: z.literal('email') }).strict();
export const phoneQuestion = z.object({ ...baseShape, type: z.literal('phone') }).strict();
export const yesNoQuestion = z.object({ ...baseShape, type: z.literal('yes-no') }).strict();

export const radiosQuestion = z
  .object({ ...baseShape, type: z.literal('radios'), options: z.array(option).min(2) })
  .strict();

export const selectQuestion = z
  .object({ ...baseShape, type: z.literal('select'), options: z.array(option).min(2) })
  .strict();

export const checkboxesQuestion = z
  .object({
    ...baseShape,
    type: z.literal('checkboxes'),
    options: z.array(option).min(1),
    minSelected: z.number().int().min(1).optional(),
    maxSelected: z.number().int().min(1).optional(),
  })
  .strict();

export const addressQuestion = z
  .object({
    ...baseShape,
    type: z.literal('address'),
    postcodePattern: z
      .string()
      .optional()
      .refine((pattern) => pattern === undefined || isRegExp(pattern), 'must be a valid regular expression'),
  })
  .strict();

export const fileKinds = ['pdf', 'jpg', 'png', 'heic', 'webp', 'docx', 'odt'] as const;
export type FileKind = (typeof fileKinds)[number];

export const fileQuestion = z
  .object({
    ...baseShape,
    type: z.literal('file'),
    accept: z.array(z.enum(fileKinds)).min(1).default(['pdf', 'jpg', 'png']),
    maxSizeMb: z
      .number()
      .positive()
      .max(100)
      .optional()
      .describe("Defaults to the deployment's upload limit"),
    maxFiles: z.number().int().min(1).max(10).default(1),
  })
  .strict();

export const questionSchema = z.discriminatedUnion('type', [
  textQuestion,
  longTextQuestion,
  numberQuestion,
  dateQuestion,
  emailQuestion,
  phoneQuestion,
  yesNoQuestion,
  radiosQuestion,
  selectQuestion,
  checkboxesQuestion,
  addressQuestion,
  fileQuestion,
]);

export type Question = z.output<typeof questionSchema>;
export type QuestionType = Question['type'];
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
export const questionTypes = questionSchema.options.map((option) => option.shape.type.value);

export const pageSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]*$/,
        'must be lower case letters, digits and hyphens (it is part of the address)',
      )
      // These are addresses of the journey's own pages (check your answers, save for later).
      .refine(
        (id) => !['check', 'save'].includes(id),
        'is reserved: "check" and "save" are pages Plaza adds',
      ),
    title: z.string().min(1).optional().describe('Heading of a page with several questions'),
    condition: conditionSchema.optional(),
    questions: z.array(questionSchema).min(1),
  })
  .strict()
  .superRefine((page, context) => {
    if (page.questions.length > 1 && !page.title) {
      context.addIssue({
        code: 'custom',
        path: ['title'],
        message: 'a page with several questions needs a title',
      });
    }
    const uploads = page.questions.filter((question) => question.type === 'file').length;
    if (uploads > 1) {
      context.addIssue({
        code: 'custom',
        path: ['questions'],
        message: 'a page may hold one file upload question at most',
      });
    }
  });

export type Page = z.output<typeof pageSchema>;

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
