import { z } from 'zod';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import {
  errorParams,
  hintParams,
  labelParams,
  ruleMessage,
  single,
  trimmed,
  type FieldType,
  type RawValue,
} from '../field-type.js';
import type { Answer } from '../answers.js';

export const numberField: FieldType<'number'> = {
  type: 'number',
  read: (form, question) => single(form[question.id]),
  schema(question, { t }) {
    return z.custom<RawValue>().transform((raw, context): Answer => {
      // People type thousands separators and spaces; they are not part of the number.
      const text = trimmed(raw).replace(/\s/g, '');
      if (text === '') {
        if (question.optional) return null;
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'required', t) });
        return z.NEVER;
      }
      // A comma counts as a thousands separator only between groups of three digits: "1,5" (a decimal
      // comma) must be refused, not stored as fifteen.
      if (!/^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/.test(text)) {
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'notANumber', t) });
        return z.NEVER;
      }
      const value = Number(text.replace(/,/g, ''));
      if (question.integer && !Number.isInteger(value)) {
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'notAWholeNumber', t) });
      } else if (question.min !== undefined && value < question.min) {
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'min', t, { min: question.min }) });
      } else if (question.max !== undefined && value > question.max) {
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'max', t, { max: question.max }) });
      }
      return value;
    });
  },
  toRaw: (answer) => (typeof answer === 'number' ? String(answer) : ''),
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukInput
      id={question.id}
      name={question.id}
      inputmode={question.integer ? 'numeric' : 'decimal'}
      spellcheck={false}
      value={typeof raw === 'string' ? raw : ''}
      label={labelParams(question, asPageHeading)}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
      classes={`govuk-input--width-${question.width ?? 5}`}
      prefix={question.prefix ? { text: question.prefix } : undefined}
      suffix={question.suffix ? { text: question.suffix } : undefined}
    />
  ),
  display: (answer, question) =>
    typeof answer === 'number'
      ? [[question.prefix, String(answer), question.suffix].filter(Boolean).join(' ')]
      : [],
  errorTarget: (question) => question.id,
};
