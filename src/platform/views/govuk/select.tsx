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

export interface SelectItem {
  /** Without it the option's value is its text. */
  value?: string | number | boolean | null;
  text: string;
  /** Takes precedence over the top-level `value`. */
  selected?: boolean;
  disabled?: boolean;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukSelect` macro. */
export interface SelectParams {
  /** Defaults to `name`. */
  id?: string;
  name: string;
  /** Falsy entries are skipped, so options can be left out conditionally. */
  items?: (SelectItem | false | null | undefined | '')[];
  /** Selects the option with this value (or text, for options without a value). */
  value?: string | number;
  disabled?: boolean;
  /** Element ids for `aria-describedby`, ahead of the hint's and error message's. */
  describedBy?: string;
  /** `for` is always the select's id. */
  label: LabelParams;
  /** `id` is always derived from the select's id. */
  hint?: HintParams;
  /** `id` is always derived from the select's id. A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  formGroup?: {
    classes?: string;
    attributes?: GovukAttributes;
    beforeInput?: TextOrHtml;
    afterInput?: TextOrHtml;
  };
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukSelect(params: SelectParams): JSX.Element {
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

  const options = (params.items ?? []).map((item) => {
    if (!item) return '';
    const effectiveValue = item.value !== undefined ? item.value : item.text;
    const selected =
      item.selected ||
      (params.value
        ? // Loose, as in the template, so that a number matches its string form.
          // eslint-disable-next-line eqeqeq
          effectiveValue == params.value && item.selected !== false
        : false);
    return (
      <option
        {...mergeAttributes(
          {
            value: item.value !== undefined ? String(item.value ?? '') : undefined,
            selected: selected ? true : undefined,
            disabled: item.disabled ? true : undefined,
          },
          govukAttributes(item.attributes),
        )}
        safe
      >
        {item.text}
      </option>
    );
  });

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
      <select
        {...mergeAttributes(
          {
            class: classNames('govuk-select', params.classes, params.errorMessage && 'govuk-select--error'),
            id: id ?? '',
            name: params.name ?? '',
            disabled: params.disabled ? true : undefined,
            'aria-describedby': describedBy || undefined,
          },
          govukAttributes(params.attributes),
        )}
      >
        {options}
      </select>
      {safeAfterInput}
    </div>
  );
}
