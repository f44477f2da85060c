/**
 * Every way of signing in (email code, password, passkey, national eID) ends here. A method proves who
 * someone is and with what assurance; extra steps (a staff member's second factor) may follow before the
 * session is granted; then the session identifier is replaced (so an identifier planted before sign-in is
 * worthless), the assurance is recorded on the session, work begun anonymously is kept, and the person
 * goes back where they were going.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionData, SessionTimeouts } from '../../platform/http/sessions.js';

/** How sure Plaza is of who someone is (eIDAS levels; an email code or a passkey alone is low). */
export const assuranceLevels = ['low', 'substantial', 'high'] as const;
export type Assurance = (typeof assuranceLevels)[number];

export function meetsAssurance(held: Assurance | undefined, needed: Assurance): boolean {
  return held !== undefined && assuranceLevels.indexOf(held) >= assuranceLevels.indexOf(needed);
}

export type SignInMethod = 'email_code' | 'password' | 'passkey' | 'oidc';

export interface ProvenIdentity {
  userId: string;
  kind: 'citizen' | 'staff';
  method: SignInMethod;
  assurance: Assurance;
  returnTo: string;
}

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** Someone who proved who they are and has steps still to take before the session is theirs. */
    pendingIdentity?: ProvenIdentity & { steps: string[] };
    assurance?: Assurance;
    signInMethod?: SignInMethod;
  }
}

/**
 * A step after the first proof: returns the address of its page when this person must take it (a staff
 * member's second factor), or undefined when they need not.
 */
export interface SignInStep {
  name: string;
  required(identity: ProvenIdentity): Promise<boolean>;
  path: string;
}

export interface SignInFlowOptions {
  steps: () => SignInStep[];
  /** Session keys that survive sign-in (work begun before signing in). */
  keptAtSignIn: () => (keyof SessionData)[];
  /** Called once a citizen is signed in, to attach what they began anonymously. */
  afterCitizenSignIn: (request: FastifyRequest, userId: string) => Promise<void>;
  /** The session's timeouts when not the server's defaults (staff sessions end sooner). */
  sessionTimeouts?: (identity: ProvenIdentity) => SessionTimeouts | undefined;
}

export interface SignInFlow {
  /** After a method proved an identity: the next step's page, or the session and the way back. */
  proven(request: FastifyRequest, reply: FastifyReply, identity: ProvenIdentity): Promise<FastifyReply>;
  /**
   * After a step's page succeeded for the pending identity; `returnTo` sends the person somewhere else
   * than where they were going (to set up a new factor after using a recovery code).
   */
  stepDone(
    request: FastifyRequest,
    reply: FastifyReply,
    step: string,
    change?: { returnTo?: string },
  ): Promise<FastifyReply>;
  /** The identity waiting on a step, if any (for the step's own pages). */
  pending(request: FastifyRequest, step: string): ProvenIdentity | undefined;
  /** Forgets the pending identity: the person starts again from the first proof (too many wrong codes). */
  abandon(request: FastifyRequest): void;
}

export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  async function remainingSteps(identity: ProvenIdentity): Promise<SignInStep[]> {
    const steps: SignInStep[] = [];
    for (const step of options.steps()) if (await step.required(identity)) steps.push(step);
    return steps;
  }

  async function grant(
    request: FastifyRequest,
    reply: FastifyReply,
    identity: ProvenIdentity,
  ): Promise<FastifyReply> {
    request.session.signIn(
      identity.userId,
      identity.kind === 'citizen' ? options.keptAtSignIn() : [],
      options.sessionTimeouts?.(identity),
    );
    request.session.set('assurance', identity.assurance);
    request.session.set('signInMethod', identity.method);
    if (identity.kind === 'citizen') await options.afterCitizenSignIn(request, identity.userId);
    return reply.redirect(identity.returnTo, 303);
  }

  return {
    async proven(request, reply, identity) {
      const steps = await remainingSteps(identity);
      const first = steps[0];
      if (!first) return grant(request, reply, identity);
      request.session.set('pendingIdentity', { ...identity, steps: steps.map((step) => step.name) });
      return reply.redirect(first.path, 303);
    },

    async stepDone(request, reply, step, change) {
      const stored = request.session.get('pendingIdentity');
      if (!stored || stored.steps[0] !== step) return reply.redirect('/', 303);
      const pending = change?.returnTo ? { ...stored, returnTo: change.returnTo } : stored;
      const rest = pending.steps.slice(1);
      const next = options.steps().find((candidate) => candidate.name === rest[0]);
      if (next) {
        request.session.set('pendingIdentity', { ...pending, steps: rest });
        return reply.redirect(next.path, 303);
      }
      request.session.set('pendingIdentity', undefined);
      const { steps: _done, ...identity } = pending;
      return grant(request, reply, identity);
    },

    pending(request, step) {
      const pending = request.session.get('pendingIdentity');
      if (!pending || pending.steps[0] !== step) return undefined;
      const { steps: _steps, ...identity } = pending;
      return identity;
    },

    abandon(request) {
      request.session.set('pendingIdentity', undefined);
    },
  };
}
