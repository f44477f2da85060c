import type { Children } from '@kitajs/html';
import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukInsetText` macro. */
export interface InsetTextParams {
  /** Escaped. Ignored when `html` or children are given. */
  text?: string;
  /** Trusted HTML, inserted as given. Ignored when children are given. */
  html?: string;
  /** Stands in for the macro's `caller` block: content that takes precedence over `html` and `text`. */
  children?: Children;
  id?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukInsetText(params: InsetTextParams): JSX.Element {
  const safeContent = htmlOrText(params);
  return (
    <div
      {...mergeAttributes(
        { id: params.id || undefined, class: classNames('govuk-inset-text', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {params.children ?? safeContent}
    </div>
  );
}
