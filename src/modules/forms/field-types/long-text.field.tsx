import { z } from 'zod';
import { GovukCharacterCount } from '../../../platform/views/govuk/character-count.js';
import {
  errorParams,
  hintParams,
  labelParams,
  ruleMessage,
  type FieldType,
  type RawValue,
  singleValue,
} from '../field-type.js';
import { optionalOr } from './text.field.js';

export const longTextField: FieldType<'long-text'> = {
  type: 'long-text',
  ...singleValue,
  schema(question, { t }) {
    const rules = z
      .string()
      .max(question.maxLength, ruleMessage(question, 'tooLong', t, { max: question.maxLength }))
      .min(question.minLength ?? 0, ruleMessage(question, 'tooShort', t, { min: question.minLength }));
    return (
      z
        .custom<RawValue>()
        // Browsers send line breaks as CRLF; store them as LF so lengths match what the citizen counted.
        .transform((raw) => (typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : ''))
        .pipe(optionalOr(question.optional, rules, ruleMessage(question, 'required', t)))
    );
  },
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukCharacterCount
      id={question.id}
      name={question.id}
      value={typeof raw === 'string' ? raw : ''}
      maxlength={question.maxLength}
      rows={question.rows}
      label={labelParams(question, asPageHeading)}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
    />
  ),
  display: (answer) => (typeof answer === 'string' ? answer.split('\n') : []),
};
