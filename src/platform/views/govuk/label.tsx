import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukLabel` macro. */
export interface LabelParams {
  /** Escaped. Ignored when `html` is given; with neither, nothing renders. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** The id of the control the label is for. */
  for?: string;
  /** Wraps the label in an `<h1>`, for a question that is the page's heading. */
  isPageHeading?: boolean;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukLabel(params: LabelParams): JSX.Element {
  if (!params.html && !params.text) return '';
  const safeContent = htmlOrText(params);
  const label = (
    <label
      {...mergeAttributes(
        { class: classNames('govuk-label', params.classes) },
        govukAttributes(params.attributes),
        { for: params.for || undefined },
      )}
    >
      {safeContent}
    </label>
  );
  return params.isPageHeading ? <h1 class="govuk-label-wrapper">{label}</h1> : label;
}
