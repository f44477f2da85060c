import type { FieldType } from '../field-type.js';
import type { Question, QuestionType } from '../question.schema.js';
import { addressField } from './address.field.js';
import { checkboxesField } from './checkboxes.field.js';
import { dateField } from './date.field.js';
import { emailField } from './email.field.js';
import { fileField } from './file.field.js';
import { longTextField } from './long-text.field.js';
import { numberField } from './number.field.js';
import { phoneField } from './phone.field.js';
import { radiosField } from './radios.field.js';
import { selectField } from './select.field.js';
import { textField } from './text.field.js';
import { yesNoField } from './yes-no.field.js';

const fieldTypes: { [T in QuestionType]: FieldType<T> } = {
  text: textField,
  'long-text': longTextField,
  number: numberField,
  date: dateField,
  email: emailField,
  phone: phoneField,
  'yes-no': yesNoField,
  radios: radiosField,
  select: selectField,
  checkboxes: checkboxesField,
  address: addressField,
  file: fileField,
};

/** The field type of a question, typed loosely: callers hold a Question of any type. */
export function fieldTypeOf(question: Question): FieldType<QuestionType> {
  return fieldTypes[question.type] as unknown as FieldType<QuestionType>;
}
