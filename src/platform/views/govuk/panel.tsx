import type { Children } from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';
import { GovukButton } from './button.js';

export interface PanelAction {
  /** Escaped. */
  text: string;
  /** "button" or "submit". With `href`, "button" renders a link styled as a button. */
  type?: 'button' | 'submit' | (string & {});
  /** Renders a link: a plain inverse link, unless `type` is "button". */
  href?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukPanel` macro. */
export interface PanelParams {
  /** Escaped. Ignored when `titleHtml` is given. */
  titleText?: string;
  /** Trusted HTML, inserted as given. */
  titleHtml?: string;
  /** Defaults to 1. */
  headingLevel?: 1 | 2 | 3 | 4 | 5 | 6;
  /** Escaped. Ignored when `html` or children are given. */
  text?: string;
  /** Trusted HTML, inserted as given. Ignored when children are given. */
  html?: string;
  /** Stands in for the macro's `caller` block: content that takes precedence over `html` and `text`. */
  children?: Children;
  /** "govuk-panel--interruption" makes an interruption panel; otherwise it is a confirmation panel. */
  classes?: string;
  attributes?: GovukAttributes;
  /** The buttons or links ending an interruption panel; a confirmation panel ignores them. */
  actions?: {
    items?: PanelAction[];
    classes?: string;
    attributes?: GovukAttributes;
  };
}

function PanelActionLink({ action }: { action: PanelAction }) {
  if (!action.href || action.type === 'button') {
    return (
      <GovukButton
        text={action.text}
        type={action.type || 'button'}
        classes={classNames('govuk-button--inverse', action.classes)}
        href={action.href}
        attributes={action.attributes}
      />
    );
  }
  return (
    <a
      {...mergeAttributes(
        { class: classNames('govuk-link govuk-link--inverse', action.classes), href: action.href },
        govukAttributes(action.attributes),
      )}
      safe
    >
      {action.text}
    </a>
  );
}

export function GovukPanel(params: PanelParams): JSX.Element {
  const isInterruption = params.classes?.includes('govuk-panel--interruption') ?? false;
  const safeTitle = htmlOrText({ html: params.titleHtml, text: params.titleText });
  const safeContent = htmlOrText(params);
  const { actions } = params;
  return (
    <div
      {...mergeAttributes(
        {
          class: classNames(
            'govuk-panel',
            // Confirmation is the default variant.
            !isInterruption && 'govuk-panel--confirmation',
            params.classes,
          ),
        },
        govukAttributes(params.attributes),
      )}
    >
      <tag of={`h${params.headingLevel || 1}`} class="govuk-panel__title">
        {safeTitle}
      </tag>
      {params.children != null || params.html || params.text ? (
        <div class="govuk-panel__body">{params.children ?? safeContent}</div>
      ) : (
        ''
      )}
      {isInterruption && actions ? (
        <div
          {...mergeAttributes(
            { class: classNames('govuk-panel__actions', actions.classes) },
            govukAttributes(actions.attributes),
          )}
        >
          {actions.items?.length ? (
            <div class="govuk-button-group">
              {actions.items.map((action) => (
                <PanelActionLink action={action} />
              ))}
            </div>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}
