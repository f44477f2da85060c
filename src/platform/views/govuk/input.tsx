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

export interface InputAffix extends TextOrHtml {
  classes?: string;
  attributes?: GovukAttributes;
}

export interface InputFormGroup {
  classes?: string;
  attributes?: GovukAttributes;
  beforeInput?: TextOrHtml;
  afterInput?: TextOrHtml;
}

/** Options of govuk-frontend's `govukInput` macro. */
export interface InputParams {
  /** Defaults to `name`. */
  id?: string;
  name: string;
  /** Defaults to "text". */
  type?: string;
  inputmode?: string;
  value?: string | number;
  disabled?: boolean;
  /** Element ids for `aria-describedby`, ahead of the hint's and error message's. */
  describedBy?: string;
  /** `for` is always the input's id. */
  label: LabelParams;
  /** `id` is always derived from the input's id. */
  hint?: HintParams;
  /** `id` is always derived from the input's id. A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  prefix?: InputAffix;
  suffix?: InputAffix;
  formGroup?: InputFormGroup;
  classes?: string;
  autocomplete?: string;
  pattern?: string;
  spellcheck?: boolean;
  autocapitalize?: string;
  /** The element wrapping the input, rendered only when there is a prefix, suffix, or content around it. */
  inputWrapper?: { classes?: string; attributes?: GovukAttributes };
  attributes?: GovukAttributes;
}

const hasContent = (content: TextOrHtml | undefined): boolean => !!(content?.text || content?.html);

function Affix({ affix, type }: { affix: InputAffix; type: 'prefix' | 'suffix' }): JSX.Element {
  const safeContent = htmlOrText(affix);
  return (
    <div
      {...mergeAttributes(
        { class: classNames(`govuk-input__${type}`, affix.classes), 'aria-hidden': 'true' },
        govukAttributes(affix.attributes),
      )}
    >
      {safeContent}
    </div>
  );
}

export function GovukInput(params: InputParams): JSX.Element {
  const id = params.id || params.name;
  let describedBy = params.describedBy || undefined;
  const formGroup = params.formGroup;
  const hasPrefix = hasContent(params.prefix);
  const hasSuffix = hasContent(params.suffix);
  const hasBeforeInput = hasContent(formGroup?.beforeInput);
  const hasAfterInput = hasContent(formGroup?.afterInput);

  const label = (
    <GovukLabel
      html={params.label.html}
      text={params.label.text}
      classes={params.label.classes}
      isPageHeading={params.label.isPageHeading}
      attributes={params.label.attributes}
      for={id}
    />
  );

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

  const input = (
    <input
      {...mergeAttributes(
        govukAttributes({
          class: classNames('govuk-input', params.classes, params.errorMessage && 'govuk-input--error'),
          id,
          name: params.name,
          type: params.type || 'text',
          spellcheck: {
            value:
              params.spellcheck === true || params.spellcheck === false ? String(params.spellcheck) : false,
            optional: true,
          },
          value: { value: params.value, optional: true },
          disabled: { value: params.disabled, optional: true },
          'aria-describedby': { value: describedBy, optional: true },
          autocomplete: { value: params.autocomplete, optional: true },
          autocapitalize: { value: params.autocapitalize, optional: true },
          pattern: { value: params.pattern, optional: true },
          inputmode: { value: params.inputmode, optional: true },
        }),
        govukAttributes(params.attributes),
      )}
    />
  );

  const safeBeforeInput = hasBeforeInput ? htmlOrText(formGroup?.beforeInput) : '';
  const safeAfterInput = hasAfterInput ? htmlOrText(formGroup?.afterInput) : '';

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
      {label}
      {hint}
      {errorMessage}
      {hasPrefix || hasSuffix || hasBeforeInput || hasAfterInput ? (
        <div
          {...mergeAttributes(
            { class: classNames('govuk-input__wrapper', params.inputWrapper?.classes) },
            govukAttributes(params.inputWrapper?.attributes),
          )}
        >
          {safeBeforeInput}
          {params.prefix && hasPrefix ? <Affix affix={params.prefix} type="prefix" /> : ''}
          {input}
          {params.suffix && hasSuffix ? <Affix affix={params.suffix} type="suffix" /> : ''}
          {safeAfterInput}
        </div>
      ) : (
        input
      )}
    </div>
  );
}
