/**
 * Every question may carry a hint: whatever its type, the hint is shown in GOV.UK's hint style and read out
 * with the field (aria-describedby), with or without an error, and as the page's heading or not.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { describe, expect, test } from 'vitest';
import { createI18n } from '../../platform/i18n/i18n.js';
import { fieldTypeOf } from './field-types/registry.js';
import { questionSchema, questionTypes } from './question.schema.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const i18n = await createI18n(join(repo, 'locales'), { strict: true });
const { t } = i18n.translator('en');

const options = [
  { value: 'one', label: 'One' },
  { value: 'two', label: 'Two' },
];
/** What each type needs besides its label (choices need options). */
const bases: Record<string, Record<string, unknown>> = {
  radios: { options },
  checkboxes: { options },
  select: { options },
};

const HINT = 'A hint that helps the citizen answer.';

describe.each(questionTypes.map((type) => ({ type })))('a $type question', ({ type }) => {
  const question = questionSchema.parse({
    id: 'answer',
    label: 'The question',
    type,
    hint: HINT,
    ...bases[type],
  });
  const field = fieldTypeOf(question);

  test.each([
    { asPageHeading: false, withError: false },
    { asPageHeading: true, withError: false },
    { asPageHeading: false, withError: true },
  ])(
    'shows its hint and reads it with the field (heading: $asPageHeading, error: $withError)',
    async (options) => {
      const error = options.withError ? { message: 'Something is wrong' } : undefined;
      const html = String(
        await field.render({ question, raw: undefined, error, asPageHeading: options.asPageHeading, t }),
      );
      const document = new JSDOM(html).window.document;
      const hints = [...document.querySelectorAll('.govuk-hint')].filter(
        (hint) => hint.textContent?.trim() === HINT,
      );
      expect(hints).toHaveLength(1);
      const hintId = (hints[0] as Element).id;
      expect(hintId).not.toBe('');
      const describing = [...document.querySelectorAll('[aria-describedby]')].filter((element) =>
        (element.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(hintId),
      );
      expect(describing.length).toBeGreaterThan(0);
      if (error) {
        const errorId = document.querySelector('.govuk-error-message')?.id ?? '';
        expect(
          describing.some((element) => element.getAttribute('aria-describedby')?.includes(errorId)),
        ).toBe(true);
      }
    },
  );
});
