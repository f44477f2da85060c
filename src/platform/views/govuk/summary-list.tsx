import Html from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';

export interface SummaryListAction {
  href: string;
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** Appended for screen readers, to tell apart links such as "Change" on each row. */
  visuallyHiddenText?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export interface SummaryListActions {
  items?: SummaryListAction[];
  classes?: string;
}

export interface SummaryListRow {
  classes?: string;
  key: TextOrHtml & { classes?: string };
  value: TextOrHtml & { classes?: string };
  actions?: SummaryListActions;
}

export interface SummaryCardTitle extends TextOrHtml {
  /** Defaults to 2. */
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
  classes?: string;
}

export interface SummaryCard {
  title?: SummaryCardTitle;
  actions?: SummaryListActions;
  classes?: string;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukSummaryList` macro. */
export interface SummaryListParams {
  /** Falsy rows are skipped, so rows can be included conditionally. */
  rows: (SummaryListRow | false | null | undefined)[];
  /** Wraps the list in a summary card. */
  card?: SummaryCard;
  classes?: string;
  attributes?: GovukAttributes;
}

/** The card title goes into each action's hidden text because a page may repeat one list in several cards. */
function ActionLink({ action, cardTitle }: { action: SummaryListAction; cardTitle: TextOrHtml | undefined }) {
  const safeContent = htmlOrText(action);
  const safeCardTitle = cardTitle ? ` (${htmlOrText(cardTitle)})` : '';
  return (
    <a
      {...mergeAttributes(
        { class: classNames('govuk-link', action.classes), href: action.href },
        govukAttributes(action.attributes),
      )}
    >
      {safeContent}
      {action.visuallyHiddenText || cardTitle ? (
        <span class="govuk-visually-hidden">
          {action.visuallyHiddenText ? Html.escapeHtml(` ${action.visuallyHiddenText}`) : ''}
          {safeCardTitle}
        </span>
      ) : (
        ''
      )}
    </a>
  );
}

function SummaryCardWrapper({ card, safeList }: { card: SummaryCard; safeList: JSX.Element }) {
  const { title, actions } = card;
  const items = actions?.items ?? [];
  const safeTitle = title ? htmlOrText(title) : '';
  return (
    <div
      {...mergeAttributes(
        { class: classNames('govuk-summary-card', card.classes) },
        govukAttributes(card.attributes),
      )}
    >
      <div class="govuk-summary-card__title-wrapper">
        {title ? (
          <tag
            of={`h${title.headingLevel || 2}`}
            {...mergeAttributes({ class: classNames('govuk-summary-card__title', title.classes) })}
          >
            {safeTitle}
          </tag>
        ) : (
          ''
        )}
        {items.length === 1 && items[0] ? (
          <div {...mergeAttributes({ class: classNames('govuk-summary-card__actions', actions?.classes) })}>
            <ActionLink action={items[0]} cardTitle={title} />
          </div>
        ) : items.length > 1 ? (
          <ul {...mergeAttributes({ class: classNames('govuk-summary-card__actions', actions?.classes) })}>
            {items.map((action) => (
              <li class="govuk-summary-card__action">
                <ActionLink action={action} cardTitle={title} />
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </div>
      <div class="govuk-summary-card__content">{safeList}</div>
    </div>
  );
}

export function GovukSummaryList(params: SummaryListParams): JSX.Element {
  // Rows line up in columns, so when any row has actions, those without keep an empty actions column.
  const anyRowHasActions = params.rows.some((row) => row && row.actions?.items?.length);
  const cardTitle = params.card?.title;
  const safeList = (
    <dl
      {...mergeAttributes(
        { class: classNames('govuk-summary-list', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {params.rows.map((row) => {
        if (!row) return '';
        const items = row.actions?.items ?? [];
        const safeKey = htmlOrText(row.key);
        const safeValue = htmlOrText(row.value);
        return (
          <div
            {...mergeAttributes({
              class: classNames(
                'govuk-summary-list__row',
                anyRowHasActions && !row.actions?.items && 'govuk-summary-list__row--no-actions',
                row.classes,
              ),
            })}
          >
            <dt {...mergeAttributes({ class: classNames('govuk-summary-list__key', row.key.classes) })}>
              {safeKey}
            </dt>
            <dd {...mergeAttributes({ class: classNames('govuk-summary-list__value', row.value.classes) })}>
              {safeValue}
            </dd>
            {items.length ? (
              <dd
                {...mergeAttributes({
                  class: classNames('govuk-summary-list__actions', row.actions?.classes),
                })}
              >
                {items.length === 1 && items[0] ? (
                  <ActionLink action={items[0]} cardTitle={cardTitle} />
                ) : (
                  <ul class="govuk-summary-list__actions-list">
                    {items.map((action) => (
                      <li class="govuk-summary-list__actions-list-item">
                        <ActionLink action={action} cardTitle={cardTitle} />
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            ) : (
              ''
            )}
          </div>
        );
      })}
    </dl>
  );
  return params.card ? <SummaryCardWrapper card={params.card} safeList={safeList} /> : safeList;
}
