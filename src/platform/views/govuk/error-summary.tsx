import type { Children } from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

export interface ErrorSummaryItem {
  /** Makes the error a link, usually to the field in error. */
  href?: string;
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Added to the link, so only used with `href`. */
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukErrorSummary` macro. */
export interface ErrorSummaryParams {
  /** Escaped. Ignored when `titleHtml` is given. */
  titleText?: string;
  /** Trusted HTML, inserted as given. */
  titleHtml?: string;
  /** Escaped. Ignored when `descriptionHtml` or children are given. */
  descriptionText?: string;
  /** Trusted HTML, inserted as given. Ignored when children are given. */
  descriptionHtml?: string;
  /** Stands in for the macro's `caller` block: a description that takes precedence over the other two. */
  children?: Children;
  errorList?: ErrorSummaryItem[];
  /** Stops the error summary taking focus when the page loads. */
  disableAutoFocus?: boolean;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukErrorSummary(params: ErrorSummaryParams): JSX.Element {
  const safeTitle = htmlOrText({ html: params.titleHtml, text: params.titleText });
  const safeDescription = htmlOrText({ html: params.descriptionHtml, text: params.descriptionText });
  const hasDescription = params.children != null || params.descriptionHtml || params.descriptionText;
  return (
    <div
      {...mergeAttributes(
        {
          class: classNames('govuk-error-summary', params.classes),
          'data-disable-auto-focus':
            params.disableAutoFocus === undefined ? undefined : String(params.disableAutoFocus),
        },
        govukAttributes(params.attributes),
        { 'data-module': 'govuk-error-summary' },
      )}
    >
      {/* The alert role is on a child so that its announcement does not race the summary taking focus. */}
      <div role="alert">
        <h2 class="govuk-error-summary__title">{safeTitle}</h2>
        <div class="govuk-error-summary__body">
          {hasDescription ? <p>{params.children ?? safeDescription}</p> : ''}
          {params.errorList?.length ? (
            <ul class="govuk-list govuk-error-summary__list">
              {params.errorList.map((item) => {
                const safeContent = htmlOrText(item);
                return (
                  <li>
                    {item.href ? (
                      <a {...mergeAttributes({ href: item.href }, govukAttributes(item.attributes))}>
                        {safeContent}
                      </a>
                    ) : (
                      safeContent
                    )}
                  </li>
                );
              })}
            </ul>
          ) : (
            ''
          )}
        </div>
      </div>
    </div>
  );
}
