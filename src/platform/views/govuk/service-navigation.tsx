import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

export interface ServiceNavigationItem {
  /** The user is on this page; takes precedence over `active`. */
  current?: boolean;
  /** The user is within this section of the service. */
  active?: boolean;
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Without one, the item is plain text rather than a link. */
  href?: string;
  /** Added to the link, so only used with `href`. */
  attributes?: GovukAttributes;
}

/** Points where trusted HTML can be injected, inserted as given. */
export interface ServiceNavigationSlots {
  /** At the start of the container. */
  start?: string;
  /** At the end of the container: the HTML, or the HTML and where to put it. */
  end?: string | { html?: string; align?: 'inline' };
  /** Before the first navigation item. */
  navigationStart?: string;
  /** After the last navigation item. */
  navigationEnd?: string;
}

/** Options of govuk-frontend's `govukServiceNavigation` macro. */
export interface ServiceNavigationParams {
  classes?: string;
  attributes?: GovukAttributes;
  /** Labels the landmark wrapping a service name or start or end slot. Defaults to "Service information". */
  ariaLabel?: string;
  /** Defaults to "Menu". */
  menuButtonText?: string;
  /** The menu toggle's accessible name. Defaults to `menuButtonText`. */
  menuButtonLabel?: string;
  /** Labels the navigation landmark. Defaults to `menuButtonText`. */
  navigationLabel?: string;
  /** Ties the menu toggle to the list. Defaults to "navigation". */
  navigationId?: string;
  navigationClasses?: string;
  /** Defaults to true when there is more than one navigation item. */
  collapseNavigationOnMobile?: boolean;
  serviceName?: string;
  serviceUrl?: string;
  /** Falsy items are skipped, so items can be included conditionally. */
  navigation?: (ServiceNavigationItem | false | null | undefined)[];
  slots?: ServiceNavigationSlots;
}

function NavigationItem({ item }: { item: ServiceNavigationItem }) {
  const highlighted = item.active || item.current;
  const safeContent = htmlOrText(item);
  const ariaCurrent = highlighted ? (item.current ? 'page' : 'true') : undefined;
  // The strong keeps the current item distinguishable for users who override colours and styles.
  const safeLinkInner = highlighted ? (
    <strong class="govuk-service-navigation__active-fallback">{safeContent}</strong>
  ) : (
    safeContent
  );
  return (
    <li
      class={classNames(
        'govuk-service-navigation__item',
        highlighted && 'govuk-service-navigation__item--active',
      )}
    >
      {item.href ? (
        <a
          {...mergeAttributes(
            { class: 'govuk-service-navigation__link', href: item.href, 'aria-current': ariaCurrent },
            govukAttributes(item.attributes),
          )}
        >
          {safeLinkInner}
        </a>
      ) : item.html || item.text ? (
        <span class="govuk-service-navigation__text" aria-current={ariaCurrent}>
          {safeLinkInner}
        </span>
      ) : (
        ''
      )}
    </li>
  );
}

export function GovukServiceNavigation(params: ServiceNavigationParams): JSX.Element {
  const slots = params.slots ?? {};
  const menuButtonText = params.menuButtonText || 'Menu';
  const navigationId = params.navigationId || 'navigation';
  const safeEndSlot = typeof slots.end === 'string' ? slots.end : slots.end?.html;
  const endSlotInline = typeof slots.end === 'object' && slots.end.align === 'inline';
  const safeStartSlot = slots.start ?? '';
  const safeNavigationStartSlot = slots.navigationStart ?? '';
  const safeNavigationEndSlot = slots.navigationEnd ?? '';
  const navigationItems = (params.navigation ?? []).filter((item) => !!item);
  const collapseNavigationOnMobile = params.collapseNavigationOnMobile ?? navigationItems.length > 1;

  const safeInner = (
    <div
      class={classNames(
        'govuk-width-container',
        endSlotInline && 'govuk-service-navigation__inlining-container',
      )}
    >
      {safeStartSlot}
      <div class="govuk-service-navigation__container">
        {params.serviceName ? (
          <span class="govuk-service-navigation__service-name">
            {params.serviceUrl ? (
              <a
                {...mergeAttributes({ href: params.serviceUrl, class: 'govuk-service-navigation__link' })}
                safe
              >
                {params.serviceName}
              </a>
            ) : (
              <span class="govuk-service-navigation__text" safe>
                {params.serviceName}
              </span>
            )}
          </span>
        ) : (
          ''
        )}
        {navigationItems.length || slots.navigationStart || slots.navigationEnd ? (
          <nav
            {...mergeAttributes({
              'aria-label': params.navigationLabel || menuButtonText,
              class: classNames('govuk-service-navigation__wrapper', params.navigationClasses),
            })}
          >
            {collapseNavigationOnMobile ? (
              <button
                {...mergeAttributes({
                  type: 'button',
                  class: 'govuk-service-navigation__toggle govuk-js-service-navigation-toggle',
                  'aria-controls': navigationId,
                  'aria-label':
                    params.menuButtonLabel && params.menuButtonLabel !== menuButtonText
                      ? params.menuButtonLabel
                      : undefined,
                  hidden: true,
                  'aria-hidden': 'true',
                })}
                safe
              >
                {menuButtonText}
              </button>
            ) : (
              ''
            )}
            <ul {...mergeAttributes({ class: 'govuk-service-navigation__list', id: navigationId })}>
              {safeNavigationStartSlot}
              {navigationItems.map((item) => (
                <NavigationItem item={item} />
              ))}
              {safeNavigationEndSlot}
            </ul>
          </nav>
        ) : (
          ''
        )}
      </div>
      {safeEndSlot ?? ''}
    </div>
  );

  const commonAttributes = [
    {
      class: classNames('govuk-service-navigation', params.classes),
      'data-module': 'govuk-service-navigation',
    },
    govukAttributes(params.attributes),
  ];
  // With a service name or slotted content, a section landmark labels the whole; otherwise the nav suffices.
  return params.serviceName || slots.start || safeEndSlot ? (
    <section
      {...mergeAttributes({ 'aria-label': params.ariaLabel ?? 'Service information' }, ...commonAttributes)}
    >
      {safeInner}
    </section>
  ) : (
    <div {...mergeAttributes(...commonAttributes)}>{safeInner}</div>
  );
}
