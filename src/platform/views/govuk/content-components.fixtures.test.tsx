import { describe, expect, test } from 'vitest';
import { canonicalHtml, loadFixtures } from '../../../../test/support/govuk-fixtures.js';
import { GovukBackLink } from './back-link.js';
import { GovukBreadcrumbs } from './breadcrumbs.js';
import { GovukDetails } from './details.js';
import { GovukErrorSummary } from './error-summary.js';
import { GovukFooter } from './footer.js';
import { GovukGenericHeader } from './generic-header.js';
import { GovukInsetText } from './inset-text.js';
import { GovukLanguageNavigation } from './language-navigation.js';
import { GovukNotificationBanner } from './notification-banner.js';
import { GovukPagination } from './pagination.js';
import { GovukPanel } from './panel.js';
import { GovukPhaseBanner } from './phase-banner.js';
import { GovukServiceNavigation } from './service-navigation.js';
import { GovukSkipLink } from './skip-link.js';
import { GovukSummaryList } from './summary-list.js';
import { GovukTable } from './table.js';
import { GovukTabs } from './tabs.js';
import { GovukTag } from './tag.js';
import { GovukTaskList } from './task-list.js';
import { GovukWarningText } from './warning-text.js';

type Options = Record<string, unknown>;

// The fixtures' options are the Nunjucks macro's params verbatim, so each component takes them unchanged.
function fixtureCase<P>(component: (params: P) => JSX.Element): (options: Options) => JSX.Element {
  return (options) => component(options as unknown as P);
}

const components: Record<string, (options: Options) => JSX.Element> = {
  'skip-link': fixtureCase(GovukSkipLink),
  'generic-header': fixtureCase(GovukGenericHeader),
  'service-navigation': fixtureCase(GovukServiceNavigation),
  footer: fixtureCase(GovukFooter),
  'back-link': fixtureCase(GovukBackLink),
  breadcrumbs: fixtureCase(GovukBreadcrumbs),
  'error-summary': fixtureCase(GovukErrorSummary),
  'notification-banner': fixtureCase(GovukNotificationBanner),
  panel: fixtureCase(GovukPanel),
  'phase-banner': fixtureCase(GovukPhaseBanner),
  'inset-text': fixtureCase(GovukInsetText),
  'warning-text': fixtureCase(GovukWarningText),
  details: fixtureCase(GovukDetails),
  tag: fixtureCase(GovukTag),
  table: fixtureCase(GovukTable),
  'summary-list': fixtureCase(GovukSummaryList),
  pagination: fixtureCase(GovukPagination),
  'task-list': fixtureCase(GovukTaskList),
  'language-navigation': fixtureCase(GovukLanguageNavigation),
  tabs: fixtureCase(GovukTabs),
};

describe.each(Object.entries(components))('%s', (name, render) => {
  test.each(loadFixtures(name).map((fixture) => [fixture.name, fixture] as const))(
    'matches the govuk-frontend fixture "%s"',
    async (_title, fixture) => {
      expect(canonicalHtml(await render(fixture.options))).toBe(canonicalHtml(fixture.html));
    },
  );
});

// govuk-frontend has no fixtures for `caller` blocks; children stand in for them, landing where html would.
describe('children in place of the Nunjucks caller block', () => {
  const safeHtml = '<p class="govuk-body">Caller <strong>content</strong></p>';
  test.each([
    [
      'inset-text',
      <GovukInsetText text="ignored">{safeHtml}</GovukInsetText>,
      <GovukInsetText html={safeHtml} />,
    ],
    [
      'details',
      <GovukDetails summaryText="Help" text="ignored">
        {safeHtml}
      </GovukDetails>,
      <GovukDetails summaryText="Help" html={safeHtml} />,
    ],
    [
      'error-summary',
      <GovukErrorSummary titleText="There is a problem" descriptionText="ignored">
        {safeHtml}
      </GovukErrorSummary>,
      <GovukErrorSummary titleText="There is a problem" descriptionHtml={safeHtml} />,
    ],
    [
      'notification-banner',
      <GovukNotificationBanner text="ignored">{safeHtml}</GovukNotificationBanner>,
      <GovukNotificationBanner html={safeHtml} />,
    ],
    [
      'panel',
      <GovukPanel titleText="Done">{safeHtml}</GovukPanel>,
      <GovukPanel titleText="Done" html={safeHtml} />,
    ],
  ])('%s', async (_name, withChildren, withHtml) => {
    expect(canonicalHtml(await withChildren)).toBe(canonicalHtml(await withHtml));
  });
});

test('the footer leaves out the crown when Plaza asks it to', async () => {
  expect(await (<GovukFooter />)).toContain('govuk-footer__crown');
  expect(await (<GovukFooter crown={false} />)).not.toContain('govuk-footer__crown');
  const plain = await (
    <GovukFooter crown={false} contentLicence={null} copyright={{ text: '© Demo City' }} />
  );
  expect(plain).not.toContain('copyright-logo');
  expect(plain).not.toContain('nationalarchives.gov.uk');
  expect(plain).toContain('© Demo City');
});
