import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukGenericHeader` macro. */
export interface GenericHeaderParams {
  /** Where the logo links to. Defaults to "/". */
  url?: string;
  /** Escaped. Ignored when `logoHtml` is given. */
  logoText?: string;
  /** Trusted HTML, inserted as given. */
  logoHtml?: string;
  /** Defaults to "govuk-width-container". */
  containerClasses?: string;
  classes?: string;
  attributes?: GovukAttributes;
  /**
   * Private in govuk-frontend: the class prefix, which its GOV.UK header sets to "govuk" to reuse this
   * markup. Defaults to "govuk-generic".
   */
  _namespace?: string;
}

export function GovukGenericHeader(params: GenericHeaderParams): JSX.Element {
  const namespace = params._namespace ?? 'govuk-generic';
  const safeLogo = htmlOrText({ html: params.logoHtml, text: params.logoText });
  return (
    <div
      {...mergeAttributes(
        { class: classNames(`${namespace}-header`, params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      <div
        {...mergeAttributes({
          class: `${namespace}-header__container ${params.containerClasses || 'govuk-width-container'}`,
        })}
      >
        <div {...mergeAttributes({ class: `${namespace}-header__logo` })}>
          <a
            {...mergeAttributes({
              href: params.url || '/',
              class: `${namespace}-header__homepage-link`,
            })}
          >
            {safeLogo}
          </a>
        </div>
      </div>
    </div>
  );
}
