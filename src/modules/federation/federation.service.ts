/**
 * Signing citizens in with an identity provider over OpenID Connect (openid-client): the authorization
 * code flow with PKCE, state and nonce, and an ID token whose issuer, audience, expiry and signature are
 * checked. The provider's subject identifier finds the citizen's account; a first sign-in creates one, or
 * joins the account of an email address only when the provider vouches for that address (or the citizen
 * proves it with a code). A provider that cannot be reached is shown as unavailable; it never breaks a page.
 */
import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Db } from '../../database.js';
import { PlazaError } from '../../platform/errors.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit } from '../audit/index.js';
import { normaliseEmail, type Assurance, type UserData } from '../identity/index.js';
import {
  acrValuesFor,
  assuranceFromClaims,
  isLoopback,
  type IdentityProvider,
} from './identity-providers.js';

/** How long a provider's discovery document is trusted before it is fetched again. */
const DISCOVERY_FRESH_MS = 60 * 60_000;
/** How long a provider that could not be reached is shown as unavailable before it is tried again. */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** How long a sign-in may take at the provider, from leaving Plaza to coming back. */
export const FEDERATED_SIGN_IN_LIFETIME_MS = 10 * 60_000;

/** What Plaza keeps in the session between sending someone to the provider and their return. */
export interface PendingFederatedSignIn {
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** The level the sign-in must give (a step-up), if any. */
  level?: Assurance;
  /** When the sign-in began, by Plaza's clock (ISO 8601). */
  startedAt: string;
}

/** Who the provider says someone is, from its validated ID token (and userinfo). */
export interface FederatedIdentity {
  providerId: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  assurance: Assurance;
}

export type FederationFailure =
  | 'cancelled'
  | 'refused'
  | 'expired'
  | 'invalid'
  | 'unavailable'
  | 'account_disabled'
  | 'other_person_linked';

/** A sign-in with a provider that did not succeed, and why (for the page that says so). */
export function federationFailed(reason: FederationFailure, message: string): PlazaError {
  return new PlazaError(
    reason === 'unavailable' ? 'unavailable' : 'invalid',
    `federation.${reason}`,
    message,
    { reason },
  );
}

export function failureOf(error: unknown): FederationFailure | undefined {
  if (!(error instanceof PlazaError) || !error.code.startsWith('federation.')) return undefined;
  return error.details.reason as FederationFailure;
}

export interface ProviderSummary {
  id: string;
  name: string;
  description: string | undefined;
  maxAssurance: Assurance;
}

export type SignInOutcome = { userId: string; newAccount: boolean } | { emailNeeded: true };

export interface LinkedIdentity {
  providerId: string;
  providerName: string;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

export interface FederationService {
  providers(): ProviderSummary[];
  provider(id: string): ProviderSummary | undefined;
  /** Whether the provider can be used now; waits for it at most `waitMs`, then assumes it can. */
  isAvailable(id: string, waitMs?: number): Promise<boolean>;
  /** Where to send someone to sign in, and what to keep until they come back. */
  begin(
    providerId: string,
    options: { redirectUri: string; returnTo: string; level?: Assurance; language?: string },
  ): Promise<{ url: string; pending: PendingFederatedSignIn }>;
  /** Checks the provider's answer and its ID token; throws a federation error when anything is wrong. */
  complete(
    providerId: string,
    callbackUrl: URL,
    pending: PendingFederatedSignIn,
    redirectUri: string,
  ): Promise<FederatedIdentity>;
  /** The citizen the identity belongs to, found or created; or that an email address must be proven first. */
  signIn(identity: FederatedIdentity): Promise<SignInOutcome>;
  /** Links the identity to the account of an email address the citizen has just proven they own. */
  linkProvenAccount(identity: FederatedIdentity, userId: string): Promise<string>;
  linkedIdentities(userId: string): Promise<LinkedIdentity[]>;
  /** Where sign-in forms lead (each provider's authorization endpoint), for the pages' form-action. */
  formActionOrigins(): string[];
}

interface DiscoveryState {
  config?: oidc.Configuration;
  fetchedAt?: number;
  failedAt?: number;
  inflight?: Promise<oidc.Configuration>;
}

export interface FederationDeps {
  db: Db;
  clock: Clock;
  providers: IdentityProvider[];
  /** Seconds any request to a provider may take. */
  timeoutSeconds?: number;
  /** Told when a provider cannot be reached or answers wrongly (for the operators' log). */
  warn?: (details: Record<string, unknown>, message: string) => void;
  /** How accounts' personal data is stored (identity's user-data.ts). */
  users: UserData;
}

export function createFederationService(deps: FederationDeps): FederationService {
  const { db, clock, users } = deps;
  const byId = new Map(deps.providers.map((provider) => [provider.id, provider]));
  const discovery = new Map<string, DiscoveryState>();
  const warn = deps.warn ?? (() => undefined);

  const summary = (provider: IdentityProvider): ProviderSummary => ({
    id: provider.id,
    name: provider.name,
    description: provider.description,
    maxAssurance: provider.maxAssurance,
  });

  function providerOrFail(id: string): IdentityProvider {
    const provider = byId.get(id);
    if (!provider)
      throw new PlazaError('not_found', 'federation.unknown_provider', 'No such identity provider.');
    return provider;
  }

  async function discover(provider: IdentityProvider): Promise<oidc.Configuration> {
    const issuer = new URL(provider.issuer);
    const execute = [oidc.enableNonRepudiationChecks];
    if (issuer.protocol === 'http:' && isLoopback(issuer)) execute.unshift(oidc.allowInsecureRequests);
    const authentication = provider.clientSecret
      ? provider.clientAuthentication === 'client_secret_post'
        ? oidc.ClientSecretPost(provider.clientSecret)
        : oidc.ClientSecretBasic(provider.clientSecret)
      : oidc.None();
    return oidc.discovery(issuer, provider.clientId, undefined, authentication, {
      execute,
      timeout: deps.timeoutSeconds ?? 5,
    });
  }

  /** The provider's configuration: cached, fetched once at a time, failures remembered for a while. */
  function configuration(provider: IdentityProvider): Promise<oidc.Configuration> {
    let state = discovery.get(provider.id);
    if (!state) discovery.set(provider.id, (state = {}));
    const now = clock.now().getTime();
    if (state.config && state.fetchedAt !== undefined && now - state.fetchedAt < DISCOVERY_FRESH_MS) {
      return Promise.resolve(state.config);
    }
    if (state.inflight) return state.inflight;
    const current = state;
    const attempt = discover(provider).then(
      (config) => {
        current.config = config;
        current.fetchedAt = clock.now().getTime();
        current.failedAt = undefined;
        current.inflight = undefined;
        return config;
      },
      (error: unknown) => {
        current.failedAt = clock.now().getTime();
        current.inflight = undefined;
        warn(
          { provider: provider.id, issuer: provider.issuer, error: describe(error) },
          'identity provider unavailable',
        );
        throw federationFailed('unavailable', `${provider.name} cannot be reached.`);
      },
    );
    current.inflight = attempt;
    return attempt;
  }

  function recentlyFailed(provider: IdentityProvider): boolean {
    const failedAt = discovery.get(provider.id)?.failedAt;
    return failedAt !== undefined && clock.now().getTime() - failedAt < RETRY_AFTER_FAILURE_MS;
  }

  /** Claims from the validated ID token, completed from the userinfo endpoint when it lacks a name or email. */
  async function claimsOf(
    config: oidc.Configuration,
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  ): Promise<Record<string, unknown>> {
    const idToken = tokens.claims();
    if (!idToken) throw federationFailed('invalid', 'The provider sent no ID token.');
    const claims: Record<string, unknown> = { ...idToken };
    const lacking = claims.email === undefined || claims.name === undefined;
    if (lacking && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      // An email address and whether it was verified come from the same source, never one from each.
      if (claims.email === undefined && typeof userInfo.email === 'string') {
        claims.email = userInfo.email;
        claims.email_verified = userInfo.email_verified;
      }
      for (const key of ['name', 'given_name', 'family_name'] as const) {
        if (claims[key] === undefined && userInfo[key] !== undefined) claims[key] = userInfo[key];
      }
    }
    return claims;
  }

  function identityFrom(provider: IdentityProvider, claims: Record<string, unknown>): FederatedIdentity {
    const subject = claims.sub;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) {
      throw federationFailed('invalid', 'The provider sent no usable subject identifier.');
    }
    const email =
      typeof claims.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(claims.email) && claims.email.length <= 254
        ? normaliseEmail(claims.email)
        : undefined;
    const given = typeof claims.given_name === 'string' ? claims.given_name : '';
    const family = typeof claims.family_name === 'string' ? claims.family_name : '';
    const name = (typeof claims.name === 'string' ? claims.name : `${given} ${family}`).trim().slice(0, 200);
    return {
      providerId: provider.id,
      subject,
      email,
      // Some providers send "true" as a string.
      emailVerified:
        email !== undefined && (claims.email_verified === true || claims.email_verified === 'true'),
      name: name || undefined,
      assurance: assuranceFromClaims(provider, claims),
    };
  }

  /** Whether the account already holds a different person's identity at this provider. */
  async function heldByAnother(trx: Db, userId: string, identity: FederatedIdentity): Promise<boolean> {
    const other = await trx
      .selectFrom('identities')
      .select('subject')
      .where('user_id', '=', userId)
      .where('provider_id', '=', identity.providerId)
      .executeTakeFirst();
    return other !== undefined && other.subject !== identity.subject;
  }

  async function link(trx: Db, userId: string, identity: FederatedIdentity): Promise<void> {
    await trx
      .insertInto('identities')
      .values({
        id: randomUUID(),
        user_id: userId,
        provider_id: identity.providerId,
        subject: identity.subject,
        created_at: clock.now(),
        last_used_at: clock.now(),
        last_assurance: identity.assurance,
      })
      .execute();
  }

  async function signedIn(
    trx: Db,
    userId: string,
    identity: FederatedIdentity,
    details: { newAccount: boolean; linked: boolean },
  ): Promise<void> {
    const now = clock.now();
    await trx
      .updateTable('identities')
      .set({ last_used_at: now, last_assurance: identity.assurance })
      .where('provider_id', '=', identity.providerId)
      .where('subject', '=', identity.subject)
      .execute();
    await trx
      .updateTable('users')
      .set((eb) => ({
        last_signed_in_at: now,
        // The provider's name fills an empty one; a name the citizen chose is theirs.
        name: identity.name
          ? eb.fn.coalesce('name', eb.val(users.seal('name', userId, identity.name)))
          : eb.ref('name'),
      }))
      .where('id', '=', userId)
      .execute();
    await appendAudit(trx, clock, {
      actor: { type: 'user', id: userId },
      action: 'auth.signed_in',
      subject: { type: 'user', id: userId },
      details: {
        method: 'oidc',
        provider: identity.providerId,
        assurance: identity.assurance,
        newAccount: details.newAccount,
        linked: details.linked,
      },
    });
  }

  const disabled = (): never => {
    throw federationFailed('account_disabled', 'This account has been disabled.');
  };
  const otherPerson = (): never => {
    throw federationFailed(
      'other_person_linked',
      'The account of this email address is already linked to someone else at this provider.',
    );
  };

  /** A race between two first sign-ins of one person ends with one account: the loser tries again. */
  async function onceMore<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') return work();
      throw error;
    }
  }

  return {
    providers: () => deps.providers.map(summary),

    provider(id) {
      const provider = byId.get(id);
      return provider ? summary(provider) : undefined;
    },

    async isAvailable(id, waitMs = 2_000) {
      const provider = byId.get(id);
      if (!provider || provider.misconfigured) return false;
      if (recentlyFailed(provider)) return false;
      const check = configuration(provider).then(
        () => true,
        () => false,
      );
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), waitMs);
        timer.unref();
      });
      try {
        return await Promise.race([check, waited]);
      } finally {
        clearTimeout(timer);
      }
    },

    async begin(providerId, options) {
      const provider = providerOrFail(providerId);
      if (provider.misconfigured) throw federationFailed('unavailable', `${provider.name} is not set up.`);
      const config = await configuration(provider);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const parameters: Record<string, string> = {
        redirect_uri: options.redirectUri,
        scope: provider.scopes.join(' '),
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      };
      if (options.language) parameters.ui_locales = options.language;
      if (options.level) {
        const acrValues = acrValuesFor(provider, options.level);
        if (acrValues.length > 0) parameters.acr_values = acrValues.join(' ');
      }
      return {
        url: oidc.buildAuthorizationUrl(config, parameters).href,
        pending: {
          providerId,
          state,
          nonce,
          codeVerifier,
          returnTo: options.returnTo,
          ...(options.level ? { level: options.level } : {}),
          startedAt: clock.now().toISOString(),
        },
      };
    },

    async complete(providerId, callbackUrl, pending, redirectUri) {
      const provider = providerOrFail(providerId);
      if (pending.providerId !== providerId) {
        throw federationFailed('invalid', 'This answer is for another identity provider.');
      }
      if (clock.now().getTime() - new Date(pending.startedAt).getTime() > FEDERATED_SIGN_IN_LIFETIME_MS) {
        throw federationFailed('expired', 'The sign-in took too long.');
      }
      const config = await configuration(provider);
      // The provider must send the person back to exactly the address Plaza gave it.
      const expected = new URL(redirectUri);
      if (callbackUrl.origin !== expected.origin || callbackUrl.pathname !== expected.pathname) {
        throw federationFailed('invalid', 'The answer came back to the wrong address.');
      }
      let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      let claims: Record<string, unknown>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = await claimsOf(config, tokens);
      } catch (error) {
        throw classify(provider, error, warn);
      }
      return identityFrom(provider, claims);
    },

    async signIn(identity) {
      return onceMore(() =>
        db.transaction().execute(async (trx): Promise<SignInOutcome> => {
          const linked = await trx
            .selectFrom('identities')
            .innerJoin('users', 'users.id', 'identities.user_id')
            .select(['users.id', 'users.disabled_at'])
            .where('identities.provider_id', '=', identity.providerId)
            .where('identities.subject', '=', identity.subject)
            .executeTakeFirst();
          if (linked) {
            if (linked.disabled_at) return disabled();
            await signedIn(trx, linked.id, identity, { newAccount: false, linked: false });
            return { userId: linked.id, newAccount: false };
          }
          // An email address joins an existing account only when the provider vouches for it.
          if (!identity.email || !identity.emailVerified) return { emailNeeded: true };
          const existing = await trx
            .selectFrom('users')
            .select(['id', 'disabled_at'])
            .where('kind', '=', 'citizen')
            .where(users.hasEmail(identity.email))
            .executeTakeFirst();
          if (existing?.disabled_at) return disabled();
          if (existing && (await heldByAnother(trx, existing.id, identity))) return otherPerson();
          const userId = existing?.id ?? randomUUID();
          if (!existing) {
            await trx
              .insertInto('users')
              .values({
                id: userId,
                kind: 'citizen',
                ...users.sealEmail(userId, identity.email),
                name: users.seal('name', userId, identity.name ?? null),
                created_at: clock.now(),
              })
              .execute();
          }
          await link(trx, userId, identity);
          await signedIn(trx, userId, identity, { newAccount: !existing, linked: true });
          return { userId, newAccount: !existing };
        }),
      );
    },

    async linkProvenAccount(identity, userId) {
      return onceMore(() =>
        db.transaction().execute(async (trx) => {
          const linked = await trx
            .selectFrom('identities')
            .select('user_id')
            .where('provider_id', '=', identity.providerId)
            .where('subject', '=', identity.subject)
            .executeTakeFirst();
          // Linked meanwhile (a sign-in in another tab): that account it is.
          const owner = linked?.user_id ?? userId;
          if (!linked) {
            if (await heldByAnother(trx, userId, identity)) return otherPerson();
            await link(trx, userId, identity);
          }
          await signedIn(trx, owner, identity, { newAccount: false, linked: !linked });
          return owner;
        }),
      );
    },

    formActionOrigins() {
      const origins = new Set<string>();
      for (const provider of deps.providers) {
        if (provider.misconfigured) continue;
        origins.add(new URL(provider.issuer).origin);
        const endpoint = discovery.get(provider.id)?.config?.serverMetadata().authorization_endpoint;
        if (endpoint) origins.add(new URL(endpoint).origin);
      }
      return [...origins];
    },

    async linkedIdentities(userId) {
      const rows = await db
        .selectFrom('identities')
        .select(['provider_id', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      return rows.map((row) => ({
        providerId: row.provider_id,
        providerName: byId.get(row.provider_id)?.name ?? row.provider_id,
        linkedAt: row.created_at,
        lastUsedAt: row.last_used_at,
      }));
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/** Turns what openid-client throws into the reason a person is told. */
function classify(
  provider: IdentityProvider,
  error: unknown,
  warn: (details: Record<string, unknown>, message: string) => void,
): PlazaError {
  if (error instanceof PlazaError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    // The person said no, or the provider would not identify them.
    return error.error === 'access_denied'
      ? federationFailed('cancelled', 'The sign-in was cancelled.')
      : federationFailed('refused', `${provider.name} did not sign you in.`);
  }
  if (error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant') {
    // The code was used already, or it expired before it came back.
    warn({ provider: provider.id, error: describe(error) }, 'identity provider refused the code');
    return federationFailed('expired', 'The sign-in expired or was already used.');
  }
  if (error instanceof TypeError || (error as { name?: string }).name === 'TimeoutError') {
    warn({ provider: provider.id, error: describe(error) }, 'identity provider unavailable');
    return federationFailed('unavailable', `${provider.name} cannot be reached.`);
  }
  // A wrong state, nonce, issuer, audience or signature, an expired ID token: never trusted.
  warn({ provider: provider.id, error: describe(error) }, 'identity provider answer refused');
  return federationFailed('invalid', 'The answer from the identity provider could not be trusted.');
}
