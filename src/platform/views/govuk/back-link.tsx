import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukBackLink` macro. */
export interface BackLinkParams {
  /** Escaped. Ignored when `html` is given. Defaults to "Back". */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Defaults to `#`. */
  href?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukBackLink(params: BackLinkParams): JSX.Element {
  const safeContent = htmlOrText({ html: params.html, text: params.text || 'Back' });
  return (
    <a
      {...mergeAttributes(
        { href: params.href || '#', class: classNames('govuk-back-link', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {safeContent}
    </a>
  );
}
