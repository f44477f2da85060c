import { z } from 'zod';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import {
  errorParams,
  hintParams,
  labelParams,
  ruleMessage,
  trimmed,
  type FieldType,
  type RawValue,
  singleValue,
} from '../field-type.js';
import type { Answer } from '../answers.js';

export const textField: FieldType<'text'> = {
  type: 'text',
  ...singleValue,
  schema(question, { t }) {
    let value = z
      .string()
      .max(question.maxLength, ruleMessage(question, 'tooLong', t, { max: question.maxLength }))
      .min(question.minLength ?? 0, ruleMessage(question, 'tooShort', t, { min: question.minLength }));
    if (question.pattern)
      value = value.regex(new RegExp(question.pattern, 'u'), ruleMessage(question, 'pattern', t));
    return z
      .custom<RawValue>()
      .transform((raw) => {
        const text = trimmed(raw).replace(/\s+/g, ' ');
        return question.uppercase ? text.toUpperCase() : text;
      })
      .pipe(optionalOr(question.optional, value, ruleMessage(question, 'required', t)));
  },
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukInput
      id={question.id}
      name={question.id}
      value={typeof raw === 'string' ? raw : ''}
      label={labelParams(question, asPageHeading)}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
      classes={question.width ? `govuk-input--width-${question.width}` : undefined}
      autocomplete={question.autocomplete}
      spellcheck={question.spellcheck}
    />
  ),
  display: (answer) => (typeof answer === 'string' ? [answer] : []),
};

/**
 * An empty answer to an optional question is stored as null; to a required one, it is refused with the
 * "required" message before any other rule is checked.
 */
export function optionalOr(
  optional: boolean,
  rules: z.ZodType<string, string>,
  requiredMessage: string,
): z.ZodType<Answer, string> {
  if (optional) return z.union([z.literal('').transform(() => null), rules]);
  return z.string().min(1, requiredMessage).pipe(rules);
}
