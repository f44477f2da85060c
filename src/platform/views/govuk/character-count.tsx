import {
  govukAttributes,
  govukI18nAttributes,
  htmlOrText,
  mergeAttributeOptions,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import type { ErrorMessageParams } from './error-message.js';
import { GovukHint, type HintParams } from './hint.js';
import type { LabelParams } from './label.js';
import { GovukTextarea } from './textarea.js';

/** Options of govuk-frontend's `govukCharacterCount` macro. */
export interface CharacterCountParams {
  /** Defaults to `name`. */
  id?: string;
  name: string;
  /** Defaults to 5. */
  rows?: string | number;
  value?: string;
  /** The limit, in characters (or words, with `countType: "words"`). Without it or `maxwords`, set it in JavaScript. */
  maxlength?: string | number;
  /** The limit in words; superseded by `maxlength` with `countType: "words"`. */
  maxwords?: string | number;
  /** Percentage of the limit from which the count message shows. */
  threshold?: string | number;
  /** "length" (the default) or "words". */
  countType?: string;
  /** `for` is always the textarea's id. */
  label: LabelParams;
  hint?: HintParams;
  /** A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  formGroup?: {
    classes?: string;
    attributes?: GovukAttributes;
    beforeInput?: TextOrHtml;
    afterInput?: TextOrHtml;
  };
  classes?: string;
  attributes?: GovukAttributes;
  spellcheck?: boolean;
  countMessage?: { classes?: string };
  /** Describes the limit to assistive technologies; `%{count}` stands for the limit. */
  textareaDescriptionText?: string;
  /** Messages by plural rule (`one`, `other`, …); `%{count}` stands for the number. */
  charactersUnderLimitText?: Record<string, string>;
  charactersAtLimitText?: string;
  charactersOverLimitText?: Record<string, string>;
  wordsUnderLimitText?: Record<string, string>;
  wordsAtLimitText?: string;
  wordsOverLimitText?: Record<string, string>;
}

export function GovukCharacterCount(params: CharacterCountParams): JSX.Element {
  const countType = params.countType || (params.maxwords ? 'words' : '');
  // Without a limit the description can only be worded once JavaScript knows it, so none is rendered.
  const hasNoLimit = !params.maxwords && !params.maxlength;
  const textareaDescriptionLength = params.maxwords || params.maxlength;
  const textareaDescriptionText =
    params.textareaDescriptionText ||
    `You can enter up to %{count} ${countType === 'words' ? 'words' : 'characters'}`;
  const textareaDescriptionTextNoLimit = hasNoLimit
    ? ''
    : textareaDescriptionText.replaceAll('%{count}', String(textareaDescriptionLength));
  const id = params.id || params.name;
  const formGroup = params.formGroup;

  const countMessage = (
    <GovukHint
      text={textareaDescriptionTextNoLimit}
      id={`${id}-info`}
      classes={`govuk-character-count__message${params.countMessage?.classes ? ` ${params.countMessage.classes}` : ''}`}
    />
  );
  // The template hands the count message on as the textarea's trusted `afterInput.html`; our components render
  // synchronously, so the element is a string.
  const safeCountMessageHtml =
    (countMessage as string) + (formGroup?.afterInput ? htmlOrText(formGroup.afterInput) : '');

  const attributes = mergeAttributeOptions(
    govukAttributes({
      'data-module': 'govuk-character-count',
      'data-maxlength': { value: params.maxlength, optional: true },
      'data-maxwords': { value: params.maxwords, optional: true },
      'data-threshold': { value: params.threshold, optional: true },
      'data-count-type': { value: countType || false, optional: true },
    }),
    // Without a limit, JavaScript can't word a default description, so only a given one is passed on to it.
    hasNoLimit && params.textareaDescriptionText
      ? govukI18nAttributes('textarea-description', undefined, { other: params.textareaDescriptionText })
      : {},
    govukI18nAttributes('characters-under-limit', undefined, params.charactersUnderLimitText),
    govukI18nAttributes('characters-at-limit', params.charactersAtLimitText),
    govukI18nAttributes('characters-over-limit', undefined, params.charactersOverLimitText),
    govukI18nAttributes('words-under-limit', undefined, params.wordsUnderLimitText),
    govukI18nAttributes('words-at-limit', params.wordsAtLimitText),
    govukI18nAttributes('words-over-limit', undefined, params.wordsOverLimitText),
    govukAttributes(formGroup?.attributes),
  );

  return (
    <GovukTextarea
      id={id}
      name={params.name}
      describedBy={`${id}-info`}
      rows={params.rows}
      spellcheck={params.spellcheck}
      value={params.value}
      formGroup={{
        classes: `govuk-character-count${formGroup?.classes ? ` ${formGroup.classes}` : ''}`,
        attributes,
        beforeInput: formGroup?.beforeInput,
        afterInput: { html: safeCountMessageHtml },
      }}
      classes={`govuk-js-character-count${params.classes ? ` ${params.classes}` : ''}`}
      label={{
        html: params.label.html,
        text: params.label.text,
        classes: params.label.classes,
        isPageHeading: params.label.isPageHeading,
        attributes: params.label.attributes,
        for: id,
      }}
      hint={params.hint}
      errorMessage={params.errorMessage}
      attributes={params.attributes}
    />
  );
}
