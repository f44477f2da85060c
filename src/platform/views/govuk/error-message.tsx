import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukErrorMessage` macro. */
export interface ErrorMessageParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  id?: string;
  classes?: string;
  attributes?: GovukAttributes;
  /** Prefix read out before the message; defaults to "Error". An empty string removes it. */
  visuallyHiddenText?: string;
}

export function GovukErrorMessage(params: ErrorMessageParams): JSX.Element {
  const visuallyHiddenText = params.visuallyHiddenText ?? 'Error';
  const safeContent = htmlOrText(params);
  return (
    <p
      {...mergeAttributes(
        { id: params.id || undefined, class: classNames('govuk-error-message', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {visuallyHiddenText ? (
        <>
          <span class="govuk-visually-hidden" safe>
            {`${visuallyHiddenText}:`}
          </span>{' '}
          {safeContent}
        </>
      ) : (
        safeContent
      )}
    </p>
  );
}
