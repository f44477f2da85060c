import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import { GovukErrorMessage, type ErrorMessageParams } from './error-message.js';
import { GovukHint, type HintParams } from './hint.js';
import { GovukLabel, type LabelParams } from './label.js';

export interface TextareaFormGroup {
  classes?: string;
  attributes?: GovukAttributes;
  beforeInput?: TextOrHtml;
  afterInput?: TextOrHtml;
}

/** Options of govuk-frontend's `govukTextarea` macro. */
export interface TextareaParams {
  /** Defaults to `name`. */
  id?: string;
  name: string;
  spellcheck?: boolean;
  /** Defaults to 5. */
  rows?: string | number;
  value?: string;
  disabled?: boolean;
  /** Element ids for `aria-describedby`, ahead of the hint's and error message's. */
  describedBy?: string;
  /** `for` is always the textarea's id. */
  label: LabelParams;
  /** `id` is always derived from the textarea's id. */
  hint?: HintParams;
  /** `id` is always derived from the textarea's id. A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  formGroup?: TextareaFormGroup;
  classes?: string;
  autocomplete?: string;
  attributes?: GovukAttributes;
}

export function GovukTextarea(params: TextareaParams): JSX.Element {
  const id = params.id || params.name;
  let describedBy = params.describedBy || '';
  const formGroup = params.formGroup;

  let hint: JSX.Element = '';
  if (params.hint) {
    const hintId = `${id}-hint`;
    describedBy = describedBy ? `${describedBy} ${hintId}` : hintId;
    hint = (
      <GovukHint
        id={hintId}
        classes={params.hint.classes}
        attributes={params.hint.attributes}
        html={params.hint.html}
        text={params.hint.text}
      />
    );
  }

  let errorMessage: JSX.Element = '';
  if (params.errorMessage) {
    const errorId = `${id}-error`;
    describedBy = describedBy ? `${describedBy} ${errorId}` : errorId;
    errorMessage = (
      <GovukErrorMessage
        id={errorId}
        classes={params.errorMessage.classes}
        attributes={params.errorMessage.attributes}
        html={params.errorMessage.html}
        text={params.errorMessage.text}
        visuallyHiddenText={params.errorMessage.visuallyHiddenText}
      />
    );
  }

  const safeBeforeInput = formGroup?.beforeInput ? htmlOrText(formGroup.beforeInput) : '';
  const safeAfterInput = formGroup?.afterInput ? htmlOrText(formGroup.afterInput) : '';

  return (
    <div
      {...mergeAttributes(
        {
          class: classNames(
            'govuk-form-group',
            params.errorMessage && 'govuk-form-group--error',
            formGroup?.classes,
          ),
        },
        govukAttributes(formGroup?.attributes),
      )}
    >
      <GovukLabel
        html={params.label.html}
        text={params.label.text}
        classes={params.label.classes}
        isPageHeading={params.label.isPageHeading}
        attributes={params.label.attributes}
        for={id}
      />
      {hint}
      {errorMessage}
      {safeBeforeInput}
      <textarea
        {...mergeAttributes(
          {
            class: classNames(
              'govuk-textarea',
              params.errorMessage && 'govuk-textarea--error',
              params.classes,
            ),
            id: id ?? '',
            name: params.name ?? '',
            rows: String(params.rows || 5),
            spellcheck:
              params.spellcheck === true || params.spellcheck === false
                ? String(params.spellcheck)
                : undefined,
            disabled: params.disabled ? true : undefined,
            'aria-describedby': describedBy || undefined,
            autocomplete: params.autocomplete || undefined,
          },
          govukAttributes(params.attributes),
        )}
        safe
      >
        {params.value ?? ''}
      </textarea>
      {safeAfterInput}
    </div>
  );
}
