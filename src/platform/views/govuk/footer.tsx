import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import { GovukLogo } from './logo.js';

export interface FooterLink {
  text: string;
  href: string;
  attributes?: GovukAttributes;
}

export interface FooterMeta {
  /** Heading for the meta links, for screen readers only. Defaults to "Support links". */
  visuallyHiddenTitle?: string;
  /** Shown below the meta links. Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  items?: FooterLink[];
}

export interface FooterNavigation {
  title: string;
  /** How many columns to lay the links out in. */
  columns?: number;
  /** A Design System grid width, such as "one-third". Defaults to "full". */
  width?: string;
  /** A link renders only when it has both `href` and `text`. */
  items?: FooterLink[];
}

/** Options of govuk-frontend's `govukFooter` macro. */
export interface FooterParams {
  meta?: FooterMeta;
  navigation?: FooterNavigation[];
  /** Defaults to the Open Government Licence notice; `null` leaves the licence out. */
  contentLicence?: TextOrHtml | null;
  /** Defaults to "© Crown copyright". */
  copyright?: TextOrHtml;
  containerClasses?: string;
  classes?: string;
  attributes?: GovukAttributes;
  /**
   * Plaza extension, not a govuk-frontend option: `false` leaves out the crown and shows the copyright as
   * plain text without the crest and the Crown copyright link, which only GOV.UK services may show.
   * Defaults to true so the markup stays govuk-frontend's.
   */
  crown?: boolean;
}

export function GovukFooter(params: FooterParams): JSX.Element {
  const { meta, contentLicence } = params;
  const safeMetaCustom = htmlOrText(meta);
  const safeLicence = htmlOrText(contentLicence ?? undefined);
  const safeCopyright = htmlOrText(params.copyright) || '© Crown copyright';
  return (
    <div
      {...mergeAttributes(
        { class: classNames('govuk-footer', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      <div {...mergeAttributes({ class: classNames('govuk-width-container', params.containerClasses) })}>
        {params.crown === false ? '' : <GovukLogo classes="govuk-footer__crown" useLogotype={false} />}
        {params.navigation?.length ? (
          <>
            <div class="govuk-footer__navigation">
              {params.navigation.map((nav) => (
                <div
                  {...mergeAttributes({
                    class: `govuk-footer__section govuk-grid-column-${nav.width || 'full'}`,
                  })}
                >
                  <h2 class="govuk-footer__heading govuk-heading-m" safe>
                    {nav.title}
                  </h2>
                  {nav.items?.length ? (
                    <ul
                      class={classNames(
                        'govuk-footer__list',
                        nav.columns ? `govuk-footer__list--columns-${nav.columns}` : undefined,
                      )}
                    >
                      {nav.items.map((item) =>
                        item.href && item.text ? (
                          <li class="govuk-footer__list-item">
                            <a
                              {...mergeAttributes(
                                { class: 'govuk-footer__link', href: item.href },
                                govukAttributes(item.attributes),
                              )}
                              safe
                            >
                              {item.text}
                            </a>
                          </li>
                        ) : (
                          ''
                        ),
                      )}
                    </ul>
                  ) : (
                    ''
                  )}
                </div>
              ))}
            </div>
            <hr class="govuk-footer__section-break" />
          </>
        ) : (
          ''
        )}
        <div class="govuk-footer__meta">
          <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
            {meta ? (
              <>
                <h2 class="govuk-visually-hidden" safe>
                  {meta.visuallyHiddenTitle || 'Support links'}
                </h2>
                {meta.items?.length ? (
                  <ul class="govuk-footer__inline-list">
                    {meta.items.map((item) => (
                      <li class="govuk-footer__inline-list-item">
                        <a
                          {...mergeAttributes(
                            { class: 'govuk-footer__link', href: item.href },
                            govukAttributes(item.attributes),
                          )}
                          safe
                        >
                          {item.text}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  ''
                )}
                {meta.text || meta.html ? <div class="govuk-footer__meta-custom">{safeMetaCustom}</div> : ''}
              </>
            ) : (
              ''
            )}
            {contentLicence === null ? (
              ''
            ) : (
              <>
                <svg
                  aria-hidden="true"
                  // Without it, Internet Explorer makes the SVG a keyboard focus stop.
                  focusable="false"
                  class="govuk-footer__licence-logo"
                  xmlns="http://www.w3.org/2000/svg"
                  viewBox="0 0 483.2 195.7"
                  height="17"
                  width="41"
                >
                  <path
                    fill="currentColor"
                    d="M421.5 142.8V.1l-50.7 32.3v161.1h112.4v-50.7zm-122.3-9.6A47.12 47.12 0 0 1 221 97.8c0-26 21.1-47.1 47.1-47.1 16.7 0 31.4 8.7 39.7 21.8l42.7-27.2A97.63 97.63 0 0 0 268.1 0c-36.5 0-68.3 20.1-85.1 49.7A98 98 0 0 0 97.8 0C43.9 0 0 43.9 0 97.8s43.9 97.8 97.8 97.8c36.5 0 68.3-20.1 85.1-49.7a97.76 97.76 0 0 0 149.6 25.4l19.4 22.2h3v-87.8h-80l24.3 27.5zM97.8 145c-26 0-47.1-21.1-47.1-47.1s21.1-47.1 47.1-47.1 47.2 21 47.2 47S123.8 145 97.8 145"
                  />
                </svg>
                <span class="govuk-footer__licence-description">
                  {safeLicence || (
                    <>
                      All content is available under the{' '}
                      <a
                        class="govuk-footer__link"
                        href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
                        rel="license"
                      >
                        Open Government Licence v3.0
                      </a>
                      , except where otherwise stated
                    </>
                  )}
                </span>
              </>
            )}
          </div>
          <div class="govuk-footer__meta-item">
            {params.crown === false ? (
              // Outside GOV.UK, copyright is plain text: no crest, no link to Crown copyright.
              <span>{safeCopyright}</span>
            ) : (
              <a
                class="govuk-footer__link govuk-footer__copyright-logo"
                href="https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/"
              >
                {safeCopyright}
              </a>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
