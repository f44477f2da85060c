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

export interface CheckboxesItem extends TextOrHtml {
  /** Defaults to `idPrefix`, suffixed with the item's position after the first. */
  id?: string;
  /** Defaults to the top-level `name`. */
  name?: string;
  value?: string | number;
  label?: { classes?: string; attributes?: GovukAttributes };
  hint?: HintParams;
  /** Renders a divider (for example "or") in place of a checkbox. */
  divider?: string;
  /** Takes precedence over the top-level `values`. */
  checked?: boolean;
  /** Trusted HTML revealed while the checkbox is checked. */
  conditional?: { html?: string | false };
  /** "exclusive" unchecks the others when this one is checked ("None of these"). */
  behaviour?: string;
  disabled?: boolean;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukCheckboxes` macro. */
export interface CheckboxesParams {
  /** Element ids for each checkbox's `aria-describedby` when there is no fieldset. */
  describedBy?: string;
  /** Without it, the checkboxes are not grouped in a fieldset. The hint and error message ids join its `describedBy`. */
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
  /** Prefix for the ids of the checkboxes, hint and error message. Defaults to `name`. */
  idPrefix?: string;
  name: string;
  /** Falsy entries are skipped (but still count towards the position in ids). */
  items: (CheckboxesItem | false | null | undefined | '')[];
  /** Checks the checkboxes with these values. */
  values?: (string | number)[];
  classes?: string;
  attributes?: GovukAttributes;
}

export function GovukCheckboxes(params: CheckboxesParams): JSX.Element {
  const idPrefix = params.idPrefix || params.name;
  let describedBy = params.fieldset?.describedBy || params.describedBy || '';
  const hasFieldset = !!params.fieldset;
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

  const checkboxItem = (item: CheckboxesItem, index: number): JSX.Element => {
    // The first id has no suffix, so that the error summary can link to it.
    const itemId = item.id || `${idPrefix}${index > 1 ? `-${index}` : ''}`;
    const conditionalId = `conditional-${itemId}`;
    if (item.divider) {
      return (
        <div class="govuk-checkboxes__divider" safe>
          {item.divider}
        </div>
      );
    }
    const isChecked =
      item.checked ||
      (params.values
        ? item.value !== undefined && params.values.includes(item.value) && item.checked !== false
        : false);
    const hasHint = !!(item.hint?.text || item.hint?.html);
    const itemHintId = hasHint ? `${itemId}-item-hint` : '';
    // With a fieldset, the group's description is announced with the fieldset rather than each checkbox.
    const itemDescribedBy = `${hasFieldset ? '' : describedBy} ${itemHintId}`.trim();
    const safeConditional = item.conditional?.html || '';
    return (
      <>
        <div class="govuk-checkboxes__item">
          <input
            {...mergeAttributes(
              {
                class: 'govuk-checkboxes__input',
                id: itemId,
                name: item.name || params.name || '',
                type: 'checkbox',
                value: String(item.value ?? ''),
                checked: isChecked ? true : undefined,
                disabled: item.disabled ? true : undefined,
                'data-aria-controls': safeConditional ? conditionalId : undefined,
                'data-behaviour': item.behaviour || undefined,
                'aria-describedby': itemDescribedBy || undefined,
              },
              govukAttributes(item.attributes),
            )}
          />
          <GovukLabel
            html={item.html}
            text={item.text}
            classes={classNames('govuk-checkboxes__label', item.label?.classes)}
            attributes={item.label?.attributes}
            for={itemId}
          />
          {hasHint && item.hint ? (
            <GovukHint
              id={itemHintId}
              classes={classNames('govuk-checkboxes__hint', item.hint.classes)}
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
            class={classNames(
              'govuk-checkboxes__conditional',
              !isChecked && 'govuk-checkboxes__conditional--hidden',
            )}
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
          { class: classNames('govuk-checkboxes', params.classes) },
          govukAttributes(params.attributes),
          { 'data-module': 'govuk-checkboxes' },
        )}
      >
        {safeBeforeInputs}
        {params.items.map((item, index) => (item ? checkboxItem(item, index + 1) : ''))}
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
      {hasFieldset && params.fieldset ? (
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
