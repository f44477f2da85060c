import { GovukRadios } from '../../../platform/views/govuk/radios.js';
import { errorParams, hintParams, legendParams, type FieldType, singleValue } from '../field-type.js';
import { labelOf, optionSchema } from './choice.js';

export const radiosField: FieldType<'radios'> = {
  type: 'radios',
  ...singleValue,
  schema: optionSchema,
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukRadios
      name={question.id}
      idPrefix={question.id}
      value={typeof raw === 'string' ? raw : undefined}
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
  display: (answer, question) => labelOf(question.options, answer),
};
