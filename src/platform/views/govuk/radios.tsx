import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import { GovukErrorMessage, type ErrorMessageParams } from './error-message.js';
import { GovukFieldset, type FieldsetParams } from './fieldset.js';
import { GovukHint, type HintParams } from './hint.js';
import { GovukLabel } from './label.js';

export interface RadiosItem extends TextOrHtml {
  /** Defaults to `idPrefix`, suffixed with the item's position after the first. */
  id?: string;
  value?: string | number;
  label?: { classes?: string; attributes?: GovukAttributes };
  hint?: HintParams;
  /** Renders a divider (for example "or") in place of a radio. */
  divider?: string;
  /** Takes precedence over the top-level `value`. */
  checked?: boolean;
  /** Trusted HTML revealed while the radio is checked. */
  conditional?: { html?: string | false };
  disabled?: boolean;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukRadios` macro. */
export interface RadiosParams {
  /** Without it, the radios are not grouped in a fieldset. The hint and error message ids join its `describedBy`. */
  fieldset?: FieldsetParams;
  hint?: HintParams;
  /** A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  formGroup?: {
    classes?: string;
    attributes?: GovukAttributes;
    beforeInputs?: TextOrHtml;
    afterInputs?: TextOrHtml;
  };
  /** Prefix for the ids of the radios, hint and error message. Defaults to `name`. */
  idPrefix?: string;
  name: string;
  /** Falsy entries are skipped (but still count towards the position in ids). */
  items: (RadiosItem | false | null | undefined | '')[];
  /** Checks the radio with this value. */
  value?: string | number;
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukRadios(params: RadiosParams): JSX.Element {
  const idPrefix = params.idPrefix || params.name;
  let describedBy = params.fieldset?.describedBy || '';
  const formGroup = params.formGroup;

  let hint: JSX.Element = '';
  if (params.hint) {
    const hintId = `${idPrefix}-hint`;
    describedBy = describedBy ? `${describedBy} ${hintId}` : hintId;
    hint = (
      <GovukHint
        id={hintId}
        classes={params.hint.classes}
        attributes={params.hint.attributes}
        html={params.hint.html}
        text={params.hint.text}
      />
    );
  }

  let errorMessage: JSX.Element = '';
  if (params.errorMessage) {
    const errorId = `${idPrefix}-error`;
    describedBy = describedBy ? `${describedBy} ${errorId}` : errorId;
    errorMessage = (
      <GovukErrorMessage
        id={errorId}
        classes={params.errorMessage.classes}
        attributes={params.errorMessage.attributes}
        html={params.errorMessage.html}
        text={params.errorMessage.text}
        visuallyHiddenText={params.errorMessage.visuallyHiddenText}
      />
    );
  }

  const radioItem = (item: RadiosItem, index: number): JSX.Element => {
    // The first id has no suffix, so that the error summary can link to it.
    const itemId = item.id || `${idPrefix}${index > 1 ? `-${index}` : ''}`;
    const conditionalId = `conditional-${itemId}`;
    if (item.divider) {
      return (
        <div class="govuk-radios__divider" safe>
          {item.divider}
        </div>
      );
    }
    const isChecked =
      item.checked ||
      (params.value
        ? // Loose, as in the template, so that a number matches its string form.
          // eslint-disable-next-line eqeqeq
          item.value == params.value && item.checked !== false
        : false);
    const hasHint = !!(item.hint?.text || item.hint?.html);
    const itemHintId = `${itemId}-item-hint`;
    const safeConditional = item.conditional?.html || '';
    return (
      <>
        <div class="govuk-radios__item">
          <input
            {...mergeAttributes(
              {
                class: 'govuk-radios__input',
                id: itemId,
                name: params.name ?? '',
                type: 'radio',
                value: String(item.value ?? ''),
                checked: isChecked ? true : undefined,
                disabled: item.disabled ? true : undefined,
                'data-aria-controls': safeConditional ? conditionalId : undefined,
                'aria-describedby': hasHint ? itemHintId : undefined,
              },
              govukAttributes(item.attributes),
            )}
          />
          <GovukLabel
            html={item.html}
            text={item.text}
            classes={classNames('govuk-radios__label', item.label?.classes)}
            attributes={item.label?.attributes}
            for={itemId}
          />
          {hasHint && item.hint ? (
            <GovukHint
              id={itemHintId}
              classes={classNames('govuk-radios__hint', item.hint.classes)}
              attributes={item.hint.attributes}
              html={item.hint.html}
              text={item.hint.text}
            />
          ) : (
            ''
          )}
        </div>
        {safeConditional ? (
          <div
            class={classNames('govuk-radios__conditional', !isChecked && 'govuk-radios__conditional--hidden')}
            id={conditionalId}
          >
            {safeConditional}
          </div>
        ) : (
          ''
        )}
      </>
    );
  };

  const safeBeforeInputs = formGroup?.beforeInputs ? htmlOrText(formGroup.beforeInputs) : '';
  const safeAfterInputs = formGroup?.afterInputs ? htmlOrText(formGroup.afterInputs) : '';
  const inner = (
    <>
      {hint}
      {errorMessage}
      <div
        {...mergeAttributes(
          { class: classNames('govuk-radios', params.classes) },
          govukAttributes(params.attributes),
          { 'data-module': 'govuk-radios' },
        )}
      >
        {safeBeforeInputs}
        {params.items.map((item, index) => (item ? radioItem(item, index + 1) : ''))}
        {safeAfterInputs}
      </div>
    </>
  );

  return (
    <div
      {...mergeAttributes(
        {
          class: classNames(
            'govuk-form-group',
            params.errorMessage && 'govuk-form-group--error',
            formGroup?.classes,
          ),
        },
        govukAttributes(formGroup?.attributes),
      )}
    >
      {params.fieldset ? (
        <GovukFieldset
          describedBy={describedBy}
          classes={params.fieldset.classes}
          attributes={params.fieldset.attributes}
          legend={params.fieldset.legend}
        >
          {inner}
        </GovukFieldset>
      ) : (
        inner
      )}
    </div>
  );
}
