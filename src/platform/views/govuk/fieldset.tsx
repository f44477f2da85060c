import type { Children } from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';

export interface FieldsetLegend extends TextOrHtml {
  classes?: string;
  /** Puts the legend's content in an `<h1>`, for a question that is the page's heading. */
  isPageHeading?: boolean;
}

/** Options of govuk-frontend's `govukFieldset` macro. */
export interface FieldsetParams {
  /** Element ids for the fieldset's `aria-describedby`. */
  describedBy?: string;
  legend?: FieldsetLegend;
  classes?: string;
  role?: string;
  attributes?: GovukAttributes;
  /** Trusted HTML for the fieldset's content, used when there are no children. */
  html?: string;
}

/** The fieldset's content is its JSX children (the macro's `caller`) or else the `html` option. */
export function GovukFieldset(params: FieldsetParams & { children?: Children }): JSX.Element {
  const legend = params.legend;
  const safeLegend = htmlOrText(legend);
  const safeContent = params.children !== undefined ? params.children : (params.html ?? '');
  return (
    <fieldset
      {...mergeAttributes(
        {
          class: classNames('govuk-fieldset', params.classes),
          role: params.role || undefined,
          'aria-describedby': params.describedBy || undefined,
        },
        govukAttributes(params.attributes),
      )}
    >
      {legend && (legend.html || legend.text) ? (
        <legend class={classNames('govuk-fieldset__legend', legend.classes)}>
          {legend.isPageHeading ? <h1 class="govuk-fieldset__heading">{safeLegend}</h1> : safeLegend}
        </legend>
      ) : (
        ''
      )}
      {safeContent}
    </fieldset>
  );
}
