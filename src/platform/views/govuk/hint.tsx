import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

/** Options of govuk-frontend's `govukHint` macro. */
export interface HintParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  id?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukHint(params: HintParams): JSX.Element {
  const safeContent = htmlOrText(params);
  return (
    <div
      {...mergeAttributes(
        { id: params.id || undefined, class: classNames('govuk-hint', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {safeContent}
    </div>
  );
}
