import { z } from 'zod';
import { GovukFileUpload } from '../../../platform/views/govuk/file-upload.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukErrorMessage } from '../../../platform/views/govuk/error-message.js';
import { isFileRefList, type Answer, type FileRef } from '../answers.js';
import {
  errorParams,
  hintParams,
  labelParams,
  ruleMessage,
  type FieldType,
  type RawValue,
  type ValidationContext,
  alternatives,
} from '../field-type.js';
import type { FileKind, QuestionOf } from '../question.schema.js';

/** Media types, as detected from a file's content (never its name), for each kind a question can accept. */
export const mediaTypesByKind: Record<FileKind, string[]> = {
  pdf: ['application/pdf'],
  jpg: ['image/jpeg'],
  png: ['image/png'],
  heic: ['image/heic', 'image/heif'],
  webp: ['image/webp'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  odt: ['application/vnd.oasis.opendocument.text'],
};

export function acceptedMediaTypes(question: QuestionOf<'file'>): string[] {
  return question.accept.flatMap((kind) => mediaTypesByKind[kind]);
}

/** Checks one uploaded file against the question's rules: its detected type, its size, not empty. */
export function checkUpload(
  question: QuestionOf<'file'>,
  upload: { size: number; detectedType: string | undefined; truncated: boolean },
  { t, locale }: Pick<ValidationContext, 't' | 'locale'>,
  deploymentMaxBytes: number,
): string | undefined {
  const maxBytes = Math.min(deploymentMaxBytes, (question.maxSizeMb ?? Infinity) * 1024 * 1024);
  const kinds = alternatives(
    question.accept.map((kind) => kind.toUpperCase()),
    locale,
  );
  if (upload.truncated || upload.size > maxBytes) {
    return ruleMessage(question, 'fileTooLarge', t, { size: sizeLimit(maxBytes) });
  }
  if (upload.size === 0) return ruleMessage(question, 'fileEmpty', t);
  if (!upload.detectedType || !acceptedMediaTypes(question).includes(upload.detectedType)) {
    return ruleMessage(question, 'fileType', t, { kinds });
  }
  return undefined;
}

/**
 * A size limit as people read it: "2 MB", "2.5 MB", or "500 KB" under a megabyte (a whole number of MB
 * rounded down showed a 0.5 MB limit as "0 MB"). Rounded down, so a file within the stated size fits.
 */
function sizeLimit(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes >= mb) return `${Math.floor((bytes / mb) * 10) / 10} MB`;
  return `${Math.floor(bytes / 1024)} KB`;
}

export const fileField: FieldType<'file'> = {
  type: 'file',
  // Uploads are not plain form fields: the applications module stores them and passes the list in.
  read: () => undefined,
  schema(question, { t }) {
    return z.custom<RawValue>().transform((raw, context): Answer => {
      const files: FileRef[] = isFileRefList(raw as Answer) ? (raw as FileRef[]) : [];
      if (files.length === 0) {
        if (question.optional) return [];
        context.addIssue({ code: 'custom', message: ruleMessage(question, 'fileRequired', t) });
        return z.NEVER;
      }
      if (files.length > question.maxFiles) {
        context.addIssue({
          code: 'custom',
          message: ruleMessage(question, 'fileTooMany', t, { count: question.maxFiles }),
        });
      }
      return files;
    });
  },
  toRaw: (answer) => (isFileRefList(answer ?? null) ? (answer as FileRef[]) : []),
  render: ({ question, raw, error, asPageHeading, t }) => {
    const files = Array.isArray(raw) && isFileRefList(raw) ? raw : [];
    const kinds = question.accept.map((kind) => kind.toUpperCase()).join(', ');
    const hint = hintParams(question) ?? { text: t('forms:fileHint', { kinds }) };
    if (files.length === 0) {
      return (
        <GovukFileUpload
          id={question.id}
          name={question.id}
          label={labelParams(question, asPageHeading)}
          hint={hint}
          errorMessage={errorParams(error, t)}
          attributes={{ accept: acceptedMediaTypes(question).join(',') }}
        />
      );
    }
    const full = files.length >= question.maxFiles;
    const Heading = asPageHeading ? 'h1' : 'h2';
    return (
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <Heading
          class={asPageHeading ? 'govuk-heading-l' : 'govuk-heading-m'}
          id={full ? question.id : undefined}
          tabindex={full ? '-1' : undefined}
          safe
        >
          {question.label}
        </Heading>
        {error && full ? (
          <GovukErrorMessage text={error.message} visuallyHiddenText={t('forms:errorPrefix')} />
        ) : (
          ''
        )}
        <GovukSummaryList
          rows={files.map((file, index) => ({
            key: { text: t('forms:uploadedFile', { number: index + 1 }) },
            value: { text: file.name },
          }))}
        />
        <div class="govuk-button-group">
          {files.map((file) => (
            <button
              type="submit"
              name="remove_file"
              value={file.id}
              class="govuk-button govuk-button--secondary"
            >
              <span safe>{t('forms:removeNamedFile', { name: file.name })}</span>
            </button>
          ))}
        </div>
        {full ? (
          ''
        ) : (
          <GovukFileUpload
            id={question.id}
            name={question.id}
            label={{ text: t('forms:uploadAnother'), classes: 'govuk-label--s' }}
            hint={hint}
            errorMessage={errorParams(error, t)}
            attributes={{ accept: acceptedMediaTypes(question).join(',') }}
          />
        )}
      </div>
    );
  },
  display: (answer, _question, { formatBytes }) =>
    isFileRefList(answer) ? answer.map((file) => `${file.name} (${formatBytes(file.size)})`) : [],
  errorTarget: (question) => question.id,
};
