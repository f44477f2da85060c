import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PageCache } from '../../platform/views/page-cache.js';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import type { Department } from '../organisation/index.js';
import type { CatalogueService } from './catalogue.service.js';
import { HomePage, ReportTypesPage, SearchPage, StartPage } from './views/catalogue-views.js';

export function registerCataloguePages(
  app: FastifyInstance,
  deps: { catalogue: CatalogueService; departments: () => ReadonlyMap<string, Department> },
): void {
  const { catalogue } = deps;
  // Public pages are the same for every visitor who is not signed in: render them once per version.
  const cache = new PageCache();
  const anonymous = (request: FastifyRequest): boolean => request.principal === undefined;

  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const key = `home|${catalogue.generation()}|${ctx.language}`;
    const cached = anonymous(request) ? cache.get(key) : undefined;
    if (cached) return reply.page(cached);
    const html = await (
      <HomePage
        ctx={ctx}
        services={catalogue.list('application')}
        reportTypes={catalogue.list('report').length}
      />
    );
    return reply.page(anonymous(request) ? cache.set(key, html) : html);
  });

  const searchQuery = z.object({ q: z.string().max(200).optional().catch(undefined) });
  app.get('/search', { config: { access: 'public' } }, async (request, reply) => {
    const query = (searchQuery.parse(request.query).q ?? '').trim();
    const { results, matchedAllWords } =
      query === '' ? { results: [], matchedAllWords: true } : await catalogue.search(query);
    return reply.page(
      <SearchPage
        ctx={request.pageContext()}
        query={query}
        results={results}
        matchedAllWords={matchedAllWords}
      />,
    );
  });

  // "Report a problem": the report types, apart from the services people apply for.
  app.get('/report', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const key = `report|${catalogue.generation()}|${ctx.language}`;
    const cached = anonymous(request) ? cache.get(key) : undefined;
    if (cached) return reply.page(cached);
    const html = await (<ReportTypesPage ctx={ctx} services={catalogue.list('report')} />);
    return reply.page(anonymous(request) ? cache.set(key, html) : html);
  });

  app.get<{ Params: { slug: string } }>(
    '/services/:slug',
    { config: { access: 'public' } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const service = catalogue.current(request.params.slug);
      if (!service) throw notFound('service.not_found', ctx.t('catalogue:errors.serviceNotFound'));
      // A report type's journey starts under "Report a problem" (search results link here too).
      if (service.definition.kind === 'report') return reply.redirect(`/report/${service.slug}`, 303);
      const key = `start|${service.versionId}|${ctx.language}`;
      const cached = anonymous(request) ? cache.get(key) : undefined;
      if (cached) return reply.page(cached);
      const html = await (
        <StartPage
          ctx={ctx}
          service={service}
          department={deps.departments().get(service.definition.department)}
          signedIn={request.principal?.kind === 'citizen'}
        />
      );
      return reply.page(anonymous(request) ? cache.set(key, html) : html);
    },
  );
}
