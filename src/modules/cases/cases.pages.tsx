import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Translator } from '../../platform/i18n/i18n.js';
import { requireStaff, type Principal } from '../../platform/auth/principal.js';
import { forbidden, invalid, isPlazaError, type PlazaError } from '../../platform/errors.js';
import { formValues, parseForm } from '../../platform/http/forms.js';
import { formatters, type PageContext } from '../../platform/views/page-context.js';
import type { Db } from '../../database.js';
import { REVEAL_MS, revealInput, withReveal } from '../privacy/index.js';
import { authorize, visibleDepartments } from './cases.policy.js';
import { assignmentInput, noteInput, queueQuery, transitionInput } from './cases.schemas.js';
import type { CasesService, ChangeSince, StaffCaseView } from './cases.service.js';
import { CasePageView, QueuePageView } from './views/staff-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    flash?: string;
  }
}

export interface CasePagesDeps {
  db: Db;
  cases: CasesService;
  departments: () => { id: string; name: string }[];
  serviceTitles: (departmentId: string) => { value: string; label: string }[];
  /** Sections other modules add to the staff case page, in order (read when a page is shown). */
  panels?: () => StaffCasePanel[];
}

/**
 * A section another module adds to the staff case page for the cases it keeps records beside; it renders
 * nothing (undefined) for the others. Its forms post to its own routes, which use `CasePageActions.act`.
 */
export interface StaffCasePanel {
  render(input: {
    principal: Principal;
    ctx: PageContext;
    view: StaffCaseView;
    /** What was sent with a refused change, to fill the form again. */
    values?: Record<string, string>;
    fieldErrors: Record<string, string>;
  }): Promise<
    | {
        html: JSX.Element;
        /** Workflow transitions the panel offers in its own way: the page's generic forms leave them out. */
        replacesTransitions?: string[];
      }
    | undefined
  >;
}

/** What a change made from the case page leads to: a notice on the case page, or on another page. */
export type CaseChangeOutcome = string | { notice: string; redirectTo: string };

export interface CasePageActions {
  /** Runs a change; on a refusal the case page is shown again with the reason, and nothing is lost. */
  act(
    request: FastifyRequest<{ Params: { reference: string } }>,
    reply: FastifyReply,
    change: () => Promise<CaseChangeOutcome>,
    fieldId?: string,
  ): Promise<FastifyReply>;
}

export function registerCasePages(app: FastifyInstance, deps: CasePagesDeps): CasePageActions {
  const { cases } = deps;

  app.get('/staff/queue', { config: { access: { staff: 'cases.view' } } }, async (request, reply) => {
    const principal = requireStaff(request);
    const ctx = request.pageContext();
    const query = queueQuery.parse(request.query);
    const all = deps.departments();
    const visible = visibleDepartments(
      principal,
      all.map((department) => department.id),
    );
    const departments = all.filter((department) => visible.includes(department.id));
    const department = departments.find((candidate) => candidate.id === query.department) ?? departments[0];
    if (!department) throw forbidden('case.no_department', ctx.t('cases:errors.noDepartment'));
    authorize(principal, 'view', { departmentId: department.id }, ctx.t('cases:errors.departmentForbidden'));
    const filters = {
      departmentId: department.id,
      service: query.service || undefined,
      state: query.state || undefined,
      assignee: query.assignee || undefined,
      include: query.include,
      page: query.page,
      pageSize: 50,
    };
    const [queue, colleagues] = await Promise.all([
      cases.queue(principal, filters),
      cases.colleagues(department.id),
    ]);
    // A change that took a case out of this person's sight (to another department) is told here.
    const notice = request.session.get('flash');
    if (notice) request.session.set('flash', undefined);
    return reply.page(
      <QueuePageView
        ctx={ctx}
        notice={notice}
        departments={departments}
        department={department}
        filters={filters}
        queue={queue}
        services={deps.serviceTitles(department.id)}
        states={cases.statesFor(department.id)}
        colleagues={colleagues}
      />,
    );
  });

  async function renderCase(
    request: FastifyRequest<{ Params: { reference: string } }>,
    extra: { status?: number; error?: PlazaError; values?: Record<string, string>; fieldId?: string } = {},
  ) {
    const principal = requireStaff(request);
    const ctx = request.pageContext();
    const view = await cases.staffView(
      principal,
      request.params.reference,
      request.session.get('personalDataReveals'),
    );
    const notice = request.session.get('flash');
    if (notice) request.session.set('flash', undefined);
    const error = extra.error;
    const fieldErrors: Record<string, string> = {};
    if (error?.kind === 'invalid') {
      for (const fieldError of error.details.fieldErrors ?? [])
        fieldErrors[extra.fieldId ?? fieldError.field] = fieldError.message;
    }
    const panels = (
      await Promise.all(
        (deps.panels?.() ?? []).map((panel) =>
          panel.render({ principal, ctx, view, values: extra.values, fieldErrors }),
        ),
      )
    ).filter((panel) => panel !== undefined);
    const replaced = new Set(panels.flatMap((panel) => panel.replacesTransitions ?? []));
    return (
      <CasePageView
        ctx={ctx}
        view={{ ...view, transitions: view.transitions.filter((transition) => !replaced.has(transition.id)) }}
        panels={panels.map((panel) => panel.html)}
        notice={notice}
        values={extra.values}
        fieldErrors={fieldErrors}
        errors={
          error && error.kind !== 'conflict'
            ? Object.keys(fieldErrors).length > 0
              ? Object.entries(fieldErrors).map(([id, text]) => ({ href: `#${id}`, text }))
              : [{ href: '#actions-heading', text: error.message }]
            : undefined
        }
        conflict={
          error?.kind === 'conflict' && Array.isArray(error.details.changes)
            ? {
                message: error.message,
                changes: error.details.changes as (ChangeSince & { description: string })[],
              }
            : error?.kind === 'conflict'
              ? { message: error.message, changes: [] }
              : undefined
        }
      />
    );
  }

  app.get<{ Params: { reference: string } }>(
    '/staff/cases/:reference',
    { config: { access: { staff: 'cases.view' } } },
    async (request, reply) => reply.page(await renderCase(request)),
  );

  /** Runs a change; on a refusal the case page is shown again with the reason, and nothing is lost. */
  async function act(
    request: FastifyRequest<{ Params: { reference: string } }>,
    reply: FastifyReply,
    change: () => Promise<CaseChangeOutcome>,
    fieldId?: string,
  ) {
    try {
      const outcome = await change();
      request.session.set('flash', typeof outcome === 'string' ? outcome : outcome.notice);
      return reply.redirect(
        typeof outcome === 'string'
          ? `/staff/cases/${encodeURIComponent(request.params.reference)}`
          : outcome.redirectTo,
        303,
      );
    } catch (error) {
      if (
        isPlazaError(error) &&
        (error.kind === 'invalid' || error.kind === 'conflict' || error.kind === 'forbidden')
      ) {
        const status = error.kind === 'invalid' ? 422 : error.kind === 'conflict' ? 409 : 403;
        return reply
          .code(status)
          .page(await renderCase(request, { error, values: formValues(request.body), fieldId }));
      }
      throw error;
    }
  }

  app.post<{ Params: { reference: string } }>(
    '/staff/cases/:reference/assignment',
    { config: { access: { staff: 'cases.work' } } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { t } = request.pageContext();
      return act(request, reply, async () => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        // "Assign to me" is its own button, so a browser sends it with the select's value: it wins.
        const toMe = body.assign_to_me === '1';
        const form = parseForm(
          assignmentInput,
          toMe ? { version: body.version, assignee: principal.id } : body,
        );
        if (!form.ok) throw invalidForm(form.errors, t);
        await cases.assign(principal, request.params.reference, {
          assigneeId: form.data.assignee,
          expectedVersion: form.data.version,
        });
        return form.data.assignee ? t('cases:case.assigned') : t('cases:case.unassignedNotice');
      });
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/staff/cases/:reference/transitions',
    { config: { access: { staff: 'cases.work' } } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { t } = request.pageContext();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const transitionId = typeof body.transition === 'string' ? body.transition : '';
      const fieldId = `${transitionId}-${typeof body.reason === 'string' ? 'reason' : 'message'}`;
      return act(
        request,
        reply,
        async () => {
          const form = parseForm(transitionInput, request.body);
          if (!form.ok) throw invalidForm(form.errors, t);
          await cases.transition(principal, request.params.reference, {
            transitionId: form.data.transition,
            reason: form.data.reason,
            message: form.data.message,
            expectedVersion: form.data.version,
          });
          return t('cases:case.transitioned');
        },
        fieldId,
      );
    },
  );

  app.post<{ Params: { reference: string } }>(
    '/staff/cases/:reference/notes',
    { config: { access: { staff: 'cases.work' } } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { t } = request.pageContext();
      return act(request, reply, async () => {
        const form = parseForm(noteInput, request.body);
        await cases.addNote(principal, request.params.reference, form.ok ? form.data.note : '');
        return t('cases:case.noteAdded');
      });
    },
  );

  app.get<{ Params: { reference: string; fileId: string } }>(
    '/staff/cases/:reference/files/:fileId',
    { config: { access: { staff: 'cases.view' } } },
    async (request, reply) => {
      const principal = requireStaff(request);
      let file;
      try {
        file = await cases.fileAccess(
          principal,
          request.params.reference,
          request.params.fileId,
          request.session.get('personalDataReveals'),
        );
      } catch (error) {
        // Opening a file reveals personal data: the case page asks for the reason first.
        if (isPlazaError(error) && error.code === 'case.personal_data_hidden') {
          const refusal = invalid(error.code, error.message, [
            { field: 'reason', href: '#reveal-reason', message: error.message },
          ]);
          return reply
            .code(403)
            .page(await renderCase(request, { error: refusal, fieldId: 'reveal-reason' }));
        }
        throw error;
      }
      return sendFile(reply, file, await cases.readFile(file));
    },
  );

  /** Shows the case's personal data to this staff member for a while, once they say why (audited). */
  app.post<{ Params: { reference: string } }>(
    '/staff/cases/:reference/personal-data',
    { config: { access: { staff: 'cases.view' } } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const ctx = request.pageContext();
      return act(
        request,
        reply,
        async () => {
          const form = parseForm(revealInput, request.body);
          const { caseId, until } = await cases.revealPersonalData(
            principal,
            request.params.reference,
            form.ok ? form.data.reason : '',
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
          return ctx.t('privacy:reveal.shown', { until: formatters(ctx).dateTime(until) });
        },
        'reveal-reason',
      );
    },
  );
  return { act };
}

export function sendFile(
  reply: FastifyReply,
  file: { name: string; mediaType: string },
  content: Buffer | undefined,
) {
  // Always a download, never rendered in the page's origin: an uploaded file cannot act as a page.
  return reply
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .type(file.mediaType)
    .send(content ?? Buffer.alloc(0));
}

/** Staff forms share their schemas with the API; people get the catalog's words for each field. */
const fieldMessages: Record<string, string> = {
  version: 'cases:errors.reloadAndRetry',
  transition: 'cases:errors.transitionUnknown',
  assignee: 'cases:errors.assigneeNotAllowed',
  note: 'cases:errors.noteTooLong',
  reason: 'cases:errors.textTooLong',
  message: 'cases:errors.textTooLong',
};

function invalidForm(errors: Record<string, string>, t: Translator['t']): PlazaError {
  const entries = Object.entries(errors).map(
    ([field]) => [field, t(fieldMessages[field] ?? 'cases:errors.formInvalid')] as const,
  );
  return invalid(
    'form.invalid',
    entries[0]?.[1] ?? t('cases:errors.formInvalid'),
    entries.map(([field, message]) => ({ field, href: `#${field}`, message })),
  );
}
