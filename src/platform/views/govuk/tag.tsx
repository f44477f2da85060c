import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukTag` macro. */
export interface TagParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukTag(params: TagParams): JSX.Element {
  const safeContent = htmlOrText(params);
  return (
    <strong
      {...mergeAttributes(
        { class: classNames('govuk-tag', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {safeContent}
    </strong>
  );
}
