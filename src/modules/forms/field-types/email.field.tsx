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
import { optionalOr } from './text.field.js';

export const emailField: FieldType<'email'> = {
  type: 'email',
  ...singleValue,
  schema(question, { t }) {
    const rules = z
      .string()
      .max(254, ruleMessage(question, 'tooLong', t, { max: 254 }))
      .email(ruleMessage(question, 'email', t));
    return z
      .custom<RawValue>()
      .transform((raw) => trimmed(raw))
      .pipe(optionalOr(question.optional, rules, ruleMessage(question, 'required', t)));
  },
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukInput
      id={question.id}
      name={question.id}
      type="email"
      autocomplete="email"
      spellcheck={false}
      value={typeof raw === 'string' ? raw : ''}
      label={labelParams(question, asPageHeading)}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
    />
  ),
  display: (answer) => (typeof answer === 'string' ? [answer] : []),
};
