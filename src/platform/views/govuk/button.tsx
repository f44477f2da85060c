import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type AttributeProps,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukButton` macro. */
export interface ButtonParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** "button", "submit" (the default) or "reset"; not used with `href`. */
  type?: string;
  /** Not used with `href`. */
  name?: string;
  /** Not used with `href`. */
  value?: string;
  /** Sets `disabled` and `aria-disabled`; not used with `href`. */
  disabled?: boolean;
  /** Renders a link styled as a button. */
  href?: string;
  classes?: string;
  attributes?: GovukAttributes;
  /** Renders `data-prevent-double-click` with the given value; not used with `href`. */
  preventDoubleClick?: boolean;
  /** Adds the arrow of a start page's call to action. */
  isStartButton?: boolean;
  id?: string;
}

export function GovukButton(params: ButtonParams): JSX.Element {
  const commonAttributes: AttributeProps[] = [
    {
      class: classNames('govuk-button', params.classes, params.isStartButton && 'govuk-button--start'),
      'data-module': 'govuk-button',
    },
    govukAttributes(params.attributes),
    { id: params.id || undefined },
  ];

  // Start buttons use flexbox, which drops the whitespace between elements, so HTML content is kept in one span.
  const safeContent = htmlOrText(params);
  const safeButtonText = params.html && params.isStartButton ? <span>{safeContent}</span> : safeContent;

  // focusable="false" stops Internet Explorer treating the SVG as an interactive element.
  const startIcon = params.isStartButton ? (
    <svg
      class="govuk-button__start-icon"
      xmlns="http://www.w3.org/2000/svg"
      width="17.5"
      height="19"
      viewBox="0 0 33 40"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  ) : (
    ''
  );

  if (params.href) {
    return (
      <a {...mergeAttributes({ href: params.href, role: 'button', draggable: 'false' }, ...commonAttributes)}>
        {safeButtonText}
        {startIcon}
      </a>
    );
  }

  return (
    <button
      {...mergeAttributes(
        {
          type: params.type || 'submit',
          value: params.value || undefined,
          name: params.name || undefined,
          disabled: params.disabled ? true : undefined,
          'aria-disabled': params.disabled ? 'true' : undefined,
          'data-prevent-double-click':
            params.preventDoubleClick !== undefined ? String(params.preventDoubleClick) : undefined,
        },
        ...commonAttributes,
      )}
    >
      {safeButtonText}
      {startIcon}
    </button>
  );
}
