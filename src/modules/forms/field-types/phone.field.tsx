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

/** Digits with the punctuation people write numbers with; 7 to 15 digits covers every national plan (E.164). */
const phoneShape = /^\+?[\d\s().-]+$/;

export const phoneField: FieldType<'phone'> = {
  type: 'phone',
  ...singleValue,
  schema(question, { t }) {
    const rules = z.string().refine(
      (value) => {
        const digits = value.replace(/\D/g, '').length;
        return phoneShape.test(value) && digits >= 7 && digits <= 15;
      },
      ruleMessage(question, 'phone', t),
    );
    return z
      .custom<RawValue>()
      .transform((raw) => trimmed(raw).replace(/\s+/g, ' '))
      .pipe(optionalOr(question.optional, rules, ruleMessage(question, 'required', t)));
  },
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukInput
      id={question.id}
      name={question.id}
      type="tel"
      autocomplete="tel"
      classes="govuk-input--width-20"
      value={typeof raw === 'string' ? raw : ''}
      label={labelParams(question, asPageHeading)}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
    />
  ),
  display: (answer) => (typeof answer === 'string' ? [answer] : []),
};
