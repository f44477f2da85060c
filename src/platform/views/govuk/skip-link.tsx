import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukSkipLink` macro. */
export interface SkipLinkParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Defaults to `#content`. */
  href?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukSkipLink(params: SkipLinkParams): JSX.Element {
  const safeContent = htmlOrText(params);
  return (
    <a
      {...mergeAttributes(
        { href: params.href || '#content', class: classNames('govuk-skip-link', params.classes) },
        govukAttributes(params.attributes),
        { 'data-module': 'govuk-skip-link' },
      )}
    >
      {safeContent}
    </a>
  );
}
