import { z } from 'zod';
import { GovukFieldset } from '../../../platform/views/govuk/fieldset.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukErrorMessage } from '../../../platform/views/govuk/error-message.js';
import { GovukHint } from '../../../platform/views/govuk/hint.js';
import type { AddressAnswer, Answer } from '../answers.js';
import { legendParams, ruleMessage, single, type FieldType, type RawValue } from '../field-type.js';

const lines = ['line1', 'line2', 'town', 'postcode'] as const;
type Line = (typeof lines)[number];
const autocomplete: Record<Line, string> = {
  line1: 'address-line1',
  line2: 'address-line2',
  town: 'address-level2',
  postcode: 'postal-code',
};

function asLines(raw: RawValue): Record<Line, string> {
  const record = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  return {
    line1: (record.line1 ?? '').trim().replace(/\s+/g, ' '),
    line2: (record.line2 ?? '').trim().replace(/\s+/g, ' '),
    town: (record.town ?? '').trim().replace(/\s+/g, ' '),
    postcode: (record.postcode ?? '').trim().replace(/\s+/g, ' ').toUpperCase(),
  };
}

const MAX_LINE = 100;

export const addressField: FieldType<'address'> = {
  type: 'address',
  read: (form, question) => ({
    line1: single(form[`${question.id}-line1`]),
    line2: single(form[`${question.id}-line2`]),
    town: single(form[`${question.id}-town`]),
    postcode: single(form[`${question.id}-postcode`]),
  }),
  schema(question, { t }) {
    const postcode = question.postcodePattern ? new RegExp(question.postcodePattern, 'u') : undefined;
    return z.custom<RawValue>().transform((raw, context): Answer => {
      const value = asLines(raw);
      const fail = (rule: string, faulty: Line[], values: Record<string, unknown> = {}): void => {
        context.addIssue({
          code: 'custom',
          message: ruleMessage(question, rule, t, values),
          params: { parts: faulty },
        });
      };
      if (lines.every((line) => value[line] === '')) {
        if (question.optional) return null;
        fail('addressRequired', ['line1', 'town', 'postcode']);
        return z.NEVER;
      }
      if (value.line1 === '') fail('addressLine1', ['line1']);
      else if (value.town === '') fail('addressTown', ['town']);
      else if (value.postcode === '') fail('addressPostcode', ['postcode']);
      else if (postcode && !postcode.test(value.postcode)) fail('addressPostcodeFormat', ['postcode']);
      else {
        const tooLong = lines.find((line) => value[line].length > MAX_LINE);
        if (tooLong) fail('addressLineTooLong', [tooLong], { max: MAX_LINE });
      }
      const answer: AddressAnswer = { line1: value.line1, town: value.town, postcode: value.postcode };
      if (value.line2) answer.line2 = value.line2;
      return answer;
    });
  },
  toRaw: (answer) => {
    const address = answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : undefined;
    return {
      line1: address?.line1 ?? '',
      line2: address?.line2 ?? '',
      town: address?.town ?? '',
      postcode: address?.postcode ?? '',
    };
  },
  render: ({ question, raw, error, asPageHeading, t }) => {
    const value = asLines(raw);
    const faulty = new Set(error?.parts ?? []);
    const hintId = question.hint ? `${question.id}-hint` : undefined;
    const errorId = error ? `${question.id}-error` : undefined;
    const safeFields = (
      <>
        {question.hint ? <GovukHint id={hintId} text={question.hint} /> : ''}
        {error ? (
          <GovukErrorMessage id={errorId} text={error.message} visuallyHiddenText={t('forms:errorPrefix')} />
        ) : (
          ''
        )}
        {lines.map((line) => (
          <GovukInput
            id={`${question.id}-${line}`}
            name={`${question.id}-${line}`}
            value={value[line]}
            autocomplete={autocomplete[line]}
            label={{ text: t(`forms:addressLines.${line}`) }}
            classes={[
              line === 'postcode'
                ? 'govuk-input--width-10'
                : line === 'town'
                  ? 'govuk-!-width-two-thirds'
                  : '',
              faulty.has(line) ? 'govuk-input--error' : '',
            ]
              .filter(Boolean)
              .join(' ')}
          />
        ))}
      </>
    );
    return (
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <GovukFieldset
          legend={legendParams(question, asPageHeading)}
          describedBy={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          html={safeFields as string}
        />
      </div>
    );
  },
  display: (answer) => {
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return [];
    return [answer.line1, answer.line2, answer.town, answer.postcode].filter(
      (line): line is string => !!line,
    );
  },
  errorTarget: (question, error) => `${question.id}-${error?.parts?.[0] ?? 'line1'}`,
};
