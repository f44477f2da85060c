import { z } from 'zod';
import { GovukCheckboxes } from '../../../platform/views/govuk/checkboxes.js';
import type { Answer } from '../answers.js';
import {
  errorParams,
  hintParams,
  legendParams,
  ruleMessage,
  type FieldType,
  type RawValue,
} from '../field-type.js';

function asList(raw: RawValue): string[] {
  if (Array.isArray(raw)) return raw.filter((item): item is string => typeof item === 'string');
  return typeof raw === 'string' && raw !== '' ? [raw] : [];
}

export const checkboxesField: FieldType<'checkboxes'> = {
  type: 'checkboxes',
  read: (form, question) => asList(form[question.id]),
  schema(question, { t }) {
    const allowed = new Set(question.options.map((option) => option.value));
    return z.custom<RawValue>().transform((raw, context): Answer => {
      const chosen = [...new Set(asList(raw))];
      if (chosen.some((value) => !allowed.has(value))) {
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'choose', t) });
        return z.NEVER;
      }
      if (chosen.length === 0) {
        if (question.optional) return [];
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'chooseAtLeastOne', t) });
        return z.NEVER;
      }
      if (question.minSelected && chosen.length < question.minSelected) {
        context.addIssue({
          code: 'custom',
          message: ruleMessage(question, 'minSelected', t, { count: question.minSelected }),
        });
      } else if (question.maxSelected && chosen.length > question.maxSelected) {
        context.addIssue({
          code: 'custom',
          message: ruleMessage(question, 'maxSelected', t, { count: question.maxSelected }),
        });
      }
      // Keep the order of the options, not the order the browser sent them in.
      return question.options.map((option) => option.value).filter((value) => chosen.includes(value));
    });
  },
  toRaw: (answer) =>
    Array.isArray(answer) ? answer.filter((item): item is string => typeof item === 'string') : [],
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukCheckboxes
      name={question.id}
      idPrefix={question.id}
      values={asList(raw)}
      fieldset={{ legend: legendParams(question, asPageHeading) }}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
      items={question.options.map((option) => ({
        value: option.value,
        text: option.label,
        hint: option.hint ? { text: option.hint } : undefined,
      }))}
    />
  ),
  display: (answer, question) =>
    Array.isArray(answer)
      ? answer.map(
          (value) =>
            question.options.find((option) => option.value === value)?.label ??
            (typeof value === 'string' ? value : ''),
        )
      : [],
  errorTarget: (question) => question.id,
};
