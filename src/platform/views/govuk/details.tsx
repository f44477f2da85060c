import type { Children } from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukDetails` macro. */
export interface DetailsParams {
  /** Escaped. Ignored when `summaryHtml` is given. */
  summaryText?: string;
  /** Trusted HTML, inserted as given. */
  summaryHtml?: string;
  /** Escaped. Ignored when `html` or children are given. */
  text?: string;
  /** Trusted HTML, inserted as given. Ignored when children are given. */
  html?: string;
  /** Stands in for the macro's `caller` block: content that takes precedence over `html` and `text`. */
  children?: Children;
  id?: string;
  /** Renders the details expanded. */
  open?: boolean;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukDetails(params: DetailsParams): JSX.Element {
  const safeSummary = htmlOrText({ html: params.summaryHtml, text: params.summaryText });
  const safeContent = htmlOrText(params);
  return (
    <details
      {...mergeAttributes(
        { id: params.id || undefined, class: classNames('govuk-details', params.classes) },
        govukAttributes(params.attributes),
        { open: params.open ? true : undefined },
      )}
    >
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{safeSummary}</span>
      </summary>
      <div class="govuk-details__text">{params.children ?? safeContent}</div>
    </details>
  );
}
