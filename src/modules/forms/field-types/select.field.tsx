import { GovukSelect } from '../../../platform/views/govuk/select.js';
import { errorParams, hintParams, labelParams, type FieldType, singleValue } from '../field-type.js';
import { labelOf, optionSchema } from './choice.js';

export const selectField: FieldType<'select'> = {
  type: 'select',
  ...singleValue,
  schema: optionSchema,
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukSelect
      id={question.id}
      name={question.id}
      value={typeof raw === 'string' ? raw : ''}
      label={labelParams(question, asPageHeading)}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
      items={[
        { value: '', text: t('forms:selectPlaceholder') },
        ...question.options.map((option) => ({ value: option.value, text: option.label })),
      ]}
    />
  ),
  display: (answer, question) => labelOf(question.options, answer),
};
