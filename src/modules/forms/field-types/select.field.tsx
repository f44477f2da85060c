import { GovukSelect } from '../../../platform/views/govuk/select.js';
import { errorParams, hintParams, labelParams, single, type FieldType } from '../field-type.js';
import { labelOf, oneOfSchema } from './choice.js';

export const selectField: FieldType<'select'> = {
  type: 'select',
  read: (form, question) => single(form[question.id]),
  schema: (question, context) =>
    oneOfSchema(
      question,
      question.options.map((option) => option.value),
      context,
    ),
  toRaw: (answer) => (typeof answer === 'string' ? answer : ''),
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
  errorTarget: (question) => question.id,
};
