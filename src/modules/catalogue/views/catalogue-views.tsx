import { GovukBreadcrumbs } from '../../../platform/views/govuk/breadcrumbs.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { ServiceHelp, type Department } from '../../organisation/index.js';
import type { PublishedService, SearchResult } from '../catalogue.service.js';
import { UntranslatedNotice } from './untranslated-notice.js';

function SearchForm({ ctx, query }: { ctx: PageContext; query: string }): JSX.Element {
  const { t } = ctx;
  return (
    <form action="/search" method="get" role="search" class="plaza-search govuk-!-margin-bottom-8">
      <GovukInput
        id="q"
        name="q"
        type="search"
        value={query}
        label={{ text: t('catalogue:search.label'), classes: 'govuk-label--s' }}
        spellcheck={true}
      />
      <GovukButton text={t('catalogue:search.button')} classes="govuk-button--secondary" />
    </form>
  );
}

function ServiceLink({
  slug,
  title,
  summary,
}: {
  slug: string;
  title: string;
  summary: string;
}): JSX.Element {
  return (
    <li class="govuk-!-margin-bottom-4">
      <a class="govuk-link govuk-!-font-weight-bold" href={`/services/${slug}`} safe>
        {title}
      </a>
      <p class="govuk-body govuk-!-margin-bottom-0" safe>
        {summary}
      </p>
    </li>
  );
}

export function HomePage({
  ctx,
  services,
  reportTypes = 0,
}: {
  ctx: PageContext;
  services: PublishedService[];
  /** How many report types there are: "Report a problem" shows when there is one. */
  reportTypes?: number;
}): JSX.Element {
  const { t } = ctx;
  const byTopic = new Map<string, PublishedService[]>();
  for (const service of services) {
    const list = byTopic.get(service.definition.topic) ?? [];
    list.push(service);
    byTopic.set(service.definition.topic, list);
  }
  const topics = [...byTopic.keys()].sort((a, b) => a.localeCompare(b, ctx.language));
  return (
    <Layout ctx={ctx} title={t('catalogue:home.title')}>
      <h1 class="govuk-heading-xl" safe>
        {t('catalogue:home.heading', { organisation: ctx.branding.organisationName })}
      </h1>
      <p class="govuk-body-l" safe>
        {t('catalogue:home.lead')}
      </p>
      <SearchForm ctx={ctx} query="" />
      {reportTypes > 0 ? (
        <section class="govuk-!-margin-bottom-6" aria-labelledby="report-a-problem">
          <h2 class="govuk-heading-m" id="report-a-problem" safe>
            {t('catalogue:report.heading')}
          </h2>
          <ul class="govuk-list">
            <li class="govuk-!-margin-bottom-4">
              <a class="govuk-link govuk-!-font-weight-bold" href="/report" safe>
                {t('catalogue:report.link')}
              </a>
              <p class="govuk-body govuk-!-margin-bottom-0" safe>
                {t('catalogue:report.lead')}
              </p>
            </li>
            <li>
              <a class="govuk-link" href="/reports" safe>
                {t('catalogue:report.browse')}
              </a>
            </li>
          </ul>
        </section>
      ) : (
        ''
      )}
      {topics.length === 0 ? (
        <p class="govuk-body" safe>
          {t('catalogue:home.none')}
        </p>
      ) : (
        topics.map((topic) => (
          <section class="govuk-!-margin-bottom-6" aria-labelledby={`topic-${slugify(topic)}`}>
            <h2 class="govuk-heading-m" id={`topic-${slugify(topic)}`} safe>
              {topic}
            </h2>
            <ul class="govuk-list">
              {(byTopic.get(topic) ?? []).map((service) => (
                <ServiceLink
                  slug={service.slug}
                  title={service.definition.title}
                  summary={service.definition.summary}
                />
              ))}
            </ul>
          </section>
        ))
      )}
    </Layout>
  );
}

export function SearchPage(props: {
  ctx: PageContext;
  query: string;
  results: SearchResult[];
  matchedAllWords: boolean;
}): JSX.Element {
  const { ctx, query, results } = props;
  const { t } = ctx;
  const heading =
    query === '' ? t('catalogue:search.emptyHeading') : t('catalogue:search.heading', { query });
  return (
    <Layout
      ctx={ctx}
      title={query === '' ? t('catalogue:search.emptyHeading') : t('catalogue:search.title', { query })}
      beforeContent={<GovukBreadcrumbs items={[{ text: t('catalogue:home.breadcrumb'), href: '/' }]} />}
    >
      <h1 class="govuk-heading-l" safe>
        {heading}
      </h1>
      <SearchForm ctx={ctx} query={query} />
      {query === '' ? (
        <p class="govuk-body" safe>
          {t('catalogue:search.enterWords')}
        </p>
      ) : results.length === 0 ? (
        <>
          <p class="govuk-body" role="status" safe>
            {t('catalogue:search.noResults', { query })}
          </p>
          <ul class="govuk-list govuk-list--bullet">
            <li safe>{t('catalogue:search.tipSpelling')}</li>
            <li safe>{t('catalogue:search.tipFewer')}</li>
            <li>
              <a class="govuk-link" href="/" safe>
                {t('catalogue:search.tipBrowse')}
              </a>
            </li>
          </ul>
        </>
      ) : (
        <>
          <p class="govuk-body" role="status" safe>
            {props.matchedAllWords
              ? t('catalogue:search.count', { count: results.length, query })
              : t('catalogue:search.partialCount', { count: results.length, query })}
          </p>
          <ul class="govuk-list">
            {results.map((result) => (
              <ServiceLink slug={result.slug} title={result.title} summary={result.summary} />
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

export function StartPage(props: {
  ctx: PageContext;
  service: PublishedService;
  department: Department | undefined;
  signedIn: boolean;
}): JSX.Element {
  const { ctx, service, department } = props;
  const { t } = ctx;
  const definition = service.definition;
  const format = formatters(ctx);
  return (
    <Layout
      ctx={ctx}
      title={definition.title}
      beforeContent={
        <GovukBreadcrumbs
          items={[
            { text: t('catalogue:home.breadcrumb'), href: '/' },
            { text: definition.topic, href: `/#topic-${slugify(definition.topic)}` },
          ]}
        />
      }
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <UntranslatedNotice ctx={ctx} service={definition} />
          <h1 class="govuk-heading-xl" safe>
            {definition.title}
          </h1>
          <p class="govuk-body-l" safe>
            {definition.summary}
          </p>
          {paragraphs(definition.start.body).map((paragraph) => (
            <p class="govuk-body" safe>
              {paragraph}
            </p>
          ))}
          {definition.start.youWillNeed.length > 0 ? (
            <>
              <h2 class="govuk-heading-m" safe>
                {t('catalogue:start.youWillNeed')}
              </h2>
              <ul class="govuk-list govuk-list--bullet">
                {definition.start.youWillNeed.map((item) => (
                  <li safe>{item}</li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
          <h2 class="govuk-heading-m" safe>
            {t('catalogue:start.beforeYouStart')}
          </h2>
          <ul class="govuk-list govuk-list--bullet">
            {definition.start.timeToComplete ? (
              <li safe>{t('catalogue:start.timeToComplete', { time: definition.start.timeToComplete })}</li>
            ) : (
              ''
            )}
            <li>
              <span safe>
                {definition.fee
                  ? t('catalogue:start.fee', {
                      amount: format.money(definition.fee.amount, definition.fee.currency),
                    })
                  : t('catalogue:start.noFee')}
              </span>
              {definition.fee?.description ? <span safe>{` ${definition.fee.description}`}</span> : ''}
            </li>
            <li safe>{t('catalogue:start.decisionTime', { count: definition.sla.workingDays })}</li>
            <li safe>{t('catalogue:start.saveProgress', { count: definition.draftLifetimeDays })}</li>
          </ul>
          {definition.signIn === 'account' && !props.signedIn ? (
            <GovukInsetText text={t('catalogue:start.signInNeeded')} />
          ) : definition.signIn === 'substantial' || definition.signIn === 'high' ? (
            <GovukInsetText
              text={t('catalogue:start.assuranceNeeded', {
                level: t(`catalogue:start.assuranceLevels.${definition.signIn}`),
              })}
            />
          ) : (
            ''
          )}
          <GovukButton
            text={t('catalogue:start.startNow')}
            href={`/services/${service.slug}/apply`}
            isStartButton={true}
          />
          {definition.start.afterYouApply ? (
            <>
              <h2 class="govuk-heading-m" safe>
                {t('catalogue:start.afterYouApply')}
              </h2>
              {paragraphs(definition.start.afterYouApply).map((paragraph) => (
                <p class="govuk-body" safe>
                  {paragraph}
                </p>
              ))}
            </>
          ) : (
            ''
          )}
        </div>
        <div class="govuk-grid-column-one-third">
          <ServiceHelp ctx={ctx} department={department} />
        </div>
      </div>
    </Layout>
  );
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
}

/** "Report a problem": each report type, linking to its journey. */
export function ReportTypesPage({
  ctx,
  services,
}: {
  ctx: PageContext;
  services: PublishedService[];
}): JSX.Element {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('catalogue:report.heading')}
      beforeContent={<GovukBreadcrumbs items={[{ text: t('catalogue:home.breadcrumb'), href: '/' }]} />}
    >
      <h1 class="govuk-heading-xl" safe>
        {t('catalogue:report.heading')}
      </h1>
      <p class="govuk-body-l" safe>
        {t('catalogue:report.lead')}
      </p>
      {services.length === 0 ? (
        <p class="govuk-body" safe>
          {t('catalogue:report.none')}
        </p>
      ) : (
        <ul class="govuk-list">
          {services.map((service) => (
            <li class="govuk-!-margin-bottom-4">
              <a class="govuk-link govuk-!-font-weight-bold" href={`/report/${service.slug}`} safe>
                {service.definition.title}
              </a>
              <p class="govuk-body govuk-!-margin-bottom-0" safe>
                {service.definition.summary}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p class="govuk-body">
        <a class="govuk-link" href="/reports" safe>
          {t('catalogue:report.browse')}
        </a>
      </p>
    </Layout>
  );
}
