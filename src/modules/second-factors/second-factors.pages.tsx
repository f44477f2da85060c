/**
 * Pages for second factors and passkeys. The staff sign-in step (/staff/sign-in/…) is public but acts only
 * for the identity waiting on it in the session: someone who has proved their password and nothing more
 * has no session of their own until a factor is proven. The security pages are for the person signed in.
 * Passkey buttons ask an options address for a challenge (JSON, kept in the session for one use) and post
 * the browser's answer back as an ordinary form.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Principal, PrincipalLoader } from '../../platform/auth/principal.js';
import { requireCitizen, requireStaff } from '../../platform/auth/principal.js';
import { safeReturnPath } from '../../platform/http/forms.js';
import type { Clock } from '../../platform/time/clock.js';
import type { PageContext } from '../../platform/views/page-context.js';
import type { ProvenIdentity, SignInFlow, SignInStep } from '../identity/index.js';
import {
  WEBAUTHN_TIMEOUT_MS,
  type Attempt,
  type Enrolment,
  type SecondFactorsService,
  type StaffMfa,
} from './second-factors.service.js';
import { AuthenticatorPage, CitizenSecurityPage, StaffSecurityPage } from './views/security-views.js';
import {
  CitizenPasskeySignIn,
  PasskeySignInFailedPage,
  RecoveryCodeEntryPage,
  RecoveryCodesPage,
  SetUpPage,
  StartAgainPage,
  VerifyPage,
  type StartAgainReason,
} from './views/sign-in-views.js';

type CeremonyPurpose =
  'citizen-sign-in' | 'citizen-register' | 'staff-enrol' | 'staff-verify' | 'staff-register';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** The pending staff sign-in's challenge; its attempts are counted in the database, not here. */
    secondFactorChallenge?: { id: string; userId: string };
    /** A passkey ceremony under way: what the browser must sign, for what and whom. */
    webauthnCeremony?: {
      purpose: CeremonyPurpose;
      challenge: string;
      userId: string | null;
      startedAt: number;
    };
  }
}

export const SECOND_FACTOR_STEP = 'second-factor';
const STEP_PATH = '/staff/sign-in/second-factor';

/** The sign-in step a staff member takes after their password (when they have, or must have, a factor). */
export function secondFactorStep(secondFactors: SecondFactorsService): SignInStep {
  return {
    name: SECOND_FACTOR_STEP,
    path: STEP_PATH,
    required: (identity) => secondFactors.required(identity),
  };
}

/** The citizen sign-in page's passkey option. */
export function citizenPasskeySignIn(script: string): (ctx: PageContext, returnTo: string) => JSX.Element {
  return (ctx, returnTo) => <CitizenPasskeySignIn ctx={ctx} returnTo={returnTo} script={script} />;
}

export interface SecondFactorPageDeps {
  secondFactors: SecondFactorsService;
  signInFlow: SignInFlow;
  loadPrincipal: PrincipalLoader;
  clock: Clock;
  staffMfa: StaffMfa;
  /** The address of the passkey enhancement script (content-hashed). */
  webauthnScript: string;
}

interface PendingSignIn {
  identity: ProvenIdentity;
  user: Principal;
  challengeId: string;
  verified: boolean;
}

type Passkey = { Params: { passkeyId: string } };

function field(body: unknown, name: string, max = 200): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The browser's answer to a passkey ceremony, as the enhancement script put it in the form. */
function credentialFrom(body: unknown): unknown {
  const text = field(body, 'credential', 100_000);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function qrCode(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
    (svg) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  );
}

export function registerSecondFactorPages(app: FastifyInstance, deps: SecondFactorPageDeps): void {
  const { secondFactors, signInFlow, clock } = deps;
  const script = deps.webauthnScript;

  function beginCeremony(
    request: FastifyRequest,
    purpose: CeremonyPurpose,
    userId: string | null,
    challenge: string,
  ): void {
    request.session.set('webauthnCeremony', { purpose, challenge, userId, startedAt: clock.now().getTime() });
  }

  /** The challenge of the ceremony under way, used up: a browser's answer is accepted once. */
  function takeCeremony(request: FastifyRequest, purpose: CeremonyPurpose, userId: string | null) {
    const ceremony = request.session.get('webauthnCeremony');
    if (ceremony) request.session.set('webauthnCeremony', undefined);
    if (
      !ceremony ||
      ceremony.purpose !== purpose ||
      ceremony.userId !== userId ||
      ceremony.startedAt + WEBAUTHN_TIMEOUT_MS + 60_000 < clock.now().getTime()
    )
      return undefined;
    return ceremony.challenge;
  }

  function endSignIn(request: FastifyRequest): void {
    signInFlow.abandon(request);
    request.session.set('secondFactorChallenge', undefined);
    request.session.set('webauthnCeremony', undefined);
  }

  function startAgain(request: FastifyRequest, reply: FastifyReply, reason: StartAgainReason): FastifyReply {
    endSignIn(request);
    return reply
      .code(reason === 'expired' ? 200 : 429)
      .page(<StartAgainPage ctx={request.pageContext()} reason={reason} />);
  }

  /**
   * The staff sign-in waiting on this step, with its challenge (started on first use); or undefined when
   * the reply has been sent (no pending sign-in, or one that has ended).
   */
  async function pendingSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PendingSignIn | undefined> {
    const identity = signInFlow.pending(request, SECOND_FACTOR_STEP);
    const user = identity && (await deps.loadPrincipal(identity.userId));
    if (!identity || !user) {
      if (identity) endSignIn(request);
      void reply.redirect('/staff/sign-in', 303);
      return undefined;
    }
    const stored = request.session.get('secondFactorChallenge');
    if (stored?.userId === identity.userId) {
      const state = await secondFactors.challengeState(stored.id, identity.userId);
      if (state === 'open' || state === 'verified')
        return { identity, user, challengeId: stored.id, verified: state === 'verified' };
      if (state === 'exhausted' || state === 'expired') {
        void startAgain(request, reply, state === 'exhausted' ? 'attempts' : 'expired');
        return undefined;
      }
    }
    const started = await secondFactors.startChallenge(identity.userId);
    if ('locked' in started) {
      void startAgain(request, reply, 'locked');
      return undefined;
    }
    request.session.set('secondFactorChallenge', { id: started.id, userId: identity.userId });
    return { identity, user, challengeId: started.id, verified: false };
  }

  /** The factor is proven: the session is granted (once) and the person goes on. */
  async function complete(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSignIn,
    returnTo?: string,
  ): Promise<FastifyReply> {
    if (!(await secondFactors.completeChallenge(pending.challengeId, pending.identity.userId))) {
      endSignIn(request);
      return reply.redirect('/staff/sign-in', 303);
    }
    request.session.set('secondFactorChallenge', undefined);
    return signInFlow.stepDone(request, reply, SECOND_FACTOR_STEP, { returnTo });
  }

  async function showVerify(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSignIn,
    errors?: Record<string, string>,
  ): Promise<FastifyReply> {
    const status = await secondFactors.status(pending.identity.userId);
    if (!status.hasFactor) return reply.redirect('/staff/sign-in/set-up', 303);
    return reply
      .code(errors ? 422 : 200)
      .page(<VerifyPage ctx={request.pageContext()} status={status} script={script} errors={errors} />);
  }

  /** After an attempt at a factor: on, back to the start, or the page again with what was wrong. */
  async function afterAttempt(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSignIn,
    attempt: Attempt,
    show: (errors: Record<string, string>) => Promise<FastifyReply> | FastifyReply,
    messages: { format: string; wrong: string; field: string },
  ): Promise<FastifyReply> {
    const { t } = request.pageContext();
    if (attempt.ok) {
      return complete(
        request,
        reply,
        pending,
        attempt.remainingRecoveryCodes !== undefined ? '/staff/security?recovered=1' : undefined,
      );
    }
    if (attempt.reason === 'exhausted') return startAgain(request, reply, 'attempts');
    if (attempt.reason === 'locked') return startAgain(request, reply, 'locked');
    if (attempt.reason === 'expired') return startAgain(request, reply, 'expired');
    const message =
      attempt.reason === 'format'
        ? t(messages.format)
        : attempt.reason === 'reused'
          ? t('secondFactors:errors.codeReused')
          : t(messages.wrong);
    return show({ [messages.field]: message });
  }

  async function showSetUp(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSignIn,
    errors?: Record<string, string>,
  ): Promise<FastifyReply> {
    const enrolment = await secondFactors.totpEnrolment(pending.identity.userId, pending.user.email);
    return reply
      .code(errors ? 422 : 200)
      .page(
        <SetUpPage
          ctx={request.pageContext()}
          secret={enrolment.secret}
          qrCode={await qrCode(enrolment.uri)}
          script={script}
          errors={errors}
        />,
      );
  }

  /** After an enrolment during sign-in: the recovery codes (once), or what was wrong. */
  async function afterEnrolment(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingSignIn,
    enrolment: Enrolment,
    field: 'code' | 'credential',
  ): Promise<FastifyReply> {
    const ctx = request.pageContext();
    if (enrolment.ok) {
      if (!enrolment.recoveryCodes) return complete(request, reply, pending);
      return reply.page(
        <RecoveryCodesPage
          ctx={ctx}
          codes={enrolment.recoveryCodes}
          next={{ action: '/staff/sign-in/set-up/continue' }}
        />,
      );
    }
    switch (enrolment.reason) {
      case 'already_enrolled':
        return reply.redirect(STEP_PATH, 303);
      case 'expired':
        return startAgain(request, reply, 'expired');
      case 'not_started':
        return reply.redirect('/staff/sign-in/set-up', 303);
      case 'format':
      case 'wrong':
      case 'duplicate':
        return showSetUp(request, reply, pending, {
          [field]: enrolmentMessage(ctx, enrolment.reason, field),
        });
    }
  }

  // ——— The staff sign-in step ———

  app.get(STEP_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    return showVerify(request, reply, pending);
  });

  app.post(STEP_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    const attempt = await secondFactors.verifyTotp(
      pending.challengeId,
      pending.identity.userId,
      field(request.body, 'code'),
    );
    return afterAttempt(
      request,
      reply,
      pending,
      attempt,
      (errors) => showVerify(request, reply, pending, errors),
      {
        field: 'code',
        format: 'secondFactors:errors.codeFormat',
        wrong: 'secondFactors:errors.codeWrong',
      },
    );
  });

  app.get('/staff/sign-in/recovery-code', { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    return reply.page(<RecoveryCodeEntryPage ctx={request.pageContext()} />);
  });

  app.post('/staff/sign-in/recovery-code', { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    const attempt = await secondFactors.useRecoveryCode(
      pending.challengeId,
      pending.identity.userId,
      field(request.body, 'code'),
    );
    return afterAttempt(
      request,
      reply,
      pending,
      attempt,
      (errors) => reply.code(422).page(<RecoveryCodeEntryPage ctx={request.pageContext()} errors={errors} />),
      {
        field: 'code',
        format: 'secondFactors:errors.recoveryFormat',
        wrong: 'secondFactors:errors.recoveryWrong',
      },
    );
  });

  app.post(`${STEP_PATH}/passkey/options`, { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    const options = await secondFactors.authenticationOptions(pending.identity.userId);
    beginCeremony(request, 'staff-verify', pending.identity.userId, options.challenge);
    return reply.send(options);
  });

  app.post(`${STEP_PATH}/passkey`, { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    const userId = pending.identity.userId;
    const expected = takeCeremony(request, 'staff-verify', userId);
    const attempt = expected
      ? await secondFactors.verifyPasskey({
          challengeId: pending.challengeId,
          userId,
          response: credentialFrom(request.body),
          expectedChallenge: expected,
        })
      : ({ ok: false, reason: 'format' } as const);
    return afterAttempt(
      request,
      reply,
      pending,
      attempt,
      (errors) => showVerify(request, reply, pending, errors),
      {
        field: 'credential',
        format: 'secondFactors:errors.passkeyFailed',
        wrong: 'secondFactors:errors.passkeyFailed',
      },
    );
  });

  // ——— Enrolment during sign-in: a staff member without a factor sets one up before any session ———

  app.get('/staff/sign-in/set-up', { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    if ((await secondFactors.status(pending.identity.userId)).hasFactor)
      return reply.redirect(STEP_PATH, 303);
    return showSetUp(request, reply, pending);
  });

  app.post('/staff/sign-in/set-up', { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    const enrolment = await secondFactors.confirmTotp(
      pending.identity.userId,
      field(request.body, 'code'),
      pending.challengeId,
    );
    return afterEnrolment(request, reply, pending, enrolment, 'code');
  });

  app.post(
    '/staff/sign-in/set-up/passkey/options',
    { config: { access: 'public' } },
    async (request, reply) => {
      const pending = await pendingSignIn(request, reply);
      if (!pending) return reply;
      const options = await secondFactors.registrationOptions(pending.user, 'staff');
      beginCeremony(request, 'staff-enrol', pending.identity.userId, options.challenge);
      return reply.send(options);
    },
  );

  app.post('/staff/sign-in/set-up/passkey', { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    const userId = pending.identity.userId;
    const expected = takeCeremony(request, 'staff-enrol', userId);
    const enrolment: Enrolment = expected
      ? await secondFactors.registerPasskey({
          userId,
          response: credentialFrom(request.body),
          expectedChallenge: expected,
          name: null,
          challengeId: pending.challengeId,
        })
      : { ok: false, reason: 'wrong' };
    return afterEnrolment(request, reply, pending, enrolment, 'credential');
  });

  app.post('/staff/sign-in/set-up/continue', { config: { access: 'public' } }, async (request, reply) => {
    const pending = await pendingSignIn(request, reply);
    if (!pending) return reply;
    if (pending.verified) return complete(request, reply, pending);
    return reply.redirect(STEP_PATH, 303);
  });

  // ——— Citizens: signing in with a passkey, and managing passkeys ———

  app.post('/sign-in/passkey/options', { config: { access: 'public' } }, async (request, reply) => {
    const options = await secondFactors.authenticationOptions();
    beginCeremony(request, 'citizen-sign-in', null, options.challenge);
    return reply.send(options);
  });

  app.post('/sign-in/passkey', { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = safeReturnPath(field(request.body, 'returnTo', 500), '/account/applications');
    const expected = takeCeremony(request, 'citizen-sign-in', null);
    const userId = expected
      ? await secondFactors.signInWithPasskey(credentialFrom(request.body), expected)
      : undefined;
    if (!userId) {
      return reply
        .code(422)
        .page(<PasskeySignInFailedPage ctx={request.pageContext()} returnTo={returnTo} />);
    }
    return signInFlow.proven(request, reply, {
      userId,
      kind: 'citizen',
      method: 'passkey',
      assurance: 'low',
      returnTo,
    });
  });

  async function showCitizenSecurity(
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: string,
  ): Promise<FastifyReply> {
    const citizen = requireCitizen(request);
    const notice = request.session.get('flash');
    if (notice) request.session.set('flash', undefined);
    return reply
      .code(problem ? 422 : 200)
      .page(
        <CitizenSecurityPage
          ctx={request.pageContext()}
          status={await secondFactors.status(citizen.id)}
          script={script}
          notice={notice}
          problem={problem}
        />,
      );
  }

  app.get('/account/security', { config: { access: 'citizen' } }, async (request, reply) =>
    showCitizenSecurity(request, reply),
  );

  app.post(
    '/account/security/passkeys/options',
    { config: { access: 'citizen' } },
    async (request, reply) => {
      const citizen = requireCitizen(request);
      const options = await secondFactors.registrationOptions(citizen, 'citizen');
      beginCeremony(request, 'citizen-register', citizen.id, options.challenge);
      return reply.send(options);
    },
  );

  app.post('/account/security/passkeys', { config: { access: 'citizen' } }, async (request, reply) => {
    const citizen = requireCitizen(request);
    const { t } = request.pageContext();
    const added = await addPasskey(request, 'citizen-register', citizen.id);
    if (!added.ok) return showCitizenSecurity(request, reply, passkeyProblem(t, added.reason));
    request.session.set('flash', t('secondFactors:passkeys.addedNotice'));
    return reply.redirect('/account/security', 303);
  });

  app.post<Passkey>(
    '/account/security/passkeys/:passkeyId/remove',
    { config: { access: 'citizen' } },
    async (request, reply) => {
      const citizen = requireCitizen(request);
      const { t } = request.pageContext();
      const removed = await secondFactors.removePasskey(citizen.id, request.params.passkeyId);
      if (removed === 'not_found')
        return showCitizenSecurity(request, reply, t('secondFactors:errors.passkeyGone'));
      request.session.set('flash', t('secondFactors:passkeys.removedNotice'));
      return reply.redirect('/account/security', 303);
    },
  );

  async function addPasskey(
    request: FastifyRequest,
    purpose: CeremonyPurpose,
    userId: string,
  ): Promise<Enrolment> {
    const expected = takeCeremony(request, purpose, userId);
    if (!expected) return { ok: false, reason: 'wrong' };
    const name = field(request.body, 'name', 60).trim();
    return secondFactors.registerPasskey({
      userId,
      response: credentialFrom(request.body),
      expectedChallenge: expected,
      name: name || null,
    });
  }

  // ——— Staff: their own factors ———

  async function showStaffSecurity(
    request: FastifyRequest,
    reply: FastifyReply,
    problem?: string,
  ): Promise<FastifyReply> {
    const staff = requireStaff(request);
    const notice = request.session.get('flash');
    if (notice) request.session.set('flash', undefined);
    const recovered = (request.query as { recovered?: unknown } | undefined)?.recovered === '1';
    return reply
      .code(problem ? 422 : 200)
      .page(
        <StaffSecurityPage
          ctx={request.pageContext()}
          status={await secondFactors.status(staff.id)}
          script={script}
          mfaRequired={deps.staffMfa === 'required'}
          recovered={recovered}
          notice={notice}
          problem={problem}
        />,
      );
  }

  async function showAuthenticator(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: Record<string, string>,
  ): Promise<FastifyReply> {
    const staff = requireStaff(request);
    const enrolment = await secondFactors.totpEnrolment(staff.id, staff.email);
    return reply
      .code(errors ? 422 : 200)
      .page(
        <AuthenticatorPage
          ctx={request.pageContext()}
          secret={enrolment.secret}
          qrCode={await qrCode(enrolment.uri)}
          replacing={(await secondFactors.status(staff.id)).totp}
          errors={errors}
        />,
      );
  }

  app.get('/staff/security', { config: { access: 'staff' } }, async (request, reply) =>
    showStaffSecurity(request, reply),
  );

  app.get('/staff/security/authenticator', { config: { access: 'staff' } }, async (request, reply) =>
    showAuthenticator(request, reply),
  );

  app.post('/staff/security/authenticator', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = requireStaff(request);
    const ctx = request.pageContext();
    const enrolment = await secondFactors.confirmTotp(staff.id, field(request.body, 'code'));
    if (!enrolment.ok) {
      if (enrolment.reason === 'not_started') return reply.redirect('/staff/security/authenticator', 303);
      return showAuthenticator(request, reply, { code: enrolmentMessage(ctx, enrolment.reason, 'code') });
    }
    if (enrolment.recoveryCodes) {
      return reply.page(
        <RecoveryCodesPage ctx={ctx} codes={enrolment.recoveryCodes} next={{ href: '/staff/security' }} />,
      );
    }
    request.session.set('flash', ctx.t('secondFactors:staff.appSaved'));
    return reply.redirect('/staff/security', 303);
  });

  app.post('/staff/security/passkeys/options', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = requireStaff(request);
    const options = await secondFactors.registrationOptions(staff, 'staff');
    beginCeremony(request, 'staff-register', staff.id, options.challenge);
    return reply.send(options);
  });

  app.post('/staff/security/passkeys', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = requireStaff(request);
    const ctx = request.pageContext();
    const added = await addPasskey(request, 'staff-register', staff.id);
    if (!added.ok) return showStaffSecurity(request, reply, passkeyProblem(ctx.t, added.reason));
    if (added.recoveryCodes) {
      return reply.page(
        <RecoveryCodesPage ctx={ctx} codes={added.recoveryCodes} next={{ href: '/staff/security' }} />,
      );
    }
    request.session.set('flash', ctx.t('secondFactors:passkeys.addedNotice'));
    return reply.redirect('/staff/security', 303);
  });

  app.post<Passkey>(
    '/staff/security/passkeys/:passkeyId/remove',
    { config: { access: 'staff' } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { t } = request.pageContext();
      const removed = await secondFactors.removePasskey(staff.id, request.params.passkeyId);
      if (removed === 'not_found')
        return showStaffSecurity(request, reply, t('secondFactors:errors.passkeyGone'));
      if (removed === 'last_factor')
        return showStaffSecurity(request, reply, t('secondFactors:errors.lastFactor'));
      request.session.set('flash', t('secondFactors:passkeys.removedNotice'));
      return reply.redirect('/staff/security', 303);
    },
  );

  app.post('/staff/security/recovery-codes', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = requireStaff(request);
    const codes = await secondFactors.regenerateRecoveryCodes(staff.id);
    return reply.page(
      <RecoveryCodesPage ctx={request.pageContext()} codes={codes} next={{ href: '/staff/security' }} />,
    );
  });
}

function enrolmentMessage(
  ctx: PageContext,
  reason: Exclude<Enrolment, { ok: true }>['reason'],
  field: 'code' | 'credential',
): string {
  if (field === 'credential') return passkeyProblem(ctx.t, reason);
  return reason === 'format'
    ? ctx.t('secondFactors:errors.codeFormat')
    : ctx.t('secondFactors:errors.setUpCodeWrong');
}

function passkeyProblem(t: PageContext['t'], reason: Exclude<Enrolment, { ok: true }>['reason']): string {
  return reason === 'duplicate'
    ? t('secondFactors:errors.passkeyDuplicate')
    : t('secondFactors:errors.passkeyFailed');
}
