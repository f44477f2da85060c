import {
  govukAttributes,
  govukI18nAttributes,
  htmlOrText,
  mergeAttributeOptions,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import { GovukButton } from './button.js';
import type { ErrorMessageParams } from './error-message.js';
import type { HintParams } from './hint.js';
import { GovukInput } from './input.js';
import type { LabelParams } from './label.js';

/** Options of govuk-frontend's `govukPasswordInput` macro. */
export interface PasswordInputParams {
  /** Defaults to `name`. */
  id?: string;
  name: string;
  value?: string;
  disabled?: boolean;
  /** Element ids for `aria-describedby`, ahead of the hint's and error message's. */
  describedBy?: string;
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
  /** Defaults to "current-password". */
  autocomplete?: string;
  attributes?: GovukAttributes;
  /** Defaults to "Show". */
  showPasswordText?: string;
  /** Defaults to "Hide". */
  hidePasswordText?: string;
  /** Defaults to "Show password". */
  showPasswordAriaLabelText?: string;
  /** Defaults to "Hide password". */
  hidePasswordAriaLabelText?: string;
  /** Defaults to "Your password is visible". */
  passwordShownAnnouncementText?: string;
  /** Defaults to "Your password is hidden". */
  passwordHiddenAnnouncementText?: string;
  button?: { classes?: string };
}

export function GovukPasswordInput(params: PasswordInputParams): JSX.Element {
  const id = params.id || params.name;
  const formGroup = params.formGroup;

  const attributes = mergeAttributeOptions(
    { 'data-module': 'govuk-password-input' },
    govukI18nAttributes('show-password', params.showPasswordText),
    govukI18nAttributes('hide-password', params.hidePasswordText),
    govukI18nAttributes('show-password-aria-label', params.showPasswordAriaLabelText),
    govukI18nAttributes('hide-password-aria-label', params.hidePasswordAriaLabelText),
    govukI18nAttributes('password-shown-announcement', params.passwordShownAnnouncementText),
    govukI18nAttributes('password-hidden-announcement', params.passwordHiddenAnnouncementText),
    govukAttributes(formGroup?.attributes),
  );

  // The toggle stays hidden until govuk-frontend's JavaScript can make it work.
  const button = (
    <GovukButton
      type="button"
      classes={`govuk-button--secondary govuk-password-input__toggle govuk-js-password-input-toggle${params.button?.classes ? ` ${params.button.classes}` : ''}`}
      text={params.showPasswordText ?? 'Show'}
      attributes={{
        'aria-controls': id,
        'aria-label': params.showPasswordAriaLabelText ?? 'Show password',
        hidden: { value: true, optional: true },
      }}
    />
  );
  // The template hands the button on as the input's trusted `afterInput.html`; our components render
  // synchronously, so the element is a string.
  const safeButtonHtml = (button as string) + (formGroup?.afterInput ? htmlOrText(formGroup.afterInput) : '');

  return (
    <GovukInput
      formGroup={{
        classes: `govuk-password-input${formGroup?.classes ? ` ${formGroup.classes}` : ''}`,
        attributes,
        beforeInput: formGroup?.beforeInput,
        afterInput: { html: safeButtonHtml },
      }}
      inputWrapper={{ classes: 'govuk-password-input__wrapper' }}
      label={params.label}
      hint={params.hint}
      classes={`govuk-password-input__input govuk-js-password-input-input${params.classes ? ` ${params.classes}` : ''}`}
      errorMessage={params.errorMessage}
      id={id}
      name={params.name}
      type="password"
      spellcheck={false}
      autocapitalize="none"
      autocomplete={params.autocomplete || 'current-password'}
      value={params.value}
      disabled={params.disabled}
      describedBy={params.describedBy}
      attributes={params.attributes}
    />
  );
}
