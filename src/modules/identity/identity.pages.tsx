/**
 * Sign-in and sign-out pages. A successful sign-in always starts a new session identifier, so an identifier
 * planted before sign-in (session fixation) is worthless after it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPlazaError } from '../../platform/errors.js';
import { parseForm, safeReturnPath } from '../../platform/http/forms.js';
import type { PageContext } from '../../platform/views/page-context.js';
import type { SignInFlow } from './sign-in-flow.js';
import { emailAddressSchema, type IdentityService } from './identity.service.js';
import { CitizenSignInPage, CodePage, StaffSignInPage } from './views/sign-in-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    pendingSignIn?: { email: string; returnTo: string };
  }
}

export interface IdentityPageDeps {
  identity: IdentityService;
  signInFlow: SignInFlow;
  showOutboxHint: boolean;
  /** Other ways a citizen can sign in (passkeys, national eID), shown under the email form. */
  otherCitizenSignIn: Array<(ctx: PageContext, returnTo: string) => JSX.Element>;
}

const returnToQuery = z.object({ returnTo: z.string().optional().catch(undefined) });

export function registerIdentityPages(app: FastifyInstance, deps: IdentityPageDeps): void {
  const { identity } = deps;
  const others = (ctx: PageContext, returnTo: string): JSX.Element[] =>
    deps.otherCitizenSignIn.map((option) => option(ctx, returnTo));

  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = safeReturnPath(returnToQuery.parse(request.query).returnTo, '/account/applications');
    if (request.principal?.kind === 'citizen') return reply.redirect(returnTo, 303);
    const ctx = request.pageContext();
    return reply.page(<CitizenSignInPage ctx={ctx} returnTo={returnTo} others={others(ctx, returnTo)} />);
  });

  app.post('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    const schema = z.object({
      email: emailAddressSchema(t),
      returnTo: z.string().optional(),
    });
    const form = parseForm(schema, request.body);
    const returnTo = safeReturnPath(
      (request.body as { returnTo?: unknown } | undefined)?.returnTo,
      '/account/applications',
    );
    if (!form.ok)
      return reply
        .code(422)
        .page(
          <CitizenSignInPage
            ctx={ctx}
            returnTo={returnTo}
            others={others(ctx, returnTo)}
            values={form.values}
            errors={form.errors}
          />,
        );
    try {
      await identity.requestSignInCode(form.data.email, { language: ctx.language, t });
    } catch (error) {
      if (isPlazaError(error) && error.kind === 'rate_limited') {
        return reply
          .code(429)
          .page(
            <CitizenSignInPage
              ctx={ctx}
              returnTo={returnTo}
              others={others(ctx, returnTo)}
              values={{ email: form.data.email }}
              errors={{ email: error.message }}
            />,
          );
      }
      throw error;
    }
    request.session.set('pendingSignIn', { email: form.data.email, returnTo });
    return reply.redirect('/sign-in/code', 303);
  });

  app.get('/sign-in/code', { config: { access: 'public' } }, async (request, reply) => {
    const pending = request.session.get('pendingSignIn');
    if (!pending) return reply.redirect('/sign-in', 303);
    return reply.page(
      <CodePage ctx={request.pageContext()} email={pending.email} showOutboxHint={deps.showOutboxHint} />,
    );
  });

  app.post('/sign-in/code', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const pending = request.session.get('pendingSignIn');
    if (!pending) return reply.redirect('/sign-in', 303);
    const submitted = (request.body as { code?: unknown } | undefined)?.code;
    const code = typeof submitted === 'string' ? submitted : '';
    let userId: string;
    try {
      userId = await identity.verifySignInCode(pending.email, code, { language: ctx.language, t: ctx.t });
    } catch (error) {
      if (isPlazaError(error) && error.kind === 'invalid') {
        return reply
          .code(422)
          .page(
            <CodePage
              ctx={ctx}
              email={pending.email}
              errors={{ code: error.message }}
              showOutboxHint={deps.showOutboxHint}
            />,
          );
      }
      throw error;
    }
    request.session.set('pendingSignIn', undefined);
    return deps.signInFlow.proven(request, reply, {
      userId,
      kind: 'citizen',
      method: 'email_code',
      assurance: 'low',
      returnTo: pending.returnTo,
    });
  });

  app.get('/staff/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = safeReturnPath(returnToQuery.parse(request.query).returnTo, '/staff');
    if (request.principal?.kind === 'staff') return reply.redirect(returnTo, 303);
    return reply.page(<StaffSignInPage ctx={request.pageContext()} returnTo={returnTo} />);
  });

  app.post('/staff/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    const schema = z.object({
      email: z
        .string({ error: t('identity:errors.emailRequired') })
        .trim()
        .min(1, t('identity:errors.emailRequired'))
        .max(254),
      password: z
        .string({ error: t('identity:errors.passwordRequired') })
        .min(1, t('identity:errors.passwordRequired'))
        .max(1000),
    });
    const form = parseForm(schema, request.body);
    const returnTo = safeReturnPath((request.body as { returnTo?: unknown } | undefined)?.returnTo, '/staff');
    if (!form.ok) {
      return reply
        .code(422)
        .page(
          <StaffSignInPage
            ctx={ctx}
            returnTo={returnTo}
            values={{ email: form.values.email ?? '' }}
            errors={form.errors}
          />,
        );
    }
    let userId: string;
    try {
      userId = await identity.verifyStaffPassword(form.data.email, form.data.password, {
        language: ctx.language,
        t,
      });
    } catch (error) {
      if (isPlazaError(error) && (error.kind === 'invalid' || error.kind === 'rate_limited')) {
        return reply
          .code(error.kind === 'invalid' ? 422 : 429)
          .page(
            <StaffSignInPage
              ctx={ctx}
              returnTo={returnTo}
              values={{ email: form.data.email }}
              errors={{ email: error.message }}
            />,
          );
      }
      throw error;
    }
    return deps.signInFlow.proven(request, reply, {
      userId,
      kind: 'staff',
      method: 'password',
      assurance: 'low',
      returnTo,
    });
  });

  app.post(
    '/sign-out',
    { config: { access: 'public' } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const wasStaff = request.principal?.kind === 'staff';
      request.session.destroy();
      return reply.redirect(wasStaff ? '/staff/sign-in' : '/', 303);
    },
  );
}
