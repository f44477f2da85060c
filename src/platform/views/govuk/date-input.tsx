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
import { GovukInput } from './input.js';

/** One of the inputs; `day`, `month` and `year` take the same options with every one optional. */
export interface DateInputItem {
  /** Defaults to the component's id and the item's name, joined by `-`. */
  id?: string;
  name: string;
  /** Defaults to the name, capitalised. */
  label?: string;
  value?: string | number;
  /** Shows the error border on this input only, rather than on all of them. */
  error?: boolean;
  /** Defaults to "numeric". */
  inputmode?: string;
  autocomplete?: string;
  pattern?: string;
  classes?: string;
  attributes?: GovukAttributes;
}

export type DateInputPart = Partial<DateInputItem>;

/** Options of govuk-frontend's `govukDateInput` macro. */
export interface DateInputParams {
  id: string;
  /** Prefixes each input's name, joined by `-`. */
  namePrefix?: string;
  /** Replaces the day, month and year inputs. */
  items?: (DateInputItem | false | null | undefined)[];
  hint?: HintParams;
  /** A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  formGroup?: {
    classes?: string;
    attributes?: GovukAttributes;
    beforeInputs?: TextOrHtml;
    afterInputs?: TextOrHtml;
  };
  /** Without it, the inputs are not grouped in a fieldset. The hint and error message ids join its `describedBy`. */
  fieldset?: FieldsetParams;
  /** Options for the day input; `false` leaves it out. */
  day?: DateInputPart | false;
  /** Options for the month input; `false` leaves it out. */
  month?: DateInputPart | false;
  /** Options for the year input; `false` leaves it out. */
  year?: DateInputPart | false;
  /** Values by input name (including any `namePrefix`), `day`, `month` and `year` without one. */
  values?: { day?: string | number; month?: string | number; year?: string | number } & Record<
    string,
    string | number | undefined
  >;
  classes?: string;
  attributes?: GovukAttributes;
}

type AnyItem = DateInputPart | false | null | undefined;

const hasErrorClass = (item: DateInputPart): boolean => !!item.classes?.includes('govuk-input--error');

/** Nunjucks' `capitalize` filter. */
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();

export function GovukDateInput(params: DateInputParams): JSX.Element {
  let describedBy = params.fieldset?.describedBy || '';
  const formGroup = params.formGroup;

  const day: AnyItem =
    params.day !== undefined
      ? params.day
      : { name: 'day', value: params.values?.day, classes: 'govuk-input--width-2' };
  const month: AnyItem =
    params.month !== undefined
      ? params.month
      : { name: 'month', value: params.values?.month, classes: 'govuk-input--width-2' };
  const year: AnyItem =
    params.year !== undefined
      ? params.year
      : { name: 'year', value: params.values?.year, classes: 'govuk-input--width-4' };
  const items: AnyItem[] = params.items?.length ? params.items : [day, month, year];
  const anyItemHasError = items.some((item) => item && (item.error || hasErrorClass(item)));
  const namePrefix = params.namePrefix ? `${params.namePrefix}-` : '';

  // An item takes the defaults of the day, month or year input it is (or whose name it has).
  const isPart = (item: DateInputPart, part: AnyItem, name: string): boolean =>
    item === part || (!!item.name && (item.name === name || item.name === (part ? part.name : undefined)));

  const dateInputItem = (item: DateInputPart): JSX.Element => {
    let itemName = item.name;
    let itemValue = item.value;
    let itemWidth = 2;
    for (const [part, name, width] of [
      [day, 'day', 2],
      [month, 'month', 2],
      [year, 'year', 4],
    ] as const) {
      if (isPart(item, part, name)) {
        itemName = item.name ?? name;
        itemValue = item.value !== undefined ? item.value : part ? part.value : undefined;
        itemWidth = width;
        break;
      }
    }
    const itemHasError = !!item.error || hasErrorClass(item);
    let itemClasses = '';
    if (
      !hasErrorClass(item) &&
      (itemHasError || (item.error !== false && params.errorMessage && !anyItemHasError))
    ) {
      itemClasses = 'govuk-input--error';
    }
    if (!item.classes?.includes('govuk-input--width-')) {
      itemClasses = classNames(itemClasses, `govuk-input--width-${itemWidth}`);
    }
    itemClasses = classNames(itemClasses, item.classes);
    // Nunjucks joins a missing name as "undefined"; String() keeps that.
    const name = `${namePrefix}${String(itemName)}`;

    return (
      <div class="govuk-date-input__item">
        <GovukInput
          label={{ text: item.label || capitalize(itemName ?? ''), classes: 'govuk-date-input__label' }}
          id={item.id || `${params.id}-${String(itemName)}`}
          classes={classNames('govuk-date-input__input', itemClasses)}
          name={name}
          value={itemValue !== undefined ? itemValue : params.values?.[name]}
          type="text"
          inputmode={item.inputmode || 'numeric'}
          autocomplete={item.autocomplete}
          pattern={item.pattern}
          attributes={item.attributes}
        />
      </div>
    );
  };

  let hint: JSX.Element = '';
  if (params.hint) {
    const hintId = `${params.id}-hint`;
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
    const errorId = `${params.id}-error`;
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

  const safeBeforeInputs = formGroup?.beforeInputs ? htmlOrText(formGroup.beforeInputs) : '';
  const safeAfterInputs = formGroup?.afterInputs ? htmlOrText(formGroup.afterInputs) : '';
  const inner = (
    <>
      {hint}
      {errorMessage}
      <div
        {...mergeAttributes(
          { class: classNames('govuk-date-input', params.classes) },
          govukAttributes(params.attributes),
          { id: params.id || undefined },
        )}
      >
        {safeBeforeInputs}
        {items.map((item) => (item ? dateInputItem(item) : ''))}
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
        // JAWS reads the description of a fieldset of text inputs only when it has the group role.
        <GovukFieldset
          describedBy={describedBy}
          classes={params.fieldset.classes}
          role="group"
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
