/**
 * Pieces of form markup that many pages share, so that each behaves the same everywhere: the error message
 * a field shows (with the hidden "Error:" prefix screen readers announce), and the field for a one-time code.
 */
import { GovukInput } from './govuk/input.js';
import type { PageContext } from './page-context.js';

/** The error message of `field`, if it has one, as GOV.UK's form components take it. */
export function fieldError(
  ctx: PageContext,
  errors: Record<string, string> | undefined,
  field: string,
): { text: string; visuallyHiddenText: string } | undefined {
  const message = errors?.[field];
  return message ? { text: message, visuallyHiddenText: ctx.t('forms:errorPrefix') } : undefined;
}

/**
 * A one-time code (emailed, or from an authenticator app), named `code`: numeric keyboard on phones, and
 * marked so browsers and password managers offer the code they just received.
 */
export function OneTimeCodeInput(props: {
  ctx: PageContext;
  label: string;
  hint?: string;
  errors: Record<string, string>;
}): JSX.Element {
  return (
    <GovukInput
      id="code"
      name="code"
      inputmode="numeric"
      autocomplete="one-time-code"
      spellcheck={false}
      classes="govuk-input--width-5 govuk-input--extra-letter-spacing"
      label={{ text: props.label, classes: 'govuk-label--m' }}
      hint={props.hint === undefined ? undefined : { text: props.hint }}
      errorMessage={fieldError(props.ctx, props.errors, 'code')}
    />
  );
}
