/**
 * Staff can see which service definitions are published and which were refused, with every problem
 * named by file, place and reason: a broken definition is reported here, never by taking the site down.
 * Service designers see the reading age of each page of each service, and a warning with the page's
 * hardest sentence where it is above the deployment's limit (PLAZA_MAX_READING_AGE), and which of each
 * service's texts have no translation in each language.
 */
import type { FastifyInstance } from 'fastify';
import { requireStaff } from './platform/auth/principal.js';
import { formatProblem } from './platform/definitions/yaml-files.js';
import { GovukTable } from './platform/views/govuk/table.js';
import { GovukWarningText } from './platform/views/govuk/warning-text.js';
import { Layout } from './platform/views/layout.js';
import { formatters, type PageContext } from './platform/views/page-context.js';
import {
  TranslationStatus,
  type CatalogueService,
  type PublishedService,
} from './modules/catalogue/index.js';
import {
  DEFAULT_MAX_READING_AGE,
  serviceReadability,
  type ReadablePage,
} from './modules/catalogue/readability.js';

export function registerDefinitionsPage(
  app: FastifyInstance,
  deps: { catalogue: CatalogueService; maxReadingAge?: number },
): void {
  const maxReadingAge = deps.maxReadingAge ?? DEFAULT_MAX_READING_AGE;
  app.get(
    '/staff/service-definitions',
    { config: { access: { staff: 'definitions.view' } } },
    async (request, reply) => {
      requireStaff(request);
      const ctx = request.pageContext();
      const { t } = ctx;
      const problems = deps.catalogue.problems();
      return reply.page(
        <Layout ctx={ctx} title={t('layout.nav.definitions')}>
          <h1 class="govuk-heading-l" safe>
            {t('layout.nav.definitions')}
          </h1>
          <GovukTable
            caption={t('definitions.published')}
            captionClasses="govuk-table__caption--m"
            head={[
              { text: t('definitions.service') },
              { text: t('definitions.department') },
              { text: t('definitions.version') },
            ]}
            rows={deps.catalogue
              .list()
              .map((service) => [
                { text: service.definition.title },
                { text: service.definition.department },
                { text: String(service.version), format: 'numeric' },
              ])}
          />
          {/* Scored as written: the reading-age formula is for English, whatever language staff read in. */}
          <Readability
            ctx={ctx}
            services={deps.catalogue.list().map((service) => deps.catalogue.localise(service, 'en'))}
            maxReadingAge={maxReadingAge}
          />
          <TranslationStatus ctx={ctx} catalogue={deps.catalogue} services={deps.catalogue.list()} />
          <h2 class="govuk-heading-m" safe>
            {t('definitions.problems', { count: problems.length })}
          </h2>
          {problems.length === 0 ? (
            <p class="govuk-body" safe>
              {t('definitions.noProblems')}
            </p>
          ) : (
            <ul class="govuk-list govuk-list--bullet">
              {problems.map((problem) => (
                <li>
                  <code safe>{formatProblem(problem)}</code>
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      );
    },
  );
}

/** Each service's pages with their reading age; a warning quoting the hardest sentence above the limit. */
function Readability(props: {
  ctx: PageContext;
  services: PublishedService[];
  maxReadingAge: number;
}): JSX.Element {
  const { t } = props.ctx;
  const format = formatters(props.ctx);
  const number = (value: number): string => format.number(value);
  return (
    <>
      <h2 class="govuk-heading-m" safe>
        {t('readability:heading')}
      </h2>
      <p class="govuk-body" safe>
        {t('readability:lead', { limit: props.maxReadingAge })}
      </p>
      {props.services.map((service) => {
        const definition = service.definition;
        const result = serviceReadability(definition, props.maxReadingAge);
        const pageName = (page: ReadablePage): string => {
          if (page.kind === 'start') return t('readability:page.start');
          if (page.kind === 'declaration') return t('readability:page.declaration');
          if (page.kind === 'notification') return t('readability:page.notification', { event: page.event });
          const found = definition.pages.find((candidate) => candidate.id === page.pageId);
          return t('readability:page.question', {
            id: page.pageId,
            label: found?.title ?? found?.questions[0]?.label ?? '',
          });
        };
        return (
          <section aria-labelledby={`readability-${service.slug}`}>
            <h3 class="govuk-heading-s" id={`readability-${service.slug}`} safe>
              {definition.title}
            </h3>
            <p class="govuk-body" safe>
              {result.tooHard.length === 0
                ? t('readability:allFine', { limit: props.maxReadingAge })
                : t('readability:tooHardCount', { count: result.tooHard.length, limit: props.maxReadingAge })}
            </p>
            <GovukTable
              caption={t('readability:caption', { service: definition.title })}
              captionClasses="govuk-visually-hidden"
              firstCellIsHeader
              head={[
                { text: t('readability:column.page') },
                { text: t('readability:column.readingAge'), format: 'numeric' },
                { text: t('readability:column.advice') },
              ]}
              rows={result.pages.map((page) => [
                { text: pageName(page.page) },
                { text: number(page.readingAge), format: 'numeric' },
                page.readingAge > props.maxReadingAge
                  ? {
                      html: (
                        <GovukWarningText
                          iconFallbackText={t('readability:warning')}
                          text={t('readability:tooHard', {
                            age: number(page.readingAge),
                            limit: props.maxReadingAge,
                            sentence: page.hardestSentence ?? '',
                          })}
                          classes="govuk-!-margin-bottom-0"
                        />
                      ) as string,
                    }
                  : { text: t('readability:fine') },
              ])}
            />
          </section>
        );
      })}
    </>
  );
}
