/**
 * The citizen's account page: their details, where they are signed in, and signing out of one place or of
 * every place. Passkeys and other security settings are on /account/security (the second-factors module).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireCitizen } from '../../platform/auth/principal.js';
import { isPlazaError } from '../../platform/errors.js';
import { parseForm } from '../../platform/http/forms.js';
import { hashSessionId } from '../../platform/http/sessions.js';
import { detailsSchema, newEmailSchema, type AccountsService } from './accounts.service.js';
import {
  AccountPage,
  DetailsPage,
  EmailCodePage,
  NewEmailPage,
  SignedOutEverywherePage,
  type AccountNotice,
  type LinkedProvider,
} from './views/account-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** What the account page confirms once, after a change. */
    accountNotice?: AccountNotice;
  }
}

export interface AccountPageDeps {
  accounts: AccountsService;
  /** The session cookie's name: the current session is the one its value names. */
  sessionCookie: string;
  /** The identity providers the citizen's account is linked to (the federation module). */
  linkedIdentities: (userId: string) => Promise<LinkedProvider[]>;
  showOutboxHint: boolean;
}

const sessionParams = z.object({ session: z.string().regex(/^[\w-]{1,64}$/) });

export function registerAccountPages(app: FastifyInstance, deps: AccountPageDeps): void {
  const { accounts } = deps;

  function currentSessionId(request: FastifyRequest): string | undefined {
    const raw = request.cookies[deps.sessionCookie];
    return raw ? hashSessionId(raw) : undefined;
  }

  app.get('/account', { config: { access: 'citizen' } }, async (request, reply) => {
    const citizen = requireCitizen(request);
    const notice = request.session.get('accountNotice');
    if (notice) request.session.set('accountNotice', undefined);
    const [details, pending, sessions, linked] = await Promise.all([
      accounts.details(citizen.id),
      accounts.pendingEmailChange(citizen.id),
      accounts.sessions(citizen.id, currentSessionId(request)),
      deps.linkedIdentities(citizen.id),
    ]);
    return reply.page(
      <AccountPage
        ctx={request.pageContext()}
        details={details}
        pendingEmail={pending?.email}
        sessions={sessions}
        linked={linked}
        signIn={{ method: request.session.get('signInMethod'), assurance: request.session.get('assurance') }}
        notice={notice}
      />,
    );
  });

  app.get('/account/details', { config: { access: 'citizen' } }, async (request, reply) => {
    const details = await accounts.details(requireCitizen(request).id);
    return reply.page(
      <DetailsPage
        ctx={request.pageContext()}
        values={{ name: details.name ?? '', phone: details.phone ?? '' }}
      />,
    );
  });

  app.post('/account/details', { config: { access: 'citizen' } }, async (request, reply) => {
    const citizen = requireCitizen(request);
    const ctx = request.pageContext();
    const form = parseForm(detailsSchema(ctx.t), request.body);
    if (!form.ok) {
      return reply
        .code(422)
        .page(
          <DetailsPage
            ctx={ctx}
            values={{ name: form.values.name ?? '', phone: form.values.phone ?? '' }}
            errors={form.errors}
          />,
        );
    }
    await accounts.updateDetails(citizen.id, form.data);
    request.session.set('accountNotice', 'details');
    return reply.redirect('/account', 303);
  });

  app.get('/account/email', { config: { access: 'citizen' } }, async (request, reply) => {
    const details = await accounts.details(requireCitizen(request).id);
    return reply.page(<NewEmailPage ctx={request.pageContext()} current={details.email} />);
  });

  app.post('/account/email', { config: { access: 'citizen' } }, async (request, reply) => {
    const citizen = requireCitizen(request);
    const ctx = request.pageContext();
    const form = parseForm(newEmailSchema(ctx.t), request.body);
    const page = (values: Record<string, string>, errors: Record<string, string>) => (
      <NewEmailPage ctx={ctx} current={citizen.email} values={values} errors={errors} />
    );
    if (!form.ok) return reply.code(422).page(page(form.values, form.errors));
    try {
      await accounts.requestEmailChange(citizen.id, form.data.email, { t: ctx.t, language: ctx.language });
    } catch (error) {
      if (isPlazaError(error) && (error.kind === 'invalid' || error.kind === 'rate_limited')) {
        return reply
          .code(error.kind === 'invalid' ? 422 : 429)
          .page(page({ email: form.data.email }, { email: error.message }));
      }
      throw error;
    }
    return reply.redirect('/account/email/code', 303);
  });

  app.get('/account/email/code', { config: { access: 'citizen' } }, async (request, reply) => {
    const pending = await accounts.pendingEmailChange(requireCitizen(request).id);
    if (!pending) return reply.redirect('/account/email', 303);
    return reply.page(
      <EmailCodePage
        ctx={request.pageContext()}
        email={pending.email}
        showOutboxHint={deps.showOutboxHint}
      />,
    );
  });

  app.post('/account/email/code', { config: { access: 'citizen' } }, async (request, reply) => {
    const citizen = requireCitizen(request);
    const ctx = request.pageContext();
    const pending = await accounts.pendingEmailChange(citizen.id);
    if (!pending) return reply.redirect('/account/email', 303);
    const submitted = (request.body as { code?: unknown } | undefined)?.code;
    try {
      await accounts.confirmEmailChange(citizen.id, typeof submitted === 'string' ? submitted : '', {
        t: ctx.t,
        language: ctx.language,
      });
    } catch (error) {
      if (isPlazaError(error) && error.kind === 'invalid') {
        return reply
          .code(422)
          .page(
            <EmailCodePage
              ctx={ctx}
              email={pending.email}
              showOutboxHint={deps.showOutboxHint}
              errors={{ code: error.message }}
            />,
          );
      }
      throw error;
    }
    request.session.set('accountNotice', 'email');
    return reply.redirect('/account', 303);
  });

  app.post<{ Params: { session: string } }>(
    '/account/sessions/:session/sign-out',
    { config: { access: 'citizen' } },
    async (request, reply) => {
      const citizen = requireCitizen(request);
      const params = sessionParams.safeParse(request.params);
      const ended =
        params.success &&
        (await accounts.endSession(citizen.id, params.data.session, currentSessionId(request)));
      // A session that ended meanwhile (or this one) is simply no longer listed.
      if (ended) request.session.set('accountNotice', 'session_ended');
      return reply.redirect('/account#sessions', 303);
    },
  );

  app.post('/account/sign-out-everywhere', { config: { access: 'citizen' } }, async (request, reply) => {
    const citizen = requireCitizen(request);
    await accounts.endAllSessions(citizen.id);
    request.session.destroy();
    return reply.redirect('/account/signed-out', 303);
  });

  app.get('/account/signed-out', { config: { access: 'public' } }, async (request, reply) =>
    reply.page(<SignedOutEverywherePage ctx={request.pageContext()} />),
  );
}
