import { GovukRadios } from '../../../platform/views/govuk/radios.js';
import { errorParams, hintParams, legendParams, type FieldType, singleValue } from '../field-type.js';
import { labelOf, oneOfSchema } from './choice.js';

export const yesNoField: FieldType<'yes-no'> = {
  type: 'yes-no',
  ...singleValue,
  schema: (question, context) => oneOfSchema(question, ['yes', 'no'], context),
  render: ({ question, raw, error, asPageHeading, t }) => (
    <GovukRadios
      name={question.id}
      idPrefix={question.id}
      classes="govuk-radios--inline"
      value={typeof raw === 'string' ? raw : undefined}
      fieldset={{ legend: legendParams(question, asPageHeading) }}
      hint={hintParams(question)}
      errorMessage={errorParams(error, t)}
      items={[
        { value: 'yes', text: t('forms:yes') },
        { value: 'no', text: t('forms:no') },
      ]}
    />
  ),
  display: (answer, _question, { t }) =>
    labelOf(
      [
        { value: 'yes', label: t('forms:yes') },
        { value: 'no', label: t('forms:no') },
      ],
      answer,
    ),
};
