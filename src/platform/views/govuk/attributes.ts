/**
 * Helpers shared by the GOV.UK Frontend component ports: the same rules as govuk-frontend's `govukAttributes`
 * and `govukI18nAttributes` Nunjucks macros, returning props to spread onto a JSX element.
 */
import { escapeHtml } from '@kitajs/html';

export type AttributeValue = string | number | boolean | null | undefined;
export type AttributeOption = AttributeValue | { value: AttributeValue; optional?: boolean };
export type GovukAttributes = Record<string, AttributeOption>;

/** Props ready to spread: `true` renders a bare attribute, `undefined` omits it. */
export type AttributeProps = Record<string, string | true | undefined>;

/**
 * Mirrors govukAttributes: a plain value always renders (`null`/`undefined` as an empty value); an optional
 * value renders bare when `true` and is omitted when empty or `false`.
 */
export function govukAttributes(attributes: GovukAttributes | undefined): AttributeProps {
  const props: AttributeProps = {};
  if (!attributes) return props;
  for (const [name, item] of Object.entries(attributes)) {
    const option = item !== null && typeof item === 'object' ? item : { value: item, optional: false };
    const value = option.value;
    if (option.optional === true) {
      if (value === true) props[name] = true;
      else if (value !== undefined && value !== null && value !== false) props[name] = String(value);
    } else {
      props[name] = value === undefined || value === null ? '' : String(value);
    }
  }
  return props;
}

/** Mirrors govukI18nAttributes: `data-i18n.<key>` or one `data-i18n.<key>.<plural rule>` per rule. */
export function govukI18nAttributes(
  key: string,
  message: string | undefined,
  messages?: Record<string, string>,
): AttributeProps {
  const props: AttributeProps = {};
  if (messages) {
    for (const [rule, text] of Object.entries(messages)) props[`data-i18n.${key}.${rule}`] = text;
  } else if (message) {
    props[`data-i18n.${key}`] = message;
  }
  return props;
}

/** Joins class names, skipping empty ones, in the order given (the order govuk-frontend's templates use). */
export function classNames(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/** An HTML parser keeps the first of two same-named attributes (names compare case-insensitively). */
function firstDefinedWins(sets: AttributeProps[]): AttributeProps {
  const props: AttributeProps = {};
  const seen = new Set<string>();
  for (const set of sets) {
    for (const [name, value] of Object.entries(set)) {
      if (value === undefined || seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      props[name] = value;
    }
  }
  return props;
}

/**
 * Combines the attribute sets of one element, given in the order its template writes them, into props to
 * spread: as in the browser, the first set to define a name wins, and an omitted (`undefined`) value does
 * not claim the name.
 *
 * kitajs escapes only `"` in attribute values, so a value such as `a&amp;b` would reach the browser as
 * `a&b`; escaping `&` here makes values round-trip as they do through the templates' `escape` filter.
 */
export function mergeAttributes(...sets: AttributeProps[]): AttributeProps {
  const props = firstDefinedWins(sets);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'string') props[name] = value.replaceAll('&', '&amp;');
  }
  return props;
}

/**
 * Combines attribute sets like `mergeAttributes`, but as an `attributes` option for another component (which
 * escapes them when it renders), for templates that build an attribute string and pass it on.
 */
export function mergeAttributeOptions(...sets: AttributeProps[]): GovukAttributes {
  const options: GovukAttributes = {};
  for (const [name, value] of Object.entries(firstDefinedWins(sets))) {
    options[name] = { value, optional: true };
  }
  return options;
}

/** Text or trusted HTML content, as most options take it: `html` wins over `text` when both are given. */
export interface TextOrHtml {
  text?: string;
  html?: string;
}

/**
 * The markup for a text-or-html option, ready to insert raw: the caller's `html` as given (it is trusted), or
 * `text` escaped. Nunjucks prints a missing `text` as nothing.
 */
export function htmlOrText(content: TextOrHtml | undefined): string {
  if (content?.html) return content.html;
  return content?.text == null ? '' : escapeHtml(String(content.text));
}
