/** The form engine: questions, conditions, validation and rendering of one-question-per-page journeys. */
export type { Answer, Answers, AddressAnswer, FileRef, FormFields } from './answers.js';
export { isFileRefList } from './answers.js';
export type { DisplayContext, FieldError, RawValue, ValidationContext } from './field-type.js';
export { fieldTypeOf } from './field-types/registry.js';
export { acceptedMediaTypes, checkUpload, mediaTypesByKind } from './field-types/file.field.js';
export { checkCondition, conditionHolds } from './conditions.js';
export {
  allQuestions,
  countedAnswers,
  findVisiblePage,
  firstUnansweredPage,
  isPageAnswered,
  pageAfter,
  pageBefore,
  visiblePages,
  type FormDefinition,
  type VisiblePage,
} from './journey.js';
export { readPage, validatePage, type PageErrors, type PageResult } from './page-validation.js';
export { PageQuestions, questionErrors, questionIsHeading, type QuestionError } from './page-questions.js';
export {
  conditionSchema,
  fileKinds,
  pageSchema,
  questionSchema,
  questionTypes,
  type FileKind,
  type Page,
  type Question,
  type QuestionOf,
  type QuestionType,
} from './question.schema.js';
