import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireStaff } from '../../platform/auth/principal.js';
import { isPlazaError } from '../../platform/errors.js';
import { formValues, parseForm } from '../../platform/http/forms.js';
import { staffRoles } from '../identity/index.js';
import type { StaffAdminService } from './staff-admin.service.js';
import { NewStaffPage, PasswordOncePage, StaffListPage, StaffMemberPage } from './views/staff-admin-views.js';

type Member = { Params: { id: string } };
const manage = { access: { staff: 'staff.manage' } } as const;

export function registerStaffAdminPages(
  app: FastifyInstance,
  deps: { staffAdmin: StaffAdminService; departments: () => { id: string; name: string }[] },
): void {
  const { staffAdmin } = deps;

  function roleSchema(request: FastifyRequest) {
    const { t } = request.pageContext();
    const departmentIds = deps.departments().map((department) => department.id);
    return {
      role: z.enum(staffRoles, { error: t('staffAdmin:errors.role') }),
      department: z
        .string()
        .optional()
        .transform((value) => value || null)
        .refine(
          (value) => value === null || departmentIds.includes(value),
          t('staffAdmin:errors.department'),
        ),
    };
  }

  async function showMember(
    request: FastifyRequest<Member>,
    reply: FastifyReply,
    extra: { status?: number; problem?: string; errors?: Record<string, string> } = {},
  ) {
    const member = await staffAdmin.member(request.params.id);
    const notice = request.session.get('flash');
    if (notice) request.session.set('flash', undefined);
    return reply
      .code(extra.status ?? 200)
      .page(
        <StaffMemberPage
          ctx={request.pageContext()}
          member={member}
          departments={deps.departments()}
          notice={notice}
          problem={extra.problem}
          errors={extra.errors}
          values={extra.errors ? formValues(request.body) : undefined}
        />,
      );
  }

  /** A change to a member: done and back to their page with a notice, or refused and shown why. */
  async function change(request: FastifyRequest<Member>, reply: FastifyReply, work: () => Promise<string>) {
    try {
      request.session.set('flash', await work());
      return reply.redirect(`/staff/accounts/${request.params.id}`, 303);
    } catch (error) {
      if (isPlazaError(error) && (error.kind === 'invalid' || error.kind === 'conflict')) {
        return showMember(request, reply, {
          status: error.kind === 'invalid' ? 422 : 409,
          problem: error.message,
        });
      }
      throw error;
    }
  }

  app.get('/staff/accounts', { config: manage }, async (request, reply) =>
    reply.page(
      <StaffListPage
        ctx={request.pageContext()}
        staff={await staffAdmin.list()}
        departments={deps.departments()}
      />,
    ),
  );

  app.get('/staff/accounts/new', { config: manage }, async (request, reply) =>
    reply.page(<NewStaffPage ctx={request.pageContext()} departments={deps.departments()} />),
  );

  app.post('/staff/accounts/new', { config: manage }, async (request, reply) => {
    const admin = requireStaff(request);
    const ctx = request.pageContext();
    const { t } = ctx;
    const form = parseForm(
      z.object({
        name: z
          .string({ error: t('staffAdmin:errors.name') })
          .trim()
          .min(1, t('staffAdmin:errors.name'))
          .max(100, t('staffAdmin:errors.name')),
        email: z
          .string({ error: t('identity:errors.emailRequired') })
          .trim()
          .min(1, t('identity:errors.emailRequired'))
          .max(254)
          .pipe(z.email(t('identity:errors.emailFormat'))),
        ...roleSchema(request),
      }),
      request.body,
    );
    const page = (errors: Record<string, string>) =>
      reply
        .code(422)
        .page(
          <NewStaffPage
            ctx={ctx}
            departments={deps.departments()}
            errors={errors}
            values={formValues(request.body)}
          />,
        );
    if (!form.ok) return page(form.errors);
    try {
      const created = await staffAdmin.create(admin, {
        name: form.data.name,
        email: form.data.email,
        role: form.data.role,
        departmentId: form.data.department,
      });
      return reply.page(
        <PasswordOncePage
          ctx={ctx}
          member={await staffAdmin.member(created.id)}
          password={created.password}
          created={true}
        />,
      );
    } catch (error) {
      if (isPlazaError(error) && error.kind === 'invalid') return page({ email: error.message });
      throw error;
    }
  });

  app.get<Member>('/staff/accounts/:id', { config: manage }, async (request, reply) =>
    showMember(request, reply),
  );

  app.post<Member>('/staff/accounts/:id/roles', { config: manage }, async (request, reply) => {
    const admin = requireStaff(request);
    const { t } = request.pageContext();
    const form = parseForm(z.object(roleSchema(request)), request.body);
    if (!form.ok) return showMember(request, reply, { status: 422, errors: form.errors });
    return change(request, reply, async () => {
      await staffAdmin.grant(admin, request.params.id, form.data.role, form.data.department);
      return t('staffAdmin:notices.granted');
    });
  });

  app.post<{ Params: { id: string; grantId: string } }>(
    '/staff/accounts/:id/roles/:grantId/remove',
    { config: manage },
    async (request, reply) => {
      const admin = requireStaff(request);
      const { t } = request.pageContext();
      return change(request, reply, async () => {
        await staffAdmin.removeGrant(admin, request.params.id, request.params.grantId);
        return t('staffAdmin:notices.removed');
      });
    },
  );

  app.post<Member>('/staff/accounts/:id/status', { config: manage }, async (request, reply) => {
    const admin = requireStaff(request);
    const { t } = request.pageContext();
    const disabled = (request.body as { disabled?: unknown } | undefined)?.disabled === 'true';
    return change(request, reply, async () => {
      await staffAdmin.setDisabled(admin, request.params.id, disabled);
      return t(disabled ? 'staffAdmin:notices.disabled' : 'staffAdmin:notices.enabled');
    });
  });

  app.post<Member>('/staff/accounts/:id/second-factors', { config: manage }, async (request, reply) => {
    const admin = requireStaff(request);
    const { t } = request.pageContext();
    return change(request, reply, async () => {
      await staffAdmin.resetSecondFactors(admin, request.params.id);
      return t('staffAdmin:notices.secondFactorsReset');
    });
  });

  app.post<Member>('/staff/accounts/:id/password', { config: manage }, async (request, reply) => {
    const admin = requireStaff(request);
    const password = await staffAdmin.resetPassword(admin, request.params.id);
    return reply.page(
      <PasswordOncePage
        ctx={request.pageContext()}
        member={await staffAdmin.member(request.params.id)}
        password={password}
        created={false}
      />,
    );
  });
}
