import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

export interface PaginationItem {
  /** The page number, or other text for the link. Required unless `ellipsis` is set. */
  number?: string | number;
  /** The link's accessible name. Defaults to "Page " followed by the number. */
  visuallyHiddenText?: string;
  /** Required unless `ellipsis` is set. */
  href?: string;
  current?: boolean;
  /** Shows an ellipsis in place of skipped pages; the other options are then ignored. */
  ellipsis?: boolean;
  attributes?: GovukAttributes;
}

export interface PaginationLink {
  /** Escaped. Ignored when `html` is given. With neither, "Previous page" or "Next page". */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Says where the link goes, under its text. Shown only without numbered `items`. */
  labelText?: string;
  href: string;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukPagination` macro. */
export interface PaginationParams {
  /** Empty entries (`null` or `{}`) are skipped, so items can be included conditionally. */
  items?: (PaginationItem | false | null | undefined)[];
  previous?: PaginationLink;
  next?: PaginationLink;
  /** Labels the navigation landmark. Defaults to "Pagination". */
  landmarkLabel?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

const arrowPrevious = (
  <svg
    class="govuk-pagination__icon govuk-pagination__icon--prev"
    xmlns="http://www.w3.org/2000/svg"
    height="13"
    width="15"
    aria-hidden="true"
    focusable="false"
    viewBox="0 0 15 13"
  >
    <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
  </svg>
);

const arrowNext = (
  <svg
    class="govuk-pagination__icon govuk-pagination__icon--next"
    xmlns="http://www.w3.org/2000/svg"
    height="13"
    width="15"
    aria-hidden="true"
    focusable="false"
    viewBox="0 0 15 13"
  >
    <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
  </svg>
);

function ArrowLink(props: { link: PaginationLink; type: 'prev' | 'next'; blockLevel: boolean }) {
  const { link, type, blockLevel } = props;
  const arrow = type === 'prev' ? arrowPrevious : arrowNext;
  const safeTitle =
    link.html || link.text ? (
      htmlOrText(link)
    ) : (
      <>
        {type === 'prev' ? 'Previous' : 'Next'}
        <span class="govuk-visually-hidden"> page</span>
      </>
    );
  return (
    <div class={`govuk-pagination__${type}`}>
      <a
        {...mergeAttributes(
          { class: 'govuk-link govuk-pagination__link', href: link.href, rel: type },
          govukAttributes(link.attributes),
        )}
      >
        {/* Stacked links lead with their arrow; inline ones put the "next" arrow after the text. */}
        {blockLevel || type === 'prev' ? arrow : ''}
        <span
          class={classNames(
            'govuk-pagination__link-title',
            blockLevel && !link.labelText && 'govuk-pagination__link-title--decorated',
          )}
        >
          {safeTitle}
        </span>
        {link.labelText && blockLevel ? (
          <>
            <span class="govuk-visually-hidden">:</span>
            <span class="govuk-pagination__link-label" safe>
              {link.labelText}
            </span>
          </>
        ) : (
          ''
        )}
        {!blockLevel && type === 'next' ? arrow : ''}
      </a>
    </div>
  );
}

function PageItem({ item }: { item: PaginationItem }) {
  return (
    <li
      class={classNames(
        'govuk-pagination__item',
        item.current && 'govuk-pagination__item--current',
        item.ellipsis && 'govuk-pagination__item--ellipsis',
      )}
    >
      {item.ellipsis ? (
        '&ctdot;'
      ) : (
        <a
          {...mergeAttributes(
            {
              class: 'govuk-link govuk-pagination__link',
              href: item.href ?? '',
              'aria-label': item.visuallyHiddenText ?? `Page ${item.number}`,
              'aria-current': item.current ? 'page' : undefined,
            },
            govukAttributes(item.attributes),
          )}
          safe
        >
          {item.number}
        </a>
      )}
    </li>
  );
}

export function GovukPagination(params: PaginationParams): JSX.Element {
  const { previous, next, items } = params;
  // Without numbered items, the previous and next links stack, each on its own line.
  const blockLevel = !items && Boolean(next || previous);
  return (
    <nav
      {...mergeAttributes(
        {
          class: classNames('govuk-pagination', blockLevel && 'govuk-pagination--block', params.classes),
          'aria-label': params.landmarkLabel || 'Pagination',
        },
        govukAttributes(params.attributes),
      )}
    >
      {previous?.href ? <ArrowLink link={previous} type="prev" blockLevel={blockLevel} /> : ''}
      {items ? (
        <ul class="govuk-pagination__list">
          {items.map((item) => (item && Object.keys(item).length > 0 ? <PageItem item={item} /> : ''))}
        </ul>
      ) : (
        ''
      )}
      {next?.href ? <ArrowLink link={next} type="next" blockLevel={blockLevel} /> : ''}
    </nav>
  );
}
