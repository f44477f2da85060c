import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

export interface BreadcrumbsItem {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Without one, the item is the current page rather than a link. */
  href?: string;
  /** Added to the link, so only used with `href`. */
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukBreadcrumbs` macro. */
export interface BreadcrumbsParams {
  items: BreadcrumbsItem[];
  classes?: string;
  /** Collapses to the first and last items on tablet and below. */
  collapseOnMobile?: boolean;
  attributes?: GovukAttributes;
  /** Labels the landmark for screen readers. Defaults to "Breadcrumb". */
  labelText?: string;
}

export function GovukBreadcrumbs(params: BreadcrumbsParams): JSX.Element {
  return (
    <nav
      {...mergeAttributes(
        {
          class: classNames(
            'govuk-breadcrumbs',
            params.classes,
            params.collapseOnMobile && 'govuk-breadcrumbs--collapse-on-mobile',
          ),
        },
        govukAttributes(params.attributes),
        { 'aria-label': params.labelText ?? 'Breadcrumb' },
      )}
    >
      <ol class="govuk-breadcrumbs__list">
        {params.items.map((item) => {
          const safeContent = htmlOrText(item);
          return item.href ? (
            <li class="govuk-breadcrumbs__list-item">
              <a
                {...mergeAttributes(
                  { class: 'govuk-breadcrumbs__link', href: item.href },
                  govukAttributes(item.attributes),
                )}
              >
                {safeContent}
              </a>
            </li>
          ) : (
            <li class="govuk-breadcrumbs__list-item" aria-current="page">
              {safeContent}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
