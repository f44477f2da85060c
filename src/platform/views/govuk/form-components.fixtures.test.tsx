import { describe, expect, test } from 'vitest';
import { canonicalHtml, loadFixtures } from '../../../../test/support/govuk-fixtures.js';
import { GovukButton } from './button.js';
import { GovukCharacterCount } from './character-count.js';
import { GovukCheckboxes } from './checkboxes.js';
import { GovukDateInput } from './date-input.js';
import { GovukErrorMessage } from './error-message.js';
import { GovukFieldset } from './fieldset.js';
import { GovukFileUpload } from './file-upload.js';
import { GovukHint } from './hint.js';
import { GovukInput } from './input.js';
import { GovukLabel } from './label.js';
import { GovukPasswordInput } from './password-input.js';
import { GovukRadios } from './radios.js';
import { GovukSelect } from './select.js';
import { GovukTextarea } from './textarea.js';

type Render = (options: Record<string, unknown>) => JSX.Element;

/** Fixtures are JSON typed only as a record; they are the macro's own options, so each component takes them. */
function withFixtureOptions<P>(component: (params: P) => JSX.Element): Render {
  return (options) => component(options as P);
}

const components: [string, Render][] = [
  ['label', withFixtureOptions(GovukLabel)],
  ['hint', withFixtureOptions(GovukHint)],
  ['error-message', withFixtureOptions(GovukErrorMessage)],
  ['fieldset', withFixtureOptions(GovukFieldset)],
  ['input', withFixtureOptions(GovukInput)],
  ['textarea', withFixtureOptions(GovukTextarea)],
  ['character-count', withFixtureOptions(GovukCharacterCount)],
  ['select', withFixtureOptions(GovukSelect)],
  ['radios', withFixtureOptions(GovukRadios)],
  ['checkboxes', withFixtureOptions(GovukCheckboxes)],
  ['date-input', withFixtureOptions(GovukDateInput)],
  ['file-upload', withFixtureOptions(GovukFileUpload)],
  ['password-input', withFixtureOptions(GovukPasswordInput)],
  ['button', withFixtureOptions(GovukButton)],
];

describe.each(components)('%s', (name, render) => {
  test.each(loadFixtures(name))('$name', (fixture) => {
    const html = render(fixture.options);
    // Components compose by passing rendered HTML on as strings, which relies on them rendering synchronously.
    expect(html).toBeTypeOf('string');
    expect(canonicalHtml(html as string)).toBe(canonicalHtml(fixture.html));
  });
});

// The fixtures don't exercise these, but the templates' output does them and kitajs alone would not.
describe('attributes', () => {
  test('values containing character references round-trip, as through the escape filter', () => {
    const html = GovukInput({
      name: 'n',
      label: { text: 'L' },
      value: 'a&amp;b',
      attributes: { 'data-x': '&lt;' },
    });
    expect(canonicalHtml(html as string)).toBe(
      canonicalHtml(
        '<div class="govuk-form-group"><label class="govuk-label" for="n">L</label>' +
          '<input class="govuk-input" id="n" name="n" type="text" value="a&amp;amp;b" data-x="&amp;lt;"></div>',
      ),
    );
  });

  test('of two same-named attributes, the one the template writes first wins, as in the browser', () => {
    // The input writes its own attributes before `attributes`; the label writes `attributes` before `for`.
    const html = GovukInput({
      name: 'n',
      label: { text: 'L', attributes: { for: 'other' } },
      attributes: { type: 'email', ID: 'other' },
    });
    expect(canonicalHtml(html as string)).toBe(
      canonicalHtml(
        '<div class="govuk-form-group"><label class="govuk-label" for="other">L</label>' +
          '<input class="govuk-input" id="n" name="n" type="text"></div>',
      ),
    );
  });
});
