/**
 * The citizen's data: /account/data explains what Plaza holds and offers a download of all of it and the
 * erasure of the account; staff with 'privacy.export' find a person by email and download their data
 * (a subject access request made by letter or at a desk), saying why.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireCitizen, requireStaff } from '../../platform/auth/principal.js';
import { formValues, parseForm } from '../../platform/http/forms.js';
import { emailAddressSchema } from '../identity/index.js';
import type { PrivacyService } from './privacy.service.js';
import { isRevealReason, REVEAL_REASON_MAX } from './reveal.js';
import type { SubjectExport } from './subject-access.js';
import { ErasedPage, ErasePage, StaffSubjectPage, YourDataPage } from './views/privacy-views.js';

const exportAccess = { access: { staff: 'privacy.export' } } as const;

function sendZip(reply: FastifyReply, exported: SubjectExport) {
  return reply
    .header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="${exported.fileName}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(exported.stream);
}

export function registerPrivacyPages(app: FastifyInstance, deps: { privacy: PrivacyService }): void {
  const { privacy } = deps;

  // ---- The citizen.

  app.get('/account/data', { config: { access: 'citizen' } }, async (request, reply) => {
    requireCitizen(request);
    return reply.page(<YourDataPage ctx={request.pageContext()} />);
  });

  app.get('/account/data/download', { config: { access: 'citizen' } }, async (request, reply) => {
    const principal = requireCitizen(request);
    const exported = await privacy.exportFor(
      { userId: principal.id, email: principal.email },
      { actor: { type: 'user', id: principal.id } },
    );
    return sendZip(reply, exported);
  });

  app.get('/account/data/erase', { config: { access: 'citizen' } }, async (request, reply) => {
    const principal = requireCitizen(request);
    const summary = await privacy.erasureSummary(principal.id, principal.email);
    return reply.page(<ErasePage ctx={request.pageContext()} summary={summary} />);
  });

  app.post('/account/data/erase', { config: { access: 'citizen' } }, async (request, reply) => {
    const principal = requireCitizen(request);
    const ctx = request.pageContext();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const confirmed = body.confirm === 'yes' || (Array.isArray(body.confirm) && body.confirm.includes('yes'));
    if (!confirmed) {
      const summary = await privacy.erasureSummary(principal.id, principal.email);
      return reply
        .code(422)
        .page(<ErasePage ctx={ctx} summary={summary} error={ctx.t('privacy:erase.confirmRequired')} />);
    }
    await privacy.eraseCitizen(principal.id, { type: 'user', id: principal.id });
    request.session.destroy();
    return reply.redirect('/account/data/erased', 303);
  });

  app.get('/account/data/erased', { config: { access: 'public' } }, async (request, reply) =>
    reply.page(<ErasedPage ctx={request.pageContext()} />),
  );

  // ---- Staff: subject access requests received some other way.

  app.get('/staff/privacy', { config: exportAccess }, async (request, reply) =>
    reply.page(<StaffSubjectPage ctx={request.pageContext()} />),
  );

  app.post('/staff/privacy', { config: exportAccess }, async (request, reply) => {
    requireStaff(request);
    const ctx = request.pageContext();
    const form = parseForm(z.object({ email: emailAddressSchema(ctx.t) }), request.body);
    if (!form.ok) {
      return reply.code(422).page(<StaffSubjectPage ctx={ctx} values={form.values} errors={form.errors} />);
    }
    const found = await privacy.find(form.data.email);
    return reply.page(<StaffSubjectPage ctx={ctx} found={found} />);
  });

  app.post('/staff/privacy/export', { config: exportAccess }, async (request, reply) => {
    const principal = requireStaff(request);
    const ctx = request.pageContext();
    const reasonMessage = ctx.t('privacy:staff.reasonRequired', { max: REVEAL_REASON_MAX });
    const form = parseForm(
      z.object({
        email: emailAddressSchema(ctx.t),
        reason: z.string({ error: reasonMessage }).refine(isRevealReason, reasonMessage),
      }),
      request.body,
    );
    if (!form.ok) {
      const email = formValues(request.body).email;
      const found = email && !form.errors.email ? await privacy.find(email) : undefined;
      return reply
        .code(422)
        .page(<StaffSubjectPage ctx={ctx} values={form.values} errors={form.errors} found={found} />);
    }
    const found = await privacy.find(form.data.email);
    const exported = await privacy.exportFor(
      { userId: found.account?.id ?? null, email: form.data.email },
      { actor: { type: 'user', id: principal.id }, reason: form.data.reason.trim() },
    );
    return sendZip(reply, exported);
  });
}
