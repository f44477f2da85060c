import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../platform/errors.js';
import type { CatalogueService, PublishedService } from './catalogue.service.js';
import { serviceDetailSchema, serviceListSchema, serviceSlugParams } from './catalogue.schemas.js';
import { serviceDefinitionJsonSchema } from './service-definition.schema.js';

function summary(service: PublishedService) {
  const definition = service.definition;
  return {
    slug: service.slug,
    title: definition.title,
    summary: definition.summary,
    topic: definition.topic,
    department: definition.department,
    signIn: definition.signIn,
    fee: definition.fee ?? null,
    slaWorkingDays: definition.sla.workingDays,
    version: service.version,
    url: `/services/${service.slug}`,
  };
}

export function registerCatalogueApi(app: FastifyInstance, deps: { catalogue: CatalogueService }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/services',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary: 'List the published services',
        response: { 200: serviceListSchema },
      },
    },
    async () => ({ services: deps.catalogue.list().map(summary) }),
  );

  api.get(
    '/api/services/:slug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary: 'One published service, with its full definition',
        params: serviceSlugParams,
        response: { 200: serviceDetailSchema },
      },
    },
    async (request) => {
      const service = deps.catalogue.current(request.params.slug);
      if (!service)
        throw notFound('service.not_found', `There is no published service "${request.params.slug}".`);
      const { resolvedWorkflow: _workflow, ...definition } = service.definition;
      return { ...summary(service), definition };
    },
  );

  const jsonSchema = serviceDefinitionJsonSchema();
  app.get('/schemas/service-definition.json', { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('application/schema+json').send(jsonSchema),
  );
}
