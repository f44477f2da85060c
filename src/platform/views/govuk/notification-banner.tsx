import type { Children } from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukNotificationBanner` macro. */
export interface NotificationBannerParams {
  /** Escaped, and styled as a heading. Ignored when `html` or children are given. */
  text?: string;
  /** Trusted HTML, inserted as given. Ignored when children are given. */
  html?: string;
  /** Stands in for the macro's `caller` block: content that takes precedence over `html` and `text`. */
  children?: Children;
  /** Escaped. Ignored when `titleHtml` is given. Defaults to "Important", or "Success" for success. */
  titleText?: string;
  /** Trusted HTML, inserted as given. */
  titleHtml?: string;
  /** Defaults to 2. */
  titleHeadingLevel?: 1 | 2 | 3 | 4 | 5 | 6 | '1' | '2' | '3' | '4' | '5' | '6';
  /** `success` makes a green banner announced as an alert; any other type is ignored. */
  type?: 'success' | null;
  /** Defaults to "alert" for a success banner and "region" otherwise. */
  role?: string;
  /** Defaults to "govuk-notification-banner-title". */
  titleId?: string;
  /** Stops an alert banner taking focus when the page loads. */
  disableAutoFocus?: boolean;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukNotificationBanner(params: NotificationBannerParams): JSX.Element {
  const successBanner = params.type === 'success';
  // A success message is announced at once; any other banner is a landmark that users can navigate to.
  const role = params.role || (successBanner ? 'alert' : 'region');
  const titleId = params.titleId || 'govuk-notification-banner-title';
  const safeTitle = htmlOrText({
    html: params.titleHtml,
    text: params.titleText || (successBanner ? 'Success' : 'Important'),
  });
  const safeContent = params.html ?? '';
  return (
    <div
      {...mergeAttributes(
        {
          class: classNames(
            'govuk-notification-banner',
            successBanner && 'govuk-notification-banner--success',
            params.classes,
          ),
          role,
          'aria-labelledby': titleId,
          'data-module': 'govuk-notification-banner',
          'data-disable-auto-focus':
            params.disableAutoFocus === undefined ? undefined : String(params.disableAutoFocus),
        },
        govukAttributes(params.attributes),
      )}
    >
      <div class="govuk-notification-banner__header">
        <tag
          of={`h${params.titleHeadingLevel || 2}`}
          {...mergeAttributes({ class: 'govuk-notification-banner__title', id: titleId })}
        >
          {safeTitle}
        </tag>
      </div>
      <div class="govuk-notification-banner__content">
        {params.children != null ? (
          params.children
        ) : params.html ? (
          safeContent
        ) : params.text ? (
          <p class="govuk-notification-banner__heading" safe>
            {params.text}
          </p>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}
