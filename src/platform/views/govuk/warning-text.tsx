import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukWarningText` macro. */
export interface WarningTextParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Read out in place of the "!" icon. Defaults to "Warning". */
  iconFallbackText?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukWarningText(params: WarningTextParams): JSX.Element {
  const safeContent = htmlOrText(params);
  return (
    <div
      {...mergeAttributes(
        { class: classNames('govuk-warning-text', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden" safe>
          {params.iconFallbackText || 'Warning'}
        </span>
        {safeContent}
      </strong>
    </div>
  );
}
