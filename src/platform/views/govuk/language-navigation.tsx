import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

export interface LanguageNavigationItem {
  /** The language's name, written in that language. Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** The language tag of the name, such as "cy", so assistive technology pronounces it right. */
  lang: string;
  /** The language tag of the linked page. Defaults to `lang`. */
  hrefLang?: string;
  /** The direction of the name's script: "ltr" or "rtl". */
  dir?: 'ltr' | 'rtl' | (string & {});
  /** The current page in this language. */
  href?: string;
  /** Marks the language of the current page. Defaults to true when there is no `href`. */
  current?: boolean;
  /** Hidden text after the link, saying what it does, written in the link's language. */
  languageDescriptionText?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukLanguageNavigation` macro. */
export interface LanguageNavigationParams {
  items: LanguageNavigationItem[];
  /** Labels the landmark, in the language of the current page. Defaults to "Language". */
  ariaLabel?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukLanguageNavigation(params: LanguageNavigationParams): JSX.Element {
  return (
    <nav
      {...mergeAttributes(
        { class: classNames('govuk-language-navigation', params.classes) },
        govukAttributes(params.attributes),
        { 'aria-label': params.ariaLabel ?? 'Language' },
      )}
    >
      <ul class="govuk-language-navigation__list">
        {params.items.map((item) => {
          const safeContent = htmlOrText(item);
          return item.current || !item.href ? (
            <li class="govuk-language-navigation__list-item">
              <span
                {...mergeAttributes(
                  {
                    class: classNames('govuk-language-navigation__text', item.classes),
                    'aria-current': 'true',
                    lang: item.lang || undefined,
                    dir: item.dir || undefined,
                  },
                  govukAttributes(item.attributes),
                )}
              >
                {safeContent}
              </span>
            </li>
          ) : (
            <li class="govuk-language-navigation__list-item">
              <a
                {...mergeAttributes(
                  {
                    class: classNames('govuk-language-navigation__link', item.classes),
                    href: item.href,
                    rel: 'alternate',
                    lang: item.lang || undefined,
                    hreflang: item.hrefLang || item.lang || undefined,
                    dir: item.dir || undefined,
                  },
                  govukAttributes(item.attributes),
                )}
              >
                {safeContent}
                {item.languageDescriptionText ? (
                  <span class="govuk-visually-hidden" safe>
                    {` ${item.languageDescriptionText}`}
                  </span>
                ) : (
                  ''
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
