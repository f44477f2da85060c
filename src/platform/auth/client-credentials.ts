/**
 * Partner systems authenticate every API request with a credential of their own rather than a session:
 * `Authorization: Bearer <API key or access token>`, or the key alone in `x-api-key`. Such a request never
 * touches the cookie's session (sessions.ts detaches it), acts as the client the credential belongs to, and
 * counts against that client's rate limit. A credential that is wrong, expired or revoked is refused
 * outright, never passed over for the cookie; so are repeated failures from one address. Browsers cannot
 * attach these headers to a cross-site request, which is why such requests need no CSRF token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlazaError } from '../errors.js';
import { perAddress, type RateLimit, type RateLimiter } from '../http/rate-limits.js';
import type { Principal } from './principal.js';

export interface AuthenticatedClient {
  /** kind 'client', with the scopes and departments this credential grants. */
  principal: Principal;
  requestsPerMinute: number;
}

/** Finds the client a credential belongs to; undefined when it is unknown, expired or revoked. */
export type ClientAuthenticator = (credential: string) => Promise<AuthenticatedClient | undefined>;

const bearer = /^bearer\s+(\S+)\s*$/i;

/** Whether the request carries a client's credential (a well-formed one or not). */
export function bringsClientCredentials(request: FastifyRequest): boolean {
  return (
    request.headers['x-api-key'] !== undefined || /^bearer(\s|$)/i.test(request.headers.authorization ?? '')
  );
}

function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const fromAuthorization = header === undefined ? undefined : bearer.exec(header)?.[1];
  if (header !== undefined && /^bearer(\s|$)/i.test(header) && !fromAuthorization) return undefined;
  const apiKey = request.headers['x-api-key'];
  if (Array.isArray(apiKey)) return undefined;
  const fromHeader = apiKey?.trim();
  // Two different credentials in one request: which one was meant cannot be known.
  if (fromAuthorization && fromHeader && fromAuthorization !== fromHeader) return undefined;
  const credential = fromAuthorization ?? fromHeader;
  return credential && credential.length <= 200 ? credential : undefined;
}

const FAILURES_PER_ADDRESS = 30;

export function registerClientAuthentication(
  app: FastifyInstance,
  deps: { authenticate: ClientAuthenticator; limiter: RateLimiter },
): void {
  const allowance = new WeakMap<FastifyRequest, number>();
  const perClient: RateLimit = {
    name: 'api calls per client',
    key: (request) => (request.principal?.kind === 'client' ? request.principal.id : undefined),
    max: (request) => allowance.get(request) ?? 1,
    windowMs: 60_000,
  };
  const failures: RateLimit = {
    name: 'failed API credentials per address',
    key: perAddress,
    max: FAILURES_PER_ADDRESS,
    windowMs: 15 * 60_000,
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!bringsClientCredentials(request)) return;
    const credential = credentialOf(request);
    const client = credential ? await deps.authenticate(credential) : undefined;
    if (!client) {
      await deps.limiter.enforce(request, reply, [failures]);
      // RFC 6750 §3.1
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new PlazaError(
        'unauthenticated',
        'auth.invalid_credentials',
        'The API key or access token is not valid: it is mistyped, expired or revoked.',
      );
    }
    request.principal = client.principal;
    allowance.set(request, client.requestsPerMinute);
    await deps.limiter.enforce(request, reply, [perClient]);
  });
}
