/**
 * Staff can see which service definitions are published and which were refused, with every problem
 * named by file, place and reason: a broken definition is reported here, never by taking the site down.
 */
import type { FastifyInstance } from 'fastify';
import { requireStaff } from './platform/auth/principal.js';
import { formatProblem } from './platform/definitions/yaml-files.js';
import { GovukTable } from './platform/views/govuk/table.js';
import { Layout } from './platform/views/layout.js';
import type { CatalogueService } from './modules/catalogue/index.js';

export function registerDefinitionsPage(app: FastifyInstance, deps: { catalogue: CatalogueService }): void {
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
