import {
  classNames,
  govukAttributes,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';

export interface TabsItem {
  /** The panel's id, which the tab links to. Required unless the component has an `idPrefix`. */
  id?: string;
  /** Escaped. */
  label: string;
  /** Added to the tab's link. */
  attributes?: GovukAttributes;
  /** A `text` panel is wrapped in a paragraph; `html` is inserted as given. */
  panel: TextOrHtml & { attributes?: GovukAttributes };
}

/** Options of govuk-frontend's `govukTabs` macro. */
export interface TabsParams {
  id?: string;
  /** Makes panel ids `<idPrefix>-<position>` for items without an `id`. */
  idPrefix?: string;
  /** Heading of the list of tabs, shown when the tabs are not enhanced. Defaults to "Contents". */
  title?: string;
  /** Falsy items are skipped, so tabs can be included conditionally; they still count towards positions. */
  items: (TabsItem | false | null | undefined)[];
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukTabs(params: TabsParams): JSX.Element {
  // Nunjucks tolerates a missing list and renders no tabs.
  const items = (params.items as TabsParams['items'] | undefined) ?? [];
  const panelId = (item: TabsItem, index: number) => item.id || `${params.idPrefix || ''}-${index}`;
  return (
    <div
      {...mergeAttributes(
        { id: params.id || undefined, class: classNames('govuk-tabs', params.classes) },
        govukAttributes(params.attributes),
        { 'data-module': 'govuk-tabs' },
      )}
    >
      <h2 class="govuk-tabs__title" safe>
        {params.title ?? 'Contents'}
      </h2>
      {items.length ? (
        <>
          <ul class="govuk-tabs__list">
            {items.map((item, index) =>
              item ? (
                <li
                  class={classNames(
                    'govuk-tabs__list-item',
                    index === 0 && 'govuk-tabs__list-item--selected',
                  )}
                >
                  <a
                    {...mergeAttributes(
                      { class: 'govuk-tabs__tab', href: `#${panelId(item, index + 1)}` },
                      govukAttributes(item.attributes),
                    )}
                    safe
                  >
                    {item.label}
                  </a>
                </li>
              ) : (
                ''
              ),
            )}
          </ul>
          {items.map((item, index) =>
            item ? (
              <div
                {...mergeAttributes(
                  {
                    class: classNames('govuk-tabs__panel', index > 0 && 'govuk-tabs__panel--hidden'),
                    id: panelId(item, index + 1),
                  },
                  govukAttributes(item.panel.attributes),
                )}
              >
                {item.panel.html ? (
                  (item.panel.html as 'safe')
                ) : item.panel.text ? (
                  <p class="govuk-body" safe>
                    {item.panel.text}
                  </p>
                ) : (
                  ''
                )}
              </div>
            ) : (
              ''
            ),
          )}
        </>
      ) : (
        ''
      )}
    </div>
  );
}
