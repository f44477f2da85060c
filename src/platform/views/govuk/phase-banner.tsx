import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';
import { GovukTag, type TagParams } from './tag.js';

/** Options of govuk-frontend's `govukPhaseBanner` macro. */
export interface PhaseBannerParams {
  /** Escaped. Ignored when `html` is given. */
  text?: string;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** The phase tag. Only its `text`, `html` and `classes` are used. */
  tag: Pick<TagParams, 'text' | 'html' | 'classes'>;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukPhaseBanner(params: PhaseBannerParams): JSX.Element {
  const safeContent = htmlOrText(params);
  // Optional chaining because the template tolerates a missing tag, rendering it empty.
  const tag = params.tag as PhaseBannerParams['tag'] | undefined;
  return (
    <div
      {...mergeAttributes(
        { class: classNames('govuk-phase-banner govuk-width-container', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      <p class="govuk-phase-banner__content">
        <GovukTag
          text={tag?.text}
          html={tag?.html}
          classes={classNames('govuk-phase-banner__content__tag', tag?.classes)}
        />
        <span class="govuk-phase-banner__text">{safeContent}</span>
      </p>
    </div>
  );
}
