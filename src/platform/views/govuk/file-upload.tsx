import {
  classNames,
  govukAttributes,
  govukI18nAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import { GovukErrorMessage, type ErrorMessageParams } from './error-message.js';
import { GovukHint, type HintParams } from './hint.js';
import { GovukLabel, type LabelParams } from './label.js';

/** Options of govuk-frontend's `govukFileUpload` macro. */
export interface FileUploadParams {
  name: string;
  /** Defaults to `name`. */
  id?: string;
  disabled?: boolean;
  multiple?: boolean;
  /** Element ids for `aria-describedby`, ahead of the hint's and error message's. */
  describedBy?: string;
  /** `for` is always the input's id. */
  label: LabelParams;
  /** `id` is always derived from the input's id. */
  hint?: HintParams;
  /** `id` is always derived from the input's id. A falsy value shows no error. */
  errorMessage?: ErrorMessageParams | false | null;
  formGroup?: {
    classes?: string;
    attributes?: GovukAttributes;
    beforeInput?: TextOrHtml;
    afterInput?: TextOrHtml;
  };
  /** Wraps the input for govuk-frontend's JavaScript enhancement (drop zone and styled button). */
  javascript?: boolean;
  /** The following texts are used only with `javascript`. */
  chooseFilesButtonText?: string;
  dropInstructionText?: string;
  /** Messages by plural rule (`one`, `other`, …); `%{count}` stands for the number of files. */
  multipleFilesChosenText?: Record<string, string>;
  noFileChosenText?: string;
  enteredDropZoneText?: string;
  leftDropZoneText?: string;
  classes?: string;
  attributes?: GovukAttributes;
  /** Used only with `javascript`. */
  wrapperClasses?: string;
  /** Used only with `javascript`. */
  wrapperAttributes?: GovukAttributes;
}

export function GovukFileUpload(params: FileUploadParams): JSX.Element {
  const id = params.id || params.name;
  let describedBy = params.describedBy || '';
  const formGroup = params.formGroup;

  let hint: JSX.Element = '';
  if (params.hint) {
    const hintId = `${id}-hint`;
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
    const errorId = `${id}-error`;
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

  const safeBeforeInput = formGroup?.beforeInput ? htmlOrText(formGroup.beforeInput) : '';
  const safeAfterInput = formGroup?.afterInput ? htmlOrText(formGroup.afterInput) : '';

  const input = (
    <input
      {...mergeAttributes(
        {
          class: classNames(
            'govuk-file-upload',
            params.classes,
            params.errorMessage && 'govuk-file-upload--error',
          ),
          id: id ?? '',
          name: params.name ?? '',
          type: 'file',
          disabled: params.disabled ? true : undefined,
          multiple: params.multiple ? true : undefined,
          'aria-describedby': describedBy || undefined,
        },
        govukAttributes(params.attributes),
      )}
    />
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
      <GovukLabel
        html={params.label.html}
        text={params.label.text}
        classes={params.label.classes}
        isPageHeading={params.label.isPageHeading}
        attributes={params.label.attributes}
        for={id}
      />
      {hint}
      {errorMessage}
      {safeBeforeInput}
      {params.javascript ? (
        <div
          {...mergeAttributes(
            {
              class: classNames('govuk-file-upload-wrapper', params.wrapperClasses),
              'data-module': 'govuk-file-upload',
            },
            govukI18nAttributes('choose-files-button', params.chooseFilesButtonText),
            govukI18nAttributes('no-file-chosen', params.noFileChosenText),
            govukI18nAttributes('multiple-files-chosen', undefined, params.multipleFilesChosenText),
            govukI18nAttributes('drop-instruction', params.dropInstructionText),
            govukI18nAttributes('entered-drop-zone', params.enteredDropZoneText),
            govukI18nAttributes('left-drop-zone', params.leftDropZoneText),
            govukAttributes(params.wrapperAttributes),
          )}
        >
          {input}
        </div>
      ) : (
        input
      )}
      {safeAfterInput}
    </div>
  );
}
