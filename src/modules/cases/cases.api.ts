/**
 * The staff workspace as a JSON API: the same services, policies and rules as the pages. Partner systems
 * use it too, with an API key or access token whose scopes name what they may do (cases:read,
 * cases:write) in the departments they act for; they send no session and no CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireStaffOrClient } from '../../platform/auth/principal.js';
import { forbidden } from '../../platform/errors.js';
import { REVEAL_MS, revealInput, revealResponse, withReveal } from '../privacy/index.js';
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

/** A staff member's session (with its CSRF token for changes), or a client's credential with the scope. */
const securityFor = (scope: string, session: Record<string, string[]>) => [
  session,
  { bearer: [scope] },
  { apiKey: [scope] },
  { oauth2: [scope] },
];
const security = securityFor('cases:read', { session: [] });
const writeSecurity = securityFor('cases:write', { session: [], csrf: [] });
const read = { access: { staff: 'cases.view', client: 'cases:read' } } as const;
// A client's credential replaces the CSRF token; a session never goes without it (see platform/http/csrf.ts).
const write = { access: { staff: 'cases.work', client: 'cases:write' }, csrf: false } as const;

export function registerCasesApi(
  app: FastifyInstance,
  deps: { cases: CasesService; departmentIds: () => string[] },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { cases } = deps;

  api.get(
    '/api/cases',
    {
      config: read,
      schema: {
        tags: ['Cases'],
        summary: "A department's queue, most urgent first",
        security,
        querystring: queueQuery,
        response: { 200: queueResponse },
      },
    },
    async (request) => {
      const principal = requireStaffOrClient(request);
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
      config: read,
      schema: {
        tags: ['Cases'],
        summary: 'One case, with its answers and history',
        security,
        params: referenceParams,
        response: { 200: caseResponse },
      },
    },
    async (request) => {
      const principal = requireStaffOrClient(request);
      const view = await cases.staffView(
        principal,
        request.params.reference,
        request.session.get('personalDataReveals'),
      );
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
        contactEmail: view.contactEmail,
        personalData: {
          hidden: view.personalData.hidden,
          revealedUntil: view.personalData.revealedUntil?.toISOString() ?? null,
          hiddenAnswers: view.personalData.hiddenAnswers,
          erasedAnswers: view.personalData.erasedAnswers,
          anonymisedAt: view.personalData.anonymisedAt?.toISOString() ?? null,
        },
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
    '/api/cases/:reference/personal-data',
    {
      config: { access: { staff: 'cases.view' } },
      schema: {
        tags: ['Cases'],
        summary: "Show a case's personal data in this session for a while, saying why",
        description:
          'The reason is recorded in the audit log (the data never is); GET /api/cases/{reference} then includes the personal data until `revealedUntil`. Refused with 422 without a reason of a few words.',
        security: [{ session: [], csrf: [] }],
        params: referenceParams,
        body: revealInput,
        response: { 200: revealResponse },
      },
    },
    async (request) => {
      const principal = requireStaffOrClient(request);
      const { caseId, until } = await cases.revealPersonalData(
        principal,
        request.params.reference,
        request.body.reason,
      );
      request.session.set(
        'personalDataReveals',
        withReveal(
          request.session.get('personalDataReveals'),
          caseId,
          until,
          new Date(until.getTime() - REVEAL_MS),
        ),
      );
      return { revealedUntil: until.toISOString() };
    },
  );

  api.post(
    '/api/cases/:reference/transitions',
    {
      config: write,
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
      const principal = requireStaffOrClient(request);
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
      config: write,
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
      const principal = requireStaffOrClient(request);
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
      config: write,
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
      const principal = requireStaffOrClient(request);
      await cases.addNote(principal, request.params.reference, request.body.note);
      return reply.code(204).send(null);
    },
  );
}
