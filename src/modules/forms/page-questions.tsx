/**
 * A page of questions as every journey shows it (applications, reports, assisted digital): the page's
 * heading, unless its one question is the heading, then each question as its field type renders it; and
 * the error summary's links, in question order, each to the input its error is about.
 */
import type { Translator } from '../../platform/i18n/i18n.js';
import type { FieldError, RawValue } from './field-type.js';
import { fieldTypeOf } from './field-types/registry.js';
import type { Question } from './question.schema.js';

export interface QuestionError {
  /** The question's id. */
  field: string;
  /** `#` and the id of the input to move focus to. */
  href: string;
  message: string;
}

export function questionErrors(
  questions: readonly Question[],
  errors: ReadonlyMap<string, FieldError>,
): QuestionError[] {
  return questions.flatMap((question) => {
    const error = errors.get(question.id);
    return error
      ? [
          {
            field: question.id,
            href: `#${fieldTypeOf(question).errorTarget(question, error)}`,
            message: error.message,
          },
        ]
      : [];
  });
}

/** Whether a page's one question is its heading (GOV.UK's question pages): no title of its own, one question. */
export function questionIsHeading(questions: readonly Question[], pageTitle: string | undefined): boolean {
  return questions.length === 1 && !pageTitle;
}

export function PageQuestions(props: {
  questions: readonly Question[];
  raw: Record<string, RawValue>;
  errors: ReadonlyMap<string, FieldError>;
  /** The page's heading, or undefined when its one question is the heading. */
  heading: string | undefined;
  t: Translator['t'];
  /** What goes between the heading and the questions (already escaped). */
  children?: JSX.Element | JSX.Element[];
}): JSX.Element {
  const { questions, raw, errors, heading, t } = props;
  const safeChildren = props.children ?? '';
  return (
    <>
      {heading === undefined ? (
        ''
      ) : (
        <h1 class="govuk-heading-l" safe>
          {heading}
        </h1>
      )}
      {safeChildren}
      {questions.map((question) =>
        fieldTypeOf(question).render({
          question,
          raw: raw[question.id],
          error: errors.get(question.id),
          asPageHeading: heading === undefined,
          t,
        }),
      )}
    </>
  );
}
