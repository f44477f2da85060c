/** The staff workspace as a JSON API: the same services, policies and rules as the pages. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireStaff } from '../../platform/auth/principal.js';
import { forbidden } from '../../platform/errors.js';
import { visibleDepartments } from './cases.policy.js';
import {
  assignmentInput,
  caseResponse,
  noteInput,
  queueQuery,
  queueResponse,
  referenceParams,
  transitionInput,
  versionResponse,
} from './cases.schemas.js';
import type { CasesService } from './cases.service.js';

const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export function registerCasesApi(
  app: FastifyInstance,
  deps: { cases: CasesService; departmentIds: () => string[] },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { cases } = deps;

  api.get(
    '/api/cases',
    {
      config: { access: { staff: 'cases.view' } },
      schema: {
        tags: ['Cases'],
        summary: "A department's queue, most urgent first",
        security,
        querystring: queueQuery,
        response: { 200: queueResponse },
      },
    },
    async (request) => {
      const principal = requireStaff(request);
      const visible = visibleDepartments(principal, deps.departmentIds());
      const departmentId = request.query.department ?? visible[0];
      if (!departmentId) throw forbidden('case.no_department', 'You are not a member of any department.');
      const queue = await cases.queue(principal, {
        departmentId,
        service: request.query.service,
        state: request.query.state,
        assignee: request.query.assignee,
        include: request.query.include,
        page: request.query.page,
        pageSize: 50,
      });
      return {
        ...queue,
        items: queue.items.map((item) => ({
          reference: item.reference,
          service: item.serviceSlug,
          serviceTitle: item.serviceTitle,
          state: item.state,
          stateLabel: item.stateLabel,
          assignee: item.assignee,
          submittedAt: item.submittedAt.toISOString(),
          slaDueAt: item.slaDueAt?.toISOString() ?? null,
          sla: item.sla,
        })),
      };
    },
  );

  api.get(
    '/api/cases/:reference',
    {
      config: { access: { staff: 'cases.view' } },
      schema: {
        tags: ['Cases'],
        summary: 'One case, with its answers and history',
        security,
        params: referenceParams,
        response: { 200: caseResponse },
      },
    },
    async (request) => {
      const principal = requireStaff(request);
      const view = await cases.staffView(principal, request.params.reference);
      return {
        reference: view.reference,
        service: view.service.slug,
        serviceVersion: view.service.version,
        department: view.departmentId,
        state: view.state,
        stateLabel: view.stateLabel,
        version: view.version,
        assignee: view.assignee,
        submittedAt: view.submittedAt.toISOString(),
        slaDueAt: view.slaDueAt?.toISOString() ?? null,
        sla: view.sla,
        closedAt: view.closedAt?.toISOString() ?? null,
        decision: view.decision,
        decisionReason: view.decisionReason,
        answers: view.answers,
        availableTransitions: view.transitions.map((transition) => ({
          id: transition.id,
          label: transition.label,
          to: transition.to,
          requiresReason: transition.requiresReason,
          requestsInformation: transition.action === 'request_information',
        })),
        events: view.events.map((event) => ({
          type: event.type,
          occurredAt: event.occurredAt.toISOString(),
          actor: event.actor ? { id: event.actor.id, name: event.actor.name } : null,
          fromState: event.fromState,
          toState: event.toState,
          visibility: event.visibility,
          body: event.body,
        })),
      };
    },
  );

  api.post(
    '/api/cases/:reference/transitions',
    {
      config: { access: { staff: 'cases.work' } },
      schema: {
        tags: ['Cases'],
        summary: 'Move a case through its workflow',
        description:
          'Refused with 409 when the case changed since `version`, or when the transition is not open from its state.',
        security: writeSecurity,
        params: referenceParams,
        body: transitionInput,
        response: { 200: versionResponse },
      },
    },
    async (request) => {
      const principal = requireStaff(request);
      const version = await cases.transition(principal, request.params.reference, {
        transitionId: request.body.transition,
        reason: request.body.reason,
        message: request.body.message,
        expectedVersion: request.body.version,
      });
      return { version };
    },
  );

  api.post(
    '/api/cases/:reference/assignment',
    {
      config: { access: { staff: 'cases.work' } },
      schema: {
        tags: ['Cases'],
        summary: 'Assign a case to a staff member, or unassign it',
        security: writeSecurity,
        params: referenceParams,
        body: assignmentInput,
        response: { 200: versionResponse },
      },
    },
    async (request) => {
      const principal = requireStaff(request);
      const version = await cases.assign(principal, request.params.reference, {
        assigneeId: request.body.assignee,
        expectedVersion: request.body.version,
      });
      return { version };
    },
  );

  api.post(
    '/api/cases/:reference/notes',
    {
      config: { access: { staff: 'cases.work' } },
      schema: {
        tags: ['Cases'],
        summary: 'Add an internal note (never shown to the applicant)',
        security: writeSecurity,
        params: referenceParams,
        body: noteInput,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      await cases.addNote(principal, request.params.reference, request.body.note);
      return reply.code(204).send(null);
    },
  );
}
