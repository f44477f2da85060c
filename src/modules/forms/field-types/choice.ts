/** What the choice fields (yes/no, radios, select, checkboxes) share: options as values with labels. */
import { z } from 'zod';
import type { Answer } from '../answers.js';
import { ruleMessage, single, type RawValue, type ValidationContext } from '../field-type.js';
import type { Question } from '../question.schema.js';

export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
}

/** One value from a fixed list; anything else (a tampered form) is refused like a missing answer. */
export function oneOfSchema(
  question: Question,
  values: string[],
  { t }: ValidationContext,
): z.ZodType<Answer, RawValue> {
  return z.custom<RawValue>().transform((raw, context): Answer => {
    const value =
      typeof raw === 'string'
        ? raw
        : single(
            Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : undefined,
          );
    if (value === '' && question.optional) return null;
    if (!values.includes(value)) {
      context.addIssue({ code: 'custom', message: ruleMessage(question, 'choose', t) });
      return z.NEVER;
    }
    return value;
  });
}

/** One of the question's own options. */
export function optionSchema(
  question: Question & { options: ChoiceOption[] },
  context: ValidationContext,
): z.ZodType<Answer, RawValue> {
  return oneOfSchema(
    question,
    question.options.map((option) => option.value),
    context,
  );
}

export function labelOf(options: ChoiceOption[], value: Answer): string[] {
  if (typeof value !== 'string') return [];
  return [options.find((option) => option.value === value)?.label ?? value];
}
