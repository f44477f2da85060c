/**
 * The administrators' page of partner systems' API clients: every client with its scopes, departments and
 * last use; adding one (its key or secret is shown once); revoking one, which stops it at once.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireStaff } from '../../platform/auth/principal.js';
import { isPlazaError } from '../../platform/errors.js';
import type { Actor } from '../audit/index.js';
import { assignableDepartments } from './partners.policy.js';
import type { PartnersService } from './partners.service.js';
import {
  ApiClientCreatedPage,
  ApiClientListPage,
  ApiClientPage,
  NewApiClientPage,
} from './views/partner-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    apiClientNotice?: string;
  }
}

type ClientParams = { Params: { id: string } };
const manage = { access: { staff: 'staff.manage' } } as const;

/** A form field that may come once or several times (checkboxes). */
function several(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return [value ?? []].flat().filter((item): item is string => typeof item === 'string');
}

function one(body: unknown, name: string): string | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function registerPartnerPages(
  app: FastifyInstance,
  deps: { partners: PartnersService; departments: () => { id: string; name: string }[]; baseUrl: string },
): void {
  const { partners } = deps;
  const adminActor = (request: FastifyRequest): Actor => ({ type: 'user', id: requireStaff(request).id });
  const assignable = (request: FastifyRequest) => {
    const ids = assignableDepartments(
      requireStaff(request),
      deps.departments().map((department) => department.id),
    );
    return deps.departments().filter((department) => ids.includes(department.id));
  };

  app.get('/staff/api-clients', { config: manage }, async (request, reply) =>
    reply.page(
      <ApiClientListPage
        ctx={request.pageContext()}
        clients={await partners.list()}
        departments={deps.departments()}
      />,
    ),
  );

  app.get('/staff/api-clients/new', { config: manage }, async (request, reply) =>
    reply.page(<NewApiClientPage ctx={request.pageContext()} departments={assignable(request)} />),
  );

  app.post('/staff/api-clients/new', { config: manage }, async (request, reply) => {
    const ctx = request.pageContext();
    const departments = assignable(request);
    const input = {
      kind: one(request.body, 'kind') ?? '',
      name: one(request.body, 'name') ?? '',
      scopes: several(request.body, 'scopes'),
      departments: several(request.body, 'departments'),
      requestsPerMinute: one(request.body, 'requestsPerMinute') ?? '',
    };
    try {
      // Only departments this administrator manages can be given.
      const created = await partners.create(
        adminActor(request),
        input,
        departments.map((department) => department.id),
      );
      return reply.page(
        <ApiClientCreatedPage
          ctx={ctx}
          client={created.client}
          secret={created.secret}
          baseUrl={deps.baseUrl}
        />,
      );
    } catch (error) {
      if (!isPlazaError(error) || error.kind !== 'invalid') throw error;
      const errors: Record<string, string> = {};
      for (const problem of error.details.fieldErrors ?? []) errors[problem.field] ??= problem.message;
      return reply.code(422).page(
        <NewApiClientPage
          ctx={ctx}
          departments={departments}
          errors={errors}
          values={{
            kind: input.kind,
            name: input.name,
            scopes: input.scopes,
            departments: input.departments,
            requestsPerMinute: input.requestsPerMinute,
          }}
        />,
      );
    }
  });

  app.get<ClientParams>('/staff/api-clients/:id', { config: manage }, async (request, reply) => {
    const client = await partners.get(request.params.id);
    const notice = request.session.get('apiClientNotice');
    if (notice) request.session.set('apiClientNotice', undefined);
    return reply.page(
      <ApiClientPage
        ctx={request.pageContext()}
        client={client}
        departments={deps.departments()}
        notice={notice}
      />,
    );
  });

  app.post<ClientParams>('/staff/api-clients/:id/revoke', { config: manage }, async (request, reply) => {
    const { t } = request.pageContext();
    const { client, changed } = await partners.revoke(adminActor(request), request.params.id);
    request.session.set(
      'apiClientNotice',
      t(changed ? 'partners:revoke.done' : 'partners:revoke.already', { name: client.name }),
    );
    return reply.redirect(`/staff/api-clients/${client.id}`, 303);
  });
}
