/**
 * Signing in with an identity provider: the button that sends a citizen there, the address they come back
 * to, the page that asks for an email address when the provider vouched for none, and the step-up page that
 * explains why a service needs more certainty of who someone is and offers the providers that give it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPlazaError, notFound } from '../../platform/errors.js';
import { parseForm, safeReturnPath } from '../../platform/http/forms.js';
import type { Clock } from '../../platform/time/clock.js';
import type { PageContext } from '../../platform/views/page-context.js';
import {
  assuranceLevels,
  emailAddressSchema,
  meetsAssurance,
  type Assurance,
  type IdentityService,
  type SignInFlow,
} from '../identity/index.js';
import {
  failureOf,
  type FederatedIdentity,
  type FederationService,
  type PendingFederatedSignIn,
} from './federation.service.js';
import {
  EmailCodePage,
  EmailNeededPage,
  FederationFailedPage,
  ProviderButtons,
  StepUpPage,
  type ProviderOption,
} from './views/federation-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** A sign-in with an identity provider, from leaving for the provider until coming back. */
    federatedSignIn?: PendingFederatedSignIn;
    /** Someone the provider identified, proving an email address before their account is known. */
    federatedIdentity?: {
      identity: FederatedIdentity;
      returnTo: string;
      /** When the provider identified them, by Plaza's clock (ISO 8601). */
      provenAt: string;
      /** The address the citizen gave, to which a code was sent. */
      email?: string;
    };
  }
}

export interface FederationPageDeps {
  federation: FederationService;
  identity: IdentityService;
  signInFlow: SignInFlow;
  clock: Clock;
  /** Plaza's public address: the provider sends people back to it. */
  baseUrl: string;
  showOutboxHint: boolean;
}

const DEFAULT_RETURN = '/account/applications';
/** How long someone the provider identified has to prove an email address. */
const EMAIL_PROOF_LIFETIME_MS = 15 * 60_000;

const startForm = z.object({
  returnTo: z.string().optional(),
  level: z.enum(assuranceLevels).optional().catch(undefined),
});

const returnToQuery = z.object({ returnTo: z.string().optional().catch(undefined) });

/** The providers, each with whether it can be used now (a provider that is down never breaks the page). */
async function providerOptions(
  federation: FederationService,
  atLeast: Assurance | undefined,
): Promise<ProviderOption[]> {
  const providers = federation
    .providers()
    .filter((provider) => !atLeast || meetsAssurance(provider.maxAssurance, atLeast));
  return Promise.all(
    providers.map(async (provider) => ({ provider, available: await federation.isAvailable(provider.id) })),
  );
}

/** What the citizen sign-in page shows under the email form: a button for each provider. */
export function federatedSignInOptions(
  federation: FederationService,
): (ctx: PageContext, returnTo: string) => JSX.Element {
  return (ctx, returnTo) => {
    if (federation.providers().length === 0) return '';
    return providerOptions(federation, undefined).then((options) => (
      <ProviderButtons ctx={ctx} returnTo={returnTo} options={options} />
    ));
  };
}

export function registerFederationPages(app: FastifyInstance, deps: FederationPageDeps): void {
  const { federation, identity, signInFlow, clock } = deps;
  const redirectUri = (providerId: string): string => `${deps.baseUrl}/sign-in/oidc/${providerId}/callback`;
  const providerName = (id: string | undefined): string =>
    (id ? federation.provider(id)?.name : undefined) ?? '';

  function failed(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    providerId: string | undefined,
  ): FastifyReply {
    const reason = failureOf(error);
    if (!reason) throw error;
    return reply
      .code(reason === 'unavailable' ? 503 : 400)
      .page(
        <FederationFailedPage
          ctx={request.pageContext()}
          reason={reason}
          providerName={providerName(providerId)}
        />,
      );
  }

  /** The identity waiting for an email address, while it is fresh. */
  function waiting(request: FastifyRequest) {
    const pending = request.session.get('federatedIdentity');
    if (!pending) return undefined;
    if (clock.now().getTime() - new Date(pending.provenAt).getTime() > EMAIL_PROOF_LIFETIME_MS) {
      request.session.set('federatedIdentity', undefined);
      return undefined;
    }
    return pending;
  }

  app.post<{ Params: { providerId: string } }>(
    '/sign-in/oidc/:providerId',
    { config: { access: 'public' } },
    async (request, reply) => {
      const provider = federation.provider(request.params.providerId);
      const ctx = request.pageContext();
      if (!provider) throw notFound('federation.unknown_provider', ctx.t('federation:unknownProvider'));
      const form = startForm.safeParse(request.body ?? {});
      const returnTo = safeReturnPath(form.success ? form.data.returnTo : undefined, DEFAULT_RETURN);
      const level = form.success ? form.data.level : undefined;
      try {
        const { url, pending } = await federation.begin(provider.id, {
          redirectUri: redirectUri(provider.id),
          returnTo,
          level,
          language: ctx.language,
        });
        request.session.set('federatedSignIn', pending);
        return reply.redirect(url, 303);
      } catch (error) {
        return failed(request, reply, error, provider.id);
      }
    },
  );

  app.get<{ Params: { providerId: string } }>(
    '/sign-in/oidc/:providerId/callback',
    { config: { access: 'public' } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const providerId = request.params.providerId;
      const pending = request.session.get('federatedSignIn');
      // One answer per sign-in: whatever happens next, this one is used up.
      request.session.set('federatedSignIn', undefined);
      if (!pending || pending.providerId !== providerId || !federation.provider(providerId)) {
        request.log.info({ provider: providerId }, 'identity provider answer without a sign-in in progress');
        return reply
          .code(400)
          .page(
            <FederationFailedPage ctx={ctx} reason="no_sign_in" providerName={providerName(providerId)} />,
          );
      }
      let proven: FederatedIdentity;
      let outcome: Awaited<ReturnType<FederationService['signIn']>>;
      try {
        proven = await federation.complete(
          providerId,
          new URL(request.url, deps.baseUrl),
          pending,
          redirectUri(providerId),
        );
        outcome = await federation.signIn(proven);
      } catch (error) {
        return failed(request, reply, error, providerId);
      }
      if ('emailNeeded' in outcome) {
        request.session.set('federatedIdentity', {
          identity: proven,
          returnTo: pending.returnTo,
          provenAt: clock.now().toISOString(),
        });
        return reply.redirect('/sign-in/oidc/email', 303);
      }
      return signInFlow.proven(request, reply, {
        userId: outcome.userId,
        kind: 'citizen',
        method: 'oidc',
        assurance: proven.assurance,
        returnTo: pending.returnTo,
      });
    },
  );

  app.get('/sign-in/oidc/email', { config: { access: 'public' } }, async (request, reply) => {
    const pending = waiting(request);
    if (!pending) return reply.redirect('/sign-in', 303);
    return reply.page(
      <EmailNeededPage
        ctx={request.pageContext()}
        providerName={providerName(pending.identity.providerId)}
        values={{ email: pending.email ?? pending.identity.email ?? '' }}
      />,
    );
  });

  app.post('/sign-in/oidc/email', { config: { access: 'public' } }, async (request, reply) => {
    const pending = waiting(request);
    if (!pending) return reply.redirect('/sign-in', 303);
    const ctx = request.pageContext();
    const form = parseForm(z.object({ email: emailAddressSchema(ctx.t) }), request.body);
    const page = (values: Record<string, string>, errors: Record<string, string>) => (
      <EmailNeededPage
        ctx={ctx}
        providerName={providerName(pending.identity.providerId)}
        values={values}
        errors={errors}
      />
    );
    if (!form.ok) return reply.code(422).page(page(form.values, form.errors));
    try {
      await identity.requestSignInCode(form.data.email, { language: ctx.language, t: ctx.t });
    } catch (error) {
      if (isPlazaError(error) && error.kind === 'rate_limited') {
        return reply.code(429).page(page({ email: form.data.email }, { email: error.message }));
      }
      throw error;
    }
    request.session.set('federatedIdentity', { ...pending, email: form.data.email });
    return reply.redirect('/sign-in/oidc/email/code', 303);
  });

  app.get('/sign-in/oidc/email/code', { config: { access: 'public' } }, async (request, reply) => {
    const pending = waiting(request);
    if (!pending?.email) return reply.redirect('/sign-in/oidc/email', 303);
    return reply.page(
      <EmailCodePage
        ctx={request.pageContext()}
        email={pending.email}
        showOutboxHint={deps.showOutboxHint}
      />,
    );
  });

  app.post('/sign-in/oidc/email/code', { config: { access: 'public' } }, async (request, reply) => {
    const pending = waiting(request);
    if (!pending?.email) return reply.redirect('/sign-in/oidc/email', 303);
    const ctx = request.pageContext();
    const submitted = (request.body as { code?: unknown } | undefined)?.code;
    let userId: string;
    try {
      userId = await identity.verifySignInCode(
        pending.email,
        typeof submitted === 'string' ? submitted : '',
        {
          language: ctx.language,
          t: ctx.t,
        },
      );
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
    request.session.set('federatedIdentity', undefined);
    const { returnTo, identity: proven } = pending;
    let owner: string;
    try {
      owner = await federation.linkProvenAccount(proven, userId);
    } catch (error) {
      return failed(request, reply, error, proven.providerId);
    }
    return signInFlow.proven(request, reply, {
      userId: owner,
      kind: 'citizen',
      method: 'oidc',
      assurance: proven.assurance,
      returnTo,
    });
  });

  app.get<{ Params: { level: string } }>(
    '/sign-in/step-up/:level',
    { config: { access: 'public' } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const level = z.enum(assuranceLevels).safeParse(request.params.level);
      if (!level.success) throw notFound('federation.unknown_level', ctx.t('federation:unknownLevel'));
      const returnTo = safeReturnPath(returnToQuery.parse(request.query).returnTo, '/');
      const signedIn = request.principal?.kind === 'citizen';
      const current = signedIn ? request.session.get('assurance') : undefined;
      if (signedIn && meetsAssurance(current, level.data)) return reply.redirect(returnTo, 303);
      return reply.page(
        <StepUpPage
          ctx={ctx}
          level={level.data}
          returnTo={returnTo}
          current={current}
          method={signedIn ? request.session.get('signInMethod') : undefined}
          options={await providerOptions(federation, level.data)}
        />,
      );
    },
  );
}
