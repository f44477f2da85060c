import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { AccessibilityResults } from '../accessibility.pages.js';

export interface AccessibilityContact {
  /** Who answers: the organisation, or one of its departments. */
  name: string;
  email?: string;
  phone?: string;
}

const checks = ['crawl', 'services', 'keyboard', 'noJavaScript', 'rightToLeft', 'pageWeight'] as const;
const limitations = ['maps', 'pdf', 'definitions', 'manual'] as const;

export function AccessibilityStatementPage(props: {
  ctx: PageContext;
  results: AccessibilityResults | undefined;
  contacts: AccessibilityContact[];
}): JSX.Element {
  const { ctx, results } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const organisation = ctx.branding.organisationName;
  return (
    <Layout ctx={ctx} title={t('accessibility:title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('accessibility:title')}
          </h1>
          <p class="govuk-body-l" safe>
            {t('accessibility:lead', { organisation })}
          </p>

          <h2 class="govuk-heading-m" safe>
            {t('accessibility:standard.heading')}
          </h2>
          <p class="govuk-body" safe>
            {t('accessibility:standard.body')}
          </p>

          <h2 class="govuk-heading-m" safe>
            {t('accessibility:checks.heading')}
          </h2>
          <p class="govuk-body" safe>
            {t('accessibility:checks.lead')}
          </p>
          <ul class="govuk-list govuk-list--bullet">
            {checks.map((check) => (
              <li safe>{t(`accessibility:checks.${check}`)}</li>
            ))}
          </ul>

          <h2 class="govuk-heading-m" safe>
            {t('accessibility:results.heading')}
          </h2>
          {results ? (
            <>
              <p class="govuk-body" safe>
                {t('accessibility:results.lead', { date: format.date(results.recordedAt) })}
              </p>
              <GovukSummaryList
                rows={[
                  {
                    key: { text: t('accessibility:results.pagesChecked') },
                    value: { text: format.number(results.pagesChecked) },
                  },
                  {
                    key: { text: t('accessibility:results.routes') },
                    value: {
                      text: t('accessibility:results.routesValue', {
                        routes: format.number(results.pageRoutes),
                        roles: format.number(results.roles.length),
                      }),
                    },
                  },
                  {
                    key: { text: t('accessibility:results.services') },
                    value: {
                      text: t('accessibility:results.servicesValue', {
                        applications: format.number(results.services.applications),
                        reports: format.number(results.services.reports),
                      }),
                    },
                  },
                  {
                    key: { text: t('accessibility:results.violations') },
                    value: { text: format.number(results.violations) },
                  },
                ]}
              />
            </>
          ) : (
            <p class="govuk-body" safe>
              {t('accessibility:results.none')}
            </p>
          )}

          <h2 class="govuk-heading-m" safe>
            {t('accessibility:limitations.heading')}
          </h2>
          <ul class="govuk-list govuk-list--bullet">
            {limitations.map((limitation) => (
              <li safe>{t(`accessibility:limitations.${limitation}`)}</li>
            ))}
          </ul>

          <h2 class="govuk-heading-m" safe>
            {t('accessibility:report.heading')}
          </h2>
          <p class="govuk-body" safe>
            {t('accessibility:report.lead', { organisation })}
          </p>
          <ul class="govuk-list">
            {props.contacts.map((contact) => (
              <li>
                <span safe>{contact.name}</span>
                {contact.email ? (
                  <>
                    {': '}
                    <a class="govuk-link" href={`mailto:${contact.email}`} safe>
                      {contact.email}
                    </a>
                  </>
                ) : (
                  ''
                )}
                {contact.phone ? <span safe>{`, ${contact.phone}`}</span> : ''}
              </li>
            ))}
          </ul>
          <p class="govuk-body" safe>
            {t('accessibility:report.answer')}
          </p>
        </div>
      </div>
    </Layout>
  );
}
